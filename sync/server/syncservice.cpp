// Push and pull share this service (syncpush.cpp, syncpull.cpp); here are the server's own
// writes (serverInsert, serverChange, serverDelete) and the rules and unique keys a push re-checks.
#include "syncservice.h"

#include "fieldmerge.h"
#include "redaction.h"

#include "blobstore.h"
#include "crypto/crypto.h"
#include "httpapp.h"
#include "integrations.h"
#include "provisioning.h"
#include "pushguard.h"
#include "readscope.h"
#include "serverutil.h"
#include "store/migrations.h"
#include "store/replication.h"
#include "store/rowrules.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

namespace rd::server {

Error SyncService::restoreNotMarked(const QString& reason, qint64 head)
{
    const QString what = reason == QLatin1String("timeline_mismatch")
        ? QStringLiteral("The sync server's changes are not the ones this device received")
        : QStringLiteral("The sync server holds fewer changes than this device has already received");
    return Error { ErrorCode::Conflict,
        what
            + QStringLiteral("; it was probably restored from a backup. Its administrator runs `recruitdesk-server "
                             "restored`; until then this device keeps its work and does not sync."),
        { { QStringLiteral("reason"), reason }, { QStringLiteral("server_seq"), head } } };
}

Result<qint64> SyncService::nextServerSeq(const QString& tenantId)
{
    RD_TRY(m_db.scopeToTenant(tenantId));
    auto counter = m_db.exec(
        QStringLiteral("INSERT INTO tenant_counters (tenant_id) VALUES (?) ON CONFLICT DO NOTHING"), { tenantId });
    if (!counter) return counter.error();
    auto seqRow = m_db.select(
        QStringLiteral("SELECT server_seq FROM tenant_counters WHERE tenant_id = ? FOR UPDATE"), { tenantId });
    if (!seqRow) return seqRow.error();
    return seqRow.value().first().value(0).toLongLong() + 1;
}

Status SyncService::saveServerSeq(const QString& tenantId, qint64 seq)
{
    auto saved
        = m_db.exec(QStringLiteral("UPDATE tenant_counters SET server_seq = ? WHERE tenant_id = ?"), { seq, tenantId });
    return saved ? Status() : Status(saved.error());
}

Result<qint64> SyncService::serverInsert(
    const QString& tenantId, const QString& entity, const QString& rowId, const QJsonObject& fields)
{
    auto next = nextServerSeq(tenantId);
    if (!next) return next.error();
    const qint64 seq = next.value();
    // Unique keys are claimed as for a pushed row: a key a live row holds already makes this one
    // give way (a tombstone, a new number or a suffix, by the key's rule) with a duplicate_of
    // conflict every device pulls.
    QJsonObject merged = fields, adjusted;
    QList<sync::Conflict> duplicates;
    RD_TRY(claimUniqueKeys(tenantId, entity, rowId, merged, false, adjusted, duplicates, seq));
    const QString json = QString::fromUtf8(QJsonDocument(merged).toJson(QJsonDocument::Compact));
    QJsonObject versions;
    for (auto it = merged.begin(); it != merged.end(); ++it)
        versions.insert(it.key(), seq);
    auto state = m_db.exec(
        QStringLiteral("INSERT INTO entity_state (tenant_id, entity, row_id, fields, versions, deleted, server_seq) "
                       "VALUES (?, ?, ?, ?::jsonb, ?::jsonb, false, ?) ON CONFLICT DO NOTHING"),
        { tenantId, entity, rowId, json, QString::fromUtf8(QJsonDocument(versions).toJson(QJsonDocument::Compact)),
            seq });
    if (!state) return state.error();
    if (state.value() == 0)
        return makeError(ErrorCode::Conflict, QStringLiteral("The server already has %1 %2.").arg(entity, rowId));
    auto logged
        = m_db.exec(QStringLiteral("INSERT INTO changes (tenant_id, server_seq, device_id, dev_seq, entity, row_id, "
                                   "op, fields, base_server_seq) VALUES (?, ?, ?, ?, ?, ?, 'insert', ?::jsonb, ?)"),
            { tenantId, seq, QStringLiteral("server:") + tenantId, seq, entity, rowId, json, seq - 1 });
    if (!logged) return logged.error();
    for (const sync::Conflict& d : std::as_const(duplicates)) {
        auto noted = m_db.exec(QStringLiteral("INSERT INTO conflicts (tenant_id, server_seq, entity, row_id, field, losing_value, "
                                              "losing_server_seq) VALUES (?, ?, ?, ?, ?, to_jsonb(?::text), ?) ON CONFLICT DO "
                                              "NOTHING"),
            { tenantId, d.serverSeq, d.entity, d.rowId, d.field, d.losingValue.toString(), d.losingServerSeq });
        if (!noted) return noted.error();
    }
    RD_TRY(saveServerSeq(tenantId, seq));
    return seq;
}

Result<qint64> SyncService::serverChange(
    const QString& tenantId, const QString& entity, const QString& rowId, const QJsonObject& fields)
{
    RD_TRY(m_db.scopeToTenant(tenantId));
    const QString json = QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact));
    // One statement (it is on the dispatcher's path for every message): the tenant's counter
    // first (locked till commit, as push locks it), only when the row is there to change — so a
    // missing row leaves no gap in server_seq — then the merged state and the logged change.
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto done = m_db.select(
            QStringLiteral(
                "WITH seq AS (UPDATE tenant_counters SET server_seq = server_seq + 1 WHERE tenant_id = ? AND EXISTS "
                "(SELECT 1 FROM entity_state WHERE tenant_id = ? AND entity = ? AND row_id = ? AND NOT deleted) "
                "RETURNING server_seq), st AS (UPDATE entity_state e SET fields = e.fields || ?::jsonb, versions = "
                "e.versions || coalesce((SELECT jsonb_object_agg(k, seq.server_seq) FROM jsonb_object_keys(?::jsonb) "
                "k), '{}'::jsonb), server_seq = seq.server_seq FROM seq WHERE e.tenant_id = ? AND e.entity = ? AND "
                "e.row_id = ? RETURNING seq.server_seq) INSERT INTO changes (tenant_id, server_seq, device_id, "
                "dev_seq, "
                "entity, row_id, op, fields, base_server_seq) SELECT ?, st.server_seq, ?, st.server_seq, ?, ?, "
                "'update', ?::jsonb, st.server_seq - 1 FROM st RETURNING server_seq"),
            { tenantId, tenantId, entity, rowId, json, json, tenantId, entity, rowId, tenantId,
                QStringLiteral("server:") + tenantId, entity, rowId, json });
        if (!done) return done.error();
        if (!done.value().isEmpty()) return done.value().first().value(0).toLongLong();
        // Nothing changed: the row is missing, or (before any push) the tenant has no counter yet.
        auto counter = m_db.exec(
            QStringLiteral("INSERT INTO tenant_counters (tenant_id) VALUES (?) ON CONFLICT DO NOTHING"), { tenantId });
        if (!counter) return counter.error();
        if (counter.value() == 0) break;
    }
    return makeError(ErrorCode::NotFound, QStringLiteral("The server has no %1 %2.").arg(entity, rowId));
}

