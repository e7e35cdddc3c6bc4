#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QStringList>

namespace rd {

struct ServiceContext;

struct SignInRequest {
    QString tenantSlug; // optional when the database holds a single workspace
    QString email;
    QString password;
    QString totpCode;     // when MFA is on
    QString recoveryCode; // instead of totpCode
};

struct MfaEnrollment {
    QString secretBase32;
    QString provisioningUri;
};

// Sign-in with lockout and MFA, offline password reset. Lockout: after kFreeAttempts failed
// attempts, each further failure locks the account for kBaseLockSecs * 2^(n-kFreeAttempts)
// seconds (capped at kMaxLockSecs); the state is persisted so restarting does not reset it.
class AuthService {
public:
    static constexpr int kFreeAttempts = 5;
    static constexpr qint64 kBaseLockSecs = 30;
    static constexpr qint64 kMaxLockSecs = 3600;
    static constexpr int kRecoveryCodes = 10;

    explicit AuthService(ServiceContext& ctx) : m_ctx(ctx) { }

    Result<Session> signIn(const SignInRequest& request);

    Result<MfaEnrollment> beginMfaEnrollment(const Session& session);
    // Confirms with a current code; enables MFA and returns one-time recovery codes (shown once).
    Result<QStringList> confirmMfaEnrollment(const Session& session, const QString& code);
    Status disableMfa(const Session& session, const QString& userId);

    Status changePassword(const Session& session, const QString& currentPassword, const QString& newPassword);
    // Redeems an admin-issued reset code (single use, short expiry).
    Status resetPassword(const QString& tenantSlug, const QString& email, const QString& code, const QString& newPassword);

    static qint64 lockSecondsFor(int failedAttempts);

private:
    Result<QString> resolveTenant(const QString& slug);
    Status auditAuth(const QString& tenantId, const QString& userId, const QString& action, const QString& outcome,
        const QJsonObject& diff);
    Status recordFailure(const QString& tenantId, const QString& userId, int failedBefore, const QString& reason);

    ServiceContext& m_ctx;
};

} // namespace rd
