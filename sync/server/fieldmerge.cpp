#include "fieldmerge.h"
#include "serverutil.h"

#include "store/replication.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <limits>

namespace rd::server {

Result<Lineage> Lineage::of(PgDatabase& db, const QString& tenantId, const QString& deviceId, qint64 seqAtStart)
{
    Lineage l;
    l.m_db = &db;
    l.m_tenant = tenantId;
    l.m_seqAtStart = seqAtStart;
    // Each predecessor's changes count up to the tenant's head when its successor in the chain
    // was registered (the smallest on the way down).
    auto rows = db.select(QStringLiteral("WITH RECURSIVE up(id, predecessor, cutoff, next, depth) AS (SELECT id, predecessor, "
                                         "9223372036854775807::bigint, coalesce(registered_seq, 9223372036854775807), 0 FROM "
                                         "devices WHERE id = ? AND tenant_id = ? UNION ALL SELECT d.id, d.predecessor, up.next, "
                                         "least(up.next, coalesce(d.registered_seq, 9223372036854775807)), up.depth + 1 FROM "
                                         "devices d JOIN up ON d.id = up.predecessor WHERE d.tenant_id = ? AND up.depth < 1000) "
                                         "SELECT id, cutoff FROM up"),
        { deviceId, tenantId, tenantId });
    if (!rows) return rows.error();
    for (const auto& r : rows.value())
        l.m_devices.insert(r.value(0).toString(), r.value(1).toLongLong());
    l.m_devices.insert(deviceId, std::numeric_limits<qint64>::max());
    return l;
}

Result<bool> Lineage::wrote(qint64 serverSeq)
{
    if (serverSeq > m_seqAtStart) return true; // this batch
    if (serverSeq <= 0) return false;
    const auto known = m_known.constFind(serverSeq);
    if (known != m_known.constEnd()) return known.value();
    auto row = m_db->select(QStringLiteral("SELECT device_id FROM changes WHERE tenant_id = ? AND server_seq = ?"),
        { m_tenant, serverSeq });
    if (!row) return row.error();
    const auto device = row.value().isEmpty() ? m_devices.constEnd() : m_devices.constFind(row.value().first().value(0).toString());
    const bool mine = device != m_devices.constEnd() && serverSeq <= device.value();
    m_known.insert(serverSeq, mine);
    return mine;
}

bool isBookkeeping(const QString& field)
{
    return field == QLatin1String("updated_at") || field == QLatin1String("updated_by");
}

namespace {
// A list column holds JSON array text; undefined when it does not.
std::optional<QJsonArray> arrayOf(const QJsonValue& v)
{
    if (v.isNull() || v.isUndefined()) return QJsonArray {};
    if (!v.isString()) return std::nullopt;
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(v.toString().toUtf8(), &e);
    if (e.error != QJsonParseError::NoError || !d.isArray()) return std::nullopt;
    return d.array();
}
} // namespace

QJsonValue listMerge(
    const sync::ChangeRecord& change, const QString& field, const QJsonValue& server, const QJsonValue& incoming)
{
    if (!replication::isListColumn(change.entity, field)) return QJsonValue(QJsonValue::Undefined);
    const auto mine = arrayOf(incoming), theirs = arrayOf(server);
    // Without the device's prior value, nothing it removed is known: its additions are kept.
    const auto base = change.prior.contains(field) ? arrayOf(change.prior.value(field)) : std::optional(QJsonArray {});
    if (!mine || !theirs || !base) return QJsonValue(QJsonValue::Undefined);
    QJsonArray out;
    for (const QJsonValue& v : *theirs) // the server's order; what the device removed goes
        if (mine->contains(v) || !base->contains(v)) out.append(v);
    for (const QJsonValue& v : *mine) // then what the device added
        if (!base->contains(v) && !out.contains(v)) out.append(v);
    return QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact));
}

