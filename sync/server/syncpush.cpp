// The push half of the sync protocol (docs/sync.md "Push"): one device's batch in one
// transaction, in named steps (SyncService::PushBatch). The device and the tenant are locked,
// each record is a retry, refused, or merged field by field in server order (rules and unique
// keys re-checked), refusals are answered with the server's row, and the batch's changes, rows
// and conflicts are written with one statement each. The pull is in syncpull.cpp.
#include "syncservice.h"

#include "fieldmerge.h"
#include "redaction.h"

#include "blobstore.h"
#include "httpapp.h"
#include "integrations.h"
#include "pushguard.h"
#include "readscope.h"
#include "serverutil.h"
#include "store/migrations.h"
#include "store/rowrules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <optional>

namespace rd::server {

namespace {
QString compact(const QJsonArray& a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}
} // namespace

struct SyncService::PushBatch {
    PushBatch(SyncService& service, const AccessClaims& c, const sync::PushRequest& request)
        : svc(service)
        , db(service.m_db)
        , claims(c)
        , changes(request.changes)
        , resync(request.resync)
    {
        std::sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) { return a.devSeq < b.devSeq; });
    }
    // The merged state of a row the batch touches, read once (locked) and kept in memory while
    // the batch is merged; written back with one statement per table at the end.
    struct RowState {
        QJsonObject fields, versions;
        bool deleted = false;
        qint64 serverSeq = 0; // of the row's last change
    };

    SyncService& svc;
    PgDatabase& db;
    const AccessClaims& claims;
    QList<sync::ChangeRecord> changes; // in dev_seq order
    bool resync = false; // the device re-sends its whole state (the server's timeline changed)
    qint64 last = 0; // the device's highest dev_seq decided
    qint64 lastBefore = 0; // changes after it are new to the server (webhook events)
    QString workspace, boundDevice;
    std::optional<ServerActor> actor;
    std::optional<PushGuard> guard;
    qint64 seq = 0; // the tenant's server_seq
    std::optional<Lineage> lineage;
    QHash<QString, RowState> states; // entity + '/' + row_id
    QJsonArray changeRows, conflictRows;
    QSet<QString> touched;
    // A row the batch inserts and nothing else touches (the bulk of an upload) is stored as its
    // change says, every field at the change's server_seq: written with the change, from the
    // same JSON (its state is not sent to PostgreSQL a second time).
    QSet<QString> existed;
    QHash<QString, int> touches;
    QList<QPair<QString, bool>> changeKeys; // per change row: its key, and whether it is a plain insert
    QStringList releasedBlobs; // files of attachment rows this batch deletes
    QHash<QString, QString> erasedFiles; // attachment row -> its file, should the row turn out to be an erased candidate's
    sync::PushResponse out;
    QList<QPair<sync::ChangeRecord, Error>> refused;
    QJsonArray noops; // deletes of rows the server never had, remembered like refusals
    bool rolledBack = false; // a step ended the transaction itself

    Status lockDevice(const QString& epoch);
    Status bindWorkspace();
    Status openGuard();
    Status loadStates();
    Status retried(const sync::ChangeRecord& c);
    Result<bool> admitted(const sync::ChangeRecord& c, const QString& key);
    Result<bool> staleRoleSet(const sync::ChangeRecord& c, const RowState* current);
    Status merge(const sync::ChangeRecord& c, const QString& key);
    Status toSurvivor(const sync::ChangeRecord& c, QJsonObject& fields, QJsonObject& adjusted);
    void logChange(const sync::ChangeRecord& c, const QString& key, const QJsonObject& fields, const MergeOutcome& merged,
        const QJsonObject& adjusted, bool resurrect, bool deleted);
    void conflict(const sync::Conflict& k);
    Status answerRefusals();
    Status write();
    Status queueWebhooks();
    Status redactErased();
};

// The device's row, locked: its head, and whether it may sync at all; a batch based on another
// timeline (the database was restored since the device last pulled) pulls first.
Status SyncService::PushBatch::lockDevice(const QString& epoch)
{
    auto device = db.select(
        QStringLiteral("SELECT last_dev_seq, tenant_id, revoked_at IS NOT NULL FROM devices WHERE id = ? FOR UPDATE"),
        { claims.deviceId });
    if (!device) return device.error();
    if (device.value().isEmpty() || device.value().first().value(1).toString() != claims.tenantId
        || device.value().first().value(2).toBool())
        return Error { ErrorCode::PermissionDenied, QStringLiteral("This device may not sync."),
            { { QStringLiteral("reason"), QStringLiteral("device_revoked") } } };
    last = device.value().first().value(0).toLongLong();
    lastBefore = last;
    if (epoch.isEmpty()) return {};
    // Bases on another timeline would compare with numbers that mean other changes now.
    auto current = svc.epochOf(claims.tenantId);
    if (!current) return current.error();
    if (current.value() != epoch)
        return Error { ErrorCode::Conflict,
            QStringLiteral("The server's timeline changed (it was restored from a backup); pull first."),
            { { QStringLiteral("reason"), QStringLiteral("epoch_changed") }, { QStringLiteral("epoch"), current.value() } } };
    return {};
}

