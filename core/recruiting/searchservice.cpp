#include "searchservice.h"

#include "auth/permissions.h"
#include "auth/validation.h"
#include "jobs/jobqueue.h"
#include "recruiting/searchquery.h"
#include "service/context.h"
#include "store/database.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>

namespace rd {


QJsonObject SearchHit::toJson() const
{
    return { { QStringLiteral("kind"), kind }, { QStringLiteral("id"), id }, { QStringLiteral("external_id"), externalId },
        { QStringLiteral("title"), title }, { QStringLiteral("snippet"), snippet }, { QStringLiteral("score"), score } };
}

namespace {
Error bad(const QString& message) { return validate::failed(QStringLiteral("query"), message, QStringLiteral("syntax")); }
} // namespace

QString SearchService::quoteTerm(const QString& t) { return searchquery::quoteTerm(t); }

Result<ParsedQuery> SearchService::parse(const QString& query, const QString& kind) { return searchquery::parse(query, kind); }

Result<QHash<qint64, QString>> SearchService::snippetsFor(const QString& match, const QString& marks, const QVariantList& keys)
{
    // Unscoped MATCH: the tenant token would otherwise win the snippet.
    Database& db = m_ctx.db;
    QHash<qint64, QString> out;
    if (!match.contains(QLatin1Char('*'))) {
        // "rowid = ?" lets FTS5 seek inside the posting lists of the query's terms.
        for (const QVariant& key : keys) {
            auto sn = db.selectOne(QStringLiteral("SELECT snippet(candidate_search, -1, '[', ']', '…', 10) FROM candidate_search "
                                                  "WHERE candidate_search MATCH ? AND rowid = ?"),
                { match, key });
            if (sn)
                out.insert(key.toLongLong(), sn.value().value(0).toString());
            else if (sn.error().code != ErrorCode::NotFound)
                return sn.error();
        }
        return out;
    }
    // A prefix term ("nurs*") would be expanded over the whole index once per result (5 ms
    // each at 100k candidates); instead the page's documents are indexed into a per-connection
    // scratch index whose content is read from candidate_search itself (through a temp view),
    // and expanded there. 'delete-all' empties it without re-tokenising.
    RD_TRY(db.execRaw(QStringLiteral("CREATE TEMP VIEW IF NOT EXISTS snippet_source AS SELECT rowid AS key, tenant_id, scope, name, "
                                     "headline, skills, tags, location, emails, cv FROM main.candidate_search")));
    RD_TRY(db.execRaw(QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS temp.snippet_docs USING fts5(tenant_id UNINDEXED, scope, name, "
                                     "headline, skills, tags, location, emails, cv, content = 'snippet_source', content_rowid = 'key', "
                                     "tokenize = 'unicode61 remove_diacritics 2')")));
    auto fill = db.change(QStringLiteral("INSERT INTO temp.snippet_docs (rowid, tenant_id, scope, name, headline, skills, tags, location, emails, cv) "
                                         "SELECT rowid, tenant_id, scope, name, headline, skills, tags, location, emails, cv FROM candidate_search "
                                         "WHERE rowid IN (%1)").arg(marks),
        keys);
    if (!fill)
        return fill.error();
    auto rows = db.select(QStringLiteral("SELECT rowid, snippet(snippet_docs, -1, '[', ']', '…', 10) FROM temp.snippet_docs WHERE snippet_docs MATCH ?"),
        { match });
    auto clear = db.change(QStringLiteral("INSERT INTO temp.snippet_docs (snippet_docs) VALUES ('delete-all')"));
    if (!clear)
        return clear.error();
    if (!rows)
        return rows.error();
    for (const auto& r : rows.value())
        out.insert(r.value(0).toLongLong(), r.value(1).toString());
    return out;
}

Result<QList<SearchHit>> SearchService::searchCandidates(const Session& session, const ParsedQuery& q, int limit)
{
    const auto failed = [] {
        // An FTS syntax error here would be our bug (terms are quoted); never leak driver text.
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("The search could not be run."),
            { { QStringLiteral("field"), QStringLiteral("query") }, { QStringLiteral("rule"), QStringLiteral("syntax") } });
    };
    // Weights: tenant_id, scope, name, headline, skills, tags, location, emails, cv.
    static const QString kBm25 = QStringLiteral("bm25(candidate_search, 0, 0, 10.0, 3.0, 5.0, 2.0, 1.0, 1.0, 1.0)");
    QList<SearchHit> out;
    // The MATCH expression, tenant-scoped inside the index (the tenant is an indexed token).
    // With one tenant in the file (the usual desktop case) every indexed document is this
    // tenant's and the scope term (present in every document) would only cost time.
    QString scoped = q.match;
    if (!q.match.isEmpty()) {
        auto tenants = m_ctx.db.selectOne(QStringLiteral("SELECT count(*) FROM tenants"));
        if (!tenants)
            return tenants.error();
        if (tenants.value().value(0).toInt() != 1)
            scoped = QStringLiteral("scope : t%1 AND (%2)").arg(QString(session.tenantId).remove(QLatin1Char('-')), q.match);
    }
    // A hiring manager searches the candidates of their assigned jobs only (the general query below).
    auto scope = m_ctx.authz.candidateScope(session, QStringLiteral("c.id"));
    if (!scope)
        return scope.error();
    if (!q.match.isEmpty() && q.filters.isEmpty() && scope.value().sql.isEmpty()) {
        // The common case runs on the index alone, then the page's rows and snippets are looked up.
        // bm25 costs about 1.5 us per matching document, so a broad term ("python": 20% of all
        // candidates) is ranked within the rankWindow() most recently added matches: finding
        // where that window starts walks the matches in rowid order without ranking them.
        QVariantList rankBinds { scoped };
        QString window;
        auto start = m_ctx.db.selectOne(QStringLiteral("SELECT rowid FROM candidate_search WHERE candidate_search MATCH ? "
                                                       "ORDER BY rowid DESC LIMIT 1 OFFSET ?"),
            { scoped, m_rankWindow - 1 });
        if (start) {
            window = QStringLiteral(" AND rowid >= ?");
            rankBinds << start.value().value(0);
        } else if (start.error().code != ErrorCode::NotFound) {
            return failed();
        }
        rankBinds << limit;
        auto top = m_ctx.db.select(QStringLiteral("SELECT rowid, %1 FROM candidate_search WHERE candidate_search MATCH ?%2 ORDER BY 2 LIMIT ?")
                                       .arg(kBm25, window),
            rankBinds);
        if (!top)
            return failed();
        if (top.value().isEmpty())
            return out;
        QStringList marks;
        QVariantList keys;
        for (const auto& r : top.value()) {
            marks << QStringLiteral("?");
            keys << r.value(0);
        }
        auto snippets = snippetsFor(q.match, marks.join(QLatin1Char(',')), keys);
        if (!snippets)
            return failed();
        const QHash<qint64, QString>& snippetOf = snippets.value();
        auto rows = m_ctx.db.select(QStringLiteral("SELECT k.rowid, c.id, c.external_id, trim(c.first_name || ' ' || c.last_name) FROM search_keys k "
                                                   "JOIN candidates c ON c.id = k.row_id WHERE k.rowid IN (%1) AND c.tenant_id = ? AND "
                                                   "c.deleted_at IS NULL").arg(marks.join(QLatin1Char(','))),
            keys + QVariantList { session.tenantId });
        if (!rows)
            return failed();
        QHash<qint64, QSqlRecord> byKey;
        for (const auto& r : rows.value())
            byKey.insert(r.value(0).toLongLong(), r);
        for (const auto& r : top.value()) {
            const qint64 key = r.value(0).toLongLong();
            const QSqlRecord d = byKey.value(key);
            if (d.isEmpty())
                continue;
            out << SearchHit { QStringLiteral("candidate"), d.value(1).toString(), d.value(2).toString(), d.value(3).toString(),
                snippetOf.value(key).simplified(), -r.value(1).toDouble() };
        }
        return out;
    }
    QString sql;
    QVariantList binds;
    if (!q.match.isEmpty()) {
        sql = QStringLiteral("SELECT c.id, c.external_id, trim(c.first_name || ' ' || c.last_name), "
                             "snippet(candidate_search, -1, '[', ']', '…', 10), %1 "
                             "FROM candidate_search JOIN search_keys k ON k.rowid = candidate_search.rowid AND k.kind = 'candidate' "
                             "JOIN candidates c ON c.id = k.row_id WHERE candidate_search MATCH ? AND c.tenant_id = ? "
                             "AND c.deleted_at IS NULL").arg(kBm25);
        binds << scoped << session.tenantId;
    } else {
        sql = QStringLiteral("SELECT c.id, c.external_id, trim(c.first_name || ' ' || c.last_name), c.headline, 0 FROM candidates c "
                             "WHERE c.tenant_id = ? AND c.deleted_at IS NULL");
        binds << session.tenantId;
    }
    sql += scope.value().sql;
    binds += scope.value().binds;
    for (const auto& [field, value] : q.filters) {
        if (field == QLatin1String("source")) {
            sql += QStringLiteral(" AND c.source = ?");
            binds << value;
        } else if (field == QLatin1String("stage")) {
            sql += QStringLiteral(" AND EXISTS (SELECT 1 FROM applications a JOIN pipeline_stages s ON s.id = a.stage_id WHERE "
                                  "a.candidate_id = c.id AND a.deleted_at IS NULL AND lower(s.name) = lower(?))");
            binds << value;
        } else if (field == QLatin1String("status")) {
            sql += QStringLiteral(" AND EXISTS (SELECT 1 FROM applications a WHERE a.candidate_id = c.id AND a.deleted_at IS NULL "
                                  "AND a.status = lower(?))");
            binds << value;
        }
    }
    sql += q.match.isEmpty() ? QStringLiteral(" ORDER BY c.created_at DESC LIMIT ?") : QStringLiteral(" ORDER BY 5 LIMIT ?");
    binds << limit;
    auto rows = m_ctx.db.select(sql, binds);
    if (!rows)
        return failed();
    for (const auto& r : rows.value())
        out << SearchHit { QStringLiteral("candidate"), r.value(0).toString(), r.value(1).toString(), r.value(2).toString(),
            r.value(3).toString().simplified(), -r.value(4).toDouble() };
    return out;
}

