#include "database.h"

#include "common/clock.h"
#include "common/ids.h"
#include "cryptvfs.h"
#include "migrations.h"
#include "storeinternal.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QThread>
#include <QSqlDriver>

#include <optional>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcStore, "rd.core.store")

namespace rd {

namespace {
std::atomic<quint64> g_instances { 0 };
}

Database::Database(QString path, OpenOptions options)
    : m_path(std::move(path))
    , m_options(options)
    , m_instance(++g_instances)
{
}

Database::~Database()
{
    QMutexLocker lock(&m_mutex);
    QStringList names;
    for (ThreadState* st : std::as_const(m_threads)) {
        qDeleteAll(st->statements);
        for (void* stmt : std::as_const(st->rawStatements))
            sqlite3_finalize(static_cast<sqlite3_stmt*>(stmt));
        names << st->connectionName;
        delete st;
    }
    m_threads.clear();
    // removeDatabase closes each connection; it may be called from any thread.
    for (const QString& name : names)
        QSqlDatabase::removeDatabase(name);
    if (!m_keyToken.isEmpty())
        cryptvfs::removeKey(m_keyToken);
}

QString Database::sqliteName(const QString& path) const
{
    return m_keyToken.isEmpty() ? cryptvfs::plainUri(path) : cryptvfs::uri(path, m_keyToken);
}

Error Database::sqlError(const QSqlQuery& q, const QString& what)
{
    const QString text = q.lastError().text();
    ErrorCode code = ErrorCode::StorageError;
    if (text.contains(QLatin1String("UNIQUE constraint failed")))
        code = ErrorCode::Conflict;
    // The message never echoes SQL or user values; details carry the driver text for logs.
    return makeError(code, what, { { QStringLiteral("driver"), text } });
}

Database::ThreadState& Database::state() const
{
    // One-entry per-thread cache: the hot path needs no lock.
    struct Cached {
        quint64 instance = 0;
        ThreadState* state = nullptr;
    };
    static thread_local Cached cached;
    if (cached.instance == m_instance && cached.state)
        return *cached.state;
    ThreadState& st = lockedState();
    cached = { m_instance, &st };
    return st;
}

Database::ThreadState& Database::lockedState() const
{
    const Qt::HANDLE tid = QThread::currentThreadId();
    QMutexLocker lock(&m_mutex);
    auto it = m_threads.find(tid);
    if (it != m_threads.end())
        return **it;
    auto* st = new ThreadState;
    st->connectionName = QStringLiteral("rd_%1_%2").arg(m_instance).arg(quintptr(tid), 0, 16);
    m_threads.insert(tid, st);
    return *st;
}

Status Database::applyPragmas(QSqlDatabase& db)
{
    if (!m_keyToken.isEmpty()) {
        // Room for nonce and tag at the end of every page; set before SQLite writes the first.
        int reserve = cryptvfs::kReserve;
        if (sqlite3* h = handleOf(db))
            sqlite3_file_control(h, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
    }
    QSqlQuery q(db);
    // Temporary files (statement journals, sorter spill) stay SQLite's default: the VFS encrypts
    // them with a key that dies with the process. temp_store=MEMORY was tried and made a
    // 100,000-row import quadratic (SQLite's in-memory journals).
    const QStringList pragmas { QStringLiteral("PRAGMA journal_mode=WAL"), QStringLiteral("PRAGMA foreign_keys=ON"),
        QStringLiteral("PRAGMA synchronous=NORMAL"), QStringLiteral("PRAGMA secure_delete=ON"),
        // Up to 128 MB of page cache (taken as pages are used): a 2,000-row import commit stays in
        // memory until COMMIT, and an encrypted file decrypts a page again only when it left the
        // cache (bench_store at 100,000 rows: 0.70 of the plain file with 32 MB, 0.80 with 128 MB).
        QStringLiteral("PRAGMA cache_size=-131072"), QStringLiteral("PRAGMA busy_timeout=%1").arg(m_options.busyTimeoutMs) };
    for (const QString& p : pragmas) {
        if (!q.exec(p))
            return sqlError(q, QStringLiteral("cannot configure database"));
    }
    return {};
}

QSqlDatabase Database::connection()
{
    ThreadState& st = state();
    QSqlDatabase db = QSqlDatabase::database(st.connectionName, false);
    if (db.isValid() && db.isOpen())
        return db;
    db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), st.connectionName);
    db.setDatabaseName(sqliteName(m_path));
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1;QSQLITE_OPEN_URI").arg(m_options.busyTimeoutMs));
    if (!db.open()) {
        qCWarning(lcStore) << "cannot open" << m_path << db.lastError().text();
        return db;
    }
    if (auto s = applyPragmas(db); !s)
        qCWarning(lcStore) << s.error().message << s.error().details;
    return db;
}

