// The desktop's sync screen against a real recruitdesk-server (HttpApp on the fixture's
// PostgreSQL), driven in the app's real QML: test the address, a refused sign-in shown in the
// error banner with its code, "Sign this device in" attaching and uploading the workspace, the
// state turning "Up to date", and a colleague's laptop joining with the same data.
#include "appcontroller.h"
#include "client/syncengine.h"
#include "client/syncscheduler.h"
#include "errormodel.h"
#include "lockscreen.h"
#include "server/invitations.h"
#include "quickutil.h"
#include "servertest.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>

using namespace rd;
using test::exportOf;
using namespace rd::server;
using rd::test::click;
using rd::test::findIn;

class TestSyncUi : public QObject, public test::ServerFixture {
    Q_OBJECT

    std::unique_ptr<PgDatabase> m_db;
    std::unique_ptr<test::ServerThread> m_server;
    QString m_url;

private slots:
    void initTestCase()
    {
        QVERIFY2(loadBaseUrl(), "RD_PG_INFO names no fixture cluster (run through ctest)");
        QLoggingCategory::setFilterRules(QStringLiteral("rd.core.store.info=false"));
        const QString dbUrl = freshDatabase();
        m_db = std::make_unique<PgDatabase>(PgUrl::parse(dbUrl).value());
        QVERIFY(m_db->migrate().ok());
        m_server = std::make_unique<test::ServerThread>(dbUrl);
        QVERIFY(m_server->port() != 0);
        m_url = QStringLiteral("http://127.0.0.1:%1").arg(m_server->port());
        server::AuthService auth(*m_db);
        QVERIFY(auth.createTenant(QStringLiteral("Acme"), QStringLiteral("agency"), QStringLiteral("admin@acme.test"),
                        test::kAdminPassword)
                    .ok());
    }

    void signThisDeviceIn()
    {
        // A laptop that worked offline: a workspace with candidates and a job, never synced.
        test::TestWorkspace laptop;
        const Session admin
            = laptop.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"));
        for (int i = 0; i < 12; ++i)
            RD_VERIFY_OK(laptop->candidates().create(admin,
                { { QStringLiteral("first_name"), QStringLiteral("Offline%1").arg(i) },
                    { QStringLiteral("last_name"), QStringLiteral("Fair") } }));
        RD_VERIFY_OK(
            laptop->postings().create(admin, { { QStringLiteral("title"), QStringLiteral("Field engineer") } }));
        AppController::setInstanceWorkspace(laptop.ws.get());

        test::SignedInApp app;
        const QString opened
            = app.open(QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword);
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        QQuickWindow* window = app.window;
        AppController* controller = app.controller;
        QVariant shown;
        QVERIFY(QMetaObject::invokeMethod(app.shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
            Q_ARG(QVariant, QStringLiteral("sync")), Q_ARG(QVariant, QString())));
        QTRY_VERIFY(findIn(window->contentItem(), QStringLiteral("connectDevice")));
        QQuickItem* root = window->contentItem();
        QCOMPARE(findIn(root, QStringLiteral("syncState"))->property("text").toString(),
            QStringLiteral("Not connected to a sync server"));
        QVERIFY(findIn(root, QStringLiteral("uploadWorkspace"))->property("checked").toBool()); // first device

        // Test connection: the server answers.
        findIn(root, QStringLiteral("serverUrl"))->setProperty("text", m_url);
        click(window, findIn(root, QStringLiteral("testServer")));
        QTRY_VERIFY_WITH_TIMEOUT(findIn(root, QStringLiteral("testResult")), 15000);
        QCOMPARE(findIn(root, QStringLiteral("testResult"))->property("text").toString(),
            QStringLiteral("The sync server answers and its database is ready."));

        // A wrong password: refused, said in the banner with its code; nothing attached.
        QCOMPARE(findIn(root, QStringLiteral("serverEmail"))->property("text").toString(),
            QStringLiteral("admin@acme.test")); // the signed-in user's address is offered
        findIn(root, QStringLiteral("serverPassword"))->setProperty("text", QStringLiteral("not-the-password"));
        QObject* panel = window->findChild<QObject*>(QStringLiteral("syncPanel"));
        QVERIFY(panel);
        QSignalSpy done(panel, SIGNAL(finished(bool)));
        click(window, findIn(root, QStringLiteral("connectDevice")));
        QVERIFY(done.wait(20000));
        QCOMPARE(done.takeFirst().first().toBool(), false);
        QVERIFY(ErrorModel::instance()->active());
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("auth_failed"));
        QTRY_VERIFY(findIn(root, QStringLiteral("errorText")));
        QVERIFY(test::shot(window, QStringLiteral("sync-refused.png")));
        QCOMPARE(sync::SyncEngine(*laptop.ws, admin).server(), QString());
        // What was typed is still there to correct.
        QCOMPARE(findIn(root, QStringLiteral("serverUrl"))->property("text").toString(), m_url);
        ErrorModel::instance()->clear();
        QTRY_VERIFY(!findIn(root, QStringLiteral("errorText")));
        QTest::qWait(100); // the layout without the banner (the button moves back up)

