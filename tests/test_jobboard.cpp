// The public job board on a real server (HttpApp on the PostgreSQL fixture): the tenant's open,
// published jobs and a job page with schema.org JobPosting data; applying with a CV (multipart)
// makes the candidate (or finds them by email), the file, its text as a CV version and the
// application, which a laptop has after sync — searchable; the honeypot, size, type, missing
// fields and the rate per address are refused without storing anything.
#include "documents/documents.h"
#include "reachserver.h"
#include "server/auditstore.h"
#include "server/jobboard.h"

#include <QHttpMultiPart>
#include <QHttpServer>
#include <QRegularExpression>
#include <QUrlQuery>

using namespace rd;
using namespace rd::server;

class TestJobBoard : public QObject, public test::ReachServer {
    Q_OBJECT

    QString m_job, m_draft, m_known;

    test::Http get(const QString& path)
    {
        QNetworkReply* reply = nam.get(QNetworkRequest(QUrl(m_url + path)));
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished()) done.wait(15000);
        test::Http h { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
            reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), {}, {} };
        reply->deleteLater();
        return h;
    }
    // The apply form as a browser posts it (multipart/form-data), from ADDRESS (X-Forwarded-For
    // from the loopback proxy).
    test::Http apply(const QString& jobId, const QList<QPair<QString, QString>>& fields, const QByteArray& cv,
        const QString& fileName = QStringLiteral("cv.pdf"), const QString& address = QStringLiteral("203.0.113.7"))
    {
        auto* multi = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        for (const auto& [k, v] : fields) {
            QHttpPart p;
            p.setHeader(QNetworkRequest::ContentDispositionHeader, QStringLiteral("form-data; name=\"%1\"").arg(k));
            p.setBody(v.toUtf8());
            multi->append(p);
        }
        if (!cv.isNull()) {
            QHttpPart p;
            p.setHeader(QNetworkRequest::ContentDispositionHeader,
                QStringLiteral("form-data; name=\"cv\"; filename=\"%1\"").arg(fileName));
            p.setHeader(QNetworkRequest::ContentTypeHeader, "application/octet-stream");
            p.setBody(cv);
            multi->append(p);
        }
        QNetworkRequest req(QUrl(m_url + QStringLiteral("/jobs/reach/") + jobId));
        req.setRawHeader("X-Forwarded-For", address.toLatin1());
        QNetworkReply* reply = nam.post(req, multi);
        multi->setParent(reply);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished()) done.wait(30000);
        test::Http h { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(), {}, {},
            {} };
        reply->deleteLater();
        return h;
    }
    int candidates()
    {
        return m_laptop->count(QStringLiteral("SELECT count(*) FROM candidates WHERE deleted_at IS NULL"));
    }

