#include "cryptvfs.h"

#include "crypto/crypto.h"
#include "crypto/pagecipher.h"
#include "journalmemory.h"

#include <QFile>
#include <QHash>
#include <QLoggingCategory>
#include <QUrl>

#include <sqlite3.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <vector>

Q_LOGGING_CATEGORY(lcCryptVfs, "rd.core.store.cryptvfs")

namespace rd::cryptvfs {

namespace {

constexpr char kSqliteMagic[17] = "SQLite format 3";
constexpr int kWalHeader = 32;
constexpr int kFrameHeader = 24;
constexpr int kClearPage1 = 24; // magic (16) + page size, versions, reserve, payload fractions (8)

std::mutex g_keysMutex;
QHash<QString, QByteArray>& keys()
{
    static QHash<QString, QByteArray> k;
    return k;
}

sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs;      // "rdcrypt": the workspace file, sealed
sqlite3_vfs g_plainVfs; // "rdplain": a plain file, the same statement journals, nothing sealed

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
thread_local struct CryptFile* t_checkpointing = nullptr;

constexpr int alignedSize() { return int((sizeof(CryptFile) + 15) & ~size_t(15)); }

CryptFile* self(sqlite3_file* f) { return reinterpret_cast<CryptFile*>(f); }

bool validPageSize(int n) { return n >= 512 && n <= 65536 && (n & (n - 1)) == 0; }

uint32_t be32(const uint8_t* p) { return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3]; }

int pageSizeFromHeader(const uint8_t* h) // database header bytes 16-17
{
    const int v = (h[16] << 8) | h[17];
    return v == 1 ? 65536 : v;
}

bool allZero(const uint8_t* p, int n)
{
    for (int i = 0; i < n; ++i)
        if (p[i])
            return false;
    return true;
}

// --- page sealing shared by the database file, WAL frames and journal records ---

// Opens a sealed page in place; page 1 gets SQLite's magic back. Every page SQLite reads from
// the database or a committed WAL frame was written (sealed) by SQLite, so a page that does not
// open, a page of zeros included, is damage or tampering: an error, never data.
bool openPage(CryptFile* p, uint8_t* page, uint32_t pgno)
{
    const int n = p->pageSize;
    const int skip = pgno == 1 ? kClearPage1 : 0;
    if (pgno == 1 && std::memcmp(page, kMagic, 16) != 0)
        return false;
    if (!p->cipher->open(page, n, skip, pgno))
        return false;
    if (pgno == 1)
        std::memcpy(page, kSqliteMagic, 16);
    return true;
}

// Seals `in` (a page SQLite hands over, left untouched) into p->buf.
bool sealPage(CryptFile* p, const uint8_t* in, uint32_t pgno)
{
    const int n = p->pageSize;
    p->buf.resize(size_t(n));
    if (pgno == 1) {
        if (in[20] < kReserve) { // SQLite must leave room for nonce and tag in every page
            qCWarning(lcCryptVfs) << "refusing to write page 1 without reserved bytes" << in[20];
            return false;
        }
        p->stage.assign(in, in + n);
        std::memcpy(p->stage.data(), kMagic, 16);
        return p->cipher->seal(p->stage.data(), p->buf.data(), n, kClearPage1, pgno);
    }
    return p->cipher->seal(in, p->buf.data(), n, 0, pgno);
}

int realRead(CryptFile* p, void* out, int amt, sqlite3_int64 off) { return p->real->pMethods->xRead(p->real, out, amt, off); }
int realWrite(CryptFile* p, const void* in, int amt, sqlite3_int64 off) { return p->real->pMethods->xWrite(p->real, in, amt, off); }

// --- the database file ---

// A handle opened on an empty file learns the page size once another connection has written
// page 1 (or SQLite writes it through this handle).
int mainPageSize(CryptFile* p)
{
    if (p->pageSize == 0) {
        uint8_t h[kClearPage1];
        if (realRead(p, h, kClearPage1, 0) == SQLITE_OK && std::memcmp(h, kMagic, 16) == 0 && validPageSize(pageSizeFromHeader(h)))
            p->pageSize = pageSizeFromHeader(h);
    }
    return p->pageSize;
}

int mainRead(CryptFile* p, uint8_t* out, int amt, sqlite3_int64 off)
{
    const int n = mainPageSize(p);
    if (n == 0) // an empty file: SQLite reads the header and gets zeros
        return realRead(p, out, amt, off);
    const sqlite3_int64 pageStart = off - off % n;
    if (off + amt > pageStart + n)
        return SQLITE_IOERR_READ; // SQLite never reads across pages of the database file
    const uint32_t pgno = uint32_t(pageStart / n + 1);
    uint8_t* page = out;
    if (off != pageStart || amt != n) {
        p->buf.resize(size_t(n));
        page = p->buf.data();
    }
    const int rc = realRead(p, page, n, pageStart);
    if (rc == SQLITE_IOERR_SHORT_READ) {
        // Past the end: zeros, as SQLite expects. Part of a page (a cut file) is damage.
        if (!allZero(page, n)) {
            qCWarning(lcCryptVfs) << "page" << pgno << "is cut short";
            std::memset(out, 0, size_t(amt));
            return SQLITE_IOERR_DATA;
        }
        if (page != out)
            std::memset(out, 0, size_t(amt));
        return rc;
    }
    if (rc != SQLITE_OK)
        return rc;
    if (!openPage(p, page, pgno)) {
        qCWarning(lcCryptVfs) << "page" << pgno << "does not open with this key";
        std::memset(out, 0, size_t(amt));
        return pgno == 1 ? SQLITE_NOTADB : SQLITE_IOERR_DATA;
    }
    if (page != out)
        std::memcpy(out, page + (off - pageStart), size_t(amt));
    return SQLITE_OK;
}

int mainWrite(CryptFile* p, const uint8_t* in, int amt, sqlite3_int64 off)
{
    // A new file (VACUUM INTO's target, say) may get page N before page 1 when SQLite's cache
    // spills: every write to the database file is one whole page, so its size is the page size.
    if (mainPageSize(p) == 0) {
        if (!validPageSize(amt) || off % amt != 0)
            return SQLITE_IOERR_WRITE;
        p->pageSize = amt;
    }
    const int n = p->pageSize;
    if (amt != n || off % n != 0) {
        qCWarning(lcCryptVfs) << "refusing a partial page write" << amt << off;
        return SQLITE_IOERR_WRITE;
    }
    const uint32_t pgno = uint32_t(off / n + 1);
    if (t_checkpointing == p && p->passPage != 0) {
        const uint32_t sealedAs = p->passPage;
        p->passPage = 0;
        if (std::memcmp(in, p->passSealed.data(), size_t(n)) == 0) {
            if (sealedAs == pgno)
                return realWrite(p, in, n, off);
            // The frame's header names another page than the WAL index does (an edited WAL):
            // these are sealed bytes, never to be sealed again. The checkpoint stops, the WAL stays.
            qCWarning(lcCryptVfs) << "WAL frame for page" << pgno << "says page" << sealedAs << ": not checkpointed";
            return SQLITE_IOERR_DATA;
        }
    }
    if (pgno == 1 && pageSizeFromHeader(in) != n) { // PRAGMA page_size + VACUUM: not on an encrypted file
        qCWarning(lcCryptVfs) << "refusing to change the page size of an encrypted file";
        return SQLITE_IOERR_WRITE;
    }
    if (!sealPage(p, in, pgno))
        return SQLITE_IOERR_WRITE;
    return realWrite(p, p->buf.data(), n, off);
}

// --- WAL: a 32-byte header, then frames of a 24-byte header (page number first) and a page ---

uint32_t numberBefore(CryptFile* p, sqlite3_int64 at, int* rc)
{
    if (p->lastNumberAt == at)
        return p->lastNumber;
    uint8_t b[4];
    *rc = realRead(p, b, 4, at);
    return be32(b);
}

// A handle opened while the WAL was empty learns the page size from the header another
// connection has written since.
int walPageSize(CryptFile* p)
{
    if (p->pageSize == 0) {
        uint8_t h[12];
        if (realRead(p, h, 12, 0) == SQLITE_OK && validPageSize(int(be32(h + 8))))
            p->pageSize = int(be32(h + 8));
    }
    return p->pageSize;
}

int walRead(CryptFile* p, uint8_t* out, int amt, sqlite3_int64 off)
{
    if (off < kWalHeader) {
        const int rc = realRead(p, out, amt, off);
        if (rc == SQLITE_OK && off == 0 && amt >= 12 && validPageSize(int(be32(out + 8))))
            p->pageSize = int(be32(out + 8));
        return rc;
    }
    const int n = walPageSize(p);
    if (n == 0) {
        qCWarning(lcCryptVfs) << "WAL read before its header" << amt << off;
        return SQLITE_IOERR_READ;
    }
    const sqlite3_int64 frame = kFrameHeader + n;
    const sqlite3_int64 inFrame = (off - kWalHeader) % frame;
    if (inFrame + amt <= kFrameHeader) // (part of) a frame header: a checksum re-read, say
        return realRead(p, out, amt, off);
    if (inFrame == 0 && amt == frame) { // recovery: header and page together
        const int rc = realRead(p, out, amt, off);
        if (rc != SQLITE_OK)
            return rc;
        // A frame that does not open is a torn or stale one: zeros fail SQLite's checksum and
        // recovery stops there, as it would without encryption. (A frame of zeros with checksums
        // made to fit is let through here, and is an error when its page is read.)
        if (!openPage(p, out + kFrameHeader, be32(out)))
            std::memset(out + kFrameHeader, 0, size_t(n));
        return SQLITE_OK;
    }
    if (inFrame == kFrameHeader && amt == n) { // a committed page, read with its frame header
        p->buf.resize(size_t(frame));
        const int rc = realRead(p, p->buf.data(), int(frame), off - kFrameHeader);
        if (rc != SQLITE_OK) { // a committed frame cut short is damage
            std::memset(out, 0, size_t(n));
            return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_IOERR_DATA : rc;
        }
        const uint32_t pgno = be32(p->buf.data());
        std::memcpy(out, p->buf.data() + kFrameHeader, size_t(n));
        if (CryptFile* db = t_checkpointing; db && db->pageSize == n && db->keyToken == p->keyToken) {
            // A checkpoint's copy: the sealed page goes to the database file as it is, and is
            // opened (authenticated) when it is read from there.
            db->passSealed.assign(out, out + n);
            db->passPage = pgno;
            return SQLITE_OK;
        }
        if (!openPage(p, out, pgno)) {
            qCWarning(lcCryptVfs) << "WAL page" << pgno << "does not open with this key";
            return SQLITE_IOERR_DATA;
        }
        return SQLITE_OK;
    }
    qCWarning(lcCryptVfs) << "unexpected WAL read" << amt << off;
    return SQLITE_IOERR_READ;
}

int walWrite(CryptFile* p, const uint8_t* in, int amt, sqlite3_int64 off)
{
    if (off < kWalHeader) {
        if (off == 0 && amt >= 12 && validPageSize(int(be32(in + 8))))
            p->pageSize = int(be32(in + 8));
        return realWrite(p, in, amt, off);
    }
    const int n = walPageSize(p);
    if (n == 0)
        return SQLITE_IOERR_WRITE;
    const sqlite3_int64 frame = kFrameHeader + n;
    const sqlite3_int64 inFrame = (off - kWalHeader) % frame;
    if (inFrame + amt <= kFrameHeader) { // a frame header, or its checksums rewritten
        if (inFrame == 0 && amt >= 4) {
            p->lastNumberAt = off;
            p->lastNumber = be32(in);
        }
        return realWrite(p, in, amt, off);
    }
    if (inFrame == kFrameHeader && amt == n) {
        int rc = SQLITE_OK;
        const uint32_t pgno = numberBefore(p, off - kFrameHeader, &rc);
        if (rc != SQLITE_OK)
            return rc;
        if (!sealPage(p, in, pgno))
            return SQLITE_IOERR_WRITE;
        return realWrite(p, p->buf.data(), n, off);
    }
    if (inFrame == 0 && amt == frame) {
        if (!sealPage(p, in + kFrameHeader, be32(in)))
            return SQLITE_IOERR_WRITE;
        p->stage.assign(in, in + kFrameHeader);
        p->stage.insert(p->stage.end(), p->buf.begin(), p->buf.end());
        return realWrite(p, p->stage.data(), amt, off);
    }
    qCWarning(lcCryptVfs) << "refusing an unexpected WAL write" << amt << off;
    return SQLITE_IOERR_WRITE;
}

// --- rollback journal: headers at sector boundaries; records of page number (4), page, checksum (4) ---

bool journalPage(CryptFile* p, int amt, sqlite3_int64 off)
{
    // Records start 4 bytes past a multiple of 8 (headers fill whole sectors), so a page inside
    // one sits at 4 mod 8; header writes sit at sector boundaries.
    if (!validPageSize(amt) || off % 8 != 4)
        return false;
    if (p->pageSize == 0)
        p->pageSize = amt;
    return amt == p->pageSize;
}

int journalRead(CryptFile* p, uint8_t* out, int amt, sqlite3_int64 off)
{
    if (!journalPage(p, amt, off)) {
        const int rc = realRead(p, out, amt, off);
        if (rc == SQLITE_OK && amt == 4) {
            p->lastNumberAt = off;
            p->lastNumber = be32(out);
        }
        return rc;
    }
    int rc = SQLITE_OK;
    const uint32_t pgno = numberBefore(p, off - 4, &rc);
    if (rc != SQLITE_OK)
        return rc;
    rc = realRead(p, out, amt, off);
    if (rc != SQLITE_OK)
        return rc;
    // A torn last record reads as zeros: its checksum fails and playback stops there.
    if (!openPage(p, out, pgno))
        std::memset(out, 0, size_t(amt));
    return SQLITE_OK;
}

int journalWrite(CryptFile* p, const uint8_t* in, int amt, sqlite3_int64 off)
{
    if (!journalPage(p, amt, off)) {
        if (amt == 4) {
            p->lastNumberAt = off;
            p->lastNumber = be32(in);
        }
        return realWrite(p, in, amt, off);
    }
    int rc = SQLITE_OK;
    const uint32_t pgno = numberBefore(p, off - 4, &rc);
    if (rc != SQLITE_OK)
        return rc;
    if (!sealPage(p, in, pgno))
        return SQLITE_IOERR_WRITE;
    return realWrite(p, p->buf.data(), amt, off);
}

// --- statement journals in memory ---
//
// SQLite keeps a statement journal in memory up to 64 KB, then asks the VFS for a temporary
// file, and that file stays for the rest of the transaction: every later statement writes the
// old image of each page it changes there. In one 100,000-row transaction that was 590,000 page
// writes to a temporary file, each one encrypted and each a system call (bench_store). The file
// the VFS hands out for a statement journal is memory instead, up to kMemoryJournalLimit; past
// that it moves to a real temporary file (encrypted under rdcrypt), as SQLite's own would.
// SQLite reads a statement journal only to roll a statement or savepoint back.

extern const sqlite3_io_methods g_methods;
extern const sqlite3_io_methods g_memoryMethods;
int xWrite(sqlite3_file* f, const void* in, int amt, sqlite3_int64 off);

int memoryToFile(CryptFile* p)
{
    int outFlags = 0;
    int rc = g_real->xOpen(g_real, p->openName, p->real, p->openFlags, &outFlags);
    if (rc == SQLITE_OK) {
        p->kind = p->sealed ? Kind::Transient : Kind::Clear;
        if (p->sealed)
            p->transient = std::make_unique<crypto::TransientCipher>();
        // In pieces: the unix VFS writes at most 128 KB per call.
        constexpr size_t kPiece = 64 * 1024;
        for (size_t at = 0; at < p->memory.size() && rc == SQLITE_OK; at += kPiece) {
            const int n = int(std::min(kPiece, p->memory.size() - at));
            rc = xWrite(&p->base, p->memory.data() + at, n, sqlite3_int64(at));
        }
    }
    if (rc != SQLITE_OK) {
        // The journal stays in memory, whole: SQLite rolls the statement back from it.
        if (p->real->pMethods)
            p->real->pMethods->xClose(p->real);
        p->real->pMethods = nullptr;
        p->transient.reset();
        p->kind = Kind::Memory;
        return rc;
    }
    p->base.pMethods = &g_methods;
    p->memory.release();
    return SQLITE_OK;
}

int memClose(sqlite3_file* f)
{
    CryptFile* p = self(f);
    p->~CryptFile();
    return SQLITE_OK;
}

int memRead(sqlite3_file* f, void* out, int amt, sqlite3_int64 off)
{
    CryptFile* p = self(f);
    const auto size = sqlite3_int64(p->memory.size());
    const sqlite3_int64 have = off >= size ? 0 : std::min<sqlite3_int64>(amt, size - off);
    if (have > 0)
        std::memcpy(out, p->memory.data() + off, size_t(have));
    if (have < amt) {
        std::memset(static_cast<uint8_t*>(out) + have, 0, size_t(amt - have));
        return SQLITE_IOERR_SHORT_READ;
    }
    return SQLITE_OK;
}

int memWrite(sqlite3_file* f, const void* in, int amt, sqlite3_int64 off)
{
    CryptFile* p = self(f);
    if (off < 0 || amt < 0)
        return SQLITE_IOERR_WRITE;
    const size_t end = size_t(off) + size_t(amt);
    if (end > kMemoryJournalLimit) {
        if (const int rc = memoryToFile(p); rc != SQLITE_OK)
            return rc;
        return p->base.pMethods->xWrite(f, in, amt, off);
    }
    if (!p->memory.grow(end))
        return SQLITE_NOMEM; // as SQLite's own in-memory journal: the statement fails, not the transaction
    std::memcpy(p->memory.data() + off, in, size_t(amt));
    return SQLITE_OK;
}

int memTruncate(sqlite3_file* f, sqlite3_int64 size)
{
    CryptFile* p = self(f);
    if (size >= 0)
        p->memory.truncate(size_t(size));
    return SQLITE_OK;
}

int memSync(sqlite3_file*, int) { return SQLITE_OK; }
int memFileSize(sqlite3_file* f, sqlite3_int64* size)
{
    *size = sqlite3_int64(self(f)->memory.size());
    return SQLITE_OK;
}
int memLock(sqlite3_file*, int) { return SQLITE_OK; }
int memCheckReservedLock(sqlite3_file*, int* out)
{
    *out = 0;
    return SQLITE_OK;
}
int memFileControl(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int memSectorSize(sqlite3_file*) { return 4096; }
int memDeviceCharacteristics(sqlite3_file*) { return 0; }

const sqlite3_io_methods g_memoryMethods = { 1, memClose, memRead, memWrite, memTruncate, memSync, memFileSize, memLock, memLock,
    memCheckReservedLock, memFileControl, memSectorSize, memDeviceCharacteristics, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr };

// --- the sqlite3_io_methods ---

int xClose(sqlite3_file* f)
{
    CryptFile* p = self(f);
    if (t_checkpointing == p)
        t_checkpointing = nullptr;
    const int rc = p->real->pMethods ? p->real->pMethods->xClose(p->real) : SQLITE_OK;
    p->~CryptFile();
    return rc;
}

int xRead(sqlite3_file* f, void* out, int amt, sqlite3_int64 off)
{
    CryptFile* p = self(f);
    auto* o = static_cast<uint8_t*>(out);
    switch (p->kind) {
    case Kind::Main:
        return mainRead(p, o, amt, off);
    case Kind::Wal:
        return walRead(p, o, amt, off);
    case Kind::Journal:
        return journalRead(p, o, amt, off);
    case Kind::Transient: {
        const int rc = realRead(p, o, amt, off);
        if (rc == SQLITE_OK)
            p->transient->apply(o, amt, off);
        else if (rc == SQLITE_IOERR_SHORT_READ) {
            sqlite3_int64 size = 0;
            if (p->real->pMethods->xFileSize(p->real, &size) == SQLITE_OK && size > off)
                p->transient->apply(o, int(std::min<sqlite3_int64>(amt, size - off)), off);
        }
        return rc;
    }
    case Kind::Clear:
    case Kind::Memory: // (a statement journal in memory has its own methods)
        break;
    }
    return realRead(p, o, amt, off);
}

int xWrite(sqlite3_file* f, const void* in, int amt, sqlite3_int64 off)
{
    CryptFile* p = self(f);
    const auto* i = static_cast<const uint8_t*>(in);
    switch (p->kind) {
    case Kind::Main:
        return mainWrite(p, i, amt, off);
    case Kind::Wal:
        return walWrite(p, i, amt, off);
    case Kind::Journal:
        return journalWrite(p, i, amt, off);
    case Kind::Transient:
        p->buf.assign(i, i + amt);
        p->transient->apply(p->buf.data(), amt, off);
        return realWrite(p, p->buf.data(), amt, off);
    case Kind::Clear:
    case Kind::Memory: // (a statement journal in memory has its own methods)
        break;
    }
    return realWrite(p, i, amt, off);
}

int xTruncate(sqlite3_file* f, sqlite3_int64 size) { return self(f)->real->pMethods->xTruncate(self(f)->real, size); }
int xSync(sqlite3_file* f, int flags) { return self(f)->real->pMethods->xSync(self(f)->real, flags); }
int xFileSize(sqlite3_file* f, sqlite3_int64* size) { return self(f)->real->pMethods->xFileSize(self(f)->real, size); }
int xLock(sqlite3_file* f, int l) { return self(f)->real->pMethods->xLock(self(f)->real, l); }
int xUnlock(sqlite3_file* f, int l) { return self(f)->real->pMethods->xUnlock(self(f)->real, l); }
int xCheckReservedLock(sqlite3_file* f, int* out) { return self(f)->real->pMethods->xCheckReservedLock(self(f)->real, out); }
int xFileControl(sqlite3_file* f, int op, void* arg)
{
    CryptFile* p = self(f);
    if (op == SQLITE_FCNTL_VFSNAME) {
        char* under = nullptr;
        (void)p->real->pMethods->xFileControl(p->real, op, &under);
        const char* mine = p->cipher || p->transient ? kName : kPlainName;
        *static_cast<char**>(arg) = under ? sqlite3_mprintf("%s/%z", mine, under) : sqlite3_mprintf("%s", mine);
        return SQLITE_OK;
    }
    if (op == SQLITE_FCNTL_CKPT_START || op == SQLITE_FCNTL_CKPT_DONE) {
        if (p->kind == Kind::Main) {
            t_checkpointing = op == SQLITE_FCNTL_CKPT_START ? p : nullptr;
            p->passPage = 0;
        }
        return p->real->pMethods->xFileControl(p->real, op, arg);
    }
    if (op == SQLITE_FCNTL_MMAP_SIZE) { // pages must pass through xRead: no memory mapping
        *static_cast<sqlite3_int64*>(arg) = 0;
        return SQLITE_OK;
    }
    return p->real->pMethods->xFileControl(p->real, op, arg);
}
int xSectorSize(sqlite3_file* f) { return self(f)->real->pMethods->xSectorSize(self(f)->real); }
int xDeviceCharacteristics(sqlite3_file* f)
{
    // Batch-atomic writes would let SQLite skip the journal with writes of its own shape.
    return self(f)->real->pMethods->xDeviceCharacteristics(self(f)->real) & ~SQLITE_IOCAP_BATCH_ATOMIC;
}
int xShmMap(sqlite3_file* f, int pg, int sz, int extend, void volatile** out)
{
    return self(f)->real->pMethods->xShmMap(self(f)->real, pg, sz, extend, out);
}
int xShmLock(sqlite3_file* f, int offset, int n, int flags) { return self(f)->real->pMethods->xShmLock(self(f)->real, offset, n, flags); }
void xShmBarrier(sqlite3_file* f) { self(f)->real->pMethods->xShmBarrier(self(f)->real); }
int xShmUnmap(sqlite3_file* f, int deleteFlag) { return self(f)->real->pMethods->xShmUnmap(self(f)->real, deleteFlag); }
int xFetch(sqlite3_file*, sqlite3_int64, int, void** pp)
{
    *pp = nullptr; // no memory-mapped pages: they would be ciphertext
    return SQLITE_OK;
}
int xUnfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

extern const sqlite3_io_methods g_methods;
const sqlite3_io_methods g_methods = { 3, xClose, xRead, xWrite, xTruncate, xSync, xFileSize, xLock, xUnlock, xCheckReservedLock,
    xFileControl, xSectorSize, xDeviceCharacteristics, xShmMap, xShmLock, xShmBarrier, xShmUnmap, xFetch, xUnfetch };

int xOpen(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* f, int flags, int* outFlags)
{
    const bool sealing = vfs == &g_vfs;
    auto* p = new (f) CryptFile;
    p->base.pMethods = nullptr;
    p->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + alignedSize());
    p->real->pMethods = nullptr;
    if (flags & SQLITE_OPEN_SUBJOURNAL) {
        p->kind = Kind::Memory;
        p->openName = name;
        p->openFlags = flags;
        p->sealed = sealing;
        p->base.pMethods = &g_memoryMethods;
        if (outFlags)
            *outFlags = flags;
        return SQLITE_OK;
    }
    if (!sealing)
        p->kind = Kind::Clear; // rdplain: everything else as the default VFS has it
    else if (flags & SQLITE_OPEN_MAIN_DB)
        p->kind = Kind::Main;
    else if (flags & SQLITE_OPEN_WAL)
        p->kind = Kind::Wal;
    else if (flags & SQLITE_OPEN_MAIN_JOURNAL)
        p->kind = Kind::Journal;
    else if (flags & SQLITE_OPEN_SUPER_JOURNAL)
        p->kind = Kind::Clear; // file names only
    else
        p->kind = Kind::Transient; // temp database, temp journal, transient db
    if (p->kind != Kind::Transient && p->kind != Kind::Clear) {
        const char* token = name ? sqlite3_uri_parameter(name, "rdkey") : nullptr;
        QByteArray key;
        if (token) {
            std::lock_guard lock(g_keysMutex);
            key = keys().value(QString::fromLatin1(token));
        }
        if (key.size() != 32) {
            qCWarning(lcCryptVfs) << "no key for" << (name ? name : "(unnamed)") << ": not opened";
            p->~CryptFile();
            return SQLITE_CANTOPEN;
        }
        p->cipher = std::make_unique<crypto::PageCipher>(key);
        p->keyToken = QByteArray(token);
    } else if (p->kind == Kind::Transient) {
        p->transient = std::make_unique<crypto::TransientCipher>();
    }
    const int rc = g_real->xOpen(g_real, name, p->real, flags, outFlags);
    if (rc != SQLITE_OK) {
        if (p->real->pMethods)
            p->real->pMethods->xClose(p->real);
        p->~CryptFile();
        return rc;
    }
    p->base.pMethods = &g_methods;
    if (!sealing && (flags & SQLITE_OPEN_MAIN_DB)) {
        uint8_t h[16];
        if (realRead(p, h, 16, 0) == SQLITE_OK && std::memcmp(h, kMagic, 16) == 0) {
            qCWarning(lcCryptVfs) << name << "is an encrypted workspace file: it opens only with its key";
            xClose(f);
            f->pMethods = nullptr;
            return SQLITE_NOTADB;
        }
    }
    if (p->kind == Kind::Main) {
        uint8_t h[kClearPage1];
        if (realRead(p, h, kClearPage1, 0) == SQLITE_OK) {
            if (std::memcmp(h, kMagic, 16) != 0) {
                qCWarning(lcCryptVfs) << name << "is not an encrypted workspace file: not opened";
                xClose(f);
                f->pMethods = nullptr;
                return SQLITE_NOTADB;
            }
            p->pageSize = pageSizeFromHeader(h);
            if (!validPageSize(p->pageSize) || h[20] < kReserve) {
                xClose(f);
                f->pMethods = nullptr;
                return SQLITE_NOTADB;
            }
        }
    } else if (p->kind == Kind::Wal) {
        uint8_t h[12];
        if (realRead(p, h, 12, 0) == SQLITE_OK && validPageSize(int(be32(h + 8))))
            p->pageSize = int(be32(h + 8));
    }
    return SQLITE_OK;
}

int xDelete(sqlite3_vfs*, const char* name, int syncDir) { return g_real->xDelete(g_real, name, syncDir); }
int xAccess(sqlite3_vfs*, const char* name, int flags, int* out) { return g_real->xAccess(g_real, name, flags, out); }
int xFullPathname(sqlite3_vfs*, const char* name, int n, char* out) { return g_real->xFullPathname(g_real, name, n, out); }
void* xDlOpen(sqlite3_vfs*, const char* name) { return g_real->xDlOpen(g_real, name); }
void xDlError(sqlite3_vfs*, int n, char* msg) { g_real->xDlError(g_real, n, msg); }
void (*xDlSym(sqlite3_vfs*, void* h, const char* sym))(void) { return g_real->xDlSym(g_real, h, sym); }
void xDlClose(sqlite3_vfs*, void* h) { g_real->xDlClose(g_real, h); }
int xRandomness(sqlite3_vfs*, int n, char* out) { return g_real->xRandomness(g_real, n, out); }
int xSleep(sqlite3_vfs*, int us) { return g_real->xSleep(g_real, us); }
int xCurrentTime(sqlite3_vfs*, double* out) { return g_real->xCurrentTime(g_real, out); }
int xGetLastError(sqlite3_vfs*, int n, char* out) { return g_real->xGetLastError ? g_real->xGetLastError(g_real, n, out) : 0; }
int xCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) { return g_real->xCurrentTimeInt64(g_real, out); }

} // namespace