// The tenant holds one desktop workspace's data: the first upload of a server admin binds it,
// and a laptop of another workspace (its first record names another tenants row) is refused
// before anything is stored. Any other record naming another workspace is refused on its own.
Status SyncService::PushBatch::bindWorkspace()
{
    auto bound = db.select(
        QStringLiteral("SELECT coalesce(workspace_id, ''), coalesce(bound_device, '') FROM tenants WHERE id = ? FOR UPDATE"),
        { claims.tenantId });
    if (!bound) return bound.error();
    workspace = bound.value().isEmpty() ? QString() : bound.value().first().value(0).toString();
    boundDevice = bound.value().isEmpty() ? QString() : bound.value().first().value(1).toString();
    auto a = ServerActor::of(db, claims);
    if (!a) return a.error();
    actor = a.value();
    // Names that cannot be table or column names make the batch malformed (an unknown but
    // plausible name is a newer desktop's: refused on its own later).
    static const QRegularExpression name(QStringLiteral("^[a-z][a-z0-9_]{0,62}$"));
    for (const sync::ChangeRecord& c : std::as_const(changes)) {
        if (c.devSeq <= last) continue;
        bool ok = name.match(c.entity).hasMatch() && !c.correlationId.contains(QChar(0)) && c.correlationId.size() <= 128
            && !c.rowId.contains(QChar(0));
        for (auto it = c.fields.constBegin(); ok && it != c.fields.constEnd(); ++it)
            ok = name.match(it.key()).hasMatch();
        if (!ok)
            return Error { ErrorCode::ValidationFailed,
                QStringLiteral("Change %1 names an invalid entity, row or field.").arg(c.devSeq),
                { { QStringLiteral("field"), QStringLiteral("fields") }, { QStringLiteral("dev_seq"), c.devSeq } } };
    }
    for (const sync::ChangeRecord& c : std::as_const(changes)) {
        if (c.devSeq <= last) continue;
        const QString rowTenant = c.fields.value(QStringLiteral("tenant_id")).toString();
        if (rowTenant.isEmpty()) continue;
        if (workspace.isEmpty() && actor->serverAdmin) {
            workspace = rowTenant;
            auto bind = db.exec(QStringLiteral("UPDATE tenants SET workspace_id = ?, bound_device = ? WHERE id = ?"),
                { workspace, claims.deviceId, claims.tenantId });
            if (!bind) return bind.error();
        } else if (rowTenant != workspace && lastBefore == 0) {
            return Error { ErrorCode::Conflict,
                QStringLiteral("This server workspace holds another workspace's data; join it instead of connecting this one."),
                { { QStringLiteral("reason"), QStringLiteral("workspace_mismatch") }, { QStringLiteral("dev_seq"), c.devSeq } } };
        }
        break;
    }
    return {};
}

// Who decides the batch (PushGuard), the tenant's counter (locked) and this device's lineage.
Status SyncService::PushBatch::openGuard()
{
    auto opened = PushGuard::open(db, claims, workspace, boundDevice, lastBefore, *actor, !changes.isEmpty());
    if (!opened) return opened.error();
    guard.emplace(opened.value());
    auto counter = db.exec(
        QStringLiteral("INSERT INTO tenant_counters (tenant_id) VALUES (?) ON CONFLICT DO NOTHING"), { claims.tenantId });
    if (!counter) return counter.error();
    auto seqRow = db.select(
        QStringLiteral("SELECT server_seq FROM tenant_counters WHERE tenant_id = ? FOR UPDATE"), { claims.tenantId });
    if (!seqRow) return seqRow.error();
    seq = seqRow.value().first().value(0).toLongLong();
    // A gap in a device's numbers is normal (an outbox record removed by an erasure before it
    // was sent) and never moves the tenant's timeline: only the server decides that.
    // A base beyond the tenant's head: the device has seen changes this database does not hold
    // (restored from a backup, `recruitdesk-server restored` not run yet). Its bases would name
    // other changes than it saw: nothing is decided until the admin acts.
    for (const sync::ChangeRecord& c : std::as_const(changes))
        if (c.devSeq > last && c.baseServerSeq > seq) return restoreNotMarked(QStringLiteral("cursor_ahead"), seq);
    auto l = Lineage::of(db, claims.tenantId, claims.deviceId, seq);
    if (!l) return l.error();
    lineage = l.value();
    guard->setBatchRows([this](const QString& key) -> const QJsonObject* {
        const auto it = states.constFind(key);
        return it == states.constEnd() || it->fields.isEmpty() ? nullptr : &it->fields;
    });
    return {};
}

