#include "smswebhooks.h"

#include "auditstore.h"
#include "common/phone.h"
#include "crypto/crypto.h"
#include "integrations.h"
#include "sms.h"
#include "syncservice.h"

#include <QSqlRecord>
#include <QUrlQuery>

namespace rd::server {

namespace {
// TwiML: the provider expects XML back; an empty Response sends no reply text.
Reply twiml()
{
    return Reply(
        200, "text/xml; charset=utf-8", QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>"));
}

QString field(const QList<QPair<QString, QString>>& fields, const QString& name)
{
    for (const auto& [k, v] : fields)
        if (k == name) return v;
    return {};
}
} // namespace

std::variant<QList<QPair<QString, QString>>, Reply> SmsWebhooks::verified(const Request& r)
{
    auto sms = m_settings.sms();
    auto base = m_settings.get(QStringLiteral("public_url"));
    if (!sms || !base) return Reply::problem(!sms ? sms.error() : base.error());
    if (!sms.value().configured() || base.value().isEmpty())
        return Reply::problem(
            404, QStringLiteral("not_found"), QStringLiteral("No SMS provider is set up on this server."));
    QString url = base.value();
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    url += r.path;
    QList<QPair<QString, QString>> fields;
    const QUrlQuery form(QString::fromUtf8(r.body).replace(QLatin1Char('+'), QLatin1Char(' ')));
    for (const auto& [k, v] : form.queryItems(QUrl::FullyDecoded))
        fields << qMakePair(k, v);
    const QByteArray given = r.headers.value("x-twilio-signature");
    const QByteArray expected = sms::signature(sms.value().token, url, fields).toLatin1();
    if (given.isEmpty() || !crypto::constantTimeEqual(given, expected)) {
        logJson(QStringLiteral("warning"), QStringLiteral("sms webhook refused: bad signature"),
            { { QStringLiteral("path"), r.path } });
        return Reply::problem(
            403, QStringLiteral("permission_denied"), QStringLiteral("The signature does not match."));
    }
    return fields;
}

Reply SmsWebhooks::status(const Request& r)
{
    auto v = verified(r);
    if (auto* reply = std::get_if<Reply>(&v)) return *reply;
    const auto fields = std::get<0>(v);
    const QString sid = field(fields, QStringLiteral("MessageSid"));
    const QString providerStatus = field(fields, QStringLiteral("MessageStatus"));
    const QString status = providerStatus == QLatin1String("delivered") ? QStringLiteral("delivered")
        : providerStatus == QLatin1String("undelivered") || providerStatus == QLatin1String("failed")
        ? QStringLiteral("bounced")
        : QString();
    if (status.isEmpty() || sid.isEmpty()) return twiml(); // queued, sent, ...: nothing to record
    const QString tenantId = r.pathArg;
    if (!m_db.begin()) return Reply::problem(503, QStringLiteral("unavailable"), QStringLiteral("Try again."));
    auto done = [&]() -> Status {
        RD_TRY(m_db.scopeToTenant(tenantId));
        auto row = m_db.select(
            QStringLiteral("SELECT d.intent_id, coalesce(e.fields->>'status', '') FROM outreach_dispatch d JOIN "
                           "entity_state e ON e.tenant_id = d.tenant_id AND e.entity = 'outreach_intents' AND e.row_id "
                           "= d.intent_id WHERE d.tenant_id = ? AND d.provider_id = ? FOR UPDATE OF d"),
            { tenantId, sid });
        if (!row) return row.error();
        if (row.value().isEmpty()) return {}; // not ours (or gone): acknowledged, nothing changes
        const QString current = row.value().first().value(1).toString();
        // A candidate's answer (confirmed, declined, opted out) says more than a delivery report.
        if (current != QLatin1String("sent") && current != QLatin1String("unknown")
            && current != QLatin1String("delivered"))
            return {};
        if (current == status) return {};
        SyncService sync(m_db);
        const QString intentId = row.value().first().value(0).toString();
        auto c = sync.serverChange(tenantId, QStringLiteral("outreach_intents"), intentId,
            { { QStringLiteral("status"), status },
                { QStringLiteral("updated_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) } });
        if (!c) return c.error();
        if (status != QLatin1String("delivered")) return {};
        return Webhooks::enqueue(m_db, tenantId, QStringLiteral("outreach.delivered"),
            { { QStringLiteral("intent_id"), intentId }, { QStringLiteral("channel"), QStringLiteral("sms") },
                { QStringLiteral("provider_id"), sid } });
    }();
    if (!done || !m_db.commit()) {
        m_db.rollback();
        return Reply::problem(503, QStringLiteral("unavailable"), QStringLiteral("The status could not be recorded."));
    }
    return twiml();
}

Reply SmsWebhooks::inbound(const Request& r)
{
    auto v = verified(r);
    if (auto* reply = std::get_if<Reply>(&v)) return *reply;
    const auto fields = std::get<0>(v);
    // The provider sends E.164; stored recipients are E.164 too (docs/decisions/0022).
    const auto parsed = phone::normalise(field(fields, QStringLiteral("From")), QString());
    if (!sms::isStopWord(field(fields, QStringLiteral("Body"))) || !parsed) return twiml();
    const QString from = phone::dialable(parsed.value());
    auto tenants = m_db.select(QStringLiteral("SELECT id FROM tenants ORDER BY id"));
    if (!tenants) return Reply::problem(tenants.error());
    int optedOut = 0;
    for (const auto& t : tenants.value()) {
        const QString tenantId = t.value(0).toString();
        if (!m_db.begin()) return Reply::problem(503, QStringLiteral("unavailable"), QStringLiteral("Try again."));
        auto done = [&]() -> Status {
            RD_TRY(m_db.scopeToTenant(tenantId));
            // A message an older release sent went to the number as typed: matched by its digits,
            // international or (in the workspace's own country only) national.
            auto region = sms::tenantRegion(m_db, tenantId);
            if (!region) return region.error();
            const QString national = phone::inCountry(from, region.value()) ? phone::nationalDigits(from) : from;
            const QString digits = from.mid(1); // "1 416 ..." or "0044 ..." as typed

            // The latest SMS to this number: its status says "no more" for the candidate's channel.
            auto row = m_db.select(
                QStringLiteral(
                    "SELECT row_id FROM entity_state WHERE tenant_id = ? AND entity = 'outreach_intents' AND "
                    "NOT deleted AND fields->>'channel' = 'sms' AND (fields->>'recipient' = ? OR "
                    "fields->>'recipient' LIKE ? || ' ext.%' OR regexp_replace(fields->>'recipient', '[^0-9+]', '', 'g') "
                    "IN (?, ?, ?, ?)) ORDER BY server_seq DESC LIMIT 1"),
                { tenantId, from, from, from, national, digits, QStringLiteral("00") + digits });
            if (!row) return row.error();
            if (row.value().isEmpty()) return {};
            const QString intentId = row.value().first().value(0).toString();
            SyncService sync(m_db);
            auto c = sync.serverChange(tenantId, QStringLiteral("outreach_intents"), intentId,
                { { QStringLiteral("status"), QStringLiteral("opted_out") },
                    { QStringLiteral("updated_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) } });
            if (!c) return c.error();
            ++optedOut;
            return AuditStore(m_db).appendServer(tenantId, QStringLiteral("outreach.opt_out"),
                QStringLiteral("outreach_intent"), intentId,
                { { QStringLiteral("channel"), QStringLiteral("sms") },
                    { QStringLiteral("via"), QStringLiteral("STOP") } });
        }();
        if (!done || !m_db.commit()) {
            m_db.rollback();
            return Reply::problem(
                503, QStringLiteral("unavailable"), QStringLiteral("The opt-out could not be recorded."));
        }
    }
    logJson(QStringLiteral("info"), QStringLiteral("sms opt-out"), { { QStringLiteral("messages"), optedOut } });
    return twiml();
}

} // namespace rd::server
