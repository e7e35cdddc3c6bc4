// Teams onboard from the server (issue 19): a tenant made with `recruitdesk-server tenant
// create` can be joined at once by its admin, with no workspace uploaded first.
#include "client/syncengine.h"
#include "crypto/crypto.h"
#include "server/invitations.h"
#include "server/provisioning.h"
#include "server/serversettings.h"
#include "servertest.h"
#include "smtpsink.h"

#include <QLoggingCategory>
#include <QRegularExpression>

using namespace rd;
using namespace rd::server;
using test::exportOf;

class TestOnboarding : public QObject, public test::ServerFixture {
    Q_OBJECT

    // A fresh server database with a tenant made by `tenant create`, served over HTTP, and its
    // admin's laptop joined to it.
    struct Team {
        QString pgUrl;
        std::unique_ptr<PgDatabase> db;
        std::unique_ptr<HttpApp> app;
        QString url;
        test::TestWorkspace laptop;
        Session admin;
    };
    std::unique_ptr<Team> startTeam(const QString& name, const QString& slug, const QString& adminEmail)
    {
        auto t = std::make_unique<Team>();
        t->pgUrl = freshDatabase();
        t->db = std::make_unique<PgDatabase>(PgUrl::parse(t->pgUrl).value());
        if (!t->db->migrate()) return {};
        ServerConfig config;
        config.listenPort = 0;
        t->app = std::make_unique<HttpApp>(config, *t->db);
        t->url = QStringLiteral("http://127.0.0.1:%1").arg(t->app->listen().value());
        if (!server::AuthService(*t->db).createTenant(name, QStringLiteral("agency"), adminEmail, test::kAdminPassword))
            return {};
        auto joined = sync::SyncEngine::join(*t->laptop.ws, t->url, slug, adminEmail, test::kAdminPassword, {});
        if (!joined) return {};
        t->admin = joined.value();
        return t;
    }

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

