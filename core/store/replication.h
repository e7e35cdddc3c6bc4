#pragma once

#include "common/result.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <functional>

namespace rd {
class Database;
}

namespace rd::replication {

// What replicates through sync (decision 0014). A replicated table's rows are captured by
// triggers into the outbox (`changes`): an insert with every replicated column, an update with
// the replicated columns whose value changed, a delete as a tombstone. The entity name on the
// wire is the table name. Everything not listed here (meta, the audit log, which replicates
// on its own channel, the job queue, search and match indexes, import undo data, per-subject
// keys, sign-in secrets) is device-local.
struct Table {
    QString name;
    // Columns that stay on the device (sign-in secrets and counters).
    QStringList localColumns;
    // Unique keys that two offline devices can both claim (docs/sync.md "Duplicates"). The
    // server decides in its order: a later row taking a live row's key is soft-deleted
    // (Tombstone), gets the next number (Renumber: the key's last column is an integer) or a
    // suffixed value (Suffix: the key's last column is text); the change comes back to every
    // device and a conflict is recorded, so nothing is lost and everyone converges.
    struct UniqueKey {
        QStringList columns;
        enum Resolution { Tombstone, Renumber, Suffix } resolution = Tombstone;
        bool includesDeleted = false; // the index covers soft-deleted rows too
    };
    QList<UniqueKey> uniqueKeys;
};

// In dependency order (a row's parents come before it), the order of an initial upload.
const QList<Table>& tables();
const Table* table(const QString& entity);

// Replicated columns of a table, given all its columns (PRAGMA table_info order).
QStringList replicatedColumns(const Table& t, const QStringList& allColumns);

// The capture triggers of one table (drops any earlier version first). They write to
// `changes` only while sync_ctx.capture = 1, with sync_ctx's correlation id, time and pull
// cursor (the base_server_seq of the change). A migration that adds a replicated column
// regenerates the table's triggers with this.
// An update of a list column (isListColumn) also records the column's value before in the
// record's `prior` (schema 12 on; withPrior false for the migrations before it).
QStringList captureTriggers(const QString& table, const QStringList& columns, bool withPrior = true);

// A list column (JSON array text): two devices' additions and removals merge instead of the
// later edit being a conflict (docs/sync.md "Push"): a candidate's skills, tags and links, a
// job's tags and must-have and nice-to-have skills.
bool isListColumn(const QString& entity, const QString& column);

// Migration helper: capture triggers for every replicated table; columnsOf(table) returns
// the table's columns as the schema has them at that point (a table a later migration makes
// has none yet and is skipped: that migration adds its triggers).
QStringList allCaptureTriggers(const std::function<QStringList(const QString&)>& columnsOf, bool withPrior = true);

// Writes an insert record with every replicated column for the rows of `table` matching
// `where` (SQL over the table's columns, with binds): the initial upload of a workspace, and
// rows whose earlier records were withdrawn (GDPR erasure). Returns the number of records.
Result<int> captureRows(
    Database& db, const QString& table, const QString& where = QStringLiteral("1"), const QVariantList& binds = {});
// Capture is off only inside a transaction that applies the server's changes. Found off
// outside one (a round that failed after turning it off and committed anyway, under a release
// before that was fixed), local edits since were not recorded: it is turned on again. Returns
// whether it was off. Inside a transaction it does nothing. Edits made while it was off are not
// recorded again (that would restate every row: list items colleagues removed would come back);
// SyncEngine tells the user.
Result<bool> healCapture(Database& db);
// The replicated columns of a table as the schema has them.
Result<QStringList> columnsOf(Database& db, const QString& table);

} // namespace rd::replication
