#include "readscope.h"

#include "auth/permissions.h"
#include "pushguard.h"
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

Error ReadScope::disabledError()
{
    return Error { ErrorCode::PermissionDenied, QStringLiteral("This account is disabled; ask your administrator."),
        { { QStringLiteral("reason"), QStringLiteral("account_disabled") } } };
}

Result<ReadScope> ReadScope::of(PgDatabase& db, const AccessClaims& claims)
{
    // The same account-to-desktop-user resolution and permission union the push guard uses.
    ReadScope s;
    auto actor = ServerActor::of(db, claims);
    if (!actor) return actor.error();
    const Actor& a = actor.value().actor;
    if (!actor.value().found) return s;
    if (!a.active) {
        s.disabled = true;
        return s;
    }
    s.userId = a.userId;
    s.heldRoles = a.heldRoleIds;
    s.full = a.has(Resource::User, Action::Export);
    s.readRoles = a.has(Resource::Role, Action::Read);
    s.readUsers = a.has(Resource::User, Action::Read);
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
