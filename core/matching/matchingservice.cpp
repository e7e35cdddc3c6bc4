#include "matchingservice.h"

#include "auth/permissions.h"
#include "matching/gazetteer.h"
#include "matching/taxonomy.h"
#include "recruiting/candidateservice.h"
#include "recruiting/fields.h"
#include "recruiting/jobservice.h"
#include "recruiting/searchservice.h"
#include "service/context.h"

#include "jobs/jobqueue.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlRecord>

#include <algorithm>
#include <cmath>

#include <algorithm>
#include <cmath>

namespace rd {

MatchWeights MatchWeights::fromJson(const QJsonObject& o)
{
    MatchWeights w;
    auto take = [&](const char* key, double& field, double min, double max) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isDouble() && v.toDouble() >= min && v.toDouble() <= max)
            field = v.toDouble();
    };
    take("must_have", w.mustHave, 0, 1000);
    take("nice_to_have", w.niceToHave, 0, 1000);
    take("text", w.text, 0, 1000);
    take("distance", w.distance, 0, 1000);
    take("recency", w.recency, 0, 1000);
    take("hybrid_distance_factor", w.hybridDistanceFactor, 0, 1);
    take("distance_half_km", w.distanceHalfKm, 1, 20000);
    take("recency_half_life_days", w.recencyHalfLifeDays, 1, 36500);
    return w;
}

QJsonObject MatchWeights::toJson() const
{
    return { { QStringLiteral("must_have"), mustHave }, { QStringLiteral("nice_to_have"), niceToHave }, { QStringLiteral("text"), text },
        { QStringLiteral("distance"), distance }, { QStringLiteral("recency"), recency },
        { QStringLiteral("hybrid_distance_factor"), hybridDistanceFactor }, { QStringLiteral("distance_half_km"), distanceHalfKm },
        { QStringLiteral("recency_half_life_days"), recencyHalfLifeDays } };
}

QJsonObject MatchResult::toJson(bool forJob) const
{
    QJsonObject o { { QStringLiteral("score"), std::round(score * 10) / 10 }, { QStringLiteral("excluded"), excluded },
        { QStringLiteral("exclusion_reason"), excluded ? QJsonValue(exclusionReason) : QJsonValue() },
        { QStringLiteral("exclusion_detail"), excluded ? QJsonValue(exclusionDetail) : QJsonValue() },
        { QStringLiteral("matched_must_have"), QJsonArray::fromStringList(matchedMustHave) },
        { QStringLiteral("missing_must_have"), QJsonArray::fromStringList(missingMustHave) },
        { QStringLiteral("matched_nice_to_have"), QJsonArray::fromStringList(matchedNiceToHave) },
        { QStringLiteral("skill_years"),
            [this] {
                QJsonArray a;
                for (const SkillYears& y : skillYears)
                    a.append(QJsonObject { { QStringLiteral("skill"), y.skill }, { QStringLiteral("required_years"), y.required },
                        { QStringLiteral("candidate_years"), y.candidate ? QJsonValue(std::round(*y.candidate * 10) / 10) : QJsonValue() } });
                return a;
            }() },
        { QStringLiteral("distance_km"), distanceKm ? QJsonValue(std::round(*distanceKm * 10) / 10) : QJsonValue() },
        { QStringLiteral("remote"), remote }, { QStringLiteral("remote_handling"), remoteHandling },
        { QStringLiteral("text_relevance"), std::round(textRelevance * 1000) / 1000 },
        { QStringLiteral("recency"), std::round(recency * 1000) / 1000 }, { QStringLiteral("applied"), applied },
        { QStringLiteral("cv_version"), cvVersion ? QJsonValue(cvVersion) : QJsonValue() } };
    if (!computedAt.isEmpty()) {
        o.insert(QStringLiteral("computed_at"), computedAt);
        o.insert(QStringLiteral("current"), current);
    }
    if (forJob) {
        o.insert(QStringLiteral("candidate_id"), candidateId);
        o.insert(QStringLiteral("candidate_external_id"), candidateExternalId.isEmpty() ? QJsonValue() : QJsonValue(candidateExternalId));
        o.insert(QStringLiteral("candidate_name"), candidateName);
    } else {
        o.insert(QStringLiteral("job_id"), jobId);
        o.insert(QStringLiteral("job_external_id"), jobExternalId.isEmpty() ? QJsonValue() : QJsonValue(jobExternalId));
        o.insert(QStringLiteral("job_title"), jobTitle);
    }
    return o;
}

QJsonObject MatchResult::breakdownJson() const
{
    QJsonObject o = toJson(true);
    o.remove(QStringLiteral("candidate_external_id"));
    o.remove(QStringLiteral("candidate_name"));
    o.insert(QStringLiteral("job_id"), jobId);
    return o;
}

MatchResult MatchResult::fromBreakdown(const QJsonObject& o)
{
    MatchResult m;
    auto list = [&](const char* key) {
        QStringList out;
        for (const QJsonValue& v : o.value(QLatin1String(key)).toArray())
            out << v.toString();
        return out;
    };
    m.candidateId = o.value(QStringLiteral("candidate_id")).toString();
    m.jobId = o.value(QStringLiteral("job_id")).toString();
    m.cvVersion = o.value(QStringLiteral("cv_version")).toInt();
    m.score = o.value(QStringLiteral("score")).toDouble();
    m.excluded = o.value(QStringLiteral("excluded")).toBool();
    m.exclusionReason = o.value(QStringLiteral("exclusion_reason")).toString();
    m.exclusionDetail = o.value(QStringLiteral("exclusion_detail")).toString();
    m.matchedMustHave = list("matched_must_have");
    m.missingMustHave = list("missing_must_have");
    m.matchedNiceToHave = list("matched_nice_to_have");
    for (const QJsonValue& v : o.value(QStringLiteral("skill_years")).toArray()) {
        const QJsonObject y = v.toObject();
        SkillYears sy { y.value(QStringLiteral("skill")).toString(), y.value(QStringLiteral("required_years")).toDouble(), std::nullopt };
        if (y.value(QStringLiteral("candidate_years")).isDouble())
            sy.candidate = y.value(QStringLiteral("candidate_years")).toDouble();
        m.skillYears << sy;
    }
    if (o.value(QStringLiteral("distance_km")).isDouble())
        m.distanceKm = o.value(QStringLiteral("distance_km")).toDouble();
    m.remote = o.value(QStringLiteral("remote")).toString();
    m.remoteHandling = o.value(QStringLiteral("remote_handling")).toString();
    m.textRelevance = o.value(QStringLiteral("text_relevance")).toDouble();
    m.recency = o.value(QStringLiteral("recency")).toDouble();
    m.applied = o.value(QStringLiteral("applied")).toBool();
    return m;
}

