// recruitdesk-server: the sync server. docs/server-admin.md walks an admin through it.
//   recruitdesk-server [--config FILE] [--pg URL] [--listen HOST:PORT] COMMAND
#include "documents/documents.h"
#include "server/auditstore.h"
#include "server/authservice.h"
#include "server/devicelease.h"
#include "server/backupcheck.h"
#include "server/dispatcher.h"
#include "server/httpapp.h"
#include "server/integrations.h"
#include "server/invitations.h"
#include "server/pgdatabase.h"
#include "server/serverconfig.h"
#include "server/serversettings.h"
#include "server/provisioning.h"
#include "server/syncservice.h"

#include <QCommandLineParser>
#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif
#include <QCoreApplication>
#include <QDir>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QSocketNotifier>
#include <QTimer>
#include <QtConcurrent>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace rd;
using namespace rd::server;

namespace {
int g_signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char c = 1;
    (void)!::write(g_signalPipe[1], &c, 1);
}

// SIGTERM / SIGINT end `serve` gracefully through the event loop (a self-pipe).
void quitOnSignals(QCoreApplication& app)
{
    if (::pipe(g_signalPipe) != 0) return;
    auto* notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [] {
        char c;
        (void)!::read(g_signalPipe[0], &c, 1);
        logJson(QStringLiteral("info"), QStringLiteral("stopping"));
        QCoreApplication::quit();
    });
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
}

int fail(const Error& e, int code = 1)
{
    std::fprintf(stderr, "recruitdesk-server: %s [%s]\n", qPrintable(e.message), qPrintable(e.codeName()));
    return code;
}

void print(const QJsonObject& o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Indented).constData());
}
} // namespace

int main(int argc, char* argv[])
{
    // CV PDFs for agency emails are rendered with QtGui (fonts, QPdfWriter): a GUI application on
    // the offscreen platform, which needs no display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
#ifdef Q_OS_UNIX
    // Services usually run without XDG_RUNTIME_DIR; QtGui would warn on every start (a plain-text
    // line before the JSON log) and then use this same private folder.
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const QByteArray dir = QDir::tempPath().toLocal8Bit() + "/runtime-" + QByteArray::number(uint(::getuid()));
        ::mkdir(dir.constData(), 0700);
        qputenv("XDG_RUNTIME_DIR", dir);
    }