Status SyncService::PushBatch::loadStates()
{
    QJsonArray keys;
    for (const sync::ChangeRecord& c : std::as_const(changes))
        if (c.devSeq > last)
            keys << QJsonObject { { QStringLiteral("entity"), c.entity }, { QStringLiteral("row_id"), c.rowId } };
    if (!keys.isEmpty()) {
        auto rows = db.select(
            QStringLiteral(
                "SELECT e.entity, e.row_id, e.fields::text, e.versions::text, e.deleted, e.server_seq FROM entity_state e "
                "JOIN (SELECT DISTINCT entity, row_id FROM jsonb_to_recordset(?::jsonb) AS k(entity text, "
                "row_id text)) k ON e.entity = k.entity AND e.row_id = k.row_id WHERE e.tenant_id = ? "
                "FOR UPDATE OF e"),
            { compact(keys), claims.tenantId });
        if (!rows) return rows.error();
        for (const auto& r : rows.value())
            states.insert(r.value(0).toString() + QLatin1Char('/') + r.value(1).toString(),
                RowState { jsonObjectOf(r.value(2)), jsonObjectOf(r.value(3)), r.value(4).toBool(), r.value(5).toLongLong() });
    }
    for (auto it = states.constBegin(); it != states.constEnd(); ++it)
        existed.insert(it.key());
    return {};
}

// A record at or below the device's head, sent before: the same record is a retry; a different
// one means the device reuses numbers (restored from a backup) and must carry on as a new
// device. A refused record is kept as refused; the answer tells the device again.
Status SyncService::PushBatch::retried(const sync::ChangeRecord& c)
{
    auto stored = db.select(
        QStringLiteral("SELECT entity, row_id, op, coalesce(pushed_fields, fields)::text, '', '', '' FROM changes "
                       "WHERE device_id = ? AND dev_seq = ? UNION ALL SELECT entity, row_id, op, fields_sha256, "
                       "reason, message, field FROM refused_changes WHERE tenant_id = ? AND device_id = ? AND "
                       "dev_seq = ?"),
        { claims.deviceId, c.devSeq, claims.tenantId, claims.deviceId, c.devSeq });
    if (!stored) return stored.error();
    const bool wasRefused = !stored.value().isEmpty() && !stored.value().first().value(4).toString().isEmpty();
    const bool same = !stored.value().isEmpty() && stored.value().first().value(0).toString() == c.entity
        && stored.value().first().value(1).toString() == c.rowId
        && (wasRefused ? stored.value().first().value(2).toString() == c.op
                    && stored.value().first().value(3).toString() == fieldsDigest(c.fields)
                       : sameAsSent(jsonObjectOf(stored.value().first().value(3)), stored.value().first().value(2).toString(),
                           c.op, c.fields));
    // A number at or below the device's head the server has no content for is a gap (an outbox
    // record withdrawn before it was sent): one arriving now with content is a restored or
    // copied file numbering its new work again, never a retry.
    if (!same) {
        logJson(QStringLiteral("warning"), QStringLiteral("dev_seq reused"),
            { { QStringLiteral("device_id"), claims.deviceId }, { QStringLiteral("dev_seq"), c.devSeq },
                { QStringLiteral("last_dev_seq"), last } });
        db.rollback();
        rolledBack = true;
        // The device may now carry on as a new one (AuthService::succeed).
        if (auto due = db.exec(QStringLiteral("UPDATE devices SET renewal_due_at = now() WHERE id = ?"), { claims.deviceId });
            !due)
            return due.error();
        return Error { ErrorCode::Conflict,
            QStringLiteral(
                "This device sent change %1 before with other content (its workspace file was restored from a "
                "backup or copied): it carries on as a new device (the server has this device's changes up to %2).")
                .arg(c.devSeq)
                .arg(last),
            { { QStringLiteral("reason"), QStringLiteral("dev_seq_reused") }, { QStringLiteral("last_dev_seq"), last },
                { QStringLiteral("dev_seq"), c.devSeq } } };
    }
    const QString reason = stored.value().first().value(4).toString();
    if (!reason.isEmpty() && reason != QLatin1String("already_deleted")) {
        refused << qMakePair(c,
            Error { ErrorCode::PermissionDenied, stored.value().first().value(5).toString(),
                { { QStringLiteral("reason"), reason }, { QStringLiteral("field"), stored.value().first().value(6).toString() },
                    { QStringLiteral("again"), true } } });
        return {};
    }
    ++out.duplicates;
    return {};
}

