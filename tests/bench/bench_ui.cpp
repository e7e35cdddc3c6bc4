// bench_ui (issue 6): the desktop on a 100k-candidate workspace.
//   cold_start        process start of the real app (recruitdesk --report-startup) to the
//                     first frame of the dashboard with its data, sign-in (Argon2id) included
//   candidate_page    the candidate list's first page (CandidateListModel, 100 rows), and
//                     the next pages as the view scrolls (fetchMore)
//   profile_open      a candidate's profile (CandidateProfile: candidate, applications,
//                     timeline)
// Each is printed beside the bare time to start an empty QML window (this binary run as
// `--empty-window`, spawned the same way) measured in the same run.
// Usage: bench_ui [--quick] [--rows N] [--keep DIR] [--repeat R]
#include "benchutil.h"

#include "appcontroller.h"
#include "candidatelistmodel.h"
#include "candidateprofile.h"
#include "crypto/keychain/platformkeys.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTimer>

#include <cstdio>

using namespace rd;
using namespace rd::bench;

namespace {
const QString kPassword = QStringLiteral("Bench-Admin-Password");

// Child mode: an empty QML window; prints "ready" at its first frame and quits.
int emptyWindow(QGuiApplication& app)
{
    QQmlApplicationEngine engine;
    engine.loadData("import QtQuick\nWindow { visible: true; width: 1180; height: 760; color: \"#f4f6fa\" }");
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().value(0));
    if (!window)
        return 1;
    QObject::connect(window, &QQuickWindow::frameSwapped, &app, [] {
        std::printf("ready\n");
        std::fflush(stdout);
        QCoreApplication::exit(0);
    }, Qt::QueuedConnection);
    return app.exec();
}

// Wall time from spawning the process to its first line on stdout (the line is returned).
double spawnUntilReady(const QString& program, const QStringList& args, QString* line)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    if (!p.waitForStarted(10000))
        qFatal("cannot start %s", qPrintable(program));
    while (!p.canReadLine())
        if (!p.waitForReadyRead(60000))
            qFatal("%s printed nothing: %s", qPrintable(program), p.readAllStandardError().constData());
    const double ms = t.nsecsElapsed() / 1e6;
    *line = QString::fromUtf8(p.readLine()).trimmed();
    p.waitForFinished(20000);
    return ms;
}

QJsonObject figure(const QString& bench, double value, double baseline, double target, const QJsonObject& extra = {})
{
    QJsonObject o { { QStringLiteral("bench"), bench }, { QStringLiteral("metric"), QStringLiteral("ms") },
        { QStringLiteral("value"), qRound(value * 10) / 10.0 }, { QStringLiteral("baseline"), qRound(baseline * 10) / 10.0 },
        { QStringLiteral("baseline_kind"), QStringLiteral("start of an empty QML window (spawn to first frame), same run") },
        { QStringLiteral("ratio"), qRound(value / baseline * 100) / 100.0 },
        { QStringLiteral("target"), QStringLiteral("<= %1 ms").arg(target) }, { QStringLiteral("met"), value <= target } };
    for (auto it = extra.begin(); it != extra.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}
} // namespace

