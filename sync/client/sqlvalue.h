#pragma once

#include "store/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

namespace rd::sync::detail {

// A pulled field as SQLite stores it: JSON arrays and objects as compact JSON text, booleans as
// 0/1, numbers as the column's declared type wants them.
inline Database::RawValue sqlValue(const QJsonValue& v, const QString& declaredType)
{
    using V = Database::RawValue;
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return V::null();
    case QJsonValue::Bool:
        return V::num(v.toBool() ? 1 : 0);
    case QJsonValue::Double:
        if (declaredType.contains(QLatin1String("INT"), Qt::CaseInsensitive)) return V::num(qint64(v.toDouble()));
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

} // namespace rd::sync::detail
