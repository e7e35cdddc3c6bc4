// Workspace administration verbs: init, tenant, user, role.
#include "cli.h"

#include "auth/permissions.h"
#include "common/json.h"

#include <QJsonArray>

namespace rd::cli {

namespace {
QString userLine(const User& u)
{
    return QStringLiteral("%1  %2  %3  %4%5")
        .arg(u.email.leftJustified(32), u.displayName().leftJustified(24), u.roles.join(QLatin1Char(',')).leftJustified(18),
            u.active ? QStringLiteral("active") : QStringLiteral("disabled"),
            u.mfaEnabled ? QStringLiteral("  mfa") : QString());
}

QString tenantText(const Tenant& t)
{
    return QStringLiteral("Workspace: %1\nSlug:      %2\nKind:      %3\nStatus:    %4\nPlan:      %5\nSettings:  %6\nId:        %7\n")
        .arg(t.name, t.slug, t.kind, t.status, t.plan, QString::fromUtf8(compactJson(t.settings)), t.id);
}

QString roleText(const Role& r)
{
    return QStringLiteral("%1%2  %3\n    %4")
        .arg(r.name.leftJustified(18), r.system ? QStringLiteral(" (built-in)") : QStringLiteral("           "),
            r.description, r.permissions.isEmpty() ? QStringLiteral("(no permissions)") : r.permissions.join(QLatin1Char(' ')));
}

int cmdInit(Cli& cli, const Args& a)
{
    NewWorkspace w;
    w.name = a.value(QStringLiteral("tenant"));
    w.slug = a.value(QStringLiteral("slug"));
    w.kind = a.value(QStringLiteral("kind"), QStringLiteral("agency"));
    w.adminEmail = a.value(QStringLiteral("admin-email"));
    w.adminGivenName = a.value(QStringLiteral("given-name"));
    w.adminFamilyName = a.value(QStringLiteral("family-name"));
    if (w.name.isEmpty() || w.adminEmail.isEmpty())
        return cli.usage(QStringLiteral("init needs --tenant NAME and --admin-email EMAIL"));
    w.adminPassword = cli.secret("RECRUITDESK_PASSWORD", QStringLiteral("Password for %1: ").arg(w.adminEmail), true);
    if (w.adminPassword.isEmpty())
        return cli.usage(QStringLiteral("no password: set RECRUITDESK_PASSWORD or run in a terminal"));
    auto t = cli.workspace().tenants().createWorkspace(w);
    if (!t)
        return cli.fail(t.error());
    cli.print(t.value().toJson(),
        QStringLiteral("Created workspace '%1' (slug %2) with admin %3 in %4")
            .arg(t.value().name, t.value().slug, w.adminEmail, cli.dbPath()));
    return Ok;
}

int cmdTenantShow(Cli& cli, const Args&)
{
    auto t = cli.workspace().tenants().get(cli.session());
    if (!t)
        return cli.fail(t.error());
    cli.print(t.value().toJson(), tenantText(t.value()));
    return Ok;
}

int cmdTenantUpdate(Cli& cli, const Args& a)
{
    TenantPatch p;
    if (a.has(QStringLiteral("name")))
        p.name = a.value(QStringLiteral("name"));
    if (a.has(QStringLiteral("kind")))
        p.kind = a.value(QStringLiteral("kind"));
    if (a.has(QStringLiteral("plan")))
        p.plan = a.value(QStringLiteral("plan"));
    if (a.has(QStringLiteral("status")))
        p.status = a.value(QStringLiteral("status"));
    if (a.has(QStringLiteral("setting"))) {
        auto current = cli.workspace().tenants().get(cli.session());
        if (!current)
            return cli.fail(current.error());
        QJsonObject settings = current.value().settings;
        for (const QString& kv : a.values(QStringLiteral("setting"))) {
            const int eq = kv.indexOf(QLatin1Char('='));
            if (eq <= 0)
                return cli.usage(QStringLiteral("--setting takes key=value"));
            settings.insert(kv.left(eq), kv.mid(eq + 1));
        }
        p.settings = settings;
    }
    auto t = cli.workspace().tenants().update(cli.session(), p);
    if (!t)
        return cli.fail(t.error());
    cli.print(t.value().toJson(), tenantText(t.value()));
    return Ok;
}

int cmdUserAdd(Cli& cli, const Args& a)
{
    NewUser u;
    u.email = a.value(QStringLiteral("email"));
    u.givenName = a.value(QStringLiteral("given-name"));
    u.familyName = a.value(QStringLiteral("family-name"));
    u.roles = a.values(QStringLiteral("role"));
    if (u.email.isEmpty())
        return cli.usage(QStringLiteral("user add needs --email EMAIL"));
    // A workspace attached to a sync server gets its colleagues from the server (one place: their
    // account there and their user here come together).
    if (auto server = cli.workspace().db().meta(QStringLiteral("sync_server")); server && !server.value().isEmpty())
        return cli.fail(makeError(ErrorCode::ValidationFailed,
            QStringLiteral("This workspace syncs with %1: invite colleagues with `user invite --email %2` (the server "
                           "makes their account and a join code).")
                .arg(server.value(), u.email),
            { { QStringLiteral("reason"), QStringLiteral("invite_required") }, { QStringLiteral("field"), QStringLiteral("email") } }));
    if (!a.has(QStringLiteral("no-password"))) {
        u.password = cli.secret("RECRUITDESK_NEW_PASSWORD", QStringLiteral("Password for the new user %1: ").arg(u.email), true);
        if (u.password.isEmpty())
            return cli.usage(QStringLiteral("no password for the new user: set RECRUITDESK_NEW_PASSWORD, run in a terminal, "
                                            "or pass --no-password and issue a reset code"));
    }
    auto created = cli.workspace().users().create(cli.session(), u);
    if (!created)
        return cli.fail(created.error());
    cli.print(created.value().toJson(), QStringLiteral("Added %1").arg(userLine(created.value())));
    return Ok;
}

int cmdUserList(Cli& cli, const Args& a)
{
    auto q = cli.listQuery(a);
    if (!q)
        return cli.fail(q.error());
    QJsonArray items;
    QString text;
    QString cursor;
    for (;;) {
        auto page = cli.workspace().users().list(cli.session(), q.value());
        if (!page)
            return cli.fail(page.error());
        for (const User& u : page.value().items) {
            items << u.toJson();
            text += userLine(u) + QLatin1Char('\n');
        }
        cursor = page.value().nextCursor;
        if (!a.has(QStringLiteral("all")) || cursor.isEmpty())
            break;
        q.value().cursor = cursor;
    }
    if (!cursor.isEmpty() && !a.has(QStringLiteral("all")))
        text += QStringLiteral("(more: --cursor %1)\n").arg(cursor);
    if (cli.json())
        cli.print(QJsonObject { { QStringLiteral("items"), items }, { QStringLiteral("next_cursor"), cursor } }, {});
    else
        cli.print({}, text.isEmpty() ? QStringLiteral("(no users)") : text);
    return Ok;
}

int withUser(Cli& cli, const Args& a, const std::function<Result<User>(const User&)>& action, const QString& verb)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("%1 needs the user's EMAIL").arg(verb));
    auto u = cli.userByEmail(a.positional.first());
    if (!u)
        return cli.fail(u.error());
    auto r = action(u.value());
    if (!r)
        return cli.fail(r.error());
    cli.print(r.value().toJson(), userLine(r.value()));
    return Ok;
}

