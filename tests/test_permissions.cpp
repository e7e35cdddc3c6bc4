// The role x resource x action matrix, table-driven from an independent copy of
// docs/permissions.md, then the same decisions observed through the real services.
#include "testutil.h"

using namespace rd;

namespace {
// Expected matrix, copied from docs/permissions.md (c r u d e m).
const QMap<QString, QMap<QString, QString>>& expectedMatrix()
{
    static const QMap<QString, QMap<QString, QString>> m {
        { "admin",
            { { "tenant", "rume" }, { "user", "crudem" }, { "role", "crudem" }, { "job", "crudem" }, { "candidate", "crudem" },
                { "application", "crudem" }, { "interview", "crudem" }, { "attachment", "crudem" }, { "outreach", "crudem" },
                { "report", "crudem" }, { "settings", "rum" }, { "audit", "rem" }, { "integration", "crudem" }, { "privacy", "rdem" } } },
        { "recruiter",
            { { "tenant", "r" }, { "user", "r" }, { "role", "r" }, { "job", "crude" }, { "candidate", "crude" },
                { "application", "crude" }, { "interview", "crud" }, { "attachment", "crud" }, { "outreach", "crud" },
                { "report", "re" }, { "settings", "r" }, { "audit", "" }, { "integration", "r" }, { "privacy", "" } } },
        { "hiring_manager",
            { { "tenant", "r" }, { "user", "r" }, { "role", "" }, { "job", "ru" }, { "candidate", "r" },
                { "application", "ru" }, { "interview", "cru" }, { "attachment", "r" }, { "outreach", "" },
                { "report", "r" }, { "settings", "" }, { "audit", "" }, { "integration", "" }, { "privacy", "" } } },
        { "viewer",
            { { "tenant", "r" }, { "user", "" }, { "role", "" }, { "job", "r" }, { "candidate", "r" }, { "application", "r" },
                { "interview", "r" }, { "attachment", "r" }, { "outreach", "" }, { "report", "r" }, { "settings", "" },
                { "audit", "" }, { "integration", "" }, { "privacy", "" } } },
    };
    return m;
}

const QMap<QString, QChar> kLetters { { "create", 'c' }, { "read", 'r' }, { "update", 'u' }, { "delete", 'd' },
    { "export", 'e' }, { "manage", 'm' } };
} // namespace

class TestPermissions : public QObject {
    Q_OBJECT

    std::unique_ptr<test::TestWorkspace> tw;
    QMap<QString, Session> sessions; // role -> session
    Session admin;

private slots:
    void initTestCase()
    {
        tw = std::make_unique<test::TestWorkspace>();
        admin = tw->createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        sessions.insert(QStringLiteral("admin"), admin);
        for (const QString& role : QStringList { "recruiter", "hiring_manager", "viewer" })
            sessions.insert(role, tw->addUser(admin, role + QStringLiteral("@acme.test"), role));
    }