QSqlQuery& Database::prepared(const QString& sql)
{
    ThreadState& st = state();
    auto it = st.statements.find(sql);
    if (it != st.statements.end())
        return **it;
    auto* q = new QSqlQuery(connection());
    if (!q->prepare(sql))
        qCWarning(lcStore) << "prepare failed:" << q->lastError().text();
    st.statements.insert(sql, q);
    return *q;
}

Status Database::transactionAlive()
{
    // SQLite rolls a whole transaction back by itself on some errors (a full disk, an I/O
    // error, no memory). Statements after that would run one by one, each committed at once,
    // while this object still counts an open transaction: a unit of work would commit half
    // (outbox recording turned off, say, and never back on). Refused instead.
    if (state().depth == 0)
        return {};
    sqlite3* db = handleOf(connection());
    if (db && sqlite3_get_autocommit(db) != 0)
        return makeError(ErrorCode::StorageError,
            QStringLiteral("The database ended the transaction by itself (a full disk or an I/O error?); nothing more is written in it."),
            { { QStringLiteral("reason"), QStringLiteral("transaction_lost") } });
    return {};
}

Status Database::countFault()
{
    RD_TRY(transactionAlive());
    const int n = m_failAfter.load();
    if (n == 0) {
        m_failAfter = -1;
        return makeError(ErrorCode::StorageError, QStringLiteral("injected fault"), { { QStringLiteral("fault"), true } });
    }
    if (n > 0)
        m_failAfter = n - 1;
    return {};
}

Database::RawValue Database::RawValue::from(const QVariant& v)
{
    if (v.isNull())
        return null();
    switch (v.typeId()) {
    case QMetaType::Double:
    case QMetaType::Float:
        return dbl(v.toDouble());
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Bool:
        return num(v.toLongLong());
    case QMetaType::QByteArray:
        return v.toByteArray().isNull() ? null() : blob(v.toByteArray());
    case QMetaType::QString:
        return v.toString().isNull() ? null() : str(v.toString()); // as QtSql binds a null QString
    default:
        return str(v.toString());
    }
}

Result<void*> Database::rawStatement(const QByteArray& sql)
{
    ThreadState& st = state();
    if (void* cached = st.rawStatements.value(sql))
        return cached;
    const QVariant handle = connection().driver()->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return makeError(ErrorCode::StorageError, QStringLiteral("no SQLite handle"));
    sqlite3* db = *static_cast<sqlite3* const*>(handle.data());
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
        qCWarning(lcStore) << "prepare failed:" << sqlite3_errmsg(db) << sql.left(120);
        return makeError(ErrorCode::StorageError, QStringLiteral("database statement failed"),
            { { QStringLiteral("driver"), QString::fromUtf8(sqlite3_errmsg(db)) } });
    }
    st.rawStatements.insert(QByteArray(sql.constData(), sql.size()), stmt); // a deep copy: sql may be raw data
    return static_cast<void*>(stmt);
}

void Database::bindRaw(void* handle, const RawValue* values, qsizetype count)
{
    auto* stmt = static_cast<sqlite3_stmt*>(handle);
    for (qsizetype k = 0; k < count; ++k) {
        const RawValue& v = values[k];
        const int i = int(k) + 1;
        switch (v.kind) {
        case RawValue::Kind::Null: sqlite3_bind_null(stmt, i); break;
        case RawValue::Kind::Int: sqlite3_bind_int64(stmt, i, v.integer); break;
        case RawValue::Kind::Real: sqlite3_bind_double(stmt, i, v.real); break;
        case RawValue::Kind::Text: sqlite3_bind_text(stmt, i, v.text.constData(), int(v.text.size()), SQLITE_TRANSIENT); break;
        case RawValue::Kind::Blob: sqlite3_bind_blob(stmt, i, v.text.constData(), int(v.text.size()), SQLITE_TRANSIENT); break;
        }
    }
}

