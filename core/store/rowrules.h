#pragma once

#include "auth/writepolicy.h"
#include "common/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace rd::rowrules {

// The longest text a replicated column may hold, in characters, where the services define no
// shorter limit (a CV's text, an attachment's extracted text). The sync server refuses longer.
constexpr int kMaxText = 2'000'000;

// The rules a replicated row must meet, taken from the desktop's own schema (decision 0020):
// the sync server checks every pushed row against the same NOT NULL, CHECK (enums and ranges)
// and column types the desktop's SQLite enforces, plus the field limits the services apply
// (lengths of candidates' and jobs' fields) and the domain rules a row cannot break (cv
// versions are immutable, hired only from an offer stage: see checkDomain). The schema lives in
// an in-memory SQLite database per thread, built once from core's migrations.

struct Reference {
    QString column;
    QString table; // the referenced entity (its id column)
};

// The replicated columns the schema has for an entity (empty: an entity this build does not know).
QStringList columns(const QString& entity);
bool hasColumn(const QString& entity, const QString& column);
// The schema's default of every replicated column that has one (what a row left without the
// column holds on the desktop).
QJsonObject defaults(const QString& entity);
// Columns referring to another row (foreign keys), tenant_id excluded.
QList<Reference> references(const QString& entity);

// Checks one whole row (the merged state after a write): every field is a known column of the
// right type, NOT NULL and CHECK constraints hold, lengths are within the limits.
// ValidationFailed with details.field and details.rule ("unknown_field", "type", "required",
// "check", "length").
Status checkRow(const QString& entity, const QJsonObject& row);

// Rules a write must keep beyond one row's values, as the services keep them: a CV version's
// text, number and candidate never change; a candidate is hired only from an offer stage.
// ValidationFailed with details.field and details.rule.
Status checkDomain(const WriteAttempt& write, const RowLookup& rows);

} // namespace rd::rowrules
