#include "matchingservice.h"

#include "auth/permissions.h"
#include "jobs/jobqueue.h"
#include "matching/gazetteer.h"
#include "matching/scoring.h"
#include "matching/taxonomy.h"
#include "recruiting/candidateservice.h"
#include "recruiting/fields.h"
#include "recruiting/jobservice.h"
#include "recruiting/searchservice.h"
#include "service/context.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlRecord>
#include <algorithm>
#include <cmath>
#include <limits>

namespace rd {

MatchWeights MatchWeights::fromJson(const QJsonObject& o)
{
    MatchWeights w;
    auto take = [&](const char* key, double& field, double min, double max) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isDouble() && v.toDouble() >= min && v.toDouble() <= max) field = v.toDouble();
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
    return { { QStringLiteral("must_have"), mustHave }, { QStringLiteral("nice_to_have"), niceToHave },
        { QStringLiteral("text"), text }, { QStringLiteral("distance"), distance },
        { QStringLiteral("recency"), recency }, { QStringLiteral("hybrid_distance_factor"), hybridDistanceFactor },
        { QStringLiteral("distance_half_km"), distanceHalfKm },
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
                    a.append(QJsonObject { { QStringLiteral("skill"), y.skill },
                        { QStringLiteral("required_years"), y.required },
                        { QStringLiteral("candidate_years"),
                            y.candidate ? QJsonValue(std::round(*y.candidate * 10) / 10) : QJsonValue() } });
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
        o.insert(QStringLiteral("candidate_external_id"),
            candidateExternalId.isEmpty() ? QJsonValue() : QJsonValue(candidateExternalId));
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
        SkillYears sy { y.value(QStringLiteral("skill")).toString(),
            y.value(QStringLiteral("required_years")).toDouble(), std::nullopt };
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
        { QStringLiteral("rows_written"), rows }, { QStringLiteral("all_jobs"), allJobs },
        { QStringLiteral("ms"), ms } };
}

using namespace matching_detail;

MatchingService::MatchingService(ServiceContext& ctx, JobService& jobs, CandidateService& candidates)
    : m_ctx(ctx)
    , m_jobs(jobs)
    , m_candidates(candidates)
    , m_cache(std::make_unique<FactsCache>())
{
}

MatchingService::~MatchingService() = default;

Status MatchingService::withFacts(
    const QString& tenantId, const std::function<Status(const TenantFacts&, FactsCache&)>& fn)
{
    auto generation = factsGeneration(m_ctx.db);
    if (!generation) return generation.error();
    QMutexLocker lock(&m_cacheMutex);
    if (generation.value() != m_cache->generation) {
        m_cache->tenants.clear();
        m_cache->generation = generation.value();
    }
    if (!m_cache->tenants.contains(tenantId)) {
        TenantFacts facts;
        RD_TRY(m_ctx.db.forEachRow(QByteArray("SELECT ") + kFactColumns + " FROM match_facts WHERE tenant_id = ?",
            { Database::RawValue::str(tenantId) },
            [&](const Database::RawRow& r) { facts.add(m_cache->convert(factRow(r))); }));
        m_cache->tenants.insert(tenantId, std::move(facts));
    }
    return fn(m_cache->tenants[tenantId], *m_cache);
}

