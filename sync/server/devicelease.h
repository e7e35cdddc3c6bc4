#pragma once

#include "authservice.h"
#include "pgdatabase.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace rd::server {

// Key leases and remote wipe (decision 0024, docs/server-admin.md section 5 "Lost or stolen
// laptops").
//
// Each device has a lease key, made at its first lease and kept sealed with the server's key
// file. A device that syncs gets it back with a new end: now + the offline period (the user's
// own, set with `user offline`, else the tenant's `offline_lease_days`, else 14 days). The
// laptop keeps its data key wrapped by it and cannot open the workspace past the end without
// asking again. `device revoke --wipe` has the laptop erase its workspace at its next contact;
// the lease key is destroyed here at once, so a laptop that never comes back stays unreadable.
class DeviceLeases {
public:
    static constexpr int kDefaultDays = 14;
    static constexpr int kMaxDays = 365;

    DeviceLeases(PgDatabase& db, QString keyFile)
        : m_db(db)
        , m_keyFile(std::move(keyFile))
    {
    }

    // POST /v1/device/lease: {lease_key (base64), lease_until, server_time, offline_days}.
    Result<QJsonObject> grant(const AccessClaims& claims);
    // The offline period that applies to a user (days).
    Result<int> offlineDays(const QString& tenantId, const QString& userId);
    // `user offline EMAIL DAYS`: the user's own period (0: the tenant's again).
    Status setUserDays(const QString& tenantId, const QString& email, int days);
    // `device revoke ID --wipe`: revoked (with its lineage, AuthService::revokeDevice), a wipe
    // ordered with REASON (shown on the laptop) and the lease keys destroyed.
    Status orderWipe(AuthService& auth, const QString& deviceId, const QString& reason);
    // POST /v1/device/wiped: the laptop says it has erased itself (its refresh token proves
    // which device; the token is revoked already, so it is matched as it was).
    Status confirmWiped(const QString& refreshToken);

    // For a tenant admin on the desktop (user.manage, as the server holds the workspace's roles):
    // GET /v1/admin/devices, the tenant's devices as `device list` shows them; POST
    // /v1/admin/devices/revoke, revoke (and wipe) one of them.
    Result<QJsonArray> listFor(AuthService& auth, const AccessClaims& by);
    Status revokeFor(AuthService& auth, const AccessClaims& by, const QString& deviceId, bool wipe, const QString& reason);

private:
    Status requireDeviceManager(const AccessClaims& by);
    Result<QByteArray> leaseKey(const QString& deviceId);
    PgDatabase& m_db;
    QString m_keyFile;
};

} // namespace rd::server
