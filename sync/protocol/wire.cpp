#include "wire.h"

#include <QCborArray>
#include <QJsonDocument>

namespace rd::sync {

namespace {
Error malformed(const QString& field, const QString& why)
{
    return Error { ErrorCode::ValidationFailed, QStringLiteral("Malformed sync payload: %1 %2.").arg(field, why),
        { { QStringLiteral("field"), field } } };
}

Result<QCborMap> decodeMap(const QByteArray& data)
{
    QCborParserError e;
    const QCborValue v = QCborValue::fromCbor(data, &e);
    if (e.error != QCborError::NoError)
        return malformed(QStringLiteral("body"), QStringLiteral("is not CBOR (%1)").arg(e.errorString()));
    if (!v.isMap()) return malformed(QStringLiteral("body"), QStringLiteral("is not a map"));
    return v.toMap();
}

QString text(const QCborMap& m, const char* key)
{
    return m.value(QLatin1String(key)).toString();
}
// An integer field; 0 when it is missing or not an integer. (QCborValue::toInteger() casts a
// double to qint64 as it is: a value out of range, such as 1e300, was undefined behaviour,
// found by tests/fuzz/fuzz_wire.)
qint64 integer(const QCborMap& m, const char* key)
{
    const QCborValue v = m.value(QLatin1String(key));
    return v.isInteger() ? v.toInteger() : 0;
}

bool validOp(const QString& op)
{
    return op == QLatin1String("insert") || op == QLatin1String("update") || op == QLatin1String("delete");
}
} // namespace

namespace {
// A device's batch: {schema_version, device_id, <listKey>: [records]} with at most 5,000
// records, each decoded by Record::fromCbor.
template <typename Record>
Status decodeBatch(
    const QByteArray& data, const char* listKey, int& schemaVersion, QString& deviceId, QList<Record>& records)
{
    auto map = decodeMap(data);
    if (!map) return map.error();
    const QCborMap& m = map.value();
    if (!m.value(QLatin1String("schema_version")).isInteger())
        return malformed(QStringLiteral("schema_version"), QStringLiteral("is missing"));
    schemaVersion = int(integer(m, "schema_version"));
    deviceId = text(m, "device_id");
    if (deviceId.isEmpty()) return malformed(QStringLiteral("device_id"), QStringLiteral("is missing"));
    const QCborValue list = m.value(QLatin1String(listKey));
    if (!list.isArray()) return malformed(QLatin1String(listKey), QStringLiteral("must be an array"));
    if (list.toArray().size() > 5000)
        return malformed(QLatin1String(listKey), QStringLiteral("has more than 5,000 records (send smaller batches)"));
    const QCborArray items = list.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        auto record = Record::fromCbor(items.at(i), int(i));
        if (!record) return record.error();
        records << record.value();
    }
    return {};
}
} // namespace

QCborMap ChangeRecord::toCbor() const
{
    QCborMap m;
    m.insert(QLatin1String("dev_seq"), devSeq);
    m.insert(QLatin1String("entity"), entity);
    m.insert(QLatin1String("row_id"), rowId);
    m.insert(QLatin1String("op"), op);
    m.insert(QLatin1String("fields"), QCborValue::fromJsonValue(fields));
    m.insert(QLatin1String("base_server_seq"), baseServerSeq);
    if (!correlationId.isEmpty()) m.insert(QLatin1String("correlation_id"), correlationId);
    if (!prior.isEmpty()) m.insert(QLatin1String("prior"), QCborValue::fromJsonValue(prior));
    if (!unseen.isEmpty()) {
        QCborMap u;
        for (auto it = unseen.cbegin(); it != unseen.cend(); ++it)
            u.insert(it.key(), it.value());
        m.insert(QLatin1String("unseen"), u);
    }
    return m;
}

