#include "dispatcher.h"

#include "auditstore.h"
#include "common/phone.h"
#include "confirmation.h"
#include "crypto/crypto.h"
#include "httpapp.h"
#include "integrations.h"
#include "serverutil.h"
#include "sms.h"
#include "syncservice.h"

#include <QJsonDocument>
#include <QSqlRecord>
#include <QUuid>

namespace rd::server {

namespace {
// A replicated column holding a value (a timestamp such as deleted_at); null or absent is not.
bool isSet(const QJsonValue& v)
{
    return v.isString() && !v.toString().isEmpty();
}

} // namespace

QJsonObject DispatchReport::toJson() const
{
    return { { QStringLiteral("picked"), picked }, { QStringLiteral("claimed"), claimed },
        { QStringLiteral("sent"), sent }, { QStringLiteral("retried"), retried }, { QStringLiteral("failed"), failed },
        { QStringLiteral("dead"), dead }, { QStringLiteral("unknown"), unknown },
        { QStringLiteral("withdrawn"), withdrawn }, { QStringLiteral("agency_sent"), agencySent },
        { QStringLiteral("webhooks_sent"), webhooksSent } };
}

Dispatcher::Dispatcher(PgDatabase& db, ServerSettings& settings, Options options)
    : m_db(db)
    , m_settings(settings)
    , m_options(std::move(options))
{
    if (m_options.owner.isEmpty()) m_options.owner = QUuid::createUuid().toString(QUuid::WithoutBraces);
}

Dispatcher::Dispatcher(PgDatabase& db, ServerSettings& settings)
    : Dispatcher(db, settings, Options {})
{
}

int Dispatcher::backoffSeconds(int attempts)
{
    return int(qMin<qint64>(3600, 30LL << qBound(0, attempts - 1, 20)));
}

namespace {
QString sign(const QByteArray& key, const QString& kind, const QString& tenantId, const QString& intentId,
    const QDateTime& expires)
{
    const QByteArray payload = (kind + QLatin1Char('.') + tenantId + QLatin1Char('.') + intentId + QLatin1Char('.')
        + QString::number(expires.toSecsSinceEpoch()))
                                   .toUtf8();
    const QByteArray sig = crypto::hmac(QStringLiteral("SHA-256"), key, payload).left(20);
    const auto b64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
    return QString::fromLatin1(payload.toBase64(b64) + '.' + sig.toBase64(b64));
}
} // namespace

Result<QString> Dispatcher::token(ServerSettings& settings, const QString& kind, const QString& tenantId,
    const QString& intentId, const QDateTime& expires)
{
    auto key = settings.linkKey();
    if (!key) return key.error();
    return sign(key.value(), kind, tenantId, intentId, expires);
}

Dispatcher::EmailSetup Dispatcher::emailSetup(const QString& tenantId, const QString& tenantName)
{
    EmailSetup e;
    auto publicUrl = m_settings.get(QStringLiteral("public_url"));
    auto smtp = m_settings.smtp();
    auto sms = m_settings.sms();
    auto fromTenant = m_settings.get(QStringLiteral("from_email"), tenantId);
    auto fromServer = m_settings.get(QStringLiteral("smtp.from"));
    auto senderName = m_settings.get(QStringLiteral("sender_name"), tenantId);
    for (const Result<QString>* r : { &publicUrl, &fromTenant, &fromServer, &senderName })
        if (!r->ok()) {
            e.problem = e.smsProblem = r->error().message;
            return e;
        }
    // Links (confirm, unsubscribe) in both channels.
    if (publicUrl.value().isEmpty()) {
        e.problem = e.smsProblem = QStringLiteral("public_url is not set: messages cannot carry their links.");
        return e;
    }
    e.linkBase = publicUrl.value().endsWith(QLatin1Char('/')) ? publicUrl.value().chopped(1) : publicUrl.value();
    auto key = m_settings.linkKey();
    if (!key) {
        e.problem = e.smsProblem = key.error().message;
        return e;
    }
    e.linkKey = key.value();
    if (!sms)
        e.smsProblem = sms.error().message;
    else if (!sms.value().configured())
        e.smsProblem = QStringLiteral("No SMS provider is set up on this server (sms.url, sms.account, sms.token, "
                                      "sms.from).");
    else
        e.sms = sms.value();
    if (!smtp) {
        e.problem = smtp.error().message;
        return e;
    }
    e.smtp = smtp.value();
    e.from = fromTenant.value().isEmpty() ? fromServer.value() : fromTenant.value();
    e.fromName = senderName.value().isEmpty() ? tenantName : senderName.value();
    if (e.smtp.host.isEmpty() || e.from.isEmpty())
        e.problem = QStringLiteral("Email is not set up on this server (smtp.host, smtp.from or from_email).");
    return e;
}

Result<QPair<QString, QString>> Dispatcher::verifyToken(
    ServerSettings& settings, const QString& kind, const QString& token, const QDateTime& now)
{
    const auto b64 = QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors;
    const QStringList parts = token.split(QLatin1Char('.'));
    auto bad = [](const QString& reason) {
        return makeError(
            ErrorCode::AuthFailed, QStringLiteral("This link is not valid."), { { QStringLiteral("reason"), reason } });
    };
    if (parts.size() != 2) return bad(QStringLiteral("malformed"));
    const auto payload = QByteArray::fromBase64Encoding(parts[0].toLatin1(), b64);
    const auto sig = QByteArray::fromBase64Encoding(parts[1].toLatin1(), b64);
    if (!payload || !sig) return bad(QStringLiteral("malformed"));
    auto key = settings.linkKey();
    if (!key) return key.error();
    if (!crypto::constantTimeEqual(crypto::hmac(QStringLiteral("SHA-256"), key.value(), *payload).left(20), *sig))
        return bad(QStringLiteral("forged"));
    const QStringList fields = QString::fromUtf8(*payload).split(QLatin1Char('.'));
    if (fields.size() != 4 || fields[0] != kind) return bad(QStringLiteral("malformed"));
    if (QDateTime::fromSecsSinceEpoch(fields[3].toLongLong(), Qt::UTC) < now)
        return makeError(ErrorCode::AuthFailed, QStringLiteral("This link has expired."),
            { { QStringLiteral("reason"), QStringLiteral("expired") } });
    return qMakePair(fields[1], fields[2]);
}

Result<DispatchReport> Dispatcher::runOnce()
{
    DispatchReport report;
    auto tenants = m_db.select(QStringLiteral("SELECT id, name FROM tenants WHERE status = 'active' ORDER BY id"));
    if (!tenants) return tenants.error();
    for (const auto& t : tenants.value())
        if (Status s = runTenant(t.value(0).toString(), t.value(1).toString(), report); !s) {
            logJson(QStringLiteral("error"), QStringLiteral("dispatch failed for a tenant"),
                { { QStringLiteral("tenant_id"), t.value(0).toString() },
                    { QStringLiteral("error"), s.error().message } });
        }
    return report;
}

Status Dispatcher::runTenant(const QString& tenantId, const QString& tenantName, DispatchReport& report)
{
    int rate = 60;
    if (auto r = m_settings.get(QStringLiteral("rate_per_minute"), tenantId); r && !r.value().isEmpty())
        rate = r.value().toInt();
    if (auto r = m_settings.get(QStringLiteral("dispatch.lease_seconds")); r && !r.value().isEmpty())
        m_options.leaseSeconds = r.value().toInt();
    int maxAttempts = 8;
    if (auto r = m_settings.get(QStringLiteral("dispatch.max_attempts")); r && !r.value().isEmpty())
        maxAttempts = r.value().toInt();
    bool smsDedup = false;
    if (auto r = m_settings.get(QStringLiteral("sms.dedup")); r) smsDedup = r.value() == QLatin1String("true");
    QList<QPair<QString, int>> claimed, agency;
    QStringList lapsed;
    RD_TRY(inTenant(m_db, tenantId, [&]() -> Status {
        // Agency emails (candidates confirmed): not held to the candidates' rate.
        auto agencyLapsed = m_db.exec(
            QStringLiteral("UPDATE agency_deliveries SET state = 'unknown', last_error = 'The sender stopped while "
                           "sending: it is not known whether the email went out.', lease_owner = NULL, updated_at = "
                           "now() WHERE tenant_id = ? AND state = 'sending' AND lease_until < now()"),
            { tenantId });
        if (!agencyLapsed) return agencyLapsed.error();
        report.unknown += agencyLapsed.value();
        auto agencyRows = m_db.select(
            QStringLiteral(
                "WITH c AS MATERIALIZED (SELECT intent_id FROM agency_deliveries WHERE tenant_id = ? AND state = "
                "'queued' AND next_attempt_at <= now() ORDER BY next_attempt_at, intent_id LIMIT ? FOR UPDATE SKIP "
                "LOCKED) UPDATE agency_deliveries d SET state = 'sending', lease_owner = ?, lease_until = now() + "
                "make_interval(secs => ?), attempts = d.attempts + 1, updated_at = now() FROM c WHERE d.tenant_id = ? "
                "AND d.intent_id = c.intent_id RETURNING d.intent_id, d.attempts"),
            { tenantId, m_options.batch, m_options.owner, m_options.leaseSeconds, tenantId });
        if (!agencyRows) return agencyRows.error();
        for (const auto& r : agencyRows.value())
            agency << qMakePair(r.value(0).toString(), r.value(1).toInt());
        // New intents the desktops queued (the partial index finds them).
        auto picked = m_db.exec(
            QStringLiteral(
                "INSERT INTO outreach_dispatch (tenant_id, intent_id, channel, state, next_attempt_at) "
                "SELECT e.tenant_id, e.row_id, coalesce(e.fields->>'channel', 'email'), 'queued', "
                "coalesce((e.fields->>'send_at')::timestamptz, now()) FROM entity_state e WHERE e.tenant_id = ? "
                "AND e.entity = 'outreach_intents' AND NOT e.deleted AND e.fields->>'status' = 'queued' "
                "ON CONFLICT DO NOTHING"),
            { tenantId });
        if (!picked) return picked.error();
        report.picked += picked.value();
        // A lease that ran out while sending: whether it went out is unknown — except for SMS
        // through a provider that deduplicates (sms.dedup): sent again with the same
        // Idempotency-Key, the provider answers with the first message if there was one.
        auto expired = m_db.select(
            QStringLiteral("UPDATE outreach_dispatch SET state = CASE WHEN channel = 'sms' AND ? THEN 'queued' ELSE "
                           "'unknown' END, last_error = 'The sender stopped while sending: it is not known whether the "
                           "message went out.', lease_owner = NULL, next_attempt_at = now(), updated_at = now() WHERE "
                           "tenant_id = ? AND state = 'sending' AND lease_until < now() RETURNING intent_id, state"),
            { smsDedup, tenantId });
        if (!expired) return expired.error();
        for (const auto& r : expired.value())
            if (r.value(1).toString() == QLatin1String("unknown")) lapsed << r.value(0).toString();
        // Within the tenant's rate: what was sent in the last minute counts.
        auto recent
            = m_db.select(QStringLiteral("SELECT count(*) FROM outreach_dispatch WHERE tenant_id = ? AND sent_at > "
                                         "now() - interval '1 minute'"),
                { tenantId });
        if (!recent) return recent.error();
        const int allowed = qMin(m_options.batch, rate - recent.value().first().value(0).toInt());
        if (allowed <= 0) return {};
        auto rows = m_db.select(
            QStringLiteral(
                // The claim runs once (a materialised CTE): as a subquery in FROM, PostgreSQL may
                // rescan it in a nested loop, and each rescan skips the rows locked so far and
                // claims more than the batch (seen in bench_outreach: 207 of 50).
                "WITH c AS MATERIALIZED (SELECT intent_id FROM outreach_dispatch WHERE tenant_id = ? AND state = "
                "'queued' AND next_attempt_at <= now() ORDER BY next_attempt_at, intent_id LIMIT ? FOR UPDATE SKIP "
                "LOCKED) UPDATE outreach_dispatch d SET state = 'sending', lease_owner = ?, lease_until = now() + "
                "make_interval(secs => ?), attempts = d.attempts + 1, updated_at = now() FROM c WHERE d.tenant_id = ? "
                "AND d.intent_id = c.intent_id RETURNING d.intent_id, d.attempts"),
            { tenantId, allowed, m_options.owner, m_options.leaseSeconds, tenantId });
        if (!rows) return rows.error();
        for (const auto& r : rows.value())
            claimed << qMakePair(r.value(0).toString(), r.value(1).toInt());
        return {};
    }));
    for (const QString& id : std::as_const(lapsed)) {
        ++report.unknown;
        RD_TRY(inTenant(m_db, tenantId, [&]() -> Status {
            SyncService sync(m_db);
            auto c = sync.serverChange(tenantId, QStringLiteral("outreach_intents"), id,
                { { QStringLiteral("status"), QStringLiteral("unknown") },
                    { QStringLiteral("updated_at"), nowIsoUtc() } });
            return c || c.error().code == ErrorCode::NotFound ? Status() : Status(c.error());
        }));
    }
    report.claimed += int(claimed.size());
    // Webhook deliveries (their own queue; at least once, signed).
    auto hooks = Webhooks(m_db, m_settings).deliverDue(tenantId, m_options.owner, maxAttempts, m_options.batch);
    if (!hooks) return hooks.error();
    report.webhooksSent += hooks.value().sent;
    report.retried += hooks.value().retried;
    report.dead += hooks.value().dead;
    if (claimed.isEmpty() && agency.isEmpty()) return {};
    const EmailSetup email = emailSetup(tenantId, tenantName);
    SmtpClient smtp(email.smtp); // one connection for the pass (QUIT when it ends)
    for (const auto& [intentId, attempts] : std::as_const(claimed))
        RD_TRY(deliver(tenantId, email, smtp, intentId, attempts, maxAttempts, report));
    for (const auto& [intentId, attempts] : std::as_const(agency))
        RD_TRY(deliverAgency(tenantId, email, smtp, intentId, attempts, maxAttempts, report));
    return {};
}

Status Dispatcher::deliverSms(const QString& tenantId, const EmailSetup& setup, const QString& intentId,
    const QJsonObject& intent, QString text, int attempts, int maxAttempts, DispatchReport& report)
{
    // STOP is how SMS opts out (the provider posts replies to /sms/inbound).
    if (!text.contains(QLatin1String("STOP"))) text += QStringLiteral("\nSTOP: reply STOP");
    auto retryOrDead = [&](const QString& why) {
        return retryOrDeadMessage(tenantId, intentId, attempts, maxAttempts, why, report);
    };
    // Texted in E.164 (docs/decisions/0022); a number an older release stored as typed is read
    // in the workspace's country, and the intent then records the number it went to (STOP
    // replies are matched on it).
    QString region;
    RD_TRY(inTenant(m_db, tenantId, [&]() -> Status {
        auto r = sms::tenantRegion(m_db, tenantId);
        if (!r) return r.error();
        region = r.value();
        return {};
    }));
    const QString stored = intent.value(QStringLiteral("recipient")).toString();
    auto to = phone::normalise(stored, region, QStringLiteral("recipient"));
    if (to && to.value() != stored) // as typed: only a number in use, never a guess (decision 0022)
        to = phone::normaliseValid(stored, region, QStringLiteral("recipient"));
    if (!to) {
        ++report.failed;
        return record(tenantId, intentId, QStringLiteral("failed"), QStringLiteral("bounced"), to.error().message);
    }
    const QString dial = phone::dialable(to.value());
    auto sent = SmsClient(setup.sms).send(dial, text, intentId, setup.linkBase + QStringLiteral("/sms/status/") + tenantId);
    if (sent) {
        ++report.sent;
        return record(tenantId, intentId, QStringLiteral("sent"), QStringLiteral("sent"), {}, sent.value().sid, 0,
            to.value() == stored ? QJsonObject() : QJsonObject { { QStringLiteral("recipient"), to.value() } });
    }
    const Error& e = sent.error();
    if (e.details.value(QStringLiteral("outcome_unknown")).toBool()) {
        // A provider that deduplicates is asked again (same Idempotency-Key): no duplicate.
        if (setup.sms.dedup) return retryOrDead(e.message);
        ++report.unknown;
        return record(tenantId, intentId, QStringLiteral("unknown"), QStringLiteral("unknown"), e.message);
    }
    if (e.details.value(QStringLiteral("transient")).toBool()) return retryOrDead(e.message);
    ++report.failed; // refused for good, e.g. not a mobile number
    return record(tenantId, intentId, QStringLiteral("failed"), QStringLiteral("bounced"), e.message);
}

Status Dispatcher::retryOrDeadMessage(const QString& tenantId, const QString& intentId, int attempts, int maxAttempts,
    const QString& why, DispatchReport& report)
{
    if (attempts >= maxAttempts) {
        ++report.dead;
        return record(tenantId, intentId, QStringLiteral("dead"), QStringLiteral("failed"), why);
    }
    ++report.retried;
    return record(tenantId, intentId, QStringLiteral("queued"), QString(), why, {}, backoffSeconds(attempts));
}

Status Dispatcher::recordAgency(const QString& tenantId, const QString& intentId, const QString& state,
    const QString& error, const QString& cvSource, int retryInSeconds)
{
    return inTenant(m_db, tenantId, [&]() -> Status {
        auto upd = m_db.exec(
            QStringLiteral(
                "UPDATE agency_deliveries SET state = ?, last_error = ?, attachment = coalesce(?, attachment), "
                "lease_owner = NULL, lease_until = NULL, next_attempt_at = now() + make_interval(secs => ?), sent_at = "
                "CASE WHEN ? = 'sent' THEN now() ELSE sent_at END, updated_at = now() WHERE tenant_id = ? AND "
                "intent_id = ? AND lease_owner = ?"),
            { state, error.isEmpty() ? QVariant() : QVariant(error),
                cvSource.isEmpty() ? QVariant() : QVariant(cvSource), retryInSeconds, state, tenantId, intentId,
                m_options.owner });
        if (!upd) return upd.error();
        if (upd.value() == 0)
            return makeError(ErrorCode::Conflict,
                QStringLiteral("The lease on the agency email of %1 ran out before its outcome was recorded.")
                    .arg(intentId));
        if (state == QLatin1String("queued")) return {}; // tried again later
        QJsonObject diff { { QStringLiteral("state"), state } };
        if (!cvSource.isEmpty()) diff.insert(QStringLiteral("cv"), cvSource);
        if (!error.isEmpty()) diff.insert(QStringLiteral("error"), error);
        return AuditStore(m_db).appendServer(
            tenantId, QStringLiteral("outreach.agency_email"), QStringLiteral("outreach_intent"), intentId, diff);
    });
}

Status Dispatcher::deliverAgency(const QString& tenantId, const EmailSetup& email, SmtpClient& smtp,
    const QString& intentId, int attempts, int maxAttempts, DispatchReport& report)
{
    auto retryOrDead = [&](const QString& why) -> Status {
        if (attempts >= maxAttempts) {
            ++report.dead;
            return recordAgency(tenantId, intentId, QStringLiteral("dead"), why);
        }
        ++report.retried;
        return recordAgency(tenantId, intentId, QStringLiteral("queued"), why, {}, backoffSeconds(attempts));
    };
    if (!email.problem.isEmpty()) return retryOrDead(email.problem);
    MailMessage m;
    QString cvSource;
    const Status built = inTenant(m_db, tenantId, [&]() -> Status {
        auto r = Confirmation(m_db, m_settings).agencyEmail(tenantId, intentId, &cvSource);
        if (!r) return r.error();
        m = r.value();
        return {};
    });
    if (!built) {
        if (built.error().code == ErrorCode::NotFound) { // the intent, job or candidate was removed since
            ++report.failed;
            return recordAgency(tenantId, intentId, QStringLiteral("failed"), built.error().message);
        }
        return retryOrDead(built.error().message); // e.g. no agency_email yet: the admin can set it
    }
    m.from = email.from;
    m.fromName = email.fromName;
    m.messageId += QLatin1Char('@') + email.from.section(QLatin1Char('@'), 1);
    auto sent = smtp.send(m);
    if (sent) {
        ++report.agencySent;
        return recordAgency(tenantId, intentId, QStringLiteral("sent"), {}, cvSource);
    }
    const Error& e = sent.error();
    if (e.details.value(QStringLiteral("outcome_unknown")).toBool()) {
        ++report.unknown;
        return recordAgency(tenantId, intentId, QStringLiteral("unknown"), e.message, cvSource);
    }
    if (e.details.value(QStringLiteral("transient")).toBool()) return retryOrDead(e.message);
    ++report.dead; // the agency's address refused: an admin fixes agency_email and resends
    return recordAgency(tenantId, intentId, QStringLiteral("dead"), e.message, cvSource);
}

Result<QJsonArray> Dispatcher::list(const QString& tenantId, const QString& state)
{
    QJsonArray out;
    RD_TRY(inTenant(m_db, tenantId, [&]() -> Status {
        auto rows = m_db.select(
            QStringLiteral(
                "SELECT d.intent_id, d.channel, d.state, d.attempts, coalesce(d.last_error, ''), "
                "d.updated_at, coalesce(e.fields->>'recipient', ''), coalesce(e.fields->>'template', '') FROM "
                "outreach_dispatch d LEFT JOIN entity_state e ON e.tenant_id = d.tenant_id AND e.entity = "
                "'outreach_intents' AND e.row_id = d.intent_id WHERE d.tenant_id = ? AND (? = '' OR d.state = ?) "
                "UNION ALL SELECT a.intent_id, 'agency', a.state, a.attempts, coalesce(a.last_error, ''), "
                "a.updated_at, "
                "coalesce((SELECT value FROM server_settings WHERE tenant_id = a.tenant_id AND key = 'agency_email'), "
                "''), "
                "'' FROM agency_deliveries a WHERE a.tenant_id = ? AND (? = '' OR a.state = ?) "
                "ORDER BY 6 DESC LIMIT 1000"),
            { tenantId, state, state, tenantId, state, state });
        if (!rows) return rows.error();
        for (const auto& r : rows.value())
            out << QJsonObject { { QStringLiteral("intent_id"), r.value(0).toString() },
                { QStringLiteral("channel"), r.value(1).toString() },
                { QStringLiteral("state"), r.value(2).toString() }, { QStringLiteral("attempts"), r.value(3).toInt() },
                { QStringLiteral("last_error"), r.value(4).toString() },
                { QStringLiteral("updated_at"), r.value(5).toDateTime().toUTC().toString(Qt::ISODate) },
                { QStringLiteral("recipient"), r.value(6).toString() },
                { QStringLiteral("template"), r.value(7).toString() } };
        return {};
    }));
    return out;
}

Status Dispatcher::decide(const QString& tenantId, const QString& intentId, const QString& decision, bool agency)
{
    if (decision != QLatin1String("resend") && decision != QLatin1String("sent") && decision != QLatin1String("failed"))
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("The decision is resend, sent or failed."),
            { { QStringLiteral("field"), QStringLiteral("decision") } });
    return inTenant(m_db, tenantId, [&]() -> Status {
        auto upd = m_db.exec(
            QStringLiteral(
                "UPDATE %1 SET state = ?, attempts = CASE WHEN ? = 'queued' THEN 0 ELSE "
                "attempts END, next_attempt_at = now(), lease_owner = NULL, lease_until = NULL, sent_at = CASE "
                "WHEN ? = 'sent' THEN now() ELSE sent_at END, last_error = coalesce(last_error, '') || ' [decided: ' "
                "|| ? || ']', updated_at = now() WHERE tenant_id = ? AND intent_id = ? AND state IN ('dead', "
                "'unknown', 'failed')")
                .arg(agency ? QStringLiteral("agency_deliveries") : QStringLiteral("outreach_dispatch")),
            { decision == QLatin1String("resend") ? QStringLiteral("queued") : decision,
                decision == QLatin1String("resend") ? QStringLiteral("queued") : decision, decision, decision, tenantId,
                intentId });
        if (!upd) return upd.error();
        if (upd.value() == 0)
            return makeError(ErrorCode::NotFound,
                QStringLiteral("No dead, unknown or failed message %1 (a message being sent or already sent cannot "
                               "be decided on).")
                    .arg(intentId));
        if (agency)
            return AuditStore(m_db).appendServer(tenantId, QStringLiteral("outreach.agency_email_decided"),
                QStringLiteral("outreach_intent"), intentId, { { QStringLiteral("decision"), decision } });
        SyncService sync(m_db);
        auto c = sync.serverChange(tenantId, QStringLiteral("outreach_intents"), intentId,
            { { QStringLiteral("status"), decision == QLatin1String("resend") ? QStringLiteral("queued") : decision },
                { QStringLiteral("updated_at"), nowIsoUtc() } });
        return c || c.error().code == ErrorCode::NotFound ? Status() : Status(c.error());
    });
}

