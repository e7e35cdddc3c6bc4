// The workspace's daily work in the app: pipeline moves with undo, the dashboard and profile,
// a hiring manager's view, the Kanban board dragged with the mouse, matches, search (also
// Ctrl+K), interviews and feedback, the sync panel's conflicts and the German translation,
// over a real workspace and the real QML. Set RD_SCREENSHOT_DIR to keep PNGs.
#include "workspaceuifixture.h"

using namespace rd;
using rd::test::findIn;

class TestWorkspaceUiWork : public QObject, public test::WorkspaceUiFixture {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        setUpWorkspace();
        // As the job list's test leaves it: the draft job published (open), two open jobs.
        QVERIFY(tw->ws->postings().setStatus(admin, draftJob, QStringLiteral("open")).ok());
    }

    void pipelineMovesRollsBackAndUndoes()
    {
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        PipelineModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setController(&c);
        m.setJobId(openJob);
        QCOMPARE(m.jobTitle(), QStringLiteral("Compiler Engineer"));
        QVERIFY(m.rowCount() >= 5);
        const int applied = m.columnOf(m.data(m.index(0), PipelineModel::StageIdRole).toString());
        QCOMPARE(applied, 0);
        QCOMPARE(cardNames(m, 0), (QStringList { "Grace Example", "Linus Example", "Margaret Example" }));
        int screening = -1, hired = -1;
        for (int i = 0; i < m.rowCount(); ++i) {
            const QString kind = m.data(m.index(i), PipelineModel::KindRole).toString();
            if (kind == QLatin1String("screening") && screening < 0) screening = i;
            if (kind == QLatin1String("hired")) hired = i;
        }
        QVERIFY(screening > 0 && hired > 0);
        const QString screeningId = m.data(m.index(screening), PipelineModel::StageIdRole).toString();
        const QString hiredId = m.data(m.index(hired), PipelineModel::StageIdRole).toString();

        // A move the core accepts: the board and the store agree, the history has it.
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        QVERIFY(m.moveCard(applications.at(1), screeningId));
        QVERIFY(changed.count() >= 2);
        QCOMPARE(cardNames(m, 0), (QStringList { "Grace Example", "Margaret Example" }));
        QCOMPARE(cardNames(m, screening), QStringList { "Linus Example" });
        QCOMPARE(stageOf(applications.at(1)), m.data(m.index(screening), PipelineModel::NameRole).toString());
        QCOMPARE(tw->ws->applications().history(admin, applications.at(1)).value().size(), 2);
        QVERIFY(m.canUndo());
        QVERIFY(m.undoText().contains(QLatin1String("Linus Example")));

        // A move the core refuses (hired only from an offer stage): the card goes back to
        // where it was, the reason and its code are shown, the store is unchanged.
        QSignalSpy rejected(&m, &PipelineModel::moveRejected);
        ErrorModel::instance()->clear();
        QVERIFY(!m.moveCard(applications.at(0), hiredId));
        QCOMPARE(rejected.count(), 1);
        QCOMPARE(rejected.first().at(2).toString(), QStringLiteral("validation_failed"));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("validation_failed"));
        QCOMPARE(cardNames(m, 0), (QStringList { "Grace Example", "Margaret Example" }));
        QVERIFY(cardNames(m, hired).isEmpty());
        QCOMPARE(stageOf(applications.at(0)), m.data(m.index(0), PipelineModel::NameRole).toString());
        QCOMPARE(tw->ws->applications().history(admin, applications.at(0)).value().size(), 1);
        ErrorModel::instance()->clear();

        // Undo moves Linus back (a recorded move like any other).
        QVERIFY(m.undo());
        QVERIFY(!m.canUndo());
        QCOMPARE(cardNames(m, screening), QStringList {});
        QVERIFY(cardNames(m, 0).contains(QStringLiteral("Linus Example")));
        QCOMPARE(stageOf(applications.at(1)), m.data(m.index(0), PipelineModel::NameRole).toString());
        QCOMPARE(tw->ws->applications().history(admin, applications.at(1)).value().size(), 3);
        m.reload();
        QCOMPARE(cardNames(m, 0).size(), 3);
    }

    void dashboardAndProfileShowTheWork()
    {
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        // An interview at noon today (the computer's day), with the admin as interviewer.
        const QDate today = tw->clock.now().toLocalTime().date();
        const QString noon = QDateTime(today, QTime(12, 0)).toUTC().toString(Qt::ISODate);
        NewInterview in;
        in.applicationId = applications.at(2);
        in.start = noon;
        in.timeZone = QStringLiteral("UTC");
        in.interviewerIds = { admin.userId };
        QVERIFY(tw->ws->interviews().schedule(admin, in).ok());

        DashboardModel d;
        d.setController(&c);
        QCOMPARE(d.jobs().size(), 2); // open jobs only (the draft one was published above)
        QVariantMap j;
        for (const QVariant& v : d.jobs())
            if (v.toMap().value(QStringLiteral("title")).toString() == QLatin1String("Compiler Engineer"))
                j = v.toMap();
        QCOMPARE(j.value(QStringLiteral("title")).toString(), QStringLiteral("Compiler Engineer"));
        QCOMPARE(j.value(QStringLiteral("total")).toInt(), 3);
        QCOMPARE(j.value(QStringLiteral("stages")).toList().first().toMap().value(QStringLiteral("count")).toInt(), 3);
        QCOMPARE(d.waitingCount(), 3);
        QCOMPARE(d.applicationsActive(), 3);
        QCOMPARE(d.interviewsToday().size(), 1);
        QCOMPARE(d.interviewsToday().first().toMap().value(QStringLiteral("candidate")).toString(),
            QStringLiteral("Margaret Example"));
        QVERIFY(!d.activity().isEmpty());

        CandidateProfile p;
        p.setController(&c);
        auto margaret = tw->ws->applications().history(admin, applications.at(2));
        QVERIFY(margaret.ok());
        const QString candidateId = candidateOf(applications.at(2));
        p.setCandidateId(candidateId);
        QVERIFY(p.loaded());
        QCOMPARE(p.candidate().value(QStringLiteral("first_name")).toString(), QStringLiteral("Margaret"));
        QCOMPARE(p.applications().size(), 1);
        QCOMPARE(p.applications().first().toMap().value(QStringLiteral("job_title")).toString(),
            QStringLiteral("Compiler Engineer"));
        QVERIFY(p.addNote(QStringLiteral("Strong on register allocation")));
        QVERIFY(p.updateField(QStringLiteral("headline"), QStringLiteral("Compiler engineer, 9 years")));
        QCOMPARE(tw->ws->candidates().get(admin, candidateId).value().headline,
            QStringLiteral("Compiler engineer, 9 years"));
        QVERIFY(p.updateField(QStringLiteral("skills"), QStringLiteral("C++, LLVM , ")));
        QCOMPARE(tw->ws->candidates().get(admin, candidateId).value().skills, (QStringList { "C++", "LLVM" }));
        QStringList kinds;
        for (const QVariant& e : p.timeline())
            kinds << e.toMap().value(QStringLiteral("kind")).toString();
        QVERIFY2(kinds.contains(QStringLiteral("note")) && kinds.contains(QStringLiteral("application"))
                && kinds.contains(QStringLiteral("interview")) && kinds.contains(QStringLiteral("audit")),
            qPrintable(kinds.join(QLatin1Char(','))));
        // Newest first.
        for (int i = 1; i < p.timeline().size(); ++i)
            QVERIFY(p.timeline().at(i - 1).toMap().value(QStringLiteral("at")).toString()
                >= p.timeline().at(i).toMap().value(QStringLiteral("at")).toString());

        // A viewer reads the profile but cannot change it.
        AppController v(tw->ws.get());
        QVERIFY(signIn(v, QStringLiteral("viewer@acme.test"), test::kUserPassword));
        CandidateProfile vp;
        vp.setController(&v);
        vp.setCandidateId(candidateId);
        QVERIFY(vp.loaded());
        ErrorModel::instance()->clear();
        QVERIFY(!vp.updateField(QStringLiteral("headline"), QStringLiteral("Changed by a viewer")));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("permission_denied"));
        QCOMPARE(tw->ws->candidates().get(admin, candidateId).value().headline,
            QStringLiteral("Compiler engineer, 9 years"));
        ErrorModel::instance()->clear();
    }

    // A hiring manager sees on the dashboard, in a candidate's applications and timeline only
    // the jobs assigned to them.
    void hiringManagersSeeTheirJobsOnly()
    {
        const Session hm = tw->addUser(admin, QStringLiteral("hm@acme.test"), QStringLiteral("hiring_manager"));
        const QString grace = candidateOf(applications.at(0));
        const QString day = QStringLiteral("2000-01-01T00:00:00Z"), later = QStringLiteral("2100-01-01T00:00:00Z");
        auto before = tw->ws->activity().dashboard(hm, day, later);
        QVERIFY(before.ok());
        QCOMPARE(before.value().value(QStringLiteral("jobs")).toArray().size(), 0);
        QCOMPARE(tw->ws->applications().listForCandidate(hm, grace).value().size(), 0);
        QVERIFY(tw->ws->postings().assignManager(admin, openJob, hm.userId).ok());
        auto after = tw->ws->activity().dashboard(hm, day, later);
        QVERIFY(after.ok());
        QCOMPARE(after.value().value(QStringLiteral("jobs")).toArray().size(), 1);
        QCOMPARE(
            after.value().value(QStringLiteral("waiting")).toObject().value(QStringLiteral("count")).toInt() > 0, true);
        QCOMPARE(tw->ws->applications().listForCandidate(hm, grace).value().size(), 1);
        auto timeline = tw->ws->activity().timeline(hm, grace);
        QVERIFY(timeline.ok());
        bool application = false;
        for (const QJsonValue& e : timeline.value())
            application
                = application || e.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("application");
        QVERIFY(application);
        QVERIFY(tw->ws->interviews().list(hm, day, later).ok());
    }

    // The real board: a card dragged with the mouse onto the Screening column moves the
    // application in the core; no QML warning on the way.
    void kanbanDragMovesTheStage()
    {
        Shell s;
        openShell(s);
        if (QTest::currentTestFailed()) return;
        QQuickWindow* window = s.window;
        QObject* shell = s.shell;
        const QList<QQmlError>& warnings = s.warnings;
        QVariant shown;
        QVERIFY(QMetaObject::invokeMethod(shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
            Q_ARG(QVariant, QStringLiteral("pipeline")), Q_ARG(QVariant, openJob)));
        QVERIFY(shown.toBool());
        QTRY_VERIFY(findIn(window->contentItem(), QStringLiteral("card_Grace Example")));
        QTRY_VERIFY(findIn(window->contentItem(), QStringLiteral("column_Screening")));
        shot(window, QStringLiteral("kanban-before.png"));
        QQuickItem* card = findIn(window->contentItem(), QStringLiteral("card_Grace Example"));
        QQuickItem* target = findIn(window->contentItem(), QStringLiteral("column_Screening"));
        QVERIFY2(card && target,
            qPrintable(objectNames(findIn(window->contentItem(), QStringLiteral("kanban"))).join(QLatin1Char(','))));
        const QPoint from = card->mapToScene(QPointF(card->width() / 2, card->height() / 2)).toPoint();
        const QPoint to = target->mapToScene(QPointF(target->width() / 2, target->height() / 3)).toPoint();
        QTest::mousePress(window, Qt::LeftButton, {}, from);
        for (int i = 1; i <= 20; ++i) {
            QTest::mouseMove(window, from + (to - from) * i / 20);
            QTest::qWait(10);
        }
        QTest::mouseRelease(window, Qt::LeftButton, {}, to);
        QTRY_COMPARE(stageOf(applications.at(0)), QStringLiteral("Screening"));
        QTRY_VERIFY(findIn(target, QStringLiteral("card_Grace Example")));
        shot(window, QStringLiteral("kanban-after.png"));
        // A card's menu plans an interview for that application.
        QQuickItem* menuButton = findIn(window->contentItem(), QStringLiteral("cardMenu_Grace Example"));
        QVERIFY(menuButton);
        QVERIFY(QMetaObject::invokeMethod(menuButton, "clicked"));
        QQuickItem* schedule = nullptr;
        QTRY_VERIFY((schedule = findIn(window->contentItem(), QStringLiteral("cardSchedule"))));
        QVERIFY(schedule->property("enabled").toBool());
        QVERIFY(QMetaObject::invokeMethod(schedule, "triggered"));
        QObject* dialog = nullptr;
        QTRY_VERIFY((dialog = window->findChild<QObject*>(QStringLiteral("pipelineScheduleDialog"))));
        QTRY_COMPARE(dialog->property("applicationId").toString(), applications.at(0));
        QVERIFY(dialog->property("subject").toString().startsWith(QStringLiteral("Grace Example")));
        for (const QQmlError& e : std::as_const(warnings))
            QFAIL(qPrintable(e.toString()));
    }

    // Matches are ranked off the GUI thread, say why, and "Add to pipeline" applies through
    // the core.
    void matchesRankExplainAndAddToPipeline()
    {
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        auto job = tw->ws->postings().create(admin,
            { { QStringLiteral("title"), QStringLiteral("Rust Developer") },
                { QStringLiteral("description"), QStringLiteral("Systems work.") },
                { QStringLiteral("remote"), QStringLiteral("remote") },
                { QStringLiteral("must_have"), QJsonArray { QStringLiteral("Rust") } } });
        QVERIFY(job.ok());
        QVERIFY(tw->ws->postings().setStatus(admin, job.value().id, QStringLiteral("open")).ok());
        auto ferris = tw->ws->candidates().create(admin,
            { { QStringLiteral("first_name"), QStringLiteral("Ferris") },
                { QStringLiteral("last_name"), QStringLiteral("Crab") },
                { QStringLiteral("skills"), QJsonArray { QStringLiteral("Rust"), QStringLiteral("C++") } } });
        QVERIFY(ferris.ok());
        MatchesModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&m, &MatchesModel::loaded);
        m.setController(&c);
        m.setJobId(job.value().id);
        QVERIFY(m.busy());
        QTRY_VERIFY_WITH_TIMEOUT(!m.busy() && loaded.count() >= 1, 20000);
        QCOMPARE(m.subjectTitle(), QStringLiteral("Rust Developer"));
        QVERIFY(m.rowCount() >= 1);
        QCOMPARE(m.data(m.index(0), MatchesModel::TitleRole).toString(), QStringLiteral("Ferris Crab"));
        QCOMPARE(m.data(m.index(0), MatchesModel::ExcludedRole).toBool(), false);
        QVERIFY(m.data(m.index(0), MatchesModel::WhyRole).toString().contains(QLatin1String("Rust")));
        // Everyone else lacks the must-have: listed after, excluded, with the reason.
        for (int i = 1; i < m.rowCount(); ++i) {
            QVERIFY(m.data(m.index(i), MatchesModel::ExcludedRole).toBool());
            QCOMPARE(m.data(m.index(i), MatchesModel::MissingRole).toString(), QStringLiteral("Rust"));
        }
        QVERIFY(m.addToPipeline(0));
        QCOMPARE(m.data(m.index(0), MatchesModel::AppliedRole).toBool(), true);
        auto apps = tw->ws->applications().listForCandidate(admin, ferris.value().id);
        QVERIFY(apps.ok());
        QCOMPARE(apps.value().size(), 1);
        QCOMPARE(apps.value().first().jobId, job.value().id);
        QCOMPARE(apps.value().first().source, QStringLiteral("match"));
        // Twice is refused by the core (one application per candidate and job).
        ErrorModel::instance()->clear();
        QVERIFY(!m.addToPipeline(0));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("conflict"));
        ErrorModel::instance()->clear();

        // For the candidate: the job they applied for comes first.
        m.setCandidateId(ferris.value().id);
        QTRY_VERIFY_WITH_TIMEOUT(!m.busy() && m.rowCount() > 0, 20000);
        QCOMPARE(m.subjectTitle(), QStringLiteral("Ferris Crab"));
        QCOMPARE(m.data(m.index(0), MatchesModel::JobIdRole).toString(), job.value().id);
    }

    void searchGroupsByKindAndHighlights()
    {
        QCOMPARE(SearchModel::highlight(QStringLiteral("a <b> & [Rust] dev")),
            QStringLiteral("a &lt;b&gt; &amp; <b>Rust</b> dev"));
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        SearchModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setController(&c);
        m.setQuery(QStringLiteral("Compiler"));
        QVERIFY(m.rowCount() >= 1);
        QStringList kinds;
        for (int i = 0; i < m.rowCount(); ++i)
            kinds << m.data(m.index(i), SearchModel::KindRole).toString();
        QVERIFY2(kinds.contains(QStringLiteral("job")), qPrintable(kinds.join(QLatin1Char(','))));
        // Candidates first, then jobs: a section never comes back.
        QStringList sorted = kinds;
        std::stable_sort(sorted.begin(), sorted.end(), [](const QString& a, const QString& b) {
            return a == QLatin1String("candidate") && b != QLatin1String("candidate");
        });
        QCOMPARE(kinds, sorted);
        m.setQuery(QStringLiteral("Margaret"));
        QCOMPARE(m.rowCount(), 1);
        QVERIFY(m.data(m.index(0), SearchModel::SnippetRole).toString().contains(QLatin1String("<b>Margaret</b>")));
        m.setQuery(QStringLiteral("\"unbalanced"));
        QCOMPARE(m.rowCount(), 0);
    }

    // Ctrl+K, type, Enter: the profile of the first result opens.
    void ctrlKSearchOpensTheProfile()
    {
        Shell s;
        openShell(s);
        if (QTest::currentTestFailed()) return;
        QQuickWindow* window = s.window;
        QObject* shell = s.shell;
        const QList<QQmlError>& warnings = s.warnings;
        window->requestActivate();
        QTest::keyClick(window, Qt::Key_K, Qt::ControlModifier);
        QTRY_VERIFY(findIn(window->contentItem(), QStringLiteral("globalSearchField"))
            || window->findChild<QQuickItem*>(QStringLiteral("globalSearchField")));
        QQuickItem* field = window->findChild<QQuickItem*>(QStringLiteral("globalSearchField"));
        QVERIFY(field);
        QTRY_VERIFY(field->hasActiveFocus());
        for (const QChar ch : QStringLiteral("Margaret"))
            QTest::keyClick(window, ch.toLatin1());
        QTRY_COMPARE(window->findChild<QObject*>(QStringLiteral("searchModel"))->property("count").toInt(), 1);
        shot(window, QStringLiteral("search.png"));
        QTest::keyClick(window, Qt::Key_Return);
        QTRY_COMPARE(shell->property("screen").toString(), QStringLiteral("candidate"));
        QObject* profile = window->findChild<QObject*>(QStringLiteral("candidateProfilePage"));
        QVERIFY(profile);
        QTRY_VERIFY(profile->property("candidateId").toString().size() > 0);
        QCOMPARE(tw->ws->candidates().get(admin, profile->property("candidateId").toString()).value().firstName,
            QStringLiteral("Margaret"));
        for (const QQmlError& e : std::as_const(warnings))
            QFAIL(qPrintable(e.toString()));
    }

    // Interviews planned in another time zone are stored in UTC and listed with both times;
    // status, feedback (by an interviewer only) and the .ics file go through the core.
    void interviewsPlanListFeedbackAndExport()
    {
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        InterviewsModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setController(&c);
        const int before = m.rowCount();
        QVERIFY(m.timeZones().contains(QStringLiteral("Europe/Berlin")));
        QCOMPARE(m.timeZones().first(), m.systemTimeZone());
        QVERIFY(m.interviewerChoices().size() >= 2);
        // Tomorrow 09:30 in Tokyo.
        const QDate tomorrow = tw->clock.now().toLocalTime().date().addDays(1);
        const QString local = tomorrow.toString(Qt::ISODate) + QStringLiteral("T09:30");
        ErrorModel::instance()->clear();
        QVERIFY(!m.schedule(applications.at(1), local, QStringLiteral("Mars/Olympus"), 45, {}, {}, {}));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("validation_failed"));
        ErrorModel::instance()->clear();
        QVERIFY(m.schedule(applications.at(1), local, QStringLiteral("Asia/Tokyo"), 45, QStringLiteral("Room 7"), {},
            { admin.userId }));
        QCOMPARE(m.rowCount(), before + 1);
        int row = -1;
        for (int i = 0; i < m.rowCount(); ++i)
            if (m.data(m.index(i), InterviewsModel::LocationRole).toString() == QLatin1String("Room 7")) row = i;
        QVERIFY(row >= 0);
        const QDateTime utc = QDateTime(tomorrow, QTime(9, 30), QTimeZone("Asia/Tokyo")).toUTC();
        QCOMPARE(
            QDateTime::fromString(m.data(m.index(row), InterviewsModel::StartsAtRole).toString(), Qt::ISODate), utc);
        QVERIFY(m.data(m.index(row), InterviewsModel::PlannedTimeRole)
                    .toString()
                    .contains(QLatin1String("09:30 Asia/Tokyo")));
        QCOMPARE(m.data(m.index(row), InterviewsModel::InterviewersRole).toString(), QStringLiteral("Ada Lovelace"));
        QCOMPARE(m.data(m.index(row), InterviewsModel::CanGiveFeedbackRole).toBool(), true);
        QVERIFY(m.giveFeedback(row, { { QStringLiteral("skills"), 4 }, { QStringLiteral("communication"), 5 } },
            QStringLiteral("yes"), QStringLiteral("Clear thinker")));
        QCOMPARE(m.data(m.index(row), InterviewsModel::MyFeedbackRole).toBool(), true);
        QCOMPARE(m.data(m.index(row), InterviewsModel::FeedbackCountRole).toInt(), 1);
        QTemporaryDir out;
        const QString ics = out.filePath(QStringLiteral("i.ics"));
        QVERIFY(m.exportIcs(row, QUrl::fromLocalFile(ics)));
        QFile f(ics);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.startsWith("BEGIN:VCALENDAR"));
        QVERIFY2(text.contains(utc.toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1()), text.constData());
        QVERIFY(!m.exportIcs(row, QUrl::fromLocalFile(out.filePath(QStringLiteral("missing/dir/i.ics")))));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("storage_error"));
        ErrorModel::instance()->clear();
        QVERIFY(m.setStatus(row, QStringLiteral("completed")));
        QCOMPARE(m.data(m.index(row), InterviewsModel::StatusRole).toString(), QStringLiteral("completed"));
        // Only mine: the viewer plans nothing and interviews in nothing.
        AppController v(tw->ws.get());
        QVERIFY(signIn(v, QStringLiteral("viewer@acme.test"), test::kUserPassword));
        InterviewsModel vm;
        vm.setMineOnly(true);
        vm.setController(&v);
        QCOMPARE(vm.rowCount(), 0);
        vm.setMineOnly(false);
        QVERIFY(vm.rowCount() >= 1);
        QVERIFY(!vm.giveFeedback(0, { { QStringLiteral("skills"), 3 } }, QStringLiteral("no"), {}));
        ErrorModel::instance()->clear();
    }

    // The schedule dialog on the profile: filled in and confirmed, the interview is in the core.
    void scheduleDialogPlansAnInterview()
    {
        Shell s;
        openShell(s);
        if (QTest::currentTestFailed()) return;
        QQuickWindow* window = s.window;
        QObject* shell = s.shell;
        const QList<QQmlError>& warnings = s.warnings;
        const QString linus = candidateOf(applications.at(1));
        QVariant shown;
        QVERIFY(QMetaObject::invokeMethod(shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
            Q_ARG(QVariant, QStringLiteral("candidate")), Q_ARG(QVariant, linus)));
        QTRY_VERIFY(findIn(window->contentItem(), QStringLiteral("scheduleInterview")));
        QQuickItem* button = findIn(window->contentItem(), QStringLiteral("scheduleInterview"));
        test::click(window, button);
        QObject* dialog = window->findChild<QObject*>(QStringLiteral("scheduleDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->property("opened").toBool());
        window->findChild<QObject*>(QStringLiteral("interviewDate"))->setProperty("text", QStringLiteral("2030-01-15"));
        window->findChild<QObject*>(QStringLiteral("interviewTime"))->setProperty("text", QStringLiteral("14:00"));
        QObject* zone = window->findChild<QObject*>(QStringLiteral("interviewZone"));
        zone->setProperty("editText", QStringLiteral("Europe/Berlin"));
        shot(window, QStringLiteral("schedule-dialog.png"));
        const int before = tw->count(QStringLiteral("SELECT count(*) FROM interviews"));
        QVERIFY(QMetaObject::invokeMethod(window->findChild<QObject*>(QStringLiteral("scheduleButton")), "clicked"));
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM interviews")), before + 1);
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM interviews WHERE application_id = ? AND starts_at LIKE "
                                          "'2030-01-15T13:00:00%' "
                                          "AND time_zone = 'Europe/Berlin'"),
                     { applications.at(1) }),
            1);
        QTRY_VERIFY(!dialog->property("opened").toBool());
        for (const QQmlError& e : std::as_const(warnings))
            QFAIL(qPrintable(e.toString()));
    }

    // Conflicts received from the server (as the engine records them) are listed with the
    // value now and the lost one; Keep closes one, Restore writes the lost value back through
    // the candidate service; both audited. An unreachable server is reported as such.
    void syncPanelResolvesConflicts()
    {
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        const QString grace = candidateOf(applications.at(0));
        QVERIFY(tw->ws->candidates()
                    .update(admin, grace, { { QStringLiteral("headline"), QStringLiteral("Winner headline") } })
                    .ok());
        for (const auto& [seq, field, losing] :
            { std::tuple { 41, "headline", "\"Lost headline\"" }, std::tuple { 42, "location", "\"Lost town\"" } })
            QVERIFY(
                tw->ws->db()
                    .change(
                        QStringLiteral(
                            "INSERT INTO sync_conflicts (server_seq, tenant_id, entity, row_id, field, losing_value, "
                            "losing_server_seq) VALUES (?, ?, 'candidates', ?, ?, ?, ?)"),
                        { seq, admin.tenantId, grace, QString::fromLatin1(field), QString::fromLatin1(losing),
                            seq - 1 })
                    .ok());
        SyncPanel p;
        QAbstractItemModelTester tester(&p, QAbstractItemModelTester::FailureReportingMode::QtTest);
        p.setController(&c);
        QCOMPARE(p.rowCount(), 2);
        QCOMPARE(p.server(), QString());
        int headline = -1;
        for (int i = 0; i < 2; ++i)
            if (p.data(p.index(i), SyncPanel::FieldRole).toString() == QLatin1String("headline")) headline = i;
        QVERIFY(headline >= 0);
        QCOMPARE(p.data(p.index(headline), SyncPanel::CurrentValueRole).toString(), QStringLiteral("Winner headline"));
        QCOMPARE(p.data(p.index(headline), SyncPanel::LosingValueRole).toString(), QStringLiteral("Lost headline"));
        QVERIFY(p.data(p.index(headline), SyncPanel::CanRestoreRole).toBool());
        QVERIFY(p.restoreLosing(headline));
        QCOMPARE(tw->ws->candidates().get(admin, grace).value().headline, QStringLiteral("Lost headline"));
        QCOMPARE(p.rowCount(), 1);
        QVERIFY(p.keepCurrent(0));
        QCOMPARE(p.rowCount(), 0);
        QCOMPARE(tw->count(QStringLiteral(
                               "SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NOT NULL AND resolved_by = ?"),
                     { admin.userId }),
            2);
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'sync.conflict_resolve'")), 2);
        QVERIFY(!p.keepCurrent(0)); // nothing left

        QSignalSpy tested(&p, &SyncPanel::testResultChanged);
        p.testServer(QStringLiteral("http://127.0.0.1:9")); // discard port: nobody answers
        QVERIFY(tested.wait(15000));
        QVERIFY(!p.testOk());
        QVERIFY2(p.testResult().contains(QLatin1String("Not reachable")), qPrintable(p.testResult()));
    }

    // recruitdesk_de.ts is complete: every message translated (both plural forms), with the
    // same placeholders as its source.
    void germanTranslationIsComplete()
    {
        QFile f(QStringLiteral(RD_SOURCE_DIR "/translations/recruitdesk_de.ts"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&f);
        int messages = 0;
        QString source, context;
        QStringList forms;
        bool unfinished = false, numerus = false;
        static const QRegularExpression placeholder(QStringLiteral("%[0-9n]"));
        auto placeholders = [](const QString& text) {
            QStringList out;
            for (auto it = placeholder.globalMatch(text); it.hasNext();)
                out << it.next().captured();
            out.sort();
            out.removeDuplicates();
            return out;
        };
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (xml.isStartElement() && xml.name() == QLatin1String("message")) {
                numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
                forms.clear();
                unfinished = false;
            } else if (xml.isStartElement() && xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.isStartElement() && xml.name() == QLatin1String("translation")) {
                const auto type = xml.attributes().value(QLatin1String("type"));
                unfinished = type == QLatin1String("unfinished") || type == QLatin1String("vanished")
                    || type == QLatin1String("obsolete");
                if (!numerus) forms << xml.readElementText();
            } else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
                forms << xml.readElementText();
            } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
                ++messages;
                const QString where = context + QStringLiteral(": ") + source;
                QVERIFY2(!unfinished, qPrintable(where));
                QVERIFY2(forms.size() == (numerus ? 2 : 1), qPrintable(where));
                for (const QString& form : std::as_const(forms)) {
                    QVERIFY2(!form.trimmed().isEmpty(), qPrintable(where));
                    QVERIFY2(
                        placeholders(form) == placeholders(source), qPrintable(where + QStringLiteral(" -> ") + form));
                }
            }
        }
        QVERIFY(!xml.hasError());
        QVERIFY(messages > 100);
    }

    void cleanupTestCase() { tw.reset(); }
};

QTEST_MAIN(TestWorkspaceUiWork)
#include "test_workspaceui_work.moc"
