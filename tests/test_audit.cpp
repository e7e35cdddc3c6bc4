// The audit chain: every mutation is audited in its transaction; editing, deleting,
// reordering or truncating entries directly in the SQLite file is caught by verify().
#include "common/json.h"
#include "testutil.h"

#include <QJsonArray>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

using namespace rd;

namespace {
// Direct access to the file, as an attacker with the file would have.
struct RawFile {
    QString name;
    explicit RawFile(const QString& path)
        : name(QStringLiteral("raw-%1").arg(quintptr(this)))
    {
        test::openEncrypted(path, name, test::TestWorkspace::dataKey());
    }
    ~RawFile()
    {
        QSqlDatabase::database(name).close();
        QSqlDatabase::removeDatabase(name);
    }
    bool exec(const QString& sql)
    {
        QSqlQuery q(QSqlDatabase::database(name));
        const bool ok = q.exec(sql);
        if (!ok)
            lastError = q.lastError().text();
        return ok;
    }
    QString lastError;
};
} // namespace

class TestAudit : public QObject {
    Q_OBJECT

    std::unique_ptr<test::TestWorkspace> tw;
    Session admin;

    // A workspace with a dozen audited actions.
    void populate()
    {
        tw = std::make_unique<test::TestWorkspace>();
        admin = tw->createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        for (int i = 0; i < 4; ++i) {
            NewUser nu;
            nu.email = QStringLiteral("u%1@acme.test").arg(i);
            nu.roles = { QStringLiteral("recruiter") };
            RD_VERIFY_OK((*tw)->users().create(admin, nu));
        }
        RD_VERIFY_OK((*tw)->roles().create(admin, QStringLiteral("sourcer"), QStringLiteral("Finds people"),
            { QStringLiteral("candidate.read") }));
        auto v = (*tw)->audit().verify();
        QVERIFY(v.ok() && v.value().ok);
    }

private slots:
    void init() { populate(); }
    void cleanup() { tw.reset(); }

    void mutationsAreAuditedWithoutSecrets()
    {
        auto page = (*tw)->audit().list(admin.tenantId, ListQuery { {}, {}, 500, {} });
        QVERIFY(page.ok());
        QStringList actions;
        for (const AuditEntry& e : page.value().items) {
            actions << e.action;
            QCOMPARE(e.tenantId, admin.tenantId);
            QCOMPARE(e.deviceId, (*tw)->db().deviceId());
            QVERIFY(!e.correlationId.isEmpty());
            QCOMPARE(e.hash.size(), 64);
            const QString diff = QString::fromUtf8(QJsonDocument(e.diff).toJson());
            QVERIFY2(!diff.contains(QLatin1String("$argon2id$")), qPrintable(diff));
        }
        QVERIFY(actions.contains(QStringLiteral("tenant.create")));
        QCOMPARE(actions.count(QStringLiteral("user.create")), 5);
        QVERIFY(actions.contains(QStringLiteral("role.create")));
        QVERIFY(actions.contains(QStringLiteral("auth.sign_in")));
    }

    void triggersRefuseUpdateAndDelete()
    {
        RawFile raw(tw->path);
        QVERIFY(!raw.exec(QStringLiteral("UPDATE audit_log SET action = 'x' WHERE seq = 2")));
        QVERIFY(raw.lastError.contains(QLatin1String("append-only")));
        QVERIFY(!raw.exec(QStringLiteral("DELETE FROM audit_log WHERE seq = 2")));
        auto v = (*tw)->audit().verify();
        QVERIFY(v.ok() && v.value().ok);
    }

    void verifyCatchesEditedRow()
    {
        {
            RawFile raw(tw->path);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE audit_log SET diff = '{\"email\":\"attacker@evil.test\"}' WHERE seq = 6")));
        }
        auto v = (*tw)->audit().verify();
        QVERIFY(v.ok());
        QVERIFY(!v.value().ok);
        QCOMPARE(v.value().rowSeq, qint64(6));
        QVERIFY(v.value().reason.contains(QLatin1String("edited")));
    }

    void verifyCatchesDeletedRow()
    {
        {
            RawFile raw(tw->path);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER audit_log_no_delete")));
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM audit_log WHERE seq = 4")));
        }
        auto v = (*tw)->audit().verify();
        QVERIFY(v.ok());
        QVERIFY(!v.value().ok);
        QCOMPARE(v.value().rowSeq, qint64(5)); // the link after the gap
        QCOMPARE(v.value().chainSeq, qint64(5));
        QVERIFY(v.value().reason.contains(QLatin1String("deleted")));
    }

