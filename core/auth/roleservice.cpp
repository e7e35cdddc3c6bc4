#include "roleservice.h"

#include "auth/permissions.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "service/context.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlRecord>

namespace rd {

namespace {
Status parsePermissions(const QStringList& perms, QList<QPair<QString, QString>>* out)
{
    for (const QString& p : perms) {
        const QString res = p.section(QLatin1Char('.'), 0, 0);
        const QString act = p.section(QLatin1Char('.'), 1);
        if (!parseResource(res) || !parseAction(act))
            return validate::failed(QStringLiteral("permission"),
                QStringLiteral("'%1' is not a permission; write resource.action, e.g. candidate.read.").arg(p),
                QStringLiteral("unknown"));
        out->append({ res, act });
    }
    return {};
}

Status checkRoleName(const QString& name)
{
    static const QRegularExpression re(QStringLiteral("^[a-z][a-z0-9_]{1,47}$"));
    if (!re.match(name).hasMatch())
        return validate::failed(QStringLiteral("name"),
            QStringLiteral("A role name has 2-48 lower-case letters, digits or underscores, starting with a letter."),
            QStringLiteral("format"));
    return {};
}
} // namespace

Result<Role> RoleService::load(const QString& tenantId, const QString& name)
{
    auto r = m_ctx.db.selectOne(QStringLiteral("SELECT id, tenant_id, name, description, is_system FROM roles WHERE "
                                               "tenant_id = ? AND name = ? AND deleted_at IS NULL"),
        { tenantId, name });
    if (!r)
        return r.error().code == ErrorCode::NotFound
            ? makeError(ErrorCode::NotFound, QStringLiteral("No role named '%1'.").arg(name), { { QStringLiteral("name"), name } })
            : r.error();
    Role role;
    role.id = r.value().value(0).toString();
    role.tenantId = r.value().value(1).toString();
    role.name = r.value().value(2).toString();
    role.description = r.value().value(3).toString();
    role.system = r.value().value(4).toBool();
    if (role.system) {
        role.permissions = systemRolePermissions(role.name).values();
    } else {
        auto perms = m_ctx.db.select(QStringLiteral("SELECT resource || '.' || action FROM role_permissions WHERE role_id = ? "
                                                    "AND tenant_id = ? AND deleted_at IS NULL"),
            { role.id, tenantId });
        if (!perms)
            return perms.error();
        for (const auto& p : perms.value())
            role.permissions << p.value(0).toString();
    }
    role.permissions.sort();
    return role;
}

Result<Role> RoleService::loadCustom(const QString& tenantId, const QString& name)
{
    auto role = load(tenantId, name);
    if (role.ok() && role.value().system)
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("Built-in roles cannot be changed."),
            { { QStringLiteral("field"), QStringLiteral("name") }, { QStringLiteral("rule"), QStringLiteral("system_role") } });
    return role;
}

Result<QList<Role>> RoleService::list(const Session& session)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Role, Action::Read));
    auto rows = m_ctx.db.select(QStringLiteral("SELECT name FROM roles WHERE tenant_id = ? AND deleted_at IS NULL "
                                               "ORDER BY is_system DESC, name"),
        { session.tenantId });
    if (!rows)
        return rows.error();
    QList<Role> out;
    for (const auto& r : rows.value()) {
        auto role = load(session.tenantId, r.value(0).toString());
        if (!role)
            return role.error();
        out << role.value();
    }
    return out;
}

Result<Role> RoleService::get(const Session& session, const QString& name)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Role, Action::Read));
    return load(session.tenantId, name);
}

Result<Role> RoleService::create(const Session& session, const QString& name, const QString& description,
    const QStringList& permissions)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Role, Action::Create));
    RD_TRY(checkRoleName(name));
    RD_TRY(validate::text(QStringLiteral("description"), description, 500, false));
    QList<QPair<QString, QString>> perms;
    RD_TRY(parsePermissions(permissions, &perms));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    const QString id = newUuidV7(m_ctx.clock.nowMs());
    auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO roles (id, tenant_id, name, description, is_system, created_at, "
                                              "updated_at, created_by, updated_by) VALUES (?,?,?,?,0,?,?,?,?)"),
        { id, session.tenantId, name, description, uow.now(), uow.now(), session.userId, session.userId });
    if (!ins) {
        if (ins.error().code == ErrorCode::Conflict)
            return makeError(ErrorCode::Conflict, QStringLiteral("A role with this name already exists."),
                { { QStringLiteral("field"), QStringLiteral("name") } });
        return ins.error();
    }
    RD_TRY(uow.recorded(QStringLiteral("role.create"), QStringLiteral("role"), id, QStringLiteral("insert"),
        { { QStringLiteral("tenant_id"), session.tenantId }, { QStringLiteral("name"), name },
            { QStringLiteral("description"), description }, { QStringLiteral("is_system"), false } }));
    UnitOfWork& u = uow;
    for (const auto& [res, act] : perms) {
        const QString pid = newUuidV7(m_ctx.clock.nowMs());
        auto p = m_ctx.db.change(QStringLiteral("INSERT OR IGNORE INTO role_permissions (id, tenant_id, role_id, resource, "
                                                "action, created_at, updated_at, created_by, updated_by) VALUES "
                                                "(?,?,?,?,?,?,?,?,?)"),
            { pid, session.tenantId, id, res, act, u.now(), u.now(), session.userId, session.userId });
        if (!p)
            return p.error();
    }
    auto role = load(session.tenantId, name);
    if (!role)
        return role.error();
    RD_TRY(uow.commit());
    return role;
}

