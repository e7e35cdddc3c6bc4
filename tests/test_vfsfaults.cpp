// The encrypting VFS (decision 0023) over a file system that fails: a fault-injecting VFS is
// made SQLite's default before rdcrypt registers, so rdcrypt wraps it. Its own process, as the
// order of registration matters. From a break test of the statement journals and checkpoint copy.
#include "crypto/crypto.h"
#include "store/cryptvfs.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <atomic>

using namespace rd;

namespace {
sqlite3_vfs* g_unix = nullptr;
sqlite3_vfs g_fault;
std::atomic<bool> g_failTemp { false };         // fail statement journal writes at or past g_failAt
sqlite3_int64 g_failAt = 0;
std::atomic<int> g_failures { 0 };
std::atomic<int> g_mainWritesLeft { -1 };       // >= 0: fail the database file's write after this many

struct FaultFile {
    sqlite3_file base;
    sqlite3_file* real;
    bool statementJournal;
    bool main;
};
constexpr int kHead = int((sizeof(FaultFile) + 15) & ~size_t(15));
FaultFile* ff(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return ff(f)->real; }

int fWrite(sqlite3_file* f, const void* b, int n, sqlite3_int64 o)
{
    if (ff(f)->statementJournal && g_failTemp && o >= g_failAt) {
        ++g_failures;
        return SQLITE_FULL; // the temporary directory's disk is full
    }
    if (ff(f)->main && g_mainWritesLeft >= 0 && g_mainWritesLeft-- == 0) {
        ++g_failures;
        return SQLITE_IOERR_WRITE;
    }
    return real(f)->pMethods->xWrite(real(f), b, n, o);
}
int fClose(sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); }
int fRead(sqlite3_file* f, void* b, int n, sqlite3_int64 o) { return real(f)->pMethods->xRead(real(f), b, n, o); }
int fTruncate(sqlite3_file* f, sqlite3_int64 s) { return real(f)->pMethods->xTruncate(real(f), s); }
int fSync(sqlite3_file* f, int fl) { return real(f)->pMethods->xSync(real(f), fl); }
int fFileSize(sqlite3_file* f, sqlite3_int64* s) { return real(f)->pMethods->xFileSize(real(f), s); }
int fLock(sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); }
int fUnlock(sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); }
int fCheck(sqlite3_file* f, int* o) { return real(f)->pMethods->xCheckReservedLock(real(f), o); }
int fControl(sqlite3_file* f, int op, void* a) { return real(f)->pMethods->xFileControl(real(f), op, a); }
int fSector(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int fDevice(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
int fShmMap(sqlite3_file* f, int a, int b, int c, void volatile** d) { return real(f)->pMethods->xShmMap(real(f), a, b, c, d); }
int fShmLock(sqlite3_file* f, int a, int b, int c) { return real(f)->pMethods->xShmLock(real(f), a, b, c); }
void fShmBarrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int fShmUnmap(sqlite3_file* f, int d) { return real(f)->pMethods->xShmUnmap(real(f), d); }
int fFetch(sqlite3_file* f, sqlite3_int64 o, int n, void** p) { return real(f)->pMethods->xFetch(real(f), o, n, p); }
int fUnfetch(sqlite3_file* f, sqlite3_int64 o, void* p) { return real(f)->pMethods->xUnfetch(real(f), o, p); }
const sqlite3_io_methods g_faultMethods = { 3, fClose, fRead, fWrite, fTruncate, fSync, fFileSize, fLock, fUnlock, fCheck,
    fControl, fSector, fDevice, fShmMap, fShmLock, fShmBarrier, fShmUnmap, fFetch, fUnfetch };

int fOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out)
{
    FaultFile* p = ff(f);
    p->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kHead);
    p->statementJournal = (flags & SQLITE_OPEN_SUBJOURNAL) != 0;
    p->main = (flags & SQLITE_OPEN_MAIN_DB) != 0;
    const int rc = g_unix->xOpen(g_unix, name, p->real, flags, out);
    f->pMethods = rc == SQLITE_OK ? &g_faultMethods : nullptr;
    return rc;
}

int exec(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }

