#include "rowrules.h"

#include "auth/validation.h"
#include "migrations.h"
#include "recruiting/fields.h"
#include "replication.h"

#include <QDateTime>
#include <QHash>
#include <QRegularExpression>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <sqlite3.h>

#include <cmath>
#include <limits>
#include <cstring>

Q_LOGGING_CATEGORY(lcRules, "rd.core.store")

namespace rd::rowrules {

namespace {

struct Column {
    QString name;
    QString type; // declared, upper case
};

struct TableInfo {
    QList<Column> columns;
    QJsonObject defaults;
    QHash<QString, int> index;
    QList<Reference> references;
};

// The desktop's schema in an in-memory database. Built once per process from the migrations
// (the template); each thread works on its own copy of the template's pages (closed with the
// thread), so a new worker thread costs a memcpy, not a migration run.
class SchemaDb {
public:
    // A copy of the template, for one thread.
    struct CopyOf {
        const SchemaDb& tmpl;
    };
    explicit SchemaDb(CopyOf copy)
        : m_tables(copy.tmpl.m_tables)
    {
        const SchemaDb& tmpl = copy.tmpl;
        if (sqlite3_open(":memory:", &m_db) != SQLITE_OK) return;
        auto* pages = static_cast<unsigned char*>(sqlite3_malloc64(sqlite3_uint64(tmpl.m_image.size())));
        if (!pages) return;
        std::memcpy(pages, tmpl.m_image.constData(), size_t(tmpl.m_image.size()));
        if (sqlite3_deserialize(m_db, "main", pages, tmpl.m_image.size(), tmpl.m_image.size(),
                SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE)
            != SQLITE_OK)
            qCCritical(lcRules) << "cannot copy the schema database:" << sqlite3_errmsg(m_db);
        sqlite3_exec(m_db, "PRAGMA temp_store = MEMORY; PRAGMA journal_mode = MEMORY; PRAGMA foreign_keys = OFF",
            nullptr, nullptr, nullptr);
    }