Result<Role> RoleService::grant(const Session& session, const QString& name, const QStringList& permissions)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Role, Action::Update));
    QList<QPair<QString, QString>> perms;
    RD_TRY(parsePermissions(permissions, &perms));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto role = loadCustom(session.tenantId, name);
    if (!role)
        return role.error();
    QStringList added;
    for (const auto& [res, act] : perms) {
        const QString pid = newUuidV7(m_ctx.clock.nowMs());
        auto p = m_ctx.db.change(QStringLiteral("INSERT OR IGNORE INTO role_permissions (id, tenant_id, role_id, resource, "
                                                "action, created_at, updated_at, created_by, updated_by) VALUES "
                                                "(?,?,?,?,?,?,?,?,?)"),
            { pid, session.tenantId, role.value().id, res, act, uow.now(), uow.now(), session.userId, session.userId });
        if (!p)
            return p.error();
        if (p.value() > 0) {
            added << res + QLatin1Char('.') + act;
        }
    }
    RD_TRY(uow.audit(QStringLiteral("role.grant"), QStringLiteral("role"), role.value().id,
        { { QStringLiteral("granted"), QJsonArray::fromStringList(added) } }));
    uow.publish(EntityChanged { session.tenantId, QStringLiteral("role"), role.value().id, QStringLiteral("update") });
    auto after = load(session.tenantId, name);
    if (!after)
        return after.error();
    RD_TRY(uow.commit());
    return after;
}

Result<Role> RoleService::revoke(const Session& session, const QString& name, const QStringList& permissions)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Role, Action::Update));
    QList<QPair<QString, QString>> perms;
    RD_TRY(parsePermissions(permissions, &perms));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto role = loadCustom(session.tenantId, name);
    if (!role)
        return role.error();
    QStringList removed;
    for (const auto& [res, act] : perms) {
        auto row = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM role_permissions WHERE role_id = ? AND resource = ? AND "
                                                     "action = ? AND deleted_at IS NULL"),
            { role.value().id, res, act });
        if (!row) {
            if (row.error().code == ErrorCode::NotFound)
                continue;
            return row.error();
        }
        const QString pid = row.value().value(0).toString();
        auto d = m_ctx.db.change(
            QStringLiteral("UPDATE role_permissions SET deleted_at = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
            { uow.now(), uow.now(), session.userId, pid });
        if (!d)
            return d.error();
        removed << res + QLatin1Char('.') + act;
    }
    RD_TRY(uow.audit(QStringLiteral("role.revoke"), QStringLiteral("role"), role.value().id,
        { { QStringLiteral("revoked"), QJsonArray::fromStringList(removed) } }));
    uow.publish(EntityChanged { session.tenantId, QStringLiteral("role"), role.value().id, QStringLiteral("update") });
    auto after = load(session.tenantId, name);
    if (!after)
        return after.error();
    RD_TRY(uow.commit());
    return after;
}

Status RoleService::remove(const Session& session, const QString& name)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Role, Action::Delete));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto role = loadCustom(session.tenantId, name);
    if (!role)
        return role.error();
    auto inUse = m_ctx.db.selectOne(
        QStringLiteral("SELECT COUNT(*) FROM user_roles WHERE role_id = ? AND deleted_at IS NULL"), { role.value().id });
    if (!inUse)
        return inUse.error();
    if (inUse.value().value(0).toInt() > 0)
        return makeError(ErrorCode::Conflict, QStringLiteral("The role is still assigned to users."),
            { { QStringLiteral("users"), inUse.value().value(0).toInt() } });
    auto d = m_ctx.db.change(QStringLiteral("UPDATE roles SET deleted_at = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
        { uow.now(), uow.now(), session.userId, role.value().id });
    if (!d)
        return d.error();
    RD_TRY(uow.recorded(QStringLiteral("role.delete"), QStringLiteral("role"), role.value().id, QStringLiteral("delete"),
        { { QStringLiteral("deleted_at"), uow.now() }, { QStringLiteral("name"), name } }));
    return uow.commit();
}

} // namespace rd