        // The right one: attached, the workspace uploaded, the state "Up to date".
        findIn(root, QStringLiteral("serverPassword"))->setProperty("text", test::kAdminPassword);
        click(window, findIn(root, QStringLiteral("connectDevice")));
        QVERIFY(done.wait(20000));
        QCOMPARE(done.takeFirst().first().toBool(), true);
        QVERIFY2(!ErrorModel::instance()->active(), qPrintable(ErrorModel::instance()->message()));
        QCOMPARE(sync::SyncEngine(*laptop.ws, admin).server(), m_url);
        QCOMPARE(findIn(root, QStringLiteral("serverPassword"))->property("text").toString(), QString());
        auto* scheduler = qobject_cast<sync::SyncScheduler*>(controller->sync());
        QVERIFY(scheduler);
        QTRY_COMPARE_WITH_TIMEOUT(scheduler->state(), QStringLiteral("idle"), 30000);
        QCOMPARE(scheduler->pending(), 0);
        QTRY_COMPARE(
            findIn(root, QStringLiteral("syncState"))->property("text").toString(), QStringLiteral("Up to date"));
        QVERIFY(test::shot(window, QStringLiteral("sync-connected.png")));
        // After this file carried on as a new device (restored from a backup), the page says so.
        const QString notice = QStringLiteral("2026-12-05T10:00:00Z This workspace file was restored from a backup or copied "
                                              "from another computer: it now syncs as a new device.");
        RD_VERIFY_OK(laptop->db().setMeta(QStringLiteral("sync_notice"), notice));
        scheduler->refreshCounts();
        QTRY_VERIFY(findIn(root, QStringLiteral("syncNotice")) && findIn(root, QStringLiteral("syncNotice"))->property("visible").toBool());
        QVERIFY(findIn(root, QStringLiteral("syncNotice"))->property("text").toString().endsWith(
            QStringLiteral(": This workspace file was restored from a backup or copied from another computer: it now syncs as a new device.")));
        QVERIFY(test::shot(window, QStringLiteral("sync-notice.png")));
        RD_VERIFY_OK(laptop->db().setMeta(QStringLiteral("sync_notice"), QString()));
        scheduler->refreshCounts();

        // A colleague's laptop joins and has what was made offline.
        test::TestWorkspace colleague;
        auto joined = sync::SyncEngine::join(
            *colleague.ws, m_url, QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword, {});
        RD_VERIFY_OK(joined);
        QCOMPARE(
            colleague.count(QStringLiteral("SELECT count(*) FROM candidates WHERE first_name LIKE 'Offline%'")), 12);
        QCOMPARE(exportOf(*colleague.ws, joined.value()), exportOf(*laptop.ws, admin));

        // A change on the laptop now reaches the server without anyone pressing a button.
        QSignalSpy round(scheduler, &sync::SyncScheduler::roundFinished);
        RD_VERIFY_OK(laptop->candidates().create(admin,
            { { QStringLiteral("first_name"), QStringLiteral("Later") },
                { QStringLiteral("last_name"), QStringLiteral("Fair") } }));
        QVERIFY(round.wait(30000)); // after the quiet period
        QCOMPARE(round.first().first().toBool(), true);
        QCOMPARE(scheduler->pending(), 0);
        sync::SyncEngine colleagueEngine(*colleague.ws, joined.value());
        RD_VERIFY_OK(colleagueEngine.syncOnce());
        QCOMPARE(colleague.count(QStringLiteral("SELECT count(*) FROM candidates WHERE first_name = 'Later'")), 1);

