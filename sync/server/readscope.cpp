#include "readscope.h"

#include "auth/permissions.h"
#include "crypto/crypto.h"

#include <QStringList>

namespace rd::server {

const QStringList& ReadScope::scopedEntities()
{
    static const QStringList entities { QStringLiteral("users"), QStringLiteral("roles"),
        QStringLiteral("role_permissions"), QStringLiteral("user_roles"), QStringLiteral("notifications"),
        QStringLiteral("notification_prefs"), QStringLiteral("saved_searches") };
    return entities;
}

QString ReadScope::key() const
{
    if (full) return QStringLiteral("full");
    QStringList roles(heldRoles.begin(), heldRoles.end());
    roles.sort();
    const QString text = QStringLiteral("user=%1;roles=%2;read_roles=%3;read_users=%4")
                             .arg(userId, roles.join(QLatin1Char(',')))
                             .arg(readRoles ? 1 : 0)
                             .arg(readUsers ? 1 : 0);
    return QStringLiteral("scoped:") + crypto::sha256Hex(text.toUtf8()).left(32);
}

namespace {
bool truthy(const QVariant& v)
{
    const QString s = v.toString();
    return s == QLatin1String("1") || s == QLatin1String("true");
}
} // namespace

Result<ReadScope> ReadScope::of(PgDatabase& db, const AccessClaims& claims)
{
    ReadScope s;
    // The desktop user with this account's email, active in an active tenant.
    auto user = db.select(
        QStringLiteral("SELECT e.row_id, e.fields->>'active' FROM users u JOIN entity_state e ON e.tenant_id = "
                       "u.tenant_id AND e.entity = 'users' AND NOT e.deleted AND e.fields->>'deleted_at' IS NULL AND "
                       "e.fields->>'email_norm' = lower(u.email) WHERE u.id = ? AND u.tenant_id = ? ORDER BY e.row_id "
                       "LIMIT 1"),
        { claims.userId, claims.tenantId });
    if (!user) return user.error();
    if (user.value().isEmpty() || !truthy(user.value().first().value(1))) return s;
    s.userId = user.value().first().value(0).toString();
    auto roles = db.select(
        QStringLiteral(
            "SELECT r.row_id, r.fields->>'name', r.fields->>'is_system' FROM entity_state ur JOIN entity_state r "
            "ON r.tenant_id = ur.tenant_id AND r.entity = 'roles' AND r.row_id = ur.fields->>'role_id' AND "
            "NOT r.deleted AND r.fields->>'deleted_at' IS NULL WHERE ur.tenant_id = ? AND ur.entity = "
            "'user_roles' AND NOT ur.deleted AND ur.fields->>'deleted_at' IS NULL AND ur.fields->>'user_id' = ?"),
        { claims.tenantId, s.userId });
    if (!roles) return roles.error();
    QSet<Permission> perms;
    QStringList custom;
    for (const auto& r : roles.value()) {
        s.heldRoles.insert(r.value(0).toString());
        if (truthy(r.value(2)))
            perms.unite(systemRolePermissions(r.value(1).toString()));
        else
            custom << r.value(0).toString();
    }
    if (!custom.isEmpty()) {
        auto p = db.select(
            QStringLiteral(
                "SELECT fields->>'resource', fields->>'action' FROM entity_state WHERE tenant_id = ? AND entity = "
                "'role_permissions' AND NOT deleted AND fields->>'deleted_at' IS NULL AND fields->>'role_id' = "
                "ANY(string_to_array(?, ','))"),
            { claims.tenantId, custom.join(QLatin1Char(',')) });
        if (!p) return p.error();
        for (const auto& r : p.value())
            perms.insert(r.value(0).toString() + QLatin1Char('.') + r.value(1).toString());
    }
    s.full = perms.contains(permission(Resource::User, Action::Export));
    s.readRoles = perms.contains(permission(Resource::Role, Action::Read));
    s.readUsers = perms.contains(permission(Resource::User, Action::Read));
    return s;
}

bool ReadScope::sees(const QString& entity, const QString& rowId, const QJsonObject& row) const
{
    if (full) return true;
    const QString owner = row.value(QStringLiteral("user_id")).toString();
    if (entity == QLatin1String("notifications") || entity == QLatin1String("notification_prefs")
        || entity == QLatin1String("saved_searches"))
        return !userId.isEmpty() && owner == userId;
    if (entity == QLatin1String("users")) return readUsers || (!userId.isEmpty() && rowId == userId);
    if (entity == QLatin1String("roles")) return readRoles || heldRoles.contains(rowId);
    if (entity == QLatin1String("role_permissions"))
        return readRoles || heldRoles.contains(row.value(QStringLiteral("role_id")).toString());
    if (entity == QLatin1String("user_roles")) return readRoles || (!userId.isEmpty() && owner == userId);
    return true;
}

} // namespace rd::server