QJsonObject RecomputeStats::toJson() const
{
    return { { QStringLiteral("jobs_ranked"), jobs }, { QStringLiteral("candidates_rescored"), candidates },
        { QStringLiteral("rows_written"), rows }, { QStringLiteral("all_jobs"), allJobs }, { QStringLiteral("ms"), ms } };
}

namespace matching_detail {

struct Point {
    double lat = 0;
    double lon = 0;
};

// One candidate's facts as ranking reads them: skills as integer ids, the CV's skill mentions
// for BM25, the place, relocation and last activity.
struct CachedFacts {
    QString id;
    std::vector<int> skills;             // sorted skill ids: entered on the record and found in the CV
    std::vector<std::pair<int, int>> tf; // (skill id, mentions in the latest CV), by id
    std::vector<std::pair<int, double>> years; // (skill id, years of experience where known), by id
    int cvWords = 0;
    int cvVersion = 0;
    std::optional<Point> at;
    bool relocate = false;
    qint64 activityMs = -1; // -1: unknown
    bool has(int skill) const { return std::binary_search(skills.begin(), skills.end(), skill); }
    std::optional<double> yearsOf(int skill) const
    {
        auto it = std::lower_bound(years.begin(), years.end(), std::pair<int, double> { skill, -1.0 });
        return it != years.end() && it->first == skill ? std::optional<double>(it->second) : std::nullopt;
    }
    int mentions(int skill) const
    {
        auto it = std::lower_bound(tf.begin(), tf.end(), std::pair<int, int> { skill, 0 });
        return it != tf.end() && it->first == skill ? it->second : 0;
    }
};

// A tenant's facts and the corpus statistics of its CVs (document frequency per skill, number
// of CVs, words), kept up to date as facts change.
struct TenantFacts {
    std::vector<CachedFacts> rows;
    QHash<QString, size_t> index; // candidate id -> row
    QHash<int, int> df;
    qint64 cvs = 0;
    qint64 words = 0;

    void add(CachedFacts f)
    {
        remove(f.id);
        if (f.cvWords > 0) {
            ++cvs;
            words += f.cvWords;
            for (const auto& [skill, n] : f.tf)
                ++df[skill];
        }
        index.insert(f.id, rows.size());
        rows.push_back(std::move(f));
    }
    void remove(const QString& id)
    {
        auto it = index.find(id);
        if (it == index.end())
            return;
        const size_t at = *it;
        index.erase(it);
        const CachedFacts& old = rows[at];
        if (old.cvWords > 0) {
            --cvs;
            words -= old.cvWords;
            for (const auto& [skill, n] : old.tf)
                --df[skill];
        }
        if (at + 1 != rows.size()) {
            rows[at] = std::move(rows.back());
            index[rows[at].id] = at;
        }
        rows.pop_back();
    }
    const CachedFacts* find(const QString& id) const
    {
        auto it = index.constFind(id);
        return it == index.constEnd() ? nullptr : &rows[*it];
    }
    // Okapi BM25 inverse document frequency (the +1 form, never negative).
    double idf(int skill) const
    {
        const double n = double(df.value(skill));
        return std::log(1.0 + (double(cvs) - n + 0.5) / (n + 0.5));
    }
    double averageWords() const { return cvs > 0 ? double(words) / double(cvs) : 1.0; }
};

// A match_facts row as stored (refreshFacts writes it, the cache reads it).
struct FactRow {
    QString id;
    QString tenantId;
    int cvVersion = 0;
    QString skills;   // "|c++|kubernetes|": canonical names in lower case between bars
    QString cvSkills; // "c++:3|kubernetes:1": the CV's mentions
    QString skillYears; // "c++:4.5|qt:2": years where known
    int cvWords = 0;
    std::optional<Point> at;
    bool relocate = false;
    QString activityAt;
};

} // namespace matching_detail

using namespace matching_detail;

// The facts of the tenants ranked so far, valid for one generation of match_facts (meta
// match_facts_gen: refreshFacts and erasure bump it). Changes made by this process patch it;
// a change by another process (another generation) makes the next use reload.
struct MatchingService::FactsCache {
    qint64 generation = -1;
    QHash<QString, int> skillIds; // lower-case skill -> id (stable for the process)
    QHash<QString, TenantFacts> tenants;

    int skillId(const QString& lower)
    {
        auto it = skillIds.constFind(lower);
        if (it != skillIds.constEnd())
            return *it;
        const int id = int(skillIds.size());
        skillIds.insert(lower, id);
        return id;
    }
    CachedFacts convert(const FactRow& r)
    {
        CachedFacts f;
        f.id = r.id;
        for (QStringView s : QStringView(r.skills).split(QLatin1Char('|'), Qt::SkipEmptyParts))
            f.skills.push_back(skillId(s.toString()));
        std::sort(f.skills.begin(), f.skills.end());
        f.skills.erase(std::unique(f.skills.begin(), f.skills.end()), f.skills.end());
        for (QStringView s : QStringView(r.cvSkills).split(QLatin1Char('|'), Qt::SkipEmptyParts)) {
            const qsizetype colon = s.lastIndexOf(QLatin1Char(':'));
            if (colon > 0)
                f.tf.emplace_back(skillId(s.left(colon).toString()), s.mid(colon + 1).toInt());
        }
        std::sort(f.tf.begin(), f.tf.end());
        for (QStringView s : QStringView(r.skillYears).split(QLatin1Char('|'), Qt::SkipEmptyParts)) {
            const qsizetype colon = s.lastIndexOf(QLatin1Char(':'));
            if (colon > 0)
                f.years.emplace_back(skillId(s.left(colon).toString()), s.mid(colon + 1).toDouble());
        }
        std::sort(f.years.begin(), f.years.end());
        f.cvWords = r.cvWords;
        f.cvVersion = r.cvVersion;
        f.at = r.at;
        f.relocate = r.relocate;
        const QDateTime activity = QDateTime::fromString(r.activityAt, Qt::ISODateWithMs);
        f.activityMs = activity.isValid() ? activity.toMSecsSinceEpoch() : -1;
        return f;
    }
};

MatchingService::MatchingService(ServiceContext& ctx, JobService& jobs, CandidateService& candidates)
    : m_ctx(ctx)
    , m_jobs(jobs)
    , m_candidates(candidates)
    , m_cache(std::make_unique<FactsCache>())
{
}

MatchingService::~MatchingService() = default;

