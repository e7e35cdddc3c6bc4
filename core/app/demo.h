#pragma once

#include "common/result.h"

#include <QJsonObject>
#include <QString>

namespace rd {

class Workspace;

struct DemoCredentials {
    QString tenantName;
    QString tenantSlug;
    QString adminEmail;
    QString adminPassword;
    QString recruiterEmail;
    QString recruiterPassword;
    QJsonObject toJson() const;
    QString text() const;
};

// Creates the demo workspace "Demo Agency" with an admin, a recruiter, a hiring manager and a
// viewer, all through the normal services. Passwords are random; when credentialsFile is
// given they are also written there (mode 0600) so scripts/run.sh can show them again.
// Also three open jobs and five candidates, four of them at different pipeline stages.
Result<DemoCredentials> seedDemoWorkspace(Workspace& ws, const QString& credentialsFile = {});

} // namespace rd