// Decided before it is merged: who may, is it valid, may they read the row. False: decided
// without a change (refused, or a delete of a row the server never had).
Result<bool> SyncService::PushBatch::admitted(const sync::ChangeRecord& c, const QString& key)
{
    const auto found = states.constFind(key);
    const bool known = found != states.constEnd() && !found->fields.isEmpty();
    if (!known && c.op == QLatin1String("delete")) {
        // A row the server never had is deleted already (a laptop erased a candidate it made
        // offline before sending it: the tombstones of its contacts, CVs, ...). Kept by number
        // like a refusal, so a retry is told from a reused number.
        last = c.devSeq;
        ++out.duplicates;
        noops << QJsonObject { { QStringLiteral("dev_seq"), c.devSeq }, { QStringLiteral("entity"), c.entity },
            { QStringLiteral("row_id"), c.rowId }, { QStringLiteral("op"), c.op },
            { QStringLiteral("fields_sha256"), fieldsDigest(c.fields) },
            { QStringLiteral("reason"), QStringLiteral("already_deleted") }, { QStringLiteral("message"), QString() },
            { QStringLiteral("field"), QString() } };
        return false;
    }
    if (const Status verdict = guard->decide(c, known ? &found->fields : nullptr, known && found->deleted); !verdict) {
        refused << qMakePair(c, verdict.error());
        last = c.devSeq; // decided: acknowledged, not applied
        return false;
    }
    // (After the permission check: a write nobody allowed learns nothing of the roles. Not for a
    // state re-sent after a server restore: its rows may be what the server lost.)
    if (c.entity == QLatin1String("user_roles") && !resync) {
        auto stale = staleRoleSet(c, known ? &found.value() : nullptr);
        if (!stale) return stale.error();
        if (stale.value()) {
            refused << qMakePair(c,
                Error { ErrorCode::Conflict,
                    QStringLiteral("This user's roles were changed by someone else since this device last synced; the "
                                   "roles they gave stand (change them again if needed)."),
                    { { QStringLiteral("reason"), QStringLiteral("stale_roles") }, { QStringLiteral("field"), QStringLiteral("role_id") } } });
            last = c.devSeq;
            return false;
        }
    }
    return true;
}

// A user's role set is decided whole (UserService::replaceRoles removes every row of a changed
// set and adds the new ones): a role row written by a device that had not seen another device's
// later change of that user's roles (a row added or removed after its base) would make a set
// neither chose (a demotion undone), or none at all. Stale: such a change exists (this device's
// own earlier ones do not count); the device then takes the server's set.
Result<bool> SyncService::PushBatch::staleRoleSet(const sync::ChangeRecord& c, const RowState* current)
{
    if (current && !current->deleted && c.op != QLatin1String("delete")) {
        bool same = true; // a record that changes nothing is no set made on stale information
        for (auto it = c.fields.constBegin(); same && it != c.fields.constEnd(); ++it)
            same = current->fields.value(it.key()) == it.value();
        if (same) return false;
    }
    QString user = c.fields.value(QStringLiteral("user_id")).toString();
    if (user.isEmpty() && current) user = current->fields.value(QStringLiteral("user_id")).toString();
    if (user.isEmpty()) return false;
    // Only this device's own changes count as seen: a laptop restored from a backup never saw
    // what its lost self did after the backup (its lineage's own for field merges), and a role
    // set made on that view re-added what the lost self had removed (found by a break test).
    auto later = db.select(QStringLiteral("SELECT e.server_seq FROM entity_state e LEFT JOIN changes c ON c.tenant_id = "
                                          "e.tenant_id AND c.server_seq = e.server_seq WHERE e.tenant_id = ? AND e.entity = "
                                          "'user_roles' AND e.fields->>'user_id' = ? AND e.server_seq > ? AND "
                                          "coalesce(c.device_id, '') <> ?"),
        { claims.tenantId, user, c.baseServerSeq, claims.deviceId });
    if (!later) return later.error();
    return !later.value().isEmpty();
}

