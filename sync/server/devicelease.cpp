#include "devicelease.h"

#include "crypto/crypto.h"
#include "pushguard.h"
#include "readscope.h"
#include "serversettings.h"

#include <QSqlRecord>

namespace rd::server {

namespace {
QString sealContext(const QString& deviceId) { return QStringLiteral("device_lease/") + deviceId; }
} // namespace

Result<int> DeviceLeases::offlineDays(const QString& tenantId, const QString& userId)
{
    auto own = m_db.select(QStringLiteral("SELECT offline_days FROM users WHERE id = ? AND tenant_id = ?"), { userId, tenantId });
    if (!own) return own.error();
    if (!own.value().isEmpty() && !own.value().first().value(0).isNull() && own.value().first().value(0).toInt() > 0)
        return qMin(kMaxDays, own.value().first().value(0).toInt());
    auto tenant = ServerSettings(m_db, m_keyFile).get(QStringLiteral("offline_lease_days"), tenantId);
    if (!tenant) return tenant.error();
    bool ok = false;
    const int days = tenant.value().toInt(&ok);
    return ok && days > 0 ? qMin(kMaxDays, days) : kDefaultDays;
}

Status DeviceLeases::setUserDays(const QString& tenantId, const QString& email, int days)
{
    if (days < 0 || days > kMaxDays)
        return makeError(ErrorCode::ValidationFailed,
            QStringLiteral("The offline period is 1 to %1 days (0: the tenant's).").arg(kMaxDays),
            { { QStringLiteral("field"), QStringLiteral("days") } });
    auto r = m_db.exec(QStringLiteral("UPDATE users SET offline_days = ? WHERE tenant_id = ? AND lower(email) = lower(?)"),
        { days > 0 ? QVariant(days) : QVariant(), tenantId, email });
    if (!r) return r.error();
    if (r.value() == 0)
        return makeError(ErrorCode::NotFound, QStringLiteral("No user %1 in that tenant.").arg(email),
            { { QStringLiteral("email"), email } });
    return {};
}

Result<QByteArray> DeviceLeases::leaseKey(const QString& deviceId)
{
    // Made once per device, under the row's lock (two syncs at once get the same key).
    auto row = m_db.select(
        QStringLiteral("SELECT lease_key, lease_sealed FROM devices WHERE id = ? AND revoked_at IS NULL AND wipe_requested_at IS NULL FOR "
                       "UPDATE"), { deviceId });
    if (!row) return row.error();
    if (row.value().isEmpty())
        return Error { ErrorCode::PermissionDenied, QStringLiteral("This device was revoked by an administrator."),
            { { QStringLiteral("reason"), QStringLiteral("device_revoked") } } };
    const QSqlRecord& r = row.value().first();
    ServerSettings sealer(m_db, m_keyFile);
    if (!r.value(0).isNull()) {
        const QString stored = r.value(0).toString();
        if (!r.value(1).toBool()) return QByteArray::fromBase64(stored.toLatin1());
        auto opened = sealer.open(stored, sealContext(deviceId));
        if (!opened) return opened.error();
        return QByteArray::fromBase64(opened.value().toLatin1());
    }
    const QByteArray key = crypto::randomBytes(32);
    QString stored = QString::fromLatin1(key.toBase64());
    bool sealed = false;
    if (!m_keyFile.isEmpty()) {
        auto s = sealer.seal(stored, sealContext(deviceId));
        if (!s) return s.error();
        stored = s.value();
        sealed = true;
    }
    auto w = m_db.exec(QStringLiteral("UPDATE devices SET lease_key = ?, lease_sealed = ? WHERE id = ?"), { stored, sealed, deviceId });
    if (!w) return w.error();
    return key;
}

Result<QJsonObject> DeviceLeases::grant(const AccessClaims& claims)
{
    auto days = offlineDays(claims.tenantId, claims.userId);
    if (!days) return days.error();
    RD_TRY(m_db.begin());
    // Not to a user disabled on the desktop (the account's own flag is checked with its token).
    if (const Status scoped = m_db.scopeToTenant(claims.tenantId); !scoped) {
        m_db.rollback();
        return scoped.error();
    }
    auto scope = ReadScope::of(m_db, claims);
    if (!scope || scope.value().disabled) {
        m_db.rollback();
        return scope ? ReadScope::disabledError() : scope.error();
    }
    auto key = leaseKey(claims.deviceId);
    if (!key) {
        m_db.rollback();
        return key.error();
    }
    auto until = m_db.select(QStringLiteral("UPDATE devices SET lease_until = now() + make_interval(days => ?) WHERE id = ? "
                                            "RETURNING (extract(epoch FROM lease_until) * 1000)::bigint, "
                                            "(extract(epoch FROM now()) * 1000)::bigint"),
        { days.value(), claims.deviceId });
    if (!until || until.value().isEmpty()) {
        m_db.rollback();
        return until ? Error { ErrorCode::NotFound, QStringLiteral("No such device."), {} } : until.error();
    }
    RD_TRY(m_db.commit());
    const qint64 untilMs = until.value().first().value(0).toLongLong();
    const qint64 nowMs = until.value().first().value(1).toLongLong();
    return QJsonObject { { QStringLiteral("lease_key"), QString::fromLatin1(key.value().toBase64()) },
        { QStringLiteral("lease_until"), untilMs }, { QStringLiteral("server_time"), nowMs },
        { QStringLiteral("offline_days"), days.value() } };
}

Status DeviceLeases::orderWipe(AuthService& auth, const QString& deviceId, const QString& reason)
{
    return auth.revokeDevice(deviceId, true, reason.isEmpty() ? QStringLiteral("The device was reported lost.") : reason);
}

Status DeviceLeases::confirmWiped(const QString& refreshToken)
{
    if (refreshToken.isEmpty())
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("refresh_token is required."),
            { { QStringLiteral("field"), QStringLiteral("refresh_token") } });
    auto r = m_db.exec(QStringLiteral("UPDATE devices SET wiped_at = coalesce(wiped_at, now()) WHERE wipe_requested_at IS NOT NULL "
                                      "AND id = (SELECT device_id FROM refresh_tokens WHERE token_hash = ?)"),
        { crypto::sha256(refreshToken.toUtf8()) });
    if (!r) return r.error();
    if (r.value() == 0)
        return makeError(ErrorCode::NotFound, QStringLiteral("No wipe was ordered for that device."), {});
    return {};
}