Status Dispatcher::record(const QString& tenantId, const QString& intentId, const QString& state, const QString& status,
    const QString& error, const QString& providerId, int retryInSeconds, const QJsonObject& also)
{
    return inTenant(m_db, tenantId, [&]() -> Status {
        auto upd = m_db.exec(
            QStringLiteral(
                "UPDATE outreach_dispatch SET state = ?, last_error = ?, provider_id = coalesce(?, provider_id), "
                "lease_owner = NULL, lease_until = NULL, next_attempt_at = now() + make_interval(secs => ?), "
                "sent_at = CASE WHEN ? = 'sent' THEN now() ELSE sent_at END, updated_at = now() WHERE tenant_id = "
                "? AND intent_id = ? AND lease_owner = ?"),
            { state, error.isEmpty() ? QVariant() : QVariant(error),
                providerId.isEmpty() ? QVariant() : QVariant(providerId), retryInSeconds, state, tenantId, intentId,
                m_options.owner });
        if (!upd) return upd.error();
        if (upd.value() == 0) // the lease was lost meanwhile: another instance decides now
            return makeError(ErrorCode::Conflict,
                QStringLiteral("The lease on %1 ran out before its outcome was recorded.").arg(intentId));
        if (status.isEmpty()) return {};
        SyncService sync(m_db);
        QJsonObject fields { { QStringLiteral("status"), status }, { QStringLiteral("updated_at"), nowIsoUtc() } };
        for (auto it = also.constBegin(); it != also.constEnd(); ++it)
            fields.insert(it.key(), it.value());
        auto c = sync.serverChange(tenantId, QStringLiteral("outreach_intents"), intentId, fields);
        return c || c.error().code == ErrorCode::NotFound ? Status() : Status(c.error());
    });
}

