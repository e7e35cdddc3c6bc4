// Database: migrations, refusal of newer schemas, backups, pragmas, threads, savepoints,
// fault injection (a crash mid-write leaves the file consistent), outbox, ids, list queries.
#include "common/ids.h"
#include "crypto/crypto.h"
#include "store/database.h"
#include "store/listquery.h"
#include "testutil.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSet>
#include <QSqlQuery>
#include <QThread>

using namespace rd;

namespace {
QByteArray fileHash(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}
} // namespace

class TestStore : public QObject {
    Q_OBJECT
private slots:
    // SQLite ends a transaction by itself on some errors (a full disk, an I/O error); the
    // statements after that are refused instead of each committing on its own while the unit
    // of work believes it is still in its transaction (a half-committed round).
    void aTransactionSQLiteEndedIsNotCarriedOn()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("lost.db")));
        RD_VERIFY_OK(db);
        Database& d = *db.value();
        RD_VERIFY_OK(d.begin());
        RD_VERIFY_OK(d.change(QStringLiteral("UPDATE sync_ctx SET capture = 0")));
        QVERIFY(d.execRaw(QStringLiteral("ROLLBACK"))); // what SQLite does on SQLITE_FULL
        auto after = d.change(QStringLiteral("UPDATE sync_ctx SET base_seq = 7"));
        QVERIFY(!after.ok());
        QCOMPARE(after.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("transaction_lost"));
        d.rollback();
        QCOMPARE(d.selectOne(QStringLiteral("SELECT capture, base_seq FROM sync_ctx")).value().value(0).toInt(), 1);
        QCOMPARE(d.selectOne(QStringLiteral("SELECT capture, base_seq FROM sync_ctx")).value().value(1).toInt(), 0);
        RD_VERIFY_OK(d.change(QStringLiteral("UPDATE sync_ctx SET base_seq = 0"))); // and it carries on
    }

    void migratesFromEmpty()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new.db"));
        auto db = Database::open(path);
        QVERIFY(db.ok());
        QCOMPARE(db.value()->schemaVersion(), Database::kSchemaVersion);
        QVERIFY(isUuid(db.value()->deviceId()));
        const QStringList expected { "meta", "tenants", "users", "roles", "role_permissions", "user_roles", "auth_codes",
            "audit_log", "audit_heads", "changes", "jobs" };
        auto tables = db.value()->select(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"));
        QVERIFY(tables.ok());
        QSet<QString> names;
        for (const auto& r : tables.value())
            names.insert(r.value(0).toString());
        for (const QString& t : expected)
            QVERIFY2(names.contains(t), qPrintable(t));
        // Every tenant-scoped table has the standard columns.
        for (const QString& t : QStringList { "users", "roles", "role_permissions", "user_roles", "auth_codes", "jobs" }) {
            auto cols = db.value()->select(QStringLiteral("SELECT name FROM pragma_table_info(?)"), { t });
            QVERIFY(cols.ok());
            QSet<QString> c;
            for (const auto& r : cols.value())
                c.insert(r.value(0).toString());
            for (const QString& col : QStringList { "tenant_id", "created_at", "updated_at", "created_by", "updated_by", "deleted_at" })
                QVERIFY2(c.contains(col), qPrintable(t + QLatin1Char('.') + col));
        }
        auto jm = db.value()->selectOne(QStringLiteral("PRAGMA journal_mode"));
        QCOMPARE(jm.value().value(0).toString(), QStringLiteral("wal"));
        auto fk = db.value()->selectOne(QStringLiteral("PRAGMA foreign_keys"));
        QCOMPARE(fk.value().value(0).toInt(), 1);
        // No backup for a brand-new file.
        QVERIFY(db.value()->lastBackupPath().isEmpty());

        // Reopening keeps the device id and does not migrate again.
        const QString device = db.value()->deviceId();
        db.value().reset();
        auto again = Database::open(path);
        QVERIFY(again.ok());
        QCOMPARE(again.value()->deviceId(), device);
        QVERIFY(again.value()->lastBackupPath().isEmpty());
    }

    void refusesNewerSchemaAndTouchesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("future.db"));
        {
            auto db = Database::open(path);
            QVERIFY(db.ok());
            QVERIFY(db.value()->execRaw(QStringLiteral("PRAGMA user_version = %1").arg(Database::kSchemaVersion + 5)).ok());
            QVERIFY(db.value()->execRaw(QStringLiteral("PRAGMA journal_mode = DELETE")).ok());
        }
        const QByteArray before = fileHash(path);
        const QStringList filesBefore = QDir(dir.path()).entryList(QDir::Files);
        auto db = Database::open(path);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, ErrorCode::SchemaTooNew);
        QVERIFY(db.error().message.contains(QLatin1String("newer")));
        QCOMPARE(db.error().details.value(QStringLiteral("schema")).toInt(), Database::kSchemaVersion + 5);
        QCOMPARE(fileHash(path), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), filesBefore);
    }

    void backsUpAnExistingFileBeforeMigrating()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.db"));
        {
            // An older file (schema 0) with content of its own.
            QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            raw.setDatabaseName(path);
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE legacy (x TEXT)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO legacy VALUES ('keep me')")));
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        auto db = Database::open(path);
        QVERIFY(db.ok());
        const QString backup = db.value()->lastBackupPath();
        QVERIFY(!backup.isEmpty());
        QVERIFY(QFile::exists(backup));
        {
            QSqlDatabase b = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bak"));
            b.setDatabaseName(backup);
            QVERIFY(b.open());
            QSqlQuery q(b);
            QVERIFY(q.exec(QStringLiteral("SELECT x FROM legacy")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("keep me"));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
            QCOMPARE(q.value(0).toInt(), 0);
            b.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("bak"));
        QCOMPARE(db.value()->schemaVersion(), Database::kSchemaVersion);
    }

    void refusesAFileThatIsNotADatabase()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.txt"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        const QByteArray before = fileHash(path);
        auto db = Database::open(path);
        QVERIFY(!db.ok());
        QCOMPARE(fileHash(path), before);
    }

    void uuidV7IsTimeOrderedAndUnique()
    {
        QSet<QString> seen;
        QString prev;
        for (int i = 0; i < 20000; ++i) {
            const QString id = newUuidV7(1'780'000'000'000);
            QVERIFY(isUuid(id));
            QCOMPARE(id.at(14), QLatin1Char('7'));
            QVERIFY(QStringLiteral("89ab").contains(id.at(19)));
            QVERIFY(id > prev);
            prev = id;
            seen.insert(id);
        }
        QCOMPARE(seen.size(), 20000);
        // The first 48 bits are the Unix time in milliseconds.
        const QString later = newUuidV7(2'000'000'000'000);
        QCOMPARE(QString(later).remove(QLatin1Char('-')).left(12),
            QString::number(2'000'000'000'000LL, 16).rightJustified(12, QLatin1Char('0')));
    }

    void connectionPerThread()
    {
        test::TestWorkspace tw;
        Database& db = tw->db();
        const QString mainName = db.connection().connectionName();
        QString otherName;
        int otherCount = -1;
        QThread* t = QThread::create([&] {
            otherName = db.connection().connectionName();
            auto r = db.selectOne(QStringLiteral("SELECT COUNT(*) FROM meta"));
            otherCount = r ? r.value().value(0).toInt() : -1;
        });
        t->start();
        t->wait();
        delete t;
        QVERIFY(!otherName.isEmpty());
        QVERIFY(otherName != mainName);
        QVERIFY(otherCount >= 2);
    }

    void nestedTransactionsUseSavepoints()
    {
        test::TestWorkspace tw;
        Database& db = tw->db();
        {
            Transaction outer(db);
            QVERIFY(outer.status().ok());
            QVERIFY(db.setMeta(QStringLiteral("a"), QStringLiteral("1")).ok());
            {
                Transaction inner(db);
                QVERIFY(inner.status().ok());
                QVERIFY(db.setMeta(QStringLiteral("b"), QStringLiteral("2")).ok());
                // inner rolls back at scope end
            }
            QVERIFY(outer.commit().ok());
        }
        QCOMPARE(db.meta(QStringLiteral("a")).value(), QStringLiteral("1"));
        QVERIFY(!db.meta(QStringLiteral("b")).ok());
        QVERIFY(!db.inTransaction());
    }

    void crashMidWriteLeavesDatabaseConsistent()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        const int users = tw.count(QStringLiteral("SELECT COUNT(*) FROM users"));
        const int audit = tw.count(QStringLiteral("SELECT COUNT(*) FROM audit_log"));
        const int changes = tw.count(QStringLiteral("SELECT COUNT(*) FROM changes"));
        const int userRoles = tw.count(QStringLiteral("SELECT COUNT(*) FROM user_roles"));
        // Fail at every statement position of a user creation in turn.
        int failuresSeen = 0;
        for (int n = 0; n < 30; ++n) {
            tw->db().failAfter(n);
            NewUser nu;
            nu.email = QStringLiteral("u%1@acme.test").arg(n);
            nu.roles = { QStringLiteral("recruiter") };
            auto r = tw->users().create(admin, nu);
            tw->db().failAfter(-1);
            if (r.ok())
                break;
            ++failuresSeen;
            QCOMPARE(r.error().code, ErrorCode::StorageError);
            QVERIFY(!tw->db().inTransaction());
            QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM users")), users);
            QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM user_roles")), userRoles);
            QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM changes")), changes);
            // The permission check's reads come first; nothing of the write may remain.
            QVERIFY(tw.count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'user.create'")) == 1);
        }
        QVERIFY(failuresSeen >= 5);
        QVERIFY(tw.count(QStringLiteral("SELECT COUNT(*) FROM users")) == users + 1);
        QVERIFY(tw.count(QStringLiteral("SELECT COUNT(*) FROM audit_log")) > audit);
        auto v = tw->audit().verify();
        QVERIFY(v.ok());
        QVERIFY2(v.value().ok, qPrintable(v.value().reason));
    }

    void everyMutationWritesOutboxRecords()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        const int before = tw.count(QStringLiteral("SELECT COUNT(*) FROM changes"));
        NewUser nu;
        nu.email = QStringLiteral("rita@acme.test");
        nu.givenName = QStringLiteral("Rita");
        nu.roles = { QStringLiteral("recruiter") };
        auto u = tw->users().create(admin, nu);
        QVERIFY(u.ok());
        auto rows = tw->db().select(QStringLiteral("SELECT device_id, dev_seq, entity, row_id, op, fields FROM outbox "
                                                   "WHERE dev_seq > ? ORDER BY dev_seq"),
            { before });
        QVERIFY(rows.ok());
        QCOMPARE(rows.value().size(), 2); // user insert + user_role insert
        QCOMPARE(rows.value()[0].value(0).toString(), tw->db().deviceId());
        QCOMPARE(rows.value()[0].value(1).toInt(), before + 1);
        QCOMPARE(rows.value()[1].value(1).toInt(), before + 2);
        QCOMPARE(rows.value()[0].value(2).toString(), QStringLiteral("users"));
        QCOMPARE(rows.value()[0].value(3).toString(), u.value().id);
        QCOMPARE(rows.value()[0].value(4).toString(), QStringLiteral("insert"));
        // An insert carries every replicated column; sign-in secrets stay on the device.
        const QJsonObject inserted = QJsonDocument::fromJson(rows.value()[0].value(5).toString().toUtf8()).object();
        QCOMPARE(inserted.value(QStringLiteral("given_name")).toString(), QStringLiteral("Rita"));
        QCOMPARE(inserted.value(QStringLiteral("email")).toString(), QStringLiteral("rita@acme.test"));
        QVERIFY(inserted.contains(QStringLiteral("deleted_at")));
        QVERIFY(!inserted.contains(QStringLiteral("password_hash")));
        QVERIFY(!inserted.contains(QStringLiteral("failed_attempts")));
        QCOMPARE(rows.value()[1].value(2).toString(), QStringLiteral("user_roles"));

        auto up = tw->users().update(admin, u.value().id, UserPatch { QStringLiteral("Margarita"), std::nullopt, std::nullopt });
        QVERIFY(up.ok());
        auto last = tw->db().selectOne(QStringLiteral("SELECT op, fields FROM changes ORDER BY dev_seq DESC LIMIT 1"));
        QCOMPARE(last.value().value(0).toString(), QStringLiteral("update"));
        // An update carries the columns whose value changed, nothing else.
        const QJsonObject updated = QJsonDocument::fromJson(last.value().value(1).toString().toUtf8()).object();
        QCOMPARE(updated.value(QStringLiteral("given_name")).toString(), QStringLiteral("Margarita"));
        QVERIFY(!updated.contains(QStringLiteral("email")));
        QVERIFY(!updated.contains(QStringLiteral("family_name")));
        // Device-local columns change without an outbox record.
        const int n = tw.count(QStringLiteral("SELECT COUNT(*) FROM changes"));
        QVERIFY(tw->db().change(QStringLiteral("UPDATE users SET failed_attempts = 3 WHERE id = ?"), { u.value().id }).ok());
        QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM changes")), n);
        // Changes applied from the server (capture off) are not recorded either.
        QVERIFY(tw->db().change(QStringLiteral("UPDATE sync_ctx SET capture = 0")).ok());
        QVERIFY(tw->db().change(QStringLiteral("UPDATE users SET given_name = 'Remote' WHERE id = ?"), { u.value().id }).ok());
        QVERIFY(tw->db().change(QStringLiteral("UPDATE sync_ctx SET capture = 1")).ok());
        QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM changes")), n);
    }

    void bulkCreateReportsBadRowsAndKeepsGoodOnes()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        const int auditBefore = tw.count(QStringLiteral("SELECT COUNT(*) FROM audit_log"));
        const QList<NewUser> rows {
            { QStringLiteral("ok1@acme.test"), QStringLiteral("One"), {}, {}, { QStringLiteral("recruiter") } },
            { QStringLiteral("not-an-email"), {}, {}, {}, {} },
            { QStringLiteral("ok2@acme.test"), {}, {}, {}, {} },
            { QStringLiteral("OK1@acme.test"), {}, {}, {}, {} }, // duplicate of row 0 after normalisation
            { QStringLiteral("ok3@acme.test"), {}, {}, {}, { QStringLiteral("no_such_role") } },
            { QStringLiteral("ok4@acme.test"), {}, {}, QStringLiteral("Some-Password-123"), {} },
            { QStringLiteral("admin@acme.test"), {}, {}, {}, {} }, // exists already
        };
        auto r = tw->users().createMany(admin, rows);
        QVERIFY(r.ok());
        QCOMPARE(r.value().size(), rows.size());
        const QList<bool> expectOk { true, false, true, false, false, false, false };
        for (int i = 0; i < rows.size(); ++i) {
            QCOMPARE(r.value()[i].row, i);
            QCOMPARE(!r.value()[i].error.has_value(), expectOk[i]);
        }
        QCOMPARE(r.value()[1].error->code, ErrorCode::ValidationFailed);
        QCOMPARE(r.value()[3].error->code, ErrorCode::Conflict);
        QCOMPARE(r.value()[6].error->code, ErrorCode::Conflict);
        QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM users")), 3);
        QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM audit_log")), auditBefore + 2);
        auto u = tw->users().get(admin, r.value()[0].id);
        QVERIFY(u.ok());
        QCOMPARE(u.value().roles, QStringList { QStringLiteral("recruiter") });
        QCOMPARE(tw->users().get(admin, r.value()[2].id).value().roles, QStringList { QStringLiteral("viewer") });
        auto v = tw->audit().verify();
        QVERIFY(v.ok() && v.value().ok);
        // One audit head per chain, matching the last entry.
        QCOMPARE(tw.count(QStringLiteral("SELECT chain_seq FROM audit_heads WHERE tenant_id = ?"), { admin.tenantId }),
            tw.count(QStringLiteral("SELECT MAX(chain_seq) FROM audit_log WHERE tenant_id = ?"), { admin.tenantId }));
        const Session viewer = tw.addUser(admin, QStringLiteral("v@acme.test"), QStringLiteral("viewer"));
        RD_VERIFY_ERROR(tw->users().createMany(viewer, rows), ErrorCode::PermissionDenied);
    }

    void cursorPaginationWithMultiFieldSort()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        for (int i = 0; i < 37; ++i) {
            NewUser nu;
            nu.email = QStringLiteral("p%1@acme.test").arg(i, 2, 10, QLatin1Char('0'));
            nu.givenName = QStringLiteral("G%1").arg(i % 4);
            nu.familyName = QStringLiteral("F%1").arg(i % 7);
            RD_VERIFY_OK(tw->users().create(admin, nu));
        }
        ListQuery q;
        q.limit = 5;
        q.sort = SortKey::parseList(QStringLiteral("given_name,-family_name"));
        QStringList seen;
        int pages = 0;
        for (;;) {
            auto page = tw->users().list(admin, q);
            QVERIFY(page.ok());
            ++pages;
            for (const User& u : page.value().items)
                seen << u.email;
            if (page.value().nextCursor.isEmpty())
                break;
            q.cursor = page.value().nextCursor;
        }
        QCOMPARE(seen.size(), 38);
        QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), 38);
        QCOMPARE(pages, 8);
        // Same order as one big query.
        ListQuery all;
        all.limit = 100;
        all.sort = q.sort;
        auto one = tw->users().list(admin, all);
        QVERIFY(one.ok());
        QStringList expected;
        for (const User& u : one.value().items)
            expected << u.email;
        QCOMPARE(seen, expected);
        for (int i = 1; i < one.value().items.size(); ++i) {
            const User& a = one.value().items[i - 1];
            const User& b = one.value().items[i];
            QVERIFY(a.givenName < b.givenName || (a.givenName == b.givenName && a.familyName >= b.familyName));
        }
    }

    void filtersAndWhitelist()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        for (const QString& e : QStringList { "ann@acme.test", "bob@acme.test", "cat@acme.test" }) {
            NewUser nu;
            nu.email = e;
            RD_VERIFY_OK(tw->users().create(admin, nu));
        }
        auto count = [&](const QStringList& filters) {
            ListQuery q;
            for (const QString& f : filters)
                q.filters << Filter::parse(f).value();
            auto r = tw->users().list(admin, q);
            return r.ok() ? int(r.value().items.size()) : -1;
        };
        QCOMPARE(count({ "email:eq:bob@acme.test" }), 1);
        QCOMPARE(count({ "email:ne:bob@acme.test" }), 3);
        QCOMPARE(count({ "email:in:ann@acme.test,cat@acme.test" }), 2);
        QCOMPARE(count({ "email:like:acme" }), 4);
        QCOMPARE(count({ "email:like:%" }), 0); // like is a literal substring
        QCOMPARE(count({ "email:gt:b" }), 2);
        QCOMPARE(count({ "email:lt:b" }), 2);
        QCOMPARE(count({ "active:eq:true", "email:like:a" }), 4);
        QCOMPARE(count({ "active:eq:false" }), 0);

        ListQuery bad;
        bad.filters << Filter { QStringLiteral("password_hash"), Filter::Op::Eq, { QStringLiteral("x") } };
        RD_VERIFY_ERROR(tw->users().list(admin, bad), ErrorCode::ValidationFailed);
        ListQuery badSort;
        badSort.sort = SortKey::parseList(QStringLiteral("password_hash"));
        RD_VERIFY_ERROR(tw->users().list(admin, badSort), ErrorCode::ValidationFailed);
        ListQuery badCursor;
        badCursor.cursor = QStringLiteral("not-a-cursor");
        RD_VERIFY_ERROR(tw->users().list(admin, badCursor), ErrorCode::ValidationFailed);
        ListQuery badLimit;
        badLimit.limit = 100000;
        RD_VERIFY_ERROR(tw->users().list(admin, badLimit), ErrorCode::ValidationFailed);
        RD_VERIFY_ERROR(Filter::parse(QStringLiteral("email:regex:x")), ErrorCode::ValidationFailed);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "test_store.moc"
