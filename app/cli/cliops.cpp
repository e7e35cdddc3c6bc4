// Operations verbs: audit, jobs-queue, password, mfa, demo.
#include "cli.h"

#include "app/demo.h"
#include "common/json.h"

#include <QJsonArray>

namespace rd::cli {

namespace {
int cmdAuditList(Cli& cli, const Args& a)
{
    auto q = cli.listQuery(a);
    if (!q)
        return cli.fail(q.error());
    auto page = cli.workspace().listAudit(cli.session(), q.value());
    if (!page)
        return cli.fail(page.error());
    QJsonArray arr;
    QString text;
    for (const AuditEntry& e : page.value().items) {
        arr << e.toJson();
        text += QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                    .arg(QString::number(e.seq).rightJustified(6), e.createdAt, e.action.leftJustified(20),
                        e.outcome.leftJustified(6), e.resourceId.leftJustified(36), QString::fromUtf8(compactJson(e.diff)));
    }
    if (!page.value().nextCursor.isEmpty())
        text += QStringLiteral("(more: --cursor %1)\n").arg(page.value().nextCursor);
    if (cli.json())
        cli.print(QJsonObject { { QStringLiteral("items"), arr }, { QStringLiteral("next_cursor"), page.value().nextCursor } }, {});
    else
        cli.print({}, text.isEmpty() ? QStringLiteral("(no entries)") : text);
    return Ok;
}

int cmdAuditVerify(Cli& cli, const Args&)
{
    auto r = cli.workspace().verifyAudit(cli.session());
    if (!r)
        return cli.fail(r.error());
    const VerifyReport& v = r.value();
    if (v.ok) {
        cli.print(v.toJson(), QStringLiteral("Audit log intact: %1 entries in %2 chain(s).").arg(v.entries).arg(v.chains));
        return Ok;
    }
    cli.print(v.toJson(),
        QStringLiteral("AUDIT CHAIN BROKEN at device %1, link %2 (row %3, entry %4): %5")
            .arg(v.deviceId)
            .arg(v.chainSeq)
            .arg(v.rowSeq)
            .arg(v.entryId.isEmpty() ? QStringLiteral("-") : v.entryId, v.reason));
    if (!cli.json())
        cli.err() << "error: the audit log was altered outside RecruitDesk [chain_broken]" << Qt::endl;
    return ChainBroken;
}

int cmdJobsList(Cli& cli, const Args& a)
{
    auto q = cli.listQuery(a);
    if (!q)
        return cli.fail(q.error());
    auto page = cli.workspace().jobs().list(cli.session(), q.value());
    if (!page)
        return cli.fail(page.error());
    QJsonArray arr;
    QString text;
    for (const JobRecord& j : page.value().items) {
        arr << j.toJson();
        text += QStringLiteral("%1  %2  %3  attempts %4/%5  next %6  %7\n")
                    .arg(j.id, j.kind.leftJustified(20), j.state.leftJustified(8))
                    .arg(j.attempts)
                    .arg(j.maxAttempts)
                    .arg(Clock::toIso(j.nextRunAtMs), j.lastError);
    }
    if (cli.json())
        cli.print(QJsonObject { { QStringLiteral("items"), arr }, { QStringLiteral("next_cursor"), page.value().nextCursor } }, {});
    else
        cli.print({}, text.isEmpty() ? QStringLiteral("(no jobs)") : text);
    return Ok;
}

int cmdJobsRetry(Cli& cli, const Args& a)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("jobs-queue retry needs a job ID"));
    auto j = cli.workspace().jobs().retry(cli.session(), a.positional.first());
    if (!j)
        return cli.fail(j.error());
    cli.print(j.value().toJson(), QStringLiteral("Job %1 queued again.").arg(j.value().id));
    return Ok;
}

int cmdPasswordReset(Cli& cli, const Args& a)
{
    const QString email = a.value(QStringLiteral("email"));
    const QString code = a.value(QStringLiteral("code"));
    if (email.isEmpty() || code.isEmpty())
        return cli.usage(QStringLiteral("password reset needs --email EMAIL --code CODE"));
    const QString pw = cli.secret("RECRUITDESK_NEW_PASSWORD", QStringLiteral("New password: "), true);
    if (pw.isEmpty())
        return cli.usage(QStringLiteral("no new password: set RECRUITDESK_NEW_PASSWORD or run in a terminal"));
    auto s = cli.workspace().auth().resetPassword(cli.tenantSlug(), email, code, pw);
    if (!s)
        return cli.fail(s.error());
    cli.print(QJsonObject { { QStringLiteral("reset"), true } }, QStringLiteral("Password changed. Sign in with the new one."));
    return Ok;
}

int cmdPasswordChange(Cli& cli, const Args&)
{
    const QString pw = cli.secret("RECRUITDESK_NEW_PASSWORD", QStringLiteral("New password: "), true);
    if (pw.isEmpty())
        return cli.usage(QStringLiteral("no new password: set RECRUITDESK_NEW_PASSWORD or run in a terminal"));
    const QString current = QString::fromUtf8(qgetenv("RECRUITDESK_PASSWORD"));
    auto s = cli.workspace().auth().changePassword(cli.session(), current, pw);
    if (!s)
        return cli.fail(s.error());
    cli.print(QJsonObject { { QStringLiteral("changed"), true } }, QStringLiteral("Password changed."));
    return Ok;
}

