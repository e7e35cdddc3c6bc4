#pragma once

#include "common/result.h"

#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QString>
#include <QVariant>

#include <atomic>
#include <functional>
#include <memory>

namespace rd {

struct OpenOptions {
    bool create = true;          // create the file when missing
    bool backupBeforeMigrate = true;
    int busyTimeoutMs = 5000;
    // The workspace data key (32 bytes): the file is encrypted page by page (cryptvfs, decision
    // 0023) and a plain file from an earlier release is converted on open. Empty: a plain file
    // (tools and store tests); an encrypted file is then refused.
    QByteArray dataKey;
};

// Owns the SQLite file: one connection per thread (WAL, foreign_keys=ON, busy timeout),
// a per-thread cache of prepared statements, nested transactions via savepoints, the
// migrations, and a fault-injection counter for crash tests.
class Database {
public:
    static constexpr int kSchemaVersion = 15;

    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Opens (and migrates) the database at path. A database with a newer schema than this
    // build is refused with ErrorCode::SchemaTooNew and left untouched.
    static Result<std::unique_ptr<Database>> open(const QString& path, const OpenOptions& options = {});

    QString path() const { return m_path; }
    QString deviceId() const { return m_deviceId; }
    int schemaVersion();
    QString lastBackupPath() const { return m_lastBackup; }
    bool encrypted() const { return !m_keyToken.isEmpty(); }
    // True when this open converted a plain file from an earlier release (lastBackupPath() is
    // then its encrypted backup).
    bool convertedOnOpen() const { return m_converted; }
    // What SQLite opens: the path itself, or its URI through the encrypting VFS. ATTACH and
    // VACUUM INTO of files that belong to this workspace use sqliteName(theirPath).
    QString sqliteName(const QString& path) const;

    // The calling thread's connection (created on first use).
    QSqlDatabase connection();

    // A prepared statement for sql, cached per thread. Bind values, then exec via run().
    QSqlQuery& prepared(const QString& sql);
    // Executes a prepared query (counts toward fault injection). Error on failure.
    Status run(QSqlQuery& query);
    // Convenience: prepare (cached), bind positional values, execute.
    Result<QSqlQuery*> exec(const QString& sql, const QVariantList& values = {});
    // Prepared (cached) SELECT returning all rows, statement finished afterwards so no read
    // snapshot stays open.
    Result<QList<QSqlRecord>> select(const QString& sql, const QVariantList& values = {});
    // At most one row; NotFound when empty.
    Result<QSqlRecord> selectOne(const QString& sql, const QVariantList& values = {});
    // Statement that changes rows; returns the number of rows affected.
    Result<int> change(const QString& sql, const QVariantList& values = {});
    // Hot-path append (audit log, outbox) straight through SQLite's C API on this thread's
    // connection: a cached statement, values bound as UTF-8 text or integers, no QVariant.
    // The same connection and transaction as every other statement; counts for failAfter().
    struct RawValue {
        enum class Kind { Null, Text, Int, Real, Blob } kind = Kind::Null;
        QByteArray text;
        qint64 integer = 0;
        double real = 0;
        static RawValue null() { return {}; }
        static RawValue str(const QString& s) { return { Kind::Text, s.toUtf8(), 0, 0 }; }
        static RawValue optStr(const QString& s) { return s.isEmpty() ? null() : str(s); } // empty -> NULL
        static RawValue bytes(QByteArray b) { return { Kind::Text, std::move(b), 0, 0 }; }
        static RawValue num(qint64 v) { return { Kind::Int, {}, v, 0 }; }
        static RawValue dbl(double v) { return { Kind::Real, {}, 0, v }; }
        static RawValue blob(QByteArray b) { return { Kind::Blob, std::move(b), 0, 0 }; }
        // Null, a number (int or double) or text, as the QVariant holds it.
        static RawValue from(const QVariant& v);
    };
    Status appendRow(const char* sql, std::initializer_list<RawValue> values);
    // The same for statements built at run time (cached by their text).
    Status appendRow(const QByteArray& sql, const QList<RawValue>& values);
    // One result row of forEachRow (valid only inside the callback).
    class RawRow {
    public:
        bool isNull(int column) const;
        QString text(int column) const;
        double real(int column) const;
        qint64 integer(int column) const;

