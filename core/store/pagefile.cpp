// The sealed pages of an encrypted workspace: the database file, its WAL frames and rollback
// journal records (decision 0023). Part of the encrypting VFS (cryptfile.h).
#include "cryptfile.h"

#include <cstring>

namespace rd::cryptvfs::detail {

static bool allZero(const uint8_t* p, int n)
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
static bool openPage(CryptFile* p, uint8_t* page, uint32_t pgno)
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
static bool sealPage(CryptFile* p, const uint8_t* in, uint32_t pgno)
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


// --- the database file ---

// A handle opened on an empty file learns the page size once another connection has written
// page 1 (or SQLite writes it through this handle).
static int mainPageSize(CryptFile* p)
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

static uint32_t numberBefore(CryptFile* p, sqlite3_int64 at, int* rc)
{
    if (p->lastNumberAt == at)
        return p->lastNumber;
    uint8_t b[4];
    *rc = realRead(p, b, 4, at);
    return be32(b);
}

// A handle opened while the WAL was empty learns the page size from the header another
// connection has written since.
static int walPageSize(CryptFile* p)
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

static bool journalPage(CryptFile* p, int amt, sqlite3_int64 off)
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

} // namespace rd::cryptvfs::detail
