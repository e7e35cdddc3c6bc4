#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

// The encrypting SQLite VFS "rdcrypt" (decision 0023). Registered in the process's SQLite, so
// the QtSql connections and the C API statements of core/store use it alike. A file opened
// through it needs a key token in its URI (`rdkey=`): files without one are refused, so no
// page of a workspace is ever written in the clear by mistake.
//
// On disk: every page of the database, of its WAL and of a rollback journal is sealed with
// AES-256-GCM (crypto::PageCipher) in SQLite's reserved bytes at the end of each page; page 1
// starts with kMagic instead of "SQLite format 3" and keeps bytes 16-23 (page size, reserve)
// in the clear. WAL and journal headers (salts, checksums, page numbers) stay in the clear.
// Transient files (sorter spill, temporary tables) are encrypted with a key that lives only in
// memory. The wal-index (-shm) holds page numbers only and is not encrypted.
namespace rd::cryptvfs {

inline constexpr char kName[] = "rdcrypt";
// The same VFS for a plain (unencrypted) file: nothing sealed, the same statement journals in
// memory (Database's plain connections, so that a plain file is a fair baseline in benchmarks).
inline constexpr char kPlainName[] = "rdplain";
inline constexpr char kMagic[17] = "RecruitDesk-AEAD"; // the first 16 bytes of an encrypted file
inline constexpr int kReserve = 28;                   // SQLite reserved bytes per page we need

// Registers both VFSs once per process.
Status ensureRegistered();

// Makes the workspace data key (32 bytes) usable by files opened with the returned token; the
// pages are sealed with a key derived from it (HKDF-SHA-256, "recruitdesk-workspace-pages-v1").
// removeKey forgets it (open files keep their own cipher).
QString addKey(const QByteArray& dataKey);
void removeKey(const QString& token);
// The key the pages are sealed with (for tests that read the file page by page).
QByteArray pageKey(const QByteArray& dataKey);

// "file:<path>?vfs=rdcrypt&rdkey=<token>" for QSQLITE (with QSQLITE_OPEN_URI) or ATTACH/VACUUM INTO.
QString uri(const QString& path, const QString& token);

// "file:<path>?vfs=rdplain": a plain file through rdplain (refuses an encrypted file).
QString plainUri(const QString& path);

enum class FileState { Missing, Empty, Plain, Encrypted, Unknown };
FileState inspect(const QString& path);

} // namespace rd::cryptvfs
