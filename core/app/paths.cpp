#include "paths.h"

#include <QDir>
#include <QStandardPaths>

namespace rd {

QString defaultDatabasePath()
{
    const QByteArray env = qgetenv("RECRUITDESK_DB");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/recruitdesk.db");
}

} // namespace rd
