// bench_match: N demo candidates with CVs (imported, indexed, facts derived), M demo jobs;
// for each job, the top 20 candidates through MatchingService::forJob (permission checks,
// must-have filter, nice-to-have coverage, BM25 text relevance, distance, recency, names),
// each job ranked R times after a warm-up: p50/p95; first_rank_ms is the very first rank,
// which also loads the tenant's facts into memory. Baseline in the same run: the bare cost
// of the same decisions on pre-normalised data in memory (integer skill sets intersected
// with the job's must-haves and nice-to-haves, a haversine per pair, a top-20 by score).
// Recompute (a second workspace): R2 demo candidates x M2 open jobs, every job ranked and its
// best rows stored (MatchingService::recompute(true)), then the incremental cases (one
// candidate edited, one job edited). Baseline: the same in-memory decisions over the same
// pairs with a top-200 per job.
// Prints one JSON object.
// Usage: bench_match [--quick] [--rows N] [--jobs M] [--repeat R] [--keep DIR]
//                    [--recompute-rows N2] [--recompute-jobs M2] [--only rank|recompute]
#include "benchutil.h"
#include "matching/gazetteer.h"
#include "matching/taxonomy.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace rd;
using namespace rd::bench;

namespace {
struct Facts {
    std::vector<int> skills; // sorted taxonomy ids
    double lat = 0, lon = 0;
    bool located = false;
};

int skillId(QHash<QString, int>& ids, const QString& s)
{
    auto it = ids.find(s);
    if (it == ids.end()) it = ids.insert(s, int(ids.size()));
    return *it;
}

// The facts of every candidate, pre-normalised to integer skill sets, in memory.
std::vector<Facts> loadFacts(Database& db, QHash<QString, int>& ids)
{
    std::vector<Facts> facts;
    auto fr = db.select(QStringLiteral("SELECT skills, latitude, longitude FROM match_facts"));
    for (const auto& r : fr.value()) {
        Facts f;
        for (const QString& sk : r.value(0).toString().split(QLatin1Char('|'), Qt::SkipEmptyParts))
            f.skills.push_back(skillId(ids, sk));
        std::sort(f.skills.begin(), f.skills.end());
        f.located = !r.value(1).isNull();
        f.lat = r.value(1).toDouble();
        f.lon = r.value(2).toDouble();
        facts.push_back(std::move(f));
    }
    return facts;
}

struct JobKey {
    std::vector<int> must, nice;
    bool located = false;
    double lat = 0, lon = 0;
};

JobKey jobKey(const Job& job, QHash<QString, int>& ids)
{
    JobKey k;
    for (const QString& m : SkillTaxonomy::builtIn().normalise(job.mustHave))
        k.must.push_back(skillId(ids, m.toLower()));
    for (const QString& n : SkillTaxonomy::builtIn().normalise(job.niceToHave))
        k.nice.push_back(skillId(ids, n.toLower()));
    std::sort(k.must.begin(), k.must.end());
    std::sort(k.nice.begin(), k.nice.end());
    k.located = job.latitude && job.longitude;
    k.lat = job.latitude.value_or(0);
    k.lon = job.longitude.value_or(0);
    return k;
}

// Baseline: must-have subset test, nice-to-have intersection, haversine, the best `top`.
// Returns how many were eligible.
int baselineRank(const std::vector<Facts>& facts, const JobKey& k, size_t top, double& sink)
{
    std::vector<std::pair<double, int>> ranked;
    int n = 0;
    for (int i = 0; i < int(facts.size()); ++i) {
        const Facts& f = facts[size_t(i)];
        if (!std::includes(f.skills.begin(), f.skills.end(), k.must.begin(), k.must.end())) continue;
        ++n;
        std::vector<int> common;
        std::set_intersection(
            f.skills.begin(), f.skills.end(), k.nice.begin(), k.nice.end(), std::back_inserter(common));
        double score = k.nice.empty() ? 1.0 : double(common.size()) / double(k.nice.size());
        if (k.located && f.located) score += 1.0 / (1.0 + Gazetteer::distanceKm(k.lat, k.lon, f.lat, f.lon) / 50.0);
        ranked.emplace_back(-score, i);
    }
    std::partial_sort(ranked.begin(), ranked.begin() + qsizetype(std::min(top, ranked.size())), ranked.end());
    sink = sink + (ranked.empty() ? 0 : ranked.front().first);
    return n;
}

// Creates and publishes demo jobs until the workspace has `count`; returns their ids.
QStringList demoJobs(Setup& s, int count)
{
    DemoData data(11);
    QStringList jobIds;
    auto existing
        = s.ws->db().select(QStringLiteral("SELECT id FROM job_postings WHERE deleted_at IS NULL ORDER BY created_at"));
    for (const auto& r : existing.value())
        jobIds << r.value(0).toString();
    for (int j = int(jobIds.size()); j < count; ++j) {
        QJsonObject fields = data.job(j);
        if (j % 3 == 0) fields.insert(QStringLiteral("max_distance_km"), 100);
        auto created = s.ws->postings().create(s.admin, fields);
        if (!created || !s.ws->postings().publish(s.admin, created.value().id))
            qFatal("job failed: %s", created ? "publish" : qPrintable(created.error().message));
        jobIds << created.value().id;
    }
    return jobIds.mid(0, count);
}

QJsonObject recomputeSection(int rows, int jobs, const QString& keep)
{
    auto s = makeSetup(keep);
    QElapsedTimer t;
    t.start();
    loadDemoCandidates(*s, rows);
    const QStringList jobIds = demoJobs(*s, jobs);
    if (!s->ws->matching().refreshFacts()) qFatal("facts failed");
    const double setupSecs = t.elapsed() / 1000.0;
    auto full = s->ws->matching().recompute(true);
    if (!full) qFatal("recompute failed: %s", qPrintable(full.error().message));
    const double fullSecs = full.value().ms / 1000.0;
    const int stored = s->ws->db()
                           .select(QStringLiteral("SELECT count(*) FROM matches WHERE current = 1"))
                           .value()
                           .first()
                           .value(0)
                           .toInt();

    // Incremental: one candidate's skills change; one job's must-haves change.
    const QString someone = s->ws->db()
                                .select(QStringLiteral("SELECT candidate_id FROM match_facts LIMIT 1 OFFSET 77"))
                                .value()
                                .first()
                                .value(0)
                                .toString();
    if (!s->ws->candidates().update(
            s->admin, someone, { { QStringLiteral("skills"), QStringLiteral("Python;SQL;Excel") } }))
        qFatal("edit failed");
    auto oneCandidate = s->ws->matching().recompute(false);
    const Job job = s->ws->postings().get(s->admin, jobIds.value(5)).value();
    if (!s->ws->postings().update(
            s->admin, job.id, { { QStringLiteral("nice_to_have"), QStringLiteral("Git;Docker") } }))
        qFatal("job edit failed");
    auto oneJob = s->ws->matching().recompute(false);
    if (!oneCandidate || !oneJob) qFatal("incremental recompute failed");

    // Baseline: the same decisions over the same pairs in memory, a top-200 per job.
    QHash<QString, int> ids;
    const std::vector<Facts> facts = loadFacts(s->ws->db(), ids);
    std::vector<JobKey> keys;
    for (const QString& id : jobIds)
        keys.push_back(jobKey(s->ws->postings().get(s->admin, id).value(), ids));
    double sink = 0;
    QElapsedTimer b;
    b.start();
    for (const JobKey& k : keys)
        baselineRank(facts, k, size_t(MatchingService::kStoredPerJob), sink);
    const double baseSecs = b.nsecsElapsed() / 1e9;
    if (sink > 1e300) qFatal("unexpected baseline");
    return { { QStringLiteral("rows"), rows }, { QStringLiteral("jobs"), int(jobIds.size()) },
        { QStringLiteral("pairs"), double(rows) * double(jobIds.size()) },
        { QStringLiteral("setup_seconds"), qRound(setupSecs * 10) / 10.0 },
        { QStringLiteral("full_seconds"), qRound(fullSecs * 100) / 100.0 }, { QStringLiteral("stored_rows"), stored },
        { QStringLiteral("one_candidate_ms"), double(oneCandidate.value().ms) },
        { QStringLiteral("one_candidate"), oneCandidate.value().toJson() },
        { QStringLiteral("one_job_ms"), double(oneJob.value().ms) },
        { QStringLiteral("baseline_seconds"), qRound(baseSecs * 1000) / 1000.0 },
        { QStringLiteral("ratio"), qRound(fullSecs / baseSecs * 10) / 10.0 },
        { QStringLiteral("target"), QStringLiteral("full <= 30 s") },
        { QStringLiteral("target_met"), fullSecs <= 30 } };
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("rd.*.info=false\nrd.*.warning=false"));
    const QStringList args = app.arguments();
    int rows = args.contains(QStringLiteral("--quick")) ? 5000 : 100000;
    int jobs = 10;
    int repeat = 5;
    QString keep, only;
    int recomputeRows = args.contains(QStringLiteral("--quick")) ? 2000 : 10000;
    int recomputeJobs = args.contains(QStringLiteral("--quick")) ? 100 : 1000;
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--recompute-rows")) recomputeRows = args[i + 1].toInt();
        if (args[i] == QLatin1String("--recompute-jobs")) recomputeJobs = args[i + 1].toInt();
        if (args[i] == QLatin1String("--only")) only = args[i + 1];
        if (args[i] == QLatin1String("--rows")) rows = args[i + 1].toInt();
        if (args[i] == QLatin1String("--jobs")) jobs = args[i + 1].toInt();
        if (args[i] == QLatin1String("--repeat")) repeat = args[i + 1].toInt();
        if (args[i] == QLatin1String("--keep")) keep = args[i + 1];
    }
    QJsonObject out { { QStringLiteral("bench"), QStringLiteral("match") } };
    bool met = true;
    double sink = 0;
    if (only.isEmpty() || only == QLatin1String("rank")) {
        auto s = makeSetup(keep);
        QElapsedTimer t;
        t.start();
        loadDemoCandidates(*s, rows);
        const double loadSecs = t.elapsed() / 1000.0;
        t.restart();
        if (!s->ws->matching().refreshFacts()) qFatal("facts failed");
        const double factsSecs = t.elapsed() / 1000.0;
        // The demo generator's jobs (must-haves, nice-to-haves, places, onsite/hybrid/remote).
        const QStringList jobIds = demoJobs(*s, jobs);
        QHash<QString, int> ids;
        const std::vector<Facts> facts = loadFacts(s->ws->db(), ids);

        QList<double> service, baseline;
        QJsonArray perJob;
        double coldMs = -1;
        for (const QString& jobId : jobIds) {
            const Job job = s->ws->postings().get(s->admin, jobId).value();
            const JobKey key = jobKey(job, ids);
            QList<double> sj;
            int eligible = 0;
            for (int k = 0; k < repeat + 1; ++k) {
                QElapsedTimer q;
                q.start();
                auto r = s->ws->matching().forJob(s->admin, jobId, 20);
                const double ms = q.nsecsElapsed() / 1e6;
                if (!r) qFatal("match failed: %s", qPrintable(r.error().message));
                q.restart();
                const int n = baselineRank(facts, key, 20, sink);
                const double baseMs = q.nsecsElapsed() / 1e6;
                if (k == 0) {
                    if (coldMs < 0) coldMs = ms; // the first rank also loads the tenant's facts into memory
                    continue;
                }
                eligible = n;
                sj << ms;
                service << ms;
                baseline << baseMs;
            }
            perJob.append(QJsonObject { { QStringLiteral("job"), job.title },
                { QStringLiteral("must_have"), QJsonArray::fromStringList(job.mustHave) },
                { QStringLiteral("remote"), job.remote }, { QStringLiteral("eligible"), eligible },
                { QStringLiteral("service_p50_ms"), qRound(percentile(sj, 0.5) * 100) / 100.0 } });
        }
        const double p50 = percentile(service, 0.5), p95 = percentile(service, 0.95);
        const double b50 = percentile(baseline, 0.5), b95 = percentile(baseline, 0.95);
        const bool rankMet = p95 <= 150 && p95 / b95 <= 3;
        met = met && rankMet;
        out.insert(QStringLiteral("rank"),
            QJsonObject { { QStringLiteral("rows"), rows }, { QStringLiteral("jobs"), int(jobIds.size()) },
                { QStringLiteral("repeat"), repeat }, { QStringLiteral("load_seconds"), qRound(loadSecs * 10) / 10.0 },
                { QStringLiteral("facts_seconds"), qRound(factsSecs * 10) / 10.0 },
                { QStringLiteral("first_rank_ms"), qRound(coldMs * 10) / 10.0 },
                { QStringLiteral("service_p50_ms"), qRound(p50 * 100) / 100.0 },
                { QStringLiteral("service_p95_ms"), qRound(p95 * 100) / 100.0 },
                { QStringLiteral("baseline_p50_ms"), qRound(b50 * 100) / 100.0 },
                { QStringLiteral("baseline_p95_ms"), qRound(b95 * 100) / 100.0 },
                { QStringLiteral("ratio_p95"), qRound(p95 / b95 * 100) / 100.0 },
                { QStringLiteral("target"), QStringLiteral("p95 <= 150 ms, ratio <= 3") },
                { QStringLiteral("target_met"), rankMet }, { QStringLiteral("per_job"), perJob } });
    }
    if (only.isEmpty() || only == QLatin1String("recompute")) {
        const QJsonObject r = recomputeSection(
            recomputeRows, recomputeJobs, keep.isEmpty() ? QString() : keep + QStringLiteral("-recompute"));
        met = met && r.value(QStringLiteral("target_met")).toBool();
        out.insert(QStringLiteral("recompute"), r);
    }
    out.insert(QStringLiteral("target_met"), met);
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return sink > 1e300 ? 1 : 0;
}
