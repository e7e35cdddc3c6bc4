#include "integrations.h"

#include "auditstore.h"
#include "common/ids.h"
#include "crypto/crypto.h"
#include "dispatcher.h"
#include "httpapp.h"
#include "httpclient.h"
#include "recruiting/candidateservice.h"
#include "syncservice.h"

#include <QJsonDocument>
#include <QSqlRecord>

namespace rd::server {

namespace {
template <typename F> Status inTenant(PgDatabase& db, const QString& tenantId, F f)
{
    RD_TRY(db.begin());
    Status s = db.scopeToTenant(tenantId);
    if (s) s = f();
    if (!s) {
        db.rollback();
        return s;
    }
    return db.commit();
}

QString pgArray(const QStringList& items)
{
    QStringList quoted;
    for (const QString& i : items)
        quoted << QLatin1Char('"') + QString(i).replace(QLatin1Char('"'), QString()) + QLatin1Char('"');
    return QLatin1Char('{') + quoted.join(QLatin1Char(',')) + QLatin1Char('}');
}

QStringList fromPgArray(const QVariant& v)
{
    QString s = v.toString();
    if (s.startsWith(QLatin1Char('{'))) s = s.mid(1, s.size() - 2);
    QStringList out;
    for (QString part : s.split(QLatin1Char(','), Qt::SkipEmptyParts))
        out << part.remove(QLatin1Char('"'));
    return out;
}

QString newSecret()
{
    return QString::fromLatin1(
        crypto::randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString iso(const QVariant& v)
{
    return v.isNull() ? QString() : v.toDateTime().toUTC().toString(Qt::ISODate);
}
} // namespace

// ---- outbound webhooks -------------------------------------------------------------------

const QStringList& Webhooks::events()
{
    static const QStringList all { QStringLiteral("application.created"), QStringLiteral("application.stage_changed"),
        QStringLiteral("candidate.confirmed"), QStringLiteral("outreach.delivered") };
    return all;
}

Status Webhooks::enqueue(PgDatabase& db, const QString& tenantId, const QString& event, const QJsonObject& data)
{
    const QJsonObject payload { { QStringLiteral("event"), event }, { QStringLiteral("data"), data },
        { QStringLiteral("created_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) } };
    auto ins = db.exec(
        QStringLiteral(
            "INSERT INTO webhook_deliveries (id, tenant_id, webhook_id, event, payload) SELECT "
            "gen_random_uuid()::text, tenant_id, id, ?, ?::jsonb FROM webhooks WHERE tenant_id = ? AND active "
            "AND ? = ANY(events)"),
        { event, QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)), tenantId, event });
    return ins ? Status() : Status(ins.error());
}

QByteArray Webhooks::signature(const QByteArray& secret, qint64 unixTime, const QByteArray& body)
{
    const QByteArray t = QByteArray::number(unixTime);
    return "t=" + t + ",v1=" + crypto::hmac(QStringLiteral("SHA-256"), secret, t + '.' + body).toHex();
}

Result<QJsonObject> Webhooks::add(const QString& tenantId, const QString& url, const QStringList& events)
{
    const QUrl u(url);
    if (!u.isValid() || (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http"))
        || u.host().isEmpty())
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("The webhook URL is an http(s) address."),
            { { QStringLiteral("field"), QStringLiteral("url") } });
    for (const QString& e : events)
        if (!Webhooks::events().contains(e))
            return makeError(ErrorCode::ValidationFailed,
                QStringLiteral("Unknown event %1 (%2).").arg(e, Webhooks::events().join(QStringLiteral(", "))),
                { { QStringLiteral("field"), QStringLiteral("events") } });
    if (events.isEmpty())
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("Name at least one event."),
            { { QStringLiteral("field"), QStringLiteral("events") } });
    const QString id = newUuidV7();
    const QString secret = newSecret();
    auto sealed = m_settings.seal(secret, QStringLiteral("webhook/") + id);
    if (!sealed) return sealed.error();
    RD_TRY(inTenant(m_db, tenantId, [&]() -> Status {
        auto ins
            = m_db.exec(QStringLiteral("INSERT INTO webhooks (id, tenant_id, url, events, secret) VALUES (?, ?, ?, "
                                       "?::text[], ?)"),
                { id, tenantId, url, pgArray(events), sealed.value() });
        return ins ? Status() : Status(ins.error());
    }));
    return QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("url"), url },
        { QStringLiteral("events"), QJsonArray::fromStringList(events) }, { QStringLiteral("secret"), secret } };
}

Result<QJsonArray> Webhooks::list(const QString& tenantId)
{
    QJsonArray out;
    RD_TRY(inTenant(m_db, tenantId, [&]() -> Status {
        auto rows
            = m_db.select(QStringLiteral("SELECT id, url, events, active, created_at FROM webhooks WHERE tenant_id = ? "
                                         "ORDER BY created_at"),
                { tenantId });
        if (!rows) return rows.error();
        for (const auto& r : rows.value())
            out << QJsonObject { { QStringLiteral("id"), r.value(0).toString() },
                { QStringLiteral("url"), r.value(1).toString() },
                { QStringLiteral("events"), QJsonArray::fromStringList(fromPgArray(r.value(2))) },
                { QStringLiteral("active"), r.value(3).toBool() }, { QStringLiteral("created_at"), iso(r.value(4)) } };
        return {};
    }));
    return out;
}

Status Webhooks::remove(const QString& tenantId, const QString& id)
{
    return inTenant(m_db, tenantId, [&]() -> Status {
        auto del = m_db.exec(QStringLiteral("DELETE FROM webhooks WHERE tenant_id = ? AND id = ?"), { tenantId, id });
        if (!del) return del.error();
        return del.value() ? Status()
                           : Status(makeError(ErrorCode::NotFound, QStringLiteral("No webhook %1.").arg(id)));
    });
}

Result<QJsonArray> Webhooks::deliveries(const QString& tenantId, const QString& state)
{
    QJsonArray out;
    RD_TRY(inTenant(m_db, tenantId, [&]() -> Status {
        auto rows = m_db.select(
            QStringLiteral(
                "SELECT d.id, d.webhook_id, w.url, d.event, d.state, d.attempts, d.last_status, "
                "coalesce(d.last_error, ''), d.created_at, d.sent_at FROM webhook_deliveries d JOIN webhooks w ON "
                "w.id = d.webhook_id WHERE d.tenant_id = ? AND (? = '' OR d.state = ?) ORDER BY d.created_at "
                "DESC LIMIT 1000"),
            { tenantId, state, state });
        if (!rows) return rows.error();
        for (const auto& r : rows.value())
            out << QJsonObject { { QStringLiteral("id"), r.value(0).toString() },
                { QStringLiteral("webhook_id"), r.value(1).toString() },
                { QStringLiteral("url"), r.value(2).toString() }, { QStringLiteral("event"), r.value(3).toString() },
                { QStringLiteral("state"), r.value(4).toString() }, { QStringLiteral("attempts"), r.value(5).toInt() },
                { QStringLiteral("last_status"), r.value(6).toInt() },
                { QStringLiteral("last_error"), r.value(7).toString() },
                { QStringLiteral("created_at"), iso(r.value(8)) }, { QStringLiteral("sent_at"), iso(r.value(9)) } };
        return {};
    }));
    return out;
}

Status Webhooks::replay(const QString& tenantId, const QString& deliveryId)
{
    return inTenant(m_db, tenantId, [&]() -> Status {
        auto up = m_db.exec(
            QStringLiteral("UPDATE webhook_deliveries SET state = 'queued', attempts = 0, next_attempt_at = "
                           "now(), lease_owner = NULL, lease_until = NULL WHERE tenant_id = ? AND id = ? AND "
                           "state IN ('dead', 'sent')"),
            { tenantId, deliveryId });
        if (!up) return up.error();
        if (up.value() == 0)
            return makeError(ErrorCode::NotFound,
                QStringLiteral("No dead or delivered webhook delivery %1 (one waiting is sent anyway).")
                    .arg(deliveryId));
        return AuditStore(m_db).appendServer(
            tenantId, QStringLiteral("webhook.replay"), QStringLiteral("webhook_delivery"), deliveryId, {});
    });
}

Result<Webhooks::Report> Webhooks::deliverDue(const QString& tenantId, const QString& owner, int maxAttempts, int batch)
{
    Report report;
    struct Due {
        QString id, webhookId, url, event, sealed;
        QByteArray payload;
        int attempts = 0;
    };
    QList<Due> due;
    RD_TRY(inTenant(m_db, tenantId, [&]() -> Status {
        // A delivery whose sender stopped is simply sent again: receivers deduplicate by
        // X-RecruitDesk-Delivery (at least once, documented).
        auto rows = m_db.select(
            QStringLiteral(
                "WITH c AS MATERIALIZED (SELECT id FROM webhook_deliveries WHERE tenant_id = ? AND ((state = 'queued' "
                "AND "
                "next_attempt_at <= now()) OR (state = 'sending' AND lease_until < now())) ORDER BY next_attempt_at, "
                "id "
                "LIMIT ? FOR UPDATE SKIP LOCKED) UPDATE webhook_deliveries d SET state = 'sending', lease_owner = ?, "
                "lease_until = now() + interval '5 minutes', attempts = d.attempts + 1 FROM c, webhooks w WHERE d.id = "
                "c.id AND w.id = d.webhook_id RETURNING d.id, d.webhook_id, w.url, d.event, w.secret, d.payload::text, "
                "d.attempts"),
            { tenantId, batch, owner });
        if (!rows) return rows.error();
        for (const auto& r : rows.value())
            due << Due { r.value(0).toString(), r.value(1).toString(), r.value(2).toString(), r.value(3).toString(),
                r.value(4).toString(), r.value(5).toString().toUtf8(), r.value(6).toInt() };
        return {};
    }));
    auto slug = m_db.select(QStringLiteral("SELECT slug FROM tenants WHERE id = ?"), { tenantId });
    const QString tenantSlug = slug && !slug.value().isEmpty() ? slug.value().first().value(0).toString() : QString();
    for (const Due& d : std::as_const(due)) {
        QString outcome, error;
        int status = 0;
        auto secret = m_settings.open(d.sealed, QStringLiteral("webhook/") + d.webhookId);
        if (!secret) {
            error = secret.error().message;
        } else {
            QJsonObject envelope = QJsonDocument::fromJson(d.payload).object();
            envelope.insert(QStringLiteral("id"), d.id);
            envelope.insert(QStringLiteral("tenant"), tenantSlug);
            const QByteArray body = QJsonDocument(envelope).toJson(QJsonDocument::Compact);
            const qint64 now = QDateTime::currentSecsSinceEpoch();
            const HttpResult r = blockingPost(QUrl(d.url), QByteArrayLiteral("application/json"), body,
                { { "X-RecruitDesk-Event", d.event.toUtf8() }, { "X-RecruitDesk-Delivery", d.id.toUtf8() },
                    { "X-RecruitDesk-Signature", signature(secret.value().toUtf8(), now, body) },
                    { "User-Agent", "RecruitDesk-Webhooks/1" } },
                15000);
            status = r.status;
            if (r.status >= 200 && r.status < 300)
                outcome = QStringLiteral("sent");
            else
                error = r.status ? QStringLiteral("The receiver answered %1.").arg(r.status) : r.error;
        }
        if (outcome.isEmpty()) outcome = d.attempts >= maxAttempts ? QStringLiteral("dead") : QStringLiteral("queued");
        ++(outcome == QLatin1String("sent")        ? report.sent
                : outcome == QLatin1String("dead") ? report.dead
                                                   : report.retried);
        RD_TRY(inTenant(m_db, tenantId, [&]() -> Status {
            auto up = m_db.exec(
                QStringLiteral(
                    "UPDATE webhook_deliveries SET state = ?, last_status = ?, last_error = ?, lease_owner = "
                    "NULL, lease_until = NULL, next_attempt_at = now() + make_interval(secs => ?), sent_at = "
                    "CASE WHEN ? = 'sent' THEN now() ELSE sent_at END WHERE id = ? AND lease_owner = ?"),
                { outcome, status ? QVariant(status) : QVariant(), error.isEmpty() ? QVariant() : QVariant(error),
                    outcome == QLatin1String("queued") ? Dispatcher::backoffSeconds(d.attempts) : 0, outcome, d.id,
                    owner });
            return up ? Status() : Status(up.error());
        }));
    }
    return report;
}

// ---- API keys ----------------------------------------------------------------------------

const QStringList& ApiKeys::scopes()
{
    static const QStringList all { QStringLiteral("jobs:read"), QStringLiteral("applications:read") };
    return all;
}

Result<QJsonObject> ApiKeys::create(const QString& tenantId, const QString& name, const QStringList& scopes)
{
    if (name.trimmed().isEmpty())
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("An API key needs a name."),
            { { QStringLiteral("field"), QStringLiteral("name") } });
    for (const QString& s : scopes)
        if (!ApiKeys::scopes().contains(s))
            return makeError(ErrorCode::ValidationFailed,
                QStringLiteral("Unknown scope %1 (%2).").arg(s, ApiKeys::scopes().join(QStringLiteral(", "))),
                { { QStringLiteral("field"), QStringLiteral("scopes") } });
    if (scopes.isEmpty())
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("Name at least one scope."),
            { { QStringLiteral("field"), QStringLiteral("scopes") } });
    const QString id = QString::fromLatin1(crypto::randomBytes(8).toHex());
    const QString secret = newSecret();
    auto ins
        = m_db.exec(QStringLiteral("INSERT INTO api_keys (id, tenant_id, name, scopes, secret_hash) VALUES (?, ?, ?, "
                                   "?::text[], ?)"),
            { id, tenantId, name.trimmed(), pgArray(scopes), crypto::sha256Hex(secret.toUtf8()) });
    if (!ins) return ins.error();
    return QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("name"), name.trimmed() },
        { QStringLiteral("scopes"), QJsonArray::fromStringList(scopes) },
        { QStringLiteral("key"), QStringLiteral("rdk_%1_%2").arg(id, secret) } };
}

