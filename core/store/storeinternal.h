#pragma once

// What core/store's own files share about Database (not part of its interface).
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace rd {

// The SQLite handle under a QSQLITE connection (nullptr for another driver).
inline sqlite3* handleOf(const QSqlDatabase& db)
{
    const QVariant handle = db.driver()->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(handle.data());
}

} // namespace rd
