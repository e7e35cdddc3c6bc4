#include "pushguard.h"

#include "serverutil.h"
#include "store/replication.h"
#include "store/rowrules.h"

#include <QRegularExpression>

namespace rd::server {

namespace {
bool truthy(const QVariant& v)
{
    const QString s = v.toString();
    return s == QLatin1String("1") || s == QLatin1String("true");
}

Error refuse(const QString& reason, const QString& message, const QString& field = {})
{
    QJsonObject details { { QStringLiteral("reason"), reason } };
    if (!field.isEmpty()) details.insert(QStringLiteral("field"), field);
    return Error { reason == QLatin1String("validation_failed") || reason == QLatin1String("unknown_entity")
                || reason == QLatin1String("unknown_field")
            ? ErrorCode::ValidationFailed
            : ErrorCode::PermissionDenied,
        message, details };
}
} // namespace

Result<Actor> ServerActor::require(
    PgDatabase& db, const AccessClaims& claims, const QList<std::pair<Resource, Action>>& needs, const QString& message)
{
    RD_TRY(db.begin());
    if (const Status s = db.scopeToTenant(claims.tenantId); !s) {
        db.rollback();
        return s.error();
    }
    auto actor = of(db, claims);
    if (!actor) {
        db.rollback();
        return actor.error();
    }
    RD_TRY(db.commit()); // of() may bind the account to its user
    const Actor& a = actor.value().actor;
    bool allowed = actor.value().found && a.active;
    for (const auto& [resource, action] : needs)
        allowed = allowed && a.has(resource, action);
    if (!allowed)
        return makeError(ErrorCode::PermissionDenied, message,
            { { QStringLiteral("reason"), QStringLiteral("permission_denied") },
                { QStringLiteral("resource"), needs.isEmpty() ? QString() : resourceName(needs.last().first) },
                { QStringLiteral("action"), needs.isEmpty() ? QString() : actionName(needs.last().second) } });
    return a;
}

Result<ServerActor> ServerActor::of(PgDatabase& db, const AccessClaims& claims)
{
    ServerActor s;
    auto account = db.select(
        QStringLiteral("SELECT u.active AND t.status = 'active', 'admin' = ANY(u.roles), lower(u.email), "
                       "coalesce(u.desktop_user_id, '') FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.id = ? "
                       "AND u.tenant_id = ?"),
        { claims.userId, claims.tenantId });
    if (!account) return account.error();
    if (account.value().isEmpty()) return s;
    const bool accountActive = account.value().first().value(0).toBool();
    s.serverAdmin = account.value().first().value(1).toBool();
    const QString email = account.value().first().value(2).toString();
    const QString bound = account.value().first().value(3).toString();
    // The account's desktop user: the row it was bound to, else (the first time) the live row
    // with its email, which it is then bound to, so no later change of emails re-points it.
    auto user = db.select(
        QStringLiteral("SELECT e.row_id, coalesce(e.fields->>'active', '1'), coalesce((SELECT w.fields->>'status' FROM "
                       "entity_state w WHERE w.tenant_id = e.tenant_id AND w.entity = 'tenants' AND w.row_id = "
                       "e.fields->>'tenant_id'), 'active') FROM entity_state e WHERE e.tenant_id = ? AND e.entity = "
                       "'users' AND NOT e.deleted AND e.fields->>'deleted_at' IS NULL AND (CASE WHEN ? = '' THEN "
                       "e.fields->>'email_norm' = ? ELSE e.row_id = ? END) ORDER BY e.row_id LIMIT 1"),
        { claims.tenantId, bound, email, bound });
    if (!user) return user.error();
    if (user.value().isEmpty()) {
        s.actor = actorOf({}, {}, {}, false);
        return s;
    }
    if (bound.isEmpty()) {
        // Bound once, and only to a user no other account acts as (an email changed to this
        // account's address does not make it a second key to someone else's user).
        auto bind = db.exec(QStringLiteral("UPDATE users SET desktop_user_id = ? WHERE id = ? AND desktop_user_id IS NULL AND "
                                           "NOT EXISTS (SELECT 1 FROM users o WHERE o.tenant_id = users.tenant_id AND "
                                           "o.desktop_user_id = ? AND o.id <> users.id)"),
            { user.value().first().value(0).toString(), claims.userId, user.value().first().value(0).toString() });
        if (!bind) return bind.error();
        if (bind.value() == 0) {
            // Bound meanwhile by a parallel request of this account (fine), or refused.
            auto now = db.select(QStringLiteral("SELECT coalesce(desktop_user_id, '') FROM users WHERE id = ?"), { claims.userId });
            if (!now) return now.error();
            if (now.value().isEmpty() || now.value().first().value(0).toString() != user.value().first().value(0).toString()) {
                s.actor = actorOf({}, {}, {}, false);
                return s;
            }
        }
    }
    s.found = true;
    const QString userId = user.value().first().value(0).toString();
    const bool active = accountActive && truthy(user.value().first().value(1))
        && user.value().first().value(2).toString() == QLatin1String("active");
    auto roles = db.select(
        QStringLiteral(
            "SELECT r.row_id, r.fields->>'name', r.fields->>'is_system', coalesce((SELECT string_agg((p.fields->>'resource') "
            "|| '.' || (p.fields->>'action'), ',') FROM entity_state p WHERE p.tenant_id = r.tenant_id AND p.entity = "
            "'role_permissions' AND NOT p.deleted AND p.fields->>'deleted_at' IS NULL AND p.fields->>'role_id' = "
            "r.row_id), '') FROM entity_state ur JOIN entity_state r ON r.tenant_id = ur.tenant_id AND r.entity = "
            "'roles' AND r.row_id = ur.fields->>'role_id' AND NOT r.deleted AND r.fields->>'deleted_at' IS NULL WHERE "
            "ur.tenant_id = ? AND ur.entity = 'user_roles' AND NOT ur.deleted AND ur.fields->>'deleted_at' IS NULL AND "
            "ur.fields->>'user_id' = ?"),
        { claims.tenantId, userId });
    if (!roles) return roles.error();
    QList<HeldRole> held;
    for (const auto& r : roles.value()) {
        HeldRole role { r.value(0).toString(), r.value(1).toString(), truthy(r.value(2)), {} };
        if (!role.isSystem)
            role.customPermissions = r.value(3).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        held << role;
    }
    s.hasRoles = !held.isEmpty();
    QSet<QString> managed;
    if (scopedToAssignedJobs([&] {
            QStringList names;
            for (const HeldRole& r : held)
                names << r.name;
            return names;
        }(),
            effectivePermissions(held))) {
        auto jobs = db.select(QStringLiteral("SELECT fields->>'job_id' FROM entity_state WHERE tenant_id = ? AND entity = "
                                             "'job_managers' AND NOT deleted AND fields->>'deleted_at' IS NULL AND "
                                             "fields->>'user_id' = ?"),
            { claims.tenantId, userId });
        if (!jobs) return jobs.error();
        for (const auto& r : jobs.value())
            managed.insert(r.value(0).toString());
    }
    s.actor = actorOf(userId, held, managed, active);
    return s;
}

PushGuard::PushGuard(PgDatabase& db, QString tenantId, QString workspaceId, ServerActor actor, bool bootstrap)
    : m_db(db)
    , m_tenantId(std::move(tenantId))
    , m_workspaceId(std::move(workspaceId))
    , m_actor(std::move(actor))
    , m_bootstrap(bootstrap)
{
}

Result<PushGuard> PushGuard::open(PgDatabase& db, const AccessClaims& claims, const QString& workspaceId,
    const QString& boundDevice, qint64 lastBefore, const ServerActor& actor, bool hasChanges)
{
    bool bootstrap = false;
    if (actor.serverAdmin && !actor.hasRoles) {
        auto anyRoles = db.select(
            QStringLiteral("SELECT EXISTS (SELECT 1 FROM entity_state WHERE tenant_id = ? AND entity = 'user_roles')"),
            { claims.tenantId });
        if (!anyRoles) return anyRoles.error();
        bootstrap = !anyRoles.value().first().value(0).toBool()
            && (boundDevice.isEmpty() ? workspaceId.isEmpty() || lastBefore == 0 : boundDevice == claims.deviceId);
    }
    if (hasChanges && !bootstrap && (!actor.found || !actor.actor.active))
        return Error { ErrorCode::PermissionDenied,
            QStringLiteral("Your account is not an active user of this workspace; ask its administrator."),
            { { QStringLiteral("reason"), QStringLiteral("not_a_workspace_user") } } };
    return PushGuard(db, claims.tenantId, workspaceId, actor, bootstrap);
}

Status PushGuard::decide(const sync::ChangeRecord& c, const QJsonObject* current, bool deleted)
{
    if (!current && c.op != QLatin1String("insert"))
        return Error { ErrorCode::ValidationFailed, QStringLiteral("The server has no such row."),
            { { QStringLiteral("reason"), QStringLiteral("validation_failed") },
                { QStringLiteral("field"), QStringLiteral("row_id") } } };
    // A record that changes nothing (a laptop sending its whole state again after a new
    // timeline) is accepted as it is: there is nothing to allow. Only for a row the user may
    // read: else accepted-or-refused would confirm a guessed value.
    if (current && !deleted && c.op != QLatin1String("delete") && mayRead(c.entity, c.rowId, *current)) {
        bool same = true;
        for (auto it = c.fields.constBegin(); same && it != c.fields.constEnd(); ++it)
            same = current->value(it.key()) == it.value();
        if (same) return {};
    }
    WriteAttempt w { c.entity, c.rowId, c.op, c.fields, {}, false, {} };
    w.existed = current && !(c.op == QLatin1String("insert") && deleted);
    if (w.existed) w.before = *current;
    w.after = w.before;
    for (auto it = c.fields.constBegin(); it != c.fields.constEnd(); ++it)
        w.after.insert(it.key(), it.value());
    return check(w);
}

sync::Refusal PushGuard::refusal(
    const sync::ChangeRecord& c, const Error& why, const QJsonObject* current, bool deleted)
{
    sync::Refusal r;
    r.devSeq = c.devSeq;
    r.entity = c.entity;
    r.rowId = c.rowId;
    r.op = c.op;
    r.reason = why.details.value(QStringLiteral("reason")).toString();
    if (r.reason.isEmpty()) r.reason = why.codeName();
    r.message = why.message;
    r.field = why.details.value(QStringLiteral("field")).toString();
    if (current && mayRead(c.entity, c.rowId, *current)) {
        r.present = true;
        r.deleted = deleted;
        if (!deleted) r.server = *current; // a tombstone's last contents are nobody's business
    }
    return r;
}

std::optional<QJsonObject> PushGuard::row(const QString& entity, const QString& rowId)
{
    if (rowId.isEmpty()) return std::nullopt;
    const QString key = entity + QLatin1Char('/') + rowId;
    if (entity != QLatin1String("candidate_scope") && m_batch)
        if (const QJsonObject* r = m_batch(key)) return *r;
    auto cached = m_cache.constFind(key);
    if (cached != m_cache.constEnd()) return cached.value();
    std::optional<QJsonObject> out;
    if (entity == QLatin1String("candidate_scope")) {
        // A hiring manager sees a candidate with a live application on one of their jobs.
        const QStringList jobs(m_actor.actor.managedJobs.begin(), m_actor.actor.managedJobs.end());
        auto r = m_db.select(
            QStringLiteral("SELECT 1 FROM entity_state WHERE tenant_id = ? AND entity = 'applications' AND NOT deleted "
                           "AND fields->>'deleted_at' IS NULL AND fields->>'candidate_id' = ? AND fields->>'job_id' = "
                           "ANY(?::text[]) LIMIT 1"),
            { m_tenantId, rowId, pgTextArray(jobs) });
        if (r && !r.value().isEmpty()) out = QJsonObject();
    } else {
        auto r = m_db.select(
            QStringLiteral("SELECT fields::text FROM entity_state WHERE tenant_id = ? AND entity = ? AND row_id = ?"),
            { m_tenantId, entity, rowId });
        if (r && !r.value().isEmpty()) out = jsonObjectOf(r.value().first().value(0));
    }
    m_cache.insert(key, out);
    return out;
}

bool PushGuard::mayRead(const QString& entity, const QString& rowId, const QJsonObject& row)
{
    return m_bootstrap || writepolicy::mayRead(m_actor.actor, entity, rowId, row, lookup());
}

Status PushGuard::checkReferences(const WriteAttempt& w)
{
    for (const rowrules::Reference& ref : rowrules::references(w.entity)) {
        if (w.existed && !w.fields.contains(ref.column)) continue;
        const QJsonValue v = w.after.value(ref.column);
        if (!v.isString() || v.toString().isEmpty()) continue;
        if (!replication::table(ref.table)) continue; // a device-local table
        if (!row(ref.table, v.toString()))
            return refuse(QStringLiteral("validation_failed"),
                QStringLiteral("%1 names a %2 row the workspace does not have.").arg(ref.column, ref.table), ref.column);
    }
    return {};
}

Status PushGuard::check(const WriteAttempt& w)
{
    if (!replication::table(w.entity) || !rowrules::hasColumn(w.entity, QStringLiteral("id")))
        return refuse(QStringLiteral("unknown_entity"),
            QStringLiteral("This sync server does not store %1 yet; the change waits on the laptop.").arg(w.entity));
    // (Names were checked for the whole batch by SyncService::push: only known ones here.)
    for (auto it = w.fields.constBegin(); it != w.fields.constEnd(); ++it)
        if (!rowrules::hasColumn(w.entity, it.key()))
            return refuse(QStringLiteral("unknown_field"),
                QStringLiteral("This sync server does not know %1.%2 yet; the change waits on the laptop.")
                    .arg(w.entity, it.key()),
                it.key());
    if (w.rowId.isEmpty() || w.rowId.size() > 64 || w.rowId.contains(QChar(0)))
        return refuse(QStringLiteral("validation_failed"), QStringLiteral("The row id is not valid."),
            QStringLiteral("row_id"));
    if (!m_bootstrap) {
        if (Status s = writepolicy::mayWrite(m_actor.actor, w, lookup()); !s) {
            Error e = s.error();
            if (!e.details.contains(QStringLiteral("reason")))
                e.details.insert(QStringLiteral("reason"), QStringLiteral("permission_denied"));
            return e;
        }
    }
    // Rows of this workspace only, and the id is the row's.
    const QString rowTenant = w.after.value(QStringLiteral("tenant_id")).toString();
    if (w.op != QLatin1String("delete") && rowTenant != m_workspaceId)
        return refuse(QStringLiteral("validation_failed"), QStringLiteral("The row belongs to another workspace."),
            QStringLiteral("tenant_id"));
    if (w.after.contains(QStringLiteral("id")) && w.after.value(QStringLiteral("id")).toString() != w.rowId)
        return refuse(QStringLiteral("validation_failed"), QStringLiteral("The row's id does not match."),
            QStringLiteral("id"));
    if (w.op == QLatin1String("delete")) {
        // A delete is a tombstone: it carries nothing (a laptop's delete records never do).
        if (!w.fields.isEmpty())
            return refuse(QStringLiteral("validation_failed"), QStringLiteral("A delete carries no fields."),
                QStringLiteral("fields"));
        return {};
    }
    if (Status s = rowrules::checkRow(w.entity, w.after); !s) {
        // A rule the row broke before this write (older data) is not this write's fault.
        const QString field = s.error().details.value(QStringLiteral("field")).toString();
        const bool mine = !w.existed || w.fields.contains(field) || rowrules::checkRow(w.entity, w.before).ok();
        if (mine) {
            Error e = s.error();
            e.details.insert(QStringLiteral("reason"), QStringLiteral("validation_failed"));
            return e;
        }
    }
    RD_TRY(checkReferences(w));
    if (Status s = rowrules::checkDomain(w, lookup()); !s) {
        Error e = s.error();
        e.details.insert(QStringLiteral("reason"), QStringLiteral("validation_failed"));
        return e;
    }
    return {};
}

} // namespace rd::server
