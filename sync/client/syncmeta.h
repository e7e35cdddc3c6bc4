#pragma once
// Meta keys and content types the sync engine's parts share (syncengine.cpp, syncjoin.cpp).
#include <QByteArray>
#include <QString>

namespace rd::sync {

inline const QByteArray kJson = "application/json";
// The desktop user this device syncs as (the server decides its changes as that user; the
// retention sweep runs in that user's name, GdprService::runRetentionJob).
inline const QString kUser = QStringLiteral("sync_user");
// Set while a join has not finished (SyncEngine::isJoining).
inline const QString kJoining = QStringLiteral("sync_joining");

} // namespace rd::sync