Result<MergeOutcome> mergeRecord(const sync::ChangeRecord& c, qint64 seq, bool create, bool resurrect,
    const QJsonObject& before, QJsonObject& fields, QJsonObject& versions, bool deleted, Lineage& lineage)
{
MergeOutcome out;
QJsonObject& reasserted = out.reasserted;
QSet<QString>& dropped = out.dropped;
auto ownWrite = [&](qint64 setAt) { return lineage.wrote(setAt); };
    // Field versions decide: a value wins only if the device had seen the change that last
    // wrote the field (its base), or wrote it itself. Otherwise the server's value stays and
    // the incoming one is kept as the conflict's losing value. An erasure always wins: it
    // must leave nothing behind. Bookkeeping (who and when last) follows what was applied.
    const bool erasure = c.fields.value(QStringLiteral("erased_at")).isString()
        && !c.fields.value(QStringLiteral("erased_at")).toString().isEmpty();
    const bool removes = c.op == QLatin1String("delete")
        || (c.fields.value(QStringLiteral("deleted_at")).isString() && !softDeleted(before));
    if (resurrect
        || (!create && !erasure && (deleted || (softDeleted(before) && !c.fields.contains(QStringLiteral("deleted_at"))))
            && c.op == QLatin1String("update"))) {
        // An edit of a row deleted meanwhile: the deletion stands, the edit is a conflict.
        // (A tombstone's last contents go to nobody: its change carries no fields.)
        bool mine = false;
        if (!deleted) {
            auto w = ownWrite(versions.value(QStringLiteral("deleted_at")).toInteger());
            if (!w) return w.error();
            mine = w.value();
        }
        if (!mine) {
            sync::Conflict k { seq, c.entity, c.rowId, QStringLiteral("rule:deleted"), c.fields, seq };
            out.conflicts << k;
            for (auto it = c.fields.constBegin(); it != c.fields.constEnd(); ++it)
                if (deleted)
                    dropped.insert(it.key());
                else
                    reasserted.insert(it.key(), fields.value(it.key()));
        }
    } else if (removes && !create) {
        // A delete over edits it had not seen: it stands; what it removed is a conflict.
        for (auto it = versions.constBegin(); it != versions.constEnd(); ++it) {
            const qint64 setAt = it.value().toInteger();
            if (setAt <= c.baseFor(it.key()) || isBookkeeping(it.key()) || c.fields.contains(it.key())) continue;
            auto mine = ownWrite(setAt);
            if (!mine) return mine.error();
            if (mine.value()) continue;
            sync::Conflict k { seq, c.entity, c.rowId, it.key(), fields.value(it.key()), setAt };
            out.conflicts << k;
        }
    }
    for (auto it = c.fields.constBegin(); it != c.fields.constEnd(); ++it) {
        if (reasserted.contains(it.key()) || dropped.contains(it.key())) continue;
        // The same value changes nothing, its version included (else a laptop re-sending what
        // it has, or anyone sending the current values, would make colleagues' edits lose).
        if (!create && fields.contains(it.key()) && fields.value(it.key()) == it.value()) continue;
        const qint64 setAt = versions.value(it.key()).toInteger();
        if (!create && !erasure && !isBookkeeping(it.key()) && setAt > c.baseFor(it.key())
            && fields.contains(it.key()) && fields.value(it.key()) != it.value()) {
            auto mine = ownWrite(setAt);
            if (!mine) return mine.error();
            if (!mine.value()) {
                const QJsonValue merged = listMerge(c, it.key(), fields.value(it.key()), it.value());
                if (merged.isUndefined()) {
                    sync::Conflict k { seq, c.entity, c.rowId, it.key(), it.value(), seq };
                    out.conflicts << k;
                    reasserted.insert(it.key(), fields.value(it.key()));
                    continue;
                }
                // A list field (skills, tags, links): additions and removals of both sides.
                if (merged != it.value()) reasserted.insert(it.key(), merged);
                if (merged != fields.value(it.key())) {
                    fields.insert(it.key(), merged);
                    versions.insert(it.key(), seq);
                }
                continue;
            }
        }
        fields.insert(it.key(), it.value());
        versions.insert(it.key(), seq);
    }
    return out;
}

Result<QString> survivorOf(PgDatabase& db, const QString& tenantId, const QString& candidateId,
    const std::function<const QJsonObject*(const QString&)>& inBatch)
{
    QString target = candidateId;
    for (int hop = 0; hop < 20 && !target.isEmpty(); ++hop) {
        QString next;
        if (const QJsonObject* batch = inBatch(target)) {
            next = batch->value(QStringLiteral("merged_into")).toString();
        } else {
            auto row = db.select(QStringLiteral("SELECT coalesce(fields->>'merged_into', '') FROM entity_state WHERE tenant_id = ? "
                                                "AND entity = 'candidates' AND row_id = ?"),
                { tenantId, target });
            if (!row) return row.error();
            if (!row.value().isEmpty()) next = row.value().first().value(0).toString();
        }
        if (next.isEmpty() || next == target) break;
        target = next;
    }
    return target;
}

} // namespace rd::server
