#pragma once

#include "common/result.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>

namespace rd {
class Database;
}

namespace rd::sync::detail {

// Writing rows as the server has them into the workspace (the pull applier, refusals put back).
// Capture is off and foreign keys are the caller's business.

// An entity's replicated columns and their declared types ({} for an entity this build does
// not know).
Result<QHash<QString, QString>> replicatedTypes(Database& db, const QString& entity);

// Writes the server's fields of one row (`skip`: columns this device changed and has not pushed
// yet, left as they are). An existing row is updated; a missing one is inserted when
// createIfMissing, else left alone. Through SQLite's C API with cached statements (the hot path
// of a first pull); a unique key a local row holds comes back as ErrorCode::Conflict. True when
// a row was written.
Result<bool> writeRow(Database& db, const QString& entity, const QString& rowId, const QJsonObject& fields,
    const QHash<QString, QString>& types, const QSet<QString>& skip, bool createIfMissing);

} // namespace rd::sync::detail
