// Webhooks, API keys and inbound integrations on a real server (HttpApp on the PostgreSQL
// fixture): application and stage events made on a laptop reach a local receiver signed with
// the webhook's secret (verified here), once, retried after a failure, dead letters replayed;
// the REST API answers only live keys with the scope (rotate, revoke); an integration's signed
// webhook creates and then updates a job and a candidate that a laptop has after sync.
#include "reachserver.h"
#include "server/dispatcher.h"
#include "server/integrations.h"

#include <QHttpServer>

using namespace rd;
using namespace rd::server;

class TestIntegrations : public QObject, public test::ReachServer {
    Q_OBJECT

    QString m_job;

    // The receiving end of the webhooks: records each post, answers with `status`.
    struct Received {
        QByteArray event, delivery, signature, body;
    };
    QHttpServer m_receiver;
    quint16 m_receiverPort = 0;
    QList<Received> m_received;
    int m_status = 200;

    test::Http call(const QByteArray& verb, const QString& path, const QByteArray& body = {},
        const QList<QPair<QByteArray, QByteArray>>& headers = {})
    {
        QNetworkRequest req(QUrl(m_url + path));
        for (const auto& [k, v] : headers)
            req.setRawHeader(k, v);
        if (!body.isEmpty()) req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply* reply = nam.sendCustomRequest(req, verb, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished()) done.wait(15000);
        test::Http h { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(), {}, {},
            {} };
        reply->deleteLater();
        return h;
    }

private slots:
    void initTestCase()
    {
        const QString started = startReach();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        m_receiver.route(QStringLiteral("/hook"), [this](const QHttpServerRequest& req) {
            m_received << Received { req.value("X-RecruitDesk-Event"), req.value("X-RecruitDesk-Delivery"),
                req.value("X-RecruitDesk-Signature"), req.body() };
            return QHttpServerResponse(static_cast<QHttpServerResponder::StatusCode>(m_status));
        });
        m_receiverPort = m_receiver.listen(QHostAddress::LocalHost, 0);
        QVERIFY(m_receiverPort != 0);
        auto job = m_laptop->ws->postings().create(m_admin,
            { { QStringLiteral("title"), QStringLiteral("Welder") },
                { QStringLiteral("description"), QStringLiteral("MIG/TIG") } });
        RD_VERIFY_OK(job);
        m_job = job.value().id;
        RD_VERIFY_OK(m_laptop->ws->postings().publish(m_admin, m_job));
        RD_VERIFY_OK(m_engine->syncOnce());
    }

