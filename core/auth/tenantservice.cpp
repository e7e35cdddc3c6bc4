#include "tenantservice.h"

#include "auth/passwordpolicy.h"
#include "auth/permissions.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "common/json.h"
#include "common/phone.h"
#include "crypto/crypto.h"
#include "service/context.h"

#include <QSqlRecord>

namespace rd {

namespace {
const QString kTenantColumns = QStringLiteral("id, name, slug, kind, status, settings, plan, created_at, updated_at");

Tenant tenantFrom(const QSqlRecord& r)
{
    Tenant t;
    t.id = r.value(0).toString();
    t.name = r.value(1).toString();
    t.slug = r.value(2).toString();
    t.kind = r.value(3).toString();
    t.status = r.value(4).toString();
    t.settings = parseObject(r.value(5).toString());
    t.plan = r.value(6).toString();
    t.createdAt = r.value(7).toString();
    t.updatedAt = r.value(8).toString();
    return t;
}

Status checkKind(const QString& kind)
{
    if (kind != QLatin1String("agency") && kind != QLatin1String("employer") && kind != QLatin1String("school"))
        return validate::failed(QStringLiteral("kind"), QStringLiteral("Kind must be agency, employer or school."),
            QStringLiteral("enum"));
    return {};
}
} // namespace

Result<Tenant> TenantService::createWorkspace(const NewWorkspace& w)
{
    RD_TRY(validate::text(QStringLiteral("name"), w.name, 200, true));
    RD_TRY(checkKind(w.kind));
    const QString slug = w.slug.isEmpty() ? validate::slugify(w.name) : w.slug;
    RD_TRY(validate::slug(slug));
    RD_TRY(validate::email(w.adminEmail));
    RD_TRY(validate::text(QStringLiteral("given_name"), w.adminGivenName, 200, false));
    RD_TRY(validate::text(QStringLiteral("family_name"), w.adminFamilyName, 200, false));
    RD_TRY(PasswordPolicy::check(w.adminPassword, w.adminEmail));
    auto hash = crypto::hashPassword(w.adminPassword);
    if (!hash)
        return hash.error();

    Tenant t;
    t.id = newUuidV7(m_ctx.clock.nowMs());
    t.name = w.name.trimmed();
    t.slug = slug;
    t.kind = w.kind;
    t.status = QStringLiteral("active");
    t.plan = QStringLiteral("standard");

    const QString adminId = newUuidV7(m_ctx.clock.nowMs());
    Session session = Session::systemFor(t.id);
    session.userId = adminId;
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    t.createdAt = t.updatedAt = uow.now();
    Database& db = uow.db();

    auto ins = db.change(QStringLiteral("INSERT INTO tenants (id, tenant_id, name, slug, kind, status, settings, plan, "
                                        "created_at, updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"),
        { t.id, t.id, t.name, t.slug, t.kind, t.status, QStringLiteral("{}"), t.plan, t.createdAt, t.updatedAt, adminId,
            adminId });
    if (!ins) {
        if (ins.error().code == ErrorCode::Conflict)
            return makeError(ErrorCode::Conflict, QStringLiteral("A workspace with this slug already exists."),
                { { QStringLiteral("field"), QStringLiteral("slug") }, { QStringLiteral("slug"), slug } });
        return ins.error();
    }
    RD_TRY(uow.recorded(QStringLiteral("tenant.create"), QStringLiteral("tenant"), t.id, QStringLiteral("insert"),
        t.toJson()));

    QString adminRoleId;
    for (const QString& role : roles::systemRoles()) {
        const QString roleId = newUuidV7(m_ctx.clock.nowMs());
        if (role == roles::Admin)
            adminRoleId = roleId;
        auto r = db.change(QStringLiteral("INSERT INTO roles (id, tenant_id, name, description, is_system, created_at, "
                                          "updated_at, created_by, updated_by) VALUES (?,?,?,?,1,?,?,?,?)"),
            { roleId, t.id, role, QStringLiteral("Built-in role"), uow.now(), uow.now(), adminId, adminId });
        if (!r)
            return r.error();
        RD_TRY(uow.recorded(QStringLiteral("role.create"), QStringLiteral("role"), roleId, QStringLiteral("insert"),
            { { QStringLiteral("tenant_id"), t.id }, { QStringLiteral("name"), role }, { QStringLiteral("is_system"), true } }));
    }

    const QString email = validate::normaliseEmail(w.adminEmail);
    auto u = db.change(QStringLiteral("INSERT INTO users (id, tenant_id, email, email_norm, given_name, family_name, active, "
                                      "verified, password_hash, password_changed_at, created_at, updated_at, created_by, "
                                      "updated_by) VALUES (?,?,?,?,?,?,1,1,?,?,?,?,?,?)"),
        { adminId, t.id, w.adminEmail.trimmed(), email, w.adminGivenName.trimmed(), w.adminFamilyName.trimmed(),
            hash.value(), uow.now(), uow.now(), uow.now(), adminId, adminId });
    if (!u)
        return u.error();
    RD_TRY(uow.recorded(QStringLiteral("user.create"), QStringLiteral("user"), adminId, QStringLiteral("insert"),
        { { QStringLiteral("tenant_id"), t.id }, { QStringLiteral("email"), w.adminEmail.trimmed() },
            { QStringLiteral("given_name"), w.adminGivenName.trimmed() },
            { QStringLiteral("family_name"), w.adminFamilyName.trimmed() }, { QStringLiteral("active"), true },
            { QStringLiteral("verified"), true }, { QStringLiteral("password_hash"), hash.value() } }));
    const QString urId = newUuidV7(m_ctx.clock.nowMs());
    auto ur = db.change(QStringLiteral("INSERT INTO user_roles (id, tenant_id, user_id, role_id, created_at, updated_at, "
                                       "created_by, updated_by) VALUES (?,?,?,?,?,?,?,?)"),
        { urId, t.id, adminId, adminRoleId, uow.now(), uow.now(), adminId, adminId });
    if (!ur)
        return ur.error();
    RD_TRY(uow.recorded(QStringLiteral("user.set_roles"), QStringLiteral("user_role"), urId, QStringLiteral("insert"),
        { { QStringLiteral("user_id"), adminId }, { QStringLiteral("role_id"), adminRoleId },
            { QStringLiteral("role"), roles::Admin } }));
    RD_TRY(uow.commit());
    return t;
}

Result<Tenant> TenantService::get(const Session& session)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Tenant, Action::Read, session.tenantId));
    auto r = m_ctx.db.selectOne(QStringLiteral("SELECT %1 FROM tenants WHERE id = ? AND deleted_at IS NULL").arg(kTenantColumns),
        { session.tenantId });
    if (!r)
        return r.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("Workspace not found."))
                                                     : r.error();
    return tenantFrom(r.value());
}

