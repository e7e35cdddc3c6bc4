#include "auth/permissions.h"
#include "jobs/jobqueue.h"
#include "matching/scoring.h"
#include "matchingservice.h"
#include "recruiting/candidateservice.h"
#include "recruiting/jobservice.h"
#include "service/context.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSqlRecord>
#include <algorithm>

// Stored matches (decision 0011): recompute, its jobs-queue handler, and reading the rows.
namespace rd {

using namespace matching_detail;

namespace {
// One job's part in a recompute: its facts and the state of its stored rows.
struct StoredJob {
    JobFacts facts;
    double bestText = 0;
    bool complete = false;
};

Status insertMatch(Database& db, const QString& tenantId, const MatchResult& m, const QString& now)
{
    using V = Database::RawValue;
    return db.appendRow(
        "INSERT OR REPLACE INTO matches (tenant_id, job_id, candidate_id, cv_version, score, current, breakdown, "
        "computed_at) VALUES (?,?,?,?,?,1,?,?)",
        { V::str(tenantId), V::str(m.jobId), V::str(m.candidateId), V::num(m.cvVersion), V::dbl(m.score),
            V::str(QString::fromUtf8(QJsonDocument(m.breakdownJson()).toJson(QJsonDocument::Compact))), V::str(now) });
}

} // namespace

Result<RecomputeStats> MatchingService::recompute(bool all)
{
    QElapsedTimer timer;
    timer.start();
    RecomputeStats stats;
    Database& db = m_ctx.db;
    using V = Database::RawValue;
    RD_TRY(refreshFacts());

    QStringList rescore;
    RD_TRY(db.forEachRow(
        "SELECT candidate_id FROM match_rescore", {}, [&](const Database::RawRow& r) { rescore << r.text(0); }));
    stats.allJobs = all || rescore.size() > kRescoreAllJobs;
    {
        // Rows of earlier CV versions become history; rows of candidates without facts
        // (deleted, erased, merged away) go.
        Transaction tx(db);
        RD_TRY(tx.status());
        auto demoted = db.change(
            QStringLiteral("UPDATE matches SET current = 0 WHERE current = 1 AND candidate_id IN (SELECT candidate_id "
                           "FROM match_rescore) AND cv_version <> coalesce((SELECT f.cv_version FROM match_facts f "
                           "WHERE f.candidate_id = matches.candidate_id), -1)"));
        if (!demoted) return demoted.error();
        auto gone = db.change(
            QStringLiteral("DELETE FROM matches WHERE candidate_id IN (SELECT candidate_id FROM match_rescore) AND "
                           "candidate_id NOT IN (SELECT candidate_id FROM match_facts)"));
        if (!gone) return gone.error();
        RD_TRY(tx.commit());
    }

    // The live jobs with their tenants, and the ones to rank in full.
    QHash<QString, QString> tenantOf, versionOf;
    RD_TRY(db.forEachRow(
        "SELECT id, tenant_id, updated_at FROM job_postings WHERE deleted_at IS NULL AND canonical_job_id IS NULL", {},
        [&](const Database::RawRow& r) {
            tenantOf.insert(r.text(0), r.text(1));
            versionOf.insert(r.text(0), r.text(2));
        }));
    QSet<QString> rankInFull;
    RD_TRY(db.forEachRow(
        "SELECT job_id FROM match_jobs_dirty", {}, [&](const Database::RawRow& r) { rankInFull.insert(r.text(0)); }));
    // Jobs from memory unless they changed: every change marks the job dirty (a trigger), and
    // a changed updated_at is a change too.
    auto loadJob = [&](const QString& id) -> Result<Job> {
        if (!rankInFull.contains(id)) {
            QMutexLocker lock(&m_jobCacheMutex);
            auto it = m_jobCache.constFind(id);
            if (it != m_jobCache.constEnd() && it->first == versionOf.value(id)) return it->second;
        }
        auto job = m_jobs.load(tenantOf.value(id), id);
        if (!job) return job.error();
        QMutexLocker lock(&m_jobCacheMutex);
        m_jobCache.insert(id, { versionOf.value(id), job.value() });
        return job;
    };
    if (stats.allJobs)
        for (auto it = tenantOf.cbegin(); it != tenantOf.cend(); ++it)
            rankInFull.insert(it.key());
    QHash<QString, MatchWeights> weightsOf;
    auto tenantWeights = [&](const QString& tenantId) -> Result<MatchWeights> {
        if (!weightsOf.contains(tenantId)) {
            auto w = weights(tenantId);
            if (!w) return w.error();
            weightsOf.insert(tenantId, w.value());
        }
        return weightsOf.value(tenantId);
    };
    const qint64 nowMs = m_ctx.clock.nowMs();
    const QString now = m_ctx.clock.nowIso();

    // Changed candidates against the open jobs that are not ranked in full anyway.
    if (!stats.allJobs && !rescore.isEmpty()) {
        QHash<QString, QList<Job>> openJobs; // by tenant
        QHash<QString, QPair<double, bool>> state;
        RD_TRY(db.forEachRow("SELECT job_id, best_text, complete FROM match_jobs", {}, [&](const Database::RawRow& r) {
            state.insert(r.text(0), { r.real(1), r.integer(2) == 1 });
        }));
        for (auto it = tenantOf.cbegin(); it != tenantOf.cend(); ++it) {
            if (rankInFull.contains(it.key()) || !state.contains(it.key())) continue;
            auto job = loadJob(it.key());
            if (!job) return job.error();
            if (jobOpen(job.value())) openJobs[it.value()] << job.value();
        }
        QHash<QString, QString> tenantOfCandidate;
        RD_TRY(db.forEachRow("SELECT m.candidate_id, f.tenant_id FROM match_rescore m JOIN match_facts f ON "
                             "f.candidate_id = m.candidate_id",
            {}, [&](const Database::RawRow& r) { tenantOfCandidate.insert(r.text(0), r.text(1)); }));
        for (auto tenant = openJobs.cbegin(); tenant != openJobs.cend(); ++tenant) {
            auto w = tenantWeights(tenant.key());
            if (!w) return w.error();
            const Status rescored = withFacts(tenant.key(), [&](const TenantFacts& t, FactsCache& cache) -> Status {
                QList<StoredJob> jobs;
                for (const Job& job : tenant.value())
                    jobs << StoredJob { jobFacts(job, cache), state.value(job.id).first, state.value(job.id).second };
                for (qsizetype from = 0; from < rescore.size(); from += 200) {
                    Transaction tx(db);
                    RD_TRY(tx.status());
                    for (const QString& id : rescore.mid(from, 200)) {
                        const CachedFacts* c = tenantOfCandidate.value(id) == tenant.key() ? t.find(id) : nullptr;
                        if (!c) continue;
                        ++stats.candidates;
                        Status status;
                        const QSet<QString> applied = column(db,
                            "SELECT job_id FROM applications WHERE candidate_id = ? AND deleted_at IS NULL", id,
                            status);
                        RD_TRY(status);
                        // Its current rows go (those of jobs ranked in full below come back there).
                        RD_TRY(
                            db.appendRow("DELETE FROM matches WHERE candidate_id = ? AND current = 1", { V::str(id) }));
                        for (StoredJob& sj : jobs) {
                            const JobFacts& j = sj.facts;
                            if (!hasMustHaves(j, *c)) continue;
                            const double raw = bm25(t, *c, j);
                            const double relative
                                = sj.bestText > 0 ? std::min(1.0, raw / sj.bestText) : (raw > 0 ? 1.0 : 0.0);
                            const MatchResult m
                                = evaluate(j, *c, relative, applied.contains(j.job.id), w.value(), nowMs);
                            if (m.excluded) continue;
                            // The stored rows stay the best N of all (N <= the limit): unless every
                            // eligible candidate is stored, one that does not beat the weakest
                            // stored row may be behind candidates that are not stored: it stays out.
                            int count = 0;
                            double weakest = 0;
                            RD_TRY(db.forEachRow(
                                "SELECT count(*), min(score) FROM matches WHERE job_id = ? AND current = 1",
                                { V::str(j.job.id) }, [&](const Database::RawRow& r) {
                                    count = int(r.integer(0));
                                    weakest = r.real(1);
                                }));
                            if (!sj.complete && (count == 0 || m.score <= weakest)) continue;
                            RD_TRY(insertMatch(db, tenant.key(), m, now));
                            ++stats.rows;
                            if (count + 1 > m_storedPerJob) {
                                RD_TRY(db.appendRow(
                                    "DELETE FROM matches WHERE job_id = ? AND current = 1 AND candidate_id = (SELECT "
                                    "candidate_id FROM matches WHERE job_id = ? AND current = 1 ORDER BY score ASC "
                                    "LIMIT 1)",
                                    { V::str(j.job.id), V::str(j.job.id) }));
                                if (sj.complete) {
                                    sj.complete = false;
                                    RD_TRY(db.appendRow(
                                        "UPDATE match_jobs SET complete = 0 WHERE job_id = ?", { V::str(j.job.id) }));
                                }
                            }
                        }
                    }
                    RD_TRY(tx.commit());
                }
                // Jobs whose stored rows shrank below half the limit are ranked in full again.
                for (const StoredJob& sj : std::as_const(jobs)) {
                    if (sj.complete) continue;
                    auto count = db.lookup(
                        "SELECT count(*) FROM matches WHERE job_id = ? AND current = 1", { V::str(sj.facts.job.id) });
                    if (!count) return count.error();
                    if (count.value().toInt() < std::max(1, m_storedPerJob / 2)) rankInFull.insert(sj.facts.job.id);
                }
                return Status();
            });
            RD_TRY(rescored);
        }
    }
    if (!rescore.isEmpty()) {
        Transaction tx(db);
        RD_TRY(tx.status());
        for (const QString& id : std::as_const(rescore))
            RD_TRY(db.appendRow("DELETE FROM match_rescore WHERE candidate_id = ?", { V::str(id) }));
        RD_TRY(tx.commit());
    }

    // Jobs ranked in full, a transaction per 20 jobs.
    QStringList order(rankInFull.begin(), rankInFull.end());
    std::sort(order.begin(), order.end());
    for (qsizetype from = 0; from < order.size(); from += 20) {
        Transaction tx(db);
        RD_TRY(tx.status());
        for (const QString& jobId : order.mid(from, 20)) {
            RD_TRY(db.appendRow("DELETE FROM match_jobs_dirty WHERE job_id = ?", { V::str(jobId) }));
            std::optional<Job> job;
            if (tenantOf.contains(jobId)) {
                auto loaded = loadJob(jobId);
                if (!loaded) return loaded.error();
                job = loaded.value();
            }
            if (!job || !jobOpen(*job)) {
                // A closed, archived or deleted job matches nobody.
                RD_TRY(db.appendRow("DELETE FROM matches WHERE job_id = ?", { V::str(jobId) }));
                RD_TRY(db.appendRow("DELETE FROM match_jobs WHERE job_id = ?", { V::str(jobId) }));
                continue;
            }
            auto w = tenantWeights(job->tenantId);
            if (!w) return w.error();
            Status status;
            const QSet<QString> applied = column(
                db, "SELECT candidate_id FROM applications WHERE job_id = ? AND deleted_at IS NULL", jobId, status);
            RD_TRY(status);
            Ranking ranked;
            RD_TRY(withFacts(job->tenantId, [&](const TenantFacts& t, FactsCache& cache) {
                ranked = rankJob(t, jobFacts(*job, cache), applied, w.value(), nowMs, m_storedPerJob, false);
                return Status();
            }));
            ++stats.jobs;
            RD_TRY(db.appendRow("DELETE FROM matches WHERE job_id = ? AND current = 1", { V::str(jobId) }));
            for (const MatchResult& m : std::as_const(ranked.results)) {
                RD_TRY(insertMatch(db, job->tenantId, m, now));
                ++stats.rows;
            }
            RD_TRY(db.appendRow("INSERT OR REPLACE INTO match_jobs (job_id, tenant_id, best_text, complete, "
                                "computed_at) VALUES (?,?,?,?,?)",
                { V::str(jobId), V::str(job->tenantId), V::dbl(ranked.bestText),
                    V::num(ranked.eligible < size_t(m_storedPerJob) ? 1 : 0), V::str(now) }));
        }
        RD_TRY(tx.commit());
    }
    stats.ms = timer.elapsed();
    return stats;
}

Result<RecomputeStats> MatchingService::recompute(const Session& session, bool all)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read));
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Read));
    return recompute(all);
}

