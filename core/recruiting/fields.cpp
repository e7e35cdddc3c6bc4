#include "fields.h"

#include "auth/validation.h"
#include "matching/gazetteer.h"
#include "store/database.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace rd {

QStringList toList(const QJsonValue& v)
{
    QStringList raw;
    if (v.isArray()) {
        for (const QJsonValue& x : v.toArray())
            raw << x.toString();
    } else {
        raw = v.toString().split(QLatin1Char(';'));
    }
    QStringList out;
    for (const QString& s : raw) {
        const QString t = s.trimmed();
        if (!t.isEmpty() && !out.contains(t, Qt::CaseInsensitive))
            out << t;
    }
    return out;
}

QString listToJson(const QStringList& list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList listFromJson(const QString& json)
{
    QStringList out;
    for (const QJsonValue& v : QJsonDocument::fromJson(json.toUtf8()).array())
        out << v.toString();
    return out;
}

Result<int> insertRow(Database& db, const QString& table, QList<QPair<QString, QVariant>> columns)
{
    // Through the C API statement cache: the SQL text depends only on the column names.
    QByteArray sql = "INSERT INTO " + table.toLatin1() + " (";
    QByteArray marks;
    QList<Database::RawValue> binds;
    binds.reserve(columns.size());
    for (const auto& [col, val] : columns) {
        if (!marks.isEmpty()) {
            sql += ',';
            marks += ',';
        }
        sql += col.toLatin1();
        marks += '?';
        binds << Database::RawValue::from(val);
    }
    RD_TRY(db.appendRow(sql + ") VALUES (" + marks + ')', binds));
    return 1;
}

Result<int> updateRow(Database& db, const QString& table, const QString& id, const QList<QPair<QString, QVariant>>& columns,
    const QString& now, const QString& userId)
{
    QStringList sets;
    QVariantList binds;
    for (const auto& [col, val] : columns) {
        sets << col + QStringLiteral(" = ?");
        binds << val;
    }
    binds << now << userId << id;
    return db.change(QStringLiteral("UPDATE %1 SET %2, updated_at = ?, updated_by = ? WHERE id = ?").arg(table, sets.join(QStringLiteral(", "))),
        binds);
}

std::optional<double> optionalReal(const QVariant& v) { return v.isNull() ? std::nullopt : std::optional<double>(v.toDouble()); }

QJsonValue optionalJson(const std::optional<double>& v) { return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null); }

