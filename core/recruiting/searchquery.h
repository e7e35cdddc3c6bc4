#pragma once

#include "common/result.h"

#include <QList>
#include <QPair>
#include <QString>

// The search box's language, parsed without a database (SearchService runs the result; a fuzz
// target in tests/fuzz feeds it anything).
namespace rd {

// The parsed form of a user's query: an FTS5 MATCH expression built only from quoted
// terms (so user text is never FTS syntax), plus SQL filters.
struct ParsedQuery {
    QString match;                 // empty when the query only filters
    QList<QPair<QString, QString>> filters; // status:, stage:, source:
};

namespace searchquery {
// Words, "phrases", prefix*, OR, -exclusion, and the field filters skill:, tag:, city: (full-text
// columns) and status:, stage:, source: (exact filters) of kind (candidate, job or empty).
Result<ParsedQuery> parse(const QString& query, const QString& kind);
// A term as an FTS5 string (a phrase of its tokens): user text never becomes FTS syntax.
QString quoteTerm(const QString& term);
} // namespace searchquery

} // namespace rd
