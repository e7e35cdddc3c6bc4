#include "authservice.h"

#include "auth/passwordpolicy.h"
#include "auth/totp.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "crypto/crypto.h"
#include "service/context.h"

#include <QSqlRecord>

namespace rd {

namespace {
// A real Argon2id hash of a random password: verifying against it when the user does not
// exist keeps the timing of "no such user" and "wrong password" alike.
const QString& dummyHash()
{
    static const QString h = crypto::hashPassword(QString::fromLatin1(crypto::randomBytes(16).toHex())).value();
    return h;
}

Error authFailed()
{
    return makeError(ErrorCode::AuthFailed, QStringLiteral("The email or password is not correct."));
}

QString normaliseCode(QString c)
{
    c.remove(QLatin1Char('-'));
    c.remove(QLatin1Char(' '));
    return c.toUpper();
}
} // namespace

qint64 AuthService::lockSecondsFor(int failedAttempts)
{
    if (failedAttempts < kFreeAttempts)
        return 0;
    const int exp = std::min(failedAttempts - kFreeAttempts, 20);
    return std::min(kBaseLockSecs << exp, kMaxLockSecs);
}

Result<QString> AuthService::resolveTenant(const QString& slug)
{
    if (!slug.isEmpty()) {
        auto r = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM tenants WHERE slug = ? AND deleted_at IS NULL"), { slug });
        if (!r)
            return r.error().code == ErrorCode::NotFound ? authFailed() : r.error();
        return r.value().value(0).toString();
    }
    auto rows = m_ctx.db.select(QStringLiteral("SELECT id FROM tenants WHERE deleted_at IS NULL LIMIT 2"));
    if (!rows)
        return rows.error();
    if (rows.value().size() == 1)
        return rows.value().first().value(0).toString();
    if (rows.value().isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("This database has no workspace yet; run init first."));
    return makeError(ErrorCode::ValidationFailed, QStringLiteral("Several workspaces are here; name one with its slug."),
        { { QStringLiteral("field"), QStringLiteral("tenant") }, { QStringLiteral("rule"), QStringLiteral("required") } });
}

Status AuthService::auditAuth(const QString& tenantId, const QString& userId, const QString& action,
    const QString& outcome, const QJsonObject& diff)
{
    Transaction tx(m_ctx.db);
    RD_TRY(tx.status());
    AuditEntry e;
    e.tenantId = tenantId;
    e.userId = userId;
    e.action = action;
    e.resourceType = QStringLiteral("user");
    e.resourceId = userId;
    e.outcome = outcome;
    e.diff = redactSecrets(diff);
    e.correlationId = newUuidV7(m_ctx.clock.nowMs());
    e.createdAt = m_ctx.clock.nowIso();
    RD_TRY(m_ctx.audit.append(e));
    return tx.commit();
}

Status AuthService::recordFailure(const QString& tenantId, const QString& userId, int failedBefore, const QString& reason)
{
    const int failed = failedBefore + 1;
    const qint64 lockSecs = lockSecondsFor(failed);
    Transaction tx(m_ctx.db);
    RD_TRY(tx.status());
    // Lockout counters are device-local security state: not replicated (no outbox record).
    auto u = m_ctx.db.change(QStringLiteral("UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?"),
        { failed, lockSecs > 0 ? QVariant(Clock::toIso(m_ctx.clock.nowMs() + lockSecs * 1000)) : QVariant(), userId });
    if (!u)
        return u.error();
    AuditEntry e;
    e.tenantId = tenantId;
    e.userId = userId;
    e.action = QStringLiteral("auth.sign_in");
    e.resourceType = QStringLiteral("user");
    e.resourceId = userId;
    e.outcome = QStringLiteral("failed");
    e.diff = { { QStringLiteral("reason"), reason }, { QStringLiteral("failed_attempts"), failed },
        { QStringLiteral("locked_for_s"), lockSecs } };
    e.correlationId = newUuidV7(m_ctx.clock.nowMs());
    e.createdAt = m_ctx.clock.nowIso();
    RD_TRY(m_ctx.audit.append(e));
    return tx.commit();
}

Result<Session> AuthService::signIn(const SignInRequest& req)
{
    auto tenant = resolveTenant(req.tenantSlug);
    if (!tenant)
        return tenant.error();
    const QString tenantId = tenant.value();
    const QString email = validate::normaliseEmail(req.email);

    auto row = m_ctx.db.selectOne(QStringLiteral("SELECT u.id, u.password_hash, u.active, u.failed_attempts, u.locked_until, "
                                                 "u.mfa_enabled, u.mfa_secret, u.mfa_last_step, t.status, u.email "
                                                 "FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.tenant_id = ? "
                                                 "AND u.email_norm = ? AND u.deleted_at IS NULL"),
        { tenantId, email });
    if (!row) {
        if (row.error().code != ErrorCode::NotFound)
            return row.error();
        (void)crypto::verifyPassword(req.password, dummyHash());
        (void)auditAuth(tenantId, QString(), QStringLiteral("auth.sign_in"), QStringLiteral("failed"),
            { { QStringLiteral("reason"), QStringLiteral("unknown_user") }, { QStringLiteral("email"), email } });
        return authFailed();
    }
    const QSqlRecord r = row.value();
    const QString userId = r.value(0).toString();
    const int failed = r.value(3).toInt();
    const qint64 lockedUntil = r.value(4).isNull() ? 0 : Clock::fromIso(r.value(4).toString());
    const qint64 now = m_ctx.clock.nowMs();

    if (lockedUntil > now) {
        const qint64 retry = (lockedUntil - now + 999) / 1000;
        (void)auditAuth(tenantId, userId, QStringLiteral("auth.sign_in"), QStringLiteral("failed"),
            { { QStringLiteral("reason"), QStringLiteral("locked_out") }, { QStringLiteral("retry_after_s"), retry } });
        return makeError(ErrorCode::LockedOut,
            QStringLiteral("Too many failed sign-ins. Try again in %1 seconds.").arg(retry),
            { { QStringLiteral("retry_after_s"), retry } });
    }

    const QString hash = r.value(1).toString();
    if (hash.isEmpty() || !crypto::verifyPassword(req.password, hash)) {
        RD_TRY(recordFailure(tenantId, userId, failed, hash.isEmpty() ? QStringLiteral("no_password") : QStringLiteral("bad_password")));
        return authFailed();
    }
    if (!r.value(2).toBool()) {
        (void)auditAuth(tenantId, userId, QStringLiteral("auth.sign_in"), QStringLiteral("failed"),
            { { QStringLiteral("reason"), QStringLiteral("disabled") } });
        return makeError(ErrorCode::AuthFailed, QStringLiteral("This account is disabled. Ask an admin to enable it."),
            { { QStringLiteral("reason"), QStringLiteral("disabled") } });
    }
    if (r.value(8).toString() != QLatin1String("active")) {
        (void)auditAuth(tenantId, userId, QStringLiteral("auth.sign_in"), QStringLiteral("failed"),
            { { QStringLiteral("reason"), QStringLiteral("tenant_suspended") } });
        return makeError(ErrorCode::TenantSuspended, QStringLiteral("This workspace is suspended."));
    }

    qint64 usedStep = r.value(7).toLongLong();
    QString recoveryCodeId;
    if (r.value(5).toBool()) {
        if (req.totpCode.isEmpty() && req.recoveryCode.isEmpty())
            return makeError(ErrorCode::MfaRequired, QStringLiteral("Enter the code from your authenticator app."));
        if (!req.totpCode.isEmpty()) {
            auto secret = m_ctx.secrets.open(r.value(6).toByteArray(), ("totp:" + userId).toUtf8());
            if (!secret)
                return secret.error();
            const qint64 step = totp::verify(secret.value(), req.totpCode, now / 1000, usedStep);
            if (step < 0) {
                RD_TRY(recordFailure(tenantId, userId, failed, QStringLiteral("bad_totp")));
                return makeError(ErrorCode::AuthFailed, QStringLiteral("The authenticator code is not correct."),
                    { { QStringLiteral("reason"), QStringLiteral("bad_totp") } });
            }
            usedStep = step;
        } else {
            const QString h = crypto::sha256Hex((userId + QLatin1Char(':') + normaliseCode(req.recoveryCode)).toUtf8());
            auto code = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM auth_codes WHERE user_id = ? AND purpose = "
                                                          "'recovery' AND code_hash = ? AND used_at IS NULL"),
                { userId, h });
            if (!code) {
                if (code.error().code != ErrorCode::NotFound)
                    return code.error();
                RD_TRY(recordFailure(tenantId, userId, failed, QStringLiteral("bad_recovery_code")));
                return makeError(ErrorCode::AuthFailed, QStringLiteral("The recovery code is not correct or was used."),
                    { { QStringLiteral("reason"), QStringLiteral("bad_recovery_code") } });
            }
            recoveryCodeId = code.value().value(0).toString();
        }
    }

    Transaction tx(m_ctx.db);
    RD_TRY(tx.status());
    auto up = m_ctx.db.change(QStringLiteral("UPDATE users SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = ?, "
                                             "mfa_last_step = ? WHERE id = ?"),
        { m_ctx.clock.nowIso(), usedStep, userId });
    if (!up)
        return up.error();
    if (!recoveryCodeId.isEmpty()) {
        auto used = m_ctx.db.change(QStringLiteral("UPDATE auth_codes SET used_at = ?, updated_at = ? WHERE id = ?"),
            { m_ctx.clock.nowIso(), m_ctx.clock.nowIso(), recoveryCodeId });
        if (!used)
            return used.error();
    }
    AuditEntry e;
    e.tenantId = tenantId;
    e.userId = userId;
    e.action = QStringLiteral("auth.sign_in");
    e.resourceType = QStringLiteral("user");
    e.resourceId = userId;
    e.diff = { { QStringLiteral("mfa"), r.value(5).toBool() ? (recoveryCodeId.isEmpty() ? QStringLiteral("totp") : QStringLiteral("recovery_code")) : QStringLiteral("none") } };
    e.correlationId = newUuidV7(m_ctx.clock.nowMs());
    e.createdAt = m_ctx.clock.nowIso();
    RD_TRY(m_ctx.audit.append(e));
    RD_TRY(tx.commit());
    m_ctx.bus.publish(SignInAttempted { tenantId, userId, true });

    Session s;
    s.tenantId = tenantId;
    s.userId = userId;
    s.email = r.value(9).toString();
    return s;
}

