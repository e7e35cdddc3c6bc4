#include "listquery.h"

#include "database.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace rd {

Result<Filter::Op> Filter::parseOp(const QString& name)
{
    static const QHash<QString, Op> ops { { QStringLiteral("eq"), Op::Eq }, { QStringLiteral("ne"), Op::Ne },
        { QStringLiteral("gt"), Op::Gt }, { QStringLiteral("lt"), Op::Lt }, { QStringLiteral("in"), Op::In },
        { QStringLiteral("like"), Op::Like } };
    auto it = ops.find(name.toLower());
    if (it == ops.end())
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("unknown filter operator"),
            { { QStringLiteral("operator"), name }, { QStringLiteral("allowed"), QStringLiteral("eq,ne,gt,lt,in,like") } });
    return *it;
}

Result<Filter> Filter::parse(const QString& text)
{
    const int a = text.indexOf(QLatin1Char(':'));
    const int b = a < 0 ? -1 : text.indexOf(QLatin1Char(':'), a + 1);
    if (a <= 0 || b < 0)
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("a filter is written field:op:value"),
            { { QStringLiteral("filter"), text } });
    auto op = parseOp(text.mid(a + 1, b - a - 1));
    if (!op)
        return op.error();
    Filter f;
    f.field = text.left(a);
    f.op = op.value();
    const QString value = text.mid(b + 1);
    if (f.op == Op::In) {
        for (const QString& v : value.split(QLatin1Char(',')))
            f.values << v;
    } else {
        f.values << value;
    }
    return f;
}

QList<SortKey> SortKey::parseList(const QString& text)
{
    QList<SortKey> keys;
    for (QString part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        part = part.trimmed();
        SortKey k;
        if (part.startsWith(QLatin1Char('-'))) {
            k.descending = true;
            part.remove(0, 1);
        } else if (part.startsWith(QLatin1Char('+'))) {
            part.remove(0, 1);
        }
        k.field = part;
        keys << k;
    }
    return keys;
}

namespace {
const FieldSpec* findField(const ListSpec& spec, const QString& name)
{
    for (const FieldSpec& f : spec.fields)
        if (f.name == name)
            return &f;
    return nullptr;
}

QVariant coerce(const FieldSpec& f, const QVariant& v, bool* ok)
{
    *ok = true;
    switch (f.type) {
    case FieldSpec::Type::Integer: return v.toString().toLongLong(ok);
    case FieldSpec::Type::Bool: {
        const QString s = v.toString().toLower();
        if (s == QLatin1String("true") || s == QLatin1String("1"))
            return 1;
        if (s == QLatin1String("false") || s == QLatin1String("0"))
            return 0;
        *ok = false;
        return {};
    }
    case FieldSpec::Type::Text: return v.toString();
    }
    return v;
}

QString escapeLike(QString s)
{
    s.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    s.replace(QLatin1Char('%'), QLatin1String("\\%"));
    s.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + s + QLatin1Char('%');
}

Error invalid(const QString& message, const QJsonObject& details) { return makeError(ErrorCode::ValidationFailed, message, details); }
} // namespace

