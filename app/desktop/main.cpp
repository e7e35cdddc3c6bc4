// recruitdesk: the desktop app. Opens the local store (default profile or --db PATH) and
// shows the QML UI from the RecruitDesk module.
#include "app/paths.h"
#include "app/workspace.h"
#include "appcontroller.h"
#include "crypto/keychain/platformkeys.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

int main(int argc, char* argv[])
{
    // Fail clearly, not with a Qt plugin dump, when there is no display.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
#ifdef Q_OS_LINUX
        std::fprintf(stderr, "recruitdesk: no display found (DISPLAY and WAYLAND_DISPLAY are empty).\n"
                             "Run it inside a desktop session, or headless with: xvfb-run -a scripts/run.sh\n");
        return 1;
#endif
    }
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("recruitdesk"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("RecruitDesk"));
    QGuiApplication::setApplicationVersion(QStringLiteral(RD_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("RecruitDesk desktop: local-first applicant tracking."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("Database file (default: %1).").arg(rd::defaultDatabasePath()),
        QStringLiteral("PATH"));
    QCommandLineOption shotOption(QStringLiteral("screenshot"),
        QStringLiteral("Save a PNG of the window to PATH after start-up and quit (for checks)."), QStringLiteral("PATH"));
    QCommandLineOption userOption(QStringLiteral("user"),
        QStringLiteral("Sign in as EMAIL at start (password from RECRUITDESK_PASSWORD), e.g. for --screenshot."), QStringLiteral("EMAIL"));
    parser.addOption(dbOption);
    parser.addOption(shotOption);
    parser.addOption(userOption);
    parser.process(app);

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("recruitdesk"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

    const QString dbPath = parser.isSet(dbOption) ? parser.value(dbOption) : rd::defaultDatabasePath();
    auto ws = rd::Workspace::open(dbPath);
    if (!ws) {
        std::fprintf(stderr, "recruitdesk: %s [%s]\n", qPrintable(ws.error().message), qPrintable(ws.error().codeName()));
        return 1;
    }
    ws.value()->secrets().setLoader(rd::platformKeyLoader(ws.value()->db(), dbPath));
    ws.value()->jobs().start();
    // Periodic jobs (the retention sweep): today's, then re-checked hourly (one per day).
    auto* daily = new QTimer(&app);
    auto schedule = [w = ws.value().get()] {
        if (auto st = w->scheduleDailyJobs(); !st)
            std::fprintf(stderr, "recruitdesk: cannot schedule daily jobs: %s\n", qPrintable(st.error().message));
        w->jobs().wake();
    };
    QObject::connect(daily, &QTimer::timeout, &app, schedule);
    daily->start(60 * 60 * 1000);
    schedule();
    AppController::setInstanceWorkspace(ws.value().get());

    QQuickStyle::setStyle(QStringLiteral("Material"));
    QQmlApplicationEngine engine;
    engine.load(QUrl(QStringLiteral("qrc:/RecruitDesk/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;

    if (parser.isSet(userOption)) {
        auto* controller = engine.singletonInstance<AppController*>(qmlTypeId("RecruitDesk", 1, 0, "AppController"));
        const QStringList slugs = controller ? controller->workspaces() : QStringList();
        if (controller && !slugs.isEmpty())
            controller->signIn(slugs.first(), parser.value(userOption), QString::fromUtf8(qgetenv("RECRUITDESK_PASSWORD")));
    }
    if (parser.isSet(shotOption)) {
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
        const QString out = parser.value(shotOption);
        QTimer::singleShot(1500, &app, [window, out] {
            const bool ok = window && window->grabWindow().save(out);
            std::fprintf(stderr, ok ? "screenshot saved to %s\n" : "could not save screenshot %s\n", qPrintable(out));
            QCoreApplication::exit(ok ? 0 : 1);
        });
    }
    const int rc = app.exec();
    ws.value()->jobs().stop();
    return rc;
}
