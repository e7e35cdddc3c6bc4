// Applying one pull page (docs/sync.md "Pull"): the server's changes, in its order, in one
// SQLite transaction with the cursor. This device's unsent edits win locally until pushed; a
// change this device's schema refuses waits aside (sync_unapplied, desktop schema 14) with the
// later changes of its row behind it, and is tried again at every pull as the server's latest
// word on that row; a new read scope drops what is no longer this device's to hold.
#include "rowwriter.h"
#include "syncengine.h"
#include "syncmeta.h"
#include "syncunseen.h"

#include "store/replication.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSet>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace rd::sync {

namespace {
QString rowKey(const QString& entity, const QString& rowId)
{
    return entity + QLatin1Char('/') + rowId;
}
const QString kAfterWaiting = QStringLiteral("after an earlier change of this row that waits");
} // namespace

// The state of applying one page, its steps named (SyncEngine::applyPage runs them in order).
struct SyncEngine::PageApply {
    PageApply(SyncEngine& engine, const PullResponse& p, SyncSummary& summary)
        : e(engine)
        , db(engine.m_ws.db())
        , page(p)
        , s(summary)
    {
    }
    SyncEngine& e;
    Database& db;
    const PullResponse& page;
    SyncSummary& s;
    qint64 pushed = 0; // the highest dev_seq the server has
    QHash<QString, QHash<QString, qint64>> pendingFields; // "entity/row" -> field -> lowest base
    QSet<QString> pendingDeletes;
    UnseenFields unseen;
    QHash<QString, QHash<QString, QString>> types; // entity -> column -> declared type
    int applied = 0, skipped = 0;
    QString why; // the last refusal's words
    QSet<QString> aside; // rows set aside in this page (their later changes in it join them)
    QSet<QString> waited; // rows that had changes waiting: this page's changes of them join those

    Status loadPending();
    Result<QHash<QString, QString>> columnTypes(const QString& entity);
    // mayYield: a local row holding one of its unique keys gives way (the last try, below).
    Result<bool> applyOne(const ServerChange& c, const QHash<QString, QString>& cols, bool mayYield = false);
    Status setAside(const ServerChange& c, const QString& reason);
    Status joinWaiting();
    Status retryAside();
    Status applyChanges(bool purging);
    Status storeConflicts();
    Status dropPurged(UnitOfWork& uow);
    Status advance(UnitOfWork& uow);
};

// Outbox records the server does not have yet: their fields win locally until pushed (they will
// be later than these changes in server order).
Status SyncEngine::PageApply::loadPending()
{
    auto p = e.metaInt(kPushed);
    if (!p) return p.error();
    pushed = p.value();
    auto rows = db.select(QStringLiteral("SELECT entity, row_id, op, fields, coalesce(base_server_seq, 0) FROM "
                                         "changes WHERE dev_seq > ?"),
        { pushed });
    if (!rows) return rows.error();
    for (const auto& r : rows.value()) {
        const QString key = rowKey(r.value(0).toString(), r.value(1).toString());
        if (r.value(2).toString() == QLatin1String("delete")) pendingDeletes.insert(key);
        const QJsonObject f = QJsonDocument::fromJson(r.value(3).toString().toUtf8()).object();
        const qint64 base = r.value(4).toLongLong();
        QHash<QString, qint64>& fields = pendingFields[key];
        for (auto it = f.constBegin(); it != f.constEnd(); ++it)
            fields.insert(it.key(), qMin(base, fields.value(it.key(), base)));
    }
    auto u = UnseenFields::load(db);
    if (!u) return u.error();
    unseen = u.value();
    return {};
}

// An error reading the schema fails the page (never mistaken for an unknown entity, which would
// skip the change for good). Empty: an entity this version does not know.
Result<QHash<QString, QString>> SyncEngine::PageApply::columnTypes(const QString& entity)
{
    auto it = types.find(entity);
    if (it != types.end()) return it.value();
    auto t = detail::replicatedTypes(db, entity);
    if (!t) return t.error();
    types.insert(entity, t.value());
    return t;
}

