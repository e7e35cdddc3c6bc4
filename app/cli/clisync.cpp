// Sync verbs: sync connect, sync, sync status, join, conflicts list (docs/sync.md).
#include "cli.h"
#include "client/syncengine.h"
#include "crypto/keychain/platformkeys.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace rd::cli {

namespace {
// The server account's password: RECRUITDESK_SERVER_PASSWORD when it differs from the
// workspace one, else RECRUITDESK_PASSWORD.
QString serverPassword()
{
    const QByteArray p = qgetenv("RECRUITDESK_SERVER_PASSWORD");
    return QString::fromUtf8(p.isEmpty() ? qgetenv("RECRUITDESK_PASSWORD") : p);
}
QString totpOf(const Args& a)
{
    return a.value(QStringLiteral("totp"), QString::fromUtf8(qgetenv("RECRUITDESK_TOTP")));
}

int cmdSyncConnect(Cli& cli, const Args& a)
{
    const QString server = a.value(QStringLiteral("server"));
    if (server.isEmpty()) return cli.usage(QStringLiteral("sync connect needs --server URL"));
    sync::SyncEngine engine(cli.workspace(), cli.session());
    const QString password = serverPassword();
    auto tenant = cli.workspace().tenants().get(cli.session());
    const QString slug = a.value(QStringLiteral("server-tenant"), tenant ? tenant.value().slug : QString());
    if (Status s = engine.connect(server, slug, cli.session().email, password, totpOf(a), true); !s)
        return cli.fail(s.error());
    auto round = engine.syncOnce();
    if (!round) return cli.fail(round.error());
    QJsonObject o = round.value().toJson();
    o.insert(QStringLiteral("server"), engine.server());
    cli.print(o,
        QStringLiteral("Connected to %1: uploaded %2 changes, %3 pending.")
            .arg(engine.server())
            .arg(round.value().pushed)
            .arg(round.value().pending));
    return Ok;
}

int cmdSyncLogin(Cli& cli, const Args& a)
{
    sync::SyncEngine engine(cli.workspace(), cli.session());
    auto tenant = cli.workspace().tenants().get(cli.session());
    const QString slug = a.value(QStringLiteral("server-tenant"), tenant ? tenant.value().slug : QString());
    if (Status s = engine.login(slug, cli.session().email, serverPassword(), totpOf(a)); !s) return cli.fail(s.error());
    cli.print(QJsonObject { { QStringLiteral("server"), engine.server() }, { QStringLiteral("signed_in"), true } },
        QStringLiteral("Signed in again at %1.").arg(engine.server()));
    return Ok;
}

// After the key lease lapsed (or the server shut this laptop): a sign-in at the server the lease
// names has the lease key handed back, then the workspace opens again (decision 0024).
int cmdSyncUnlock(Cli& cli, const Args& a)
{
    auto custody = platformKeyCustody(cli.dbPath());
    const crypto::LeaseState st = custody->state();
    if (!st.leased)
        return cli.fail(makeError(ErrorCode::NotFound,
            QStringLiteral("%1 has no key lease from a sync server: there is nothing to unlock.").arg(cli.dbPath())));
    const QByteArray given = qgetenv("RECRUITDESK_SERVER_PASSWORD").isEmpty() ? qgetenv("RECRUITDESK_PASSWORD")
                                                                              : qgetenv("RECRUITDESK_SERVER_PASSWORD");
    const QString password = given.isEmpty()
        ? cli.secret("RECRUITDESK_PASSWORD", QStringLiteral("Password for %1 at %2: ").arg(st.email, st.server))
        : QString::fromUtf8(given);
    QJsonObject tokens;
    auto key = sync::SyncEngine::reopenLeased(*custody, password, totpOf(a), &tokens);
    if (!key) return cli.fail(key.error());
    WorkspaceOptions options;
    options.custody = custody;
    auto ws = Workspace::open(cli.dbPath(), options);
    if (!ws) return cli.fail(ws.error());
    sync::SyncEngine engine(*ws.value(), Session::systemFor({}));
    if (Status kept = engine.adoptSignIn(tokens); !kept) return cli.fail(kept.error());
    const crypto::LeaseState now = custody->state();
    cli.print(QJsonObject { { QStringLiteral("server"), now.server }, { QStringLiteral("lease_until"), Clock::toIso(now.untilMs) } },
        QStringLiteral("Unlocked: this workspace opens without the sync server until %1.").arg(Clock::toIso(now.untilMs)));
    return Ok;
}

int cmdSync(Cli& cli, const Args&)
{
    sync::SyncEngine engine(cli.workspace(), cli.session());
    auto round = engine.syncOnce();
    if (!round) return cli.fail(round.error());
    const sync::SyncSummary& s = round.value();
    cli.print(s.toJson(),
        (s.notice.isEmpty() ? QString() : s.notice + QLatin1Char('\n'))
            + QStringLiteral("Synced with %1: pushed %2, pulled %3, %4 new conflict(s), %5 pending.")
                  .arg(engine.server())
                  .arg(s.pushed)
                  .arg(s.pulled)
                  .arg(s.conflicts)
                  .arg(s.pending));
    return Ok;
}

int cmdSyncStatus(Cli& cli, const Args&)
{
    sync::SyncEngine engine(cli.workspace(), cli.session());
    auto conflicts = engine.conflicts();
    auto last = cli.workspace().db().meta(QStringLiteral("sync_last_at"));
    auto notice = cli.workspace().db().meta(QStringLiteral("sync_notice"));
    // Attachment files this device has not sent or not received yet.
    auto files = cli.workspace().db().selectOne(
        QStringLiteral("SELECT coalesce(sum(b.local = 1 AND b.on_server = 0), 0), coalesce(sum(b.local = 0), 0) FROM blob_state b "
                       "WHERE EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = b.sha256 AND a.deleted_at IS NULL)"));
    const QJsonObject o { { QStringLiteral("server"), engine.server() },
        { QStringLiteral("pending"), engine.pendingCount() },
        { QStringLiteral("open_conflicts"), conflicts ? int(conflicts.value().size()) : 0 },
        { QStringLiteral("files_to_send"), files ? files.value().value(0).toInt() : 0 },
        { QStringLiteral("files_missing"), files ? files.value().value(1).toInt() : 0 },
        { QStringLiteral("last_sync_at"), last ? QJsonValue(last.value()) : QJsonValue() },
        // The last time this file had to carry on as a new device (restored or copied), in words.
        { QStringLiteral("notice"), notice && !notice.value().isEmpty() ? QJsonValue(notice.value()) : QJsonValue() } };
    cli.print(o,
        engine.server().isEmpty()
            ? QStringLiteral("Not connected to a sync server; %1 change(s) recorded.").arg(engine.pendingCount())
            : QStringLiteral("Server %1, %2 change(s) pending, last sync %3.")
                  .arg(engine.server())
                  .arg(engine.pendingCount())
                  .arg(last ? last.value() : QStringLiteral("never")));
    return Ok;
}

int cmdJoin(Cli& cli, const Args& a)
{
    const QString server = a.value(QStringLiteral("server"));
    const QString email = a.value(QStringLiteral("email"));
    if (server.isEmpty() || email.isEmpty())
        return cli.usage(QStringLiteral("join needs --server URL --email EMAIL (password from RECRUITDESK_PASSWORD)"));
    if (QFileInfo(cli.dbPath()).exists() && QFileInfo(cli.dbPath()).size() > 0)
        return cli.fail(makeError(ErrorCode::Conflict,
            QStringLiteral("%1 exists already; join creates a new workspace.").arg(cli.dbPath()),
            { { QStringLiteral("field"), QStringLiteral("db") } }));
    // An invited colleague joins with the code from their invitation and chooses a password.
    // The code from --code, or from RECRUITDESK_JOIN_CODE (kept off the command line, which other
    // users of the machine can see).
    const QString code = a.value(QStringLiteral("code"), QString::fromUtf8(qgetenv("RECRUITDESK_JOIN_CODE")));
    const QString password = code.isEmpty()
        ? cli.secret("RECRUITDESK_PASSWORD", QStringLiteral("Password for %1: ").arg(email))
        : cli.secret("RECRUITDESK_NEW_PASSWORD", QStringLiteral("Choose your password (at least 12 characters): "), true);
    if (password.isEmpty())
        return cli.usage(code.isEmpty() ? QStringLiteral("no password: set RECRUITDESK_PASSWORD or run in a terminal")
                                        : QStringLiteral("no password: set RECRUITDESK_NEW_PASSWORD or run in a terminal"));
    if (Status s = cli.openWorkspace(); !s) return cli.fail(s.error());
    auto session = code.isEmpty()
        ? sync::SyncEngine::join(cli.workspace(), server, a.value(QStringLiteral("tenant")), email, password, totpOf(a))
        : sync::SyncEngine::joinWithCode(cli.workspace(), server, a.value(QStringLiteral("tenant")), email, code, password);
    if (!session) {
        // Nothing half-made stays behind.
        const QString path = cli.dbPath();
        cli.closeWorkspace();
        for (const QString& suffix :
            { QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral(".key") })
            QFile::remove(path + suffix);
        return cli.fail(session.error());
    }
    sync::SyncEngine engine(cli.workspace(), session.value());
    auto counts = cli.workspace().db().selectOne(QStringLiteral(
        "SELECT (SELECT count(*) FROM candidates WHERE deleted_at IS NULL), (SELECT count(*) FROM job_postings WHERE "
        "deleted_at IS NULL), (SELECT base_seq FROM sync_ctx)"));
    const QJsonObject o { { QStringLiteral("server"), engine.server() },
        { QStringLiteral("tenant_id"), session.value().tenantId },
        { QStringLiteral("user_id"), session.value().userId },
        { QStringLiteral("candidates"), counts ? counts.value().value(0).toInt() : 0 },
        { QStringLiteral("jobs"), counts ? counts.value().value(1).toInt() : 0 },
        { QStringLiteral("cursor"), counts ? counts.value().value(2).toLongLong() : 0 } };
    cli.print(o,
        QStringLiteral("Joined the workspace at %1: %2 candidates, %3 jobs. Sign in with --user %4.")
            .arg(engine.server())
            .arg(o.value(QStringLiteral("candidates")).toInt())
            .arg(o.value(QStringLiteral("jobs")).toInt())
            .arg(email));
    return Ok;
}

int cmdUserInvite(Cli& cli, const Args& a)
{
    const QString email = a.value(QStringLiteral("email"));
    if (email.isEmpty()) return cli.usage(QStringLiteral("user invite needs --email EMAIL"));
    sync::SyncEngine engine(cli.workspace(), cli.session());
    auto invited = engine.invite(email, a.value(QStringLiteral("role"), QStringLiteral("recruiter")),
        a.value(QStringLiteral("given-name")), a.value(QStringLiteral("family-name")));
    if (!invited) return cli.fail(invited.error());
    const QJsonObject& o = invited.value();
    if (o.contains(QStringLiteral("requested_role")))
        cli.err() << "recruitdesk-cli: " << o.value(QStringLiteral("email")).toString()
                  << " is a user of the workspace already and keeps their roles: " << o.value(QStringLiteral("role")).toString()
                  << "\n";
    // Their workspace user comes with the next pull.
    auto round = engine.syncOnce();
    if (!round) cli.err() << "recruitdesk-cli: invited; their user comes with the next sync (" << round.error().message << ")\n";
    if (o.value(QStringLiteral("code_withheld")).toBool()) {
        cli.print(o,
            QStringLiteral("%1 is a user of the workspace already: their join code goes only to their email address, "
                           "and the server could not email it (%2). Set up email on the server, or ask its operator to "
                           "run: recruitdesk-server user invite --tenant TENANT --email %1")
                .arg(o.value(QStringLiteral("email")).toString(), o.value(QStringLiteral("email_problem")).toString()));
        return Ok;
    }
    cli.print(o,
        o.value(QStringLiteral("emailed")).toBool()
            ? QStringLiteral("Invited %1: the join code was emailed to them; it works once, until %2.")
                  .arg(o.value(QStringLiteral("email")).toString(), o.value(QStringLiteral("expires_at")).toString())
            : QStringLiteral("Invited %1. Give them this join code (it works once, until %2):\n  %3\n"
                             "They join with: recruitdesk-cli join --server %4 --email %1 --code %3")
                  .arg(o.value(QStringLiteral("email")).toString(), o.value(QStringLiteral("expires_at")).toString(),
                      o.value(QStringLiteral("code")).toString(), engine.server()));
    return Ok;
}

int cmdConflictsList(Cli& cli, const Args& a)
{
    sync::SyncEngine engine(cli.workspace(), cli.session());
    auto list = engine.conflicts(a.has(QStringLiteral("all")));
    if (!list) return cli.fail(list.error());
    QJsonArray arr;
    QString text;
    for (const QJsonObject& c : list.value()) {
        arr << c;
        text += QStringLiteral("%1  %2 %3  %4: lost %5\n")
                    .arg(c.value(QStringLiteral("server_seq")).toInteger())
                    .arg(c.value(QStringLiteral("entity")).toString(), c.value(QStringLiteral("row_id")).toString(),
                        c.value(QStringLiteral("field")).toString(),
                        QString::fromUtf8(QJsonDocument(QJsonArray { c.value(QStringLiteral("losing_value")) })
                                              .toJson(QJsonDocument::Compact)));
    }
    cli.print(
        QJsonObject { { QStringLiteral("items"), arr } }, text.isEmpty() ? QStringLiteral("(no conflicts)") : text);
    return Ok;
}
} // namespace

