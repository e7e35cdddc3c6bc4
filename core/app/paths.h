#pragma once

#include <QString>

namespace rd {

// The default profile database: $RECRUITDESK_DB if set, otherwise
// QStandardPaths::AppDataLocation/recruitdesk.db (on Linux ~/.local/share/recruitdesk/).
// Desktop app and CLI call this after QCoreApplication::setApplicationName("recruitdesk").
QString defaultDatabasePath();

} // namespace rd