Result<ChangeRecord> ChangeRecord::fromCbor(const QCborValue& v, int index)
{
    const QString at = QStringLiteral("changes[%1]").arg(index);
    if (!v.isMap()) return malformed(at, QStringLiteral("is not a map"));
    const QCborMap m = v.toMap();
    ChangeRecord c;
    if (!m.value(QLatin1String("dev_seq")).isInteger() || (c.devSeq = integer(m, "dev_seq")) <= 0)
        return malformed(at + QStringLiteral(".dev_seq"), QStringLiteral("must be a positive integer"));
    c.entity = text(m, "entity");
    c.rowId = text(m, "row_id");
    c.op = text(m, "op");
    if (c.entity.isEmpty() || c.entity.size() > 64)
        return malformed(at + QStringLiteral(".entity"), QStringLiteral("must be a name"));
    if (c.rowId.isEmpty() || c.rowId.size() > 128)
        return malformed(at + QStringLiteral(".row_id"), QStringLiteral("must be an id"));
    if (!validOp(c.op))
        return malformed(at + QStringLiteral(".op"), QStringLiteral("must be insert, update or delete"));
    const QCborValue fields = m.value(QLatin1String("fields"));
    if (!fields.isMap() && !(c.op == QLatin1String("delete") && fields.isUndefined()))
        return malformed(at + QStringLiteral(".fields"), QStringLiteral("must be a map"));
    c.fields = fields.toMap().toJsonObject();
    const QCborValue base = m.value(QLatin1String("base_server_seq"));
    c.baseServerSeq = integer(m, "base_server_seq");
    if ((!base.isUndefined() && !base.isInteger()) || c.baseServerSeq < 0)
        return malformed(at + QStringLiteral(".base_server_seq"), QStringLiteral("must be an integer, not negative"));
    c.correlationId = text(m, "correlation_id");
    const QCborValue prior = m.value(QLatin1String("prior"));
    if (!prior.isUndefined() && !prior.isMap())
        return malformed(at + QStringLiteral(".prior"), QStringLiteral("must be a map"));
    c.prior = prior.toMap().toJsonObject();
    const QCborValue unseen = m.value(QLatin1String("unseen"));
    if (!unseen.isUndefined() && !unseen.isMap())
        return malformed(at + QStringLiteral(".unseen"), QStringLiteral("must be a map"));
    for (const auto& [field, seq] : unseen.toMap()) {
        if (!field.isString() || !seq.isInteger() || seq.toInteger() <= 0)
            return malformed(at + QStringLiteral(".unseen"), QStringLiteral("must map field names to positive integers"));
        c.unseen.insert(field.toString(), seq.toInteger());
    }
    return c;
}

QByteArray PushRequest::toCbor() const
{
    QCborArray list;
    for (const ChangeRecord& c : changes)
        list.append(c.toCbor());
    QCborMap m;
    m.insert(QLatin1String("schema_version"), schemaVersion);
    m.insert(QLatin1String("device_id"), deviceId);
    m.insert(QLatin1String("changes"), list);
    if (resync) m.insert(QLatin1String("resync"), true);
    if (!epoch.isEmpty()) m.insert(QLatin1String("epoch"), epoch);
    return m.toCborValue().toCbor();
}

Result<PushRequest> PushRequest::fromCbor(const QByteArray& data)
{
    PushRequest r;
    RD_TRY(decodeBatch(data, "changes", r.schemaVersion, r.deviceId, r.changes));
    auto map = decodeMap(data);
    if (map) {
        r.resync = map.value().value(QLatin1String("resync")).toBool();
        r.epoch = map.value().value(QLatin1String("epoch")).toString();
    }
    return r;
}

QCborMap Conflict::toCbor() const
{
    QCborMap m;
    m.insert(QLatin1String("server_seq"), serverSeq);
    m.insert(QLatin1String("entity"), entity);
    m.insert(QLatin1String("row_id"), rowId);
    m.insert(QLatin1String("field"), field);
    m.insert(QLatin1String("losing_value"), QCborValue::fromJsonValue(losingValue));
    m.insert(QLatin1String("losing_server_seq"), losingServerSeq);
    return m;
}

Conflict Conflict::fromCbor(const QCborMap& m)
{
    return { integer(m, "server_seq"), text(m, "entity"), text(m, "row_id"), text(m, "field"),
        m.value(QLatin1String("losing_value")).toJsonValue(), integer(m, "losing_server_seq") };
}

QCborMap Refusal::toCbor() const
{
    QCborMap m;
    m.insert(QLatin1String("dev_seq"), devSeq);
    m.insert(QLatin1String("entity"), entity);
    m.insert(QLatin1String("row_id"), rowId);
    m.insert(QLatin1String("op"), op);
    m.insert(QLatin1String("reason"), reason);
    m.insert(QLatin1String("message"), message);
    if (!field.isEmpty()) m.insert(QLatin1String("field"), field);
    m.insert(QLatin1String("present"), present);
    m.insert(QLatin1String("deleted"), deleted);
    if (outOfScope) m.insert(QLatin1String("out_of_scope"), true);
    if (present) m.insert(QLatin1String("server"), QCborValue::fromJsonValue(server));
    return m;
}