Result<ValidatedPatch> validatePatch(const QList<FieldDef>& defs, const QJsonObject& patch, bool creating)
{
    ValidatedPatch out;
    QStringList known;
    for (const FieldDef& d : defs)
        known << QString::fromLatin1(d.name);
    for (auto it = patch.begin(); it != patch.end(); ++it)
        if (!known.contains(it.key()))
            return validate::failed(it.key(), QStringLiteral("'%1' is not a field you can set. Fields: %2.")
                                                  .arg(it.key(), known.join(QStringLiteral(", "))),
                QStringLiteral("unknown_field"));
    for (const FieldDef& d : defs) {
        const QString name = QString::fromLatin1(d.name);
        if (!patch.contains(name)) {
            if (creating && d.required)
                return validate::failed(name, QStringLiteral("%1 is required.").arg(name), QStringLiteral("required"));
            continue;
        }
        const QJsonValue v = patch.value(name);
        switch (d.type) {
        case FieldDef::Type::Text: {
            const QString s = v.isNull() ? QString() : v.toVariant().toString().trimmed();
            RD_TRY(validate::text(name, s, d.maxLength, d.required));
            out.json.insert(name, s);
            out.columns.append({ name, d.emptyIsNull && s.isEmpty() ? QVariant() : QVariant(s) });
            break;
        }
        case FieldDef::Type::Real: {
            if (v.isNull() || (v.isString() && v.toString().trimmed().isEmpty())) {
                out.json.insert(name, QJsonValue::Null);
                out.columns.append({ name, QVariant() });
                break;
            }
            bool ok = v.isDouble();
            double x = v.toDouble();
            if (v.isString())
                x = v.toString().trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(x))
                return validate::failed(name, QStringLiteral("%1 must be a number.").arg(name), QStringLiteral("number"));
            out.json.insert(name, x);
            out.columns.append({ name, x });
            break;
        }
        case FieldDef::Type::Enum: {
            const QString s = v.toString().trimmed().toLower();
            if (!d.enumValues.contains(s))
                return validate::failed(name, QStringLiteral("%1 must be one of: %2.").arg(name, d.enumValues.join(QStringLiteral(", "))),
                    QStringLiteral("enum"));
            out.json.insert(name, s);
            out.columns.append({ name, s });
            break;
        }
        case FieldDef::Type::List: {
            const QStringList list = toList(v);
            for (const QString& item : list)
                RD_TRY(validate::text(name, item, d.maxLength, false));
            if (list.size() > 200)
                return validate::failed(name, QStringLiteral("%1 has more than 200 items.").arg(name), QStringLiteral("max_items"));
            out.json.insert(name, QJsonArray::fromStringList(list));
            out.columns.append({ name, listToJson(list) });
            break;
        }
        case FieldDef::Type::Bool: {
            bool b = v.toBool();
            if (v.isString()) {
                const QString s = v.toString().trimmed().toLower();
                if (s != QLatin1String("true") && s != QLatin1String("false") && s != QLatin1String("1") && s != QLatin1String("0"))
                    return validate::failed(name, QStringLiteral("%1 must be true or false.").arg(name), QStringLiteral("bool"));
                b = s == QLatin1String("true") || s == QLatin1String("1");
            }
            out.json.insert(name, b);
            out.columns.append({ name, b ? 1 : 0 });
            break;
        }
        case FieldDef::Type::JsonArray:
        case FieldDef::Type::JsonObject: {
            // Structured values (education, experience, preferences): JSON, or a JSON string from the CLI.
            QJsonValue j = v;
            if (v.isString()) {
                const QJsonDocument doc = QJsonDocument::fromJson(v.toString().toUtf8());
                j = doc.isArray() ? QJsonValue(doc.array()) : doc.isObject() ? QJsonValue(doc.object()) : QJsonValue();
            } else if (v.isNull()) {
                j = d.type == FieldDef::Type::JsonArray ? QJsonValue(QJsonArray()) : QJsonValue(QJsonObject());
            }
            const bool array = d.type == FieldDef::Type::JsonArray;
            if (array ? !j.isArray() : !j.isObject())
                return validate::failed(name, QStringLiteral("%1 must be a JSON %2.").arg(name, array ? QStringLiteral("array") : QStringLiteral("object")),
                    QStringLiteral("json"));
            const QByteArray bytes = array ? QJsonDocument(j.toArray()).toJson(QJsonDocument::Compact) : QJsonDocument(j.toObject()).toJson(QJsonDocument::Compact);
            if (bytes.size() > d.maxLength)
                return validate::failed(name, QStringLiteral("%1 is longer than %2 bytes.").arg(name).arg(d.maxLength), QStringLiteral("too_long"));
            out.json.insert(name, j);
            out.columns.append({ name, QString::fromUtf8(bytes) });
            break;
        }
        }
    }
    return out;
}

void geocodeLocation(ValidatedPatch& patch, bool creating)
{
    const QString latitude = QStringLiteral("latitude");
    const QString longitude = QStringLiteral("longitude");
    if (!patch.json.contains(QStringLiteral("location")) || patch.json.contains(latitude) || patch.json.contains(longitude))
        return;
    const QString location = patch.json.value(QStringLiteral("location")).toString();
    const auto place = location.isEmpty() ? std::nullopt : Gazetteer::builtIn().lookup(location);
    if (!place && creating)
        return;
    patch.json.insert(latitude, place ? QJsonValue(place->place.latitude) : QJsonValue());
    patch.json.insert(longitude, place ? QJsonValue(place->place.longitude) : QJsonValue());
    patch.columns.append({ latitude, place ? QVariant(place->place.latitude) : QVariant() });
    patch.columns.append({ longitude, place ? QVariant(place->place.longitude) : QVariant() });
}

} // namespace rd