namespace {
constexpr double kBm25K1 = 1.2;
constexpr double kBm25B = 0.75;
constexpr double kUnknownYears = 0.75; // the credit for a skill asked with years when the candidate's are unknown

std::optional<Point> coordinates(const std::optional<double>& lat, const std::optional<double>& lon, const QString& location)
{
    if (lat && lon)
        return Point { *lat, *lon };
    if (location.trimmed().isEmpty())
        return std::nullopt;
    const auto m = Gazetteer::builtIn().lookup(location);
    if (!m)
        return std::nullopt;
    return Point { m->place.latitude, m->place.longitude };
}

enum class Mode { Onsite, Hybrid, Remote };
Mode modeOf(const Job& job)
{
    return job.remote == QLatin1String("remote") ? Mode::Remote : job.remote == QLatin1String("hybrid") ? Mode::Hybrid : Mode::Onsite;
}

bool jobOpen(const Job& job) { return job.status == QLatin1String("open"); }

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

// What a candidate's facts are computed from (one candidate by id).
const char* const kFactsSource =
    "SELECT c.tenant_id, c.skills, c.latitude, c.longitude, c.location, json_extract(c.preferences, '$.relocate'), "
    "coalesce(c.last_activity_at, c.updated_at), v.version, v.text, k.rowid, (c.deleted_at IS NOT NULL OR c.erased_at IS NOT NULL), "
    "c.experience "
    "FROM candidates c LEFT JOIN cv_versions v ON v.id = (SELECT x.id FROM cv_versions x WHERE x.candidate_id = c.id AND "
    "x.deleted_at IS NULL ORDER BY x.version DESC LIMIT 1) LEFT JOIN search_keys k ON k.kind = 'candidate' AND k.row_id = c.id "
    "WHERE c.id = ?";

// The columns factRow() reads, from match_facts.
const char* const kFactColumns =
    "candidate_id, tenant_id, cv_version, skills, cv_skills, cv_words, latitude, longitude, relocate, activity_at, skill_years";

// A date of an experience entry: "2019", "2019-03" or "2019-03-15"; "present", "now", empty or
// null is nowMs.
std::optional<qint64> experienceDate(const QJsonValue& v, qint64 nowMs)
{
    const QString s = v.toString().trimmed().toLower();
    if (v.isNull() || v.isUndefined() || s.isEmpty() || s == QLatin1String("present") || s == QLatin1String("now")
        || s == QLatin1String("current"))
        return nowMs;
    for (const char* format : { "yyyy-MM-dd", "yyyy-MM", "yyyy" }) {
        const QDate d = QDate::fromString(s.left(QString::fromLatin1(format).size()), QLatin1String(format));
        if (d.isValid())
            return QDateTime(d, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    }
    if (v.isDouble() && v.toInt() > 1900 && v.toInt() < 2200)
        return QDateTime(QDate(v.toInt(), 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    return std::nullopt;
}

// Years per skill where known ("python:5"): given with the skill ("Python:5"), else the sum
// of the experience entries ({"title", "description", "skills": [...], "from", "to"} or
// {"years": N}) whose skills or text mention it.
QStringList skillYears(const SkillTaxonomy& taxonomy, const QStringList& entered, const QString& experienceJson, qint64 nowMs)
{
    QMap<QString, double> years;
    QSet<QString> given;
    for (const QString& e : entered) {
        const SkillTaxonomy::Entry entry = SkillTaxonomy::parseEntry(e);
        if (entry.years) {
            const QString key = taxonomy.normalise(entry.name).toLower();
            years[key] = *entry.years;
            given.insert(key);
        }
    }
    for (const QJsonValue& v : QJsonDocument::fromJson(experienceJson.toUtf8()).array()) {
        const QJsonObject o = v.toObject();
        double span = 0;
        if (o.value(QStringLiteral("years")).isDouble()) {
            span = o.value(QStringLiteral("years")).toDouble();
        } else {
            const auto from = experienceDate(o.value(QStringLiteral("from")), nowMs);
            const auto to = experienceDate(o.value(QStringLiteral("to")), nowMs);
            if (!o.contains(QStringLiteral("from")) || !from || !to || *to < *from)
                continue;
            span = double(*to - *from) / (365.25 * 86400000.0);
        }
        if (!(span > 0) || span > 60)
            continue;
        QSet<QString> skills;
        for (const QJsonValue& s : o.value(QStringLiteral("skills")).toArray())
            skills.insert(taxonomy.normalise(s.toString()).toLower());
        for (const QString& s : taxonomy.extract(o.value(QStringLiteral("title")).toString() + QStringLiteral(". ")
                 + o.value(QStringLiteral("description")).toString()))
            skills.insert(s.toLower());
        for (const QString& s : std::as_const(skills))
            if (!s.isEmpty() && !given.contains(s))
                years[s] += span;
    }
    QStringList out;
    for (auto it = years.cbegin(); it != years.cend(); ++it)
        out << it.key() + QLatin1Char(':') + QString::number(std::round(it.value() * 100) / 100);
    return out;
}

FactRow factRow(const Database::RawRow& r)
{
    FactRow f;
    f.id = r.text(0);
    f.tenantId = r.text(1);
    f.cvVersion = int(r.integer(2));
    f.skills = r.text(3);
    f.cvSkills = r.text(4);
    f.cvWords = int(r.integer(5));
    if (!r.isNull(6) && !r.isNull(7))
        f.at = Point { r.real(6), r.real(7) };
    f.relocate = r.integer(8) == 1;
    f.activityAt = r.text(9);
    f.skillYears = r.text(10);
    return f;
}

Result<qint64> factsGeneration(Database& db)
{
    auto g = db.lookup("SELECT value FROM meta WHERE key = 'match_facts_gen'", {});
    if (!g)
        return g.error().code == ErrorCode::NotFound ? Result<qint64>(0) : Result<qint64>(g.error());
    return g.value().toLongLong();
}

JobFacts jobFacts(const Job& job, MatchingService::FactsCache& cache)
{
    const SkillTaxonomy& taxonomy = SkillTaxonomy::builtIn();
    JobFacts f;
    f.job = job;
    f.at = coordinates(job.latitude, job.longitude, job.location);
    f.mode = modeOf(job);
    f.open = jobOpen(job);
    auto take = [&](const QStringList& entered, QStringList& names, std::vector<int>& ids, std::vector<std::optional<double>>& years) {
        for (const QString& e : entered) {
            const SkillTaxonomy::Entry entry = SkillTaxonomy::parseEntry(e);
            const QString name = taxonomy.normalise(entry.name);
            if (name.isEmpty() || names.contains(name, Qt::CaseInsensitive))
                continue;
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
    if (c.cvWords == 0 || c.tf.empty())
        return 0;
    const double norm = kBm25K1 * (1.0 - kBm25B + kBm25B * double(c.cvWords) / t.averageWords());
    double score = 0;
    for (int term : j.termIds) {
        const int n = c.mentions(term);
        if (n > 0)
            score += t.idf(term) * double(n) * (kBm25K1 + 1.0) / (double(n) + norm);
    }
    return score;
}


// The credit of a job skill the candidate has: 1, or with required years min(1, years /
// required), kUnknownYears when their years are unknown.
double credit(const CachedFacts& c, int skill, const std::optional<double>& required)
{
    if (!required || *required <= 0)
        return 1.0;
    const std::optional<double> years = c.yearsOf(skill);
    return years ? std::min(1.0, *years / *required) : kUnknownYears;
}

enum class Exclusion { None, JobNotOpen, MissingMustHave, TooFar };

// The score (0-100) and the exclusion of one pair, without allocating: what ranking computes
// for every candidate.
struct Scored {
    double score = 0;
    double recency = 0;
    std::optional<double> distanceKm;
    Exclusion exclusion = Exclusion::None;
};

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
        if (c.has(j.niceIds[i]))
            niceCovered += credit(c, j.niceIds[i], j.niceYears[i]);
    if (j.at && c.at)
        out.distanceKm = Gazetteer::distanceKm(j.at->lat, j.at->lon, c.at->lat, c.at->lon);
    const double days = c.activityMs < 0 ? 3650.0 : double(std::max<qint64>(0, nowMs - c.activityMs)) / 86400000.0;
    out.recency = std::pow(0.5, days / w.recencyHalfLifeDays);

    double sum = 0;
    double weights = 0;
    auto part = [&](double weight, double value) {
        sum += weight * value;
        weights += weight;
    };
    if (!j.mustIds.empty())
        part(w.mustHave, mustCovered / double(j.mustIds.size()));
    if (!j.niceIds.empty())
        part(w.niceToHave, niceCovered / double(j.niceIds.size()));
    if (!j.termIds.empty())
        part(w.text, textRelevance);
    if (j.mode != Mode::Remote)
        part(j.mode == Mode::Hybrid ? w.distance * w.hybridDistanceFactor : w.distance,
            out.distanceKm ? 1.0 / (1.0 + *out.distanceKm / w.distanceHalfKm) : 0.5);
    part(w.recency, out.recency);
    out.score = weights > 0 ? 100.0 * sum / weights : 0;

    if (!j.open)
        out.exclusion = Exclusion::JobNotOpen;
    else if (mustMatched < j.mustIds.size())
        out.exclusion = Exclusion::MissingMustHave;
    else if (j.mode != Mode::Remote && j.job.maxDistanceKm && out.distanceKm && *out.distanceKm > *j.job.maxDistanceKm && !c.relocate)
        out.exclusion = Exclusion::TooFar;
    return out;
}

// One pair with its explanation: the score, the skill lists, years, distance handling and the
// exclusion in words.
MatchResult evaluate(const JobFacts& j, const CachedFacts& c, double textRelevance, bool applied, const MatchWeights& w, qint64 nowMs)
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
    m.remote = j.mode == Mode::Remote ? QStringLiteral("remote") : j.mode == Mode::Hybrid ? QStringLiteral("hybrid") : QStringLiteral("onsite");
    m.remoteHandling = j.mode == Mode::Remote ? QStringLiteral("ignored")
        : !m.distanceKm                       ? QStringLiteral("unknown")
        : j.mode == Mode::Hybrid              ? QStringLiteral("reduced")
                                              : QStringLiteral("full");
    auto years = [&](int skill, const std::optional<double>& required, const QString& name) {
        if (required && *required > 0)
            m.skillYears << SkillYears { name, *required, c.yearsOf(skill) };
    };
    for (size_t i = 0; i < j.mustIds.size(); ++i) {
        const bool has = c.has(j.mustIds[i]);
        (has ? m.matchedMustHave : m.missingMustHave) << j.mustHave[qsizetype(i)];
        if (has)
            years(j.mustIds[i], j.mustYears[i], j.mustHave[qsizetype(i)]);
    }
    for (size_t i = 0; i < j.niceIds.size(); ++i)
        if (c.has(j.niceIds[i])) {
            m.matchedNiceToHave << j.niceToHave[qsizetype(i)];
            years(j.niceIds[i], j.niceYears[i], j.niceToHave[qsizetype(i)]);
        }
    m.excluded = s.exclusion != Exclusion::None;
    switch (s.exclusion) {
    case Exclusion::None: break;
    case Exclusion::JobNotOpen:
        m.exclusionReason = QStringLiteral("job_not_open");
        m.exclusionDetail = QStringLiteral("The job is %1.").arg(j.job.status);
        break;
    case Exclusion::MissingMustHave:
        m.exclusionReason = QStringLiteral("missing_must_have");
        m.exclusionDetail = QStringLiteral("Missing must-have skills: %1.").arg(m.missingMustHave.join(QStringLiteral(", ")));
        break;
    case Exclusion::TooFar:
        m.exclusionReason = QStringLiteral("too_far");
        m.exclusionDetail = QStringLiteral("%1 km away; the job takes candidates within %2 km and this candidate is not willing to relocate.")
                                .arg(qRound(*m.distanceKm))
                                .arg(qRound(*j.job.maxDistanceKm));
        break;
    }
    return m;
}

// Best first: score, then distance (unknown last), then ids.
bool better(double scoreA, const std::optional<double>& kmA, const QString& idA, double scoreB, const std::optional<double>& kmB,
    const QString& idB)
{
    if (scoreA != scoreB)
        return scoreA > scoreB;
    const double da = kmA.value_or(1e9), db = kmB.value_or(1e9);
    if (da != db)
        return da < db;
    return idA < idB;
}

bool betterResult(const MatchResult& a, const MatchResult& b)
{
    if (a.candidateId != b.candidateId)
        return better(a.score, a.distanceKm, a.candidateId, b.score, b.distanceKm, b.candidateId);
    return better(a.score, a.distanceKm, a.jobId, b.score, b.distanceKm, b.jobId);
}

// Ranks every candidate of a tenant for one job: the best `limit` eligible ones explained
// (then excluded ones with includeExcluded), without names. Shared by forJob and recompute.
struct Ranking {
    QList<MatchResult> results;
    double bestText = 0; // the best BM25 the text parts were normalised by
    size_t eligible = 0;
};

Ranking rankJob(const TenantFacts& t, const JobFacts& j, const QSet<QString>& applied, const MatchWeights& w, qint64 nowMs, int limit,
    bool includeExcluded)
{
    Ranking ranking;
    if (!includeExcluded && !j.open)
        return ranking; // a closed job matches nobody
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
        if (!must && !includeExcluded)
            continue;
        const double raw = bm25(t, c, j);
        if (must)
            ranking.bestText = std::max(ranking.bestText, raw);
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
        std::partial_sort(list.begin(), list.begin() + qsizetype(count), list.end(), [&](const Ranked& a, const Ranked& b) {
            return better(a.s.score, a.s.distanceKm, t.rows[a.row].id, b.s.score, b.s.distanceKm, t.rows[b.row].id);
        });
        for (size_t i = 0; i < count; ++i) {
            // The returned ones get their explanation.
            const CachedFacts& c = t.rows[list[i].row];
            ranking.results << evaluate(j, c, relative(list[i].raw), applied.contains(c.id), w, nowMs);
        }
    };
    take(eligible, limit);
    if (includeExcluded)
        take(excluded, limit - ranking.results.size());
    return ranking;
}

// One job's part in a recompute: its facts and the state of its stored rows.
struct StoredJob {
    JobFacts facts;
    double bestText = 0;
    bool complete = false;
};

Status insertMatch(Database& db, const QString& tenantId, const MatchResult& m, const QString& now)
{
    using V = Database::RawValue;
    return db.appendRow("INSERT OR REPLACE INTO matches (tenant_id, job_id, candidate_id, cv_version, score, current, breakdown, "
                        "computed_at) VALUES (?,?,?,?,?,1,?,?)",
        { V::str(tenantId), V::str(m.jobId), V::str(m.candidateId), V::num(m.cvVersion), V::dbl(m.score),
            V::str(QString::fromUtf8(QJsonDocument(m.breakdownJson()).toJson(QJsonDocument::Compact))), V::str(now) });
}

QSet<QString> column(Database& db, const char* sql, const QString& bind, Status& status)
{
    QSet<QString> out;
    status = db.forEachRow(sql, { Database::RawValue::str(bind) }, [&](const Database::RawRow& r) { out.insert(r.text(0)); });
    return out;
}
} // namespace

Status MatchingService::withFacts(const QString& tenantId, const std::function<Status(const TenantFacts&, FactsCache&)>& fn)
{
    auto generation = factsGeneration(m_ctx.db);
    if (!generation)
        return generation.error();
    QMutexLocker lock(&m_cacheMutex);
    if (generation.value() != m_cache->generation) {
        m_cache->tenants.clear();
        m_cache->generation = generation.value();
    }
    if (!m_cache->tenants.contains(tenantId)) {
        TenantFacts facts;
        RD_TRY(m_ctx.db.forEachRow(QByteArray("SELECT ") + kFactColumns + " FROM match_facts WHERE tenant_id = ?",
            { Database::RawValue::str(tenantId) }, [&](const Database::RawRow& r) { facts.add(m_cache->convert(factRow(r))); }));
        m_cache->tenants.insert(tenantId, std::move(facts));
    }
    return fn(m_cache->tenants[tenantId], *m_cache);
}

Status MatchingService::forgetFacts(const QString& candidateId)
{
    Database& db = m_ctx.db;
    using V = Database::RawValue;
    auto old = db.selectOne(QStringLiteral("SELECT tenant_id, skills, search_key FROM match_facts WHERE candidate_id = ?"), { candidateId });
    if (!old)
        return old.error().code == ErrorCode::NotFound ? Status() : Status(old.error());
    if (!old.value().value(2).isNull())
        RD_TRY(db.appendRow("DELETE FROM candidate_geo WHERE id = ?", { V::num(old.value().value(2).toLongLong()) }));
    for (const QString& skill : old.value().value(1).toString().split(QLatin1Char('|'), Qt::SkipEmptyParts))
        RD_TRY(db.appendRow("DELETE FROM match_skills WHERE tenant_id = ? AND skill = ? AND candidate_id = ?",
            { V::str(old.value().value(0).toString()), V::str(skill), V::str(candidateId) }));
    return db.appendRow("DELETE FROM match_facts WHERE candidate_id = ?", { V::str(candidateId) });
}

Status MatchingService::refreshFacts()
{
    QMutexLocker refreshing(&m_refreshMutex);
    Database& db = m_ctx.db;
    const SkillTaxonomy& taxonomy = SkillTaxonomy::builtIn();
    using V = Database::RawValue;
    auto before = factsGeneration(db);
    if (!before)
        return before.error();
    qint64 bumps = 0;
    const qint64 nowMs = m_ctx.clock.nowMs();
    QList<QPair<QString, std::optional<FactRow>>> changed; // candidate id, facts (none: gone)
    for (;;) {
        Transaction tx(db);
        RD_TRY(tx.status());
        auto ids = db.select(QStringLiteral("SELECT candidate_id FROM match_dirty LIMIT 2000"));
        if (!ids)
            return ids.error();
        if (ids.value().isEmpty()) {
            RD_TRY(tx.commit());
            break;
        }
        for (const auto& idRow : ids.value()) {
            const QString id = idRow.value(0).toString();
            RD_TRY(forgetFacts(id));
            std::optional<FactRow> fact;
            qint64 searchKey = 0;
            RD_TRY(db.forEachRow(kFactsSource, { V::str(id) }, [&](const Database::RawRow& c) {
                if (c.integer(10) == 1)
                    return; // deleted or erased: no facts
                FactRow f;
                f.id = id;
                f.tenantId = c.text(0);
                f.cvVersion = int(c.integer(7));
                const QStringList entered = listFromJson(c.text(1));
                QStringList skills = taxonomy.normalise(entered);
                const QStringList years = skillYears(taxonomy, entered, c.text(11), nowMs);
                f.skillYears = years.join(QLatin1Char('|'));
                // Skills of the experience entries are skills too.
                for (const QString& y : years) {
                    const QString skill = y.left(y.lastIndexOf(QLatin1Char(':')));
                    if (!skills.contains(skill, Qt::CaseInsensitive))
                        skills << skill;
                }
                const SkillTaxonomy::Mentions mentions = taxonomy.mentions(c.text(8));
                QStringList cvSkills;
                for (const auto& [skill, n] : mentions.counts) {
                    if (!skills.contains(skill, Qt::CaseInsensitive))
                        skills << skill;
                    cvSkills << skill.toLower() + QLatin1Char(':') + QString::number(n);
                }
                f.skills = QStringLiteral("|");
                for (const QString& x : std::as_const(skills))
                    f.skills += x.toLower() + QLatin1Char('|');
                f.cvSkills = cvSkills.join(QLatin1Char('|'));
                f.cvWords = mentions.words;
                f.at = coordinates(c.isNull(2) ? std::nullopt : std::optional<double>(c.real(2)),
                    c.isNull(3) ? std::nullopt : std::optional<double>(c.real(3)), c.text(4));
                f.relocate = c.integer(5) == 1 || c.text(5) == QLatin1String("true");
                f.activityAt = c.text(6);
                searchKey = c.integer(9);
                fact = std::move(f);
            }));
            if (fact) {
                const FactRow& f = *fact;
                for (const QString& x : f.skills.split(QLatin1Char('|'), Qt::SkipEmptyParts))
                    RD_TRY(db.appendRow("INSERT OR IGNORE INTO match_skills (tenant_id, skill, candidate_id) VALUES (?,?,?)",
                        { V::str(f.tenantId), V::str(x), V::str(id) }));
                RD_TRY(db.appendRow("INSERT INTO match_facts (candidate_id, tenant_id, cv_version, skills, cv_skills, cv_words, latitude, "
                                    "longitude, relocate, activity_at, search_key, skill_years) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    { V::str(id), V::str(f.tenantId), V::num(f.cvVersion), V::str(f.skills), V::str(f.cvSkills), V::num(f.cvWords),
                        f.at ? V::dbl(f.at->lat) : V::null(), f.at ? V::dbl(f.at->lon) : V::null(), V::num(f.relocate ? 1 : 0),
                        V::str(f.activityAt), searchKey ? V::num(searchKey) : V::null(), V::str(f.skillYears) }));
                if (f.at && searchKey)
                    RD_TRY(db.appendRow("INSERT OR REPLACE INTO candidate_geo (id, min_lat, max_lat, min_lon, max_lon) VALUES (?,?,?,?,?)",
                        { V::num(searchKey), V::dbl(f.at->lat), V::dbl(f.at->lat), V::dbl(f.at->lon), V::dbl(f.at->lon) }));
            }
            changed.append({ id, fact });
            RD_TRY(db.appendRow("DELETE FROM match_dirty WHERE candidate_id = ?", { V::str(id) }));
            RD_TRY(db.appendRow("INSERT OR IGNORE INTO match_rescore (candidate_id) VALUES (?)", { V::str(id) }));
        }
        RD_TRY(db.appendRow("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'match_facts_gen'", {}));
        ++bumps;
        RD_TRY(tx.commit());
    }
    if (bumps == 0)
        return {};
    // Patch the cache when it holds the generation these changes started from; otherwise
    // (another process changed facts too) its next use reloads.
    QMutexLocker lock(&m_cacheMutex);
    if (m_cache->generation != before.value())
        return {};
    for (const auto& [id, fact] : std::as_const(changed)) {
        for (auto it = m_cache->tenants.begin(); it != m_cache->tenants.end(); ++it)
            it->remove(id);
        if (fact && m_cache->tenants.contains(fact->tenantId))
            m_cache->tenants[fact->tenantId].add(m_cache->convert(*fact));
    }
    m_cache->generation = before.value() + bumps;
    return {};
}

Result<MatchWeights> MatchingService::weights(const QString& tenantId)
{
    auto r = m_ctx.db.selectOne(QStringLiteral("SELECT json_extract(settings, '$.matching') FROM tenants WHERE id = ?"), { tenantId });
    if (!r)
        return r.error();
    return MatchWeights::fromJson(QJsonDocument::fromJson(r.value().value(0).toString().toUtf8()).object());
}


Result<QList<MatchResult>> MatchingService::forJob(const Session& session, const QString& jobKey, int limit, bool includeExcluded)
{
    auto job = m_jobs.get(session, jobKey);
    if (!job)
        return job.error();
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read));
    if (m_jobs.isScopedManager(session) && !job.value().managerIds.contains(session.userId))
        return makeError(ErrorCode::PermissionDenied, QStringLiteral("You can only see matches for jobs you are assigned to."),
            { { QStringLiteral("rule"), QStringLiteral("assigned_jobs_only") } });
    RD_TRY(refreshFacts());
    auto w = weights(session.tenantId);
    if (!w)
        return w.error();
    Status status;
    const QSet<QString> applied = column(m_ctx.db, "SELECT candidate_id FROM applications WHERE job_id = ? AND deleted_at IS NULL",
        job.value().id, status);
    RD_TRY(status);
    QList<MatchResult> out;
    RD_TRY(withFacts(session.tenantId, [&](const TenantFacts& t, FactsCache& cache) {
        out = rankJob(t, jobFacts(job.value(), cache), applied, w.value(), m_ctx.clock.nowMs(), limit, includeExcluded).results;
        return Status();
    }));
    RD_TRY(nameCandidates(out));
    return out;
}