Result<QJsonArray> ApiKeys::list(const QString& tenantId)
{
    auto rows = m_db.select(
        QStringLiteral("SELECT id, name, scopes, created_at, last_used_at, revoked_at FROM api_keys WHERE "
                       "tenant_id = ? ORDER BY created_at"),
        { tenantId });
    if (!rows) return rows.error();
    QJsonArray out;
    for (const auto& r : rows.value())
        out << QJsonObject { { QStringLiteral("id"), r.value(0).toString() },
            { QStringLiteral("name"), r.value(1).toString() },
            { QStringLiteral("scopes"), QJsonArray::fromStringList(fromPgArray(r.value(2))) },
            { QStringLiteral("created_at"), iso(r.value(3)) }, { QStringLiteral("last_used_at"), iso(r.value(4)) },
            { QStringLiteral("revoked_at"), iso(r.value(5)) } };
    return out;
}

Result<QJsonObject> ApiKeys::rotate(const QString& tenantId, const QString& id)
{
    auto row = m_db.select(
        QStringLiteral("SELECT name, scopes FROM api_keys WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL"),
        { tenantId, id });
    if (!row) return row.error();
    if (row.value().isEmpty()) return makeError(ErrorCode::NotFound, QStringLiteral("No live API key %1.").arg(id));
    auto made = create(tenantId, row.value().first().value(0).toString(), fromPgArray(row.value().first().value(1)));
    if (!made) return made.error();
    auto old = m_db.exec(QStringLiteral("UPDATE api_keys SET revoked_at = now(), replaced_by = ? WHERE id = ?"),
        { made.value().value(QStringLiteral("id")).toString(), id });
    if (!old) return old.error();
    return made;
}