    // The template: the schema built from core's migrations.
    SchemaDb()
    {
        if (sqlite3_open(":memory:", &m_db) != SQLITE_OK) {
            qCCritical(lcRules) << "cannot open the in-memory schema database";
            return;
        }
        // Nothing of it touches a disk (SQLite would put statement journals in temporary files).
        sqlite3_exec(m_db, "PRAGMA temp_store = MEMORY; PRAGMA journal_mode = MEMORY", nullptr, nullptr, nullptr);
        auto columnsOf = [this](const QString& table) {
            QStringList out;
            sqlite3_stmt* st = nullptr;
            const QByteArray sql = "SELECT name FROM pragma_table_info(?)";
            const QByteArray name = table.toUtf8();
            if (sqlite3_prepare_v2(m_db, sql.constData(), -1, &st, nullptr) == SQLITE_OK) {
                sqlite3_bind_text(st, 1, name.constData(), int(name.size()), SQLITE_TRANSIENT);
                while (sqlite3_step(st) == SQLITE_ROW)
                    out << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
            }
            sqlite3_finalize(st);
            return out;
        };
        for (int v = 1; v <= migrations::latest(); ++v)
            for (const QString& sql : migrations::statementsFor(v, columnsOf))
                if (sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, nullptr) != SQLITE_OK)
                    qCWarning(lcRules) << "schema statement failed:" << sql.left(120) << sqlite3_errmsg(m_db);
        // Only the row itself is checked: no triggers (search, matching, capture), no foreign
        // keys (references are checked against the server's rows).
        QStringList triggers;
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(m_db, "SELECT name FROM sqlite_master WHERE type = 'trigger'", -1, &st, nullptr) == SQLITE_OK)
            while (sqlite3_step(st) == SQLITE_ROW)
                triggers << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        sqlite3_finalize(st);
        for (const QString& t : triggers)
            sqlite3_exec(m_db, QStringLiteral("DROP TRIGGER \"%1\"").arg(t).toUtf8().constData(), nullptr, nullptr, nullptr);
        sqlite3_exec(m_db, "PRAGMA foreign_keys = OFF", nullptr, nullptr, nullptr);
        for (const replication::Table& t : replication::tables()) {
            TableInfo info;
            const QStringList all = columnsOf(t.name);
            const QStringList replicated = replication::replicatedColumns(t, all);
            if (replicated.isEmpty()) continue;
            const QByteArray infoSql = "SELECT name, upper(type), dflt_value FROM pragma_table_info(?)";
            QHash<QString, QString> defaultExprs;
            const QByteArray name = t.name.toUtf8();
            if (sqlite3_prepare_v2(m_db, infoSql.constData(), -1, &st, nullptr) == SQLITE_OK) {
                sqlite3_bind_text(st, 1, name.constData(), int(name.size()), SQLITE_TRANSIENT);
                while (sqlite3_step(st) == SQLITE_ROW) {
                    Column c { QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))),
                        QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 1))) };
                    if (!replicated.contains(c.name)) continue;
                    if (sqlite3_column_type(st, 2) != SQLITE_NULL)
                        defaultExprs.insert(c.name,
                            QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 2))));
                    info.index.insert(c.name, int(info.columns.size()));
                    info.columns << c;
                }
            }
            sqlite3_finalize(st);
            const QByteArray fkSql = "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)";
            if (sqlite3_prepare_v2(m_db, fkSql.constData(), -1, &st, nullptr) == SQLITE_OK) {
                sqlite3_bind_text(st, 1, name.constData(), int(name.size()), SQLITE_TRANSIENT);
                while (sqlite3_step(st) == SQLITE_ROW) {
                    const QString from = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
                    const QString to = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
                    if (from != QLatin1String("tenant_id") && info.index.contains(from)) info.references << Reference { from, to };
                }
            }
            sqlite3_finalize(st);
            // A default is an expression: evaluated once, as SQLite would for a new row.
            for (auto it = defaultExprs.constBegin(); it != defaultExprs.constEnd(); ++it) {
                sqlite3_stmt* d = nullptr;
                if (sqlite3_prepare_v2(m_db, QStringLiteral("SELECT %1").arg(it.value()).toUtf8().constData(), -1, &d,
                        nullptr)
                        == SQLITE_OK
                    && sqlite3_step(d) == SQLITE_ROW) {
                    switch (sqlite3_column_type(d, 0)) {
                    case SQLITE_INTEGER: info.defaults.insert(it.key(), qint64(sqlite3_column_int64(d, 0))); break;
                    case SQLITE_FLOAT: info.defaults.insert(it.key(), sqlite3_column_double(d, 0)); break;
                    case SQLITE_NULL: break;
                    default:
                        info.defaults.insert(it.key(),
                            QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(d, 0))));
                    }
                }
                sqlite3_finalize(d);
            }
            m_tables.insert(t.name, info);
        }
        sqlite3_int64 size = 0;
        if (unsigned char* image = sqlite3_serialize(m_db, "main", &size, 0)) {
            m_image = QByteArray(reinterpret_cast<const char*>(image), qsizetype(size));
            sqlite3_free(image);
        }
    }
    ~SchemaDb()
    {
        for (sqlite3_stmt* st : std::as_const(m_statements))
            sqlite3_finalize(st);
        sqlite3_close(m_db);
    }
    SchemaDb(const SchemaDb&) = delete;
    SchemaDb& operator=(const SchemaDb&) = delete;

    const TableInfo* table(const QString& entity) const
    {
        auto it = m_tables.constFind(entity);
        return it == m_tables.constEnd() ? nullptr : &it.value();
    }
    sqlite3* db() const { return m_db; }
    // A prepared statement per key, kept for the thread's life; sql() makes its text the first time.
    template <typename MakeSql> sqlite3_stmt* cached(const QByteArray& key, MakeSql sql)
    {
        auto it = m_statements.constFind(key);
        if (it != m_statements.constEnd()) return it.value();
        const QByteArray text = sql();
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v3(m_db, text.constData(), int(text.size()), SQLITE_PREPARE_PERSISTENT, &st, nullptr)
            != SQLITE_OK)
            return nullptr;
        m_statements.insert(key, st);
        return st;
    }
    // The checks' transaction: opened on demand, rolled back after kChecksPerTransaction rows.
    void beginChecks()
    {
        if (!m_inTransaction) {
            run("BEGIN");
            m_inTransaction = true;
        }
    }
    void endCheck(bool inserted)
    {
        if (inserted && ++m_rows >= kChecksPerTransaction) {
            run("ROLLBACK");
            m_inTransaction = false;
            m_rows = 0;
        }
    }
    static constexpr int kChecksPerTransaction = 2000;
    // A fixed statement (transactions), prepared once.
    void run(const char* sql)
    {
        if (sqlite3_stmt* st = cached(QByteArray(sql), [sql] { return QByteArray(sql); })) {
            sqlite3_step(st);
            sqlite3_reset(st);
        }
    }

