#pragma once

#include "common/result.h"

#include <QList>
#include <QSqlRecord>
#include <QString>
#include <QVariant>

namespace rd {

class Database;

struct Filter {
    enum class Op { Eq, Ne, Gt, Lt, In, Like };
    QString field;
    Op op = Op::Eq;
    QVariantList values; // one value, or several for In

    static Result<Op> parseOp(const QString& name);
    // "field:op:value" (value may contain ':'); In takes comma-separated values.
    static Result<Filter> parse(const QString& text);
};

struct SortKey {
    QString field;
    bool descending = false;
    // "field,-other" -> [{field, asc}, {other, desc}]
    static QList<SortKey> parseList(const QString& text);
};

// Opaque-cursor (keyset) pagination with filters and multi-field sorting. Field names are
// checked against the entity's whitelist; every value is a bound parameter.
struct ListQuery {
    QList<Filter> filters;
    QList<SortKey> sort;
    int limit = 50;
    QString cursor;
    static constexpr int kMaxLimit = 500;
};

template <typename T>
struct Page {
    QList<T> items;
    QString nextCursor; // empty on the last page
};

// What an entity exposes to list queries: API field name -> SQL column, plus its type.
struct FieldSpec {
    QString name;
    QString column;
    enum class Type { Text, Integer, Bool } type = Type::Text;
};

struct ListSpec {
    QString table;
    QString select;          // column list
    QString idColumn = QStringLiteral("id");
    QList<FieldSpec> fields; // whitelist for filters and sorting
    QList<SortKey> defaultSort;
};

struct RowPage {
    QList<QSqlRecord> rows;
    QString nextCursor;
};

// Runs a list query. baseWhere is a fixed SQL condition written by the service (e.g.
// "tenant_id = ? AND deleted_at IS NULL") with its bound values.
Result<RowPage> runListQuery(Database& db, const ListSpec& spec, const QString& baseWhere, const QVariantList& baseValues,
    const ListQuery& query);

} // namespace rd