int cmdUserShow(Cli& cli, const Args& a)
{
    return withUser(cli, a, [](const User& u) -> Result<User> { return u; }, QStringLiteral("user show"));
}

int cmdUserDisable(Cli& cli, const Args& a)
{
    return withUser(
        cli, a, [&](const User& u) { return cli.workspace().users().setActive(cli.session(), u.id, false); },
        QStringLiteral("user disable"));
}

int cmdUserEnable(Cli& cli, const Args& a)
{
    return withUser(
        cli, a, [&](const User& u) { return cli.workspace().users().setActive(cli.session(), u.id, true); },
        QStringLiteral("user enable"));
}

int cmdUserSetRole(Cli& cli, const Args& a)
{
    QStringList roles = a.values(QStringLiteral("role"));
    if (roles.isEmpty() && a.positional.size() == 2)
        roles << a.positional.last();
    Args rest = a;
    rest.positional = a.positional.mid(0, 1);
    if (roles.isEmpty())
        return cli.usage(QStringLiteral("user set-role needs EMAIL and --role ROLE (repeatable)"));
    return withUser(
        cli, rest, [&](const User& u) { return cli.workspace().users().setRoles(cli.session(), u.id, roles); },
        QStringLiteral("user set-role"));
}

int cmdUserResetCode(Cli& cli, const Args& a)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("user reset-code needs the user's EMAIL"));
    auto u = cli.userByEmail(a.positional.first());
    if (!u)
        return cli.fail(u.error());
    auto rc = cli.workspace().users().issueResetCode(cli.session(), u.value().id);
    if (!rc)
        return cli.fail(rc.error());
    cli.print(QJsonObject { { QStringLiteral("user_id"), rc.value().userId }, { QStringLiteral("code"), rc.value().code },
                  { QStringLiteral("expires_at"), rc.value().expiresAt } },
        QStringLiteral("One-time reset code for %1: %2\nValid until %3 (single use). The user runs:\n"
                       "  recruitdesk-cli password reset --email %1 --code %2")
            .arg(u.value().email, rc.value().code, rc.value().expiresAt));
    return Ok;
}

