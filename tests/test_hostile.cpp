// Every endpoint of the sync server answers hostile input with a 4xx and a problem document,
// and keeps serving (issue 21): NUL characters, bad UTF-8, broken, deep or huge JSON and CBOR,
// wrong types, in bodies, query strings and path arguments, signed in and not. The endpoints
// come from the server's own OpenAPI document, so a new endpoint is covered the day it lands.
#include "protocol/wire.h"
#include "server/outbound.h"
#include "reachserver.h"

#include <QCborArray>
#include <QCborMap>
#include <QRandomGenerator>

using namespace rd;
using namespace rd::server;
using rd::test::Http;

namespace {
struct Hostile {
    QByteArray name;
    QByteArray contentType;
    QByteArray body;
};

QByteArray nested(const QByteArray& open, const QByteArray& inner, const QByteArray& close, int depth)
{
    return open.repeated(depth) + inner + close.repeated(depth);
}

QByteArray letters(int n)
{
    static QRandomGenerator gen(42);
    QByteArray out(n, Qt::Uninitialized);
    for (char& c : out)
        c = char('a' + gen.bounded(26));
    return out;
}

QList<Hostile> hostileBodies(const QString& deviceId)
{
    const QByteArray json = "application/json", cbor = "application/cbor";
    QByteArray random(4096, Qt::Uninitialized);
    QRandomGenerator gen(21);
    for (char& c : random)
        c = char(gen.bounded(256));
    // A push that decodes: a candidate with NUL characters in its id and fields.
    sync::PushRequest push;
    push.schemaVersion = sync::kProtocolVersion;
    push.deviceId = deviceId;
    const QString nul(QChar(0));
    sync::ChangeRecord change;
    change.devSeq = 1;
    change.entity = QStringLiteral("candidates");
    change.rowId = QStringLiteral("c-1") + nul;
    change.op = QStringLiteral("insert");
    change.fields = QJsonObject { { QStringLiteral("id"), QStringLiteral("c-1") + nul },
        { QStringLiteral("first_name"), QStringLiteral("Ada") + nul },
        { QStringLiteral("last_name") + nul, QStringLiteral("x") } };
    push.changes << change;
    sync::AuditPushRequest audit;
    audit.schemaVersion = sync::kProtocolVersion;
    audit.deviceId = deviceId + nul;
    QCborMap wrongTypes { { QStringLiteral("schema_version"), QStringLiteral("1") },
        { QStringLiteral("device_id"), 5 }, { QStringLiteral("changes"), QStringLiteral("x") },
        { QStringLiteral("entries"), QCborMap {} } };
    return {
        { "nul in strings", json,
            R"({"tenant":"reach\u0000","email":"admin@reach.test\u0000","password":"Correct-Horse-Battery-42\u0000",)"
            R"("refresh_token":"a\u0000b","retry_key":"\u0000","device_id":"\u0000","device_name":"\u0000",)"
            R"("join_code":"\u0000","size":1,"origin":{"device_id":"\u0000"},"email_to":"\u0000","role":"\u0000"})" },
        { "nul in a key", json, R"({"email\u0000":"admin@reach.test","password":"x","a\u0000b":1})" },
        { "bad utf-8", json, "{\"email\":\"\xff\xfe\xc3\",\"password\":\"\xed\xa0\x80\",\"tenant\":\"\xc0\xaf\"}" },
        { "lone surrogates", json, R"({"email":"\ud800@reach.test","password":"\udfff","tenant":"\ud800"})" },
        { "deep arrays", json, nested("[", "1", "]", 5000) },
        { "deep objects", json, nested("{\"a\":", "1", "}", 3000) },
        { "broken json", json, "{\"email\":" },
        { "not an object", json, "[1,2,3]" },
        { "json null", json, "null" },
        { "wrong types", json,
            R"({"tenant":{},"email":5,"password":[],"totp":true,"device_id":1e308,"refresh_token":{"a":1},)"
            R"("retry_key":[1],"size":-1,"origin":"x","join_code":null,"role":7,"device_name":[[]]})" },
        { "huge numbers", json,
            R"({"size":1e400,"email":"nobody@reach.test","password":"x","tenant":"reach","totp":1e400})" },
        { "large json", json, "{\"email\":\"" + QByteArray(600 * 1024, 'a') + "\"}" },
        // Under the body limit, over what an index entry holds (the throttle's key was one).
        // (random letters: a repeated one compresses into an index entry)
        { "long sign-in fields", json,
            "{\"tenant\":\"" + letters(3000) + "\",\"email\":\"" + letters(4000) + "@x.test\",\"password\":\""
                + letters(3000) + "\"}" },
        { "empty", {}, {} },
        { "form with nul", "application/x-www-form-urlencoded",
            "email=a%00b%40x.test&name=%FF%FE&first_name=%00&consent=%00&website=&token=%00&action=%00" },
        { "broken multipart", "multipart/form-data; boundary=xyz",
            QByteArray("--xyz\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"a\0b.pdf\"\r\n\r\n%PDF\0\r\n--xy",
                80) },
        { "random bytes", cbor, random },
        { "cbor push with nul", cbor, push.toCbor() },
        { "cbor audit with nul", cbor, audit.toCbor() },
        { "cbor deep", cbor, nested(QByteArray(1, char(0x81)), QByteArray(1, char(0)), {}, 20000) },
        { "cbor wrong types", cbor, wrongTypes.toCborValue().toCbor() },
        // A byte string that claims 2^64 - 1 bytes.
        { "cbor huge length", cbor, QByteArray::fromHex("5bffffffffffffffff00") },
    };
}

// The path of an OpenAPI path template with {tenant}, {job} and each other {argument} filled in.
QString fill(QString path, const QString& tenant, const QString& job, const QString& value)
{
    path.replace(QStringLiteral("{tenant}"), tenant).replace(QStringLiteral("{job}"), job);
    static const QRegularExpression argument(QStringLiteral("\\{[a-z0-9_]+\\}"));
    return path.replace(argument, value);
}
} // namespace

