// SMS on a real server (HttpApp on the PostgreSQL fixture) through a Twilio-compatible provider
// stand-in (tests/smsprovider.py): sent with its links, STOP and an Idempotency-Key; signed
// delivery reports and STOP replies reach the laptop; refusals and provider trouble; a provider
// that does not answer leaves "unknown", or, when it deduplicates, is asked again — also after
// the real recruitdesk-server was killed mid-call — and the text reaches it once.
#include "reachserver.h"
#include "server/dispatcher.h"
#include "server/sms.h"
#include "smtpsink.h"

#include <QUrlQuery>

using namespace rd;
using namespace rd::server;

class TestSms : public QObject, public test::ReachServer {
    Q_OBJECT

    QString m_job;

    QList<OutreachIntent> queue(const QString& candidateId, const QString& templateName)
    {
        auto q = m_laptop->ws->outreach().queueTemplate(m_admin, { templateName, candidateId, m_job, {} });
        if (!q) qFatal("queue: %s", qPrintable(q.error().message));
        return q.value();
    }
    void useProvider(const test::SmsProvider& provider)
    {
        for (const auto& [k, v] :
            { std::pair { QStringLiteral("sms.url"), QStringLiteral("http://127.0.0.1:%1").arg(provider.port) },
                std::pair { QStringLiteral("sms.account"), QStringLiteral("AC123") },
                std::pair { QStringLiteral("sms.token"), QStringLiteral("secret-token") },
                std::pair { QStringLiteral("sms.from"), QStringLiteral("+4915550000") } })
            QVERIFY(m_settings->set(k, v).ok());
    }
    QString phoneCandidate(const QString& first, const QString& phone)
    {
        auto c = m_laptop->ws->candidates().create(m_admin,
            { { QStringLiteral("first_name"), first }, { QStringLiteral("last_name"), QStringLiteral("Tester") },
                { QStringLiteral("phones"), QJsonArray { phone } } });
        if (!c) qFatal("candidate: %s", qPrintable(c.error().message));
        return c.value().id;
    }
    // The workspace's country (default_country), the other settings kept.
    void setCountry(const QString& country)
    {
        auto t = m_laptop->ws->tenants().get(m_admin);
        QVERIFY(t.ok());
        QJsonObject settings = t.value().settings;
        settings.insert(QStringLiteral("default_country"), country);
        TenantPatch p;
        p.settings = settings;
        QVERIFY(m_laptop->ws->tenants().update(m_admin, p).ok());
    }
    // A text to the candidate is sent; the server's copy then holds the recipient as an older
    // release kept it (typed); a STOP (word) from the E.164 number opts that message out.
    void stopReaches(const QString& candidateId, const QString& typed, const QString& e164, const QString& word)
    {
        const QString intent = queue(candidateId, QStringLiteral("Text")).first().id;
        RD_VERIFY_OK(m_engine->syncOnce());
        RD_VERIFY_OK(Dispatcher(*m_db, *m_settings).runOnce());
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(intent), QStringLiteral("sent"));
        QVERIFY(inTenant(QStringLiteral("UPDATE entity_state SET fields = jsonb_set(fields, '{recipient}', to_jsonb(?::text)) "
                                        "WHERE entity = 'outreach_intents' AND row_id = ?"),
            { typed, intent }));
        QCOMPARE(postSigned(QStringLiteral("/sms/inbound"),
                     { { QStringLiteral("From"), e164 }, { QStringLiteral("Body"), word } })
                     .status,
            200);
        RD_VERIFY_OK(m_engine->syncOnce());
        QVERIFY2(statusOf(intent) == QLatin1String("opted_out"), qPrintable(typed));
    }
    // A webhook from the SMS provider, signed as a Twilio-compatible provider signs it.
    test::Http postSigned(const QString& path, const QList<QPair<QString, QString>>& fields,
        const QString& token = QStringLiteral("secret-token"))
    {
        QUrlQuery form;
        for (const auto& [k, v] : fields)
            form.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
        QNetworkRequest req(QUrl(m_url + path));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        req.setRawHeader("X-Twilio-Signature",
            sms::signature(token, QStringLiteral("https://jobs.reach.test") + path, fields).toLatin1());
        QNetworkReply* reply = nam.post(req, form.toString(QUrl::FullyEncoded).toUtf8());
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished()) done.wait(15000);
        test::Http h;
        h.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        h.body = reply->readAll();
        reply->deleteLater();
        return h;
    }