Result<qint64> SyncService::serverDelete(const QString& tenantId, const QString& entity, const QString& rowId)
{
    RD_TRY(m_db.scopeToTenant(tenantId));
    auto done = m_db.select(
        QStringLiteral("WITH seq AS (UPDATE tenant_counters SET server_seq = server_seq + 1 WHERE tenant_id = ? AND EXISTS "
                       "(SELECT 1 FROM entity_state WHERE tenant_id = ? AND entity = ? AND row_id = ? AND NOT deleted) "
                       "RETURNING server_seq), st AS (UPDATE entity_state e SET deleted = true, server_seq = seq.server_seq "
                       "FROM seq WHERE e.tenant_id = ? AND e.entity = ? AND e.row_id = ? RETURNING seq.server_seq) INSERT "
                       "INTO changes (tenant_id, server_seq, device_id, dev_seq, entity, row_id, op, fields, base_server_seq) "
                       "SELECT ?, st.server_seq, ?, st.server_seq, ?, ?, 'delete', '{}'::jsonb, st.server_seq - 1 FROM st "
                       "RETURNING server_seq"),
        { tenantId, tenantId, entity, rowId, tenantId, entity, rowId, tenantId, QStringLiteral("server:") + tenantId, entity,
            rowId });
    if (!done) return done.error();
    if (done.value().isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("The server has no live %1 %2.").arg(entity, rowId));
    return done.value().first().value(0).toLongLong();
}