QString text(sqlite3* db, const char* sql)
{
    sqlite3_stmt* st = nullptr;
    QString v;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK) {
        const int rc = sqlite3_step(st);
        v = rc == SQLITE_ROW ? QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)))
                             : QStringLiteral("<%1 %2>").arg(rc).arg(QString::fromUtf8(sqlite3_errmsg(db)));
    }
    sqlite3_finalize(st);
    return v;
}

sqlite3* openEncrypted(const QString& path, const QString& token, int pageSize = 0)
{
    sqlite3* db = nullptr;
    const QByteArray u = cryptvfs::uri(path, token).toUtf8();
    if (sqlite3_open_v2(u.constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, nullptr) != SQLITE_OK)
        return db;
    if (pageSize)
        exec(db, QByteArray("PRAGMA page_size=" + QByteArray::number(pageSize)).constData());
    int reserve = cryptvfs::kReserve;
    sqlite3_file_control(db, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
    exec(db, "PRAGMA journal_mode=WAL");
    exec(db, "PRAGMA cache_size=-262144");
    return db;
}

void fill(sqlite3* db, int rows)
{
    exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT CHECK (length(body) < 2000))");
    exec(db, "BEGIN");
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO t (id, body) VALUES (?, printf('orig %08d ', ?) || substr(hex(zeroblob(500)), 1, 980))", -1, &st, nullptr);
    for (int i = 1; i <= rows; ++i) {
        sqlite3_bind_int(st, 1, i);
        sqlite3_bind_int(st, 2, i);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    exec(db, "COMMIT");
}
} // namespace

