#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QJsonArray>
#include <QJsonObject>

namespace rd {

struct ServiceContext;
class JobService;
class CandidateService;

// What the desktop shows at a glance (read-only; every figure respects the reader's scope:
// a hiring manager sees only the jobs assigned to them).
class ActivityService {
public:
    ActivityService(ServiceContext& ctx, JobService& jobs, CandidateService& candidates)
        : m_ctx(ctx)
        , m_jobs(jobs)
        , m_candidates(candidates)
    {
    }

    // {"jobs":[{id,title,location,total,stages:[{id,name,kind,count}]}] (open jobs, active
    //  applications per stage), "interviews_today":[{id,starts_at,time_zone,candidate_id,
    //  candidate,job}] (the reader's, or all for those who may read every interview),
    //  "waiting":{count, items:[{application_id,candidate_id,candidate,job,applied_at}]}
    //  (active applications still in an "applied" stage, oldest first),
    //  "activity":[{at,action,resource_type,resource_id,user}] (latest audit entries; only
    //  the reader's own without audit.read)}. dayStartUtc/dayEndUtc bound "today".
    Result<QJsonObject> dashboard(const Session& session, const QString& dayStartUtc, const QString& dayEndUtc);

    // A candidate's history, newest first: {at, kind, title, detail, by, ref}. Kinds:
    // application, stage_move, note, interview, outreach, audit. Hiring managers see only
    // what belongs to their assigned jobs (and the candidate's own audit entries).
    Result<QJsonArray> timeline(const Session& session, const QString& candidate);

private:
    ServiceContext& m_ctx;
    JobService& m_jobs;
    CandidateService& m_candidates;
};

} // namespace rd
