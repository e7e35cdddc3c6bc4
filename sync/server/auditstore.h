#pragma once

#include "audit/auditlog.h"
#include "authservice.h"
#include "pgdatabase.h"
#include "protocol/wire.h"

namespace rd::server {

// Audit entries replicate append-only: each device's hash chain is checked as it arrives (no
// gaps, no forks, every hash recomputed) and stored in a monthly-partitioned table that
// refuses UPDATE, DELETE and TRUNCATE. verify() walks the stored chains again.
class AuditStore {
public:
    explicit AuditStore(PgDatabase& db)
        : m_db(db)
    {
    }
    Result<sync::AuditPushResponse> push(const AccessClaims& claims, const sync::AuditPushRequest& request);
    // Every chain of one tenant (slug or id), or of all tenants when empty.
    Result<VerifyReport> verify(const QString& tenant = {});

private:
    Status ensurePartition(const QString& createdAt);
    PgDatabase& m_db;
};

} // namespace rd::server
