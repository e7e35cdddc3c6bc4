// Sync benchmarks (issue 5), each printing the project's figure, a raw baseline measured in the
// same run and the ratio, as one JSON line:
//   initial_sync   a fresh laptop joins a server holding N candidate rows (default 1,000,000):
//                  rows/s end to end (HTTP, CBOR, apply with search and match marks), against a
//                  raw prepared SQLite insert of the same rows into the same table; target >= 100k rows/s
//   ingest         10 devices push concurrently: accepted changes/s, against a raw multi-row
//                  PostgreSQL insert of the same rows into the change log; target >= 20k/s
//   pulls          1000 concurrent pull requests of one page: p50/p95/p99 latency; target p95 <= 100 ms
// It starts its own throwaway PostgreSQL cluster (tests/pgfixture). --quick: 100k rows, 2,000
// changes per device, 200 pulls. --only initial|ingest|pulls runs one part; --pulls N sets the
// number of concurrent pulls, --per-device N the changes each device pushes.
#include "app/workspace.h"
#include "benchpg.h"
#include "client/syncengine.h"
#include "server/authservice.h"
#include "server/httpapp.h"
#include "server/pgdatabase.h"
#include "server/serverconfig.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUuid>
#include <QtConcurrent>
#include <cstdio>

using namespace rd;

namespace {
const QString kPassword = QStringLiteral("Bench-Admin-Password-1");

void print(const QJsonObject& o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
}

std::unique_ptr<Workspace> openWorkspace(const QString& dir, const QString& name)
{
    WorkspaceOptions o;
    o.keyLoader = Workspace::passphraseFileLoader(dir + QLatin1Char('/') + name + QStringLiteral(".key"), "bench");
    auto ws = Workspace::open(dir + QLatin1Char('/') + name + QStringLiteral(".db"), o);
    if (!ws) qFatal("open: %s", qPrintable(ws.error().message));
    return std::move(ws).value();
}

// The candidate row i as the capture trigger records it (every replicated column).
QJsonObject candidateRow(const QString& tenantId, const QString& userId, int i)
{
    static const char* first[] = { "Ann", "Ben", "Chen", "Dana", "Emil", "Fatima", "Goran", "Hana" };
    static const char* last[] = { "Lee", "Meyer", "Okafor", "Rahman", "Silva", "Walker", "Novak", "Ito" };
    static const char* city[]
        = { "Berlin, Germany", "Hamburg, Germany", "Nairobi, Kenya", "Lisbon, Portugal", "Leeds, UK" };
    const QString ts = QStringLiteral("2026-11-01T08:00:00.000Z");
    return { { QStringLiteral("id"), QStringLiteral("00000000-0000-7000-8000-%1").arg(i, 12, 10, QLatin1Char('0')) },
        { QStringLiteral("tenant_id"), tenantId }, { QStringLiteral("external_id"), QStringLiteral("EXT-%1").arg(i) },
        { QStringLiteral("first_name"), QString::fromLatin1(first[i % 8]) },
        { QStringLiteral("last_name"), QString::fromLatin1(last[(i / 8) % 8]) },
        { QStringLiteral("headline"), QStringLiteral("Engineer %1").arg(i % 97) },
        { QStringLiteral("location"), QString::fromLatin1(city[i % 5]) }, { QStringLiteral("latitude"), 52.5 },
        { QStringLiteral("longitude"), 13.4 }, { QStringLiteral("source"), QStringLiteral("bench") },
        { QStringLiteral("owner_id"), userId }, { QStringLiteral("consent"), QStringLiteral("granted") },
        { QStringLiteral("skills"), QStringLiteral("[\"SQL\",\"Qt\",\"C++\"]") },
        { QStringLiteral("tags"), QStringLiteral("[]") }, { QStringLiteral("links"), QStringLiteral("[]") },
        { QStringLiteral("created_at"), ts }, { QStringLiteral("updated_at"), ts },
        { QStringLiteral("created_by"), userId }, { QStringLiteral("updated_by"), userId },
        { QStringLiteral("deleted_at"), QJsonValue() }, { QStringLiteral("erased_at"), QJsonValue() },
        { QStringLiteral("education"), QStringLiteral("[]") }, { QStringLiteral("experience"), QStringLiteral("[]") },
        { QStringLiteral("preferences"), QStringLiteral("{}") }, { QStringLiteral("last_activity_at"), ts } };
}

// Runs this thread's event loop (where the in-process server accepts and answers) until the
// future is done, without spinning: a spinning loop would take a core from the server.
template <typename T> void serveUntil(const QFuture<T>& f)
{
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (f.isFinished()) loop.quit();
    });
    check.start(5);
    if (!f.isFinished()) loop.exec();
}

