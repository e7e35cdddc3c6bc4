#pragma once

#include "common/result.h"
#include "serverconfig.h"

#include <QMutex>
#include <QSqlDatabase>
#include <QSqlRecord>
#include <QStringList>
#include <QVariantList>

namespace rd::server {

// The server's PostgreSQL database through QPSQL: one connection per thread (the HTTP
// workers each get their own), opened on first use and reopened after a lost connection.
// Bound QStrings are text even when null (QVariant() binds NULL).
class PgDatabase {
public:
    explicit PgDatabase(PgUrl url);
    ~PgDatabase();
    PgDatabase(const PgDatabase&) = delete;
    PgDatabase& operator=(const PgDatabase&) = delete;

    // The calling thread's connection, open.
    Result<QSqlDatabase> connection();
    // Readiness: a round trip (SELECT 1) on this thread's connection.
    Status ping();
    // PermissionDenied when the connection's role is a superuser or has BYPASSRLS: row-level
    // security, the second wall between tenants, would not apply to it.
    Status checkRole();

    Result<QList<QSqlRecord>> select(const QString& sql, const QVariantList& values = {});
    Result<int> exec(const QString& sql, const QVariantList& values = {});
    Status begin();
    // Row-level security: the rows of TENANTID only, until the current transaction ends.
    Status scopeToTenant(const QString& tenantId);
    Status commit();
    void rollback();

    // Applies the numbered migrations not yet recorded in schema_migrations, each in its own
    // transaction; returns the versions applied. Safe to run from several servers at once
    // (an advisory lock serialises them).
    Result<QList<int>> migrate();
    // The highest applied version (0: none) and the latest this build knows.
    Result<int> schemaVersion();
    static int latestSchemaVersion();

    const PgUrl& url() const { return m_url; }

private:
    PgUrl m_url;
    QString m_prefix;
};

} // namespace rd::server