Status ensureRegistered()
{
    static std::once_flag once;
    static int rc = SQLITE_OK;
    std::call_once(once, [] {
        g_real = sqlite3_vfs_find(nullptr);
        if (!g_real || g_real->iVersion < 2) {
            rc = SQLITE_ERROR;
            return;
        }
        std::memset(&g_vfs, 0, sizeof g_vfs);
        g_vfs.iVersion = 2;
        g_vfs.szOsFile = alignedSize() + g_real->szOsFile;
        g_vfs.mxPathname = g_real->mxPathname;
        g_vfs.zName = kName;
        g_vfs.xOpen = xOpen;
        g_vfs.xDelete = xDelete;
        g_vfs.xAccess = xAccess;
        g_vfs.xFullPathname = xFullPathname;
        g_vfs.xDlOpen = xDlOpen;
        g_vfs.xDlError = xDlError;
        g_vfs.xDlSym = xDlSym;
        g_vfs.xDlClose = xDlClose;
        g_vfs.xRandomness = xRandomness;
        g_vfs.xSleep = xSleep;
        g_vfs.xCurrentTime = xCurrentTime;
        g_vfs.xGetLastError = xGetLastError;
        g_vfs.xCurrentTimeInt64 = xCurrentTimeInt64;
        g_plainVfs = g_vfs;
        g_plainVfs.zName = kPlainName;
        rc = sqlite3_vfs_register(&g_vfs, 0);
        if (rc == SQLITE_OK)
            rc = sqlite3_vfs_register(&g_plainVfs, 0);
    });
    if (rc != SQLITE_OK)
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot register the encrypting SQLite VFS"),
            { { QStringLiteral("sqlite"), rc } });
    return {};
}