        // A change the server refuses (nobody changes their own roles; here straight into the
        // file): it is undone on the laptop and listed on the page in words, with nothing to restore.
        const QString viewerRole = laptop->db()
                                       .selectOne(QStringLiteral("SELECT id FROM roles WHERE name = 'viewer'"))
                                       .value()
                                       .value(0)
                                       .toString();
        RD_VERIFY_OK(laptop->db().change(QStringLiteral("INSERT INTO user_roles (id, tenant_id, user_id, role_id, created_at, "
                                                        "updated_at) VALUES ('own-grant', ?, ?, ?, '2026-12-05T10:00:00Z', "
                                                        "'2026-12-05T10:00:00Z')"),
            { admin.tenantId, admin.userId, viewerRole }));
        RD_VERIFY_OK(sync::SyncEngine(*laptop.ws, admin).syncOnce());
        QCOMPARE(laptop.count(QStringLiteral("SELECT count(*) FROM user_roles WHERE id = 'own-grant'")), 0);
        QVERIFY(QMetaObject::invokeMethod(panel, "reload"));
        auto* conflicts = qobject_cast<QAbstractItemModel*>(panel);
        QVERIFY(conflicts);
        QCOMPARE(conflicts->rowCount(), 1);
        const QHash<int, QByteArray> roles = conflicts->roleNames();
        auto role = [&](const QByteArray& name) { return roles.key(name); };
        const QModelIndex first = conflicts->index(0, 0);
        QCOMPARE(first.data(role("field")).toString(), QStringLiteral("your change was refused by the server (own_roles)"));
        QCOMPARE(first.data(role("losingValue")).toString(), QStringLiteral("Nobody may change their own roles."));
        QVERIFY(!first.data(role("canRestore")).toBool());
        QTest::qWait(100);
        QVERIFY(test::shot(window, QStringLiteral("sync-refusal.png")));