Result<MfaEnrollment> AuthService::beginMfaEnrollment(const Session& session)
{
    if (session.userId.isEmpty())
        return makeError(ErrorCode::PermissionDenied, QStringLiteral("not signed in"));
    const QByteArray secret = crypto::randomBytes(20);
    auto sealed = m_ctx.secrets.seal(secret, ("totp:" + session.userId).toUtf8());
    if (!sealed)
        return sealed.error();
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto up = m_ctx.db.change(QStringLiteral("UPDATE users SET mfa_pending_secret = ?, updated_at = ? WHERE id = ? AND tenant_id = ?"),
        { sealed.value(), uow.now(), session.userId, session.tenantId });
    if (!up)
        return up.error();
    RD_TRY(uow.audit(QStringLiteral("auth.mfa_begin"), QStringLiteral("user"), session.userId));
    RD_TRY(uow.commit());
    return MfaEnrollment { crypto::base32Encode(secret),
        totp::provisioningUri(QStringLiteral("RecruitDesk"), session.email.isEmpty() ? session.userId : session.email, secret) };
}

Result<QStringList> AuthService::confirmMfaEnrollment(const Session& session, const QString& code)
{
    auto row = m_ctx.db.selectOne(QStringLiteral("SELECT mfa_pending_secret FROM users WHERE id = ? AND tenant_id = ?"),
        { session.userId, session.tenantId });
    if (!row)
        return row.error();
    if (row.value().value(0).isNull())
        return validate::failed(QStringLiteral("code"), QStringLiteral("Start MFA enrollment first."), QStringLiteral("state"));
    const QByteArray sealed = row.value().value(0).toByteArray();
    auto secret = m_ctx.secrets.open(sealed, ("totp:" + session.userId).toUtf8());
    if (!secret)
        return secret.error();
    const qint64 step = totp::verify(secret.value(), code, m_ctx.clock.nowMs() / 1000, 0);
    if (step < 0)
        return validate::failed(QStringLiteral("code"), QStringLiteral("The authenticator code is not correct."),
            QStringLiteral("mismatch"));

    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto up = m_ctx.db.change(QStringLiteral("UPDATE users SET mfa_enabled = 1, mfa_secret = ?, mfa_pending_secret = NULL, "
                                             "mfa_last_step = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
        { sealed, step, uow.now(), session.userId, session.userId });
    if (!up)
        return up.error();
    auto old = m_ctx.db.change(QStringLiteral("UPDATE auth_codes SET used_at = ? WHERE user_id = ? AND purpose = 'recovery' "
                                              "AND used_at IS NULL"),
        { uow.now(), session.userId });
    if (!old)
        return old.error();
    QStringList codes;
    for (int i = 0; i < kRecoveryCodes; ++i) {
        const QString c = crypto::randomCode(12);
        codes << c;
        const QString h = crypto::sha256Hex((session.userId + QLatin1Char(':') + normaliseCode(c)).toUtf8());
        auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO auth_codes (id, tenant_id, user_id, purpose, code_hash, "
                                                  "created_at, updated_at, created_by, updated_by) VALUES "
                                                  "(?,?,?,'recovery',?,?,?,?,?)"),
            { newUuidV7(m_ctx.clock.nowMs()), session.tenantId, session.userId, h, uow.now(), uow.now(), session.userId,
                session.userId });
        if (!ins)
            return ins.error();
    }
    RD_TRY(uow.recorded(QStringLiteral("auth.mfa_enable"), QStringLiteral("user"), session.userId, QStringLiteral("update"),
        { { QStringLiteral("mfa_enabled"), true } }));
    RD_TRY(uow.commit());
    return codes;
}

