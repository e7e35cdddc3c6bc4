// The outreach dispatcher end to end: messages queued on a laptop, synced to a real server
// (PostgreSQL fixture), sent by the dispatcher over SMTP to a real sink (tests/smtpsink.py),
// each exactly once; the outcome (sent, bounced, failed, unknown, cancelled) back on the laptop
// after sync; retries and dead letters; a dispatcher killed while sending leaves "unknown" and
// sends nothing twice; signed confirm links; the settings CLI. (SMS: test_sms.cpp.)
#include "documents/documents.h"
#include "reachserver.h"
#include "server/auditstore.h"
#include "server/backupcheck.h"
#include "server/dispatcher.h"
#include "smtpsink.h"

#include <QDir>
#include <QLoggingCategory>
#include <QRegularExpression>

using namespace rd;
using namespace rd::server;

class TestDispatch : public QObject, public test::ReachServer {
    Q_OBJECT

    QString m_job;

    QString candidate(const QString& first, const QString& email)
    {
        auto c = m_laptop->ws->candidates().create(m_admin,
            { { QStringLiteral("first_name"), first }, { QStringLiteral("last_name"), QStringLiteral("Tester") },
                { QStringLiteral("emails"), QJsonArray { email } } });
        if (!c) qFatal("candidate: %s", qPrintable(c.error().message));
        return c.value().id;
    }
    QList<OutreachIntent> queue(const QString& candidateId, const QString& templateName = QStringLiteral("Proposal"))
    {
        auto q = m_laptop->ws->outreach().queueTemplate(m_admin, { templateName, candidateId, m_job, {} });
        if (!q) qFatal("queue: %s", qPrintable(q.error().message));
        return q.value();
    }
    void useSink(const test::SmtpSink& sink)
    {
        QVERIFY(m_settings->set(QStringLiteral("smtp.port"), QString::number(sink.port)).ok());
    }
    // A form posted to the server's candidate pages, as a browser would.
    test::Http postForm(const QString& path, const QByteArray& form)
    {
        QNetworkRequest req(QUrl(m_url + path));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
        QNetworkReply* reply = nam.post(req, form);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished()) done.wait(15000);
        test::Http h;
        h.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        h.body = reply->readAll();
        reply->deleteLater();
        return h;
    }
    // The confirm link's path in the sink's n-th message.
    static QString confirmPathIn(const test::SmtpSink& sink, int n)
    {
        const QString text = sink.received(n)
                                 .value(QStringLiteral("parts"))
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(QStringLiteral("text"))
                                 .toString();
        return QRegularExpression(QStringLiteral("https://jobs\\.reach\\.test(/confirm/[A-Za-z0-9_.-]+)"))
            .match(text)
            .captured(1);
    }

