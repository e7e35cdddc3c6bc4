// The workspace file is encrypted at rest (issue 22, decision 0023): database pages, WAL,
// backups. These tests read the raw bytes SQLite left on disk.
#include "testutil.h"

#include "crypto/pagecipher.h"
#include "store/cryptvfs.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QSqlError>
#include <QtEndian>
#include <QtTest>

#include <filesystem>

using namespace rd;

namespace {
// Words no schema, index or template holds: found in a file only if candidate data is there.
const QStringList kMarkers { QStringLiteral("Quillfeather"), QStringLiteral("zephyrine.quillfeather@example.org"),
    QStringLiteral("Brachiosaurus"), QStringLiteral("Oberammergau"), QStringLiteral("cryogenic welding") };

QByteArray rawBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList markersIn(const QByteArray& bytes)
{
    QStringList found;
    for (const QString& m : kMarkers)
        if (bytes.contains(m.toUtf8()))
            found << m;
    return found;
}

// Every file next to `dbPath` that belongs to it (the file, -wal, -shm, backups).
QStringList filesOf(const QString& dbPath)
{
    const QFileInfo fi(dbPath);
    QStringList out;
    for (const QString& n : QDir(fi.absolutePath()).entryList({ fi.fileName() + QLatin1Char('*') }, QDir::Files))
        out << fi.absoluteDir().filePath(n);
    return out;
}

OpenOptions keyed()
{
    OpenOptions o;
    o.dataKey = test::TestWorkspace::dataKey();
    return o;
}

QString fillWithCandidates(Workspace& ws, const Session& admin, int n = 0)
{
    const QString email = n == 0 ? QStringLiteral("zephyrine.quillfeather@example.org") : QStringLiteral("z%1@example.org").arg(n);
    auto c = ws.candidates().create(admin, { { QStringLiteral("first_name"), QStringLiteral("Zephyrine") },
                                               { QStringLiteral("last_name"), QStringLiteral("Quillfeather") },
                                               { QStringLiteral("emails"), email },
                                               { QStringLiteral("location"), QStringLiteral("Oberammergau") } });
    if (!c)
        qFatal("create failed: %s", qPrintable(c.error().message));
    auto cv = ws.cvs().addVersion(admin, c.value().id,
        QStringLiteral("Zephyrine Quillfeather\nTen years of cryogenic welding; restored a Brachiosaurus skeleton."));
    if (!cv)
        qFatal("CV failed: %s", qPrintable(cv.error().message));
    return c.value().id;
}
} // namespace

class TestEncryption : public QObject {
    Q_OBJECT

private slots:
    void pagesSealAndOpen()
    {
        const QByteArray key = crypto::randomBytes(32);
        crypto::PageCipher cipher(key);
        QByteArray page(4096, Qt::Uninitialized);
        for (int i = 0; i < page.size(); ++i)
            page[i] = char(i * 7);
        std::memset(page.data() + 4096 - crypto::PageCipher::kReserve, 0, crypto::PageCipher::kReserve);
        QByteArray sealed(4096, 0);
        auto* in = reinterpret_cast<const uint8_t*>(page.constData());
        auto* out = reinterpret_cast<uint8_t*>(sealed.data());
        QVERIFY(cipher.seal(in, out, 4096, 24, 1));
        QCOMPARE(sealed.left(24), page.left(24)); // the clear part
        QVERIFY(sealed.mid(24, 100) != page.mid(24, 100));
        // Sealing the same page twice gives different bytes (a fresh nonce each time).
        QByteArray again(4096, 0);
        QVERIFY(cipher.seal(in, reinterpret_cast<uint8_t*>(again.data()), 4096, 24, 1));
        QVERIFY(again != sealed);

        QByteArray opened = sealed;
        QVERIFY(cipher.open(reinterpret_cast<uint8_t*>(opened.data()), 4096, 24, 1));
        QCOMPARE(opened, page); // reserve zeroed, like the page SQLite sealed

        QByteArray moved = sealed; // the same page claimed as page 2
        QVERIFY(!cipher.open(reinterpret_cast<uint8_t*>(moved.data()), 4096, 24, 2));
        QByteArray flipped = sealed;
        flipped[1000] = char(flipped[1000] ^ 1);
        QVERIFY(!cipher.open(reinterpret_cast<uint8_t*>(flipped.data()), 4096, 24, 1));
        QByteArray header = sealed; // the clear header is authenticated too
        header[17] = char(header[17] ^ 1);
        QVERIFY(!cipher.open(reinterpret_cast<uint8_t*>(header.data()), 4096, 24, 1));
        crypto::PageCipher other(crypto::randomBytes(32));
        QByteArray wrong = sealed;
        QVERIFY(!other.open(reinterpret_cast<uint8_t*>(wrong.data()), 4096, 24, 1));

        // Transient files: the keystream depends on the offset only, so pieces decrypt alone.
        crypto::TransientCipher t;
        QByteArray data = page;
        t.apply(reinterpret_cast<uint8_t*>(data.data()), 4096, 8192);
        QVERIFY(data != page);
        t.apply(reinterpret_cast<uint8_t*>(data.data()) + 100, 50, 8192 + 100);
        QCOMPARE(data.mid(100, 50), page.mid(100, 50));
    }