QByteArray pageKey(const QByteArray& dataKey)
{
    return crypto::hkdfSha256(dataKey, {}, QByteArrayLiteral("recruitdesk-workspace-pages-v1"));
}

QString addKey(const QByteArray& dataKey)
{
    const QString token = QString::fromLatin1(crypto::randomBytes(16).toHex());
    std::lock_guard lock(g_keysMutex);
    keys().insert(token, pageKey(dataKey));
    return token;
}

void removeKey(const QString& token)
{
    std::lock_guard lock(g_keysMutex);
    keys().remove(token);
}

namespace {
// "file:" + the path, percent-encoded where SQLite's URI parser would read syntax (?, #, %). A
// path starting with two slashes ("//tmp/x") would become "file://tmp/x", tmp a host name.
QString fileUrl(const QString& path)
{
    QString p = path;
#ifndef Q_OS_WIN
    while (p.startsWith(QLatin1String("//")))
        p.remove(0, 1);
#endif
    return QUrl::fromLocalFile(p).toString(QUrl::FullyEncoded);
}
} // namespace

QString uri(const QString& path, const QString& token)
{
    // QUrl percent-encodes what SQLite's URI parser would read as syntax (?, #, %).
    QString u = fileUrl(path);
    return u + QStringLiteral("?vfs=%1&rdkey=%2").arg(QLatin1String(kName), token);
}

QString plainUri(const QString& path)
{
    return fileUrl(path) + QStringLiteral("?vfs=%1").arg(QLatin1String(kPlainName));
}

FileState inspect(const QString& path)
{
    QFile f(path);
    if (!f.exists())
        return FileState::Missing;
    if (!f.open(QIODevice::ReadOnly))
        return FileState::Unknown;
    const QByteArray head = f.read(16);
    if (head.isEmpty())
        return FileState::Empty;
    if (head == QByteArray(kMagic, 16))
        return FileState::Encrypted;
    if (head == QByteArray(kSqliteMagic, 16))
        return FileState::Plain;
    return FileState::Unknown;
}

} // namespace rd::cryptvfs
