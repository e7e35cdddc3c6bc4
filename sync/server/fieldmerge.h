#pragma once

#include "pgdatabase.h"
#include "protocol/wire.h"

#include <QHash>
#include <QList>

#include <functional>
#include <QJsonValue>
#include <QSet>
#include <QString>

namespace rd::server {

// Field versions decide (docs/sync.md "Push"): a pushed value wins only when the device had seen
// the change that last wrote the field, or wrote it itself. "Itself" is the device, the devices
// it succeeded (a laptop restored from a backup carries on as a new device, decision 0021) and
// the batch being merged.
class Lineage {
public:
    // Inside the push's tenant-scoped transaction; seqAtStart: the tenant's last change before
    // this batch (later ones are the batch's own).
    static Result<Lineage> of(PgDatabase& db, const QString& tenantId, const QString& deviceId, qint64 seqAtStart);
    // Whether change serverSeq was written by this device or one it succeeded.
    Result<bool> wrote(qint64 serverSeq);

private:
    PgDatabase* m_db = nullptr;
    QString m_tenant;
    QHash<QString, qint64> m_devices; // device -> the last change of it that is this device's own
    qint64 m_seqAtStart = 0;
    QHash<qint64, bool> m_known;
};

// Who and when last: they follow whatever was applied, never a conflict.
bool isBookkeeping(const QString& field);

// A list column (JSON array text: a candidate's skills, tags and links; a job's tags and
// must-have and nice-to-have skills): a stale device's edit merges its additions and removals (against its prior value)
// into the server's value. Undefined when the field is not a list (the edit is a conflict).
QJsonValue listMerge(const sync::ChangeRecord& change, const QString& field, const QJsonValue& server,
    const QJsonValue& incoming);

// What merging one pushed record into its row decided (SyncService::push).
struct MergeOutcome {
    QJsonObject reasserted; // the server's values of fields the record did not win (logged with it)
    QSet<QString> dropped; // fields of an edit of a tombstone (logged without them)
    QList<sync::Conflict> conflicts;
};

// Merges pushed record c (server_seq seq) into its row's merged fields and versions: field
// versions decide, lists merge, an edit of a row deleted meanwhile and a delete over edits it
// had not seen are conflicts, an erasure always wins, an equal value changes nothing. create:
// the record makes the row (a new row, or an insert over a tombstone it had seen); resurrect: an
// insert over a tombstone it had not seen; before: the row before the record; deleted: a
// tombstone.
Result<MergeOutcome> mergeRecord(const sync::ChangeRecord& c, qint64 seq, bool create, bool resurrect,
    const QJsonObject& before, QJsonObject& fields, QJsonObject& versions, bool deleted, Lineage& lineage);

// The candidate a candidate was merged into, following merges (merged_into), or itself. inBatch:
// the push's merged row of a candidate when the batch has one (else nullptr).
Result<QString> survivorOf(PgDatabase& db, const QString& tenantId, const QString& candidateId,
    const std::function<const QJsonObject*(const QString&)>& inBatch);

} // namespace rd::server
