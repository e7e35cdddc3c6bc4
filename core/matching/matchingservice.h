#pragma once

#include "auth/session.h"
#include "common/result.h"
#include "recruiting/jobservice.h"

#include <QJsonObject>
#include <QMutex>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>

namespace rd {

struct ServiceContext;
class JobService;
class CandidateService;
struct JobRecord;
namespace matching_detail {
struct TenantFacts;
}

// Weights of the score parts (tenant setting "matching", docs/matching.md). A part that does
// not apply (no nice-to-haves, no key terms, a remote job's distance) leaves the average.
struct MatchWeights {
    double mustHave = 35;
    double niceToHave = 20;
    double text = 20;
    double distance = 15;
    double recency = 10;
    double hybridDistanceFactor = 0.5; // hybrid jobs weigh distance by this factor
    double distanceHalfKm = 50; // the distance part is 0.5 at this distance
    double recencyHalfLifeDays = 180; // the recency part halves every this many days
    static MatchWeights fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
};

// A job skill asked with years ("Python:3") and what the candidate has (when known).
struct SkillYears {
    QString skill;
    double required = 0;
    std::optional<double> candidate;
};

struct MatchResult {
    QString candidateId;
    QString candidateExternalId;
    QString candidateName;
    QString jobId;
    QString jobExternalId;
    QString jobTitle;
    int cvVersion = 0; // the CV version the match was computed from (0: none)
    double score = 0; // 0-100
    bool excluded = false;
    QString exclusionReason; // job_not_open | missing_must_have | too_far (empty when eligible)
    QString exclusionDetail; // the same in words
    QStringList matchedMustHave;
    QStringList missingMustHave;
    QStringList matchedNiceToHave;
    QList<SkillYears> skillYears; // the job's skills with required years the candidate has
    std::optional<double> distanceKm;
    QString remote; // the job's mode: onsite | hybrid | remote
    QString remoteHandling; // how distance counted: "full" | "reduced" | "ignored" | "unknown"
    double textRelevance = 0; // 0-1, BM25 of the job's skills in the CV, relative to the best
    double recency = 0; // 0-1
    bool applied = false;
    QString computedAt; // stored matches: when the row was computed
    bool current = true; // stored matches: false for a row of an earlier CV version
    QJsonObject toJson(bool forJob) const;
    // The breakdown as a stored match row keeps it (no names: those stay in the candidate).
    QJsonObject breakdownJson() const;
    static MatchResult fromBreakdown(const QJsonObject& o);
};

struct RecomputeStats {
    int jobs = 0; // jobs ranked in full
    int candidates = 0; // changed candidates rescored against the other open jobs
    int rows = 0; // match rows written
    bool allJobs = false;
    qint64 ms = 0;
    QJsonObject toJson() const;
};

// Explainable candidate-job matching (docs/matching.md): must-haves enforced after
// normalisation through the skill taxonomy (entered skills and skills found in the latest CV),
// distance from coordinates or the gazetteer, remote and hybrid handling, BM25 text relevance
// from the search index, recency; each result carries its breakdown.
class MatchingService {
public:
    MatchingService(ServiceContext& ctx, JobService& jobs, CandidateService& candidates);
    ~MatchingService();
    // The facts of the tenants in memory (matchingservice.cpp).
    struct FactsCache;

    // Candidates for a job, best first; excluded ones only with includeExcluded (after the
    // eligible ones).
    Result<QList<MatchResult>> forJob(
        const Session& session, const QString& job, int limit = 20, bool includeExcluded = false);
    // Jobs for a candidate: the job they applied for first when it is eligible, then the
    // other jobs by score.
    Result<QList<MatchResult>> forCandidate(
        const Session& session, const QString& candidate, int limit = 20, bool includeExcluded = false);
    Result<MatchWeights> weights(const QString& tenantId);
    // Ids of the candidates within km of a job's place (coordinates or gazetteer), nearest
    // first, through the candidate_geo R*Tree (a bounding box, then the exact distance).
    Result<QList<QPair<QString, double>>> candidatesNear(const Session& session, const QString& job, double km);
    // Brings the derived per-candidate facts (normalised skills from the record and the
    // latest CV, coordinates, relocation, activity; table match_facts and the candidate_geo
    // R*Tree) up to date for the candidates marked in match_dirty, 2,000 per transaction.
    // Runs before every match; the first run after an upgrade or a large import does them all.
    Status refreshFacts();

    // Stored matches (docs/matching.md): the best kStoredPerJob eligible candidates of every
    // open job, one row per (job, candidate, CV version) with score, breakdown and time.
    // recompute() brings them up to date incrementally: jobs that changed are ranked in full,
    // candidates whose facts changed are rescored against the other open jobs (more than
    // kRescoreAllJobs changed candidates: every job is ranked instead). all: every job.
    // A CV edit leaves the rows of the earlier version as they were (current = 0).
    static constexpr const char* kRecomputeJob = "match.recompute";
    static constexpr int kStoredPerJob = 200;
    static constexpr int kRescoreAllJobs = 500;
    void setStoredPerJob(int n) { m_storedPerJob = n; } // tests
    Result<RecomputeStats> recompute(bool all = false);
    // The same on behalf of a user (CLI, admin screen): needs candidate and job read.
    Result<RecomputeStats> recompute(const Session& session, bool all);
    // The jobs-queue handler: triggers enqueue one per change round (schema 5).
    Status runRecomputeJob(const JobRecord& job);
    // Stored rows of a job (best first) or of a candidate (by job); history adds the rows
    // of earlier CV versions.
    Result<QList<MatchResult>> stored(
        const Session& session, const QString& job, const QString& candidate, int limit = 20, bool history = false);

private:
    // Runs fn on the tenant's facts in memory, loading them first when needed; holds the
    // cache's lock meanwhile (fn must not call back into the cache).
    Status withFacts(
        const QString& tenantId, const std::function<Status(const matching_detail::TenantFacts&, FactsCache&)>& fn);
    // Drops the items whose candidate a hiring manager may not see (Authorizer::candidateScope).
    template <typename T, typename IdOf>
    Status keepVisible(const Session& session, QList<T>& items, IdOf idOf);
    Status nameCandidates(QList<MatchResult>& results);
    Status forgetFacts(const QString& candidateId);
    ServiceContext& m_ctx;
    JobService& m_jobs;
    CandidateService& m_candidates;
    int m_storedPerJob = kStoredPerJob;
    std::unique_ptr<FactsCache> m_cache;
    QMutex m_cacheMutex;
    QMutex m_refreshMutex; // one refreshFacts at a time in this process
    QHash<QString, QPair<QString, Job>> m_jobCache; // recompute's jobs by id: (updated_at, job)
    QMutex m_jobCacheMutex;
};

} // namespace rd