void SyncService::PushBatch::conflict(const sync::Conflict& k)
{
    conflictRows << QJsonObject { { QStringLiteral("server_seq"), k.serverSeq }, { QStringLiteral("entity"), k.entity },
        { QStringLiteral("row_id"), k.rowId }, { QStringLiteral("field"), k.field },
        { QStringLiteral("losing_value"), k.losingValue }, { QStringLiteral("losing_server_seq"), k.losingServerSeq } };
    out.conflicts << k;
}

// One admitted record, merged into its row at the next server_seq.
Status SyncService::PushBatch::merge(const sync::ChangeRecord& c, const QString& key)
{
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
        auto mine = lineage->wrote(state.serverSeq);
        if (!mine) return mine.error();
        resurrect = !mine.value();
    }
    const bool create = !resurrect && c.op == QLatin1String("insert") && (state.fields.isEmpty() || state.deleted);
    if (create) {
        state.fields = {};
        state.versions = {};
    }
    const QJsonObject before = state.fields;
    QJsonObject& fields = state.fields;
    bool& deleted = state.deleted;
    auto merged = mergeRecord(c, seq, create, resurrect, before, fields, state.versions, deleted, *lineage);
    if (!merged) return merged.error();
    for (const sync::Conflict& k : std::as_const(merged.value().conflicts))
        conflict(k);
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
    if (!deleted && !softDeleted(fields)) RD_TRY(toSurvivor(c, fields, adjusted));
    if (!deleted) RD_TRY(svc.checkRules(claims.tenantId, c, before, fields, adjusted, duplicates, seq));
    RD_TRY(svc.claimUniqueKeys(claims.tenantId, c.entity, c.rowId, fields, deleted, adjusted, duplicates, seq));
    for (auto it = adjusted.constBegin(); it != adjusted.constEnd(); ++it)
        state.versions.insert(it.key(), seq);
    for (const sync::Conflict& d : std::as_const(duplicates))
        conflict(d);
    logChange(c, key, fields, merged.value(), adjusted, resurrect, deleted);
    state.serverSeq = seq;
    last = c.devSeq;
    ++out.accepted;
    return {};
}

// A row about a candidate merged away meanwhile (a note or an application another laptop added
// offline) goes to the candidate it was merged into.
Status SyncService::PushBatch::toSurvivor(const sync::ChangeRecord& c, QJsonObject& fields, QJsonObject& adjusted)
{
    const bool note = c.entity == QLatin1String("notes");
    const QString refField = note ? QStringLiteral("subject_id") : QStringLiteral("candidate_id");
    if ((note && fields.value(QStringLiteral("subject_type")).toString() != QLatin1String("candidate"))
        || c.entity == QLatin1String("candidates") || !c.fields.contains(refField))
        return {};
    auto target = survivorOf(db, claims.tenantId, fields.value(refField).toString(), [this](const QString& id) {
        const auto st = states.constFind(QStringLiteral("candidates/") + id);
        return st == states.constEnd() ? nullptr : &st->fields;
    });
    if (!target) return target.error();
    if (target.value() == fields.value(refField).toString()) return {};
    conflict(sync::Conflict { seq, c.entity, c.rowId, QStringLiteral("rule:merged"), fields.value(refField), seq });
    fields.insert(refField, target.value());
    adjusted.insert(refField, target.value());
    return {};
}

