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

Result<bool> Authorizer::scopedToAssignedJobs(const Session& session)
{
    if (session.system || !session.valid())
        return false;
    auto roles = roleNames(session);
    if (!roles)
        return roles.error();
    auto perms = permissions(session);
    if (!perms)
        return perms.error();
    return rd::scopedToAssignedJobs(roles.value(), perms.value());
}

namespace {
// The assigned-jobs condition: `column IN (subquery)` bound to the session's tenant and user, or
// nothing when the session is not limited to its jobs.
const QString kCandidatesOfMyJobs = QStringLiteral(
    "SELECT sa.candidate_id FROM applications sa JOIN job_managers sm ON sm.job_id = sa.job_id AND sm.tenant_id = "
    "sa.tenant_id AND sm.deleted_at IS NULL WHERE sa.tenant_id = ? AND sm.user_id = ? AND sa.deleted_at IS NULL");
const QString kMyJobs
    = QStringLiteral("SELECT job_id FROM job_managers WHERE tenant_id = ? AND user_id = ? AND deleted_at IS NULL");
} // namespace

Result<Authorizer::Scope> Authorizer::scopeIn(const Session& session, const QString& column, const QString& subquery)
{
    auto scoped = scopedToAssignedJobs(session);
    if (!scoped)
        return scoped.error();
    if (!scoped.value())
        return Scope {};
    return Scope { QStringLiteral(" AND %1 IN (%2)").arg(column, subquery), { session.tenantId, session.userId } };
}

Result<Authorizer::Scope> Authorizer::candidateScope(const Session& session, const QString& candidateColumn)
{
    return scopeIn(session, candidateColumn, kCandidatesOfMyJobs);
}

Result<Authorizer::Scope> Authorizer::jobScope(const Session& session, const QString& jobColumn)
{
    return scopeIn(session, jobColumn, kMyJobs);
}

Status Authorizer::requireVisible(const Session& session, const QString& table, const QString& id, const QString& what)
{
    auto scope = scopeIn(session, QStringLiteral("id"), table == QLatin1String("candidates") ? kCandidatesOfMyJobs : kMyJobs);
    if (!scope)
        return scope.error();
    if (scope.value().sql.isEmpty())
        return {};
    auto row = m_db.select(QStringLiteral("SELECT 1 FROM %1 WHERE tenant_id = ? AND id = ?").arg(table) + scope.value().sql,
        QVariantList { session.tenantId, id } + scope.value().binds);
    if (!row)
        return row.error();
    if (row.value().isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("%1 not found.").arg(what),
            { { QStringLiteral("id"), id }, { QStringLiteral("rule"), QStringLiteral("assigned_jobs_only") } });
    return {};
}

Status Authorizer::requireCandidateVisible(const Session& session, const QString& candidateId)
{
    return requireVisible(session, QStringLiteral("candidates"), candidateId, QStringLiteral("Candidate"));
}

Status Authorizer::requireJobVisible(const Session& session, const QString& jobId)
{
    return requireVisible(session, QStringLiteral("job_postings"), jobId, QStringLiteral("Job"));
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