    void matrix_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("action");
        QTest::addColumn<bool>("allowed");
        int rows = 0;
        for (auto r = expectedMatrix().begin(); r != expectedMatrix().end(); ++r)
            for (Resource res : allResources())
                for (Action act : allActions()) {
                    const QString resource = resourceName(res);
                    const QString action = actionName(act);
                    QVERIFY2(r.value().contains(resource), qPrintable(resource));
                    const bool allowed = r.value().value(resource).contains(kLetters.value(action));
                    QTest::addRow("%s-%s-%s", qPrintable(r.key()), qPrintable(resource), qPrintable(action))
                        << r.key() << resource << action << allowed;
                    ++rows;
                }
        QCOMPARE(rows, 4 * 14 * 6);
    }

    void matrix()
    {
        QFETCH(QString, role);
        QFETCH(QString, resource);
        QFETCH(QString, action);
        QFETCH(bool, allowed);
        const auto res = parseResource(resource);
        const auto act = parseAction(action);
        QVERIFY(res && act);
        QCOMPARE(systemRoleAllows(role, *res, *act), allowed);
        // The Authorizer, reading the user's roles from the database, agrees.
        QCOMPARE(tw->ws->context().authz.can(sessions.value(role), *res, *act), allowed);
    }

    void servicesEnforceTheMatrix_data()
    {
        QTest::addColumn<QString>("role");
        for (const QString& r : QStringList { "admin", "recruiter", "hiring_manager", "viewer" })
            QTest::newRow(qPrintable(r)) << r;
    }

    void servicesEnforceTheMatrix()
    {
        QFETCH(QString, role);
        const Session s = sessions.value(role);
        auto expect = [&](const QString& resource, QChar letter, const auto& result) {
            const bool allowed = expectedMatrix().value(role).value(resource).contains(letter);
            if (allowed) {
                QVERIFY2(result.ok() || result.error().code != ErrorCode::PermissionDenied,
                    qPrintable(QStringLiteral("%1 should be allowed %2 on %3").arg(role).arg(letter).arg(resource)));
            } else {
                QVERIFY2(!result.ok() && result.error().code == ErrorCode::PermissionDenied,
                    qPrintable(QStringLiteral("%1 should be denied %2 on %3").arg(role).arg(letter).arg(resource)));
            }
        };
        const int deniedBefore = tw->count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND user_id = ?"),
            { s.userId });
        expect(QStringLiteral("tenant"), 'r', tw->ws->tenants().get(s));
        TenantPatch noop;
        noop.name = QStringLiteral("Acme");
        expect(QStringLiteral("tenant"), 'u', tw->ws->tenants().update(s, noop));
        NewUser nu;
        nu.email = QStringLiteral("new-by-%1@acme.test").arg(role);
        expect(QStringLiteral("user"), 'c', tw->ws->users().create(s, nu));
        expect(QStringLiteral("user"), 'r', tw->ws->users().list(s, ListQuery {}));
        expect(QStringLiteral("user"), 'm', tw->ws->users().issueResetCode(s, sessions.value(QStringLiteral("viewer")).userId));
        expect(QStringLiteral("role"), 'r', tw->ws->roles().list(s));
        expect(QStringLiteral("role"), 'c', tw->ws->roles().create(s, QStringLiteral("custom_by_%1").arg(role), {}));
        expect(QStringLiteral("audit"), 'r', tw->ws->listAudit(s, ListQuery {}));
        expect(QStringLiteral("settings"), 'r', tw->ws->jobs().list(s, ListQuery {}));
        const int deniedAfter = tw->count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND user_id = ?"),
            { s.userId });
        if (role == QLatin1String("admin"))
            QCOMPARE(deniedAfter, deniedBefore);
        else
            QVERIFY2(deniedAfter > deniedBefore, "denials are audited");
    }

    void customRolesGrantExactlyWhatTheyList()
    {
        auto role = tw->ws->roles().create(admin, QStringLiteral("auditor"), QStringLiteral("Reads the audit log"),
            { QStringLiteral("audit.read"), QStringLiteral("user.read") });
        QVERIFY(role.ok());
        const Session s = tw->addUser(admin, QStringLiteral("auditor@acme.test"), QStringLiteral("auditor"));
        RD_VERIFY_OK(tw->ws->listAudit(s, ListQuery {}));
        RD_VERIFY_OK(tw->ws->users().list(s, ListQuery {}));
        RD_VERIFY_ERROR(tw->ws->tenants().get(s), ErrorCode::PermissionDenied);
        RD_VERIFY_OK(tw->ws->roles().grant(admin, QStringLiteral("auditor"), { QStringLiteral("tenant.read") }));
        RD_VERIFY_OK(tw->ws->tenants().get(s));
        RD_VERIFY_OK(tw->ws->roles().revoke(admin, QStringLiteral("auditor"), { QStringLiteral("audit.read") }));
        RD_VERIFY_ERROR(tw->ws->listAudit(s, ListQuery {}), ErrorCode::PermissionDenied);
        RD_VERIFY_ERROR(tw->ws->roles().grant(admin, QStringLiteral("auditor"), { QStringLiteral("audit.fly") }),
            ErrorCode::ValidationFailed);
        RD_VERIFY_ERROR(tw->ws->roles().grant(admin, QStringLiteral("viewer"), { QStringLiteral("audit.read") }),
            ErrorCode::ValidationFailed);
        RD_VERIFY_ERROR(tw->ws->roles().remove(admin, QStringLiteral("auditor")), ErrorCode::Conflict);
        RD_VERIFY_ERROR(tw->ws->roles().remove(admin, QStringLiteral("admin")), ErrorCode::ValidationFailed);
    }

    void roleChangesApplyImmediately()
    {
        const Session v = tw->addUser(admin, QStringLiteral("promote@acme.test"), QStringLiteral("viewer"));
        RD_VERIFY_ERROR(tw->ws->users().list(v, ListQuery {}), ErrorCode::PermissionDenied);
        RD_VERIFY_OK(tw->ws->users().setRoles(admin, v.userId, { QStringLiteral("recruiter") }));
        RD_VERIFY_OK(tw->ws->users().list(v, ListQuery {}));
        RD_VERIFY_OK(tw->ws->users().setRoles(admin, v.userId, { QStringLiteral("viewer") }));
        RD_VERIFY_ERROR(tw->ws->users().list(v, ListQuery {}), ErrorCode::PermissionDenied);
    }

    // A hiring manager's workspace lists and shows only the candidates with an application on
    // their assigned jobs, and only those jobs: candidates, CVs, variants, attachments, notes,
    // the timeline, search, duplicates and matching (the scope the sync server applies too).
    void hiringManagersReadTheirJobsOnly()
    {
        const Session hm = sessions.value(QStringLiteral("hiring_manager"));
        const Session recruiter = sessions.value(QStringLiteral("recruiter"));
        auto& ws = *tw->ws;
        const auto job = [&](const QString& title) {
            auto j = ws.postings().create(admin, { { QStringLiteral("title"), title },
                                                      { QStringLiteral("description"), QStringLiteral("Build things.") },
                                                      { QStringLiteral("location"), QStringLiteral("Berlin") } });
            return j.ok() ? j.value().id : QString();
        };
        const QString mine = job(QStringLiteral("Scope Mine")), theirs = job(QStringLiteral("Scope Theirs"));
        QVERIFY(!mine.isEmpty() && !theirs.isEmpty());
        QVERIFY(ws.postings().publish(admin, mine).ok() && ws.postings().publish(admin, theirs).ok());
        QVERIFY(ws.postings().assignManager(admin, mine, hm.userId).ok());
        const auto person = [&](const QString& first, const QString& email) {
            auto c = ws.candidates().create(admin, { { QStringLiteral("first_name"), first },
                                                       { QStringLiteral("last_name"), QStringLiteral("Scopewell") },
                                                       { QStringLiteral("emails"), email } });
            return c.ok() ? c.value().id : QString();
        };
        const QString ann = person(QStringLiteral("Annika"), QStringLiteral("annika@example.org"));
        const QString bo = person(QStringLiteral("Bodil"), QStringLiteral("bodil@example.org"));
        const QString cy = person(QStringLiteral("Annika"), QStringLiteral("annika.s@example.org")); // Annika's name
        QVERIFY(!ann.isEmpty() && !bo.isEmpty() && !cy.isEmpty());
        QVERIFY(ws.applications().apply(admin, ann, mine).ok());
        QVERIFY(ws.applications().apply(admin, bo, theirs).ok());
        for (const QString& c : { ann, bo }) {
            QVERIFY(ws.cvs().addVersion(admin, c, QStringLiteral("Zanzibarian C++ engineer"), QStringLiteral("paste")).ok());
            QVERIFY(ws.attachments().add(admin, c, QStringLiteral("cv.txt"), QByteArray("Zanzibarian C++ engineer")).ok());
            QVERIFY(ws.interviews().addNote(admin, QStringLiteral("candidate"), c, QStringLiteral("Met at the fair")).ok());
        }
        QVERIFY(ws.interviews().addNote(admin, QStringLiteral("job"), theirs, QStringLiteral("Budget approved")).ok());
        QVERIFY(ws.jobs().runDue(1000).ok());

        const auto listed = [&](const Session& s) {
            QStringList ids;
            auto page = ws.candidates().list(s, [] { ListQuery q; q.limit = 200; return q; }());
            if (page.ok())
                for (const Candidate& c : page.value().items)
                    if (c.lastName == QLatin1String("Scopewell")) ids << c.id;
            return ids;
        };
        QCOMPARE(listed(hm), QStringList { ann });
        QCOMPARE(listed(recruiter).size(), 3);
        QVERIFY(ws.candidates().get(hm, ann).ok());
        const QStringList outside { bo, cy };
        for (const QString& c : outside) {
            RD_VERIFY_ERROR(ws.candidates().get(hm, c), ErrorCode::NotFound);
            RD_VERIFY_ERROR(ws.cvs().versions(hm, c), ErrorCode::NotFound);
            RD_VERIFY_ERROR(ws.cvs().version(hm, c, 1), ErrorCode::NotFound);
            RD_VERIFY_ERROR(ws.cvs().variants(hm, c, {}), ErrorCode::NotFound);
            RD_VERIFY_ERROR(ws.attachments().list(hm, c), ErrorCode::NotFound);
            RD_VERIFY_ERROR(ws.interviews().notes(hm, QStringLiteral("candidate"), c), ErrorCode::NotFound);
            RD_VERIFY_ERROR(ws.activity().timeline(hm, c), ErrorCode::NotFound);
            RD_VERIFY_ERROR(ws.candidates().possibleDuplicates(hm, c), ErrorCode::NotFound);
            RD_VERIFY_ERROR(ws.matching().forCandidate(hm, c, 10), ErrorCode::NotFound);
        }
        const QString boFile = ws.attachments().list(admin, bo).value().first().id;
        RD_VERIFY_ERROR(ws.attachments().get(hm, boFile), ErrorCode::NotFound);
        RD_VERIFY_ERROR(ws.attachments().content(hm, boFile), ErrorCode::NotFound);
        QCOMPARE(ws.cvs().versions(hm, ann).value().size(), 1);
        QCOMPARE(ws.attachments().list(hm, ann).value().size(), 1);
        QCOMPARE(ws.interviews().notes(hm, QStringLiteral("candidate"), ann).value().size(), 1);
        // Annika's namesake (a possible duplicate) is outside the scope: not hinted to the manager.
        QCOMPARE(ws.candidates().possibleDuplicates(hm, ann).value().size(), 0);
        QCOMPARE(ws.candidates().possibleDuplicates(recruiter, ann).value().size(), 1);

        // Search: the CV word finds both for a recruiter, Annika only for the manager.
        const auto found = [&](const Session& s, const QString& q, const QString& kind) {
            QStringList ids;
            auto hits = ws.search().search(s, q, kind, 50);
            if (hits.ok())
                for (const SearchHit& h : hits.value()) ids << h.id;
            std::sort(ids.begin(), ids.end());
            return ids;
        };
        QStringList both { ann, bo };
        std::sort(both.begin(), both.end());
        QCOMPARE(found(recruiter, QStringLiteral("Zanzibarian"), QStringLiteral("candidate")), both);
        QCOMPARE(found(hm, QStringLiteral("Zanzibarian"), QStringLiteral("candidate")), QStringList { ann });
        QCOMPARE(found(hm, QStringLiteral("Scopewell"), QStringLiteral("candidate")), QStringList { ann });
        QCOMPARE(found(hm, QStringLiteral("Scope"), QStringLiteral("job")), QStringList { mine });

        // Jobs: the assigned one only, its notes, and matches among its own candidates.
        QStringList jobs;
        auto jobPage = ws.postings().list(hm, [] { ListQuery q; q.limit = 200; return q; }());
        QVERIFY(jobPage.ok());
        for (const Job& j : jobPage.value().items)
            jobs << j.id;
        QCOMPARE(jobs, QStringList { mine });
        RD_VERIFY_ERROR(ws.postings().get(hm, theirs), ErrorCode::NotFound);
        RD_VERIFY_ERROR(ws.interviews().notes(hm, QStringLiteral("job"), theirs), ErrorCode::NotFound);
        auto matches = ws.matching().forJob(hm, mine, 50, true);
        QVERIFY(matches.ok());
        for (const MatchResult& m : matches.value())
            QCOMPARE(m.candidateId, ann);
        QVERIFY(ws.matching().forCandidate(hm, ann, 10).ok());

        // Consents, application history, cohorts and reports follow the same scope.
        RD_VERIFY_ERROR(ws.gdpr().consents(hm, bo), ErrorCode::NotFound);
        QVERIFY(ws.gdpr().consents(hm, ann).ok());
        const QString boApp = ws.applications().listForCandidate(admin, bo).value().first().id;
        RD_VERIFY_ERROR(ws.applications().history(hm, boApp), ErrorCode::NotFound);
        auto cohorts = ws.cohorts().list(hm);
        RD_VERIFY_ERROR(cohorts, ErrorCode::PermissionDenied);
        QCOMPARE(cohorts.error().details.value(QStringLiteral("rule")).toString(), QStringLiteral("assigned_jobs_only"));
        RD_VERIFY_ERROR(ws.analytics().funnel(hm, theirs), ErrorCode::NotFound);
        const auto applications = [&](const Session& s) {
            qint64 n = 0;
            const auto sources = ws.analytics().bySource(s);
            for (const QJsonValue& v : sources.value())
                n += v.toObject().value(QStringLiteral("applications")).toInteger();
            return n;
        };
        QCOMPARE(applications(hm), 1);
        QVERIFY(applications(recruiter) >= 2);

        // Assigned to the other job too: Bodil comes into view.
        QVERIFY(ws.postings().assignManager(admin, theirs, hm.userId).ok());
        QVERIFY(ws.candidates().get(hm, bo).ok());
        QCOMPARE(ws.attachments().content(hm, boFile).value(), QByteArray("Zanzibarian C++ engineer"));
        QCOMPARE(listed(hm).size(), 2);
        RD_VERIFY_ERROR(ws.candidates().get(hm, cy), ErrorCode::NotFound);
    }

    void cleanupTestCase() { tw.reset(); }
};

QTEST_GUILESS_MAIN(TestPermissions)
#include "test_permissions.moc"
