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
    // An action the server itself took for the tenant (a candidate's confirmation, the agency
    // email): appended to the tenant's chain of device "server:TENANT" and verified like any
    // other. Inside the caller's tenant-scoped transaction.
    Status appendServer(const QString& tenantId, const QString& action, const QString& resourceType,
        const QString& resourceId, const QJsonObject& diff);
    // Every chain of one tenant (slug or id), or of all tenants when empty.
    Result<VerifyReport> verify(const QString& tenant = {});

    // Makes this month's partition and the next monthsAhead ones (entries are filed by the
    // server's receive time; the server calls it at start and every few hours, never a push).
    Status preparePartitions(int monthsAhead = 3);

private:
    PgDatabase& m_db;
};

} // namespace rd::server