class TestHostile : public QObject, public test::ReachServer {
    Q_OBJECT

    quint16 m_port = 0;
    QString m_job; // a published job of the tenant "reach"
    QString m_access;
    QString m_device;
    QStringList m_failures;
    int m_sent = 0;

    // One request with BODY; a 5xx, no answer, or a 4xx without a problem document is noted.
    void attack(const QByteArray& verb, const QString& path, const Hostile& body, const QString& bearer)
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)));
        if (!bearer.isEmpty()) req.setRawHeader("Authorization", "Bearer " + bearer.toLatin1());
        if (!body.contentType.isEmpty()) req.setRawHeader("Content-Type", body.contentType);
        // A new address each time (from the loopback proxy), so per-address limits (the job
        // board's) do not answer in place of the handler.
        req.setRawHeader("X-Forwarded-For", "2001:db8::" + QByteArray::number(++m_sent, 16));
        QNetworkReply* reply = nam.sendCustomRequest(req, verb, body.body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished()) done.wait(15000);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray type = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        const QByteArray answer = reply->readAll();
        reply->deleteLater();
        const QString what = QStringLiteral("%1 %2 [%3%4]: ")
                                 .arg(QString::fromLatin1(verb), path, QString::fromLatin1(body.name),
                                     bearer.isEmpty() ? QString() : QStringLiteral(", signed in"));
        if (qEnvironmentVariableIsSet("RD_HOSTILE_TRACE"))
            qInfo("%s%d %s", qPrintable(what), status, answer.left(200).constData());
        if (status == 0) {
            m_failures << what + QStringLiteral("no answer");
        } else if (status >= 500) {
            m_failures << what + QString::number(status) + QLatin1Char(' ') + QString::fromUtf8(answer.left(300));
        } else if (status >= 400) {
            // The API answers problem documents; the pages people open in a browser answer
            // a page in their language.
            const bool page = path.startsWith(QLatin1String("/jobs/")) || path.startsWith(QLatin1String("/confirm/"))
                || path.startsWith(QLatin1String("/unsubscribe/"));
            const QJsonObject problem = QJsonDocument::fromJson(answer).object();
            const bool isProblem = type == "application/problem+json"
                && !problem.value(QStringLiteral("code")).toString().isEmpty()
                && problem.value(QStringLiteral("status")).toInt() == status;
            if (!isProblem && !(page && type.startsWith("text/html")))
                m_failures << what + QStringLiteral("%1 without a problem document (%2)")
                                         .arg(status)
                                         .arg(QString::fromLatin1(type));
        }
    }

