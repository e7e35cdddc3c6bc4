#include "redaction.h"

#include "crypto/crypto.h"
#include "serverutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QHash>
#include <QSet>

namespace rd::server {

namespace {
QString compact(const QJsonArray& a) { return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)); }
} // namespace

namespace {
QString aboutCandidate(const RedactedRow& r)
{
    if (r.entity == QLatin1String("candidates")) return r.rowId;
    const QString direct = r.current.value(QStringLiteral("candidate_id")).toString();
    if (!direct.isEmpty()) return direct;
    if (r.current.value(QStringLiteral("subject_type")).toString() == QLatin1String("candidate"))
        return r.current.value(QStringLiteral("subject_id")).toString();
    return {};
}
bool erased(const QJsonObject& candidate)
{
    const QJsonValue v = candidate.value(QStringLiteral("erased_at"));
    return v.isString() && !v.toString().isEmpty();
}
} // namespace

Result<QList<RedactedRow>> rowsToRedact(PgDatabase& db, const QString& tenantId, const QList<RedactedRow>& touched)
{
    QList<RedactedRow> out;
    QSet<QString> taken, erasedNow, refs;
    // Rows that only hold the erased candidate's personal data: a live one is deleted by the
    // server (what the erasing laptop no longer had, or a colleague added since).
    static const QSet<QString> personal { QStringLiteral("candidate_contacts"), QStringLiteral("cv_variants"),
        QStringLiteral("cv_versions"), QStringLiteral("attachments"), QStringLiteral("notes"), QStringLiteral("outreach_intents"),
        QStringLiteral("notifications") };
    auto take = [&](RedactedRow r) {
        if (!taken.contains(r.entity + QLatin1Char('/') + r.rowId)) {
            taken.insert(r.entity + QLatin1Char('/') + r.rowId);
            r.remove = !r.deleted && personal.contains(r.entity);
            out << r;
        }
    };
    for (const RedactedRow& r : touched) {
        if (r.entity == QLatin1String("candidates") && erased(r.current)) {
            erasedNow.insert(r.rowId);
            take(r);
        } else if (const QString c = aboutCandidate(r); !c.isEmpty() && r.deleted) {
            // (Only a delete needs a look: core's write policy refuses any other write about an
            // erased candidate, so a batch of inserts and edits costs no query here.)
            refs.insert(c);
        }
    }
    if (!erasedNow.isEmpty()) {
        // Everything about them, from this batch or earlier ones (an erasure's deletes may have
        // come in the batch before its candidate record), and feedback restated with them.
        QJsonArray ids;
        for (const QString& id : std::as_const(erasedNow))
            ids << id;
        // (Notes and notifications about their applications are theirs too, as on the laptop.)
        auto about = db.select(
            QStringLiteral("WITH ids AS (SELECT jsonb_array_elements_text(?::jsonb) AS id), apps AS (SELECT a.row_id AS id FROM "
                           "entity_state a WHERE a.tenant_id = ? AND a.entity = 'applications' AND a.fields->>'candidate_id' IN "
                           "(SELECT id FROM ids)) SELECT e.entity, e.row_id, e.deleted, e.fields::text FROM entity_state e WHERE "
                           "e.tenant_id = ? AND e.entity <> 'candidates' AND (e.fields->>'candidate_id' IN (SELECT id FROM ids) OR "
                           "(e.fields->>'subject_type' = 'candidate' AND e.fields->>'subject_id' IN (SELECT id FROM ids)) OR "
                           "(e.entity IN ('notes', 'notifications') AND e.fields->>'subject_id' IN (SELECT id FROM apps UNION "
                           "SELECT id FROM ids)))"),
            { compact(ids), tenantId, tenantId });
        if (!about) return about.error();
        for (const auto& r : about.value())
            take(RedactedRow { r.value(0).toString(), r.value(1).toString(), r.value(2).toBool(), jsonObjectOf(r.value(3)) });
        for (const RedactedRow& r : touched)
            if (r.entity == QLatin1String("interview_feedback")) take(r);
    }
    // Notes and notifications about an application: the application's candidate.
    QHash<QString, QString> appCandidate;
    {
        QJsonArray apps;
        for (const RedactedRow& r : touched)
            if (r.deleted && (r.entity == QLatin1String("notes") || r.entity == QLatin1String("notifications"))
                && aboutCandidate(r).isEmpty())
                apps << r.current.value(QStringLiteral("subject_id")).toString();
        if (!apps.isEmpty()) {
            auto owners = db.select(QStringLiteral("SELECT row_id, coalesce(fields->>'candidate_id', '') FROM entity_state WHERE "
                                                   "tenant_id = ? AND entity = 'applications' AND row_id IN (SELECT "
                                                   "jsonb_array_elements_text(?::jsonb))"),
                { tenantId, compact(apps) });
            if (!owners) return owners.error();
            for (const auto& r : owners.value()) {
                appCandidate.insert(r.value(0).toString(), r.value(1).toString());
                refs.insert(r.value(1).toString());
            }
        }
    }
    auto candidateOf = [&](const RedactedRow& r) {
        const QString c = aboutCandidate(r);
        return !c.isEmpty() ? c : appCandidate.value(r.current.value(QStringLiteral("subject_id")).toString());
    };
    for (const RedactedRow& r : touched)
        if (erasedNow.contains(candidateOf(r)) && r.entity != QLatin1String("candidates")) take(r);
    refs -= erasedNow;
    if (!refs.isEmpty()) {
        QJsonArray ids;
        for (const QString& id : std::as_const(refs))
            ids << id;
        auto gone = db.select(QStringLiteral("SELECT row_id FROM entity_state WHERE tenant_id = ? AND entity = 'candidates' AND "
                                             "row_id IN (SELECT jsonb_array_elements_text(?::jsonb)) AND coalesce(fields->>'erased_at', "
                                             "'') <> ''"),
            { tenantId, compact(ids) });
        if (!gone) return gone.error();
        QSet<QString> erasedBefore;
        for (const auto& r : gone.value())
            erasedBefore.insert(r.value(0).toString());
        for (const RedactedRow& r : touched)
            if (erasedBefore.contains(candidateOf(r))) take(r);
    }
    return out;
}

