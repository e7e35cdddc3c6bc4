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

QString AuditLog::computeHash(const AuditEntry& e)
{
    const QJsonObject canonical { { QStringLiteral("id"), e.id }, { QStringLiteral("tenant_id"), e.tenantId },
        { QStringLiteral("device_id"), e.deviceId }, { QStringLiteral("chain_seq"), e.chainSeq },
        { QStringLiteral("user_id"), e.userId }, { QStringLiteral("action"), e.action },
        { QStringLiteral("resource_type"), e.resourceType }, { QStringLiteral("resource_id"), e.resourceId },
        { QStringLiteral("outcome"), e.outcome }, { QStringLiteral("diff"), e.diff },
        { QStringLiteral("correlation_id"), e.correlationId }, { QStringLiteral("created_at"), e.createdAt } };
    return crypto::sha256Hex(e.prevHash.toLatin1() + '\n' + canonicalJson(canonical));
}

Status AuditLog::append(AuditEntry& e)
{
    e.deviceId = m_db.deviceId();
    if (e.id.isEmpty())
        e.id = newUuidV7();
    auto head = m_db.selectOne(QStringLiteral("SELECT chain_seq, hash FROM audit_heads WHERE tenant_id = ? AND device_id = ?"),
        { e.tenantId, e.deviceId });
    if (head.ok()) {
        e.chainSeq = head.value().value(0).toLongLong() + 1;
        e.prevHash = head.value().value(1).toString();
    } else if (head.error().code == ErrorCode::NotFound) {
        e.chainSeq = 1;
        e.prevHash = genesisHash();
    } else {
        return head.error();
    }
    e.hash = computeHash(e);
    const QByteArray diffJson = compactJson(e.diff);
    auto ins = m_db.change(QStringLiteral("INSERT INTO audit_log (id, tenant_id, device_id, chain_seq, user_id, action, "
                                          "resource_type, resource_id, outcome, diff, correlation_id, created_at, "
                                          "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
        { e.id, e.tenantId, e.deviceId, e.chainSeq, e.userId, e.action, e.resourceType, e.resourceId, e.outcome,
            QString::fromUtf8(diffJson), e.correlationId, e.createdAt, e.prevHash, e.hash });
    if (!ins)
        return ins.error();
    auto h = m_db.change(QStringLiteral("INSERT INTO audit_heads (tenant_id, device_id, chain_seq, hash) VALUES (?,?,?,?) "
                                        "ON CONFLICT(tenant_id, device_id) DO UPDATE SET chain_seq = excluded.chain_seq, "
                                        "hash = excluded.hash"),
        { e.tenantId, e.deviceId, e.chainSeq, e.hash });
    if (!h)
        return h.error();
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

    auto fail = [&](const AuditEntry& e, const QString& reason) {
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
                report.chains = int(chains.size());
                return report;
            }
            if (e.prevHash != expectedPrev) {
                fail(e, QStringLiteral("previous-hash link does not match the preceding entry"));
                report.chains = int(chains.size());
                return report;
            }
            if (computeHash(e) != e.hash) {
                fail(e, QStringLiteral("entry content does not match its hash: the entry was edited"));
                report.chains = int(chains.size());
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