private:
    sqlite3* m_db = nullptr;
    QHash<QString, TableInfo> m_tables;
    QHash<QByteArray, sqlite3_stmt*> m_statements;
    QByteArray m_image; // the template's pages
    bool m_inTransaction = false;
    int m_rows = 0;
};

SchemaDb& schema()
{
    static const SchemaDb built; // once per process (thread-safe initialisation)
    thread_local SchemaDb db(SchemaDb::CopyOf { built });
    return db;
}

Error failed(const QString& field, const QString& message, const QString& rule)
{
    return validate::failed(field, message, rule);
}

// Limits beyond the schema: the services' field definitions, else a generous cap per text
// (kMaxText, rowrules.h).

const FieldDef* defOf(const QString& entity, const QString& column)
{
    const QList<FieldDef>* defs = entity == QLatin1String("candidates") ? &candidateFields()
        : entity == QLatin1String("job_postings")                       ? &jobFields()
                                                                        : nullptr;
    if (!defs) return nullptr;
    for (const FieldDef& d : *defs)
        if (column == QLatin1String(d.name)) return &d;
    return nullptr;
}

Status checkValue(const QString& entity, const Column& c, const QJsonValue& v)
{
    if (v.isNull() || v.isUndefined()) return {};
    // PostgreSQL (and every text tool downstream) cannot hold a NUL character.
    if (v.isString() && v.toString().contains(QChar(0)))
        return failed(c.name, QStringLiteral("%1 contains a NUL character.").arg(c.name), QStringLiteral("nul"));
    const bool integer = c.type.contains(QLatin1String("INT"));
    const bool real = !integer && (c.type.contains(QLatin1String("REAL")) || c.type.contains(QLatin1String("FLOA")));
    if (integer) {
        // Exactly what SQLite stores and compares as that integer: not true or false (stored as
        // 1 and 0, but compared by the server as other values than 1 and 0: a laptop's unique
        // index then collided with a row the server took for no duplicate, and every laptop's
        // pulls stopped there), and no larger than a double holds exactly.
        // The exact integer is compared (2^53 + 1 read as a double is 2^53, and passed).
        constexpr qint64 kExact = qint64(1) << 53;
        constexpr qint64 kNone = std::numeric_limits<qint64>::min();
        const qint64 n = v.isDouble() ? v.toInteger(kNone) : kNone;
        if (n == kNone || n > kExact || n < -kExact)
            return failed(c.name, QStringLiteral("%1 must be a whole number.").arg(c.name), QStringLiteral("type"));
        return {};
    }
    if (real) {
        if (!v.isDouble() || !std::isfinite(v.toDouble()))
            return failed(c.name, QStringLiteral("%1 must be a number.").arg(c.name), QStringLiteral("type"));
        return {};
    }
    if (c.type.contains(QLatin1String("TEXT"))) {
        if (!v.isString()) return failed(c.name, QStringLiteral("%1 must be text.").arg(c.name), QStringLiteral("type"));
        const QString s = v.toString();
        // A row is deleted when deleted_at holds a time; an empty text would be read as deleted by
        // every query and as live by the write policy (a soft delete with update rights only).
        if (s.isEmpty() && c.name == QLatin1String("deleted_at"))
            return failed(c.name, QStringLiteral("deleted_at must be a time or nothing."), QStringLiteral("format"));
        int limit = kMaxText;
        const FieldDef* d = defOf(entity, c.name);
        if (d && (d->type == FieldDef::Type::Text)) limit = d->maxLength;
        if (d && (d->type == FieldDef::Type::JsonArray || d->type == FieldDef::Type::JsonObject))
            limit = d->maxLength; // bytes in the service; characters bound them from below
        if (s.size() > limit)
            return failed(c.name, QStringLiteral("%1 is longer than %2 characters.").arg(c.name).arg(limit),
                QStringLiteral("length"));
        if (d && d->type == FieldDef::Type::List) {
            const QJsonDocument doc = QJsonDocument::fromJson(s.toUtf8());
            if (!doc.isArray()) return failed(c.name, QStringLiteral("%1 must be a list.").arg(c.name), QStringLiteral("type"));
            // No item count here: a merge of two candidates legitimately unions their lists.
            const QJsonArray items = doc.array();
            for (const QJsonValue& item : items)
                if (!item.isString() || item.toString().size() > d->maxLength)
                    return failed(c.name, QStringLiteral("An item of %1 is too long.").arg(c.name), QStringLiteral("length"));
        }
        if (d && d->type == FieldDef::Type::Enum && !d->enumValues.contains(s))
            return failed(c.name, QStringLiteral("%1 must be one of: %2.").arg(c.name, d->enumValues.join(QStringLiteral(", "))),
                QStringLiteral("enum"));
        return {};
    }
    if (v.isArray() || v.isObject())
        return failed(c.name, QStringLiteral("%1 must be a single value.").arg(c.name), QStringLiteral("type"));
    return {};
}

