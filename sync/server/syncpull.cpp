// The pull half of the sync protocol (docs/sync.md "Pull"): a tenant's changes after a cursor
// in server order, within the caller's read scope, and the checks that a restored database
// was marked as such (cursor_ahead, timeline_mismatch). Push and the server's own writes are
// in syncservice.cpp.
#include "syncservice.h"

#include "crypto/crypto.h"
#include "httpapp.h"
#include "provisioning.h"
#include "readscope.h"
#include "serverutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutexLocker>

namespace rd::server {

namespace {
// The device a pulled change came from, as the puller is shown it: its own id for its own
// changes, an opaque name (stable, one-way) for a colleague's. A colleague's real id would let
// its holder register that device as theirs after a server restore lost its registration.
QString shownDevice(const QString& deviceId, const AccessClaims& to)
{
    if (deviceId == to.deviceId) return deviceId;
    return QStringLiteral("d-") + crypto::sha256Hex((to.tenantId + QLatin1Char('/') + deviceId).toUtf8()).left(32);
}
} // namespace

Result<sync::PullResponse> SyncService::pull(const AccessClaims& claims, qint64 after, int limit, int protocol,
    const QString& clientScope, bool join, const QString& clientEpoch, const QString& clientSeen)
{
    limit = std::clamp(limit, 1, kMaxPullLimit);
    // A tenant made on the server that nobody attached a workspace to yet: its admin joining
    // (right after `tenant create`) makes the workspace; an ordinary pull never does.
    if (join && after == 0) RD_TRY(Provisioning(m_db).ensureWorkspace(claims));
    RD_TRY(m_db.begin());
    auto fail = [&](const Error& e) -> Result<sync::PullResponse> {
        m_db.rollback();
        return e;
    };
    if (const Status s = m_db.scopeToTenant(claims.tenantId); !s) return fail(s.error());
    auto head = m_db.select(
        QStringLiteral(
            "SELECT (SELECT epoch::text FROM server_state), coalesce((SELECT server_seq FROM tenant_counters "
            "WHERE tenant_id = ?), 0), coalesce((SELECT generation FROM tenant_counters WHERE tenant_id = ?), 0), "
            "coalesce((SELECT restored_seq FROM tenant_counters WHERE tenant_id = ?), -1)"),
        { claims.tenantId, claims.tenantId, claims.tenantId });
    if (!head) return fail(head.error());
    const qint64 current = head.value().first().value(1).toLongLong();
    ReadScope rs;
    {
        const QString scopeKey = claims.tenantId + QLatin1Char('/') + claims.userId;
        QMutexLocker lock(&m_scopeMutex);
        auto cached = m_scopes.constFind(scopeKey);
        if (cached != m_scopes.constEnd() && cached.value().first == current) {
            rs = cached.value().second;
        } else {
            lock.unlock();
            auto readScope = ReadScope::of(m_db, claims);
            if (!readScope) return fail(readScope.error());
            rs = readScope.value();
            lock.relock();
            if (m_scopes.size() > 10000) m_scopes.clear();
            m_scopes.insert(scopeKey, { current, rs });
        }
    }
    if (rs.disabled) return fail(ReadScope::disabledError());
    sync::PullResponse out;
    // The epoch names the tenant's timeline: the server's (a new one after `recruitdesk-server
    // restored`) and the tenant's generation (kept for tenants that have one; nothing moves it).
    const qint64 generation = head.value().first().value(2).toLongLong();
    const QString serverEpoch = head.value().first().value(0).toString();
    out.epoch = generation == 0 ? serverEpoch : QStringLiteral("%1.%2").arg(serverEpoch).arg(generation);
    out.restoredSeq = head.value().first().value(3).toLongLong();
    if (after > current) {
        // The device has seen more than the server holds. No client moves the server's
        // timeline: on this timeline it is told to wait for the admin (the database was
        // restored and `recruitdesk-server restored` not run yet); a device from an earlier
        // timeline starts over on this one (it rebases and re-sends what it has).
        if (clientEpoch.isEmpty() || clientEpoch == out.epoch) {
            m_db.rollback();
            logJson(QStringLiteral("error"),
                QStringLiteral("a device has seen changes this server does not hold: was the database restored from a "
                               "backup? Run `recruitdesk-server restored` (docs/server-admin.md)"),
                { { QStringLiteral("device_id"), claims.deviceId }, { QStringLiteral("cursor"), after },
                    { QStringLiteral("server_seq"), current } });
            return restoreNotMarked(QStringLiteral("cursor_ahead"), current);
        }
        out.restart = true;
        out.next = 0;
        out.more = true;
        m_db.rollback();
        return out;
    }
    // The change the device last applied is still the one the server has under its number
    // (a restore the admin did not mark leaves other changes there; the device would skip them).
    if (const QStringList seen = clientSeen.split(QLatin1Char(':')); seen.size() == 3 && (clientEpoch.isEmpty() || clientEpoch == out.epoch)) {
        auto there = m_db.select(QStringLiteral("SELECT device_id, dev_seq FROM changes WHERE tenant_id = ? AND server_seq = ?"),
            { claims.tenantId, seen[0].toLongLong() });
        if (!there) return fail(there.error());
        if (!there.value().isEmpty()
            && (shownDevice(there.value().first().value(0).toString(), claims) != seen[1]
                || there.value().first().value(1).toString() != seen[2])) {
            m_db.rollback();
            logJson(QStringLiteral("error"),
                QStringLiteral("a device has seen other changes than this server holds under the same numbers: was the "
                               "database restored from a backup? Run `recruitdesk-server restored` (docs/server-admin.md)"),
                { { QStringLiteral("device_id"), claims.deviceId }, { QStringLiteral("server_seq"), seen[0].toLongLong() } });
            return restoreNotMarked(QStringLiteral("timeline_mismatch"), current);
        }
    }
    auto finish = [&]() -> Result<sync::PullResponse> {
        m_db.rollback(); // read only
        return out;
    };
    if (protocol >= 2) {
        out.scope = rs.key();
        // What the device may see changed since it pulled (a role taken away, say; or a
        // client that pulled unfiltered pages under protocol 1): it drops what it may no
        // longer hold and pulls again from the beginning under the new scope.
        const bool changed = clientScope.isEmpty() ? (after > 0 && !rs.full) : clientScope != out.scope;
        if (changed) {
            logJson(QStringLiteral("info"), QStringLiteral("read scope changed; client purges"),
                { { QStringLiteral("device_id"), claims.deviceId }, { QStringLiteral("scope"), out.scope } });
            out.purge = ReadScope::scopedEntities();
            out.next = 0;
            out.more = true;
            return finish();
        }
    }
    if (after == current) { // up to date: the common poll
        out.next = after;
        return finish();
    }
    auto rows = m_db.select(
        // server_seq is gapless per tenant, so the page is exactly the range (after, after+limit+1]:
        // the upper bound keeps the plan an index range scan even before statistics exist
        // (without it, a freshly loaded log was read whole and sorted for every page).
        QStringLiteral("SELECT server_seq, device_id, dev_seq, entity, row_id, op, fields::text FROM changes WHERE "
                       "tenant_id = ? AND server_seq > ? AND server_seq <= ? ORDER BY server_seq LIMIT ?"),
        { claims.tenantId, after, after + limit + 1, limit + 1 });
    if (!rows) return fail(rows.error());
    qint64 last = after;
    int taken = 0;
    qint64 bytes = 0; // a page stays near 8 MiB of row text (UTF-8) however long the rows (CVs)
    for (const auto& r : rows.value()) {
        bytes += utf8Size(r.value(6).toString()) + 256;
        if (taken++ == limit || (taken > 1 && bytes > kMaxPageBytes)) {
            out.more = true;
            break;
        }
        last = r.value(0).toLongLong();
        out.changes << sync::ServerChange { r.value(0).toLongLong(), shownDevice(r.value(1).toString(), claims), r.value(2).toLongLong(),
            r.value(3).toString(), r.value(4).toString(), r.value(5).toString(), jsonObjectOf(r.value(6)) };
    }
    out.next = last;
    auto conflicts = m_db.select(
        QStringLiteral("SELECT server_seq, entity, row_id, field, losing_value::text, losing_server_seq FROM conflicts "
                       "WHERE tenant_id = ? AND server_seq > ? AND server_seq <= ? ORDER BY server_seq, field"),
        { claims.tenantId, after, out.next });
    if (!conflicts) return fail(conflicts.error());
    for (const auto& r : conflicts.value())
        out.conflicts << sync::Conflict { r.value(0).toLongLong(), r.value(1).toString(), r.value(2).toString(),
            r.value(3).toString(), QJsonDocument::fromJson("[" + r.value(4).toString().toUtf8() + "]").array().first(),
            r.value(5).toLongLong() };
    if (!rs.full) {
        // Rows of scoped entities the device may not see are left out (by their current
        // fields: an update does not carry the owner); the cursor still moves past them.
        QJsonArray keys;
        for (const sync::ServerChange& c : std::as_const(out.changes))
            if (ReadScope::scopedEntities().contains(c.entity))
                keys << QJsonObject { { QStringLiteral("entity"), c.entity }, { QStringLiteral("row_id"), c.rowId } };
        for (const sync::Conflict& c : std::as_const(out.conflicts))
            if (ReadScope::scopedEntities().contains(c.entity))
                keys << QJsonObject { { QStringLiteral("entity"), c.entity }, { QStringLiteral("row_id"), c.rowId } };
        QHash<QString, QJsonObject> current;
        if (!keys.isEmpty()) {
            auto state = m_db.select(
                QStringLiteral("SELECT e.entity, e.row_id, e.fields::text FROM entity_state e JOIN "
                               "jsonb_to_recordset(?::jsonb) AS k(entity text, row_id text) ON e.entity = k.entity "
                               "AND e.row_id = k.row_id WHERE e.tenant_id = ?"),
                { QString::fromUtf8(QJsonDocument(keys).toJson(QJsonDocument::Compact)), claims.tenantId });
            if (!state) return fail(state.error());
            for (const auto& r : state.value())
                current.insert(
                    r.value(0).toString() + QLatin1Char('/') + r.value(1).toString(), jsonObjectOf(r.value(2)));
        }
        auto visible = [&](const QString& entity, const QString& rowId) {
            return !ReadScope::scopedEntities().contains(entity)
                || rs.sees(entity, rowId, current.value(entity + QLatin1Char('/') + rowId));
        };
        out.changes.removeIf([&](const sync::ServerChange& c) { return !visible(c.entity, c.rowId); });
        out.conflicts.removeIf([&](const sync::Conflict& c) { return !visible(c.entity, c.rowId); });
    }
    return finish();
}

} // namespace rd::server
