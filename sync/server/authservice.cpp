#include "authservice.h"

#include "serversettings.h"

#include <QUuid>

#include "auth/passwordpolicy.h"
#include "auth/totp.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "crypto/crypto.h"
#include "httpapp.h"
#include "invitations.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace rd::server {

namespace {
// Row ids as everywhere in RecruitDesk: UUIDv7 (time-ordered).
QString newId() { return newUuidV7(); }

QByteArray b64(const QByteArray& data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

Error authFailed(
    const QString& reason, const QString& message = QStringLiteral("The email, password or code is not right."))
{
    return Error { ErrorCode::AuthFailed, message, { { QStringLiteral("reason"), reason } } };
}

QStringList roleList(const QVariant& pgArray)
{
    // QPSQL hands text[] over as "{a,b}".
    QString s = pgArray.toString();
    s.remove(QLatin1Char('{')).remove(QLatin1Char('}'));
    return s.split(QLatin1Char(','), Qt::SkipEmptyParts);
}

qint64 nowSecs()
{
    return QDateTime::currentSecsSinceEpoch();
}
} // namespace

QJsonObject TokenPair::toJson() const
{
    return { { QStringLiteral("access_token"), accessToken }, { QStringLiteral("refresh_token"), refreshToken },
        { QStringLiteral("token_type"), QStringLiteral("Bearer") }, { QStringLiteral("expires_in"), expiresIn },
        { QStringLiteral("device_id"), deviceId } };
}

Result<QJsonObject> AuthService::createTenant(
    const QString& name, const QString& kind, const QString& adminEmail, const QString& password)
{
    const QString slug = validate::slugify(name);
    if (name.trimmed().isEmpty())
        return Error { ErrorCode::ValidationFailed, QStringLiteral("The tenant needs a name."),
            { { QStringLiteral("field"), QStringLiteral("name") } } };
    RD_TRY(validate::slug(slug));
    if (!QStringList { "agency", "employer", "school" }.contains(kind))
        return Error { ErrorCode::ValidationFailed, QStringLiteral("The kind is agency, employer or school."),
            { { QStringLiteral("field"), QStringLiteral("kind") } } };
    const QString email = validate::normaliseEmail(adminEmail);
    RD_TRY(validate::email(email));
    RD_TRY(PasswordPolicy::check(password, email));
    auto hash = crypto::hashPassword(password);
    if (!hash) return hash.error();
    auto taken = m_db.select(QStringLiteral("SELECT 1 FROM tenants WHERE slug = ?"), { slug });
    if (!taken) return taken.error();
    if (!taken.value().isEmpty())
        return Error { ErrorCode::Conflict, QStringLiteral("A tenant named %1 exists already.").arg(slug),
            { { QStringLiteral("slug"), slug } } };
    const QString tenantId = newId(), userId = newId();
    RD_TRY(m_db.begin());
    auto t = m_db.exec(QStringLiteral("INSERT INTO tenants (id, name, slug, kind) VALUES (?,?,?,?)"),
        { tenantId, name.trimmed(), slug, kind });
    auto u = t
        ? m_db.exec(
            QStringLiteral("INSERT INTO users (id, tenant_id, email, password_hash, roles) VALUES (?,?,?,?,'{admin}')"),
            { userId, tenantId, email, hash.value() })
        : Result<int>(t.error());
    if (!u) {
        m_db.rollback();
        return u.error();
    }
    RD_TRY(m_db.commit());
    return QJsonObject { { QStringLiteral("tenant_id"), tenantId }, { QStringLiteral("slug"), slug },
        { QStringLiteral("admin_id"), userId }, { QStringLiteral("admin_email"), email } };
}

Result<QJsonObject> AuthService::addUser(
    const QString& tenant, const QString& emailIn, const QString& password, const QString& role)
{
    if (!QStringList { "admin", "recruiter", "hiring_manager", "viewer" }.contains(role))
        return Error { ErrorCode::ValidationFailed,
            QStringLiteral("The role is admin, recruiter, hiring_manager or viewer."),
            { { QStringLiteral("field"), QStringLiteral("role") } } };
    auto t = m_db.select(QStringLiteral("SELECT id FROM tenants WHERE slug = ? OR id = ?"), { tenant, tenant });
    if (!t) return t.error();
    if (t.value().isEmpty())
        return Error { ErrorCode::NotFound, QStringLiteral("No tenant %1.").arg(tenant),
            { { QStringLiteral("tenant"), tenant } } };
    const QString email = validate::normaliseEmail(emailIn);
    RD_TRY(validate::email(email));
    RD_TRY(PasswordPolicy::check(password, email));
    auto hash = crypto::hashPassword(password);
    if (!hash) return hash.error();
    const QString id = newId();
    auto ins
        = m_db.exec(QStringLiteral("INSERT INTO users (id, tenant_id, email, password_hash, roles) VALUES (?,?,?,?,?) "
                                   "ON CONFLICT (tenant_id, email) DO NOTHING"),
            { id, t.value().first().value(0).toString(), email, hash.value(), QStringLiteral("{%1}").arg(role) });
    if (!ins) return ins.error();
    if (ins.value() == 0)
        return Error { ErrorCode::Conflict, QStringLiteral("%1 is a user of this tenant already.").arg(email),
            { { QStringLiteral("email"), email } } };
    return QJsonObject { { QStringLiteral("user_id"), id }, { QStringLiteral("email"), email },
        { QStringLiteral("role"), role } };
}

Result<QList<QJsonObject>> AuthService::devices(const QString& tenant)
{
    auto rows = m_db.select(
        QStringLiteral(
            "SELECT d.id, t.slug, u.email, d.name, d.last_dev_seq, d.created_at, d.last_seen_at, d.revoked_at, "
            "coalesce(d.predecessor, ''), d.lease_until, d.wipe_requested_at, d.wiped_at FROM devices d JOIN tenants t ON t.id = d.tenant_id LEFT JOIN users u ON u.id = d.user_id "
            "WHERE (? = '' OR t.slug = ? OR t.id = ?) ORDER BY t.slug, d.created_at"),
        { tenant, tenant, tenant });
    if (!rows) return rows.error();
    QList<QJsonObject> out;
    auto time = [](const QVariant& v) {
        return v.isNull() ? QJsonValue() : QJsonValue(v.toDateTime().toUTC().toString(Qt::ISODate));
    };
    for (const auto& r : rows.value())
        out << QJsonObject { { QStringLiteral("id"), r.value(0).toString() },
            { QStringLiteral("tenant"), r.value(1).toString() }, { QStringLiteral("user"), r.value(2).toString() },
            { QStringLiteral("name"), r.value(3).toString() },
            { QStringLiteral("last_dev_seq"), r.value(4).toLongLong() },
            { QStringLiteral("created_at"), time(r.value(5)) }, { QStringLiteral("last_seen_at"), time(r.value(6)) },
            { QStringLiteral("revoked_at"), time(r.value(7)) },
            // A restored or copied workspace file carrying on (docs/sync.md): the device it succeeded.
            { QStringLiteral("predecessor"), r.value(8).toString().isEmpty() ? QJsonValue() : QJsonValue(r.value(8).toString()) },
            // Its key lease (decision 0024): until when the laptop opens offline; a wipe ordered
            // and when the laptop said it was done.
            { QStringLiteral("lease_until"), time(r.value(9)) }, { QStringLiteral("wipe_requested_at"), time(r.value(10)) },
            { QStringLiteral("wiped_at"), time(r.value(11)) } };
    return out;
}

QString AuthService::lineageQuery()
{
    return QStringLiteral(
        "WITH RECURSIVE up(id, depth) AS (SELECT ?::text, 0 UNION SELECT d.predecessor, up.depth + 1 FROM devices d JOIN up "
        "ON d.id = up.id WHERE d.predecessor IS NOT NULL AND up.depth < 1000), down(id, depth) AS (SELECT id, 0 FROM up UNION "
        "SELECT d.id, down.depth + 1 FROM devices d JOIN down ON d.predecessor = down.id WHERE down.depth < 1000) SELECT id "
        "FROM down");
}

Error AuthService::revoked(const QString& deviceId)
{
    // A wipe ordered with the revocation (`device revoke --wipe`) is said to the laptop, which
    // then erases its workspace (decision 0024).
    auto w = m_db.select(QStringLiteral("SELECT wipe_reason FROM devices WHERE id = ? AND wipe_requested_at IS NOT NULL"), { deviceId });
    if (w && !w.value().isEmpty())
        return Error { ErrorCode::PermissionDenied,
            QStringLiteral("An administrator had RecruitDesk's workspace erased from this device: %1")
                .arg(w.value().first().value(0).toString()),
            { { QStringLiteral("reason"), QStringLiteral("device_wipe") },
                { QStringLiteral("wipe_reason"), w.value().first().value(0).toString() } } };
    return Error { ErrorCode::PermissionDenied, QStringLiteral("This device was revoked by an administrator."),
        { { QStringLiteral("reason"), QStringLiteral("device_revoked") } } };
}

Status AuthService::revokeDevice(const QString& deviceId, bool wipe, const QString& wipeReason)
{
    RD_TRY(m_db.begin());
    // The whole lineage goes: a laptop that carried on as a new device (restored from a backup
    // or copied) is the same laptop, and so are the devices it came from.
    const QString lineage = lineageQuery();
    // With a wipe (decision 0024) in the same transaction: the order, its reason and the lease
    // keys destroyed, so no device of the lineage is ever revoked without it or leased after it.
    auto d = wipe ? m_db.exec(QStringLiteral("UPDATE devices SET revoked_at = coalesce(revoked_at, now()), wipe_requested_at = "
                                             "coalesce(wipe_requested_at, now()), wipe_reason = ?, lease_key = NULL, "
                                             "lease_sealed = false WHERE id IN (%1)")
                                  .arg(lineage),
                        { wipeReason, deviceId })
                  : m_db.exec(QStringLiteral("UPDATE devices SET revoked_at = coalesce(revoked_at, now()) WHERE id IN (%1)").arg(lineage),
                        { deviceId });
    auto r = d
        ? m_db.exec(
            QStringLiteral("UPDATE refresh_tokens SET revoked_at = now() WHERE device_id IN (%1) AND revoked_at IS NULL").arg(lineage),
            { deviceId })
        : Result<int>(d.error());
    if (!r) {
        m_db.rollback();
        return r.error();
    }
    if (d.value() == 0) {
        m_db.rollback();
        return Error { ErrorCode::NotFound, QStringLiteral("No device %1.").arg(deviceId),
            { { QStringLiteral("device"), deviceId } } };
    }
    return m_db.commit();
}

Status AuthService::reserveAttempt(const QString& key, int limit)
{
    // One statement counts the attempt and reads the window back (the row is locked while it
    // is written), so parallel guesses cannot all pass a check made before any failure was
    // recorded. A window starts with the first attempt; an expired window starts again.
    auto r = m_db.select(QStringLiteral("INSERT INTO sign_in_attempts (key, window_start, failures) VALUES (?, now(), 1) "
                                        "ON CONFLICT (key) DO UPDATE SET "
                                        "failures = CASE WHEN sign_in_attempts.window_start < now() - make_interval(secs "
                                        "=> ?) THEN 1 ELSE sign_in_attempts.failures + 1 END, window_start = CASE WHEN "
                                        "sign_in_attempts.window_start < now() - make_interval(secs => ?) THEN now() "
                                        "ELSE sign_in_attempts.window_start END "
                                        "RETURNING failures, extract(epoch FROM window_start)::bigint"),
        { key, double(kWindowSeconds), double(kWindowSeconds) });
    if (!r) return r.error();
    if (r.value().isEmpty()) return Error { ErrorCode::StorageError, QStringLiteral("cannot count a sign-in"), {} };
    const int attempts = r.value().first().value(0).toInt();
    const qint64 start = r.value().first().value(1).toLongLong();
    if (attempts > limit)
        return Error { ErrorCode::LockedOut, QStringLiteral("Too many failed sign-ins; try again later."),
            { { QStringLiteral("retry_after"), qMax<qint64>(1, kWindowSeconds - (nowSecs() - start)) } } };
    return {};
}

void AuthService::releaseAttempt(const QString& key)
{
    (void)m_db.exec(
        QStringLiteral("UPDATE sign_in_attempts SET failures = greatest(failures - 1, 0) WHERE key = ?"), { key });
}

Result<TokenPair> AuthService::signIn(const SignInRequest& req)
{
    const QString email = validate::normaliseEmail(req.email);
    // Checked before anything is counted or looked up (a throttle key is an index entry).
    if (email.size() > 254 || req.tenant.size() > 100 || req.password.size() > 1024)
        return Error { ErrorCode::ValidationFailed, QStringLiteral("The email, workspace or password is too long."),
            { { QStringLiteral("reason"), QStringLiteral("too_long") } } };
    // The account is its email, whether or not the workspace is named (leaving it out must not
    // give the same account a second allowance); keys are hashes, of one length.
    const QString accountKey = QStringLiteral("account:") + QString::fromLatin1(crypto::sha256(email.toUtf8()).toHex());
    const QString addressKey = QStringLiteral("address:") + QString::fromLatin1(crypto::sha256(req.address.toUtf8()).toHex());
    // Every attempt counts before the password is checked; one that did not fail gives its
    // count back.
    RD_TRY(reserveAttempt(accountKey, kAccountFailures));
    if (!req.address.isEmpty()) {
        if (const Status s = reserveAttempt(addressKey, kAddressFailures); !s) {
            releaseAttempt(accountKey);
            return s.error();
        }
    }
    bool failed = false;
    auto result = checkSignIn(req, email, failed);
    if (result) // the account's failures are forgiven
        (void)m_db.exec(QStringLiteral("DELETE FROM sign_in_attempts WHERE key = ?"), { accountKey });
    else if (!failed)
        releaseAttempt(accountKey);
    if (!failed && !req.address.isEmpty()) releaseAttempt(addressKey);
    return result;
}

Result<TokenPair> AuthService::checkSignIn(const SignInRequest& req, const QString& email, bool& failed)
{
    auto fail = [&](const Error& e) -> Result<TokenPair> {
        failed = true;
        return e;
    };
    auto rows = m_db.select(
        QStringLiteral(
            "SELECT u.id, u.tenant_id, u.password_hash, u.totp_secret, u.roles, u.active, t.status, u.totp_last_step, "
            "u.invited FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE (t.slug = ? OR ? = '') AND u.email = ? LIMIT 2"),
        { req.tenant.trimmed().toLower(), req.tenant.trimmed(), email });
    if (!rows) return rows.error();
    // Without a tenant the email must name one account.
    if (rows.value().size() > 1)
        return Error { ErrorCode::ValidationFailed,
            QStringLiteral("This email has accounts in several workspaces; name the workspace (tenant)."),
            { { QStringLiteral("field"), QStringLiteral("tenant") }, { QStringLiteral("reason"), QStringLiteral("tenant_required") } } };
    // The same answer and about the same work whether or not the account exists.
    static const QString dummy = crypto::hashPassword(QStringLiteral("not-a-real-password-at-all")).value();
    // With a join code, one answer for every failure before the code is verified (no account, not
    // invited, wrong, expired or used code), so the code path tells nobody which emails exist.
    const auto joinRefused = [&] {
        return fail(authFailed(QStringLiteral("join_code"),
            QStringLiteral("The email or join code is not right, or the code has expired. If you already chose your "
                           "password with this code, sign in with it; otherwise ask your administrator for a new "
                           "invitation.")));
    };
    if (rows.value().isEmpty()) {
        crypto::verifyPassword(req.password, dummy);
        return req.joinCode.isEmpty() ? fail(authFailed(QStringLiteral("credentials"))) : joinRefused();
    }
    const QSqlRecord& u = rows.value().first();
    if (!req.joinCode.isEmpty()) {
        // An invited colleague's first sign-in: the join code instead of a password, and the
        // password they choose now.
        if (!u.value(5).toBool()) return joinRefused();
        if (!u.value(8).toBool()) {
            // Joined with this code already (the answer, or the pull after it, was lost): the
            // code of the account's last used invitation with the password chosen then signs in
            // as usual, so the same form works again; anything else gets the same refusal.
            if (!Invitations(m_db).matchesUsed(u.value(0).toString(), req.joinCode)
                || !crypto::verifyPassword(req.password, u.value(2).toString()))
                return joinRefused();
        }
    }
    if (!req.joinCode.isEmpty() && u.value(8).toBool()) {
        // Redeeming, with the account row locked: an invitation made meanwhile
        // (Invitations::make) waits and then finds the account no longer invited.
        auto hash = crypto::hashPassword(req.password);
        if (!hash) return hash.error();
        RD_TRY(m_db.begin());
        auto locked = m_db.select(QStringLiteral("SELECT invited FROM users WHERE id = ? FOR UPDATE"), { u.value(0).toString() });
        if (!locked || locked.value().isEmpty() || !locked.value().first().value(0).toBool()) {
            m_db.rollback();
            return locked ? joinRefused() : Result<TokenPair>(locked.error());
        }
        if (const Status redeemed = Invitations(m_db).redeem(u.value(0).toString(), req.joinCode); !redeemed) {
            if (redeemed.error().code != ErrorCode::AuthFailed) {
                m_db.rollback();
                return redeemed.error();
            }
            if (const Status c = m_db.commit(); !c) return c.error(); // a wrong try counts
            return joinRefused();
        }
        // The code was right: a password the policy refuses, or a suspended workspace, leaves the
        // code unspent.
        if (const Status policy = PasswordPolicy::check(req.password, email); !policy) {
            m_db.rollback();
            return policy.error();
        }
        if (u.value(6).toString() != QLatin1String("active")) {
            m_db.rollback();
            return Error { ErrorCode::TenantSuspended, QStringLiteral("This workspace is suspended."), {} };
        }
        auto set = m_db.exec(QStringLiteral("UPDATE users SET password_hash = ?, invited = false WHERE id = ? AND invited"),
            { hash.value(), u.value(0).toString() });
        if (!set || set.value() != 1) {
            m_db.rollback();
            return set ? joinRefused() : Result<TokenPair>(set.error());
        }
        RD_TRY(m_db.commit());
    } else if (req.joinCode.isEmpty()
        && (!crypto::verifyPassword(req.password, u.value(2).toString()) || !u.value(5).toBool())) {
        return fail(authFailed(QStringLiteral("credentials")));
    }
    if (u.value(6).toString() != QLatin1String("active"))
        return Error { ErrorCode::TenantSuspended, QStringLiteral("This workspace is suspended."), {} };
    const QString totpSecret = u.value(3).toString();
    if (!totpSecret.isEmpty()) {
        if (req.totp.isEmpty())
            return Error { ErrorCode::MfaRequired, QStringLiteral("Enter the code from your authenticator app."),
                { { QStringLiteral("reason"), QStringLiteral("mfa_required") } } };
        const qint64 step
            = totp::verify(crypto::base32Decode(totpSecret), req.totp, nowSecs(), u.value(7).toLongLong());
        if (step < 0) return fail(authFailed(QStringLiteral("totp")));
        // A code works once.
        auto used = m_db.exec(QStringLiteral("UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?"),
            { step, u.value(0).toString(), step });
        if (!used) return used.error();
        if (used.value() == 0) return fail(authFailed(QStringLiteral("totp")));
    }
    const QString userId = u.value(0).toString(), tenantId = u.value(1).toString();
    QString deviceId = req.deviceId;
    bool register_ = false;
    if (!deviceId.isEmpty()) {
        auto d
            = m_db.select(QStringLiteral("SELECT user_id, tenant_id, revoked_at IS NOT NULL FROM devices WHERE id = ?"),
                { deviceId });
        if (!d) return d.error();
        if (!d.value().isEmpty()) {
            const QSqlRecord& r = d.value().first();
            // Whose device it is first: a wipe's reason is said to its own user only.
            if (r.value(1).toString() != tenantId || r.value(0).toString() != userId)
                return Error { ErrorCode::PermissionDenied, QStringLiteral("This device belongs to another user."),
                    { { QStringLiteral("reason"), QStringLiteral("device_mismatch") } } };
            if (r.value(2).toBool())
                return revoked(deviceId);
        } else if (isUuid(deviceId)) {
            // (Only the one form the desktop writes: any other spelling of a known id, or an id
            // with more after it, would be a second name for that device.)
            // A device known by its own id (a desktop's database names itself): registered
            // under that id, so its audit chain and its changes carry the same one.
            register_ = true;
        } else {
            deviceId.clear();
        }
    }
    if (deviceId.isEmpty()) {
        deviceId = newId();
        register_ = true;
    }
    if (register_) {
        auto ins = m_db.exec(QStringLiteral("INSERT INTO devices (id, tenant_id, user_id, name) VALUES (?,?,?,?)"),
            { deviceId, tenantId, userId, req.deviceName.left(200) });
        if (!ins) return ins.error();
    }
    (void)m_db.exec(QStringLiteral("UPDATE devices SET last_seen_at = now() WHERE id = ?"), { deviceId });
    return issue(tenantId, userId, roleList(u.value(4)), deviceId, newId());
}

namespace {
// Text PostgreSQL's jsonb can hold: no NUL character, no lone surrogate.
bool validText(const QJsonValue& v)
{
    if (v.isString()) {
        const QString s = v.toString();
        if (s.contains(QChar(0))) return false;
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s[i].isHighSurrogate() && i + 1 < s.size() && s[i + 1].isLowSurrogate()) {
                ++i;
                continue;
            }
            if (s[i].isSurrogate()) return false;
        }
        return true;
    }
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            if (!validText(QJsonValue(it.key())) || !validText(it.value())) return false;
    }
    if (v.isArray())
        for (const QJsonValue& item : v.toArray())
            if (!validText(item)) return false;
    return true;
}
} // namespace

