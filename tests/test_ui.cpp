// Desktop view models (QAbstractItemModelTester) and the QML shell driven as a user would:
// sign in, see Admin only when the role allows it. Set RD_SCREENSHOT_DIR to keep PNGs.
#include "appcontroller.h"
#include "auth/totp.h"
#include "crypto/crypto.h"
#include "errormodel.h"
#include "rolesmodel.h"
#include "testutil.h"
#include "usersmodel.h"

#include <QAbstractItemModelTester>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSignalSpy>

using namespace rd;

class TestUi : public QObject {
    Q_OBJECT

    std::unique_ptr<test::TestWorkspace> tw;

    bool signIn(AppController& c, const QString& email, const QString& password)
    {
        QSignalSpy spy(&c, &AppController::finished);
        c.signIn(QStringLiteral("acme"), email, password);
        if (!spy.wait(20000))
            return false;
        return spy.first().first().toBool();
    }

    void shot(QQuickWindow* w, const QString& name)
    {
        const QByteArray dir = qgetenv("RD_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QTest::qWait(300);
        QVERIFY(w->grabWindow().save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + name));
    }

    // Searches the visual item tree (Loader and Pane content are not always QObject children).
    static QQuickItem* findIn(QQuickItem* item, const QString& name)
    {
        if (!item)
            return nullptr;
        if (item->objectName() == name)
            return item;
        for (QQuickItem* child : item->childItems())
            if (QQuickItem* found = findIn(child, name))
                return found;
        return nullptr;
    }
    QQuickItem* find(QQuickWindow* w, const char* name) { return findIn(w->contentItem(), QLatin1String(name)); }

private slots:
    void initTestCase()
    {
        tw = std::make_unique<test::TestWorkspace>();
        NewWorkspace w { QStringLiteral("Acme Talent"), QStringLiteral("acme"), QStringLiteral("agency"),
            QStringLiteral("boss@acme.test"), test::kAdminPassword, QStringLiteral("Ada"), QStringLiteral("Lovelace") };
        QVERIFY(tw->ws->tenants().createWorkspace(w).ok());
        const Session admin = tw->signIn(QStringLiteral("acme"), QStringLiteral("boss@acme.test"), test::kAdminPassword);
        for (const QString& role : QStringList { "recruiter", "viewer" }) {
            NewUser nu { role + QStringLiteral("@acme.test"), role.at(0).toUpper() + role.mid(1), QStringLiteral("Example"),
                test::kUserPassword, { role } };
            QVERIFY(tw->ws->users().create(admin, nu).ok());
        }
        AppController::setInstanceWorkspace(tw->ws.get());
    }

    void usersModelPassesTesterAndActs()
    {
        AppController c(tw->ws.get());
        QVERIFY(signIn(c, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        QVERIFY(c.canAdmin());
        QCOMPARE(c.tenantName(), QStringLiteral("Acme Talent"));
        QCOMPARE(c.userName(), QStringLiteral("Ada Lovelace"));
        UsersModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setController(&c);
        QVERIFY(m.reload());
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.rowCount(m.index(0)), 0);
        QVERIFY(m.roleNames().values().contains("email"));
        QVERIFY(m.addUser(QStringLiteral("new@acme.test"), QStringLiteral("Nia"), QStringLiteral("New"),
            QStringLiteral("hiring_manager"), QString()));
        QCOMPARE(m.rowCount(), 4);
        int row = -1;
        for (int i = 0; i < m.rowCount(); ++i)
            if (m.data(m.index(i), UsersModel::EmailRole).toString() == QLatin1String("new@acme.test"))
                row = i;
        QVERIFY(row >= 0);
        QCOMPARE(m.data(m.index(row), UsersModel::RolesRole).toString(), QStringLiteral("hiring_manager"));
        QVERIFY(m.setActive(row, false));
        QCOMPARE(m.data(m.index(row), UsersModel::ActiveRole).toBool(), false);
        QVERIFY(m.setRole(row, QStringLiteral("recruiter")));
        QCOMPARE(m.data(m.index(row), UsersModel::RolesRole).toString(), QStringLiteral("recruiter"));
        QVERIFY(!m.issueResetCode(row).isEmpty());
        // A bad email reaches the one error model with its code.
        ErrorModel::instance()->clear();
        QVERIFY(!m.addUser(QStringLiteral("not-an-email"), {}, {}, QStringLiteral("viewer"), {}));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("validation_failed"));
        QCOMPARE(m.rowCount(), 4);
        ErrorModel::instance()->clear();

        RolesModel r;
        QAbstractItemModelTester rtester(&r, QAbstractItemModelTester::FailureReportingMode::QtTest);
        r.setController(&c);
        QVERIFY(r.reload());
        QCOMPARE(r.rowCount(), 4);
        QVERIFY(r.names().contains(QStringLiteral("hiring_manager")));
        QVERIFY(r.createRole(QStringLiteral("sourcer"), QStringLiteral("Sourcing"), { QStringLiteral("candidate.read") }));
        QCOMPARE(r.rowCount(), 5);
    }

