// Sign-in: lockout and back-off (fake clock, persisted), suspended tenants, disabled users,
// TOTP MFA with recovery codes, offline reset codes, password policy, auditing.
#include "auth/passwordpolicy.h"
#include "auth/totp.h"
#include "crypto/crypto.h"
#include "testutil.h"

using namespace rd;

class TestAuth : public QObject {
    Q_OBJECT

    static SignInRequest req(const QString& email, const QString& password)
    {
        SignInRequest r;
        r.tenantSlug = QStringLiteral("acme");
        r.email = email;
        r.password = password;
        return r;
    }

private slots:
    void passwordPolicy_data()
    {
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("email");
        QTest::addColumn<bool>("accepted");
        const QString rita = QStringLiteral("rita@acme.test");
        QTest::newRow("short") << "Short-1" << rita << false;
        QTest::newRow("eleven") << "abcdefghijk" << rita << false;
        QTest::newRow("twelve") << "abcdefghijkl" << rita << true;
        QTest::newRow("common") << "password1234" << rita << false;
        QTest::newRow("common-case") << "PassWord1234" << rita << false;
        QTest::newRow("email") << "Rita@Acme.Test" << rita << false;
        QTest::newRow("email-local") << "margarethe2026" << "margarethe@acme.test" << false;
        QTest::newRow("email-local-long") << "margarethe-sails-at-dawn" << "margarethe@acme.test" << true;
        QTest::newRow("good") << "violet-tugboat-harbour" << rita << true;
        QTest::newRow("unicode") << "Grüße aus Köln 2026" << rita << true;
        QTest::newRow("too-long") << QString(257, QLatin1Char('x')) << rita << false;
    }

    void passwordPolicy()
    {
        QFETCH(QString, password);
        QFETCH(QString, email);
        QFETCH(bool, accepted);
        const Status s = PasswordPolicy::check(password, email);
        QCOMPARE(s.ok(), accepted);
        if (!accepted)
            QCOMPARE(s.error().code, ErrorCode::ValidationFailed);
    }

