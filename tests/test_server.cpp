// The sync server's foundation against a real PostgreSQL (the pgfixture cluster): numbered
// migrations, configuration, the HTTP adapter (health, metrics, OpenAPI, problem details,
// request ids) and the recruitdesk-server command as an admin runs it.
#include "auth/totp.h"
#include "crypto/crypto.h"
#include "server/auditstore.h"
#include "server/authservice.h"
#include "server/httpapp.h"
#include "server/pgdatabase.h"
#include "server/serverconfig.h"
#include "server/syncservice.h"
#include "testutil.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QtConcurrent>

using namespace rd;
using namespace rd::server;

namespace {
struct Http {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QByteArray requestId;
    QByteArray allow;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};
} // namespace

class TestServer : public QObject {
    Q_OBJECT

    QString baseUrl; // the fixture cluster's postgres database
    QNetworkAccessManager nam;

    // A new empty database on the fixture cluster, owned by a role that is not a superuser
    // (as in production, so row-level security applies); returns its URL.
    QString freshDatabase()
    {
        PgDatabase admin(PgUrl::parse(baseUrl).value());
        const QString name = QStringLiteral("rdtest_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
        (void)admin.exec(QStringLiteral(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rdapp') THEN CREATE ROLE rdapp LOGIN; "
            "END IF; END $$"));
        if (!admin.exec(QStringLiteral("CREATE DATABASE %1 OWNER rdapp").arg(name)))
            qFatal("cannot create database %s", qPrintable(name));
        QString url = baseUrl;
        return url.replace(QStringLiteral("postgresql://rd@"), QStringLiteral("postgresql://rdapp@"))
            .replace(QStringLiteral("/postgres"), QLatin1Char('/') + name);
    }

    Http request(const QByteArray& verb, quint16 port, const QString& path, const QByteArray& requestId = {},
        const QByteArray& body = {}, const QString& bearer = {})
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
        if (!requestId.isEmpty()) req.setRawHeader("X-Request-Id", requestId);
        if (!bearer.isEmpty()) req.setRawHeader("Authorization", "Bearer " + bearer.toLatin1());
        if (!body.isEmpty()) req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply* reply = nam.sendCustomRequest(req, verb, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !done.wait(15000)) return {};
        Http h { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
            reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), reply->rawHeader("X-Request-Id"),
            reply->rawHeader("Allow") };
        reply->deleteLater();
        return h;
    }

    Http post(quint16 port, const QString& path, const QJsonObject& body, const QString& bearer = {})
    {
        return request("POST", port, path, {}, QJsonDocument(body).toJson(QJsonDocument::Compact), bearer);
    }

    const QString password = QStringLiteral("Correct-Horse-Battery-42");