namespace {
// The error of a failed step, as sqlError() reports QtSql's: a unique violation is a conflict.
Error stepError(sqlite3_stmt* stmt)
{
    const QString msg = QString::fromUtf8(sqlite3_errmsg(sqlite3_db_handle(stmt)));
    return makeError(msg.contains(QLatin1String("UNIQUE")) ? ErrorCode::Conflict : ErrorCode::StorageError,
        QStringLiteral("database statement failed"), { { QStringLiteral("driver"), msg } });
}

Status stepDone(sqlite3_stmt* stmt)
{
    const int rc = sqlite3_step(stmt);
    Status result;
    if (rc != SQLITE_DONE)
        result = stepError(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return result;
}
} // namespace

Status Database::appendRow(const char* sql, std::initializer_list<RawValue> values)
{
    RD_TRY(countFault());
    auto stmt = rawStatement(QByteArray::fromRawData(sql, qstrlen(sql)));
    if (!stmt)
        return stmt.error();
    bindRaw(stmt.value(), values.begin(), qsizetype(values.size()));
    return stepDone(static_cast<sqlite3_stmt*>(stmt.value()));
}

Status Database::appendRow(const QByteArray& sql, const QList<RawValue>& values)
{
    RD_TRY(countFault());
    auto stmt = rawStatement(sql);
    if (!stmt)
        return stmt.error();
    bindRaw(stmt.value(), values.constData(), values.size());
    return stepDone(static_cast<sqlite3_stmt*>(stmt.value()));
}

bool Database::RawRow::isNull(int column) const
{
    return sqlite3_column_type(static_cast<sqlite3_stmt*>(m_stmt), column) == SQLITE_NULL;
}

QString Database::RawRow::text(int column) const
{
    auto* stmt = static_cast<sqlite3_stmt*>(m_stmt);
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    return data ? QString::fromUtf8(data, sqlite3_column_bytes(stmt, column)) : QString();
}

double Database::RawRow::real(int column) const { return sqlite3_column_double(static_cast<sqlite3_stmt*>(m_stmt), column); }

qint64 Database::RawRow::integer(int column) const { return sqlite3_column_int64(static_cast<sqlite3_stmt*>(m_stmt), column); }

Status Database::forEachRow(const QByteArray& sql, const QList<RawValue>& values, const std::function<void(const RawRow&)>& fn)
{
    RD_TRY(countFault());
    auto handle = rawStatement(sql);
    if (!handle)
        return handle.error();
    auto* stmt = static_cast<sqlite3_stmt*>(handle.value());
    bindRaw(stmt, values.constData(), values.size());
    const RawRow row(stmt);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        fn(row);
    Status result;
    if (rc != SQLITE_DONE)
        result = stepError(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return result;
}

Result<QString> Database::lookup(const char* sql, std::initializer_list<RawValue> values)
{
    std::optional<QString> first;
    RD_TRY(forEachRow(QByteArray::fromRawData(sql, qstrlen(sql)), QList<RawValue>(values), [&](const RawRow& row) {
        if (!first)
            first = row.text(0);
    }));
    if (!first)
        return makeError(ErrorCode::NotFound, QStringLiteral("no row"));
    return *first;
}

Status Database::run(QSqlQuery& query)
{
    RD_TRY(countFault());
    if (!query.exec())
        return sqlError(query, QStringLiteral("database statement failed"));
    return {};
}

Result<QSqlQuery*> Database::exec(const QString& sql, const QVariantList& values)
{
    QSqlQuery& q = prepared(sql);
    q.finish();
    for (int i = 0; i < values.size(); ++i) {
        const QVariant& v = values.at(i);
        // A null QString is an empty text value; only an invalid QVariant() binds SQL NULL.
        if (v.typeId() == QMetaType::QString && static_cast<const QString*>(v.constData())->isNull())
            q.bindValue(i, QStringLiteral(""));
        else
            q.bindValue(i, v);
    }
    if (auto s = run(q); !s)
        return s.error();
    return &q;
}

Result<QList<QSqlRecord>> Database::select(const QString& sql, const QVariantList& values)
{
    auto q = exec(sql, values);
    if (!q)
        return q.error();
    QList<QSqlRecord> rows;
    while (q.value()->next())
        rows.append(q.value()->record());
    q.value()->finish();
    return rows;
}

Result<QSqlRecord> Database::selectOne(const QString& sql, const QVariantList& values)
{
    auto q = exec(sql, values);
    if (!q)
        return q.error();
    if (!q.value()->next()) {
        q.value()->finish();
        return makeError(ErrorCode::NotFound, QStringLiteral("not found"));
    }
    QSqlRecord r = q.value()->record();
    q.value()->finish();
    return r;
}

Result<int> Database::change(const QString& sql, const QVariantList& values)
{
    auto q = exec(sql, values);
    if (!q)
        return q.error();
    const int n = q.value()->numRowsAffected();
    q.value()->finish();
    return n;
}

Status Database::execRaw(const QString& sql)
{
    QSqlQuery q(connection());
    if (!q.exec(sql))
        return sqlError(q, QStringLiteral("database statement failed"));
    return {};
}

Status Database::begin()
{
    ThreadState& st = state();
    QSqlQuery q(connection());
    const QString sql = st.depth == 0 ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("SAVEPOINT sp%1").arg(st.depth);
    if (!q.exec(sql))
        return sqlError(q, QStringLiteral("cannot start transaction"));
    ++st.depth;
    return {};
}

Status Database::flushSearchIndex()
{
    auto any = selectOne(QStringLiteral("SELECT 1 FROM search_dirty LIMIT 1"));
    if (!any)
        return any.error().code == ErrorCode::NotFound ? Status() : Status(any.error());
    auto del = change(QStringLiteral("DELETE FROM candidate_search WHERE rowid IN (SELECT k.rowid FROM search_dirty d JOIN search_keys k ON "
                                     "k.kind = d.kind AND k.row_id = d.row_id WHERE d.kind = 'candidate')"));
    if (!del)
        return del.error();
    auto ins = change(QStringLiteral("INSERT INTO candidate_search (rowid, tenant_id, scope, name, headline, skills, tags, location, emails, cv) "
                                     "SELECT s.key, s.tenant_id, s.scope, s.name, s.headline, s.skills, s.tags, s.location, s.emails, s.cv FROM "
                                     "search_dirty d JOIN candidate_search_source s ON s.id = d.row_id WHERE d.kind = 'candidate'"));
    if (!ins)
        return ins.error();
    auto clear = change(QStringLiteral("DELETE FROM search_dirty"));
    return clear ? Status() : Status(clear.error());
}

Status Database::commit()
{
    ThreadState& st = state();
    if (st.depth == 0)
        return makeError(ErrorCode::Internal, QStringLiteral("commit without transaction"));
    if (st.depth == 1 && m_searchIndex) {
        // The search documents of everything this transaction touched, written once.
        Status flushed = flushSearchIndex();
        if (!flushed) {
            rollback();
            return flushed;
        }
    }
    --st.depth;
    QSqlQuery q(connection());
    const QString sql = st.depth == 0 ? QStringLiteral("COMMIT") : QStringLiteral("RELEASE sp%1").arg(st.depth);
    if (!q.exec(sql)) {
        Error e = sqlError(q, QStringLiteral("cannot commit transaction"));
        QSqlQuery r(connection());
        if (st.depth == 0) {
            (void)r.exec(QStringLiteral("ROLLBACK"));
        } else {
            (void)r.exec(QStringLiteral("ROLLBACK TO sp%1").arg(st.depth));
            (void)r.exec(QStringLiteral("RELEASE sp%1").arg(st.depth));
        }
        return e;
    }
    return {};
}

void Database::rollback()
{
    ThreadState& st = state();
    if (st.depth == 0)
        return;
    --st.depth;
    // Reset cached statements so no half-stepped statement holds the transaction open.
    for (QSqlQuery* q : std::as_const(st.statements))
        q->finish();
    QSqlQuery q(connection());
    if (st.depth == 0) {
        (void)q.exec(QStringLiteral("ROLLBACK"));
    } else {
        (void)q.exec(QStringLiteral("ROLLBACK TO sp%1").arg(st.depth));
        (void)q.exec(QStringLiteral("RELEASE sp%1").arg(st.depth));
    }
}

bool Database::inTransaction() const { return state().depth > 0; }

int Database::schemaVersion()
{
    QSqlQuery q(connection());
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        return q.value(0).toInt();
    return -1;
}

Result<QString> Database::meta(const QString& key)
{
    auto q = exec(QStringLiteral("SELECT value FROM meta WHERE key = ?"), { key });
    if (!q)
        return q.error();
    if (!q.value()->next())
        return makeError(ErrorCode::NotFound, QStringLiteral("no meta value %1").arg(key));
    QString v = q.value()->value(0).toString();
    q.value()->finish();
    return v;
}

Status Database::setMeta(const QString& key, const QString& value)
{
    auto q = exec(QStringLiteral("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                                 "excluded.value"),
        { key, value });
    if (!q)
        return q.error();
    return {};
}

Result<std::unique_ptr<Database>> Database::open(const QString& path, const OpenOptions& options)
{
    const QFileInfo fi(path);
    if (!fi.exists() && !options.create)
        return makeError(ErrorCode::NotFound, QStringLiteral("no database at %1").arg(path));
    std::unique_ptr<Database> db(new Database(path, options));
    if (auto s = db->initialise(); !s)
        return s.error();
    return db;
}

Status Database::initialise()
{
    const cryptvfs::FileState state = cryptvfs::inspect(m_path);
    RD_TRY(cryptvfs::ensureRegistered());
    if (!m_options.dataKey.isEmpty()) {
        if (m_options.dataKey.size() != 32)
            return makeError(ErrorCode::CryptoError, QStringLiteral("the workspace data key has the wrong size"));
        m_keyToken = cryptvfs::addKey(m_options.dataKey);
        removeConversionLeftovers();
        if (state == cryptvfs::FileState::Plain) {
            RD_TRY(encryptPlainFile());
        } else if (state == cryptvfs::FileState::Unknown) {
            return makeError(ErrorCode::StorageError, QStringLiteral("%1 is not a RecruitDesk workspace").arg(m_path));
        }
        // At every open, not only after a conversion: one that stopped half way, or an earlier
        // failure (a full disk), leaves plain backups behind. The file opens regardless.
        if (auto olds = encryptOldBackups(); !olds)
            qCWarning(lcStore).noquote() << olds.error().message;
    } else if (state == cryptvfs::FileState::Encrypted) {
        return makeError(ErrorCode::CryptoError, QStringLiteral("%1 is encrypted: it opens only with its workspace key").arg(m_path),
            { { QStringLiteral("reason"), QStringLiteral("encrypted") } });
    }
    // Read the schema version with a plain read-only connection first, so a database from a
    // newer app is refused before anything (not even the journal mode) is written.
    const QFileInfo fi(m_path);
    m_preexisting = fi.exists() && fi.size() > 0;
    if (m_preexisting) {
        QString failure; // SQLite's error code and text when the version cannot be read
        auto probeVersion = [&](bool readOnly) {
            const QString probeName = QStringLiteral("rd_probe_%1").arg(m_instance);
            int version = -1;
            {
                QSqlDatabase probe = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), probeName);
                probe.setDatabaseName(sqliteName(m_path));
                QStringList options;
                if (readOnly)
                    options << QStringLiteral("QSQLITE_OPEN_READONLY");
                options << QStringLiteral("QSQLITE_OPEN_URI");
                probe.setConnectOptions(options.join(QLatin1Char(';')));
                if (probe.open()) {
                    QSqlQuery q(probe);
                    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
                        version = q.value(0).toInt();
                    else
                        failure = q.lastError().nativeErrorCode() + QLatin1Char(' ') + q.lastError().text();
                } else {
                    failure = probe.lastError().nativeErrorCode() + QLatin1Char(' ') + probe.lastError().text();
                }
                probe.close();
            }
            QSqlDatabase::removeDatabase(probeName);
            return version;
        };
        int version = probeVersion(true);
        // A write that died in rollback-journal mode left a hot journal: a read-only connection
        // cannot roll it back, a read-write one does on its first read (what any SQLite does).
        if (version < 0 && QFileInfo(m_path + QStringLiteral("-journal")).size() > 0)
            version = probeVersion(false);
        if (version < 0 && !m_keyToken.isEmpty() && failure.startsWith(QLatin1String("26 ")))
            return makeError(ErrorCode::CryptoError,
                QStringLiteral("%1 does not open with this key: a different key file, a wrong passphrase, or a damaged file").arg(m_path),
                { { QStringLiteral("reason"), QStringLiteral("wrong_key") } });
        if (version < 0 && !m_keyToken.isEmpty())
            return makeError(ErrorCode::StorageError, QStringLiteral("%1 cannot be read").arg(m_path),
                { { QStringLiteral("driver"), failure } });
        if (version < 0)
            return makeError(ErrorCode::StorageError, QStringLiteral("%1 is not a RecruitDesk database").arg(m_path));
        if (version > kSchemaVersion)
            return makeError(ErrorCode::SchemaTooNew,
                QStringLiteral("%1 was written by a newer RecruitDesk (schema %2; this build knows up to %3). "
                               "Update RecruitDesk; the database was not changed.")
                    .arg(m_path)
                    .arg(version)
                    .arg(kSchemaVersion),
                { { QStringLiteral("schema"), version }, { QStringLiteral("supported"), kSchemaVersion } });
    }

    QSqlDatabase db = connection();
    if (!db.isOpen())
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot open database %1").arg(m_path),
            { { QStringLiteral("driver"), db.lastError().text() } });
    const int version = schemaVersion();
    if (version < kSchemaVersion)
        RD_TRY(migrate(version));
    m_searchIndex = true;