Status MatchingService::runRecomputeJob(const JobRecord&)
{
    // Marks made from now on enqueue the next round's job.
    auto bumped = m_ctx.db.change(
        QStringLiteral("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'match_round'"));
    if (!bumped) return bumped.error();
    // Earlier rounds' finished jobs are of no further use (one per round would pile up).
    auto pruned = m_ctx.db.change(
        QStringLiteral("DELETE FROM jobs WHERE kind = ? AND state = 'done'"), { QString::fromLatin1(kRecomputeJob) });
    if (!pruned) return pruned.error();
    auto r = recompute(false);
    return r ? Status() : Status(r.error());
}

Result<QList<MatchResult>> MatchingService::stored(
    const Session& session, const QString& jobKey, const QString& candidateKey, int limit, bool history)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read));
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Read));
    QString sql = QStringLiteral(
        "SELECT m.breakdown, m.current, m.computed_at, c.external_id, trim(c.first_name || ' ' || c.last_name), "
        "j.external_id, j.title, m.job_id FROM matches m JOIN candidates c ON c.id = m.candidate_id JOIN "
        "job_postings j ON j.id = m.job_id WHERE m.tenant_id = ?");
    QVariantList binds { session.tenantId };
    const bool scoped = m_jobs.isScopedManager(session);
    if (!jobKey.isEmpty()) {
        auto job = m_jobs.load(session.tenantId, jobKey);
        if (!job) return job.error();
        if (scoped && !job.value().managerIds.contains(session.userId))
            return makeError(ErrorCode::PermissionDenied,
                QStringLiteral("You can only see matches for jobs you are assigned to."),
                { { QStringLiteral("rule"), QStringLiteral("assigned_jobs_only") } });
        sql += QStringLiteral(" AND m.job_id = ?");
        binds << job.value().id;
    }
    if (!candidateKey.isEmpty()) {
        auto cand = m_candidates.get(session, candidateKey);
        if (!cand) return cand.error();
        sql += QStringLiteral(" AND m.candidate_id = ?");
        binds << cand.value().id;
    }
    // A hiring manager sees their own jobs' candidates only.
    auto scope = m_ctx.authz.candidateScope(session, QStringLiteral("m.candidate_id"));
    if (!scope) return scope.error();
    sql += scope.value().sql;
    binds += scope.value().binds;
    if (!history) sql += QStringLiteral(" AND m.current = 1");
    sql += QStringLiteral(" ORDER BY m.current DESC, m.score DESC, m.candidate_id, m.job_id, m.cv_version DESC");
    auto rows = m_ctx.db.select(sql, binds);
    if (!rows) return rows.error();
    QList<MatchResult> out;
    QHash<QString, bool> visible; // job id -> a scoped manager may see it
    for (const auto& r : rows.value()) {
        if (out.size() >= limit) break;
        const QString jobId = r.value(7).toString();
        if (scoped) {
            if (!visible.contains(jobId)) {
                auto job = m_jobs.load(session.tenantId, jobId);
                visible.insert(jobId, job && job.value().managerIds.contains(session.userId));
            }
            if (!visible.value(jobId)) continue;
        }
        MatchResult m = MatchResult::fromBreakdown(QJsonDocument::fromJson(r.value(0).toString().toUtf8()).object());
        m.current = r.value(1).toInt() == 1;
        m.computedAt = r.value(2).toString();
        m.candidateExternalId = r.value(3).toString();
        m.candidateName = r.value(4).toString();
        m.jobExternalId = r.value(5).toString();
        m.jobTitle = r.value(6).toString();
        out << m;
    }
    return out;
}

} // namespace rd