int cmdRoleList(Cli& cli, const Args&)
{
    auto roles = cli.workspace().roles().list(cli.session());
    if (!roles)
        return cli.fail(roles.error());
    QJsonArray arr;
    QStringList lines;
    for (const Role& r : roles.value()) {
        arr << r.toJson();
        lines << roleText(r);
    }
    cli.print(arr, lines.join(QLatin1Char('\n')));
    return Ok;
}

int cmdRoleCreate(Cli& cli, const Args& a)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("role create needs a NAME"));
    auto r = cli.workspace().roles().create(cli.session(), a.positional.first(), a.value(QStringLiteral("description")),
        a.values(QStringLiteral("grant")));
    if (!r)
        return cli.fail(r.error());
    cli.print(r.value().toJson(), roleText(r.value()));
    return Ok;
}

int cmdRoleGrantRevoke(Cli& cli, const Args& a, bool grant)
{
    if (a.positional.size() < 2)
        return cli.usage(QStringLiteral("role %1 needs NAME and one or more resource.action").arg(grant ? "grant" : "revoke"));
    auto r = grant ? cli.workspace().roles().grant(cli.session(), a.positional.first(), a.positional.mid(1))
                   : cli.workspace().roles().revoke(cli.session(), a.positional.first(), a.positional.mid(1));
    if (!r)
        return cli.fail(r.error());
    cli.print(r.value().toJson(), roleText(r.value()));
    return Ok;
}

int cmdRoleDelete(Cli& cli, const Args& a)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("role delete needs a NAME"));
    auto s = cli.workspace().roles().remove(cli.session(), a.positional.first());
    if (!s)
        return cli.fail(s.error());
    cli.print(QJsonObject { { QStringLiteral("deleted"), a.positional.first() } },
        QStringLiteral("Deleted role %1").arg(a.positional.first()));
    return Ok;
}

const QStringList kListOptions { QStringLiteral("filter"), QStringLiteral("sort"), QStringLiteral("limit"),
    QStringLiteral("cursor") };
} // namespace

