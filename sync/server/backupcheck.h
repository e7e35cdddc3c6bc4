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

// `recruitdesk-server restored`: run once after the database was restored from a backup (and
// migrated), before `serve`. The server starts a new timeline (a new epoch) and records, per
// tenant, the last change the restored database holds (restored_seq). Every laptop then sees the
// new epoch at its next pull: it rebases what it sends on that point, pulls from the beginning
// and sends again what the server lost (rows and attachment files); values the server changed
// after the restore are not overwritten (field versions decide). Idempotent only in effect: a
// second run starts yet another timeline, which costs laptops a full resend, nothing else.
// {"epoch_before","epoch","tenants":[{"slug","restored_seq"}]}
Result<QJsonObject> markRestored(PgDatabase& db);

} // namespace rd::server
