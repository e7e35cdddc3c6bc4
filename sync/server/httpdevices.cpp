// The device routes (decision 0024): a device's key lease and its word that it erased itself,
// and the tenant admin's device list and revocation. What a laptop sends is checked here and in
// DeviceLeases: its token names the device, user and tenant; nothing in a body is trusted more.
#include "devicelease.h"
#include "httpapp.h"

#include <QJsonArray>
#include <QJsonObject>

namespace rd::server {

void HttpApp::routeDevices()
{
    route(QStringLiteral("/v1/device/lease"), QStringLiteral("/v1/device/lease"), { QStringLiteral("POST") },
        [this](const Request& r) {
            auto claims = m_auth.verify(r.bearer());
            if (!claims) return failure(claims.error());
            auto lease = DeviceLeases(m_db, m_config.secretsKeyFile).grant(claims.value());
            if (!lease) return failure(lease.error());
            return Reply::json(lease.value());
        });
    route(QStringLiteral("/v1/device/wiped"), QStringLiteral("/v1/device/wiped"), { QStringLiteral("POST") },
        [this](const Request& r) {
            auto body = r.jsonBody();
            if (auto* problem = std::get_if<Reply>(&body)) return *problem;
            const Status done = DeviceLeases(m_db, m_config.secretsKeyFile)
                                    .confirmWiped(std::get<QJsonObject>(body).value(QStringLiteral("refresh_token")).toString());
            if (!done) return failure(done.error());
            return Reply { 204, "application/json", {} };
        });
    route(QStringLiteral("/v1/admin/devices"), QStringLiteral("/v1/admin/devices"), { QStringLiteral("GET") },
        [this](const Request& r) {
            auto claims = m_auth.verify(r.bearer());
            if (!claims) return failure(claims.error());
            auto list = DeviceLeases(m_db, m_config.secretsKeyFile).listFor(m_auth, claims.value());
            if (!list) return failure(list.error());
            return Reply::json(QJsonObject { { QStringLiteral("items"), list.value() } });
        });
    route(QStringLiteral("/v1/admin/devices/revoke"), QStringLiteral("/v1/admin/devices/revoke"), { QStringLiteral("POST") },
        [this](const Request& r) {
            auto claims = m_auth.verify(r.bearer());
            if (!claims) return failure(claims.error());
            auto body = r.jsonBody();
            if (auto* problem = std::get_if<Reply>(&body)) return *problem;
            const QJsonObject o = std::get<QJsonObject>(body);
            const QString device = o.value(QStringLiteral("device_id")).toString();
            if (device.isEmpty())
                return Reply::problem(400, QStringLiteral("validation_failed"), QStringLiteral("device_id is required."));
            const Status done = DeviceLeases(m_db, m_config.secretsKeyFile)
                                    .revokeFor(m_auth, claims.value(), device, o.value(QStringLiteral("wipe")).toBool(),
                                        o.value(QStringLiteral("reason")).toString());
            if (!done) return failure(done.error());
            return Reply::json(QJsonObject { { QStringLiteral("revoked"), device },
                { QStringLiteral("wipe"), o.value(QStringLiteral("wipe")).toBool() } });
        });
}

} // namespace rd::server
