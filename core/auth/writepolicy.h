#pragma once

#include "auth/permissions.h"
#include "common/result.h"

#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <bitset>
#include <functional>
#include <optional>

namespace rd {

// Who acts, as the deciding side knows them: the desktop users row, its role names and ids, the
// union of their permissions and, for a hiring manager limited to assigned jobs, those jobs.
// Built from a user's roles with actorOf() on the desktop (SQLite) and on the sync server (its
// merged state): one implementation, decision 0020.
struct Actor {
    QString userId;
    QStringList roleNames;
    QSet<QString> heldRoleIds;
    QSet<Permission> permissions;
    bool jobScoped = false; // a hiring manager who cannot create jobs: only assigned jobs
    QSet<QString> managedJobs;
    bool active = true; // false: a disabled user or a suspended tenant (no permissions)

    // Decided for every pushed record: a bit per resource x action (set by actorOf from
    // permissions), not a string lookup.
    std::bitset<64 * 8> grants;
    bool has(Resource r, Action a) const { return grants.test(grantBit(r, a)); }
    static size_t grantBit(Resource r, Action a) { return size_t(r) * 8 + size_t(a); }
};

// One role a user holds, as stored.
struct HeldRole {
    QString id;
    QString name;
    bool isSystem = false;
    QStringList customPermissions; // "resource.action" of a custom role
};

// The union of the roles' permissions (system roles from the built-in matrix).
QSet<Permission> effectivePermissions(const QList<HeldRole>& roles);
// Hiring managers who cannot create jobs only see and change the jobs assigned to them.
bool scopedToAssignedJobs(const QStringList& roleNames, const QSet<Permission>& permissions);
Actor actorOf(const QString& userId, const QList<HeldRole>& roles, const QSet<QString>& managedJobs, bool active);

// A row as the deciding side holds it (merged fields), or nullopt when it has none.
using RowLookup = std::function<std::optional<QJsonObject>(const QString& entity, const QString& rowId)>;

// One replicated write (docs/sync.md "What the server trusts").
struct WriteAttempt {
    QString entity; // table name
    QString rowId;
    QString op; // insert | update | delete
    QJsonObject fields; // the columns the write sets
    QJsonObject before; // the row before (empty when it is new)
    bool existed = false;
    QJsonObject after; // the row after the write
};

namespace writepolicy {

// Whether the actor may make this write: the permission matrix per entity and operation, the
// rules around it (nobody changes their own roles or disables themselves, built-in roles are
// fixed, hiring managers only their assigned jobs, private rows only by their owner, outreach
// status and erasure fields only by those allowed) and: a row the actor could not read is
// not writable. PermissionDenied with details.reason on refusal.
Status mayWrite(const Actor& actor, const WriteAttempt& write, const RowLookup& rows);

// Whether the actor may read a row (its current fields).
bool mayRead(const Actor& actor, const QString& entity, const QString& rowId, const QJsonObject& row,
    const RowLookup& rows);

// The job a row belongs to, for hiring-manager scopes ("" when none or unknown).
QString jobOf(const QString& entity, const QJsonObject& row, const RowLookup& rows);

} // namespace writepolicy
} // namespace rd
