#include "cli.h"

#include <QFileInfo>

#include "app/paths.h"
#include "common/ids.h"
#include "crypto/keychain/platformkeys.h"
#include "store/listquery.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace rd::cli {

int exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::AuthFailed:
    case ErrorCode::LockedOut:
    case ErrorCode::MfaRequired:
    case ErrorCode::TenantSuspended: return AuthFailed;
    case ErrorCode::PermissionDenied: return PermissionDenied;
    case ErrorCode::NotFound: return NotFound;
    case ErrorCode::ValidationFailed: return ValidationFailed;
    case ErrorCode::ChainBroken: return ChainBroken;
    case ErrorCode::Unavailable: return Unavailable;
    default: return Other;
    }
}

Cli::Cli(QTextStream& out, QTextStream& err)
    : m_out(out)
    , m_err(err)
{
    registerCommands();
}

void Cli::registerCommands()
{
    m_commands << adminCommands() << recruitingCommands() << documentCommands() << privacyCommands() << collaborationCommands() << outreachCommands() << seedCommands() << opsCommands() << syncCommands();
}

int Cli::fail(const Error& e)
{
    if (m_json) {
        m_err << QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact) << Qt::endl;
    } else {
        m_err << "error: " << e.message << " [" << e.codeName() << "]";
        if (!e.details.isEmpty() && e.code != ErrorCode::StorageError)
            m_err << " " << QJsonDocument(e.details).toJson(QJsonDocument::Compact);
        m_err << Qt::endl;
        const QString reason = e.details.value(QStringLiteral("reason")).toString();
        if (reason == QLatin1String("lease_expired") || reason == QLatin1String("lease_ended"))
            m_err << "To open it again: recruitdesk-cli --db " << m_dbPath << " sync unlock" << Qt::endl;
    }
    return exitCodeFor(e.code);
}

int Cli::usage(const QString& message)
{
    if (m_json) {
        m_err << QJsonDocument(QJsonObject { { QStringLiteral("code"), QStringLiteral("usage") },
                                   { QStringLiteral("message"), message }, { QStringLiteral("details"), QJsonObject {} } })
                     .toJson(QJsonDocument::Compact)
              << Qt::endl;
    } else {
        m_err << "usage error: " << message << Qt::endl << "Run 'recruitdesk-cli --help' for the list of commands." << Qt::endl;
    }
    return Usage;
}

void Cli::print(const QJsonValue& json, const QString& text)
{
    if (m_json) {
        if (json.isArray())
            m_out << QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact) << Qt::endl;
        else
            m_out << QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact) << Qt::endl;
    } else if (!text.isEmpty()) {
        m_out << text << (text.endsWith(QLatin1Char('\n')) ? "" : "\n");
        m_out.flush();
    }
}

QString Cli::secret(const char* envName, const QString& prompt, bool confirm)
{
    const QByteArray env = qgetenv(envName);
    if (!env.isEmpty())
        return QString::fromUtf8(env);
    if (!isatty(STDIN_FILENO))
        return {};
    auto ask = [](const QString& p) {
        std::fprintf(stderr, "%s", p.toLocal8Bit().constData());
        std::fflush(stderr);
        termios old {};
        tcgetattr(STDIN_FILENO, &old);
        termios noecho = old;
        noecho.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &noecho);
        char buf[1024];
        QString line;
        if (std::fgets(buf, sizeof buf, stdin))
            line = QString::fromLocal8Bit(buf).chopped(QString::fromLocal8Bit(buf).endsWith(QLatin1Char('\n')) ? 1 : 0);
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::fprintf(stderr, "\n");
        return line;
    };
    const QString first = ask(prompt);
    if (confirm && ask(QStringLiteral("Repeat: ")) != first) {
        m_err << "The two entries differ." << Qt::endl;
        return {};
    }
    return first;
}

Result<ListQuery> Cli::listQuery(const Args& args)
{
    ListQuery q;
    for (const QString& f : args.values(QStringLiteral("filter"))) {
        auto parsed = Filter::parse(f);
        if (!parsed)
            return parsed.error();
        q.filters << parsed.value();
    }
    q.sort = SortKey::parseList(args.value(QStringLiteral("sort")));
    bool ok = true;
    q.limit = args.value(QStringLiteral("limit"), QStringLiteral("50")).toInt(&ok);
    if (!ok)
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("--limit takes a number"));
    q.cursor = args.value(QStringLiteral("cursor"));
    return q;
}

Result<User> Cli::userByEmail(const QString& email) { return m_ws->users().findByEmail(m_session, email); }

Status Cli::openWorkspace()
{
    if (m_ws)
        return {};
    WorkspaceOptions options;
    options.custody = platformKeyCustody(m_dbPath);
    auto ws = Workspace::open(m_dbPath, options);
    if (!ws)
        return ws.error();
    m_ws = std::move(ws).value();
    return {};
}

int Cli::signIn()
{
    if (m_userEmail.isEmpty())
        return usage(QStringLiteral("this command needs --user EMAIL (password from RECRUITDESK_PASSWORD or a prompt)"));
    SignInRequest req;
    req.tenantSlug = m_tenantSlug;
    req.email = m_userEmail;
    req.password = secret("RECRUITDESK_PASSWORD", QStringLiteral("Password for %1: ").arg(m_userEmail));
    req.totpCode = QString::fromUtf8(qgetenv("RECRUITDESK_TOTP"));
    req.recoveryCode = QString::fromUtf8(qgetenv("RECRUITDESK_RECOVERY_CODE"));
    auto s = m_ws->auth().signIn(req);
    if (!s && s.error().code == ErrorCode::MfaRequired && isatty(STDIN_FILENO)) {
        req.totpCode = secret("RECRUITDESK_TOTP", QStringLiteral("Authenticator code: "));
        s = m_ws->auth().signIn(req);
    }
    if (!s) {
        Error e = s.error();
        if (e.code == ErrorCode::MfaRequired)
            e.message += QStringLiteral(" Set RECRUITDESK_TOTP (or RECRUITDESK_RECOVERY_CODE), or run in a terminal.");
        return fail(e);
    }
    m_session = s.value();
    m_session.correlationId = newUuidV7();
    return Ok;
}

