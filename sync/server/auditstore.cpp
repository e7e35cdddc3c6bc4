#include "auditstore.h"
#include "pushguard.h"

#include "common/ids.h"
#include "common/json.h"
#include "httpapp.h"

#include <QDateTime>

namespace rd::server {

namespace {
AuditEntry entryOf(const sync::AuditRecord& r)
{
    AuditEntry e;
    e.id = r.id;
    e.tenantId = r.tenantId;
    e.deviceId = r.deviceId;
    e.chainSeq = r.chainSeq;
    e.userId = r.userId;
    e.action = r.action;
    e.resourceType = r.resourceType;
    e.resourceId = r.resourceId;
    e.outcome = r.outcome;
    e.correlationId = r.correlationId;
    e.createdAt = r.createdAt;
    e.prevHash = r.prevHash;
    e.hash = r.hash;
    return e;
}

// last_chain_seq: how far the server holds the device's chain (it sends again from there).
Error chainError(const QString& reason, const QString& message, qint64 chainSeq, qint64 head)
{
    return Error { ErrorCode::ChainBroken, message,
        { { QStringLiteral("reason"), reason }, { QStringLiteral("chain_seq"), chainSeq },
            { QStringLiteral("last_chain_seq"), head } } };
}
} // namespace

namespace {
// The device's time of an entry, checked before PostgreSQL casts it.
Status checkTime(const QString& createdAt)
{
    if (!QDateTime::fromString(createdAt, Qt::ISODateWithMs).isValid())
        return Error { ErrorCode::ValidationFailed,
            QStringLiteral("created_at %1 is not an ISO 8601 time.").arg(createdAt), {} };
    return {};
}
} // namespace

Status AuditStore::preparePartitions(int monthsAhead)
{
    // Entries are filed by the server's receive time; this month's partition and the next ones
    // exist before any entry needs them, so a push never makes one.
    const QDate now = QDateTime::currentDateTimeUtc().date();
    const QDate first(now.year(), now.month(), 1);
    for (int i = 0; i <= monthsAhead; ++i) {
        const QDate m = first.addMonths(i);
        const QString name = QStringLiteral("audit_entries_r%1m%2").arg(m.year()).arg(m.month(), 2, 10, QLatin1Char('0'));
        // Looked up first: CREATE ... IF NOT EXISTS would print a NOTICE into the JSON log.
        auto there = m_db.select(QStringLiteral("SELECT to_regclass(?) IS NOT NULL"), { name });
        if (!there) return there.error();
        if (there.value().first().value(0).toBool()) continue;
        auto r = m_db.exec(QStringLiteral("CREATE TABLE %1 PARTITION OF audit_entries FOR VALUES FROM "
                                          "('%2 00:00:00+00') TO ('%3 00:00:00+00')")
                               .arg(name, m.toString(Qt::ISODate), m.addMonths(1).toString(Qt::ISODate)));
        if (!r) {
            // Another server instance made it meanwhile.
            auto made = m_db.select(QStringLiteral("SELECT to_regclass(?) IS NOT NULL"), { name });
            if (!made || !made.value().first().value(0).toBool()) return r.error();
        }
    }
    return {};
}

Status AuditStore::appendServer(const QString& tenantId, const QString& action, const QString& resourceType,
    const QString& resourceId, const QJsonObject& diff)
{
    const QString device = QStringLiteral("server:") + tenantId;
    auto init = m_db.exec(QStringLiteral("INSERT INTO audit_chain_heads (tenant_id, device_id, chain_seq, hash) VALUES "
                                         "(?,?,0,?) ON CONFLICT DO NOTHING"),
        { tenantId, device, AuditLog::genesisHash() });
    if (!init) return init.error();
    auto head = m_db.select(
        QStringLiteral(
            "SELECT h.chain_seq, h.hash, coalesce(t.workspace_id, t.id) FROM audit_chain_heads h JOIN tenants t ON "
            "t.id = h.tenant_id WHERE h.tenant_id = ? AND h.device_id = ? FOR UPDATE OF h"),
        { tenantId, device });
    if (!head) return head.error();
    if (head.value().isEmpty()) return makeError(ErrorCode::NotFound, QStringLiteral("No tenant %1.").arg(tenantId));
    AuditEntry e;
    e.id = newUuidV7();
    e.tenantId = head.value().first().value(2).toString(); // the id the tenant's desktops use
    e.deviceId = device;
    e.chainSeq = head.value().first().value(0).toLongLong() + 1;
    e.action = action;
    e.resourceType = resourceType;
    e.resourceId = resourceId;
    e.diff = diff;
    e.createdAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    e.prevHash = head.value().first().value(1).toString();
    const QByteArray canonical = canonicalJson(diff);
    e.hash = AuditLog::computeHash(e, canonical);
    auto ins = m_db.exec(
        QStringLiteral(
            "INSERT INTO audit_entries (tenant_id, device_id, chain_seq, id, user_id, action, resource_type, "
            "resource_id, outcome, diff, correlation_id, created_at_text, created_at, prev_hash, hash) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?,?,?::timestamptz,?,?)"),
        { tenantId, device, e.chainSeq, e.id, e.userId, e.action, e.resourceType, e.resourceId, e.outcome,
            QString::fromUtf8(canonical), e.correlationId, e.createdAt, e.createdAt, e.prevHash, e.hash });
    if (!ins) return ins.error();
    auto saved = m_db.exec(
        QStringLiteral("UPDATE audit_chain_heads SET chain_seq = ?, hash = ? WHERE tenant_id = ? AND device_id = ?"),
        { e.chainSeq, e.hash, tenantId, device });
    return saved ? Status() : Status(saved.error());
}

Result<sync::AuditPushResponse> AuditStore::push(const AccessClaims& claims, const sync::AuditPushRequest& request)
{
    if (request.schemaVersion < sync::kOldestProtocolVersion || request.schemaVersion > sync::kProtocolVersion)
        return Error { ErrorCode::ValidationFailed,
            QStringLiteral("Protocol version %1 is not supported.").arg(request.schemaVersion),
            { { QStringLiteral("reason"), QStringLiteral("unsupported_schema") } } };
    if (request.deviceId != claims.deviceId)
        return Error { ErrorCode::PermissionDenied,
            QStringLiteral("The entries name another device than the one signed in."),
            { { QStringLiteral("reason"), QStringLiteral("device_mismatch") } } };
    QList<sync::AuditRecord> entries = request.entries;
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.chainSeq < b.chainSeq; });
    RD_TRY(m_db.begin());
    auto fail = [&](const Error& e) -> Result<sync::AuditPushResponse> {
        m_db.rollback();
        return e;
    };
    auto scoped = m_db.scopeToTenant(claims.tenantId);
    if (!scoped) return fail(scoped.error());
    auto init = m_db.exec(QStringLiteral("INSERT INTO audit_chain_heads (tenant_id, device_id, chain_seq, hash) VALUES "
                                         "(?,?,0,?) ON CONFLICT DO NOTHING"),
        { claims.tenantId, claims.deviceId, AuditLog::genesisHash() });
    if (!init) return fail(init.error());
    auto head = m_db.select(
        QStringLiteral(
            "SELECT chain_seq, hash FROM audit_chain_heads WHERE tenant_id = ? AND device_id = ? FOR UPDATE"),
        { claims.tenantId, claims.deviceId });
    if (!head) return fail(head.error());
    qint64 seq = head.value().first().value(0).toLongLong();
    // Entries name the desktop workspace's tenant id, which the tenant is bound to.
    auto bound = m_db.select(QStringLiteral("SELECT coalesce(workspace_id, '') FROM tenants WHERE id = ?"), { claims.tenantId });
    if (!bound) return fail(bound.error());
    const QString workspace = bound.value().isEmpty() ? QString() : bound.value().first().value(0).toString();
    QString hash = head.value().first().value(1).toString();
    // An entry names the user who acted; only the device's signed-in user (or nobody: the
    // device itself) is believed. Others are kept, since the chain needs them, but marked
    // refused, so the server's audit trail never shows them as that user's actions.
    auto actor = ServerActor::of(m_db, claims);
    if (!actor) return fail(actor.error());
    const QString signedIn = actor.value().found ? actor.value().actor.userId : QString();
    int misattributed = 0;
    sync::AuditPushResponse out;
    for (const sync::AuditRecord& r : std::as_const(entries)) {
        // PostgreSQL text holds no NUL (a desktop's entries never carry one: diffs are JSON text).
        for (const QString* text : { &r.id, &r.tenantId, &r.deviceId, &r.userId, &r.action, &r.resourceType,
                 &r.resourceId, &r.outcome, &r.correlationId, &r.createdAt, &r.prevHash, &r.hash })
            if (text->contains(QChar(0)) || r.diff.contains('\0'))
                return fail(Error { ErrorCode::ValidationFailed,
                    QStringLiteral("Entry %1 contains a NUL character.").arg(r.chainSeq),
                    { { QStringLiteral("chain_seq"), r.chainSeq } } });
        if ((r.tenantId != claims.tenantId && (workspace.isEmpty() || r.tenantId != workspace)) || r.deviceId != claims.deviceId)
            return fail(
                Error { ErrorCode::PermissionDenied, QStringLiteral("An entry belongs to another tenant or device."),
                    { { QStringLiteral("reason"), QStringLiteral("foreign_entry") },
                        { QStringLiteral("chain_seq"), r.chainSeq } } });
        if (r.chainSeq <= seq) {
            auto stored = m_db.select(
                QStringLiteral(
                    "SELECT hash FROM audit_entries WHERE tenant_id = ? AND device_id = ? AND chain_seq = ?"),
                { claims.tenantId, claims.deviceId, r.chainSeq });
            if (!stored) return fail(stored.error());
            if (stored.value().isEmpty() || stored.value().first().value(0).toString() != r.hash) {
                logJson(QStringLiteral("warning"), QStringLiteral("audit chain fork"),
                    { { QStringLiteral("device_id"), claims.deviceId }, { QStringLiteral("chain_seq"), r.chainSeq } });
                m_db.rollback();
                // The device may now carry on as a new one (AuthService::succeed).
                if (auto due = m_db.exec(QStringLiteral("UPDATE devices SET renewal_due_at = now() WHERE id = ?"), { claims.deviceId }); !due)
                    return due.error();
                return chainError(QStringLiteral("fork"),
                    QStringLiteral("Entry %1 differs from the one received before: the chain forked.").arg(r.chainSeq),
                    r.chainSeq, seq);
            }
            ++out.duplicates;
            continue;
        }
        if (r.chainSeq != seq + 1)
            return fail(chainError(QStringLiteral("gap"),
                QStringLiteral("Entry %1 follows %2: entries are missing.").arg(r.chainSeq).arg(seq), r.chainSeq, seq));
        if (r.prevHash != hash)
            return fail(chainError(QStringLiteral("broken_link"),
                QStringLiteral("Entry %1 does not link to entry %2.").arg(r.chainSeq).arg(seq), r.chainSeq, seq));
        if (AuditLog::computeHash(entryOf(r), r.diff) != r.hash)
            return fail(chainError(QStringLiteral("hash_mismatch"),
                QStringLiteral("Entry %1 does not match its hash: it was altered.").arg(r.chainSeq), r.chainSeq, seq));
        if (const Status p = checkTime(r.createdAt); !p) return fail(p.error());
        const bool attributed = r.userId.isEmpty() || r.userId == signedIn;
        if (!attributed) ++misattributed;
        auto ins = m_db.exec(
            QStringLiteral(
                "INSERT INTO audit_entries (tenant_id, device_id, chain_seq, id, user_id, action, resource_type, "
                "resource_id, outcome, diff, correlation_id, created_at_text, created_at, prev_hash, hash, "
                "attribution) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?::timestamptz,?,?,?)"),
            { claims.tenantId, claims.deviceId, r.chainSeq, r.id, r.userId, r.action, r.resourceType, r.resourceId,
                r.outcome, QString::fromUtf8(r.diff), r.correlationId, r.createdAt, r.createdAt, r.prevHash, r.hash,
                attributed ? QStringLiteral("accepted") : QStringLiteral("refused") });
        if (!ins) return fail(ins.error());
        seq = r.chainSeq;
        hash = r.hash;
        ++out.accepted;
    }
    if (misattributed > 0)
        logJson(QStringLiteral("warning"), QStringLiteral("audit entries attributed to another user; marked refused"),
            { { QStringLiteral("device_id"), claims.deviceId }, { QStringLiteral("user_id"), claims.userId },
                { QStringLiteral("entries"), misattributed } });
    auto saved = m_db.exec(
        QStringLiteral("UPDATE audit_chain_heads SET chain_seq = ?, hash = ? WHERE tenant_id = ? AND device_id = ?"),
        { seq, hash, claims.tenantId, claims.deviceId });
    if (!saved) return fail(saved.error());
    RD_TRY(m_db.commit());
    out.lastChainSeq = seq;
    return out;
}