Status ApiKeys::revoke(const QString& tenantId, const QString& id)
{
    auto up = m_db.exec(
        QStringLiteral("UPDATE api_keys SET revoked_at = now() WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL"),
        { tenantId, id });
    if (!up) return up.error();
    return up.value() ? Status()
                      : Status(makeError(ErrorCode::NotFound, QStringLiteral("No live API key %1.").arg(id)));
}

Result<ApiKeys::Caller> ApiKeys::authenticate(const QString& key, const QString& scope)
{
    // rdk_ID_SECRET: the id is hex; the secret (base64url) may itself contain "_".
    const QString rest = key.startsWith(QLatin1String("rdk_")) ? key.mid(4) : QString();
    const QStringList parts { QStringLiteral("rdk"), rest.section(QLatin1Char('_'), 0, 0),
        rest.section(QLatin1Char('_'), 1) };
    auto refused = makeError(
        ErrorCode::AuthFailed, QStringLiteral("A valid API key is needed (Authorization: Bearer rdk_...)."));
    if (parts[1].isEmpty() || parts[2].isEmpty()) return refused;
    auto row = m_db.select(
        QStringLiteral("SELECT tenant_id, secret_hash, scopes FROM api_keys WHERE id = ? AND revoked_at IS NULL"),
        { parts[1] });
    if (!row) return row.error();
    if (row.value().isEmpty()) return refused;
    const QSqlRecord& r = row.value().first();
    if (!crypto::constantTimeEqual(crypto::sha256Hex(parts[2].toUtf8()).toLatin1(), r.value(1).toString().toLatin1()))
        return refused;
    if (!fromPgArray(r.value(2)).contains(scope))
        return makeError(ErrorCode::PermissionDenied, QStringLiteral("This API key lacks the scope %1.").arg(scope),
            { { QStringLiteral("scope"), scope } });
    (void)m_db.exec(QStringLiteral("UPDATE api_keys SET last_used_at = now() WHERE id = ?"), { parts[1] });
    return Caller { r.value(0).toString(), parts[1] };
}