Status AuthService::disableMfa(const Session& session, const QString& userId)
{
    if (userId != session.userId)
        RD_TRY(m_ctx.authz.require(session, Resource::User, Action::Manage, userId));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto up = m_ctx.db.change(QStringLiteral("UPDATE users SET mfa_enabled = 0, mfa_secret = NULL, mfa_pending_secret = NULL, "
                                             "updated_at = ?, updated_by = ? WHERE id = ? AND tenant_id = ?"),
        { uow.now(), session.userId, userId, session.tenantId });
    if (!up)
        return up.error();
    if (up.value() == 0)
        return makeError(ErrorCode::NotFound, QStringLiteral("User not found."));
    RD_TRY(uow.recorded(QStringLiteral("auth.mfa_disable"), QStringLiteral("user"), userId, QStringLiteral("update"),
        { { QStringLiteral("mfa_enabled"), false } }));
    return uow.commit();
}

Status AuthService::changePassword(const Session& session, const QString& currentPassword, const QString& newPassword)
{
    auto row = m_ctx.db.selectOne(QStringLiteral("SELECT password_hash, email FROM users WHERE id = ? AND tenant_id = ?"),
        { session.userId, session.tenantId });
    if (!row)
        return row.error();
    if (!crypto::verifyPassword(currentPassword, row.value().value(0).toString()))
        return authFailed();
    RD_TRY(PasswordPolicy::check(newPassword, row.value().value(1).toString()));
    auto hash = crypto::hashPassword(newPassword);
    if (!hash)
        return hash.error();
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto up = m_ctx.db.change(QStringLiteral("UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ?, "
                                             "updated_by = ? WHERE id = ?"),
        { hash.value(), uow.now(), uow.now(), session.userId, session.userId });
    if (!up)
        return up.error();
    RD_TRY(uow.recorded(QStringLiteral("auth.password_change"), QStringLiteral("user"), session.userId,
        QStringLiteral("update"), { { QStringLiteral("password_hash"), hash.value() } }));
    return uow.commit();
}

