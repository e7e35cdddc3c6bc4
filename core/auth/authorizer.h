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

private:
    Status recordDenial(const Session& session, Resource resource, Action action, const QString& resourceId,
        const QString& reason);

    Database& m_db;
    AuditLog& m_audit;
    const Clock& m_clock;
};

} // namespace rd