bool sendAtValid(const QString& s)
{
    const QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    static const QRegularExpression zone(QStringLiteral("(Z|[+-]\\d\\d:?\\d\\d)$"));
    return t.isValid() && zone.match(s).hasMatch();
}

} // namespace

QStringList columns(const QString& entity)
{
    QStringList out;
    if (const TableInfo* t = schema().table(entity))
        for (const Column& c : t->columns)
            out << c.name;
    return out;
}

bool hasColumn(const QString& entity, const QString& column)
{
    const TableInfo* t = schema().table(entity);
    return t && t->index.contains(column);
}

QJsonObject defaults(const QString& entity)
{
    const TableInfo* t = schema().table(entity);
    return t ? t->defaults : QJsonObject();
}

QList<Reference> references(const QString& entity)
{
    const TableInfo* t = schema().table(entity);
    return t ? t->references : QList<Reference>();
}

Status checkRow(const QString& entity, const QJsonObject& row)
{
    SchemaDb& s = schema();
    const TableInfo* t = s.table(entity);
    if (!t)
        return failed(QStringLiteral("entity"), QStringLiteral("%1 is not something this version stores.").arg(entity),
            QStringLiteral("unknown_entity"));
    for (auto it = row.constBegin(); it != row.constEnd(); ++it) {
        const auto col = t->index.constFind(it.key());
        if (col == t->index.constEnd())
            return failed(it.key(), QStringLiteral("%1 has no field %2.").arg(entity, it.key()), QStringLiteral("unknown_field"));
        RD_TRY(checkValue(entity, t->columns[col.value()], it.value()));
    }
    // NOT NULL and CHECK constraints: the row inserted into the empty schema and rolled back
    // (absent columns take their defaults, as on the desktop). One prepared statement per set
    // of present columns, kept for the thread (this runs for every pushed record).
    sqlite3* db = s.db();
    QList<int> present;
    present.reserve(t->columns.size());
    QByteArray key = entity.toUtf8() + ':';
    for (int i = 0; i < t->columns.size(); ++i)
        if (row.contains(t->columns[i].name)) {
            present << i;
            key += QByteArray::number(i) + ',';
        }
    sqlite3_stmt* st = s.cached(key, [&] {
        QStringList names, marks;
        for (int i : std::as_const(present)) {
            names << t->columns[i].name;
            marks << QStringLiteral("?");
        }
        return (names.isEmpty() ? QStringLiteral("INSERT INTO %1 DEFAULT VALUES").arg(entity)
                                : QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                                      .arg(entity, names.join(QLatin1Char(',')), marks.join(QLatin1Char(','))))
            .toUtf8();
    });
    if (!st)
        return Error { ErrorCode::Internal, QStringLiteral("cannot check %1 rows").arg(entity),
            { { QStringLiteral("driver"), QString::fromUtf8(sqlite3_errmsg(db)) } } };
    QList<QByteArray> keep;
    keep.reserve(present.size());
    for (int n = 1; n <= present.size(); ++n) {
        const QJsonValue v = row.value(t->columns[present[n - 1]].name);
        if (v.isNull()) {
            sqlite3_bind_null(st, n);
        } else if (v.isBool()) {
            sqlite3_bind_int64(st, n, v.toBool() ? 1 : 0);
        } else if (v.isDouble()) {
            const double d = v.toDouble();
            if (std::floor(d) == d && std::fabs(d) < 9e15)
                sqlite3_bind_int64(st, n, qint64(d));
            else
                sqlite3_bind_double(st, n, d);
        } else {
            keep << (v.isString() ? v.toString().toUtf8()
                                  : QJsonDocument::fromVariant(v.toVariant()).toJson(QJsonDocument::Compact));
            sqlite3_bind_text(st, n, keep.last().constData(), int(keep.last().size()), SQLITE_STATIC);
        }
    }
    // Inside one long transaction that is rolled back now and then: a failing INSERT leaves
    // nothing behind by itself, and rows that went in only ever collide on unique keys, which
    // SQLite checks after NOT NULL and CHECK (the server decides unique keys itself).
    s.beginChecks();
    const int rc = sqlite3_step(st);
    const int ext = sqlite3_extended_errcode(db);
    const QString message = rc == SQLITE_DONE ? QString() : QString::fromUtf8(sqlite3_errmsg(db));
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    s.endCheck(rc == SQLITE_DONE);
    if (rc == SQLITE_DONE || ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) return {};
    if (ext == SQLITE_CONSTRAINT_NOTNULL) {
        const QString field = message.section(QLatin1Char('.'), -1);
        return failed(field, QStringLiteral("%1 is required.").arg(field), QStringLiteral("required"));
    }
    if (ext == SQLITE_CONSTRAINT_CHECK) {
        const QString expr = message.section(QStringLiteral(": "), 1);
        QString field = QStringLiteral("fields");
        for (const Column& c : t->columns)
            if (expr.startsWith(c.name + QLatin1Char(' ')) || expr.startsWith(c.name + QLatin1Char('('))
                || expr.contains(QLatin1Char('(') + c.name + QLatin1Char(' '))) {
                field = c.name;
                break;
            }
        return failed(field, QStringLiteral("%1 breaks a rule: %2").arg(field, expr), QStringLiteral("check"));
    }
    return failed(QStringLiteral("fields"), message, QStringLiteral("invalid"));
}