Status AuthService::resetPassword(const QString& tenantSlug, const QString& email, const QString& code,
    const QString& newPassword)
{
    auto tenant = resolveTenant(tenantSlug);
    if (!tenant)
        return tenant.error();
    RD_TRY(PasswordPolicy::check(newPassword, email));
    auto user = m_ctx.db.selectOne(
        QStringLiteral("SELECT id FROM users WHERE tenant_id = ? AND email_norm = ? AND deleted_at IS NULL"),
        { tenant.value(), validate::normaliseEmail(email) });
    const Error invalidCode = makeError(ErrorCode::AuthFailed, QStringLiteral("The reset code is not valid or has expired."),
        { { QStringLiteral("reason"), QStringLiteral("bad_reset_code") } });
    if (!user)
        return user.error().code == ErrorCode::NotFound ? invalidCode : user.error();
    const QString userId = user.value().value(0).toString();
    const QString h = crypto::sha256Hex(normaliseCode(code).toUtf8());
    auto row = m_ctx.db.selectOne(QStringLiteral("SELECT id, expires_at FROM auth_codes WHERE user_id = ? AND purpose = "
                                                 "'reset' AND code_hash = ? AND used_at IS NULL"),
        { userId, h });
    if (!row || Clock::fromIso(row.value().value(1).toString()) <= m_ctx.clock.nowMs()) {
        (void)auditAuth(tenant.value(), userId, QStringLiteral("auth.password_reset"), QStringLiteral("failed"),
            { { QStringLiteral("reason"), row ? QStringLiteral("expired") : QStringLiteral("bad_code") } });
        return invalidCode;
    }
    auto hash = crypto::hashPassword(newPassword);
    if (!hash)
        return hash.error();
    Session s;
    s.tenantId = tenant.value();
    s.userId = userId;
    UnitOfWork uow(m_ctx, s);
    RD_TRY(uow.status());
    auto used = m_ctx.db.change(QStringLiteral("UPDATE auth_codes SET used_at = ?, updated_at = ? WHERE id = ? AND used_at IS NULL"),
        { uow.now(), uow.now(), row.value().value(0).toString() });
    if (!used)
        return used.error();
    if (used.value() != 1)
        return invalidCode;
    auto up = m_ctx.db.change(QStringLiteral("UPDATE users SET password_hash = ?, password_changed_at = ?, failed_attempts = 0, "
                                             "locked_until = NULL, updated_at = ?, updated_by = ? WHERE id = ?"),
        { hash.value(), uow.now(), uow.now(), userId, userId });
    if (!up)
        return up.error();
    RD_TRY(uow.recorded(QStringLiteral("auth.password_reset"), QStringLiteral("user"), userId, QStringLiteral("update"),
        { { QStringLiteral("password_hash"), hash.value() } }));
    return uow.commit();
}

} // namespace rd