    void webhooksSignedRetriedAndReplayed()
    {
        Webhooks hooks(*m_db, *m_settings);
        QCOMPARE(
            hooks.add(m_tenantId, QStringLiteral("ftp://x"), { QStringLiteral("application.created") }).error().code,
            ErrorCode::ValidationFailed);
        QCOMPARE(
            hooks.add(m_tenantId, QStringLiteral("http://127.0.0.1/"), { QStringLiteral("job.exploded") }).error().code,
            ErrorCode::ValidationFailed);
        // Loopback, private and link-local addresses only when the server's admin allows them.
        for (const char* url : { "http://127.0.0.1:%1/hook", "http://localhost:%1/hook", "http://169.254.169.254/%1",
                 "http://[::ffff:10.0.0.1]:%1/", "https://192.168.1.20:%1/" }) {
            auto refused = hooks.add(m_tenantId, QString::fromLatin1(url).arg(m_receiverPort),
                { QStringLiteral("application.created") });
            QVERIFY2(!refused.ok(), url);
            QCOMPARE(refused.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("outbound_refused"));
        }
        QCOMPARE(m_settings->set(QStringLiteral("outbound.allow"), QStringLiteral("localhost")).error().code,
            ErrorCode::ValidationFailed);
        RD_VERIFY_OK(m_settings->set(QStringLiteral("outbound.allow"), QStringLiteral("127.0.0.1/32")));
        auto hook = hooks.add(m_tenantId, QStringLiteral("http://127.0.0.1:%1/hook").arg(m_receiverPort),
            { QStringLiteral("application.created"), QStringLiteral("application.stage_changed") });
        RD_VERIFY_OK(hook);
        const QByteArray secret = hook.value().value(QStringLiteral("secret")).toString().toUtf8();
        QVERIFY(secret.size() >= 40);

        // An application made on the laptop: the receiver fails once, then gets it once.
        auto c = m_laptop->ws->candidates().create(m_admin,
            { { QStringLiteral("first_name"), QStringLiteral("Wes") },
                { QStringLiteral("last_name"), QStringLiteral("Welder") } });
        RD_VERIFY_OK(c);
        auto app = m_laptop->ws->applications().apply(m_admin, c.value().id, m_job, QStringLiteral("referral"));
        RD_VERIFY_OK(app);
        RD_VERIFY_OK(m_engine->syncOnce());
        m_status = 500;
        Dispatcher d(*m_db, *m_settings);
        auto first = d.runOnce();
        RD_VERIFY_OK(first);
        QCOMPARE(first.value().retried, 1);
        QCOMPARE(m_received.size(), 1);
        m_status = 200;
        QCOMPARE(d.runOnce().value().webhooksSent, 0); // backing off
        QVERIFY(inTenant(QStringLiteral("UPDATE webhook_deliveries SET next_attempt_at = now()")));
        QCOMPARE(d.runOnce().value().webhooksSent, 1);
        QCOMPARE(d.runOnce().value().webhooksSent, 0); // once
        QCOMPARE(m_received.size(), 2);
        const Received& got = m_received.last();
        QCOMPARE(got.event, QByteArray("application.created"));
        QCOMPARE(got.delivery, m_received.first().delivery); // the same delivery, retried
        // The signature: t=UNIX,v1=HMAC-SHA256(secret, "UNIX.BODY"), recent.
        const QList<QByteArray> sig = got.signature.split(',');
        QCOMPARE(sig.size(), 2);
        const qint64 t = sig[0].mid(2).toLongLong();
        QVERIFY(qAbs(QDateTime::currentSecsSinceEpoch() - t) < 60);
        QCOMPARE(sig[1].mid(3),
            crypto::hmac(QStringLiteral("SHA-256"), secret, QByteArray::number(t) + '.' + got.body).toHex());
        QVERIFY(Integrations::verify(secret, got.signature, got.body, QDateTime::currentSecsSinceEpoch()));
        QVERIFY(!Integrations::verify("another secret", got.signature, got.body, QDateTime::currentSecsSinceEpoch()));
        const QJsonObject body = QJsonDocument::fromJson(got.body).object();
        QCOMPARE(body.value(QStringLiteral("event")).toString(), QStringLiteral("application.created"));
        QCOMPARE(body.value(QStringLiteral("tenant")).toString(), QStringLiteral("reach"));
        QCOMPARE(body.value(QStringLiteral("id")).toString(), QString::fromLatin1(got.delivery));
        QCOMPARE(body.value(QStringLiteral("data")).toObject().value(QStringLiteral("application_id")).toString(),
            app.value().id);
        QCOMPARE(body.value(QStringLiteral("data")).toObject().value(QStringLiteral("candidate_id")).toString(),
            c.value().id);

        // A stage move: one event; the receiver keeps failing: a dead letter, replayed by an admin.
        RD_VERIFY_OK(m_laptop->ws->applications().move(m_admin, app.value().id, QStringLiteral("Screening")));
        RD_VERIFY_OK(m_engine->syncOnce());
        QVERIFY(m_settings->set(QStringLiteral("dispatch.max_attempts"), QStringLiteral("1")).ok());
        m_status = 503;
        QCOMPARE(d.runOnce().value().dead, 1);
        auto dead = hooks.deliveries(m_tenantId, QStringLiteral("dead"));
        RD_VERIFY_OK(dead);
        QCOMPARE(dead.value().size(), 1);
        const QJsonObject letter = dead.value().first().toObject();
        QCOMPARE(letter.value(QStringLiteral("event")).toString(), QStringLiteral("application.stage_changed"));
        QCOMPARE(letter.value(QStringLiteral("last_status")).toInt(), 503);
        QVERIFY(m_settings->set(QStringLiteral("dispatch.max_attempts"), QString()).ok());
        m_status = 200;
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RECRUITDESK_SECRETS_KEY_FILE"), m_keys.filePath(QStringLiteral("secrets.key")));
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(RD_SERVER_PATH),
            { QStringLiteral("--pg"), m_dbUrl, QStringLiteral("webhook"), QStringLiteral("replay"),
                letter.value(QStringLiteral("id")).toString() });
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(d.runOnce().value().webhooksSent, 1);
        QCOMPARE(m_received.last().event, QByteArray("application.stage_changed"));
        QCOMPARE(QJsonDocument::fromJson(m_received.last().body)
                     .object()
                     .value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
            QStringLiteral("active"));
    }

    void apiKeysScopesRotateRevoke()
    {
        ApiKeys keys(*m_db);
        QCOMPARE(keys.create(m_tenantId, QStringLiteral("x"), { QStringLiteral("everything") }).error().code,
            ErrorCode::ValidationFailed);
        auto key = keys.create(m_tenantId, QStringLiteral("careers site"), { QStringLiteral("jobs:read") });
        RD_VERIFY_OK(key);
        const QByteArray k = key.value().value(QStringLiteral("key")).toString().toUtf8();
        QVERIFY(k.startsWith("rdk_"));
        const test::Http jobs = call("GET", QStringLiteral("/v1/api/jobs"), {}, { { "Authorization", "Bearer " + k } });
        QCOMPARE(jobs.status, 200);
        const QJsonArray items = QJsonDocument::fromJson(jobs.body).object().value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().toObject().value(QStringLiteral("title")).toString(), QStringLiteral("Welder"));
        QCOMPARE(call("GET", QStringLiteral("/v1/api/jobs"), {}, { { "X-Api-Key", k } }).status, 200);
        QCOMPARE(call("GET", QStringLiteral("/v1/api/applications"), {}, { { "Authorization", "Bearer " + k } }).status,
            403);
        QCOMPARE(
            call("GET", QStringLiteral("/v1/api/jobs"), {}, { { "Authorization", "Bearer " + k.chopped(2) + "zz" } })
                .status,
            401);
        QCOMPARE(call("GET", QStringLiteral("/v1/api/jobs")).status, 401);
        auto rotated = keys.rotate(m_tenantId, key.value().value(QStringLiteral("id")).toString());
        RD_VERIFY_OK(rotated);
        const QByteArray k2 = rotated.value().value(QStringLiteral("key")).toString().toUtf8();
        QCOMPARE(call("GET", QStringLiteral("/v1/api/jobs"), {}, { { "Authorization", "Bearer " + k } }).status, 401);
        QCOMPARE(call("GET", QStringLiteral("/v1/api/jobs"), {}, { { "Authorization", "Bearer " + k2 } }).status, 200);
        RD_VERIFY_OK(keys.revoke(m_tenantId, rotated.value().value(QStringLiteral("id")).toString()));
        QCOMPARE(call("GET", QStringLiteral("/v1/api/jobs"), {}, { { "Authorization", "Bearer " + k2 } }).status, 401);
        auto listed = keys.list(m_tenantId);
        RD_VERIFY_OK(listed);
        QCOMPARE(listed.value().size(), 2);
        for (const auto& v : listed.value())
            QVERIFY(!v.toObject().value(QStringLiteral("revoked_at")).toString().isEmpty());
        // Only a hash is stored.
        auto stored = m_db->select(QStringLiteral("SELECT secret_hash FROM api_keys"));
        RD_VERIFY_OK(stored);
        for (const auto& r : stored.value())
            QVERIFY(!k.contains(r.value(0).toString().toUtf8()) && !k2.contains(r.value(0).toString().toUtf8()));
        const QJsonObject paths = QJsonDocument::fromJson(call("GET", QStringLiteral("/v1/openapi.json")).body)
                                      .object()
                                      .value(QStringLiteral("paths"))
                                      .toObject();
        QVERIFY(paths.contains(QStringLiteral("/v1/api/jobs"))
            && paths.contains(QStringLiteral("/v1/inbound/{tenant}/{integration}")));
    }

    void inboundWebhookCreatesThenUpdates()
    {
        Integrations integrations(*m_db, *m_settings);
        QCOMPARE(integrations.add(m_tenantId, QStringLiteral("Bad Name!")).error().code, ErrorCode::ValidationFailed);
        auto added = integrations.add(m_tenantId, QStringLiteral("stepstone"));
        RD_VERIFY_OK(added);
        const QString path
            = QStringLiteral("/v1/inbound/reach/") + added.value().value(QStringLiteral("id")).toString();
        const QByteArray secret = added.value().value(QStringLiteral("secret")).toString().toUtf8();
        auto send = [&](const QJsonObject& msg, const QByteArray& key, qint64 at = 0) {
            const QByteArray body = QJsonDocument(msg).toJson(QJsonDocument::Compact);
            return call("POST", path, body,
                { { "X-RecruitDesk-Signature",
                    Webhooks::signature(key, at ? at : QDateTime::currentSecsSinceEpoch(), body) } });
        };
        const QJsonObject job { { QStringLiteral("type"), QStringLiteral("job.upsert") },
            { QStringLiteral("external_id"), QStringLiteral("SS-77") },
            { QStringLiteral("data"),
                QJsonObject { { QStringLiteral("title"), QStringLiteral("Crane operator") },
                    { QStringLiteral("location"), QStringLiteral("Hamburg") } } } };
        QCOMPARE(send(job, "not the secret").status, 401);
        QCOMPARE(send(job, secret, QDateTime::currentSecsSinceEpoch() - 3600).status, 401); // replayed later
        const test::Http made = send(job, secret);
        QCOMPARE(made.status, 201);
        QJsonObject changed = job;
        changed.insert(QStringLiteral("data"),
            QJsonObject { { QStringLiteral("title"), QStringLiteral("Crane operator (night)") } });
        const test::Http updated = send(changed, secret);
        QCOMPARE(updated.status, 200);
        QCOMPARE(QJsonDocument::fromJson(updated.body).object().value(QStringLiteral("id")),
            QJsonDocument::fromJson(made.body).object().value(QStringLiteral("id")));
        QCOMPARE(send({ { QStringLiteral("type"), QStringLiteral("job.delete") },
                          { QStringLiteral("external_id"), QStringLiteral("x") } },
                     secret)
                     .status,
            400);
        const test::Http person = send({ { QStringLiteral("type"), QStringLiteral("candidate.upsert") },
                                           { QStringLiteral("external_id"), QStringLiteral("P-1") },
                                           { QStringLiteral("data"),
                                               QJsonObject { { QStringLiteral("first_name"), QStringLiteral("Ola") },
                                                   { QStringLiteral("last_name"), QStringLiteral("Nordmann") },
                                                   { QStringLiteral("email"), QStringLiteral("ola@example.org") } } } },
            secret);
        QCOMPARE(person.status, 201);
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(m_laptop->count(
                     QStringLiteral("SELECT count(*) FROM job_postings WHERE source = 'stepstone' AND external_id = "
                                    "'SS-77' AND title = 'Crane operator (night)' AND location = 'Hamburg'")),
            1);
        QCOMPARE(m_laptop->count(
                     QStringLiteral("SELECT count(*) FROM candidates c JOIN candidate_contacts k ON k.candidate_id = "
                                    "c.id WHERE c.external_id = 'stepstone:P-1' AND k.value_norm = 'ola@example.org'")),
            1);
        QCOMPARE(call("GET", QStringLiteral("/health")).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestIntegrations)
#include "test_integrations.moc"
