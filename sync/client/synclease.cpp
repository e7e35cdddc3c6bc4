// The key lease and remote wipe on the laptop (decision 0024, docs/security.md "Key lease and
// remote wipe"): each round renews the lease; a refusal that says this device may read no more
// is carried out here; after a lapse a sign-in has the lease key handed back.
#include "auth/permissions.h"
#include "common/json.h"
#include "service/context.h"
#include "syncengine.h"
#include "syncmeta.h"

#include <QJsonArray>
#include <QHostAddress>
#include <QJsonDocument>
#include <QUrl>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace rd::sync {

Error problemError(const HttpResponse& r);

namespace {
Result<crypto::Lease> leaseFrom(const QByteArray& body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    crypto::Lease l;
    l.key = QByteArray::fromBase64(o.value(QStringLiteral("lease_key")).toString().toLatin1());
    l.untilMs = o.value(QStringLiteral("lease_until")).toInteger();
    l.serverNowMs = o.value(QStringLiteral("server_time")).toInteger();
    l.days = o.value(QStringLiteral("offline_days")).toInt();
    if (l.key.size() != 32 || l.untilMs <= 0 || l.serverNowMs <= 0)
        return makeError(ErrorCode::Internal, QStringLiteral("The sync server's key lease answer is malformed."),
            { { QStringLiteral("reason"), QStringLiteral("malformed_lease") } });
    return l;
}

QString reasonOf(const Error& e) { return e.details.value(QStringLiteral("reason")).toString(); }

// A wipe order is believed only from a server reached over https (or on this computer): over
// plain http anyone on the way could make the laptop erase itself.
bool trustedForWipe(const QString& server)
{
    const QUrl u(server);
    if (u.scheme() == QLatin1String("https")) return true;
    const QHostAddress host(u.host());
    return u.host() == QLatin1String("localhost") || (!host.isNull() && host.isLoopback());
}

// Erases the workspace by the server's order and tells the server (with the device's last
// refresh token, read before the erasure), then the error the user sees.
Error wipeNow(crypto::KeyCustody& custody, const Error& order, const QString& server, const QByteArray& refreshToken,
    const HttpExchange& http, const QByteArray& dataKey = {})
{
    const QString why = order.details.value(QStringLiteral("wipe_reason")).toString();
    if (!trustedForWipe(server)) {
        // Not erased on an unauthenticated word; the key is dropped (what a revocation does).
        const Status lapsed = custody.lapse(QStringLiteral("the server (over plain http) ordered this workspace erased"), dataKey);
        return makeError(ErrorCode::PermissionDenied,
            QStringLiteral("The sync server at %1 ordered this workspace erased, but it is reached over plain http, so the "
                           "order cannot be trusted: the workspace stays on this computer, locked. Ask your administrator.%2")
                .arg(server, lapsed ? QString() : QStringLiteral(" (%1)").arg(lapsed.error().message)),
            { { QStringLiteral("reason"), QStringLiteral("lease_ended") }, { QStringLiteral("refusal"), QStringLiteral("device_wipe") } });
    }
    const Status wiped = custody.wipe(QJsonObject { { QStringLiteral("reason"), why }, { QStringLiteral("server"), server } });
    // The server hears "done" only when it is (device list shows wiped_at: the laptop's word).
    if (wiped && !refreshToken.isEmpty())
        (void)http("POST", server + QStringLiteral("/v1/device/wiped"),
            compactJson(QJsonObject { { QStringLiteral("refresh_token"), QString::fromUtf8(refreshToken) } }), kJson, {});
    QString message = QStringLiteral("The sync server's administrator had RecruitDesk's workspace erased from this computer: %1")
                          .arg(why);
    if (!wiped) message += QStringLiteral(" (%1)").arg(wiped.error().message);
    return makeError(ErrorCode::PermissionDenied, message,
        { { QStringLiteral("reason"), QStringLiteral("wiped") }, { QStringLiteral("wipe_reason"), why } });
}
} // namespace

Status SyncEngine::renewLease()
{
    const auto& custody = m_ws.keyCustody();
    if (!custody) return {};
    auto answer = call("POST", QStringLiteral("/v1/device/lease"), {}, nullptr, kJson);
    if (!answer) return answer.error();
    auto lease = leaseFrom(answer.value());
    if (!lease) return lease.error();
    crypto::Lease l = lease.value();
    l.server = m_server;
    l.deviceId = m_ws.db().deviceId();
    auto tenant = m_ws.db().meta(kTenant);
    auto email = m_ws.db().meta(kEmail);
    l.tenant = tenant ? tenant.value() : QString();
    l.email = email ? email.value() : m_session.email;
    auto key = m_ws.dataKey();
    if (!key) return key.error();
    RD_TRY(custody->renew(key.value(), l));
    // Recorded inside the file: from now on it opens only with its lease (an older copy of the
    // key store, from before the lease, finds the lease file missing; Workspace::open).
    auto marked = m_ws.db().meta(QString::fromLatin1(Workspace::kLeasedMeta));
    if (!marked || marked.value().isEmpty()) RD_TRY(m_ws.db().setMeta(QString::fromLatin1(Workspace::kLeasedMeta), m_server));
    return {};
}

