// The sync server's foundation against a real PostgreSQL (the pgfixture cluster): numbered
// migrations, configuration, the HTTP adapter (health, metrics, OpenAPI, problem details,
// request ids) and the recruitdesk-server command as an admin runs it.
#include "server/lowdelay.h"
#include "servertest.h"

#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace rd;
using namespace rd::server;
using rd::test::Http;

class TestServer : public QObject, public test::ServerFixture {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(loadBaseUrl(), "RD_PG_INFO must name the pgfixture's info file (ctest sets it)"); }

    void migrationsAreNumberedAndIdempotent()
    {
        PgDatabase db(PgUrl::parse(freshDatabase()).value());
        QCOMPARE(db.schemaVersion().value(), 0);
        auto first = db.migrate();
        QVERIFY2(first.ok(), first.ok() ? "" : qPrintable(first.error().message));
        QCOMPARE(first.value().size(), PgDatabase::latestSchemaVersion());
        QCOMPARE(first.value().first(), 1);
        auto again = db.migrate();
        QVERIFY(again.ok());
        QVERIFY(again.value().isEmpty());
        QCOMPARE(db.schemaVersion().value(), PgDatabase::latestSchemaVersion());
        QCOMPARE(db.select(QStringLiteral("SELECT count(*) FROM schema_migrations")).value().first().value(0).toInt(),
            PgDatabase::latestSchemaVersion());
        QCOMPARE(db.select(QStringLiteral("SELECT count(*) FROM server_state")).value().first().value(0).toInt(), 1);
        // A database newer than this build is refused, not touched.
        QVERIFY(db.exec(QStringLiteral("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")).ok());
        auto newer = db.migrate();
        QVERIFY(!newer.ok());
        QCOMPARE(newer.error().code, ErrorCode::SchemaTooNew);
    }

    // The server's connections send at once: TCP_NODELAY on each accepted socket (without it
    // an answer's body waits for the client's acknowledgement of its headers, up to 40 ms of
    // delayed ACK: a tenth of the simulation's sync requests did before).
    void acceptedConnectionsSendAtOnce()
    {
        LowDelayTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QVERIFY(client.waitForConnected(5000));
        QVERIFY(server.waitForNewConnection(5000));
        QTcpSocket* accepted = server.nextPendingConnection();
        QVERIFY(accepted);
        int flag = 0;
        socklen_t len = sizeof flag;
        QCOMPARE(::getsockopt(int(accepted->socketDescriptor()), IPPROTO_TCP, TCP_NODELAY, &flag, &len), 0);
        QVERIFY(flag != 0);
        // Data still flows both ways (the read hook leaves the bytes to the reader).
        QCOMPARE(client.write("ping"), 4);
        QVERIFY(client.waitForBytesWritten(5000));
        QVERIFY(accepted->bytesAvailable() > 0 || accepted->waitForReadyRead(5000));
        QCOMPARE(accepted->readAll(), QByteArray("ping"));
    }

    void configuration_data()
    {
        QTest::addColumn<QString>("ini");
        QTest::addColumn<QString>("envPg");
        QTest::addColumn<QString>("flagListen");
        QTest::addColumn<QString>("expect"); // "host:port db user" or "error:<key>"
        QTest::newRow("file") << "[database]\nurl=postgresql://rd@db.local:6543/desk\n[http]\nlisten=127.0.0.1:9000\n"
                              << ""
                              << ""
                              << "127.0.0.1:9000 desk rd db.local:6543";
        QTest::newRow("env overrides file") << "[database]\nurl=postgresql://rd@db.local/desk\n"
                                            << "postgresql://other@10.0.0.5:5433/two"
                                            << ""
                                            << "127.0.0.1:8080 two other 10.0.0.5:5433";
        QTest::newRow("flag overrides") << "[http]\nlisten=127.0.0.1:9000\n"
                                        << "postgresql://rd@h/db"
                                        << "[::1]:7000"
                                        << "::1:7000 db rd h:5432";
        QTest::newRow("no database") << ""
                                     << ""
                                     << ""
                                     << "error:database.url";
        QTest::newRow("bad url") << "[database]\nurl=mysql://x@y/z\n"
                                 << ""
                                 << ""
                                 << "error:database.url";
        QTest::newRow("bad listen") << "[database]\nurl=postgresql://rd@h/db\n[http]\nlisten=nowhere\n"
                                    << ""
                                    << ""
                                    << "error:http.listen";
        QTest::newRow("half tls") << "[database]\nurl=postgresql://rd@h/db\n[http]\ntls_certificate=/etc/cert.pem\n"
                                  << ""
                                  << ""
                                  << "error:http.tls_key";
        QTest::newRow("bad trusted proxy") << "[database]\nurl=postgresql://rd@h/db\n[http]\ntrusted_proxies=10.0.0.0/8, "
                                              "proxy.local\n"
                                           << ""
                                           << ""
                                           << "error:http.trusted_proxies";
        QTest::newRow("bad workers") << "[database]\nurl=postgresql://rd@h/db\n[server]\nworkers=0\n"
                                     << ""
                                     << ""
                                     << "error:server.workers";
    }
    void configuration()
    {
        QFETCH(QString, ini);
        QFETCH(QString, envPg);
        QFETCH(QString, flagListen);
        QFETCH(QString, expect);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("server.ini"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(ini.toUtf8());
        f.close();
        QMap<QString, QString> env, flags;
        if (!envPg.isEmpty()) env.insert(QStringLiteral("RECRUITDESK_SERVER_PG"), envPg);
        if (!flagListen.isEmpty()) flags.insert(QStringLiteral("listen"), flagListen);
        auto c = ServerConfig::load(file, flags, env);
        if (expect.startsWith(QLatin1String("error:"))) {
            QVERIFY(!c.ok());
            QCOMPARE(c.error().details.value(QStringLiteral("key")).toString(), expect.mid(6));
            return;
        }
        QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().message));
        QCOMPARE(c.value().trustedProxies, ServerConfig::defaultTrustedProxies());
        const QString got = QStringLiteral("%1:%2 %3 %4 %5:%6")
                                .arg(c.value().listenHost)
                                .arg(c.value().listenPort)
                                .arg(c.value().pg.database, c.value().pg.user, c.value().pg.host)
                                .arg(c.value().pg.port);
        QCOMPARE(got, expect);
    }

    void trustedProxiesAreConfigured()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("server.ini")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[database]\nurl=postgresql://rd@h/db\n[http]\ntrusted_proxies=10.0.0.0/8, 192.0.2.5\n");
        f.close();
        auto c = ServerConfig::load(f.fileName(), {}, {});
        QVERIFY(c.ok());
        QCOMPARE(c.value().trustedProxies.size(), 2);
        QVERIFY(QHostAddress(QStringLiteral("10.9.8.7")).isInSubnet(c.value().trustedProxies.first()));
        QVERIFY(!QHostAddress(QStringLiteral("127.0.0.1")).isInSubnet(c.value().trustedProxies.first()));
        QCOMPARE(c.value().trustedProxies.last().second, 32);
        auto none = ServerConfig::load(
            f.fileName(), {}, { { QStringLiteral("RECRUITDESK_TRUSTED_PROXIES"), QStringLiteral("none") } });
        QVERIFY(none.ok());
        QVERIFY(none.value().trustedProxies.isEmpty());
    }

    void httpEndpoints()
    {
        const QString url = freshDatabase();
        PgDatabase db(PgUrl::parse(url).value());
        QVERIFY(db.migrate().ok());
        ServerConfig config;
        config.pg = db.url();
        config.listenPort = 0;
        config.workers = 2;
        HttpApp app(config, db);
        auto port = app.listen();
        QVERIFY(port.ok());

        const Http health = request("GET", port.value(), QStringLiteral("/health"));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(health.json().value(QStringLiteral("database")).toString(), QStringLiteral("ok"));
        QCOMPARE(health.json().value(QStringLiteral("schema")).toInt(), PgDatabase::latestSchemaVersion());
        QVERIFY(health.requestId.size() >= 32); // a new UUID

        // A client's sane request id is kept; the error is a problem document carrying it.
        const Http missing = request("GET", port.value(), QStringLiteral("/v1/nothing-here"), "client-req-0001");
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.contentType, QByteArray("application/problem+json"));
        QCOMPARE(missing.requestId, QByteArray("client-req-0001"));
        QCOMPARE(missing.json().value(QStringLiteral("code")).toString(), QStringLiteral("not_found"));
        QCOMPARE(missing.json().value(QStringLiteral("status")).toInt(), 404);
        QCOMPARE(missing.json().value(QStringLiteral("request_id")).toString(), QStringLiteral("client-req-0001"));
        // An unusable one is replaced.
        const Http odd = request("GET", port.value(), QStringLiteral("/health"), "bad id\twith spaces");
        QVERIFY(odd.requestId != "bad id\twith spaces" && odd.requestId.size() >= 32);

        const Http post = request("POST", port.value(), QStringLiteral("/health"));
        QCOMPARE(post.status, 405);
        QCOMPARE(post.allow, QByteArray("GET"));
        QCOMPARE(post.json().value(QStringLiteral("code")).toString(), QStringLiteral("method_not_allowed"));

        const Http api = request("GET", port.value(), QStringLiteral("/v1/openapi.json"));
        QCOMPARE(api.status, 200);
        QCOMPARE(api.json().value(QStringLiteral("openapi")).toString(), QStringLiteral("3.0.3"));
        for (const char* p : { "/health", "/metrics", "/v1/openapi.json" })
            QVERIFY2(api.json().value(QStringLiteral("paths")).toObject().contains(QLatin1String(p)), p);

        const Http metrics = request("GET", port.value(), QStringLiteral("/metrics"));
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.contentType.startsWith("text/plain"));
        QVERIFY2(metrics.body.contains("rd_http_requests_total{route=\"/health\",method=\"GET\",status=\"200\"} 2"),
            metrics.body.constData());
        QVERIFY(metrics.body.contains("rd_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"));
        QVERIFY(metrics.body.contains("rd_http_requests_total{route=\"/health\",method=\"POST\",status=\"405\"} 1"));
        QVERIFY(metrics.body.contains("rd_http_request_duration_seconds_count{route=\"/health\"} 3"));

        // The server keeps serving after all of that.
        QCOMPARE(request("GET", port.value(), QStringLiteral("/health")).status, 200);
    }

    // Clients that send a request and reset the connection before the answer (crashed laptops,
    // scanners, an attacker) must not take the server down: it used to write the late answer
    // to the freed socket (Qt 6.4 future responses) and died with SIGSEGV.
    void clientsThatResetDoNotCrashTheServer()
    {
        const QString url = freshDatabase();
        PgDatabase db(PgUrl::parse(url).value());
        QVERIFY(db.migrate().ok());
        ServerConfig config;
        config.pg = db.url();
        config.listenPort = 0;
        config.workers = 4;
        HttpApp app(config, db);
        auto port = app.listen();
        QVERIFY(port.ok());
        const quint16 p = port.value();
        std::atomic<int> sent { 0 };
        std::vector<std::thread> clients;
        for (int c = 0; c < 8; ++c)
            clients.emplace_back([p, &sent] {
                for (int i = 0; i < 150; ++i) {
                    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
                    sockaddr_in addr {};
                    addr.sin_family = AF_INET;
                    addr.sin_port = htons(p);
                    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
                        static const char req[] = "GET /v1/sync/pull?after=0&limit=1000 HTTP/1.1\r\nHost: x\r\n"
                                                  "Authorization: Bearer a.b.c\r\n\r\n";
                        if (::send(fd, req, sizeof req - 1, MSG_NOSIGNAL) > 0) ++sent;
                        const linger reset { 1, 0 }; // close with RST, answer unread
                        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
                    }
                    ::close(fd);
                }
            });
        // The server answers on this thread's event loop while the clients run.
        QElapsedTimer waited;
        waited.start();
        while (sent.load() < 8 * 150 && waited.elapsed() < 30000)
            QTest::qWait(20);
        for (auto& t : clients)
            t.join();
        QTest::qWait(500); // the late answers of the last requests
        QVERIFY(sent.load() > 100);
        const Http health = request("GET", p, QStringLiteral("/health"));
        QCOMPARE(health.status, 200);
        const Http pull = request("GET", p, QStringLiteral("/v1/sync/pull?after=0"));
        QCOMPARE(pull.status, 401); // and it still answers the same route properly
    }

    // The client's address: X-Forwarded-For is believed only from a trusted proxy, and read
    // from the right (what a client wrote into the header itself stands further left).
    void clientAddressFromTrustedProxiesOnly_data()
    {
        QTest::addColumn<QString>("peer");
        QTest::addColumn<QByteArray>("forwarded");
        QTest::addColumn<QString>("trusted");
        QTest::addColumn<QString>("expect");
        const QString loopback = QStringLiteral("127.0.0.1/8, ::1");
        QTest::newRow("direct client") << "203.0.113.9" << QByteArray() << loopback << "203.0.113.9";
        QTest::newRow("untrusted peer's header is ignored")
            << "198.51.100.1" << QByteArray("203.0.113.7") << loopback << "198.51.100.1";
        QTest::newRow("local proxy") << "127.0.0.1" << QByteArray("203.0.113.7") << loopback << "203.0.113.7";
        QTest::newRow("client's own entry before the proxy's")
            << "127.0.0.1" << QByteArray("6.6.6.6, 203.0.113.7") << loopback << "203.0.113.7";
        QTest::newRow("two proxies") << "127.0.0.1" << QByteArray("6.6.6.6, 203.0.113.7, 10.1.2.3")
                                     << "127.0.0.1/8, 10.0.0.0/8" << "203.0.113.7";
        QTest::newRow("an entry that is no address stops the walk")
            << "127.0.0.1" << QByteArray("203.0.113.7, not-an-address") << loopback << "127.0.0.1";
        QTest::newRow("IPv4-mapped peer") << "::ffff:127.0.0.1" << QByteArray("203.0.113.7") << loopback
                                          << "203.0.113.7";
        QTest::newRow("IPv6") << "::1" << QByteArray("2001:db8::1") << loopback << "2001:db8::1";
        QTest::newRow("an address with a port") << "127.0.0.1" << QByteArray("6.6.6.6, 203.0.113.7:4711") << loopback
                                                << "203.0.113.7";
        QTest::newRow("an IPv6 address with a port")
            << "127.0.0.1" << QByteArray("[2001:db8::1]:443") << loopback << "2001:db8::1";
        QTest::newRow("no proxy trusted") << "127.0.0.1" << QByteArray("203.0.113.7") << "none" << "127.0.0.1";
    }
    void clientAddressFromTrustedProxiesOnly()
    {
        QFETCH(QString, peer);
        QFETCH(QByteArray, forwarded);
        QFETCH(QString, trusted);
        QFETCH(QString, expect);
        auto proxies = ServerConfig::parseProxies(trusted);
        QVERIFY(proxies.ok());
        QCOMPARE(HttpApp::clientAddress(QHostAddress(peer), forwarded, proxies.value()), expect);
    }

    // Counters print exactly however large (QString::arg(double) printed 1.23457e+09).
    void largeCountersAreExact()
    {
        Metrics m;
        m.add(QStringLiteral("blob_bytes_received"), 1234567890);
        m.add(QStringLiteral("blob_bytes_received"), 1);
        m.add(QStringLiteral("sync_changes_accepted"), 9007199254740992.0); // 2^53
        m.set(QStringLiteral("http_workers"), 16);
        m.set(QStringLiteral("ratio"), 0.1);
        const QByteArray text = m.render();
        QVERIFY2(text.contains("\nrd_blob_bytes_received_total 1234567891\n"), text.constData());
        QVERIFY(text.contains("\nrd_sync_changes_accepted_total 9007199254740992\n"));
        QVERIFY(text.contains("\nrd_http_workers 16\n"));
        QVERIFY(text.contains("\nrd_ratio 0.1\n"));
        QVERIFY(!text.contains("e+"));
    }

    void healthSaysWhatIsWrong()
    {
        PgDatabase db(PgUrl::parse(freshDatabase()).value()); // not migrated
        ServerConfig config;
        config.listenPort = 0;
        HttpApp app(config, db);
        auto port = app.listen();
        QVERIFY(port.ok());
        const Http notMigrated = request("GET", port.value(), QStringLiteral("/health"));
        QCOMPARE(notMigrated.status, 503);
        QCOMPARE(notMigrated.json().value(QStringLiteral("database")).toString(), QStringLiteral("ok"));
        QVERIFY(notMigrated.json().value(QStringLiteral("detail")).toString().contains(QLatin1String("migrate")));

        PgUrl nowhere = PgUrl::parse(baseUrl).value();
        nowhere.port = 1; // nothing listens there
        PgDatabase down(nowhere);
        HttpApp app2(config, down);
        auto port2 = app2.listen();
        QVERIFY(port2.ok());
        const Http unreachable = request("GET", port2.value(), QStringLiteral("/health"));
        QCOMPARE(unreachable.status, 503);
        QCOMPARE(unreachable.json().value(QStringLiteral("database")).toString(), QStringLiteral("unreachable"));
    }

    void plainHttpOnlyOnLoopback()
    {
        PgDatabase db(PgUrl::parse(baseUrl).value());
        ServerConfig config;
        config.listenHost = QStringLiteral("0.0.0.0");
        config.listenPort = 0;
        HttpApp app(config, db);
        auto port = app.listen();
        QVERIFY(!port.ok());
        QCOMPARE(port.error().details.value(QStringLiteral("key")).toString(), QStringLiteral("http.listen"));
    }

    // The command as an admin runs it: migrate, status, serve until SIGTERM.
    void serverCommand()
    {
        const QString url = freshDatabase();
        auto server = [&](const QStringList& args, int* code = nullptr, QByteArray* err = nullptr) {
            QProcess p;
            p.start(QStringLiteral(RD_SERVER_PATH), args);
            p.waitForFinished(60000);
            if (code) *code = p.exitCode();
            if (err) *err = p.readAllStandardError();
            return p.readAllStandardOutput();
        };
        int code = -1;
        QByteArray err;
        server({ QStringLiteral("--pg"), url, QStringLiteral("serve") }, &code, &err);
        QCOMPARE(code, 3); // not migrated: refuses to serve
        QVERIFY(err.contains("migrate"));
        const QJsonObject migrated
            = QJsonDocument::fromJson(server({ QStringLiteral("--pg"), url, QStringLiteral("migrate") }, &code))
                  .object();
        QCOMPARE(code, 0);
        // Not as a role row-level security does not bind: a superuser, or one with BYPASSRLS.
        {
            PgDatabase admin(PgUrl::parse(baseUrl).value());
            QVERIFY(admin.exec(QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                                              "'rdbypass') THEN CREATE ROLE rdbypass LOGIN BYPASSRLS; END IF; END $$"))
                        .ok());
        }
        for (const char* role : { "rd", "rdbypass" }) {
            QString privileged = url;
            privileged.replace(QStringLiteral("postgresql://rdapp@"), QStringLiteral("postgresql://%1@").arg(QLatin1String(role)));
            server({ QStringLiteral("--pg"), privileged, QStringLiteral("serve") }, &code, &err);
            QCOMPARE(code, 3);
            QVERIFY2(err.contains(role == QByteArrayView("rd") ? "superuser" : "BYPASSRLS"), err.constData());
        }
        QCOMPARE(migrated.value(QStringLiteral("applied")).toArray().size(), PgDatabase::latestSchemaVersion());
        const QJsonObject status
            = QJsonDocument::fromJson(server({ QStringLiteral("--pg"), url, QStringLiteral("status") }, &code))
                  .object();
        QCOMPARE(code, 0);
        QCOMPARE(status.value(QStringLiteral("schema")).toInt(), PgDatabase::latestSchemaVersion());
        QCOMPARE(status.value(QStringLiteral("tenants")).toInt(), 0);
        QVERIFY(!status.value(QStringLiteral("epoch")).toString().isEmpty());
        // Admin commands: a tenant with its admin, a user, devices.
        auto serverEnv = [&](const QStringList& args, const QString& pw, int* exit) {
            QProcess p;
            QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
            e.insert(QStringLiteral("RECRUITDESK_PASSWORD"), pw);
            p.setProcessEnvironment(e);
            p.start(QStringLiteral(RD_SERVER_PATH), args);
            p.waitForFinished(60000);
            *exit = p.exitCode();
            return QJsonDocument::fromJson(p.readAllStandardOutput());
        };
        const QJsonObject created
            = serverEnv({ QStringLiteral("--pg"), url, QStringLiteral("tenant"), QStringLiteral("create"),
                            QStringLiteral("--name"), QStringLiteral("Gamma Recruiting"),
                            QStringLiteral("--admin-email"), QStringLiteral("admin@gamma.test") },
                password, &code)
                  .object();
        QCOMPARE(code, 0);
        QCOMPARE(created.value(QStringLiteral("slug")).toString(), QStringLiteral("gamma-recruiting"));
        serverEnv({ QStringLiteral("--pg"), url, QStringLiteral("tenant"), QStringLiteral("create"),
                      QStringLiteral("--name"), QStringLiteral("Delta") },
            password, &code);
        QCOMPARE(code, 2); // --admin-email missing
        serverEnv(
            { QStringLiteral("--pg"), url, QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--tenant"),
                QStringLiteral("gamma-recruiting"), QStringLiteral("--email"), QStringLiteral("rec@gamma.test") },
            {}, &code);
        QCOMPARE(code, 2); // no password given
        const QJsonObject user
            = serverEnv({ QStringLiteral("--pg"), url, QStringLiteral("user"), QStringLiteral("add"),
                            QStringLiteral("--tenant"), QStringLiteral("gamma-recruiting"), QStringLiteral("--email"),
                            QStringLiteral("rec@gamma.test"), QStringLiteral("--role"), QStringLiteral("viewer") },
                password, &code)
                  .object();
        QCOMPARE(code, 0);
        QCOMPARE(user.value(QStringLiteral("role")).toString(), QStringLiteral("viewer"));
        // No workspace attached yet: the colleague's workspace user waits for it.
        QCOMPARE(user.value(QStringLiteral("workspace_user")).toString(), QStringLiteral("pending"));
        {
            PgDatabase db(PgUrl::parse(url).value());
            server::AuthService auth(db);
            QVERIFY(auth.signIn({ QStringLiteral("gamma-recruiting"), QStringLiteral("rec@gamma.test"), password, {},
                                    {}, QStringLiteral("Phone"), {} })
                        .ok());
        }
        const QJsonArray devices
            = serverEnv({ QStringLiteral("--pg"), url, QStringLiteral("device"), QStringLiteral("list") }, {}, &code)
                  .array();
        QCOMPARE(code, 0);
        QCOMPARE(devices.size(), 1);
        QCOMPARE(devices.first().toObject().value(QStringLiteral("user")).toString(), QStringLiteral("rec@gamma.test"));
        QVERIFY(devices.first().toObject().value(QStringLiteral("revoked_at")).isNull());
        const QString deviceId = devices.first().toObject().value(QStringLiteral("id")).toString();
        serverEnv(
            { QStringLiteral("--pg"), url, QStringLiteral("device"), QStringLiteral("revoke"), deviceId }, {}, &code);
        QCOMPARE(code, 0);
        const QJsonArray after
            = serverEnv({ QStringLiteral("--pg"), url, QStringLiteral("device"), QStringLiteral("list"),
                            QStringLiteral("--tenant"), QStringLiteral("gamma-recruiting") },
                {}, &code)
                  .array();
        QVERIFY(after.first().toObject().value(QStringLiteral("revoked_at")).isString());
        serverEnv({ QStringLiteral("--pg"), url, QStringLiteral("device"), QStringLiteral("revoke"),
                      QStringLiteral("no-such-device") },
            {}, &code);
        QCOMPARE(code, 1);

        server({ QStringLiteral("--pg"), QStringLiteral("mysql://nope"), QStringLiteral("status") }, &code, &err);
        QCOMPARE(code, 2);
        server({ QStringLiteral("--pg"), url, QStringLiteral("frobnicate") }, &code);
        QCOMPARE(code, 2);

        // A config file, overridden by --listen; port 0 picks a free one, logged as JSON.
        QTemporaryDir dir;
        QFile ini(dir.filePath(QStringLiteral("server.ini")));
        QVERIFY(ini.open(QIODevice::WriteOnly));
        ini.write(QStringLiteral("[database]\nurl=%1\n[http]\nlisten=127.0.0.1:1\n").arg(url).toUtf8());
        ini.close();
        QProcess serve;
        serve.start(QStringLiteral(RD_SERVER_PATH),
            { QStringLiteral("--config"), ini.fileName(), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                QStringLiteral("serve") });
        int port = 0;
        QByteArray log;
        for (int i = 0; i < 100 && port == 0; ++i) {
            serve.waitForReadyRead(200);
            log += serve.readAllStandardError();
            for (const QByteArray& line : log.split('\n')) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                if (o.value(QStringLiteral("msg")).toString() == QLatin1String("listening"))
                    port = o.value(QStringLiteral("port")).toInt();
            }
        }
        QVERIFY2(port > 0, log.constData());
        QCOMPARE(request("GET", quint16(port), QStringLiteral("/health")).status, 200);
        serve.terminate(); // SIGTERM
        QVERIFY(serve.waitForFinished(15000));
        QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.exitCode(), 0);
        log += serve.readAllStandardError();
        // Every line is JSON; the request was logged with its id.
        bool sawRequest = false;
        for (const QByteArray& line : log.trimmed().split('\n')) {
            QJsonParseError e;
            const QJsonObject o = QJsonDocument::fromJson(line, &e).object();
            QVERIFY2(e.error == QJsonParseError::NoError, line.constData());
            sawRequest = sawRequest
                || (o.value(QStringLiteral("msg")) == QLatin1String("request")
                    && !o.value(QStringLiteral("request_id")).toString().isEmpty());
        }
        QVERIFY(sawRequest);

        // Token signing keys sealed with a key file (keys rotate, with --config): serve without
        // that key file refuses to start (exit 3) instead of failing every sign-in later.
        QFile sealedIni(dir.filePath(QStringLiteral("sealed.ini")));
        QVERIFY(sealedIni.open(QIODevice::WriteOnly));
        sealedIni.write(QStringLiteral("[database]\nurl=%1\n[secrets]\nkey_file=%2\n")
                            .arg(url, dir.filePath(QStringLiteral("secrets.key")))
                            .toUtf8());
        sealedIni.close();
        server({ QStringLiteral("--pg"), url, QStringLiteral("keys"), QStringLiteral("rotate") }, &code, &err);
        QCOMPARE(code, 1); // not without the key file
        const QJsonObject rotated = QJsonDocument::fromJson(
            server({ QStringLiteral("--config"), sealedIni.fileName(), QStringLiteral("keys"), QStringLiteral("rotate") }, &code))
                                        .object();
        QCOMPARE(code, 0);
        QCOMPARE(rotated.value(QStringLiteral("sealed")).toBool(), true);
        server({ QStringLiteral("--pg"), url, QStringLiteral("serve") }, &code, &err);
        QCOMPARE(code, 3);
        QVERIFY2(err.contains("key file"), err.constData());
    }
};

QTEST_GUILESS_MAIN(TestServer)
#include "test_server.moc"