QList<Command> adminCommands()
{
    const QString listHelp = QStringLiteral(
        "[--filter FIELD:OP:VALUE]... [--sort FIELD,-FIELD] [--limit N] [--cursor C] [--all]\n"
        "  OP is eq, ne, gt, lt, in (comma-separated values) or like (substring).");
    return {
        { QStringLiteral("init"),
            QStringLiteral("--tenant NAME --admin-email EMAIL [--slug SLUG] [--kind agency|employer|school] "
                           "[--given-name G] [--family-name F]"),
            QStringLiteral("Create a workspace and its first admin (password from RECRUITDESK_PASSWORD or a prompt)."),
            { QStringLiteral("tenant"), QStringLiteral("admin-email"), QStringLiteral("slug"), QStringLiteral("kind"),
                QStringLiteral("given-name"), QStringLiteral("family-name") },
            {}, false, cmdInit },
        { QStringLiteral("tenant show"), QString(), QStringLiteral("Show the workspace."), {}, {}, true, cmdTenantShow },
        { QStringLiteral("tenant update"),
            QStringLiteral("[--name N] [--kind K] [--plan P] [--status active|suspended] [--setting KEY=VALUE]..."),
            QStringLiteral("Change the workspace's name, kind, plan, status or settings."),
            { QStringLiteral("name"), QStringLiteral("kind"), QStringLiteral("plan"), QStringLiteral("status"),
                QStringLiteral("setting") },
            {}, true, cmdTenantUpdate },
        { QStringLiteral("user add"),
            QStringLiteral("--email EMAIL [--role viewer|recruiter|hiring_manager|admin|CUSTOM]... [--given-name G] "
                           "[--family-name F] [--no-password]"),
            QStringLiteral("Add a user (password from RECRUITDESK_NEW_PASSWORD or a prompt)."),
            { QStringLiteral("email"), QStringLiteral("role"), QStringLiteral("given-name"), QStringLiteral("family-name") },
            { QStringLiteral("no-password") }, true, cmdUserAdd },
        { QStringLiteral("user list"), listHelp, QStringLiteral("List users (fields: email, given_name, family_name, active, "
                                                               "verified, mfa_enabled, created_at, updated_at, last_sign_in_at)."),
            kListOptions, { QStringLiteral("all") }, true, cmdUserList },
        { QStringLiteral("user show"), QStringLiteral("EMAIL"), QStringLiteral("Show one user."), {}, {}, true, cmdUserShow },
        { QStringLiteral("user disable"), QStringLiteral("EMAIL"), QStringLiteral("Disable a user (they can no longer sign in)."),
            {}, {}, true, cmdUserDisable },
        { QStringLiteral("user enable"), QStringLiteral("EMAIL"), QStringLiteral("Enable a disabled user."), {}, {}, true,
            cmdUserEnable },
        { QStringLiteral("user set-role"), QStringLiteral("EMAIL --role ROLE [--role ROLE]..."),
            QStringLiteral("Replace a user's roles."), { QStringLiteral("role") }, {}, true, cmdUserSetRole },
        { QStringLiteral("user reset-code"), QStringLiteral("EMAIL"),
            QStringLiteral("Issue a one-time password reset code (30 minutes, single use)."), {}, {}, true, cmdUserResetCode },
        { QStringLiteral("role list"), QString(), QStringLiteral("List roles and their permissions."), {}, {}, true, cmdRoleList },
        { QStringLiteral("role create"), QStringLiteral("NAME [--description D] [--grant resource.action]..."),
            QStringLiteral("Create a custom role."), { QStringLiteral("description"), QStringLiteral("grant") }, {}, true,
            cmdRoleCreate },
        { QStringLiteral("role grant"), QStringLiteral("NAME resource.action..."),
            QStringLiteral("Add permissions to a custom role."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdRoleGrantRevoke(c, a, true); } },
        { QStringLiteral("role revoke"), QStringLiteral("NAME resource.action..."),
            QStringLiteral("Remove permissions from a custom role."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdRoleGrantRevoke(c, a, false); } },
        { QStringLiteral("role delete"), QStringLiteral("NAME"), QStringLiteral("Delete an unused custom role."), {}, {}, true,
            cmdRoleDelete },
    };
}

} // namespace rd::cli