    auto dev = meta(QStringLiteral("device_id"));
    if (!dev)
        return dev.error();
    m_deviceId = dev.value();
    return {};
}

Status Database::setDeviceId(const QString& deviceId)
{
    RD_TRY(setMeta(QStringLiteral("device_id"), deviceId));
    m_deviceId = deviceId;
    return {};
}

Status Database::migrate(int from)
{
    // Any existing file is copied before its schema changes (VACUUM INTO: a consistent copy
    // even in WAL mode).
    if (m_preexisting && m_options.backupBeforeMigrate) {
        const QString backup = QStringLiteral("%1.v%2-%3.bak")
                                   .arg(m_path)
                                   .arg(from)
                                   .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss")));
        QSqlQuery q(connection());
        q.prepare(QStringLiteral("VACUUM INTO ?"));
        q.addBindValue(sqliteName(backup)); // encrypted like the file itself
        if (!q.exec())
            return sqlError(q, QStringLiteral("cannot back up the database before migrating"));
        m_lastBackup = backup;
        qCInfo(lcStore) << "backed up" << m_path << "to" << backup;
    }
    for (int v = from + 1; v <= kSchemaVersion; ++v) {
        Transaction tx(*this);
        RD_TRY(tx.status());
        auto columnsOf = [this](const QString& table) {
            QStringList cols;
            QSqlQuery q(connection());
            if (q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)))
                while (q.next())
                    cols << q.value(1).toString();
            return cols;
        };
        for (const QString& sql : migrations::statementsFor(v, columnsOf)) {
            Status st = execRaw(sql);
            if (!st) {
                qCCritical(lcStore) << "migration" << v << "failed at:" << sql.left(160) << st.error().details;
                return st;
            }
        }
        if (v == 1) {
            RD_TRY(setMeta(QStringLiteral("device_id"), newUuidV7()));
            RD_TRY(setMeta(QStringLiteral("created_at"), SystemClock::instance().nowIso()));
        }
        RD_TRY(execRaw(QStringLiteral("PRAGMA user_version = %1").arg(v)));
        RD_TRY(tx.commit());
        qCInfo(lcStore) << "migrated" << m_path << "to schema" << v;
    }
    return {};
}

} // namespace rd