    void viewerAndRecruiterAreRefusedByTheCore()
    {
        for (const QString& who : QStringList { "viewer@acme.test", "recruiter@acme.test" }) {
            AppController c(tw->ws.get());
            QVERIFY(signIn(c, who, test::kUserPassword));
            QVERIFY(!c.canAdmin());
            UsersModel m;
            m.setController(&c);
            ErrorModel::instance()->clear();
            QVERIFY(!m.addUser(QStringLiteral("sneaky@acme.test"), {}, {}, QStringLiteral("admin"), {}));
            QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("permission_denied"));
        }
        ErrorModel::instance()->clear();
        AppController c(tw->ws.get());
        QVERIFY(!signIn(c, QStringLiteral("viewer@acme.test"), QStringLiteral("wrong-password-123")));
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("auth_failed"));
        QVERIFY(!c.signedIn());
        ErrorModel::instance()->clear();
    }

    void signInWithTotpStep()
    {
        const Session admin = tw->signIn(QStringLiteral("acme"), QStringLiteral("boss@acme.test"), test::kAdminPassword);
        NewUser nu { QStringLiteral("mfa@acme.test"), QStringLiteral("Mia"), QStringLiteral("Factor"), test::kUserPassword,
            { QStringLiteral("recruiter") } };
        auto user = tw->ws->users().create(admin, nu);
        QVERIFY(user.ok());
        Session self { admin.tenantId, user.value().id, nu.email, {}, false };
        auto enrol = tw->ws->auth().beginMfaEnrollment(self);
        QVERIFY(enrol.ok());
        const QByteArray secret = crypto::base32Decode(enrol.value().secretBase32);
        QVERIFY(tw->ws->auth().confirmMfaEnrollment(self, totp::code(secret, tw->clock.nowMs() / 1000)).ok());
        tw->clock.advanceSecs(30);

        AppController c(tw->ws.get());
        QVERIFY(!signIn(c, nu.email, test::kUserPassword)); // needs the second step
        QVERIFY(c.mfaPending());
        QVERIFY(!c.signedIn());
        QSignalSpy wrong(&c, &AppController::finished);
        c.submitCode(QStringLiteral("000000"));
        QVERIFY(wrong.wait(20000));
        QCOMPARE(wrong.first().first().toBool(), false);
        QCOMPARE(ErrorModel::instance()->code(), QStringLiteral("auth_failed"));
        QSignalSpy right(&c, &AppController::finished);
        c.submitCode(totp::code(secret, tw->clock.nowMs() / 1000));
        QVERIFY(right.wait(20000));
        QCOMPARE(right.first().first().toBool(), true);
        QVERIFY(c.signedIn());
        QVERIFY(!c.mfaPending());
        QCOMPARE(c.userName(), QStringLiteral("Mia Factor"));
        ErrorModel::instance()->clear();
    }

    void qmlShellShowsAdminOnlyToAdmins_data()
    {
        QTest::addColumn<QString>("email");
        QTest::addColumn<QString>("password");
        QTest::addColumn<bool>("admin");
        QTest::newRow("admin") << "boss@acme.test" << test::kAdminPassword << true;
        QTest::newRow("recruiter") << "recruiter@acme.test" << test::kUserPassword << false;
        QTest::newRow("viewer") << "viewer@acme.test" << test::kUserPassword << false;
    }

    void qmlShellShowsAdminOnlyToAdmins()
    {
        QFETCH(QString, email);
        QFETCH(QString, password);
        QFETCH(bool, admin);
        QQmlApplicationEngine engine;
        QList<QQmlError> errors;
        connect(&engine, &QQmlApplicationEngine::warnings, this, [&](const QList<QQmlError>& w) { errors << w; });
        engine.load(QUrl(QStringLiteral("qrc:/RecruitDesk/Main.qml")));
        QCOMPARE(engine.rootObjects().size(), 1);
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
        QVERIFY(window);
        QVERIFY(QTest::qWaitForWindowExposed(window));
        shot(window, QStringLiteral("signin.png"));

        QQuickItem* emailField = find(window, "signInEmail");
        QQuickItem* passwordField = find(window, "signInPassword");
        QQuickItem* button = find(window, "signInButton");
        QVERIFY(emailField && passwordField && button);
        emailField->setProperty("text", email);
        passwordField->setProperty("text", password);
        QVERIFY(button->property("enabled").toBool());
        QVERIFY(QMetaObject::invokeMethod(button, "clicked"));

        QTRY_VERIFY_WITH_TIMEOUT(find(window, "adminNav") != nullptr, 20000);
        QQuickItem* nav = find(window, "adminNav");
        QCOMPARE(nav->isVisible(), admin);
        shot(window, QStringLiteral("home-%1.png").arg(QString(email).section(QLatin1Char('@'), 0, 0)));
        if (admin) {
            QVERIFY(QMetaObject::invokeMethod(nav, "clicked"));
            QTRY_VERIFY_WITH_TIMEOUT(find(window, "userList") != nullptr, 5000);
            QTRY_VERIFY(find(window, "userList")->property("count").toInt() >= 3);
            shot(window, QStringLiteral("admin-users.png"));
        } else {
            QVERIFY(find(window, "userList") == nullptr);
        }
        // About, for everyone: the data attributions (GeoNames' licence asks for it).
        QQuickItem* about = find(window, "aboutNav");
        QVERIFY(about && about->isVisible());
        QVERIFY(QMetaObject::invokeMethod(about, "clicked"));
        QTRY_VERIFY_WITH_TIMEOUT(find(window, "geoAttribution") != nullptr, 5000);
        const QString attribution = find(window, "geoAttribution")->property("text").toString();
        QVERIFY2(attribution.contains(QLatin1String("GeoNames")) && attribution.contains(QLatin1String("CC BY 4.0")), qPrintable(attribution));
        if (admin)
            shot(window, QStringLiteral("about.png"));
        for (const QQmlError& e : errors)
            QVERIFY2(!e.toString().contains(QLatin1String("Error")) && !e.toString().contains(QLatin1String("TypeError"))
                    && !e.toString().contains(QLatin1String("ReferenceError")),
                qPrintable(e.toString()));
    }

    void cleanupTestCase() { tw.reset(); }
};

QTEST_MAIN(TestUi)
#include "test_ui.moc"