    private:
        friend class Database;
        explicit RawRow(void* stmt) : m_stmt(stmt) { }
        void* m_stmt;
    };
    // Hot-path read through the C API statement cache: calls fn for every row, no QSqlRecord.
    Status forEachRow(const QByteArray& sql, const QList<RawValue>& values, const std::function<void(const RawRow&)>& fn);
    // Bulk-path lookup through the same cached C API statements: the first column of the
    // first row as text; NotFound when there is no row.
    Result<QString> lookup(const char* sql, std::initializer_list<RawValue> values);
    // One-off statement (DDL, pragmas), not cached.
    Status execRaw(const QString& sql);
    // Re-indexes the candidates marked in search_dirty (schema 3+). commit() runs it before
    // every outermost COMMIT; a reader may run it to see writes made outside transactions.
    Status flushSearchIndex();

    // Nested transactions: the outermost is BEGIN IMMEDIATE, inner ones are savepoints.
    Status begin();
    Status commit();
    void rollback();
    bool inTransaction() const;

    // Fault injection: after n more successful statements, the next one fails (n < 0: off).
    void failAfter(int n) { m_failAfter = n; }
    bool faultPending() const { return m_failAfter.load() >= 0; } // failAfter's fault has not come yet
    // StorageError (transaction_lost) when a transaction this object counts as open was ended
    // by SQLite itself; every statement checks it.
    Status transactionAlive();

    // Meta key/value (device id, key source, ...).
    Result<QString> meta(const QString& key);
    Status setMeta(const QString& key, const QString& value);
    // This file names itself as another device from now on (a restored or copied workspace file
    // carrying on under a new identity: docs/sync.md). Inside the caller's transaction.
    Status setDeviceId(const QString& deviceId);

    static Error sqlError(const QSqlQuery& q, const QString& what);

private:
    explicit Database(QString path, OpenOptions options);
    Status initialise();
    Status migrate(int from);
    Status countFault();
    Status applyPragmas(QSqlDatabase& db);
    Status encryptPlainFile();
    Status encryptPlainCopy(const QString& plainPath, const QString& target, int* schema, bool walMode);
    Status encryptOldBackups();
    void removeConversionLeftovers();

    struct ThreadState {
        QString connectionName;
        QHash<QString, QSqlQuery*> statements;
        QHash<QByteArray, void*> rawStatements; // sqlite3_stmt*, keyed by the SQL text
        int depth = 0;
    };
    ThreadState& state() const;
    Result<void*> rawStatement(const QByteArray& sql);
    void bindRaw(void* stmt, const RawValue* values, qsizetype count);
    ThreadState& lockedState() const;

    QString m_path;
    OpenOptions m_options;
    QString m_deviceId;
    QString m_lastBackup;
    QString m_keyToken; // cryptvfs key token; empty for a plain file
    bool m_converted = false;
    bool m_preexisting = false;
    bool m_searchIndex = false; // set once the schema has search_dirty
    quint64 m_instance;
    mutable QMutex m_mutex;
    mutable QHash<Qt::HANDLE, ThreadState*> m_threads;
    std::atomic<int> m_failAfter { -1 };
};

// RAII transaction: begin on construction, rollback on destruction unless committed.
class Transaction {
public:
    explicit Transaction(Database& db) : m_db(db), m_status(db.begin()) { }
    ~Transaction()
    {
        if (m_status.ok() && !m_done)
            m_db.rollback();
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    const Status& status() const { return m_status; }
    Status commit()
    {
        if (!m_status.ok())
            return m_status;
        m_done = true;
        return m_db.commit();
    }

private:
    Database& m_db;
    Status m_status;
    bool m_done = false;
};

} // namespace rd
