// Pushed records the server refused (docs/sync.md "What the server trusts"): the row goes back
// to the server's value here and the refusal is listed beside conflicts; records of an entity
// or field the server does not know yet wait in sync_held until it does.
#include "rowwriter.h"
#include "syncengine.h"
#include "syncunseen.h"
#include "syncmeta.h"

#include "store/replication.h"

#include <QJsonDocument>
#include <limits>
#include <QSet>
#include <QLoggingCategory>
#include <QScopeGuard>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace rd::sync {

namespace {
const QString kServerSchema = QStringLiteral("sync_server_schema"); // the schema the server last reported

bool holdReason(const QString& reason)
{
    return reason == QLatin1String("unknown_entity") || reason == QLatin1String("unknown_field");
}
} // namespace

Status SyncEngine::requeueHeld()
{
    Database& db = m_ws.db();
    auto known = metaInt(kServerSchema);
    if (!known) return known.error();
    auto waiting = db.selectOne(QStringLiteral("SELECT count(*) FROM sync_held WHERE server_schema < ?"), { known.value() });
    if (!waiting) return waiting.error();
    if (waiting.value().value(0).toLongLong() == 0) return {};
    // The server knows more than when it refused them: they go to the end of the outbox, with
    // new numbers, in their old order.
    Transaction tx(db);
    RD_TRY(tx.status());
    auto moved = db.change(
        QStringLiteral("INSERT INTO changes (tenant_id, entity, row_id, op, fields, base_server_seq, correlation_id, "
                       "created_at) SELECT tenant_id, entity, row_id, op, fields, base_server_seq, correlation_id, "
                       "created_at FROM sync_held WHERE server_schema < ? ORDER BY id"),
        { known.value() });
    if (!moved) return moved.error();
    auto gone = db.change(QStringLiteral("DELETE FROM sync_held WHERE server_schema < ?"), { known.value() });
    if (!gone) return gone.error();
    qCInfo(lcSync) << "sending again" << moved.value() << "change(s) the server did not know before";
    return tx.commit();
}

Status SyncEngine::holdTooLarge(const QSqlRecord& r, SyncSummary& s)
{
    Database& db = m_ws.db();
    const qint64 devSeq = r.value(0).toLongLong();
    qCWarning(lcSync) << "change" << devSeq << r.value(1).toString() << r.value(2).toString()
                      << "is too large to send; it waits on this device";
    Transaction tx(db);
    RD_TRY(tx.status());
    // Never sent again by itself (no server schema is that new); its number becomes a gap.
    auto held = db.change(QStringLiteral("INSERT INTO sync_held (tenant_id, entity, row_id, op, fields, base_server_seq, "
                                         "correlation_id, server_schema, reason) SELECT tenant_id, entity, row_id, op, "
                                         "fields, base_server_seq, correlation_id, ?, 'too_large' FROM changes WHERE dev_seq = ?"),
        { std::numeric_limits<int>::max(), devSeq });
    if (!held) return held.error();
    auto listed = db.change(
        QStringLiteral("INSERT OR REPLACE INTO sync_conflicts (server_seq, tenant_id, entity, row_id, field, losing_value, "
                       "losing_server_seq) VALUES (?, ?, ?, ?, 'refused:too_large', ?, 0)"),
        { -devSeq, m_session.tenantId, r.value(1).toString(), r.value(2).toString(),
            QString::fromUtf8(QJsonDocument(QJsonObject { { QStringLiteral("op"), r.value(3).toString() },
                                                 { QStringLiteral("message"),
                                                     QStringLiteral("This change is too large to send to the sync server "
                                                                    "(%1 MiB); it stays on this computer only.")
                                                         .arg(r.value(4).toString().toUtf8().size() / (1024 * 1024)) } })
                    .toJson(QJsonDocument::Compact)) });
    if (!listed) return listed.error();
    // Passed over as an answered record is: every record before it went already (it is the first
    // unsent one), and the newest record stays so numbering continues above it.
    RD_TRY(db.setMeta(kPushed, QString::number(devSeq)));
    auto gone = db.change(QStringLiteral("DELETE FROM changes WHERE dev_seq = ? AND dev_seq < (SELECT max(dev_seq) FROM changes)"), { devSeq });
    if (!gone) return gone.error();
    ++s.refused;
    return tx.commit();
}

