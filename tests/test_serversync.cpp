// The sync server's sign-in, push/pull and audit replication against a real PostgreSQL (the
// pgfixture cluster), through its HTTP API.
#include "crypto/crypto.h"
#include "servertest.h"

#include <QMutex>
#include <QScopeGuard>
#include <QThreadPool>
#include "syncrows.h"

#include <QCborArray>
#include <QRandomGenerator>

using namespace rd;
using namespace rd::server;
using rd::test::Http;

class TestServerSync : public QObject, public test::ServerFixture {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(loadBaseUrl(), "RD_PG_INFO must name the pgfixture's info file (ctest sets it)"); }

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

        // A refresh whose answer was lost is retried with the same retry key: another pair; the
        // client may hold either (the request may simply have arrived twice), and the one it uses
        // retires the other. Without the key, reuse still ends all.
        {
            QJsonObject fresh = login;
            fresh.insert(QStringLiteral("device_id"), QUuid::createUuid().toString(QUuid::WithoutBraces));
            const Http in = post(port, QStringLiteral("/v1/auth/login"), fresh);
            QCOMPARE(in.status, 200);
            QCOMPARE(in.json().value(QStringLiteral("device_id")).toString(),
                fresh.value(QStringLiteral("device_id")).toString());
            const QJsonObject ask { { QStringLiteral("refresh_token"),
                                        in.json().value(QStringLiteral("refresh_token")) },
                { QStringLiteral("retry_key"), QStringLiteral("k-123") } };
            const Http lost = post(port, QStringLiteral("/v1/auth/refresh"), ask);
            QCOMPARE(lost.status, 200);
            const Http retried = post(port, QStringLiteral("/v1/auth/refresh"), ask);
            QCOMPARE(retried.status, 200);
            // The client got the first answer after all: it works, and retires the retry's pair.
            const Http used = post(port, QStringLiteral("/v1/auth/refresh"),
                { { QStringLiteral("refresh_token"), lost.json().value(QStringLiteral("refresh_token")) } });
            QCOMPARE(used.status, 200);
            QCOMPARE(post(port, QStringLiteral("/v1/auth/refresh"),
                         { { QStringLiteral("refresh_token"), used.json().value(QStringLiteral("refresh_token")) } })
                         .status,
                200);
            QJsonObject wrongKey = ask;
            wrongKey.insert(QStringLiteral("retry_key"), QStringLiteral("guess"));
            QCOMPARE(post(port, QStringLiteral("/v1/auth/refresh"), wrongKey).status, 401);
            QCOMPARE(post(port, QStringLiteral("/v1/auth/refresh"),
                         { { QStringLiteral("refresh_token"), retried.json().value(QStringLiteral("refresh_token")) } })
                         .status,
                401); // the wrong key was a reuse: the family ended

            // The same refresh arriving twice at the same moment: both answered, the sign-in lives.
            const Http in2 = post(port, QStringLiteral("/v1/auth/login"), fresh);
            const QByteArray twice = QJsonDocument(QJsonObject { { QStringLiteral("refresh_token"),
                                                                  in2.json().value(QStringLiteral("refresh_token")) },
                                                       { QStringLiteral("retry_key"), QStringLiteral("k-456") } })
                                         .toJson(QJsonDocument::Compact);
            QList<QNetworkReply*> both;
            for (int i = 0; i < 2; ++i) {
                QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/auth/refresh").arg(port)));
                req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
                both << nam.post(req, twice);
            }
            QStringList tokens;
            for (QNetworkReply* reply : std::as_const(both)) {
                QSignalSpy done(reply, &QNetworkReply::finished);
                QVERIFY(reply->isFinished() || done.wait(10000));
                QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
                tokens << QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("refresh_token")).toString();
                reply->deleteLater();
            }
            QCOMPARE(post(port, QStringLiteral("/v1/auth/refresh"), { { QStringLiteral("refresh_token"), tokens.first() } })
                         .status,
                200);
        }

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
        QCOMPARE(devices.value().size(), 3); // with the one registered under its own id above

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
        // A device names itself by a UUID in its canonical form only: anything else (a known id
        // with a suffix, braces, capitals) gets a new id from the server, never itself.
        for (const QString& odd : { d1.deviceId + QStringLiteral(":x"), QStringLiteral("{%1}").arg(d1.deviceId),
                 d1.deviceId.toUpper(), QStringLiteral("not-a-uuid") }) {
            auto t = auth.signIn({ QStringLiteral("acme"), QStringLiteral("rec@acme.test"), password, {}, odd,
                QStringLiteral("test"), {} });
            RD_VERIFY_OK(t);
            QVERIFY2(t.value().deviceId != odd && !t.value().deviceId.contains(d1.deviceId, Qt::CaseInsensitive),
                qPrintable(t.value().deviceId));
            QCOMPARE(QUuid::fromString(t.value().deviceId).toString(QUuid::WithoutBraces), t.value().deviceId);
        }
        ServerConfig config;
        config.listenPort = 0;
        config.workers = 2;
        HttpApp app(config, db);
        const quint16 port = app.listen().value();

        using test::change;
        const QString ws = QStringLiteral("ws-acme");
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

        // The admin's first upload: the workspace's identity rows (S records).
        qint64 devSeq = 1;
        const QList<sync::ChangeRecord> seed = test::workspaceSeed(ws,
            { { QStringLiteral("boss@acme.test"), QStringLiteral("admin") },
                { QStringLiteral("rec@acme.test"), QStringLiteral("recruiter") } },
            devSeq);
        const qint64 S = seed.size();
        const auto seeded = sync::PushResponse::fromCbor(push(d1, seed).body).value();
        QCOMPARE(seeded.accepted, int(S));
        QVERIFY(seeded.refused.isEmpty());
        const QList<sync::ChangeRecord> batch { change(S + 1, QStringLiteral("candidates"), QStringLiteral("c1"),
                                                    QStringLiteral("insert"), test::candidateRow(ws, QStringLiteral("c1"), QStringLiteral("Ada"), QStringLiteral("L"))),
            change(S + 2, QStringLiteral("candidates"), QStringLiteral("c1"), QStringLiteral("update"),
                { { QStringLiteral("headline"), QStringLiteral("Engineer") } }, S),
            change(S + 3, QStringLiteral("job_postings"), QStringLiteral("j1"), QStringLiteral("insert"),
                test::jobRow(ws, QStringLiteral("j1"), QStringLiteral("Qt dev"))) };
        const Http first = push(d1, batch);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.contentType, QByteArray("application/cbor"));
        auto r1 = sync::PushResponse::fromCbor(first.body).value();
        QCOMPARE(r1.accepted, 3);
        QCOMPARE(r1.serverSeq, S + 3);
        QCOMPARE(r1.lastDevSeq, S + 3);
        // A retried batch changes nothing.
        auto again = sync::PushResponse::fromCbor(push(d1, batch).body).value();
        QCOMPARE(again.accepted, 0);
        QCOMPARE(again.duplicates, 3);
        QCOMPARE(again.serverSeq, S + 3);

        // Pull in server order, in pages.
        const sync::PullResponse all = pull(d2, S);
        QCOMPARE(all.changes.size(), 3);
        QCOMPARE(all.changes[0].serverSeq, S + 1);
        QCOMPARE(all.changes[2].serverSeq, S + 3);
        QCOMPARE(all.changes[1].fields.value(QStringLiteral("headline")).toString(), QStringLiteral("Engineer"));
        // A colleague's device id is not shown (with it, anyone could claim that device's
        // registration after a server restore lost it): an opaque name, the same in every pull.
        // A device's own changes show its own id.
        QVERIFY(!all.changes[0].deviceId.isEmpty());
        QVERIFY(!all.changes[0].deviceId.contains(d1.deviceId));
        QCOMPARE(pull(d2, S).changes[0].deviceId, all.changes[0].deviceId);
        QCOMPARE(pull(d1, S).changes[0].deviceId, d1.deviceId);
        // The pull's seen= fingerprint takes the names as shown: a colleague's real id there is
        // a mismatch, guessed right or not (no way to confirm a guess).
        auto seenStatus = [&](const QString& device) {
            return request("GET", port,
                QStringLiteral("/v1/sync/pull?after=%1&seen=%2:%3:%4")
                    .arg(S + 1)
                    .arg(S + 1)
                    .arg(device)
                    .arg(all.changes[0].devSeq),
                {}, {}, d2.accessToken)
                .status;
        };
        QCOMPARE(seenStatus(all.changes[0].deviceId), 200);
        QCOMPARE(seenStatus(d1.deviceId), 409);
        QCOMPARE(seenStatus(d2.deviceId), 409);
        QVERIFY(!all.epoch.isEmpty());
        QVERIFY(!all.more);
        QCOMPARE(all.next, S + 3);
        const sync::PullResponse page = pull(d2, S, 2);
        QCOMPARE(page.changes.size(), 2);
        QVERIFY(page.more);
        QCOMPARE(pull(d2, page.next, 2).changes.size(), 1);

        // Field versions decide: d2 saw seq 3 and renames; d1 (base 2) renames too without having
        // seen that, so d2's name stays and d1's is kept as the conflict (a stale value never
        // beats a newer one, whatever the order the laptops sync in).
        QCOMPARE(push(d2,
                     { change(1, QStringLiteral("candidates"), QStringLiteral("c1"), QStringLiteral("update"),
                         { { QStringLiteral("first_name"), QStringLiteral("Ada B") } }, S + 3) })
                     .status,
            200);
        auto raced = sync::PushResponse::fromCbor(
            push(d1,
                { change(S + 4, QStringLiteral("candidates"), QStringLiteral("c1"), QStringLiteral("update"),
                    { { QStringLiteral("first_name"), QStringLiteral("Adaline") } }, S + 2) })
                .body)
                         .value();
        QCOMPARE(raced.accepted, 1);
        QCOMPARE(raced.conflicts.size(), 1);
        QCOMPARE(raced.conflicts.first().field, QStringLiteral("first_name"));
        QCOMPARE(raced.conflicts.first().losingValue.toString(), QStringLiteral("Adaline"));
        QCOMPARE(raced.conflicts.first().losingServerSeq, S + 5);
        const sync::PullResponse withConflict = pull(d2, S + 3);
        QCOMPARE(withConflict.changes.size(), 2);
        QCOMPARE(withConflict.conflicts.size(), 1);
        // The change every device pulls carries the value that stayed (d1 puts it back).
        QCOMPARE(withConflict.changes.last().fields.value(QStringLiteral("first_name")).toString(), QStringLiteral("Ada B"));
        // A change that saw the other value is no conflict.
        QCOMPARE(sync::PushResponse::fromCbor(
                     push(d2,
                         { change(2, QStringLiteral("candidates"), QStringLiteral("c1"), QStringLiteral("update"),
                             { { QStringLiteral("first_name"), QStringLiteral("Ada") } }, S + 5) })
                         .body)
                     .value()
                     .conflicts.size(),
            0);
        // A delete is a tombstone that replicates.
        QCOMPARE(
            push(d2,
                { change(3, QStringLiteral("job_postings"), QStringLiteral("j1"), QStringLiteral("delete"), {}, S + 3) })
                .status,
            200);
        QCOMPARE(pull(d1, S + 6).changes.first().op, QStringLiteral("delete"));

        // Another tenant sees nothing; without a tenant in the transaction, nothing is visible.
        // (An ordinary pull makes no workspace for Beta either: only a joining one does.)
        QCOMPARE(pull(b1, 0).changes.size(), 0);
        QCOMPARE(db.select(QStringLiteral("SELECT count(*) FROM changes")).value().first().value(0).toInt(), 0);
        QCOMPARE(db.select(QStringLiteral("SELECT count(*) FROM entity_state")).value().first().value(0).toInt(), 0);

        // A device restored from a backup reuses numbers: refused, nothing applied, told where to go on.
        const Http reused = push(d1,
            { change(1, QStringLiteral("candidates"), QStringLiteral("c9"), QStringLiteral("insert"),
                { { QStringLiteral("first_name"), QStringLiteral("New") } }) });
        QCOMPARE(reused.status, 409);
        QCOMPARE(reused.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("reason")).toString(),
            QStringLiteral("dev_seq_reused"));
        QCOMPARE(
            reused.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("last_dev_seq")).toInt(), S + 4);
        QCOMPARE(pull(d1, 0).next, S + 7);
        // A cursor beyond the server's head never moves the server's timeline: the device is
        // told (the admin runs `recruitdesk-server restored` after restoring a backup).
        const Http ahead = request("GET", port, QStringLiteral("/v1/sync/pull?after=1000&limit=10"), {}, {}, d1.accessToken);
        QCOMPARE(ahead.status, 409);
        QCOMPARE(ahead.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("reason")).toString(),
            QStringLiteral("cursor_ahead"));
        QCOMPARE(pull(d1, 0).epoch, all.epoch);

        // Bad requests get a 4xx; the server keeps serving.
        QCOMPARE(
            request("POST", port, QStringLiteral("/v1/sync/push"), {}, "not cbor at all", d1.accessToken).status, 400);
        QCOMPARE(
            request("POST", port, QStringLiteral("/v1/sync/push"), {}, QCborValue(42).toCbor(), d1.accessToken).status,
            400);
        QCOMPARE(
            push(d1, { change(5, QStringLiteral("candidates"), QStringLiteral("c1"), QStringLiteral("explode"), {}) })
                .status,
            400);
        // Unknown entities and field names that are not column names are refused one by one
        // (the rest of a batch goes in); nothing of them is stored.
        // (a plausible name from a newer desktop); names that cannot be names refuse the batch.
        QCOMPARE(push(d1,
                     { change(S + 5, QStringLiteral("notes"), QStringLiteral("x"), QStringLiteral("insert"),
                         { { QStringLiteral("body; DROP TABLE notes"), 1 } }) })
                     .status,
            400);
        const Http unknown = push(d1,
            { change(S + 5, QStringLiteral("sqlite_master"), QStringLiteral("x"), QStringLiteral("insert"), {}),
                change(S + 6, QStringLiteral("notes"), QStringLiteral("x"), QStringLiteral("insert"),
                    test::noteRow(ws, QStringLiteral("x"), QStringLiteral("c1"), QStringLiteral("kept"))) });
        QCOMPARE(unknown.status, 200);
        const auto refusedOne = sync::PushResponse::fromCbor(unknown.body).value();
        QCOMPARE(refusedOne.accepted, 1);
        QCOMPARE(refusedOne.refused.size(), 1);
        QCOMPARE(refusedOne.refused[0].reason, QStringLiteral("unknown_entity"));
        QCOMPARE(refusedOne.refused[0].devSeq, S + 5);
        QCOMPARE(refusedOne.lastDevSeq, S + 6);
        QCOMPARE(refusedOne.serverSeq, S + 8);
        QCOMPARE(push(d1, {}, d2.deviceId).status, 403);
        const Http oldClient = push(d1, {}, {}, 99);
        QCOMPARE(oldClient.status, 400);
        QCOMPARE(
            oldClient.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("reason")).toString(),
            QStringLiteral("unsupported_schema"));
        // The current protocol version and the previous one are accepted; others are not.
        QCOMPARE(push(d1, {}, {}, sync::kProtocolVersion).status, 200);
        QCOMPARE(push(d1, {}, {}, sync::kProtocolVersion - 1).status, 200);
        QCOMPARE(push(d1, {}, {}, sync::kProtocolVersion + 1).status, 400);
        QCOMPARE(push(d1, {}, {}, 0).status, 400);
        QCOMPARE(request("GET", port,
                     QStringLiteral("/v1/sync/pull?after=0&schema_version=%1").arg(sync::kProtocolVersion - 1), {}, {},
                     d1.accessToken)
                     .status,
            200);
        QCOMPARE(request("GET", port,
                     QStringLiteral("/v1/sync/pull?after=0&schema_version=%1").arg(sync::kProtocolVersion + 1), {}, {},
                     d1.accessToken)
                     .status,
            400);
        QCOMPARE(request("POST", port, QStringLiteral("/v1/sync/push"), {}, sync::PushRequest {}.toCbor()).status, 401);
        QCOMPARE(request("GET", port, QStringLiteral("/v1/sync/pull?after=-1"), {}, {}, d1.accessToken).status, 400);
        QCOMPARE(request("GET", port, QStringLiteral("/health")).status, 200);

        // Concurrent pushes from two devices: server_seq stays gapless.
        QList<sync::ChangeRecord> many1, many2;
        for (int i = 0; i < 40; ++i) {
            many1 << change(S + 10 + i, QStringLiteral("notes"), QStringLiteral("n1-%1").arg(i), QStringLiteral("insert"),
                test::noteRow(ws, QStringLiteral("n1-%1").arg(i), QStringLiteral("c1"), QString::number(i)));
            many2 << change(10 + i, QStringLiteral("notes"), QStringLiteral("n2-%1").arg(i), QStringLiteral("insert"),
                test::noteRow(ws, QStringLiteral("n2-%1").arg(i), QStringLiteral("c1"), QString::number(i)));
        }
        SyncService direct(db);
        const AccessClaims c1 = auth.verify(d1.accessToken).value(), c2 = auth.verify(d2.accessToken).value();
        sync::PushRequest p1 { sync::kProtocolVersion, d1.deviceId, many1, false, {} },
            p2 { sync::kProtocolVersion, d2.deviceId, many2, false, {} };
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
        QCOMPARE(everything.changes.size(), S + 8 + 80);
        for (int i = 0; i < everything.changes.size(); ++i)
            QCOMPARE(everything.changes[i].serverSeq, qint64(i + 1));
    }

    // A desktop's real audit chain replicates append-only; gaps, forks and altered entries are
    // refused; the stored chains verify; the table refuses changes.
    // 100 tenants, each with its own rows: no row of one reaches another through push, pull or
    // audit (same row ids on purpose); malformed and hostile bodies get a 4xx, store nothing and
    // the server keeps serving.
    void hundredTenantsAndHostileBodies()
    {
        PgDatabase db(PgUrl::parse(freshDatabase()).value());
        QVERIFY(db.migrate().ok());
        server::AuthService auth(db);
        const int tenants = 100;
        QList<TokenPair> tokens;
        for (int i = 0; i < tenants; ++i) {
            QVERIFY(auth.createTenant(QStringLiteral("T%1").arg(i), QStringLiteral("agency"),
                            QStringLiteral("boss@t%1.test").arg(i), password)
                        .ok());
            tokens << auth.signIn({ QStringLiteral("t%1").arg(i), QStringLiteral("boss@t%1.test").arg(i), password, {},
                                      {}, QStringLiteral("t"), {} })
                          .value();
        }
        ServerConfig config;
        config.listenPort = 0;
        HttpApp app(config, db);
        const quint16 port = app.listen().value();
        auto pushAll = [&](int t, const QList<sync::ChangeRecord>& changes) {
            sync::PushRequest req;
            req.deviceId = tokens[t].deviceId;
            req.changes = changes;
            return request("POST", port, QStringLiteral("/v1/sync/push"), {}, req.toCbor(), tokens[t].accessToken);
        };
        auto push = [&](int t, qint64 devSeq, const QString& rowId, const QJsonObject& fields) {
            return pushAll(t, { test::change(devSeq, QStringLiteral("notes"), rowId, QStringLiteral("insert"), fields) });
        };
        const qint64 kSeed = 8; // 7 identity records and a candidate
        for (int t = 0; t < tenants; ++t) {
            const QString ws = QStringLiteral("ws-%1").arg(t);
            qint64 devSeq = 1;
            QList<sync::ChangeRecord> seed
                = test::workspaceSeed(ws, { { QStringLiteral("boss@t%1.test").arg(t), QStringLiteral("admin") } }, devSeq);
            seed << test::change(devSeq++, QStringLiteral("candidates"), QStringLiteral("c"), QStringLiteral("insert"),
                test::candidateRow(ws, QStringLiteral("c"), QStringLiteral("C%1").arg(t)));
            QCOMPARE(devSeq, kSeed + 1);
            QCOMPARE(pushAll(t, seed).status, 200);
            QCOMPARE(push(t, kSeed + 1, QStringLiteral("shared-id"),
                         test::noteRow(ws, QStringLiteral("shared-id"), QStringLiteral("c"), QStringLiteral("secret-%1").arg(t)))
                         .status,
                200);
            QCOMPARE(push(t, kSeed + 2, QStringLiteral("own-%1").arg(t),
                         test::noteRow(ws, QStringLiteral("own-%1").arg(t), QStringLiteral("c"), QStringLiteral("secret-%1").arg(t)))
                         .status,
                200);
        }
        for (int t = 0; t < tenants; ++t) {
            const Http h = request(
                "GET", port, QStringLiteral("/v1/sync/pull?after=0&limit=5000"), {}, {}, tokens[t].accessToken);
            QCOMPARE(h.status, 200);
            const sync::PullResponse page = sync::PullResponse::fromCbor(h.body).value();
            QCOMPARE(page.changes.size(), int(kSeed) + 2);
            for (const sync::ServerChange& c : page.changes) {
                if (c.entity == QLatin1String("notes"))
                    QCOMPARE(c.fields.value(QStringLiteral("body")).toString(), QStringLiteral("secret-%1").arg(t));
                QCOMPARE(c.fields.value(QStringLiteral("tenant_id")).toString(), QStringLiteral("ws-%1").arg(t));
            }
            // A row naming another tenant's workspace is refused for this tenant (it is bound to its own).
            const QString other = QStringLiteral("ws-%1").arg((t + 1) % tenants);
            const Http foreignRow = push(t, kSeed + 3, QStringLiteral("x"),
                test::noteRow(other, QStringLiteral("x"), QStringLiteral("c"), QStringLiteral("planted")));
            QCOMPARE(foreignRow.status, 200);
            const auto answer = sync::PushResponse::fromCbor(foreignRow.body).value();
            QCOMPARE(answer.accepted, 0);
            QCOMPARE(answer.refused.size(), 1);
            QCOMPARE(answer.refused.first().field, QStringLiteral("tenant_id"));
        }
        // A device's token cannot act as another tenant's device.
        sync::PushRequest foreign;
        foreign.deviceId = tokens[1].deviceId;
        QCOMPARE(
            request("POST", port, QStringLiteral("/v1/sync/push"), {}, foreign.toCbor(), tokens[0].accessToken).status,
            403);

        auto count = [&] {
            return db.select(QStringLiteral("SELECT count(*) FROM changes")).value().first().value(0).toLongLong();
        };
        const qint64 before = count();
        // Hostile bodies: random bytes, truncated CBOR, huge arrays, wrong types, injection strings.
        QRandomGenerator rng { 42u };
        sync::PushRequest valid;
        valid.deviceId = tokens[0].deviceId;
        for (int i = 0; i < 10; ++i) {
            sync::ChangeRecord c;
            c.devSeq = 100 + i;
            c.entity = QStringLiteral("notes");
            c.rowId = QStringLiteral("n%1").arg(i);
            c.op = QStringLiteral("insert");
            c.fields = { { QStringLiteral("tenant_id"), QStringLiteral("ws-0") } };
            valid.changes << c;
        }
        const QByteArray good = valid.toCbor();
        QList<QByteArray> bodies;
        for (int i = 0; i < 20; ++i) {
            QByteArray junk(int(rng.bounded(2000)) + 1, '\0');
            for (char& ch : junk)
                ch = char(rng.bounded(256));
            bodies << junk;
        }
        for (int cut = 1; cut < good.size(); cut += good.size() / 15 + 1)
            bodies << good.left(cut);
        QCborArray huge;
        for (int i = 0; i < 5001; ++i)
            huge << QCborMap { { QStringLiteral("dev_seq"), 100 + i } };
        bodies << QCborMap { { QStringLiteral("schema_version"), 1 },
            { QStringLiteral("device_id"), tokens[0].deviceId }, { QStringLiteral("changes"), huge } }
                      .toCborValue()
                      .toCbor();
        bodies << QCborMap { { QStringLiteral("schema_version"), QStringLiteral("one") },
            { QStringLiteral("device_id"), 7 }, { QStringLiteral("changes"), 3 } }
                      .toCborValue()
                      .toCbor();
        const QString injection = QStringLiteral("x'); DROP TABLE changes; --");
        for (const char* field : { "entity", "op" }) {
            QCborMap change = valid.changes.first().toCbor();
            change.insert(QString::fromLatin1(field), injection);
            bodies << QCborMap { { QStringLiteral("schema_version"), 1 },
                { QStringLiteral("device_id"), tokens[0].deviceId },
                { QStringLiteral("changes"), QCborArray { change } } }
                          .toCborValue()
                          .toCbor();
        }
        {
            QCborMap change = valid.changes.first().toCbor();
            change.insert(QStringLiteral("fields"), QCborMap { { injection, 1 } });
            bodies << QCborMap { { QStringLiteral("schema_version"), 1 },
                { QStringLiteral("device_id"), tokens[0].deviceId },
                { QStringLiteral("changes"), QCborArray { change } } }
                          .toCborValue()
                          .toCbor();
        }
        for (const QByteArray& body : std::as_const(bodies)) {
            const Http h = request("POST", port, QStringLiteral("/v1/sync/push"), {}, body, tokens[0].accessToken);
            QVERIFY2(h.status >= 400 && h.status < 500,
                qPrintable(QStringLiteral("status %1 for %2 bytes of %3: %4")
                               .arg(h.status)
                               .arg(body.size())
                               .arg(good.size())
                               .arg(QString::fromUtf8(h.body.left(300)))));
            QCOMPARE(count(), before); // nothing partial
            QCOMPARE(
                request("POST", port, QStringLiteral("/v1/sync/audit"), {}, body, tokens[0].accessToken).status / 100,
                4);
        }
        // An injection string as a row id or a value is just data: stored and returned as it was.
        QCOMPARE(push(0, kSeed + 4, injection, test::noteRow(QStringLiteral("ws-0"), injection, QStringLiteral("c"), injection))
                     .status,
            200);
        const Http h = request("GET", port, QStringLiteral("/v1/sync/pull?after=%1&limit=10").arg(kSeed + 2), {}, {},
            tokens[0].accessToken);
        QCOMPARE(sync::PullResponse::fromCbor(h.body)
                     .value()
                     .changes.first()
                     .fields.value(QStringLiteral("body"))
                     .toString(),
            injection);
        QCOMPARE(sync::PullResponse::fromCbor(h.body).value().changes.first().rowId, injection);
        QCOMPARE(request("GET", port, QStringLiteral("/health")).status, 200);
    }

    // Attachment files: announced, sent in chunks, resumed at the offset the server reports,
    // verified against their name when complete, read in ranges, and never visible to
    // another tenant (which cannot spoil the first tenant's copy either).
    void blobsResumeVerifyAndStayInTheirTenant()
    {
        PgDatabase db(PgUrl::parse(freshDatabase()).value());
        QVERIFY(db.migrate().ok());
        server::AuthService auth(db);
        QVERIFY(auth.createTenant(
                        QStringLiteral("Acme"), QStringLiteral("agency"), QStringLiteral("boss@acme.test"), password)
                    .ok());
        QVERIFY(auth.createTenant(
                        QStringLiteral("Beta"), QStringLiteral("agency"), QStringLiteral("boss@beta.test"), password)
                    .ok());
        const TokenPair a = auth.signIn({ QStringLiteral("acme"), QStringLiteral("boss@acme.test"), password, {}, {},
                                            QStringLiteral("t"), {} })
                                .value();
        const TokenPair b = auth.signIn({ QStringLiteral("beta"), QStringLiteral("boss@beta.test"), password, {}, {},
                                            QStringLiteral("t"), {} })
                                .value();
        ServerConfig config;
        config.listenPort = 0;
        config.blobMaxBytes = 4 * 1024 * 1024;
        HttpApp app(config, db);
        const quint16 port = app.listen().value();

        const qint64 mib = 1024 * 1024;
        QByteArray file(3 * mib + 17, Qt::Uninitialized);
        QRandomGenerator gen(7);
        for (char& c : file)
            c = char(gen.bounded(256));
        const QString sha = crypto::sha256Hex(file);
        const QString path = QStringLiteral("/v1/blobs/") + sha;
        auto announce = [&](const TokenPair& t, qint64 size, const QString& p) {
            return post(port, p, { { QStringLiteral("size"), size } }, t.accessToken);
        };
        auto put = [&](const TokenPair& t, qint64 offset, const QByteArray& bytes) {
            return request("PUT", port, QStringLiteral("%1?offset=%2").arg(path).arg(offset), {}, bytes, t.accessToken);
        };
        auto get = [&](const TokenPair& t, qint64 offset, qint64 length) {
            return request("GET", port, QStringLiteral("%1?offset=%2&length=%3").arg(path).arg(offset).arg(length), {},
                {}, t.accessToken);
        };

        QCOMPARE(get(a, 0, 10).status, 404);
        QCOMPARE(request("GET", port, path).status, 401); // no token
        QCOMPARE(announce(a, 5 * mib, path).status, 413); // above blobs/max_mb
        QCOMPARE(announce(a, 10, QStringLiteral("/v1/blobs/not-a-hash")).status, 400);
        QCOMPARE(announce(a, 0, path).status, 400);
        Http h = announce(a, file.size(), path);
        QCOMPARE(h.status, 200);
        QCOMPARE(h.json().value(QStringLiteral("received")).toInteger(), 0);
        QCOMPARE(h.json().value(QStringLiteral("complete")).toBool(), false);
        h = put(a, 0, file.left(mib));
        QCOMPARE(h.status, 200);
        QCOMPARE(h.json().value(QStringLiteral("received")).toInteger(), mib);
        // After a crash the device asks again and continues where the server is.
        h = announce(a, file.size(), path);
        QCOMPARE(h.json().value(QStringLiteral("received")).toInteger(), mib);
        h = put(a, 0, file.left(mib)); // a retried chunk the server already has
        QCOMPARE(h.status, 409);
        QCOMPARE(h.json().value(QStringLiteral("code")).toString(), QStringLiteral("conflict"));
        QCOMPARE(
            h.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("received")).toInteger(), mib);
        QCOMPARE(put(a, mib, file.mid(mib) + "extra").status, 400); // past the announced size
        QCOMPARE(get(a, 0, 10).status, 404); // not complete yet
        QCOMPARE(put(a, mib, file.mid(mib, mib)).status, 200);
        h = put(a, 2 * mib, file.mid(2 * mib));
        QCOMPARE(h.status, 200);
        QCOMPARE(h.json().value(QStringLiteral("complete")).toBool(), true);
        QCOMPARE(put(a, 2 * mib, file.mid(2 * mib)).json().value(QStringLiteral("complete")).toBool(),
            true); // retried: harmless

        // Ranges, across chunk boundaries, and the whole file.
        QCOMPARE(get(a, 0, 1000).body, file.left(1000));
        QCOMPARE(get(a, mib - 500, 2000).body, file.mid(mib - 500, 2000));
        QCOMPARE(get(a, file.size() - 5, 100).body, file.right(5));
        QCOMPARE(get(a, 0, 8 * mib).body, file);

        // Beta cannot see Acme's file, and its own upload under that name is checked on its own.
        QCOMPARE(get(b, 0, 10).status, 404);
        QCOMPARE(announce(b, file.size(), path).json().value(QStringLiteral("received")).toInteger(), 0);
        QByteArray forged = file;
        forged[12345] = char(forged[12345] ^ 0x5a);
        QCOMPARE(put(b, 0, forged.left(2 * mib)).status, 200);
        h = put(b, 2 * mib, forged.mid(2 * mib));
        QCOMPARE(h.status, 400);
        QCOMPARE(h.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("reason")).toString(),
            QStringLiteral("hash_mismatch"));
        QCOMPARE(
            announce(b, file.size(), path).json().value(QStringLiteral("received")).toInteger(), 0); // starts again
        QCOMPARE(get(b, 0, 10).status, 404);
        QCOMPARE(get(a, 0, 8 * mib).body, file);
        QCOMPARE(request("GET", port, QStringLiteral("/health")).status, 200);
    }

    // Queue depth on /metrics: with the only worker held up by a push waiting on a lock, later
    // pushes wait for a worker and /metrics (answered without one) says so.
    void metricsShowTheQueue()
    {
        const QString url = freshDatabase();
        PgDatabase db(PgUrl::parse(url).value());
        QVERIFY(db.migrate().ok());
        server::AuthService auth(db);
        QVERIFY(
            auth.createTenant(QStringLiteral("Q"), QStringLiteral("agency"), QStringLiteral("boss@q.test"), password)
                .ok());
        const TokenPair t = auth.signIn({ QStringLiteral("q"), QStringLiteral("boss@q.test"), password, {}, {},
                                            QStringLiteral("t"), {} })
                                .value();
        ServerConfig config;
        config.listenPort = 0;
        config.workers = 1;
        HttpApp app(config, db);
        const quint16 port = app.listen().value();
        PgDatabase locker(PgUrl::parse(url).value());
        QVERIFY(locker.begin().ok());
        QVERIFY(locker.select(QStringLiteral("SELECT 1 FROM devices WHERE id = ? FOR UPDATE"), { t.deviceId }).ok());
        sync::PushRequest req;
        req.deviceId = t.deviceId;
        QList<QNetworkReply*> replies;
        for (int i = 0; i < 3; ++i) {
            QNetworkRequest r(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/sync/push").arg(port)));
            r.setRawHeader("Authorization", "Bearer " + t.accessToken.toLatin1());
            r.setHeader(QNetworkRequest::ContentTypeHeader, "application/cbor");
            replies << nam.post(r, req.toCbor());
        }
        auto gauge = [&](const char* name) {
            const QByteArray body = request("GET", port, QStringLiteral("/metrics")).body;
            for (const QByteArray& line : body.split('\n'))
                if (line.startsWith(QByteArray(name) + ' ')) return line.mid(qsizetype(qstrlen(name)) + 1).toInt();
            return -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(gauge("rd_http_requests_queued"), 2, 10000);
        QCOMPARE(gauge("rd_http_requests_active"), 1);
        QCOMPARE(gauge("rd_http_workers"), 1);
        locker.rollback();
        for (QNetworkReply* r : std::as_const(replies)) {
            QSignalSpy done(r, &QNetworkReply::finished);
            QVERIFY(r->isFinished() || done.wait(10000));
            QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            r->deleteLater();
        }
        QCOMPARE(gauge("rd_http_requests_queued"), 0);
        QCOMPARE(gauge("rd_http_requests_active"), 0);
    }

    // Connections belong to the thread that made them and close when it ends: queries from
    // pool threads that expire and come back (thread ids reused) never meet another thread's
    // connection (QtSql: "does not belong to the calling thread", "duplicate connection name").
    void connectionsLiveAndDieWithTheirThread()
    {
        PgDatabase db(PgUrl::parse(freshDatabase()).value());
        QVERIFY(db.migrate().ok());
        static QStringList seen;
        static QMutex seenMutex;
        seen.clear();
        const QtMessageHandler previous = qInstallMessageHandler([](QtMsgType, const QMessageLogContext&, const QString& m) {
            if (m.contains(QLatin1String("does not belong to the calling thread"))
                || m.contains(QLatin1String("duplicate connection name"))
                || m.contains(QLatin1String("still in use"))) {
                QMutexLocker lock(&seenMutex);
                seen << m;
            }
        });
        auto restore = qScopeGuard([&] { qInstallMessageHandler(previous); });
        QThreadPool pool;
        pool.setMaxThreadCount(4);
        pool.setExpiryTimeout(1); // threads end between the waves
        std::atomic<int> ok { 0 }, failed { 0 };
        for (int wave = 0; wave < 25; ++wave) {
            for (int i = 0; i < 8; ++i)
                pool.start([&] {
                    auto r = db.select(QStringLiteral("SELECT count(*) FROM tenants"));
                    (r.ok() ? ok : failed)++;
                });
            pool.waitForDone();
            QTest::qWait(5); // the idle threads expire
        }
        QCOMPARE(failed.load(), 0);
        QCOMPARE(ok.load(), 200);
        QVERIFY2(seen.isEmpty(), qPrintable(seen.join(QLatin1Char('\n'))));
        // The connections of ended threads are closed: PostgreSQL sees no more than the pool's.
        auto open = db.select(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"));
        QVERIFY(open.ok());
        QVERIFY2(open.value().first().value(0).toInt() <= 1 + 4, qPrintable(QString::number(open.value().first().value(0).toInt())));
    }

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
        QVERIFY(AuditStore(db).preparePartitions().ok()); // as the server does at start
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
        // Filed by the server's receive time in this month's partition, made ahead (not by the push).
        const QDate today = QDateTime::currentDateTimeUtc().date();
        const QString month
            = QStringLiteral("audit_entries_r%1m%2").arg(today.year()).arg(today.month(), 2, 10, QLatin1Char('0'));
        QVERIFY(db.select(QStringLiteral("SELECT count(*) FROM %1").arg(month)).value().first().value(0).toInt() >= 1);
        QCOMPARE(db.select(QStringLiteral("SELECT count(*) FROM audit_entries_overflow")).value().first().value(0).toInt(), 0);
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
};

QTEST_GUILESS_MAIN(TestServerSync)
#include "test_serversync.moc"
