#pragma once

#include "authservice.h"
#include "pgdatabase.h"

#include <QJsonObject>
#include <QSet>

namespace rd::server {

// What a device may receive (docs/sync.md "Partial replication"), decided from the workspace's
// own users, roles and permissions as the server holds them (entity_state), for the desktop
// user with the signed-in account's email. A user who may export users (an admin) holds the
// whole state. Everyone else receives the rows their roles may read: other users' private rows
// (notifications, notification preferences, saved searches) never; roles, role permissions and
// role assignments only their own unless they may read roles; user rows only their own unless
// they may read users. Everything else follows the candidate, job and application read rights
// every role has.
struct ReadScope {
    bool full = false;
    QString userId; // the desktop users row ("": none found: nothing scoped is visible)
    QSet<QString> heldRoles; // desktop role ids
    bool readRoles = false;
    bool readUsers = false;
    // The desktop user this account acts as is disabled (or its account is): it reads nothing,
    // and its laptop is told so (account_disabled: it drops its key lease, decision 0024).
    bool disabled = false;

    // Changes when what the device may see changes; the client keeps the one it pulled under.
    QString key() const;
    // Entities whose rows are filtered (and purged when the scope changes).
    static const QStringList& scopedEntities();
    // Inside a tenant-scoped transaction.
    static Result<ReadScope> of(PgDatabase& db, const AccessClaims& claims);
    static Error disabledError();
    // Whether a row of a scoped entity (its current merged fields) is visible.
    bool sees(const QString& entity, const QString& rowId, const QJsonObject& row) const;
};

} // namespace rd::server
