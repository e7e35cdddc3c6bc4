#pragma once

#include "auth/permissions.h"
#include "auth/session.h"
#include "common/result.h"

#include <QSet>

namespace rd {

class AuditLog;
class Clock;
class Database;

// The one place that decides whether a session may do something. Every service calls
// require() first; the UI only hides what this already forbids. Permissions are read from
// the database on every call (user active, tenant active, system + custom roles), so a
// change in roles takes effect immediately. A denial is audited (outcome "denied").
class Authorizer {
public:
    Authorizer(Database& db, AuditLog& audit, const Clock& clock)
        : m_db(db)
        , m_audit(audit)
        , m_clock(clock)
    {
    }

    Status require(const Session& session, Resource resource, Action action, const QString& resourceId = {});
    bool can(const Session& session, Resource resource, Action action);
    Result<QSet<Permission>> permissions(const Session& session);
    Result<QStringList> roleNames(const Session& session);

    // A hiring manager (without job.create) reads only the candidates with a live application on
    // one of their assigned jobs, and those candidates' CVs, attachments and notes: the rule the
    // sync server applies to what it sends and accepts (writepolicy::mayRead). scopedToAssignedJobs
    // says whether the session is limited; candidateScope gives the SQL condition on a candidate id
    // column (empty when not limited); requireCandidateVisible answers NotFound for a candidate
    // outside the scope, as if it were not there.
    Result<bool> scopedToAssignedJobs(const Session& session);
    struct Scope {
        QString sql;
        QVariantList binds;
    };
    Result<Scope> candidateScope(const Session& session, const QString& candidateColumn);
    Result<Scope> jobScope(const Session& session, const QString& jobColumn);
    Status requireCandidateVisible(const Session& session, const QString& candidateId);
    Status requireJobVisible(const Session& session, const QString& jobId);

private:
    Result<Scope> scopeIn(const Session& session, const QString& column, const QString& subquery);
    Status requireVisible(const Session& session, const QString& table, const QString& id, const QString& what);
    Status recordDenial(const Session& session, Resource resource, Action action, const QString& resourceId,
        const QString& reason);

    Database& m_db;
    AuditLog& m_audit;
    const Clock& m_clock;
};

} // namespace rd
