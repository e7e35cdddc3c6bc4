#pragma once

#include "common/result.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace rd {

// A writable field of an entity: its API name, column, type and limits. Services validate
// patches (QJsonObject: field -> value) against these specs; unknown fields are refused.
struct FieldDef {
    enum class Type { Text, Real, Enum, List, Bool, JsonArray, JsonObject }; // Json*: maxLength = bytes
    const char* name;
    Type type = Type::Text;
    int maxLength = 200;
    QStringList enumValues = {};
    bool required = false;
    bool emptyIsNull = false; // optional unique keys (external_id): "" binds NULL
};

struct ValidatedPatch {
    QJsonObject json;              // normalised values (for audit diff and outbox)
    QList<QPair<QString, QVariant>> columns; // column -> bound value
};

// Validates and normalises a patch: text trimmed and length-checked, reals parsed, enums
// checked, lists given as arrays or ';'-separated strings (trimmed, empty items dropped,
// duplicates removed, stored as JSON arrays). String values from the CLI ("12.5", "true")
// are accepted for real and bool fields.
Result<ValidatedPatch> validatePatch(const QList<FieldDef>& defs, const QJsonObject& patch, bool creating);
// When the patch sets a location but no coordinates, adds latitude/longitude from the bundled
// gazetteer (docs/matching.md). On update an unknown place clears the old coordinates; on
// create it leaves them out.
void geocodeLocation(ValidatedPatch& patch, bool creating);

// The writable fields of candidates and jobs (their services validate patches against them; the
// sync server checks pushed rows against the same limits, core/store/rowrules).
const QList<FieldDef>& candidateFields();
const QList<FieldDef>& jobFields();

class Database;

// INSERT of the fixed columns plus a validated patch; UPDATE of a patch plus updated_at/by.
// Column names come only from FieldDef (code), values are always bound.
Result<int> insertRow(Database& db, const QString& table, QList<QPair<QString, QVariant>> columns);
Result<int> updateRow(Database& db, const QString& table, const QString& id, const QList<QPair<QString, QVariant>>& columns,
    const QString& now, const QString& userId);

// Nullable REAL columns <-> std::optional<double> <-> JSON (null when absent).
std::optional<double> optionalReal(const QVariant& v);
QJsonValue optionalJson(const std::optional<double>& v);

// Parses "a;b; c" or a JSON array into a clean list.
QStringList toList(const QJsonValue& v);
QString listToJson(const QStringList& list);
QStringList listFromJson(const QString& json);

} // namespace rd
