#include "rowwriter.h"

#include "store/database.h"
#include "store/replication.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace rd::sync::detail {

namespace {
// A pulled field as SQLite stores it: JSON arrays and objects as compact JSON text, booleans as
// 0/1, numbers as the column's declared type wants them.
Database::RawValue sqlValue(const QJsonValue& v, const QString& declaredType)
{
    using V = Database::RawValue;
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return V::null();
    case QJsonValue::Bool:
        return V::num(v.toBool() ? 1 : 0);
    case QJsonValue::Double:
        // (toInteger: exact beyond 2^53, where a double would round two numbers to one)
        if (declaredType.contains(QLatin1String("INT"), Qt::CaseInsensitive)) {
            // (a double beyond qint64, or not a number, cast as it is would be undefined behaviour)
            const double d = v.toDouble();
            return V::num(v.toInteger(std::isfinite(d) && std::fabs(d) < 9.2e18 ? qint64(d) : 0));
        }
        return V::dbl(v.toDouble());
    case QJsonValue::String:
        return V::str(v.toString());
    case QJsonValue::Array:
        return V::bytes(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return V::bytes(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    }
    return V::null();
}
} // namespace

Result<QHash<QString, QString>> replicatedTypes(Database& db, const QString& entity)
{
    QHash<QString, QString> t;
    const replication::Table* table = replication::table(entity);
    if (!table) return t;
    auto info = db.select(QStringLiteral("SELECT name, type FROM pragma_table_info(?)"), { entity });
    if (!info) return info.error();
    for (const auto& r : info.value())
        if (!table->localColumns.contains(r.value(0).toString()))
            t.insert(r.value(0).toString(), r.value(1).toString());
    return t;
}

Result<bool> writeRow(Database& db, const QString& entity, const QString& rowId, const QJsonObject& fields,
    const QHash<QString, QString>& types, const QSet<QString>& skip, bool createIfMissing)
{
    const QByteArray table = entity.toUtf8();
    QByteArrayList names;
    QList<Database::RawValue> values;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        if (!types.contains(it.key()) || it.key() == QLatin1String("id") || skip.contains(it.key())) continue;
        names << it.key().toUtf8();
        values << sqlValue(it.value(), types.value(it.key()));
    }
    bool exists = false;
    RD_TRY(db.forEachRow("SELECT 1 FROM " + table + " WHERE id = ?", { Database::RawValue::str(rowId) },
        [&exists](const Database::RawRow&) { exists = true; }));
    // Not one upsert: an outer ON CONFLICT would override the triggers' INSERT OR IGNORE.
    QByteArray sql;
    if (exists) {
        if (names.isEmpty()) return false;
        sql = "UPDATE " + table + " SET " + names.join(" = ?, ") + " = ? WHERE id = ?";
        values << Database::RawValue::str(rowId);
    } else if (createIfMissing) {
        names.prepend("id");
        values.prepend(Database::RawValue::str(rowId));
        QByteArray marks(names.size() * 2 - 1, ',');
        for (qsizetype i = 0; i < marks.size(); i += 2)
            marks[i] = '?';
        sql = "INSERT INTO " + table + " (" + names.join(", ") + ") VALUES (" + marks + ")";
    } else {
        return false; // an update of a row this device does not have (deleted here)
    }
    RD_TRY(db.appendRow(sql, values));
    return true;
}

} // namespace rd::sync::detail