Status Dispatcher::deliver(const QString& tenantId, const EmailSetup& email, SmtpClient& smtp, const QString& intentId,
    int attempts, int maxAttempts, DispatchReport& report)
{
    // The intent as it is now (it may have been cancelled since), and what decides whether it goes.
    QJsonObject intent, candidate;
    bool gone = true, confirmedBefore = false, optedOut = false;
    RD_TRY(inTenant(m_db, tenantId, [&]() -> Status {
        // One query: the intent, the status of its sequence's first message, the candidate, and
        // whether the candidate opted out of the channel (a partial index finds opt-outs).
        auto r = m_db.select(
            QStringLiteral(
                "SELECT i.fields::text, i.deleted, (SELECT f.fields->>'status' FROM entity_state f WHERE f.tenant_id = "
                "i.tenant_id AND f.entity = 'outreach_intents' AND f.row_id = i.fields->>'unless_confirmed'), "
                "(SELECT c.fields::text FROM entity_state c WHERE c.tenant_id = i.tenant_id AND c.entity = "
                "'candidates' AND c.row_id = i.fields->>'candidate_id'), EXISTS (SELECT 1 FROM entity_state o WHERE "
                "o.tenant_id = i.tenant_id AND o.entity = 'outreach_intents' AND o.fields->>'status' = 'opted_out' "
                "AND o.fields->>'candidate_id' = i.fields->>'candidate_id' AND o.fields->>'channel' = "
                "i.fields->>'channel') FROM entity_state i WHERE i.tenant_id = ? AND i.entity = 'outreach_intents' "
                "AND i.row_id = ?"),
            { tenantId, intentId });
        if (!r) return r.error();
        if (r.value().isEmpty() || r.value().first().value(1).toBool()) return {};
        const QSqlRecord& row = r.value().first();
        intent = jsonObjectOf(row.value(0));
        gone = isSet(intent.value(QStringLiteral("deleted_at")))
            || intent.value(QStringLiteral("status")).toString() != QLatin1String("queued");
        confirmedBefore = row.value(2).toString() == QLatin1String("confirmed");
        if (!row.isNull(3)) candidate = jsonObjectOf(row.value(3));
        optedOut = row.value(4).toBool();
        return {};
    }));
    if (gone || confirmedBefore) {
        ++report.withdrawn;
        return record(tenantId, intentId, QStringLiteral("withdrawn"),
            confirmedBefore ? QStringLiteral("cancelled") : QString(),
            confirmedBefore ? QStringLiteral("The candidate confirmed the first message of the sequence.")
                            : QStringLiteral("Withdrawn before it was sent."));
    }
    // Checked again at send time: consent and opt-out may have changed since it was queued.
    if (candidate.value(QStringLiteral("consent")).toString() == QLatin1String("withdrawn") || candidate.isEmpty()
        || isSet(candidate.value(QStringLiteral("deleted_at")))) {
        ++report.failed;
        return record(tenantId, intentId, QStringLiteral("failed"), QStringLiteral("failed"),
            QStringLiteral("The candidate withdrew consent or was removed."));
    }
    if (optedOut) {
        ++report.failed;
        return record(tenantId, intentId, QStringLiteral("failed"), QStringLiteral("opted_out"),
            QStringLiteral("The candidate opted out of this channel."));
    }
    auto retryOrDead = [&](const QString& why) {
        return retryOrDeadMessage(tenantId, intentId, attempts, maxAttempts, why, report);
    };
    const QString channel = intent.value(QStringLiteral("channel")).toString();
    const bool isSms = channel == QLatin1String("sms");
    if (isSms ? !email.smsProblem.isEmpty() : !email.problem.isEmpty())
        return retryOrDead(isSms ? email.smsProblem : email.problem);

    // The message: links signed for this intent, a way to opt out in every message.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString confirmLink = email.linkBase + QStringLiteral("/confirm/")
        + sign(email.linkKey, QStringLiteral("c"), tenantId, intentId, now.addDays(30));
    const QString unsubscribeLink = email.linkBase + QStringLiteral("/unsubscribe/")
        + sign(email.linkKey, QStringLiteral("u"), tenantId, intentId, now.addYears(2));
    auto fill = [&](QString text) {
        return text.replace(QStringLiteral("{{confirm_link}}"), confirmLink)
            .replace(QStringLiteral("{{unsubscribe_link}}"), unsubscribeLink);
    };
    if (isSms)
        return deliverSms(tenantId, email, intentId, intent, fill(intent.value(QStringLiteral("body")).toString()),
            attempts, maxAttempts, report);
    MailMessage m;
    m.from = email.from;
    m.fromName = email.fromName;
    m.to = { intent.value(QStringLiteral("recipient")).toString() };
    m.subject = intent.value(QStringLiteral("subject")).toString();
    const QString text = intent.value(QStringLiteral("body")).toString();
    m.text = fill(text);
    if (!text.contains(QLatin1String("{{unsubscribe_link}}")))
        m.text += QStringLiteral("\n\n--\nNo more messages: %1\n").arg(unsubscribeLink);
    const QString html = intent.value(QStringLiteral("body_html")).toString();
    if (!html.isEmpty()) {
        m.html = fill(html);
        if (!html.contains(QLatin1String("{{unsubscribe_link}}")))
            m.html += QStringLiteral("<p style=\"font-size:small\"><a href=\"%1\">No more messages</a></p>")
                          .arg(unsubscribeLink);
    }
    m.headers << qMakePair(QByteArray("List-Unsubscribe"), QStringLiteral("<%1>").arg(unsubscribeLink))
              << qMakePair(QByteArray("List-Unsubscribe-Post"), QStringLiteral("List-Unsubscribe=One-Click"));
    m.messageId = intentId + QLatin1Char('@') + email.from.section(QLatin1Char('@'), 1);

    auto sent = smtp.send(m);
    if (sent) {
        ++report.sent;
        return record(tenantId, intentId, QStringLiteral("sent"), QStringLiteral("sent"), {}, sent.value().text);
    }
    const Error& e = sent.error();
    if (e.details.value(QStringLiteral("outcome_unknown")).toBool()) {
        ++report.unknown;
        return record(tenantId, intentId, QStringLiteral("unknown"), QStringLiteral("unknown"), e.message);
    }
    if (e.details.value(QStringLiteral("transient")).toBool()) return retryOrDead(e.message);
    ++report.failed;
    const bool bounced = e.details.value(QStringLiteral("phase")).toString() == QLatin1String("rcpt");
    return record(tenantId, intentId, QStringLiteral("failed"),
        bounced ? QStringLiteral("bounced") : QStringLiteral("failed"), e.message);
}

} // namespace rd::server