// The change as the log keeps it (what every device pulls: the record with what the server
// dropped, reasserted or adjusted), and the attachment file it releases.
void SyncService::PushBatch::logChange(const sync::ChangeRecord& c, const QString& key, const QJsonObject& fields,
    const MergeOutcome& merged, const QJsonObject& adjusted, bool resurrect, bool deleted)
{
    QJsonObject storedFields = c.fields;
    for (const QString& f : std::as_const(merged.dropped))
        storedFields.remove(f);
    for (auto it = merged.reasserted.constBegin(); it != merged.reasserted.constEnd(); ++it)
        storedFields.insert(it.key(), it.value()); // every device (the pusher too) ends with the winner
    for (auto it = adjusted.constBegin(); it != adjusted.constEnd(); ++it)
        storedFields.insert(it.key(), it.value());
    const bool asSent = adjusted.isEmpty() && merged.reasserted.isEmpty() && merged.dropped.isEmpty();
    changeRows << QJsonObject { { QStringLiteral("server_seq"), seq }, { QStringLiteral("dev_seq"), c.devSeq },
        { QStringLiteral("entity"), c.entity }, { QStringLiteral("row_id"), c.rowId },
        { QStringLiteral("op"), resurrect ? QStringLiteral("delete") : c.op }, { QStringLiteral("fields"), storedFields },
        { QStringLiteral("base_server_seq"), c.baseServerSeq },
        { QStringLiteral("correlation_id"), c.correlationId.isEmpty() ? QJsonValue() : QJsonValue(c.correlationId) },
        { QStringLiteral("pushed_fields"),
            resurrect ? QJsonValue(QJsonObject { { QStringLiteral("_op"), c.op },
                            { QStringLiteral("_sha256"), fieldsDigest(c.fields) } }) // (logged as a delete)
            : asSent  ? QJsonValue()
                      : QJsonValue(c.fields) } };
    changeKeys << qMakePair(key,
        c.op == QLatin1String("insert") && adjusted.isEmpty() && merged.reasserted.isEmpty() && !existed.contains(key));
    // An attachment row deleted (or erased): its file goes when no live row names it.
    if (c.entity == QLatin1String("attachments") && (deleted || softDeleted(fields))
        && fields.value(QStringLiteral("sha256")).isString()) {
        releasedBlobs << fields.value(QStringLiteral("sha256")).toString();
        erasedFiles.insert(c.rowId, fields.value(QStringLiteral("sha256")).toString());
    }
}

// Refused records: the row as the server has it after the batch, when the user may read it, so
// the laptop puts it back; new refusals (and no-op deletes) kept for retries.
Status SyncService::PushBatch::answerRefusals()
{
    if (refused.isEmpty() && noops.isEmpty()) return {};
    QJsonObject reasons;
    QJsonArray fresh = noops;
    std::optional<ReadScope> pushScope; // what the device's pulls bring (looked up when needed)
    for (const auto& [c, e] : std::as_const(refused)) {
        // The row as the server has it now: touched by this batch, else as stored.
        auto st = states.constFind(c.entity + QLatin1Char('/') + c.rowId);
        if (st == states.constEnd()) {
            auto row = db.select(QStringLiteral("SELECT fields::text, deleted, server_seq FROM entity_state WHERE "
                                                "tenant_id = ? AND entity = ? AND row_id = ?"),
                { claims.tenantId, c.entity, c.rowId });
            if (!row) return row.error();
            if (!row.value().isEmpty())
                st = states.insert(c.entity + QLatin1Char('/') + c.rowId,
                    RowState { jsonObjectOf(row.value().first().value(0)), {}, row.value().first().value(1).toBool(),
                        row.value().first().value(2).toLongLong() });
        }
        sync::Refusal r = guard->refusal(
            c, e, st != states.constEnd() && !st->fields.isEmpty() ? &st->fields : nullptr, st != states.constEnd() && st->deleted);
        if (!r.present && st != states.constEnd() && !st->fields.isEmpty() && !st->deleted
            && ReadScope::scopedEntities().contains(c.entity)) {
            // The server has the row and this device's pulls would not bring it (its read
            // scope): the laptop drops its copy, losing nothing. (A row the server lacks stays
            // there: after a restore it may be the last copy.)
            if (!pushScope) {
                auto rs = ReadScope::of(db, claims);
                if (!rs) return rs.error();
                pushScope = rs.value();
            }
            r.outOfScope = !pushScope->sees(c.entity, c.rowId, st->fields);
        }
        if (!e.details.value(QStringLiteral("again")).toBool())
            fresh << QJsonObject { { QStringLiteral("dev_seq"), c.devSeq }, { QStringLiteral("entity"), c.entity },
                { QStringLiteral("row_id"), c.rowId }, { QStringLiteral("op"), c.op },
                { QStringLiteral("fields_sha256"), fieldsDigest(c.fields) }, { QStringLiteral("reason"), r.reason },
                { QStringLiteral("message"), r.message }, { QStringLiteral("field"), r.field } };
        out.refused << r;
        reasons.insert(r.reason, reasons.value(r.reason).toInt() + 1);
    }
    if (!fresh.isEmpty()) {
        auto kept = db.exec(
            QStringLiteral("INSERT INTO refused_changes (tenant_id, device_id, dev_seq, entity, row_id, op, "
                           "fields_sha256, reason, message, field) SELECT ?, ?, r.dev_seq, r.entity, r.row_id, r.op, "
                           "r.fields_sha256, r.reason, r.message, r.field FROM jsonb_to_recordset(?::jsonb) AS "
                           "r(dev_seq bigint, entity text, row_id text, op text, fields_sha256 text, reason text, "
                           "message text, field text) ON CONFLICT DO NOTHING"),
            { claims.tenantId, claims.deviceId, compact(fresh) });
        if (!kept) return kept.error();
    }
    if (!refused.isEmpty())
        logJson(QStringLiteral("warning"), QStringLiteral("pushed records refused"),
            { { QStringLiteral("device_id"), claims.deviceId }, { QStringLiteral("user_id"), claims.userId },
                { QStringLiteral("refused"), int(refused.size()) }, { QStringLiteral("reasons"), reasons } });
    return {};
}

