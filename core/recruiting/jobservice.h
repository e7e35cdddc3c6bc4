#pragma once

#include "auth/session.h"
#include "common/result.h"
#include "recruiting/pipelines.h"
#include "store/listquery.h"

#include <QJsonObject>
#include <QStringList>

#include <functional>
#include <optional>

namespace rd {

struct ServiceContext;

struct Job {
    QString id;
    QString tenantId;
    QString jobNumber;
    QString externalId;
    QString title;
    QString description;
    QString department;
    QString location;
    std::optional<double> latitude;
    std::optional<double> longitude;
    QString remote;
    QString employmentType;
    std::optional<double> salaryMin;
    std::optional<double> salaryMax;
    QString salaryCurrency;
    QString status;
    bool published = false;
    QStringList tags;
    QStringList mustHave;
    QStringList niceToHave;
    QString pipelineId;
    QStringList managerIds;
    QList<Stage> stages;
    QString source;         // '' for the tenant's own jobs; a feed or connector name for source jobs
    QString company;
    QString canonicalJobId; // a source job's link to the canonical job it duplicates
    std::optional<double> maxDistanceKm;
    QString createdAt;
    QString updatedAt;
    QJsonObject toJson() const;
};

// Jobs (the recruiting kind; background work is JobQueue). Hiring managers may update only
// jobs they are assigned to. Fields settable through create/update are listed by fields().
class JobService {
public:
    explicit JobService(ServiceContext& ctx) : m_ctx(ctx), m_pipelines(ctx) { }

    Result<Job> create(const Session& session, const QJsonObject& fields);
    Result<Job> update(const Session& session, const QString& idOrExternal, const QJsonObject& patch);
    Result<Job> get(const Session& session, const QString& idOrExternal);
    Result<Page<Job>> list(const Session& session, const ListQuery& query);
    // Publishing needs a title, a description and at least one stage; it opens the job.
    Result<Job> publish(const Session& session, const QString& idOrExternal);
    Result<Job> setStatus(const Session& session, const QString& idOrExternal, const QString& status);
    Result<Job> assignManager(const Session& session, const QString& idOrExternal, const QString& userId, bool assign = true);

    // Pipeline editing on a job's own pipeline (needs job.update; hiring managers only on
    // assigned jobs). STAGE is a stage id or name. Removing a stage that holds applications
    // needs a target stage; they move there with a stage-history entry.
    Result<Job> addStage(const Session& session, const QString& job, const QString& name, const QString& kind, int position = -1);
    Result<Job> renameStage(const Session& session, const QString& job, const QString& stage, const QString& newName);
    Result<Job> reorderStages(const Session& session, const QString& job, const QStringList& order);
    Result<Job> removeStage(const Session& session, const QString& job, const QString& stage, const QString& moveTo = {});

    static QStringList fields();
    static const ListSpec& listSpec();
    // Internal: the job row in the tenant by id, external id (the tenant's own job first) or job number.
    Result<Job> load(const QString& tenantId, const QString& idOrExternal);
    // Source jobs: unique per (source, external id); each is linked to the canonical job with
    // the same normalised title, company and location, if there is one (canonical_job_id).
    Result<Job> loadBySource(const QString& tenantId, const QString& source, const QString& externalId);
    Result<QList<Job>> linkedJobs(const Session& session, const QString& job);
    static QString dedupeKey(const QString& title, const QString& company, const QString& location);

private:
    Result<Job> editPipeline(const Session& session, const QString& job, const QString& action, const QJsonObject& diff,
        const std::function<Status(class UnitOfWork&, const Job&)>& edit);

public:
    // Hiring managers may only act on jobs assigned to them (permission_denied otherwise).
    Status requireAssignedIfManager(const Session& session, const Job& job);

private:
    Status linkCanonical(class UnitOfWork& uow, const QString& id);

public:
    // A hiring manager without broader job rights: limited to the jobs assigned to them.
    bool isScopedManager(const Session& session);
    // For list queries: " AND <jobColumn> IN (jobs assigned to the reader)" and its one bound
    // value (the user id) for a scoped hiring manager; empty for everyone else.
    QPair<QString, QVariantList> assignedJobsFilter(const Session& session, const QString& jobColumn);

private:
    ServiceContext& m_ctx;
    PipelineService m_pipelines;
};

} // namespace rd
