#pragma once

#include <QStringList>

#include <functional>

namespace rd::migrations {

// Statements of migration n (1-based). Each migration runs in one transaction that also sets
// PRAGMA user_version = n. Never edit a released migration; add a new one.
// Migrations that generate statements from the schema as it is (capture triggers) get the
// columns of a table through columnsOf.
using ColumnsOf = std::function<QStringList(const QString& table)>;
QStringList statementsFor(int version, const ColumnsOf& columnsOf);
QStringList statementsFor(int version); // the fixed ones
int latest();

} // namespace rd::migrations