Status MatchingService::forgetFacts(const QString& candidateId)
{
    Database& db = m_ctx.db;
    using V = Database::RawValue;
    auto old
        = db.selectOne(QStringLiteral("SELECT tenant_id, skills, search_key FROM match_facts WHERE candidate_id = ?"),
            { candidateId });
    if (!old) return old.error().code == ErrorCode::NotFound ? Status() : Status(old.error());
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
    if (!before) return before.error();
    qint64 bumps = 0;
    const qint64 nowMs = m_ctx.clock.nowMs();
    QList<QPair<QString, std::optional<FactRow>>> changed; // candidate id, facts (none: gone)
    for (;;) {
        Transaction tx(db);
        RD_TRY(tx.status());
        auto ids = db.select(QStringLiteral("SELECT candidate_id FROM match_dirty LIMIT 2000"));
        if (!ids) return ids.error();
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
                if (c.integer(10) == 1) return; // deleted or erased: no facts
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
                    if (!skills.contains(skill, Qt::CaseInsensitive)) skills << skill;
                }
                const SkillTaxonomy::Mentions mentions = taxonomy.mentions(c.text(8));
                QStringList cvSkills;
                for (const auto& [skill, n] : mentions.counts) {
                    if (!skills.contains(skill, Qt::CaseInsensitive)) skills << skill;
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
                    RD_TRY(db.appendRow(
                        "INSERT OR IGNORE INTO match_skills (tenant_id, skill, candidate_id) VALUES (?,?,?)",
                        { V::str(f.tenantId), V::str(x), V::str(id) }));
                RD_TRY(db.appendRow(
                    "INSERT INTO match_facts (candidate_id, tenant_id, cv_version, skills, cv_skills, cv_words, "
                    "latitude, "
                    "longitude, relocate, activity_at, search_key, skill_years) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    { V::str(id), V::str(f.tenantId), V::num(f.cvVersion), V::str(f.skills), V::str(f.cvSkills),
                        V::num(f.cvWords), f.at ? V::dbl(f.at->lat) : V::null(), f.at ? V::dbl(f.at->lon) : V::null(),
                        V::num(f.relocate ? 1 : 0), V::str(f.activityAt), searchKey ? V::num(searchKey) : V::null(),
                        V::str(f.skillYears) }));
                if (f.at && searchKey)
                    RD_TRY(db.appendRow("INSERT OR REPLACE INTO candidate_geo (id, min_lat, max_lat, min_lon, max_lon) "
                                        "VALUES (?,?,?,?,?)",
                        { V::num(searchKey), V::dbl(f.at->lat), V::dbl(f.at->lat), V::dbl(f.at->lon),
                            V::dbl(f.at->lon) }));
            }
            changed.append({ id, fact });
            RD_TRY(db.appendRow("DELETE FROM match_dirty WHERE candidate_id = ?", { V::str(id) }));
            RD_TRY(db.appendRow("INSERT OR IGNORE INTO match_rescore (candidate_id) VALUES (?)", { V::str(id) }));
        }
        RD_TRY(db.appendRow("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'match_facts_gen'", {}));
        ++bumps;
        RD_TRY(tx.commit());
    }
    if (bumps == 0) return {};
    // Patch the cache when it holds the generation these changes started from; otherwise
    // (another process changed facts too) its next use reloads.
    QMutexLocker lock(&m_cacheMutex);
    if (m_cache->generation != before.value()) return {};
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
    auto r = m_ctx.db.selectOne(
        QStringLiteral("SELECT json_extract(settings, '$.matching') FROM tenants WHERE id = ?"), { tenantId });
    if (!r) return r.error();
    return MatchWeights::fromJson(QJsonDocument::fromJson(r.value().value(0).toString().toUtf8()).object());
}

Result<QList<MatchResult>> MatchingService::forJob(
    const Session& session, const QString& jobKey, int limit, bool includeExcluded)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Read, jobKey));
    auto job = m_jobs.load(session.tenantId, jobKey);
    if (!job) return job.error();
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read));
    const bool scoped = m_jobs.isScopedManager(session);
    if (scoped && !job.value().managerIds.contains(session.userId))
        return makeError(ErrorCode::PermissionDenied,
            QStringLiteral("You can only see matches for jobs you are assigned to."),
            { { QStringLiteral("rule"), QStringLiteral("assigned_jobs_only") } });
    RD_TRY(refreshFacts());
    auto w = weights(session.tenantId);
    if (!w) return w.error();
    Status status;
    const QSet<QString> applied = column(m_ctx.db,
        "SELECT candidate_id FROM applications WHERE job_id = ? AND deleted_at IS NULL", job.value().id, status);
    RD_TRY(status);
    QList<MatchResult> out;
    RD_TRY(withFacts(session.tenantId, [&](const TenantFacts& t, FactsCache& cache) {
        out = rankJob(t, jobFacts(job.value(), cache), applied, w.value(), m_ctx.clock.nowMs(),
            scoped ? std::numeric_limits<int>::max() : limit, includeExcluded)
                  .results;
        return Status();
    }));
    if (scoped) {
        // A hiring manager is shown the candidates of their own jobs only.
        RD_TRY(keepVisible(session, out, [](const MatchResult& m) { return m.candidateId; }));
        out = out.mid(0, limit);
    }
    RD_TRY(nameCandidates(out));
    return out;
}