// One change, in a savepoint: Ok(false) when this device's schema refuses the row (it then waits
// aside; `why` says why); any other failure (the disk, an injected fault) fails the page.
Result<bool> SyncEngine::PageApply::applyOne(const ServerChange& c, const QHash<QString, QString>& cols, bool mayYield)
{
    const QString key = rowKey(c.entity, c.rowId);
    qCDebug(lcSync) << db.deviceId().right(4) << "apply" << c.serverSeq << c.op << c.entity << c.rowId << "pending"
                    << pendingFields.value(key).size() << pendingDeletes.contains(key);
    if (pendingDeletes.contains(key)) return true;
    RD_TRY(db.execRaw(QStringLiteral("SAVEPOINT apply_one")));
    Result<bool> w = true;
    const bool deleting = c.op == QLatin1String("delete");
    const QHash<QString, qint64> pending = deleting ? QHash<QString, qint64>() : pendingFields.value(key);
    if (deleting) {
        auto d = db.change(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(c.entity), { c.rowId });
        if (!d) w = d.error();
    } else {
        const QSet<QString> mine(pending.keyBegin(), pending.keyEnd());
        // A local row holding one of its unique keys does not give way at once: the server decides
        // such pairs in its order, and its word on the local row (tombstoned, renumbered, or moved
        // by a rule) usually comes later in this pull. Until then this change waits aside (tried
        // again at the end of each page); only at the end of the pull does the local row give way
        // (writeServerRow). Giving way at once wrote a tombstone the server never made when it
        // decided otherwise (simulation seed 13513: an application moved to a merge survivor by a
        // rule stayed deleted on one laptop).
        w = mayYield ? e.writeServerRow(c.entity, c.rowId, c.fields, cols, mine, c.op == QLatin1String("insert"))
                     : detail::writeRow(db, c.entity, c.rowId, c.fields, cols, mine, c.op == QLatin1String("insert"));
    }
    if (!w) {
        const Error err = w.error();
        RD_TRY(db.execRaw(QStringLiteral("ROLLBACK TO apply_one")));
        RD_TRY(db.execRaw(QStringLiteral("RELEASE apply_one")));
        const QString driver = err.details.value(QStringLiteral("driver")).toString();
        const bool refusedHere = !err.details.value(QStringLiteral("fault")).toBool()
            && (driver.contains(QLatin1String("constraint failed")) || driver.contains(QLatin1String("CHECK"))
                || err.code == ErrorCode::Conflict || err.code == ErrorCode::ValidationFailed);
        if (!refusedHere)
            return Error { err.code,
                QStringLiteral("Change %1 from the server could not be applied: %2").arg(c.serverSeq).arg(err.message),
                { { QStringLiteral("server_seq"), c.serverSeq }, { QStringLiteral("entity"), c.entity } } };
        qCWarning(lcSync) << "change" << c.serverSeq << c.entity << c.rowId << "waits aside:" << err.message << driver;
        why = driver.isEmpty() ? err.message : driver;
        return false;
    }
    RD_TRY(db.execRaw(QStringLiteral("RELEASE apply_one")));
    RD_TRY(unseen.pulled(db, c, pending));
    if (w.value()) ++applied;
    return true;
}

Status SyncEngine::PageApply::setAside(const ServerChange& c, const QString& reason)
{
    // Its fields were not seen here, although the cursor goes past it: an edit of one made here
    // meanwhile is not based on it (the server takes it as a conflict, never as its overwrite).
    if (c.op != QLatin1String("delete")) {
        QHash<QString, qint64> unseenHere;
        for (auto it = c.fields.constBegin(); it != c.fields.constEnd(); ++it)
            unseenHere.insert(it.key(), 0);
        RD_TRY(unseen.pulled(db, c, unseenHere));
    }
    auto parked = db.change(QStringLiteral("INSERT OR REPLACE INTO sync_unapplied (server_seq, entity, row_id, op, "
                                           "fields, error, failed_at) VALUES (?,?,?,?,?,?,?)"),
        { c.serverSeq, c.entity, c.rowId, c.op, QString::fromUtf8(QJsonDocument(c.fields).toJson(QJsonDocument::Compact)),
            reason, e.m_ws.clock().nowIso() });
    return parked ? Status() : Status(parked.error());
}

// This page's changes of rows that have changes waiting aside join them (after them, in order).
Status SyncEngine::PageApply::joinWaiting()
{
    auto keys = db.select(QStringLiteral("SELECT DISTINCT entity, row_id FROM sync_unapplied"));
    if (!keys) return keys.error();
    for (const auto& r : keys.value())
        waited.insert(rowKey(r.value(0).toString(), r.value(1).toString()));
    for (const ServerChange& c : page.changes)
        if (waited.contains(rowKey(c.entity, c.rowId))) RD_TRY(setAside(c, kAfterWaiting));
    return {};
}