Result<TokenPair> AuthService::succeed(
    const AccessClaims& claims, const QString& newDeviceId, const QJsonObject& origin, const QString& refreshToken)
{
    if (!isUuid(newDeviceId) || newDeviceId == claims.deviceId)
        return Error { ErrorCode::ValidationFailed, QStringLiteral("device_id must be a new UUID."),
            { { QStringLiteral("field"), QStringLiteral("device_id") } } };
    if (QJsonDocument(origin).toJson(QJsonDocument::Compact).size() > 4096)
        return Error { ErrorCode::ValidationFailed, QStringLiteral("origin is too large."),
            { { QStringLiteral("field"), QStringLiteral("origin") } } };
    if (!validText(origin))
        return Error { ErrorCode::ValidationFailed, QStringLiteral("origin holds text the server cannot store."),
            { { QStringLiteral("field"), QStringLiteral("origin") } } };
    RD_TRY(m_db.begin());
    auto fail = [&](const Error& e) -> Result<TokenPair> {
        m_db.rollback();
        return e;
    };
    // The device's live refresh token: what only the laptop holds (its workspace file, sealed).
    auto proof = m_db.select(QStringLiteral("SELECT 1 FROM refresh_tokens WHERE token_hash = ? AND device_id = ? AND user_id = ? "
                                            "AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()"),
        { crypto::sha256(refreshToken.toUtf8()), claims.deviceId, claims.userId });
    if (!proof) return fail(proof.error());
    if (refreshToken.isEmpty() || proof.value().isEmpty())
        return fail(Error { ErrorCode::AuthFailed,
            QStringLiteral("Carrying on as a new device needs this device's current sign-in (its refresh token)."),
            { { QStringLiteral("reason"), QStringLiteral("refresh_token_required") } } });
    auto rows = m_db.select(QStringLiteral("SELECT id, tenant_id, user_id, coalesce(predecessor, ''), revoked_at IS NOT "
                                           "NULL, name FROM devices WHERE id IN (?, ?) FOR UPDATE"),
        { claims.deviceId, newDeviceId });
    if (!rows) return fail(rows.error());
    QString name;
    bool known = false, again = false;
    for (const QSqlRecord& r : rows.value()) {
        const bool self = r.value(0).toString() == claims.deviceId;
        if (r.value(1).toString() != claims.tenantId || r.value(2).toString() != claims.userId
            || (!self && r.value(3).toString() != claims.deviceId))
            return fail(Error { ErrorCode::Conflict, QStringLiteral("That device id is taken."),
                { { QStringLiteral("reason"), QStringLiteral("device_exists") } } });
        if (r.value(4).toBool())
            return fail(revoked(claims.deviceId));
        if (self) {
            known = true;
            name = r.value(5).toString();
        } else {
            again = true;
        }
    }
    if (!known)
        return fail(Error { ErrorCode::PermissionDenied, QStringLiteral("This device is not registered."),
            { { QStringLiteral("reason"), QStringLiteral("device_revoked") } } });
    if (!again) {
        // Only a device the server just told that its numbers or audit chain differ from what
        // it has (a restored or copied file) may carry on as a new one: an access token alone
        // (15 minutes, perhaps leaked) never makes a lasting device.
        auto due = m_db.select(QStringLiteral("SELECT renewal_due_at > now() - interval '15 minutes' FROM devices WHERE id = ?"),
            { claims.deviceId });
        if (!due) return fail(due.error());
        if (due.value().isEmpty() || !due.value().first().value(0).toBool())
            return fail(Error { ErrorCode::Conflict,
                QStringLiteral("This device has nothing to carry on from: the server has not found its file restored or "
                               "copied."),
                { { QStringLiteral("reason"), QStringLiteral("renewal_not_due") } } });
        auto clear = m_db.exec(QStringLiteral("UPDATE devices SET renewal_due_at = NULL WHERE id = ?"), { claims.deviceId });
        if (!clear) return fail(clear.error());
        RD_TRY(m_db.scopeToTenant(claims.tenantId));
        auto head = m_db.select(QStringLiteral("SELECT coalesce((SELECT server_seq FROM tenant_counters WHERE tenant_id = ?), 0)"),
            { claims.tenantId });
        if (!head) return fail(head.error());
        auto ins = m_db.exec(QStringLiteral("INSERT INTO devices (id, tenant_id, user_id, name, predecessor, origin, registered_seq) "
                                            "VALUES (?,?,?,?,?,?::jsonb,?)"),
            { newDeviceId, claims.tenantId, claims.userId, name, claims.deviceId,
                QString::fromUtf8(QJsonDocument(origin).toJson(QJsonDocument::Compact)), head.value().first().value(0).toLongLong() });
        if (!ins) return fail(ins.error());
    }
    RD_TRY(m_db.commit());
    logJson(QStringLiteral("warning"), QStringLiteral("a restored or copied laptop carries on as a new device"),
        { { QStringLiteral("device_id"), newDeviceId }, { QStringLiteral("predecessor"), claims.deviceId },
            { QStringLiteral("user_id"), claims.userId }, { QStringLiteral("origin"), origin },
            { QStringLiteral("again"), again } });
    return issue(claims.tenantId, claims.userId, claims.roles, newDeviceId, newId());
}

