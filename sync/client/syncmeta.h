#pragma once
// Meta keys and content types the sync engine's parts share (syncengine.cpp, syncapply.cpp,
// syncjoin.cpp, syncrenew.cpp).
#include <QByteArray>
#include <QString>

namespace rd::sync {

inline const QByteArray kJson = "application/json";
// The desktop user this device syncs as (the server decides its changes as that user; the
// retention sweep runs in that user's name, GdprService::runRetentionJob).
inline const QString kUser = QStringLiteral("sync_user");
// Set while a join has not finished (SyncEngine::isJoining).
inline const QString kJoining = QStringLiteral("sync_joining");
inline const QString kPushed = QStringLiteral("sync_pushed"); // the highest dev_seq the server has
inline const QString kAuditPushed = QStringLiteral("sync_audit_pushed"); // the highest chain_seq it has
// The new device id this file asked the server to register (SyncEngine::renewDevice), kept until
// the renewal is done so that a retry asks for the same one.
inline const QString kSuccessor = QStringLiteral("sync_successor");
inline const QString kEpoch = QStringLiteral("sync_epoch");
inline const QString kLastSync = QStringLiteral("sync_last_at");
inline const QString kScope = QStringLiteral("sync_scope"); // the read scope the pulled rows follow
// The last change applied, "server_seq:device_id:dev_seq": the server checks it is still the
// one it has under that number (a restore the admin did not mark: timeline_mismatch).
inline const QString kSeen = QStringLiteral("sync_seen");
// What the last renewal did, in words (the desktop's Sync page and `sync status` show it).
inline const QString kNotice = QStringLiteral("sync_notice");
// The tenant and email this device last signed in with (the key lease names them).
inline const QString kTenant = QStringLiteral("sync_tenant");
inline const QString kEmail = QStringLiteral("sync_email");

} // namespace rd::sync
