#include "userservice.h"

#include "auth/passwordpolicy.h"
#include "auth/permissions.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "common/json.h"
#include "crypto/crypto.h"
#include "service/context.h"

#include <QJsonArray>
#include <QSqlRecord>

namespace rd {

namespace {
const QString kUserColumns = QStringLiteral("id, tenant_id, email, given_name, family_name, active, verified, "
                                            "mfa_enabled, password_hash IS NOT NULL AS has_password, last_sign_in_at, "
                                            "created_at, updated_at, email_norm, "
                                            "(SELECT group_concat(r.name, char(31)) FROM user_roles ur JOIN roles r ON "
                                            "r.id = ur.role_id WHERE ur.user_id = users.id AND ur.tenant_id = users.tenant_id "
                                            "AND ur.deleted_at IS NULL AND r.deleted_at IS NULL) AS role_names");

User userFrom(const QSqlRecord& r)
{
    User u;
    u.id = r.value(0).toString();
    u.tenantId = r.value(1).toString();
    u.email = r.value(2).toString();
    u.givenName = r.value(3).toString();
    u.familyName = r.value(4).toString();
    u.active = r.value(5).toBool();
    u.verified = r.value(6).toBool();
    u.mfaEnabled = r.value(7).toBool();
    u.hasPassword = r.value(8).toBool();
    u.lastSignInAt = r.value(9).toString();
    u.roles = r.value(13).toString().split(QChar(31), Qt::SkipEmptyParts);
    u.roles.sort();
    u.createdAt = r.value(10).toString();
    u.updatedAt = r.value(11).toString();
    return u;
}

Error userNotFound(const QString& id)
{
    return makeError(ErrorCode::NotFound, QStringLiteral("User not found."), { { QStringLiteral("id"), id } });
}
} // namespace

const ListSpec& UserService::listSpec()
{
    static const ListSpec spec { QStringLiteral("users"), kUserColumns, QStringLiteral("id"),
        { { QStringLiteral("email"), QStringLiteral("email_norm") }, { QStringLiteral("given_name"), QStringLiteral("given_name") },
            { QStringLiteral("family_name"), QStringLiteral("family_name") },
            { QStringLiteral("active"), QStringLiteral("active"), FieldSpec::Type::Bool },
            { QStringLiteral("verified"), QStringLiteral("verified"), FieldSpec::Type::Bool },
            { QStringLiteral("mfa_enabled"), QStringLiteral("mfa_enabled"), FieldSpec::Type::Bool },
            { QStringLiteral("created_at"), QStringLiteral("created_at") },
            { QStringLiteral("updated_at"), QStringLiteral("updated_at") },
            { QStringLiteral("last_sign_in_at"), QStringLiteral("last_sign_in_at") } },
        { { QStringLiteral("email"), false } } };
    return spec;
}

Result<User> UserService::load(const QString& tenantId, const QString& id)
{
    auto r = m_ctx.db.selectOne(
        QStringLiteral("SELECT %1 FROM users WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL").arg(kUserColumns),
        { id, tenantId });
    if (!r)
        return r.error().code == ErrorCode::NotFound ? userNotFound(id) : r.error();
    User u = userFrom(r.value());
    return u;
}

Status UserService::replaceRoles(UnitOfWork& uow, const QString& userId, const QStringList& roleNames)
{
    const QString tenantId = uow.session().tenantId;
    QStringList ids;
    for (const QString& name : roleNames) {
        auto r = m_ctx.db.selectOne(
            QStringLiteral("SELECT id FROM roles WHERE tenant_id = ? AND name = ? AND deleted_at IS NULL"), { tenantId, name });
        if (!r)
            return r.error().code == ErrorCode::NotFound
                ? validate::failed(QStringLiteral("role"), QStringLiteral("There is no role named '%1'.").arg(name),
                    QStringLiteral("unknown"))
                : r.error();
        ids << r.value().value(0).toString();
    }
    auto existing = m_ctx.db.select(QStringLiteral("SELECT id, role_id FROM user_roles WHERE user_id = ? AND tenant_id = ? "
                                                   "AND deleted_at IS NULL"),
        { userId, tenantId });
    if (!existing)
        return existing.error();
    // A changed set replaces every row, kept roles too: the new rows say "this set" wherever the
    // sync server hears them. Keeping a row another admin removed meanwhile (offline) would
    // leave the user with nothing when that admin's own new row had given way to one deleted
    // here (simulation, seed 3675).
    QStringList current;
    for (const auto& row : existing.value())
        current << row.value(1).toString();
    QStringList wanted = ids;
    wanted.removeDuplicates();
    current.sort();
    wanted.sort();
    QStringList keep;
    for (const auto& row : existing.value()) {
        const QString urId = row.value(0).toString();
        const QString roleId = row.value(1).toString();
        if (current == wanted) {
            keep << roleId;
            continue;
        }
        auto d = m_ctx.db.change(
            QStringLiteral("UPDATE user_roles SET deleted_at = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
            { uow.now(), uow.now(), uow.session().userId, urId });
        if (!d)
            return d.error();
    }
    for (const QString& roleId : ids) {
        if (keep.contains(roleId))
            continue;
        const QString urId = newUuidV7(m_ctx.clock.nowMs());
        auto i = m_ctx.db.change(QStringLiteral("INSERT INTO user_roles (id, tenant_id, user_id, role_id, created_at, "
                                                "updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,?,?)"),
            { urId, tenantId, userId, roleId, uow.now(), uow.now(), uow.session().userId, uow.session().userId });
        if (!i)
            return i.error();
        keep << roleId;
    }
    return {};
}

Status UserService::ensureAnotherAdmin(const QString& tenantId, const QString& userId)
{
    auto r = m_ctx.db.selectOne(QStringLiteral("SELECT COUNT(*) FROM users u JOIN user_roles ur ON ur.user_id = u.id AND "
                                               "ur.deleted_at IS NULL JOIN roles r ON r.id = ur.role_id AND r.name = 'admin' "
                                               "AND r.is_system = 1 WHERE u.tenant_id = ? AND u.id <> ? AND u.active = 1 AND "
                                               "u.deleted_at IS NULL"),
        { tenantId, userId });
    if (!r)
        return r.error();
    if (r.value().value(0).toInt() == 0)
        return makeError(ErrorCode::Conflict, QStringLiteral("The workspace must keep at least one active admin."),
            { { QStringLiteral("rule"), QStringLiteral("last_admin") } });
    return {};
}

Result<User> UserService::create(const Session& session, const NewUser& nu)
{
    RD_TRY(m_ctx.authz.require(session, Resource::User, Action::Create));
    const QStringList roleNames = nu.roles.isEmpty() ? QStringList { roles::Viewer } : nu.roles;
    if (roleNames.contains(roles::Admin))
        RD_TRY(m_ctx.authz.require(session, Resource::User, Action::Manage));
    RD_TRY(validate::email(nu.email));
    RD_TRY(validate::text(QStringLiteral("given_name"), nu.givenName, 200, false));
    RD_TRY(validate::text(QStringLiteral("family_name"), nu.familyName, 200, false));
    QVariant hash;
    if (!nu.password.isEmpty()) {
        RD_TRY(PasswordPolicy::check(nu.password, nu.email));
        auto h = crypto::hashPassword(nu.password);
        if (!h)
            return h.error();
        hash = h.value();
    }
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    const QString id = newUuidV7(m_ctx.clock.nowMs());
    const QString emailNorm = validate::normaliseEmail(nu.email);
    auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO users (id, tenant_id, email, email_norm, given_name, family_name, "
                                              "active, verified, password_hash, password_changed_at, created_at, updated_at, "
                                              "created_by, updated_by) VALUES (?,?,?,?,?,?,1,0,?,?,?,?,?,?)"),
        { id, session.tenantId, nu.email.trimmed(), emailNorm, nu.givenName.trimmed(), nu.familyName.trimmed(), hash,
            hash.isNull() ? QVariant() : QVariant(uow.now()), uow.now(), uow.now(), session.userId, session.userId });
    if (!ins) {
        if (ins.error().code == ErrorCode::Conflict)
            return makeError(ErrorCode::Conflict, QStringLiteral("A user with this email already exists."),
                { { QStringLiteral("field"), QStringLiteral("email") } });
        return ins.error();
    }
    QJsonObject fields { { QStringLiteral("tenant_id"), session.tenantId }, { QStringLiteral("email"), nu.email.trimmed() },
        { QStringLiteral("given_name"), nu.givenName.trimmed() }, { QStringLiteral("family_name"), nu.familyName.trimmed() },
        { QStringLiteral("active"), true }, { QStringLiteral("verified"), false } };
    if (!hash.isNull())
        fields.insert(QStringLiteral("password_hash"), hash.toString());
    QJsonObject auditDiff = fields;
    auditDiff.insert(QStringLiteral("roles"), QJsonArray::fromStringList(roleNames));
    RD_TRY(uow.audit(QStringLiteral("user.create"), QStringLiteral("user"), id, auditDiff));
    RD_TRY(replaceRoles(uow, id, roleNames));
    uow.publish(EntityChanged { session.tenantId, QStringLiteral("user"), id, QStringLiteral("insert") });
    auto created = load(session.tenantId, id);
    if (!created)
        return created.error();
    RD_TRY(uow.commit());
    return created;
}

Result<QList<RowOutcome>> UserService::createMany(const Session& session, const QList<NewUser>& users)
{
    RD_TRY(m_ctx.authz.require(session, Resource::User, Action::Create));
    bool anyAdmin = false;
    for (const NewUser& nu : users)
        anyAdmin = anyAdmin || nu.roles.contains(roles::Admin);
    if (anyAdmin)
        RD_TRY(m_ctx.authz.require(session, Resource::User, Action::Manage));

    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    QHash<QString, QString> roleIds; // name -> id
    auto roleRows = m_ctx.db.select(QStringLiteral("SELECT name, id FROM roles WHERE tenant_id = ? AND deleted_at IS NULL"),
        { session.tenantId });
    if (!roleRows)
        return roleRows.error();
    for (const auto& r : roleRows.value())
        roleIds.insert(r.value(0).toString(), r.value(1).toString());

    const QString insertUser = QStringLiteral(
        "INSERT INTO users (id, tenant_id, email, email_norm, given_name, family_name, active, verified, created_at, "
        "updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,1,0,?,?,?,?) ON CONFLICT DO NOTHING");
    const QString insertRole = QStringLiteral("INSERT INTO user_roles (id, tenant_id, user_id, role_id, created_at, "
                                              "updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,?,?)");
    QList<RowOutcome> out;
    out.reserve(users.size());
    for (int i = 0; i < users.size(); ++i) {
        const NewUser& nu = users[i];
        RowOutcome o;
        o.row = i;
        const QString roleName = nu.roles.isEmpty() ? roles::Viewer : nu.roles.first();
        Status valid = validate::email(nu.email);
        if (valid)
            valid = validate::text(QStringLiteral("given_name"), nu.givenName, 200, false);
        if (valid)
            valid = validate::text(QStringLiteral("family_name"), nu.familyName, 200, false);
        if (valid && nu.roles.size() > 1)
            valid = validate::failed(QStringLiteral("roles"), QStringLiteral("Bulk import takes one role per user."));
        if (valid && !roleIds.contains(roleName))
            valid = validate::failed(QStringLiteral("role"), QStringLiteral("There is no role named '%1'.").arg(roleName),
                QStringLiteral("unknown"));
        if (valid && !nu.password.isEmpty())
            valid = validate::failed(QStringLiteral("password"), QStringLiteral("Bulk import does not take passwords."));
        if (!valid) {
            o.error = valid.error();
            out << o;
            continue;
        }
        const QString id = newUuidV7(m_ctx.clock.nowMs());
        const QString email = nu.email.trimmed();
        auto ins = m_ctx.db.change(insertUser,
            { id, session.tenantId, email, validate::normaliseEmail(email), nu.givenName.trimmed(), nu.familyName.trimmed(),
                uow.now(), uow.now(), session.userId, session.userId });
        if (!ins)
            return ins.error();
        if (ins.value() == 0) {
            o.error = makeError(ErrorCode::Conflict, QStringLiteral("A user with this email already exists."),
                { { QStringLiteral("field"), QStringLiteral("email") } });
            out << o;
            continue;
        }
        const QString urId = newUuidV7(m_ctx.clock.nowMs());
        auto ur = m_ctx.db.change(insertRole,
            { urId, session.tenantId, id, roleIds.value(roleName), uow.now(), uow.now(), session.userId, session.userId });
        if (!ur)
            return ur.error();
        // Canonical JSON written directly (keys in sorted order): no QJsonObject per row.
        const QString given = nu.givenName.trimmed();
        const QString family = nu.familyName.trimmed();
        const QByteArray fields = CanonicalObject()
                                      .add("active", true)
                                      .add("email", email)
                                      .add("family_name", family)
                                      .add("given_name", given)
                                      .add("tenant_id", session.tenantId)
                                      .add("verified", false)
                                      .finish();
        QByteArray roleJson = "[";
        appendCanonicalString(roleJson, roleName);
        roleJson += ']';
        const QByteArray diff = CanonicalObject()
                                    .add("active", true)
                                    .add("email", email)
                                    .add("family_name", family)
                                    .add("given_name", given)
                                    .addJson("roles", roleJson)
                                    .add("tenant_id", session.tenantId)
                                    .add("verified", false)
                                    .finish();
        RD_TRY(uow.auditCanonical(QStringLiteral("user.create"), QStringLiteral("user"), id, diff));
        uow.publish(EntityChanged { session.tenantId, QStringLiteral("user"), id, QStringLiteral("insert") });
        o.id = id;
        out << o;
    }
    RD_TRY(uow.commit());
    return out;
}

Result<User> UserService::get(const Session& session, const QString& id)
{
    // Every active user may read their own profile; other users need user.read.
    const bool self = !session.system && id == session.userId;
    auto own = self ? m_ctx.authz.permissions(session) : Result<QSet<Permission>>(QSet<Permission> {});
    if (!self || !own.ok() || own.value().isEmpty())
        RD_TRY(m_ctx.authz.require(session, Resource::User, Action::Read, id));
    return load(session.tenantId, id);
}

Result<User> UserService::findByEmail(const Session& session, const QString& email)
{
    RD_TRY(m_ctx.authz.require(session, Resource::User, Action::Read));
    auto r = m_ctx.db.selectOne(
        QStringLiteral("SELECT id FROM users WHERE tenant_id = ? AND email_norm = ? AND deleted_at IS NULL"),
        { session.tenantId, validate::normaliseEmail(email) });
    if (!r)
        return r.error().code == ErrorCode::NotFound
            ? makeError(ErrorCode::NotFound, QStringLiteral("No user with this email."), { { QStringLiteral("email"), email } })
            : r.error();
    return load(session.tenantId, r.value().value(0).toString());
}

Result<Page<User>> UserService::list(const Session& session, const ListQuery& query)
{
    RD_TRY(m_ctx.authz.require(session, Resource::User, Action::Read));
    auto rows = runListQuery(m_ctx.db, listSpec(), QStringLiteral("tenant_id = ? AND deleted_at IS NULL"),
        { session.tenantId }, query);
    if (!rows)
        return rows.error();
    Page<User> page;
    page.nextCursor = rows.value().nextCursor;
    for (const auto& r : rows.value().rows) {
        page.items << userFrom(r);
    }
    return page;
}

Result<User> UserService::update(const Session& session, const QString& id, const UserPatch& patch)
{
    if (id != session.userId)
        RD_TRY(m_ctx.authz.require(session, Resource::User, Action::Update, id));
    if (patch.verified)
        RD_TRY(m_ctx.authz.require(session, Resource::User, Action::Manage, id));
    if (patch.givenName)
        RD_TRY(validate::text(QStringLiteral("given_name"), *patch.givenName, 200, false));
    if (patch.familyName)
        RD_TRY(validate::text(QStringLiteral("family_name"), *patch.familyName, 200, false));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto cur = load(session.tenantId, id);
    if (!cur)
        return cur.error();
    User u = cur.value();
    QJsonObject diff;
    if (patch.givenName && patch.givenName->trimmed() != u.givenName)
        diff.insert(QStringLiteral("given_name"), u.givenName = patch.givenName->trimmed());
    if (patch.familyName && patch.familyName->trimmed() != u.familyName)
        diff.insert(QStringLiteral("family_name"), u.familyName = patch.familyName->trimmed());
    if (patch.verified && *patch.verified != u.verified)
        diff.insert(QStringLiteral("verified"), u.verified = *patch.verified);
    if (diff.isEmpty())
        return u;
    auto up = m_ctx.db.change(QStringLiteral("UPDATE users SET given_name = ?, family_name = ?, verified = ?, updated_at = ?, "
                                             "updated_by = ? WHERE id = ? AND tenant_id = ?"),
        { u.givenName, u.familyName, u.verified, uow.now(), session.userId, id, session.tenantId });
    if (!up)
        return up.error();
    RD_TRY(uow.recorded(QStringLiteral("user.update"), QStringLiteral("user"), id, QStringLiteral("update"), diff));
    u.updatedAt = uow.now();
    RD_TRY(uow.commit());
    return u;
}

Result<User> UserService::setActive(const Session& session, const QString& id, bool active)
{
    RD_TRY(m_ctx.authz.require(session, Resource::User, Action::Manage, id));
    if (!active && id == session.userId)
        return validate::failed(QStringLiteral("id"), QStringLiteral("You cannot disable your own account."),
            QStringLiteral("self"));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto cur = load(session.tenantId, id);
    if (!cur)
        return cur.error();
    User u = cur.value();
    if (u.active == active)
        return u;
    if (!active && u.roles.contains(roles::Admin))
        RD_TRY(ensureAnotherAdmin(session.tenantId, id));
    auto up = m_ctx.db.change(
        QStringLiteral("UPDATE users SET active = ?, updated_at = ?, updated_by = ? WHERE id = ? AND tenant_id = ?"),
        { active, uow.now(), session.userId, id, session.tenantId });
    if (!up)
        return up.error();
    RD_TRY(uow.recorded(active ? QStringLiteral("user.enable") : QStringLiteral("user.disable"), QStringLiteral("user"), id,
        QStringLiteral("update"), { { QStringLiteral("active"), active } }));
    u.active = active;
    u.updatedAt = uow.now();
    RD_TRY(uow.commit());
    return u;
}

Result<User> UserService::setRoles(const Session& session, const QString& id, const QStringList& roleNames)
{
    RD_TRY(m_ctx.authz.require(session, Resource::User, Action::Manage, id));
    if (roleNames.isEmpty())
        return validate::failed(QStringLiteral("roles"), QStringLiteral("A user needs at least one role."),
            QStringLiteral("required"));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto cur = load(session.tenantId, id);
    if (!cur)
        return cur.error();
    if (cur.value().roles.contains(roles::Admin) && !roleNames.contains(roles::Admin))
        RD_TRY(ensureAnotherAdmin(session.tenantId, id));
    RD_TRY(replaceRoles(uow, id, roleNames));
    QStringList sorted = roleNames;
    sorted.sort();
    sorted.removeDuplicates();
    RD_TRY(uow.audit(QStringLiteral("user.set_roles"), QStringLiteral("user"), id,
        { { QStringLiteral("roles"), QJsonArray::fromStringList(sorted) },
            { QStringLiteral("previous"), QJsonArray::fromStringList(cur.value().roles) } }));
    uow.publish(EntityChanged { session.tenantId, QStringLiteral("user"), id, QStringLiteral("update") });
    auto after = load(session.tenantId, id);
    if (!after)
        return after.error();
    RD_TRY(uow.commit());
    return after;
}

Result<ResetCode> UserService::issueResetCode(const Session& session, const QString& id)
{
    RD_TRY(m_ctx.authz.require(session, Resource::User, Action::Manage, id));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto cur = load(session.tenantId, id);
    if (!cur)
        return cur.error();
    ResetCode rc;
    rc.userId = id;
    rc.code = crypto::randomCode(16);
    rc.expiresAt = Clock::toIso(m_ctx.clock.nowMs() + qint64(kResetCodeMinutes) * 60 * 1000);
    // Older unused codes stop working when a new one is issued.
    auto old = m_ctx.db.change(QStringLiteral("UPDATE auth_codes SET used_at = ?, updated_at = ? WHERE user_id = ? AND "
                                              "purpose = 'reset' AND used_at IS NULL"),
        { uow.now(), uow.now(), id });
    if (!old)
        return old.error();
    const QString codeId = newUuidV7(m_ctx.clock.nowMs());
    QString normalized = rc.code;
    normalized.remove(QLatin1Char('-'));
    auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO auth_codes (id, tenant_id, user_id, purpose, code_hash, expires_at, "
                                              "created_at, updated_at, created_by, updated_by) VALUES "
                                              "(?,?,?,'reset',?,?,?,?,?,?)"),
        { codeId, session.tenantId, id, crypto::sha256Hex(normalized.toUtf8()), rc.expiresAt, uow.now(), uow.now(),
            session.userId, session.userId });
    if (!ins)
        return ins.error();
    RD_TRY(uow.audit(QStringLiteral("user.reset_code"), QStringLiteral("user"), id,
        { { QStringLiteral("expires_at"), rc.expiresAt } }));
    RD_TRY(uow.commit());
    return rc;
}

} // namespace rd