#endif
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("recruitdesk-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RD_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "RecruitDesk sync server.\n\n"
        "Commands:\n"
        "  migrate                 create or upgrade the PostgreSQL schema (run after every upgrade)\n"
        "  serve                   answer HTTP(S) requests until SIGTERM or SIGINT\n"
        "  status                  print the schema version, epoch and counts as JSON\n"
        "  tenant create --name N --admin-email E [--kind agency|employer|school]\n"
        "                          a tenant and its first admin (password from RECRUITDESK_PASSWORD)\n"
        "  user add --tenant T --email E [--role R]\n"
        "                          a user (role admin|recruiter|hiring_manager|viewer; password from\n"
        "                          RECRUITDESK_PASSWORD)\n"
        "  user invite --tenant T --email E [--role R]\n"
        "                          invite a colleague: their account and workspace user, and a single-use\n"
        "                          join code (emailed when email is set up, else printed); they join with\n"
        "                          `recruitdesk-cli join --code` and choose their password\n"
        "  device list [--tenant T]  the devices signed in, by tenant\n"
        "  device revoke ID [--wipe [--reason TEXT]]\n"
        "                          refuse a device from now on (its sign-ins end; at its next contact\n"
        "                          the laptop destroys its copy of the workspace key). --wipe: a lost\n"
        "                          or stolen laptop erases its workspace when it next reaches the\n"
        "                          server, and its lease key is destroyed here now\n"
        "  user offline --tenant T EMAIL DAYS\n"
        "                          how many days that user's laptop opens its workspace without reaching\n"
        "                          this server (0: the tenant's offline_lease_days, default 14)\n"
        "  keys rotate             a new token signing key from now on; the old one verifies the tokens\n"
        "                          it signed for 15 minutes, then none (keys are sealed with the key file)\n"
        "  keys list               the signing keys: created, retired, sealed, still verifying\n"
        "  audit verify [--tenant T]  check every replicated audit chain (exit 1 on a break)\n"
        "  backup-check            check that this database (a restored backup) can be served from:\n"
        "                          gapless change logs, counters, merged rows, devices, audit chains\n"
        "                          (JSON report; exit 1 on a problem)\n"
        "  restored                after restoring the database from a backup (and migrate), before\n"
        "                          serve: start a new timeline; laptops re-send what the server lost\n"
        "                          without overwriting newer values (docs/server-admin.md)\n"
        "  settings set KEY VALUE [--tenant T]  a server-wide or tenant setting (smtp.*, public_url,\n"
        "                          agency_email, confirm_stage, ...; docs/server-admin.md section 8)\n"
        "  settings list [--tenant T]  the settings (secrets shown as set, never their value)\n"
        "  dispatch --once         one outreach dispatcher pass (serve runs it every 15 s)\n"
        "  outreach list [--state S] [--tenant T]  messages and agency emails (dead letters, unknown)\n"
        "  outreach decide ID resend|sent|failed [--agency]  an operator's decision on a dead,\n"
        "                          unknown or failed message (--agency: on its agency email)\n"
        "  webhook add --url URL --events E1,E2 [--tenant T]  an outbound webhook (prints its secret once)\n"
        "  webhook list | webhook remove ID | webhook deliveries [--state dead] | webhook replay ID\n"
        "  apikey create --name N --scopes jobs:read,applications:read [--tenant T]  (prints the key once)\n"
        "  apikey list | apikey rotate ID | apikey revoke ID\n"
        "  integration add --name N [--tenant T]  an inbound webhook endpoint and secret | integration list\n"
        "                          (docs/integrations.md)\n\n"
        "Configuration: an INI file (--config), overridden by RECRUITDESK_SERVER_PG and\n"
        "RECRUITDESK_SERVER_LISTEN, overridden by --pg and --listen. The database password may\n"
        "come from RECRUITDESK_PG_PASSWORD. See docs/server-admin.md."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption config(
        QStringLiteral("config"), QStringLiteral("The configuration file (INI)."), QStringLiteral("FILE"));
    QCommandLineOption pg(
        QStringLiteral("pg"), QStringLiteral("The database: postgresql://USER@HOST:PORT/DB."), QStringLiteral("URL"));
    QCommandLineOption listen(
        QStringLiteral("listen"), QStringLiteral("Address to listen on (serve)."), QStringLiteral("HOST:PORT"));
    QCommandLineOption name(QStringLiteral("name"),
        QStringLiteral("tenant create, apikey create, integration add: the name."), QStringLiteral("NAME"));
    QCommandLineOption adminEmail(QStringLiteral("admin-email"),
        QStringLiteral("tenant create: the first admin's email."), QStringLiteral("EMAIL"));
    QCommandLineOption kind(QStringLiteral("kind"),
        QStringLiteral("tenant create: agency (default), employer or school."), QStringLiteral("KIND"),
        QStringLiteral("agency"));
    QCommandLineOption tenant(QStringLiteral("tenant"),
        QStringLiteral("user add, device list, settings: the tenant (slug or name; settings may leave it out when "
                       "the server has one tenant)."),
        QStringLiteral("SLUG"));
    QCommandLineOption email(
        QStringLiteral("email"), QStringLiteral("user add: the user's email."), QStringLiteral("EMAIL"));
    QCommandLineOption role(QStringLiteral("role"), QStringLiteral("user add, user invite: the role (default recruiter)."),
        QStringLiteral("ROLE"), QStringLiteral("recruiter"));
    QCommandLineOption once(QStringLiteral("once"), QStringLiteral("dispatch: one pass, then exit."));
    QCommandLineOption wipe(QStringLiteral("wipe"),
        QStringLiteral("device revoke: the laptop erases its workspace at its next contact (a lost or stolen laptop)."));
    QCommandLineOption reason(QStringLiteral("reason"), QStringLiteral("device revoke --wipe: why (shown on the laptop)."),
        QStringLiteral("TEXT"));
    QCommandLineOption state(QStringLiteral("state"),
        QStringLiteral("outreach list: only messages in this state (dead, unknown, failed, queued, sent, withdrawn)."),
        QStringLiteral("STATE"));
    QCommandLineOption agency(QStringLiteral("agency"),
        QStringLiteral("outreach decide: decide on the agency email of a confirmed message, not on the message."));
    QCommandLineOption url(QStringLiteral("url"), QStringLiteral("webhook add: where to post."), QStringLiteral("URL"));
    QCommandLineOption events(QStringLiteral("events"),
        QStringLiteral("webhook add: comma-separated: application.created, application.stage_changed, "
                       "candidate.confirmed, outreach.delivered."),
        QStringLiteral("LIST"));
    QCommandLineOption scopes(QStringLiteral("scopes"),
        QStringLiteral("apikey create: comma-separated: jobs:read, applications:read."), QStringLiteral("LIST"));
    parser.addOptions(
        { config, pg, listen, name, adminEmail, kind, tenant, email, role, once, wipe, reason, state, agency, url, events, scopes });
    parser.addPositionalArgument(QStringLiteral("command"),
        QStringLiteral("migrate, serve, status, tenant create, user add, user offline EMAIL DAYS, device list, device revoke ID [--wipe], keys rotate, keys list, audit verify, "
                       "backup-check, restored, settings set KEY VALUE, settings list, dispatch --once, outreach list "
                       "[--state S], outreach decide ID resend|sent|failed, webhook ..., apikey ..., integration ..."));
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    const QString command
        = args.mid(0,
                  args.value(0) == QLatin1String("tenant") || args.value(0) == QLatin1String("user")
                          || args.value(0) == QLatin1String("device") || args.value(0) == QLatin1String("audit")
                          || args.value(0) == QLatin1String("settings") || args.value(0) == QLatin1String("outreach")
                          || args.value(0) == QLatin1String("webhook") || args.value(0) == QLatin1String("apikey")
                          || args.value(0) == QLatin1String("integration") || args.value(0) == QLatin1String("keys")
                      ? 2
                      : 1)
              .join(QLatin1Char(' '));
    const QStringList known { "migrate", "serve", "status", "tenant create", "user add", "user invite", "user offline", "device list", "device revoke",
        "audit verify", "backup-check", "restored", "settings set", "settings list", "dispatch", "outreach list", "outreach decide",
        "webhook add", "webhook list", "webhook remove", "webhook deliveries", "webhook replay", "apikey create",
        "apikey list", "apikey rotate", "apikey revoke", "integration add", "integration list", "keys rotate", "keys list" };
    const QStringList withId { "device revoke", "webhook remove", "webhook replay", "apikey rotate", "apikey revoke" };
    const int expectedArgs = withId.contains(command) ? 3
        : command == QLatin1String("settings set") || command == QLatin1String("outreach decide")
            || command == QLatin1String("user offline")
        ? 4
        : int(command.count(QLatin1Char(' '))) + 1;
    if (!known.contains(command) || args.size() != expectedArgs) {
        std::fprintf(stderr,
            "usage: recruitdesk-server [--config FILE] [--pg URL] [--listen HOST:PORT] "
            "migrate|serve|status|tenant create|user add|user offline EMAIL DAYS|device list|device revoke ID [--wipe]|keys rotate|keys list|audit verify|backup-check|restored|"
            "settings set KEY VALUE|settings list|dispatch --once|outreach list|outreach decide ID resend|sent|failed|"
            "webhook ...|apikey ...|integration ... (see --help)\n");
        return 2;
    }
    QMap<QString, QString> overrides, environment;
    if (parser.isSet(pg)) overrides.insert(QStringLiteral("pg"), parser.value(pg));
    if (parser.isSet(listen)) overrides.insert(QStringLiteral("listen"), parser.value(listen));
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& k : env.keys())
        environment.insert(k, env.value(k));
    auto cfg = ServerConfig::load(parser.value(config), overrides, environment);
    if (!cfg) return fail(cfg.error(), 2);
    PgDatabase db(cfg.value().pg);

    if (command == QLatin1String("migrate")) {
        auto applied = db.migrate();
        if (!applied) return fail(applied.error());
        if (Status p = AuditStore(db).preparePartitions(); !p) return fail(p.error());
        QJsonArray versions;
        for (int v : applied.value())
            versions << v;
        print({ { QStringLiteral("applied"), versions },
            { QStringLiteral("schema"), PgDatabase::latestSchemaVersion() } });
        return 0;
    }
    if (command == QLatin1String("status")) {
        auto version = db.schemaVersion();
        if (!version) return fail(version.error());
        QJsonObject o { { QStringLiteral("database"), cfg.value().pg.toString() },
            { QStringLiteral("schema"), version.value() },
            { QStringLiteral("latest_schema"), PgDatabase::latestSchemaVersion() } };
        if (version.value() > 0) {
            auto rows = db.select(QStringLiteral(
                "SELECT (SELECT epoch::text FROM server_state), (SELECT count(*) FROM tenants), "
                "(SELECT count(*) FROM devices), (SELECT count(*) FROM devices WHERE revoked_at IS NOT NULL)"));
            if (!rows) return fail(rows.error());
            const QSqlRecord& r = rows.value().first();
            o.insert(QStringLiteral("epoch"), r.value(0).toString());
            o.insert(QStringLiteral("tenants"), r.value(1).toInt());
            o.insert(QStringLiteral("devices"), r.value(2).toInt());
            o.insert(QStringLiteral("revoked_devices"), r.value(3).toInt());
        }
        print(o);
        return version.value() == PgDatabase::latestSchemaVersion() ? 0 : 3;
    }
    if (command == QLatin1String("serve")) {
        if (const Status role = db.checkRole(); !role) return fail(role.error(), 3);
        if (rd::documents::extractorPath().isEmpty())
            logJson(QStringLiteral("warning"),
                QStringLiteral("recruitdesk-extract is not installed beside the server: CVs uploaded on the job board "
                               "will be stored unread"),
                {});
    }
    // serve: the token signing key must open with this server's key file now, not at the first
    // sign-in (a server started without --config, or with another server's key file).
    if (auto v = db.schemaVersion(); command == QLatin1String("serve") && v && v.value() == PgDatabase::latestSchemaVersion()) {
        if (auto key = AuthService(db, cfg.value().secretsKeyFile).signingKeyCheck(); !key)
            return fail(key.error(), 3);
    }
    auto version = db.schemaVersion();
    if (!version) return fail(version.error());
    if (version.value() != PgDatabase::latestSchemaVersion())
        return fail(
            Error { ErrorCode::SchemaTooNew,
                QStringLiteral(
                    "The database is at schema %1, this server needs %2: run `recruitdesk-server migrate` first.")
                    .arg(version.value())
                    .arg(PgDatabase::latestSchemaVersion()),
                {} },
            3);
    AuthService auth(db, cfg.value().secretsKeyFile);
    const QString password = environment.value(QStringLiteral("RECRUITDESK_PASSWORD"));
    auto needs = [&](const QCommandLineOption& o) {
        if (parser.isSet(o)) return true;
        std::fprintf(stderr, "recruitdesk-server: %s needs --%s\n", qPrintable(command), qPrintable(o.names().first()));
        return false;
    };
    if (command == QLatin1String("tenant create") || command == QLatin1String("user add")) {
        const bool isTenant = command == QLatin1String("tenant create");
        if (isTenant ? !(needs(name) && needs(adminEmail)) : !(needs(tenant) && needs(email))) return 2;
        if (password.isEmpty()) {
            std::fprintf(stderr, "recruitdesk-server: set the password in RECRUITDESK_PASSWORD\n");
            return 2;
        }
        auto done = isTenant
            ? auth.createTenant(parser.value(name), parser.value(kind), parser.value(adminEmail), password)
            : auth.addUser(parser.value(tenant), parser.value(email), password, parser.value(role));
        QJsonObject out;
        if (!done) {
            // `user add` again for an account that exists finishes its workspace user (pending
            // before a workspace was attached, or a provisioning that failed): nothing else changes.
            if (isTenant || done.error().code != ErrorCode::Conflict) return fail(done.error());
            auto account = db.select(QStringLiteral("SELECT u.id, u.email, u.roles[1] FROM users u JOIN tenants t ON t.id = "
                                                    "u.tenant_id WHERE (t.slug = ? OR t.id = ?) AND u.email = lower(?)"),
                { parser.value(tenant), parser.value(tenant), parser.value(email).trimmed() });
            if (!account || account.value().isEmpty()) return fail(done.error());
            out = { { QStringLiteral("user_id"), account.value().first().value(0).toString() },
                { QStringLiteral("email"), account.value().first().value(1).toString() },
                { QStringLiteral("role"), account.value().first().value(2).toString() },
                { QStringLiteral("account"), QStringLiteral("existing") } };
        } else {
            out = done.value();
        }
        if (!isTenant) {
            // The one place to add a colleague: their workspace user too, so they can join at once.
            auto t = db.select(QStringLiteral("SELECT id FROM tenants WHERE slug = ? OR id = ?"),
                { parser.value(tenant), parser.value(tenant) });
            if (!t || t.value().isEmpty()) return fail(t ? Error { ErrorCode::NotFound, QStringLiteral("no tenant"), {} } : t.error());
            auto user = Provisioning(db).provisionUser(t.value().first().value(0).toString(),
                out.value(QStringLiteral("user_id")).toString(), out.value(QStringLiteral("email")).toString(),
                out.value(QStringLiteral("role")).toString());
            if (!user) return fail(user.error());
            out.insert(QStringLiteral("workspace_user"), user.value().outcome);
            if (!user.value().userId.isEmpty()) {
                out.insert(QStringLiteral("workspace_user_id"), user.value().userId);
                out.insert(QStringLiteral("workspace_roles"), QJsonArray::fromStringList(user.value().roles));
            }
        }
        print(out);
        return 0;
    }
    if (command == QLatin1String("device list")) {
        auto list = auth.devices(parser.value(tenant));
        if (!list) return fail(list.error());
        QJsonArray a;
        for (const QJsonObject& d : list.value())
            a << d;
        std::printf("%s\n", QJsonDocument(a).toJson(QJsonDocument::Indented).constData());
        return 0;
    }
    if (command == QLatin1String("keys rotate")) {
        auto rotated = auth.rotateKey();
        if (!rotated) return fail(rotated.error());
        print(rotated.value());
        return 0;
    }
    if (command == QLatin1String("keys list")) {
        auto keys = auth.signingKeys();
        if (!keys) return fail(keys.error());
        std::printf("%s\n", QJsonDocument(keys.value()).toJson(QJsonDocument::Indented).constData());
        return 0;
    }
    if (command == QLatin1String("device revoke")) {
        const Status done = parser.isSet(wipe)
            ? DeviceLeases(db, cfg.value().secretsKeyFile).orderWipe(auth, args.at(2), parser.value(reason))
            : auth.revokeDevice(args.at(2));
        if (!done) return fail(done.error());
        print({ { QStringLiteral("revoked"), args.at(2) }, { QStringLiteral("wipe"), parser.isSet(wipe) } });
        return 0;
    }
    if (command == QLatin1String("user offline")) {
        bool ok = false;
        const int days = args.at(3).toInt(&ok);
        if (!ok) return fail(makeError(ErrorCode::ValidationFailed, QStringLiteral("DAYS is a number (0: the tenant's).")), 2);
        auto tid = ServerSettings(db, cfg.value().secretsKeyFile).tenantId(parser.value(tenant));
        if (!tid) return fail(tid.error());
        const Status done = DeviceLeases(db, cfg.value().secretsKeyFile).setUserDays(tid.value(), args.at(2), days);
        if (!done) return fail(done.error());
        print({ { QStringLiteral("email"), args.at(2) }, { QStringLiteral("offline_days"), days } });
        return 0;
    }
    if (command == QLatin1String("audit verify")) {
        AuditStore store(db);
        auto report = store.verify(parser.value(tenant));
        if (!report) return fail(report.error());
        print(report.value().toJson());
        return report.value().ok ? 0 : 1;
    }
    ServerSettings settings(db, cfg.value().secretsKeyFile);
    if (command == QLatin1String("settings set")) {
        const Status done = settings.set(args.at(2), args.at(3), parser.value(tenant));
        if (!done) return fail(done.error());
        print({ { QStringLiteral("key"), args.at(2) }, { QStringLiteral("set"), !args.at(3).isEmpty() } });
        return 0;
    }
    if (command == QLatin1String("settings list")) {
        auto list = settings.list(parser.value(tenant));
        if (!list) return fail(list.error());
        std::printf("%s\n", QJsonDocument(list.value()).toJson(QJsonDocument::Indented).constData());
        return 0;
    }
    if (command == QLatin1String("user invite")) {
        if (!(needs(tenant) && needs(email))) return 2;
        auto invited = Invitations(db, &settings)
                           .inviteAsOperator(parser.value(tenant), parser.value(email),
                               parser.isSet(role) ? parser.value(role) : QStringLiteral("recruiter"), {});
        if (!invited) return fail(invited.error());
        print(invited.value().toJson());
        return 0;
    }
    if (command == QLatin1String("dispatch")) {
        if (!parser.isSet(once)) {
            std::fprintf(
                stderr, "recruitdesk-server: dispatch runs one pass with --once (serve dispatches on a timer)\n");
            return 2;
        }
        Dispatcher dispatcher(db, settings);
        auto report = dispatcher.runOnce();
        if (!report) return fail(report.error());
        print(report.value().toJson());
        return 0;
    }
    if (command.startsWith(QLatin1String("webhook ")) || command.startsWith(QLatin1String("apikey "))
        || command.startsWith(QLatin1String("integration "))) {
        auto tid = settings.tenantId(parser.value(tenant));
        if (!tid) return fail(tid.error());
        auto csv = [](const QString& v) { return v.split(QLatin1Char(','), Qt::SkipEmptyParts); };
        auto out = [&](const auto& r) -> int {
            if (!r) return fail(r.error());
            if constexpr (std::is_same_v<std::decay_t<decltype(r.value())>, QJsonArray>)
                std::printf("%s\n", QJsonDocument(r.value()).toJson(QJsonDocument::Indented).constData());
            else
                print(r.value());
            return 0;
        };
        auto done = [&](const Status& st) -> int {
            if (!st) return fail(st.error());
            print({ { QStringLiteral("id"), args.at(2) }, { QStringLiteral("done"), command } });
            return 0;
        };
        Webhooks hooks(db, settings);
        ApiKeys keys(db);
        Integrations integrations(db, settings);
        if (command == QLatin1String("webhook add"))
            return out(hooks.add(tid.value(), parser.value(url), csv(parser.value(events))));
        if (command == QLatin1String("webhook list")) return out(hooks.list(tid.value()));
        if (command == QLatin1String("webhook remove")) return done(hooks.remove(tid.value(), args.at(2)));
        if (command == QLatin1String("webhook deliveries"))
            return out(hooks.deliveries(tid.value(), parser.value(state)));
        if (command == QLatin1String("webhook replay")) return done(hooks.replay(tid.value(), args.at(2)));
        if (command == QLatin1String("apikey create"))
            return out(keys.create(tid.value(), parser.value(name), csv(parser.value(scopes))));
        if (command == QLatin1String("apikey list")) return out(keys.list(tid.value()));
        if (command == QLatin1String("apikey rotate")) return out(keys.rotate(tid.value(), args.at(2)));
        if (command == QLatin1String("apikey revoke")) return done(keys.revoke(tid.value(), args.at(2)));
        if (command == QLatin1String("integration add")) return out(integrations.add(tid.value(), parser.value(name)));
        return out(integrations.list(tid.value()));
    }
    if (command == QLatin1String("outreach list") || command == QLatin1String("outreach decide")) {
        auto tid = settings.tenantId(parser.value(tenant));
        if (!tid) return fail(tid.error());
        Dispatcher dispatcher(db, settings);
        if (command == QLatin1String("outreach decide")) {
            const Status done = dispatcher.decide(tid.value(), args.at(2), args.at(3), parser.isSet(agency));
            if (!done) return fail(done.error());
            print({ { QStringLiteral("intent_id"), args.at(2) }, { QStringLiteral("decision"), args.at(3) } });
            return 0;
        }
        auto list = dispatcher.list(tid.value(), parser.value(state));
        if (!list) return fail(list.error());
        std::printf("%s\n", QJsonDocument(list.value()).toJson(QJsonDocument::Indented).constData());
        return 0;
    }
    if (command == QLatin1String("restored")) {
        auto marked = markRestored(db);
        if (!marked) return fail(marked.error());
        print(marked.value());
        return 0;
    }
    if (command == QLatin1String("backup-check")) {
        auto report = backupCheck(db);
        if (!report) return fail(report.error());
        print(report.value());
        return report.value().value(QStringLiteral("ok")).toBool() ? 0 : 1;
    }
    // serve
    // Everything the server logs while serving is one JSON object per line.
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext& context, const QString& message) {
        const QString level = type == QtDebugMsg ? QStringLiteral("debug")
            : type == QtInfoMsg                  ? QStringLiteral("info")
            : type == QtWarningMsg               ? QStringLiteral("warning")
                                                 : QStringLiteral("error");
        logJson(level, message,
            { { QStringLiteral("category"), QString::fromLatin1(context.category ? context.category : "default") } });
    });
    // Audit partitions are made ahead (never inside a push): now, and every six hours.
    auto preparePartitions = [&db] {
        if (Status p = AuditStore(db).preparePartitions(); !p)
            logJson(QStringLiteral("error"), QStringLiteral("audit partitions not made"),
                { { QStringLiteral("error"), p.error().message } });
    };
    preparePartitions();
    QTimer partitionTimer;
    QObject::connect(&partitionTimer, &QTimer::timeout, &app, preparePartitions);
    partitionTimer.start(6 * 3600 * 1000);
    HttpApp http(cfg.value(), db);
    auto port = http.listen();
    if (!port) return fail(port.error());
    quitOnSignals(app);
    // The outreach dispatcher: a pass every 15 seconds on a worker thread, one at a time.
    Dispatcher dispatcher(db, settings);
    std::atomic_bool dispatching { false };
    QTimer dispatchTimer;
    QObject::connect(&dispatchTimer, &QTimer::timeout, &app, [&] {
        if (dispatching.exchange(true)) return;
        (void)QtConcurrent::run([&] {
            auto report = dispatcher.runOnce();
            if (!report)
                logJson(QStringLiteral("error"), QStringLiteral("dispatch failed"),
                    { { QStringLiteral("error"), report.error().message } });
            else if (report.value().claimed > 0 || report.value().unknown > 0)
                logJson(QStringLiteral("info"), QStringLiteral("dispatched"), report.value().toJson());
            dispatching = false;
        });
    });
    dispatchTimer.start(15000);
    logJson(QStringLiteral("info"), QStringLiteral("listening"),
        { { QStringLiteral("address"), cfg.value().listenHost }, { QStringLiteral("port"), int(port.value()) },
            { QStringLiteral("tls"), cfg.value().tls() }, { QStringLiteral("workers"), cfg.value().workers },
            { QStringLiteral("database"), cfg.value().pg.toString() } });
    const int rc = app.exec();
    dispatchTimer.stop();
    QThreadPool::globalInstance()->waitForDone(); // a dispatch pass under way finishes first
    return rc;
}