private slots:
    void initTestCase()
    {
        const QString started = startReach();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        auto job = m_laptop->ws->postings().create(m_admin,
            { { QStringLiteral("title"), QStringLiteral("Night-shift nurse") },
                { QStringLiteral("location"), QStringLiteral("Leipzig") },
                { QStringLiteral("description"),
                    QStringLiteral("Care for patients at night. </script> <b>not bold</b>") },
                { QStringLiteral("employment_type"), QStringLiteral("full-time") } });
        RD_VERIFY_OK(job);
        m_job = job.value().id;
        RD_VERIFY_OK(m_laptop->ws->postings().publish(m_admin, m_job));
        auto draft = m_laptop->ws->postings().create(m_admin,
            { { QStringLiteral("title"), QStringLiteral("Secret draft role") },
                { QStringLiteral("description"), QStringLiteral("x") } });
        RD_VERIFY_OK(draft);
        m_draft = draft.value().id;
        auto known = m_laptop->ws->candidates().create(m_admin,
            { { QStringLiteral("first_name"), QStringLiteral("Kim") },
                { QStringLiteral("last_name"), QStringLiteral("Known") },
                { QStringLiteral("emails"), QJsonArray { QStringLiteral("kim.known@example.org") } } });
        RD_VERIFY_OK(known);
        m_known = known.value().id;
        RD_VERIFY_OK(m_engine->syncOnce());
    }

    void listsPublishedJobsWithStructuredData()
    {
        const test::Http list = get(QStringLiteral("/jobs/reach"));
        QCOMPARE(list.status, 200);
        QVERIFY(list.contentType.startsWith("text/html"));
        QVERIFY(list.body.contains("Jobs at Reach"));
        QVERIFY(list.body.contains("Night-shift nurse"));
        QVERIFY(!list.body.contains("Secret draft role"));
        QCOMPARE(get(QStringLiteral("/jobs/nobody")).status, 404);
        QCOMPARE(get(QStringLiteral("/jobs/reach/") + m_draft).status, 404);
        const test::Http page = get(QStringLiteral("/jobs/reach/") + m_job);
        QCOMPARE(page.status, 200);
        QVERIFY(page.body.contains("enctype=\"multipart/form-data\""));
        QVERIFY(page.body.contains("&lt;b&gt;not bold&lt;/b&gt;")); // the description is text
        const auto ld = QRegularExpression(QStringLiteral("<script type=\"application/ld\\+json\">(.*?)</script>"))
                            .match(QString::fromUtf8(page.body));
        QVERIFY(ld.hasMatch());
        const QJsonObject posting = QJsonDocument::fromJson(ld.captured(1).toUtf8()).object();
        QCOMPARE(posting.value(QStringLiteral("@type")).toString(), QStringLiteral("JobPosting"));
        QCOMPARE(posting.value(QStringLiteral("title")).toString(), QStringLiteral("Night-shift nurse"));
        QCOMPARE(posting.value(QStringLiteral("employmentType")).toString(), QStringLiteral("FULL_TIME"));
        QCOMPARE(
            posting.value(QStringLiteral("hiringOrganization")).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("Reach"));
        QVERIFY(posting.value(QStringLiteral("description")).toString().contains(QLatin1String("</script>")));
    }

    void applyingReachesTheLaptop()
    {
        auto pdf = documents::renderPdf(QStringLiteral("Nia Newcomer"),
            QStringLiteral("Registered nurse, eight years of intensive care, ventilation and night shifts."));
        RD_VERIFY_OK(pdf);
        // The workspace's country reads national phone numbers, on the job board too.
        auto t = m_laptop->ws->tenants().get(m_admin);
        RD_VERIFY_OK(t);
        QJsonObject settings = t.value().settings;
        settings.insert(QStringLiteral("default_country"), QStringLiteral("DE"));
        TenantPatch patch;
        patch.settings = settings;
        RD_VERIFY_OK(m_laptop->ws->tenants().update(m_admin, patch));
        RD_VERIFY_OK(m_engine->syncOnce());
        const auto form = [](const QString& phone) {
            return QList<QPair<QString, QString>> { { QStringLiteral("first_name"), QStringLiteral("Nia") },
                { QStringLiteral("last_name"), QStringLiteral("Newcomer") },
                { QStringLiteral("email"), QStringLiteral("Nia.Newcomer@Example.org") }, { QStringLiteral("phone"), phone },
                { QStringLiteral("website"), QString() } };
        };
        const test::Http ok = apply(m_job, form(QStringLiteral("0151 2345678")), pdf.value(), QStringLiteral("Nia CV.pdf"));
        QVERIFY(!ok.body.contains("could not read your phone number"));
        QCOMPARE(ok.status, 200);
        QVERIFY(ok.body.contains("Thank you, we have your application for Night-shift nurse"));
        const int before = candidates();
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(candidates(), before + 1);
        auto found = m_laptop->ws->candidates().get(m_admin,
            m_laptop->ws->db()
                .selectOne(QStringLiteral("SELECT id FROM candidates WHERE first_name = 'Nia'"))
                .value()
                .value(0)
                .toString());
        RD_VERIFY_OK(found);
        const QString nia = found.value().id;
        QCOMPARE(found.value().source, QStringLiteral("job_board"));
        auto apps = m_laptop->ws->applications().listForCandidate(m_admin, nia);
        RD_VERIFY_OK(apps);
        QCOMPARE(apps.value().size(), 1);
        QCOMPARE(apps.value().first().jobId, m_job);
        QCOMPARE(apps.value().first().stageName, QStringLiteral("Applied"));
        QCOMPARE(apps.value().first().source, QStringLiteral("job_board"));
        // The file came down with the pull, its text was read on the server: a CV version, searchable.
        QCOMPARE(
            m_laptop->count(QStringLiteral("SELECT count(*) FROM attachments WHERE candidate_id = ? AND extraction = "
                                           "'done' AND file_name = 'Nia CV.pdf'"),
                { nia }),
            1);
        auto cv = m_laptop->ws->cvs().version(m_admin, nia);
        RD_VERIFY_OK(cv);
        QVERIFY(cv.value().text.contains(QLatin1String("intensive care")));
        auto search
            = m_laptop->ws->search().search(m_admin, QStringLiteral("ventilation"), QStringLiteral("candidate"));
        RD_VERIFY_OK(search);
        QVERIFY(!search.value().isEmpty());
        QCOMPARE(
            m_laptop->count(QStringLiteral("SELECT count(*) FROM candidate_contacts WHERE candidate_id = ? AND kind = "
                                           "'phone' AND value = '+491512345678' AND value_norm = value"),
                { nia }),
            1);
        // A phone that cannot be read does not cost the application: it is left out, and said so.
        const auto unreadable = form(QStringLiteral("call me maybe"));
        QList<QPair<QString, QString>> other;
        for (auto [k, v] : unreadable)
            other.append({ k, k == QLatin1String("email") ? QStringLiteral("ola.other@example.org")
                                : k == QLatin1String("first_name") ? QStringLiteral("Ola") : v });
        const test::Http noPhone = apply(m_job, other, pdf.value(), QStringLiteral("Ola CV.pdf"), QStringLiteral("203.0.113.99"));
        QCOMPARE(noPhone.status, 200);
        QVERIFY2(noPhone.body.contains("could not read your phone number"), noPhone.body.constData());
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(m_laptop->count(QStringLiteral("SELECT count(*) FROM candidates c WHERE first_name = 'Ola' AND NOT EXISTS (SELECT 1 "
                                                "FROM candidate_contacts p WHERE p.candidate_id = c.id AND p.kind = 'phone')")),
            1);

        // Someone the agency knows applies: matched by email (any case), no second candidate.
        const test::Http again = apply(m_job,
            { { QStringLiteral("first_name"), QStringLiteral("Kim") },
                { QStringLiteral("last_name"), QStringLiteral("Known") },
                { QStringLiteral("email"), QStringLiteral("KIM.KNOWN@example.org") } },
            QByteArray("Kim Known\nNurse, ten years on night shifts.\n"), QStringLiteral("kim.txt"),
            QStringLiteral("203.0.113.8"));
        QCOMPARE(again.status, 200);
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(candidates(), before + 2); // Nia and Ola
        QCOMPARE(m_laptop->ws->applications().listForCandidate(m_admin, m_known).value().size(), 1);
        QVERIFY(m_laptop->ws->cvs().version(m_admin, m_known).value().text.contains(QLatin1String("ten years")));
        // Audited on the server's chain, which verifies.
        auto verified = AuditStore(*m_db).verify();
        RD_VERIFY_OK(verified);
        QVERIFY(verified.value().ok);
    }

    void refusalsStoreNothing()
    {
        RD_VERIFY_OK(m_engine->syncOnce());
        const int before = candidates();
        const QList<QPair<QString, QString>> person { { QStringLiteral("first_name"), QStringLiteral("Bo") },
            { QStringLiteral("last_name"), QStringLiteral("Bot") },
            { QStringLiteral("email"), QStringLiteral("bo@example.org") } };
        // The honeypot: the bot sees a thank-you page; nothing is kept.
        auto withHoney = person;
        withHoney << qMakePair(QStringLiteral("website"), QStringLiteral("http://spam.example"));
        const test::Http honey
            = apply(m_job, withHoney, QByteArray("text cv"), QStringLiteral("cv.txt"), QStringLiteral("198.51.100.1"));
        QCOMPARE(honey.status, 200);
        QVERIFY(honey.body.contains("Thank you"));
        // Wrong type, too large, no email: refused with the reason and the form again.
        QByteArray png("\x89PNG\r\n\x1a\n", 8);
        png += QByteArray(100, 'x');
        const test::Http type = apply(m_job, person, png, QStringLiteral("cv.png"), QStringLiteral("198.51.100.2"));
        QCOMPARE(type.status, 415);
        QVERIFY(type.body.contains("PDF, DOCX or text"));
        QVERIFY(type.body.contains("value=\"bo@example.org\"")); // what was typed stays
        QVERIFY(m_settings->set(QStringLiteral("apply.max_mb"), QStringLiteral("1")).ok());
        const test::Http big
            = apply(m_job, person, QByteArray(2 << 20, 'a'), QStringLiteral("cv.txt"), QStringLiteral("198.51.100.3"));
        QCOMPARE(big.status, 413);
        const test::Http noMail = apply(
            m_job, person.mid(0, 2), QByteArray("cv"), QStringLiteral("cv.txt"), QStringLiteral("198.51.100.4"));
        QCOMPARE(noMail.status, 400);
        // The rate per address: the fourth attempt within the hour is refused (429).
        ServerSettings& settings = *m_settings;
        QVERIFY(settings.set(QStringLiteral("apply.per_hour"), QStringLiteral("3")).ok());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(
                apply(m_job, person.mid(0, 2), QByteArray("cv"), QStringLiteral("cv.txt"), QStringLiteral("192.0.2.9"))
                    .status,
                400);
        const test::Http limited
            = apply(m_job, person, QByteArray("Bo\nCV"), QStringLiteral("cv.txt"), QStringLiteral("192.0.2.9"));
        QCOMPARE(limited.status, 429);
        RD_VERIFY_OK(m_engine->syncOnce());
        QCOMPARE(candidates(), before);
        QCOMPARE(get(QStringLiteral("/health")).status, 200); // still serving
    }

    // The captcha hook: a siteverify answering success only for the right token (a local stand-in).
    void captchaHook()
    {
        QHttpServer verifier;
        QByteArray seen;
        verifier.route(QStringLiteral("/siteverify"), [&seen](const QHttpServerRequest& req) {
            seen = req.body();
            const bool good = QUrlQuery(QString::fromUtf8(req.body())).queryItemValue(QStringLiteral("response"))
                == QLatin1String("good-token");
            return QHttpServerResponse(QJsonObject { { QStringLiteral("success"), good } });
        });
        const quint16 port = verifier.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port);
        ServerSettings& settings = *m_settings;
        QVERIFY(settings.set(QStringLiteral("apply.per_hour"), QStringLiteral("100")).ok());
        QVERIFY(
            settings
                .set(QStringLiteral("captcha.verify_url"), QStringLiteral("http://127.0.0.1:%1/siteverify").arg(port))
                .ok());
        QVERIFY(settings.set(QStringLiteral("captcha.secret"), QStringLiteral("site-secret")).ok());
        QList<QPair<QString, QString>> person { { QStringLiteral("first_name"), QStringLiteral("Cy") },
            { QStringLiteral("last_name"), QStringLiteral("Captcha") },
            { QStringLiteral("email"), QStringLiteral("cy@example.org") },
            { QStringLiteral("captcha_token"), QStringLiteral("bad-token") } };
        // A loopback check is not called until the server's admin allows the address: the
        // application fails the check with nothing sent.
        const test::Http unchecked = apply(
            m_job, person, QByteArray("Cy Captcha\nWelder"), QStringLiteral("cv.txt"), QStringLiteral("192.0.2.51"));
        QCOMPARE(unchecked.status, 400);
        QVERIFY(seen.isEmpty());
        QVERIFY(settings.set(QStringLiteral("outbound.allow"), QStringLiteral("127.0.0.0/8")).ok());
        const test::Http refused = apply(
            m_job, person, QByteArray("Cy Captcha\nWelder"), QStringLiteral("cv.txt"), QStringLiteral("192.0.2.50"));
        QCOMPARE(refused.status, 400);
        QVERIFY(refused.body.contains("not a robot"));
        QVERIFY(seen.contains("secret=site-secret"));
        person.last().second = QStringLiteral("good-token");
        QCOMPARE(apply(m_job, person, QByteArray("Cy Captcha\nWelder"), QStringLiteral("cv.txt"),
                     QStringLiteral("192.0.2.50"))
                     .status,
            200);
        for (const char* k : { "captcha.verify_url", "captcha.secret", "apply.per_hour", "outbound.allow" })
            QVERIFY(settings.set(QString::fromLatin1(k), QString()).ok());
    }

    void multipartParsing()
    {
        const QByteArray body = "--XyZ\r\nContent-Disposition: form-data; name=\"first_name\"\r\n\r\nAnn\r\n"
                                "--XyZ\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"a b.txt\"\r\n"
                                "Content-Type: text/plain\r\n\r\nline1\r\n--not the end\r\n--XyZ--\r\n";
        const auto parts = JobBoard::parseMultipart(body, "multipart/form-data; boundary=XyZ");
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts[0].name, QStringLiteral("first_name"));
        QCOMPARE(parts[0].data, QByteArray("Ann"));
        QCOMPARE(parts[1].fileName, QStringLiteral("a b.txt"));
        QCOMPARE(parts[1].data, QByteArray("line1\r\n--not the end"));
        QVERIFY(JobBoard::parseMultipart(body, "application/json").isEmpty());
        QVERIFY(JobBoard::parseMultipart("--XyZ\r\nbroken", "multipart/form-data; boundary=XyZ").isEmpty());
    }
};

QTEST_MAIN(TestJobBoard) // a QGuiApplication: the test renders a PDF CV
#include "test_jobboard.moc"