void Cli::printHelp()
{
    m_out << "recruitdesk-cli - administer a RecruitDesk workspace from the command line\n\n"
             "Usage: recruitdesk-cli [--db PATH] [--json] [--user EMAIL] [--tenant SLUG] VERB ... \n\n"
             "Global options:\n"
             "  --db PATH       database file (default: $RECRUITDESK_DB or "
          << defaultDatabasePath()
          << ")\n"
             "  --json          machine-readable output; errors as {\"code\",\"message\",\"details\"} on stderr\n"
             "  --user EMAIL    sign in as this user; password from RECRUITDESK_PASSWORD or a prompt,\n"
             "                  authenticator code from RECRUITDESK_TOTP (or RECRUITDESK_RECOVERY_CODE)\n"
             "  --tenant SLUG   workspace to sign in to (needed only when the file holds several)\n"
             "  --help          this text; 'recruitdesk-cli VERB --help' for one command\n\n"
             "Commands:\n";
    for (const Command& c : m_commands)
        m_out << "  " << c.name.leftJustified(22) << c.description << "\n";
    m_out << "\nExit codes: 0 ok, 1 other error, 2 usage, 3 authentication failed, 4 permission denied,\n"
             "5 not found, 6 validation failed, 7 audit chain broken.\n";
    m_out.flush();
}

void Cli::printCommandHelp(const Command& c)
{
    m_out << "Usage: recruitdesk-cli [--db PATH] [--json]" << (c.needsUser ? " --user EMAIL" : "") << " " << c.name << " "
          << c.synopsis << "\n\n"
          << c.description << "\n";
    m_out.flush();
}

int Cli::run(const QStringList& arguments)
{
    QStringList rest;
    bool help = false;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString& a = arguments[i];
        auto takeValue = [&](QString* target) {
            if (i + 1 >= arguments.size())
                return false;
            *target = arguments[++i];
            return true;
        };
        if (rest.isEmpty() && a == QLatin1String("--db")) {
            if (!takeValue(&m_dbPath))
                return usage(QStringLiteral("--db needs a path"));
        } else if (rest.isEmpty() && a == QLatin1String("--user")) {
            if (!takeValue(&m_userEmail))
                return usage(QStringLiteral("--user needs an email"));
        } else if (rest.isEmpty() && a == QLatin1String("--tenant")) {
            if (!takeValue(&m_tenantSlug))
                return usage(QStringLiteral("--tenant needs a slug"));
        } else if (a == QLatin1String("--json")) {
            m_json = true;
        } else if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            help = true;
        } else {
            rest << a;
        }
    }
    if (m_dbPath.isEmpty())
        m_dbPath = defaultDatabasePath();

    // Longest command name matching the first words.
    const Command* cmd = nullptr;
    int words = 0;
    for (const Command& c : m_commands) {
        const QStringList parts = c.name.split(QLatin1Char(' '));
        if (parts.size() <= rest.size() && rest.mid(0, parts.size()) == parts && parts.size() > words) {
            cmd = &c;
            words = int(parts.size());
        }
    }
    if (!cmd) {
        if (help || rest.isEmpty()) {
            printHelp();
            return rest.isEmpty() && !help ? Usage : Ok;
        }
        // A known group without a sub-verb: list the group's commands.
        QStringList group;
        for (const Command& c : m_commands)
            if (c.name.startsWith(rest.first() + QLatin1Char(' ')))
                group << QStringLiteral("  ") + c.name.leftJustified(22) + c.description;
        if (!group.isEmpty()) {
            m_out << "Commands of '" << rest.first() << "':\n" << group.join(QLatin1Char('\n')) << "\n";
            m_out.flush();
            return help ? Ok : Usage;
        }
        return usage(QStringLiteral("unknown command '%1'").arg(rest.join(QLatin1Char(' '))));
    }
    if (help) {
        printCommandHelp(*cmd);
        return Ok;
    }

    Args args;
    const QStringList tail = rest.mid(words);
    for (int i = 0; i < tail.size(); ++i) {
        const QString& a = tail[i];
        if (a.startsWith(QLatin1String("--"))) {
            const QString name = a.mid(2);
            if (cmd->flags.contains(name)) {
                args.options[name] << QStringLiteral("1");
            } else if (cmd->valueOptions.contains(name)) {
                if (i + 1 >= tail.size())
                    return usage(QStringLiteral("--%1 needs a value").arg(name));
                args.options[name] << tail[++i];
            } else {
                return usage(QStringLiteral("'%1' does not take --%2").arg(cmd->name, name));
            }
        } else {
            args.positional << a;
        }
    }

    // A new workspace where one was erased by the server's order (decision 0024): the note
    // that said so has been read (every other command shows it) and goes.
    if ((cmd->name == QLatin1String("init") || cmd->name == QLatin1String("join")) && !QFileInfo::exists(m_dbPath))
        if (auto cleared = crypto::KeyCustody::clearWipedNotice(m_dbPath); !cleared)
            return fail(cleared.error());
    if (!cmd->opensDatabase)
        return cmd->run(*this, args);
    if (auto s = openWorkspace(); !s)
        return fail(s.error());
    if (cmd->needsUser) {
        const int rc = signIn();
        if (rc != Ok)
            return rc;
    }
    return cmd->run(*this, args);
}

} // namespace rd::cli
