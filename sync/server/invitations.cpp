#include "invitations.h"

#include "auditstore.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "crypto/crypto.h"
#include "mail.h"
#include "provisioning.h"
#include "pushguard.h"
#include "serversettings.h"
#include "serverutil.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlRecord>

Q_LOGGING_CATEGORY(lcInvite, "rd.server.invitations")

namespace rd::server {

namespace {
const QStringList kRoles { QStringLiteral("admin"), QStringLiteral("recruiter"), QStringLiteral("hiring_manager"),
    QStringLiteral("viewer") };

// 12 characters of Crockford's base32 (60 random bits), read aloud or typed in groups of four.
QString newCode()
{
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const QByteArray bytes = crypto::randomBytes(12);
    QString code;
    for (int i = 0; i < 12; ++i) {
        if (i > 0 && i % 4 == 0) code += QLatin1Char('-');
        code += QLatin1Char(alphabet[quint8(bytes.at(i)) % 32]);
    }
    return code;
}

QString codeDigest(const QString& code)
{
    return crypto::sha256Hex(Invitations::normaliseCode(code).toUtf8());
}
} // namespace

QString Invitations::normaliseCode(const QString& code)
{
    QString out;
    for (QChar c : code.toUpper()) {
        if (c == QLatin1Char('-') || c.isSpace()) continue;
        // Crockford: O reads as 0, I and L as 1.
        if (c == QLatin1Char('O')) c = QLatin1Char('0');
        if (c == QLatin1Char('I') || c == QLatin1Char('L')) c = QLatin1Char('1');
        out += c;
    }
    return out;
}

QJsonObject Invitations::Invited::toJson() const
{
    QJsonObject o { { QStringLiteral("invitation_id"), invitationId }, { QStringLiteral("account_id"), accountId },
        { QStringLiteral("email"), email }, { QStringLiteral("role"), role },
        { QStringLiteral("workspace_user"), workspaceUser }, { QStringLiteral("expires_at"), expiresAt },
        { QStringLiteral("emailed"), emailed } };
    if (!workspaceUserId.isEmpty()) o.insert(QStringLiteral("workspace_user_id"), workspaceUserId);
    if (!requestedRole.isEmpty() && requestedRole != role) o.insert(QStringLiteral("requested_role"), requestedRole);
    if (withheld) o.insert(QStringLiteral("code_withheld"), true);
    else if (!emailed) o.insert(QStringLiteral("code"), code);
    if (!emailed && !emailProblem.isEmpty()) o.insert(QStringLiteral("email_problem"), emailProblem);
    return o;
}

Result<Invitations::Invited> Invitations::invite(
    const AccessClaims& by, const QString& email, const QString& role, const QJsonObject& profile, const QString& requestKey)
{
    // Who may invite: the workspace's roles as the server holds them.
    auto a = ServerActor::require(m_db, by, { { Resource::User, Action::Create }, { Resource::User, Action::Manage } },
        QStringLiteral("Inviting colleagues needs the permissions user.create and user.manage."));
    if (!a) return a.error();
    return make(by.tenantId, a.value().userId, email, role, profile, requestKey.left(100));
}

Result<Invitations::Invited> Invitations::inviteAsOperator(
    const QString& tenant, const QString& email, const QString& role, const QJsonObject& profile)
{
    auto t = m_db.select(QStringLiteral("SELECT id FROM tenants WHERE slug = ? OR id = ?"), { tenant, tenant });
    if (!t) return t.error();
    if (t.value().isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("No tenant %1.").arg(tenant), { { QStringLiteral("tenant"), tenant } });
    return make(t.value().first().value(0).toString(), {}, email, role, profile);
}

Result<Invitations::Invited> Invitations::make(const QString& tenantId, const QString& invitedBy, const QString& emailIn,
    const QString& role, const QJsonObject& profile, const QString& requestKey)
{
    if (!kRoles.contains(role))
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("The role is admin, recruiter, hiring_manager or viewer."),
            { { QStringLiteral("field"), QStringLiteral("role") }, { QStringLiteral("rule"), QStringLiteral("enum") } });
    const QString email = validate::normaliseEmail(emailIn);
    RD_TRY(validate::email(email));
    // The account: a new one with no usable password, or the same invited one again (a new code
    // replaces the old). Someone who has set a password joins with it.
    auto account = m_db.select(QStringLiteral("SELECT id, invited FROM users WHERE tenant_id = ? AND email = ?"), { tenantId, email });
    if (!account) return account.error();
    QString accountId;
    if (!account.value().isEmpty()) {
        if (!account.value().first().value(1).toBool())
            return makeError(ErrorCode::Conflict,
                QStringLiteral("%1 has an account already; they join with their own password.").arg(email),
                { { QStringLiteral("reason"), QStringLiteral("account_exists") }, { QStringLiteral("email"), email } });
        accountId = account.value().first().value(0).toString();
    } else {
        auto unusable = crypto::hashPassword(QString::fromLatin1(crypto::randomBytes(32).toBase64()));
        if (!unusable) return unusable.error();
        accountId = newUuidV7();
        auto made = m_db.exec(QStringLiteral("INSERT INTO users (id, tenant_id, email, password_hash, roles, invited) VALUES "
                                             "(?,?,?,?,?, true) ON CONFLICT (tenant_id, email) DO NOTHING"),
            { accountId, tenantId, email, unusable.value(), QStringLiteral("{%1}").arg(role) });
        if (!made) return made.error();
        if (made.value() == 0)
            return makeError(ErrorCode::Conflict, QStringLiteral("%1 was invited at the same moment; try again.").arg(email),
                { { QStringLiteral("reason"), QStringLiteral("account_exists") } });
    }
    const bool madeAccount = account.value().isEmpty();
    auto user = Provisioning(m_db).provisionUser(tenantId, accountId, email, role, profile);
    if (!user) {
        // Nothing half-made stays: the account made just now goes again.
        if (madeAccount)
            (void)m_db.exec(QStringLiteral("DELETE FROM users WHERE id = ? AND invited AND NOT EXISTS (SELECT 1 FROM devices d "
                                           "WHERE d.user_id = users.id)"),
                { accountId });
        return user.error();
    }

