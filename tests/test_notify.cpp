// Notifications (who gets them, preferences, read state, no PII stored) and saved searches
// ("new since last run").
#include "testutil.h"

#include <QJsonArray>

using namespace rd;
using namespace rd::test;

class TestNotify : public QObject {
    Q_OBJECT
    std::unique_ptr<TestWorkspace> tw;
    Session admin, recruiter, manager, other;

private slots:
    void initTestCase()
    {
        tw = std::make_unique<TestWorkspace>();
        admin = tw->createTenant(QStringLiteral("Notify"), QStringLiteral("notify"));
        recruiter = tw->addUser(admin, QStringLiteral("rec@notify.test"), roles::Recruiter);
        manager = tw->addUser(admin, QStringLiteral("hm@notify.test"), roles::HiringManager);
        other = tw->addUser(admin, QStringLiteral("other@notify.test"), roles::Recruiter);
    }

    void notificationsReachThePeopleConcerned()
    {
        NotificationService& n = (*tw)->notifications();
        auto job = (*tw)->postings().create(recruiter, { { "title", "Tidewater Analyst" }, { "description", "d" } });
        RD_VERIFY_OK(job);
        RD_VERIFY_OK((*tw)->postings().publish(recruiter, job.value().id));
        RD_VERIFY_OK((*tw)->postings().assignManager(admin, job.value().id, manager.userId));
        // Assignment: the manager is told; the admin who acted is not.
        QCOMPARE(n.unreadCount(manager).value(), 1);
        QCOMPARE(n.list(manager).value().first().value("event").toString(), QStringLiteral("job.assigned"));
        QCOMPARE(n.unreadCount(admin).value(), 0);

        auto cand = (*tw)->candidates().create(other, { { "first_name", "Nina" }, { "last_name", "Notified" } });
        auto app = (*tw)->applications().apply(other, cand.value().id, job.value().id);
        RD_VERIFY_OK(app);
        // New application: the job's manager and its creator (the recruiter); not the actor.
        QCOMPARE(n.unreadCount(manager).value(), 2);
        QCOMPARE(n.unreadCount(recruiter).value(), 1);
        QCOMPARE(n.unreadCount(other).value(), 0);
        const QJsonObject created = n.list(recruiter).value().first();
        QCOMPARE(created.value("event").toString(), QStringLiteral("application.created"));
        QCOMPARE(created.value("candidate_name").toString(), QStringLiteral("Nina Notified"));
        QCOMPARE(created.value("data").toObject().value("job_title").toString(), QStringLiteral("Tidewater Analyst"));
        // The stored row holds no name: it is joined in when listing.
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM notifications WHERE data LIKE '%Nina%'")), 0);

        // Preferences: the manager turns stage changes off.
        auto prefs = n.setPreference(manager, QStringLiteral("application.stage_changed"), false);
        RD_VERIFY_OK(prefs);
        QCOMPARE(prefs.value().value("application.stage_changed").toBool(), false);
        QCOMPARE(prefs.value().value("application.created").toBool(), true);
        RD_VERIFY_ERROR(n.setPreference(manager, QStringLiteral("weather.changed"), true), ErrorCode::ValidationFailed);
        RD_VERIFY_OK((*tw)->applications().move(recruiter, app.value().id, QStringLiteral("Screening")));
        QCOMPARE(n.unreadCount(manager).value(), 2);  // unchanged: turned off
        QCOMPARE(n.unreadCount(other).value(), 1);    // the application's owner
        QCOMPARE(n.list(other).value().first().value("data").toObject().value("stage").toString(), QStringLiteral("Screening"));
        QCOMPARE(n.unreadCount(recruiter).value(), 1); // the actor is not told

        // Read state: one, then all; only one's own.
        const QString first = n.list(manager).value().first().value("id").toString();
        RD_VERIFY_ERROR(n.markRead(recruiter, first), ErrorCode::NotFound);
        QCOMPARE(n.markRead(manager, first).value(), 1);
        QCOMPARE(n.unreadCount(manager).value(), 1);
        QCOMPARE(n.list(manager, true).value().size(), 1);
        QCOMPARE(n.markRead(manager).value(), 1);
        QCOMPARE(n.unreadCount(manager).value(), 0);
        QCOMPARE(n.list(manager).value().size(), 2);
    }

    void savedSearchesReportNewResults()
    {
        SavedSearchService& s = (*tw)->savedSearches();
        auto make = [&](const char* first, const char* skills) {
            return (*tw)->candidates().create(recruiter, { { "first_name", first }, { "last_name", "Diver" }, { "skills", skills } });
        };
        RD_VERIFY_OK(make("Ann", "Welding;Rigging"));
        RD_VERIFY_OK(make("Bob", "Welding"));
        auto saved = s.create(recruiter, QStringLiteral("Welders"), QStringLiteral("skill:welding"), QStringLiteral("candidate"));
        RD_VERIFY_OK(saved);
        RD_VERIFY_ERROR(s.create(recruiter, QStringLiteral("Welders"), QStringLiteral("x")), ErrorCode::Conflict);
        RD_VERIFY_ERROR(s.create(recruiter, QStringLiteral("Broken"), QStringLiteral("\"unclosed")), ErrorCode::ValidationFailed);
        RD_VERIFY_ERROR(s.create(recruiter, QStringLiteral("Odd"), QStringLiteral("x"), QStringLiteral("planet")), ErrorCode::ValidationFailed);

        auto first = s.run(recruiter, QStringLiteral("Welders"));
        RD_VERIFY_OK(first);
        QCOMPARE(first.value().value("total").toInt(), 2);
        QCOMPARE(first.value().value("new").toInt(), 2);
        auto again = s.run(recruiter, QStringLiteral("Welders"));
        QCOMPARE(again.value().value("total").toInt(), 2);
        QCOMPARE(again.value().value("new").toInt(), 0);
        auto cleo = make("Cleo", "Welding;Diving");
        RD_VERIFY_OK(cleo);
        auto third = s.run(recruiter, saved.value().value("id").toString());
        QCOMPARE(third.value().value("total").toInt(), 3);
        QCOMPARE(third.value().value("new").toInt(), 1);
        QCOMPARE(third.value().value("new_ids").toArray().first().toString(), cleo.value().id);

        // Saved searches are per user.
        RD_VERIFY_ERROR(s.run(other, QStringLiteral("Welders")), ErrorCode::NotFound);
        QCOMPARE(s.list(recruiter).value().size(), 1);
        QCOMPARE(s.list(other).value().size(), 0);
        RD_VERIFY_OK(s.remove(recruiter, QStringLiteral("Welders")));
        QCOMPARE(s.list(recruiter).value().size(), 0);
    }

    void cleanupTestCase() { tw.reset(); }
};

QTEST_GUILESS_MAIN(TestNotify)
#include "test_notify.moc"