Result<RowPage> runListQuery(Database& db, const ListSpec& spec, const QString& baseWhere, const QVariantList& baseValues,
    const ListQuery& query)
{
    if (query.limit < 1 || query.limit > ListQuery::kMaxLimit)
        return invalid(QStringLiteral("limit must be between 1 and %1").arg(ListQuery::kMaxLimit),
            { { QStringLiteral("limit"), query.limit } });

    QStringList where { QLatin1Char('(') + baseWhere + QLatin1Char(')') };
    QVariantList values = baseValues;

    QStringList allowed;
    for (const FieldSpec& f : spec.fields)
        allowed << f.name;

    for (const Filter& filter : query.filters) {
        const FieldSpec* f = findField(spec, filter.field);
        if (!f)
            return invalid(QStringLiteral("cannot filter on this field"),
                { { QStringLiteral("field"), filter.field }, { QStringLiteral("allowed"), allowed.join(QLatin1Char(',')) } });
        if (filter.values.isEmpty())
            return invalid(QStringLiteral("a filter needs a value"), { { QStringLiteral("field"), filter.field } });
        QVariantList vals;
        for (const QVariant& v : filter.values) {
            bool ok = true;
            QVariant c = filter.op == Filter::Op::Like ? QVariant(v.toString()) : coerce(*f, v, &ok);
            if (!ok)
                return invalid(QStringLiteral("filter value has the wrong type"), { { QStringLiteral("field"), filter.field } });
            vals << c;
        }
        switch (filter.op) {
        case Filter::Op::Eq: where << f->column + QStringLiteral(" = ?"); values << vals.first(); break;
        case Filter::Op::Ne: where << f->column + QStringLiteral(" <> ?"); values << vals.first(); break;
        case Filter::Op::Gt: where << f->column + QStringLiteral(" > ?"); values << vals.first(); break;
        case Filter::Op::Lt: where << f->column + QStringLiteral(" < ?"); values << vals.first(); break;
        case Filter::Op::Like:
            where << f->column + QStringLiteral(" LIKE ? ESCAPE '\\'");
            values << escapeLike(vals.first().toString());
            break;
        case Filter::Op::In: {
            if (vals.size() > 200)
                return invalid(QStringLiteral("too many values in an 'in' filter"), { { QStringLiteral("max"), 200 } });
            QStringList marks;
            for (const QVariant& v : vals) {
                marks << QStringLiteral("?");
                values << v;
            }
            where << f->column + QStringLiteral(" IN (") + marks.join(QLatin1Char(',')) + QLatin1Char(')');
            break;
        }
        }
    }

    QList<SortKey> sort = query.sort.isEmpty() ? spec.defaultSort : query.sort;
    QList<const FieldSpec*> sortFields;
    for (const SortKey& k : sort) {
        const FieldSpec* f = findField(spec, k.field);
        if (!f)
            return invalid(QStringLiteral("cannot sort on this field"),
                { { QStringLiteral("field"), k.field }, { QStringLiteral("allowed"), allowed.join(QLatin1Char(',')) } });
        sortFields << f;
    }
    // The id is the final tie-breaker so keyset pagination is total.
    const bool idDesc = !sort.isEmpty() && sort.constLast().descending;
    FieldSpec idField { QStringLiteral("id"), spec.idColumn, FieldSpec::Type::Text };
    sortFields << &idField;
    sort << SortKey { QStringLiteral("id"), idDesc };

    if (!query.cursor.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromBase64(query.cursor.toLatin1(),
            QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        const QJsonArray arr = doc.array();
        if (!doc.isArray() || arr.size() != sortFields.size())
            return invalid(QStringLiteral("the cursor is not valid for this query"), {});
        // (k1 > v1) OR (k1 = v1 AND k2 > v2) OR ...
        QStringList ors;
        QVariantList cursorValues;
        for (int i = 0; i < sortFields.size(); ++i) {
            QStringList ands;
            for (int j = 0; j < i; ++j) {
                ands << sortFields[j]->column + QStringLiteral(" IS ?");
                cursorValues << arr[j].toVariant();
            }
            ands << sortFields[i]->column + (sort[i].descending ? QStringLiteral(" < ?") : QStringLiteral(" > ?"));
            cursorValues << arr[i].toVariant();
            ors << QLatin1Char('(') + ands.join(QStringLiteral(" AND ")) + QLatin1Char(')');
        }
        where << QLatin1Char('(') + ors.join(QStringLiteral(" OR ")) + QLatin1Char(')');
        values << cursorValues;
    }

    QStringList order;
    for (int i = 0; i < sortFields.size(); ++i)
        order << sortFields[i]->column + (sort[i].descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC"));

    const QString sql = QStringLiteral("SELECT %1 FROM %2 WHERE %3 ORDER BY %4 LIMIT ?")
                            .arg(spec.select, spec.table, where.join(QStringLiteral(" AND ")), order.join(QStringLiteral(", ")));
    values << query.limit + 1;
    auto rows = db.select(sql, values);
    if (!rows)
        return rows.error();
    RowPage page;
    page.rows = rows.value();
    if (page.rows.size() > query.limit) {
        page.rows.removeLast();
        const QSqlRecord& last = page.rows.constLast();
        QJsonArray arr;
        for (const FieldSpec* f : sortFields) {
            const QString col = f->column.section(QLatin1Char('.'), -1);
            arr.append(QJsonValue::fromVariant(last.value(col)));
        }
        page.nextCursor = QString::fromLatin1(QJsonDocument(arr).toJson(QJsonDocument::Compact).toBase64(
            QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    }
    return page;
}

} // namespace rd