Error SyncEngine::carryOut(const Error& refusal)
{
    const QString reason = reasonOf(refusal);
    const auto& custody = m_ws.keyCustody();
    if (reason == QLatin1String("device_wipe")) {
        if (!custody) {
            qCWarning(lcSync) << "the server ordered this workspace erased, but it was opened without its key custody";
            return refusal;
        }
        auto token = storedRefreshToken();
        auto key = m_ws.dataKey();
        return wipeNow(*custody, refusal, m_server, token ? token.value() : QByteArray(), m_http, key ? key.value() : QByteArray());
    }
    if ((reason == QLatin1String("device_revoked") || reason == QLatin1String("account_disabled")) && custody
        && custody->state().leased) {
        auto key = m_ws.dataKey();
        const Status lapsed = custody->lapse(refusal.message, key ? key.value() : QByteArray());
        Error e = refusal;
        e.message = QStringLiteral("%1 This computer no longer keeps the key to the workspace: it opens again only after "
                                   "signing in to the sync server, once your administrator allows it.")
                        .arg(refusal.message);
        if (!lapsed) e.message += QStringLiteral(" (%1)").arg(lapsed.error().message);
        e.details.insert(QStringLiteral("reason"), QStringLiteral("lease_ended"));
        e.details.insert(QStringLiteral("refusal"), reason);
        return e;
    }
    return refusal;
}

Result<QJsonArray> SyncEngine::devices()
{
    RD_TRY(m_ws.context().authz.require(m_session, Resource::User, Action::Manage));
    auto answer = call("GET", QStringLiteral("/v1/admin/devices"), {}, nullptr, kJson);
    if (!answer) return answer.error();
    return QJsonDocument::fromJson(answer.value()).object().value(QStringLiteral("items")).toArray();
}

Status SyncEngine::revokeDevice(const QString& deviceId, bool wipe, const QString& reason)
{
    // The server decides (its copy of the roles); asking here first answers offline too.
    RD_TRY(m_ws.context().authz.require(m_session, Resource::User, Action::Manage));
    auto answer = call("POST", QStringLiteral("/v1/admin/devices/revoke"),
        compactJson(QJsonObject { { QStringLiteral("device_id"), deviceId }, { QStringLiteral("wipe"), wipe },
            { QStringLiteral("reason"), reason } }),
        nullptr, kJson);
    if (!answer) return answer.error();
    UnitOfWork uow(m_ws.context(), m_session);
    RD_TRY(uow.status());
    RD_TRY(uow.audit(wipe ? QStringLiteral("device.wipe") : QStringLiteral("device.revoke"), QStringLiteral("device"), deviceId,
        { { QStringLiteral("reason"), reason }, { QStringLiteral("server"), m_server } }));
    return uow.commit();
}

Result<QByteArray> SyncEngine::reopenLeased(
    crypto::KeyCustody& custody, const QString& password, const QString& totp, QJsonObject* tokens, HttpExchange http)
{
    const crypto::LeaseState st = custody.state(true);
    if (!st.leased || st.server.isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("This workspace has no key lease from a sync server."));
    // The password goes only to the server the lease file names when that name is authenticated.
    if (!st.verified)
        return makeError(ErrorCode::CryptoError,
            QStringLiteral("The key lease file %1 was changed by something other than RecruitDesk: it cannot be trusted "
                           "with your password. Ask your administrator.")
                .arg(crypto::KeyCustody::leasePath(custody.dbPath())),
            { { QStringLiteral("reason"), QStringLiteral("lease_tampered") } });
    const QJsonObject request { { QStringLiteral("tenant"), st.tenant }, { QStringLiteral("email"), st.email },
        { QStringLiteral("password"), password }, { QStringLiteral("totp"), totp },
        { QStringLiteral("device_id"), st.deviceId }, { QStringLiteral("device_name"), QSysInfo::machineHostName() } };
    HttpResponse r = http("POST", st.server + QStringLiteral("/v1/auth/login"), compactJson(request), kJson, {});
    if (r.status != 200) {
        const Error e = problemError(r);
        if (reasonOf(e) == QLatin1String("device_wipe")) return wipeNow(custody, e, st.server, {}, http);
        return e;
    }
    const QJsonObject signedIn = QJsonDocument::fromJson(r.body).object();
    const QString access = signedIn.value(QStringLiteral("access_token")).toString();
    HttpResponse l = http("POST", st.server + QStringLiteral("/v1/device/lease"), {}, {}, access);
    if (l.status != 200) return problemError(l);
    auto lease = leaseFrom(l.body);
    if (!lease) return lease.error();
    crypto::Lease granted = lease.value();
    granted.server = st.server;
    granted.tenant = st.tenant;
    granted.email = st.email;
    granted.deviceId = st.deviceId;
    auto key = custody.reopen(granted);
    if (!key) return key.error();
    if (tokens) *tokens = signedIn;
    return key;
}

} // namespace rd::sync