    void verifyCatchesSwappedRows()
    {
        {
            // Swap two entries' positions (their physical order), keeping each row intact.
            RawFile raw(tw->path);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE audit_log SET seq = -1 WHERE seq = 7")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE audit_log SET seq = 7 WHERE seq = 8")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE audit_log SET seq = 8 WHERE seq = -1")));
        }
        auto v = (*tw)->audit().verify();
        QVERIFY(v.ok());
        QVERIFY(!v.value().ok);
        QCOMPARE(v.value().rowSeq, qint64(7));
        QVERIFY(v.value().reason.contains(QLatin1String("reordered")));
    }

    void verifyCatchesSwappedContent()
    {
        {
            // Swap the chain positions of two entries (their chain_seq values).
            RawFile raw(tw->path);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE audit_log SET chain_seq = -1 WHERE seq = 9")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE audit_log SET chain_seq = 9 WHERE seq = 10")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE audit_log SET chain_seq = 10 WHERE seq = 9")));
        }
        auto v = (*tw)->audit().verify();
        QVERIFY(v.ok());
        QVERIFY(!v.value().ok);
        QCOMPARE(v.value().rowSeq, qint64(9));
    }

    void verifyCatchesTruncatedTail()
    {
        const int last = tw->count(QStringLiteral("SELECT MAX(seq) FROM audit_log"));
        {
            RawFile raw(tw->path);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER audit_log_no_delete")));
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM audit_log WHERE seq = %1").arg(last)));
        }
        auto v = (*tw)->audit().verify();
        QVERIFY(v.ok());
        QVERIFY(!v.value().ok);
        QVERIFY(v.value().reason.contains(QLatin1String("end")));
    }

    void verifyCatchesRecomputedSingleHash()
    {
        // An attacker who edits a row and recomputes its own hash still breaks the next link.
        auto rows = (*tw)->db().select(QStringLiteral("SELECT id FROM audit_log WHERE seq = 3"));
        QVERIFY(rows.ok());
        auto page = (*tw)->audit().list(admin.tenantId, ListQuery { { Filter { QStringLiteral("seq"), Filter::Op::Eq, { 3 } } }, {}, 5, {} });
        QVERIFY(page.ok() && page.value().items.size() == 1);
        AuditEntry e = page.value().items.first();
        e.diff.insert(QStringLiteral("name"), QStringLiteral("forged"));
        const QString forgedHash = AuditLog::computeHash(e);
        {
            RawFile raw(tw->path);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE audit_log SET diff = '%1', hash = '%2' WHERE seq = 3")
                                 .arg(QString::fromUtf8(QJsonDocument(e.diff).toJson(QJsonDocument::Compact)), forgedHash)));
        }
        auto v = (*tw)->audit().verify();
        QVERIFY(v.ok());
        QVERIFY(!v.value().ok);
        QCOMPARE(v.value().rowSeq, qint64(4));
        QVERIFY(v.value().reason.contains(QLatin1String("previous-hash")));
    }

    void canonicalWriterMatchesCanonicalJson()
    {
        const QString tricky = QStringLiteral("quote\" back\\ nl\n tab\t ctl\u0001 ümlaut 𝕏 <>&");
        const QJsonObject o { { QStringLiteral("active"), true }, { QStringLiteral("count"), 42 },
            { QStringLiteral("email"), tricky }, { QStringLiteral("list"), QJsonArray { QStringLiteral("a"), 1, false } },
            { QStringLiteral("zeta"), QString() } };
        QByteArray list = "[";
        appendCanonicalString(list, QStringLiteral("a"));
        list += ",1,false]";
        const QByteArray direct = CanonicalObject()
                                      .add("active", true)
                                      .add("count", qint64(42))
                                      .add("email", tricky)
                                      .addJson("list", list)
                                      .add("zeta", QString())
                                      .finish();
        QCOMPARE(direct, canonicalJson(o));
        // Canonical bytes parse back to the same object and re-serialise identically.
        QCOMPARE(canonicalJson(QJsonDocument::fromJson(direct).object()), direct);
        QVERIFY(direct.contains("\\u0001"));
        QVERIFY(direct.contains("\\n"));
    }

    void chainsArePerTenant()
    {
        const Session other = tw->createTenant(QStringLiteral("Other"), QStringLiteral("other"));
        auto v = (*tw)->audit().verify();
        QVERIFY(v.ok() && v.value().ok);
        QCOMPARE(v.value().chains, 2);
        auto mine = (*tw)->audit().verify(other.tenantId);
        QVERIFY(mine.ok() && mine.value().ok);
        QCOMPARE(mine.value().chains, 1);
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "test_audit.moc"