    Invited out;
    out.accountId = accountId;
    out.email = email;
    out.workspaceUser = user.value().outcome;
    out.workspaceUserId = user.value().userId;
    out.role = user.value().roles.isEmpty() ? role : user.value().roles.join(QLatin1Char(','));
    out.requestedRole = role;
    out.code = newCode();
    out.invitationId = newUuidV7();
    const QDateTime expires = QDateTime::currentDateTimeUtc().addSecs(kValidSeconds);
    out.expiresAt = expires.toString(Qt::ISODate);
    RD_TRY(m_db.begin());
    auto fail = [&](const Error& e) -> Result<Invited> {
        m_db.rollback();
        return e;
    };
    // The account row locked: a sign-in redeeming an older code meanwhile has either finished
    // (then the account is no longer invited) or waits for this one.
    auto still = m_db.select(QStringLiteral("SELECT invited, invited_user FROM users WHERE id = ? FOR UPDATE"), { accountId });
    if (!still) return fail(still.error());
    if (still.value().isEmpty() || !still.value().first().value(0).toBool())
        return fail(makeError(ErrorCode::Conflict, QStringLiteral("%1 has an account already; they join with their own password.").arg(email),
            { { QStringLiteral("reason"), QStringLiteral("account_exists") }, { QStringLiteral("email"), email } }));
    bool madeUser = still.value().first().value(1).toBool();
    if (out.workspaceUser == QLatin1String("created") && !madeUser) {
        auto marked = m_db.exec(QStringLiteral("UPDATE users SET invited_user = true WHERE id = ?"), { accountId });
        if (!marked) return fail(marked.error());
        madeUser = true;
    }
    // A new invitation replaces the open ones, except copies of this same request (the network
    // may deliver it twice; the client holds the answer of one of them).
    auto voided = m_db.exec(QStringLiteral("UPDATE invitations SET voided_at = now() WHERE account_id = ? AND used_at IS NULL "
                                           "AND voided_at IS NULL AND (? = '' OR request_key <> ?)"),
        { accountId, requestKey, requestKey });
    if (!voided) return fail(voided.error());
    auto stored = m_db.exec(QStringLiteral("INSERT INTO invitations (id, tenant_id, account_id, code_sha256, role, invited_by, "
                                           "expires_at, request_key) VALUES (?,?,?,?,?,?,?::timestamptz,?)"),
        { out.invitationId, tenantId, accountId, codeDigest(out.code), role, invitedBy, out.expiresAt, requestKey });
    if (!stored) return fail(stored.error());
    if (const Status s = m_db.scopeToTenant(tenantId); !s) return fail(s.error());
    if (const Status audited = AuditStore(m_db).appendServer(tenantId, QStringLiteral("user.invite"), QStringLiteral("user"),
            out.workspaceUserId.isEmpty() ? accountId : out.workspaceUserId,
            { { QStringLiteral("email"), email }, { QStringLiteral("role"), out.role },
                { QStringLiteral("invited_by"), invitedBy.isEmpty() ? QStringLiteral("server operator") : invitedBy } });
        !audited)
        return fail(audited.error());
    RD_TRY(m_db.commit());
    sendEmail(tenantId, out);
    // Someone who is already a user of the workspace gets their code by email (or from the
    // server's operator), never through a colleague: the code is the key to their user.
    if (!out.emailed && !invitedBy.isEmpty() && !madeUser) out.withheld = true;
    return out;
}