// ---- inbound -----------------------------------------------------------------------------

bool Integrations::verify(const QByteArray& secret, const QByteArray& header, const QByteArray& body, qint64 now)
{
    qint64 t = 0;
    QByteArray v1;
    for (const QByteArray& part : header.split(',')) {
        const QByteArray p = part.trimmed();
        if (p.startsWith("t=")) t = p.mid(2).toLongLong();
        if (p.startsWith("v1=")) v1 = p.mid(3);
    }
    if (t == 0 || v1.isEmpty() || qAbs(now - t) > 300) return false;
    return crypto::constantTimeEqual(Webhooks::signature(secret, t, body), "t=" + QByteArray::number(t) + ",v1=" + v1);
}

Result<QJsonObject> Integrations::add(const QString& tenantId, const QString& name)
{
    static const QRegularExpression ok(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,39}$"));
    if (!ok.match(name).hasMatch())
        return makeError(ErrorCode::ValidationFailed,
            QStringLiteral(
                "An integration's name is 1-40 lower-case letters, digits, - or _ (it becomes the rows' source)."),
            { { QStringLiteral("field"), QStringLiteral("name") } });
    const QString id = newUuidV7();
    const QString secret = newSecret();
    auto sealed = m_settings.seal(secret, QStringLiteral("integration/") + id);
    if (!sealed) return sealed.error();
    RD_TRY(inTenant(m_db, tenantId, [&]() -> Status {
        auto ins
            = m_db.exec(QStringLiteral("INSERT INTO integrations (id, tenant_id, name, secret) VALUES (?, ?, ?, ?)"),
                { id, tenantId, name, sealed.value() });
        return ins ? Status() : Status(ins.error());
    }));
    return QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("name"), name },
        { QStringLiteral("secret"), secret } };
}