Result<QList<SearchHit>> SearchService::searchJobs(const Session& session, const ParsedQuery& q, int limit)
{
    QString sql;
    QVariantList binds;
    if (!q.match.isEmpty()) {
        sql = QStringLiteral("SELECT j.id, j.external_id, j.title, snippet(job_search, -1, '[', ']', '…', 10), "
                             "bm25(job_search, 0, 10.0, 2.0, 3.0, 5.0, 1.0) FROM job_search JOIN search_keys k ON k.rowid = "
                             "job_search.rowid AND k.kind = 'job' JOIN job_postings j ON j.id = k.row_id WHERE job_search MATCH ? "
                             "AND job_search.tenant_id = ? AND j.deleted_at IS NULL");
        binds << q.match << session.tenantId;
    } else {
        sql = QStringLiteral("SELECT j.id, j.external_id, j.title, j.location, 0 FROM job_postings j WHERE j.tenant_id = ? AND "
                             "j.deleted_at IS NULL");
        binds << session.tenantId;
    }
    auto scope = m_ctx.authz.jobScope(session, QStringLiteral("j.id"));
    if (!scope)
        return scope.error();
    sql += scope.value().sql;
    binds += scope.value().binds;
    for (const auto& [field, value] : q.filters) {
        if (field == QLatin1String("status")) {
            sql += QStringLiteral(" AND j.status = lower(?)");
            binds << value;
        } else {
            return bad(QStringLiteral("%1: does not apply to jobs.").arg(field));
        }
    }
    sql += q.match.isEmpty() ? QStringLiteral(" ORDER BY j.created_at DESC LIMIT ?") : QStringLiteral(" ORDER BY 5 LIMIT ?");
    binds << limit;
    auto rows = m_ctx.db.select(sql, binds);
    if (!rows)
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("The search could not be run."),
            { { QStringLiteral("field"), QStringLiteral("query") }, { QStringLiteral("rule"), QStringLiteral("syntax") } });
    QList<SearchHit> out;
    for (const auto& r : rows.value())
        out << SearchHit { QStringLiteral("job"), r.value(0).toString(), r.value(1).toString(), r.value(2).toString(),
            r.value(3).toString().simplified(), -r.value(4).toDouble() };
    return out;
}

