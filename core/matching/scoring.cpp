#include "scoring.h"

#include "matching/gazetteer.h"
#include "matching/taxonomy.h"

#include <algorithm>
#include <cmath>

namespace rd::matching_detail {

namespace {
constexpr double kBm25K1 = 1.2;
constexpr double kBm25B = 0.75;
constexpr double kUnknownYears = 0.75; // the credit for a skill asked with years when the candidate's are unknown

} // namespace

JobFacts jobFacts(const Job& job, MatchingService::FactsCache& cache)
{
    const SkillTaxonomy& taxonomy = SkillTaxonomy::builtIn();
    JobFacts f;
    f.job = job;
    f.at = coordinates(job.latitude, job.longitude, job.location);
    f.mode = modeOf(job);
    f.open = jobOpen(job);
    auto take = [&](const QStringList& entered, QStringList& names, std::vector<int>& ids,
                    std::vector<std::optional<double>>& years) {
        for (const QString& e : entered) {
            const SkillTaxonomy::Entry entry = SkillTaxonomy::parseEntry(e);
            const QString name = taxonomy.normalise(entry.name);
            if (name.isEmpty() || names.contains(name, Qt::CaseInsensitive)) continue;
            names << name;
            ids.push_back(cache.skillId(name.toLower()));
            years.push_back(entry.years);
        }
    };
    take(job.mustHave, f.mustHave, f.mustIds, f.mustYears);
    take(job.niceToHave, f.niceToHave, f.niceIds, f.niceYears);
    f.termIds = f.mustIds;
    f.termIds.insert(f.termIds.end(), f.niceIds.begin(), f.niceIds.end());
    std::sort(f.termIds.begin(), f.termIds.end());
    f.termIds.erase(std::unique(f.termIds.begin(), f.termIds.end()), f.termIds.end());
    return f;
}

bool hasMustHaves(const JobFacts& j, const CachedFacts& c)
{
    return std::all_of(j.mustIds.begin(), j.mustIds.end(), [&](int s) { return c.has(s); });
}

// BM25 (k1 1.2, b 0.75) of the job's skills in the candidate's latest CV, counting the
// taxonomy's mentions (an alias counts as its skill), with the tenant's CVs as the corpus.
double bm25(const TenantFacts& t, const CachedFacts& c, const JobFacts& j)
{
    if (c.cvWords == 0 || c.tf.empty()) return 0;
    const double norm = kBm25K1 * (1.0 - kBm25B + kBm25B * double(c.cvWords) / t.averageWords());
    double score = 0;
    for (int term : j.termIds) {
        const int n = c.mentions(term);
        if (n > 0) score += t.idf(term) * double(n) * (kBm25K1 + 1.0) / (double(n) + norm);
    }
    return score;
}

// The credit of a job skill the candidate has: 1, or with required years min(1, years /
// required), kUnknownYears when their years are unknown.
double credit(const CachedFacts& c, int skill, const std::optional<double>& required)
{
    if (!required || *required <= 0) return 1.0;
    const std::optional<double> years = c.yearsOf(skill);
    return years ? std::min(1.0, *years / *required) : kUnknownYears;
}

Scored scorePair(const JobFacts& j, const CachedFacts& c, double textRelevance, const MatchWeights& w, qint64 nowMs)
{
    Scored out;
    size_t mustMatched = 0;
    double mustCovered = 0;
    double niceCovered = 0;
    for (size_t i = 0; i < j.mustIds.size(); ++i)
        if (c.has(j.mustIds[i])) {
            ++mustMatched;
            mustCovered += credit(c, j.mustIds[i], j.mustYears[i]);
        }
    for (size_t i = 0; i < j.niceIds.size(); ++i)
        if (c.has(j.niceIds[i])) niceCovered += credit(c, j.niceIds[i], j.niceYears[i]);
    if (j.at && c.at) out.distanceKm = Gazetteer::distanceKm(j.at->lat, j.at->lon, c.at->lat, c.at->lon);
    const double days = c.activityMs < 0 ? 3650.0 : double(std::max<qint64>(0, nowMs - c.activityMs)) / 86400000.0;
    out.recency = std::pow(0.5, days / w.recencyHalfLifeDays);

    double sum = 0;
    double weights = 0;
    auto part = [&](double weight, double value) {
        sum += weight * value;
        weights += weight;
    };
    if (!j.mustIds.empty()) part(w.mustHave, mustCovered / double(j.mustIds.size()));
    if (!j.niceIds.empty()) part(w.niceToHave, niceCovered / double(j.niceIds.size()));
    if (!j.termIds.empty()) part(w.text, textRelevance);
    if (j.mode != Mode::Remote)
        part(j.mode == Mode::Hybrid ? w.distance * w.hybridDistanceFactor : w.distance,
            out.distanceKm ? 1.0 / (1.0 + *out.distanceKm / w.distanceHalfKm) : 0.5);
    part(w.recency, out.recency);
    out.score = weights > 0 ? 100.0 * sum / weights : 0;

    if (!j.open)
        out.exclusion = Exclusion::JobNotOpen;
    else if (mustMatched < j.mustIds.size())
        out.exclusion = Exclusion::MissingMustHave;
    else if (j.mode != Mode::Remote && j.job.maxDistanceKm && out.distanceKm && *out.distanceKm > *j.job.maxDistanceKm
        && !c.relocate)
        out.exclusion = Exclusion::TooFar;
    return out;
}

// One pair with its explanation: the score, the skill lists, years, distance handling and the
// exclusion in words.
MatchResult evaluate(
    const JobFacts& j, const CachedFacts& c, double textRelevance, bool applied, const MatchWeights& w, qint64 nowMs)
{
    const Scored s = scorePair(j, c, textRelevance, w, nowMs);
    MatchResult m;
    m.candidateId = c.id;
    m.jobId = j.job.id;
    m.jobExternalId = j.job.externalId;
    m.jobTitle = j.job.title;
    m.cvVersion = c.cvVersion;
    m.applied = applied;
    m.score = s.score;
    m.recency = s.recency;
    m.distanceKm = s.distanceKm;
    m.textRelevance = textRelevance;
    m.remote = j.mode == Mode::Remote ? QStringLiteral("remote")
        : j.mode == Mode::Hybrid      ? QStringLiteral("hybrid")
                                      : QStringLiteral("onsite");
    m.remoteHandling = j.mode == Mode::Remote ? QStringLiteral("ignored")
        : !m.distanceKm                       ? QStringLiteral("unknown")
        : j.mode == Mode::Hybrid              ? QStringLiteral("reduced")
                                              : QStringLiteral("full");
    auto years = [&](int skill, const std::optional<double>& required, const QString& name) {
        if (required && *required > 0) m.skillYears << SkillYears { name, *required, c.yearsOf(skill) };
    };
    for (size_t i = 0; i < j.mustIds.size(); ++i) {
        const bool has = c.has(j.mustIds[i]);
        (has ? m.matchedMustHave : m.missingMustHave) << j.mustHave[qsizetype(i)];
        if (has) years(j.mustIds[i], j.mustYears[i], j.mustHave[qsizetype(i)]);
    }
    for (size_t i = 0; i < j.niceIds.size(); ++i)
        if (c.has(j.niceIds[i])) {
            m.matchedNiceToHave << j.niceToHave[qsizetype(i)];
            years(j.niceIds[i], j.niceYears[i], j.niceToHave[qsizetype(i)]);
        }
    m.excluded = s.exclusion != Exclusion::None;
    switch (s.exclusion) {
    case Exclusion::None:
        break;
    case Exclusion::JobNotOpen:
        m.exclusionReason = QStringLiteral("job_not_open");
        m.exclusionDetail = QStringLiteral("The job is %1.").arg(j.job.status);
        break;
    case Exclusion::MissingMustHave:
        m.exclusionReason = QStringLiteral("missing_must_have");
        m.exclusionDetail
            = QStringLiteral("Missing must-have skills: %1.").arg(m.missingMustHave.join(QStringLiteral(", ")));
        break;
    case Exclusion::TooFar:
        m.exclusionReason = QStringLiteral("too_far");
        m.exclusionDetail = QStringLiteral(
            "%1 km away; the job takes candidates within %2 km and this candidate is not willing to relocate.")
                                .arg(qRound(*m.distanceKm))
                                .arg(qRound(*j.job.maxDistanceKm));
        break;
    }
    return m;
}

// Best first: score, then distance (unknown last), then ids.
bool better(double scoreA, const std::optional<double>& kmA, const QString& idA, double scoreB,
    const std::optional<double>& kmB, const QString& idB)
{
    if (scoreA != scoreB) return scoreA > scoreB;
    const double da = kmA.value_or(1e9), db = kmB.value_or(1e9);
    if (da != db) return da < db;
    return idA < idB;
}

bool betterResult(const MatchResult& a, const MatchResult& b)
{
    if (a.candidateId != b.candidateId)
        return better(a.score, a.distanceKm, a.candidateId, b.score, b.distanceKm, b.candidateId);
    return better(a.score, a.distanceKm, a.jobId, b.score, b.distanceKm, b.jobId);
}

Ranking rankJob(const TenantFacts& t, const JobFacts& j, const QSet<QString>& applied, const MatchWeights& w,
    qint64 nowMs, int limit, bool includeExcluded)
{
    Ranking ranking;
    if (!includeExcluded && !j.open) return ranking; // a closed job matches nobody
    // The candidates to score with their raw text relevance; the best of those having every
    // must-have is what the text part is relative to.
    struct Ranked {
        size_t row;
        double raw;
        Scored s;
    };
    std::vector<Ranked> scored;
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const CachedFacts& c = t.rows[i];
        const bool must = hasMustHaves(j, c);
        if (!must && !includeExcluded) continue;
        const double raw = bm25(t, c, j);
        if (must) ranking.bestText = std::max(ranking.bestText, raw);
        scored.push_back({ i, raw, {} });
    }
    auto relative = [&](double raw) { return ranking.bestText > 0 ? std::min(1.0, raw / ranking.bestText) : 0.0; };
    std::vector<Ranked> eligible, excluded;
    eligible.reserve(scored.size());
    for (Ranked& r : scored) {
        r.s = scorePair(j, t.rows[r.row], relative(r.raw), w, nowMs);
        (r.s.exclusion == Exclusion::None ? eligible : excluded).push_back(r);
    }
    ranking.eligible = eligible.size();
    auto take = [&](std::vector<Ranked>& list, qsizetype n) {
        const size_t count = std::min(size_t(std::max<qsizetype>(0, n)), list.size());
        std::partial_sort(
            list.begin(), list.begin() + qsizetype(count), list.end(), [&](const Ranked& a, const Ranked& b) {
                return better(a.s.score, a.s.distanceKm, t.rows[a.row].id, b.s.score, b.s.distanceKm, t.rows[b.row].id);
            });
        for (size_t i = 0; i < count; ++i) {
            // The returned ones get their explanation.
            const CachedFacts& c = t.rows[list[i].row];
            ranking.results << evaluate(j, c, relative(list[i].raw), applied.contains(c.id), w, nowMs);
        }
    };
    take(eligible, limit);
    if (includeExcluded) take(excluded, limit - ranking.results.size());
    return ranking;
}

} // namespace rd::matching_detail