Result<QList<MatchResult>> MatchingService::forCandidate(const Session& session, const QString& candidateKey, int limit, bool includeExcluded)
{
    auto cand = m_candidates.get(session, candidateKey);
    if (!cand)
        return cand.error();
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Read));
    auto w = weights(session.tenantId);
    if (!w)
        return w.error();
    RD_TRY(refreshFacts());
    const QString id = cand.value().id;
    Status status;
    const QSet<QString> applied = column(m_ctx.db, "SELECT job_id FROM applications WHERE candidate_id = ? AND deleted_at IS NULL", id, status);
    RD_TRY(status);
    QList<Job> jobs;
    const bool scoped = m_jobs.isScopedManager(session);
    const QSet<QString> jobIds = column(m_ctx.db,
        "SELECT id FROM job_postings WHERE tenant_id = ? AND deleted_at IS NULL AND canonical_job_id IS NULL", session.tenantId, status);
    RD_TRY(status);
    for (const QString& jobId : jobIds) {
        auto job = m_jobs.load(session.tenantId, jobId);
        if (!job)
            return job.error();
        if (!scoped || job.value().managerIds.contains(session.userId))
            jobs << job.value();
    }
    QList<MatchResult> eligible, excluded;
    RD_TRY(withFacts(session.tenantId, [&](const TenantFacts& t, FactsCache& cache) -> Status {
        const CachedFacts* c = t.find(id);
        if (!c)
            return makeError(ErrorCode::NotFound, QStringLiteral("Candidate not found."), { { QStringLiteral("id"), candidateKey } });
        // Text relevance relative to this candidate's best job.
        QList<JobFacts> facts;
        QList<double> text;
        double best = 0;
        for (const Job& job : std::as_const(jobs)) {
            facts << jobFacts(job, cache);
            text << bm25(t, *c, facts.last());
            best = std::max(best, text.last());
        }
        for (qsizetype i = 0; i < facts.size(); ++i) {
            MatchResult m = evaluate(facts[i], *c, best > 0 ? text[i] / best : 0, applied.contains(facts[i].job.id), w.value(), m_ctx.clock.nowMs());
            (m.excluded ? excluded : eligible) << m;
        }
        return Status();
    }));
    for (QList<MatchResult>* list : { &eligible, &excluded })
        for (MatchResult& m : *list) {
            m.candidateExternalId = cand.value().externalId;
            m.candidateName = cand.value().firstName + QLatin1Char(' ') + cand.value().lastName;
        }
    // The job the candidate applied for comes first whenever it is eligible.
    std::sort(eligible.begin(), eligible.end(), [](const MatchResult& a, const MatchResult& b) {
        if (a.applied != b.applied)
            return a.applied;
        return betterResult(a, b);
    });
    std::sort(excluded.begin(), excluded.end(), betterResult);
    QList<MatchResult> out = eligible.mid(0, limit);
    if (includeExcluded)
        out += excluded.mid(0, std::max<qsizetype>(0, limit - out.size()));
    return out;
}

