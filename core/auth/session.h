#pragma once

#include <QString>
#include <QStringList>

namespace rd {

// Who is acting. Obtained from AuthService::signIn (or Session::system for bootstrap and the
// sync applier). Permissions are not cached here: the Authorizer re-reads them on every call
// so a revoked role or a disabled user takes effect at once.
struct Session {
    QString tenantId;
    QString userId;
    QString email;
    QString correlationId;
    bool system = false;

    bool valid() const { return !tenantId.isEmpty() && (system || !userId.isEmpty()); }
    static Session systemFor(const QString& tenantId)
    {
        Session s;
        s.tenantId = tenantId;
        s.system = true;
        return s;
    }
};

} // namespace rd