    void noCandidateTextInTheFileOrItsWal()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        fillWithCandidates(*tw.ws, admin);
        // Open: the newest pages are in the WAL.
        QVERIFY(QFileInfo(tw.path + QStringLiteral("-wal")).size() > 0);
        for (const QString& f : filesOf(tw.path))
            QVERIFY2(markersIn(rawBytes(f)).isEmpty(), qPrintable(f + QStringLiteral(": ") + markersIn(rawBytes(f)).join(QLatin1Char(','))));
        QCOMPARE(cryptvfs::inspect(tw.path), cryptvfs::FileState::Encrypted);
        // Closed: everything checkpointed into the file.
        tw.ws.reset();
        QVERIFY(!QFileInfo::exists(tw.path + QStringLiteral("-wal")) || QFileInfo(tw.path + QStringLiteral("-wal")).size() == 0);
        QVERIFY(markersIn(rawBytes(tw.path)).isEmpty());
        // And it all comes back with the key.
        tw.reopen();
        auto found = tw->search().search(admin, QStringLiteral("Brachiosaurus"), {});
        RD_VERIFY_OK(found);
        QCOMPARE(found.value().size(), 1);
    }

    void theSameStorePlainShowsTheText()
    {
        // The check above can fail: the same work on a plain file leaves the words readable.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plain.db"));
        WorkspaceOptions o;
        o.keyLoader = test::TestWorkspace::keyLoader();
        o.encrypted = false;
        auto ws = Workspace::open(path, o);
        RD_VERIFY_OK(ws);
        NewWorkspace w;
        w.name = QStringLiteral("Acme");
        w.slug = QStringLiteral("acme");
        w.adminEmail = QStringLiteral("admin@acme.test");
        w.adminPassword = test::kAdminPassword;
        RD_VERIFY_OK(ws.value()->tenants().createWorkspace(w));
        SignInRequest req;
        req.tenantSlug = QStringLiteral("acme");
        req.email = QStringLiteral("admin@acme.test");
        req.password = test::kAdminPassword;
        auto s = ws.value()->auth().signIn(req);
        RD_VERIFY_OK(s);
        fillWithCandidates(*ws.value(), s.value());
        ws.value().reset();
        QCOMPARE(cryptvfs::inspect(path), cryptvfs::FileState::Plain);
        QVERIFY(markersIn(rawBytes(path)).size() >= 3);
    }

    void wrongOrMissingKeyOpensNothing()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        fillWithCandidates(*tw.ws, admin);
        tw.ws.reset();
        const QByteArray before = QCryptographicHash::hash(rawBytes(tw.path), QCryptographicHash::Sha256);

        WorkspaceOptions o;
        o.keyLoader = [] { return Result<QByteArray>(crypto::randomBytes(32)); };
        auto wrong = Workspace::open(tw.path, o);
        RD_VERIFY_ERROR(wrong, ErrorCode::CryptoError);
        QCOMPARE(wrong.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("wrong_key"));

        auto noKey = Database::open(tw.path, {});
        RD_VERIFY_ERROR(noKey, ErrorCode::CryptoError);
        QCOMPARE(noKey.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("encrypted"));

        // SQLite itself, without the VFS, sees no database.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            db.setDatabaseName(tw.path);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        QCOMPARE(QCryptographicHash::hash(rawBytes(tw.path), QCryptographicHash::Sha256), before); // untouched
        tw.reopen();
        QVERIFY(tw->candidates().list(admin, {}).value().items.size() == 1);
    }

    void aChangedByteIsAnErrorNotData()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        for (int i = 0; i < 30; ++i)
            fillWithCandidates(*tw.ws, admin, i);
        tw.ws.reset();
        const qint64 size = QFileInfo(tw.path).size();
        QVERIFY(size > 20 * 4096);
        // Flip one byte in the middle of every page but the first: reading the candidates fails.
        {
            QFile f(tw.path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            for (qint64 page = 1; page < size / 4096; ++page) {
                f.seek(page * 4096 + 2000);
                char c = 0;
                f.getChar(&c);
                f.seek(page * 4096 + 2000);
                f.putChar(char(c ^ 0x20));
            }
        }
        OpenOptions options;
        options.dataKey = test::TestWorkspace::dataKey();
        {
            auto db = Database::open(tw.path, options);
            if (db) {
                auto rows = db.value()->select(QStringLiteral("SELECT last_name FROM candidates"));
                QVERIFY(!rows.ok());
            }
        }
    }

    void aPathWithTwoLeadingSlashesOpens()
    {
        // Found by a break test: "//tmp/x" became the URI "file://tmp/x", tmp read as a host.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("slashes.db"));
        QVERIFY(path.startsWith(QLatin1Char('/')));
        for (bool encrypted : { true, false }) {
            const QString p = QLatin1Char('/') + path + (encrypted ? QString() : QStringLiteral(".plain"));
            auto db = Database::open(p, encrypted ? keyed() : OpenOptions {});
            RD_VERIFY_OK(db);
            RD_VERIFY_OK(db.value()->execRaw(QStringLiteral("CREATE TABLE t (x)")));
        }
        QCOMPARE(cryptvfs::inspect(path), cryptvfs::FileState::Encrypted);
        QCOMPARE(cryptvfs::inspect(path + QStringLiteral(".plain")), cryptvfs::FileState::Plain);
    }

    void aWalFrameChangedBeforeTheCheckpointIsAnErrorNotData()
    {
        // A checkpoint copies the sealed pages of the WAL to the file without opening them
        // (they are authenticated with their page number, not their place): a frame changed on
        // disk must then fail when its page is read from the file, never read as data.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ckpt.db"));
        {
            auto db = Database::open(path, keyed());
            RD_VERIFY_OK(db);
            RD_VERIFY_OK(db.value()->execRaw(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")));
            RD_VERIFY_OK(db.value()->execRaw(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
            RD_VERIFY_OK(db.value()->execRaw(QStringLiteral("PRAGMA wal_autocheckpoint=0")));
            Transaction tx(*db.value());
            for (int i = 0; i < 200; ++i)
                RD_VERIFY_OK(db.value()->change(QStringLiteral("INSERT INTO t (body) VALUES (?)"), { QString(200, QLatin1Char('b')) }));
            RD_VERIFY_OK(tx.commit());
            // Every frame but page 1's gets one byte changed inside its sealed page.
            QFile wal(path + QStringLiteral("-wal"));
            QVERIFY(wal.open(QIODevice::ReadWrite));
            const qint64 frame = 24 + 4096;
            int changed = 0;
            for (qint64 at = 32; at + frame <= wal.size(); at += frame) {
                wal.seek(at);
                const QByteArray header = wal.read(24);
                if (qFromBigEndian<quint32>(header.constData()) == 1)
                    continue;
                wal.seek(at + 24 + 1000);
                char c = 0;
                wal.getChar(&c);
                wal.seek(at + 24 + 1000);
                wal.putChar(char(c ^ 0x01));
                ++changed;
            }
            QVERIFY(changed > 10);
            wal.close();
            // The connection's own cache holds the pages as written: the checkpoint may succeed.
            (void)db.value()->execRaw(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        // Read from the file with a fresh cache: the schema pages were not touched, so the file
        // opens; the table's pages are an error, not rows.
        auto db = Database::open(path, keyed());
        RD_VERIFY_OK(db);
        auto rows = db.value()->select(QStringLiteral("SELECT body FROM t"));
        QVERIFY(!rows.ok());
        QCOMPARE(rows.error().code, ErrorCode::StorageError);
    }

    void aWalFrameNamingAnotherPageStopsTheCheckpoint()
    {
        // Found by a break test: two frame headers with their page numbers swapped. The WAL
        // index still says which page each frame holds; the checkpoint must not seal the sealed
        // bytes again (nothing could open them after), but stop with the WAL kept, so that undoing
        // the edit gives every row back.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("swap.db"));
        auto db = Database::open(path, keyed());
        RD_VERIFY_OK(db);
        std::unique_ptr<Database> owner = std::move(db.value());
        Database& d = *owner;
        RD_VERIFY_OK(d.execRaw(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")));
        RD_VERIFY_OK(d.execRaw(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        RD_VERIFY_OK(d.execRaw(QStringLiteral("PRAGMA wal_autocheckpoint=0")));
        {
            Transaction tx(d);
            for (int i = 0; i < 100; ++i)
                RD_VERIFY_OK(d.change(QStringLiteral("INSERT INTO t (body) VALUES (?)"), { QString(200, QLatin1Char('s')) }));
            RD_VERIFY_OK(tx.commit());
        }
        QFile wal(path + QStringLiteral("-wal"));
        QVERIFY(wal.open(QIODevice::ReadWrite));
        const qint64 frame = 24 + 4096;
        QList<qint64> at; // two frames of two different pages, neither page 1
        QList<quint32> pages;
        for (qint64 o = 32; o + frame <= wal.size() && at.size() < 2; o += frame) {
            wal.seek(o);
            const quint32 pg = qFromBigEndian<quint32>(wal.read(4).constData());
            if (pg != 1 && !pages.contains(pg)) {
                at << o;
                pages << pg;
            }
        }
        QCOMPARE(at.size(), 2);
        auto writePage = [&](qint64 o, quint32 pg) {
            char b[4];
            qToBigEndian(pg, b);
            wal.seek(o);
            wal.write(b, 4);
            wal.flush();
        };
        writePage(at[0], pages[1]);
        writePage(at[1], pages[0]);
        QVERIFY(!d.execRaw(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).ok());
        QVERIFY(wal.size() > frame * 2); // kept
        writePage(at[0], pages[0]);
        writePage(at[1], pages[1]);
        wal.close();
        RD_VERIFY_OK(d.execRaw(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        owner.reset();
        auto again = Database::open(path, keyed());
        RD_VERIFY_OK(again);
        auto n = again.value()->selectOne(QStringLiteral("SELECT count(*) FROM t"));
        RD_VERIFY_OK(n);
        QCOMPARE(n.value().value(0).toInt(), 100);
        auto check = again.value()->selectOne(QStringLiteral("PRAGMA integrity_check"));
        RD_VERIFY_OK(check);
        QCOMPARE(check.value().value(0).toString(), QStringLiteral("ok"));
    }

    void aZeroedOrCutPageIsAnErrorNotData()
    {
        // Found by a review: a page of zeros read as "never written", and a file cut mid-page
        // handed SQLite part of a sealed page.
        for (int damage = 0; damage < 2; ++damage) {
            QTemporaryDir dir;
            const QString path = dir.filePath(QStringLiteral("z.db"));
            {
                auto db = Database::open(path, keyed());
                RD_VERIFY_OK(db);
                RD_VERIFY_OK(db.value()->execRaw(QStringLiteral("CREATE TABLE cv (id INTEGER PRIMARY KEY, body TEXT)")));
                RD_VERIFY_OK(db.value()->change(QStringLiteral("INSERT INTO cv (body) VALUES (?)"), { QString(60000, QLatin1Char('w')) }));
            }
            const qint64 size = QFileInfo(path).size();
            {
                QFile f(path);
                QVERIFY(f.open(QIODevice::ReadWrite));
                if (damage == 0) {
                    f.seek(size - 4096); // the last overflow page of the CV
                    f.write(QByteArray(4096, 0));
                } else {
                    QVERIFY(f.resize(size - 100));
                }
            }
            auto db = Database::open(path, keyed());
            if (!db)
                continue; // refused at open: fine
            auto rows = db.value()->select(QStringLiteral("SELECT length(body) FROM cv"));
            QVERIFY2(!rows.ok(), damage == 0 ? "a zeroed page was read as data" : "a cut page was read as data");
        }
    }

    void backupsBeforeAMigrationAreEncrypted()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        fillWithCandidates(*tw.ws, admin);
        tw.ws.reset();
        // An older schema number: the next open copies the file before it migrates (the
        // migration itself then fails on tables that exist; the copy is what is checked).
        {
            OpenOptions options;
            options.dataKey = test::TestWorkspace::dataKey();
            auto db = Database::open(tw.path, options);
            RD_VERIFY_OK(db);
            RD_VERIFY_OK(db.value()->execRaw(QStringLiteral("PRAGMA user_version = %1").arg(Database::kSchemaVersion - 1)));
        }
        OpenOptions options;
        options.dataKey = test::TestWorkspace::dataKey();
        auto db = Database::open(tw.path, options);
        QStringList backups;
        for (const QString& f : filesOf(tw.path))
            if (f.endsWith(QLatin1String(".bak")))
                backups << f;
        QCOMPARE(backups.size(), 1);
        QCOMPARE(cryptvfs::inspect(backups.first()), cryptvfs::FileState::Encrypted);
        QVERIFY(markersIn(rawBytes(backups.first())).isEmpty());
        // It opens with the key, and holds the candidate.
        RD_VERIFY_OK(cryptvfs::ensureRegistered());
        const QString token = cryptvfs::addKey(test::TestWorkspace::dataKey());
        {
            QSqlDatabase bak = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bak"));
            bak.setDatabaseName(cryptvfs::uri(backups.first(), token));
            bak.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
            QVERIFY(bak.open());
            QSqlQuery q(bak);
            QVERIFY(q.exec(QStringLiteral("SELECT last_name FROM candidates")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("Quillfeather"));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("bak"));
        cryptvfs::removeKey(token);
    }

    void aWorkspaceFromThePreviousReleaseIsConverted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("workspace.db"));
        const QString fixture = QFileInfo(QFINDTESTDATA("data/previous-release/workspace.db.qz")).absolutePath();
        QVERIFY(!fixture.isEmpty());
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(qUncompress(rawBytes(fixture + QStringLiteral("/workspace.db.qz"))));
        }
        QVERIFY(QFile::copy(fixture + QStringLiteral("/workspace.db.key"), path + QStringLiteral(".key")));
        for (QDirIterator it(fixture + QStringLiteral("/workspace.db.blobs"), QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
            const QString from = it.next();
            const QString to = path + QStringLiteral(".blobs/") + QDir(fixture + QStringLiteral("/workspace.db.blobs")).relativeFilePath(from);
            QDir().mkpath(QFileInfo(to).absolutePath());
            QVERIFY(QFile::copy(from, to));
        }
        // A backup an older release made before a migration, in the clear like the file.
        const QString oldBackup = path + QStringLiteral(".v14-20261101000000.bak");
        QVERIFY(QFile::copy(path, oldBackup));
        QCOMPARE(cryptvfs::inspect(path), cryptvfs::FileState::Plain);
        QVERIFY(markersIn(rawBytes(path)).size() >= 4); // the fixture holds what we look for

        WorkspaceOptions o;
        o.keyLoader = Workspace::passphraseFileLoader(path + QStringLiteral(".key"), "previous-release");
        auto ws = Workspace::open(path, o);
        RD_VERIFY_OK(ws);
        QCOMPARE(cryptvfs::inspect(path), cryptvfs::FileState::Encrypted);
        QCOMPARE(cryptvfs::inspect(oldBackup), cryptvfs::FileState::Encrypted);
        QVERIFY(ws.value()->db().convertedOnOpen());
        QVERIFY(!ws.value()->db().lastBackupPath().isEmpty());
        QCOMPARE(cryptvfs::inspect(ws.value()->db().lastBackupPath()), cryptvfs::FileState::Encrypted);
        QStringList names;
        for (const QString& f : filesOf(path)) {
            names << QFileInfo(f).fileName();
            QVERIFY2(markersIn(rawBytes(f)).isEmpty(), qPrintable(f));
        }
        QVERIFY2(!names.join(QLatin1Char(' ')).contains(QLatin1String(".plain-old")), qPrintable(names.join(QLatin1Char(' '))));
        QVERIFY2(!names.join(QLatin1Char(' ')).contains(QLatin1String(".encrypting")), qPrintable(names.join(QLatin1Char(' '))));

        // Everything is there: the audit chain intact, the CV searchable, the sealed attachment
        // opens with the same data key.
        SignInRequest req;
        req.tenantSlug = QStringLiteral("fixture");
        req.email = QStringLiteral("admin@fixture.test");
        req.password = QStringLiteral("Fixture-Passw0rd-2026");
        auto admin = ws.value()->auth().signIn(req);
        RD_VERIFY_OK(admin);
        auto report = ws.value()->verifyAudit(admin.value());
        RD_VERIFY_OK(report);
        QVERIFY(report.value().ok);
        QVERIFY(report.value().entries >= 18);
        auto hits = ws.value()->search().search(admin.value(), QStringLiteral("Brachiosaurus"), {});
        RD_VERIFY_OK(hits);
        QCOMPARE(hits.value().size(), 1);
        const QString candidate = QStringLiteral("01a24b1e-b302-73c7-8b7e-5ae7475f6da9");
        auto files = ws.value()->attachments().list(admin.value(), candidate);
        RD_VERIFY_OK(files);
        QCOMPARE(files.value().size(), 1);
        auto content = ws.value()->attachments().content(admin.value(), files.value().first().id);
        RD_VERIFY_OK(content);
        QVERIFY(content.value().startsWith("Reference letter: Zephyrine"));

        // The second open finds it encrypted and converts nothing.
        const QString backup = ws.value()->db().lastBackupPath();
        ws.value().reset();
        auto again = Workspace::open(path, o);
        RD_VERIFY_OK(again);
        QVERIFY(again.value()->db().lastBackupPath().isEmpty());
        QVERIFY(!again.value()->db().convertedOnOpen());
        int backups = 0;
        for (const QString& f : filesOf(path))
            backups += f.endsWith(QLatin1String(".bak")) ? 1 : 0;
        QCOMPARE(backups, 2); // the old one, and the one made at conversion
    }

    void aSecondConnectionReadsWhatTheFirstWrote()
    {
        // Found by test_syncui: a connection that opened the WAL while it was empty read other
        // connections' frames without decrypting them ("database disk image is malformed").
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("two.db"));
        OpenOptions options;
        options.dataKey = test::TestWorkspace::dataKey();
        auto writer = Database::open(path, options);
        RD_VERIFY_OK(writer);
        RD_VERIFY_OK(writer.value()->execRaw(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")));
        RD_VERIFY_OK(writer.value()->execRaw(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        QCOMPARE(QFileInfo(path + QStringLiteral("-wal")).size(), 0);
        QSqlDatabase reader = test::openEncrypted(path, QStringLiteral("reader"), test::TestWorkspace::dataKey());
        {
            QSqlQuery q(reader);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM t")) && q.next()); // opens the empty WAL
            QCOMPARE(q.value(0).toInt(), 0);
        }
        for (int i = 0; i < 200; ++i)
            RD_VERIFY_OK(writer.value()->change(QStringLiteral("INSERT INTO t (body) VALUES (?)"), { QString(300, QLatin1Char('x')) }));
        QVERIFY(QFileInfo(path + QStringLiteral("-wal")).size() > 0);
        {
            QSqlQuery q(reader);
            QVERIFY2(q.exec(QStringLiteral("SELECT count(*), sum(length(body)) FROM t")) && q.next(), qPrintable(q.lastError().text()));
            QCOMPARE(q.value(0).toInt(), 200);
            QCOMPARE(q.value(1).toInt(), 200 * 300);
        }
        reader.close();
        reader = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("reader"));
    }

    void bigTransactionsThatSpillTheCache()
    {
        // Found by a review: a transaction larger than the page cache rewrites WAL frames it
        // wrote before, and SQLite re-reads their checksums (8 bytes inside a frame header).
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.db"));
        auto db = Database::open(path, keyed());
        RD_VERIFY_OK(db);
        Database& d = *db.value();
        RD_VERIFY_OK(d.execRaw(QStringLiteral("PRAGMA cache_size=50")));
        RD_VERIFY_OK(d.execRaw(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")));
        for (int round = 0; round < 3; ++round) {
            Transaction tx(d);
            RD_VERIFY_OK(tx.status());
            for (int i = 0; i < 2000; ++i)
                RD_VERIFY_OK(d.change(QStringLiteral("INSERT INTO t (body) VALUES (?)"), { QString(300, QLatin1Char('a' + round)) }));
            RD_VERIFY_OK(d.change(QStringLiteral("UPDATE t SET body = body || 'y'")));
            RD_VERIFY_OK(tx.commit());
        }
        RD_VERIFY_OK(d.execRaw(QStringLiteral("CREATE INDEX t_body ON t(body)")));
        auto check = d.selectOne(QStringLiteral("PRAGMA integrity_check"));
        RD_VERIFY_OK(check);
        QCOMPARE(check.value().value(0).toString(), QStringLiteral("ok"));
        auto n = d.selectOne(QStringLiteral("SELECT count(*), min(length(body)) FROM t"));
        RD_VERIFY_OK(n);
        QCOMPARE(n.value().value(0).toInt(), 6000);
        QCOMPARE(n.value().value(1).toInt(), 301);
    }

    void statementJournalsStayInMemoryAndRollBack_data()
    {
        QTest::addColumn<bool>("encrypted");
        QTest::addColumn<int>("rows"); // of 1,000 bytes: what one UPDATE of every row journals
        QTest::addColumn<bool>("spills");
        QTest::newRow("encrypted, 2 MB journal") << true << 2000 << false;
        QTest::newRow("encrypted, 40 MB journal") << true << 40000 << true;
        QTest::newRow("plain, 2 MB journal") << false << 2000 << false;
        QTest::newRow("plain, 40 MB journal") << false << 40000 << true;
    }

    void statementJournalsStayInMemoryAndRollBack()
    {
        // A statement journal lives in memory up to 32 MB (bench_store: SQLite's own moved it to
        // a temporary file at 64 KB for the rest of the transaction, and every later statement
        // wrote there). What must hold either way: a statement that fails half way is rolled
        // back to what the transaction had, and a journal that outgrows memory is encrypted.
        QFETCH(bool, encrypted);
        QFETCH(int, rows);
        QFETCH(bool, spills);
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("sj.db")), encrypted ? keyed() : OpenOptions {});
        RD_VERIFY_OK(db);
        Database& d = *db.value();
        RD_VERIFY_OK(d.execRaw(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT CHECK (length(body) < 1010))")));
        {
            Transaction tx(d);
            RD_VERIFY_OK(tx.status());
            for (int i = 0; i < rows; ++i) // the last row is one byte from the limit: the UPDATE fails there
                RD_VERIFY_OK(d.change(QStringLiteral("INSERT INTO t (body) VALUES (?)"),
                    { QStringLiteral("Quillfeather %1 ").arg(i, 6, 10, QLatin1Char('0')).leftJustified(i + 1 == rows ? 1009 : 1000, QLatin1Char('q')) }));
            RD_VERIFY_OK(tx.commit());
        }
        Transaction tx(d);
        RD_VERIFY_OK(tx.status());
        RD_VERIFY_OK(d.change(QStringLiteral("INSERT INTO t (body) VALUES ('kept')")));
        auto failed = d.change(QStringLiteral("UPDATE t SET body = body || 'x' WHERE body <> 'kept'"));
        QVERIFY(!failed);
        // The transaction goes on with what it had before the statement.
        RD_VERIFY_OK(d.change(QStringLiteral("INSERT INTO t (body) VALUES ('also kept')")));
#ifdef Q_OS_LINUX
        // The statement journal's temporary file, while the transaction lasts (deleted on open).
        QStringList journals;
        for (const QFileInfo& fd : QDir(QStringLiteral("/proc/self/fd")).entryInfoList(QDir::System | QDir::Files | QDir::NoDotAndDotDot))
            if (fd.symLinkTarget().contains(QLatin1String("etilqs_")))
                journals << fd.absoluteFilePath();
        QCOMPARE(journals.size(), spills ? 1 : 0);
        if (spills) {
            const QByteArray bytes = rawBytes(journals.first());
            QVERIFY(bytes.size() > 32 * 1024 * 1024);
            QCOMPARE(bytes.contains("Quillfeather 000001"), !encrypted);
        }
#endif
        RD_VERIFY_OK(tx.commit());
        auto n = d.selectOne(QStringLiteral("SELECT count(*), sum(length(body)), sum(body LIKE '%x') FROM t"));
        RD_VERIFY_OK(n);
        QCOMPARE(n.value().value(0).toInt(), rows + 2);
        QCOMPARE(n.value().value(1).toLongLong(), qint64(rows - 1) * 1000 + 1009 + 4 + 9);
        QCOMPARE(n.value().value(2).toInt(), 0);
        auto check = d.selectOne(QStringLiteral("PRAGMA integrity_check"));
        RD_VERIFY_OK(check);
        QCOMPARE(check.value().value(0).toString(), QStringLiteral("ok"));
    }

    void aLargePlainFileIsConverted()
    {
        // Found by a review: VACUUM INTO an empty encrypted file may write page N before page 1
        // once its cache spills (files over about 2 MB).
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("large.db"));
        {
            auto plain = Database::open(path, {});
            RD_VERIFY_OK(plain);
            RD_VERIFY_OK(plain.value()->execRaw(QStringLiteral("CREATE TABLE cv (id INTEGER PRIMARY KEY, body TEXT)")));
            Transaction tx(*plain.value());
            for (int i = 0; i < 6000; ++i)
                RD_VERIFY_OK(plain.value()->change(QStringLiteral("INSERT INTO cv (body) VALUES (?)"),
                    { QStringLiteral("Brachiosaurus %1 ").arg(i).repeated(60) }));
            RD_VERIFY_OK(tx.commit());
        }
        QVERIFY(QFileInfo(path).size() > 8 * 1024 * 1024);
        const QString oldBackup = path + QStringLiteral(".v14-20261101000000.bak");
        QVERIFY(QFile::copy(path, oldBackup));
        auto db = Database::open(path, keyed());
        RD_VERIFY_OK(db);
        auto n = db.value()->selectOne(QStringLiteral("SELECT count(*) FROM cv WHERE body LIKE 'Brachiosaurus%'"));
        RD_VERIFY_OK(n);
        QCOMPARE(n.value().value(0).toInt(), 6000);
        for (const QString& f : filesOf(path))
            QVERIFY2(markersIn(rawBytes(f)).isEmpty(), qPrintable(f));
        QCOMPARE(cryptvfs::inspect(oldBackup), cryptvfs::FileState::Encrypted);
    }

    void aHotJournalIsRolledBackNotCalledAWrongKey()
    {
        // Found by a review: a process that died in a rollback-journal transaction left a hot
        // journal; the read-only schema probe could not roll it back and said "wrong key".
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hot.db"));
        {
            auto db = Database::open(path, keyed());
            RD_VERIFY_OK(db);
            RD_VERIFY_OK(db.value()->execRaw(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")));
            RD_VERIFY_OK(db.value()->change(QStringLiteral("INSERT INTO t (body) VALUES ('committed')")));
        }
        const QString copy = dir.filePath(QStringLiteral("copy.db"));
        {
            QSqlDatabase raw = test::openEncrypted(path, QStringLiteral("hot"), test::TestWorkspace::dataKey());
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode=DELETE")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA cache_size=10")));
            QVERIFY(q.exec(QStringLiteral("BEGIN")));
            for (int i = 0; i < 500; ++i)
                QVERIFY(q.exec(QStringLiteral("INSERT INTO t (body) VALUES ('%1')").arg(QString(500, QLatin1Char('u')))));
            // The moment a crash would freeze: pages written, the journal hot.
            QVERIFY(QFileInfo(path + QStringLiteral("-journal")).size() > 0);
            QVERIFY(QFile::copy(path, copy));
            QVERIFY(QFile::copy(path + QStringLiteral("-journal"), copy + QStringLiteral("-journal")));
            QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
            q.finish();
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("hot"));
        auto db = Database::open(copy, keyed());
        RD_VERIFY_OK(db);
        auto rows = db.value()->select(QStringLiteral("SELECT body FROM t"));
        RD_VERIFY_OK(rows);
        QCOMPARE(rows.value().size(), 1);
        QCOMPARE(rows.value().first().value(0).toString(), QStringLiteral("committed"));
    }

    void leftoversOfAnInterruptedConversionAreCleaned()
    {
        // Found by a review: a conversion killed after the swap left a plain old backup, or a
        // backup's `.plain-old` link, for good.
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        fillWithCandidates(*tw.ws, admin);
        tw.ws.reset();
        // A plain file with the same words: what an older release's backup holds.
        QTemporaryDir plainDir;
        const QString plain = plainDir.filePath(QStringLiteral("p.db"));
        {
            auto p = Database::open(plain, {});
            RD_VERIFY_OK(p);
            RD_VERIFY_OK(p.value()->execRaw(QStringLiteral("CREATE TABLE scratch (body TEXT)")));
            RD_VERIFY_OK(p.value()->change(QStringLiteral("INSERT INTO scratch VALUES ('Quillfeather of Oberammergau')")));
        }
        const QString oldBackup = tw.path + QStringLiteral(".v13-20261001000000.bak");
        const QString linked = tw.path + QStringLiteral(".v12-20260901000000.bak.plain-old");
        QVERIFY(QFile::copy(plain, oldBackup));
        QVERIFY(QFile::copy(plain, linked));
        QVERIFY(QFile::copy(plain, tw.path + QStringLiteral(".v12-20260901000000.bak.encrypting")));
        QVERIFY(!markersIn(rawBytes(oldBackup)).isEmpty());
        tw.reopen();
        QCOMPARE(cryptvfs::inspect(oldBackup), cryptvfs::FileState::Encrypted);
        QVERIFY(!QFileInfo::exists(linked));
        QVERIFY(!QFileInfo::exists(tw.path + QStringLiteral(".v12-20260901000000.bak.encrypting")));
        for (const QString& f : filesOf(tw.path))
            QVERIFY2(markersIn(rawBytes(f)).isEmpty(), qPrintable(f));
    }
};

QTEST_GUILESS_MAIN(TestEncryption)
#include "test_encryption.moc"