Result<TokenPair> AuthService::refresh(const QString& refreshToken, const QString& retryKey)
{
    const QByteArray hash = crypto::sha256(refreshToken.toUtf8());
    const QByteArray retryHash = retryKey.isEmpty() ? QByteArray() : crypto::sha256(retryKey.toUtf8());
    RD_TRY(m_db.begin());
    auto rows = m_db.select(
        QStringLiteral("SELECT r.id, r.family_id, r.tenant_id, r.user_id, r.device_id, r.used_at IS NOT NULL, "
                       "r.revoked_at IS NOT NULL, r.expires_at < now(), d.revoked_at IS NOT NULL, u.roles, u.active, "
                       "r.used_at > now() - make_interval(secs => ?) AND r.retry_key_hash = ? AND NOT EXISTS (SELECT 1 FROM "
                       "refresh_tokens f WHERE f.family_id = r.family_id AND f.used_at > r.used_at), "
                       "r.retry_key_hash = ?, coalesce(t.status, '') FROM refresh_tokens r JOIN devices d ON d.id = r.device_id "
                       "JOIN users u ON u.id = r.user_id LEFT JOIN tenants t ON t.id = r.tenant_id "
                       "WHERE r.token_hash = ? FOR UPDATE OF r"),
        { kRetrySeconds, retryHash.isEmpty() ? QVariant(QByteArray("-")) : QVariant(retryHash),
            retryHash.isEmpty() ? QVariant(QByteArray("-")) : QVariant(retryHash), hash });
    if (!rows) {
        m_db.rollback();
        return rows.error();
    }
    if (rows.value().isEmpty()) {
        m_db.rollback();
        return authFailed(QStringLiteral("unknown_token"), QStringLiteral("Sign in again."));
    }
    const QSqlRecord r = rows.value().first();
    if (r.value(8).toBool()) {
        // (Its tokens were revoked with it: said as it is, not as a reused token.)
        m_db.rollback();
        return revoked(r.value(4).toString());
    }
    const bool retry = r.value(5).toBool() && !r.value(6).toBool() && r.value(11).toBool();
    // The same exchange (same token, same retry key) arriving again after the device has moved
    // on (a duplicated request delivered late): it was answered; nothing more to do and nothing
    // to end. Only the device had the retry key with the token.
    const bool superseded = !retry && r.value(5).toBool() && !r.value(6).toBool() && r.value(12).toBool();
    if (superseded) {
        m_db.rollback();
        return authFailed(QStringLiteral("superseded"), QStringLiteral("This renewal was answered before."));
    }
    if (retry) {
        // The same exchange again (its answer was lost, or the request arrived twice, even at the
        // same moment): another pair, beside the one issued then, which stays valid: the client
        // may hold either. Whichever it uses first retires the other (below).
    } else if (r.value(5).toBool() || r.value(6).toBool()) {
        // A spent token used again: someone has a copy. The whole family goes.
        auto revoked = m_db.exec(
            QStringLiteral("UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = ? AND revoked_at IS NULL"),
            { r.value(1).toString() });
        if (!revoked) {
            m_db.rollback();
            return revoked.error();
        }
        RD_TRY(m_db.commit());
        return authFailed(QStringLiteral("token_reused"),
            QStringLiteral("This sign-in was used twice and has been ended; sign in again. (A workspace file restored "
                           "from a backup or copied to another computer uses an old sign-in: after signing in again it "
                           "carries on as a new device.)"));
    }
    if (!r.value(10).toBool()) {
        // Said as it is (not "sign in again"): the laptop drops its key lease (decision 0024).
        // Nothing is spent: the same token renews once the account is enabled again.
        m_db.rollback();
        return Error { ErrorCode::PermissionDenied, QStringLiteral("This account is disabled; ask your administrator."),
            { { QStringLiteral("reason"), QStringLiteral("account_disabled") } } };
    }
    if (r.value(7).toBool()) {
        m_db.rollback();
        return authFailed(QStringLiteral("expired"), QStringLiteral("Sign in again."));
    }
    if (r.value(13).toString() != QLatin1String("active")) {
        // Nothing is spent: the same token renews once the workspace is active again.
        m_db.rollback();
        return Error { ErrorCode::TenantSuspended, QStringLiteral("This workspace is suspended on the sync server."),
            { { QStringLiteral("reason"), QStringLiteral("tenant_suspended") } } };
    }
    if (r.value(8).toBool()) {
        m_db.rollback();
        return revoked(r.value(4).toString());
    }
    auto used = retry ? Result<int>(1)
                      : m_db.exec(QStringLiteral("UPDATE refresh_tokens SET used_at = now(), retry_key_hash = ? WHERE id = ?"),
                          { retryHash.isEmpty() ? QVariant() : QVariant(retryHash),
                              r.value(0).toString() });
    if (!used) {
        m_db.rollback();
        return used.error();
    }
    if (!retry) {
        // This token's unused alternatives (pairs issued to retries of the exchange that made it)
        // are retired: the client holds this one. One presented later is a copy (reuse).
        auto retired = m_db.exec(QStringLiteral("UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = ? AND id <> ? "
                                                "AND used_at IS NULL AND revoked_at IS NULL"),
            { r.value(1).toString(), r.value(0).toString() });
        if (!retired) {
            m_db.rollback();
            return retired.error();
        }
    }
    auto pair = issue(r.value(2).toString(), r.value(3).toString(), roleList(r.value(9)), r.value(4).toString(),
        r.value(1).toString());
    if (!pair) {
        m_db.rollback();
        return pair.error();
    }
    RD_TRY(m_db.commit());
    return pair;
}

