// recruitdesk: the desktop app. Opens the local store (default profile or --db PATH) and
// shows the QML UI from the RecruitDesk module.
#include "app/paths.h"
#include "app/workspace.h"
#include "appcontroller.h"
#include "lockscreen.h"
#include "crypto/keychain/platformkeys.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSqlRecord>
#include <QTimer>
#include <QTranslator>
#include <cstdio>

namespace {
// QML errors and warnings seen so far (the screenshot run fails on any).
QStringList g_qmlProblems;
QtMessageHandler g_previousHandler = nullptr;

void messageHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    const QString file = QString::fromUtf8(context.file ? context.file : "");
    const QString category = QString::fromUtf8(context.category ? context.category : "");
    if (type != QtDebugMsg && type != QtInfoMsg
        && (file.endsWith(QLatin1String(".qml")) || category == QLatin1String("qml") || category == QLatin1String("js")
            || message.contains(QLatin1String(".qml:"))))
        g_qmlProblems << message;
    if (g_previousHandler) g_previousHandler(type, context, message);
}

// The screens of the screenshot run, in order: name (for ShellPage.showScreen) and argument.
struct Shot {
    QString screen;
    QString arg;
    QString file;
};

QList<Shot> screenshotPlan(rd::Workspace& ws, const AppController& controller)
{
    const QString tenant = controller.session().tenantId;
    auto first = [&](const QString& sql) {
        auto r = ws.db().selectOne(sql, { tenant });
        return r ? r.value().value(0).toString() : QString();
    };
    // The candidate with the most applications, and the open job with the most applications.
    const QString candidate = first(QStringLiteral(
        "SELECT c.id FROM candidates c LEFT JOIN applications a ON a.candidate_id = c.id AND a.deleted_at IS NULL "
        "WHERE "
        "c.tenant_id = ? AND c.deleted_at IS NULL GROUP BY c.id ORDER BY count(a.id) DESC, c.created_at LIMIT 1"));
    // The candidate with the most CV versions (the comparison has something to show).
    const QString cvCandidate = first(QStringLiteral(
        "SELECT c.id FROM candidates c JOIN cv_versions v ON v.candidate_id = c.id WHERE c.tenant_id = ? AND "
        "c.deleted_at IS NULL GROUP BY c.id ORDER BY count(v.id) DESC, c.created_at LIMIT 1"));
    const QString job = first(QStringLiteral(
        "SELECT j.id FROM job_postings j LEFT JOIN applications a ON a.job_id = j.id AND a.deleted_at IS NULL WHERE "
        "j.tenant_id = ? AND j.deleted_at IS NULL AND j.status = 'open' GROUP BY j.id ORDER BY count(a.id) DESC, "
        "j.title LIMIT 1"));
    // A search that finds something: the first skill of that job's must-haves, else a name.
    QString searchTerm = first(QStringLiteral("SELECT json_extract(must_have, '$[0]') FROM job_postings WHERE "
                                              "tenant_id = ? AND json_array_length(must_have) > 0 LIMIT 1"));
    if (searchTerm.isEmpty())
        searchTerm = first(QStringLiteral("SELECT first_name FROM candidates WHERE tenant_id = ? LIMIT 1"));
    QList<Shot> plan { { QStringLiteral("dashboard"), {}, QStringLiteral("dashboard") },
        { QStringLiteral("jobs"), {}, QStringLiteral("jobs") },
        { QStringLiteral("job"), job, QStringLiteral("job-editor") },
        { QStringLiteral("candidates"), {}, QStringLiteral("candidates") },
        { QStringLiteral("candidate"), candidate, QStringLiteral("candidate-profile") },
        { QStringLiteral("documents"), cvCandidate.isEmpty() ? candidate : cvCandidate, QStringLiteral("cv-diff") },
        { QStringLiteral("pipeline"), job, QStringLiteral("pipeline") },
        { QStringLiteral("matches"), job, QStringLiteral("matches") },
        { QStringLiteral("compose"), job, QStringLiteral("outreach-compose") },
        { QStringLiteral("search"), searchTerm, QStringLiteral("search") },
        { QStringLiteral("interviews"), {}, QStringLiteral("interviews") },
        { QStringLiteral("outreach"), QStringLiteral("queue"), QStringLiteral("outreach-queue") },
        { QStringLiteral("outreach"), QStringLiteral("templates"), QStringLiteral("outreach-templates") },
        { QStringLiteral("analytics"), {}, QStringLiteral("analytics") },
        { QStringLiteral("notifications"), {}, QStringLiteral("notifications") },
        { QStringLiteral("sync"), {}, QStringLiteral("sync") } };
    if (controller.canAdmin())
        plan << Shot { QStringLiteral("admin"), {}, QStringLiteral("admin-users") }
             << Shot { QStringLiteral("workspace"), QStringLiteral("settings"), QStringLiteral("admin-settings") }
             << Shot { QStringLiteral("workspace"), QStringLiteral("import"), QStringLiteral("admin-import") }
             << Shot { QStringLiteral("workspace"), QStringLiteral("privacy"), QStringLiteral("admin-privacy") }
             << Shot { QStringLiteral("workspace"), QStringLiteral("audit"), QStringLiteral("admin-audit") }
             << Shot { QStringLiteral("workspace"), QStringLiteral("outreach"), QStringLiteral("admin-outreach") };
    plan << Shot { QStringLiteral("about"), {}, QStringLiteral("about") };
    // Files numbered in the order shown: 01-dashboard.png, 02-jobs.png, ...
    for (int i = 0; i < plan.size(); ++i)
        plan[i].file = QStringLiteral("%1-%2.png").arg(i + 1, 2, 10, QLatin1Char('0')).arg(plan[i].file);
    return plan;
}
} // namespace

