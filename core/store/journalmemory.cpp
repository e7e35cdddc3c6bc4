#include "journalmemory.h"

#include "cryptfile.h"

#include <QtGlobal>

#include <algorithm>
#include <cstring>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <sys/mman.h>
#endif

namespace rd::cryptvfs {

bool JournalMemory::grow(size_t n)
{
    if (n <= m_size)
        return true;
    if (n > m_capacity)
        return false;
    if (!m_base) {
#ifdef Q_OS_WIN
        void* p = VirtualAlloc(nullptr, m_capacity, MEM_RESERVE, PAGE_NOACCESS);
        if (!p)
            return false;
#else
        int flags = MAP_PRIVATE | MAP_ANONYMOUS;
#ifdef MAP_NORESERVE
        flags |= MAP_NORESERVE;
#endif
        void* p = mmap(nullptr, m_capacity, PROT_READ | PROT_WRITE, flags, -1, 0);
        if (p == MAP_FAILED)
            return false;
        m_usable = m_capacity; // pages are the system's until first written
#endif
        m_base = static_cast<uint8_t*>(p);
    }
#ifdef Q_OS_WIN
    if (n > m_usable) {
        constexpr size_t kStep = 1024 * 1024;
        const size_t want = std::min(m_capacity, (n + kStep - 1) / kStep * kStep);
        if (!VirtualAlloc(m_base + m_usable, want - m_usable, MEM_COMMIT, PAGE_READWRITE))
            return false;
        m_usable = want;
    }
#endif
    // What a truncation left behind reads as zeros again; pages never written are zeros already.
    if (m_written > m_size)
        std::memset(m_base + m_size, 0, std::min(n, m_written) - m_size);
    m_size = n;
    m_written = std::max(m_written, n);
    return true;
}

void JournalMemory::release()
{
    if (!m_base)
        return;
#ifdef Q_OS_WIN
    VirtualFree(m_base, 0, MEM_RELEASE);
#else
    munmap(m_base, m_capacity);
#endif
    m_base = nullptr;
    m_size = 0;
    m_written = 0;
    m_usable = 0;
}

namespace detail {

namespace {

// --- statement journals in memory ---
//
// SQLite keeps a statement journal in memory up to 64 KB, then asks the VFS for a temporary
// file, and that file stays for the rest of the transaction: every later statement writes the
// old image of each page it changes there. In one 100,000-row transaction that was 590,000 page
// writes to a temporary file, each one encrypted and each a system call (bench_store). The file
// the VFS hands out for a statement journal is memory instead, up to kMemoryJournalLimit; past
// that it moves to a real temporary file (encrypted under rdcrypt), as SQLite's own would.
// SQLite reads a statement journal only to roll a statement or savepoint back.


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
            rc = g_methods.xWrite(&p->base, p->memory.data() + at, n, sqlite3_int64(at));
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

} // namespace

const sqlite3_io_methods g_memoryMethods = { 1, memClose, memRead, memWrite, memTruncate, memSync, memFileSize, memLock, memLock,
    memCheckReservedLock, memFileControl, memSectorSize, memDeviceCharacteristics, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr };


} // namespace detail

} // namespace rd::cryptvfs
