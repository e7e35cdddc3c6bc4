#pragma once

#include "auth/entities.h"
#include "auth/session.h"
#include "common/result.h"

#include <optional>

namespace rd {

struct ServiceContext;

struct NewWorkspace {
    QString name;
    QString slug; // derived from name when empty
    QString kind = QStringLiteral("agency");
    QString adminEmail;
    QString adminPassword;
    QString adminGivenName;
    QString adminFamilyName;
};

struct TenantPatch {
    std::optional<QString> name;
    std::optional<QString> kind;
    std::optional<QString> plan;
    std::optional<QString> status; // needs tenant.manage
    std::optional<QJsonObject> settings;
};

class TenantService {
public:
    explicit TenantService(ServiceContext& ctx) : m_ctx(ctx) { }

    // Creates a tenant with its system roles and first admin (bootstrap: no session needed).
    Result<Tenant> createWorkspace(const NewWorkspace& workspace);
    Result<Tenant> get(const Session& session);
    Result<Tenant> update(const Session& session, const TenantPatch& patch);

    // For sign-in and the CLI: resolve a tenant by slug without a session (no data beyond id,
    // name, slug and status is exposed).
    Result<Tenant> findBySlug(const QString& slug);
    Result<QList<Tenant>> listForSignIn();

private:
    ServiceContext& m_ctx;
};

} // namespace rd