Result<QList<SearchHit>> SearchService::search(const Session& session, const QString& query, const QString& kind, int limit)
{
    if (!kind.isEmpty() && kind != QLatin1String("candidate") && kind != QLatin1String("job"))
        return validate::failed(QStringLiteral("kind"), QStringLiteral("kind is candidate or job."), QStringLiteral("enum"));
    if (limit < 1 || limit > 200)
        return validate::failed(QStringLiteral("limit"), QStringLiteral("limit must be between 1 and 200."), QStringLiteral("range"));
    const bool wantCandidates = kind.isEmpty() || kind == QLatin1String("candidate");
    const bool wantJobs = kind.isEmpty() || kind == QLatin1String("job");
    if (wantCandidates)
        RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read));
    if (wantJobs)
        RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Read));
    QList<SearchHit> hits;
    if (wantCandidates) {
        auto parsed = parse(query, QStringLiteral("candidate"));
        if (!parsed)
            return parsed.error();
        auto c = searchCandidates(session, parsed.value(), limit);
        if (!c)
            return c.error();
        hits << c.value();
    }
    if (wantJobs) {
        auto parsed = parse(query, QStringLiteral("job"));
        if (!parsed)
            return parsed.error();
        bool jobFilterOnly = true;
        for (const auto& f : parsed.value().filters)
            jobFilterOnly = jobFilterOnly && f.first == QLatin1String("status");
        if (kind.isEmpty() && !jobFilterOnly) {
            // stage:/source: only make sense for candidates when searching both kinds.
        } else {
            auto j = searchJobs(session, parsed.value(), limit);
            if (!j)
                return j.error();
            hits << j.value();
        }
    }
    std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
    if (hits.size() > limit)
        hits = hits.mid(0, limit);
    return hits;
}