    // An admin invites a colleague from their laptop: the server makes the account, the
    // workspace user with the role and a single-use join code (shown when the server has no
    // email, emailed when it has); the colleague joins with it and sets their password. Who may
    // invite is the server's call, whatever a laptop's file says.
    void invitedColleagueJoinsWithACode()
    {
        auto team = startTeam(QStringLiteral("Crew"), QStringLiteral("crew"), QStringLiteral("boss@crew.test"));
        QVERIFY(team);
        PgDatabase& db = *team->db;
        const QString url = team->url;
        test::TestWorkspace& a = team->laptop;
        sync::SyncEngine ea(*a.ws, team->admin);

        // No email on this server: the code is in the answer, for the admin to pass on.
        auto invited = ea.invite(QStringLiteral("Rita@Crew.test"), QStringLiteral("recruiter"), QStringLiteral("Rita"),
            QStringLiteral("Ray"));
        RD_VERIFY_OK(invited);
        const QString code = invited.value().value(QStringLiteral("code")).toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")).match(code).hasMatch(),
            qPrintable(code));
        QCOMPARE(invited.value().value(QStringLiteral("emailed")).toBool(), false);
        QCOMPARE(invited.value().value(QStringLiteral("workspace_user")).toString(), QStringLiteral("created"));
        // Only the code's digest is stored.
        QCOMPARE(db.select(QStringLiteral("SELECT count(*) FROM invitations WHERE code_sha256 LIKE ?"),
                       { QStringLiteral("%") + code + QStringLiteral("%") })
                     .value()
                     .first()
                     .value(0)
                     .toInt(),
            0);
        // The admin's laptop gets Rita's user with the next round; the invitation is audited.
        RD_VERIFY_OK(ea.syncOnce());
        QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM users WHERE email_norm = 'rita@crew.test' AND given_name = "
                                        "'Rita'")),
            1);
        QCOMPARE(a.count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'user.invite'")), 1);
        // Inviting Rita's address again while her invitation is open replaces the code.
        auto again = ea.invite(QStringLiteral("rita@crew.test"), QStringLiteral("recruiter"));
        RD_VERIFY_OK(again);
        QCOMPARE(again.value().value(QStringLiteral("workspace_user")).toString(), QStringLiteral("existing"));
        const QString fresh = again.value().value(QStringLiteral("code")).toString();
        QVERIFY(fresh != code);

        // Rita joins: a wrong or old code, or a weak password, gets her nowhere and spends nothing.
        const QString ritaPassword = QStringLiteral("Rita's own long passphrase 42");
        auto attempt = [&](test::TestWorkspace& w, const QString& c, const QString& password) {
            return sync::SyncEngine::joinWithCode(*w.ws, url, QStringLiteral("crew"), QStringLiteral("rita@crew.test"), c,
                password);
        };
        {
            test::TestWorkspace tryWs;
            auto old = attempt(tryWs, code, ritaPassword);
            QVERIFY(!old.ok());
            QCOMPARE(old.error().code, ErrorCode::AuthFailed);
            QCOMPARE(old.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("join_code"));
        }
        {
            test::TestWorkspace tryWs;
            auto weak = attempt(tryWs, fresh, QStringLiteral("short"));
            QVERIFY(!weak.ok());
            QCOMPARE(weak.error().code, ErrorCode::ValidationFailed);
        }
        test::TestWorkspace r;
        auto joined = attempt(r, fresh.toLower().remove(QLatin1Char('-')), ritaPassword); // as typed
        RD_VERIFY_OK(joined);
        const Session rita = joined.value();
        QVERIFY(r->context().authz.can(rita, Resource::Candidate, Action::Create));
        QVERIFY(!r->context().authz.can(rita, Resource::User, Action::Manage));
        QCOMPARE(r.signIn(QStringLiteral("crew"), QStringLiteral("rita@crew.test"), ritaPassword).userId, rita.userId);
        // The code is spent: with another password it sets nothing (with hers it is no more than
        // signing in with her password, so a join cut off after the code can be finished);
        // her password now works on another laptop.
        {
            test::TestWorkspace tryWs;
            auto reused = attempt(tryWs, fresh, QStringLiteral("Mallory's long passphrase 98"));
            QVERIFY(!reused.ok());
            QCOMPARE(reused.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("join_code"));
        }
        test::TestWorkspace r2;
        RD_VERIFY_OK(sync::SyncEngine::join(*r2.ws, url, QStringLiteral("crew"), QStringLiteral("rita@crew.test"),
            ritaPassword, {}));
        // An open invitation left on an account that has its password (a race with a re-invite)
        // changes nothing: only an invited account takes a join code.
        RD_VERIFY_OK(db.exec(QStringLiteral("INSERT INTO invitations (id, tenant_id, account_id, code_sha256, role, expires_at) "
                                            "SELECT 'stale', tenant_id, id, ?, 'recruiter', now() + interval '1 day' FROM users "
                                            "WHERE email = 'rita@crew.test'"),
            { crypto::sha256Hex(Invitations::normaliseCode(QStringLiteral("STAL-EC0D-E123")).toUtf8()) }));
        {
            test::TestWorkspace tryWs;
            auto takeover = attempt(tryWs, QStringLiteral("STAL-EC0D-E123"), QStringLiteral("Mallory's long passphrase 99"));
            QVERIFY(!takeover.ok());
            QCOMPARE(takeover.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("join_code"));
        }
        test::TestWorkspace r3;
        RD_VERIFY_OK(sync::SyncEngine::join(*r3.ws, url, QStringLiteral("crew"), QStringLiteral("rita@crew.test"),
            ritaPassword, {}));
        // The join-code path answers the same for an address with no account, so it tells
        // nobody which emails exist, even with a password the policy would refuse.
        for (const QString& who : { QStringLiteral("nobody@crew.test"), QStringLiteral("rita@crew.test") }) {
            test::TestWorkspace tryWs;
            auto probe = sync::SyncEngine::joinWithCode(*tryWs.ws, url, QStringLiteral("crew"), who,
                QStringLiteral("ZZZZ-ZZZZ-ZZZZ"), QStringLiteral("x"));
            QVERIFY(!probe.ok());
            QCOMPARE(probe.error().code, ErrorCode::AuthFailed);
            QCOMPARE(probe.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("join_code"));
        }
        // Someone with a password is not invited again.
        auto twice = ea.invite(QStringLiteral("rita@crew.test"), QStringLiteral("viewer"));
        QVERIFY(!twice.ok());
        QCOMPARE(twice.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("account_exists"));

        // A recruiter may not invite; one who grants themselves user.manage in their own file
        // passes their laptop's check and is refused by the server (its roles, not the file's).
        sync::SyncEngine er(*r.ws, rita);
        auto denied = er.invite(QStringLiteral("mallory@crew.test"), QStringLiteral("admin"));
        QVERIFY(!denied.ok());
        QCOMPARE(denied.error().code, ErrorCode::PermissionDenied);
        const QString now = QStringLiteral("2026-01-01T00:00:00Z");
        RD_VERIFY_OK(r->db().change(QStringLiteral("INSERT INTO roles (id, tenant_id, name, is_system, created_at, updated_at) "
                                                   "VALUES ('forged-role', ?, 'boss', 0, ?, ?)"),
            { rita.tenantId, now, now }));
        for (const QString& action : { QStringLiteral("create"), QStringLiteral("manage") })
            RD_VERIFY_OK(r->db().change(QStringLiteral("INSERT INTO role_permissions (id, tenant_id, role_id, resource, action, "
                                                       "created_at, updated_at) VALUES (?, ?, 'forged-role', 'user', ?, ?, ?)"),
                { QStringLiteral("forged-") + action, rita.tenantId, action, now, now }));
        RD_VERIFY_OK(r->db().change(QStringLiteral("INSERT INTO user_roles (id, tenant_id, user_id, role_id, created_at, "
                                                   "updated_at) VALUES ('forged-ur', ?, ?, 'forged-role', ?, ?)"),
            { rita.tenantId, rita.userId, now, now }));
        QVERIFY(r->context().authz.can(rita, Resource::User, Action::Manage));
        auto forged = er.invite(QStringLiteral("mallory@crew.test"), QStringLiteral("admin"));
        QVERIFY(!forged.ok());
        QCOMPARE(forged.error().code, ErrorCode::PermissionDenied);
        QCOMPARE(db.select(QStringLiteral("SELECT count(*) FROM users WHERE email = 'mallory@crew.test'")).value().first().value(0).toInt(),
            0);

        // Inviting the address of a disabled workspace user is refused, and leaves no account.
        auto olga = a->users().create(team->admin, { QStringLiteral("olga@crew.test"), {}, {}, {}, { QStringLiteral("viewer") } });
        RD_VERIFY_OK(olga);
        RD_VERIFY_OK(a->users().setActive(team->admin, olga.value().id, false));
        RD_VERIFY_OK(ea.syncOnce());
        auto disabled = ea.invite(QStringLiteral("olga@crew.test"), QStringLiteral("viewer"));
        QVERIFY(!disabled.ok());
        QCOMPARE(disabled.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("user_disabled"));
        QCOMPARE(db.select(QStringLiteral("SELECT count(*) FROM users WHERE email = 'olga@crew.test'")).value().first().value(0).toInt(),
            0);

        // Five wrong codes void an invitation: the right one is refused after.
        auto sam = ea.invite(QStringLiteral("sam@crew.test"), QStringLiteral("viewer"));
        RD_VERIFY_OK(sam);
        for (int i = 0; i < Invitations::kMaxTries; ++i) {
            test::TestWorkspace tryWs;
            auto wrong = sync::SyncEngine::joinWithCode(*tryWs.ws, url, QStringLiteral("crew"), QStringLiteral("sam@crew.test"),
                QStringLiteral("AAAA-AAAA-AAA%1").arg(i), ritaPassword);
            QVERIFY(!wrong.ok());
        }
        QCOMPARE(db.select(QStringLiteral("SELECT voided_at IS NOT NULL, failed_tries FROM invitations i JOIN users u ON u.id = "
                                          "i.account_id WHERE u.email = 'sam@crew.test'"))
                     .value()
                     .first()
                     .value(1)
                     .toInt(),
            Invitations::kMaxTries);
        QCOMPARE(db.select(QStringLiteral("SELECT count(*) FROM invitations i JOIN users u ON u.id = i.account_id WHERE "
                                          "u.email = 'sam@crew.test' AND i.voided_at IS NULL"))
                     .value()
                     .first()
                     .value(0)
                     .toInt(),
            0);
        {
            test::TestWorkspace tryWs;
            auto late = sync::SyncEngine::joinWithCode(*tryWs.ws, url, QStringLiteral("crew"), QStringLiteral("sam@crew.test"),
                sam.value().value(QStringLiteral("code")).toString(), ritaPassword);
            QVERIFY(!late.ok());
            QVERIFY2(late.error().details.value(QStringLiteral("reason")).toString() == QLatin1String("join_code")
                    || late.error().code == ErrorCode::LockedOut,
                qPrintable(late.error().message));
        }
        QVERIFY(AuditStore(db).verify(QStringLiteral("crew")).ok());
    }

    // A join cut off after the code was accepted (the pull lost): the laptop stays "joining"
    // (the first-run page), and the same form again (code and chosen password) finishes it.
    // Inviting someone who is already a workspace user never hands their code to the inviter.
    void interruptedJoinCarriesOn()
    {
        auto team = startTeam(QStringLiteral("Flaky"), QStringLiteral("flaky"), QStringLiteral("boss@flaky.test"));
        QVERIFY(team);
        sync::SyncEngine ea(*team->laptop.ws, team->admin);
        RD_VERIFY_OK(team->laptop->candidates().create(team->admin, { { QStringLiteral("first_name"), QStringLiteral("Kept") } }));
        RD_VERIFY_OK(ea.syncOnce());
        auto invited = ea.invite(QStringLiteral("nia@flaky.test"), QStringLiteral("recruiter"));
        RD_VERIFY_OK(invited);
        const QString code = invited.value().value(QStringLiteral("code")).toString();
        const QString password = QStringLiteral("Nia picks a long phrase 8");
        const sync::HttpExchange net = sync::networkExchange(10000);
        bool pullLost = false;
        const sync::HttpExchange losesFirstPull = [&](const QByteArray& m, const QString& url, const QByteArray& body,
                                                      const QByteArray& type, const QString& bearer) {
            if (!pullLost && url.contains(QLatin1String("/v1/sync/pull"))) {
                pullLost = true;
                return sync::HttpResponse { 0, {}, QStringLiteral("connection reset") };
            }
            return net(m, url, body, type, bearer);
        };
        test::TestWorkspace n;
        auto cut = sync::SyncEngine::joinWithCode(*n.ws, team->url, QStringLiteral("flaky"), QStringLiteral("nia@flaky.test"),
            code, password, losesFirstPull);
        QVERIFY(!cut.ok());
        QVERIFY(pullLost);
        QVERIFY(sync::SyncEngine::isJoining(*n.ws));
        auto again = sync::SyncEngine::joinWithCode(*n.ws, team->url, QStringLiteral("flaky"), QStringLiteral("nia@flaky.test"),
            code, password);
        RD_VERIFY_OK(again);
        QVERIFY(!sync::SyncEngine::isJoining(*n.ws));
        QCOMPARE(n.count(QStringLiteral("SELECT count(*) FROM candidates WHERE first_name = 'Kept'")), 1);
        QCOMPARE(n.signIn(QStringLiteral("flaky"), QStringLiteral("nia@flaky.test"), password).userId, again.value().userId);
        // The spent code with another password is still refused.
        test::TestWorkspace other;
        auto wrong = sync::SyncEngine::joinWithCode(*other.ws, team->url, QStringLiteral("flaky"),
            QStringLiteral("nia@flaky.test"), code, QStringLiteral("Someone else's long phrase 9"));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("join_code"));

        // The invitation request delivered twice (a dropped connection, the request sent again):
        // the admin holds the first answer's code, and it works.
        const sync::HttpExchange twice = [&](const QByteArray& m, const QString& url, const QByteArray& body,
                                             const QByteArray& type, const QString& bearer) {
            if (!url.endsWith(QLatin1String("/v1/invitations"))) return net(m, url, body, type, bearer);
            const sync::HttpResponse first = net(m, url, body, type, bearer);
            (void)net(m, url, body, type, bearer);
            return first;
        };
        auto zoe = sync::SyncEngine(*team->laptop.ws, team->admin, twice).invite(QStringLiteral("zoe@flaky.test"),
            QStringLiteral("viewer"));
        RD_VERIFY_OK(zoe);
        test::TestWorkspace z;
        RD_VERIFY_OK(sync::SyncEngine::joinWithCode(*z.ws, team->url, QStringLiteral("flaky"), QStringLiteral("zoe@flaky.test"),
            zoe.value().value(QStringLiteral("code")).toString(), QStringLiteral("Zoe's own long phrase 31")));

        // A user made on the admin's laptop (no server account yet), then invited: no email here,
        // so the code is withheld from the admin (it would let them sign in as that user).
        RD_VERIFY_OK(team->laptop->users().create(team->admin, { QStringLiteral("cfo@flaky.test"), {}, {}, {}, { QStringLiteral("admin") } }));
        RD_VERIFY_OK(ea.syncOnce());
        auto cfo = ea.invite(QStringLiteral("cfo@flaky.test"), QStringLiteral("viewer"));
        RD_VERIFY_OK(cfo);
        QCOMPARE(cfo.value().value(QStringLiteral("workspace_user")).toString(), QStringLiteral("existing"));
        QVERIFY(cfo.value().value(QStringLiteral("code_withheld")).toBool());
        QVERIFY(!cfo.value().contains(QStringLiteral("code")));
        QCOMPARE(cfo.value().value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
        // One account per workspace user: after an admin changes Nia's email to another
        // address, an account made for that address does not become a second key to her user.
        auto niaUser = team->laptop->db().selectOne(QStringLiteral("SELECT id FROM users WHERE email_norm = 'nia@flaky.test'"));
        RD_VERIFY_OK(niaUser);
        RD_VERIFY_OK(team->laptop->db().change(QStringLiteral("UPDATE users SET email = 'nia.new@flaky.test', email_norm = "
                                                              "'nia.new@flaky.test' WHERE id = ?"),
            { niaUser.value().value(0).toString() })); // an admin may change emails (user.manage)
        RD_VERIFY_OK(ea.syncOnce());
        RD_VERIFY_OK(server::AuthService(*team->db).addUser(QStringLiteral("flaky"), QStringLiteral("nia.new@flaky.test"),
            test::kAdminPassword, QStringLiteral("admin")));
        test::TestWorkspace twin;
        auto twinJoined = sync::SyncEngine::join(*twin.ws, team->url, QStringLiteral("flaky"),
            QStringLiteral("nia.new@flaky.test"), test::kAdminPassword, {});
        QVERIFY(!twinJoined.ok());
        QCOMPARE(team->db->select(QStringLiteral("SELECT count(*) FROM users WHERE desktop_user_id = ?"),
                             { niaUser.value().value(0).toString() })
                     .value()
                     .first()
                     .value(0)
                     .toInt(),
            1);

        // The operator's invitation gives it (to be passed on by the operator).
        auto byOperator = Invitations(*team->db).inviteAsOperator(QStringLiteral("flaky"), QStringLiteral("cfo@flaky.test"),
            QStringLiteral("viewer"), {});
        RD_VERIFY_OK(byOperator);
        QCOMPARE(byOperator.value().code.size(), 14);
        QVERIFY(!byOperator.value().withheld);
    }

    // With email set up on the server, the code goes to the colleague, not to the admin.
    void invitationEmailedWhenTheServerHasEmail()
    {
        auto team = startTeam(QStringLiteral("Mail Crew"), QStringLiteral("mail-crew"), QStringLiteral("boss@mail.test"));
        QVERIFY(team);
        test::SmtpSink sink;
        QVERIFY(sink.start());
        ServerSettings settings(*team->db, {});
        for (const auto& [k, v] : { std::pair { "smtp.host", QStringLiteral("127.0.0.1") },
                 std::pair { "smtp.tls", QStringLiteral("none") }, std::pair { "smtp.from", QStringLiteral("desk@crew.test") },
                 std::pair { "public_url", QStringLiteral("https://sync.crew.test/") },
                 std::pair { "smtp.port", QString::number(sink.port) } })
            QVERIFY(settings.set(QLatin1String(k), v).ok());
        const QString url = team->url;
        sync::SyncEngine ea(*team->laptop.ws, team->admin);
        auto invited = ea.invite(QStringLiteral("hana@mail.test"), QStringLiteral("hiring_manager"));
        RD_VERIFY_OK(invited);
        QCOMPARE(invited.value().value(QStringLiteral("emailed")).toBool(), true);
        QVERIFY(!invited.value().contains(QStringLiteral("code")));
        QCOMPARE(sink.count(), 1);
        const QJsonObject mail = sink.received(1);
        QCOMPARE(mail.value(QStringLiteral("rcpt_tos")).toArray().first().toString(), QStringLiteral("hana@mail.test"));
        const QString text
            = mail.value(QStringLiteral("parts")).toArray().first().toObject().value(QStringLiteral("text")).toString();
        QVERIFY2(text.contains(QLatin1String("https://sync.crew.test")) && text.contains(QLatin1String("mail-crew")), qPrintable(text));
        const QString code
            = QRegularExpression(QStringLiteral("Join code:\\s+([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")).match(text).captured(1);
        QVERIFY2(!code.isEmpty(), qPrintable(text));
        test::TestWorkspace h;
        auto joined = sync::SyncEngine::joinWithCode(*h.ws, url, QStringLiteral("mail-crew"), QStringLiteral("hana@mail.test"),
            code, QStringLiteral("Hana's own long passphrase 7"));
        RD_VERIFY_OK(joined);
        QVERIFY(h->context().authz.can(joined.value(), Resource::Interview, Action::Create));
        QVERIFY(!h->context().authz.can(joined.value(), Resource::Candidate, Action::Create));
    }

    // The same as an admin and a colleague meet it on the command line: recruitdesk-cli join,
    // user add refused on a connected workspace, user invite printing the code, the colleague's
    // join --code with a new password, and recruitdesk-server user invite.
    void invitationsFromTheCommandLine()
    {
        auto team = startTeam(QStringLiteral("Cli Crew"), QStringLiteral("cli-crew"), QStringLiteral("boss@cli.test"));
        QVERIFY(team);
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RECRUITDESK_KEYCHAIN"), QStringLiteral("off"));
        env.insert(QStringLiteral("RECRUITDESK_KEY_PASSPHRASE"), QStringLiteral("cli"));
        auto run = [&](const QString& program, const QStringList& args, const QString& password) {
            QProcess p;
            QProcessEnvironment e = env;
            e.insert(QStringLiteral("RECRUITDESK_PASSWORD"), password);
            e.insert(QStringLiteral("RECRUITDESK_NEW_PASSWORD"), password);
            p.setProcessEnvironment(e);
            // The server answers from this process's event loop: wait with it running.
            QSignalSpy finished(&p, &QProcess::finished);
            p.start(program, args);
            if (finished.isEmpty()) finished.wait(60000);
            return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()));
        };
        const QString cli = QStringLiteral(RD_CLI_PATH), server = QStringLiteral(RD_SERVER_PATH);
        const QString boss = dir.filePath(QStringLiteral("boss.db")), rita = dir.filePath(QStringLiteral("rita.db"));
        auto joined = run(cli, { QStringLiteral("--db"), boss, QStringLiteral("join"), QStringLiteral("--server"), team->url,
                                   QStringLiteral("--tenant"), QStringLiteral("cli-crew"), QStringLiteral("--email"),
                                   QStringLiteral("boss@cli.test") },
            test::kAdminPassword);
        QVERIFY2(joined.first == 0, qPrintable(joined.second));
        const QStringList asBoss { QStringLiteral("--db"), boss, QStringLiteral("--user"), QStringLiteral("boss@cli.test") };
        auto added = run(cli, QStringList(asBoss) << QStringLiteral("user") << QStringLiteral("add") << QStringLiteral("--email")
                                                  << QStringLiteral("rita@cli.test"),
            test::kAdminPassword);
        QVERIFY(added.first != 0);
        QVERIFY2(added.second.contains(QLatin1String("invite_required")) && added.second.contains(QLatin1String("user invite")),
            qPrintable(added.second));
        auto invited = run(cli, QStringList(asBoss) << QStringLiteral("--json") << QStringLiteral("user") << QStringLiteral("invite")
                                                    << QStringLiteral("--email") << QStringLiteral("rita@cli.test")
                                                    << QStringLiteral("--role") << QStringLiteral("viewer"),
            test::kAdminPassword);
        QVERIFY2(invited.first == 0, qPrintable(invited.second));
        // The answer's "code" field: a bare pattern also matches inside an id printed before it
        // (account_id sorts first; 2.6% of UUIDv7s hold four digits-dash-four-dash-four), which
        // made this test fail now and then.
        const QString code = QRegularExpression(QStringLiteral("\"code\"\\s*:\\s*\"([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\""))
                                 .match(invited.second)
                                 .captured(1);
        QVERIFY2(!code.isEmpty(), qPrintable(invited.second));
        const QString ritaPassword = QStringLiteral("Rita chooses a long one 5");
        auto ritaJoined = run(cli, { QStringLiteral("--db"), rita, QStringLiteral("join"), QStringLiteral("--server"), team->url,
                                       QStringLiteral("--tenant"), QStringLiteral("cli-crew"), QStringLiteral("--email"),
                                       QStringLiteral("rita@cli.test"), QStringLiteral("--code"), code },
            ritaPassword);
        QVERIFY2(ritaJoined.first == 0, qPrintable(ritaJoined.second + QStringLiteral(" / invite said: ") + invited.second));
        auto ritaSync = run(cli, { QStringLiteral("--db"), rita, QStringLiteral("--user"), QStringLiteral("rita@cli.test"),
                                     QStringLiteral("--json"), QStringLiteral("sync") },
            ritaPassword);
        QVERIFY2(ritaSync.first == 0, qPrintable(ritaSync.second));
        // A viewer cannot invite.
        auto viewerInvite = run(cli, { QStringLiteral("--db"), rita, QStringLiteral("--user"), QStringLiteral("rita@cli.test"),
                                         QStringLiteral("user"), QStringLiteral("invite"), QStringLiteral("--email"),
                                         QStringLiteral("x@cli.test") },
            ritaPassword);
        QVERIFY(viewerInvite.first != 0);
        QVERIFY2(viewerInvite.second.contains(QLatin1String("permission_denied")), qPrintable(viewerInvite.second));
        // The server operator invites too.
        auto operatorInvite = run(server, { QStringLiteral("--pg"), team->pgUrl, QStringLiteral("user"),
                                              QStringLiteral("invite"), QStringLiteral("--tenant"), QStringLiteral("cli-crew"),
                                              QStringLiteral("--email"), QStringLiteral("sam@cli.test") },
            {});
        QVERIFY2(operatorInvite.first == 0, qPrintable(operatorInvite.second));
        const QJsonObject op = QJsonDocument::fromJson(operatorInvite.second.toUtf8()).object();
        QCOMPARE(op.value(QStringLiteral("workspace_user")).toString(), QStringLiteral("created"));
        QCOMPARE(op.value(QStringLiteral("role")).toString(), QStringLiteral("recruiter"));
        QCOMPARE(op.value(QStringLiteral("code")).toString().size(), 14);
    }
};

QTEST_GUILESS_MAIN(TestOnboarding)
#include "test_onboarding.moc"
