#pragma once

#include "auth/session.h"
#include "common/result.h"
#include "store/listquery.h"

#include <QJsonObject>

namespace rd {

struct ServiceContext;
class JobService;
class UnitOfWork;

// Appends one stage_history row (and its outbox record) for an application moving from
// fromStage (empty for a new application) to toStage with the resulting status.
Status recordStageMove(UnitOfWork& uow, ServiceContext& ctx, const QString& applicationId, const QString& fromStage,
    const QString& toStage, const QString& status);
class CandidateService;

struct Application {
    QString id;
    QString candidateId;
    QString jobId;
    QString stageId;
    QString stageName;
    QString stageKind;
    QString status; // active | rejected | withdrawn | hired
    QString source;
    QString appliedAt;
    QString updatedAt;
    QString candidateName; // for lists and boards (read with the row)
    QString candidateHeadline;
    QString jobTitle;
    QJsonObject toJson() const;
};

// Candidate x job. Rules: no new application to a closed or archived job; one application
// per candidate and job; a move goes to a stage of the job's own pipeline, only active
// applications move, and "hired" is reached only from an "offer" stage; moving to a hired or
// rejected stage sets the status; every move is kept in stage_history with who and when.
// Hiring managers see and move only applications of jobs assigned to them.
class ApplicationService {
public:
    ApplicationService(ServiceContext& ctx, JobService& jobs, CandidateService& candidates)
        : m_ctx(ctx)
        , m_jobs(jobs)
        , m_candidates(candidates)
    {
    }

    Result<Application> apply(const Session& session, const QString& candidate, const QString& job, const QString& source = {});
    Result<Application> move(const Session& session, const QString& applicationId, const QString& stage);
    Result<QList<Application>> listForJob(const Session& session, const QString& job);
    // A candidate's applications (a hiring manager: only those of jobs assigned to them).
    Result<QList<Application>> listForCandidate(const Session& session, const QString& candidate);
    Result<QList<QJsonObject>> history(const Session& session, const QString& applicationId);

private:
    Result<Application> load(const QString& tenantId, const QString& id);
    ServiceContext& m_ctx;
    JobService& m_jobs;
    CandidateService& m_candidates;
};

} // namespace rd
