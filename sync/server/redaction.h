#pragma once

#include "pgdatabase.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace rd::server {

// An erased candidate leaves nothing behind on the server (docs/privacy.md, docs/sync.md):
// when a push erases a candidate, or deletes or restates a row about an erased one, the earlier
// changes of those rows in the change log are rewritten so that no laptop joining later (or
// pulling from the beginning after a restore) receives what was erased. A row that stays (the
// anonymised candidate, emptied interview feedback) keeps its history with today's values; a row
// that went (contacts, CVs, notes, attachments, messages) keeps only deletes without fields, and
// its tombstone forgets its last contents. Values that lost a conflict on those rows go too.
// What was sent is kept as a digest, so a retried batch is still told apart from a reused number.
struct RedactedRow {
    QString entity;
    QString rowId;
    bool deleted = false;
    QJsonObject current; // the row as the server has it now (for a row that stays)
    // A live row that only holds the erased candidate's personal data (a contact, a CV, an
    // attachment, a note, a message, a notification): the server deletes it first.
    bool remove = false;
};

// The rows whose history a push must redact, given the rows it touched (their state after the
// batch): every candidate it erased with every row about them (by candidate_id, or a note's
// subject), interview feedback it restated in that batch, and any touched row about a candidate
// erased before. Inside the push's tenant-scoped transaction.
Result<QList<RedactedRow>> rowsToRedact(PgDatabase& db, const QString& tenantId, const QList<RedactedRow>& touched);

// Inside the push's tenant-scoped transaction, after the batch's changes are written.
Status redactHistory(PgDatabase& db, const QString& tenantId, const QList<RedactedRow>& rows);

// The stored content a retried record is compared with: {"op", "fields"} as sent, or, for a
// redacted change, {"_op", "_sha256"} (redactHistory). Whether `op` and `fields` match it.
bool sameAsSent(const QJsonObject& stored, const QString& storedOp, const QString& op, const QJsonObject& fields);

} // namespace rd::server