void Invitations::sendEmail(const QString& tenantId, Invited& invited)
{
    if (!m_settings) {
        invited.emailProblem = QStringLiteral("Email is not set up on this server.");
        return;
    }
    auto smtp = m_settings->smtp();
    auto fromTenant = m_settings->get(QStringLiteral("from_email"), tenantId);
    auto fromServer = m_settings->get(QStringLiteral("smtp.from"));
    auto publicUrl = m_settings->get(QStringLiteral("public_url"));
    auto tenant = m_db.select(QStringLiteral("SELECT name, slug FROM tenants WHERE id = ?"), { tenantId });
    if (!smtp || !fromTenant || !fromServer || !publicUrl || !tenant || tenant.value().isEmpty()) {
        invited.emailProblem = QStringLiteral("The server's email settings could not be read.");
        return;
    }
    const QString from = fromTenant.value().isEmpty() ? fromServer.value() : fromTenant.value();
    if (smtp.value().host.isEmpty() || from.isEmpty()) {
        invited.emailProblem = QStringLiteral("Email is not set up on this server (smtp.host, smtp.from or from_email).");
        return;
    }
    const QString name = tenant.value().first().value(0).toString(), slug = tenant.value().first().value(1).toString();
    QString server = publicUrl.value();
    while (server.endsWith(QLatin1Char('/')))
        server.chop(1);
    MailMessage m;
    m.from = from;
    m.fromName = name;
    m.to = QStringList { invited.email };
    m.subject = QStringLiteral("You are invited to %1 on RecruitDesk").arg(name);
    m.text = QStringLiteral("You are invited to the RecruitDesk workspace of %1.\n\n"
                            "In RecruitDesk, choose \"Join a workspace from a sync server\" and enter:\n"
                            "  Server:     %2\n  Workspace:  %3\n  Email:      %4\n  Join code:  %5\n\n"
                            "Then choose your password. The code works once and until %6 (UTC).\n"
                            "From the command line: recruitdesk-cli join --server %2 --tenant %3 --email %4 --code %5\n")
                 .arg(name, server.isEmpty() ? QStringLiteral("(ask your administrator)") : server, slug, invited.email,
                     invited.code, invited.expiresAt);
    SmtpSettings settings = smtp.value();
    settings.timeoutMs = std::min(settings.timeoutMs, 15000);
    SmtpClient client(settings);
    auto sent = client.send(m);
    if (!sent) {
        qCWarning(lcInvite) << "invitation email to" << invited.email << "not sent:" << sent.error().message;
        invited.emailProblem = QStringLiteral("The invitation email could not be sent: %1").arg(sent.error().message);
        return;
    }
    invited.emailed = true;
}

bool Invitations::matchesUsed(const QString& accountId, const QString& code)
{
    auto used = m_db.select(QStringLiteral("SELECT code_sha256 FROM invitations WHERE account_id = ? AND used_at IS NOT NULL "
                                           "ORDER BY used_at DESC LIMIT 1"),
        { accountId });
    return used && !used.value().isEmpty()
        && crypto::constantTimeEqual(codeDigest(code).toLatin1(), used.value().first().value(0).toString().toLatin1());
}

Status Invitations::redeem(const QString& accountId, const QString& code)
{
    const auto refused = [](const char* reason) {
        return makeError(ErrorCode::AuthFailed, QStringLiteral("The email or join code is not right, or the code has expired."),
            { { QStringLiteral("reason"), QLatin1String(reason) } });
    };
    // Usually one open invitation; two when the request that made it arrived twice.
    auto open = m_db.select(
        QStringLiteral("SELECT id, code_sha256 FROM invitations WHERE account_id = ? AND used_at IS NULL AND voided_at IS "
                       "NULL AND expires_at > now() ORDER BY created_at DESC"),
        { accountId });
    if (!open) return open.error();
    if (open.value().isEmpty()) return refused("join_code_expired");
    const QByteArray digest = codeDigest(code).toLatin1();
    QString match;
    for (const QSqlRecord& r : open.value())
        if (crypto::constantTimeEqual(digest, r.value(1).toString().toLatin1())) match = r.value(0).toString();
    if (match.isEmpty()) {
        // A wrong code counts against every open invitation of the account; kMaxTries void them.
        auto counted = m_db.exec(QStringLiteral("UPDATE invitations SET failed_tries = failed_tries + 1, voided_at = CASE WHEN "
                                                "failed_tries + 1 >= ? THEN now() ELSE voided_at END WHERE account_id = ? AND "
                                                "used_at IS NULL AND voided_at IS NULL"),
            { kMaxTries, accountId });
        if (!counted) return counted.error();
        return refused("join_code");
    }
    auto used = m_db.exec(
        QStringLiteral("UPDATE invitations SET used_at = now() WHERE id = ? AND used_at IS NULL AND voided_at IS NULL"), { match });
    if (!used) return used.error();
    if (used.value() != 1) return refused("join_code_expired"); // the same code redeemed at the same moment
    // The other copies are spent with it.
    auto others = m_db.exec(QStringLiteral("UPDATE invitations SET voided_at = now() WHERE account_id = ? AND used_at IS NULL AND "
                                           "voided_at IS NULL"),
        { accountId });
    if (!others) return others.error();
    return {};
}

} // namespace rd::server