private slots:
    void initTestCase()
    {
        const QString started = startReach();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QVERIFY(m_settings->set(QStringLiteral("public_url"), QStringLiteral("https://jobs.reach.test/")).ok());
        auto job = m_laptop->ws->postings().create(
            m_admin, { { QStringLiteral("title"), QStringLiteral("Plant manager") } });
        QVERIFY(job.ok());
        m_job = job.value().id;
        NewTemplate text;
        text.name = QStringLiteral("Text");
        text.channel = QStringLiteral("sms");
        text.body = QStringLiteral("Hi {{candidate.first_name}}, {{job.title}}? {{confirm_link}}");
        QVERIFY(m_laptop->ws->templates().create(m_admin, text).ok());
    }

    // SMS through the Twilio-compatible provider: sent with its links and STOP, delivery reports
    // and STOP replies (signed webhooks) flow back to the laptop; refusals and provider trouble.
    void smsSentReportedAndStopped()
    {
        test::SmsProvider provider;
        QVERIFY(provider.start());
        useProvider(provider);
        const QString hal = phoneCandidate(QStringLiteral("Hal"), QStringLiteral("+49 151 5550 1234"));
        const QString refused = phoneCandidate(QStringLiteral("Ida"), QStringLiteral("+49 151 5550 0400"));
        const QString trouble = phoneCandidate(QStringLiteral("Jan"), QStringLiteral("+49 151 5550 0500"));
        const QString intent = queue(hal, QStringLiteral("Text")).first().id;
        const QString refusedIntent = queue(refused, QStringLiteral("Text")).first().id;
        const QString troubleIntent = queue(trouble, QStringLiteral("Text")).first().id;
        RD_VERIFY_OK(m_engine->syncOnce());
        Dispatcher d(*m_db, *m_settings);
        auto r = d.runOnce();
        RD_VERIFY_OK(r);
        QCOMPARE(r.value().sent, 1);
        QCOMPARE(r.value().failed, 1);
        QCOMPARE(r.value().retried, 1);
        QCOMPARE(provider.count(), 1);
        const QJsonObject got = provider.received(1);
        QCOMPARE(got.value(QStringLiteral("To")).toString(), QStringLiteral("+4915155501234")); // E.164
        QCOMPARE(got.value(QStringLiteral("From")).toString(), QStringLiteral("+4915550000"));
        const QString body = got.value(QStringLiteral("Body")).toString();
        QVERIFY2(body.startsWith(QLatin1String("Hi Hal, Plant manager? https://jobs.reach.test/confirm/")),
            qPrintable(body));
        QVERIFY(body.contains(QLatin1String("STOP")));
        QCOMPARE(got.value(QStringLiteral("idempotency_key")).toString(), intent);
        const QString callback = QStringLiteral("https://jobs.reach.test/sms/status/") + m_tenantId;
        QCOMPARE(got.value(QStringLiteral("StatusCallback")).toString(), callback);
        QCOMPARE(dispatchState(troubleIntent), QStringLiteral("queued"));
        QVERIFY(inTenant(QStringLiteral("UPDATE outreach_dispatch SET state = 'failed' WHERE intent_id = ?"),
            { troubleIntent })); // out of the way of the next tests
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(intent), QStringLiteral("sent"));
        QCOMPARE(statusOf(refusedIntent), QStringLiteral("bounced"));

        // The delivery report: a forged one is refused, a signed one recorded.
        const QList<QPair<QString, QString>> report { { QStringLiteral("MessageSid"),
                                                          got.value(QStringLiteral("sid")).toString() },
            { QStringLiteral("MessageStatus"), QStringLiteral("delivered") } };
        QCOMPARE(
            postSigned(QStringLiteral("/sms/status/") + m_tenantId, report, QStringLiteral("wrong-token")).status, 403);
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(intent), QStringLiteral("sent"));
        const test::Http ok = postSigned(QStringLiteral("/sms/status/") + m_tenantId, report);
        QCOMPARE(ok.status, 200);
        QVERIFY(ok.body.contains("<Response/>"));
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(intent), QStringLiteral("delivered"));

        // Hal replies STOP: no more SMS to him, on the laptops too.
        QCOMPARE(postSigned(QStringLiteral("/sms/inbound"),
                     { { QStringLiteral("From"), QStringLiteral("+4915155501234") },
                         { QStringLiteral("Body"), QStringLiteral(" Stop ") } })
                     .status,
            200);
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(intent), QStringLiteral("opted_out"));
        auto again = m_laptop->ws->outreach().queueTemplate(m_admin, { QStringLiteral("Text"), hal, m_job, {} });
        QCOMPARE(again.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("opted_out"));
    }

    // Numbers written as a German recruiter writes them (no +49) are texted in E.164 and a STOP
    // from them is honoured; so is a number an older release queued as typed, which the
    // dispatcher reads in the workspace's country and records (decision 0022).
    void stopFromANumberTypedNationally()
    {
        test::SmsProvider provider;
        QVERIFY(provider.start());
        useProvider(provider);
        setCountry(QStringLiteral("DE"));
        const QString kai = phoneCandidate(QStringLiteral("Kai"), QStringLiteral("0151 5550 7777"));
        const QString lea = phoneCandidate(QStringLiteral("Lea"), QStringLiteral("+49 151 5550 8888"));
        const QString kaiIntent = queue(kai, QStringLiteral("Text")).first().id;
        const QString leaIntent = queue(lea, QStringLiteral("Text")).first().id;
        // Lea's was queued by an older release: the number as typed.
        QVERIFY(m_laptop->ws->db()
                    .change(QStringLiteral("UPDATE outreach_intents SET recipient = '0151 5550-8888' WHERE id = ?"), { leaIntent })
                    .ok());
        RD_VERIFY_OK(m_engine->syncOnce());
        Dispatcher d(*m_db, *m_settings);
        auto r = d.runOnce();
        RD_VERIFY_OK(r);
        QCOMPARE(r.value().sent, 2);
        QStringList to;
        for (int i = 1; i <= provider.count(); ++i)
            to << provider.received(i).value(QStringLiteral("To")).toString();
        to.sort();
        QCOMPARE(to, (QStringList { QStringLiteral("+4915155507777"), QStringLiteral("+4915155508888") }));
        for (const QString& from : { QStringLiteral("+4915155507777"), QStringLiteral("+4915155508888") })
            QCOMPARE(postSigned(QStringLiteral("/sms/inbound"),
                         { { QStringLiteral("From"), from }, { QStringLiteral("Body"), QStringLiteral("STOP") } })
                         .status,
                200);
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(kaiIntent), QStringLiteral("opted_out"));
        QCOMPARE(statusOf(leaIntent), QStringLiteral("opted_out"));
        QCOMPARE(m_laptop->ws->db()
                     .selectOne(QStringLiteral("SELECT recipient FROM outreach_intents WHERE id = ?"), { leaIntent })
                     .value()
                     .value(0)
                     .toString(),
            QStringLiteral("+4915155508888"));

        // Messages an older server sent to the number as typed, international with spaces or
        // national: a STOP from the E.164 number still reaches them.
        for (const auto& [typed, e164] : { std::pair { QStringLiteral("+49 151 5550-6666"), QStringLiteral("+4915155506666") },
                 std::pair { QStringLiteral("0151 5550 5555"), QStringLiteral("+4915155505555") } }) {
            stopReaches(phoneCandidate(QStringLiteral("Old"), typed), typed, e164, QStringLiteral("stop"));
            if (QTest::currentTestFailed()) return;
        }
    }

    // What an older release queued as typed is texted only when it is a number in use (a guess
    // would text a stranger), and a STOP reaches messages sent to numbers typed in the national
    // plan of the workspace's country, another country's of the same plan included (+1 416 is
    // Canada's; a US workspace types it 416-555-0123).
    void legacyNumbersAreNeitherGuessedNorMissed()
    {
        test::SmsProvider provider;
        QVERIFY(provider.start());
        useProvider(provider);
        setCountry(QStringLiteral("GB"));
        const QString guess = queue(phoneCandidate(QStringLiteral("Gus"), QStringLiteral("+44 20 7946 0111")), QStringLiteral("Text")).first().id;
        QVERIFY(m_laptop->ws->db().change(QStringLiteral("UPDATE outreach_intents SET recipient = '555-1234' WHERE id = ?"), { guess }).ok());
        RD_VERIFY_OK(m_engine->syncOnce());
        auto r = Dispatcher(*m_db, *m_settings).runOnce();
        RD_VERIFY_OK(r);
        QCOMPARE(r.value().failed, 1);
        QCOMPARE(provider.count(), 0); // +445551234 is possible, in use nowhere
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(guess), QStringLiteral("bounced"));

        setCountry(QStringLiteral("US"));
        for (const auto& [typed, e164] : { std::pair { QStringLiteral("416-555-0123"), QStringLiteral("+14165550123") },
                 std::pair { QStringLiteral("1 (416) 555-0124"), QStringLiteral("+14165550124") } }) {
            stopReaches(phoneCandidate(QStringLiteral("Can"), e164), typed, e164, QStringLiteral("STOP"));
            if (QTest::currentTestFailed()) return;
        }
    }

    // A provider that does not answer in time: without deduplication the message is "unknown"
    // (an operator decides); with it (sms.dedup) the dispatcher asks again with the same
    // Idempotency-Key and gets the first message back — also after the real recruitdesk-server
    // was killed between the provider's call and its commit. Each reached the provider once.
    void smsTimeoutsWithAndWithoutProviderDedup()
    {
        QVERIFY(m_settings->set(QStringLiteral("sms.timeout_seconds"), QStringLiteral("1")).ok());
        {
            test::SmsProvider plain;
            QVERIFY(plain.start({ QStringLiteral("--hold"), QStringLiteral("4") }));
            useProvider(plain);
            const QString intent
                = queue(phoneCandidate(QStringLiteral("Kai"), QStringLiteral("+4915550010999")), QStringLiteral("Text"))
                      .first()
                      .id;
            RD_VERIFY_OK(m_engine->syncOnce());
            auto r = Dispatcher(*m_db, *m_settings).runOnce();
            RD_VERIFY_OK(r);
            QCOMPARE(r.value().unknown, 1);
            QCOMPARE(plain.count(), 1);
            QCOMPARE(dispatchState(intent), QStringLiteral("unknown"));
        }
        test::SmsProvider dedup;
        QVERIFY(dedup.start({ QStringLiteral("--dedup"), QStringLiteral("--hold"), QStringLiteral("30") }));
        useProvider(dedup);
        QVERIFY(m_settings->set(QStringLiteral("sms.dedup"), QStringLiteral("true")).ok());
        const QString kim
            = queue(phoneCandidate(QStringLiteral("Kim"), QStringLiteral("+4915550020999")), QStringLiteral("Text"))
                  .first()
                  .id;
        RD_VERIFY_OK(m_engine->syncOnce());
        Dispatcher d(*m_db, *m_settings);
        auto first = d.runOnce();
        RD_VERIFY_OK(first);
        QCOMPARE(first.value().retried, 1); // asked again later, not "unknown"
        QVERIFY(inTenant(
            QStringLiteral("UPDATE outreach_dispatch SET next_attempt_at = now() WHERE intent_id = ?"), { kim }));
        auto second = d.runOnce();
        RD_VERIFY_OK(second);
        QCOMPARE(second.value().sent, 1);
        QCOMPARE(dedup.count(), 1);

        // The real server killed while the provider holds its answer (timeout 30 s, lease 2 s).
        QVERIFY(m_settings->set(QStringLiteral("sms.timeout_seconds"), QStringLiteral("30")).ok());
        QVERIFY(m_settings->set(QStringLiteral("dispatch.lease_seconds"), QStringLiteral("2")).ok());
        const QString lu
            = queue(phoneCandidate(QStringLiteral("Lu"), QStringLiteral("+4915550030999")), QStringLiteral("Text"))
                  .first()
                  .id;
        RD_VERIFY_OK(m_engine->syncOnce());
        QProcess server;
        server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RECRUITDESK_SECRETS_KEY_FILE"), m_keys.filePath(QStringLiteral("secrets.key")));
        server.setProcessEnvironment(env);
        server.start(QStringLiteral(RD_SERVER_PATH),
            { QStringLiteral("--pg"), m_dbUrl, QStringLiteral("dispatch"), QStringLiteral("--once") });
        QVERIFY(server.waitForStarted(10000));
        QTRY_COMPARE_WITH_TIMEOUT(dedup.count(), 2, 20000);
        server.kill();
        server.waitForFinished(5000);
        QTest::qWait(2500); // the lease runs out
        auto after = d.runOnce();
        RD_VERIFY_OK(after);
        QCOMPARE(after.value().sent, 1);
        QCOMPARE(after.value().unknown, 0);
        QCOMPARE(dedup.count(), 2); // Lu's text reached the provider once
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(kim), QStringLiteral("sent"));
        QCOMPARE(statusOf(lu), QStringLiteral("sent"));
        for (const char* k : { "sms.dedup", "sms.timeout_seconds", "dispatch.lease_seconds", "sms.url" })
            QVERIFY(m_settings->set(QString::fromLatin1(k), QString()).ok());
    }
};

QTEST_GUILESS_MAIN(TestSms)
#include "test_sms.moc"