Result<QJsonArray> Integrations::list(const QString& tenantId)
{
    QJsonArray out;
    RD_TRY(inTenant(m_db, tenantId, [&]() -> Status {
        auto rows = m_db.select(
            QStringLiteral("SELECT id, name, created_at FROM integrations WHERE tenant_id = ? ORDER BY name"),
            { tenantId });
        if (!rows) return rows.error();
        for (const auto& r : rows.value())
            out << QJsonObject { { QStringLiteral("id"), r.value(0).toString() },
                { QStringLiteral("name"), r.value(1).toString() }, { QStringLiteral("created_at"), iso(r.value(2)) } };
        return {};
    }));
    return out;
}

Result<QJsonObject> Integrations::receive(
    const QString& tenantSlug, const QString& integrationId, const QByteArray& signatureHeader, const QByteArray& body)
{
    auto tenant
        = m_db.select(QStringLiteral("SELECT id, coalesce(workspace_id, id) FROM tenants WHERE slug = ? AND status = "
                                     "'active'"),
            { tenantSlug });
    if (!tenant) return tenant.error();
    const Error refused = makeError(ErrorCode::AuthFailed, QStringLiteral("Unknown integration or bad signature."));
    if (tenant.value().isEmpty()) return refused;
    const QString tenantId = tenant.value().first().value(0).toString();
    const QString wsTenant = tenant.value().first().value(1).toString();
    QJsonObject out;
    Status done = inTenant(m_db, tenantId, [&]() -> Status {
        auto row = m_db.select(QStringLiteral("SELECT name, secret FROM integrations WHERE tenant_id = ? AND id = ?"),
            { tenantId, integrationId });
        if (!row) return row.error();
        if (row.value().isEmpty()) return refused;
        const QString source = row.value().first().value(0).toString();
        auto secret
            = m_settings.open(row.value().first().value(1).toString(), QStringLiteral("integration/") + integrationId);
        if (!secret) return secret.error();
        if (!verify(secret.value().toUtf8(), signatureHeader, body, QDateTime::currentSecsSinceEpoch())) return refused;
        QJsonParseError pe;
        const QJsonObject msg = QJsonDocument::fromJson(body, &pe).object();
        const QString type = msg.value(QStringLiteral("type")).toString();
        const QString ext = msg.value(QStringLiteral("external_id")).toString().trimmed();
        const QJsonObject data = msg.value(QStringLiteral("data")).toObject();
        auto invalid = [](const QString& field, const QString& why) {
            return makeError(ErrorCode::ValidationFailed, why, { { QStringLiteral("field"), field } });
        };
        if (pe.error != QJsonParseError::NoError)
            return invalid(QStringLiteral("body"), QStringLiteral("The body is not JSON."));
        if (ext.isEmpty() || ext.size() > 100)
            return invalid(QStringLiteral("external_id"), QStringLiteral("external_id is 1-100 characters."));
        const bool job = type == QLatin1String("job.upsert");
        if (!job && type != QLatin1String("candidate.upsert"))
            return invalid(QStringLiteral("type"), QStringLiteral("type is job.upsert or candidate.upsert."));
        // The fields taken, by type; anything else in data is ignored.
        const QStringList allowed = job
            ? QStringList { QStringLiteral("title"), QStringLiteral("description"), QStringLiteral("location"),
                  QStringLiteral("department"), QStringLiteral("employment_type"), QStringLiteral("status") }
            : QStringList { QStringLiteral("first_name"), QStringLiteral("last_name"), QStringLiteral("headline"),
                  QStringLiteral("location") };
        QJsonObject fields;
        for (const QString& k : allowed)
            if (data.value(k).isString())
                fields.insert(k, data.value(k).toString().left(k == QLatin1String("description") ? 20000 : 300));
        if (job && fields.contains(QStringLiteral("status"))
            && fields.value(QStringLiteral("status")) != QLatin1String("open")
            && fields.value(QStringLiteral("status")) != QLatin1String("closed"))
            return invalid(QStringLiteral("data.status"), QStringLiteral("A job's status is open or closed."));
        const QString entity = job ? QStringLiteral("job_postings") : QStringLiteral("candidates");
        // Candidates' external ids are unique across sources: prefixed with the integration's name.
        const QString externalId = job ? ext : source + QLatin1Char(':') + ext;
        auto existing
            = m_db.select(QStringLiteral("SELECT row_id FROM entity_state WHERE tenant_id = ? AND entity = ? AND NOT "
                                         "deleted AND coalesce(fields->>'deleted_at', '') = '' AND "
                                         "fields->>'external_id' = ? AND coalesce(fields->>'source', '') = ?"),
                { tenantId, entity, externalId, source });
        if (!existing) return existing.error();
        SyncService sync(m_db);
        const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        QString id;
        if (!existing.value().isEmpty()) {
            id = existing.value().first().value(0).toString();
            fields.insert(QStringLiteral("updated_at"), now);
            auto c = sync.serverChange(tenantId, entity, id, fields);
            if (!c) return c.error();
            out = { { QStringLiteral("id"), id }, { QStringLiteral("created"), false } };
        } else {
            if (job && fields.value(QStringLiteral("title")).toString().isEmpty())
                return invalid(QStringLiteral("data.title"), QStringLiteral("A new job needs a title."));
            id = newUuidV7();
            fields.insert(QStringLiteral("id"), id);
            fields.insert(QStringLiteral("tenant_id"), wsTenant);
            fields.insert(QStringLiteral("external_id"), externalId);
            fields.insert(QStringLiteral("source"), source);
            fields.insert(QStringLiteral("created_at"), now);
            fields.insert(QStringLiteral("updated_at"), now);
            if (job) {
                fields.insert(
                    QStringLiteral("job_number"), QStringLiteral("%1-%2").arg(source.toUpper(), ext).left(60));
                if (!fields.contains(QStringLiteral("status")))
                    fields.insert(QStringLiteral("status"), QStringLiteral("open"));
            }
            auto c = sync.serverInsert(tenantId, entity, id, fields);
            if (!c) return c.error();
            if (!job && data.value(QStringLiteral("email")).isString()) {
                const QString email = data.value(QStringLiteral("email")).toString().trimmed();
                const QString contact = newUuidV7();
                auto e = sync.serverInsert(tenantId, QStringLiteral("candidate_contacts"), contact,
                    { { QStringLiteral("id"), contact }, { QStringLiteral("tenant_id"), wsTenant },
                        { QStringLiteral("candidate_id"), id }, { QStringLiteral("kind"), QStringLiteral("email") },
                        { QStringLiteral("value"), email },
                        { QStringLiteral("value_norm"), CandidateService::normaliseEmail(email) },
                        { QStringLiteral("created_at"), now }, { QStringLiteral("updated_at"), now } });
                if (!e) return e.error();
            }
            out = { { QStringLiteral("id"), id }, { QStringLiteral("created"), true } };
        }
        return AuditStore(m_db).appendServer(tenantId, QStringLiteral("integration.") + type,
            job ? QStringLiteral("job") : QStringLiteral("candidate"), id,
            { { QStringLiteral("integration"), source }, { QStringLiteral("external_id"), ext } });
    });
    if (!done) return done.error();
    return out;
}

} // namespace rd::server