// What waits aside is tried after the page's other changes (which may have moved what stood in
// its way), row by row, as one change (later ones of a row on top of the first: the server's
// latest word on it), and leaves when it applies.
Status SyncEngine::PageApply::retryAside()
{
    auto waiting = db.select(
        QStringLiteral("SELECT server_seq, entity, row_id, op, fields FROM sync_unapplied ORDER BY server_seq"));
    if (!waiting) return waiting.error();
    QList<QString> order;
    QHash<QString, ServerChange> folded;
    for (const auto& r : waiting.value()) {
        ServerChange c { r.value(0).toLongLong(), QString(), 0, r.value(1).toString(), r.value(2).toString(),
            r.value(3).toString(), QJsonDocument::fromJson(r.value(4).toString().toUtf8()).object() };
        const QString key = rowKey(c.entity, c.rowId);
        if (!folded.contains(key)) {
            order << key;
            folded.insert(key, c);
            continue;
        }
        ServerChange& f = folded[key];
        f.serverSeq = c.serverSeq;
        if (c.op == QLatin1String("update") && f.op != QLatin1String("delete")) {
            for (auto it = c.fields.constBegin(); it != c.fields.constEnd(); ++it)
                f.fields.insert(it.key(), it.value());
        } else {
            f.op = c.op;
            f.fields = c.fields;
        }
    }
    for (const QString& key : std::as_const(order)) {
        const ServerChange& f = folded.value(key);
        auto known = columnTypes(f.entity);
        if (!known) return known.error();
        auto done = known.value().isEmpty() ? Result<bool>(true) : applyOne(f, known.value(), !page.more);
        if (!done) return done.error();
        if (!done.value()) continue;
        auto gone = db.change(QStringLiteral("DELETE FROM sync_unapplied WHERE entity = ? AND row_id = ?"), { f.entity, f.rowId });
        if (!gone) return gone.error();
    }
    auto left = db.selectOne(QStringLiteral("SELECT count(DISTINCT entity || '/' || row_id) FROM sync_unapplied"));
    if (!left) return left.error();
    s.unapplied = int(left.value().value(0).toLongLong());
    return {};
}

// This page's changes in the server's order. purging: each row sent is in the new read scope.
Status SyncEngine::PageApply::applyChanges(bool purging)
{
    for (const ServerChange& c : page.changes) {
        if (purging) { // the row is in the new scope: it stays
            auto kept = db.change(
                QStringLiteral("DELETE FROM sync_purge WHERE entity = ? AND row_id = ?"), { c.entity, c.rowId });
            if (!kept) return kept.error();
        }
        auto known = columnTypes(c.entity);
        if (!known) return known.error();
        const QHash<QString, QString> cols = known.value();
        if (cols.isEmpty()) {
            ++skipped; // an entity this version does not know (a newer peer): kept on the server
            continue;
        }
        const QString key = rowKey(c.entity, c.rowId);
        if (waited.contains(key)) continue; // (waiting with what waited, tried with it below)
        if (aside.contains(key)) {
            RD_TRY(setAside(c, kAfterWaiting));
            continue;
        }
        auto done = applyOne(c, cols);
        if (!done) return done.error();
        if (!done.value()) {
            RD_TRY(setAside(c, why));
            aside.insert(key);
        }
    }
    return {};
}

Status SyncEngine::PageApply::storeConflicts()
{
    for (const Conflict& k : page.conflicts) {
        auto ins = db.change(
            QStringLiteral(
                "INSERT OR IGNORE INTO sync_conflicts (server_seq, tenant_id, entity, row_id, field, losing_value, "
                "losing_server_seq) VALUES (?,?,?,?,?,?,?)"),
            { k.serverSeq, e.m_session.tenantId, k.entity, k.rowId, k.field,
                QString::fromUtf8(QJsonDocument(QJsonArray { k.losingValue }).toJson(QJsonDocument::Compact))
                    .mid(1)
                    .chopped(1),
                k.losingServerSeq });
        if (!ins) return ins.error();
        s.conflicts += ins.value();
    }
    return {};
}

// Pulled again to the end under a new read scope: what was not sent is no longer this device's
// to hold, except rows with changes not pushed yet.
Status SyncEngine::PageApply::dropPurged(UnitOfWork& uow)
{
    QJsonObject dropped;
    const QList<replication::Table>& tables = replication::tables();
    for (auto t = tables.crbegin(); t != tables.crend(); ++t) { // children first
        auto n = db.change(QStringLiteral("DELETE FROM %1 WHERE id IN (SELECT row_id FROM sync_purge WHERE entity = ?) "
                                          "AND id NOT IN (SELECT row_id FROM changes WHERE entity = ? AND dev_seq > ?)")
                               .arg(t->name),
            { t->name, t->name, pushed });
        if (!n) return n.error();
        if (n.value() > 0) dropped.insert(t->name, n.value());
        s.purged += n.value();
        e.m_dropped = e.m_dropped || n.value() > 0;
    }
    auto cleared = db.change(QStringLiteral("DELETE FROM sync_purge"));
    if (!cleared) return cleared.error();
    qCInfo(lcSync) << "read scope applied:" << s.purged << "rows dropped";
    if (e.m_session.system) return {};
    return uow.audit(QStringLiteral("sync.purge"), QStringLiteral("workspace"), e.m_session.tenantId,
        { { QStringLiteral("rows"), dropped }, { QStringLiteral("scope"), page.scope } });
}