// The batch's writes: its changes, the merged rows, the conflicts (one statement each), and the
// files its deletes released.
Status SyncService::PushBatch::write()
{
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
        auto ins = db.exec(
            QStringLiteral(
                "WITH r AS (SELECT * FROM jsonb_to_recordset(?::jsonb) AS r(server_seq bigint, dev_seq bigint, entity "
                "text, row_id text, op text, fields jsonb, base_server_seq bigint, correlation_id text, pushed_fields "
                "jsonb, state_same boolean)), logged AS (INSERT INTO changes (tenant_id, server_seq, device_id, dev_seq, "
                "entity, row_id, op, fields, base_server_seq, correlation_id, pushed_fields) SELECT ?, r.server_seq, ?, "
                "r.dev_seq, r.entity, r.row_id, r.op, r.fields, r.base_server_seq, r.correlation_id, r.pushed_fields "
                "FROM r) INSERT INTO entity_state (tenant_id, entity, row_id, fields, versions, deleted, server_seq) "
                "SELECT ?, r.entity, r.row_id, r.fields, coalesce((SELECT jsonb_object_agg(k, r.server_seq) FROM "
                "jsonb_object_keys(r.fields) k), '{}'), false, r.server_seq FROM r WHERE r.state_same ON CONFLICT "
                "(tenant_id, entity, row_id) DO UPDATE SET fields = excluded.fields, versions = excluded.versions, "
                "deleted = excluded.deleted, server_seq = excluded.server_seq"),
            { compact(changeRows), claims.tenantId, claims.deviceId, claims.tenantId });
        if (!ins) return ins.error();
        QJsonArray stateRows;
        for (const QString& key : std::as_const(touched)) {
            if (plain.contains(key)) continue;
            const RowState& st = states[key];
            stateRows << QJsonObject { { QStringLiteral("entity"), key.section(QLatin1Char('/'), 0, 0) },
                { QStringLiteral("row_id"), key.section(QLatin1Char('/'), 1) }, { QStringLiteral("fields"), st.fields },
                { QStringLiteral("versions"), st.versions }, { QStringLiteral("deleted"), st.deleted },
                { QStringLiteral("server_seq"), st.serverSeq } };
        }
        if (!stateRows.isEmpty()) {
            auto upsert = db.exec(
                QStringLiteral(
                    "INSERT INTO entity_state (tenant_id, entity, row_id, fields, versions, deleted, server_seq) "
                    "SELECT ?, r.entity, r.row_id, r.fields, r.versions, r.deleted, r.server_seq FROM "
                    "jsonb_to_recordset(?::jsonb) AS r(entity text, row_id text, fields jsonb, versions jsonb, "
                    "deleted boolean, server_seq bigint) ON CONFLICT (tenant_id, entity, row_id) DO UPDATE SET "
                    "fields = excluded.fields, versions = excluded.versions, deleted = excluded.deleted, "
                    "server_seq = excluded.server_seq"),
                { claims.tenantId, compact(stateRows) });
            if (!upsert) return upsert.error();
        }
    }
    if (!conflictRows.isEmpty()) {
        auto ins = db.exec(
            QStringLiteral(
                "INSERT INTO conflicts (tenant_id, server_seq, entity, row_id, field, losing_value, "
                "losing_server_seq) SELECT ?, r.server_seq, r.entity, r.row_id, r.field, r.losing_value, "
                "r.losing_server_seq FROM jsonb_to_recordset(?::jsonb) AS r(server_seq bigint, entity text, "
                "row_id text, field text, losing_value jsonb, losing_server_seq bigint) ON CONFLICT DO NOTHING"),
            { claims.tenantId, compact(conflictRows) });
        if (!ins) return ins.error();
    }
    auto released = BlobStore::collect(db, releasedBlobs);
    return released ? Status() : Status(released.error());
}