QList<Command> syncCommands()
{
    return {
        { QStringLiteral("sync connect"), QStringLiteral("--server URL [--server-tenant SLUG] [--totp CODE]"),
            QStringLiteral("Attach this workspace to a sync server and upload it (admin; server password from "
                           "RECRUITDESK_SERVER_PASSWORD, else RECRUITDESK_PASSWORD)."),
            { QStringLiteral("server"), QStringLiteral("server-tenant"), QStringLiteral("totp") }, {}, true,
            cmdSyncConnect },
        { QStringLiteral("sync login"), QStringLiteral("[--server-tenant SLUG] [--totp CODE]"),
            QStringLiteral("Sign this connected device in again at its sync server (after the server ended its "
                           "sign-in; password from RECRUITDESK_SERVER_PASSWORD, else RECRUITDESK_PASSWORD)."),
            { QStringLiteral("server-tenant"), QStringLiteral("totp") }, {}, true, cmdSyncLogin },
        { QStringLiteral("sync"), QString(),
            QStringLiteral("Run one sync round: push, pull, apply, renew the key lease; prints what it did."), {}, {},
            true, cmdSync },
        { QStringLiteral("sync unlock"), QStringLiteral("[--totp CODE]"),
            QStringLiteral("After the offline period ended (the workspace will not open): sign in at the sync server "
                           "the workspace names to have its key handed back (password from RECRUITDESK_SERVER_PASSWORD, "
                           "else RECRUITDESK_PASSWORD, else a prompt)."),
            { QStringLiteral("totp") }, {}, false, cmdSyncUnlock, false },
        { QStringLiteral("sync status"), QString(),
            QStringLiteral("Sync server, pending changes, open conflicts, last sync."), {}, {}, true, cmdSyncStatus },
        { QStringLiteral("join"), QStringLiteral("--server URL --email EMAIL [--tenant SLUG] [--totp CODE | --code JOIN-CODE]"),
            QStringLiteral("Create this (new) workspace from the server's copy; password from RECRUITDESK_PASSWORD. "
                           "Invited: --code (or RECRUITDESK_JOIN_CODE) with the join code from the invitation, and the "
                           "password you choose from RECRUITDESK_NEW_PASSWORD or a prompt."),
            { QStringLiteral("server"), QStringLiteral("email"), QStringLiteral("tenant"), QStringLiteral("totp"),
                QStringLiteral("code") },
            {}, false, cmdJoin, false },
        { QStringLiteral("user invite"),
            QStringLiteral("--email EMAIL [--role viewer|recruiter|hiring_manager|admin] [--given-name G] [--family-name F]"),
            QStringLiteral("Invite a colleague through the sync server (connected workspaces): it makes their account "
                           "and user and a single-use join code, emailed when the server has email set up, else "
                           "printed for you to pass on."),
            { QStringLiteral("email"), QStringLiteral("role"), QStringLiteral("given-name"), QStringLiteral("family-name") },
            {}, true, cmdUserInvite },
        { QStringLiteral("conflicts list"), QStringLiteral("[--all]"),
            QStringLiteral("Values that lost to a later change in server order (open ones; --all for every one)."), {},
            { QStringLiteral("all") }, true, cmdConflictsList },
    };
}

} // namespace rd::cli