Status AuthService::signOut(const AccessClaims& claims)
{
    auto r = m_db.exec(
        QStringLiteral("UPDATE refresh_tokens SET revoked_at = now() WHERE device_id = ? AND revoked_at IS NULL"),
        { claims.deviceId });
    return r ? Status() : Status(r.error());
}

Result<TokenPair> AuthService::issue(const QString& tenantId, const QString& userId, const QStringList& roles,
    const QString& deviceId, const QString& familyId)
{
    auto key = currentKey();
    if (!key) return key.error();
    const qint64 now = nowSecs();
    const QJsonObject header { { QStringLiteral("alg"), QStringLiteral("EdDSA") },
        { QStringLiteral("typ"), QStringLiteral("JWT") }, { QStringLiteral("kid"), key.value().kid } };
    const QJsonObject payload { { QStringLiteral("iss"), QStringLiteral("recruitdesk-server") },
        { QStringLiteral("sub"), userId }, { QStringLiteral("tid"), tenantId }, { QStringLiteral("did"), deviceId },
        { QStringLiteral("roles"), QJsonArray::fromStringList(roles) }, { QStringLiteral("iat"), now },
        { QStringLiteral("exp"), now + kAccessSeconds }, { QStringLiteral("jti"), newId() } };
    const QByteArray signingInput = b64(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + b64(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    auto sig = crypto::ed25519Sign(key.value().seed, signingInput);
    if (!sig) return sig.error();
    TokenPair pair;
    pair.accessToken = QString::fromLatin1(signingInput + '.' + b64(sig.value()));
    pair.refreshToken = QString::fromLatin1(b64(crypto::randomBytes(32)));
    pair.deviceId = deviceId;
    pair.expiresIn = kAccessSeconds;
    auto ins = m_db.exec(
        QStringLiteral(
            "INSERT INTO refresh_tokens (id, family_id, tenant_id, user_id, device_id, token_hash, expires_at) "
            "VALUES (?,?,?,?,?,?, now() + make_interval(secs => ?))"),
        { newId(), familyId, tenantId, userId, deviceId, crypto::sha256(pair.refreshToken.toUtf8()),
            double(kRefreshSeconds) });
    if (!ins) return ins.error();
    return pair;
}

Result<AccessClaims> AuthService::verify(const QString& token)
{
    const QList<QByteArray> parts = token.toLatin1().split('.');
    if (parts.size() != 3) return authFailed(QStringLiteral("malformed_token"), QStringLiteral("Sign in again."));
    const QJsonObject header
        = QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding)).object();
    const QJsonObject payload
        = QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding)).object();
    if (header.value(QStringLiteral("alg")) != QLatin1String("EdDSA"))
        return authFailed(QStringLiteral("malformed_token"), QStringLiteral("Sign in again."));
    auto pub = publicKey(header.value(QStringLiteral("kid")).toString());
    if (!pub) return authFailed(QStringLiteral("unknown_key"), QStringLiteral("Sign in again."));
    if (!crypto::ed25519Verify(
            pub.value(), parts[0] + '.' + parts[1], QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding)))
        return authFailed(QStringLiteral("bad_signature"), QStringLiteral("Sign in again."));
    AccessClaims c;
    c.userId = payload.value(QStringLiteral("sub")).toString();
    c.tenantId = payload.value(QStringLiteral("tid")).toString();
    c.deviceId = payload.value(QStringLiteral("did")).toString();
    c.expiresAt = payload.value(QStringLiteral("exp")).toInteger();
    for (const QJsonValue& r : payload.value(QStringLiteral("roles")).toArray())
        c.roles << r.toString();
    if (c.expiresAt <= nowSecs()) return authFailed(QStringLiteral("expired"), QStringLiteral("Sign in again."));
    // Revoking the device, disabling the account or suspending the tenant takes effect at the
    // next request, not when the access token runs out.
    auto d = m_db.select(QStringLiteral("SELECT d.revoked_at IS NOT NULL, coalesce(u.active, false), coalesce(t.status, ''), "
                                        "d.user_id = ? AND d.tenant_id = ? FROM devices d LEFT JOIN users u ON u.id = "
                                        "d.user_id LEFT JOIN tenants t ON t.id = d.tenant_id WHERE d.id = ?"),
        { c.userId, c.tenantId, c.deviceId });
    if (!d) return d.error();
    if (d.value().isEmpty())
        // (A database restored from a backup older than the device's registration, say.)
        return authFailed(QStringLiteral("device_unknown"),
            QStringLiteral("This device is not known to the sync server (it may have been restored from a backup); sign "
                           "in again."));
    if (!d.value().first().value(3).toBool())
        return Error { ErrorCode::PermissionDenied, QStringLiteral("This device was revoked by an administrator."),
            { { QStringLiteral("reason"), QStringLiteral("device_revoked") } } };
    if (d.value().first().value(0).toBool()) return revoked(c.deviceId);
    if (!d.value().first().value(1).toBool())
        return Error { ErrorCode::PermissionDenied, QStringLiteral("This account is disabled; ask your administrator."),
            { { QStringLiteral("reason"), QStringLiteral("account_disabled") } } };
    if (d.value().first().value(2).toString() != QLatin1String("active"))
        return Error { ErrorCode::TenantSuspended, QStringLiteral("This workspace is suspended on the sync server."),
            { { QStringLiteral("reason"), QStringLiteral("tenant_suspended") } } };
    return c;
}

