#include "crypto/crypto.h"
#include "integrations.h"
#include "serverutil.h"

#include <QSqlRecord>

namespace rd::server {

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
            { id, tenantId, name.trimmed(), pgTextArray(scopes), crypto::sha256Hex(secret.toUtf8()) });
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
            { QStringLiteral("scopes"), QJsonArray::fromStringList(fromPgTextArray(r.value(2))) },
            { QStringLiteral("created_at"), isoUtc(r.value(3)) },
            { QStringLiteral("last_used_at"), isoUtc(r.value(4)) },
            { QStringLiteral("revoked_at"), isoUtc(r.value(5)) } };
    return out;
}

Result<QJsonObject> ApiKeys::rotate(const QString& tenantId, const QString& id)
{
    auto row = m_db.select(
        QStringLiteral("SELECT name, scopes FROM api_keys WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL"),
        { tenantId, id });
    if (!row) return row.error();
    if (row.value().isEmpty()) return makeError(ErrorCode::NotFound, QStringLiteral("No live API key %1.").arg(id));
    auto made
        = create(tenantId, row.value().first().value(0).toString(), fromPgTextArray(row.value().first().value(1)));
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
    if (!fromPgTextArray(r.value(2)).contains(scope))
        return makeError(ErrorCode::PermissionDenied, QStringLiteral("This API key lacks the scope %1.").arg(scope),
            { { QStringLiteral("scope"), scope } });
    (void)m_db.exec(QStringLiteral("UPDATE api_keys SET last_used_at = now() WHERE id = ?"), { parts[1] });
    return Caller { r.value(0).toString(), parts[1] };
}

} // namespace rd::server