// The cursor and what the server said of itself, in the page's transaction; capture back on.
Status SyncEngine::PageApply::advance(UnitOfWork& uow)
{
    auto on = db.change(QStringLiteral("UPDATE sync_ctx SET capture = 1, base_seq = ?"), { page.next });
    if (!on) return on.error();
    if (!page.changes.isEmpty()) {
        const ServerChange& last = page.changes.last();
        RD_TRY(db.setMeta(kSeen, QStringLiteral("%1:%2:%3").arg(last.serverSeq).arg(last.deviceId).arg(last.devSeq)));
    }
    RD_TRY(db.setMeta(kEpoch, page.epoch));
    if (!page.scope.isEmpty()) RD_TRY(db.setMeta(kScope, page.scope));
    RD_TRY(db.setMeta(kLastSync, e.m_ws.clock().nowIso()));
    if (page.changes.isEmpty() || e.m_session.system) return {}; // (a joining device audits the join once)
    return uow.audit(QStringLiteral("sync.pull"), QStringLiteral("workspace"), e.m_session.tenantId,
        { { QStringLiteral("from"), page.changes.first().serverSeq }, { QStringLiteral("to"), page.changes.last().serverSeq },
            { QStringLiteral("applied"), applied }, { QStringLiteral("skipped"), skipped },
            { QStringLiteral("conflicts"), page.conflicts.size() } });
}

Status SyncEngine::applyPage(const PullResponse& page, SyncSummary& s)
{
    Database& db = m_ws.db();
    PageApply a(*this, page, s);
    RD_TRY(a.loadPending());
    // Applying bypasses foreign keys: the server's order is the authority, and a row whose
    // parent another device deleted stays as the server has it.
    RD_TRY(db.execRaw(QStringLiteral("PRAGMA foreign_keys = OFF")));
    auto restoreFk = qScopeGuard([&db] { (void)db.execRaw(QStringLiteral("PRAGMA foreign_keys = ON")); });
    UnitOfWork uow(m_ws.context(), m_session);
    RD_TRY(uow.status());
    auto off = db.change(QStringLiteral("UPDATE sync_ctx SET capture = 0"));
    if (!off) return off.error();
    auto purgeList = db.selectOne(QStringLiteral("SELECT count(*) FROM sync_purge"));
    if (!purgeList) return purgeList.error();
    const bool purging = purgeList.value().value(0).toLongLong() > 0;
    RD_TRY(a.joinWaiting());
    RD_TRY(a.applyChanges(purging));
    RD_TRY(a.retryAside());
    RD_TRY(a.storeConflicts());
    if (purging && !page.more) RD_TRY(a.dropPurged(uow));
    RD_TRY(a.advance(uow));
    RD_TRY(uow.commit());
    s.pulled += a.applied;
    s.cursor = page.next;
    return {};
}

Status SyncEngine::purgeScope(const PullResponse& page, SyncSummary&)
{
    // Every row of the named entities is a candidate for dropping; pulling again from the
    // beginning under the new scope takes off the list each row the device may still hold
    // (its own always), and the rows left when the last page is in are dropped (applyPage).
    Database& db = m_ws.db();
    Transaction tx(db);
    RD_TRY(tx.status());
    for (const replication::Table& t : replication::tables()) {
        if (!page.purge.contains(t.name)) continue;
        auto listed = db.change(
            QStringLiteral("INSERT OR IGNORE INTO sync_purge (entity, row_id) SELECT ?, id FROM %1").arg(t.name),
            { t.name });
        if (!listed) return listed.error();
    }
    auto reset = db.change(QStringLiteral("UPDATE sync_ctx SET base_seq = 0"));
    if (!reset) return reset.error();
    auto aside = db.change(QStringLiteral("DELETE FROM sync_unapplied")); // (pulled again, in scope or not)
    if (!aside) return aside.error();
    RD_TRY(db.setMeta(kScope, page.scope));
    qCInfo(lcSync) << "read scope changed; pulling again under" << page.scope;
    return tx.commit();
}

} // namespace rd::sync