Refusal Refusal::fromCbor(const QCborMap& m)
{
    Refusal r;
    r.devSeq = integer(m, "dev_seq");
    r.entity = text(m, "entity");
    r.rowId = text(m, "row_id");
    r.op = text(m, "op");
    r.reason = text(m, "reason");
    r.message = text(m, "message");
    r.field = text(m, "field");
    r.present = m.value(QLatin1String("present")).toBool();
    r.deleted = m.value(QLatin1String("deleted")).toBool();
    r.outOfScope = m.value(QLatin1String("out_of_scope")).toBool();
    r.server = m.value(QLatin1String("server")).toMap().toJsonObject();
    return r;
}

QByteArray PushResponse::toCbor() const
{
    QCborArray list, refusals;
    for (const Conflict& c : conflicts)
        list.append(c.toCbor());
    for (const Refusal& r : refused)
        refusals.append(r.toCbor());
    QCborMap m;
    m.insert(QLatin1String("accepted"), accepted);
    m.insert(QLatin1String("duplicates"), duplicates);
    m.insert(QLatin1String("last_dev_seq"), lastDevSeq);
    m.insert(QLatin1String("server_seq"), serverSeq);
    m.insert(QLatin1String("conflicts"), list);
    m.insert(QLatin1String("refused"), refusals);
    m.insert(QLatin1String("server_schema"), serverSchema);
    return m.toCborValue().toCbor();
}

Result<PushResponse> PushResponse::fromCbor(const QByteArray& data)
{
    auto map = decodeMap(data);
    if (!map) return map.error();
    const QCborMap& m = map.value();
    PushResponse r;
    r.accepted = int(integer(m, "accepted"));
    r.duplicates = int(integer(m, "duplicates"));
    r.lastDevSeq = integer(m, "last_dev_seq");
    r.serverSeq = integer(m, "server_seq");
    for (const QCborValue& c : m.value(QLatin1String("conflicts")).toArray())
        r.conflicts << Conflict::fromCbor(c.toMap());
    for (const QCborValue& c : m.value(QLatin1String("refused")).toArray())
        r.refused << Refusal::fromCbor(c.toMap());
    r.serverSchema = int(integer(m, "server_schema"));
    return r;
}

QCborMap ServerChange::toCbor() const
{
    QCborMap m;
    m.insert(QLatin1String("server_seq"), serverSeq);
    m.insert(QLatin1String("device_id"), deviceId);
    m.insert(QLatin1String("dev_seq"), devSeq);
    m.insert(QLatin1String("entity"), entity);
    m.insert(QLatin1String("row_id"), rowId);
    m.insert(QLatin1String("op"), op);
    m.insert(QLatin1String("fields"), QCborValue::fromJsonValue(fields));
    return m;
}

Result<ServerChange> ServerChange::fromCbor(const QCborValue& v, int index)
{
    if (!v.isMap()) return malformed(QStringLiteral("changes[%1]").arg(index), QStringLiteral("is not a map"));
    const QCborMap m = v.toMap();
    ServerChange c { integer(m, "server_seq"), text(m, "device_id"), integer(m, "dev_seq"), text(m, "entity"),
        text(m, "row_id"), text(m, "op"), m.value(QLatin1String("fields")).toMap().toJsonObject() };
    if (c.serverSeq <= 0 || !validOp(c.op))
        return malformed(QStringLiteral("changes[%1]").arg(index), QStringLiteral("is not a change"));
    return c;
}

QByteArray PullResponse::toCbor() const
{
    QCborArray list, conflictList;
    for (const ServerChange& c : changes)
        list.append(c.toCbor());
    for (const Conflict& c : conflicts)
        conflictList.append(c.toCbor());
    QCborMap m;
    m.insert(QLatin1String("epoch"), epoch);
    m.insert(QLatin1String("changes"), list);
    m.insert(QLatin1String("next"), next);
    m.insert(QLatin1String("more"), more);
    if (restart) m.insert(QLatin1String("restart"), true);
    if (restoredSeq >= 0) m.insert(QLatin1String("restored_seq"), restoredSeq);
    m.insert(QLatin1String("conflicts"), conflictList);
    if (!scope.isEmpty()) m.insert(QLatin1String("scope"), scope);
    if (!purge.isEmpty()) m.insert(QLatin1String("purge"), QCborArray::fromStringList(purge));
    return m.toCborValue().toCbor();
}

