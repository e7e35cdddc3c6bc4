#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QJsonObject>
#include <QList>

namespace rd {

struct ServiceContext;
class CandidateService;

// School workspaces: cohorts of learners (candidates) with mentors (users). A mentor sees the
// learners of their cohorts with their profile completion. Only tenants of kind "school" have
// cohorts (validation_failed, rule school_only, elsewhere). Editing needs candidate.update,
// reading candidate.read.
class CohortService {
public:
    CohortService(ServiceContext& ctx, CandidateService& candidates) : m_ctx(ctx), m_candidates(candidates) { }

    Result<QJsonObject> create(const Session& session, const QString& name, const QString& startsOn = {}, const QString& endsOn = {});
    Result<QList<QJsonObject>> list(const Session& session);
    // {"cohort":{...},"mentors":[{user}],"learners":[{candidate summary with profile_completion}]}
    Result<QJsonObject> show(const Session& session, const QString& idOrName);
    Result<QJsonObject> addLearner(const Session& session, const QString& cohort, const QString& candidate);
    Result<QJsonObject> addMentor(const Session& session, const QString& cohort, const QString& userId);
    Status removeMember(const Session& session, const QString& cohort, const QString& memberId);
    // The learners of every cohort the session's user mentors.
    Result<QList<QJsonObject>> myLearners(const Session& session);

private:
    Status requireSchool(const Session& session);
    Status notScoped(const Session& session);
    Result<QJsonObject> load(const Session& session, const QString& idOrName);
    Result<QJsonObject> addMember(const Session& session, const QString& cohort, const QString& role, const QString& candidateId,
        const QString& userId);
    ServiceContext& m_ctx;
    CandidateService& m_candidates;
};

} // namespace rd