Result<QString> SyncService::epochOf(const QString& tenantId)
{
    auto row = m_db.select(QStringLiteral("SELECT (SELECT epoch::text FROM server_state), coalesce((SELECT generation "
                                          "FROM tenant_counters WHERE tenant_id = ?), 0)"),
        { tenantId });
    if (!row) return row.error();
    const qint64 generation = row.value().first().value(1).toLongLong();
    const QString server = row.value().first().value(0).toString();
    return generation == 0 ? server : QStringLiteral("%1.%2").arg(server).arg(generation);
}

Status SyncService::checkRules(const QString& tenantId, const sync::ChangeRecord& change, const QJsonObject& before,
    QJsonObject& merged, QJsonObject& adjusted, QList<sync::Conflict>& conflicts, qint64 serverSeq)
{
    if (change.entity != QLatin1String("applications") || softDeleted(merged))
        return {};
    const bool inserted = change.op == QLatin1String("insert");
    const bool moved = change.fields.contains(QStringLiteral("stage_id"))
        && before.value(QStringLiteral("stage_id")) != merged.value(QStringLiteral("stage_id"));
    if (!inserted && !moved) return {};
    // The job and the stage as stored before this batch: other devices' changes, in server
    // order (a batch's own edits of the job come from the same device, which saw them).
    auto facts = m_db.select(QStringLiteral("SELECT (SELECT fields->>'status' FROM entity_state WHERE tenant_id = ? "
                                            "AND entity = 'job_postings' AND row_id = ?), "
                                            "(SELECT fields->>'pipeline_id' FROM entity_state WHERE tenant_id = ? AND "
                                            "entity = 'job_postings' AND row_id = ?), "
                                            "(SELECT CASE WHEN deleted OR fields->>'deleted_at' IS NOT NULL THEN '' "
                                            "ELSE fields->>'pipeline_id' END FROM entity_state "
                                            "WHERE tenant_id = ? AND entity = 'pipeline_stages' AND row_id = ?)"),
        { tenantId, merged.value(QStringLiteral("job_id")).toString(), tenantId,
            merged.value(QStringLiteral("job_id")).toString(), tenantId,
            merged.value(QStringLiteral("stage_id")).toString() });
    if (!facts) return facts.error();
    const QSqlRecord& f = facts.value().first();
    const QString jobStatus = f.value(0).toString();
    const bool jobKnown = !f.isNull(0);
    const bool closed = jobStatus == QLatin1String("closed") || jobStatus == QLatin1String("archived");
    // A stage the server knows as removed (''), or of another pipeline than the job's.
    const bool stageGone = !f.isNull(2)
        && (f.value(2).toString().isEmpty() || (!f.isNull(1) && f.value(2).toString() != f.value(1).toString()));
    auto conflict = [&](const QString& rule, const QJsonValue& losing) {
        conflicts << sync::Conflict { serverSeq, change.entity, change.rowId, QStringLiteral("rule:") + rule, losing,
            0 };
    };
    if (inserted && jobKnown && closed) {
        const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        merged.insert(QStringLiteral("deleted_at"), now);
        adjusted.insert(QStringLiteral("deleted_at"), now);
        conflict(QStringLiteral("job_closed"), merged.value(QStringLiteral("job_id")));
        return {};
    }
    if (moved && !inserted && ((jobKnown && closed) || stageGone) && before.contains(QStringLiteral("stage_id"))) {
        conflict(stageGone ? QStringLiteral("stage_removed") : QStringLiteral("job_closed"),
            merged.value(QStringLiteral("stage_id")));
        for (const char* col : { "stage_id", "status" }) {
            const QString k = QString::fromLatin1(col);
            if (before.contains(k) && merged.value(k) != before.value(k)) {
                merged.insert(k, before.value(k));
                adjusted.insert(k, before.value(k));
            }
        }
    }
    return {};
}