private slots:
    void initTestCase()
    {
        const QString started = startReach();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        m_port = quint16(QUrl(m_url).port());
        auto job = m_laptop->ws->postings().create(m_admin,
            { { QStringLiteral("title"), QStringLiteral("Night-shift nurse") },
                { QStringLiteral("description"), QStringLiteral("Care for patients at night.") } });
        RD_VERIFY_OK(job);
        m_job = job.value().id;
        RD_VERIFY_OK(m_laptop->ws->postings().publish(m_admin, m_job));
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(request("GET", m_port, QStringLiteral("/jobs/reach/") + m_job).status, 200);
        const Http login = post(m_port, QStringLiteral("/v1/auth/login"),
            { { QStringLiteral("tenant"), QStringLiteral("reach") },
                { QStringLiteral("email"), QStringLiteral("admin@reach.test") },
                { QStringLiteral("password"), test::kAdminPassword },
                { QStringLiteral("device_name"), QStringLiteral("Laptop") } });
        QCOMPARE(login.status, 200);
        m_access = login.json().value(QStringLiteral("access_token")).toString();
        m_device = login.json().value(QStringLiteral("device_id")).toString();
        QVERIFY(!m_access.isEmpty());
    }

    // The OpenAPI document lists every route the server answers, with its methods: the
    // attacks below reach every endpoint.
    void theDocumentListsEveryRoute()
    {
        const QJsonObject paths
            = request("GET", m_port, QStringLiteral("/v1/openapi.json")).json().value(QStringLiteral("paths")).toObject();
        const QMap<QString, QStringList> routes = m_app->routes();
        QVERIFY(routes.size() >= 20);
        QCOMPARE(QStringList(paths.keys()), QStringList(routes.keys()));
        for (auto it = routes.begin(); it != routes.end(); ++it) {
            QStringList methods;
            for (const QString& m : it.value())
                methods << m.toLower();
            methods.sort();
            QCOMPARE(paths.value(it.key()).toObject().keys(), methods);
        }
    }

    // Each body on each endpoint and method the OpenAPI document lists, with path arguments
    // that exist (the tenant) and that are hostile themselves, signed in and not.
    void everyEndpointRefusesHostileBodies()
    {
        const Http api = request("GET", m_port, QStringLiteral("/v1/openapi.json"));
        QCOMPARE(api.status, 200);
        const QJsonObject paths = api.json().value(QStringLiteral("paths")).toObject();
        QVERIFY(paths.size() >= 20);
        for (const char* p : { "/v1/auth/login", "/v1/sync/push", "/jobs/{tenant}/{job}", "/sms/inbound" })
            QVERIFY2(paths.contains(QLatin1String(p)), p);
        const QList<Hostile> bodies = hostileBodies(m_device);
        int sent = 0;
        for (auto it = paths.begin(); it != paths.end(); ++it) {
            QStringList targets { fill(it.key(), QStringLiteral("reach"), m_job, QString(64, QLatin1Char('0'))) };
            if (it.key().contains(QLatin1Char('{')))
                targets << fill(it.key(), QStringLiteral("%00"), QStringLiteral("%00"), QStringLiteral("%FF%00x"));
            for (const QString& method : it.value().toObject().keys()) {
                const QByteArray verb = method.toUpper().toLatin1();
                for (const QString& target : targets) {
                    for (const QString& bearer : { QString(), m_access }) {
                        for (const Hostile& body : bodies) {
                            attack(verb, target, body, bearer);
                            ++sent;
                        }
                    }
                }
            }
        }
        qInfo("%d hostile requests", sent);
        QVERIFY2(m_failures.isEmpty(), qPrintable(m_failures.join(QLatin1Char('\n'))));
        QCOMPARE(request("GET", m_port, QStringLiteral("/health")).status, 200);
    }

    // Query strings: NUL, bad UTF-8, numbers out of range, on every GET.
    void everyEndpointRefusesHostileQueries()
    {
        m_failures.clear();
        const QJsonObject paths
            = request("GET", m_port, QStringLiteral("/v1/openapi.json")).json().value(QStringLiteral("paths")).toObject();
        const QStringList queries { QStringLiteral("?after=%00&limit=%FF&scope=%00&epoch=%00&seen=%00&offset=%00"),
            QStringLiteral("?after=99999999999999999999999&limit=-1&offset=-5&length=0&schema_version=%00"),
            QStringLiteral("?lang=%00&q=%FF%FE&page=%00&token=%00&join=%00"),
            QStringLiteral("?scope=") + QString(4000, QLatin1Char('a')) };
        const Hostile none { "query", {}, {} };
        for (auto it = paths.begin(); it != paths.end(); ++it)
            for (const QString& method : it.value().toObject().keys())
                for (const QString& query : queries)
                    for (const QString& bearer : { QString(), m_access })
                        attack(method.toUpper().toLatin1(),
                            fill(it.key(), QStringLiteral("reach"), m_job, QStringLiteral("x")) + query, none, bearer);
        QVERIFY2(m_failures.isEmpty(), qPrintable(m_failures.join(QLatin1Char('\n'))));
        QCOMPARE(request("GET", m_port, QStringLiteral("/health")).status, 200);
    }

    // A value PostgreSQL refuses (SQLSTATE class 22: a NUL character, a malformed number) is
    // the request's fault, whatever check missed it: 400, never "try again later".
    void anUnstorableValueIsTheClientsError()
    {
        auto nul = m_db->select(QStringLiteral("SELECT ?::text"), { QStringLiteral("a") + QChar(0) + QStringLiteral("b") });
        QVERIFY(!nul.ok());
        QCOMPARE(nul.error().code, ErrorCode::ValidationFailed);
        QCOMPARE(nul.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("unstorable_value"));
        auto number = m_db->select(QStringLiteral("SELECT ?::integer"), { QStringLiteral("twelve") });
        QCOMPARE(number.error().code, ErrorCode::ValidationFailed);
        QVERIFY(!number.error().message.contains(QLatin1String("twelve"))); // no driver words for the client
        // The server's own trouble stays a storage error.
        QCOMPARE(m_db->select(QStringLiteral("SELECT * FROM no_such_table")).error().code, ErrorCode::StorageError);
    }

    // Guesses sent in parallel meet the same limit as guesses one after another: the attempt
    // is counted in the statement that checks the limit (a check made before any failure was
    // written let every parallel guess through).
    void parallelGuessesMeetTheLimit()
    {
        server::AuthService auth(*m_db);
        RD_VERIFY_OK(auth.addUser(QStringLiteral("reach"), QStringLiteral("guess@reach.test"), password,
            QStringLiteral("recruiter")));
        constexpr int kGuesses = 16;
        std::atomic<int> refused { 0 }, locked { 0 }, other { 0 };
        {
            QThreadPool pool;
            pool.setMaxThreadCount(8);
            for (int i = 0; i < kGuesses; ++i)
                pool.start([&, i] {
                    auto r = auth.signIn({ QStringLiteral("reach"), QStringLiteral("guess@reach.test"),
                        QStringLiteral("Wrong-Horse-Battery-%1").arg(i), {}, {}, {}, QStringLiteral("192.0.2.%1").arg(i) });
                    if (r.ok()) ++other;
                    else if (r.error().code == ErrorCode::AuthFailed) ++refused;
                    else if (r.error().code == ErrorCode::LockedOut) ++locked;
                    else ++other;
                });
            pool.waitForDone();
        }
        QCOMPARE(other.load(), 0);
        QCOMPARE(refused.load(), server::AuthService::kAccountFailures);
        QCOMPARE(locked.load(), kGuesses - server::AuthService::kAccountFailures);
        // The right password waits for the window too.
        QCOMPARE(auth.signIn({ QStringLiteral("reach"), QStringLiteral("guess@reach.test"), password, {}, {}, {}, {} })
                     .error()
                     .code,
            ErrorCode::LockedOut);
    }

    // Leaving the workspace out of the sign-in gives the account no second allowance.
    void theWorkspaceLeftOutSharesTheLimit()
    {
        server::AuthService auth(*m_db);
        RD_VERIFY_OK(auth.addUser(QStringLiteral("reach"), QStringLiteral("twice@reach.test"), password, QStringLiteral("viewer")));
        for (int i = 0; i < server::AuthService::kAccountFailures; ++i)
            QCOMPARE(auth.signIn({ QStringLiteral("reach"), QStringLiteral("twice@reach.test"), QStringLiteral("Wrong-Horse-%1").arg(i), {}, {},
                                     {}, QStringLiteral("192.0.2.200") })
                         .error()
                         .code,
                ErrorCode::AuthFailed);
        QCOMPARE(auth.signIn({ {}, QStringLiteral("twice@reach.test"), QStringLiteral("Wrong-Horse-x"), {}, {}, {}, QStringLiteral("192.0.2.201") })
                     .error()
                     .code,
            ErrorCode::LockedOut);
    }

    // A job board application with NUL characters (in a field, the file's name, a text CV after
    // its first 64 KiB) is stored without them, or refused: never "try again later".
    void jobBoardApplicationsWithNulCharacters()
    {
        const auto apply = [&](const QByteArray& firstName, const QByteArray& fileName, const QByteArray& cv) {
            const QByteArray b = "nul-boundary";
            QByteArray body;
            const auto field = [&](const QByteArray& name, const QByteArray& value) {
                body += "--" + b + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
            };
            field("first_name", firstName);
            field("last_name", "Null");
            field("email", "nul" + QByteArray::number(++m_sent) + "@example.org");
            body += "--" + b + "\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/plain\r\n\r\n" + cv + "\r\n--" + b + "--\r\n";
            QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/jobs/reach/%2").arg(m_port).arg(m_job)));
            req.setRawHeader("Content-Type", "multipart/form-data; boundary=" + b);
            req.setRawHeader("X-Forwarded-For", "2001:db8:1::" + QByteArray::number(m_sent, 16));
            QNetworkReply* reply = nam.post(req, body);
            QSignalSpy done(reply, &QNetworkReply::finished);
            if (!reply->isFinished()) done.wait(15000);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->deleteLater();
            return status;
        };
        QCOMPARE(apply(QByteArray("Ada\0x", 5), "cv.txt", "Ada Null\nWelder"), 200);
        QCOMPARE(apply("Bea", QByteArray("a\0b.txt", 7), "Bea Null\nWelder"), 200);
        QCOMPARE(apply("Cy", "cv.txt", QByteArray(70000, 'A') + QByteArray(1, '\0') + "B"), 200);
        QVERIFY(m_db->begin().ok());
        QVERIFY(m_db->scopeToTenant(m_tenantId).ok());
        auto stored = m_db->select(QStringLiteral("SELECT (SELECT count(*) FROM entity_state WHERE tenant_id = ? AND entity = 'candidates' AND "
                                                  "fields->>'first_name' = 'Adax'), (SELECT count(*) FROM entity_state WHERE tenant_id = ? AND "
                                                  "entity = 'attachments' AND fields->>'file_name' = 'ab.txt')"),
            { m_tenantId, m_tenantId });
        m_db->rollback();
        RD_VERIFY_OK(stored);
        QCOMPARE(stored.value().first().value(0).toInt(), 1);
        QCOMPARE(stored.value().first().value(1).toInt(), 1);
    }

    // A suspended workspace gets no new tokens (it got none from sign-in, and its requests
    // were refused; a refresh still renewed them). Nothing is spent meanwhile.
    void aSuspendedTenantRenewsNothing()
    {
        const Http login = post(m_port, QStringLiteral("/v1/auth/login"),
            { { QStringLiteral("tenant"), QStringLiteral("reach") },
                { QStringLiteral("email"), QStringLiteral("admin@reach.test") },
                { QStringLiteral("password"), test::kAdminPassword },
                { QStringLiteral("device_name"), QStringLiteral("Tablet") } });
        QCOMPARE(login.status, 200);
        const QJsonObject renewal { { QStringLiteral("refresh_token"),
                                        login.json().value(QStringLiteral("refresh_token")).toString() },
            { QStringLiteral("retry_key"), QStringLiteral("suspended-renewal-1") } };
        QVERIFY(m_db->exec(QStringLiteral("UPDATE tenants SET status = 'suspended' WHERE id = ?"), { m_tenantId }).ok());
        const Http refused = post(m_port, QStringLiteral("/v1/auth/refresh"), renewal);
        QVERIFY(m_db->exec(QStringLiteral("UPDATE tenants SET status = 'active' WHERE id = ?"), { m_tenantId }).ok());
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.json().value(QStringLiteral("code")).toString(), QStringLiteral("tenant_suspended"));
        QCOMPARE(post(m_port, QStringLiteral("/v1/auth/refresh"), renewal).status, 200);
    }

    // The server calls no private, loopback or link-local address for a tenant unless its
    // admin allows the range; a plain http call goes to the address that was checked.
    void outboundCallsReachPublicAddressesOnly_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("allowed");
        QTest::addColumn<QString>("expect"); // "refused", or the URL called and its Host header
        QTest::newRow("loopback") << "http://127.0.0.1:8080/hook" << "" << "refused";
        QTest::newRow("localhost") << "http://localhost/hook" << "" << "refused";
        QTest::newRow("cloud metadata") << "http://169.254.169.254/latest/meta-data/" << "" << "refused";
        QTest::newRow("private") << "https://10.1.2.3/hook" << "" << "refused";
        QTest::newRow("shared (CGNAT)") << "http://100.64.0.1/" << "" << "refused";
        QTest::newRow("IPv6 loopback") << "http://[::1]:9000/" << "" << "refused";
        QTest::newRow("IPv4-mapped") << "http://[::ffff:192.168.0.1]/" << "" << "refused";
        QTest::newRow("IPv6 unique local") << "http://[fd00::1]/" << "" << "refused";
        QTest::newRow("unspecified") << "http://0.0.0.0:8080/" << "" << "refused";
        QTest::newRow("IPv4-compatible") << "http://[::7f00:1]/" << "" << "refused";
        QTest::newRow("6to4 of loopback") << "http://[2002:7f00:1::1]/" << "" << "refused";
        QTest::newRow("decimal loopback") << "http://2130706433/" << "" << "refused";
        QTest::newRow("user info") << "http://evil.example@127.0.0.1/" << "" << "refused";
        QTest::newRow("local NAT64") << "http://[64:ff9b:1::7f00:1]/" << "" << "refused";
        QTest::newRow("user info is no part of the Host header")
            << "http://u:p@localhost:8080/hook" << "127.0.0.0/8, ::1" << "http://u:p@127.0.0.1:8080/hook localhost:8080";
        QTest::newRow("not http") << "file:///etc/passwd" << "" << "refused";
        QTest::newRow("public") << "https://93.184.216.34/hook" << "" << "https://93.184.216.34/hook ";
        QTest::newRow("allowed loopback") << "http://127.0.0.1:8080/hook" << "127.0.0.1/32"
                                          << "http://127.0.0.1:8080/hook ";
        QTest::newRow("a name is pinned to its checked address")
            << "http://localhost:8080/hook" << "127.0.0.0/8, ::1" << "http://127.0.0.1:8080/hook localhost:8080";
        QTest::newRow("allowed elsewhere only") << "http://127.0.0.1/" << "10.0.0.0/8" << "refused";
    }
    void outboundCallsReachPublicAddressesOnly()
    {
        QFETCH(QString, url);
        QFETCH(QString, allowed);
        QFETCH(QString, expect);
        auto subnets = outbound::parseAllowed(allowed);
        RD_VERIFY_OK(subnets);
        auto target = outbound::check(QUrl(url), subnets.value());
        if (expect == QLatin1String("refused")) {
            QVERIFY(!target.ok());
            QCOMPARE(target.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("outbound_refused"));
            return;
        }
        RD_VERIFY_OK(target);
        QCOMPARE(target.value().url.toString() + QLatin1Char(' ') + QString::fromUtf8(target.value().host), expect);
    }

    // Token signing keys are sealed with the server's key file: a copy of the database alone
    // signs nothing. `keys rotate` makes a new key; the old one verifies its tokens for their
    // lifetime, then none.
    void signingKeysAreSealedAndRotate()
    {
        const QString keyFile = m_config.secretsKeyFile;
        auto stored = m_db->select(QStringLiteral("SELECT kid, sealed, length(seed) FROM signing_keys WHERE retired_at IS NULL"));
        RD_VERIFY_OK(stored);
        QCOMPARE(stored.value().size(), 1);
        QVERIFY(stored.value().first().value(1).toBool());
        QVERIFY(stored.value().first().value(2).toInt() > 32); // not the 32-byte seed
        const QString oldKid = stored.value().first().value(0).toString();
        const server::SignInRequest admin { QStringLiteral("reach"), QStringLiteral("admin@reach.test"), test::kAdminPassword,
            {}, {}, QStringLiteral("Keys"), {} };
        auto withoutKeyFile = server::AuthService(*m_db).signIn(admin);
        QVERIFY(!withoutKeyFile.ok());
        QCOMPARE(withoutKeyFile.error().code, ErrorCode::CryptoError);
        // What `serve` checks at start (it exits 3 instead of failing every sign-in later), and
        // no rotation without the key file (the new key would be stored in the clear).
        QCOMPARE(server::AuthService(*m_db).signingKeyCheck().error().code, ErrorCode::CryptoError);
        RD_VERIFY_OK(server::AuthService(*m_db, keyFile).signingKeyCheck());
        QCOMPARE(server::AuthService(*m_db).rotateKey().error().code, ErrorCode::ValidationFailed);
        // One current key at most, whoever inserts it.
        QVERIFY(!m_db->exec(QStringLiteral("INSERT INTO signing_keys (kid, seed, public_key) VALUES ('second', 'x', 'x')")).ok());

        const QString before = m_access;
        server::AuthService auth(*m_db, keyFile);
        auto rotated = auth.rotateKey();
        RD_VERIFY_OK(rotated);
        QCOMPARE(rotated.value().value(QStringLiteral("retired")).toArray(), QJsonArray { oldKid });
        const QString newKid = rotated.value().value(QStringLiteral("kid")).toString();
        QVERIFY(newKid != oldKid);
        auto after = auth.signIn(admin);
        RD_VERIFY_OK(after);
        QVERIFY(auth.verify(after.value().accessToken).ok());
        const QJsonObject header = QJsonDocument::fromJson(
            QByteArray::fromBase64(after.value().accessToken.toLatin1().split('.').first(), QByteArray::Base64UrlEncoding))
                                       .object();
        QCOMPARE(header.value(QStringLiteral("kid")).toString(), newKid);
        QVERIFY(auth.verify(before).ok()); // within the grace period
        QVERIFY(m_db->exec(QStringLiteral("UPDATE signing_keys SET retired_at = now() - make_interval(secs => ?) WHERE kid = ?"),
                        { double(server::AuthService::kKeyGraceSeconds + 1), oldKid })
                    .ok());
        QCOMPARE(auth.verify(before).error().code, ErrorCode::AuthFailed);
        QCOMPARE(request("GET", m_port, QStringLiteral("/v1/sync/pull?after=0&limit=1&schema_version=%1").arg(sync::kProtocolVersion),
                     {}, {}, before)
                     .status,
            401);
        auto keys = auth.signingKeys();
        RD_VERIFY_OK(keys);
        QCOMPARE(keys.value().size(), 2);
        QCOMPARE(keys.value().first().toObject().value(QStringLiteral("verifies")).toBool(), false);
        QCOMPARE(keys.value().last().toObject().value(QStringLiteral("verifies")).toBool(), true);
        m_access = after.value().accessToken;

        // A key made without a key file is sealed the first time a server with one uses it.
        PgDatabase plainDb(PgUrl::parse(freshDatabase()).value());
        QVERIFY(plainDb.migrate().ok());
        server::AuthService plain(plainDb);
        RD_VERIFY_OK(plain.createTenant(QStringLiteral("Plain"), QStringLiteral("agency"), QStringLiteral("p@plain.test"), password));
        const server::SignInRequest p { QStringLiteral("plain"), QStringLiteral("p@plain.test"), password, {}, {}, {}, {} };
        auto early = plain.signIn(p);
        RD_VERIFY_OK(early);
        QCOMPARE(plainDb.select(QStringLiteral("SELECT sealed FROM signing_keys")).value().first().value(0).toBool(), false);
        server::AuthService sealing(plainDb, keyFile);
        RD_VERIFY_OK(sealing.signIn(p));
        QCOMPARE(plainDb.select(QStringLiteral("SELECT sealed FROM signing_keys")).value().first().value(0).toBool(), true);
        QVERIFY(sealing.verify(early.value().accessToken).ok()); // the same key, sealed
    }

    // After all of that the tenant still signs in and syncs.
    void theServerKeepsServing()
    {
        const Http login = post(m_port, QStringLiteral("/v1/auth/login"),
            { { QStringLiteral("tenant"), QStringLiteral("reach") },
                { QStringLiteral("email"), QStringLiteral("admin@reach.test") },
                { QStringLiteral("password"), test::kAdminPassword },
                { QStringLiteral("device_name"), QStringLiteral("Second laptop") } });
        QCOMPARE(login.status, 200);
        const Http pull = request("GET", m_port, QStringLiteral("/v1/sync/pull?after=0&limit=10&schema_version=%1")
                                                     .arg(sync::kProtocolVersion),
            {}, {}, login.json().value(QStringLiteral("access_token")).toString());
        QCOMPARE(pull.status, 200);
    }

};

QTEST_GUILESS_MAIN(TestHostile)
#include "test_hostile.moc"
