// The recruiter screens' view models (dashboard, jobs, candidates, profile, Kanban) over a real
// workspace, each checked with QAbstractItemModelTester where it is a model, and the Kanban
// board driven with the mouse in the real QML: a card dragged to another column moves the
// application in the core. Set RD_SCREENSHOT_DIR to keep PNGs.
// (Pipeline, dashboard, Kanban, matches, search, interviews, sync and translations:
// test_workspaceui_work.)
#include "workspaceuifixture.h"

using namespace rd;
using rd::test::findIn;

class TestWorkspaceUi : public QObject, public test::WorkspaceUiFixture {
    Q_OBJECT

private slots:
    void initTestCase() { setUpWorkspace(); }

    void candidateListFetchesPagesAsItScrolls()
    {
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        CandidateListModel m;
        m.setController(&c);
        QCOMPARE(m.total(), 250);
        QCOMPARE(m.rowCount(), CandidateListModel::kPage);
        QVERIFY(m.canFetchMore({}));
        m.fetchMore({});
        QCOMPARE(m.rowCount(), 200);
        m.fetchMore({});
        QCOMPARE(m.rowCount(), 250);
        QVERIFY(!m.canFetchMore({}));
        // Newest first, every candidate once.
        QCOMPARE(m.data(m.index(249), CandidateListModel::NameRole).toString(), QStringLiteral("Grace Example"));
        QSet<QString> ids;
        for (int i = 0; i < m.rowCount(); ++i)
            ids.insert(m.idAt(i));
        QCOMPARE(ids.size(), 250);
        // The tester from here on (it fetches everything itself, as a view may).
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.reload();
        QCOMPARE(m.rowCount(), CandidateListModel::kPage);
        // A search goes to the full-text index, with the match marked in the snippet.
        m.setSearch(QStringLiteral("Margaret"));
        QCOMPARE(m.rowCount(), 1);
        QCOMPARE(m.data(m.index(0), CandidateListModel::NameRole).toString(), QStringLiteral("Margaret Example"));
        QVERIFY(!m.canFetchMore({}));
        m.setSearch({});
        QVERIFY(m.rowCount() >= CandidateListModel::kPage);
    }

