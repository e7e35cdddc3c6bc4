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

Result<sync::PushResponse> SyncService::push(const AccessClaims& claims, const sync::PushRequest& request)
{
    if (request.schemaVersion < sync::kOldestProtocolVersion || request.schemaVersion > sync::kProtocolVersion)
        return Error { ErrorCode::ValidationFailed,
            QStringLiteral("Protocol version %1 is not supported (%2 to %3 are).")
                .arg(request.schemaVersion)
                .arg(sync::kOldestProtocolVersion)
                .arg(sync::kProtocolVersion),
            { { QStringLiteral("reason"), QStringLiteral("unsupported_schema") },
                { QStringLiteral("supported"), sync::kProtocolVersion } } };
    if (request.deviceId != claims.deviceId)
        return Error { ErrorCode::PermissionDenied,
            QStringLiteral("The batch names another device than the one signed in."),
            { { QStringLiteral("reason"), QStringLiteral("device_mismatch") } } };
    QList<sync::ChangeRecord> changes = request.changes;
    std::sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) { return a.devSeq < b.devSeq; });

    RD_TRY(m_db.begin());
    auto fail = [&](const Error& e) -> Result<sync::PushResponse> {
        m_db.rollback();
        return e;
    };
    if (const Status s = m_db.scopeToTenant(claims.tenantId); !s) return fail(s.error());
    auto device = m_db.select(
        QStringLiteral("SELECT last_dev_seq, tenant_id, revoked_at IS NOT NULL FROM devices WHERE id = ? FOR UPDATE"),
        { claims.deviceId });
    if (!device) return fail(device.error());
    if (device.value().isEmpty() || device.value().first().value(1).toString() != claims.tenantId
        || device.value().first().value(2).toBool())
        return fail(Error { ErrorCode::PermissionDenied, QStringLiteral("This device may not sync."),
            { { QStringLiteral("reason"), QStringLiteral("device_revoked") } } });
    qint64 last = device.value().first().value(0).toLongLong();
    const qint64 lastBefore = last; // changes after it are new to the server (webhook events)
    if (!request.epoch.isEmpty()) {
        // Bases on another timeline (the database was restored since the device last pulled)
        // would compare with numbers that mean other changes now: the device pulls first.
        auto epoch = epochOf(claims.tenantId);
        if (!epoch) return fail(epoch.error());
        if (epoch.value() != request.epoch)
            return fail(Error { ErrorCode::Conflict,
                QStringLiteral("The server's timeline changed (it was restored from a backup); pull first."),
                { { QStringLiteral("reason"), QStringLiteral("epoch_changed") },
                    { QStringLiteral("epoch"), epoch.value() } } });
    }
    // The tenant holds one desktop workspace's data: the first upload of a server admin binds
    // it, and a laptop of another workspace (its first record names another tenants row) is
    // refused before anything is stored. Any other record naming another workspace is refused
    // on its own.
    auto bound = m_db.select(
        QStringLiteral("SELECT coalesce(workspace_id, ''), coalesce(bound_device, '') FROM tenants WHERE id = ? FOR UPDATE"),
        { claims.tenantId });
    if (!bound) return fail(bound.error());
    QString workspace = bound.value().isEmpty() ? QString() : bound.value().first().value(0).toString();
    const QString boundDevice = bound.value().isEmpty() ? QString() : bound.value().first().value(1).toString();
    auto actor = ServerActor::of(m_db, claims);
    if (!actor) return fail(actor.error());
    // Names that cannot be table or column names make the batch malformed (an unknown but
    // plausible name is a newer desktop's: refused on its own below).
    static const QRegularExpression name(QStringLiteral("^[a-z][a-z0-9_]{0,62}$"));
    for (const sync::ChangeRecord& c : std::as_const(changes)) {
        if (c.devSeq <= last) continue;
        bool ok = name.match(c.entity).hasMatch() && !c.correlationId.contains(QChar(0)) && c.correlationId.size() <= 128
            && !c.rowId.contains(QChar(0));
        for (auto it = c.fields.constBegin(); ok && it != c.fields.constEnd(); ++it)
            ok = name.match(it.key()).hasMatch();
        if (!ok)
            return fail(Error { ErrorCode::ValidationFailed,
                QStringLiteral("Change %1 names an invalid entity, row or field.").arg(c.devSeq),
                { { QStringLiteral("field"), QStringLiteral("fields") }, { QStringLiteral("dev_seq"), c.devSeq } } });
    }
    for (const sync::ChangeRecord& c : std::as_const(changes)) {
        if (c.devSeq <= last) continue;
        const QString rowTenant = c.fields.value(QStringLiteral("tenant_id")).toString();
        if (rowTenant.isEmpty()) continue;
        if (workspace.isEmpty() && actor.value().serverAdmin) {
            workspace = rowTenant;
            auto bind = m_db.exec(QStringLiteral("UPDATE tenants SET workspace_id = ?, bound_device = ? WHERE id = ?"),
                { workspace, claims.deviceId, claims.tenantId });
            if (!bind) return fail(bind.error());
        } else if (rowTenant != workspace && lastBefore == 0) {
            return fail(Error { ErrorCode::Conflict,
                QStringLiteral(
                    "This server workspace holds another workspace's data; join it instead of connecting this one."),
                { { QStringLiteral("reason"), QStringLiteral("workspace_mismatch") },
                    { QStringLiteral("dev_seq"), c.devSeq } } });
        }
        break;
    }
    auto opened = PushGuard::open(m_db, claims, workspace, boundDevice, lastBefore, actor.value(), !changes.isEmpty());
    if (!opened) return fail(opened.error());
    PushGuard& guard = opened.value();
    auto counter
        = m_db.exec(QStringLiteral("INSERT INTO tenant_counters (tenant_id) VALUES (?) ON CONFLICT DO NOTHING"),
            { claims.tenantId });
    if (!counter) return fail(counter.error());
    auto seqRow = m_db.select(
        QStringLiteral("SELECT server_seq FROM tenant_counters WHERE tenant_id = ? FOR UPDATE"), { claims.tenantId });
    if (!seqRow) return fail(seqRow.error());
    qint64 seq = seqRow.value().first().value(0).toLongLong();
    // A gap in a device's numbers is normal (an outbox record removed by an erasure before it
    // was sent) and never moves the tenant's timeline: only the server decides that.
    // A base beyond the tenant's head: the device has seen changes this database does not hold
    // (restored from a backup, `recruitdesk-server restored` not run yet). Its bases would name
    // other changes than it saw: nothing is decided until the admin acts.
    for (const sync::ChangeRecord& c : std::as_const(changes))
        if (c.devSeq > last && c.baseServerSeq > seq)
            return fail(restoreNotMarked(QStringLiteral("cursor_ahead"), seq));
    auto lineageOf = Lineage::of(m_db, claims.tenantId, claims.deviceId, seq);
    if (!lineageOf) return fail(lineageOf.error());
    Lineage& lineage = lineageOf.value();

    // The merged state of every row the batch touches, read once (locked) and kept in memory
    // while the batch is merged; written back with one statement per table at the end.
    struct RowState {
        QJsonObject fields, versions;
        bool deleted = false;
        qint64 serverSeq = 0; // of the row's last change
    };
    QHash<QString, RowState> states; // entity + '/' + row_id
    {
        QJsonArray keys;
        for (const sync::ChangeRecord& c : std::as_const(changes))
            if (c.devSeq > last)
                keys << QJsonObject { { QStringLiteral("entity"), c.entity }, { QStringLiteral("row_id"), c.rowId } };
        if (!keys.isEmpty()) {
            auto rows = m_db.select(
                QStringLiteral(
                    "SELECT e.entity, e.row_id, e.fields::text, e.versions::text, e.deleted, e.server_seq FROM entity_state e "
                    "JOIN (SELECT DISTINCT entity, row_id FROM jsonb_to_recordset(?::jsonb) AS k(entity text, "
                    "row_id text)) k ON e.entity = k.entity AND e.row_id = k.row_id WHERE e.tenant_id = ? "
                    "FOR UPDATE OF e"),
                { QString::fromUtf8(QJsonDocument(keys).toJson(QJsonDocument::Compact)), claims.tenantId });
            if (!rows) return fail(rows.error());
            for (const auto& r : rows.value())
                states.insert(r.value(0).toString() + QLatin1Char('/') + r.value(1).toString(),
                    RowState { jsonObjectOf(r.value(2)), jsonObjectOf(r.value(3)), r.value(4).toBool(), r.value(5).toLongLong() });
        }
    }
    QJsonArray changeRows, conflictRows;
    QSet<QString> touched;
    // A row the batch inserts and nothing else touches (the bulk of an upload) is stored as its
    // change says, every field at the change's server_seq: written with the change, from the
    // same JSON (its state is not sent to PostgreSQL a second time).
    QSet<QString> existed;
    for (auto it = states.constBegin(); it != states.constEnd(); ++it)
        existed.insert(it.key());
    QHash<QString, int> touches;
    QList<QPair<QString, bool>> changeKeys; // per change row: its key, and whether it is a plain insert
    QStringList releasedBlobs; // files of attachment rows this batch deletes
    QHash<QString, QString> erasedFiles; // attachment row -> its file, should the row turn out to be an erased candidate's
    auto conflictRow = [&](const sync::Conflict& k) {
        conflictRows << QJsonObject { { QStringLiteral("server_seq"), k.serverSeq },
            { QStringLiteral("entity"), k.entity }, { QStringLiteral("row_id"), k.rowId },
            { QStringLiteral("field"), k.field }, { QStringLiteral("losing_value"), k.losingValue },
            { QStringLiteral("losing_server_seq"), k.losingServerSeq } };
    };
    sync::PushResponse out;
    QList<QPair<sync::ChangeRecord, Error>> refused;
    QJsonArray noops; // deletes of rows the server never had, remembered like refusals
    guard.setBatchRows([&states](const QString& key) -> const QJsonObject* {
        const auto it = states.constFind(key);
        return it == states.constEnd() || it->fields.isEmpty() ? nullptr : &it->fields;
    });
    for (const sync::ChangeRecord& c : std::as_const(changes)) {
        if (c.devSeq <= last) {
            // Sent before: the same record is a retry; a different one means the device reuses
            // numbers (restored from a backup) and must renumber above what the server has.
            // A refused record is kept as refused; the answer tells the device again.
            auto stored = m_db.select(
                QStringLiteral("SELECT entity, row_id, op, coalesce(pushed_fields, fields)::text, '', '', '' FROM changes "
                               "WHERE device_id = ? AND dev_seq = ? UNION ALL SELECT entity, row_id, op, fields_sha256, "
                               "reason, message, field FROM refused_changes WHERE tenant_id = ? AND device_id = ? AND "
                               "dev_seq = ?"),
                { claims.deviceId, c.devSeq, claims.tenantId, claims.deviceId, c.devSeq });
            if (!stored) return fail(stored.error());
            const bool wasRefused = !stored.value().isEmpty() && !stored.value().first().value(4).toString().isEmpty();
            const bool same = !stored.value().isEmpty() && stored.value().first().value(0).toString() == c.entity
                && stored.value().first().value(1).toString() == c.rowId
                && (wasRefused ? stored.value().first().value(2).toString() == c.op
                            && stored.value().first().value(3).toString() == fieldsDigest(c.fields)
                               : sameAsSent(jsonObjectOf(stored.value().first().value(3)),
                                   stored.value().first().value(2).toString(), c.op, c.fields));
            // A number at or below the device's head the server has no content for is a gap (an
            // outbox record withdrawn before it was sent): one arriving now with content is a
            // restored or copied file numbering its new work again, never a retry.
            if (!same) {
                logJson(QStringLiteral("warning"), QStringLiteral("dev_seq reused"),
                    { { QStringLiteral("device_id"), claims.deviceId }, { QStringLiteral("dev_seq"), c.devSeq },
                        { QStringLiteral("last_dev_seq"), last } });
                m_db.rollback();
                // The device may now carry on as a new one (AuthService::succeed).
                if (auto due = m_db.exec(QStringLiteral("UPDATE devices SET renewal_due_at = now() WHERE id = ?"), { claims.deviceId }); !due)
                    return due.error();
                return Error { ErrorCode::Conflict,
                    QStringLiteral(
                        "This device sent change %1 before with other content (its workspace file was restored from a "
                        "backup or copied): it carries on as a new device (the server has this device's changes up to %2).")
                        .arg(c.devSeq)
                        .arg(last),
                    { { QStringLiteral("reason"), QStringLiteral("dev_seq_reused") },
                        { QStringLiteral("last_dev_seq"), last }, { QStringLiteral("dev_seq"), c.devSeq } } };
            }
            const QString reason = stored.value().first().value(4).toString();
            if (!reason.isEmpty() && reason != QLatin1String("already_deleted")) {
                refused << qMakePair(c,
                    Error { ErrorCode::PermissionDenied, stored.value().first().value(5).toString(),
                        { { QStringLiteral("reason"), reason },
                            { QStringLiteral("field"), stored.value().first().value(6).toString() },
                            { QStringLiteral("again"), true } } });
                continue;
            }
            ++out.duplicates;
            continue;
        }
        const QString key = c.entity + QLatin1Char('/') + c.rowId;
        {
            // Decided before it is merged: who may, is it valid, may they read the row.
            const auto found = states.constFind(key);
            const bool known = found != states.constEnd() && !found->fields.isEmpty();
            if (!known && c.op == QLatin1String("delete")) {
                // A row the server never had is deleted already (a laptop erased a candidate it
                // made offline before sending it: the tombstones of its contacts, CVs, ...). Kept
                // by number like a refusal, so a retry is told from a reused number.
                last = c.devSeq;
                ++out.duplicates;
                noops << QJsonObject { { QStringLiteral("dev_seq"), c.devSeq }, { QStringLiteral("entity"), c.entity },
                    { QStringLiteral("row_id"), c.rowId }, { QStringLiteral("op"), c.op },
                    { QStringLiteral("fields_sha256"), fieldsDigest(c.fields) },
                    { QStringLiteral("reason"), QStringLiteral("already_deleted") }, { QStringLiteral("message"), QString() },
                    { QStringLiteral("field"), QString() } };
                continue;
            }
            if (const Status verdict = guard.decide(c, known ? &found->fields : nullptr, known && found->deleted);
                !verdict) {
                refused << qMakePair(c, verdict.error());
                last = c.devSeq; // decided: acknowledged, not applied
                continue;
            }
        }
        ++seq;
        touched.insert(key);
        ++touches[key];
        RowState& state = states[key];
        // A create (a new row, or an insert over a tombstone) starts from nothing: a tombstone's
        // old contents never come back, and columns the record leaves out get the desktop
        // schema's defaults, as every laptop that applies it will have them.
        // An insert over a tombstone the device had not seen (a laptop re-sending its state after a
        // server restore, say) does not bring the row back: the deletion stands, as for an edit.
        bool resurrect = false;
        if (c.op == QLatin1String("insert") && state.deleted && !state.fields.isEmpty() && state.serverSeq > c.baseServerSeq) {
            auto mine = lineage.wrote(state.serverSeq);
            if (!mine) return fail(mine.error());
            resurrect = !mine.value();
        }
        const bool create = !resurrect && c.op == QLatin1String("insert") && (state.fields.isEmpty() || state.deleted);
        if (create) {
            state.fields = {};
            state.versions = {};
        }
        const QJsonObject before = state.fields;
        QJsonObject& fields = state.fields;
        QJsonObject& versions = state.versions;
        bool& deleted = state.deleted;
        auto merged = mergeRecord(c, seq, create, resurrect, before, fields, versions, deleted, lineage);
        if (!merged) return fail(merged.error());
        const QJsonObject& reasserted = merged.value().reasserted;
        const QSet<QString>& dropped = merged.value().dropped;
        for (const sync::Conflict& k : std::as_const(merged.value().conflicts)) {
            conflictRow(k);
            out.conflicts << k;
        }
        if (c.op == QLatin1String("delete"))
            deleted = true; // a tombstone
        else if (c.op == QLatin1String("insert") && !resurrect)
            deleted = false;
        QJsonObject adjusted; // fields the server set on this change (a default, a rule or a duplicate)
        if (create) {
            const QJsonObject defaults = rowrules::defaults(c.entity);
            for (auto it = defaults.constBegin(); it != defaults.constEnd(); ++it)
                if (!c.fields.contains(it.key())) {
                    fields.insert(it.key(), it.value());
                    adjusted.insert(it.key(), it.value());
                }
        }
        QList<sync::Conflict> duplicates;
        if (!deleted && !softDeleted(fields)) {
            // A row about a candidate merged away meanwhile (a note or an application another
            // laptop added offline) goes to the candidate it was merged into.
            const bool note = c.entity == QLatin1String("notes");
            const QString refField = note ? QStringLiteral("subject_id") : QStringLiteral("candidate_id");
            if ((!note || fields.value(QStringLiteral("subject_type")).toString() == QLatin1String("candidate"))
                && c.entity != QLatin1String("candidates") && c.fields.contains(refField)) {
                auto target = survivorOf(m_db, claims.tenantId, fields.value(refField).toString(), [&states](const QString& id) {
                    const auto st = states.constFind(QStringLiteral("candidates/") + id);
                    return st == states.constEnd() ? nullptr : &st->fields;
                });
                if (!target) return fail(target.error());
                if (target.value() != fields.value(refField).toString()) {
                    sync::Conflict k { seq, c.entity, c.rowId, QStringLiteral("rule:merged"), fields.value(refField), seq };
                    conflictRow(k);
                    out.conflicts << k;
                    fields.insert(refField, target.value());
                    adjusted.insert(refField, target.value());
                }
            }
        }
        if (!deleted)
            if (const Status r = checkRules(claims.tenantId, c, before, fields, adjusted, duplicates, seq); !r)
                return fail(r.error());
        if (const Status u
            = claimUniqueKeys(claims.tenantId, c.entity, c.rowId, fields, deleted, adjusted, duplicates, seq);
            !u)
            return fail(u.error());
        QJsonObject storedFields = c.fields;
        for (const QString& f : std::as_const(dropped))
            storedFields.remove(f);
        for (auto it = reasserted.constBegin(); it != reasserted.constEnd(); ++it)
            storedFields.insert(it.key(), it.value()); // every device (the pusher too) ends with the winner
        for (auto it = adjusted.constBegin(); it != adjusted.constEnd(); ++it) {
            storedFields.insert(it.key(), it.value());
            versions.insert(it.key(), seq);
        }
        for (const sync::Conflict& d : std::as_const(duplicates)) {
            conflictRow(d);
            out.conflicts << d;
        }
        changeRows << QJsonObject { { QStringLiteral("server_seq"), seq }, { QStringLiteral("dev_seq"), c.devSeq },
            { QStringLiteral("entity"), c.entity }, { QStringLiteral("row_id"), c.rowId },
            { QStringLiteral("op"), resurrect ? QStringLiteral("delete") : c.op }, { QStringLiteral("fields"), storedFields },
            { QStringLiteral("base_server_seq"), c.baseServerSeq },
            { QStringLiteral("correlation_id"),
                c.correlationId.isEmpty() ? QJsonValue() : QJsonValue(c.correlationId) },
            { QStringLiteral("pushed_fields"),
                resurrect ? QJsonValue(QJsonObject { { QStringLiteral("_op"), c.op },
                                { QStringLiteral("_sha256"), fieldsDigest(c.fields) } }) // (logged as a delete)
                : adjusted.isEmpty() && reasserted.isEmpty() && dropped.isEmpty() ? QJsonValue()
                                                                                 : QJsonValue(c.fields) } };
        changeKeys << qMakePair(
            key, c.op == QLatin1String("insert") && adjusted.isEmpty() && reasserted.isEmpty() && !existed.contains(key));
        // An attachment row deleted (or erased): its file goes when no live row names it.
        if (c.entity == QLatin1String("attachments")
            && (deleted || softDeleted(fields))
            && fields.value(QStringLiteral("sha256")).isString()) {
            releasedBlobs << fields.value(QStringLiteral("sha256")).toString();
            erasedFiles.insert(c.rowId, fields.value(QStringLiteral("sha256")).toString());
        }
        state.serverSeq = seq;
        last = c.devSeq;
        ++out.accepted;
    }
    // Refused records: the row as the server has it after the batch, when the user may read it,
    // so the laptop puts it back.
    if (!refused.isEmpty() || !noops.isEmpty()) {
        QJsonObject reasons;
        QJsonArray fresh = noops; // refusals of this batch (and no-op deletes), kept for retries
        std::optional<ReadScope> pushScope; // what the device's pulls bring (looked up when needed)
        for (const auto& [c, e] : std::as_const(refused)) {
            // The row as the server has it now: touched by this batch, else as stored.
            auto st = states.constFind(c.entity + QLatin1Char('/') + c.rowId);
            if (st == states.constEnd()) {
                auto row = m_db.select(QStringLiteral("SELECT fields::text, deleted, server_seq FROM entity_state WHERE "
                                                      "tenant_id = ? AND entity = ? AND row_id = ?"),
                    { claims.tenantId, c.entity, c.rowId });
                if (!row) return fail(row.error());
                if (!row.value().isEmpty())
                    st = states.insert(c.entity + QLatin1Char('/') + c.rowId,
                        RowState { jsonObjectOf(row.value().first().value(0)), {}, row.value().first().value(1).toBool(),
                            row.value().first().value(2).toLongLong() });
            }
            sync::Refusal r = guard.refusal(c, e,
                st != states.constEnd() && !st->fields.isEmpty() ? &st->fields : nullptr,
                st != states.constEnd() && st->deleted);
            if (!r.present && st != states.constEnd() && !st->fields.isEmpty() && !st->deleted
                && ReadScope::scopedEntities().contains(c.entity)) {
                // The server has the row and this device's pulls would not bring it (its read
                // scope): the laptop drops its copy, losing nothing. (A row the server lacks
                // stays there: after a restore it may be the last copy.)
                if (!pushScope) {
                    auto rs = ReadScope::of(m_db, claims);
                    if (!rs) return fail(rs.error());
                    pushScope = rs.value();
                }
                r.outOfScope = !pushScope->sees(c.entity, c.rowId, st->fields);
            }
            if (!e.details.value(QStringLiteral("again")).toBool())
                fresh << QJsonObject { { QStringLiteral("dev_seq"), c.devSeq }, { QStringLiteral("entity"), c.entity },
                    { QStringLiteral("row_id"), c.rowId }, { QStringLiteral("op"), c.op },
                    { QStringLiteral("fields_sha256"), fieldsDigest(c.fields) },
                    { QStringLiteral("reason"), r.reason }, { QStringLiteral("message"), r.message },
                    { QStringLiteral("field"), r.field } };
            out.refused << r;
            reasons.insert(r.reason, reasons.value(r.reason).toInt() + 1);
        }
        if (!fresh.isEmpty()) {
            auto kept = m_db.exec(
                QStringLiteral("INSERT INTO refused_changes (tenant_id, device_id, dev_seq, entity, row_id, op, "
                               "fields_sha256, reason, message, field) SELECT ?, ?, r.dev_seq, r.entity, r.row_id, r.op, "
                               "r.fields_sha256, r.reason, r.message, r.field FROM jsonb_to_recordset(?::jsonb) AS "
                               "r(dev_seq bigint, entity text, row_id text, op text, fields_sha256 text, reason text, "
                               "message text, field text) ON CONFLICT DO NOTHING"),
                { claims.tenantId, claims.deviceId, QString::fromUtf8(QJsonDocument(fresh).toJson(QJsonDocument::Compact)) });
            if (!kept) return fail(kept.error());
        }
        if (!refused.isEmpty())
            logJson(QStringLiteral("warning"), QStringLiteral("pushed records refused"),
                { { QStringLiteral("device_id"), claims.deviceId }, { QStringLiteral("user_id"), claims.userId },
                    { QStringLiteral("refused"), int(refused.size()) }, { QStringLiteral("reasons"), reasons } });
    }
    out.serverSchema = migrations::latest();
    // The batch's writes: its changes, the merged rows, the conflicts (one statement each).
    auto compact
        = [](const QJsonArray& a) { return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)); };
    if (!changeRows.isEmpty()) {
        QSet<QString> plain;
        for (qsizetype i = 0; i < changeRows.size(); ++i) {
            const auto& [key, insert] = changeKeys[i];
            const bool same = insert && touches.value(key) == 1;
            if (same) plain.insert(key);
            QJsonObject row = changeRows[i].toObject();
            row.insert(QStringLiteral("state_same"), same);
            changeRows[i] = row;
        }
        auto ins = m_db.exec(
            QStringLiteral(
                "WITH r AS (SELECT * FROM jsonb_to_recordset(?::jsonb) AS r(server_seq bigint, dev_seq bigint, entity "
                "text, "
                "row_id text, op text, fields jsonb, base_server_seq bigint, correlation_id text, pushed_fields jsonb, "
                "state_same "
                "boolean)), logged AS (INSERT INTO changes (tenant_id, server_seq, device_id, dev_seq, entity, row_id, "
                "op, fields, "
                "base_server_seq, correlation_id, pushed_fields) SELECT ?, r.server_seq, ?, r.dev_seq, r.entity, "
                "r.row_id, r.op, "
                "r.fields, r.base_server_seq, r.correlation_id, r.pushed_fields FROM r) "
                "INSERT INTO entity_state (tenant_id, entity, row_id, fields, versions, deleted, server_seq) SELECT ?, "
                "r.entity, "
                "r.row_id, r.fields, coalesce((SELECT jsonb_object_agg(k, r.server_seq) FROM "
                "jsonb_object_keys(r.fields) k), "
                "'{}'), false, r.server_seq FROM r WHERE r.state_same ON CONFLICT (tenant_id, entity, row_id) DO "
                "UPDATE SET "
                "fields = excluded.fields, versions = excluded.versions, deleted = excluded.deleted, server_seq = "
                "excluded.server_seq"),
            { compact(changeRows), claims.tenantId, claims.deviceId, claims.tenantId });
        if (!ins) return fail(ins.error());
        QJsonArray stateRows;
        for (const QString& key : std::as_const(touched)) {
            if (plain.contains(key)) continue;
            const RowState& st = states[key];
            const qint64 rowSeq = st.serverSeq;
            stateRows << QJsonObject { { QStringLiteral("entity"), key.section(QLatin1Char('/'), 0, 0) },
                { QStringLiteral("row_id"), key.section(QLatin1Char('/'), 1) }, { QStringLiteral("fields"), st.fields },
                { QStringLiteral("versions"), st.versions }, { QStringLiteral("deleted"), st.deleted },
                { QStringLiteral("server_seq"), rowSeq } };
        }
        if (!stateRows.isEmpty()) {
            auto upsert = m_db.exec(
                QStringLiteral(
                    "INSERT INTO entity_state (tenant_id, entity, row_id, fields, versions, deleted, server_seq) "
                    "SELECT ?, r.entity, r.row_id, r.fields, r.versions, r.deleted, r.server_seq FROM "
                    "jsonb_to_recordset(?::jsonb) AS r(entity text, row_id text, fields jsonb, versions jsonb, "
                    "deleted boolean, server_seq bigint) ON CONFLICT (tenant_id, entity, row_id) DO UPDATE SET "
                    "fields = excluded.fields, versions = excluded.versions, deleted = excluded.deleted, "
                    "server_seq = excluded.server_seq"),
                { claims.tenantId, compact(stateRows) });
            if (!upsert) return fail(upsert.error());
        }
    }
    if (!conflictRows.isEmpty()) {
        auto ins = m_db.exec(
            QStringLiteral(
                "INSERT INTO conflicts (tenant_id, server_seq, entity, row_id, field, losing_value, "
                "losing_server_seq) SELECT ?, r.server_seq, r.entity, r.row_id, r.field, r.losing_value, "
                "r.losing_server_seq FROM jsonb_to_recordset(?::jsonb) AS r(server_seq bigint, entity text, "
                "row_id text, field text, losing_value jsonb, losing_server_seq bigint) ON CONFLICT DO NOTHING"),
            { claims.tenantId, compact(conflictRows) });
        if (!ins) return fail(ins.error());
    }
    if (auto released = BlobStore::collect(m_db, releasedBlobs); !released) return fail(released.error());
    // Webhook events of the batch's new application changes, queued in this transaction (once).
    auto hooked = m_db.select(
        QStringLiteral("SELECT EXISTS (SELECT 1 FROM webhooks WHERE tenant_id = ? AND active)"), { claims.tenantId });
    if (!hooked) return fail(hooked.error());
    if (hooked.value().first().value(0).toBool())
        for (const sync::ChangeRecord& c : std::as_const(changes)) {
            if (c.devSeq <= lastBefore || c.entity != QLatin1String("applications")) continue;
            const bool created = c.op == QLatin1String("insert");
            if (!created && !(c.op == QLatin1String("update") && c.fields.contains(QStringLiteral("stage_id"))))
                continue;
            const QJsonObject row = states.value(QStringLiteral("applications/") + c.rowId).fields;
            QJsonObject data { { QStringLiteral("application_id"), c.rowId } };
            for (const char* k : { "candidate_id", "job_id", "stage_id", "status", "source" })
                data.insert(QLatin1String(k),
                    c.fields.contains(QLatin1String(k)) ? c.fields.value(QLatin1String(k))
                                                        : row.value(QLatin1String(k)));
            if (const Status e = Webhooks::enqueue(m_db, claims.tenantId,
                    created ? QStringLiteral("application.created") : QStringLiteral("application.stage_changed"),
                    data);
                !e)
                return fail(e.error());
        }
    auto saved = m_db.exec(
        QStringLiteral("UPDATE tenant_counters SET server_seq = ? WHERE tenant_id = ?"), { seq, claims.tenantId });
    if (!saved) return fail(saved.error());
    {
        // An erased candidate leaves nothing in the change log for later joiners (redaction.h).
        QList<RedactedRow> rows;
        for (const QString& key : std::as_const(touched)) {
            const RowState& st = states[key];
            rows << RedactedRow { key.section(QLatin1Char('/'), 0, 0), key.section(QLatin1Char('/'), 1), st.deleted, st.fields };
        }
        auto redact = rowsToRedact(m_db, claims.tenantId, rows);
        if (!redact) return fail(redact.error());
        // What the erasing laptop no longer had (the server was restored, or a colleague added
        // it meanwhile): the server deletes it itself, every laptop pulls the deletes.
        QStringList files;
        for (RedactedRow& r : redact.value()) {
            if (!r.remove) continue;
            auto gone = serverDelete(claims.tenantId, r.entity, r.rowId);
            if (!gone) return fail(gone.error());
            seq = gone.value();
            r.deleted = true;
            if (r.entity == QLatin1String("attachments") && r.current.value(QStringLiteral("sha256")).isString())
                files << r.current.value(QStringLiteral("sha256")).toString();
        }
        if (const Status r = redactHistory(m_db, claims.tenantId, redact.value()); !r) return fail(r.error());
        // An erased candidate's files go at once, whoever deleted their rows.
        for (const RedactedRow& r : std::as_const(redact.value()))
            if (r.entity == QLatin1String("attachments") && erasedFiles.contains(r.rowId))
                files << erasedFiles.value(r.rowId);
        if (auto released = BlobStore::collect(m_db, files, true); !released) return fail(released.error());
    }

    auto seen = m_db.exec(QStringLiteral("UPDATE devices SET last_dev_seq = ?, last_seen_at = now() WHERE id = ?"),
        { last, claims.deviceId });
    if (!seen) return fail(seen.error());
    RD_TRY(m_db.commit());
    out.lastDevSeq = last;
    out.serverSeq = seq;
    return out;
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
