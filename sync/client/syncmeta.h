#pragma once
// Meta keys and content types the sync engine's parts share (syncengine.cpp, syncjoin.cpp,
// syncrenew.cpp).
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
// What the last renewal did, in words (the desktop's Sync page and `sync status` show it).
inline const QString kNotice = QStringLiteral("sync_notice");

} // namespace rd::sync
