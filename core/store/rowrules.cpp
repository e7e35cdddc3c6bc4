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

// The desktop's schema in an in-memory database, one per thread (closed with the thread).
class SchemaDb {
public:
    SchemaDb()
    {
        if (sqlite3_open(":memory:", &m_db) != SQLITE_OK) {
            qCCritical(lcRules) << "cannot open the in-memory schema database";
            return;
        }
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
    // A prepared statement per text, kept for the thread's life (one per entity and column set).
    sqlite3_stmt* statement(const QByteArray& sql)
    {
        auto it = m_statements.constFind(sql);
        if (it != m_statements.constEnd()) return it.value();
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v3(m_db, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &st, nullptr)
            != SQLITE_OK)
            return nullptr;
        m_statements.insert(sql, st);
        return st;
    }

private:
    sqlite3* m_db = nullptr;
    QHash<QString, TableInfo> m_tables;
    QHash<QByteArray, sqlite3_stmt*> m_statements;
};

SchemaDb& schema()
{
    thread_local SchemaDb db;
    return db;
}

Error failed(const QString& field, const QString& message, const QString& rule)
{
    return validate::failed(field, message, rule);
}

// Limits beyond the schema: the services' field definitions, else a generous cap per text.
constexpr int kMaxText = 2'000'000; // characters (a CV's text is the longest field)

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
        if (v.isBool()) return {};
        if (!v.isDouble() || std::floor(v.toDouble()) != v.toDouble())
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
    // (absent columns take their defaults, as on the desktop).
    sqlite3* db = s.db();
    QStringList names, marks;
    QList<QJsonValue> values;
    for (const Column& c : t->columns)
        if (row.contains(c.name)) {
            names << c.name;
            marks << QStringLiteral("?");
            values << row.value(c.name);
        }
    const QByteArray sql = names.isEmpty()
        ? QStringLiteral("INSERT INTO %1 DEFAULT VALUES").arg(entity).toUtf8()
        : QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
              .arg(entity, names.join(QLatin1Char(',')), marks.join(QLatin1Char(',')))
              .toUtf8();
    sqlite3_stmt* st = s.statement(sql);
    if (!st)
        return Error { ErrorCode::Internal, QStringLiteral("cannot check %1 rows").arg(entity),
            { { QStringLiteral("driver"), QString::fromUtf8(sqlite3_errmsg(db)) } } };
    QList<QByteArray> keep;
    keep.reserve(values.size());
    for (int i = 0; i < values.size(); ++i) {
        const QJsonValue& v = values[i];
        const int n = i + 1;
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
    sqlite3_exec(db, "SAVEPOINT rowcheck", nullptr, nullptr, nullptr);
    const int rc = sqlite3_step(st);
    const QString message = QString::fromUtf8(sqlite3_errmsg(db));
    const int ext = sqlite3_extended_errcode(db);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    sqlite3_exec(db, "ROLLBACK TO rowcheck; RELEASE rowcheck", nullptr, nullptr, nullptr);
    if (rc == SQLITE_DONE) return {};
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