Status SearchService::deferIndexing(Database& db, JobQueue& jobs, const QString& tenantId, const QString& key)
{
    auto rows = db.select(QStringLiteral("SELECT row_id FROM search_dirty WHERE kind = 'candidate'"));
    if (!rows)
        return rows.error();
    if (rows.value().isEmpty())
        return {};
    QJsonArray ids;
    for (const auto& r : rows.value())
        ids.append(r.value(0).toString());
    auto job = jobs.enqueue(tenantId, QString::fromLatin1(kIndexJob), key, { { QStringLiteral("candidates"), ids } });
    if (!job)
        return job.error();
    auto clear = db.change(QStringLiteral("DELETE FROM search_dirty WHERE kind = 'candidate'"));
    return clear ? Status() : Status(clear.error());
}

Status SearchService::runIndexJob(const JobRecord& job)
{
    Transaction tx(m_ctx.db);
    RD_TRY(tx.status());
    auto mark = m_ctx.db.change(QStringLiteral("INSERT OR IGNORE INTO search_dirty (kind, row_id) SELECT 'candidate', value FROM json_each(?)"),
        { QString::fromUtf8(QJsonDocument(job.payload.value(QStringLiteral("candidates")).toArray()).toJson(QJsonDocument::Compact)) });
    if (!mark)
        return mark.error();
    return tx.commit(); // the commit writes the documents (Database::flushSearchIndex)
}

Status SearchService::runMergeJob(const JobRecord&)
{
    // 'merge' with a negative page count merges segments of every level towards one segment
    // (as 'optimize' would), at most that many pages per step; each step is its own short
    // transaction so other writers are not held up (100k candidates: 30 steps, 1.7 s).
    for (int step = 0; step < 100000; ++step) {
        Transaction tx(m_ctx.db);
        RD_TRY(tx.status());
        auto before = m_ctx.db.selectOne(QStringLiteral("SELECT total_changes()"));
        if (!before)
            return before.error();
        auto merge = m_ctx.db.change(QStringLiteral("INSERT INTO candidate_search (candidate_search, rank) VALUES ('merge', -500)"));
        if (!merge)
            return merge.error();
        auto after = m_ctx.db.selectOne(QStringLiteral("SELECT total_changes()"));
        if (!after)
            return after.error();
        RD_TRY(tx.commit());
        // SQLite's FTS5 documentation: a difference below 2 means the step found nothing to merge.
        if (after.value().value(0).toLongLong() - before.value().value(0).toLongLong() < 2)
            return {};
    }
    return {};
}

} // namespace rd
