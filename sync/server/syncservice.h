#pragma once

#include "authservice.h"
#include "pgdatabase.h"
#include "protocol/wire.h"
#include "readscope.h"

#include <QHash>
#include <QMutex>

namespace rd::server {

// Push and pull (docs/sync.md). Push applies a device's batch in one transaction: idempotent
// on (device_id, dev_seq), a gapless per-tenant server_seq per accepted change (the counter row
// locked), field-level merge in server order with the losing value kept as a conflict,
// tombstones for deletes. Pull pages the tenant's changes after a cursor. The tenant comes from
// the token only; row-level security (rd.tenant_id) is the second wall.
class SyncService {
public:
    explicit SyncService(PgDatabase& db)
        : m_db(db)
    {
    }
    Result<sync::PushResponse> push(const AccessClaims& claims, const sync::PushRequest& request);
    // protocol 1: filtered pages, no scope or purge; 2: clientScope is the scope the client
    // pulled under ("" before its first pull).
    // join: the pull of a laptop joining (`join=1`): a tenant without a workspace gets one made
    // for its server admin (Provisioning::ensureWorkspace); no other pull makes one.
    // clientEpoch: the epoch of the device's last pull (empty: none, or an older client); a
    // cursor beyond the server's head on the same epoch is 409 cursor_ahead (the database was
    // restored and `recruitdesk-server restored` not run), on an earlier one a restart page.
    // clientSeen: "SERVER_SEQ:DEVICE_ID:DEV_SEQ", the last change the device applied on this
    // epoch; when the server's log has another change under that number, the database was
    // restored without `restored` (409 timeline_mismatch, as cursor_ahead).
    Result<sync::PullResponse> pull(const AccessClaims& claims, qint64 after, int limit,
        int protocol = sync::kProtocolVersion, const QString& clientScope = {}, bool join = false,
        const QString& clientEpoch = {}, const QString& clientSeen = {});
    // The tenant's timeline as pulls name it (inside a tenant-scoped transaction).
    Result<QString> epochOf(const QString& tenantId);
    static constexpr int kMaxPullLimit = 5000;
    static constexpr qint64 kMaxPageBytes = 8 * 1024 * 1024; // row text per pull page, about
    // A change the server makes itself (the outreach dispatcher's delivery status): the
    // tenant's next server_seq, from device "server:TENANT", merged into the row's state and
    // pulled by every device like any other change. Inside the caller's transaction; a row the
    // server does not have (or a deleted one) is not_found. Returns the server_seq.
    Result<qint64> serverChange(
        const QString& tenantId, const QString& entity, const QString& rowId, const QJsonObject& fields);
    // A row the server deletes itself (what an erasure leaves behind on a server that had more
    // than the erasing laptop: after a restore, say): a tombstone from "server:TENANT", pulled by
    // every device. Inside the caller's transaction; not_found when the row is not live.
    Result<qint64> serverDelete(const QString& tenantId, const QString& entity, const QString& rowId);
    // A row the server makes itself (an application when a candidate confirms): FIELDS is the
    // whole row (desktop columns), logged as an insert from "server:TENANT". conflict when the
    // row exists. Inside the caller's transaction; returns the server_seq.
    Result<qint64> serverInsert(
        const QString& tenantId, const QString& entity, const QString& rowId, const QJsonObject& fields);

private:
    // One push's batch in named steps (syncpush.cpp).
    struct PushBatch;
    // The answer to a device that has seen what this database does not hold: it was restored
    // from a backup and `recruitdesk-server restored` not run yet (cursor_ahead: the device saw
    // more than the head; timeline_mismatch: other changes under the numbers it saw).
    static Error restoreNotMarked(const QString& reason, qint64 head);
    // The tenant's next server_seq, its counter row locked until the transaction ends; saved
    // with saveServerSeq once the change is written.
    Result<qint64> nextServerSeq(const QString& tenantId);
    Status saveServerSeq(const QString& tenantId, qint64 seq);
    // Claims the row's unique keys in server order; a key another live row holds is resolved
    // on this (later) change: fields adjusted (tombstone, next number, suffix) and returned as
    // conflicts. Inside the push transaction.
    // Domain rules the server re-checks in its order (docs/sync.md "Rules"): an application
    // made for a job that is closed by then is withdrawn (soft-deleted); a stage move to a stage
    // removed by then, or on a closed job, is undone. The change comes back adjusted with a
    // conflict "rule:REASON", visible on every device. `before`: the row's fields before it.
    Status checkRules(const QString& tenantId, const sync::ChangeRecord& change, const QJsonObject& before,
        QJsonObject& merged, QJsonObject& adjusted, QList<sync::Conflict>& conflicts, qint64 serverSeq);
    Status claimUniqueKeys(const QString& tenantId, const QString& entity, const QString& rowId, QJsonObject& merged,
        bool deleted, QJsonObject& adjusted, QList<sync::Conflict>& conflicts, qint64 serverSeq);
    PgDatabase& m_db;
    // Read scopes by tenant, account and the tenant's server_seq when computed: a scope can
    // only change with a new change, so an entry is good until the tenant's log moves.
    QMutex m_scopeMutex;
    QHash<QString, QPair<qint64, ReadScope>> m_scopes;
};

} // namespace rd::server
