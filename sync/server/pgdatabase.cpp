#include "pgdatabase.h"

#include <QCoreApplication>

#include "servermigrations.h"

#include <QHash>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

#include <atomic>
#include <optional>

Q_LOGGING_CATEGORY(lcPg, "rd.sync.server.pg")

namespace rd::server {

namespace {
// A null QString binds as SQL NULL in QPSQL; here text is text (an empty string). Callers
// that mean NULL pass QVariant().
QVariant bindable(const QVariant& v)
{
    return v.typeId() == QMetaType::QString && v.toString().isNull() ? QVariant(QString(QLatin1String(""))) : v;
}

// A text value PostgreSQL cannot hold: QPSQL writes values into the statement's text, where a
// NUL character cuts the statement short (a syntax error, 42601). Checked before sending.
std::optional<Error> unstorable(const QVariantList& values)
{
    for (const QVariant& v : values)
        if (v.typeId() == QMetaType::QString && v.toString().contains(QChar(0)))
            return Error { ErrorCode::ValidationFailed, QStringLiteral("A value in the request cannot be stored."),
                { { QStringLiteral("reason"), QStringLiteral("unstorable_value") },
                    { QStringLiteral("sqlstate"), QStringLiteral("22021") } } };
    return std::nullopt;
}

Error storageError(const QSqlError& e, const QString& what)
{
    // SQLSTATE class 22 (data exception: a NUL character, text that is no UTF-8, a number out
    // of range, a malformed date) is a value the request brought, not the server's trouble:
    // the client gets 400 with no driver words (the log keeps them), and may not retry as is.
    if (e.nativeErrorCode().startsWith(QLatin1String("22"))) {
        qCWarning(lcPg).noquote() << what << e.nativeErrorCode() << e.text();
        return Error { ErrorCode::ValidationFailed, QStringLiteral("A value in the request cannot be stored."),
            { { QStringLiteral("reason"), QStringLiteral("unstorable_value") },
                { QStringLiteral("sqlstate"), e.nativeErrorCode() } } };
    }
    return Error { ErrorCode::StorageError, QStringLiteral("%1: %2").arg(what, e.text()),
        { { QStringLiteral("native_code"), e.nativeErrorCode() } } };
}
} // namespace

namespace {
// The connections a thread made, one per PgDatabase (by its prefix): closed and removed by the
// thread itself when it ends (thread_local destructors run in the ending thread), so a thread
// that comes later, even under a reused thread id, never meets another thread's connection.
struct ThreadConnections {
    QHash<QString, QString> names; // PgDatabase prefix -> connection name
    ~ThreadConnections()
    {
        // After the application object is gone (a thread ending at process exit, the main
        // thread's own list), Qt has unloaded the PostgreSQL driver plugin: closing would call
        // into unloaded code (a crash at exit, seen in test_syncfields). The process is ending;
        // the server closes the sockets.
        if (!QCoreApplication::instance()) return;
        for (const QString& name : std::as_const(names)) {
            {
                QSqlDatabase db = QSqlDatabase::database(name, false);
                if (db.isOpen()) db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }
    }
};
thread_local ThreadConnections t_connections;
std::atomic<quint64> g_connectionSerial { 0 };
} // namespace

PgDatabase::PgDatabase(PgUrl url)
    : m_url(std::move(url))
    , m_prefix(QStringLiteral("rd-pg-") + QUuid::createUuid().toString(QUuid::Id128).left(8) + QLatin1Char('-'))
{
}

PgDatabase::~PgDatabase()
{
    // This thread's connection goes now; other threads close theirs when they end.
    const QString name = t_connections.names.take(m_prefix);
    if (name.isEmpty()) return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen()) db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

Result<QSqlDatabase> PgDatabase::connection()
{
    QString& name = t_connections.names[m_prefix];
    if (name.isEmpty()) {
        // Named by a serial, never by the thread id (ids are reused once a thread ends).
        name = m_prefix + QString::number(++g_connectionSerial);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(m_url.host);
        db.setPort(m_url.port);
        db.setUserName(m_url.user);
        db.setPassword(m_url.password);
        db.setDatabaseName(m_url.database);
        db.setConnectOptions(QStringLiteral("connect_timeout=5;application_name=recruitdesk-server"));
    }
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (!db.isOpen() && !db.open())
        return storageError(db.lastError(), QStringLiteral("Cannot connect to PostgreSQL at %1").arg(m_url.toString()));
    return db;
}

Status PgDatabase::ping()
{
    auto r = select(QStringLiteral("SELECT 1"));
    if (r) return {};
    // A broken connection is reopened once (the server may have restarted).
    auto db = connection();
    if (db) {
        QSqlDatabase c = db.value();
        c.close();
    }
    r = select(QStringLiteral("SELECT 1"));
    return r ? Status() : Status(r.error());
}

Status PgDatabase::checkRole()
{
    auto r = select(QStringLiteral("SELECT current_user::text, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"));
    if (!r) return r.error();
    if (r.value().isEmpty()) return {};
    const QSqlRecord& role = r.value().first();
    if (!role.value(1).toBool() && !role.value(2).toBool()) return {};
    return Error { ErrorCode::PermissionDenied,
        QStringLiteral("The PostgreSQL role %1 is %2: row-level security, the wall between tenants, would not apply to "
                       "it. Connect as the role that owns the database, without SUPERUSER or BYPASSRLS "
                       "(docs/server-admin.md).")
            .arg(role.value(0).toString(),
                role.value(1).toBool() ? QStringLiteral("a superuser") : QStringLiteral("allowed to bypass row-level "
                                                                                        "security (BYPASSRLS)")),
        { { QStringLiteral("reason"), QStringLiteral("privileged_role") } } };
}

Result<QList<QSqlRecord>> PgDatabase::select(const QString& sql, const QVariantList& values)
{
    auto db = connection();
    if (!db) return db.error();
    if (auto bad = unstorable(values)) return *bad;
    QSqlQuery q(db.value());
    q.setForwardOnly(true);
    if (!q.prepare(sql)) return storageError(q.lastError(), QStringLiteral("Query failed"));
    for (const QVariant& v : values)
        q.addBindValue(bindable(v));
    if (!q.exec()) return storageError(q.lastError(), QStringLiteral("Query failed"));
    QList<QSqlRecord> rows;
    while (q.next())
        rows << q.record();
    return rows;
}

Result<int> PgDatabase::exec(const QString& sql, const QVariantList& values)
{
    auto db = connection();
    if (!db) return db.error();
    QSqlQuery q(db.value());
    if (values.isEmpty()) {
        if (!q.exec(sql)) return storageError(q.lastError(), QStringLiteral("Statement failed"));
        return q.numRowsAffected();
    }
    if (auto bad = unstorable(values)) return *bad;
    if (!q.prepare(sql)) return storageError(q.lastError(), QStringLiteral("Statement failed"));
    for (const QVariant& v : values)
        q.addBindValue(bindable(v));
    if (!q.exec()) return storageError(q.lastError(), QStringLiteral("Statement failed"));
    return q.numRowsAffected();
}

Status PgDatabase::begin()
{
    auto db = connection();
    if (!db) return db.error();
    QSqlDatabase c = db.value();
    return c.transaction() ? Status() : Status(storageError(c.lastError(), QStringLiteral("BEGIN failed")));
}

Status PgDatabase::scopeToTenant(const QString& tenantId)
{
    auto r = select(QStringLiteral("SELECT set_config('rd.tenant_id', ?, true)"), { tenantId });
    return r ? Status() : Status(r.error());
}

Status PgDatabase::commit()
{
    auto db = connection();
    if (!db) return db.error();
    QSqlDatabase c = db.value();
    return c.commit() ? Status() : Status(storageError(c.lastError(), QStringLiteral("COMMIT failed")));
}

void PgDatabase::rollback()
{
    if (auto db = connection()) {
        QSqlDatabase c = db.value();
        c.rollback();
    }
}

int PgDatabase::latestSchemaVersion()
{
    return int(migrations::all().size());
}

Result<int> PgDatabase::schemaVersion()
{
    auto exists = select(QStringLiteral("SELECT to_regclass('schema_migrations') IS NOT NULL"));
    if (!exists) return exists.error();
    if (!exists.value().first().value(0).toBool()) return 0;
    auto v = select(QStringLiteral("SELECT coalesce(max(version), 0) FROM schema_migrations"));
    if (!v) return v.error();
    return v.value().first().value(0).toInt();
}

Result<QList<int>> PgDatabase::migrate()
{
    // One migrating server at a time: a session-level advisory lock (released on exit).
    RD_TRY(exec(QStringLiteral("SELECT pg_advisory_lock(7462001)")));
    auto unlock = qScopeGuard([this] { (void)exec(QStringLiteral("SELECT pg_advisory_unlock(7462001)")); });
    RD_TRY(exec(
        QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, "
                       "applied_at timestamptz NOT NULL DEFAULT now())")));
    auto current = schemaVersion();
    if (!current) return current.error();
    const auto& all = migrations::all();
    if (current.value() > int(all.size()))
        return Error { ErrorCode::SchemaTooNew,
            QStringLiteral("The database is at schema %1, newer than this server knows (%2): upgrade the server.")
                .arg(current.value())
                .arg(all.size()),
            { { QStringLiteral("schema"), current.value() }, { QStringLiteral("supported"), int(all.size()) } } };
    QList<int> applied;
    for (int v = current.value() + 1; v <= int(all.size()); ++v) {
        const migrations::Migration& m = all[size_t(v - 1)];
        RD_TRY(begin());
        for (const QString& statement : m.statements) {
            auto r = exec(statement);
            if (!r) {
                rollback();
                return Error { r.error().code,
                    QStringLiteral("Migration %1 (%2) failed: %3").arg(v).arg(m.name, r.error().message),
                    { { QStringLiteral("version"), v } } };
            }
        }
        auto recorded
            = exec(QStringLiteral("INSERT INTO schema_migrations (version, name) VALUES (?, ?)"), { v, m.name });
        if (!recorded) {
            rollback();
            return recorded.error();
        }
        RD_TRY(commit());
        qCInfo(lcPg) << "applied migration" << v << m.name;
        applied << v;
    }
    return applied;
}

} // namespace rd::server