Result<QByteArray> AuthService::sealSeed(const QString& kid, const QByteArray& seed)
{
    auto sealed = ServerSettings(m_db, m_keyFile).seal(QString::fromLatin1(seed.toBase64()), QStringLiteral("signing_key/") + kid);
    if (!sealed) return sealed.error();
    return sealed.value().toLatin1();
}

Result<QByteArray> AuthService::openSeed(const QString& kid, const QByteArray& stored)
{
    if (m_keyFile.isEmpty())
        return Error { ErrorCode::CryptoError,
            QStringLiteral("The token signing key is sealed with the server's key file; give this command the server's "
                           "configuration (--config) or RECRUITDESK_SECRETS_KEY_FILE."),
            {} };
    auto opened = ServerSettings(m_db, m_keyFile).open(QString::fromLatin1(stored), QStringLiteral("signing_key/") + kid);
    if (!opened) return opened.error();
    return QByteArray::fromBase64(opened.value().toLatin1());
}

Result<AuthService::SigningKey> AuthService::makeKey(const QString& condition)
{
    auto pair = crypto::ed25519Generate();
    if (!pair) return pair.error();
    const QString kid = QString::fromLatin1(crypto::sha256(pair.value().publicKey).toHex().left(16));
    QByteArray stored = pair.value().seed;
    if (!m_keyFile.isEmpty()) {
        auto sealed = sealSeed(kid, stored);
        if (!sealed) return sealed.error();
        stored = sealed.value();
    }
    auto ins = m_db.exec(QStringLiteral("INSERT INTO signing_keys (kid, seed, public_key, sealed) SELECT ?, ?, ?, ? ") + condition,
        { kid, stored, pair.value().publicKey, !m_keyFile.isEmpty() });
    if (!ins && ins.error().details.value(QStringLiteral("native_code")).toString() == QLatin1String("23505"))
        return Error { ErrorCode::Conflict, QStringLiteral("Another server made or rotated the signing key at the same moment."),
            {} }; // signing_keys_one_current
    if (!ins) return ins.error();
    if (ins.value() == 0) return Error { ErrorCode::Conflict, QStringLiteral("another key was made"), {} };
    return SigningKey { kid, pair.value().seed, pair.value().publicKey };
}