Status SyncService::claimUniqueKeys(const QString& tenantId, const QString& entity, const QString& rowId,
    QJsonObject& merged, bool deleted, QJsonObject& adjusted, QList<sync::Conflict>& conflicts, qint64 serverSeq)
{
    const replication::Table* table = replication::table(entity);
    if (!table || table->uniqueKeys.isEmpty()) return {};
    using K = replication::Table::UniqueKey;
    const bool live = !deleted && !softDeleted(merged);
    for (const K& key : table->uniqueKeys) {
        const QString keyName = key.columns.join(QLatin1Char(','));
        auto valueOf = [&](const QJsonObject& f) -> QString {
            QJsonArray parts;
            for (const QString& col : key.columns) {
                const QJsonValue v = f.value(col);
                if (v.isNull() || v.isUndefined()) return {}; // NULL never collides (partial unique indexes)
                parts << v;
            }
            return QString::fromUtf8(QJsonDocument(parts).toJson(QJsonDocument::Compact));
        };
        // What this row claimed before goes first (its key changed, or it was deleted).
        auto released = m_db.exec(
            QStringLiteral(
                "DELETE FROM unique_claims WHERE tenant_id = ? AND entity = ? AND key_name = ? AND row_id = ?"),
            { tenantId, entity, keyName, rowId });
        if (!released) return released.error();
        if (!live && !key.includesDeleted) continue;
        for (int attempt = 0; attempt < 1000; ++attempt) {
            const QString value = valueOf(merged);
            if (value.isEmpty()) break;
            auto claimed = m_db.select(
                QStringLiteral("INSERT INTO unique_claims (tenant_id, entity, key_name, key_value, row_id) "
                               "VALUES (?,?,?,?,?) ON CONFLICT (tenant_id, entity, key_name, key_value) DO UPDATE "
                               "SET row_id = unique_claims.row_id RETURNING row_id"),
                { tenantId, entity, keyName, value, rowId });
            if (!claimed) return claimed.error();
            const QString holder = claimed.value().isEmpty() ? rowId : claimed.value().first().value(0).toString();
            if (holder == rowId) break;
            // Another row holds the key: this later change gives way.
            const QString col = key.columns.last();
            if (attempt == 0)
                conflicts << sync::Conflict { serverSeq, entity, rowId, QStringLiteral("duplicate_of:") + col, holder,
                    0 };
            if (key.resolution == K::Tombstone) {
                const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
                merged.insert(QStringLiteral("deleted_at"), now);
                adjusted.insert(QStringLiteral("deleted_at"), now);
                break;
            }
            QJsonValue next;
            if (key.resolution == K::Renumber) {
                next = merged.value(col).toInteger() + 1;
            } else {
                static const QRegularExpression suffix(QStringLiteral("^(.*)-(\\d+)$"));
                const QString current = merged.value(col).toString();
                const auto m = suffix.match(current);
                next = m.hasMatch() && attempt > 0
                    ? QStringLiteral("%1-%2").arg(m.captured(1)).arg(m.captured(2).toInt() + 1)
                    : current + QStringLiteral("-2");
            }
            merged.insert(col, next);
            adjusted.insert(col, next);
        }
    }
    return {};
}

} // namespace rd::server
