#include "auditlog.h"

#include "common/ids.h"
#include "common/json.h"
#include "crypto/crypto.h"
#include "store/database.h"

#include <QJsonDocument>
#include <QSqlRecord>

namespace rd {

QJsonObject AuditEntry::toJson() const
{
    return { { QStringLiteral("seq"), seq }, { QStringLiteral("id"), id }, { QStringLiteral("tenant_id"), tenantId },
        { QStringLiteral("device_id"), deviceId }, { QStringLiteral("chain_seq"), chainSeq },
        { QStringLiteral("user_id"), userId }, { QStringLiteral("action"), action },
        { QStringLiteral("resource_type"), resourceType }, { QStringLiteral("resource_id"), resourceId },
        { QStringLiteral("outcome"), outcome }, { QStringLiteral("diff"), diff },
        { QStringLiteral("correlation_id"), correlationId }, { QStringLiteral("created_at"), createdAt },
        { QStringLiteral("prev_hash"), prevHash }, { QStringLiteral("hash"), hash } };
}

QJsonObject VerifyReport::toJson() const
{
    QJsonObject o { { QStringLiteral("ok"), ok }, { QStringLiteral("chains"), chains },
        { QStringLiteral("entries"), entries } };
    if (!ok) {
        o.insert(QStringLiteral("broken"),
            QJsonObject { { QStringLiteral("tenant_id"), tenantId }, { QStringLiteral("device_id"), deviceId },
                { QStringLiteral("chain_seq"), chainSeq }, { QStringLiteral("row_seq"), rowSeq },
                { QStringLiteral("entry_id"), entryId }, { QStringLiteral("reason"), reason } });
    }
    return o;
}

QString AuditLog::genesisHash() { return QString(64, QLatin1Char('0')); }

QString AuditLog::computeHash(const AuditEntry& e) { return computeHash(e, canonicalJson(e.diff)); }

QString AuditLog::computeHash(const AuditEntry& e, const QByteArray& canonicalDiff)
{
    // prev_hash "\n" canonical JSON of the entry (keys in sorted order, written directly).
    QByteArray b;
    b.reserve(512);
    b += e.prevHash.toLatin1();
    b += '\n';
    auto key = [&b](const char* k, bool first = false) {
        if (!first)
            b += ',';
        b += '"';
        b += k;
        b += "\":";
    };
    b += '{';
    key("action", true);
    appendCanonicalString(b, e.action);
    key("chain_seq");
    appendCanonicalNumber(b, double(e.chainSeq));
    key("correlation_id");
    appendCanonicalString(b, e.correlationId);
    key("created_at");
    appendCanonicalString(b, e.createdAt);
    key("device_id");
    appendCanonicalString(b, e.deviceId);
    key("diff");
    b += canonicalDiff;
    key("id");
    appendCanonicalString(b, e.id);
    key("outcome");
    appendCanonicalString(b, e.outcome);
    key("resource_id");
    appendCanonicalString(b, e.resourceId);
    key("resource_type");
    appendCanonicalString(b, e.resourceType);
    key("tenant_id");
    appendCanonicalString(b, e.tenantId);
    key("user_id");
    appendCanonicalString(b, e.userId);
    b += '}';
    return crypto::sha256Hex(b);
}

Status AuditLog::append(AuditEntry& e, ChainHead* cache) { return appendCanonical(e, canonicalJson(e.diff), cache); }

Status AuditLog::appendCanonical(AuditEntry& e, const QByteArray& diff, ChainHead* cache)
{
    e.deviceId = m_db.deviceId();
    if (e.id.isEmpty())
        e.id = newUuidV7();
    ChainHead local;
    // The cache serves one tenant's chain; an entry for another tenant writes through.
    ChainHead& head = cache && (!cache->loaded || cache->tenantId == e.tenantId) ? *cache : local;
    if (!head.loaded) {
        auto row = m_db.selectOne(QStringLiteral("SELECT chain_seq, hash FROM audit_heads WHERE tenant_id = ? AND device_id = ?"),
            { e.tenantId, e.deviceId });
        if (row.ok()) {
            head.chainSeq = row.value().value(0).toLongLong();
            head.hash = row.value().value(1).toString();
        } else if (row.error().code == ErrorCode::NotFound) {
            head.chainSeq = 0;
            head.hash = genesisHash();
        } else {
            return row.error();
        }
        head.loaded = true;
        head.tenantId = e.tenantId;
    }
    e.chainSeq = head.chainSeq + 1;
    e.prevHash = head.hash;
    e.hash = computeHash(e, diff);
    using V = Database::RawValue;
    RD_TRY(m_db.appendRow("INSERT INTO audit_log (id, tenant_id, device_id, chain_seq, user_id, action, resource_type, "
                          "resource_id, outcome, diff, correlation_id, created_at, prev_hash, hash) "
                          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        { V::str(e.id), V::str(e.tenantId), V::str(e.deviceId), V::num(e.chainSeq), V::str(e.userId), V::str(e.action),
            V::str(e.resourceType), V::str(e.resourceId), V::str(e.outcome), V::bytes(diff),
            V::str(e.correlationId), V::str(e.createdAt), V::str(e.prevHash), V::str(e.hash) }));
    head.chainSeq = e.chainSeq;
    head.hash = e.hash;
    head.dirty = true;
    if (&head == &local)
        return flushHead(head);
    return {};
}

Status AuditLog::flushHead(ChainHead& head)
{
    if (!head.dirty)
        return {};
    auto h = m_db.change(QStringLiteral("INSERT INTO audit_heads (tenant_id, device_id, chain_seq, hash) VALUES (?,?,?,?) "
                                        "ON CONFLICT(tenant_id, device_id) DO UPDATE SET chain_seq = excluded.chain_seq, "
                                        "hash = excluded.hash"),
        { head.tenantId, m_db.deviceId(), head.chainSeq, head.hash });
    if (!h)
        return h.error();
    head.dirty = false;
    return {};
}

namespace {
const QString kColumns = QStringLiteral("seq, id, tenant_id, device_id, chain_seq, user_id, action, resource_type, "
                                        "resource_id, outcome, diff, correlation_id, created_at, prev_hash, hash");

AuditEntry fromRecord(const QSqlRecord& r)
{
    AuditEntry e;
    e.seq = r.value(0).toLongLong();
    e.id = r.value(1).toString();
    e.tenantId = r.value(2).toString();
    e.deviceId = r.value(3).toString();
    e.chainSeq = r.value(4).toLongLong();
    e.userId = r.value(5).toString();
    e.action = r.value(6).toString();
    e.resourceType = r.value(7).toString();
    e.resourceId = r.value(8).toString();
    e.outcome = r.value(9).toString();
    e.diff = parseObject(r.value(10).toString());
    e.correlationId = r.value(11).toString();
    e.createdAt = r.value(12).toString();
    e.prevHash = r.value(13).toString();
    e.hash = r.value(14).toString();
    return e;
}
} // namespace

const ListSpec& AuditLog::listSpec()
{
    static const ListSpec spec { QStringLiteral("audit_log"), kColumns, QStringLiteral("id"),
        { { QStringLiteral("seq"), QStringLiteral("seq"), FieldSpec::Type::Integer },
            { QStringLiteral("action"), QStringLiteral("action") },
            { QStringLiteral("resource_type"), QStringLiteral("resource_type") },
            { QStringLiteral("resource_id"), QStringLiteral("resource_id") },
            { QStringLiteral("user_id"), QStringLiteral("user_id") }, { QStringLiteral("outcome"), QStringLiteral("outcome") },
            { QStringLiteral("device_id"), QStringLiteral("device_id") },
            { QStringLiteral("correlation_id"), QStringLiteral("correlation_id") },
            { QStringLiteral("created_at"), QStringLiteral("created_at") } },
        { { QStringLiteral("seq"), true } } };
    return spec;
}

Result<Page<AuditEntry>> AuditLog::list(const QString& tenantId, const ListQuery& query)
{
    auto rows = runListQuery(m_db, listSpec(), QStringLiteral("tenant_id = ?"), { tenantId }, query);
    if (!rows)
        return rows.error();
    Page<AuditEntry> page;
    for (const QSqlRecord& r : rows.value().rows)
        page.items << fromRecord(r);
    page.nextCursor = rows.value().nextCursor;
    return page;
}

Result<VerifyReport> AuditLog::verify(const QString& tenantId)
{
    VerifyReport report;
    struct ChainState {
        qint64 chainSeq = 0;
        QString hash;
    };
    QHash<QString, ChainState> chains; // key: tenant \n device

    // Records the first broken link; the caller returns the report right after.
    auto fail = [&](const AuditEntry& e, const QString& reason) {
        report.chains = int(chains.size());
        report.ok = false;
        report.tenantId = e.tenantId;
        report.deviceId = e.deviceId;
        report.chainSeq = e.chainSeq;
        report.rowSeq = e.seq;
        report.entryId = e.id;
        report.reason = reason;
    };

    // Walk in physical insertion order (seq); within each chain, chain_seq must grow by one
    // and every hash must recompute. Pages keep memory flat on big logs.
    qint64 after = 0;
    const QString sql = tenantId.isEmpty()
        ? QStringLiteral("SELECT %1 FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 2000").arg(kColumns)
        : QStringLiteral("SELECT %1 FROM audit_log WHERE seq > ? AND tenant_id = ? ORDER BY seq LIMIT 2000").arg(kColumns);
    for (;;) {
        QVariantList binds { after };
        if (!tenantId.isEmpty())
            binds << tenantId;
        auto rows = m_db.select(sql, binds);
        if (!rows)
            return rows.error();
        if (rows.value().isEmpty())
            break;
        for (const QSqlRecord& r : rows.value()) {
            const AuditEntry e = fromRecord(r);
            after = e.seq;
            ++report.entries;
            const QString key = e.tenantId + QLatin1Char('\n') + e.deviceId;
            ChainState& st = chains[key];
            const QString expectedPrev = st.chainSeq == 0 ? genesisHash() : st.hash;
            if (e.chainSeq != st.chainSeq + 1) {
                fail(e,
                    QStringLiteral("expected link %1 but found %2: an entry was deleted or entries were reordered")
                        .arg(st.chainSeq + 1)
                        .arg(e.chainSeq));
                return report;
            }
            if (e.prevHash != expectedPrev) {
                fail(e, QStringLiteral("previous-hash link does not match the preceding entry"));
                return report;
            }
            if (computeHash(e) != e.hash) {
                fail(e, QStringLiteral("entry content does not match its hash: the entry was edited"));
                return report;
            }
            st.chainSeq = e.chainSeq;
            st.hash = e.hash;
        }
    }
    report.chains = int(chains.size());

    // The recorded head of each chain must match its last entry (catches a truncated tail).
    const QString headSql = tenantId.isEmpty()
        ? QStringLiteral("SELECT tenant_id, device_id, chain_seq, hash FROM audit_heads")
        : QStringLiteral("SELECT tenant_id, device_id, chain_seq, hash FROM audit_heads WHERE tenant_id = ?");
    auto heads = m_db.select(headSql, tenantId.isEmpty() ? QVariantList {} : QVariantList { tenantId });
    if (!heads)
        return heads.error();
    for (const QSqlRecord& h : heads.value()) {
        const QString key = h.value(0).toString() + QLatin1Char('\n') + h.value(1).toString();
        const ChainState st = chains.value(key);
        if (st.chainSeq != h.value(2).toLongLong() || st.hash != h.value(3).toString()) {
            AuditEntry e;
            e.tenantId = h.value(0).toString();
            e.deviceId = h.value(1).toString();
            e.chainSeq = st.chainSeq + 1;
            fail(e, QStringLiteral("chain ends at link %1 but its head records link %2: entries at the end were removed")
                        .arg(st.chainSeq)
                        .arg(h.value(2).toLongLong()));
            return report;
        }
    }
    return report;
}

} // namespace rd
