#include "context.h"

#include "common/ids.h"
#include "common/json.h"

#include <QUuid>

namespace rd {

UnitOfWork::UnitOfWork(ServiceContext& ctx, const Session& session)
    : m_ctx(ctx)
    , m_session(session)
    , m_tx(ctx.db)
    , m_now(ctx.clock.nowIso())
{
    if (m_session.correlationId.isEmpty())
        m_session.correlationId = newUuidV7(ctx.clock.nowMs());
}

UnitOfWork::~UnitOfWork() = default;

Status UnitOfWork::audit(const QString& action, const QString& resourceType, const QString& resourceId,
    const QJsonObject& diff, const QString& outcome)
{
    AuditEntry e = entry(action, resourceType, resourceId);
    e.outcome = outcome;
    e.diff = redactSecrets(diff);
    return m_ctx.audit.append(e, &m_head);
}

Status UnitOfWork::auditCanonical(const QString& action, const QString& resourceType, const QString& resourceId,
    const QByteArray& canonicalDiff)
{
    Q_ASSERT_X(!canonicalDiff.contains("\"password") && !canonicalDiff.contains("\"mfa_secret") && !canonicalDiff.contains("\"code"),
        "UnitOfWork::auditCanonical", "secrets must not reach the audit log");
    AuditEntry e = entry(action, resourceType, resourceId);
    return m_ctx.audit.appendCanonical(e, canonicalDiff, &m_head);
}

AuditEntry UnitOfWork::entry(const QString& action, const QString& resourceType, const QString& resourceId) const
{
    AuditEntry e;
    e.tenantId = m_session.tenantId;
    e.userId = m_session.userId;
    e.action = action;
    e.resourceType = resourceType;
    e.resourceId = resourceId;
    e.correlationId = m_session.correlationId;
    e.createdAt = m_now;
    return e;
}

Status UnitOfWork::change(const QString& entity, const QString& rowId, const QString& op, const QJsonObject& fields)
{
    return changeCanonical(entity, rowId, op, compactJson(fields));
}

Status UnitOfWork::changeCanonical(const QString& entity, const QString& rowId, const QString& op,
    const QByteArray& canonicalFields)
{
    Database& db = m_ctx.db;
    if (m_nextDevSeq == 0) {
        auto r = db.selectOne(QStringLiteral("SELECT COALESCE(MAX(dev_seq), 0) FROM changes"));
        if (!r)
            return r.error();
        m_nextDevSeq = r.value().value(0).toLongLong() + 1;
    }
    using V = Database::RawValue;
    RD_TRY(db.appendRow("INSERT INTO changes (dev_seq, tenant_id, entity, row_id, op, fields, correlation_id, created_at) "
                        "VALUES (?,?,?,?,?,?,?,?)",
        { V::num(m_nextDevSeq), V::str(m_session.tenantId), V::str(entity), V::str(rowId), V::str(op),
            V::bytes(canonicalFields), V::str(m_session.correlationId), V::str(m_now) }));
    ++m_nextDevSeq;
    return {};
}

Status UnitOfWork::recorded(const QString& action, const QString& entity, const QString& rowId, const QString& op,
    const QJsonObject& fields)
{
    RD_TRY(audit(action, entity, rowId, fields));
    RD_TRY(change(entity, rowId, op, fields));
    publish(EntityChanged { m_session.tenantId, entity, rowId, op });
    return {};
}

Status UnitOfWork::commit()
{
    RD_TRY(m_ctx.audit.flushHead(m_head));
    RD_TRY(m_tx.commit());
    auto events = std::move(m_events);
    m_events.clear();
    for (auto& deliver : events)
        deliver();
    return {};
}

QJsonObject redactSecrets(QJsonObject fields)
{
    static const QStringList secret { QStringLiteral("password"), QStringLiteral("password_hash"),
        QStringLiteral("mfa_secret"), QStringLiteral("mfa_pending_secret"), QStringLiteral("code"),
        QStringLiteral("code_hash"), QStringLiteral("token"), QStringLiteral("secret") };
    for (const QString& k : secret)
        if (fields.contains(k))
            fields.insert(k, QStringLiteral("[redacted]"));
    return fields;
}

} // namespace rd
