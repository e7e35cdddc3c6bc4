// Joining a workspace from the sync server (with a password or an invitation's join code, a
// join cut off part-way carried on) and inviting colleagues through it (docs/sync.md, "Using it").
#include "syncengine.h"
#include "syncmeta.h"

#include "common/json.h"
#include "crypto/crypto.h"
#include "service/context.h"

#include <QJsonDocument>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace rd::sync {

bool SyncEngine::isJoining(Workspace& w)
{
    auto joining = w.db().meta(kJoining);
    return joining && joining.value() == QLatin1String("1");
}

Result<Session> SyncEngine::join(Workspace& w, const QString& server, const QString& tenant, const QString& email,
    const QString& password, const QString& totp, HttpExchange http)
{
    return joinAs(w, server, tenant, email, password, totp, {}, std::move(http));
}

Result<Session> SyncEngine::joinWithCode(Workspace& w, const QString& server, const QString& tenant, const QString& email,
    const QString& joinCode, const QString& newPassword, HttpExchange http)
{
    if (joinCode.trimmed().isEmpty())
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("Enter the join code from your invitation."),
            { { QStringLiteral("field"), QStringLiteral("code") } });
    return joinAs(w, server, tenant, email, newPassword, {}, joinCode.trimmed(), std::move(http));
}

Result<QJsonObject> SyncEngine::invite(
    const QString& email, const QString& role, const QString& givenName, const QString& familyName)
{
    // The server decides; asking here first gives a clear answer offline too.
    RD_TRY(m_ws.context().authz.require(m_session, Resource::User, Action::Create));
    RD_TRY(m_ws.context().authz.require(m_session, Resource::User, Action::Manage));
    // The request may reach the server twice (a connection dropped and the request sent again):
    // both copies carry this key, so neither voids the other's code.
    const QByteArray body = compactJson(QJsonObject { { QStringLiteral("email"), email.trimmed() },
        { QStringLiteral("role"), role }, { QStringLiteral("given_name"), givenName.trimmed() },
        { QStringLiteral("family_name"), familyName.trimmed() },
        { QStringLiteral("request_key"), QString::fromLatin1(crypto::randomBytes(16).toHex()) } });
    auto answer = call("POST", QStringLiteral("/v1/invitations"), body, nullptr, kJson);
    if (!answer) return answer.error();
    const QJsonObject invited = QJsonDocument::fromJson(answer.value()).object();
    UnitOfWork uow(m_ws.context(), m_session);
    RD_TRY(uow.status());
    RD_TRY(uow.audit(QStringLiteral("user.invite"), QStringLiteral("user"),
        invited.value(QStringLiteral("workspace_user_id")).toString(),
        { { QStringLiteral("email"), invited.value(QStringLiteral("email")) }, { QStringLiteral("role"), role },
            { QStringLiteral("emailed"), invited.value(QStringLiteral("emailed")) }, { QStringLiteral("server"), m_server } }));
    RD_TRY(uow.commit());
    return invited;
}

Result<Session> SyncEngine::joinAs(Workspace& w, const QString& server, const QString& tenant, const QString& email,
    const QString& password, const QString& totp, const QString& joinCode, HttpExchange http)
{
    auto existing = w.db().selectOne(QStringLiteral("SELECT count(*) FROM tenants"));
    if (!existing) return existing.error();
    // A join cut off part-way (the network, the app closed) left kJoining set: joining again
    // carries on where it stopped (the server knows this device as that user's, so nobody else
    // can); until it finishes the workspace is not opened for sign-in (isJoining).
    if (existing.value().value(0).toInt() > 0 && !isJoining(w))
        return makeError(ErrorCode::Conflict, QStringLiteral("This workspace has data already; join fills a new one."),
            { { QStringLiteral("field"), QStringLiteral("db") } });
    RD_TRY(w.db().setMeta(kJoining, QStringLiteral("1")));
    // Until the tenant row arrives the engine acts for the device itself.
    SyncEngine engine(w, Session::systemFor(QStringLiteral("joining")), std::move(http));
    engine.m_joining = true; // a tenant with no workspace yet gets one for its admin
    engine.m_joinCode = joinCode;
    if (Status st = engine.attach(server, tenant, email, password, totp); !st) return st.error();
    engine.m_joinCode.clear(); // spent
    SyncSummary s;
    if (Status st = engine.pull(s); !st) return st.error();
    // Files that cannot come down now follow with the next sync.
    if (Status st = engine.downloadBlobs(s); !st)
        qCWarning(lcSync) << "attachment files not downloaded yet:" << st.error().message;
    // The joining user must be in the workspace; their password is kept on this device for
    // signing in offline (a device-local column, never sent).
    auto user = w.db().selectOne(
        QStringLiteral("SELECT id, tenant_id FROM users WHERE email_norm = ? AND deleted_at IS NULL"),
        { email.trimmed().toLower() });
    if (!user)
        return makeError(ErrorCode::NotFound,
            QStringLiteral("%1 is not a user of the server's workspace; an admin adds them in RecruitDesk first.")
                .arg(email),
            { { QStringLiteral("reason"), QStringLiteral("user_not_in_workspace") } });
    auto hash = crypto::hashPassword(password);
    if (!hash) return hash.error();
    Session session;
    session.tenantId = user.value().value(1).toString();
    session.userId = user.value().value(0).toString();
    session.email = email;
    UnitOfWork uow(w.context(), session);
    RD_TRY(uow.status());
    auto set = w.db().change(QStringLiteral("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?"),
        { hash.value(), uow.now(), session.userId });
    if (!set) return set.error();
    RD_TRY(w.db().setMeta(kUser, session.userId));
    RD_TRY(w.db().setMeta(kJoining, QString()));
    RD_TRY(uow.audit(QStringLiteral("sync.join"), QStringLiteral("workspace"), session.tenantId,
        { { QStringLiteral("server"), engine.server() }, { QStringLiteral("pulled"), s.pulled } }));
    RD_TRY(uow.commit());
    return session;
}

} // namespace rd::sync
