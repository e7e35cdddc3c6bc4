#include "cryptvfs.h"

#include "cryptfile.h"

#include "crypto/crypto.h"

#include <QFile>
#include <QHash>
#include <QLoggingCategory>
#include <QUrl>

#include <sqlite3.h>

#include <cstring>
#include <mutex>
#include <new>

Q_LOGGING_CATEGORY(lcCryptVfs, "rd.core.store.cryptvfs")

namespace rd::cryptvfs {

namespace detail {
sqlite3_vfs* g_real = nullptr;
thread_local CryptFile* t_checkpointing = nullptr;
} // namespace detail

using namespace detail;

namespace {

std::mutex g_keysMutex;
QHash<QString, QByteArray>& keys()
{
    static QHash<QString, QByteArray> k;
    return k;
}

sqlite3_vfs g_vfs;      // "rdcrypt": the workspace file, sealed
sqlite3_vfs g_plainVfs; // "rdplain": a plain file, the same statement journals, nothing sealed

constexpr int alignedSize() { return int((sizeof(CryptFile) + 15) & ~size_t(15)); }

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

} // namespace

namespace detail {
const sqlite3_io_methods g_methods = { 3, xClose, xRead, xWrite, xTruncate, xSync, xFileSize, xLock, xUnlock, xCheckReservedLock,
    xFileControl, xSectorSize, xDeviceCharacteristics, xShmMap, xShmLock, xShmBarrier, xShmUnmap, xFetch, xUnfetch };
} // namespace detail

namespace {

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
