// Sync survives real life (issue 20), end to end with the real binaries: recruitdesk-server
// serving from the fixture's PostgreSQL in its own process, laptops as recruitdesk-cli runs on
// their own workspace files. The scenarios a new user met:
// - a laptop erases a candidate it made offline before sending it (a gap in its change numbers)
//   and a stale colleague syncs after: nothing of the colleague's older copy beats newer values;
// - a laptop restored from a backup of its workspace file carries on (as a new device) and its
//   work reaches colleagues;
// - the same refresh arriving twice, even at once, never ends the sign-in;
// - the server's database restored from an older pg_dump: the admin runs `recruitdesk-server
//   restored` and the laptops re-send what it lost without overwriting anything newer.
#include "servertest.h"

#include <QDir>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTcpServer>

using namespace rd;

class TestSyncRealLife : public QObject, public test::ServerFixture {
    Q_OBJECT

    const QString cli = QStringLiteral(RD_CLI_PATH), serverBin = QStringLiteral(RD_SERVER_PATH);
    QTemporaryDir dir;
    QString pgUrl;
    quint16 port = 0;
    std::unique_ptr<QProcess> server;

    struct Run {
        int exit = -1;
        QString out; // stdout and stderr
        QString stdOut;
        QJsonObject json() const { return QJsonDocument::fromJson(stdOut.toUtf8()).object(); }
        QJsonArray array() const { return QJsonDocument::fromJson(stdOut.toUtf8()).array(); }
    };
    Run run(const QString& program, const QStringList& args, const QString& password = test::kAdminPassword)
    {
        QProcess p;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("RECRUITDESK_KEYCHAIN"), QStringLiteral("off"));
        e.insert(QStringLiteral("RECRUITDESK_KEY_PASSPHRASE"), QStringLiteral("real life"));
        e.insert(QStringLiteral("RECRUITDESK_PASSWORD"), password);
        p.setProcessEnvironment(e);
        p.start(program, args);
        if (!p.waitForFinished(120000)) p.kill();
        const QByteArray out = p.readAllStandardOutput();
        return { p.exitCode(), QString::fromUtf8(out + p.readAllStandardError()), QString::fromUtf8(out) };
    }
    Run laptop(const QString& db, QStringList args)
    {
        return run(cli, QStringList { QStringLiteral("--db"), dir.filePath(db), QStringLiteral("--user"), email() } + args);
    }
    QString email() const { return QStringLiteral("boss@life.test"); }

    bool startServer(const QString& url)
    {
        stopServer();
        pgUrl = url;
        if (port == 0) {
            QTcpServer probe;
            if (!probe.listen(QHostAddress::LocalHost)) return false;
            port = probe.serverPort();
        }
        server = std::make_unique<QProcess>();
        server->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server->setStandardOutputFile(dir.filePath(QStringLiteral("server.log")), QIODevice::Append);
        server->start(serverBin,
            { QStringLiteral("--pg"), url, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                QStringLiteral("serve") });
        for (int i = 0; i < 100; ++i) {
            if (request("GET", port, QStringLiteral("/health")).status == 200) return true;
            QThread::msleep(100);
        }
        return false;
    }
    void stopServer()
    {
        if (!server) return;
        server->terminate();
        if (!server->waitForFinished(15000)) server->kill();
        server.reset();
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port); }

    // A fresh server database, migrated, with tenant "life" and its admin, served.
    bool freshTeam()
    {
        const QString db = freshDatabase();
        if (run(serverBin, { QStringLiteral("--pg"), db, QStringLiteral("migrate") }).exit != 0) return false;
        const Run t = run(serverBin,
            { QStringLiteral("--pg"), db, QStringLiteral("tenant"), QStringLiteral("create"), QStringLiteral("--name"),
                QStringLiteral("Life"), QStringLiteral("--admin-email"), email() });
        if (t.exit != 0) {
            qWarning().noquote() << t.out;
            return false;
        }
        return startServer(db);
    }
    bool join(const QString& db)
    {
        const Run j = run(cli,
            { QStringLiteral("--db"), dir.filePath(db), QStringLiteral("join"), QStringLiteral("--server"), url(),
                QStringLiteral("--tenant"), QStringLiteral("life"), QStringLiteral("--email"), email() });
        if (j.exit != 0) qWarning().noquote() << j.out;
        return j.exit == 0;
    }
    QString addCandidate(const QString& db, const QString& first, const QString& last)
    {
        const Run r = laptop(db,
            { QStringLiteral("--json"), QStringLiteral("candidate"), QStringLiteral("add"), QStringLiteral("--first-name"),
                first, QStringLiteral("--last-name"), last, QStringLiteral("--email"),
                first.toLower() + QStringLiteral("@cand.test") });
        if (r.exit != 0) qWarning().noquote() << r.out;
        return r.json().value(QStringLiteral("id")).toString();
    }
    QJsonObject show(const QString& db, const QString& id)
    {
        return laptop(db, { QStringLiteral("--json"), QStringLiteral("candidate"), QStringLiteral("show"), id }).json();
    }
    Run sync(const QString& db) { return laptop(db, { QStringLiteral("--json"), QStringLiteral("sync") }); }
    // A copy of a closed workspace file, as a backup tool takes it (with its WAL, if any).
    static bool copyFile(const QString& from, const QString& to)
    {
        for (const char* suffix : { "", "-wal", "-shm" }) {
            const QString f = from + QLatin1String(suffix), t = to + QLatin1String(suffix);
            QFile::remove(t);
            if (QFile::exists(f) && !QFile::copy(f, t)) return false;
        }
        return true;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(loadBaseUrl(), "RD_PG_INFO names no fixture cluster (run through ctest)");
        QVERIFY(dir.isValid());
    }
    void cleanupTestCase() { stopServer(); }

    // Laptop A erases (GDPR) a candidate it made offline before it was ever sent: a gap in its
    // change numbers. B, stale, syncs after: no new timeline, nothing re-sent, and B's old
    // last name (edited offline, before it saw A's) does not beat A's newer one; it is B's
    // conflict to look at. B's edit of another field goes through.
    void erasureGapAndAStaleLaptop()
    {
        QVERIFY(freshTeam());
        QVERIFY(join(QStringLiteral("gap-a.db")));
        const QString ann = addCandidate(QStringLiteral("gap-a.db"), QStringLiteral("Ann"), QStringLiteral("Original"));
        QVERIFY(!ann.isEmpty());
        QCOMPARE(sync(QStringLiteral("gap-a.db")).exit, 0);
        QVERIFY(join(QStringLiteral("gap-b.db")));
        QCOMPARE(show(QStringLiteral("gap-b.db"), ann).value(QStringLiteral("last_name")).toString(), QStringLiteral("Original"));

        // B goes offline and edits Ann.
        QCOMPARE(laptop(QStringLiteral("gap-b.db"),
                     { QStringLiteral("candidate"), QStringLiteral("update"), ann, QStringLiteral("--set"),
                         QStringLiteral("last_name=Stale"), QStringLiteral("--set"), QStringLiteral("headline=Met at the fair") })
                     .exit,
            0);
        // A renames Ann, makes a candidate and erases it before syncing, then syncs.
        QCOMPARE(laptop(QStringLiteral("gap-a.db"),
                     { QStringLiteral("candidate"), QStringLiteral("update"), ann, QStringLiteral("--set"),
                         QStringLiteral("last_name=Newer") })
                     .exit,
            0);
        const QString temp = addCandidate(QStringLiteral("gap-a.db"), QStringLiteral("Tempo"), QStringLiteral("Secretname"));
        QVERIFY(!temp.isEmpty());
        const Run erased = laptop(QStringLiteral("gap-a.db"), { QStringLiteral("gdpr"), QStringLiteral("erase"),
                                                                  QStringLiteral("--candidate"), temp });
        QVERIFY2(erased.exit == 0, qPrintable(erased.out));
        const Run a1 = sync(QStringLiteral("gap-a.db"));
        QVERIFY2(a1.exit == 0, qPrintable(a1.out));
        QCOMPARE(a1.json().value(QStringLiteral("repulled")).toBool(), false);
        // The erased candidate's tombstones (rows the server never had) are no refusals.
        QVERIFY2(a1.json().value(QStringLiteral("refused")).toInt() == 0,
            qPrintable(laptop(QStringLiteral("gap-a.db"), { QStringLiteral("--json"), QStringLiteral("conflicts"), QStringLiteral("list") }).stdOut));

        const Run b1 = sync(QStringLiteral("gap-b.db"));
        QVERIFY2(b1.exit == 0, qPrintable(b1.out));
        QCOMPARE(b1.json().value(QStringLiteral("repulled")).toBool(), false); // no new timeline
        QCOMPARE(b1.json().value(QStringLiteral("renewed")).toBool(), false);
        QCOMPARE(sync(QStringLiteral("gap-a.db")).exit, 0);
        for (const QString& db : { QStringLiteral("gap-a.db"), QStringLiteral("gap-b.db") }) {
            const QJsonObject c = show(db, ann);
            QCOMPARE(c.value(QStringLiteral("last_name")).toString(), QStringLiteral("Newer"));
            QCOMPARE(c.value(QStringLiteral("headline")).toString(), QStringLiteral("Met at the fair"));
        }
        // B's value is its conflict, not lost.
        const Run conflicts = laptop(QStringLiteral("gap-b.db"), { QStringLiteral("--json"), QStringLiteral("conflicts"), QStringLiteral("list") });
        QVERIFY2(conflicts.out.contains(QLatin1String("\"Stale\"")) || conflicts.out.contains(QLatin1String("Stale")),
            qPrintable(conflicts.out));
        // Nothing of the erased candidate anywhere on the server.
        server::PgDatabase db(server::PgUrl::parse(pgUrl).value());
        for (const char* table : { "changes", "entity_state", "conflicts" }) {
            auto n = db.select(QStringLiteral("SELECT count(*) FROM %1 WHERE tenant_id = (SELECT id FROM tenants WHERE slug = "
                                              "'life') AND %2::text LIKE '%Secretname%'")
                                   .arg(QLatin1String(table),
                                       QLatin1String(strcmp(table, "conflicts") == 0 ? "losing_value" : "fields")));
            // (The tenant wall hides rows from a session without a tenant: count through the owner.)
            if (n.ok()) QCOMPARE(n.value().first().value(0).toInt(), 0);
        }
    }

    // A laptop restored from a backup of its workspace file: its sign-in in the file was used
    // since (the server ends it: sign in again), then it carries on as a new device; the work
    // done after the restore reaches colleagues, what the server had is not overwritten, and the
    // user is told what happened. Every audit chain on the server verifies.
    void restoredLaptopCarriesOn()
    {
        QVERIFY(freshTeam());
        QVERIFY(join(QStringLiteral("r-a.db")));
        const QString x = addCandidate(QStringLiteral("r-a.db"), QStringLiteral("Xena"), QStringLiteral("Before"));
        QCOMPARE(sync(QStringLiteral("r-a.db")).exit, 0);
        QVERIFY(join(QStringLiteral("r-b.db")));
        // The backup.
        QVERIFY(copyFile(dir.filePath(QStringLiteral("r-a.db")), dir.filePath(QStringLiteral("r-a.backup"))));
        // Work after the backup reaches the server.
        QCOMPARE(laptop(QStringLiteral("r-a.db"),
                     { QStringLiteral("candidate"), QStringLiteral("update"), x, QStringLiteral("--set"),
                         QStringLiteral("headline=After the backup") })
                     .exit,
            0);
        const QString y = addCandidate(QStringLiteral("r-a.db"), QStringLiteral("Yuri"), QStringLiteral("Lost"));
        QCOMPARE(sync(QStringLiteral("r-a.db")).exit, 0);
        QCOMPARE(sync(QStringLiteral("r-b.db")).exit, 0);
        // The disk dies; the backup comes back; work goes on there.
        QVERIFY(copyFile(dir.filePath(QStringLiteral("r-a.backup")), dir.filePath(QStringLiteral("r-a.db"))));
        const QString z = addCandidate(QStringLiteral("r-a.db"), QStringLiteral("Zora"), QStringLiteral("Restored"));
        QVERIFY(!z.isEmpty());
        QCOMPARE(laptop(QStringLiteral("r-a.db"),
                     { QStringLiteral("candidate"), QStringLiteral("update"), x, QStringLiteral("--set"),
                         QStringLiteral("location=Leipzig") })
                     .exit,
            0);
        Run first = sync(QStringLiteral("r-a.db"));
        if (first.exit != 0) {
            // The sign-in in the file was used after the backup: ended, sign in again.
            QVERIFY2(first.out.contains(QLatin1String("auth_failed")), qPrintable(first.out));
            const Run login = laptop(QStringLiteral("r-a.db"), { QStringLiteral("sync"), QStringLiteral("login") });
            QVERIFY2(login.exit == 0, qPrintable(login.out));
            first = sync(QStringLiteral("r-a.db"));
        }
        QVERIFY2(first.exit == 0, qPrintable(first.out));
        QVERIFY2(first.json().value(QStringLiteral("renewed")).toBool(), qPrintable(first.out));
        QVERIFY(first.json().value(QStringLiteral("notice")).toString().contains(QLatin1String("restored from a backup")));
        const Run status = laptop(QStringLiteral("r-a.db"), { QStringLiteral("--json"), QStringLiteral("sync"), QStringLiteral("status") });
        QVERIFY2(status.json().value(QStringLiteral("notice")).toString().contains(QLatin1String("new device")), qPrintable(status.out));
        QCOMPARE(status.json().value(QStringLiteral("pending")).toInt(), 0);
        const Run again = sync(QStringLiteral("r-a.db"));
        QVERIFY2(again.exit == 0, qPrintable(again.out));
        QCOMPARE(again.json().value(QStringLiteral("renewed")).toBool(), false);
        QCOMPARE(sync(QStringLiteral("r-b.db")).exit, 0);
        QCOMPARE(sync(QStringLiteral("r-a.db")).exit, 0);
        for (const QString& db : { QStringLiteral("r-a.db"), QStringLiteral("r-b.db") }) {
            QCOMPARE(show(db, z).value(QStringLiteral("last_name")).toString(), QStringLiteral("Restored"));
            QCOMPARE(show(db, y).value(QStringLiteral("last_name")).toString(), QStringLiteral("Lost")); // came back
            const QJsonObject c = show(db, x);
            QCOMPARE(c.value(QStringLiteral("headline")).toString(), QStringLiteral("After the backup"));
            QCOMPARE(c.value(QStringLiteral("location")).toString(), QStringLiteral("Leipzig"));
        }
        // The server: the old device and its successor, every chain intact.
        const Run verify = run(serverBin, { QStringLiteral("--pg"), pgUrl, QStringLiteral("audit"), QStringLiteral("verify") });
        QVERIFY2(verify.exit == 0, qPrintable(verify.out));
        const Run devices = run(serverBin, { QStringLiteral("--pg"), pgUrl, QStringLiteral("device"), QStringLiteral("list") });
        QVERIFY2(devices.exit == 0, qPrintable(devices.out));
        QCOMPARE(devices.array().size(), 3);
        // Revoking the laptop's old device revokes the device it carries on as, too.
        QString old;
        for (const QJsonValue& d : devices.array())
            if (!d.toObject().value(QStringLiteral("predecessor")).toString().isEmpty())
                old = d.toObject().value(QStringLiteral("predecessor")).toString();
        QVERIFY(!old.isEmpty());
        const Run revoked = run(serverBin, { QStringLiteral("--pg"), pgUrl, QStringLiteral("device"), QStringLiteral("revoke"), old });
        QVERIFY2(revoked.exit == 0, qPrintable(revoked.out));
        const Run refused = sync(QStringLiteral("r-a.db"));
        QVERIFY(refused.exit != 0);
        QVERIFY2(refused.out.contains(QLatin1String("revoked")), qPrintable(refused.out));
    }

    // The same refresh request (same retry key) twice at the same moment: both answered, the
    // sign-in lives on, also when a copy arrives late; another reuse of a spent token ends it.
    void duplicatedRefresh()
    {
        QVERIFY(freshTeam());
        const test::Http login = post(port, QStringLiteral("/v1/auth/login"),
            { { QStringLiteral("tenant"), QStringLiteral("life") }, { QStringLiteral("email"), email() },
                { QStringLiteral("password"), test::kAdminPassword } });
        QCOMPARE(login.status, 200);
        // An access token alone never makes a lasting device: the device's refresh token is asked
        // for, and only a device the server found restored or copied may carry on as a successor.
        const test::Http bare = post(port, QStringLiteral("/v1/sync/successor"),
            { { QStringLiteral("device_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) } },
            login.json().value(QStringLiteral("access_token")).toString());
        QCOMPARE(bare.status, 401);
        QCOMPARE(bare.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("reason")).toString(),
            QStringLiteral("refresh_token_required"));
        const test::Http successor = post(port, QStringLiteral("/v1/sync/successor"),
            { { QStringLiteral("device_id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
                { QStringLiteral("refresh_token"), login.json().value(QStringLiteral("refresh_token")).toString() } },
            login.json().value(QStringLiteral("access_token")).toString());
        QCOMPARE(successor.status, 409);
        QCOMPARE(successor.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("reason")).toString(),
            QStringLiteral("renewal_not_due"));
        QString token = login.json().value(QStringLiteral("refresh_token")).toString();
        auto send = [&](const QString& refresh, const QString& key) {
            QNetworkAccessManager own;
            QNetworkRequest req(QUrl(url() + QStringLiteral("/v1/auth/refresh")));
            req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            QNetworkReply* reply = own.post(req,
                QJsonDocument(QJsonObject { { QStringLiteral("refresh_token"), refresh }, { QStringLiteral("retry_key"), key } })
                    .toJson(QJsonDocument::Compact));
            QEventLoop loop;
            connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            loop.exec();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
            reply->deleteLater();
            return std::make_pair(status, o.value(QStringLiteral("refresh_token")).toString());
        };
        QString spent;
        const QString first = token;
        for (int round = 0; round < 10; ++round) {
            // Two copies of one exchange, sent at once from two threads.
            const QString key = QStringLiteral("retry-%1").arg(round);
            auto f1 = QtConcurrent::run([&] { return send(token, key); }), f2 = QtConcurrent::run([&] { return send(token, key); });
            const auto r1 = f1.result(), r2 = f2.result();
            QCOMPARE(r1.first, 200);
            QCOMPARE(r2.first, 200);
            spent = token;
            token = round % 2 ? r1.second : r2.second; // either pair works; the first used retires the other
        }
        // The very first exchange delivered once more, late (a duplicate the network held back):
        // answered before, it ends nothing.
        QCOMPARE(send(first, QStringLiteral("retry-0")).first, 401);
        QCOMPARE(send(token, QStringLiteral("next")).first, 200);
        // Any other reuse of a spent token still ends the sign-in.
        QCOMPARE(send(spent, QStringLiteral("another key")).first, 401);
        QCOMPARE(send(token, QStringLiteral("next")).first, 401);
    }

    // The server's database restored from an older pg_dump: laptops that saw more are told to
    // wait (nothing moves the timeline), the admin runs `recruitdesk-server restored`, the laptops
    // re-send what was lost, and a value changed after the restore is not overwritten.
    void restoredServer()
    {
        QVERIFY(freshTeam());
        QVERIFY(join(QStringLiteral("s-a.db")));
        QVERIFY(join(QStringLiteral("s-b.db")));
        const QString x = addCandidate(QStringLiteral("s-a.db"), QStringLiteral("Xaver"), QStringLiteral("Dumped"));
        QCOMPARE(sync(QStringLiteral("s-a.db")).exit, 0);
        QCOMPARE(sync(QStringLiteral("s-b.db")).exit, 0);
        QString bin;
        for (int v = 20; v >= 13 && bin.isEmpty(); --v)
            if (QFile::exists(QStringLiteral("/usr/lib/postgresql/%1/bin/pg_dump").arg(v)))
                bin = QStringLiteral("/usr/lib/postgresql/%1/bin/").arg(v);
        QVERIFY2(!bin.isEmpty(), "pg_dump not found");
        const QString dump = dir.filePath(QStringLiteral("nightly.dump"));
        // As the cluster's superuser, as docs/server-admin.md says: row-level security hides the
        // tenants' rows from every other role, the owner included.
        auto asSuperuser = [](QString url) { return url.replace(QStringLiteral("postgresql://rdapp@"), QStringLiteral("postgresql://rd@")); };
        const Run dumped = run(bin + QStringLiteral("pg_dump"), { QStringLiteral("-Fc"), QStringLiteral("-f"), dump, QStringLiteral("-d"), asSuperuser(pgUrl) });
        QVERIFY2(dumped.exit == 0, qPrintable(dumped.out));
        // A day's work after the dump.
        const QString lost = addCandidate(QStringLiteral("s-a.db"), QStringLiteral("Lotte"), QStringLiteral("AfterDump"));
        QCOMPARE(laptop(QStringLiteral("s-a.db"),
                     { QStringLiteral("candidate"), QStringLiteral("update"), x, QStringLiteral("--set"),
                         QStringLiteral("headline=From the lost day") })
                     .exit,
            0);
        QCOMPARE(sync(QStringLiteral("s-a.db")).exit, 0);
        QCOMPARE(sync(QStringLiteral("s-b.db")).exit, 0);
        // Disaster: the database is restored from the dump into a new one, the server pointed at it.
        stopServer();
        const QString restored = freshDatabase();
        const Run rs = run(bin + QStringLiteral("pg_restore"), { QStringLiteral("-d"), asSuperuser(restored), dump });
        QVERIFY2(rs.exit == 0, qPrintable(rs.out));
        QVERIFY(startServer(restored));
        // Sign-ins renewed after the dump are gone with it: the laptops sign in again.
        Run early = sync(QStringLiteral("s-b.db"));
        QVERIFY2(early.exit != 0 && early.out.contains(QLatin1String("auth_failed")), qPrintable(early.out));
        for (const QString& db : { QStringLiteral("s-a.db"), QStringLiteral("s-b.db") }) {
            const Run login = laptop(db, { QStringLiteral("sync"), QStringLiteral("login") });
            QVERIFY2(login.exit == 0, qPrintable(login.out));
        }
        early = sync(QStringLiteral("s-b.db"));
        QVERIFY(early.exit != 0);
        QVERIFY2(early.out.contains(QLatin1String("recruitdesk-server restored")), qPrintable(early.out));
        // The runbook's one command.
        stopServer();
        const Run marked = run(serverBin, { QStringLiteral("--pg"), restored, QStringLiteral("restored") });
        QVERIFY2(marked.exit == 0, qPrintable(marked.out));
        QVERIFY(startServer(restored));
        // B comes back first and changes X's headline: newer than anything re-sent.
        const Run b = sync(QStringLiteral("s-b.db"));
        QVERIFY2(b.exit == 0, qPrintable(b.out));
        QCOMPARE(b.json().value(QStringLiteral("repulled")).toBool(), true);
        QCOMPARE(laptop(QStringLiteral("s-b.db"),
                     { QStringLiteral("candidate"), QStringLiteral("update"), x, QStringLiteral("--set"),
                         QStringLiteral("headline=After the restore") })
                     .exit,
            0);
        QCOMPARE(sync(QStringLiteral("s-b.db")).exit, 0);
        const Run a = sync(QStringLiteral("s-a.db"));
        QVERIFY2(a.exit == 0, qPrintable(a.out));
        QCOMPARE(sync(QStringLiteral("s-b.db")).exit, 0);
        QCOMPARE(sync(QStringLiteral("s-a.db")).exit, 0);
        for (const QString& db : { QStringLiteral("s-a.db"), QStringLiteral("s-b.db") }) {
            QCOMPARE(show(db, lost).value(QStringLiteral("last_name")).toString(), QStringLiteral("AfterDump"));
            QCOMPARE(show(db, x).value(QStringLiteral("headline")).toString(), QStringLiteral("After the restore"));
        }
        const Run check = run(serverBin, { QStringLiteral("--pg"), restored, QStringLiteral("backup-check") });
        QVERIFY2(check.exit == 0, qPrintable(check.out));
    }
};

QTEST_GUILESS_MAIN(TestSyncRealLife)
#include "test_syncreallife.moc"