int cmdMfaEnroll(Cli& cli, const Args&)
{
    auto e = cli.workspace().auth().beginMfaEnrollment(cli.session());
    if (!e)
        return cli.fail(e.error());
    cli.print(QJsonObject { { QStringLiteral("secret"), e.value().secretBase32 }, { QStringLiteral("uri"), e.value().provisioningUri } },
        QStringLiteral("Add this key to your authenticator app:\n  %1\nor open:\n  %2\nThen run 'mfa confirm CODE'.")
            .arg(e.value().secretBase32, e.value().provisioningUri));
    return Ok;
}

int cmdMfaConfirm(Cli& cli, const Args& a)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("mfa confirm needs the CODE from the authenticator app"));
    auto codes = cli.workspace().auth().confirmMfaEnrollment(cli.session(), a.positional.first());
    if (!codes)
        return cli.fail(codes.error());
    cli.print(QJsonObject { { QStringLiteral("recovery_codes"), QJsonArray::fromStringList(codes.value()) } },
        QStringLiteral("MFA is on. Keep these one-time recovery codes somewhere safe:\n  %1")
            .arg(codes.value().join(QStringLiteral("\n  "))));
    return Ok;
}

int cmdMfaDisable(Cli& cli, const Args& a)
{
    QString userId = cli.session().userId;
    if (!a.positional.isEmpty()) {
        auto u = cli.userByEmail(a.positional.first());
        if (!u)
            return cli.fail(u.error());
        userId = u.value().id;
    }
    auto s = cli.workspace().auth().disableMfa(cli.session(), userId);
    if (!s)
        return cli.fail(s.error());
    cli.print(QJsonObject { { QStringLiteral("mfa_enabled"), false } }, QStringLiteral("MFA turned off."));
    return Ok;
}

int cmdDemo(Cli& cli, const Args& a)
{
    auto creds = seedDemoWorkspace(cli.workspace(), a.value(QStringLiteral("credentials-file")));
    if (!creds)
        return cli.fail(creds.error());
    cli.print(creds.value().toJson(), creds.value().text());
    return Ok;
}

int cmdPath(Cli& cli, const Args&)
{
    cli.print(QJsonObject { { QStringLiteral("database"), cli.dbPath() } }, cli.dbPath());
    return Ok;
}

const QStringList kListOptions { QStringLiteral("filter"), QStringLiteral("sort"), QStringLiteral("limit"),
    QStringLiteral("cursor") };
} // namespace

QList<Command> opsCommands()
{
    return {
        { QStringLiteral("path"), QString(), QStringLiteral("Print the database file this command would use."), {}, {}, false,
            cmdPath, false },
        { QStringLiteral("audit list"),
            QStringLiteral("[--filter FIELD:OP:VALUE]... [--sort FIELD] [--limit N] [--cursor C]"),
            QStringLiteral("List audit entries (fields: seq, action, resource_type, resource_id, user_id, outcome, "
                           "device_id, correlation_id, created_at)."),
            kListOptions, {}, true, cmdAuditList },
        { QStringLiteral("audit verify"), QString(),
            QStringLiteral("Check the audit hash chains; exit 7 and the first broken link when altered."), {}, {}, true,
            cmdAuditVerify },
        { QStringLiteral("jobs-queue list"), QStringLiteral("[--filter state:eq:dead] [--sort FIELD] [--limit N]"),
            QStringLiteral("List background jobs with their attempts and last error."), kListOptions, {}, true, cmdJobsList },
        { QStringLiteral("jobs-queue retry"), QStringLiteral("ID"), QStringLiteral("Queue a dead or pending job again now."),
            {}, {}, true, cmdJobsRetry },
        { QStringLiteral("password reset"), QStringLiteral("--email EMAIL --code CODE"),
            QStringLiteral("Set a new password with an admin-issued reset code (new password from RECRUITDESK_NEW_PASSWORD)."),
            { QStringLiteral("email"), QStringLiteral("code") }, {}, false, cmdPasswordReset },
        { QStringLiteral("password change"), QString(),
            QStringLiteral("Change your own password (new one from RECRUITDESK_NEW_PASSWORD or a prompt)."), {}, {}, true,
            cmdPasswordChange },
        { QStringLiteral("mfa enroll"), QString(), QStringLiteral("Start turning on two-factor sign-in (TOTP)."), {}, {}, true,
            cmdMfaEnroll },
        { QStringLiteral("mfa confirm"), QStringLiteral("CODE"),
            QStringLiteral("Finish MFA enrollment with a code; prints one-time recovery codes."), {}, {}, true, cmdMfaConfirm },
        { QStringLiteral("mfa disable"), QStringLiteral("[EMAIL]"),
            QStringLiteral("Turn off MFA for yourself, or (admin) for another user."), {}, {}, true, cmdMfaDisable },
        { QStringLiteral("demo"), QStringLiteral("[--credentials-file PATH]"),
            QStringLiteral("Create the demo workspace 'Demo Agency' with an admin and a recruiter; prints their passwords."),
            { QStringLiteral("credentials-file") }, {}, false, cmdDemo },
    };
}

} // namespace rd::cli
