// A workspace file restored from a backup or copied (docs/sync.md "What can go wrong and what
// happens"): the server already has other changes under this device's numbers, or other audit
// entries in its chain. The file carries on as a new device that the server registers as the old
// one's successor: what the server has is not sent again, what it lacks is renumbered under the
// new identity (its audit entries copied into a fresh chain whose first entry says where it came
// from), and the field versions keep its older values from beating newer ones.
#include "common/ids.h"
#include "common/json.h"
#include "audit/auditlog.h"
#include "syncengine.h"
#include "syncmeta.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QScopeGuard>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace rd::sync {

Status SyncEngine::renewDevice(const QString& reason, qint64 firstUnsent, qint64 auditFork, SyncSummary& s)
{
    Database& db = m_ws.db();
    if (s.renewed)
        return makeError(ErrorCode::Conflict,
            QStringLiteral("The sync server still has other changes under this device's numbers after it renewed."),
            { { QStringLiteral("reason"), reason } });
    const QString old = db.deviceId();
    qCWarning(lcSync) << "this workspace file was restored from a backup or copied (" << reason
                      << "): it carries on as a new device";
    if (auditFork < 0) {
        // Where the audit chain left what the server has: send it as it is first (what matches
        // is a duplicate, what follows on is appended); a fork names the first entry it lacks.
        SyncSummary probe;
        Status sent = pushAudit(probe, false);
        s.auditPushed += probe.auditPushed;
        if (sent) {
            auto head = db.selectOne(QStringLiteral("SELECT coalesce(max(chain_seq), 0) FROM audit_log WHERE device_id = ?"), { old });
            if (!head) return head.error();
            auditFork = head.value().value(0).toLongLong() + 1;
        } else if (sent.error().details.value(QStringLiteral("reason")).toString() == QLatin1String("fork")) {
            auditFork = sent.error().details.value(QStringLiteral("chain_seq")).toInteger();
        } else {
            return sent.error();
        }
    }
    auto at = db.select(QStringLiteral("SELECT hash FROM audit_log WHERE device_id = ? AND chain_seq = ?"), { old, auditFork - 1 });
    if (!at) return at.error();
    const QString forkHash = at.value().isEmpty() ? AuditLog::genesisHash() : at.value().first().value(0).toString();

    // The new identity, kept before the server is asked, so a retry asks for the same one.
    auto kept = db.meta(kSuccessor);
    QString next = kept ? kept.value() : QString();
    if (next.isEmpty()) {
        next = newUuidV7();
        RD_TRY(db.setMeta(kSuccessor, next));
    }
    const QJsonObject origin { { QStringLiteral("device_id"), old }, { QStringLiteral("reason"), reason },
        { QStringLiteral("audit_chain_seq"), auditFork - 1 }, { QStringLiteral("audit_hash"), forkHash },
        { QStringLiteral("dev_seq"), firstUnsent - 1 } };
    // The refresh token proves this is the device's own laptop, not someone holding its access
    // token (the server asks for it). Read again for a second try: the call renews an expired
    // access token with it (or another process does), which spends the one sent.
    Result<QByteArray> answer = QByteArray();
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto refreshToken = storedRefreshToken();
        if (!refreshToken) return refreshToken.error();
        answer = call("POST", QStringLiteral("/v1/sync/successor"),
            compactJson(QJsonObject { { QStringLiteral("device_id"), next }, { QStringLiteral("origin"), origin },
                { QStringLiteral("refresh_token"), QString::fromUtf8(refreshToken.value()) } }),
            nullptr, kJson);
        if (answer || answer.error().details.value(QStringLiteral("reason")).toString() != QLatin1String("refresh_token_required"))
            break;
    }
    if (!answer) return answer.error();

    bool done = false;
    auto identity = qScopeGuard([&] { // (after the transaction below has rolled back)
        if (done) return;
        (void)db.setDeviceId(old);
        // The new identity's access token (storeTokens keeps it in memory before the commit)
        // goes too: the next request signs in again as the old device, which asks for the same
        // successor (simulation seed 9028: a round dying here pushed the old id with the new
        // token, "The batch names another device").
        m_access.clear();
    });
    Transaction tx(db);
    RD_TRY(tx.status());
    // The outbox: what the server has goes; the rest is numbered from 1 under the new identity.
    auto gone = db.change(QStringLiteral("DELETE FROM changes WHERE dev_seq < ?"), { firstUnsent });
    if (!gone) return gone.error();
    auto neg = db.change(QStringLiteral("UPDATE changes SET dev_seq = -dev_seq"));
    if (!neg) return neg.error();
    auto renumbered = db.change(QStringLiteral("UPDATE changes SET dev_seq = -dev_seq - ?"), { firstUnsent - 1 });
    if (!renumbered) return renumbered.error();
    // The audit entries the server lacks, in order, for the new chain.
    auto entries = db.select(QStringLiteral("SELECT id, tenant_id, chain_seq, coalesce(user_id, ''), action, resource_type, "
                                            "coalesce(resource_id, ''), outcome, diff, coalesce(correlation_id, ''), "
                                            "created_at, hash FROM audit_log WHERE device_id = ? AND chain_seq >= ? ORDER "
                                            "BY chain_seq"),
        { old, auditFork });
    if (!entries) return entries.error();
    RD_TRY(db.setDeviceId(next));
    AuditLog log(db);
    AuditEntry first;
    first.tenantId = m_session.tenantId;
    first.userId = m_session.system ? QString() : m_session.userId;
    first.action = QStringLiteral("sync.device_renewed");
    first.resourceType = QStringLiteral("workspace");
    first.resourceId = m_session.tenantId;
    first.diff = QJsonObject { { QStringLiteral("predecessor"), origin },
        { QStringLiteral("changes_kept"), renumbered.value() }, { QStringLiteral("entries_copied"), entries.value().size() } };
    first.correlationId = newUuidV7();
    first.createdAt = m_ws.clock().nowIso();
    RD_TRY(log.append(first));
    for (const auto& r : entries.value()) {
        AuditEntry e;
        e.tenantId = r.value(1).toString();
        e.userId = r.value(3).toString();
        e.action = r.value(4).toString();
        e.resourceType = r.value(5).toString();
        e.resourceId = r.value(6).toString();
        e.outcome = r.value(7).toString();
        e.diff = QJsonDocument::fromJson(r.value(8).toByteArray()).object();
        e.diff.insert(QStringLiteral("copied_from"),
            QJsonObject { { QStringLiteral("id"), r.value(0).toString() }, { QStringLiteral("device_id"), old },
                { QStringLiteral("chain_seq"), r.value(2).toLongLong() }, { QStringLiteral("hash"), r.value(11).toString() } });
        e.correlationId = r.value(9).toString();
        e.createdAt = r.value(10).toString();
        RD_TRY(log.append(e));
    }
    RD_TRY(db.setMeta(kPushed, QStringLiteral("0")));
    RD_TRY(db.setMeta(kAuditPushed, QStringLiteral("0")));
    RD_TRY(db.setMeta(kSuccessor, QString()));
    s.notice = QStringLiteral(
        "This workspace file was restored from a backup or copied from another computer: the sync server already had "
        "work from it that this copy lacks. It now syncs as a new device (the old one's history stays on the server); "
        "the %1 changes made here that the server did not have are being sent, and values colleagues changed since are "
        "kept (yours are listed as conflicts where they differ).")
                   .arg(renumbered.value());
    RD_TRY(db.setMeta(kNotice, m_ws.clock().nowIso() + QLatin1Char(' ') + s.notice));
    RD_TRY(storeTokens(QJsonDocument::fromJson(answer.value()).object()));
    RD_TRY(tx.commit());
    done = true;
    qCWarning(lcSync).noquote() << "now device" << next << "(was" << old << "):" << renumbered.value()
                                << "changes renumbered," << entries.value().size() << "audit entries copied";
    s.renewed = true;
    s.renumbered = true;
    return {};
}

} // namespace rd::sync