Result<AuthService::SigningKey> AuthService::currentKey()
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto rows = m_db.select(QStringLiteral("SELECT kid, seed, public_key, sealed FROM signing_keys WHERE retired_at IS "
                                               "NULL ORDER BY created_at DESC LIMIT 1"));
        if (!rows) return rows.error();
        if (!rows.value().isEmpty()) {
            const QSqlRecord& r = rows.value().first();
            const QString kid = r.value(0).toString();
            QByteArray seed = r.value(1).toByteArray();
            if (r.value(3).toBool()) {
                auto opened = openSeed(kid, seed);
                if (!opened) return opened.error();
                seed = opened.value();
            } else if (!m_keyFile.isEmpty()) {
                // A key made before the server had a key file (or before keys were sealed):
                // sealed now, once.
                auto sealed = sealSeed(kid, seed);
                if (!sealed) return sealed.error();
                (void)m_db.exec(QStringLiteral("UPDATE signing_keys SET seed = ?, sealed = true WHERE kid = ? AND NOT sealed"),
                    { sealed.value(), kid });
            }
            return SigningKey { kid, seed, r.value(2).toByteArray() };
        }
        // The first key, made by whichever server instance gets here first.
        auto made = makeKey(QStringLiteral("WHERE NOT EXISTS (SELECT 1 FROM signing_keys WHERE retired_at IS NULL)"));
        if (made) return made;
        if (made.error().code != ErrorCode::Conflict) return made.error();
    }
    return Error { ErrorCode::Internal, QStringLiteral("no signing key"), {} };
}

