#include "context.h"

#include "common/ids.h"
#include "common/json.h"
#include "crypto/crypto.h"

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
    // What the capture triggers stamp on this unit's outbox records.
    if (m_tx.status()) {
        auto stamped = ctx.db.change(QStringLiteral("UPDATE sync_ctx SET correlation_id = ?, created_at = ?"),
            { m_session.correlationId, m_now });
        if (!stamped)
            m_stampError = stamped.error();
    }
}

UnitOfWork::~UnitOfWork() = default;

QString UnitOfWork::newId() const { return newUuidV7(m_ctx.clock.nowMs()); }

Status UnitOfWork::audit(const QString& action, const QString& resourceType, const QString& resourceId,
    const QJsonObject& diff, const QString& outcome)
{
    AuditEntry e = entry(action, resourceType, resourceId);
    e.outcome = outcome;
    e.diff = redactSecrets(diff);
    return m_ctx.audit.append(e, &m_head);
}

Status UnitOfWork::auditPersonal(const QString& subjectId, const QString& action, const QString& resourceType,
    const QString& resourceId, const QJsonObject& diff)
{
    return auditPersonalCanonical(subjectId, false, action, resourceType, resourceId, canonicalJson(redactSecrets(diff)));
}

Status UnitOfWork::auditPersonalCanonical(const QString& subjectId, bool newSubject, const QString& action,
    const QString& resourceType, const QString& resourceId, const QByteArray& canonicalDiff)
{
    QByteArray key = m_subjectKeys.value(subjectId);
    if (key.isEmpty()) {
        auto k = newSubject ? createSubjectKey(m_ctx, m_session.tenantId, subjectId, m_now)
                            : subjectKey(m_ctx, m_session.tenantId, subjectId, true, m_now);
        if (!k)
            return k.error();
        key = k.value();
        m_subjectKeys.insert(subjectId, key);
    }
    auto sealed = crypto::seal(key, canonicalDiff, (m_session.tenantId + QLatin1Char('|') + subjectId).toUtf8());
    if (!sealed)
        return sealed.error();
    const QByteArray personal = CanonicalObject()
                                    .add("sealed", QString::fromLatin1(sealed.value().toBase64()))
                                    .add("subject", subjectId)
                                    .finish();
    return auditCanonical(action, resourceType, resourceId, CanonicalObject().addJson("personal", personal).finish());
}

namespace {
QByteArray subjectKeyAd(const QString& tenantId, const QString& subjectId)
{
    return (QStringLiteral("subject_key|") + tenantId + QLatin1Char('|') + subjectId).toUtf8();
}
} // namespace

Result<QByteArray> createSubjectKey(ServiceContext& ctx, const QString& tenantId, const QString& subjectId, const QString& now)
{
    const QByteArray key = crypto::randomBytes(32);
    auto sealed = ctx.secrets.seal(key, subjectKeyAd(tenantId, subjectId));
    if (!sealed)
        return sealed.error();
    using V = Database::RawValue;
    RD_TRY(ctx.db.appendRow("INSERT INTO subject_keys (id, tenant_id, subject_type, sealed_key, created_at) VALUES (?,?,'candidate',?,?)",
        { V::str(subjectId), V::str(tenantId), V::blob(sealed.value()), V::str(now.isEmpty() ? ctx.clock.nowIso() : now) }));
    return key;
}

Result<QByteArray> subjectKey(ServiceContext& ctx, const QString& tenantId, const QString& subjectId, bool create, const QString& now)
{
    auto row = ctx.db.selectOne(QStringLiteral("SELECT sealed_key FROM subject_keys WHERE id = ? AND tenant_id = ?"), { subjectId, tenantId });
    if (row)
        return ctx.secrets.open(row.value().value(0).toByteArray(), subjectKeyAd(tenantId, subjectId));
    if (row.error().code != ErrorCode::NotFound || !create)
        return row.error();
    return createSubjectKey(ctx, tenantId, subjectId, now);
}

QJsonObject openPersonalDiff(ServiceContext& ctx, const QString& tenantId, const QJsonObject& diff)
{
    const QJsonObject personal = diff.value(QStringLiteral("personal")).toObject();
    if (personal.isEmpty() || diff.size() != 1)
        return diff;
    const QString subject = personal.value(QStringLiteral("subject")).toString();
    auto key = subjectKey(ctx, tenantId, subject, false);
    if (!key)
        return { { QStringLiteral("personal"), QJsonObject { { QStringLiteral("subject"), subject }, { QStringLiteral("erased"), true } } } };
    auto plain = crypto::open(key.value(), QByteArray::fromBase64(personal.value(QStringLiteral("sealed")).toString().toLatin1()),
        (tenantId + QLatin1Char('|') + subject).toUtf8());
    if (!plain)
        return { { QStringLiteral("personal"), QJsonObject { { QStringLiteral("subject"), subject }, { QStringLiteral("unreadable"), true } } } };
    return parseObject(QString::fromUtf8(plain.value()));
}

Status destroySubjectKey(ServiceContext& ctx, const QString& tenantId, const QString& subjectId)
{
    auto del = ctx.db.change(QStringLiteral("DELETE FROM subject_keys WHERE id = ? AND tenant_id = ?"), { subjectId, tenantId });
    return del ? Status() : Status(del.error());
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

Status UnitOfWork::recorded(const QString& action, const QString& entity, const QString& rowId, const QString& op,
    const QJsonObject& fields)
{
    return recordedPersonal({}, action, entity, rowId, op, fields);
}

Status UnitOfWork::recordedPersonal(const QString& subjectId, const QString& action, const QString& entity, const QString& rowId,
    const QString& op, const QJsonObject& fields)
{
    RD_TRY(subjectId.isEmpty() ? audit(action, entity, rowId, fields) : auditPersonal(subjectId, action, entity, rowId, fields));
    publish(EntityChanged { m_session.tenantId, entity, rowId, op });
    return {};
}

Status UnitOfWork::commit()
{
    if (m_stampError)
        return *m_stampError;
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