// Webhook events of the batch's new application changes, queued in this transaction (once).
Status SyncService::PushBatch::queueWebhooks()
{
    auto hooked = db.select(
        QStringLiteral("SELECT EXISTS (SELECT 1 FROM webhooks WHERE tenant_id = ? AND active)"), { claims.tenantId });
    if (!hooked) return hooked.error();
    if (!hooked.value().first().value(0).toBool()) return {};
    for (const sync::ChangeRecord& c : std::as_const(changes)) {
        if (c.devSeq <= lastBefore || c.entity != QLatin1String("applications")) continue;
        const bool created = c.op == QLatin1String("insert");
        if (!created && !(c.op == QLatin1String("update") && c.fields.contains(QStringLiteral("stage_id")))) continue;
        const QJsonObject row = states.value(QStringLiteral("applications/") + c.rowId).fields;
        QJsonObject data { { QStringLiteral("application_id"), c.rowId } };
        for (const char* k : { "candidate_id", "job_id", "stage_id", "status", "source" })
            data.insert(QLatin1String(k),
                c.fields.contains(QLatin1String(k)) ? c.fields.value(QLatin1String(k)) : row.value(QLatin1String(k)));
        RD_TRY(Webhooks::enqueue(db, claims.tenantId,
            created ? QStringLiteral("application.created") : QStringLiteral("application.stage_changed"), data));
    }
    return {};
}

// An erased candidate leaves nothing in the change log for later joiners (redaction.h).
Status SyncService::PushBatch::redactErased()
{
    QList<RedactedRow> rows;
    for (const QString& key : std::as_const(touched)) {
        const RowState& st = states[key];
        rows << RedactedRow { key.section(QLatin1Char('/'), 0, 0), key.section(QLatin1Char('/'), 1), st.deleted, st.fields };
    }
    auto redact = rowsToRedact(db, claims.tenantId, rows);
    if (!redact) return redact.error();
    // What the erasing laptop no longer had (the server was restored, or a colleague added it
    // meanwhile): the server deletes it itself, every laptop pulls the deletes.
    QStringList files;
    for (RedactedRow& r : redact.value()) {
        if (!r.remove) continue;
        auto gone = svc.serverDelete(claims.tenantId, r.entity, r.rowId);
        if (!gone) return gone.error();
        seq = gone.value();
        r.deleted = true;
        if (r.entity == QLatin1String("attachments") && r.current.value(QStringLiteral("sha256")).isString())
            files << r.current.value(QStringLiteral("sha256")).toString();
    }
    RD_TRY(redactHistory(db, claims.tenantId, redact.value()));
    // An erased candidate's files go at once, whoever deleted their rows.
    for (const RedactedRow& r : std::as_const(redact.value()))
        if (r.entity == QLatin1String("attachments") && erasedFiles.contains(r.rowId)) files << erasedFiles.value(r.rowId);
    auto released = BlobStore::collect(db, files, true);
    return released ? Status() : Status(released.error());
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
        return Error { ErrorCode::PermissionDenied, QStringLiteral("The batch names another device than the one signed in."),
            { { QStringLiteral("reason"), QStringLiteral("device_mismatch") } } };
    PushBatch b(*this, claims, request);
    RD_TRY(m_db.begin());
    const Status done = [&]() -> Status {
        RD_TRY(m_db.scopeToTenant(claims.tenantId));
        RD_TRY(b.lockDevice(request.epoch));
        RD_TRY(b.bindWorkspace());
        RD_TRY(b.openGuard());
        RD_TRY(b.loadStates());
        for (const sync::ChangeRecord& c : std::as_const(b.changes)) {
            if (c.devSeq <= b.last) {
                RD_TRY(b.retried(c));
                continue;
            }
            const QString key = c.entity + QLatin1Char('/') + c.rowId;
            auto admitted = b.admitted(c, key);
            if (!admitted) return admitted.error();
            if (admitted.value()) RD_TRY(b.merge(c, key));
        }
        RD_TRY(b.answerRefusals());
        b.out.serverSchema = migrations::latest();
        RD_TRY(b.write());
        RD_TRY(b.queueWebhooks());
        // (the tenant's counter before the redaction: its server deletes take the next numbers)
        RD_TRY(saveServerSeq(claims.tenantId, b.seq));
        RD_TRY(b.redactErased());
        auto seen = m_db.exec(QStringLiteral("UPDATE devices SET last_dev_seq = ?, last_seen_at = now() WHERE id = ?"),
            { b.last, claims.deviceId });
        return seen ? Status() : Status(seen.error());
    }();
    if (!done) {
        if (!b.rolledBack) m_db.rollback();
        return done.error();
    }
    RD_TRY(m_db.commit());
    b.out.lastDevSeq = b.last;
    b.out.serverSeq = b.seq;
    return b.out;
}

} // namespace rd::server