Result<Tenant> TenantService::update(const Session& session, const TenantPatch& patch)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Tenant, Action::Update, session.tenantId));
    if (patch.status)
        RD_TRY(m_ctx.authz.require(session, Resource::Tenant, Action::Manage, session.tenantId));
    if (patch.settings) {
        // The retention rule erases people: privacy.manage, as on the sync server (writepolicy).
        auto current = m_ctx.db.selectOne(QStringLiteral("SELECT json_extract(settings, '$.retention_months') FROM tenants WHERE id = ?"),
            { session.tenantId });
        if (!current)
            return current.error();
        if (QJsonValue::fromVariant(current.value().value(0)) != patch.settings->value(QStringLiteral("retention_months"))
            && !(current.value().isNull(0) && !patch.settings->contains(QStringLiteral("retention_months"))))
            RD_TRY(m_ctx.authz.require(session, Resource::Privacy, Action::Manage, session.tenantId));
    }
    if (patch.name)
        RD_TRY(validate::text(QStringLiteral("name"), *patch.name, 200, true));
    if (patch.kind)
        RD_TRY(checkKind(*patch.kind));
    if (patch.plan)
        RD_TRY(validate::text(QStringLiteral("plan"), *patch.plan, 64, true));
    if (patch.status && *patch.status != QLatin1String("active") && *patch.status != QLatin1String("suspended"))
        return validate::failed(QStringLiteral("status"), QStringLiteral("Status must be active or suspended."),
            QStringLiteral("enum"));
    // Suspending locks every user out, including whoever did it, with no way back from this
    // device; it is an operator action (sync server / system session), not a user's.
    if (patch.status == QStringLiteral("suspended") && !session.system)
        return validate::failed(QStringLiteral("status"),
            QStringLiteral("You cannot suspend the workspace you are signed in to; the sync-server operator does that."),
            QStringLiteral("self_suspend"));

    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto current = m_ctx.db.selectOne(
        QStringLiteral("SELECT %1 FROM tenants WHERE id = ? AND deleted_at IS NULL").arg(kTenantColumns), { session.tenantId });
    if (!current)
        return current.error();
    Tenant t = tenantFrom(current.value());
    QJsonObject diff;
    auto setField = [&](QString& target, const std::optional<QString>& v, const QString& key) {
        if (v && *v != target) {
            target = v->trimmed();
            diff.insert(key, target);
        }
    };
    setField(t.name, patch.name, QStringLiteral("name"));
    setField(t.kind, patch.kind, QStringLiteral("kind"));
    setField(t.plan, patch.plan, QStringLiteral("plan"));
    setField(t.status, patch.status, QStringLiteral("status"));
    std::optional<QJsonObject> settings = patch.settings;
    // Checked when it changes (a value an older release took, such as UK, does not block saving
    // the other settings; it reads no numbers until it is corrected).
    const auto countryOf = [](const QJsonObject& o) {
        return o.value(QStringLiteral("default_country")).toString().trimmed().toUpper();
    };
    if (settings && settings->contains(QStringLiteral("default_country")) && countryOf(*settings) != countryOf(t.settings)) {
        // The country national phone numbers are read in (docs/decisions/0022).
        const QString country = countryOf(*settings);
        if (country.isEmpty())
            settings->remove(QStringLiteral("default_country"));
        else if (!phone::knownRegion(country))
            return validate::failed(QStringLiteral("default_country"),
                QStringLiteral("'%1' is not a country code: use two letters (ISO 3166), such as GB, DE or US.")
                    .arg(settings->value(QStringLiteral("default_country")).toVariant().toString().left(32)),
                QStringLiteral("region"));
        else
            settings->insert(QStringLiteral("default_country"), country);
    }
    if (settings && *settings != t.settings) {
        t.settings = *settings;
        diff.insert(QStringLiteral("settings"), t.settings);
    }
    if (diff.isEmpty())
        return t;
    t.updatedAt = uow.now();
    auto u = m_ctx.db.change(QStringLiteral("UPDATE tenants SET name = ?, kind = ?, plan = ?, status = ?, settings = ?, "
                                            "updated_at = ?, updated_by = ? WHERE id = ?"),
        { t.name, t.kind, t.plan, t.status, QString::fromUtf8(compactJson(t.settings)), t.updatedAt, session.userId, t.id });
    if (!u)
        return u.error();
    RD_TRY(uow.recorded(QStringLiteral("tenant.update"), QStringLiteral("tenant"), t.id, QStringLiteral("update"), diff));
    RD_TRY(uow.commit());
    return t;
}

Result<Tenant> TenantService::findBySlug(const QString& slug)
{
    auto r = m_ctx.db.selectOne(
        QStringLiteral("SELECT %1 FROM tenants WHERE slug = ? AND deleted_at IS NULL").arg(kTenantColumns), { slug });
    if (!r)
        return r.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("No such workspace."),
                                                           { { QStringLiteral("slug"), slug } })
                                                     : r.error();
    Tenant t = tenantFrom(r.value());
    t.settings = {};
    t.plan.clear();
    return t;
}

Result<QList<Tenant>> TenantService::listForSignIn()
{
    auto rows = m_ctx.db.select(
        QStringLiteral("SELECT %1 FROM tenants WHERE deleted_at IS NULL ORDER BY name").arg(kTenantColumns));
    if (!rows)
        return rows.error();
    QList<Tenant> out;
    for (const auto& r : rows.value()) {
        Tenant t = tenantFrom(r);
        t.settings = {};
        t.plan.clear();
        out << t;
    }
    return out;
}

} // namespace rd
