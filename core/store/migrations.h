#pragma once

#include <QStringList>

namespace rd::migrations {

// Statements of migration n (1-based). Each migration runs in one transaction that also sets
// PRAGMA user_version = n. Never edit a released migration; add a new one.
QStringList statementsFor(int version);
int latest();

} // namespace rd::migrations