Status SyncEngine::applyRefusals(const PushResponse& resp, const PushRequest& sent, SyncSummary& s)
{
    Database& db = m_ws.db();
    RD_TRY(db.setMeta(kServerSchema, QString::number(resp.serverSchema)));
    if (resp.refused.isEmpty()) return {};
    QHash<qint64, const ChangeRecord*> bySeq;
    for (const ChangeRecord& c : sent.changes)
        bySeq.insert(c.devSeq, &c);
    // Fields still waiting in the outbox (later batches) stay as this device has them.
    QHash<QString, QSet<QString>> pending;
    {
        auto rows = db.select(QStringLiteral("SELECT entity, row_id, fields FROM changes WHERE dev_seq > ?"),
            { resp.lastDevSeq });
        if (!rows) return rows.error();
        for (const auto& r : rows.value()) {
            const QJsonObject f = QJsonDocument::fromJson(r.value(2).toString().toUtf8()).object();
            for (auto it = f.constBegin(); it != f.constEnd(); ++it)
                pending[r.value(0).toString() + QLatin1Char('/') + r.value(1).toString()].insert(it.key());
        }
    }
    // Inside the caller's transaction, foreign keys already off (the server's order decides).
    // Capture goes back on in the same transaction, checked: an early error leaves it to the
    // caller's rollback, and a failing statement turning it back on fails the round (a guard
    // that ignored its error committed capture off: every later local edit went unrecorded,
    // simulation seed 9913).
    auto off = db.change(QStringLiteral("UPDATE sync_ctx SET capture = 0"));
    if (!off) return off.error();
    // Children before parents: a refused new candidate goes after its refused notes.
    QList<Refusal> refused = resp.refused;
    std::sort(refused.begin(), refused.end(), [](const Refusal& a, const Refusal& b) { return a.devSeq > b.devSeq; });
    // Rows about an erased candidate the server does not show go (below); so do refused rows
    // that only point at them (a stage history entry of such an application).
    QSet<QString> erasedRows;
    for (const Refusal& r : std::as_const(refused))
        if (r.reason == QLatin1String("erased") && (!r.present || r.deleted)) erasedRows.insert(r.rowId);
    for (const Refusal& r : std::as_const(refused)) {
        const ChangeRecord* c = bySeq.value(r.devSeq);
        if (holdReason(r.reason)) {
            if (!c) continue;
            auto held = db.change(
                QStringLiteral("INSERT INTO sync_held (tenant_id, entity, row_id, op, fields, base_server_seq, "
                               "correlation_id, server_schema, reason) VALUES (?,?,?,?,?,?,?,?,?)"),
                { m_session.tenantId, c->entity, c->rowId, c->op,
                    QString::fromUtf8(QJsonDocument(c->fields).toJson(QJsonDocument::Compact)), c->baseServerSeq,
                    c->correlationId, resp.serverSchema, r.reason });
            if (!held) return held.error();
            continue;
        }
        ++s.refused;
        // Listed beside conflicts: what this device tried, and why the server said no.
        auto listed = db.change(
            QStringLiteral("INSERT OR REPLACE INTO sync_conflicts (server_seq, tenant_id, entity, row_id, field, "
                           "losing_value, losing_server_seq) VALUES (?, ?, ?, ?, ?, ?, 0)"),
            { resp.serverSeq, m_session.tenantId, r.entity, r.rowId, QStringLiteral("refused:") + r.reason,
                QString::fromUtf8(QJsonDocument(QJsonObject { { QStringLiteral("op"), r.op },
                                                     { QStringLiteral("fields"), c ? c->fields : QJsonObject() },
                                                     { QStringLiteral("message"), r.message },
                                                     { QStringLiteral("field"), r.field } })
                        .toJson(QJsonDocument::Compact)) });
        if (!listed) return listed.error();
        auto types = detail::replicatedTypes(db, r.entity);
        if (!types) return types.error();
        if (types.value().isEmpty()) continue;
        if (!r.present || r.deleted) {
            // Only a row this device made (a refused insert) goes; a row that was here before
            // stays as it is (a restored server may lack it), with the refusal listed. A row about
            // an erased candidate that the server does not show goes in every case: an erasure
            // wins everywhere (a laptop re-sending its state after a server restore, say).
            const bool erasedSubject = r.reason == QLatin1String("erased")
                || (r.reason == QLatin1String("validation_failed") && c && !r.field.isEmpty()
                    && erasedRows.contains(c->fields.value(r.field).toString()));
            // A row this user may no longer read (their role changed while it was in the outbox:
            // re-sent after a server restore, say) goes as the scope's purge takes the others.
            const bool outOfScope = r.outOfScope;
            // A role row made on a stale view of the user's roles goes (re-sent or not): the
            // server's set stands and comes with the pull.
            const bool staleRole = r.reason == QLatin1String("stale_roles");
            if (!erasedSubject && !outOfScope && !staleRole && (r.op != QLatin1String("insert") || sent.resync)) continue;
            auto d = db.change(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(r.entity), { r.rowId });
            if (!d) return d.error();
            m_dropped = true;
            continue;
        }
        const QSet<QString> mine = pending.value(r.entity + QLatin1Char('/') + r.rowId);
        auto written = writeServerRow(r.entity, r.rowId, r.server, types.value(), mine, true);
        if (!written) return written.error();
        // The row shows the server's values again: a field skipped by an earlier pull is seen now
        // (else the next edit of it would be taken as not based on them: syncunseen.h).
        RD_TRY(UnseenFields::forget(db, r.entity, r.rowId, mine));
    }
    auto on = db.change(QStringLiteral("UPDATE sync_ctx SET capture = 1"));
    if (!on) return on.error();
    qCWarning(lcSync) << resp.refused.size() << "pushed change(s) refused by the server";
    return {};
}

} // namespace rd::sync
