#pragma once

#include "common/result.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QVariant>

namespace rd {

// A writable field of an entity: its API name, column, type and limits. Services validate
// patches (QJsonObject: field -> value) against these specs; unknown fields are refused.
struct FieldDef {
    enum class Type { Text, Real, Enum, List, Bool };
    const char* name;
    Type type = Type::Text;
    int maxLength = 200;
    QStringList enumValues = {};
    bool required = false;
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

// Parses "a;b; c" or a JSON array into a clean list.
QStringList toList(const QJsonValue& v);
QString listToJson(const QStringList& list);
QStringList listFromJson(const QString& json);

} // namespace rd