        QVERIFY2(app.warnings.isEmpty(), qPrintable(app.problems()));
        controller->signOut();
    }

    // A colleague's first run: "Join a workspace from a sync server" with the join code an
    // admin's invitation gave them; a wrong code is said in the banner; the right one fills the
    // workspace, signs them in and shows the shell with the team's data.
    void joinFromTheFirstRunPage()
    {
        auto invited = Invitations(*m_db).inviteAsOperator(
            QStringLiteral("acme"), QStringLiteral("newbie@acme.test"), QStringLiteral("recruiter"), {});
        RD_VERIFY_OK(invited);
        test::TestWorkspace laptop; // a new, empty workspace file
        AppController::setInstanceWorkspace(laptop.ws.get());
        QQmlApplicationEngine engine;
        QList<QQmlError> warnings;
        QObject::connect(&engine, &QQmlApplicationEngine::warnings, &engine, [&](const QList<QQmlError>& w) { warnings << w; });
        engine.load(QUrl(QStringLiteral("qrc:/RecruitDesk/Main.qml")));
        QCOMPARE(engine.rootObjects().size(), 1);
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
        QVERIFY(window && QTest::qWaitForWindowExposed(window));
        auto* controller = engine.singletonInstance<AppController*>(qmlTypeId("RecruitDesk", 1, 0, "AppController"));
        QVERIFY(controller->needsSetup());
        QQuickItem* root = window->contentItem();
        QTRY_VERIFY(findIn(root, QStringLiteral("joinTab")));
        findIn(root, QStringLiteral("workspaceName"))->setProperty("text", QStringLiteral("Shot"));
        findIn(root, QStringLiteral("adminEmail"))->setProperty("text", QStringLiteral("a@b.test"));
        findIn(root, QStringLiteral("adminPassword"))->setProperty("text", QStringLiteral("x"));
        QTest::qWait(300);
        QVERIFY(test::shot(window, QStringLiteral("setup-create.png")));
        click(window, findIn(root, QStringLiteral("joinTab")));
        QTRY_VERIFY(findIn(root, QStringLiteral("joinServer"))->isVisible());
        findIn(root, QStringLiteral("joinServer"))->setProperty("text", m_url);
        findIn(root, QStringLiteral("joinWorkspaceName"))->setProperty("text", QStringLiteral("acme"));
        findIn(root, QStringLiteral("joinEmail"))->setProperty("text", QStringLiteral("newbie@acme.test"));
        click(window, findIn(root, QStringLiteral("joinInvited")));
        QTRY_VERIFY(findIn(root, QStringLiteral("joinCode"))->isVisible());
        const QString password = QStringLiteral("Newbie's long passphrase 2026");
        findIn(root, QStringLiteral("joinPassword"))->setProperty("text", password);
        findIn(root, QStringLiteral("joinConfirm"))->setProperty("text", password);

        QSignalSpy done(controller, &AppController::finished);
        findIn(root, QStringLiteral("joinCode"))->setProperty("text", QStringLiteral("0000-0000-0000"));
        click(window, findIn(root, QStringLiteral("joinWorkspace")));
        QVERIFY(done.wait(20000));
        QCOMPARE(done.takeFirst().first().toBool(), false);
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("auth_failed"));
        QVERIFY(controller->needsSetup());
        ErrorModel::instance()->clear();

        findIn(root, QStringLiteral("joinCode"))->setProperty("text", invited.value().code);
        QTRY_VERIFY(findIn(root, QStringLiteral("joinWorkspace"))->isEnabled());
        QTest::qWait(300); // the button's enabled transition
        QVERIFY(test::shot(window, QStringLiteral("join-first-run.png")));
        click(window, findIn(root, QStringLiteral("joinWorkspace")));
        QTRY_VERIFY_WITH_TIMEOUT(controller->signedIn(), 30000);
        QVERIFY2(!ErrorModel::instance()->active(), qPrintable(ErrorModel::instance()->message()));
        QCOMPARE(controller->userEmail(), QStringLiteral("newbie@acme.test"));
        QCOMPARE(controller->roles(), QStringList { QStringLiteral("recruiter") });
        QTRY_VERIFY(window->findChild<QObject*>(QStringLiteral("shell")));
        QVERIFY(laptop.count(QStringLiteral("SELECT count(*) FROM candidates WHERE first_name LIKE 'Offline%'")) == 12);
        QVERIFY(test::shot(window, QStringLiteral("join-signed-in.png")));
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.isEmpty() ? QString() : warnings.first().toString()));
        controller->signOut();
    }

    // Users & Roles on a connected workspace invites through the server: the dialog, then the
    // join code shown to pass on (no email on this server); the code lets the colleague join.
    void inviteFromUsersAndRoles()
    {
        test::TestWorkspace laptop;
        auto joined = sync::SyncEngine::join(
            *laptop.ws, m_url, QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword, {});
        RD_VERIFY_OK(joined);
        AppController::setInstanceWorkspace(laptop.ws.get());
        test::SignedInApp app;
        const QString opened = app.open(QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword);
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        QQuickWindow* window = app.window;
        QVariant shown;
        QVERIFY(QMetaObject::invokeMethod(app.shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
            Q_ARG(QVariant, QStringLiteral("admin")), Q_ARG(QVariant, QString())));
        QQuickItem* root = window->contentItem();
        QTRY_VERIFY(findIn(root, QStringLiteral("addUserButton")));
        QQuickItem* invite = findIn(root, QStringLiteral("addUserButton"));
        QCOMPARE(invite->property("text").toString(), QStringLiteral("Invite colleague…"));
        click(window, invite);
        auto* dialog = window->findChild<QObject*>(QStringLiteral("inviteDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->property("opened").toBool());
        QQuickItem* overlay = root; // dialogs sit on the window's overlay, inside the root item
        findIn(overlay, QStringLiteral("inviteEmail"))->setProperty("text", QStringLiteral("pia@acme.test"));
        findIn(overlay, QStringLiteral("inviteGiven"))->setProperty("text", QStringLiteral("Pia"));
        findIn(overlay, QStringLiteral("inviteRole"))->setProperty("currentIndex", 2); // viewer
        QVERIFY(test::shot(window, QStringLiteral("invite-dialog.png")));
        QVERIFY(QMetaObject::invokeMethod(dialog, "accept"));
        auto* result = window->findChild<QObject*>(QStringLiteral("invitedDialog"));
        QVERIFY(result);
        QTRY_VERIFY_WITH_TIMEOUT(result->property("opened").toBool(), 20000);
        QVERIFY2(!ErrorModel::instance()->active(), qPrintable(ErrorModel::instance()->message()));
        const QString code = findIn(overlay, QStringLiteral("inviteCode"))->property("text").toString();
        QCOMPARE(code.size(), 14);
        QTest::qWait(200);
        QVERIFY(test::shot(window, QStringLiteral("invite-code.png")));
        // The invitation audited on the laptop; Pia's user arrives with the next round.
        QCOMPARE(laptop.count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'user.invite'")), 1);
        QTRY_COMPARE_WITH_TIMEOUT(laptop.count(QStringLiteral("SELECT count(*) FROM users WHERE email_norm = 'pia@acme.test'")), 1,
            30000);

        test::TestWorkspace pia;
        auto piaJoined = sync::SyncEngine::joinWithCode(*pia.ws, m_url, QStringLiteral("acme"), QStringLiteral("pia@acme.test"),
            code, QStringLiteral("Pia's own long passphrase 11"));
        RD_VERIFY_OK(piaJoined);
        QVERIFY(pia->context().authz.can(piaJoined.value(), Resource::Candidate, Action::Read));
        QVERIFY(!pia->context().authz.can(piaJoined.value(), Resource::Candidate, Action::Create));
        QVERIFY2(app.warnings.isEmpty(), qPrintable(app.problems()));
        app.controller->signOut();
    }

    // The Sync page's Devices panel (admins): the workspace's laptops with their key lease; a
    // lost one ordered erased, which it does at its next contact (decision 0024).
    void eraseALostLaptopFromTheDevicesPanel()
    {
        test::TestWorkspace laptop;
        auto joined = sync::SyncEngine::join(
            *laptop.ws, m_url, QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword, {});
        RD_VERIFY_OK(joined);
        test::TestWorkspace lost; // its key in a passphrase file beside it, leased at its first sync
        auto base = std::make_shared<crypto::PassphraseKeyFile>(lost.path + QStringLiteral(".key"), "lost laptop");
        RD_VERIFY_OK(base->store(test::TestWorkspace::dataKey()));
        lost.custody = std::make_shared<crypto::KeyCustody>(lost.path, base, lost.clock);
        lost.open();
        auto lostJoined = sync::SyncEngine::join(
            *lost.ws, m_url, QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword, {});
        RD_VERIFY_OK(lostJoined);
        sync::SyncEngine lostEngine(*lost.ws, lostJoined.value());
        RD_VERIFY_OK(lostEngine.syncOnce());
        QVERIFY(lost.custody->state().leased);
        const QString lostId = lost->db().deviceId();

        AppController::setInstanceWorkspace(laptop.ws.get());
        test::SignedInApp app;
        const QString opened = app.open(QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword);
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        QQuickWindow* window = app.window;
        QVariant shown;
        QVERIFY(QMetaObject::invokeMethod(app.shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
            Q_ARG(QVariant, QStringLiteral("sync")), Q_ARG(QVariant, QString())));
        QQuickItem* root = window->contentItem();
        QTRY_VERIFY(findIn(root, QStringLiteral("loadDevices")));
        QObject* panel = window->findChild<QObject*>(QStringLiteral("syncPanel"));
        QVERIFY(panel);
        auto deviceRow = [&](const QString& id) {
            for (const QVariant& d : panel->property("devices").toList())
                if (d.toMap().value(QStringLiteral("id")).toString() == id) return d.toMap();
            return QVariantMap();
        };
        QTRY_VERIFY(findIn(root, QStringLiteral("loadDevices"))->property("enabled").toBool());
        click(window, findIn(root, QStringLiteral("loadDevices")));
        QTRY_VERIFY_WITH_TIMEOUT(!deviceRow(lostId).isEmpty(), 20000);
        QVERIFY(!deviceRow(lostId).value(QStringLiteral("lease_until")).toString().isEmpty());
        QVERIFY(deviceRow(laptop->db().deviceId()).value(QStringLiteral("this_device")).toBool());
        QVERIFY(test::shot(window, QStringLiteral("devices.png")));

        QVERIFY(QMetaObject::invokeMethod(panel, "revokeDevice", Q_ARG(QString, lostId), Q_ARG(bool, true),
            Q_ARG(QString, QStringLiteral("Left at the job fair in Leeds"))));
        QTRY_VERIFY_WITH_TIMEOUT(!deviceRow(lostId).value(QStringLiteral("wipe_requested_at")).toString().isEmpty(), 20000);
        QVERIFY2(!ErrorModel::instance()->active(), qPrintable(ErrorModel::instance()->message()));
        QCOMPARE(laptop.count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'device.wipe'")), 1);
        QTest::qWait(200);
        QVERIFY(test::shot(window, QStringLiteral("devices-erase-ordered.png")));

        auto refused = lostEngine.syncOnce();
        QVERIFY(!refused);
        QCOMPARE(refused.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("wiped"));
        QVERIFY(refused.error().message.contains(QLatin1String("Left at the job fair in Leeds")));
        QVERIFY(!QFile::exists(lost.path));
        click(window, findIn(root, QStringLiteral("loadDevices")));
        QTRY_VERIFY_WITH_TIMEOUT(!deviceRow(lostId).value(QStringLiteral("wiped_at")).toString().isEmpty(), 20000);
        QVERIFY2(app.warnings.isEmpty(), qPrintable(app.problems()));
        app.controller->signOut();
        lost.ws.reset();
    }

    // The lock screen (decision 0024): a workspace whose lease lapsed says so in the app's window,
    // names whom to sign in as, and a wrong password is said there (the file stays shut). Last:
    // the lock screen is the app's for good once shown.
    void theLockScreenAsksForTheServer()
    {
        test::TestWorkspace shut;
        auto base = std::make_shared<crypto::PassphraseKeyFile>(shut.path + QStringLiteral(".key"), "shut laptop");
        RD_VERIFY_OK(base->store(test::TestWorkspace::dataKey()));
        shut.custody = std::make_shared<crypto::KeyCustody>(shut.path, base, shut.clock);
        shut.open();
        auto joined = sync::SyncEngine::join(
            *shut.ws, m_url, QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword, {});
        RD_VERIFY_OK(joined);
        RD_VERIFY_OK(sync::SyncEngine(*shut.ws, joined.value()).syncOnce());
        shut.ws.reset();
        RD_VERIFY_OK(shut.custody->lapse(QStringLiteral("its offline period ended.")));
        WorkspaceOptions o;
        o.custody = shut.custody;
        auto refused = Workspace::open(shut.path, o);
        QVERIFY(!refused);
        QCOMPARE(refused.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("lease_expired"));

        test::TestWorkspace laptop;
        RD_VERIFY_OK(sync::SyncEngine::join(
            *laptop.ws, m_url, QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword, {}));
        AppController::setInstanceWorkspace(laptop.ws.get());
        test::SignedInApp app;
        const QString opened = app.open(QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword);
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        QQuickWindow* window = app.window;
        QQuickItem* root = window->contentItem();
        LockScreen::setCustodyFactory([c = shut.custody](const QString&) { return c; });
        LockScreen::instance()->lock(shut.path, refused.error());
        QTRY_VERIFY(findIn(root, QStringLiteral("lockedPage")));
        QCOMPARE(findIn(root, QStringLiteral("lockedTitle"))->property("text").toString(),
            QStringLiteral("This workspace is locked on this computer"));
        QVERIFY(findIn(root, QStringLiteral("lockedMessage"))->property("text").toString().contains(m_url));
        QVERIFY(findIn(root, QStringLiteral("unlockPassword")));
        QVERIFY(!findIn(root, QStringLiteral("unlockError")));
        findIn(root, QStringLiteral("unlockPassword"))->setProperty("text", QStringLiteral("not the password"));
        click(window, findIn(root, QStringLiteral("unlockButton")));
        QTRY_VERIFY_WITH_TIMEOUT(findIn(root, QStringLiteral("unlockError")), 20000); // (shown once there is one)
        QVERIFY(!findIn(root, QStringLiteral("unlockError"))->property("text").toString().isEmpty());
        QVERIFY(test::shot(window, QStringLiteral("locked.png")));
        QVERIFY(!Workspace::open(shut.path, o)); // still shut
        QVERIFY2(app.warnings.isEmpty(), qPrintable(app.problems()));
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_MAIN(TestSyncUi)
#include "test_syncui.moc"