int main(int argc, char* argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    // Fail clearly, not with a Qt plugin dump, when there is no display.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
#ifdef Q_OS_LINUX
        std::fprintf(stderr,
            "recruitdesk: no display found (DISPLAY and WAYLAND_DISPLAY are empty).\n"
            "Run it inside a desktop session, or headless with: xvfb-run -a scripts/run.sh\n");
        return 1;
#endif
    }
    // QApplication, not QGuiApplication: QtCharts (the analytics screen) draws through the
    // Graphics View framework (docs/decisions/0016-qtcharts-analytics.md).
    QApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("recruitdesk"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("RecruitDesk"));
    QGuiApplication::setApplicationVersion(QStringLiteral(RD_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("RecruitDesk desktop: local-first applicant tracking."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dbOption(QStringLiteral("db"),
        QStringLiteral("Database file (default: %1).").arg(rd::defaultDatabasePath()), QStringLiteral("PATH"));
    QCommandLineOption shotOption(QStringLiteral("screenshot"),
        QStringLiteral("Save a PNG of the window to PATH after start-up and quit (for checks)."),
        QStringLiteral("PATH"));
    QCommandLineOption userOption(QStringLiteral("user"),
        QStringLiteral("Sign in as EMAIL at start (password from RECRUITDESK_PASSWORD), e.g. for --screenshot."),
        QStringLiteral("EMAIL"));
    QCommandLineOption shotsOption(QStringLiteral("screenshots"),
        QStringLiteral("Sign in (--user), open each main screen, save one PNG per screen into DIR and quit; exits "
                       "non-zero if any QML error or warning was logged."),
        QStringLiteral("DIR"));
    QCommandLineOption langOption(QStringLiteral("lang"),
        QStringLiteral("Language of the interface: en or de (default: the system's)."), QStringLiteral("CODE"));
    parser.addOption(dbOption);
    parser.addOption(shotOption);
    parser.addOption(shotsOption);
    parser.addOption(userOption);
    QCommandLineOption reportOption(QStringLiteral("report-startup"),
        QStringLiteral("With --user: print start-up timings as JSON once the dashboard is on screen, then quit "
                       "(for tests/bench/bench_ui)."));
    QCommandLineOption themeOption(QStringLiteral("theme"),
        QStringLiteral("Palette: light, dark or system (default: the system's)."), QStringLiteral("THEME"),
        QStringLiteral("system"));
    parser.addOption(langOption);
    parser.addOption(themeOption);
    parser.addOption(reportOption);
    parser.process(app);
    const QString theme = parser.value(themeOption);
    if (theme != QLatin1String("light") && theme != QLatin1String("dark") && theme != QLatin1String("system")) {
        std::fprintf(stderr, "recruitdesk: --theme takes light, dark or system\n");
        return 2;
    }
    AppController::setTheme(theme);
    if (parser.isSet(langOption)) AppController::setLanguage(parser.value(langOption));
    g_previousHandler = qInstallMessageHandler(messageHandler);

    QTranslator translator;
    const QLocale locale = parser.isSet(langOption) ? QLocale(parser.value(langOption)) : QLocale();
    if (parser.isSet(langOption) && parser.value(langOption) != QLatin1String("en")
        && parser.value(langOption) != QLatin1String("de")) {
        std::fprintf(stderr, "recruitdesk: --lang takes en or de\n");
        return 2;
    }
    QLocale::setDefault(locale);
    if (translator.load(locale, QStringLiteral("recruitdesk"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);
    if (parser.isSet(shotsOption) && !parser.isSet(userOption)) {
        std::fprintf(stderr, "recruitdesk: --screenshots needs --user EMAIL (password from RECRUITDESK_PASSWORD)\n");
        return 2;
    }

    const QString dbPath = parser.isSet(dbOption) ? parser.value(dbOption) : rd::defaultDatabasePath();
    rd::WorkspaceOptions wsOptions;
    wsOptions.custody = rd::platformKeyCustody(dbPath);
    LockScreen::setCustodyFactory([](const QString& path) { return rd::platformKeyCustody(path); });
    auto ws = rd::Workspace::open(dbPath, wsOptions);
    if (!ws) {
        std::fprintf(
            stderr, "recruitdesk: %s [%s]\n", qPrintable(ws.error().message), qPrintable(ws.error().codeName()));
        if (!LockScreen::explains(ws.error()) || parser.isSet(shotsOption) || parser.isSet(reportOption)) return 1;
        // Its offline period ended, or it was erased by the server's order: said in a window,
        // with a sign-in to open it again where one can (decision 0024).
        LockScreen::instance()->lock(dbPath, ws.error());
        QQuickStyle::setStyle(QStringLiteral("Material"));
        QQmlApplicationEngine lockedEngine;
        lockedEngine.load(QUrl(QStringLiteral("qrc:/RecruitDesk/LockedWindow.qml")));
        if (lockedEngine.rootObjects().isEmpty()) return 1;
        return app.exec();
    }
    ws.value()->jobs().start();
    AppController::rememberDatabase(dbPath);
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
    if (engine.rootObjects().isEmpty()) return 1;
    // The key lease is checked while the app runs too (a laptop left open and unlocked): at its
    // end the app signs out and shows the lock screen (decision 0024).
    auto* leaseCheck = new QTimer(&app);
    QObject::connect(leaseCheck, &QTimer::timeout, &app, [custody = wsOptions.custody, dbPath, &engine] {
        if (!custody->state().leased || LockScreen::instance()->locked()) return;
        auto key = custody->load();
        if (key || !LockScreen::explains(key.error())) return;
        engine.singletonInstance<AppController*>(qmlTypeId("RecruitDesk", 1, 0, "AppController"))->signOut();
        LockScreen::instance()->lock(dbPath, key.error());
    });
    leaseCheck->start(60 * 1000);
    // Another workspace file (profile): start again on it, same language and palette.
    QObject::connect(engine.singletonInstance<AppController*>(qmlTypeId("RecruitDesk", 1, 0, "AppController")),
        &AppController::switchRequested, &app, [](const QString& path) {
            if (AppController::startOn(path))
                QCoreApplication::quit();
            else
                std::fprintf(stderr, "recruitdesk: could not start on %s\n", qPrintable(path));
        });

    if (parser.isSet(shotsOption)) {
        auto* controller = engine.singletonInstance<AppController*>(qmlTypeId("RecruitDesk", 1, 0, "AppController"));
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
        const QString dir = parser.value(shotsOption);
        if (!QDir().mkpath(dir)) {
            std::fprintf(stderr, "recruitdesk: cannot create %s\n", qPrintable(dir));
            return 1;
        }
        QObject::connect(controller, &AppController::finished, &app, [controller](bool ok) {
            if (!ok && !controller->signedIn() && !controller->mfaPending()) {
                std::fprintf(stderr, "recruitdesk: sign-in for the screenshot run failed\n");
                QCoreApplication::exit(1);
            }
        });
        auto started = std::make_shared<bool>(false);
        QObject::connect(controller, &AppController::stateChanged, &app, [=, ws = ws.value().get()] {
            if (!controller->signedIn() || *started) return;
            *started = true;
            auto plan = std::make_shared<QList<Shot>>(screenshotPlan(*ws, *controller));
            auto failed = std::make_shared<int>(0);
            auto step = std::make_shared<std::function<void()>>();
            *step = [=] {
                if (plan->isEmpty()) {
                    for (const QString& p : std::as_const(g_qmlProblems))
                        std::fprintf(stderr, "QML problem: %s\n", qPrintable(p));
                    std::fprintf(
                        stderr, "%d screen(s) failed, %lld QML problem(s)\n", *failed, qlonglong(g_qmlProblems.size()));
                    QCoreApplication::exit(*failed == 0 && g_qmlProblems.isEmpty() ? 0 : 1);
                    return;
                }
                const Shot shot = plan->takeFirst();
                QObject* shell = window->findChild<QObject*>(QStringLiteral("shell"));
                QVariant shown;
                if (!shell
                    || !QMetaObject::invokeMethod(shell, "showScreen", Q_RETURN_ARG(QVariant, shown),
                        Q_ARG(QVariant, shot.screen), Q_ARG(QVariant, shot.arg))
                    || !shown.toBool()) {
                    std::fprintf(stderr, "cannot show screen %s\n", qPrintable(shot.screen));
                    ++*failed;
                    QTimer::singleShot(0, *step);
                    return;
                }
                // Time for layout, delegates and images before the grab.
                QTimer::singleShot(700, [=] {
                    const QString path = QDir(dir).filePath(shot.file);
                    const bool saved = window->grabWindow().save(path);
                    std::fprintf(stderr, saved ? "saved %s\n" : "could not save %s\n", qPrintable(path));
                    if (!saved) ++*failed;
                    (*step)();
                });
            };
            QTimer::singleShot(300, *step);
        });
    }
    if (parser.isSet(reportOption)) {
        auto* controller = engine.singletonInstance<AppController*>(qmlTypeId("RecruitDesk", 1, 0, "AppController"));
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
        auto signInStarted = std::make_shared<qint64>(sinceStart.elapsed());
        auto done = std::make_shared<bool>(false);
        QObject::connect(controller, &AppController::stateChanged, &app,
            [controller, window, signInStarted, done, &sinceStart, &app] {
                if (!controller->signedIn() || *done) return;
                *done = true;
                const qint64 signInMs = sinceStart.elapsed() - *signInStarted;
                // The dashboard is built with its data by now; report at its first frame.
                QObject::connect(
                    window, &QQuickWindow::frameSwapped, &app,
                    [window, signInMs, &sinceStart] {
                        const QObject* dashboard = window->findChild<QObject*>(QStringLiteral("dashboardPage"));
                        std::printf("{\"ready_ms\":%lld,\"sign_in_ms\":%lld,\"dashboard_jobs\":%d}\n",
                            sinceStart.elapsed(), signInMs, dashboard ? dashboard->property("jobCount").toInt() : -1);
                        std::fflush(stdout);
                        QCoreApplication::exit(0);
                    },
                    Qt::SingleShotConnection);
                window->requestUpdate();
            });
    }
    if (parser.isSet(userOption)) {
        auto* controller = engine.singletonInstance<AppController*>(qmlTypeId("RecruitDesk", 1, 0, "AppController"));
        const QStringList slugs = controller ? controller->workspaces() : QStringList();
        if (controller && !slugs.isEmpty())
            controller->signIn(
                slugs.first(), parser.value(userOption), QString::fromUtf8(qgetenv("RECRUITDESK_PASSWORD")));
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
