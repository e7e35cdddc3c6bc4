#pragma once

#include "auth/writepolicy.h"
#include "authservice.h"
#include "pgdatabase.h"
#include "protocol/wire.h"

#include <QHash>
#include <QJsonObject>

#include <optional>

namespace rd::server {

// The signed-in account as the workspace knows it (docs/sync.md "What the server trusts"): the
// desktop users row with the account's email in the server's merged state, its roles and
// permissions (core's writepolicy.h: the same union the desktop computes), assigned jobs for a
// hiring manager. Inside a tenant-scoped transaction. Only what earlier accepted changes made
// counts: a laptop's own file never grants anything.
struct ServerActor {
    Actor actor;
    bool found = false; // a live desktop users row for the account
    bool hasRoles = false;
    bool serverAdmin = false; // the server account holds the admin role (tenant create / user add)
    static Result<ServerActor> of(PgDatabase& db, const AccessClaims& claims);
    // For a request outside a push (invitations, device management): the account's desktop
    // user, active and holding every one of NEEDS, read in a tenant-scoped transaction of its
    // own; else permission_denied with MESSAGE (details name the last of NEEDS).
    static Result<Actor> require(PgDatabase& db, const AccessClaims& claims,
        const QList<std::pair<Resource, Action>>& needs, const QString& message);
};

// Decides every pushed record before it is merged: known entity and fields, the workspace's
// own tenant, the user's permission for this write, the row's values (core's rowrules: the
// desktop schema's NOT NULL/CHECK/types and the services' limits), references to rows inside
// the tenant and the domain rules. A refusal is an Error whose details.reason is the stable
// code the push answer carries.
class PushGuard {
public:
    // bootstrap: the account's first upload of the workspace it attaches (no roles in the
    // server's state yet): every permission, nothing else relaxed.
    PushGuard(PgDatabase& db, QString tenantId, QString workspaceId, ServerActor actor, bool bootstrap);
    // The guard for one push (inside its transaction, the tenant row locked): decides whether
    // this is the bootstrap upload (the tenant's server admin, nobody holds a role yet, from the
    // device that bound the workspace, boundDevice) and refuses a batch from an account that is
    // no active user of the workspace whole (403 not_a_workspace_user: nothing decided, so the
    // laptop keeps its records). lastBefore: the highest dev_seq the server had from the device.
    static Result<PushGuard> open(PgDatabase& db, const AccessClaims& claims, const QString& workspaceId,
        const QString& boundDevice, qint64 lastBefore, const ServerActor& actor, bool hasChanges = true);

    // The row lookup: the batch's merged rows first (set by the caller), else entity_state.
    using BatchRows = std::function<const QJsonObject*(const QString& key)>;
    void setBatchRows(BatchRows rows) { m_batch = std::move(rows); }
    std::optional<QJsonObject> row(const QString& entity, const QString& rowId);
    RowLookup lookup()
    {
        return [this](const QString& e, const QString& id) { return row(e, id); };
    }

    Status check(const WriteAttempt& write);
    // One pushed record against the row the server has (nullptr: none; deleted: a tombstone).
    // An insert over a tombstone is a create (the record alone must be a whole row); an update
    // or delete of a row the server never had is refused.
    Status decide(const sync::ChangeRecord& change, const QJsonObject* current, bool deleted);
    // The answer for a refused record: the row after the batch when the user may read it.
    sync::Refusal refusal(const sync::ChangeRecord& change, const Error& why, const QJsonObject* current, bool deleted);
    // Whether the pushing user may read the row (refusal answers carry only such rows).
    bool mayRead(const QString& entity, const QString& rowId, const QJsonObject& row);
    const ServerActor& actor() const { return m_actor; }
    bool bootstrap() const { return m_bootstrap; }

private:
    Status checkReferences(const WriteAttempt& write);
    PgDatabase& m_db;
    QString m_tenantId;
    QString m_workspaceId;
    ServerActor m_actor;
    bool m_bootstrap = false;
    BatchRows m_batch;
    QHash<QString, std::optional<QJsonObject>> m_cache;
};

} // namespace rd::server
