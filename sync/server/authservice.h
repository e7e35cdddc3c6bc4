#pragma once

#include "common/result.h"
#include "pgdatabase.h"

#include <QJsonObject>
#include <QStringList>

namespace rd::server {

struct TokenPair {
    QString accessToken; // JWT (EdDSA), 15 minutes
    QString refreshToken; // opaque, single use, 7 days; rotating within one family
    QString deviceId;
    qint64 expiresIn = 0;
    QJsonObject toJson() const;
};

// What a valid access token says.
struct AccessClaims {
    QString userId;
    QString tenantId;
    QString deviceId;
    QStringList roles;
    qint64 expiresAt = 0;
};

struct SignInRequest {
    QString tenant; // slug
    QString email;
    QString password;
    QString totp; // when the user has two-factor sign-in
    QString deviceId; // empty: a new device is registered
    QString deviceName;
    QString address; // the client's address, for throttling
    QString joinCode = {}; // an invitation's code (Invitations): password is then the new password
};

// Sign-in on the server (docs/server-admin.md): the server's copy of the users, devices
// registered at first sign-in, Ed25519-signed access tokens and rotating refresh tokens whose
// reuse revokes the whole family, revoked devices refused, failed sign-ins throttled per
// account and per address.
class AuthService {
public:
    static constexpr qint64 kAccessSeconds = 15 * 60;
    static constexpr qint64 kRefreshSeconds = 7 * 24 * 3600;
    static constexpr int kAccountFailures = 5; // per kWindowSeconds
    static constexpr int kAddressFailures = 20; // per kWindowSeconds
    static constexpr qint64 kWindowSeconds = 15 * 60;

    // KEYFILE: the server's key file ([secrets] key_file). With one, token signing keys are kept
    // sealed with it (a copy of the database alone cannot sign tokens) and plain ones are sealed
    // when first used; without one they stay as they are (tools and tests without a key file).
    explicit AuthService(PgDatabase& db, QString keyFile = {})
        : m_db(db)
        , m_keyFile(std::move(keyFile))
    {
    }
    // `keys rotate`: a new signing key for every token from now on; the old one still verifies
    // the access tokens it signed for kKeyGraceSeconds (their lifetime), then none.
    static constexpr qint64 kKeyGraceSeconds = kAccessSeconds;
    Result<QJsonObject> rotateKey();
    // The current signing key opens (made when there is none): for `serve` at start.
    Status signingKeyCheck();
    Result<QJsonArray> signingKeys(); // `keys list`: kid, created_at, retired_at, sealed

    // Admin commands.
    Result<QJsonObject> createTenant(
        const QString& name, const QString& kind, const QString& adminEmail, const QString& password);
    Result<QJsonObject> addUser(
        const QString& tenant, const QString& email, const QString& password, const QString& role);
    Result<QList<QJsonObject>> devices(const QString& tenant);
    // wipe: also order the laptop erased (DeviceLeases::orderWipe), with the reason it shows.
    Status revokeDevice(const QString& deviceId, bool wipe = false, const QString& wipeReason = {});
    // SQL selecting a device's lineage (its predecessors and successors: one laptop), one
    // parameter: the device id.
    static QString lineageQuery();

    Result<TokenPair> signIn(const SignInRequest& request);
    // retryKey: a secret the client made for this exchange and keeps until it has the new
    // tokens. Sent again with the same refresh token within kRetrySeconds (the answer was
    // lost), it gets a new pair instead of revoking the family.
    Result<TokenPair> refresh(const QString& refreshToken, const QString& retryKey = {});
    static constexpr int kRetrySeconds = 120;
    Status signOut(const AccessClaims& claims);
    // A laptop restored from a backup (or a copy of its workspace file) carries on as a new
    // device (docs/sync.md "What can go wrong"): newDeviceId (a UUID the laptop made) is
    // registered for the same user with the signed-in device as its predecessor and origin (where
    // the laptop's history left the predecessor's: its audit chain entry and hash), and gets a
    // sign-in of its own. The predecessor stays (another copy may still use it). Asking again
    // for the same successor (an answer lost) gets another pair.
    // refreshToken: the device's current refresh token, its proof beyond the access token (a
    // leaked access token alone never makes a lasting device).
    Result<TokenPair> succeed(const AccessClaims& claims, const QString& newDeviceId, const QJsonObject& origin,
        const QString& refreshToken);
    Result<AccessClaims> verify(const QString& accessToken);

private:
    Result<TokenPair> issue(const QString& tenantId, const QString& userId, const QStringList& roles,
        const QString& deviceId, const QString& familyId);
    struct SigningKey {
        QString kid;
        QByteArray seed;
        QByteArray publicKey;
    };
    Result<SigningKey> currentKey();
    // The refusal for a revoked device: device_wipe when a wipe was ordered, else device_revoked.
    Error revoked(const QString& deviceId);
    // A new key pair, its seed sealed when there is a key file, inserted (INSERT ... SQL's
    // condition decides whether it is).
    Result<SigningKey> makeKey(const QString& condition);
    Result<QByteArray> sealSeed(const QString& kid, const QByteArray& seed);
    Result<QByteArray> openSeed(const QString& kid, const QByteArray& stored);
    Result<QByteArray> publicKey(const QString& kid);
    // Counts a sign-in attempt against KEY (an account or an address) at once; LockedOut when
    // the window held LIMIT already. releaseAttempt gives back the count of one that did not fail.
    Status reserveAttempt(const QString& key, int limit);
    void releaseAttempt(const QString& key);
    // signIn after the attempt is counted; FAILED: it failed in a way that keeps its count.
    Result<TokenPair> checkSignIn(const SignInRequest& req, const QString& email, bool& failed);
    PgDatabase& m_db;
    QString m_keyFile;
};

} // namespace rd::server
