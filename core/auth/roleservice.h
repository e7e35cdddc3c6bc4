#pragma once

#include "auth/entities.h"
#include "auth/session.h"
#include "common/result.h"

namespace rd {

struct ServiceContext;

// System roles (admin, recruiter, hiring_manager, viewer) take their permissions from the
// built-in matrix and cannot be changed; custom roles hold explicit "resource.action" grants.
class RoleService {
public:
    explicit RoleService(ServiceContext& ctx) : m_ctx(ctx) { }

    Result<QList<Role>> list(const Session& session);
    Result<Role> get(const Session& session, const QString& name);
    Result<Role> create(const Session& session, const QString& name, const QString& description,
        const QStringList& permissions = {});
    Result<Role> grant(const Session& session, const QString& name, const QStringList& permissions);
    Result<Role> revoke(const Session& session, const QString& name, const QStringList& permissions);
    Status remove(const Session& session, const QString& name);

private:
    Result<Role> load(const QString& tenantId, const QString& name);
    Result<Role> loadCustom(const QString& tenantId, const QString& name);
    ServiceContext& m_ctx;
};

} // namespace rd
