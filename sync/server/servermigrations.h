#pragma once

#include <QString>
#include <QStringList>
#include <vector>

namespace rd::server::migrations {

// The server's numbered PostgreSQL migrations: version N is all()[N-1]. Released versions
// never change; a change is a new version.
struct Migration {
    QString name;
    QStringList statements;
};
const std::vector<Migration>& all();

} // namespace rd::server::migrations