Result<QList<MatchResult>> MatchingService::forCandidate(
    const Session& session, const QString& candidateKey, int limit, bool includeExcluded)
{
    auto cand = m_candidates.get(session, candidateKey);
    if (!cand) return cand.error();
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Read));
    auto w = weights(session.tenantId);
    if (!w) return w.error();
    RD_TRY(refreshFacts());
    const QString id = cand.value().id;
    Status status;
    const QSet<QString> applied
        = column(m_ctx.db, "SELECT job_id FROM applications WHERE candidate_id = ? AND deleted_at IS NULL", id, status);
    RD_TRY(status);
    QList<Job> jobs;
    const bool scoped = m_jobs.isScopedManager(session);
    const QSet<QString> jobIds = column(m_ctx.db,
        "SELECT id FROM job_postings WHERE tenant_id = ? AND deleted_at IS NULL AND canonical_job_id IS NULL",
        session.tenantId, status);
    RD_TRY(status);
    for (const QString& jobId : jobIds) {
        auto job = m_jobs.load(session.tenantId, jobId);
        if (!job) return job.error();
        if (!scoped || job.value().managerIds.contains(session.userId)) jobs << job.value();
    }
    QList<MatchResult> eligible, excluded;
    RD_TRY(withFacts(session.tenantId, [&](const TenantFacts& t, FactsCache& cache) -> Status {
        const CachedFacts* c = t.find(id);
        if (!c)
            return makeError(ErrorCode::NotFound, QStringLiteral("Candidate not found."),
                { { QStringLiteral("id"), candidateKey } });
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
            MatchResult m = evaluate(facts[i], *c, best > 0 ? text[i] / best : 0, applied.contains(facts[i].job.id),
                w.value(), m_ctx.clock.nowMs());
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
        if (a.applied != b.applied) return a.applied;
        return betterResult(a, b);
    });
    std::sort(excluded.begin(), excluded.end(), betterResult);
    QList<MatchResult> out = eligible.mid(0, limit);
    if (includeExcluded) out += excluded.mid(0, std::max<qsizetype>(0, limit - out.size()));
    return out;
}

template <typename T, typename IdOf>
Status MatchingService::keepVisible(const Session& session, QList<T>& items, IdOf idOf)
{
    auto scope = m_ctx.authz.candidateScope(session, QStringLiteral("id"));
    if (!scope) return scope.error();
    if (scope.value().sql.isEmpty() || items.isEmpty()) return {};
    auto rows = m_ctx.db.select(QStringLiteral("SELECT id FROM candidates WHERE tenant_id = ?") + scope.value().sql,
        QVariantList { session.tenantId } + scope.value().binds);
    if (!rows) return rows.error();
    QSet<QString> visible;
    for (const auto& r : rows.value())
        visible.insert(r.value(0).toString());
    items.removeIf([&](const T& item) { return !visible.contains(idOf(item)); });
    return {};
}

Status MatchingService::nameCandidates(QList<MatchResult>& results)
{
    if (results.isEmpty()) return {};
    QStringList marks;
    QVariantList ids;
    for (const MatchResult& m : std::as_const(results)) {
        marks << QStringLiteral("?");
        ids << m.candidateId;
    }
    auto rows = m_ctx.db.select(
        QStringLiteral("SELECT id, external_id, trim(first_name || ' ' || last_name) FROM candidates WHERE id IN (%1)")
            .arg(marks.join(QLatin1Char(','))),
        ids);
    if (!rows) return rows.error();
    QHash<QString, QSqlRecord> byId;
    for (const auto& r : rows.value())
        byId.insert(r.value(0).toString(), r);
    for (MatchResult& m : results) {
        m.candidateExternalId = byId.value(m.candidateId).value(1).toString();
        m.candidateName = byId.value(m.candidateId).value(2).toString();
    }
    return {};
}

Result<QList<QPair<QString, double>>> MatchingService::candidatesNear(
    const Session& session, const QString& jobKey, double km)
{
    auto job = m_jobs.get(session, jobKey);
    if (!job) return job.error();
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
    auto rows = m_ctx.db.select(
        QStringLiteral("SELECT f.candidate_id, f.latitude, f.longitude FROM candidate_geo g JOIN match_facts f ON "
                       "f.search_key = g.id WHERE g.max_lat >= ? AND g.min_lat <= ? AND g.max_lon >= ? AND "
                       "g.min_lon <= ? AND f.tenant_id = ?"),
        { at->lat - dLat, at->lat + dLat, at->lon - dLon, at->lon + dLon, session.tenantId });
    if (!rows) return rows.error();
    QList<QPair<QString, double>> out;
    for (const auto& r : rows.value()) {
        const double d = Gazetteer::distanceKm(at->lat, at->lon, r.value(1).toDouble(), r.value(2).toDouble());
        if (d <= km) out.append({ r.value(0).toString(), d });
    }
    RD_TRY(keepVisible(session, out, [](const QPair<QString, double>& p) { return p.first; }));
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    return out;
}

} // namespace rd