Result<RecomputeStats> MatchingService::recompute(bool all)
{
    QElapsedTimer timer;
    timer.start();
    RecomputeStats stats;
    Database& db = m_ctx.db;
    using V = Database::RawValue;
    RD_TRY(refreshFacts());

    QStringList rescore;
    RD_TRY(db.forEachRow("SELECT candidate_id FROM match_rescore", {}, [&](const Database::RawRow& r) { rescore << r.text(0); }));
    stats.allJobs = all || rescore.size() > kRescoreAllJobs;
    {
        // Rows of earlier CV versions become history; rows of candidates without facts
        // (deleted, erased, merged away) go.
        Transaction tx(db);
        RD_TRY(tx.status());
        auto demoted = db.change(QStringLiteral("UPDATE matches SET current = 0 WHERE current = 1 AND candidate_id IN (SELECT candidate_id "
                                                "FROM match_rescore) AND cv_version <> coalesce((SELECT f.cv_version FROM match_facts f "
                                                "WHERE f.candidate_id = matches.candidate_id), -1)"));
        if (!demoted)
            return demoted.error();
        auto gone = db.change(QStringLiteral("DELETE FROM matches WHERE candidate_id IN (SELECT candidate_id FROM match_rescore) AND "
                                             "candidate_id NOT IN (SELECT candidate_id FROM match_facts)"));
        if (!gone)
            return gone.error();
        RD_TRY(tx.commit());
    }

    // The live jobs with their tenants, and the ones to rank in full.
    QHash<QString, QString> tenantOf, versionOf;
    RD_TRY(db.forEachRow("SELECT id, tenant_id, updated_at FROM job_postings WHERE deleted_at IS NULL AND canonical_job_id IS NULL", {},
        [&](const Database::RawRow& r) {
            tenantOf.insert(r.text(0), r.text(1));
            versionOf.insert(r.text(0), r.text(2));
        }));
    QSet<QString> rankInFull;
    RD_TRY(db.forEachRow("SELECT job_id FROM match_jobs_dirty", {}, [&](const Database::RawRow& r) { rankInFull.insert(r.text(0)); }));
    // Jobs from memory unless they changed: every change marks the job dirty (a trigger), and
    // a changed updated_at is a change too.
    auto loadJob = [&](const QString& id) -> Result<Job> {
        if (!rankInFull.contains(id)) {
            QMutexLocker lock(&m_jobCacheMutex);
            auto it = m_jobCache.constFind(id);
            if (it != m_jobCache.constEnd() && it->first == versionOf.value(id))
                return it->second;
        }
        auto job = m_jobs.load(tenantOf.value(id), id);
        if (!job)
            return job.error();
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
            if (!w)
                return w.error();
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
        RD_TRY(db.forEachRow("SELECT job_id, best_text, complete FROM match_jobs", {},
            [&](const Database::RawRow& r) { state.insert(r.text(0), { r.real(1), r.integer(2) == 1 }); }));
        for (auto it = tenantOf.cbegin(); it != tenantOf.cend(); ++it) {
            if (rankInFull.contains(it.key()) || !state.contains(it.key()))
                continue;
            auto job = loadJob(it.key());
            if (!job)
                return job.error();
            if (jobOpen(job.value()))
                openJobs[it.value()] << job.value();
        }
        QHash<QString, QString> tenantOfCandidate;
        RD_TRY(db.forEachRow("SELECT m.candidate_id, f.tenant_id FROM match_rescore m JOIN match_facts f ON f.candidate_id = m.candidate_id", {},
            [&](const Database::RawRow& r) { tenantOfCandidate.insert(r.text(0), r.text(1)); }));
        for (auto tenant = openJobs.cbegin(); tenant != openJobs.cend(); ++tenant) {
            auto w = tenantWeights(tenant.key());
            if (!w)
                return w.error();
            const Status rescored = withFacts(tenant.key(), [&](const TenantFacts& t, FactsCache& cache) -> Status {
                QList<StoredJob> jobs;
                for (const Job& job : tenant.value())
                    jobs << StoredJob { jobFacts(job, cache), state.value(job.id).first, state.value(job.id).second };
                for (qsizetype from = 0; from < rescore.size(); from += 200) {
                    Transaction tx(db);
                    RD_TRY(tx.status());
                    for (const QString& id : rescore.mid(from, 200)) {
                        const CachedFacts* c = tenantOfCandidate.value(id) == tenant.key() ? t.find(id) : nullptr;
                        if (!c)
                            continue;
                        ++stats.candidates;
                        Status status;
                        const QSet<QString> applied =
                            column(db, "SELECT job_id FROM applications WHERE candidate_id = ? AND deleted_at IS NULL", id, status);
                        RD_TRY(status);
                        // Its current rows go (those of jobs ranked in full below come back there).
                        RD_TRY(db.appendRow("DELETE FROM matches WHERE candidate_id = ? AND current = 1", { V::str(id) }));
                        for (StoredJob& sj : jobs) {
                            const JobFacts& j = sj.facts;
                            if (!hasMustHaves(j, *c))
                                continue;
                            const double raw = bm25(t, *c, j);
                            const double relative = sj.bestText > 0 ? std::min(1.0, raw / sj.bestText) : (raw > 0 ? 1.0 : 0.0);
                            const MatchResult m = evaluate(j, *c, relative, applied.contains(j.job.id), w.value(), nowMs);
                            if (m.excluded)
                                continue;
                            // The stored rows stay the best N of all (N <= the limit): unless every
                            // eligible candidate is stored, one that does not beat the weakest
                            // stored row may be behind candidates that are not stored: it stays out.
                            int count = 0;
                            double weakest = 0;
                            RD_TRY(db.forEachRow("SELECT count(*), min(score) FROM matches WHERE job_id = ? AND current = 1",
                                { V::str(j.job.id) }, [&](const Database::RawRow& r) {
                                    count = int(r.integer(0));
                                    weakest = r.real(1);
                                }));
                            if (!sj.complete && (count == 0 || m.score <= weakest))
                                continue;
                            RD_TRY(insertMatch(db, tenant.key(), m, now));
                            ++stats.rows;
                            if (count + 1 > m_storedPerJob) {
                                RD_TRY(db.appendRow("DELETE FROM matches WHERE job_id = ? AND current = 1 AND candidate_id = (SELECT "
                                                    "candidate_id FROM matches WHERE job_id = ? AND current = 1 ORDER BY score ASC LIMIT 1)",
                                    { V::str(j.job.id), V::str(j.job.id) }));
                                if (sj.complete) {
                                    sj.complete = false;
                                    RD_TRY(db.appendRow("UPDATE match_jobs SET complete = 0 WHERE job_id = ?", { V::str(j.job.id) }));
                                }
                            }
                        }
                    }
                    RD_TRY(tx.commit());
                }
                // Jobs whose stored rows shrank below half the limit are ranked in full again.
                for (const StoredJob& sj : std::as_const(jobs)) {
                    if (sj.complete)
                        continue;
                    auto count = db.lookup("SELECT count(*) FROM matches WHERE job_id = ? AND current = 1", { V::str(sj.facts.job.id) });
                    if (!count)
                        return count.error();
                    if (count.value().toInt() < std::max(1, m_storedPerJob / 2))
                        rankInFull.insert(sj.facts.job.id);
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
                if (!loaded)
                    return loaded.error();
                job = loaded.value();
            }
            if (!job || !jobOpen(*job)) {
                // A closed, archived or deleted job matches nobody.
                RD_TRY(db.appendRow("DELETE FROM matches WHERE job_id = ?", { V::str(jobId) }));
                RD_TRY(db.appendRow("DELETE FROM match_jobs WHERE job_id = ?", { V::str(jobId) }));
                continue;
            }
            auto w = tenantWeights(job->tenantId);
            if (!w)
                return w.error();
            Status status;
            const QSet<QString> applied = column(db, "SELECT candidate_id FROM applications WHERE job_id = ? AND deleted_at IS NULL", jobId, status);
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
            RD_TRY(db.appendRow("INSERT OR REPLACE INTO match_jobs (job_id, tenant_id, best_text, complete, computed_at) VALUES (?,?,?,?,?)",
                { V::str(jobId), V::str(job->tenantId), V::dbl(ranked.bestText), V::num(ranked.eligible < size_t(m_storedPerJob) ? 1 : 0),
                    V::str(now) }));
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
    auto bumped = m_ctx.db.change(QStringLiteral("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'match_round'"));
    if (!bumped)
        return bumped.error();
    // Earlier rounds' finished jobs are of no further use (one per round would pile up).
    auto pruned = m_ctx.db.change(QStringLiteral("DELETE FROM jobs WHERE kind = ? AND state = 'done'"), { QString::fromLatin1(kRecomputeJob) });
    if (!pruned)
        return pruned.error();
    auto r = recompute(false);
    return r ? Status() : Status(r.error());
}

Result<QList<MatchResult>> MatchingService::stored(const Session& session, const QString& jobKey, const QString& candidateKey, int limit,
    bool history)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read));
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Read));
    QString sql = QStringLiteral("SELECT m.breakdown, m.current, m.computed_at, c.external_id, trim(c.first_name || ' ' || c.last_name), "
                                 "j.external_id, j.title, m.job_id FROM matches m JOIN candidates c ON c.id = m.candidate_id JOIN "
                                 "job_postings j ON j.id = m.job_id WHERE m.tenant_id = ?");
    QVariantList binds { session.tenantId };
    const bool scoped = m_jobs.isScopedManager(session);
    if (!jobKey.isEmpty()) {
        auto job = m_jobs.get(session, jobKey);
        if (!job)
            return job.error();
        if (scoped && !job.value().managerIds.contains(session.userId))
            return makeError(ErrorCode::PermissionDenied, QStringLiteral("You can only see matches for jobs you are assigned to."),
                { { QStringLiteral("rule"), QStringLiteral("assigned_jobs_only") } });
        sql += QStringLiteral(" AND m.job_id = ?");
        binds << job.value().id;
    }
    if (!candidateKey.isEmpty()) {
        auto cand = m_candidates.get(session, candidateKey);
        if (!cand)
            return cand.error();
        sql += QStringLiteral(" AND m.candidate_id = ?");
        binds << cand.value().id;
    }
    if (!history)
        sql += QStringLiteral(" AND m.current = 1");
    sql += QStringLiteral(" ORDER BY m.current DESC, m.score DESC, m.candidate_id, m.job_id, m.cv_version DESC");
    auto rows = m_ctx.db.select(sql, binds);
    if (!rows)
        return rows.error();
    QList<MatchResult> out;
    QHash<QString, bool> visible; // job id -> a scoped manager may see it
    for (const auto& r : rows.value()) {
        if (out.size() >= limit)
            break;
        const QString jobId = r.value(7).toString();
        if (scoped) {
            if (!visible.contains(jobId)) {
                auto job = m_jobs.load(session.tenantId, jobId);
                visible.insert(jobId, job && job.value().managerIds.contains(session.userId));
            }
            if (!visible.value(jobId))
                continue;
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

Status MatchingService::nameCandidates(QList<MatchResult>& results)
{
    if (results.isEmpty())
        return {};
    QStringList marks;
    QVariantList ids;
    for (const MatchResult& m : std::as_const(results)) {
        marks << QStringLiteral("?");
        ids << m.candidateId;
    }
    auto rows = m_ctx.db.select(QStringLiteral("SELECT id, external_id, trim(first_name || ' ' || last_name) FROM candidates WHERE id IN (%1)")
                                    .arg(marks.join(QLatin1Char(','))),
        ids);
    if (!rows)
        return rows.error();
    QHash<QString, QSqlRecord> byId;
    for (const auto& r : rows.value())
        byId.insert(r.value(0).toString(), r);
    for (MatchResult& m : results) {
        m.candidateExternalId = byId.value(m.candidateId).value(1).toString();
        m.candidateName = byId.value(m.candidateId).value(2).toString();
    }
    return {};
}

Result<QList<QPair<QString, double>>> MatchingService::candidatesNear(const Session& session, const QString& jobKey, double km)
{
    auto job = m_jobs.get(session, jobKey);
    if (!job)
        return job.error();
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read));
    if (!(km > 0) || km > 20000)
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("The radius must be between 0 and 20,000 km."),
            { { QStringLiteral("field"), QStringLiteral("km") } });
    const auto at = coordinates(job.value().latitude, job.value().longitude, job.value().location);
    if (!at)
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("The job has no known place."),
            { { QStringLiteral("field"), QStringLiteral("location") } });
    RD_TRY(refreshFacts());
    // A degree of latitude is 111.2 km; a degree of longitude shrinks with cos(latitude).
    const double dLat = km / 111.2;
    const double cosLat = std::cos(at->lat * M_PI / 180.0);
    const double dLon = cosLat < 0.01 ? 180.0 : std::min(180.0, km / (111.2 * cosLat));
    auto rows = m_ctx.db.select(QStringLiteral("SELECT f.candidate_id, f.latitude, f.longitude FROM candidate_geo g JOIN match_facts f ON "
                                               "f.search_key = g.id WHERE g.max_lat >= ? AND g.min_lat <= ? AND g.max_lon >= ? AND "
                                               "g.min_lon <= ? AND f.tenant_id = ?"),
        { at->lat - dLat, at->lat + dLat, at->lon - dLon, at->lon + dLon, session.tenantId });
    if (!rows)
        return rows.error();
    QList<QPair<QString, double>> out;
    for (const auto& r : rows.value()) {
        const double d = Gazetteer::distanceKm(at->lat, at->lon, r.value(1).toDouble(), r.value(2).toDouble());
        if (d <= km)
            out.append({ r.value(0).toString(), d });
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    return out;
}

} // namespace rd