Status DeviceLeases::requireDeviceManager(const AccessClaims& by)
{
    auto a = ServerActor::require(
        m_db, by, { { Resource::User, Action::Manage } }, QStringLiteral("Managing devices needs the permission user.manage."));
    return a ? Status() : Status(a.error());
}

Result<QJsonArray> DeviceLeases::listFor(AuthService& auth, const AccessClaims& by)
{
    RD_TRY(requireDeviceManager(by));
    auto list = auth.devices(by.tenantId);
    if (!list) return list.error();
    QJsonArray out;
    for (QJsonObject d : list.value()) {
        d.insert(QStringLiteral("this_device"), d.value(QStringLiteral("id")).toString() == by.deviceId);
        out.append(d);
    }
    return out;
}

Status DeviceLeases::revokeFor(AuthService& auth, const AccessClaims& by, const QString& deviceId, bool wipe, const QString& reason)
{
    RD_TRY(requireDeviceManager(by));
    // Only the admin's own tenant's devices: another tenant's id is "not found", as an unknown one.
    auto d = m_db.select(QStringLiteral("SELECT 1 FROM devices WHERE id = ? AND tenant_id = ?"), { deviceId, by.tenantId });
    if (!d) return d.error();
    if (d.value().isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("No such device in this workspace."),
            { { QStringLiteral("device"), deviceId } });
    if (reason.size() > 500)
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("The reason is at most 500 characters."),
            { { QStringLiteral("field"), QStringLiteral("reason") } });
    return wipe ? orderWipe(auth, deviceId, reason) : auth.revokeDevice(deviceId);
}

} // namespace rd::server
