#include "authorizer.h"

#include "audit/auditlog.h"
#include "auth/writepolicy.h"
#include "common/clock.h"
#include "store/database.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAuth, "rd.core.auth")

namespace rd {

Result<QStringList> Authorizer::roleNames(const Session& session)
{
    auto rows = m_db.select(QStringLiteral("SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id "
                                           "WHERE ur.user_id = ? AND ur.tenant_id = ? AND ur.deleted_at IS NULL "
                                           "AND r.deleted_at IS NULL ORDER BY r.name"),
        { session.userId, session.tenantId });
    if (!rows)
        return rows.error();
    QStringList names;
    for (const auto& r : rows.value())
        names << r.value(0).toString();
    return names;
}

Result<QSet<Permission>> Authorizer::permissions(const Session& session)
{
    QSet<Permission> out;
    if (!session.valid())
        return out;
    if (session.system) {
        static const QSet<Permission> all = [] {
            QSet<Permission> p;
            for (Resource r : allResources())
                for (Action a : allActions())
                    p.insert(permission(r, a));
            return p;
        }();
        return all;
    }
    auto user = m_db.selectOne(QStringLiteral("SELECT u.active, t.status FROM users u JOIN tenants t ON t.id = u.tenant_id "
                                              "WHERE u.id = ? AND u.tenant_id = ? AND u.deleted_at IS NULL"),
        { session.userId, session.tenantId });
    if (!user) {
        if (user.error().code == ErrorCode::NotFound)
            return out;
        return user.error();
    }
    if (!user.value().value(0).toBool() || user.value().value(1).toString() != QLatin1String("active"))
        return out;

    auto rows = m_db.select(QStringLiteral("SELECT r.id, r.name, r.is_system FROM user_roles ur JOIN roles r ON r.id = "
                                           "ur.role_id WHERE ur.user_id = ? AND ur.tenant_id = ? AND ur.deleted_at IS NULL "
                                           "AND r.deleted_at IS NULL"),
        { session.userId, session.tenantId });
    if (!rows)
        return rows.error();
    // The same union the sync server computes (writepolicy.h: one implementation).
    QList<HeldRole> held;
    for (const auto& r : rows.value()) {
        HeldRole role { r.value(0).toString(), r.value(1).toString(), r.value(2).toBool(), {} };
        if (!role.isSystem) {
            auto perms = m_db.select(QStringLiteral("SELECT resource, action FROM role_permissions WHERE role_id = ? AND "
                                                    "tenant_id = ? AND deleted_at IS NULL"),
                { role.id, session.tenantId });
            if (!perms)
                return perms.error();
            for (const auto& p : perms.value())
                role.customPermissions << p.value(0).toString() + QLatin1Char('.') + p.value(1).toString();
        }
        held << role;
    }
    out = effectivePermissions(held);
    return out;
}

bool Authorizer::can(const Session& session, Resource resource, Action action)
{
    auto perms = permissions(session);
    return perms.ok() && perms.value().contains(permission(resource, action));
}

Status Authorizer::require(const Session& session, Resource resource, Action action, const QString& resourceId)
{
    if (!session.valid())
        return makeError(ErrorCode::PermissionDenied, QStringLiteral("not signed in"));
    auto perms = permissions(session);
    if (!perms)
        return perms.error();
    if (perms.value().contains(permission(resource, action)))
        return {};
    const QString reason = perms.value().isEmpty() ? QStringLiteral("account disabled or tenant suspended")
                                                   : QStringLiteral("role does not grant it");
    if (auto s = recordDenial(session, resource, action, resourceId, reason); !s)
        qCWarning(lcAuth) << "could not audit a denial:" << s.error().message;
    return makeError(ErrorCode::PermissionDenied,
        QStringLiteral("You are not allowed to %1 %2.").arg(actionName(action), resourceName(resource)),
        { { QStringLiteral("resource"), resourceName(resource) }, { QStringLiteral("action"), actionName(action) } });
}

Status Authorizer::recordDenial(const Session& session, Resource resource, Action action, const QString& resourceId,
    const QString& reason)
{
    Transaction tx(m_db);
    RD_TRY(tx.status());
    AuditEntry e;
    e.tenantId = session.tenantId;
    e.userId = session.userId;
    e.action = permission(resource, action);
    e.resourceType = resourceName(resource);
    e.resourceId = resourceId;
    e.outcome = QStringLiteral("denied");
    e.diff = { { QStringLiteral("reason"), reason } };
    e.correlationId = session.correlationId;
    e.createdAt = m_clock.nowIso();
    RD_TRY(m_audit.append(e));
    return tx.commit();
}

} // namespace rd