    void signInSucceedsAndIsAudited()
    {
        test::TestWorkspace tw;
        tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("Boss@Acme.Test"));
        auto s = tw->auth().signIn(req(QStringLiteral("  boss@ACME.test "), test::kAdminPassword));
        QVERIFY(s.ok());
        QVERIFY(!s.value().userId.isEmpty());
        QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in' AND outcome = 'ok'")), 2);
        auto bad = tw->auth().signIn(req(QStringLiteral("boss@acme.test"), QStringLiteral("nope-nope-nope")));
        RD_VERIFY_ERROR(bad, ErrorCode::AuthFailed);
        auto unknown = tw->auth().signIn(req(QStringLiteral("ghost@acme.test"), test::kAdminPassword));
        RD_VERIFY_ERROR(unknown, ErrorCode::AuthFailed);
        QCOMPARE(bad.error().message, unknown.error().message); // no account enumeration
        QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in' AND outcome = 'failed'")), 2);
    }

    void lockoutWithExponentialBackoff()
    {
        test::TestWorkspace tw;
        tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("boss@acme.test"));
        const QString email = QStringLiteral("boss@acme.test");
        for (int i = 1; i <= 4; ++i)
            RD_VERIFY_ERROR(tw->auth().signIn(req(email, QStringLiteral("wrong-password-%1").arg(i))), ErrorCode::AuthFailed);
        // 5th failure locks for 30 s.
        RD_VERIFY_ERROR(tw->auth().signIn(req(email, QStringLiteral("wrong-password-5"))), ErrorCode::AuthFailed);
        auto locked = tw->auth().signIn(req(email, test::kAdminPassword));
        RD_VERIFY_ERROR(locked, ErrorCode::LockedOut);
        QCOMPARE(locked.error().details.value(QStringLiteral("retry_after_s")).toInt(), 30);

        // The lock survives a restart (persisted in the database).
        tw.reopen();
        tw.clock.advanceSecs(29);
        RD_VERIFY_ERROR(tw->auth().signIn(req(email, test::kAdminPassword)), ErrorCode::LockedOut);
        tw.clock.advanceSecs(2);
        // 6th failure: 60 s; 7th: 120 s.
        RD_VERIFY_ERROR(tw->auth().signIn(req(email, QStringLiteral("wrong-password-6"))), ErrorCode::AuthFailed);
        auto l2 = tw->auth().signIn(req(email, test::kAdminPassword));
        RD_VERIFY_ERROR(l2, ErrorCode::LockedOut);
        QCOMPARE(l2.error().details.value(QStringLiteral("retry_after_s")).toInt(), 60);
        tw.clock.advanceSecs(61);
        RD_VERIFY_ERROR(tw->auth().signIn(req(email, QStringLiteral("wrong-password-7"))), ErrorCode::AuthFailed);
        auto l3 = tw->auth().signIn(req(email, test::kAdminPassword));
        QCOMPARE(l3.error().details.value(QStringLiteral("retry_after_s")).toInt(), 120);
        tw.clock.advanceSecs(121);
        // A correct password after the lock expires signs in and resets the counter.
        RD_VERIFY_OK(tw->auth().signIn(req(email, test::kAdminPassword)));
        QCOMPARE(tw.count(QStringLiteral("SELECT failed_attempts FROM users WHERE email_norm = ?"), { email }), 0);
        RD_VERIFY_ERROR(tw->auth().signIn(req(email, QStringLiteral("wrong-password-8"))), ErrorCode::AuthFailed);
        RD_VERIFY_OK(tw->auth().signIn(req(email, test::kAdminPassword)));

        QCOMPARE(AuthService::lockSecondsFor(4), qint64(0));
        QCOMPARE(AuthService::lockSecondsFor(5), qint64(30));
        QCOMPARE(AuthService::lockSecondsFor(8), qint64(240));
        QCOMPARE(AuthService::lockSecondsFor(50), AuthService::kMaxLockSecs);
        QVERIFY(tw.count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE diff LIKE '%locked_out%'")) >= 3);
    }

    void suspendedTenantAndDisabledUserCannotSignIn()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("boss@acme.test"));
        NewUser nu { QStringLiteral("rita@acme.test"), {}, {}, test::kUserPassword, { QStringLiteral("recruiter") } };
        auto rita = tw->users().create(admin, nu);
        QVERIFY(rita.ok());
        RD_VERIFY_OK(tw->auth().signIn(req(QStringLiteral("rita@acme.test"), test::kUserPassword)));

        RD_VERIFY_OK(tw->users().setActive(admin, rita.value().id, false));
        RD_VERIFY_ERROR(tw->auth().signIn(req(QStringLiteral("rita@acme.test"), test::kUserPassword)), ErrorCode::AuthFailed);
        // A disabled user's existing session loses its permissions at once.
        Session ritaSession { admin.tenantId, rita.value().id, QStringLiteral("rita@acme.test"), {}, false };
        RD_VERIFY_ERROR(tw->tenants().get(ritaSession), ErrorCode::PermissionDenied);
        RD_VERIFY_OK(tw->users().setActive(admin, rita.value().id, true));
        RD_VERIFY_OK(tw->tenants().get(ritaSession));

        // Cannot disable yourself; cannot remove the last admin.
        RD_VERIFY_ERROR(tw->users().setActive(admin, admin.userId, false), ErrorCode::ValidationFailed);
        RD_VERIFY_ERROR(tw->users().setRoles(admin, admin.userId, { QStringLiteral("viewer") }), ErrorCode::Conflict);

        TenantPatch p;
        p.status = QStringLiteral("suspended");
        RD_VERIFY_ERROR(tw->tenants().update(admin, p), ErrorCode::ValidationFailed); // not from inside
        RD_VERIFY_OK(tw->tenants().update(Session::systemFor(admin.tenantId), p));    // the operator can
        RD_VERIFY_ERROR(tw->auth().signIn(req(QStringLiteral("rita@acme.test"), test::kUserPassword)),
            ErrorCode::TenantSuspended);
        RD_VERIFY_ERROR(tw->auth().signIn(req(QStringLiteral("boss@acme.test"), test::kAdminPassword)),
            ErrorCode::TenantSuspended);
        RD_VERIFY_ERROR(tw->tenants().get(admin), ErrorCode::PermissionDenied);
        p.status = QStringLiteral("active");
        RD_VERIFY_OK(tw->tenants().update(Session::systemFor(admin.tenantId), p));
        RD_VERIFY_OK(tw->auth().signIn(req(QStringLiteral("boss@acme.test"), test::kAdminPassword)));
    }

    void totpMfaWithRecoveryCodes()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("boss@acme.test"));
        auto enrol = tw->auth().beginMfaEnrollment(admin);
        QVERIFY(enrol.ok());
        const QByteArray secret = crypto::base32Decode(enrol.value().secretBase32);
        QCOMPARE(secret.size(), 20);
        // The secret is stored encrypted, never in clear.
        auto stored = tw->db().selectOne(QStringLiteral("SELECT mfa_pending_secret FROM users WHERE id = ?"), { admin.userId });
        QVERIFY(stored.ok());
        QVERIFY(!stored.value().value(0).toByteArray().contains(secret));
        QVERIFY(stored.value().value(0).toByteArray().size() >= 20 + 28);

        RD_VERIFY_ERROR(tw->auth().confirmMfaEnrollment(admin, QStringLiteral("000000")), ErrorCode::ValidationFailed);
        const qint64 now = tw.clock.nowMs() / 1000;
        auto codes = tw->auth().confirmMfaEnrollment(admin, totp::code(secret, now));
        QVERIFY(codes.ok());
        QCOMPARE(codes.value().size(), AuthService::kRecoveryCodes);

        SignInRequest r = req(QStringLiteral("boss@acme.test"), test::kAdminPassword);
        RD_VERIFY_ERROR(tw->auth().signIn(r), ErrorCode::MfaRequired);
        tw.clock.advanceSecs(30);
        r.totpCode = totp::code(secret, tw.clock.nowMs() / 1000);
        RD_VERIFY_OK(tw->auth().signIn(r));
        // Replay of the same code is refused.
        RD_VERIFY_ERROR(tw->auth().signIn(r), ErrorCode::AuthFailed);
        r.totpCode = QStringLiteral("123456");
        RD_VERIFY_ERROR(tw->auth().signIn(r), ErrorCode::AuthFailed);

        // A recovery code works once.
        r.totpCode.clear();
        r.recoveryCode = codes.value().first().toLower();
        RD_VERIFY_OK(tw->auth().signIn(r));
        RD_VERIFY_ERROR(tw->auth().signIn(r), ErrorCode::AuthFailed);
        r.recoveryCode = codes.value().last();
        RD_VERIFY_OK(tw->auth().signIn(r));

        // With a different data key nothing opens: not the workspace file, so not the secret.
        WorkspaceOptions o;
        o.clock = &tw.clock;
        o.keyLoader = Workspace::passphraseFileLoader(tw.dir.filePath(QStringLiteral("other.key")), "other");
        tw.ws.reset();
        auto other = Workspace::open(tw.path, o);
        RD_VERIFY_ERROR(other, ErrorCode::CryptoError);
        QCOMPARE(other.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("wrong_key"));
    }

    void resetCodeIsSingleUseAndExpires()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("boss@acme.test"));
        NewUser nu { QStringLiteral("rita@acme.test"), {}, {}, {}, { QStringLiteral("recruiter") } };
        auto rita = tw->users().create(admin, nu);
        QVERIFY(rita.ok());
        QVERIFY(!rita.value().hasPassword);
        RD_VERIFY_ERROR(tw->auth().signIn(req(QStringLiteral("rita@acme.test"), QString())), ErrorCode::AuthFailed);

        auto code = tw->users().issueResetCode(admin, rita.value().id);
        QVERIFY(code.ok());
        QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM auth_codes WHERE code_hash LIKE ?"),
                     { QStringLiteral("%") + code.value().code + QStringLiteral("%") }),
            0); // stored hashed
        const QString pw = QStringLiteral("Fresh-Start-Password");
        RD_VERIFY_ERROR(tw->auth().resetPassword(QStringLiteral("acme"), QStringLiteral("rita@acme.test"),
                            QStringLiteral("WRONG-CODE-0000-0000"), pw),
            ErrorCode::AuthFailed);
        RD_VERIFY_OK(tw->auth().resetPassword(QStringLiteral("acme"), QStringLiteral("rita@acme.test"), code.value().code, pw));
        RD_VERIFY_OK(tw->auth().signIn(req(QStringLiteral("rita@acme.test"), pw)));
        RD_VERIFY_ERROR(tw->auth().resetPassword(QStringLiteral("acme"), QStringLiteral("rita@acme.test"), code.value().code,
                            QStringLiteral("Second-Try-Password")),
            ErrorCode::AuthFailed);

        auto late = tw->users().issueResetCode(admin, rita.value().id);
        QVERIFY(late.ok());
        tw.clock.advanceSecs(UserService::kResetCodeMinutes * 60 + 1);
        RD_VERIFY_ERROR(tw->auth().resetPassword(QStringLiteral("acme"), QStringLiteral("rita@acme.test"), late.value().code,
                            QStringLiteral("Too-Late-Password")),
            ErrorCode::AuthFailed);
        // A weak new password is refused before the code is spent.
        auto third = tw->users().issueResetCode(admin, rita.value().id);
        RD_VERIFY_ERROR(tw->auth().resetPassword(QStringLiteral("acme"), QStringLiteral("rita@acme.test"), third.value().code,
                            QStringLiteral("password1234")),
            ErrorCode::ValidationFailed);
        RD_VERIFY_OK(tw->auth().resetPassword(QStringLiteral("acme"), QStringLiteral("rita@acme.test"), third.value().code,
            QStringLiteral("Third-Time-Lucky-Pw")));
    }

    void changePasswordNeedsCurrentOne()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("boss@acme.test"));
        RD_VERIFY_ERROR(tw->auth().changePassword(admin, QStringLiteral("not-the-password"), QStringLiteral("New-Password-2027")),
            ErrorCode::AuthFailed);
        RD_VERIFY_OK(tw->auth().changePassword(admin, test::kAdminPassword, QStringLiteral("New-Password-2027")));
        RD_VERIFY_ERROR(tw->auth().signIn(req(QStringLiteral("boss@acme.test"), test::kAdminPassword)), ErrorCode::AuthFailed);
        RD_VERIFY_OK(tw->auth().signIn(req(QStringLiteral("boss@acme.test"), QStringLiteral("New-Password-2027"))));
    }
};

QTEST_GUILESS_MAIN(TestAuth)
#include "test_auth.moc"