private slots:
    void initTestCase()
    {
        const QString started = startReach();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        for (const auto& [k, v] : { std::pair { "smtp.host", "127.0.0.1" }, std::pair { "smtp.tls", "none" },
                 std::pair { "smtp.from", "jobs@reach.test" }, std::pair { "public_url", "https://jobs.reach.test/" } })
            QVERIFY(m_settings->set(QString::fromLatin1(k), QString::fromLatin1(v)).ok());

        auto job = m_laptop->ws->postings().create(m_admin,
            { { QStringLiteral("title"), QStringLiteral("Plant manager") },
                { QStringLiteral("external_id"), QStringLiteral("EXT-1") } });
        QVERIFY(job.ok());
        m_job = job.value().id;
        NewTemplate t1;
        t1.name = QStringLiteral("Proposal");
        t1.channel = QStringLiteral("email");
        t1.subject = QStringLiteral("{{job.title}} — für Sie?");
        t1.body = QStringLiteral("Hello {{candidate.first_name}}, interested? {{confirm_link}}");
        t1.bodyHtml
            = QStringLiteral("<p>Hello {{candidate.first_name}}, <a href=\"{{confirm_link}}\">yes please</a></p>");
        QVERIFY(m_laptop->ws->templates().create(m_admin, t1).ok());
        NewTemplate t2 = t1;
        t2.name = QStringLiteral("Sequence");
        t2.followUpDays = 2;
        t2.followUpTemplate = QStringLiteral("Proposal");
        QVERIFY(m_laptop->ws->templates().create(m_admin, t2).ok());
    }

    void sentOnceWithSignedLinks()
    {
        test::SmtpSink sink;
        QVERIFY(sink.start());
        useSink(sink);
        const QString ada = candidate(QStringLiteral("Ada"), QStringLiteral("ada@example.org"));
        const QString intent = queue(ada).first().id;
        RD_VERIFY_OK(m_engine->syncOnce());
        Dispatcher d(*m_db, *m_settings);
        auto r = d.runOnce();
        RD_VERIFY_OK(r);
        QCOMPARE(r.value().sent, 1);
        QCOMPARE(sink.count(), 1);
        const QJsonObject got = sink.received(1);
        QCOMPARE(got.value(QStringLiteral("subject")).toString(), QStringLiteral("Plant manager — für Sie?"));
        QCOMPARE(got.value(QStringLiteral("rcpt_tos")).toArray().first().toString(), QStringLiteral("ada@example.org"));
        QCOMPARE(got.value(QStringLiteral("from")).toString(), QStringLiteral("Reach <jobs@reach.test>"));
        const QString text
            = got.value(QStringLiteral("parts")).toArray().first().toObject().value(QStringLiteral("text")).toString();
        const auto link
            = QRegularExpression(QStringLiteral("https://jobs\\.reach\\.test/confirm/([A-Za-z0-9_.-]+)")).match(text);
        QVERIFY2(link.hasMatch(), qPrintable(text));
        auto who = Dispatcher::verifyToken(
            *m_settings, QStringLiteral("c"), link.captured(1), QDateTime::currentDateTimeUtc());
        RD_VERIFY_OK(who);
        QCOMPARE(who.value().first, m_tenantId);
        QCOMPARE(who.value().second, intent);
        QVERIFY(text.contains(QLatin1String("https://jobs.reach.test/unsubscribe/"))); // added to every email
        QVERIFY(got.value(QStringLiteral("list_unsubscribe"))
                    .toString()
                    .startsWith(QStringLiteral("<https://jobs.reach.test/unsubscribe/")));
        QVERIFY(got.value(QStringLiteral("parts"))
                    .toArray()
                    .at(1)
                    .toObject()
                    .value(QStringLiteral("text"))
                    .toString()
                    .contains(QStringLiteral("href=\"https://jobs.reach.test/confirm/")));
        // Another pass (or another instance) sends nothing again.
        auto again = d.runOnce();
        RD_VERIFY_OK(again);
        QCOMPARE(again.value().claimed, 0);
        QCOMPARE(sink.count(), 1);
        // The laptop learns it was sent.
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(intent), QStringLiteral("sent"));
        // Tokens: another kind, a changed byte, an expired one: refused with the reason.
        const QString token = link.captured(1);
        QCOMPARE(Dispatcher::verifyToken(*m_settings, QStringLiteral("u"), token, QDateTime::currentDateTimeUtc())
                     .error()
                     .details.value(QStringLiteral("reason"))
                     .toString(),
            QStringLiteral("malformed"));
        QString forged = token;
        forged[3] = forged[3] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        QCOMPARE(Dispatcher::verifyToken(*m_settings, QStringLiteral("c"), forged, QDateTime::currentDateTimeUtc())
                     .error()
                     .details.value(QStringLiteral("reason"))
                     .toString(),
            QStringLiteral("forged"));
        QCOMPARE(Dispatcher::verifyToken(
                     *m_settings, QStringLiteral("c"), token, QDateTime::currentDateTimeUtc().addDays(31))
                     .error()
                     .details.value(QStringLiteral("reason"))
                     .toString(),
            QStringLiteral("expired"));
    }

    // The same message queued on two laptops while both were offline: one dedup key, so the
    // server keeps one (the later copy becomes a tombstone) and the candidate gets one email.
    void queuedOnTwoLaptopsSentOnce()
    {
        test::SmtpSink sink;
        QVERIFY(sink.start());
        useSink(sink);
        const QString max = candidate(QStringLiteral("Max"), QStringLiteral("max@example.org"));
        RD_VERIFY_OK(m_engine->syncOnce());
        test::TestWorkspace other;
        other.clock.setMs(QDateTime::currentMSecsSinceEpoch());
        auto session = sync::SyncEngine::join(
            *other.ws, m_url, QStringLiteral("reach"), QStringLiteral("admin@reach.test"), test::kAdminPassword, {});
        RD_VERIFY_OK(session);
        sync::SyncEngine otherEngine(*other.ws, session.value());
        const QString mine = queue(max).first().id;
        auto theirs = other.ws->outreach().queueTemplate(session.value(), { QStringLiteral("Proposal"), max, m_job, {} });
        RD_VERIFY_OK(theirs);
        QVERIFY(theirs.value().first().id != mine);
        QCOMPARE(theirs.value().first().dedupKey, m_laptop->ws->outreach().get(m_admin, mine).value().dedupKey);
        RD_VERIFY_OK(m_engine->syncOnce());
        RD_VERIFY_OK(otherEngine.syncOnce());
        auto r = Dispatcher(*m_db, *m_settings).runOnce();
        RD_VERIFY_OK(r);
        QCOMPARE(r.value().sent, 1);
        QCOMPARE(sink.count(), 1);
        QCOMPARE(sink.received(1).value(QStringLiteral("rcpt_tos")).toArray().first().toString(),
            QStringLiteral("max@example.org"));
        RD_VERIFY_OK(otherEngine.syncOnce());
        RD_VERIFY_OK(m_engine->syncOnce());
        // Both laptops: one live message to Max, sent.
        for (auto* ws : { m_laptop->ws.get(), other.ws.get() }) {
            auto live = ws->db().select(QStringLiteral("SELECT status FROM outreach_intents WHERE candidate_id = ? AND "
                                                       "deleted_at IS NULL"),
                { max });
            RD_VERIFY_OK(live);
            QCOMPARE(live.value().size(), 1);
            QCOMPARE(live.value().first().value(0).toString(), QStringLiteral("sent"));
        }
    }

    // A pass claims at most its batch; the next pass takes the rest.
    void claimsAtMostABatch()
    {
        test::SmtpSink sink;
        QVERIFY(sink.start());
        useSink(sink);
        for (int i = 0; i < 5; ++i)
            queue(candidate(QStringLiteral("Batch%1").arg(i), QStringLiteral("batch%1@example.org").arg(i)));
        RD_VERIFY_OK(m_engine->syncOnce());
        Dispatcher::Options o;
        o.batch = 2;
        Dispatcher d(*m_db, *m_settings, o);
        QCOMPARE(d.runOnce().value().claimed, 2);
        QCOMPARE(d.runOnce().value().claimed, 2);
        QCOMPARE(d.runOnce().value().claimed, 1);
        QCOMPARE(sink.count(), 5);
    }

    void refusalsRetriesAndDeadLetters()
    {
        test::SmtpSink sink;
        QVERIFY(sink.start());
        useSink(sink);
        const QString bounced = queue(candidate(QStringLiteral("Bo"), QStringLiteral("bo@reject.test"))).first().id;
        const QString later = queue(candidate(QStringLiteral("Li"), QStringLiteral("li@later.test"))).first().id;
        const QString cancelled = queue(candidate(QStringLiteral("Ca"), QStringLiteral("ca@example.org"))).first().id;
        RD_VERIFY_OK(m_laptop->ws->outreach().cancel(m_admin, cancelled)); // before the server saw it
        RD_VERIFY_OK(m_engine->syncOnce());
        QVERIFY(m_settings->set(QStringLiteral("dispatch.max_attempts"), QStringLiteral("2")).ok());
        Dispatcher d(*m_db, *m_settings);
        auto r = d.runOnce();
        RD_VERIFY_OK(r);
        QCOMPARE(r.value().failed, 1);
        QCOMPARE(r.value().retried, 1);
        QCOMPARE(r.value().sent, 0);
        QCOMPARE(dispatchState(bounced), QStringLiteral("failed"));
        QCOMPARE(dispatchState(later), QStringLiteral("queued"));
        QCOMPARE(dispatchState(cancelled), QString()); // never queued on the server
        // Not due again yet (back-off); made due, the second failure makes it a dead letter.
        QCOMPARE(d.runOnce().value().claimed, 0);
        QVERIFY(inTenant(
            QStringLiteral("UPDATE outreach_dispatch SET next_attempt_at = now() WHERE intent_id = ?"), { later }));
        auto second = d.runOnce();
        RD_VERIFY_OK(second);
        QCOMPARE(second.value().dead, 1);
        QCOMPARE(dispatchState(later), QStringLiteral("dead"));
        QCOMPARE(sink.count(), 0);
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(bounced), QStringLiteral("bounced"));
        QCOMPARE(statusOf(later), QStringLiteral("failed"));
        QCOMPARE(statusOf(cancelled), QStringLiteral("cancelled"));
        QVERIFY(m_settings->set(QStringLiteral("dispatch.max_attempts"), QString()).ok());
        // The admin sees the dead letter and, the cause fixed, sends it again (real CLI).
        auto dead = d.list(m_tenantId, QStringLiteral("dead"));
        RD_VERIFY_OK(dead);
        QCOMPARE(dead.value().size(), 1);
        QCOMPARE(dead.value().first().toObject().value(QStringLiteral("recipient")).toString(),
            QStringLiteral("li@later.test"));
        QVERIFY(dead.value()
                    .first()
                    .toObject()
                    .value(QStringLiteral("last_error"))
                    .toString()
                    .contains(QLatin1String("451")));
        QProcess cli;
        cli.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        cli.start(QStringLiteral(RD_SERVER_PATH),
            { QStringLiteral("--pg"), m_dbUrl, QStringLiteral("outreach"), QStringLiteral("list"),
                QStringLiteral("--state"), QStringLiteral("dead") });
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(QJsonDocument::fromJson(cli.readAllStandardOutput()).array().size(), 1);
        cli.start(QStringLiteral(RD_SERVER_PATH),
            { QStringLiteral("--pg"), m_dbUrl, QStringLiteral("outreach"), QStringLiteral("decide"), bounced,
                QStringLiteral("maybe") });
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 1); // not a decision
        cli.start(QStringLiteral(RD_SERVER_PATH),
            { QStringLiteral("--pg"), m_dbUrl, QStringLiteral("outreach"), QStringLiteral("decide"), later,
                QStringLiteral("resend") });
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(dispatchState(later), QStringLiteral("queued"));
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(later), QStringLiteral("queued"));
        // Still deferred by the mail server: retried again (attempts were reset), not dead.
        auto third = d.runOnce();
        RD_VERIFY_OK(third);
        QCOMPARE(third.value().retried, 1);
        // Out of the way of the next tests (it would come due again in 30 s).
        QVERIFY(
            inTenant(QStringLiteral("UPDATE outreach_dispatch SET state = 'failed' WHERE intent_id = ?"), { later }));
        // A sent message cannot be decided on.
        QCOMPARE(d.decide(m_tenantId, cancelled, QStringLiteral("resend")).error().code, ErrorCode::NotFound);
    }

    // A follow-up is withdrawn once the first message of its sequence was confirmed.
    void followUpWithdrawnAfterConfirmation()
    {
        test::SmtpSink sink;
        QVERIFY(sink.start());
        useSink(sink);
        const auto seq
            = queue(candidate(QStringLiteral("Cy"), QStringLiteral("cy@example.org")), QStringLiteral("Sequence"));
        QCOMPARE(seq.size(), 2);
        RD_VERIFY_OK(m_engine->syncOnce());
        Dispatcher d(*m_db, *m_settings);
        auto r = d.runOnce();
        RD_VERIFY_OK(r);
        QCOMPARE(r.value().sent, 1); // the follow-up is due in two days
        QCOMPARE(dispatchState(seq[1].id), QStringLiteral("queued"));
        // The candidate confirms (as the confirm page records it), then the follow-up comes due.
        QVERIFY(m_db->begin().ok());
        SyncService sync(*m_db);
        QVERIFY(sync.serverChange(m_tenantId, QStringLiteral("outreach_intents"), seq[0].id,
                        { { QStringLiteral("status"), QStringLiteral("confirmed") } })
                    .ok());
        QVERIFY(m_db->commit().ok());
        QVERIFY(inTenant(
            QStringLiteral("UPDATE outreach_dispatch SET next_attempt_at = now() WHERE intent_id = ?"), { seq[1].id }));
        auto due = d.runOnce();
        RD_VERIFY_OK(due);
        QCOMPARE(due.value().withdrawn, 1);
        QCOMPARE(sink.count(), 1);
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(seq[0].id), QStringLiteral("confirmed"));
        QCOMPARE(statusOf(seq[1].id), QStringLiteral("cancelled"));
    }

    // The real recruitdesk-server killed while the mail server holds the message: the message
    // arrived once; the lease runs out and the next pass marks it unknown instead of sending again.
    void killedWhileSendingLeavesUnknown()
    {
        test::SmtpSink slow;
        QVERIFY(slow.start({ QStringLiteral("--delay-data"), QStringLiteral("30") }));
        useSink(slow);
        QVERIFY(m_settings->set(QStringLiteral("dispatch.lease_seconds"), QStringLiteral("2")).ok());
        const QString intent = queue(candidate(QStringLiteral("Ki"), QStringLiteral("ki@example.org"))).first().id;
        RD_VERIFY_OK(m_engine->syncOnce());
        QProcess server;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RECRUITDESK_SECRETS_KEY_FILE"), m_keys.filePath(QStringLiteral("secrets.key")));
        server.setProcessEnvironment(env);
        server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server.start(QStringLiteral(RD_SERVER_PATH),
            { QStringLiteral("--pg"), m_dbUrl, QStringLiteral("dispatch"), QStringLiteral("--once") });
        QVERIFY(server.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(slow.count(), 1, 20000); // handed over; the answer is held back
        server.kill();
        server.waitForFinished();
        QCOMPARE(dispatchState(intent), QStringLiteral("sending"));
        QTest::qWait(2500); // the lease runs out
        Dispatcher d(*m_db, *m_settings);
        auto r = d.runOnce();
        RD_VERIFY_OK(r);
        QCOMPARE(r.value().unknown, 1);
        QCOMPARE(r.value().claimed, 0);
        QCOMPARE(dispatchState(intent), QStringLiteral("unknown"));
        QCOMPARE(slow.count(), 1); // not sent twice
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(intent), QStringLiteral("unknown"));
        QVERIFY(m_settings->set(QStringLiteral("dispatch.lease_seconds"), QString()).ok());
        // The operator finds it in the mail server's log: it went out.
        RD_VERIFY_OK(d.decide(m_tenantId, intent, QStringLiteral("sent")));
        QCOMPARE(dispatchState(intent), QStringLiteral("sent"));
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(intent), QStringLiteral("sent"));
    }

    // The candidate's side: the confirm page in their language, one answer recorded once (and
    // synced), a forged or expired link changes nothing; unsubscribe stops further messages.
    void confirmAndUnsubscribePages()
    {
        test::SmtpSink sink;
        QVERIFY(sink.start());
        useSink(sink);
        const QString eve = candidate(QStringLiteral("Eve"), QStringLiteral("eve@example.org"));
        const QString intent = queue(eve).first().id;
        RD_VERIFY_OK(m_engine->syncOnce());
        RD_VERIFY_OK(Dispatcher(*m_db, *m_settings).runOnce());
        QCOMPARE(sink.count(), 1);
        const QString text = sink.received(1)
                                 .value(QStringLiteral("parts"))
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(QStringLiteral("text"))
                                 .toString();
        const QString confirmPath
            = QRegularExpression(QStringLiteral("https://jobs\\.reach\\.test(/confirm/[A-Za-z0-9_.-]+)"))
                  .match(text)
                  .captured(1);
        const QString unsubscribePath
            = QRegularExpression(QStringLiteral("https://jobs\\.reach\\.test(/unsubscribe/[A-Za-z0-9_.-]+)"))
                  .match(text)
                  .captured(1);
        QVERIFY(!confirmPath.isEmpty() && !unsubscribePath.isEmpty());
        const quint16 port = QUrl(m_url).port();
        auto get = [&](const QString& path, const QByteArray& lang = "en") {
            QNetworkRequest req(QUrl(m_url + path));
            req.setRawHeader("Accept-Language", lang);
            QNetworkReply* reply = nam.get(req);
            QSignalSpy done(reply, &QNetworkReply::finished);
            if (!reply->isFinished()) done.wait(15000);
            test::Http h;
            h.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            h.body = reply->readAll();
            h.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
            reply->deleteLater();
            return h;
        };
        Q_UNUSED(port);
        const test::Http shown = get(confirmPath);
        QCOMPARE(shown.status, 200);
        QVERIFY(shown.contentType.startsWith("text/html"));
        QVERIFY(shown.body.contains("Plant manager"));
        QVERIFY(shown.body.contains("Hello Eve,"));
        QVERIFY(shown.body.contains("value=\"confirm\""));
        const test::Http german = get(confirmPath, "de-DE,de;q=0.9");
        QVERIFY(german.body.contains("Interessiert Sie diese Stelle?"));
        QCOMPARE(postForm(confirmPath, "answer=maybe").status, 400);
        // A forged and an expired link: a friendly page, nothing recorded.
        QString forged = confirmPath;
        forged[forged.size() - 2] = forged[forged.size() - 2] == QLatin1Char('x') ? QLatin1Char('y') : QLatin1Char('x');
        const test::Http bad = postForm(forged, "answer=confirm");
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.body.contains("This link does not work"));
        auto expiredToken = Dispatcher::token(
            *m_settings, QStringLiteral("c"), m_tenantId, intent, QDateTime::currentDateTimeUtc().addSecs(-60));
        QCOMPARE(postForm(QStringLiteral("/confirm/") + expiredToken.value(), "answer=confirm").status, 410);
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(intent), QStringLiteral("sent"));
        // Confirmed: recorded once; a second answer changes nothing.
        const test::Http yes = postForm(confirmPath, "answer=confirm");
        QCOMPARE(yes.status, 200);
        QVERIFY(yes.body.contains("We have passed on your interest in Plant manager"));
        const test::Http again = postForm(confirmPath, "answer=decline");
        QVERIFY(again.body.contains("You told us you are interested in Plant manager"));
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(intent), QStringLiteral("confirmed"));
        // Unsubscribe (RFC 8058 one-click posts the same way): no more email to Eve.
        QVERIFY(get(unsubscribePath).body.contains("No more messages?"));
        const test::Http stop = postForm(unsubscribePath, "List-Unsubscribe=One-Click");
        QCOMPARE(stop.status, 200);
        QVERIFY(stop.body.contains("Reach will send you no more messages."));
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(intent), QStringLiteral("opted_out"));
        NewIntent more;
        more.candidate = eve;
        more.channel = QStringLiteral("email");
        more.subject = QStringLiteral("Another one");
        more.body = QStringLiteral("Hello again");
        QCOMPARE(
            m_laptop->ws->outreach().queue(m_admin, more).error().details.value(QStringLiteral("reason")).toString(),
            QStringLiteral("opted_out"));
        // Eve's confirmation queued the agency email; without an agency_email it waits (retried,
        // visible to the admin with the reason) instead of being lost.
        Dispatcher d(*m_db, *m_settings);
        auto pass = d.runOnce();
        RD_VERIFY_OK(pass);
        QCOMPARE(pass.value().retried, 1);
        QCOMPARE(pass.value().agencySent, 0);
        auto waiting = d.list(m_tenantId, QStringLiteral("queued"));
        RD_VERIFY_OK(waiting);
        bool seen = false;
        for (const auto& v : waiting.value())
            if (v.toObject().value(QStringLiteral("channel")).toString() == QLatin1String("agency")
                && v.toObject().value(QStringLiteral("intent_id")).toString() == intent)
                seen = v.toObject()
                           .value(QStringLiteral("last_error"))
                           .toString()
                           .contains(QLatin1String("agency_email"));
        QVERIFY(seen);
        QVERIFY(
            inTenant(QStringLiteral("UPDATE agency_deliveries SET state = 'failed' WHERE intent_id = ?"), { intent }));
        // The server keeps serving after all of this.
        QCOMPARE(get(QStringLiteral("/health")).status, 200);
    }

    // Confirmation end to end: the agency receives "#scoreagents# EXT-1" with the candidate's CV
    // as PDF (the approved tailored variant, else the master CV), the application is created at
    // the confirm stage (or moved forward to it) and reaches a colleague's laptop by sync; all
    // of it on the server's audit chain, which still verifies.
    void confirmationReachesTheAgency()
    {
        test::SmtpSink sink;
        QVERIFY(sink.start());
        useSink(sink);
        // The agency address as the tenant's admin sets it on a desktop (Workspace > Outreach),
        // reaching the server by sync; the confirm stage as the server's admin sets it.
        TenantPatch patch;
        QJsonObject settings = m_laptop->ws->tenants().get(m_admin).value().settings;
        settings.insert(QStringLiteral("outreach"),
            QJsonObject { { QStringLiteral("agency_email"), QStringLiteral("cv@agency.test") } });
        patch.settings = settings;
        RD_VERIFY_OK(m_laptop->ws->tenants().update(m_admin, patch));
        QVERIFY(m_settings->set(QStringLiteral("confirm_stage"), QStringLiteral("Screening"), m_tenantId).ok());
        CvService& cvs = m_laptop->ws->cvs();
        const QString finn = candidate(QStringLiteral("Finn"), QStringLiteral("finn@example.org"));
        RD_VERIFY_OK(cvs.addVersion(m_admin, finn, QStringLiteral("Finn Tester\nMaster CV: forklifts and logistics.")));
        auto variant = cvs.createVariant(
            m_admin, finn, m_job, 0, QStringLiteral("Finn Tester\nTailored for plant management: lean, 5S, budgets."));
        RD_VERIFY_OK(variant);
        RD_VERIFY_OK(cvs.submitVariant(m_admin, variant.value().id));
        RD_VERIFY_OK(cvs.decideVariant(m_admin, variant.value().id, true));
        const QString gil = candidate(QStringLiteral("Gil"), QStringLiteral("gil@example.org"));
        RD_VERIFY_OK(cvs.addVersion(m_admin, gil, QStringLiteral("Gil Tester\nMaster CV only: quality engineering.")));
        auto applied = m_laptop->ws->applications().apply(m_admin, gil, m_job, QStringLiteral("referral"));
        RD_VERIFY_OK(applied);
        QCOMPARE(applied.value().stageName, QStringLiteral("Applied"));
        const QString finnIntent = queue(finn).first().id;
        queue(gil);
        RD_VERIFY_OK(m_engine->syncOnce());
        Dispatcher d(*m_db, *m_settings);
        QCOMPARE(d.runOnce().value().sent, 2);
        QCOMPARE(sink.count(), 2);
        for (int n = 1; n <= 2; ++n) {
            const QString path = confirmPathIn(sink, n);
            QVERIFY(!path.isEmpty());
            QCOMPARE(postForm(path, "answer=confirm").status, 200);
        }
        // The agency emails go out with the next pass, once.
        auto pass = d.runOnce();
        RD_VERIFY_OK(pass);
        QCOMPARE(pass.value().agencySent, 2);
        QCOMPARE(sink.count(), 4);
        QCOMPARE(d.runOnce().value().agencySent, 0);
        QCOMPARE(sink.count(), 4);
        QStringList cvTexts;
        for (int n = 3; n <= 4; ++n) {
            const QJsonObject got = sink.received(n);
            QCOMPARE(got.value(QStringLiteral("subject")).toString(), QStringLiteral("#scoreagents# EXT-1"));
            QCOMPARE(got.value(QStringLiteral("rcpt_tos")).toArray(), QJsonArray { QStringLiteral("cv@agency.test") });
            const QJsonArray parts = got.value(QStringLiteral("parts")).toArray();
            QCOMPARE(parts.size(), 2);
            QCOMPARE(parts[1].toObject().value(QStringLiteral("content_type")).toString(),
                QStringLiteral("application/pdf"));
            QVERIFY(parts[1]
                        .toObject()
                        .value(QStringLiteral("filename"))
                        .toString()
                        .endsWith(QLatin1String(" Tester.pdf")));
            const QByteArray pdf = sink.partBytes(n, 1);
            QVERIFY(pdf.startsWith("%PDF-"));
            auto text = documents::extractText(pdf, QStringLiteral("application/pdf"));
            RD_VERIFY_OK(text);
            cvTexts << text.value().simplified();
        }
        const QString both = cvTexts.join(QLatin1Char('|'));
        QVERIFY2(both.contains(QLatin1String("Tailored for plant management")), qPrintable(both));
        QVERIFY2(!both.contains(QLatin1String("forklifts")), qPrintable(both)); // the variant, not Finn's master
        QVERIFY2(both.contains(QLatin1String("Master CV only: quality engineering")), qPrintable(both));
        QCOMPARE(d.list(m_tenantId, QStringLiteral("sent")).value().size() >= 2, true);

        // A colleague's laptop joins: Finn's application was made at Screening by the server; Gil's
        // moved there from Applied, with its stage history.
        test::TestWorkspace colleague;
        auto joined = sync::SyncEngine::join(*colleague.ws, m_url, QStringLiteral("reach"),
            QStringLiteral("admin@reach.test"), test::kAdminPassword, {});
        RD_VERIFY_OK(joined);
        auto finnApps = colleague.ws->applications().listForCandidate(joined.value(), finn);
        RD_VERIFY_OK(finnApps);
        QCOMPARE(finnApps.value().size(), 1);
        QCOMPARE(finnApps.value().first().stageName, QStringLiteral("Screening"));
        QCOMPARE(finnApps.value().first().source, QStringLiteral("outreach"));
        auto gilApps = colleague.ws->applications().listForCandidate(joined.value(), gil);
        QCOMPARE(gilApps.value().size(), 1);
        QCOMPARE(gilApps.value().first().id, applied.value().id);
        QCOMPARE(gilApps.value().first().stageName, QStringLiteral("Screening"));
        auto history = colleague.ws->applications().history(joined.value(), applied.value().id);
        RD_VERIFY_OK(history);
        QCOMPARE(history.value().size(), 2);
        // And on the laptop that queued the messages.
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(statusOf(finnIntent), QStringLiteral("confirmed"));
        QCOMPARE(m_laptop->ws->applications().listForCandidate(m_admin, finn).value().first().stageName,
            QStringLiteral("Screening"));
        // Audited on the server's own chain, which verifies with the others.
        QVERIFY(m_db->begin().ok());
        QVERIFY(m_db->scopeToTenant(m_tenantId).ok());
        auto actions = m_db->select(QStringLiteral("SELECT action, count(*) FROM audit_entries WHERE device_id = ? "
                                                   "GROUP BY action ORDER BY action"),
            { QStringLiteral("server:") + m_tenantId });
        m_db->rollback();
        RD_VERIFY_OK(actions);
        QMap<QString, int> counts;
        for (const auto& r : actions.value())
            counts[r.value(0).toString()] = r.value(1).toInt();
        // Eve's confirmation (the pages test) counts too: it made her application at the first stage.
        QCOMPARE(counts.value(QStringLiteral("outreach.confirm")), 3);
        QCOMPARE(counts.value(QStringLiteral("application.create")), 2);
        QCOMPARE(counts.value(QStringLiteral("application.move")), 1);
        QCOMPARE(counts.value(QStringLiteral("outreach.agency_email")), 2);
        auto verified = AuditStore(*m_db).verify();
        RD_VERIFY_OK(verified);
        QVERIFY(verified.value().ok);
        // The server-made rows leave the change log gapless and consistent (what a restore checks).
        auto check = backupCheck(*m_db);
        RD_VERIFY_OK(check);
        QVERIFY2(check.value().value(QStringLiteral("ok")).toBool(),
            QJsonDocument(check.value()).toJson(QJsonDocument::Compact).constData());
        QVERIFY(m_settings->set(QStringLiteral("confirm_stage"), QString(), m_tenantId).ok());
    }

    void settingsAreCheckedAndSecretsSealed()
    {
        QCOMPARE(m_settings->set(QStringLiteral("smtp.tls"), QStringLiteral("sometimes")).error().code,
            ErrorCode::ValidationFailed);
        QCOMPARE(m_settings->set(QStringLiteral("smtp.colour"), QStringLiteral("blue")).error().code,
            ErrorCode::ValidationFailed);
        QCOMPARE(m_settings->set(QStringLiteral("agency_email"), QStringLiteral("not an address")).error().code,
            ErrorCode::ValidationFailed);
        RD_VERIFY_OK(
            m_settings->set(QStringLiteral("agency_email"), QStringLiteral("desk@reach.test"))); // the one tenant
        QCOMPARE(
            m_settings->get(QStringLiteral("agency_email"), m_tenantId).value(), QStringLiteral("desk@reach.test"));
        RD_VERIFY_OK(m_settings->set(QStringLiteral("smtp.password"), QStringLiteral("pa55-wörd")));
        QCOMPARE(m_settings->get(QStringLiteral("smtp.password")).value(), QStringLiteral("pa55-wörd"));
        auto raw
            = m_db->select(QStringLiteral("SELECT value, secret FROM server_settings WHERE key = 'smtp.password'"));
        QVERIFY(raw.ok() && raw.value().first().value(1).toBool());
        QVERIFY(!raw.value().first().value(0).toString().contains(QLatin1String("pa55")));
        const auto listed = m_settings->list();
        RD_VERIFY_OK(listed);
        for (const QJsonValue& v : listed.value())
            if (v.toObject().value(QStringLiteral("key")) == QLatin1String("smtp.password"))
                QCOMPARE(v.toObject().value(QStringLiteral("value")).toString(), QStringLiteral("(set)"));
        // Another key file cannot open it.
        QTemporaryDir other;
        ServerSettings elsewhere(*m_db, other.filePath(QStringLiteral("k")));
        QCOMPARE(elsewhere.get(QStringLiteral("smtp.password")).error().code, ErrorCode::CryptoError);
        RD_VERIFY_OK(m_settings->set(QStringLiteral("smtp.password"), QString()));
        // The admin's CLI: set and list.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RECRUITDESK_SECRETS_KEY_FILE"), m_keys.filePath(QStringLiteral("secrets.key")));
        QProcess cli;
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(RD_SERVER_PATH),
            { QStringLiteral("--pg"), m_dbUrl, QStringLiteral("settings"), QStringLiteral("set"),
                QStringLiteral("confirm_stage"), QStringLiteral("Interview"), QStringLiteral("--tenant"),
                QStringLiteral("Reach") });
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(m_settings->get(QStringLiteral("confirm_stage"), m_tenantId).value(), QStringLiteral("Interview"));
        cli.start(QStringLiteral(RD_SERVER_PATH),
            { QStringLiteral("--pg"), m_dbUrl, QStringLiteral("settings"), QStringLiteral("set"),
                QStringLiteral("smtp.port"), QStringLiteral("99999") });
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY(cli.readAllStandardError().contains("[validation_failed]"));
    }
};

QTEST_MAIN(TestDispatch) // a QGuiApplication: the agency's CV PDF is rendered with QtGui
#include "test_dispatch.moc"