    void jobListFiltersAndActsThroughTheCore()
    {
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        JobListModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setController(&c);
        QCOMPARE(m.rowCount(), 3);
        m.setStatus(QStringLiteral("open"));
        QCOMPARE(m.rowCount(), 1);
        QCOMPARE(m.data(m.index(0), JobListModel::TitleRole).toString(), QStringLiteral("Compiler Engineer"));
        m.setStatus(QStringLiteral("draft"));
        QCOMPARE(m.rowCount(), 1);
        QVERIFY(m.publish(0));
        QCOMPARE(m.data(m.index(0), JobListModel::PublishedRole).toBool(), true);
        QCOMPARE(tw->ws->postings().get(admin, draftJob).value().published, true);
        m.setStatus({});
        m.setSearch(QStringLiteral("Chemist"));
        QCOMPARE(m.rowCount(), 1);
        QCOMPARE(m.data(m.index(0), JobListModel::StatusRole).toString(), QStringLiteral("closed"));

        // A viewer sees the jobs; the core refuses the change and the app says why.
        AppController v(tw->ws.get());
        QVERIFY(signIn(v, QStringLiteral("viewer@acme.test"), test::kUserPassword));
        QVERIFY(!v.can(QStringLiteral("job"), QStringLiteral("update")));
        QVERIFY(c.can(QStringLiteral("job"), QStringLiteral("update")));
        JobListModel vm;
        vm.setController(&v);
        vm.setStatus(QStringLiteral("closed"));
        QCOMPARE(vm.rowCount(), 1);
        ErrorModel::instance()->clear();
        QVERIFY(!vm.setJobStatus(0, QStringLiteral("open")));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("permission_denied"));
        QCOMPARE(tw->ws->postings().get(admin, closedJob).value().status, QStringLiteral("closed"));
        ErrorModel::instance()->clear();
    }

    // The job editor: a refused save names the field and keeps nothing half-made; skills are
    // normalised through the taxonomy; a place from the gazetteer gives coordinates; the
    // pipeline editor adds, renames, reorders and removes stages (moving applications).
    void jobEditorSavesThroughTheCore()
    {
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        JobEditor e;
        e.setController(&c);
        QVERIFY(e.isNew() && e.canEdit());
        const int jobsBefore = tw->ws->postings().list(admin, {}).value().items.size();
        ErrorModel::instance()->clear();
        QVERIFY(!e.save({ { QStringLiteral("title"), QString() } }));
        QCOMPARE(e.errorField(), QStringLiteral("title"));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("validation_failed"));
        QVERIFY(!e.save({ { QStringLiteral("title"), QStringLiteral("X") }, { QStringLiteral("max_distance_km"), QStringLiteral("far") } }));
        QCOMPARE(e.errorField(), QStringLiteral("max_distance_km"));
        QCOMPARE(tw->ws->postings().list(admin, {}).value().items.size(), jobsBefore);
        ErrorModel::instance()->clear();

        QVERIFY(e.skillSuggestions(QStringLiteral("kube")).contains(QStringLiteral("Kubernetes")));
        QCOMPARE(e.normaliseSkill(QStringLiteral("k8s")), QStringLiteral("Kubernetes"));
        const QVariantList places = e.placeSuggestions(QStringLiteral("Zuri"));
        QVERIFY(!places.isEmpty());
        const QVariantMap zurich = places.first().toMap();
        QCOMPARE(zurich.value(QStringLiteral("label")).toString(), QStringLiteral("Zürich, CH"));
        QVERIFY(e.placeSuggestions(QStringLiteral("Z")).isEmpty()); // too short to ask

        QVERIFY(e.save({ { QStringLiteral("title"), QStringLiteral("Platform Engineer") },
            { QStringLiteral("location"), zurich.value(QStringLiteral("label")) },
            { QStringLiteral("latitude"), zurich.value(QStringLiteral("latitude")) },
            { QStringLiteral("longitude"), zurich.value(QStringLiteral("longitude")) },
            { QStringLiteral("remote"), QStringLiteral("hybrid") }, { QStringLiteral("max_distance_km"), QStringLiteral("40,5") },
            { QStringLiteral("must_have"), QStringList { QStringLiteral("k8s"), QStringLiteral("python"), QStringLiteral("Kubernetes") } },
            { QStringLiteral("nice_to_have"), QStringLiteral("golang, ") } }));
        QVERIFY(!e.isNew());
        const Job created = tw->ws->postings().get(admin, e.jobId()).value();
        QCOMPARE(created.mustHave, (QStringList { QStringLiteral("Kubernetes"), QStringLiteral("Python") }));
        QCOMPARE(created.niceToHave, QStringList { QStringLiteral("Go") });
        QCOMPARE(created.remote, QStringLiteral("hybrid"));
        QVERIFY(created.latitude && qAbs(*created.latitude - 47.37) < 0.05);
        QVERIFY(created.maxDistanceKm && qFuzzyCompare(*created.maxDistanceKm, 40.5));
        QCOMPARE(e.stages().size(), 6); // the default pipeline

        // Pipeline editor, with an application in the stage that goes away.
        QVERIFY(!e.publish()); // publishing needs a description
        QCOMPARE(e.errorField(), QStringLiteral("description"));
        QCOMPARE(tw->ws->postings().get(admin, e.jobId()).value().status, QStringLiteral("draft"));
        QVERIFY(e.save({ { QStringLiteral("description"), QStringLiteral("Keep the platform up.") } }));
        QVERIFY(e.errorField().isEmpty());
        QCOMPARE(e.job().value(QStringLiteral("must_have")).toStringList().size(), 2); // a patch leaves the rest
        QVERIFY(e.publish());
        QCOMPARE(e.job().value(QStringLiteral("status")).toString(), QStringLiteral("open"));
        auto cand = tw->ws->candidates().create(admin, { { QStringLiteral("first_name"), QStringLiteral("Pia") }, { QStringLiteral("last_name"), QStringLiteral("Stage") } });
        QVERIFY(cand.ok());
        auto app = tw->ws->applications().apply(admin, cand.value().id, e.jobId());
        QVERIFY(app.ok());
        QVERIFY(e.addStage(QStringLiteral("Tech test"), QStringLiteral("interview")));
        QCOMPARE(e.stages().size(), 7);
        QVariantMap added = e.stages().last().toMap();
        QCOMPARE(added.value(QStringLiteral("name")).toString(), QStringLiteral("Tech test"));
        QVERIFY(e.renameStage(added.value(QStringLiteral("id")).toString(), QStringLiteral("Coding test")));
        QVERIFY(e.moveStage(added.value(QStringLiteral("id")).toString(), -4));
        QCOMPARE(e.stages().at(2).toMap().value(QStringLiteral("name")).toString(), QStringLiteral("Coding test"));
        QVERIFY(!e.moveStage(added.value(QStringLiteral("id")).toString(), -10)); // off the list: nothing asked
        const QString applied = e.stages().first().toMap().value(QStringLiteral("id")).toString();
        QCOMPARE(e.applicationsIn(applied), 1);
        ErrorModel::instance()->clear();
        QVERIFY(!e.removeStage(applied, {})); // holds an application: needs a target
        QVERIFY(ErrorModel::instance()->active());
        QCOMPARE(e.stages().size(), 7);
        QVERIFY(e.removeStage(applied, added.value(QStringLiteral("id")).toString()));
        QCOMPARE(e.stages().size(), 6);
        QCOMPARE(stageOf(app.value().id), QStringLiteral("Coding test"));
        QCOMPARE(e.applicationsIn(added.value(QStringLiteral("id")).toString()), 1);
        ErrorModel::instance()->clear();
        QVERIFY(e.setStatus(QStringLiteral("closed"))); // (and out of the other tests' open jobs)
        QCOMPARE(tw->ws->postings().get(admin, e.jobId()).value().status, QStringLiteral("closed"));

        // A viewer: nothing editable, and the core refuses anyway.
        AppController v(tw->ws.get());
        QVERIFY(signIn(v, QStringLiteral("viewer@acme.test"), test::kUserPassword));
        JobEditor ve;
        ve.setController(&v);
        ve.setJobId(e.jobId());
        QVERIFY(!ve.canEdit());
        QCOMPARE(ve.job().value(QStringLiteral("title")).toString(), QStringLiteral("Platform Engineer"));
        QVERIFY(!ve.save({ { QStringLiteral("title"), QStringLiteral("Hijacked") } }));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("permission_denied"));
        QVERIFY(!ve.addStage(QStringLiteral("Sneaky"), QStringLiteral("screening")));
        QCOMPARE(tw->ws->postings().get(admin, e.jobId()).value().title, QStringLiteral("Platform Engineer"));
        QCOMPARE(tw->ws->postings().get(admin, e.jobId()).value().stages.size(), 6);
        ErrorModel::instance()->clear();
    }

    // The editor's form in the real QML, by keyboard: title, a must-have typed as an alias
    // (shown and stored canonical), a place chosen from the gazetteer list; Create.
    void jobEditorFormCreatesAJob()
    {
        Shell s;
        openShell(s);
        if (QTest::currentTestFailed()) return;
        QQuickWindow* window = s.window;
        QVariant shown;
        QVERIFY(QMetaObject::invokeMethod(s.shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
            Q_ARG(QVariant, QStringLiteral("job")), Q_ARG(QVariant, QStringLiteral("new"))));
        QVERIFY(shown.toBool());
        QObject* page = window->findChild<QObject*>(QStringLiteral("jobEditorPage"));
        QVERIFY(page);
        auto type = [&](const QString& field, const QString& text) {
            auto* item = window->findChild<QQuickItem*>(field);
            QVERIFY2(item, qPrintable(field));
            item->forceActiveFocus();
            QTRY_VERIFY(item->hasActiveFocus());
            for (const QChar ch : text)
                QTest::keyClick(window, ch.toLatin1());
        };
        // Create with no title: refused, the form says why.
        QVERIFY(QMetaObject::invokeMethod(window->findChild<QObject*>(QStringLiteral("jobSaveButton")), "clicked"));
        QTRY_VERIFY(window->findChild<QQuickItem*>(QStringLiteral("jobTitleError"))->isVisible());
        ErrorModel::instance()->clear();

        type(QStringLiteral("jobTitleField"), QStringLiteral("Site Reliability Engineer"));
        type(QStringLiteral("mustHaveInputField"), QStringLiteral("k8s"));
        QTest::keyClick(window, Qt::Key_Return);
        QTRY_COMPARE(window->findChild<QObject*>(QStringLiteral("mustHaveInput"))->property("skills").toStringList(),
            QStringList { QStringLiteral("Kubernetes") });
        type(QStringLiteral("jobLocationField"), QStringLiteral("Zuri"));
        QTest::keyClick(window, Qt::Key_Return);
        QTRY_COMPARE(window->findChild<QObject*>(QStringLiteral("jobLocationField"))->property("text").toString(),
            QStringLiteral("Zürich, CH"));
        QVERIFY(window->findChild<QObject*>(QStringLiteral("jobGeoLabel"))->property("text").toString().contains(QStringLiteral("47.")));
        shot(window, QStringLiteral("job-editor.png"));
        QVERIFY(QMetaObject::invokeMethod(window->findChild<QObject*>(QStringLiteral("jobSaveButton")), "clicked"));
        QObject* editor = window->findChild<QObject*>(QStringLiteral("jobEditor"));
        QTRY_VERIFY(!editor->property("jobId").toString().isEmpty());
        const Job job = tw->ws->postings().get(admin, editor->property("jobId").toString()).value();
        QCOMPARE(job.title, QStringLiteral("Site Reliability Engineer"));
        QCOMPARE(job.mustHave, QStringList { QStringLiteral("Kubernetes") });
        QCOMPARE(job.location, QStringLiteral("Zürich, CH"));
        QVERIFY(job.longitude && qAbs(*job.longitude - 8.55) < 0.05);
        QVERIFY(!window->findChild<QQuickItem*>(QStringLiteral("jobTitleError"))->isVisible());
        for (const QQmlError& e : std::as_const(s.warnings))
            QFAIL(qPrintable(e.toString()));
    }

    // CV versions compared side by side, a tailored variant through its approval to a PDF,
    // and an attachment dropped in whose text is extracted and previewed.
    void documentsVersionsVariantsAndAttachments()
    {
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        const QString grace = candidateOf(applications.at(0));
        CandidateDocuments d;
        d.setController(&c);
        d.setCandidateId(grace);
        QCOMPARE(d.candidateName(), QStringLiteral("Grace Example"));
        QVERIFY(d.versions().isEmpty());
        QVERIFY(d.diffRows().isEmpty());
        QVERIFY(d.addVersion(QStringLiteral("Grace\nBerlin\nLikes: hiking\nPets: cat")));
        QVERIFY(d.addVersion(QStringLiteral("Grace\nMunich\nLikes: hiking and sailing\nPets: cat\nBooks: many")));
        ErrorModel::instance()->clear();
        QVERIFY(!d.addVersion(QStringLiteral("Grace\nMunich\nLikes: hiking and sailing\nPets: cat\nBooks: many"))); // unchanged
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("conflict"));
        ErrorModel::instance()->clear();
        QCOMPARE(d.versions().size(), 2);
        QCOMPARE(d.versions().first().toMap().value(QStringLiteral("version")).toInt(), 2); // newest first
        // Latest against the one before, side by side: changed lines paired, the added one alone.
        QCOMPARE(d.fromVersion(), 1);
        QCOMPARE(d.toVersion(), 2);
        QStringList ops;
        for (const QVariant& v : d.diffRows())
            ops << v.toMap().value(QStringLiteral("op")).toString();
        QCOMPARE(ops, (QStringList { "same", "changed", "changed", "same", "added" }));
        QCOMPARE(d.diffRows().at(1).toMap().value(QStringLiteral("left")).toString(), QStringLiteral("Berlin"));
        QCOMPARE(d.diffRows().at(1).toMap().value(QStringLiteral("right")).toString(), QStringLiteral("Munich"));
        QCOMPARE(d.diffRows().at(4).toMap().value(QStringLiteral("left")).toString(), QString());
        QCOMPARE(d.added(), 3);
        QCOMPARE(d.removed(), 2);
        QVERIFY(d.compare(2, 1)); // the other way round: what was added is now removed
        QCOMPARE(d.diffRows().at(4).toMap().value(QStringLiteral("op")).toString(), QStringLiteral("removed"));

        // A variant for the job she applied to: draft -> submitted -> approved -> PDF.
        QCOMPARE(d.jobs().size(), 1);
        QCOMPARE(d.jobs().first().toMap().value(QStringLiteral("id")).toString(), openJob);
        QVERIFY(d.createVariant(openJob, 2));
        QCOMPARE(d.variants().size(), 1);
        QVariantMap v = d.variants().first().toMap();
        QCOMPARE(v.value(QStringLiteral("state")).toString(), QStringLiteral("draft"));
        QCOMPARE(v.value(QStringLiteral("job_title")).toString(), QStringLiteral("Compiler Engineer"));
        const QString id = v.value(QStringLiteral("id")).toString();
        QTemporaryDir dir;
        const QUrl pdf = QUrl::fromLocalFile(dir.filePath(QStringLiteral("variant.pdf")));
        QVERIFY(!d.exportVariantPdf(id, pdf)); // only approved variants leave the building
        QVERIFY(!QFile::exists(pdf.toLocalFile()));
        ErrorModel::instance()->clear();
        QVERIFY(d.editVariant(id, QStringLiteral("Grace\nMunich\nA good fit for the team.")));
        QVERIFY(d.submitVariant(id));
        QVERIFY(d.decideVariant(id, true, QStringLiteral("Good fit")));
        v = d.variants().first().toMap();
        QCOMPARE(v.value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QCOMPARE(v.value(QStringLiteral("decision_comment")).toString(), QStringLiteral("Good fit"));
        QVERIFY(d.exportVariantPdf(id, pdf));
        QFile f(pdf.toLocalFile());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(5) == "%PDF-");
        QVERIFY(d.exportVersionPdf(1, QUrl::fromLocalFile(dir.filePath(QStringLiteral("v1.pdf")))));
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("v1.pdf"))).size() > 100);
        QVERIFY(!d.exportVersionPdf(1, QUrl::fromLocalFile(QStringLiteral("/nonexistent-dir/v1.pdf"))));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("storage_error"));
        ErrorModel::instance()->clear();

        // A file dropped in: attached, its text extracted on the jobs queue and previewed.
        QFile txt(dir.filePath(QStringLiteral("references.txt")));
        QVERIFY(txt.open(QIODevice::WriteOnly));
        txt.write("Reference from Northwind: Grace ships compilers on time.");
        txt.close();
        QCOMPARE(d.addFiles({ QUrl::fromLocalFile(txt.fileName()),
                     QUrl::fromLocalFile(dir.filePath(QStringLiteral("missing.pdf"))) },
                     false),
            1);
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("storage_error")); // the missing one, said
        ErrorModel::instance()->clear();
        QCOMPARE(d.attachments().size(), 1);
        QVERIFY(tw->ws->jobs().runDue().ok());
        QVERIFY(d.reload());
        const QVariantMap a = d.attachments().first().toMap();
        QCOMPARE(a.value(QStringLiteral("extraction")).toString(), QStringLiteral("done"));
        QVERIFY(!d.extracting());
        QVERIFY(d.attachment(a.value(QStringLiteral("id")).toString())
                    .value(QStringLiteral("extracted_text")).toString().contains(QStringLiteral("ships compilers")));
        QVERIFY(d.removeAttachment(a.value(QStringLiteral("id")).toString()));
        QVERIFY(d.attachments().isEmpty());

        // A viewer reads, changes nothing.
        AppController vc(tw->ws.get());
        QVERIFY(signIn(vc, QStringLiteral("viewer@acme.test"), test::kUserPassword));
        CandidateDocuments vd;
        vd.setController(&vc);
        vd.setCandidateId(grace);
        QVERIFY(!vd.addVersion(QStringLiteral("Hijacked CV")));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("permission_denied"));
        QCOMPARE(tw->ws->cvs().versions(admin, grace).value().size(), 2);
        QCOMPARE(vd.addFiles({ QUrl::fromLocalFile(txt.fileName()) }, false), 0);
        QCOMPARE(tw->ws->attachments().list(admin, grace).value().size(), 0);
        ErrorModel::instance()->clear();
    }

    // The documents screen in the real QML: the comparison shows both versions side by side.
    void documentsScreenShowsTheComparison()
    {
        Shell s;
        openShell(s);
        if (QTest::currentTestFailed()) return;
        const QString grace = candidateOf(applications.at(0));
        QVariant shown;
        QVERIFY(QMetaObject::invokeMethod(s.shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
            Q_ARG(QVariant, QStringLiteral("documents")), Q_ARG(QVariant, grace)));
        QVERIFY(shown.toBool());
        auto* list = s.window->findChild<QQuickItem*>(QStringLiteral("diffList"));
        QVERIFY(list);
        QTRY_VERIFY(list->property("count").toInt() >= 5);
        QTRY_VERIFY(s.window->findChild<QObject*>(QStringLiteral("diffSummary"))->property("text").toString().contains(QStringLiteral("+3")));
        shot(s.window, QStringLiteral("cv-diff.png"));
        QObject* page = s.window->findChild<QObject*>(QStringLiteral("candidateDocumentsPage"));
        page->setProperty("tab", 1);
        QTRY_VERIFY(findIn(s.window->contentItem(), QStringLiteral("variantList")));
        QTRY_COMPARE(findIn(s.window->contentItem(), QStringLiteral("variantList"))->property("count").toInt(), 1);
        shot(s.window, QStringLiteral("cv-variants.png"));
        page->setProperty("tab", 2);
        QTRY_VERIFY(findIn(s.window->contentItem(), QStringLiteral("attachmentList")));
        shot(s.window, QStringLiteral("cv-attachments.png"));
        for (const QQmlError& e : std::as_const(s.warnings))
            QFAIL(qPrintable(e.toString()));
    }

    // Possible duplicates on the profile (a shared email — as two offline devices can make —
    // before a shared name), merged from the dialog's verbs and undone from the timeline.
    void duplicatesAreFlaggedMergedAndUndone()
    {
        auto make = [&](const QString& first, const QString& last, const QString& email) {
            auto c = tw->ws->candidates().create(admin, { { QStringLiteral("first_name"), first },
                { QStringLiteral("last_name"), last }, { QStringLiteral("emails"), email } });
            if (!c) qFatal("candidate: %s", qPrintable(c.error().message));
            return c.value().id;
        };
        const QString a = make(QStringLiteral("Dora"), QStringLiteral("Double"), QStringLiteral("dora@x.test"));
        const QString b = make(QStringLiteral("dora"), QStringLiteral("DOUBLE"), QStringLiteral("dora.d@y.test"));
        const QString c = make(QStringLiteral("Other"), QStringLiteral("Person"), QStringLiteral("other@z.test"));
        // As sync can leave it: a second candidate with the same address.
        QVERIFY(tw->ws->db().change(QStringLiteral("UPDATE candidate_contacts SET value = 'Dora@X.test', value_norm = "
                                                   "'dora@x.test' WHERE candidate_id = ?"), { c }).ok());
        AppController ctl(tw->ws.get());
        QVERIFY(signIn(ctl, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        CandidateProfile p;
        p.setController(&ctl);
        p.setCandidateId(a);
        QCOMPARE(p.duplicates().size(), 2);
        QCOMPARE(p.duplicates().at(0).toMap().value(QStringLiteral("id")).toString(), c);
        QCOMPARE(p.duplicates().at(0).toMap().value(QStringLiteral("match")).toString(), QStringLiteral("email"));
        QCOMPARE(p.duplicates().at(1).toMap().value(QStringLiteral("id")).toString(), b);
        QCOMPARE(p.duplicates().at(1).toMap().value(QStringLiteral("match")).toString(), QStringLiteral("name"));
        QCOMPARE(p.other(b).value(QStringLiteral("emails")).toStringList(), QStringList { QStringLiteral("dora.d@y.test") });

        // A viewer sees the warning but cannot merge.
        AppController vc(tw->ws.get());
        QVERIFY(signIn(vc, QStringLiteral("viewer@acme.test"), test::kUserPassword));
        CandidateProfile vp;
        vp.setController(&vc);
        vp.setCandidateId(a);
        QCOMPARE(vp.duplicates().size(), 2);
        ErrorModel::instance()->clear();
        QVERIFY(!vp.merge(a, b));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("permission_denied"));
        QVERIFY(tw->ws->candidates().get(admin, b).ok());
        ErrorModel::instance()->clear();

        QVERIFY(p.merge(a, b));
        QCOMPARE(p.candidateId(), a);
        QVERIFY(!tw->ws->candidates().get(admin, b).ok()); // gone
        QVERIFY(p.candidate().value(QStringLiteral("emails")).toStringList().contains(QStringLiteral("dora.d@y.test")));
        QCOMPARE(p.duplicates().size(), 1); // the shared email is left
        QString mergeEntry;
        for (const QVariant& v : p.timeline())
            if (v.toMap().value(QStringLiteral("title")).toString() == QLatin1String("candidate.merge"))
                mergeEntry = v.toMap().value(QStringLiteral("ref")).toString();
        QVERIFY(!mergeEntry.isEmpty());
        QVERIFY(p.undoMerge(mergeEntry));
        QVERIFY(tw->ws->candidates().get(admin, b).ok()); // back
        QCOMPARE(p.duplicates().size(), 2);
        QVERIFY(!p.candidate().value(QStringLiteral("emails")).toStringList().contains(QStringLiteral("dora.d@y.test")));

        // In the real QML: the banner, the dialog, keep the other one.
        Shell s;
        openShell(s);
        if (QTest::currentTestFailed()) return;
        QVariant shown;
        QVERIFY(QMetaObject::invokeMethod(s.shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
            Q_ARG(QVariant, QStringLiteral("candidate")), Q_ARG(QVariant, a)));
        QTRY_VERIFY(findIn(s.window->contentItem(), QStringLiteral("duplicateBanner")));
        QVERIFY(QMetaObject::invokeMethod(findIn(s.window->contentItem(), QStringLiteral("compareMergeButton")), "clicked"));
        QObject* dialog = s.window->findChild<QObject*>(QStringLiteral("mergeDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->property("visible").toBool());
        QCOMPARE(dialog->property("right").toMap().value(QStringLiteral("id")).toString(), c);
        shot(s.window, QStringLiteral("merge-dialog.png"));
        s.window->findChild<QObject*>(QStringLiteral("keepOtherProfile"))->setProperty("checked", true);
        QVERIFY(QMetaObject::invokeMethod(s.window->findChild<QObject*>(QStringLiteral("mergeButton")), "clicked"));
        QTRY_VERIFY(!dialog->property("visible").toBool());
        QObject* page = s.window->findChild<QObject*>(QStringLiteral("candidateProfilePage"));
        QCOMPARE(page->property("candidateId").toString(), c); // the kept one is shown
        QVERIFY(!tw->ws->candidates().get(admin, a).ok());
        for (const QQmlError& e : std::as_const(s.warnings))
            QFAIL(qPrintable(e.toString()));
    }

    // A saved search: the first run finds everything new, the next only what appeared since.
    void savedSearchesShowWhatIsNew()
    {
        auto make = [&](const QString& first) {
            tw->clock.advanceSecs(1);
            auto c = tw->ws->candidates().create(admin, { { QStringLiteral("first_name"), first },
                { QStringLiteral("last_name"), QStringLiteral("Aviator") }, { QStringLiteral("headline"), QStringLiteral("Zeppelin pilot") } });
            QVERIFY(c.ok());
            QVERIFY(tw->ws->db().flushSearchIndex().ok());
        };
        make(QStringLiteral("Hugo"));
        make(QStringLiteral("Ida"));
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        SearchModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setController(&c);
        QVERIFY(m.savedSearches().isEmpty());
        QVERIFY(!m.saveCurrent(QStringLiteral("Nothing typed")));
        m.setQuery(QStringLiteral("zeppelin"));
        QCOMPARE(m.rowCount(), 2);
        QVERIFY(m.saveCurrent(QStringLiteral("Airship people")));
        QCOMPARE(m.savedSearches().size(), 1);
        const QString id = m.savedSearches().first().toMap().value(QStringLiteral("id")).toString();
        QVERIFY(m.runSaved(id));
        QCOMPARE(m.savedName(), QStringLiteral("Airship people"));
        QCOMPARE(m.newCount(), 2); // the first run: all new
        QCOMPARE(m.rowCount(), 2);
        QVERIFY(m.data(m.index(0), SearchModel::IsNewRole).toBool());
        make(QStringLiteral("Jules"));
        QVERIFY(m.runSaved(id));
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.newCount(), 1);
        int fresh = -1;
        for (int i = 0; i < m.rowCount(); ++i)
            if (m.data(m.index(i), SearchModel::IsNewRole).toBool()) fresh = i;
        QVERIFY(fresh >= 0);
        QVERIFY(m.data(m.index(fresh), SearchModel::TitleRole).toString().contains(QStringLiteral("Jules")));
        QVERIFY(!m.savedSearches().first().toMap().value(QStringLiteral("last_run_at")).toString().isEmpty());
        m.setQuery(QStringLiteral("pilot")); // typing again leaves the saved run
        QVERIFY(m.savedName().isEmpty());
        QCOMPARE(m.newCount(), 0);

        // In the popup: nothing typed lists it; a click runs it (nothing new now).
        Shell s;
        openShell(s);
        if (QTest::currentTestFailed()) return;
        QVariant shown;
        QVERIFY(QMetaObject::invokeMethod(s.shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
            Q_ARG(QVariant, QStringLiteral("search")), Q_ARG(QVariant, QString())));
        QTRY_VERIFY(s.window->findChild<QObject*>(QStringLiteral("searchPopup"))->property("opened").toBool());
        QQuickItem* saved = nullptr;
        QTRY_VERIFY((saved = findIn(s.window->contentItem(), QStringLiteral("savedSearch_Airship people"))));
        QVERIFY(QMetaObject::invokeMethod(saved, "clicked"));
        QObject* model = s.window->findChild<QObject*>(QStringLiteral("searchModel"));
        QTRY_COMPARE(model->property("count").toInt(), 3);
        QCOMPARE(model->property("newCount").toInt(), 0);
        QCOMPARE(s.window->findChild<QObject*>(QStringLiteral("globalSearchField"))->property("text").toString(), QStringLiteral("zeppelin"));
        QTest::qWait(400); // the field's delayed search must not undo the saved run
        QCOMPARE(model->property("savedName").toString(), QStringLiteral("Airship people"));
        shot(s.window, QStringLiteral("saved-search.png"));
        QVERIFY(m.removeSaved(id));
        QVERIFY(m.savedSearches().isEmpty());
        for (const QQmlError& e : std::as_const(s.warnings))
            QFAIL(qPrintable(e.toString()));
    }

    // The bell: a new application on a recruiter's job reaches them in words; read marks;
    // a preference turned off stops that event; in the shell a click opens the candidate.
    void notificationsReachTheRightPeople()
    {
        NewUser rita { QStringLiteral("rita@acme.test"), QStringLiteral("Rita"), QStringLiteral("Recruiter"),
            test::kUserPassword, { QStringLiteral("recruiter") } };
        QVERIFY(tw->ws->users().create(admin, rita).ok());
        AppController rc(tw->ws.get());
        QVERIFY(signIn(rc, QStringLiteral("rita@acme.test"), test::kUserPassword));
        auto job = tw->ws->postings().create(rc.session(), { { QStringLiteral("title"), QStringLiteral("Glider Pilot") },
            { QStringLiteral("description"), QStringLiteral("Fly.") } });
        QVERIFY(job.ok());
        QVERIFY(tw->ws->postings().publish(rc.session(), job.value().id).ok());
        auto person = [&](const QString& first) {
            auto c = tw->ws->candidates().create(admin, { { QStringLiteral("first_name"), first }, { QStringLiteral("last_name"), QStringLiteral("Notify") } });
            if (!c) qFatal("candidate: %s", qPrintable(c.error().message));
            return c.value().id;
        };
        const QString nia = person(QStringLiteral("Nia"));
        NotificationCenter bell;
        bell.setController(&rc);
        QCOMPARE(bell.unread(), 0);
        QCOMPARE(bell.preferences().size(), 3);
        QVERIFY(tw->ws->applications().apply(admin, nia, job.value().id).ok());
        bell.reload();
        QCOMPARE(bell.unread(), 1);
        QVariantMap n = bell.items().first().toMap();
        QCOMPARE(n.value(QStringLiteral("text")).toString(), QStringLiteral("Nia Notify applied for Glider Pilot"));
        QCOMPARE(n.value(QStringLiteral("candidate_id")).toString(), nia);
        QVERIFY(!n.value(QStringLiteral("read")).toBool());
        QVERIFY(bell.markRead(n.value(QStringLiteral("id")).toString()));
        QCOMPARE(bell.unread(), 0);
        QVERIFY(bell.items().first().toMap().value(QStringLiteral("read")).toBool());
        QVERIFY(bell.setPreference(QStringLiteral("application.created"), false));
        for (const QVariant& p : bell.preferences())
            if (p.toMap().value(QStringLiteral("event")) == QLatin1String("application.created"))
                QCOMPARE(p.toMap().value(QStringLiteral("on")).toBool(), false);
        QVERIFY(tw->ws->applications().apply(admin, person(QStringLiteral("Noor")), job.value().id).ok());
        bell.reload();
        QCOMPARE(bell.unread(), 0); // turned off
        QCOMPARE(bell.items().size(), 1);
        QVERIFY(bell.setPreference(QStringLiteral("application.created"), true));
        QVERIFY(tw->ws->postings().setStatus(rc.session(), job.value().id, QStringLiteral("closed")).ok());

        // The admin's bell in the shell: Rita applies someone to the admin's job.
        auto adminJob = tw->ws->postings().create(admin, { { QStringLiteral("title"), QStringLiteral("Night Pilot") },
            { QStringLiteral("description"), QStringLiteral("Fly at night.") } });
        QVERIFY(adminJob.ok());
        QVERIFY(tw->ws->postings().publish(admin, adminJob.value().id).ok());
        const QString omar = person(QStringLiteral("Omar"));
        QVERIFY(tw->ws->applications().apply(rc.session(), omar, adminJob.value().id).ok());
        {
            Shell s;
            openShell(s);
            if (QTest::currentTestFailed()) return;
            QObject* center = s.window->findChild<QObject*>(QStringLiteral("notificationCenter"));
            QVERIFY(center);
            QTRY_VERIFY(center->property("unread").toInt() >= 1);
            QCOMPARE(s.window->findChild<QObject*>(QStringLiteral("notificationsNav"))->property("badge").toInt(),
                center->property("unread").toInt());
            QVariant shown;
            QVERIFY(QMetaObject::invokeMethod(s.shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
                Q_ARG(QVariant, QStringLiteral("notifications")), Q_ARG(QVariant, QString())));
            QObject* popup = s.window->findChild<QObject*>(QStringLiteral("notificationsPopup"));
            QTRY_VERIFY(popup->property("opened").toBool());
            auto* list = s.window->findChild<QQuickItem*>(QStringLiteral("notificationList"));
            QVERIFY(list);
            QTRY_VERIFY(list->property("count").toInt() >= 1);
            shot(s.window, QStringLiteral("notifications.png"));
            QQuickItem* first = nullptr;
            QVERIFY(QMetaObject::invokeMethod(list, "itemAtIndex", Q_RETURN_ARG(QQuickItem*, first), Q_ARG(int, 0)));
            QVERIFY(first);
            QVERIFY(first->property("modelData").toMap().value(QStringLiteral("text")).toString().startsWith(QStringLiteral("Omar Notify")));
            const int before = center->property("unread").toInt();
            QVERIFY(QMetaObject::invokeMethod(first, "clicked"));
            QTRY_COMPARE(s.shell->property("screen").toString(), QStringLiteral("candidate"));
            QCOMPARE(s.window->findChild<QObject*>(QStringLiteral("candidateProfilePage"))->property("candidateId").toString(), omar);
            QCOMPARE(center->property("unread").toInt(), before - 1);
            for (const QQmlError& e : std::as_const(s.warnings))
                QFAIL(qPrintable(e.toString()));
        }
        QVERIFY(tw->ws->postings().setStatus(admin, adminJob.value().id, QStringLiteral("closed")).ok());
    }

    // Analytics: the figures of AnalyticsService in chart form, all jobs or one; the QtCharts
    // screen draws them without a QML warning.
    void analyticsChartsTheFunnel()
    {
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        AnalyticsModel m;
        m.setController(&c);
        QVERIFY(m.allowed());
        QVERIFY(!m.funnel().isEmpty());
        QCOMPARE(m.funnel().first().toMap().value(QStringLiteral("label")).toString(), QStringLiteral("Applied"));
        int total = 0;
        for (const QVariant& v : m.sources())
            total += v.toMap().value(QStringLiteral("applications")).toInt();
        int weekly = 0;
        for (const QVariant& v : m.weeks())
            weekly += v.toMap().value(QStringLiteral("applications")).toInt();
        QCOMPARE(weekly, total); // every application once in each breakdown
        QCOMPARE(int(m.funnel().first().toMap().value(QStringLiteral("reached")).toDouble()), total);
        QVERIFY(m.maxReached() >= total);
        // One job: its own stage names; everyone who applied reached the first stage.
        m.setJobId(openJob);
        const int applied = int(tw->ws->applications().listForJob(admin, openJob).value().size());
        QCOMPARE(m.funnel().first().toMap().value(QStringLiteral("label")).toString(),
            tw->ws->postings().get(admin, openJob).value().stages.first().name);
        QCOMPARE(int(m.funnel().first().toMap().value(QStringLiteral("reached")).toDouble()), applied);
        QVERIFY(m.funnel().at(1).toMap().contains(QStringLiteral("conversion")));

        Shell s;
        openShell(s);
        if (QTest::currentTestFailed()) return;
        QVariant shown;
        QVERIFY(QMetaObject::invokeMethod(s.shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
            Q_ARG(QVariant, QStringLiteral("analytics")), Q_ARG(QVariant, QString())));
        QVERIFY(shown.toBool());
        QQuickItem* chart = nullptr;
        QTRY_VERIFY((chart = findIn(s.window->contentItem(), QStringLiteral("funnelChart"))));
        QTRY_COMPARE(chart->property("count").toInt(), 1); // one series
        QObject* model = s.window->findChild<QObject*>(QStringLiteral("analyticsModel"));
        QVERIFY(model);
        QCOMPARE(model->property("funnel").toList().size(), m.funnel().size() == 0 ? 0 : tw->ws->analytics().funnel(admin).value().size());
        shot(s.window, QStringLiteral("analytics.png"));
        for (const QQmlError& e : std::as_const(s.warnings))
            QFAIL(qPrintable(e.toString()));
    }

    // Admin > Workspace: settings reach the core (matching weights, retention), the audit log
    // lists newest first and its chain verifies (and a tampered entry is found), GDPR export
    // and erasure, and the import wizard's dry run, import (off the GUI thread) and revert.
    void workspaceAdminSettingsAuditPrivacyImport()
    {
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        WorkspaceAdmin a;
        a.setController(&c);
        QCOMPARE(a.settings().value(QStringLiteral("name")).toString(), QStringLiteral("Acme Talent"));
        QCOMPARE(a.settings().value(QStringLiteral("weights")).toMap().value(QStringLiteral("distance")).toDouble(), 15.0);
        QVERIFY(a.saveSettings({ { QStringLiteral("default_country"), QStringLiteral("de") },
            { QStringLiteral("retention_months"), QStringLiteral("24") },
            { QStringLiteral("weights"), QVariantMap { { QStringLiteral("distance"), 30 } } } }));
        QCOMPARE(a.settings().value(QStringLiteral("retention_months")).toInt(), 24);
        QCOMPARE(a.settings().value(QStringLiteral("default_country")).toString(), QStringLiteral("DE"));
        QCOMPARE(tw->ws->matching().weights(admin.tenantId).value().distance, 30.0);
        QCOMPARE(tw->ws->matching().weights(admin.tenantId).value().mustHave, 35.0); // the rest unchanged
        QCOMPARE(a.runRetention().value(QStringLiteral("erased")).toInt(), 0); // everyone is recent
        QVERIFY(a.saveSettings({ { QStringLiteral("retention_months"), QString() },
            { QStringLiteral("weights"), QVariantMap { { QStringLiteral("distance"), 15 } } } }));
        QCOMPARE(a.settings().value(QStringLiteral("retention_months")).toInt(), 0);
        QVERIFY(!tw->ws->tenants().get(admin).value().settings.contains(QStringLiteral("retention_months")));

        // The audit log.
        QVERIFY(a.reloadAudit());
        QCOMPARE(a.auditEntries().size(), 100); // the first page
        QVERIFY(a.auditHasMore());
        QVERIFY(a.auditEntries().first().toMap().value(QStringLiteral("seq")).toLongLong()
            > a.auditEntries().last().toMap().value(QStringLiteral("seq")).toLongLong());
        QVERIFY(a.moreAudit());
        QVERIFY(a.auditEntries().size() > 100);
        a.setAuditFilter(QStringLiteral("tenant.update"));
        QVERIFY(!a.auditEntries().isEmpty());
        for (const QVariant& e : a.auditEntries())
            QCOMPARE(e.toMap().value(QStringLiteral("action")).toString(), QStringLiteral("tenant.update"));
        QCOMPARE(a.auditEntries().first().toMap().value(QStringLiteral("user")).toString(), QStringLiteral("Ada Lovelace"));
        QVariantMap v = a.verifyAudit();
        QVERIFY(v.value(QStringLiteral("ok")).toBool());
        QVERIFY(v.value(QStringLiteral("entries")).toLongLong() > 100);
        // The log is append-only (a broken chain is test_audit's subject: it drops the triggers).
        const QString entry = a.auditEntries().first().toMap().value(QStringLiteral("id")).toString();
        QVERIFY(!tw->ws->db().change(QStringLiteral("UPDATE audit_log SET outcome = 'denied' WHERE id = ?"), { entry }).ok());
        QVERIFY(a.verifyAudit().value(QStringLiteral("ok")).toBool());

        // Privacy: export, then erase.
        auto kim = tw->ws->candidates().create(admin, { { QStringLiteral("first_name"), QStringLiteral("Kim") },
            { QStringLiteral("last_name"), QStringLiteral("Private") }, { QStringLiteral("emails"), QStringLiteral("kim@private.test") } });
        QVERIFY(kim.ok());
        QTemporaryDir dir;
        QVERIFY(a.exportCandidate(kim.value().id, QUrl::fromLocalFile(dir.filePath(QStringLiteral("kim.zip")))));
        QFile exported(dir.filePath(QStringLiteral("kim.zip")));
        QVERIFY(exported.open(QIODevice::ReadOnly));
        QVERIFY(exported.read(2) == "PK"); // a ZIP: the data as JSON and their files
        QVERIFY(exported.size() > 200);
        AppController vc(tw->ws.get());
        QVERIFY(signIn(vc, QStringLiteral("viewer@acme.test"), test::kUserPassword));
        WorkspaceAdmin va;
        va.setController(&vc);
        ErrorModel::instance()->clear();
        QVERIFY(va.eraseCandidate(kim.value().id, QStringLiteral("asked")).isEmpty());
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("permission_denied"));
        ErrorModel::instance()->clear();
        QVERIFY(!a.eraseCandidate(kim.value().id, QStringLiteral("The person asked")).isEmpty());
        auto after = tw->ws->candidates().get(admin, kim.value().id);
        QVERIFY(!after.ok() || after.value().emails.isEmpty());

        // Import: their headers mapped to ours; a dry run keeps nothing; a bad row is reported
        // and the good ones import; revert takes them out again.
        QFile csv(dir.filePath(QStringLiteral("people.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("Vorname,Nachname,E-Mail,Faehigkeiten\nLea,Import,lea@import.test,Python\nBad,Import,not-an-email,\n"
                  "Max,Import,max@import.test,SQL\n");
        csv.close();
        const QUrl url = QUrl::fromLocalFile(csv.fileName());
        QCOMPARE(a.csvHeader(url), (QStringList { "Vorname", "Nachname", "E-Mail", "Faehigkeiten" }));
        QVERIFY(a.canonicalHeaders(QStringLiteral("candidates")).contains(QStringLiteral("first_name")));
        const QVariantMap mapping { { QStringLiteral("Vorname"), QStringLiteral("first_name") },
            { QStringLiteral("Nachname"), QStringLiteral("last_name") }, { QStringLiteral("E-Mail"), QStringLiteral("email") },
            { QStringLiteral("Faehigkeiten"), QStringLiteral("skills") } };
        const auto count = [&] {
            return tw->ws->db().selectOne(QStringLiteral("SELECT count(*) FROM candidates WHERE last_name = 'Import' AND deleted_at IS NULL")).value().value(0).toInt();
        };
        QSignalSpy done(&a, &WorkspaceAdmin::importChanged);
        QVERIFY(a.startImport(url, QStringLiteral("candidates"), mapping, true));
        QVERIFY(a.importing());
        QTRY_VERIFY_WITH_TIMEOUT(!a.importing() && done.count() >= 2, 20000);
        QCOMPARE(a.importReport().value(QStringLiteral("imported")).toInt(), 2);
        QCOMPARE(a.importReport().value(QStringLiteral("dry_run")).toBool(), true);
        QCOMPARE(a.importReport().value(QStringLiteral("errors")).toList().size(), 1);
        QCOMPARE(a.importReport().value(QStringLiteral("errors")).toList().first().toMap().value(QStringLiteral("row")).toInt(), 3);
        QCOMPARE(count(), 0);
        done.clear();
        QVERIFY(a.startImport(url, QStringLiteral("candidates"), mapping, false));
        QTRY_VERIFY_WITH_TIMEOUT(!a.importing() && done.count() >= 2, 20000);
        QCOMPARE(a.importReport().value(QStringLiteral("imported")).toInt(), 2);
        QCOMPARE(count(), 2);
        const QString batch = a.importReport().value(QStringLiteral("batch_id")).toString();
        QVERIFY(!batch.isEmpty());
        QVERIFY(!a.revertImport(batch).isEmpty());
        QCOMPARE(count(), 0);
        // Stopped while it runs: what was imported until then stays in the batch (revertible).
        QFile big(dir.filePath(QStringLiteral("big.csv")));
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write("first_name,last_name,email\n");
        for (int i = 0; i < 30000; ++i)
            big.write(QStringLiteral("Bulk%1,Import,bulk%1@import.test\n").arg(i).toUtf8());
        big.close();
        done.clear();
        QSignalSpy progressed(&a, &WorkspaceAdmin::importProgressChanged);
        QVERIFY(a.startImport(QUrl::fromLocalFile(big.fileName()), QStringLiteral("candidates"), {}, false));
        QCOMPARE(a.importProgress(), 0.0);
        // It reports how far into the file it is, and goes on rising until stopped.
        QTRY_VERIFY_WITH_TIMEOUT(a.importProgress() > 0.0, 20000);
        const double seen = a.importProgress();
        QVERIFY2(seen < 1.0, qPrintable(QString::number(seen)));
        a.cancelImport();
        QTRY_VERIFY_WITH_TIMEOUT(!a.importing() && done.count() >= 2, 60000);
        QVERIFY(a.importReport().value(QStringLiteral("cancelled")).toBool());
        const int kept = a.importReport().value(QStringLiteral("imported")).toInt();
        QVERIFY2(kept > 0 && kept < 30000, qPrintable(QString::number(kept)));
        QCOMPARE(count(), kept);
        QVERIFY(!a.revertImport(a.importReport().value(QStringLiteral("batch_id")).toString()).isEmpty());
        QCOMPARE(count(), 0);
        // A role without import rights: refused, reported, nothing written.
        done.clear();
        QSignalSpy vdone(&va, &WorkspaceAdmin::importChanged);
        QVERIFY(va.startImport(url, QStringLiteral("candidates"), mapping, false));
        QTRY_VERIFY_WITH_TIMEOUT(!va.importing() && vdone.count() >= 2, 20000);
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("permission_denied"));
        QCOMPARE(count(), 0);
        ErrorModel::instance()->clear();

        // The screen loads each tab without a QML warning.
        Shell s;
        openShell(s);
        if (QTest::currentTestFailed()) return;
        for (const QString& tab : { QStringLiteral("settings"), QStringLiteral("import"), QStringLiteral("privacy"), QStringLiteral("audit") }) {
            QVariant shown;
            QVERIFY(QMetaObject::invokeMethod(s.shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
                Q_ARG(QVariant, QStringLiteral("workspace")), Q_ARG(QVariant, tab)));
            QVERIFY(shown.toBool());
            QObject* page = nullptr;
            QTRY_VERIFY((page = s.window->findChild<QObject*>(QStringLiteral("workspaceAdminPage"))));
            QTRY_COMPARE(page->property("tab").toInt(), QStringList({ "settings", "import", "privacy", "audit" }).indexOf(tab));
            shot(s.window, QStringLiteral("workspace-%1.png").arg(tab));
            if (tab != QLatin1String("import")) continue;
            // A long import shows how far it is, with Stop beside it.
            auto* screenAdmin = s.window->findChild<WorkspaceAdmin*>(QStringLiteral("workspaceAdmin"));
            QVERIFY(screenAdmin);
            QVERIFY(screenAdmin->startImport(QUrl::fromLocalFile(big.fileName()), QStringLiteral("candidates"), {}, true));
            QTRY_VERIFY_WITH_TIMEOUT(screenAdmin->importProgress() > 0.0, 20000);
            QQuickItem* bar = findIn(s.window->contentItem(), QStringLiteral("importProgress"));
            QVERIFY(bar);
            QVERIFY(bar->property("value").toDouble() > 0.0);
            QVERIFY(findIn(s.window->contentItem(), QStringLiteral("cancelImportButton")));
            shot(s.window, QStringLiteral("workspace-import-progress.png"));
            screenAdmin->cancelImport();
            QTRY_VERIFY_WITH_TIMEOUT(!screenAdmin->importing(), 60000);
            QVERIFY(!findIn(s.window->contentItem(), QStringLiteral("importProgress")));
        }
        QTRY_VERIFY(findIn(s.window->contentItem(), QStringLiteral("auditList"))->property("count").toInt() > 0);
        for (const QQmlError& e : std::as_const(s.warnings))
            QFAIL(qPrintable(e.toString()));
    }

    // Custom roles: created with a permission matrix, changed (granted and revoked through
    // the core), enforced for their users, deleted; from the dialog in the real QML too.
    void customRolesFromThePermissionMatrix()
    {
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        RolesModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setController(&c);
        QVERIFY(m.reload());
        QVERIFY(RolesModel::resources().contains(QStringLiteral("candidate")));
        QCOMPARE(RolesModel::actions().size(), 6);
        QVERIFY(m.createRole(QStringLiteral("sourcer"), QStringLiteral("Finds people"),
            { QStringLiteral("candidate.read"), QStringLiteral("candidate.create") }));
        QVERIFY(m.setPermissions(QStringLiteral("sourcer"), { QStringLiteral("candidate.read"), QStringLiteral("job.read") }));
        QStringList now = m.permissionsOf(QStringLiteral("sourcer"));
        now.sort();
        QCOMPARE(now, (QStringList { QStringLiteral("candidate.read"), QStringLiteral("job.read") }));
        const Session sam = tw->addUser(admin, QStringLiteral("sam@acme.test"), QStringLiteral("sourcer"));
        QVERIFY(tw->ws->candidates().list(sam, {}).ok());
        QCOMPARE(tw->ws->candidates().create(sam, { { QStringLiteral("first_name"), QStringLiteral("No") } }).error().codeName(),
            QStringLiteral("permission_denied")); // revoked
        ErrorModel::instance()->clear();
        QVERIFY(!m.removeRole(QStringLiteral("admin"))); // built-in roles stay
        QVERIFY(ErrorModel::instance()->active());
        ErrorModel::instance()->clear();

        Shell s;
        openShell(s);
        if (QTest::currentTestFailed()) return;
        QVariant shown;
        QVERIFY(QMetaObject::invokeMethod(s.shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
            Q_ARG(QVariant, QStringLiteral("admin")), Q_ARG(QVariant, QString())));
        QObject* dialog = nullptr;
        QTRY_VERIFY((dialog = s.window->findChild<QObject*>(QStringLiteral("roleDialog"))));
        QVERIFY(QMetaObject::invokeMethod(dialog, "start", Q_ARG(QVariant, QString())));
        QTRY_VERIFY(dialog->property("visible").toBool());
        s.window->findChild<QObject*>(QStringLiteral("roleNameField"))->setProperty("text", QStringLiteral("interviewer"));
        for (const QString& perm : { QStringLiteral("perm_interview.read"), QStringLiteral("perm_interview.update") }) {
            QObject* box = nullptr;
            QTRY_VERIFY((box = findIn(s.window->contentItem(), perm)));
            QVERIFY(QMetaObject::invokeMethod(box, "toggle"));
            QVERIFY(QMetaObject::invokeMethod(box, "toggled"));
        }
        shot(s.window, QStringLiteral("role-dialog.png"));
        QVERIFY(QMetaObject::invokeMethod(dialog, "accept"));
        auto role = tw->ws->roles().get(admin, QStringLiteral("interviewer"));
        QVERIFY(role.ok());
        QStringList perms = role.value().permissions;
        perms.sort();
        QCOMPARE(perms, (QStringList { QStringLiteral("interview.read"), QStringLiteral("interview.update") }));
        QVERIFY(m.reload());
        QVERIFY(m.removeRole(QStringLiteral("interviewer")));
        QVERIFY(!tw->ws->roles().get(admin, QStringLiteral("interviewer")).ok());
        for (const QQmlError& e : std::as_const(s.warnings))
            QFAIL(qPrintable(e.toString()));
    }

    // --theme dark: the window, the pages and the controls take the dark palette; light is
    // the default here (the offscreen platform's palette is light).
    void darkPaletteOnRequest()
    {
        AppController c(tw->ws.get());
        QVERIFY(!c.darkTheme()); // "system" on a light system palette
        AppController::setTheme(QStringLiteral("dark"));
        QVERIFY(c.darkTheme());
        {
            Shell s;
            openShell(s);
            if (QTest::currentTestFailed()) { AppController::setTheme(QStringLiteral("system")); return; }
            QCOMPARE(s.window->color(), QColor(QStringLiteral("#14181f")));
            QVariant shown;
            QVERIFY(QMetaObject::invokeMethod(s.shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
                Q_ARG(QVariant, QStringLiteral("jobs")), Q_ARG(QVariant, QString())));
            QObject* jobs = s.window->findChild<QObject*>(QStringLiteral("jobsPage"));
            QVERIFY(jobs);
            const QColor background = jobs->property("background").value<QQuickItem*>()->property("color").value<QColor>();
            QVERIFY2(background.lightness() < 64, qPrintable(background.name()));
            shot(s.window, QStringLiteral("jobs-dark.png"));
            for (const QQmlError& e : std::as_const(s.warnings))
                QFAIL(qPrintable(e.toString()));
        }
        AppController::setTheme(QStringLiteral("light"));
        QVERIFY(!c.darkTheme());
        AppController::setTheme(QStringLiteral("system"));
    }

    // Workspace files (profiles): another file is remembered and asked for (the app restarts
    // on it); a folder that does not exist, or the file already open, is refused and said.
    void workspaceFilesAreRememberedAndSwitched()
    {
        QTemporaryDir config; // the recent list goes here, not into the user's configuration
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, config.path());
        AppController c(tw->ws.get());
        for (const QString& p : c.recentDatabases())
            c.forgetDatabase(p);
        QSignalSpy asked(&c, &AppController::switchRequested);
        ErrorModel::instance()->clear();
        QVERIFY(!c.switchDatabase(QUrl::fromLocalFile(QStringLiteral("/nonexistent-folder/agency.db"))));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("storage_error"));
        QVERIFY(!c.switchDatabase(QUrl::fromLocalFile(c.databasePath())));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("validation_failed"));
        QCOMPARE(asked.count(), 0);
        ErrorModel::instance()->clear();
        QTemporaryDir dir;
        const QString other = dir.filePath(QStringLiteral("client-b.db"));
        QVERIFY(c.switchDatabase(QUrl::fromLocalFile(other)));
        QCOMPARE(asked.count(), 1);
        QCOMPARE(asked.first().first().toString(), other);
        QCOMPARE(c.recentDatabases().value(0), other);
        AppController::rememberDatabase(c.databasePath());
        QCOMPARE(c.recentDatabases().value(0), QFileInfo(c.databasePath()).absoluteFilePath());
        QCOMPARE(c.recentDatabases().value(1), other); // most recent first, each once
        QVERIFY(c.forgetDatabase(other));
        QVERIFY(!c.recentDatabases().contains(other));
        c.forgetDatabase(QFileInfo(c.databasePath()).absoluteFilePath());
        QVERIFY(QFile::exists(config.filePath(QStringLiteral("recruitdesk/recruitdesk.conf"))));
    }

    // The restart on another file: the real app is started on it with the same language and
    // palette, creates it (a new workspace, first run) and puts it first in the recent list.
    void switchStartsTheAppOnTheOtherFile()
    {
        AppController::setTheme(QStringLiteral("dark"));
        AppController::setLanguage(QStringLiteral("de"));
        QTemporaryDir dir;
        const QString other = dir.filePath(QStringLiteral("client-c.db"));
        QCOMPARE(AppController::restartArguments(other),
            (QStringList { QStringLiteral("--db"), other, QStringLiteral("--theme"), QStringLiteral("dark"),
                QStringLiteral("--lang"), QStringLiteral("de") }));
        AppController::setLanguage({});
        AppController::setTheme(QStringLiteral("system"));
        QCOMPARE(AppController::restartArguments(other),
            (QStringList { QStringLiteral("--db"), other, QStringLiteral("--theme"), QStringLiteral("system") }));

        // The started app (offscreen, like this test) keeps its recent list under XDG_CONFIG_HOME.
        const QByteArray savedConfig = qgetenv("XDG_CONFIG_HOME");
        qputenv("XDG_CONFIG_HOME", dir.filePath(QStringLiteral("config")).toLocal8Bit());
        qint64 pid = 0;
        const bool started = AppController::startOn(other, QStringLiteral(RD_DESKTOP_PATH), &pid);
        if (savedConfig.isEmpty())
            qunsetenv("XDG_CONFIG_HOME");
        else
            qputenv("XDG_CONFIG_HOME", savedConfig);
        QVERIFY(started && pid > 0);
        auto recentFirst = [&] {
            QSettings s(dir.filePath(QStringLiteral("config/recruitdesk/recruitdesk.conf")), QSettings::IniFormat);
            return s.value(QStringLiteral("workspaces/recent")).toStringList().value(0);
        };
        QTRY_COMPARE_WITH_TIMEOUT(recentFirst(), other, 30000);
        QTest::qWait(500); // its first screen
        QVERIFY(::kill(pid_t(pid), 0) == 0); // still running: the app, not an error exit
        QCOMPARE(::kill(pid_t(pid), SIGTERM), 0);
        // Gone (or a zombie for a parent that never reaps): the file is free again.
        auto gone = [pid] {
            QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
            return !stat.open(QIODevice::ReadOnly) || stat.readAll().contains(") Z ");
        };
        QTRY_VERIFY_WITH_TIMEOUT(gone(), 15000);
        auto opened = Workspace::open(other);
        RD_VERIFY_OK(opened);
        auto tenants = opened.value()->tenants().listForSignIn();
        RD_VERIFY_OK(tenants);
        QVERIFY(tenants.value().isEmpty()); // a new workspace: the first-run wizard's
    }

    void cleanupTestCase() { tw.reset(); }
};

QTEST_MAIN(TestWorkspaceUi)
#include "test_workspaceui.moc"