class TestVfsFaults : public QObject {
    Q_OBJECT
    QString m_token;
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        // Before anything registers rdcrypt: it wraps the default VFS it finds.
        g_unix = sqlite3_vfs_find("unix");
        QVERIFY(g_unix);
        g_fault = *g_unix;
        g_fault.zName = "rdfaults";
        g_fault.szOsFile = kHead + g_unix->szOsFile;
        g_fault.xOpen = fOpen;
        g_fault.pNext = nullptr;
        QCOMPARE(sqlite3_vfs_register(&g_fault, 1), SQLITE_OK);
        QVERIFY(cryptvfs::ensureRegistered().ok());
        m_token = cryptvfs::addKey(crypto::randomBytes(32));
    }

    void aStatementJournalThatCannotMoveToItsFileRollsBack()
    {
        // The statement journal outgrows memory (32 MB) while its temporary file's disk is full
        // half way through the move. SQLite fails the statement and goes on; a later ROLLBACK TO
        // must still restore every page, so the journal may not lose what it held in memory.
        const QString path = m_dir.filePath(QStringLiteral("move.db"));
        sqlite3* db = openEncrypted(path, m_token);
        QVERIFY(db);
        const int rows = 44000;
        fill(db, rows);
        QCOMPARE(exec(db, "BEGIN"), SQLITE_OK);
        QCOMPARE(exec(db, "SAVEPOINT a"), SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        // Two rows a statement: a statement journal (a CHECK may abort it) that grows all along.
        QCOMPARE(sqlite3_prepare_v2(db, "UPDATE t SET body = 'changed ' || body WHERE id BETWEEN ? AND ?", -1, &st, nullptr), SQLITE_OK);
        g_failAt = 8 * 1024 * 1024;
        g_failures = 0;
        g_failTemp = true;
        int id = 1;
        int failedRc = SQLITE_OK;
        for (; id + 1 <= rows && failedRc == SQLITE_OK; id += 4) {
            sqlite3_bind_int(st, 1, id);
            sqlite3_bind_int(st, 2, id + 1);
            const int rc = sqlite3_step(st);
            sqlite3_reset(st);
            if (rc != SQLITE_DONE)
                failedRc = rc;
        }
        g_failTemp = false;
        QVERIFY(g_failures > 0);
        QCOMPARE(failedRc, SQLITE_FULL);
        if (!sqlite3_get_autocommit(db)) { // the transaction goes on: more writes, then roll back
            for (int more = 0; more < 200 && id + 1 <= rows; ++more, id += 4) {
                sqlite3_bind_int(st, 1, id);
                sqlite3_bind_int(st, 2, id + 1);
                QCOMPARE(sqlite3_step(st), SQLITE_DONE);
                sqlite3_reset(st);
            }
            QCOMPARE(exec(db, "ROLLBACK TO a"), SQLITE_OK);
            QCOMPARE(exec(db, "RELEASE a"), SQLITE_OK);
            QCOMPARE(exec(db, "COMMIT"), SQLITE_OK);
        }
        sqlite3_finalize(st);
        sqlite3_close(db);
        db = openEncrypted(path, m_token);
        QCOMPARE(text(db, "SELECT count(*) FROM t WHERE body LIKE 'changed%'"), QStringLiteral("0"));
        QCOMPARE(text(db, "SELECT count(*) FROM t"), QString::number(rows));
        QCOMPARE(text(db, "PRAGMA integrity_check"), QStringLiteral("ok"));
        sqlite3_close(db);
    }

    void aCheckpointThatFailsHalfWayIsDoneAgain()
    {
        // Checkpoints copy sealed pages: one that fails half way (a write error on the file), with
        // other files of other page sizes and keys checkpointed in the same thread before it is
        // run again, leaves nothing half sealed.
        const QString token2 = cryptvfs::addKey(crypto::randomBytes(32));
        struct F {
            const char* name;
            QString token;
            int pageSize;
        };
        const QList<F> files { { "ps64k.db", m_token, 65536 }, { "ps1k.db", token2, 1024 }, { "ps4k.db", token2, 4096 } };
        QList<sqlite3*> dbs;
        for (const F& f : files) {
            sqlite3* d = openEncrypted(m_dir.filePath(QLatin1String(f.name)), f.token, f.pageSize);
            QVERIFY(d);
            fill(d, 3000);
            QCOMPARE(exec(d, "PRAGMA wal_checkpoint(TRUNCATE)"), SQLITE_OK);
            QCOMPARE(exec(d, "PRAGMA wal_autocheckpoint=0"), SQLITE_OK);
            QCOMPARE(exec(d, "UPDATE t SET body = 'new ' || body WHERE id % 3 = 0"), SQLITE_OK);
            QCOMPARE(text(d, "PRAGMA page_size"), QString::number(f.pageSize));
            dbs << d;
        }
        for (int i = 0; i < dbs.size(); ++i) {
            // An earlier round's PASSIVE checkpoint may have copied this file's frames: new ones
            // (an UPDATE that changes nothing writes no page)
            QCOMPARE(exec(dbs[i], "UPDATE t SET body = upper(body) WHERE id % 5 = 0"), SQLITE_OK); // (LIKE ignores case)
            g_failures = 0;
            g_mainWritesLeft = 5;
            const QString failed = text(dbs[i], "PRAGMA wal_checkpoint(TRUNCATE)");
            QVERIFY2(failed.startsWith(QLatin1String("<10 ")), qPrintable(QStringLiteral("%1: %2, %3 failures").arg(i).arg(failed).arg(int(g_failures))));
            g_mainWritesLeft = -1;
            QCOMPARE(int(g_failures), 1);
            QCOMPARE(exec(dbs[(i + 1) % 3], "UPDATE t SET body = lower(body) WHERE id = 1"), SQLITE_OK);
            QCOMPARE(exec(dbs[(i + 2) % 3], "PRAGMA wal_checkpoint(PASSIVE)"), SQLITE_OK);
            QCOMPARE(exec(dbs[i], "PRAGMA wal_checkpoint(TRUNCATE)"), SQLITE_OK);
        }
        for (sqlite3* d : dbs)
            sqlite3_close(d);
        for (const F& f : files) {
            sqlite3* d = openEncrypted(m_dir.filePath(QLatin1String(f.name)), f.token);
            QCOMPARE(text(d, "SELECT count(*) FROM t WHERE body LIKE 'new %'"), QStringLiteral("1000"));
            QCOMPARE(text(d, "PRAGMA integrity_check"), QStringLiteral("ok"));
            sqlite3_close(d);
        }
    }
};

QTEST_GUILESS_MAIN(TestVfsFaults)
#include "test_vfsfaults.moc"