Result<PullResponse> PullResponse::fromCbor(const QByteArray& data)
{
    auto map = decodeMap(data);
    if (!map) return map.error();
    const QCborMap& m = map.value();
    PullResponse r;
    r.epoch = text(m, "epoch");
    r.next = integer(m, "next");
    r.more = m.value(QLatin1String("more")).toBool();
    r.restart = m.value(QLatin1String("restart")).toBool();
    const QCborValue restored = m.value(QLatin1String("restored_seq"));
    r.restoredSeq = restored.isInteger() ? restored.toInteger() : -1;
    r.scope = m.value(QLatin1String("scope")).toString();
    for (const QCborValue& e : m.value(QLatin1String("purge")).toArray())
        if (e.isString()) r.purge << e.toString();
    const QCborArray list = m.value(QLatin1String("changes")).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        auto c = ServerChange::fromCbor(list.at(i), int(i));
        if (!c) return c.error();
        r.changes << c.value();
    }
    for (const QCborValue& c : m.value(QLatin1String("conflicts")).toArray())
        r.conflicts << Conflict::fromCbor(c.toMap());
    return r;
}

QCborMap AuditRecord::toCbor() const
{
    QCborMap m;
    m.insert(QLatin1String("id"), id);
    m.insert(QLatin1String("tenant_id"), tenantId);
    m.insert(QLatin1String("device_id"), deviceId);
    m.insert(QLatin1String("chain_seq"), chainSeq);
    m.insert(QLatin1String("user_id"), userId);
    m.insert(QLatin1String("action"), action);
    m.insert(QLatin1String("resource_type"), resourceType);
    m.insert(QLatin1String("resource_id"), resourceId);
    m.insert(QLatin1String("outcome"), outcome);
    m.insert(QLatin1String("diff"), QString::fromUtf8(diff));
    m.insert(QLatin1String("correlation_id"), correlationId);
    m.insert(QLatin1String("created_at"), createdAt);
    m.insert(QLatin1String("prev_hash"), prevHash);
    m.insert(QLatin1String("hash"), hash);
    return m;
}

Result<AuditRecord> AuditRecord::fromCbor(const QCborValue& v, int index)
{
    const QString at = QStringLiteral("entries[%1]").arg(index);
    if (!v.isMap()) return malformed(at, QStringLiteral("is not a map"));
    const QCborMap m = v.toMap();
    AuditRecord r { text(m, "id"), text(m, "tenant_id"), text(m, "device_id"), integer(m, "chain_seq"),
        text(m, "user_id"), text(m, "action"), text(m, "resource_type"), text(m, "resource_id"), text(m, "outcome"),
        text(m, "diff").toUtf8(), text(m, "correlation_id"), text(m, "created_at"), text(m, "prev_hash"),
        text(m, "hash") };
    if (r.chainSeq <= 0)
        return malformed(at + QStringLiteral(".chain_seq"), QStringLiteral("must be a positive integer"));
    if (r.id.isEmpty() || r.action.isEmpty() || r.createdAt.isEmpty() || r.hash.size() != 64 || r.prevHash.size() != 64)
        return malformed(at, QStringLiteral("needs id, action, created_at, prev_hash and hash"));
    return r;
}

QByteArray AuditPushRequest::toCbor() const
{
    QCborArray list;
    for (const AuditRecord& e : entries)
        list.append(e.toCbor());
    QCborMap m;
    m.insert(QLatin1String("schema_version"), schemaVersion);
    m.insert(QLatin1String("device_id"), deviceId);
    m.insert(QLatin1String("entries"), list);
    return m.toCborValue().toCbor();
}

Result<AuditPushRequest> AuditPushRequest::fromCbor(const QByteArray& data)
{
    AuditPushRequest r;
    RD_TRY(decodeBatch(data, "entries", r.schemaVersion, r.deviceId, r.entries));
    return r;
}

QByteArray AuditPushResponse::toCbor() const
{
    QCborMap m;
    m.insert(QLatin1String("accepted"), accepted);
    m.insert(QLatin1String("duplicates"), duplicates);
    m.insert(QLatin1String("last_chain_seq"), lastChainSeq);
    return m.toCborValue().toCbor();
}

Result<AuditPushResponse> AuditPushResponse::fromCbor(const QByteArray& data)
{
    auto map = decodeMap(data);
    if (!map) return map.error();
    return AuditPushResponse { int(integer(map.value(), "accepted")), int(integer(map.value(), "duplicates")),
        integer(map.value(), "last_chain_seq") };
}

} // namespace rd::sync
