#pragma once

// Inside the encrypting VFS (cryptvfs.cpp, decision 0023): the file handle every kind of file
// shares, and what its three parts use of each other. cryptvfs.cpp: the VFS and its methods;
// pagefile.cpp: the sealed pages of the database file, its WAL and rollback journal;
// journalmemory.cpp: statement journals in memory. Not part of core/store's interface.
#include "cryptvfs.h"
#include "crypto/pagecipher.h"
#include "journalmemory.h"

#include <QByteArray>
#include <QLoggingCategory>

#include <sqlite3.h>

#include <memory>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcCryptVfs)

namespace rd::cryptvfs::detail {

constexpr char kSqliteMagic[17] = "SQLite format 3";
constexpr int kWalHeader = 32;
constexpr int kFrameHeader = 24;
constexpr int kClearPage1 = 24; // magic (16) + page size, versions, reserve, payload fractions (8)

// Kind::Memory is a statement journal held in memory (see the memory file below).
enum class Kind { Main, Wal, Journal, Transient, Clear, Memory };

// A statement journal is kept in memory up to this size, then moved to a temporary file.
constexpr size_t kMemoryJournalLimit = size_t(32) * 1024 * 1024;

struct CryptFile {
    sqlite3_file base; // must be first: SQLite sees this
    sqlite3_file* real = nullptr;
    Kind kind = Kind::Clear;
    int pageSize = 0;
    std::unique_ptr<crypto::PageCipher> cipher;
    std::unique_ptr<crypto::TransientCipher> transient;
    std::vector<uint8_t> buf;
    std::vector<uint8_t> stage;
    // The page number of the last WAL frame header written, or journal record number written or
// read, through this handle, and where (SQLite writes a frame's header just before its page).
    sqlite3_int64 lastNumberAt = -1;
    uint32_t lastNumber = 0;
    // Which key the file is sealed with (the URI's key token): a WAL frame passes through to a
    // database file unopened only when both are sealed with the same key.
    QByteArray keyToken;
    // Database file, during a checkpoint: the sealed page last handed out by the WAL unopened
    // (see walRead) and its page number; written to the file as it is when SQLite writes it back.
    std::vector<uint8_t> passSealed;
    uint32_t passPage = 0;
    // Kind::Memory: the journal's bytes, and how to open the file it moves to when it outgrows
    // kMemoryJournalLimit (sealed with a transient key when the VFS is rdcrypt).
    JournalMemory memory { kMemoryJournalLimit };
    sqlite3_filename openName = nullptr;
    int openFlags = 0;
    bool sealed = false;
};

// The database file whose checkpoint this thread is running, between SQLite's
// SQLITE_FCNTL_CKPT_START and SQLITE_FCNTL_CKPT_DONE. In that window SQLite does nothing with
// the WAL but read committed pages and write each one, unchanged, to the same place in the
// database file (wal.c, walCheckpoint). A sealed page is authenticated with its page number,
// not with where it is stored, so the sealed bytes of a frame are also a valid sealed page of
// the database file: the checkpoint copies them without opening and sealing every page again.
extern thread_local CryptFile* t_checkpointing;

// The VFS under rdcrypt and rdplain (SQLite's default when they registered).
extern sqlite3_vfs* g_real;

inline CryptFile* self(sqlite3_file* f) { return reinterpret_cast<CryptFile*>(f); }
inline bool validPageSize(int n) { return n >= 512 && n <= 65536 && (n & (n - 1)) == 0; }
inline uint32_t be32(const uint8_t* p) { return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3]; }
inline int pageSizeFromHeader(const uint8_t* h) // database header bytes 16-17
{
    const int v = (h[16] << 8) | h[17];
    return v == 1 ? 65536 : v;
}
inline int realRead(CryptFile* p, void* out, int amt, sqlite3_int64 off) { return p->real->pMethods->xRead(p->real, out, amt, off); }
inline int realWrite(CryptFile* p, const void* in, int amt, sqlite3_int64 off) { return p->real->pMethods->xWrite(p->real, in, amt, off); }

// pagefile.cpp: reads and writes of sealed pages, by kind of file.
int mainRead(CryptFile* p, uint8_t* out, int amt, sqlite3_int64 off);
int mainWrite(CryptFile* p, const uint8_t* in, int amt, sqlite3_int64 off);
int walRead(CryptFile* p, uint8_t* out, int amt, sqlite3_int64 off);
int walWrite(CryptFile* p, const uint8_t* in, int amt, sqlite3_int64 off);
int journalRead(CryptFile* p, uint8_t* out, int amt, sqlite3_int64 off);
int journalWrite(CryptFile* p, const uint8_t* in, int amt, sqlite3_int64 off);

// cryptvfs.cpp: the methods of a file on disk; journalmemory.cpp: of a statement journal in memory.
extern const sqlite3_io_methods g_methods;
extern const sqlite3_io_methods g_memoryMethods;

} // namespace rd::cryptvfs::detail