Result<VerifyReport> AuditStore::verify(const QString& tenant)
{
    auto tenants
        = m_db.select(QStringLiteral("SELECT id, coalesce(workspace_id, id) FROM tenants WHERE ? = '' OR slug = ? OR id = ? ORDER BY slug"),
            { tenant, tenant, tenant });
    if (!tenants) return tenants.error();
    if (!tenant.isEmpty() && tenants.value().isEmpty())
        return Error { ErrorCode::NotFound, QStringLiteral("No tenant %1.").arg(tenant), {} };
    VerifyReport report;
    for (const auto& t : tenants.value()) {
        const QString tenantId = t.value(0).toString();
        // Entries name the tenant id their device knows: the bound desktop workspace's.
        const QString entryTenant = t.value(1).toString();
        RD_TRY(m_db.begin());
        auto scoped = m_db.scopeToTenant(tenantId);
        auto rows = scoped
            ? m_db.select(
                QStringLiteral("SELECT device_id, chain_seq, id, user_id, action, resource_type, resource_id, outcome, "
                               "diff, correlation_id, created_at_text, prev_hash, hash FROM audit_entries WHERE "
                               "tenant_id = ? ORDER BY device_id, chain_seq"),
                { tenantId })
            : Result<QList<QSqlRecord>>(scoped.error());
        m_db.rollback();
        if (!rows) return rows.error();
        QString device;
        qint64 seq = 0;
        QString hash;
        for (const auto& r : rows.value()) {
            sync::AuditRecord e { r.value(2).toString(), entryTenant, r.value(0).toString(), r.value(1).toLongLong(),
                r.value(3).toString(), r.value(4).toString(), r.value(5).toString(), r.value(6).toString(),
                r.value(7).toString(), r.value(8).toString().toUtf8(), r.value(9).toString(), r.value(10).toString(),
                r.value(11).toString(), r.value(12).toString() };
            if (e.deviceId != device) {
                device = e.deviceId;
                seq = 0;
                hash = AuditLog::genesisHash();
                ++report.chains;
            }
            ++report.entries;
            QString reason;
            if (e.chainSeq != seq + 1)
                reason = QStringLiteral("gap");
            else if (e.prevHash != hash)
                reason = QStringLiteral("broken_link");
            else if (AuditLog::computeHash(entryOf(e), e.diff) != e.hash)
                reason = QStringLiteral("hash_mismatch");
            if (!reason.isEmpty()) {
                report.ok = false;
                report.tenantId = tenantId;
                report.deviceId = e.deviceId;
                report.chainSeq = e.chainSeq;
                report.entryId = e.id;
                report.reason = reason;
                return report;
            }
            seq = e.chainSeq;
            hash = e.hash;
        }
    }
    return report;
}

} // namespace rd::server
