#include "provisioning.h"

#include "auditstore.h"
#include "auth/permissions.h"
#include "common/ids.h"
#include "httpapp.h"
#include "serverutil.h"
#include "store/rowrules.h"

namespace rd::server {

Result<QJsonObject> Provisioning::wholeRow(
    const QString& entity, const QString& id, const QString& workspace, const QString& now, QJsonObject fields)
{
    fields.insert(QStringLiteral("id"), id);
    fields.insert(QStringLiteral("tenant_id"), workspace);
    fields.insert(QStringLiteral("created_at"), now);
    fields.insert(QStringLiteral("updated_at"), now);
    const QJsonObject defaults = rowrules::defaults(entity);
    for (auto it = defaults.constBegin(); it != defaults.constEnd(); ++it)
        if (!fields.contains(it.key())) fields.insert(it.key(), it.value());
    for (const QString& column : rowrules::columns(entity))
        if (!fields.contains(column)) fields.insert(column, QJsonValue());
    RD_TRY(rowrules::checkRow(entity, fields));
    return fields;
}

Status Provisioning::ensureWorkspace(const AccessClaims& claims)
{
    auto unbound = m_db.select(
        QStringLiteral("SELECT t.workspace_id IS NULL, 'admin' = ANY(u.roles) FROM tenants t JOIN users u ON u.tenant_id = "
                       "t.id WHERE t.id = ? AND u.id = ?"),
        { claims.tenantId, claims.userId });
    if (!unbound) return unbound.error();
    if (unbound.value().isEmpty() || !unbound.value().first().value(0).toBool()
        || !unbound.value().first().value(1).toBool())
        return {};
    RD_TRY(m_db.begin());
    auto fail = [&](const Error& e) -> Status {
        m_db.rollback();
        return e;
    };
    if (const Status s = m_db.scopeToTenant(claims.tenantId); !s) return fail(s.error());
    auto tenant = m_db.select(QStringLiteral("SELECT name, slug, kind, workspace_id IS NULL FROM tenants WHERE id = ? FOR "
                                             "UPDATE"),
        { claims.tenantId });
    if (!tenant) return fail(tenant.error());
    if (tenant.value().isEmpty() || !tenant.value().first().value(3).toBool()) {
        m_db.rollback(); // another request made it meanwhile
        return {};
    }
    auto account = m_db.select(QStringLiteral("SELECT email FROM users WHERE id = ?"), { claims.userId });
    if (!account || account.value().isEmpty()) return fail(account ? Error { ErrorCode::NotFound, QStringLiteral("no account"), {} } : account.error());
    // The workspace as the desktop makes one (TenantService::createWorkspace): the tenants row,
    // the built-in roles, the admin and their admin role, as server-made rows every device pulls.
    const QString now = nowIsoUtc();
    const QString ws = newUuidV7(), adminId = newUuidV7();
    const QString email = account.value().first().value(0).toString();
    auto rowOf = [&](const QString& entity, const QString& id, QJsonObject fields) -> Result<QJsonObject> {
        for (const char* k : { "created_by", "updated_by" })
            fields.insert(QLatin1String(k), adminId);
        return wholeRow(entity, id, ws, now, fields);
    };
    QList<QPair<QString, QPair<QString, QJsonObject>>> rows; // entity, id, fields
    auto add = [&](const QString& entity, const QString& id, const QJsonObject& fields) -> Status {
        auto row = rowOf(entity, id, fields);
        if (!row) return row.error();
        rows << qMakePair(entity, qMakePair(id, row.value()));
        return {};
    };
    const QSqlRecord& t = tenant.value().first();
    if (Status s = add(QStringLiteral("tenants"), ws,
            { { QStringLiteral("name"), t.value(0).toString() }, { QStringLiteral("slug"), t.value(1).toString() },
                { QStringLiteral("kind"), t.value(2).toString() }, { QStringLiteral("status"), QStringLiteral("active") },
                { QStringLiteral("settings"), QStringLiteral("{}") }, { QStringLiteral("plan"), QStringLiteral("standard") } });
        !s)
        return fail(s.error());
    QString adminRole;
    for (const QString& role : roles::systemRoles()) {
        const QString id = newUuidV7();
        if (role == roles::Admin) adminRole = id;
        if (Status s = add(QStringLiteral("roles"), id,
                { { QStringLiteral("name"), role }, { QStringLiteral("description"), QStringLiteral("Built-in role") },
                    { QStringLiteral("is_system"), 1 } });
            !s)
            return fail(s.error());
    }
    if (Status s = add(QStringLiteral("users"), adminId,
            { { QStringLiteral("email"), email }, { QStringLiteral("email_norm"), email.toLower() },
                { QStringLiteral("active"), 1 }, { QStringLiteral("verified"), 1 } });
        !s)
        return fail(s.error());
    if (Status s = add(QStringLiteral("user_roles"), newUuidV7(),
            { { QStringLiteral("user_id"), adminId }, { QStringLiteral("role_id"), adminRole } });
        !s)
        return fail(s.error());
    for (const auto& [entity, row] : std::as_const(rows))
        if (auto made = m_sync.serverInsert(claims.tenantId, entity, row.first, row.second); !made) return fail(made.error());
    auto bind = m_db.exec(QStringLiteral("UPDATE tenants SET workspace_id = ? WHERE id = ?"), { ws, claims.tenantId });
    if (!bind) return fail(bind.error());
    auto me = m_db.exec(QStringLiteral("UPDATE users SET desktop_user_id = ? WHERE id = ?"), { adminId, claims.userId });
    if (!me) return fail(me.error());
    if (Status a = AuditStore(m_db).appendServer(claims.tenantId, QStringLiteral("tenant.create"), QStringLiteral("tenant"), ws,
            { { QStringLiteral("admin"), email }, { QStringLiteral("by"), QStringLiteral("join") } });
        !a)
        return fail(a.error());
    logJson(QStringLiteral("info"), QStringLiteral("workspace made for the first join"),
        { { QStringLiteral("tenant_id"), claims.tenantId }, { QStringLiteral("workspace_id"), ws } });
    return m_db.commit();
}

Result<Provisioning::Provisioned> Provisioning::provisionUser(const QString& tenantId, const QString& accountId,
    const QString& email, const QString& role, const QJsonObject& profile)
{
    RD_TRY(m_db.begin());
    auto fail = [&](const Error& e) -> Result<Provisioned> {
        m_db.rollback();
        return e;
    };
    if (const Status s = m_db.scopeToTenant(tenantId); !s) return fail(s.error());
    auto bound = m_db.select(QStringLiteral("SELECT coalesce(workspace_id, '') FROM tenants WHERE id = ? FOR UPDATE"), { tenantId });
    if (!bound) return fail(bound.error());
    const QString ws = bound.value().isEmpty() ? QString() : bound.value().first().value(0).toString();
    if (ws.isEmpty()) {
        m_db.rollback();
        return Provisioned { QStringLiteral("pending"), {}, {} };
    }
    const QString norm = email.trimmed().toLower();
    auto existing = m_db.select(
        QStringLiteral("SELECT row_id, coalesce(fields->>'active', '1') FROM entity_state WHERE tenant_id = ? AND "
                       "entity = 'users' AND NOT deleted AND fields->>'deleted_at' IS NULL AND fields->>'email_norm' = ? "
                       "ORDER BY row_id LIMIT 1"),
        { tenantId, norm });
    if (!existing) return fail(existing.error());
    QString userId, outcome = QStringLiteral("existing");
    if (!existing.value().isEmpty()) {
        // The workspace's own user with that email: the account acts as them, with their roles
        // (the operator sees them in the answer); a disabled one stays disabled.
        const QString active = existing.value().first().value(1).toString();
        if (active != QLatin1String("1") && active != QLatin1String("true"))
            return fail(Error { ErrorCode::Conflict,
                QStringLiteral("The workspace has a disabled user with this email; an admin enables them first."),
                { { QStringLiteral("reason"), QStringLiteral("user_disabled") } } });
        userId = existing.value().first().value(0).toString();
    } else {
        auto roleRow = m_db.select(
            QStringLiteral("SELECT row_id FROM entity_state WHERE tenant_id = ? AND entity = 'roles' AND NOT deleted AND "
                           "fields->>'deleted_at' IS NULL AND fields->>'name' = ? AND fields->>'is_system' IN ('1', "
                           "'true') LIMIT 1"),
            { tenantId, role });
        if (!roleRow) return fail(roleRow.error());
        if (roleRow.value().isEmpty())
            return fail(Error { ErrorCode::NotFound, QStringLiteral("The workspace has no built-in role %1.").arg(role),
                { { QStringLiteral("role"), role } } });
        userId = newUuidV7();
        const QString now = nowIsoUtc();
        auto whole = [&](const QString& entity, const QString& id, const QJsonObject& fields) {
            return wholeRow(entity, id, ws, now, fields);
        };
        QJsonObject userFields { { QStringLiteral("email"), email.trimmed() }, { QStringLiteral("email_norm"), norm },
            { QStringLiteral("active"), 1 } };
        for (const char* name : { "given_name", "family_name" })
            if (const QString v = profile.value(QLatin1String(name)).toString().trimmed(); !v.isEmpty())
                userFields.insert(QLatin1String(name), v);
        auto user = whole(QStringLiteral("users"), userId, userFields);
        if (!user) return fail(user.error());
        const QString urId = newUuidV7();
        auto grant = whole(QStringLiteral("user_roles"), urId,
            { { QStringLiteral("user_id"), userId }, { QStringLiteral("role_id"), roleRow.value().first().value(0).toString() } });
        if (!grant) return fail(grant.error());
        if (auto made = m_sync.serverInsert(tenantId, QStringLiteral("users"), userId, user.value()); !made) return fail(made.error());
        if (auto made = m_sync.serverInsert(tenantId, QStringLiteral("user_roles"), urId, grant.value()); !made)
            return fail(made.error());
        if (Status a = AuditStore(m_db).appendServer(tenantId, QStringLiteral("user.create"), QStringLiteral("user"), userId,
                { { QStringLiteral("email"), email.trimmed() }, { QStringLiteral("role"), role } });
            !a)
            return fail(a.error());
        outcome = QStringLiteral("created");
    }
    // One account per workspace user: another account bound to them would act as them.
    auto taken = m_db.select(QStringLiteral("SELECT 1 FROM users WHERE tenant_id = ? AND desktop_user_id = ? AND id <> ?"),
        { tenantId, userId, accountId });
    if (!taken) return fail(taken.error());
    if (!taken.value().isEmpty())
        return fail(Error { ErrorCode::Conflict,
            QStringLiteral("This workspace user already signs in with another account on the server."),
            { { QStringLiteral("reason"), QStringLiteral("user_bound") } } });
    auto bind = m_db.exec(QStringLiteral("UPDATE users SET desktop_user_id = ? WHERE id = ?"), { userId, accountId });
    if (!bind) return fail(bind.error());
    auto roles = m_db.select(
        QStringLiteral("SELECT coalesce(string_agg(r.fields->>'name', ',' ORDER BY r.fields->>'name'), '') FROM "
                       "entity_state ur JOIN entity_state r ON r.tenant_id = ur.tenant_id AND r.entity = 'roles' AND "
                       "r.row_id = ur.fields->>'role_id' AND NOT r.deleted AND r.fields->>'deleted_at' IS NULL WHERE "
                       "ur.tenant_id = ? AND ur.entity = 'user_roles' AND NOT ur.deleted AND ur.fields->>'deleted_at' IS "
                       "NULL AND ur.fields->>'user_id' = ?"),
        { tenantId, userId });
    if (!roles) return fail(roles.error());
    if (const Status c = m_db.commit(); !c) return c.error();
    return Provisioned { outcome, userId,
        roles.value().first().value(0).toString().split(QLatin1Char(','), Qt::SkipEmptyParts) };
}

} // namespace rd::server