private slots:
    void initTestCase()
    {
        QFile info(qEnvironmentVariable("RD_PG_INFO"));
        QVERIFY2(info.open(QIODevice::ReadOnly), "RD_PG_INFO must name the pgfixture's info file (ctest sets it)");
        baseUrl = QString::fromUtf8(info.readLine()).trimmed();
        QVERIFY(baseUrl.startsWith(QLatin1String("postgresql://")));
    }

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
        const QString got = QStringLiteral("%1:%2 %3 %4 %5:%6")
                                .arg(c.value().listenHost)
                                .arg(c.value().listenPort)
                                .arg(c.value().pg.database, c.value().pg.user, c.value().pg.host)
                                .arg(c.value().pg.port);
        QCOMPARE(got, expect);
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

    // Sign-in with the server's copy of the users: tokens, rotation, reuse detection, sign-out,
    // revoked devices, throttling, two-factor codes, malformed requests.
    void signInAndTokens()
    {
        PgDatabase db(PgUrl::parse(freshDatabase()).value());
        QVERIFY(db.migrate().ok());
        server::AuthService auth(db);
        auto tenant = auth.createTenant(
            QStringLiteral("Acme Talent"), QStringLiteral("agency"), QStringLiteral("Boss@Acme.test"), password);
        QVERIFY2(tenant.ok(), tenant.ok() ? "" : qPrintable(tenant.error().message));
        QCOMPARE(tenant.value().value(QStringLiteral("slug")).toString(), QStringLiteral("acme-talent"));
        QCOMPARE(auth.createTenant(QStringLiteral("Acme Talent"), QStringLiteral("agency"),
                         QStringLiteral("x@acme.test"), password)
                     .error()
                     .code,
            ErrorCode::Conflict);
        QCOMPARE(auth.createTenant(QStringLiteral("Weak"), QStringLiteral("agency"), QStringLiteral("x@weak.test"),
                         QStringLiteral("password"))
                     .error()
                     .code,
            ErrorCode::ValidationFailed);
        QVERIFY(auth.addUser(QStringLiteral("acme-talent"), QStringLiteral("rec@acme.test"), password,
                        QStringLiteral("recruiter"))
                    .ok());
        QCOMPARE(auth.addUser(QStringLiteral("acme-talent"), QStringLiteral("rec@acme.test"), password,
                         QStringLiteral("recruiter"))
                     .error()
                     .code,
            ErrorCode::Conflict);

        ServerConfig config;
        config.listenPort = 0;
        HttpApp app(config, db);
        const quint16 port = app.listen().value();
        const QJsonObject login { { QStringLiteral("tenant"), QStringLiteral("acme-talent") },
            { QStringLiteral("email"), QStringLiteral("boss@acme.test") }, { QStringLiteral("password"), password },
            { QStringLiteral("device_name"), QStringLiteral("Laptop") } };
        const Http ok = post(port, QStringLiteral("/v1/auth/login"), login);
        QCOMPARE(ok.status, 200);
        const QString access = ok.json().value(QStringLiteral("access_token")).toString();
        const QString refresh1 = ok.json().value(QStringLiteral("refresh_token")).toString();
        const QString device = ok.json().value(QStringLiteral("device_id")).toString();
        QCOMPARE(ok.json().value(QStringLiteral("expires_in")).toInt(), 900);
        auto claims = auth.verify(access);
        QVERIFY(claims.ok());
        QCOMPARE(claims.value().tenantId, tenant.value().value(QStringLiteral("tenant_id")).toString());
        QCOMPARE(claims.value().deviceId, device);
        QCOMPARE(claims.value().roles, QStringList { "admin" });
        // A changed byte breaks the signature.
        QString forged = access;
        forged[forged.size() / 2] = forged[forged.size() / 2] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        QVERIFY(!auth.verify(forged).ok());

        QJsonObject bad = login;
        bad.insert(QStringLiteral("password"), QStringLiteral("Wrong-Horse-Battery-42"));
        const Http wrong = post(port, QStringLiteral("/v1/auth/login"), bad);
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.json().value(QStringLiteral("code")).toString(), QStringLiteral("auth_failed"));

        // Rotation: a refresh token works once; used again, its whole family ends.
        const Http r2
            = post(port, QStringLiteral("/v1/auth/refresh"), { { QStringLiteral("refresh_token"), refresh1 } });
        QCOMPARE(r2.status, 200);
        const QString refresh2 = r2.json().value(QStringLiteral("refresh_token")).toString();
        QVERIFY(refresh2 != refresh1);
        QCOMPARE(r2.json().value(QStringLiteral("device_id")).toString(), device);
        const Http reuse
            = post(port, QStringLiteral("/v1/auth/refresh"), { { QStringLiteral("refresh_token"), refresh1 } });
        QCOMPARE(reuse.status, 401);
        QCOMPARE(reuse.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("reason")).toString(),
            QStringLiteral("token_reused"));
        QCOMPARE(
            post(port, QStringLiteral("/v1/auth/refresh"), { { QStringLiteral("refresh_token"), refresh2 } }).status,
            401);

        // Signing in again on the same device keeps the device; signing out ends that sign-in.
        QJsonObject again = login;
        again.insert(QStringLiteral("device_id"), device);
        const Http second = post(port, QStringLiteral("/v1/auth/login"), again);
        QCOMPARE(second.status, 200);
        QCOMPARE(second.json().value(QStringLiteral("device_id")).toString(), device);
        QCOMPARE(post(port, QStringLiteral("/v1/auth/logout"), {},
                     second.json().value(QStringLiteral("access_token")).toString())
                     .status,
            204);
        QCOMPARE(post(port, QStringLiteral("/v1/auth/refresh"),
                     { { QStringLiteral("refresh_token"),
                         second.json().value(QStringLiteral("refresh_token")).toString() } })
                     .status,
            401);
        QCOMPARE(post(port, QStringLiteral("/v1/auth/logout"), {}, QStringLiteral("not.a.token")).status, 401);

        // A revoked device is refused: its refresh, its sign-in, its access token.
        const Http third = post(port, QStringLiteral("/v1/auth/login"), again);
        QVERIFY(auth.revokeDevice(device).ok());
        const Http revoked = post(port, QStringLiteral("/v1/auth/refresh"),
            { { QStringLiteral("refresh_token"), third.json().value(QStringLiteral("refresh_token")).toString() } });
        QVERIFY(revoked.status == 401 || revoked.status == 403);
        const Http relogin = post(port, QStringLiteral("/v1/auth/login"), again);
        QCOMPARE(relogin.status, 403);
        QCOMPARE(relogin.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("reason")).toString(),
            QStringLiteral("device_revoked"));
        QVERIFY(!auth.verify(third.json().value(QStringLiteral("access_token")).toString()).ok());
        QCOMPARE(post(port, QStringLiteral("/v1/auth/login"), login).status, 200); // a new device is fine
        auto devices = auth.devices(QStringLiteral("acme-talent"));
        QCOMPARE(devices.value().size(), 2);

        // Malformed requests get a 4xx and the server keeps serving.
        QCOMPARE(request("POST", port, QStringLiteral("/v1/auth/login"), {}, "{not json").status, 400);
        QCOMPARE(request("POST", port, QStringLiteral("/v1/auth/login"), {}, "[1,2]").status, 400);
        QCOMPARE(post(port, QStringLiteral("/v1/auth/login"),
                     { { QStringLiteral("tenant"), QStringLiteral("acme-talent") } })
                     .status,
            400);
        QCOMPARE(request("POST", port, QStringLiteral("/v1/auth/login"), {}, QByteArray(70 * 1024, 'x')).status, 413);
        QCOMPARE(request("GET", port, QStringLiteral("/health")).status, 200);
    }

    void signInIsThrottledAndTwoFactor()
    {
        PgDatabase db(PgUrl::parse(freshDatabase()).value());
        QVERIFY(db.migrate().ok());
        server::AuthService auth(db);
        QVERIFY(auth.createTenant(
                        QStringLiteral("Beta"), QStringLiteral("employer"), QStringLiteral("boss@beta.test"), password)
                    .ok());
        server::SignInRequest req { QStringLiteral("beta"), QStringLiteral("boss@beta.test"),
            QStringLiteral("Wrong-Horse-Battery-42"), {}, {}, {}, QStringLiteral("192.0.2.7") };
        for (int i = 0; i < server::AuthService::kAccountFailures; ++i)
            QCOMPARE(auth.signIn(req).error().code, ErrorCode::AuthFailed);
        req.password = password;
        auto locked = auth.signIn(req); // even the right password, for now
        QCOMPARE(locked.error().code, ErrorCode::LockedOut);
        QVERIFY(locked.error().details.value(QStringLiteral("retry_after")).toInt() > 0);
        QVERIFY(db.exec(QStringLiteral("UPDATE sign_in_attempts SET window_start = now() - interval '1 hour'"))
                    .ok()); // the window passed
        auto after = auth.signIn(req);
        QVERIFY2(after.ok(), after.ok() ? "" : qPrintable(after.error().message));

        // Two-factor: a code is required, checked, and works once.
        const QByteArray secret = crypto::randomBytes(20);
        QVERIFY(db.exec(QStringLiteral("UPDATE users SET totp_secret = ?"), { crypto::base32Encode(secret) }).ok());
        QCOMPARE(auth.signIn(req).error().code, ErrorCode::MfaRequired);
        req.totp = QStringLiteral("000000") == totp::code(secret, QDateTime::currentSecsSinceEpoch())
            ? QStringLiteral("111111")
            : QStringLiteral("000000");
        QCOMPARE(auth.signIn(req).error().code, ErrorCode::AuthFailed);
        req.totp = totp::code(secret, QDateTime::currentSecsSinceEpoch());
        QVERIFY(auth.signIn(req).ok());
        QCOMPARE(auth.signIn(req).error().code, ErrorCode::AuthFailed); // replayed
    }

    // Push and pull: idempotent batches, gapless server order, paging, field-level conflicts,
    // tombstones, tenant isolation (and its second wall), reused dev_seq, restored server.
    void pushAndPull()
    {
        PgDatabase db(PgUrl::parse(freshDatabase()).value());
        QVERIFY(db.migrate().ok());
        server::AuthService auth(db);
        QVERIFY(auth.createTenant(
                        QStringLiteral("Acme"), QStringLiteral("agency"), QStringLiteral("boss@acme.test"), password)
                    .ok());
        QVERIFY(
            auth.addUser(QStringLiteral("acme"), QStringLiteral("rec@acme.test"), password, QStringLiteral("recruiter"))
                .ok());
        QVERIFY(auth.createTenant(
                        QStringLiteral("Beta"), QStringLiteral("agency"), QStringLiteral("boss@beta.test"), password)
                    .ok());
        auto signIn = [&](const QString& tenant, const QString& email) {
            return auth.signIn({ tenant, email, password, {}, {}, QStringLiteral("test"), {} }).value();
        };
        const TokenPair d1 = signIn(QStringLiteral("acme"), QStringLiteral("boss@acme.test"));
        const TokenPair d2 = signIn(QStringLiteral("acme"), QStringLiteral("rec@acme.test"));
        const TokenPair b1 = signIn(QStringLiteral("beta"), QStringLiteral("boss@beta.test"));
        ServerConfig config;
        config.listenPort = 0;
        config.workers = 2;
        HttpApp app(config, db);
        const quint16 port = app.listen().value();

        auto change = [](qint64 devSeq, const QString& entity, const QString& id, const QString& op,
                          const QJsonObject& fields, qint64 base = 0) {
            sync::ChangeRecord c;
            c.devSeq = devSeq;
            c.entity = entity;
            c.rowId = id;
            c.op = op;
            c.fields = fields;
            c.baseServerSeq = base;
            return c;
        };
        auto push = [&](const TokenPair& t, const QList<sync::ChangeRecord>& changes, const QString& deviceId = {},
                        int schema = sync::kProtocolVersion) {
            sync::PushRequest req;
            req.schemaVersion = schema;
            req.deviceId = deviceId.isEmpty() ? t.deviceId : deviceId;
            req.changes = changes;
            return request("POST", port, QStringLiteral("/v1/sync/push"), {}, req.toCbor(), t.accessToken);
        };
        auto pull = [&](const TokenPair& t, qint64 after, int limit = 1000) {
            const Http h = request("GET", port, QStringLiteral("/v1/sync/pull?after=%1&limit=%2").arg(after).arg(limit),
                {}, {}, t.accessToken);
            return h.status == 200 ? sync::PullResponse::fromCbor(h.body).value() : sync::PullResponse {};
        };

        const QList<sync::ChangeRecord> batch { change(1, QStringLiteral("candidate"), QStringLiteral("c1"),
                                                    QStringLiteral("insert"),
                                                    { { QStringLiteral("first_name"), QStringLiteral("Ada") },
                                                        { QStringLiteral("last_name"), QStringLiteral("L") } }),
            change(2, QStringLiteral("candidate"), QStringLiteral("c1"), QStringLiteral("update"),
                { { QStringLiteral("headline"), QStringLiteral("Engineer") } }, 1),
            change(3, QStringLiteral("job"), QStringLiteral("j1"), QStringLiteral("insert"),
                { { QStringLiteral("title"), QStringLiteral("Qt dev") } }) };
        const Http first = push(d1, batch);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.contentType, QByteArray("application/cbor"));
        auto r1 = sync::PushResponse::fromCbor(first.body).value();
        QCOMPARE(r1.accepted, 3);
        QCOMPARE(r1.serverSeq, 3);
        QCOMPARE(r1.lastDevSeq, 3);
        // A retried batch changes nothing.
        auto again = sync::PushResponse::fromCbor(push(d1, batch).body).value();
        QCOMPARE(again.accepted, 0);
        QCOMPARE(again.duplicates, 3);
        QCOMPARE(again.serverSeq, 3);

        // Pull in server order, in pages.
        const sync::PullResponse all = pull(d2, 0);
        QCOMPARE(all.changes.size(), 3);
        QCOMPARE(all.changes[0].serverSeq, 1);
        QCOMPARE(all.changes[2].serverSeq, 3);
        QCOMPARE(all.changes[1].fields.value(QStringLiteral("headline")).toString(), QStringLiteral("Engineer"));
        QCOMPARE(all.changes[0].deviceId, d1.deviceId);
        QVERIFY(!all.epoch.isEmpty());
        QVERIFY(!all.more);
        QCOMPARE(all.next, 3);
        const sync::PullResponse page = pull(d2, 0, 2);
        QCOMPARE(page.changes.size(), 2);
        QVERIFY(page.more);
        QCOMPARE(pull(d2, page.next, 2).changes.size(), 1);

        // Field-level conflict in server order: d2 saw seq 3 and renames; d1 (base 2) renames
        // too and wins, d2's value is kept as the conflict.
        QCOMPARE(push(d2,
                     { change(1, QStringLiteral("candidate"), QStringLiteral("c1"), QStringLiteral("update"),
                         { { QStringLiteral("first_name"), QStringLiteral("Ada B") } }, 3) })
                     .status,
            200);
        auto raced = sync::PushResponse::fromCbor(
            push(d1,
                { change(4, QStringLiteral("candidate"), QStringLiteral("c1"), QStringLiteral("update"),
                    { { QStringLiteral("first_name"), QStringLiteral("Adaline") } }, 2) })
                .body)
                         .value();
        QCOMPARE(raced.accepted, 1);
        QCOMPARE(raced.conflicts.size(), 1);
        QCOMPARE(raced.conflicts.first().field, QStringLiteral("first_name"));
        QCOMPARE(raced.conflicts.first().losingValue.toString(), QStringLiteral("Ada B"));
        QCOMPARE(raced.conflicts.first().losingServerSeq, 4);
        const sync::PullResponse withConflict = pull(d2, 3);
        QCOMPARE(withConflict.changes.size(), 2);
        QCOMPARE(withConflict.conflicts.size(), 1);
        // A change that saw the other value is no conflict.
        QCOMPARE(sync::PushResponse::fromCbor(
                     push(d2,
                         { change(2, QStringLiteral("candidate"), QStringLiteral("c1"), QStringLiteral("update"),
                             { { QStringLiteral("first_name"), QStringLiteral("Ada") } }, 5) })
                         .body)
                     .value()
                     .conflicts.size(),
            0);
        // A delete is a tombstone that replicates.
        QCOMPARE(push(d2, { change(3, QStringLiteral("job"), QStringLiteral("j1"), QStringLiteral("delete"), {}, 3) })
                     .status,
            200);
        QCOMPARE(pull(d1, 6).changes.first().op, QStringLiteral("delete"));

        // Another tenant sees nothing; without a tenant in the transaction, nothing is visible.
        QCOMPARE(pull(b1, 0).changes.size(), 0);
        QCOMPARE(db.select(QStringLiteral("SELECT count(*) FROM changes")).value().first().value(0).toInt(), 0);
        QCOMPARE(db.select(QStringLiteral("SELECT count(*) FROM entity_state")).value().first().value(0).toInt(), 0);

        // A device restored from a backup reuses numbers: refused, nothing applied, told where to go on.
        const Http reused = push(d1,
            { change(1, QStringLiteral("candidate"), QStringLiteral("c9"), QStringLiteral("insert"),
                { { QStringLiteral("first_name"), QStringLiteral("New") } }) });
        QCOMPARE(reused.status, 409);
        QCOMPARE(reused.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("reason")).toString(),
            QStringLiteral("dev_seq_reused"));
        QCOMPARE(
            reused.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("last_dev_seq")).toInt(), 4);
        QCOMPARE(pull(d1, 0).next, 7);
        // A server restored from a backup: the client's cursor is ahead; it gets everything again.
        QCOMPARE(pull(d1, 1000).changes.size(), 7);

        // Bad requests get a 4xx; the server keeps serving.
        QCOMPARE(
            request("POST", port, QStringLiteral("/v1/sync/push"), {}, "not cbor at all", d1.accessToken).status, 400);
        QCOMPARE(
            request("POST", port, QStringLiteral("/v1/sync/push"), {}, QCborValue(42).toCbor(), d1.accessToken).status,
            400);
        QCOMPARE(
            push(d1, { change(5, QStringLiteral("candidate"), QStringLiteral("c1"), QStringLiteral("explode"), {}) })
                .status,
            400);
        QCOMPARE(push(d1, {}, d2.deviceId).status, 403);
        const Http oldClient = push(d1, {}, {}, 99);
        QCOMPARE(oldClient.status, 400);
        QCOMPARE(
            oldClient.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("reason")).toString(),
            QStringLiteral("unsupported_schema"));
        QCOMPARE(request("POST", port, QStringLiteral("/v1/sync/push"), {}, sync::PushRequest {}.toCbor()).status, 401);
        QCOMPARE(request("GET", port, QStringLiteral("/v1/sync/pull?after=-1"), {}, {}, d1.accessToken).status, 400);
        QCOMPARE(request("GET", port, QStringLiteral("/health")).status, 200);

        // Concurrent pushes from two devices: server_seq stays gapless.
        QList<sync::ChangeRecord> many1, many2;
        for (int i = 0; i < 40; ++i) {
            many1 << change(10 + i, QStringLiteral("note"), QStringLiteral("n1-%1").arg(i), QStringLiteral("insert"),
                { { QStringLiteral("body"), i } });
            many2 << change(10 + i, QStringLiteral("note"), QStringLiteral("n2-%1").arg(i), QStringLiteral("insert"),
                { { QStringLiteral("body"), i } });
        }
        SyncService direct(db);
        const AccessClaims c1 = auth.verify(d1.accessToken).value(), c2 = auth.verify(d2.accessToken).value();
        sync::PushRequest p1 { sync::kProtocolVersion, d1.deviceId, many1 },
            p2 { sync::kProtocolVersion, d2.deviceId, many2 };
        auto f1 = QtConcurrent::run([&] {
            PgDatabase own(db.url());
            return SyncService(own).push(c1, p1).ok();
        });
        auto f2 = QtConcurrent::run([&] {
            PgDatabase own(db.url());
            return SyncService(own).push(c2, p2).ok();
        });
        QVERIFY(f1.result() && f2.result());
        const sync::PullResponse everything = pull(d1, 0, 5000);
        QCOMPARE(everything.changes.size(), 87);
        for (int i = 0; i < everything.changes.size(); ++i)
            QCOMPARE(everything.changes[i].serverSeq, qint64(i + 1));
    }

    // A desktop's real audit chain replicates append-only; gaps, forks and altered entries are
    // refused; the stored chains verify; the table refuses changes.
    void auditChainsReplicate()
    {
        // A desktop workspace whose actions make audit entries.
        test::TestWorkspace desk;
        const Session admin = desk.createTenant(QStringLiteral("Audit Co"), QStringLiteral("audit-co"));
        auto localEntries = [&](qint64 from) {
            QList<sync::AuditRecord> out;
            const auto rows
                = desk->db()
                      .select(QStringLiteral(
                                  "SELECT id, tenant_id, device_id, chain_seq, user_id, action, resource_type, "
                                  "resource_id, "
                                  "outcome, diff, correlation_id, created_at, prev_hash, hash FROM audit_log WHERE "
                                  "tenant_id = ? AND chain_seq > ? ORDER BY chain_seq"),
                          { admin.tenantId, from })
                      .value();
            for (const auto& r : rows)
                out << sync::AuditRecord { r.value(0).toString(), r.value(1).toString(), r.value(2).toString(),
                    r.value(3).toLongLong(), r.value(4).toString(), r.value(5).toString(), r.value(6).toString(),
                    r.value(7).toString(), r.value(8).toString(), r.value(9).toString().toUtf8(),
                    r.value(10).toString(), r.value(11).toString(), r.value(12).toString(), r.value(13).toString() };
            return out;
        };
        const QList<sync::AuditRecord> first = localEntries(0);
        QVERIFY(first.size() >= 2);
        const QString deviceId = desk->db().deviceId();

        // The server knows the tenant and the device under the desktop's ids.
        PgDatabase db(PgUrl::parse(freshDatabase()).value());
        QVERIFY(db.migrate().ok());
        QVERIFY(db.exec(QStringLiteral(
                            "INSERT INTO tenants (id, name, slug, kind) VALUES (?, 'Audit Co', 'audit-co', 'agency')"),
                      { admin.tenantId })
                    .ok());
        server::AuthService auth(db);
        const QString userId = auth.addUser(QStringLiteral("audit-co"), QStringLiteral("boss@audit.test"), password,
                                       QStringLiteral("admin"))
                                   .value()
                                   .value(QStringLiteral("user_id"))
                                   .toString();
        QVERIFY(db.exec(QStringLiteral("INSERT INTO devices (id, tenant_id, user_id, name) VALUES (?,?,?,'desk')"),
                      { deviceId, admin.tenantId, userId })
                    .ok());
        const TokenPair token = auth.signIn({ QStringLiteral("audit-co"), QStringLiteral("boss@audit.test"), password,
                                                {}, deviceId, {}, {} })
                                    .value();
        QCOMPARE(token.deviceId, deviceId);
        ServerConfig config;
        config.listenPort = 0;
        HttpApp app(config, db);
        const quint16 port = app.listen().value();
        auto push = [&](const QList<sync::AuditRecord>& entries) {
            sync::AuditPushRequest req;
            req.deviceId = deviceId;
            req.entries = entries;
            return request("POST", port, QStringLiteral("/v1/sync/audit"), {}, req.toCbor(), token.accessToken);
        };

        const Http ok = push(first);
        QVERIFY2(ok.status == 200, ok.body.constData());
        auto accepted = sync::AuditPushResponse::fromCbor(ok.body).value();
        QCOMPARE(accepted.accepted, int(first.size()));
        QCOMPARE(accepted.lastChainSeq, first.last().chainSeq);
        auto retried = sync::AuditPushResponse::fromCbor(push(first).body).value();
        QCOMPARE(retried.accepted, 0);
        QCOMPARE(retried.duplicates, int(first.size()));

        // More work on the desktop: the next entries.
        QVERIFY(desk->candidates().create(admin, { { QStringLiteral("first_name"), QStringLiteral("Ada") } }).ok());
        QVERIFY(desk->candidates().create(admin, { { QStringLiteral("first_name"), QStringLiteral("Bob") } }).ok());
        const QList<sync::AuditRecord> next = localEntries(first.last().chainSeq);
        QVERIFY(next.size() >= 2);
        auto reason = [](const Http& h) {
            return h.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("reason")).toString();
        };
        QList<sync::AuditRecord> altered = next;
        altered[0].action = QStringLiteral("candidate.delete");
        const Http tampered = push(altered);
        QCOMPARE(tampered.status, 409);
        QCOMPARE(tampered.json().value(QStringLiteral("code")).toString(), QStringLiteral("chain_broken"));
        QCOMPARE(reason(tampered), QStringLiteral("hash_mismatch"));
        QCOMPARE(reason(push(next.mid(1))), QStringLiteral("gap"));
        QList<sync::AuditRecord> fork = first.mid(0, 1);
        fork[0].hash = QString(64, QLatin1Char('0'));
        QCOMPARE(reason(push(fork)), QStringLiteral("fork"));
        QList<sync::AuditRecord> relinked = next;
        relinked[0].prevHash = QString(64, QLatin1Char('1'));
        QCOMPARE(reason(push(relinked)), QStringLiteral("broken_link"));
        QCOMPARE(push(next).status, 200); // the real ones go in

        // The stored chains verify; the table refuses changes even to its owner.
        AuditStore store(db);
        auto report = store.verify();
        QVERIFY(report.ok());
        QVERIFY(report.value().ok);
        QCOMPARE(report.value().chains, 1);
        QCOMPARE(report.value().entries, qint64(first.size() + next.size()));
        QVERIFY(db.begin().ok());
        QVERIFY(db.select(QStringLiteral("SELECT set_config('rd.tenant_id', ?, true)"), { admin.tenantId }).ok());
        QVERIFY(!db.exec(QStringLiteral("UPDATE audit_entries SET action = 'x'")).ok());
        db.rollback();
        QVERIFY(db.begin().ok());
        QVERIFY(db.select(QStringLiteral("SELECT set_config('rd.tenant_id', ?, true)"), { admin.tenantId }).ok());
        QVERIFY(!db.exec(QStringLiteral("DELETE FROM audit_entries")).ok());
        db.rollback();
        QVERIFY(!db.exec(QStringLiteral("TRUNCATE audit_entries")).ok());
        // Stored in a monthly partition.
        QVERIFY(db.select(QStringLiteral("SELECT 1 FROM pg_class WHERE relname LIKE 'audit_entries_y%'")).value().size()
            >= 1);
        // Someone who switches the trigger off and edits a row is caught by verify.
        QVERIFY(db.exec(QStringLiteral("ALTER TABLE audit_entries DISABLE TRIGGER audit_no_change")).ok());
        QVERIFY(db.begin().ok());
        QVERIFY(db.select(QStringLiteral("SELECT set_config('rd.tenant_id', ?, true)"), { admin.tenantId }).ok());
        QVERIFY(db.exec(QStringLiteral("UPDATE audit_entries SET action = 'tenant.nothing' WHERE chain_seq = 1")).ok());
        QVERIFY(db.commit().ok());
        auto broken = store.verify(QStringLiteral("audit-co"));
        QVERIFY(broken.ok());
        QVERIFY(!broken.value().ok);
        QCOMPARE(broken.value().chainSeq, 1);
        QCOMPARE(broken.value().reason, QStringLiteral("hash_mismatch"));
        // And by the admin command, which exits 1.
        QProcess p;
        p.start(QStringLiteral(RD_SERVER_PATH),
            { QStringLiteral("--pg"), db.url().toString(), QStringLiteral("audit"), QStringLiteral("verify") });
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        const QJsonObject printed = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(printed.value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(printed.value(QStringLiteral("broken")).toObject().value(QStringLiteral("reason")).toString(),
            QStringLiteral("hash_mismatch"));
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
    }
};

QTEST_GUILESS_MAIN(TestServer)
#include "test_server.moc"
