#include "auditstore.h"
#include "common/ids.h"
#include "crypto/crypto.h"
#include "dispatcher.h"
#include "httpclient.h"
#include "outbound.h"
#include "integrations.h"
#include "serverutil.h"

#include <QJsonDocument>
#include <QSqlRecord>

namespace rd::server {

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
    // Said now rather than at each delivery: an address the server may not call.
    auto allowText = m_settings.get(QStringLiteral("outbound.allow"));
    if (!allowText) return allowText.error();
    auto allowed = outbound::parseAllowed(allowText.value());
    if (!allowed) return allowed.error();
    if (auto target = outbound::check(u, allowed.value()); !target) return target.error();
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
                { id, tenantId, url, pgTextArray(events), sealed.value() });
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
                { QStringLiteral("events"), QJsonArray::fromStringList(fromPgTextArray(r.value(2))) },
                { QStringLiteral("active"), r.value(3).toBool() },
                { QStringLiteral("created_at"), isoUtc(r.value(4)) } };
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
                { QStringLiteral("created_at"), isoUtc(r.value(8)) },
                { QStringLiteral("sent_at"), isoUtc(r.value(9)) } };
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
            const HttpResult r = outbound::post(m_settings, QUrl(d.url), QByteArrayLiteral("application/json"), body,
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

} // namespace rd::server