bool sameAsSent(const QJsonObject& stored, const QString& storedOp, const QString& op, const QJsonObject& fields)
{
    if (stored.contains(QStringLiteral("_sha256")))
        return stored.value(QStringLiteral("_op")).toString() == op && stored.value(QStringLiteral("_sha256")).toString() == fieldsDigest(fields);
    return storedOp == op && stored == fields;
}

Status redactHistory(PgDatabase& db, const QString& tenantId, const QList<RedactedRow>& rows)
{
    if (rows.isEmpty()) return {};
    QJsonArray keys;
    QHash<QString, const RedactedRow*> byKey;
    for (const RedactedRow& r : rows) {
        keys << QJsonObject { { QStringLiteral("entity"), r.entity }, { QStringLiteral("row_id"), r.rowId } };
        byKey.insert(r.entity + QLatin1Char('/') + r.rowId, &r);
    }
    const QString keyList = compact(keys);
    auto history = db.select(
        QStringLiteral("SELECT c.server_seq, c.entity, c.row_id, c.op, c.fields::text, coalesce(c.pushed_fields::text, '') "
                       "FROM changes c JOIN jsonb_to_recordset(?::jsonb) AS k(entity text, row_id text) ON c.entity = "
                       "k.entity AND c.row_id = k.row_id WHERE c.tenant_id = ?"),
        { keyList, tenantId });
    if (!history) return history.error();
    QJsonArray rewritten;
    for (const auto& h : history.value()) {
        const RedactedRow* row = byKey.value(h.value(1).toString() + QLatin1Char('/') + h.value(2).toString());
        if (!row) continue;
        const QString op = h.value(3).toString();
        const QJsonObject fields = jsonObjectOf(h.value(4));
        const QString pushedText = h.value(5).toString();
        const QJsonObject sent = pushedText.isEmpty() ? fields : jsonObjectOf(pushedText);
        QJsonObject kept = sent;
        if (!sent.contains(QStringLiteral("_sha256")))
            kept = QJsonObject { { QStringLiteral("_op"), op }, { QStringLiteral("_sha256"), fieldsDigest(sent) } };
        QJsonObject now;
        QString newOp = op;
        if (row->deleted) {
            newOp = QStringLiteral("delete"); // the row never existed, as far as anyone pulling is concerned
        } else {
            for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
                now.insert(it.key(), row->current.value(it.key()));
        }
        if (now == fields && newOp == op && kept == sent) continue;
        rewritten << QJsonObject { { QStringLiteral("server_seq"), h.value(0).toLongLong() }, { QStringLiteral("op"), newOp },
            { QStringLiteral("fields"), now }, { QStringLiteral("pushed_fields"), kept } };
    }
    if (!rewritten.isEmpty()) {
        auto up = db.exec(QStringLiteral("UPDATE changes c SET op = r.op, fields = r.fields, pushed_fields = r.pushed_fields FROM "
                                         "jsonb_to_recordset(?::jsonb) AS r(server_seq bigint, op text, fields jsonb, "
                                         "pushed_fields jsonb) WHERE c.tenant_id = ? AND c.server_seq = r.server_seq"),
            { compact(rewritten), tenantId });
        if (!up) return up.error();
    }
    auto conflicts = db.exec(QStringLiteral("UPDATE conflicts c SET losing_value = 'null'::jsonb FROM jsonb_to_recordset(?::jsonb) "
                                            "AS k(entity text, row_id text) WHERE c.tenant_id = ? AND c.entity = k.entity AND "
                                            "c.row_id = k.row_id AND c.losing_value <> 'null'::jsonb"),
        { keyList, tenantId });
    if (!conflicts) return conflicts.error();
    auto tombstones = db.exec(QStringLiteral("UPDATE entity_state e SET fields = jsonb_build_object('id', e.row_id) FROM "
                                             "jsonb_to_recordset(?::jsonb) AS k(entity text, row_id text) WHERE e.tenant_id = ? "
                                             "AND e.entity = k.entity AND e.row_id = k.row_id AND e.deleted"),
        { keyList, tenantId });
    if (!tombstones) return tombstones.error();
    return {};
}

} // namespace rd::server
