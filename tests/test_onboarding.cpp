// Teams onboard from the server (issue 19): a tenant made with `recruitdesk-server tenant
// create` can be joined at once by its admin, with no workspace uploaded first.
#include "client/syncengine.h"
#include "server/provisioning.h"
#include "servertest.h"

#include <QLoggingCategory>

using namespace rd;
using namespace rd::server;
using test::exportOf;

class TestOnboarding : public QObject, public test::ServerFixture {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(loadBaseUrl(), "RD_PG_INFO names no fixture cluster (run through ctest)");
        QLoggingCategory::setFilterRules(QStringLiteral("rd.core.store.info=false\nrd.sync.client.info=false"));
    }

    // Join right after `tenant create`: the admin's first pull makes the workspace (the
    // tenants row, built-in roles, the admin as admin) on the server; the laptop signs in
    // offline as that admin, works, syncs; a second laptop joins and sees the same.
    void joinRightAfterTenantCreate()
    {
        PgDatabase db(PgUrl::parse(freshDatabase()).value());
        QVERIFY(db.migrate().ok());
        ServerConfig config;
        config.listenPort = 0;
        HttpApp app(config, db);
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(app.listen().value());
        server::AuthService auth(db);
        QVERIFY(auth.createTenant(QStringLiteral("Fresh Agency"), QStringLiteral("agency"), QStringLiteral("boss@fresh.test"),
                        test::kAdminPassword)
                    .ok());

        test::TestWorkspace a;
        auto joined = sync::SyncEngine::join(*a.ws, url, QStringLiteral("fresh-agency"), QStringLiteral("boss@fresh.test"),
            test::kAdminPassword, {});
        RD_VERIFY_OK(joined);
        const Session boss = joined.value();
        QVERIFY(a->context().authz.can(boss, Resource::User, Action::Manage));
        QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM tenants WHERE name = 'Fresh Agency' AND slug = 'fresh-agency'")), 1);
        QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM roles WHERE is_system = 1")), 4);
        // Signing in offline with the password used to join.
        const Session offline = a.signIn(QStringLiteral("fresh-agency"), QStringLiteral("boss@fresh.test"), test::kAdminPassword);
        QCOMPARE(offline.userId, boss.userId);

        RD_VERIFY_OK(a->candidates().create(boss,
            { { QStringLiteral("first_name"), QStringLiteral("Ada") }, { QStringLiteral("last_name"), QStringLiteral("Lovelace") } }));
        sync::SyncEngine engine(*a.ws, boss);
        auto round = engine.syncOnce();
        RD_VERIFY_OK(round);
        QVERIFY(round.value().pushed >= 1);
        QCOMPARE(round.value().refused, 0);

        // A second laptop of the admin joins the same workspace, not a new one.
        test::TestWorkspace b;
        auto again = sync::SyncEngine::join(*b.ws, url, QStringLiteral("fresh-agency"), QStringLiteral("boss@fresh.test"),
            test::kAdminPassword, {});
        RD_VERIFY_OK(again);
        QCOMPARE(again.value().tenantId, boss.tenantId);
        QCOMPARE(again.value().userId, boss.userId);
        RD_VERIFY_OK(engine.syncOnce());
        QCOMPARE(exportOf(*b.ws, again.value()), exportOf(*a.ws, boss));
        QCOMPARE(b.count(QStringLiteral("SELECT count(*) FROM candidates WHERE last_name = 'Lovelace'")), 1);
        // The server's audit chain says who made the workspace.
        QVERIFY(AuditStore(db).verify(QStringLiteral("fresh-agency")).ok());
    }

    // `recruitdesk-server user add` is the one place to add a colleague: the account and its
    // workspace user with the role; the colleague joins at once, acts with that role, and the
    // admin's laptop sees them.
    void colleagueAddedOnceOnTheServer()
    {
        PgDatabase db(PgUrl::parse(freshDatabase()).value());
        QVERIFY(db.migrate().ok());
        ServerConfig config;
        config.listenPort = 0;
        HttpApp app(config, db);
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(app.listen().value());
        server::AuthService auth(db);
        const QString tenantId = auth.createTenant(QStringLiteral("Team"), QStringLiteral("agency"),
                                         QStringLiteral("boss@team.test"), test::kAdminPassword)
                                     .value()
                                     .value(QStringLiteral("tenant_id"))
                                     .toString();
        // Before any workspace exists, the user waits for one.
        const auto early = auth.addUser(QStringLiteral("team"), QStringLiteral("early@team.test"), test::kAdminPassword,
            QStringLiteral("viewer"));
        QCOMPARE(Provisioning(db)
                     .provisionUser(tenantId, early.value().value(QStringLiteral("user_id")).toString(),
                         QStringLiteral("early@team.test"), QStringLiteral("viewer"))
                     .value()
                     .outcome,
            QStringLiteral("pending"));
        test::TestWorkspace a;
        auto boss = sync::SyncEngine::join(*a.ws, url, QStringLiteral("team"), QStringLiteral("boss@team.test"),
            test::kAdminPassword, {});
        RD_VERIFY_OK(boss);

        const auto rita = auth.addUser(QStringLiteral("team"), QStringLiteral("Rita@Team.test"), test::kAdminPassword,
            QStringLiteral("recruiter"));
        RD_VERIFY_OK(rita);
        QCOMPARE(Provisioning(db)
                     .provisionUser(tenantId, rita.value().value(QStringLiteral("user_id")).toString(),
                         QStringLiteral("Rita@Team.test"), QStringLiteral("recruiter"))
                     .value()
                     .outcome,
            QStringLiteral("created"));
        test::TestWorkspace r;
        auto joined = sync::SyncEngine::join(*r.ws, url, QStringLiteral("team"), QStringLiteral("rita@team.test"),
            test::kAdminPassword, {});
        RD_VERIFY_OK(joined);
        const Session ritaSession = joined.value();
        QVERIFY(r->context().authz.can(ritaSession, Resource::Candidate, Action::Create));
        QVERIFY(!r->context().authz.can(ritaSession, Resource::User, Action::Manage));
        RD_VERIFY_OK(r->candidates().create(ritaSession,
            { { QStringLiteral("first_name"), QStringLiteral("Grace") }, { QStringLiteral("last_name"), QStringLiteral("Hopper") } }));
        sync::SyncEngine er(*r.ws, ritaSession);
        auto pushed = er.syncOnce();
        RD_VERIFY_OK(pushed);
        QCOMPARE(pushed.value().refused, 0);
        sync::SyncEngine ea(*a.ws, boss.value());
        RD_VERIFY_OK(ea.syncOnce());
        QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM candidates WHERE last_name = 'Hopper'")), 1);
        QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM users WHERE email_norm = 'rita@team.test'")), 1);
        // The server ends Rita's sign-in (every refresh token of her laptop revoked): her laptop's
        // next round is refused until she signs in again, which a recruiter may do.
        QVERIFY(db.exec(QStringLiteral("UPDATE refresh_tokens SET revoked_at = now() WHERE device_id = ?"),
                      { r->db().deviceId() })
                    .ok());
        sync::SyncEngine later(*r.ws, ritaSession);
        auto refused = later.syncOnce();
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::AuthFailed);
        RD_VERIFY_OK(later.login(QStringLiteral("team"), QStringLiteral("rita@team.test"), test::kAdminPassword, {}));
        RD_VERIFY_OK(later.syncOnce());
        // Pointing the workspace at another server is an admin's decision, not a recruiter's.
        const Status elsewhere = later.connect(QStringLiteral("http://127.0.0.1:9"), QStringLiteral("team"),
            QStringLiteral("rita@team.test"), test::kAdminPassword, {}, false);
        QVERIFY(!elsewhere.ok());
        QCOMPARE(elsewhere.error().code, ErrorCode::PermissionDenied);
        QCOMPARE(later.server(), url);
        // Adding the same person again finds them.
        QCOMPARE(Provisioning(db)
                     .provisionUser(tenantId, rita.value().value(QStringLiteral("user_id")).toString(),
                         QStringLiteral("rita@team.test"), QStringLiteral("viewer"))
                     .value()
                     .outcome,
            QStringLiteral("existing"));
        // An existing user keeps their roles, whatever role was asked; the answer says which.
        QCOMPARE(Provisioning(db)
                     .provisionUser(tenantId, rita.value().value(QStringLiteral("user_id")).toString(),
                         QStringLiteral("rita@team.test"), QStringLiteral("viewer"))
                     .value()
                     .roles,
            QStringList { QStringLiteral("recruiter") });
    }
};

QTEST_GUILESS_MAIN(TestOnboarding)
#include "test_onboarding.moc"
