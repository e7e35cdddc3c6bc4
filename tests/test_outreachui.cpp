// The desktop's outreach screens in the app's real QML over a real workspace file: the template
// editor's live preview (and its error for an unknown variable) and saving a template; proposing
// a job to candidates from Matches (ComposeDialog) queues one message each; the queue view lists
// them with their status and cancels one; the agency address and confirm stage in Workspace.
#include "appcontroller.h"
#include "errormodel.h"
#include "quickutil.h"
#include "testutil.h"

#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSignalSpy>

using namespace rd;
using rd::test::click;
using rd::test::findIn;

class TestOutreachUi : public QObject {
    Q_OBJECT

    std::unique_ptr<test::TestWorkspace> tw;
    Session admin;
    QString job, ada, ben;

    QString candidate(const QString& first, const QString& email)
    {
        auto c = tw->ws->candidates().create(admin,
            { { QStringLiteral("first_name"), first }, { QStringLiteral("last_name"), QStringLiteral("Lovelace") },
                { QStringLiteral("emails"), QJsonArray { email } },
                { QStringLiteral("skills"), QStringLiteral("C++;Qt") } });
        if (!c) qFatal("candidate: %s", qPrintable(c.error().message));
        return c.value().id;
    }
    static QVariant call(QObject* o, const char* method, const QVariant& a, const QVariant& b = {})
    {
        QVariant out;
        if (!QMetaObject::invokeMethod(o, method, Q_RETURN_ARG(QVariant, out), Q_ARG(QVariant, a), Q_ARG(QVariant, b)))
            qFatal("no method %s", method);
        return out;
    }

private slots:
    void initTestCase()
    {
        tw = std::make_unique<test::TestWorkspace>();
        admin = tw->createTenant(
            QStringLiteral("Acme Talent"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"));
        auto j = tw->ws->postings().create(admin,
            { { QStringLiteral("title"), QStringLiteral("Qt developer") },
                { QStringLiteral("location"), QStringLiteral("Berlin") },
                { QStringLiteral("description"), QStringLiteral("Desktop software in C++.") },
                { QStringLiteral("must_have"), QJsonArray { QStringLiteral("C++") } } });
        QVERIFY(j.ok());
        job = j.value().id;
        RD_VERIFY_OK(tw->ws->postings().setStatus(admin, job, QStringLiteral("open")));
        ada = candidate(QStringLiteral("Ada"), QStringLiteral("ada@example.org"));
        ben = candidate(QStringLiteral("Ben"), QStringLiteral("ben@example.org"));
        NewTemplate t;
        t.name = QStringLiteral("Proposal");
        t.channel = QStringLiteral("email");
        t.subject = QStringLiteral("{{job.title}}?");
        t.body = QStringLiteral("Hello {{candidate.first_name}}, interested in {{job.title}}? {{confirm_link}}");
        RD_VERIFY_OK(tw->ws->templates().create(admin, t));
        AppController::setInstanceWorkspace(tw->ws.get());
    }

    void outreachScreens()
    {
        test::SignedInApp app;
        const QString opened
            = app.open(QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword);
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        QQuickWindow* window = app.window;
        QObject* shell = app.shell;
        QQuickItem* root = window->contentItem();

        // Templates: the preview renders the saved template for the chosen candidate and job.
        call(shell, "showScreen", QStringLiteral("outreach"), QStringLiteral("templates"));
        QTRY_VERIFY(findIn(root, QStringLiteral("templateBody")));
        QCOMPARE(findIn(root, QStringLiteral("templateName"))->property("text").toString(), QStringLiteral("Proposal"));
        QQuickItem* previewCandidate = findIn(root, QStringLiteral("previewCandidate"));
        QVERIFY(previewCandidate);
        QTRY_VERIFY(previewCandidate->property("count").toInt() >= 2);
        QTRY_VERIFY(findIn(root, QStringLiteral("previewText")));
        const QString preview = findIn(root, QStringLiteral("previewText"))->property("text").toString();
        QVERIFY2(preview.contains(QLatin1String("interested in Qt developer?")), qPrintable(preview));
        QVERIFY(preview.startsWith(QLatin1String("Hello Ada,")) || preview.startsWith(QLatin1String("Hello Ben,")));
        // An unknown variable is an error in the preview before anything is saved.
        QQuickItem* body = findIn(root, QStringLiteral("templateBody"));
        body->forceActiveFocus();
        body->setProperty("text", QStringLiteral("Hi {{candidate.shoe_size}}"));
        QTRY_VERIFY(findIn(root, QStringLiteral("previewError")));
        QVERIFY(findIn(root, QStringLiteral("previewError"))
                    ->property("text")
                    .toString()
                    .contains(QLatin1String("candidate.shoe_size")));
        QVERIFY(test::shot(window, QStringLiteral("outreach-template-error.png")));
        // A new SMS template, saved: the list has it, with its length shown in the preview.
        click(window, findIn(root, QStringLiteral("newTemplate")));
        QTRY_COMPARE(findIn(root, QStringLiteral("templateName"))->property("text").toString(), QString());
        findIn(root, QStringLiteral("templateName"))->setProperty("text", QStringLiteral("Short text"));
        QQuickItem* channel = findIn(root, QStringLiteral("templateChannel"));
        channel->setProperty("currentIndex", 1); // SMS
        body = findIn(root, QStringLiteral("templateBody"));
        body->forceActiveFocus();
        body->setProperty("text", QStringLiteral("Hi {{candidate.first_name}}, {{job.title}}? {{confirm_link}}"));
        QTRY_VERIFY(findIn(root, QStringLiteral("smsLength")));
        QTRY_VERIFY(findIn(root, QStringLiteral("smsLength"))
                        ->property("text")
                        .toString()
                        .contains(QLatin1String("1 SMS part")));
        click(window, findIn(root, QStringLiteral("saveTemplate")));
        QTRY_COMPARE(tw->ws->templates().list(admin).value().size(), 2);
        QCOMPARE(tw->ws->templates().get(admin, QStringLiteral("Short text")).value().channel, QStringLiteral("sms"));
        QVERIFY(!ErrorModel::instance()->active());

        // Compose from Matches: the two best candidates ticked, one message each.
        call(shell, "showScreen", QStringLiteral("compose"), job);
        QTRY_VERIFY_WITH_TIMEOUT(findIn(root, QStringLiteral("queueMessages")), 15000); // on the overlay
        QQuickItem* overlay = root;
        QQuickItem* queueButton = findIn(overlay, QStringLiteral("queueMessages"));
        QVERIFY(queueButton);
        QTRY_VERIFY2(findIn(overlay, QStringLiteral("composePreview"))
                         ->property("text")
                         .toString()
                         .contains(QLatin1String("Qt developer")),
            qPrintable(findIn(overlay, QStringLiteral("composePreview"))->property("text").toString()));
        QVERIFY(test::shot(window, QStringLiteral("outreach-compose.png")));
        click(window, queueButton);
        QTRY_VERIFY(findIn(overlay, QStringLiteral("composeResult")));
        QVERIFY(findIn(overlay, QStringLiteral("composeResult"))
                    ->property("text")
                    .toString()
                    .startsWith(QLatin1String("2 message")));
        auto queued = tw->ws->outreach().list(admin);
        RD_VERIFY_OK(queued);
        QCOMPARE(queued.value().size(), 2);
        QSet<QString> who;
        for (const OutreachIntent& i : queued.value())
            who << i.candidateId;
        QCOMPARE(who, (QSet<QString> { ada, ben }));

        // The queue: both, not synced yet; cancel one.
        call(shell, "showScreen", QStringLiteral("outreach"), QStringLiteral("queue"));
        QQuickItem* list = nullptr;
        QTRY_VERIFY((list = findIn(root, QStringLiteral("outreachList"))));
        QTRY_COMPARE(list->property("count").toInt(), 2);
        QTRY_VERIFY(!findIn(root, QStringLiteral("composeDialog"))); // closed (its exit transition done)
        QTRY_VERIFY(!findIn(root, QStringLiteral("queueMessages")));
        QVERIFY(test::shot(window, QStringLiteral("outreach-queue.png")));
        QQuickItem* cancel = nullptr;
        QTRY_VERIFY((cancel = findIn(list, QStringLiteral("cancelMessage"))));
        click(window, cancel);
        QTRY_COMPARE(tw->count(QStringLiteral("SELECT count(*) FROM outreach_intents WHERE status = 'cancelled'")), 1);

        // Workspace > Outreach: a bad address is refused in the banner; a good one is kept.
        call(shell, "showScreen", QStringLiteral("workspace"), QStringLiteral("outreach"));
        QQuickItem* agency = nullptr;
        QTRY_VERIFY((agency = findIn(root, QStringLiteral("agencyEmail"))));
        agency->setProperty("text", QStringLiteral("not an address"));
        findIn(root, QStringLiteral("confirmStage"))->setProperty("text", QStringLiteral("Screening"));
        click(window, findIn(root, QStringLiteral("saveOutreachSettings")));
        QTRY_VERIFY(ErrorModel::instance()->active());
        ErrorModel::instance()->clear();
        agency->setProperty("text", QStringLiteral("cv@agency.example"));
        click(window, findIn(root, QStringLiteral("saveOutreachSettings")));
        QTRY_COMPARE(tw->ws->tenants().get(admin).value().settings.value(QStringLiteral("outreach")).toObject(),
            (QJsonObject { { QStringLiteral("agency_email"), QStringLiteral("cv@agency.example") },
                { QStringLiteral("confirm_stage"), QStringLiteral("Screening") } }));
        QVERIFY(!ErrorModel::instance()->active());
        QVERIFY(test::shot(window, QStringLiteral("outreach-settings.png")));

        QVERIFY2(app.warnings.isEmpty(), qPrintable(app.problems()));
    }
};

QTEST_MAIN(TestOutreachUi)
#include "test_outreachui.moc"
