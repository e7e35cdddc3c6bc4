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

namespace {
struct Point {
    double lat = 0;
    double lon = 0;
};

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

struct CandidateFacts {
    QString id;
    QString externalId;
    QString name;
    QString skills; // "|c++|kubernetes|": canonical names in lower case between bars
    std::optional<Point> at;
    bool relocate = false;
    double daysSinceActivity = 0;
    int cvVersion = 0;
    qint64 searchKey = 0;
};

struct JobFacts {
    Job job;
    QStringList mustHave; // canonical
    QStringList niceToHave;
    QStringList mustKeys; // "|c++|": the form CandidateFacts::skills holds them in
    QStringList niceKeys;
    std::optional<Point> at;
    QString terms; // FTS5 expression of the key terms on the cv column (empty: none)
};

// What a candidate's facts are computed from (one candidate by id).
const QString kFactsSource = QStringLiteral(
    "SELECT c.tenant_id, c.skills, c.latitude, c.longitude, c.location, json_extract(c.preferences, '$.relocate'), "
    "coalesce(c.last_activity_at, c.updated_at), v.version, v.text, k.rowid, (c.deleted_at IS NOT NULL OR c.erased_at IS NOT NULL) "
    "FROM candidates c LEFT JOIN cv_versions v ON v.id = (SELECT x.id FROM cv_versions x WHERE x.candidate_id = c.id AND "
    "x.deleted_at IS NULL ORDER BY x.version DESC LIMIT 1) LEFT JOIN search_keys k ON k.kind = 'candidate' AND k.row_id = c.id "
    "WHERE c.id = ?");

// The columns candidateFacts() reads, from match_facts as f.
const QString kFactColumns = QStringLiteral("f.candidate_id, f.cv_version, f.skills, f.latitude, f.longitude, f.relocate, f.activity_at, "
                                            "f.search_key");

CandidateFacts candidateFacts(const Database::RawRow& r, const QDateTime& now)
{
    CandidateFacts f;
    f.id = r.text(0);
    f.cvVersion = int(r.integer(1));
    f.skills = r.text(2);
    if (!r.isNull(3) && !r.isNull(4))
        f.at = Point { r.real(3), r.real(4) };
    f.relocate = r.integer(5) == 1;
    const QDateTime activity = QDateTime::fromString(r.text(6), Qt::ISODateWithMs);
    f.daysSinceActivity = activity.isValid() ? std::max<qint64>(0, activity.secsTo(now)) / 86400.0 : 3650;
    f.searchKey = r.integer(7);
    return f;
}

// A skill as it stands in match_facts.skills ("|c++|qt|"): lower case between bars.
QString skillKey(const QString& skill) { return QLatin1Char('|') + skill.toLower() + QLatin1Char('|'); }

JobFacts jobFacts(const Job& job)
{
    const SkillTaxonomy& taxonomy = SkillTaxonomy::builtIn();
    JobFacts f { job, taxonomy.normalise(job.mustHave), taxonomy.normalise(job.niceToHave), {}, {},
        coordinates(job.latitude, job.longitude, job.location), {} };
    for (const QString& s : std::as_const(f.mustHave))
        f.mustKeys << skillKey(s);
    for (const QString& s : std::as_const(f.niceToHave))
        f.niceKeys << skillKey(s);
    // BM25 over the CVs that mention every must-have (the others score 0 for text): ranking
    // those instead of every CV that mentions any of the skills keeps this to the eligible few.
    QStringList must, any;
    for (const QString& s : f.mustHave)
        must << SearchService::quoteTerm(s);
    for (const QString& s : f.mustHave + f.niceToHave)
        any << SearchService::quoteTerm(s);
    if (!must.isEmpty())
        f.terms = QStringLiteral("cv : (%1 AND (%2))").arg(must.join(QStringLiteral(" AND ")), any.join(QStringLiteral(" OR ")));
    else if (!any.isEmpty())
        f.terms = QStringLiteral("cv : (%1)").arg(any.join(QStringLiteral(" OR ")));
    return f;
}

bool jobOpen(const Job& job) { return job.status == QLatin1String("open"); }

// The score and the exclusion of one pair; with detail the explanation too (skill lists,
// names, the exclusion in words). Ranking runs without detail over every candidate and
// explains only the results it returns.
MatchResult evaluate(const JobFacts& j, const CandidateFacts& c, double textRelevance, bool applied, const MatchWeights& w,
    bool detail = true)
{
    MatchResult m;
    m.candidateId = c.id;
    m.jobId = j.job.id;
    m.cvVersion = c.cvVersion;
    m.applied = applied;
    if (detail) {
        m.candidateExternalId = c.externalId;
        m.candidateName = c.name;
        m.jobExternalId = j.job.externalId;
        m.jobTitle = j.job.title;
    }
    m.remote = j.job.remote.isEmpty() ? QStringLiteral("onsite") : j.job.remote;
    qsizetype mustMatched = 0;
    qsizetype niceMatched = 0;
    for (qsizetype i = 0; i < j.mustHave.size(); ++i) {
        const bool has = c.skills.contains(j.mustKeys[i]);
        mustMatched += has ? 1 : 0;
        if (detail)
            (has ? m.matchedMustHave : m.missingMustHave) << j.mustHave[i];
    }
    for (qsizetype i = 0; i < j.niceToHave.size(); ++i) {
        const bool has = c.skills.contains(j.niceKeys[i]);
        niceMatched += has ? 1 : 0;
        if (detail && has)
            m.matchedNiceToHave << j.niceToHave[i];
    }
    if (j.at && c.at)
        m.distanceKm = Gazetteer::distanceKm(j.at->lat, j.at->lon, c.at->lat, c.at->lon);
    m.textRelevance = textRelevance;
    m.recency = std::pow(0.5, c.daysSinceActivity / w.recencyHalfLifeDays);

    double sum = 0;
    double weights = 0;
    auto part = [&](double weight, double value) {
        sum += weight * value;
        weights += weight;
    };
    if (!j.mustHave.isEmpty())
        part(w.mustHave, double(mustMatched) / double(j.mustHave.size()));
    if (!j.niceToHave.isEmpty())
        part(w.niceToHave, double(niceMatched) / double(j.niceToHave.size()));
    if (!j.terms.isEmpty())
        part(w.text, textRelevance);
    if (m.remote == QLatin1String("remote")) {
        m.remoteHandling = QStringLiteral("ignored");
    } else {
        const double weight = m.remote == QLatin1String("hybrid") ? w.distance * w.hybridDistanceFactor : w.distance;
        m.remoteHandling = !m.distanceKm ? QStringLiteral("unknown") : m.remote == QLatin1String("hybrid") ? QStringLiteral("reduced") : QStringLiteral("full");
        part(weight, m.distanceKm ? 1.0 / (1.0 + *m.distanceKm / w.distanceHalfKm) : 0.5);
    }
    part(w.recency, m.recency);
    m.score = weights > 0 ? 100.0 * sum / weights : 0;

    if (!jobOpen(j.job)) {
        m.excluded = true;
        m.exclusionReason = QStringLiteral("job_not_open");
        if (detail)
            m.exclusionDetail = QStringLiteral("The job is %1.").arg(j.job.status);
    } else if (mustMatched < j.mustHave.size()) {
        m.excluded = true;
        m.exclusionReason = QStringLiteral("missing_must_have");
        if (detail)
            m.exclusionDetail = QStringLiteral("Missing must-have skills: %1.").arg(m.missingMustHave.join(QStringLiteral(", ")));
    } else if (m.remote != QLatin1String("remote") && j.job.maxDistanceKm && m.distanceKm && *m.distanceKm > *j.job.maxDistanceKm
        && !c.relocate) {
        m.excluded = true;
        m.exclusionReason = QStringLiteral("too_far");
        if (detail)
            m.exclusionDetail = QStringLiteral("%1 km away; the job takes candidates within %2 km and this candidate is not willing to relocate.")
                                    .arg(qRound(*m.distanceKm))
                                    .arg(qRound(*j.job.maxDistanceKm));
    }
    return m;
}

bool better(const MatchResult& a, const MatchResult& b)
{
    if (a.score != b.score)
        return a.score > b.score;
    const double da = a.distanceKm.value_or(1e9), db = b.distanceKm.value_or(1e9);
    if (da != db)
        return da < db;
    return a.candidateId + a.jobId < b.candidateId + b.jobId;
}
// Ranks every candidate of a tenant for one job: the best `limit` eligible ones explained
// (then excluded ones with includeExcluded), without names. Shared by forJob and recompute.
struct Ranking {
    QList<MatchResult> results;
    double bestText = 0; // the best BM25 the text parts were normalised by
    size_t eligible = 0;
};

Result<Ranking> rankJob(ServiceContext& ctx, const QString& tenantId, const JobFacts& j, const MatchWeights& w, int limit, bool includeExcluded)
{
    // Text relevance: BM25 of the job's skills in the CV column, relative to the best CV.
    QHash<qint64, double> relevance;
    double best = 0;
    if (!j.terms.isEmpty()) {
        auto rows = ctx.db.select(QStringLiteral("SELECT rowid, -bm25(candidate_search) FROM candidate_search WHERE candidate_search MATCH ?"),
            { j.terms });
        if (!rows)
            return rows.error();
        for (const auto& r : rows.value()) {
            relevance.insert(r.value(0).toLongLong(), r.value(1).toDouble());
            best = std::max(best, r.value(1).toDouble());
        }
    }
    QSet<QString> applied;
    auto apps = ctx.db.select(QStringLiteral("SELECT candidate_id FROM applications WHERE job_id = ? AND deleted_at IS NULL"), { j.job.id });
    if (!apps)
        return apps.error();
    for (const auto& r : apps.value())
        applied.insert(r.value(0).toString());

    // Without the excluded ones, only the candidates having every must-have are read: the
    // intersection of the must-haves' ranges in match_skills, then their facts by key.
    QString sql = QStringLiteral("SELECT %1 FROM match_facts f WHERE f.tenant_id = ?").arg(kFactColumns);
    QList<Database::RawValue> binds;
    if (!includeExcluded && jobOpen(j.job) && !j.mustHave.isEmpty()) {
        QStringList ranges;
        for (const QString& must : j.mustHave) {
            ranges << QStringLiteral("SELECT candidate_id FROM match_skills WHERE tenant_id = ? AND skill = ?");
            binds << Database::RawValue::str(tenantId) << Database::RawValue::str(must.toLower());
        }
        sql = QStringLiteral("SELECT %1 FROM (%2) e JOIN match_facts f ON f.tenant_id = ? AND f.candidate_id = e.candidate_id")
                  .arg(kFactColumns, ranges.join(QStringLiteral(" INTERSECT ")));
    }
    binds << Database::RawValue::str(tenantId);
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(ctx.clock.nowMs(), Qt::UTC);
    std::vector<CandidateFacts> facts;
    struct Ranked {
        MatchResult m; // without detail
        size_t fact;
    };
    std::vector<Ranked> eligible, excluded;
    RD_TRY(ctx.db.forEachRow(sql.toUtf8(), binds, [&](const Database::RawRow& r) {
        facts.push_back(candidateFacts(r, now));
        const CandidateFacts& c = facts.back();
        MatchResult m = evaluate(j, c, best > 0 ? relevance.value(c.searchKey) / best : 0, applied.contains(c.id), w, false);
        (m.excluded ? excluded : eligible).push_back({ std::move(m), facts.size() - 1 });
    }));
    QList<MatchResult> out;
    auto take = [&](std::vector<Ranked>& list, qsizetype n) {
        const size_t count = std::min(size_t(std::max<qsizetype>(0, n)), list.size());
        std::partial_sort(list.begin(), list.begin() + qsizetype(count), list.end(),
            [](const Ranked& a, const Ranked& b) { return better(a.m, b.m); });
        for (size_t i = 0; i < count; ++i) {
            // The returned ones get their explanation.
            const CandidateFacts& c = facts[list[i].fact];
            out << evaluate(j, c, best > 0 ? relevance.value(c.searchKey) / best : 0, applied.contains(c.id), w);
        }
    };
    take(eligible, limit);
    if (includeExcluded)
        take(excluded, limit - out.size());
    Ranking ranking { out, best, eligible.size() };
    return ranking;
}
} // namespace

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
    Database& db = m_ctx.db;
    const SkillTaxonomy& taxonomy = SkillTaxonomy::builtIn();
    using V = Database::RawValue;
    for (;;) {
        Transaction tx(db);
        RD_TRY(tx.status());
        auto ids = db.select(QStringLiteral("SELECT candidate_id FROM match_dirty LIMIT 2000"));
        if (!ids)
            return ids.error();
        if (ids.value().isEmpty())
            return tx.commit();
        for (const auto& idRow : ids.value()) {
            const QString id = idRow.value(0).toString();
            RD_TRY(forgetFacts(id));
            auto r = db.selectOne(kFactsSource, { id });
            if (!r && r.error().code != ErrorCode::NotFound)
                return r.error();
            if (r && r.value().value(10).toInt() != 1) {
                const QSqlRecord& c = r.value();
                QStringList skills = taxonomy.normalise(listFromJson(c.value(1).toString()));
                for (const QString& x : taxonomy.extract(c.value(8).toString()))
                    if (!skills.contains(x, Qt::CaseInsensitive))
                        skills << x;
                QString key = QStringLiteral("|");
                for (const QString& x : std::as_const(skills))
                    key += x.toLower() + QLatin1Char('|'); // the skillKey() form, one bar shared between skills
                const auto at = coordinates(optionalReal(c.value(2)), optionalReal(c.value(3)), c.value(4).toString());
                const QVariant relocate = c.value(5);
                const qint64 searchKey = c.value(9).toLongLong();
                for (const QString& x : std::as_const(skills))
                    RD_TRY(db.appendRow("INSERT OR IGNORE INTO match_skills (tenant_id, skill, candidate_id) VALUES (?,?,?)",
                        { V::str(c.value(0).toString()), V::str(x.toLower()), V::str(id) }));
                RD_TRY(db.appendRow("INSERT INTO match_facts (candidate_id, tenant_id, cv_version, skills, latitude, longitude, "
                                    "relocate, activity_at, search_key) VALUES (?,?,?,?,?,?,?,?,?)",
                    { V::str(id), V::str(c.value(0).toString()), V::num(c.value(7).toInt()), V::str(key), at ? V::dbl(at->lat) : V::null(),
                        at ? V::dbl(at->lon) : V::null(),
                        V::num(relocate.toInt() == 1 || relocate.toString() == QLatin1String("true") ? 1 : 0), V::str(c.value(6).toString()),
                        searchKey ? V::num(searchKey) : V::null() }));
                if (at && searchKey)
                    RD_TRY(db.appendRow("INSERT OR REPLACE INTO candidate_geo (id, min_lat, max_lat, min_lon, max_lon) VALUES (?,?,?,?,?)",
                        { V::num(searchKey), V::dbl(at->lat), V::dbl(at->lat), V::dbl(at->lon), V::dbl(at->lon) }));
            }
            RD_TRY(db.appendRow("DELETE FROM match_dirty WHERE candidate_id = ?", { V::str(id) }));
            RD_TRY(db.appendRow("INSERT OR IGNORE INTO match_rescore (candidate_id) VALUES (?)", { V::str(id) }));
        }
        RD_TRY(tx.commit());
    }
}

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
    return db.appendRow("INSERT OR REPLACE INTO matches (tenant_id, job_id, candidate_id, cv_version, score, current, breakdown, "
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

    // The live jobs, per tenant, and the ones to rank in full.
    QHash<QString, QString> tenantOf;
    RD_TRY(db.forEachRow("SELECT id, tenant_id FROM job_postings WHERE deleted_at IS NULL AND canonical_job_id IS NULL", {},
        [&](const Database::RawRow& r) { tenantOf.insert(r.text(0), r.text(1)); }));
    QStringList dirty;
    RD_TRY(db.forEachRow("SELECT job_id FROM match_jobs_dirty", {}, [&](const Database::RawRow& r) { dirty << r.text(0); }));
    QSet<QString> rankInFull(dirty.begin(), dirty.end());
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
    const QDateTime nowTime = QDateTime::fromMSecsSinceEpoch(m_ctx.clock.nowMs(), Qt::UTC);
    const QString now = m_ctx.clock.nowIso();

    // Changed candidates against the open jobs that are not ranked in full anyway.
    if (!stats.allJobs && !rescore.isEmpty()) {
        QHash<QString, QList<StoredJob>> openJobs; // by tenant
        QHash<QString, QPair<double, bool>> state;
        RD_TRY(db.forEachRow("SELECT job_id, best_text, complete FROM match_jobs", {},
            [&](const Database::RawRow& r) { state.insert(r.text(0), { r.real(1), r.integer(2) == 1 }); }));
        for (auto it = tenantOf.cbegin(); it != tenantOf.cend(); ++it) {
            if (rankInFull.contains(it.key()) || !state.contains(it.key()))
                continue;
            auto job = m_jobs.load(it.value(), it.key());
            if (!job)
                return job.error();
            if (!jobOpen(job.value()))
                continue;
            openJobs[it.value()] << StoredJob { jobFacts(job.value()), state.value(it.key()).first, state.value(it.key()).second };
        }
        for (qsizetype from = 0; from < rescore.size(); from += 200) {
            Transaction tx(db);
            RD_TRY(tx.status());
            for (const QString& id : rescore.mid(from, 200)) {
                std::optional<CandidateFacts> found;
                QString tenantId;
                RD_TRY(db.forEachRow(QStringLiteral("SELECT %1, f.tenant_id FROM match_facts f WHERE f.candidate_id = ?").arg(kFactColumns).toUtf8(),
                    { V::str(id) }, [&](const Database::RawRow& r) {
                        found = candidateFacts(r, nowTime);
                        tenantId = r.text(8);
                    }));
                RD_TRY(db.appendRow("DELETE FROM match_rescore WHERE candidate_id = ?", { V::str(id) }));
                if (!found)
                    continue;
                ++stats.candidates;
                auto w = tenantWeights(tenantId);
                if (!w)
                    return w.error();
                QSet<QString> applied;
                RD_TRY(db.forEachRow("SELECT job_id FROM applications WHERE candidate_id = ? AND deleted_at IS NULL", { V::str(id) },
                    [&](const Database::RawRow& r) { applied.insert(r.text(0)); }));
                // Its current rows go (those of jobs ranked in full below come back there).
                RD_TRY(db.appendRow("DELETE FROM matches WHERE candidate_id = ? AND current = 1", { V::str(id) }));
                for (StoredJob& sj : openJobs[tenantId]) {
                    const JobFacts& j = sj.facts;
                    if (evaluate(j, *found, 0, false, w.value(), false).excluded)
                        continue;
                    double text = 0;
                    if (!j.terms.isEmpty() && found->searchKey) {
                        auto bm25 = db.lookup("SELECT -bm25(candidate_search) FROM candidate_search WHERE candidate_search MATCH ? AND rowid = ?",
                            { V::str(j.terms), V::num(found->searchKey) });
                        if (bm25)
                            text = bm25.value().toDouble();
                        else if (bm25.error().code != ErrorCode::NotFound)
                            return bm25.error();
                    }
                    const double relative = sj.bestText > 0 ? std::min(1.0, text / sj.bestText) : (text > 0 ? 1.0 : 0.0);
                    const MatchResult m = evaluate(j, *found, relative, applied.contains(j.job.id), w.value());
                    // The stored rows stay the best N of all (N <= the limit): unless every eligible
                    // candidate is stored, one that does not beat the weakest stored row may be
                    // behind candidates that are not stored, so it stays out.
                    int count = 0;
                    double weakest = 0;
                    RD_TRY(db.forEachRow("SELECT count(*), min(score) FROM matches WHERE job_id = ? AND current = 1", { V::str(j.job.id) },
                        [&](const Database::RawRow& r) {
                            count = int(r.integer(0));
                            weakest = r.real(1);
                        }));
                    if (!sj.complete && (count == 0 || m.score <= weakest))
                        continue;
                    RD_TRY(insertMatch(db, tenantId, m, now));
                    ++stats.rows;
                    if (count + 1 > m_storedPerJob) {
                        RD_TRY(db.appendRow("DELETE FROM matches WHERE job_id = ? AND current = 1 AND candidate_id = (SELECT candidate_id FROM "
                                            "matches WHERE job_id = ? AND current = 1 ORDER BY score ASC LIMIT 1)",
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
        for (const QList<StoredJob>& list : std::as_const(openJobs))
            for (const StoredJob& sj : list) {
                if (sj.complete)
                    continue;
                auto count = db.lookup("SELECT count(*) FROM matches WHERE job_id = ? AND current = 1", { V::str(sj.facts.job.id) });
                if (!count)
                    return count.error();
                if (count.value().toInt() < std::max(1, m_storedPerJob / 2))
                    rankInFull.insert(sj.facts.job.id);
            }
    } else if (!rescore.isEmpty()) {
        // Every job is ranked in full below: the marks are settled by that.
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
                auto loaded = m_jobs.load(tenantOf.value(jobId), jobId);
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
            auto ranked = rankJob(m_ctx, job->tenantId, jobFacts(*job), w.value(), m_storedPerJob, false);
            if (!ranked)
                return ranked.error();
            ++stats.jobs;
            RD_TRY(db.appendRow("DELETE FROM matches WHERE job_id = ? AND current = 1", { V::str(jobId) }));
            for (const MatchResult& m : std::as_const(ranked.value().results)) {
                RD_TRY(insertMatch(db, job->tenantId, m, now));
                ++stats.rows;
            }
            RD_TRY(db.appendRow("INSERT OR REPLACE INTO match_jobs (job_id, tenant_id, best_text, complete, computed_at) VALUES (?,?,?,?,?)",
                { V::str(jobId), V::str(job->tenantId), V::dbl(ranked.value().bestText),
                    V::num(ranked.value().eligible < size_t(m_storedPerJob) ? 1 : 0), V::str(now) }));
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
    const JobFacts j = jobFacts(job.value());

    auto ranked = rankJob(m_ctx, session.tenantId, j, w.value(), limit, includeExcluded);
    if (!ranked)
        return ranked.error();
    QList<MatchResult> out = ranked.value().results;
    RD_TRY(nameCandidates(out));
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
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(m_ctx.clock.nowMs(), Qt::UTC);
    std::optional<CandidateFacts> found;
    using V = Database::RawValue;
    RD_TRY(m_ctx.db.forEachRow(QStringLiteral("SELECT %1 FROM match_facts f WHERE f.tenant_id = ? AND f.candidate_id = ?").arg(kFactColumns).toUtf8(),
        { V::str(session.tenantId), V::str(cand.value().id) }, [&](const Database::RawRow& r) { found = candidateFacts(r, now); }));
    if (!found)
        return makeError(ErrorCode::NotFound, QStringLiteral("Candidate not found."), { { QStringLiteral("id"), candidateKey } });
    CandidateFacts c = *found;
    c.externalId = cand.value().externalId;
    c.name = cand.value().firstName + QLatin1Char(' ') + cand.value().lastName;

    QSet<QString> applied;
    auto apps = m_ctx.db.select(QStringLiteral("SELECT job_id FROM applications WHERE candidate_id = ? AND deleted_at IS NULL"), { c.id });
    if (!apps)
        return apps.error();
    for (const auto& r : apps.value())
        applied.insert(r.value(0).toString());
    auto jobIds = m_ctx.db.select(QStringLiteral("SELECT id FROM job_postings WHERE tenant_id = ? AND deleted_at IS NULL AND canonical_job_id IS NULL"),
        { session.tenantId });
    if (!jobIds)
        return jobIds.error();
    const bool scoped = m_jobs.isScopedManager(session);
    QList<JobFacts> jobs;
    QList<double> relevance;
    double best = 0;
    for (const auto& r : jobIds.value()) {
        auto job = m_jobs.load(session.tenantId, r.value(0).toString());
        if (!job)
            return job.error();
        if (scoped && !job.value().managerIds.contains(session.userId))
            continue;
        JobFacts j = jobFacts(job.value());
        double text = 0;
        if (!j.terms.isEmpty() && c.searchKey) {
            auto s = m_ctx.db.selectOne(QStringLiteral("SELECT -bm25(candidate_search) FROM candidate_search WHERE candidate_search MATCH ? AND rowid = ?"),
                { j.terms, c.searchKey });
            if (s)
                text = s.value().value(0).toDouble();
            else if (s.error().code != ErrorCode::NotFound)
                return s.error();
        }
        best = std::max(best, text);
        jobs << j;
        relevance << text;
    }
    QList<MatchResult> eligible, excluded;
    for (qsizetype i = 0; i < jobs.size(); ++i) {
        MatchResult m = evaluate(jobs[i], c, best > 0 ? relevance[i] / best : 0, applied.contains(jobs[i].job.id), w.value());
        (m.excluded ? excluded : eligible) << m;
    }
    // The job the candidate applied for comes first whenever it is eligible.
    std::sort(eligible.begin(), eligible.end(), [](const MatchResult& a, const MatchResult& b) {
        if (a.applied != b.applied)
            return a.applied;
        return better(a, b);
    });
    std::sort(excluded.begin(), excluded.end(), better);
    QList<MatchResult> out = eligible.mid(0, limit);
    if (includeExcluded)
        out += excluded.mid(0, std::max<qsizetype>(0, limit - out.size()));
    return out;
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
