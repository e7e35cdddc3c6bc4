#pragma once

#include "common/result.h"
#include "pgdatabase.h"

#include <QJsonObject>

namespace rd::server {

// `recruitdesk-server backup-check`: whether a database (typically a backup restored into a
// scratch database) is one the server can serve from. Per tenant: the change log is gapless
// and its counter matches, every merged row points at a change in the log, no device is
// recorded ahead of its changes, unique claims point at rows, and the audit chains verify.
// {"ok", "tenants":[{"tenant","slug","server_seq","changes","problems":[...]}], "audit":{...}}
Result<QJsonObject> backupCheck(PgDatabase& db);

} // namespace rd::server
