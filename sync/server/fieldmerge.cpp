#include "fieldmerge.h"

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

} // namespace rd::server
