#include "integrations.h"

#include "auditstore.h"
#include "common/ids.h"
#include "crypto/crypto.h"
#include "recruiting/candidateservice.h"
#include "serverutil.h"
#include "syncservice.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlRecord>

namespace rd::server {

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
                { QStringLiteral("name"), r.value(1).toString() },
                { QStringLiteral("created_at"), isoUtc(r.value(2)) } };
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
