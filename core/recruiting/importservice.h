#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QHash>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonObject>
#include <atomic>

namespace rd {

struct ServiceContext;
class JobService;
class JobQueue;
class CandidateService;
class ApplicationService;
class CvService;

struct ImportReport {
    QString batchId; // empty for a dry run
    int imported = 0;
    int updated = 0;
    int duplicates = 0;
    int kept = 0; // values of rows matched by email that the fill policy kept out (docs/import.md)
    QJsonArray errors; // {"row","column","reason"}
    QString encoding;
    bool dryRun = false;
    bool cancelled = false; // stopped on request: the rows before stay (in the batch, revertible)
    QJsonObject toJson() const;
};

// Shared with the thread that runs an import: a request to stop, and how far into the input
// it has read (bytes; the caller knows the file's size, so a percentage).
struct ImportControl {
    std::atomic_bool cancel { false };
    std::atomic<qint64> bytesRead { 0 };
};

// CSV import of jobs and candidates through the normal services (permission checks,
// validation, audit, outbox). Canonical headers are in docs/import.md; other headers through
// a mapping (their header -> canonical name). Every bad row is reported with its line,
// column and reason while the good rows import; re-importing updates by external_id (and,
// for candidates, by email) instead of duplicating; a dry run reports without keeping
// anything; every import is a batch that can be reverted. The file is streamed. New
// candidates go through CandidateBatch (the same rows, audit entries and outbox records as
// CandidateService::create); their search documents are written by search.index jobs on the
// jobs queue, seconds after each commit of 2,000 rows (decision 0009).
class ImportService {
public:
    ImportService(ServiceContext& ctx, JobService& jobs, CandidateService& candidates, ApplicationService& applications, CvService& cvs,
        JobQueue& queue)
        : m_ctx(ctx)
        , m_queue(queue)
        , m_jobs(jobs)
        , m_candidates(candidates)
        , m_applications(applications)
        , m_cvs(cvs)
    {
    }

    // CONTROL (optional, shared with another thread): its cancel flag stops the import before
    // the next row — what was imported until then is kept in the batch (a dry run keeps nothing
    // either way); bytesRead follows the input as rows are read.
    // OVERWRITE: a candidate row matched by email only replaces the candidate's values, names and
    // external id included (the tenant setting import_policy = overwrite does the same); by
    // default such a row only fills empty fields and adds to lists.
    Result<ImportReport> importCsv(const Session& session, const QString& kind, QIODevice& input, const QString& fileName,
        bool dryRun, const QHash<QString, QString>& mapping = {}, ImportControl* control = nullptr, bool overwrite = false);
    Result<QJsonObject> revert(const Session& session, const QString& batchId);

    static QStringList canonicalHeaders(const QString& kind);

private:
    ServiceContext& m_ctx;
    JobQueue& m_queue;
    JobService& m_jobs;
    CandidateService& m_candidates;
    ApplicationService& m_applications;
    CvService& m_cvs;
};

} // namespace rd
