#pragma once

#include "auth/session.h"
#include "common/result.h"
#include "recruiting/searchquery.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace rd {

class Database;
class JobQueue;
struct JobRecord;

struct ServiceContext;

struct SearchHit {
    QString kind; // candidate | job
    QString id;
    QString externalId;
    QString title;
    QString snippet; // matches in [brackets]
    double score = 0; // higher is better
    QJsonObject toJson() const;
};


// Search over candidates and jobs: words, "phrases", prefix*, OR, -exclusion, and the field
// filters skill:, tag:, city: (full-text columns) and status:, stage:, source: (exact
// filters). BM25 ranking with column weights; snippets; only rows of the session's tenant
// and only kinds the session may read.
class SearchService {
public:
    explicit SearchService(ServiceContext& ctx) : m_ctx(ctx) { }

    Result<QList<SearchHit>> search(const Session& session, const QString& query, const QString& kind = {}, int limit = 20);
    static Result<ParsedQuery> parse(const QString& query, const QString& kind);
    // A term as an FTS5 string (a phrase of its tokens): user text never becomes FTS syntax.
    static QString quoteTerm(const QString& term);

    // Bulk writers (the CSV import) hand their search documents to the jobs queue instead of
    // writing them at commit (decision 0009): deferIndexing() moves the candidates marked in
    // search_dirty into one search.index job (inside the caller's transaction, so the job
    // commits with the rows); runIndexJob() writes their documents in one transaction.
    static constexpr const char* kIndexJob = "search.index";
    // Merges the index segments a large import leaves behind (bounded steps, one transaction
    // each), queued after the import's index jobs.
    static constexpr const char* kMergeJob = "search.merge";
    Status runMergeJob(const JobRecord& job);
    // Broad queries rank only the most recently added rankWindow() matches (default
    // kRankWindow; see docs/search.md). Fewer matches are all ranked.
    static constexpr int kRankWindow = 2000;
    int rankWindow() const { return m_rankWindow; }
    void setRankWindow(int documents) { m_rankWindow = qMax(1, documents); }
    static Status deferIndexing(Database& db, JobQueue& jobs, const QString& tenantId, const QString& key);
    Status runIndexJob(const JobRecord& job);

private:
    Result<QList<SearchHit>> searchCandidates(const Session& session, const ParsedQuery& q, int limit);
    Result<QHash<qint64, QString>> snippetsFor(const QString& match, const QString& marks, const QVariantList& keys);
    Result<QList<SearchHit>> searchJobs(const Session& session, const ParsedQuery& q, int limit);
    ServiceContext& m_ctx;
    int m_rankWindow = kRankWindow;
};

} // namespace rd
