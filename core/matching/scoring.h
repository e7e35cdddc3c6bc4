#pragma once
// Matching internals: a job's facts, the score and exclusion of a pair, the explanation, and
// ranking a tenant's candidates for one job (docs/matching.md).

#include "matching/matchfacts.h"
#include "recruiting/jobservice.h"

namespace rd::matching_detail {

enum class Mode { Onsite, Hybrid, Remote };
inline Mode modeOf(const Job& job)
{
    return job.remote == QLatin1String("remote") ? Mode::Remote
        : job.remote == QLatin1String("hybrid")  ? Mode::Hybrid
                                                 : Mode::Onsite;
}

inline bool jobOpen(const Job& job)
{
    return job.status == QLatin1String("open");
}

struct JobFacts {
    Job job;
    QStringList mustHave; // canonical
    QStringList niceToHave;
    std::vector<int> mustIds; // parallel to mustHave
    std::vector<int> niceIds;
    std::vector<std::optional<double>> mustYears; // required years, parallel to mustHave
    std::vector<std::optional<double>> niceYears;
    std::vector<int> termIds; // the job's skills, each once: the terms of the text relevance
    std::optional<Point> at;
    Mode mode = Mode::Onsite;
    bool open = false;
};

JobFacts jobFacts(const Job& job, MatchingService::FactsCache& cache);
bool hasMustHaves(const JobFacts& j, const CachedFacts& c);
// BM25 (k1 1.2, b 0.75) of the job's skills over the taxonomy's mentions in the candidate's CV.
double bm25(const TenantFacts& t, const CachedFacts& c, const JobFacts& j);

enum class Exclusion { None, JobNotOpen, MissingMustHave, TooFar };

// The score (0-100) and the exclusion of one pair, without allocating: what ranking computes
// for every candidate.
struct Scored {
    double score = 0;
    double recency = 0;
    std::optional<double> distanceKm;
    Exclusion exclusion = Exclusion::None;
};
Scored scorePair(const JobFacts& j, const CachedFacts& c, double textRelevance, const MatchWeights& w, qint64 nowMs);
// One pair with its explanation.
MatchResult evaluate(
    const JobFacts& j, const CachedFacts& c, double textRelevance, bool applied, const MatchWeights& w, qint64 nowMs);
// Best first: score, then distance (unknown last), then ids.
bool betterResult(const MatchResult& a, const MatchResult& b);

// Ranks every candidate of a tenant for one job: the best `limit` eligible ones explained
// (then excluded ones with includeExcluded), without names. Shared by forJob and recompute.
struct Ranking {
    QList<MatchResult> results;
    double bestText = 0; // the best BM25 the text parts were normalised by
    size_t eligible = 0;
};
Ranking rankJob(const TenantFacts& t, const JobFacts& j, const QSet<QString>& applied, const MatchWeights& w,
    qint64 nowMs, int limit, bool includeExcluded);

} // namespace rd::matching_detail