Status AuthService::signingKeyCheck()
{
    auto key = currentKey();
    if (!key) return key.error();
    return {};
}

Result<QJsonObject> AuthService::rotateKey()
{
    // A new key is stored sealed, never in the clear (where backups and the WAL would keep it).
    if (m_keyFile.isEmpty())
        return Error { ErrorCode::ValidationFailed,
            QStringLiteral("keys rotate needs the server's key file: run it with --config (or RECRUITDESK_SECRETS_KEY_FILE)."),
            { { QStringLiteral("field"), QStringLiteral("secrets.key_file") } } };
    RD_TRY(m_db.begin());
    // Two rotations at once: the second's new key collides with the first's on
    // signing_keys_one_current and it fails (Conflict); nothing is left half done.
    auto retired = m_db.select(
        QStringLiteral("UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL RETURNING kid"));
    if (!retired) {
        m_db.rollback();
        return retired.error();
    }
    auto made = makeKey({});
    if (!made) {
        m_db.rollback();
        return made.error();
    }
    RD_TRY(m_db.commit());
    QJsonArray old;
    for (const QSqlRecord& r : retired.value())
        old << r.value(0).toString();
    return QJsonObject { { QStringLiteral("kid"), made.value().kid }, { QStringLiteral("retired"), old },
        { QStringLiteral("sealed"), !m_keyFile.isEmpty() }, { QStringLiteral("grace_seconds"), kKeyGraceSeconds } };
}

