// recruitdesk-server: the sync server. docs/server-admin.md walks an admin through it.
//   recruitdesk-server [--config FILE] [--pg URL] [--listen HOST:PORT] migrate|serve|status
#include "server/httpapp.h"
#include "server/pgdatabase.h"
#include "server/serverconfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QSocketNotifier>

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
    if (::pipe(g_signalPipe) != 0)
        return;
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

void print(const QJsonObject& o) { std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Indented).constData()); }
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("recruitdesk-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RD_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "RecruitDesk sync server.\n\n"
        "Commands:\n"
        "  migrate   create or upgrade the PostgreSQL schema (run after every upgrade)\n"
        "  serve     answer HTTP(S) requests until SIGTERM or SIGINT\n"
        "  status    print the schema version, epoch and counts as JSON\n\n"
        "Configuration: an INI file (--config), overridden by RECRUITDESK_SERVER_PG and\n"
        "RECRUITDESK_SERVER_LISTEN, overridden by --pg and --listen. The database password may\n"
        "come from RECRUITDESK_PG_PASSWORD. See docs/server-admin.md."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption config(QStringLiteral("config"), QStringLiteral("The configuration file (INI)."), QStringLiteral("FILE"));
    QCommandLineOption pg(QStringLiteral("pg"), QStringLiteral("The database: postgresql://USER@HOST:PORT/DB."), QStringLiteral("URL"));
    QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Address to listen on (serve)."), QStringLiteral("HOST:PORT"));
    parser.addOptions({ config, pg, listen });
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("migrate, serve or status"));
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    if (args.size() != 1 || !QStringList { "migrate", "serve", "status" }.contains(args.first())) {
        std::fprintf(stderr, "usage: recruitdesk-server [--config FILE] [--pg URL] [--listen HOST:PORT] migrate|serve|status\n");
        return 2;
    }
    QMap<QString, QString> overrides, environment;
    if (parser.isSet(pg))
        overrides.insert(QStringLiteral("pg"), parser.value(pg));
    if (parser.isSet(listen))
        overrides.insert(QStringLiteral("listen"), parser.value(listen));
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& k : env.keys())
        environment.insert(k, env.value(k));
    auto cfg = ServerConfig::load(parser.value(config), overrides, environment);
    if (!cfg)
        return fail(cfg.error(), 2);
    PgDatabase db(cfg.value().pg);
    const QString command = args.first();

    if (command == QLatin1String("migrate")) {
        auto applied = db.migrate();
        if (!applied)
            return fail(applied.error());
        QJsonArray versions;
        for (int v : applied.value())
            versions << v;
        print({ { QStringLiteral("applied"), versions }, { QStringLiteral("schema"), PgDatabase::latestSchemaVersion() } });
        return 0;
    }
    if (command == QLatin1String("status")) {
        auto version = db.schemaVersion();
        if (!version)
            return fail(version.error());
        QJsonObject o { { QStringLiteral("database"), cfg.value().pg.toString() }, { QStringLiteral("schema"), version.value() },
            { QStringLiteral("latest_schema"), PgDatabase::latestSchemaVersion() } };
        if (version.value() > 0) {
            auto rows = db.select(QStringLiteral("SELECT (SELECT epoch::text FROM server_state), (SELECT count(*) FROM tenants), "
                                                 "(SELECT count(*) FROM devices), (SELECT count(*) FROM devices WHERE revoked_at IS NOT NULL)"));
            if (!rows)
                return fail(rows.error());
            const QSqlRecord& r = rows.value().first();
            o.insert(QStringLiteral("epoch"), r.value(0).toString());
            o.insert(QStringLiteral("tenants"), r.value(1).toInt());
            o.insert(QStringLiteral("devices"), r.value(2).toInt());
            o.insert(QStringLiteral("revoked_devices"), r.value(3).toInt());
        }
        print(o);
        return version.value() == PgDatabase::latestSchemaVersion() ? 0 : 3;
    }
    // serve
    auto version = db.schemaVersion();
    if (!version)
        return fail(version.error());
    if (version.value() != PgDatabase::latestSchemaVersion())
        return fail(Error { ErrorCode::SchemaTooNew,
                        QStringLiteral("The database is at schema %1, this server needs %2: run `recruitdesk-server migrate` first.")
                            .arg(version.value())
                            .arg(PgDatabase::latestSchemaVersion()),
                        {} },
            3);
    // Everything the server logs while serving is one JSON object per line.
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext& context, const QString& message) {
        const QString level = type == QtDebugMsg ? QStringLiteral("debug")
            : type == QtInfoMsg                  ? QStringLiteral("info")
            : type == QtWarningMsg               ? QStringLiteral("warning")
                                                 : QStringLiteral("error");
        logJson(level, message, { { QStringLiteral("category"), QString::fromLatin1(context.category ? context.category : "default") } });
    });
    HttpApp http(cfg.value(), db);
    auto port = http.listen();
    if (!port)
        return fail(port.error());
    quitOnSignals(app);
    logJson(QStringLiteral("info"), QStringLiteral("listening"),
        { { QStringLiteral("address"), cfg.value().listenHost }, { QStringLiteral("port"), int(port.value()) },
            { QStringLiteral("tls"), cfg.value().tls() }, { QStringLiteral("workers"), cfg.value().workers },
            { QStringLiteral("database"), cfg.value().pg.toString() } });
    return app.exec();
}