double percentile(QList<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[qMin(v.size() - 1, int(p * v.size()))];
}

QJsonObject tokensFor(const QString& serverUrl, const QString& deviceId)
{
    QNetworkAccessManager nam;
    QNetworkRequest req { QUrl(serverUrl + QStringLiteral("/v1/auth/login")) };
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    const QJsonObject body { { QStringLiteral("tenant"), QStringLiteral("bench") },
        { QStringLiteral("email"), QStringLiteral("admin@bench.test") }, { QStringLiteral("password"), kPassword },
        { QStringLiteral("device_id"), deviceId } };
    QNetworkReply* reply = nam.post(req, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return o;
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    qputenv("RECRUITDESK_KEYCHAIN", "off");
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    const int rows = quick ? 100000 : 1000000;
    QTemporaryDir tmp;

    bench::Cluster cluster;
    server::PgDatabase db(server::PgUrl::parse(cluster.freshDatabase()).value());
    if (!db.migrate()) qFatal("migrate failed");
    server::AuthService auth(db);
    if (!auth.createTenant(
            QStringLiteral("Bench"), QStringLiteral("agency"), QStringLiteral("admin@bench.test"), kPassword))
        qFatal("tenant failed");
    server::ServerConfig config;
    config.listenPort = 0;
    config.workers = 8;
    server::HttpApp http(config, db);
    const quint16 port = http.listen().value();
    const QString serverUrl = QStringLiteral("http://127.0.0.1:%1").arg(port);

    // The workspace is made on one laptop and attached (its tenant, users, roles, pipelines).
    auto origin = openWorkspace(tmp.path(), QStringLiteral("origin"));
    NewWorkspace w { QStringLiteral("Bench"), QStringLiteral("bench"), QStringLiteral("agency"),
        QStringLiteral("admin@bench.test"), kPassword, {}, {} };
    if (!origin->tenants().createWorkspace(w)) qFatal("workspace failed");
    const Session admin = origin->auth().signIn({ QStringLiteral("bench"), w.adminEmail, kPassword, {}, {} }).value();
    sync::SyncEngine originEngine(*origin, admin);
    if (!originEngine.connect(serverUrl, QStringLiteral("bench"), w.adminEmail, kPassword, {}, true)
        || !originEngine.syncOnce())
        qFatal("attach failed");

    // N candidate inserts in the server's change log, as if pushed (generated in PostgreSQL).
    {
        auto t = db.select(QStringLiteral("SELECT id FROM tenants WHERE slug = 'bench'"));
        const QString serverTenant = t.value().first().value(0).toString();
        auto dev = db.select(QStringLiteral("SELECT id FROM devices LIMIT 1"));
        const QString device = dev.value().first().value(0).toString();
        QJsonObject sample = candidateRow(admin.tenantId, admin.userId, 0);
        QString tpl = QString::fromUtf8(QJsonDocument(sample).toJson(QJsonDocument::Compact));
        tpl.replace(QStringLiteral("00000000-0000-7000-8000-000000000000"), QStringLiteral("__ID__"));
        tpl.replace(QStringLiteral("EXT-0"), QStringLiteral("EXT-__N__"));
        if (!db.begin() || !db.select(QStringLiteral("SELECT set_config('rd.tenant_id', ?, true)"), { serverTenant }))
            qFatal("scope failed");
        auto base
            = db.select(QStringLiteral("SELECT server_seq FROM tenant_counters WHERE tenant_id = ?"), { serverTenant });
        const qint64 after = base.value().first().value(0).toLongLong();
        auto ins = db.exec(
            QStringLiteral(
                "INSERT INTO changes (tenant_id, server_seq, device_id, dev_seq, entity, row_id, op, fields, "
                "base_server_seq) SELECT ?, ? + g, ?, 1000000 + g, 'candidates', "
                "'00000000-0000-7000-8000-' || lpad(g::text, 12, '0'), 'insert', "
                "replace(replace(?, '__ID__', '00000000-0000-7000-8000-' || lpad(g::text, 12, '0')), '__N__', "
                "g::text)::jsonb, 0 FROM generate_series(1, ?) g"),
            { serverTenant, after, device, tpl, rows });
        if (!ins) qFatal("seed failed: %s", qPrintable(ins.error().message));
        if (!db.exec(QStringLiteral("UPDATE tenant_counters SET server_seq = ? WHERE tenant_id = ?"),
                { after + rows, serverTenant })
            || !db.commit())
            qFatal("seed commit failed");
    }

    // --only initial|ingest|pulls runs one part (for profiling); the pulls need the devices'
    // tokens, which the ingest part makes.
    const int onlyAt = app.arguments().indexOf(QStringLiteral("--only"));
    const QString only = onlyAt >= 0 ? app.arguments().value(onlyAt + 1) : QString();
    auto part = [&](const char* name) { return only.isEmpty() || only == QLatin1String(name); };
    QElapsedTimer timer;
    if (part("initial")) {
        // Initial sync: a colleague's laptop joins.
        auto joiner = openWorkspace(tmp.path(), QStringLiteral("joiner"));
        timer.start();
        auto joined = sync::SyncEngine::join(*joiner, serverUrl, QStringLiteral("bench"), w.adminEmail, kPassword, {});
        if (!joined) qFatal("join failed: %s", qPrintable(joined.error().message));
        const double syncSecs = timer.nsecsElapsed() / 1e9;
        auto count = joiner->db().selectOne(QStringLiteral("SELECT count(*) FROM candidates"));
        const qint64 got = count.value().value(0).toLongLong();
        if (got < rows) qFatal("joined workspace has %lld candidates, expected %d", got, rows);

        // Baseline: the same rows inserted straight into the same table of a fresh workspace.
        auto raw = openWorkspace(tmp.path(), QStringLiteral("raw"));
        if (!raw->tenants().createWorkspace(w)) qFatal("workspace failed");
        const Session rawAdmin
            = raw->auth().signIn({ QStringLiteral("bench"), w.adminEmail, kPassword, {}, {} }).value();
        const QStringList cols = candidateRow(rawAdmin.tenantId, rawAdmin.userId, 0).keys();
        const QString sql = QStringLiteral("INSERT INTO candidates (%1) VALUES (%2)")
                                .arg(cols.join(QStringLiteral(", ")),
                                    QStringList(cols.size(), QStringLiteral("?")).join(QStringLiteral(", ")));
        timer.restart();
        {
            if (!raw->db().execRaw(QStringLiteral("UPDATE sync_ctx SET capture = 0")) || !raw->db().begin())
                qFatal("raw begin failed");
            for (int i = 1; i <= rows; ++i) {
                const QJsonObject r = candidateRow(rawAdmin.tenantId, rawAdmin.userId, i);
                QVariantList values;
                for (const QString& c : cols)
                    values << r.value(c).toVariant();
                if (!raw->db().change(sql, values)) qFatal("raw insert failed");
            }
            if (!raw->db().commit()) qFatal("raw commit failed");
        }
        const double rawSecs = timer.nsecsElapsed() / 1e9;
        const double rate = rows / syncSecs, rawRate = rows / rawSecs;
        print({ { QStringLiteral("bench"), QStringLiteral("initial_sync") }, { QStringLiteral("rows"), rows },
            { QStringLiteral("metric"), QStringLiteral("rows_per_s") }, { QStringLiteral("value"), qRound(rate) },
            { QStringLiteral("seconds"), qRound(syncSecs * 100) / 100.0 },
            { QStringLiteral("baseline"), qRound(rawRate) },
            { QStringLiteral("baseline_kind"),
                QStringLiteral("prepared SQLite INSERTs of the same candidate rows, one transaction, same schema") },
            { QStringLiteral("ratio"), qRound(rate / rawRate * 1000) / 1000.0 },
            { QStringLiteral("target"), QStringLiteral(">= 100000 rows/s") },
            { QStringLiteral("met"), rate >= 100000 } });
    }
    // Ingest: 10 devices push notes concurrently, in batches of 1,000.
    const int perDeviceAt = app.arguments().indexOf(QStringLiteral("--per-device"));
    const int devices = 10,
              perDevice = perDeviceAt >= 0 ? app.arguments().value(perDeviceAt + 1).toInt()
        : quick                            ? 2000
                                           : 20000;
    QList<QString> access;
    for (int d = 0; d < devices; ++d) {
        const QJsonObject t = tokensFor(serverUrl, QUuid::createUuid().toString(QUuid::WithoutBraces));
        access << t.value(QStringLiteral("access_token")).toString() + QLatin1Char('|')
                + t.value(QStringLiteral("device_id")).toString();
    }
    if (part("ingest")) {
        auto noteFields = [&](int d, int i) {
            return QJsonObject { { QStringLiteral("tenant_id"), admin.tenantId },
                { QStringLiteral("subject_type"), QStringLiteral("candidate") },
                { QStringLiteral("subject_id"), QStringLiteral("00000000-0000-7000-8000-000000000001") },
                { QStringLiteral("body"), QStringLiteral("Called, interested; device %1 note %2").arg(d).arg(i) },
                { QStringLiteral("created_at"), QStringLiteral("2026-11-28T09:00:00.000Z") },
                { QStringLiteral("updated_at"), QStringLiteral("2026-11-28T09:00:00.000Z") },
                { QStringLiteral("created_by"), admin.userId }, { QStringLiteral("updated_by"), admin.userId },
                { QStringLiteral("deleted_at"), QJsonValue() } };
        };
        // The request bodies are encoded before the clock starts: the figure is the server's.
        QList<QList<QByteArray>> bodies(devices);
        for (int d = 0; d < devices; ++d)
            for (int start = 0; start < perDevice; start += 1000) {
                sync::PushRequest req;
                req.deviceId = access[d].section(QLatin1Char('|'), 1, 1);
                for (int i = start; i < qMin(perDevice, start + 1000); ++i) {
                    sync::ChangeRecord c;
                    c.devSeq = i + 1;
                    c.entity = QStringLiteral("notes");
                    c.rowId = QStringLiteral("note-%1-%2").arg(d).arg(i);
                    c.op = QStringLiteral("insert");
                    c.fields = noteFields(d, i);
                    req.changes << c;
                }
                bodies[d] << req.toCbor();
            }
        QThreadPool devicePool; // every device at once
        devicePool.setMaxThreadCount(devices);
        timer.restart();
        QList<QFuture<int>> pushes;
        for (int d = 0; d < devices; ++d)
            pushes << QtConcurrent::run(&devicePool, [&, d] {
                const QString token = access[d].section(QLatin1Char('|'), 0, 0);
                const sync::HttpExchange http = sync::networkExchange(60000);
                int accepted = 0;
                for (const QByteArray& body : std::as_const(bodies[d])) {
                    const sync::HttpResponse r
                        = http("POST", serverUrl + QStringLiteral("/v1/sync/push"), body, "application/cbor", token);
                    auto resp = sync::PushResponse::fromCbor(r.body);
                    if (r.status != 200 || !resp) qFatal("push failed: %d %s", r.status, r.body.left(300).constData());
                    accepted += resp.value().accepted;
                }
                return accepted;
            });
        int accepted = 0;
        for (auto& f : pushes) {
            serveUntil(f); // the server answers on this thread's event loop
            accepted += f.result();
        }
        const double ingestSecs = timer.nsecsElapsed() / 1e9;
        // Baseline: the same rows into a copy of the change log, multi-row INSERTs of 1,000.
        if (!db.exec(QStringLiteral("CREATE TABLE changes_raw (LIKE changes INCLUDING ALL)")))
            qFatal("raw table failed");
        timer.restart();
        for (int d = 0; d < devices; ++d)
            for (int start = 0; start < perDevice; start += 1000) {
                QStringList rowsSql;
                QVariantList binds;
                for (int i = start; i < qMin(perDevice, start + 1000); ++i) {
                    rowsSql << QStringLiteral("(?,?,?,?,'notes',?,'insert',?::jsonb,0)");
                    binds << admin.tenantId << qint64(d) * perDevice + i + 1 << QStringLiteral("dev-%1").arg(d) << i + 1
                          << QStringLiteral("note-%1-%2").arg(d).arg(i)
                          << QString::fromUtf8(QJsonDocument(noteFields(d, i)).toJson(QJsonDocument::Compact));
                }
                if (!db.exec(QStringLiteral("INSERT INTO changes_raw (tenant_id, server_seq, device_id, dev_seq, "
                                            "entity, row_id, op, fields, "
                                            "base_server_seq) VALUES %1")
                                 .arg(rowsSql.join(QLatin1Char(','))),
                        binds))
                    qFatal("raw insert failed");
            }
        const double rawIngestSecs = timer.nsecsElapsed() / 1e9;
        const double ingestRate = accepted / ingestSecs, rawIngestRate = accepted / rawIngestSecs;
        print({ { QStringLiteral("bench"), QStringLiteral("ingest") }, { QStringLiteral("devices"), devices },
            { QStringLiteral("changes"), accepted },
            { QStringLiteral("metric"), QStringLiteral("accepted_changes_per_s") },
            { QStringLiteral("value"), qRound(ingestRate) }, { QStringLiteral("baseline"), qRound(rawIngestRate) },
            { QStringLiteral("baseline_kind"),
                QStringLiteral(
                    "multi-row INSERTs (1,000 rows) of the same rows into a copy of the change log, one connection") },
            { QStringLiteral("ratio"), qRound(ingestRate / rawIngestRate * 1000) / 1000.0 },
            { QStringLiteral("target"), QStringLiteral(">= 20000/s") },
            { QStringLiteral("met"), ingestRate >= 20000 } });
    }
    if (!part("pulls")) return 0;
    // Concurrent pulls: 1000 requests all in flight at once over 10 clients, twice: catching up
    // (a page of 100 changes from a cursor spread over the log) and polling up to date (the
    // cursor at the head: the steady state of laptops that sync on change and periodically).
    const int pullsAt = app.arguments().indexOf(QStringLiteral("--pulls"));
    const int pulls = pullsAt >= 0 ? app.arguments().value(pullsAt + 1).toInt() : quick ? 200 : 1000, clients = 10;
    const QString token = access.first().section(QLatin1Char('|'), 0, 0);
    QString tenantId;
    qint64 headSeq = 0;
    {
        auto t = db.select(QStringLiteral("SELECT id FROM tenants WHERE slug = 'bench'"));
        tenantId = t.value().first().value(0).toString();
        (void)db.begin();
        (void)db.select(QStringLiteral("SELECT set_config('rd.tenant_id', ?, true)"), { tenantId });
        headSeq = db.select(QStringLiteral("SELECT server_seq FROM tenant_counters WHERE tenant_id = ?"), { tenantId })
                      .value()
                      .first()
                      .value(0)
                      .toLongLong();
        db.rollback();
    }
    QThreadPool clientPool; // every client at once (the global pool has one thread per core)
    clientPool.setMaxThreadCount(clients);
    auto wave = [&](const std::function<qint64(int)>& cursor, int limit) {
        QList<QFuture<QList<double>>> waves;
        QElapsedTimer wall;
        wall.start();
        for (int k = 0; k < clients; ++k)
            waves << QtConcurrent::run(&clientPool, [&, k] {
                QNetworkAccessManager nam;
                QList<double> ms;
                int done = 0;
                const int n = pulls / clients;
                QEventLoop loop;
                for (int i = 0; i < n; ++i) {
                    QNetworkRequest req { QUrl(serverUrl
                        + QStringLiteral("/v1/sync/pull?after=%1&limit=%2&schema_version=2")
                              .arg(cursor(k * n + i))
                              .arg(limit)) };
                    req.setRawHeader("Authorization", "Bearer " + token.toLatin1());
                    QElapsedTimer t;
                    t.start();
                    QNetworkReply* reply = nam.get(req);
                    QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, t] {
                        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
                            qFatal("pull failed");
                        ms << t.nsecsElapsed() / 1e6;
                        reply->deleteLater();
                        if (++done == n) loop.quit();
                    });
                }
                loop.exec();
                return ms;
            });
        QList<double> latencies;
        for (auto& w : waves) {
            serveUntil(w);
            latencies << w.result();
        }
        return std::make_pair(latencies, wall.nsecsElapsed() / 1e9);
    };
    // Baseline: the same page queries straight to PostgreSQL from 8 connections (the server's
    // worker count), all submitted at once, so queueing counts as it does over HTTP.
    auto rawWave = [&](const std::function<qint64(int)>& cursor, int limit) {
        QThreadPool pool;
        pool.setMaxThreadCount(config.workers);
        QElapsedTimer t0;
        t0.start();
        QList<QFuture<double>> all;
        for (int i = 0; i < pulls; ++i)
            all << QtConcurrent::run(&pool, [&, i] {
                (void)db.begin();
                (void)db.select(QStringLiteral("SELECT set_config('rd.tenant_id', ?, true)"), { tenantId });
                auto r = db.select(
                    QStringLiteral(
                        "SELECT server_seq, device_id, dev_seq, entity, row_id, op, fields::text FROM changes "
                        "WHERE tenant_id = ? AND server_seq > ? AND server_seq <= ? ORDER BY server_seq LIMIT ?"),
                    { tenantId, cursor(i), cursor(i) + limit + 1, limit + 1 });
                db.rollback();
                if (!r) qFatal("raw pull failed");
                return t0.nsecsElapsed() / 1e6;
            });
        QList<double> ms;
        for (auto& f : all)
            ms << f.result();
        return ms;
    };
    auto report = [&](const char* name, const std::function<qint64(int)>& cursor, int limit, const QString& note) {
        const auto [latencies, wall] = wave(cursor, limit);
        const QList<double> raw = rawWave(cursor, limit);
        const double p95 = percentile(latencies, 0.95), rawP95 = percentile(raw, 0.95);
        print({ { QStringLiteral("bench"), QString::fromLatin1(name) },
            { QStringLiteral("requests"), int(latencies.size()) },
            { QStringLiteral("metric"), QStringLiteral("latency_ms") },
            { QStringLiteral("p50"), qRound(percentile(latencies, 0.50) * 10) / 10.0 },
            { QStringLiteral("p95"), qRound(p95 * 10) / 10.0 },
            { QStringLiteral("p99"), qRound(percentile(latencies, 0.99) * 10) / 10.0 },
            { QStringLiteral("requests_per_s"), qRound(latencies.size() / wall) },
            { QStringLiteral("baseline_p95"), qRound(rawP95 * 10) / 10.0 },
            { QStringLiteral("baseline_kind"),
                QStringLiteral(
                    "the same page queries straight to PostgreSQL on 8 connections, all submitted at once") },
            { QStringLiteral("ratio"), qRound(p95 / qMax(rawP95, 0.001) * 100) / 100.0 },
            { QStringLiteral("note"), note }, { QStringLiteral("target"), QStringLiteral("p95 <= 100 ms") },
            { QStringLiteral("met"), p95 <= 100 } });
    };
    report(
        "pulls_catching_up", [&](int i) { return qint64(i) * 97 % rows; }, 100,
        QStringLiteral("pages of 100 candidate changes from cursors spread over the log; 10 clients with 6 connections "
                       "each, all at once; "
                       "latency includes queueing"));
    report(
        "pulls_up_to_date", [&](int) { return headSeq; }, 1000,
        QStringLiteral("laptops polling at the head (nothing new); 10 clients with 6 connections each, all at once; "
                       "latency includes "
                       "queueing"));
    return 0;
}