int main(int argc, char* argv[])
{
    qputenv("RECRUITDESK_KEYCHAIN", "off");
    qputenv("RECRUITDESK_KEY_PASSPHRASE", "bench-ui");
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.contains(QStringLiteral("--empty-window")))
        return emptyWindow(app);
    QLoggingCategory::setFilterRules(QStringLiteral("rd.*.info=false"));
    int rows = args.contains(QStringLiteral("--quick")) ? 10000 : 100000;
    int repeat = 5;
    QString keep;
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--keep"))
            keep = args[i + 1];
        if (args[i] == QLatin1String("--rows"))
            rows = args[i + 1].toInt();
        if (args[i] == QLatin1String("--repeat"))
            repeat = args[i + 1].toInt();
    }

    // The workspace: N candidates through the import, 20 open jobs with 40 applications each,
    // every background job (search index, matching) done, keys as the app keeps them.
    QTemporaryDir tmp;
    const QDir dir(keep.isEmpty() ? tmp.path() : keep);
    QDir().mkpath(dir.path());
    const QString dbPath = dir.filePath(QStringLiteral("ui.db"));
    const bool reused = QFile::exists(dbPath);
    {
        WorkspaceOptions options;
        options.keyLoader = platformKeyLoader(dbPath);
        auto opened = Workspace::open(dbPath, options);
        if (!opened)
            qFatal("open failed: %s", qPrintable(opened.error().message));
        auto ws = std::move(opened).value();
        if (!reused) {
            QElapsedTimer load;
            load.start();
            NewWorkspace w { QStringLiteral("Bench"), QStringLiteral("bench"), QStringLiteral("agency"), QStringLiteral("admin@bench.test"),
                kPassword, QStringLiteral("Bea"), QStringLiteral("Bench") };
            if (!ws->tenants().createWorkspace(w))
                qFatal("workspace failed");
            Session admin = ws->auth().signIn({ QStringLiteral("bench"), w.adminEmail, kPassword, {}, {} }).value();
            const QString csv = dir.filePath(QStringLiteral("c.csv"));
            writeCandidateCsv(csv, rows, 11);
            QFile f(csv);
            f.open(QIODevice::ReadOnly);
            auto rep = ws->imports().importCsv(admin, QStringLiteral("candidates"), f, QStringLiteral("c.csv"), false);
            if (!rep || rep.value().imported != rows)
                qFatal("seeding failed");
            f.close();
            QFile::remove(csv);
            DemoData data(7);
            auto ids = ws->db().select(QStringLiteral("SELECT id FROM candidates ORDER BY id LIMIT 800"));
            for (int j = 0; j < 20; ++j) {
                QJsonObject jo = data.job(j);
                auto job = ws->postings().create(admin, jo);
                if (!job || !ws->postings().setStatus(admin, job.value().id, QStringLiteral("open")))
                    qFatal("job failed: %s", job ? "status" : qPrintable(job.error().message));
                for (int k = 0; k < 40; ++k)
                    if (!ws->applications().apply(admin, ids.value().at(j * 40 + k).value(0).toString(), job.value().id))
                        qFatal("apply failed");
            }
            while (ws->jobs().runDue(1000000).value() > 0) { }
            std::fprintf(stderr, "workspace of %d candidates ready in %.1f s\n", rows, load.elapsed() / 1000.0);
        }
    }

    // Baseline: an empty QML window, spawned like the app.
    QList<double> empty, cold, signIns;
    QString line;
    for (int i = 0; i < repeat; ++i)
        empty << spawnUntilReady(QCoreApplication::applicationFilePath(), { QStringLiteral("--empty-window") }, &line);
    const double emptyMs = percentile(empty, 0.5);

    // Cold start of the real app to the dashboard (first frame with its data).
    const QString appPath = QCoreApplication::applicationDirPath() + QStringLiteral("/../../app/desktop/recruitdesk");
    qputenv("RECRUITDESK_PASSWORD", kPassword.toUtf8());
    for (int i = 0; i < repeat; ++i) {
        cold << spawnUntilReady(appPath,
            { QStringLiteral("--db"), dbPath, QStringLiteral("--user"), QStringLiteral("admin@bench.test"), QStringLiteral("--report-startup") },
            &line);
        const QJsonObject r = QJsonDocument::fromJson(line.toUtf8()).object();
        if (!r.value(QStringLiteral("dashboard_jobs")).toInt())
            qFatal("the app did not report a dashboard with jobs: %s", qPrintable(line));
        signIns << r.value(QStringLiteral("sign_in_ms")).toDouble();
    }
    const double coldMs = percentile(cold, 0.5);
    std::printf("%s\n",
        QJsonDocument(figure(QStringLiteral("cold_start"), coldMs, emptyMs, 1500,
                          { { QStringLiteral("candidates"), rows }, { QStringLiteral("p50_of"), repeat },
                              { QStringLiteral("sign_in_ms_p50"), qRound(percentile(signIns, 0.5)) } }))
            .toJson(QJsonDocument::Compact)
            .constData());

    // In-process: the list's pages and the profile, as the screens ask for them.
    WorkspaceOptions options;
    options.keyLoader = platformKeyLoader(dbPath);
    auto opened = Workspace::open(dbPath, options);
    auto ws = std::move(opened).value();
    AppController::setInstanceWorkspace(ws.get());
    AppController controller(ws.get());
    QSignalSpy signedIn(&controller, &AppController::finished);
    controller.signIn(QStringLiteral("bench"), QStringLiteral("admin@bench.test"), kPassword);
    if (!signedIn.wait(30000) || !controller.signedIn())
        qFatal("sign-in failed");
    QList<double> first, next;
    QElapsedTimer t;
    for (int i = 0; i < repeat; ++i) {
        CandidateListModel m;
        t.start();
        m.setController(&controller);
        first << t.nsecsElapsed() / 1e6;
        if (m.rowCount() != CandidateListModel::kPage || m.total() != rows)
            qFatal("first page has %d rows of %d", m.rowCount(), m.total());
        for (int p = 0; p < 10 && m.canFetchMore({}); ++p) {
            t.start();
            m.fetchMore({});
            next << t.nsecsElapsed() / 1e6;
        }
    }
    std::printf("%s\n",
        QJsonDocument(figure(QStringLiteral("candidate_first_page"), percentile(first, 0.5), emptyMs, 100,
                          { { QStringLiteral("rows"), CandidateListModel::kPage },
                              { QStringLiteral("next_page_ms_p50"), qRound(percentile(next, 0.5) * 10) / 10.0 },
                              { QStringLiteral("next_page_ms_p95"), qRound(percentile(next, 0.95) * 10) / 10.0 } }))
            .toJson(QJsonDocument::Compact)
            .constData());

    auto sample = ws->db().select(QStringLiteral("SELECT candidate_id FROM applications UNION ALL SELECT id FROM candidates LIMIT 40"));
    QList<double> profiles;
    for (int i = 0; i < repeat * 8; ++i) {
        CandidateProfile p;
        p.setController(&controller);
        t.start();
        p.setCandidateId(sample.value().at(i % sample.value().size()).value(0).toString());
        profiles << t.nsecsElapsed() / 1e6;
        if (!p.loaded())
            qFatal("profile did not load");
    }
    std::printf("%s\n",
        QJsonDocument(figure(QStringLiteral("profile_open"), percentile(profiles, 0.5), emptyMs, 100,
                          { { QStringLiteral("p95"), qRound(percentile(profiles, 0.95) * 10) / 10.0 } }))
            .toJson(QJsonDocument::Compact)
            .constData());
    return 0;
}