Result<QJsonArray> AuthService::signingKeys()
{
    auto rows = m_db.select(QStringLiteral("SELECT kid, created_at::text, retired_at::text, sealed, retired_at IS NULL OR "
                                           "retired_at > now() - make_interval(secs => ?) FROM signing_keys ORDER BY created_at"),
        { double(kKeyGraceSeconds) });
    if (!rows) return rows.error();
    QJsonArray out;
    for (const QSqlRecord& r : rows.value())
        out << QJsonObject { { QStringLiteral("kid"), r.value(0).toString() }, { QStringLiteral("created_at"), r.value(1).toString() },
            { QStringLiteral("retired_at"), r.value(2).isNull() ? QJsonValue() : QJsonValue(r.value(2).toString()) },
            { QStringLiteral("sealed"), r.value(3).toBool() }, { QStringLiteral("verifies"), r.value(4).toBool() } };
    return out;
}

Result<QByteArray> AuthService::publicKey(const QString& kid)
{
    // A retired key verifies the tokens it signed for their lifetime after it was retired.
    auto rows = m_db.select(QStringLiteral("SELECT public_key FROM signing_keys WHERE kid = ? AND (retired_at IS NULL OR "
                                           "retired_at > now() - make_interval(secs => ?))"),
        { kid, double(kKeyGraceSeconds) });
    if (!rows) return rows.error();
    if (rows.value().isEmpty()) return Error { ErrorCode::NotFound, QStringLiteral("unknown key"), {} };
    return rows.value().first().value(0).toByteArray();
}

} // namespace rd::server