Status checkDomain(const WriteAttempt& w, const RowLookup& rows)
{
    if (w.op == QLatin1String("delete")) return {};
    if (w.entity == QLatin1String("outreach_intents") && w.after.value(QStringLiteral("send_at")).isString()
        && !sendAtValid(w.after.value(QStringLiteral("send_at")).toString()))
        return failed(QStringLiteral("send_at"), QStringLiteral("The time to send needs a date, a time and a time zone."),
            QStringLiteral("format"));
    if (!w.existed) return {};
    auto changed = [&](const char* key) {
        const QString k = QLatin1String(key);
        return w.fields.contains(k) && w.fields.value(k) != w.before.value(k);
    };
    if (w.entity == QLatin1String("cv_versions")) {
        for (const char* key : { "text", "version", "candidate_id" })
            if (changed(key))
                return failed(QLatin1String(key), QStringLiteral("A CV version never changes; add a new version."),
                    QStringLiteral("immutable"));
        return {};
    }
    if (w.entity == QLatin1String("applications") && changed("stage_id")) {
        const auto target = rows(QStringLiteral("pipeline_stages"), w.after.value(QStringLiteral("stage_id")).toString());
        if (!target || target->value(QStringLiteral("kind")).toString() != QLatin1String("hired")) return {};
        const auto current
            = rows(QStringLiteral("pipeline_stages"), w.before.value(QStringLiteral("stage_id")).toString());
        if (!current || current->value(QStringLiteral("kind")).toString() != QLatin1String("offer"))
            return failed(QStringLiteral("stage_id"), QStringLiteral("A candidate is hired from an offer stage."),
                QStringLiteral("pipeline_rule"));
    }
    return {};
}

} // namespace rd::rowrules
