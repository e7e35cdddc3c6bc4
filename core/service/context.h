#pragma once

#include "audit/auditlog.h"
#include "auth/authorizer.h"
#include "auth/session.h"
#include "common/clock.h"
#include "common/result.h"
#include "crypto/keystore.h"
#include "jobs/eventbus.h"
#include "store/database.h"

#include <QHash>
#include <QJsonObject>

#include <functional>
#include <optional>
#include <vector>

namespace rd {

class JobQueue;

// What every service needs. One per open workspace; services hold a reference.
struct ServiceContext {
    Database& db;
    const Clock& clock;
    EventBus& bus;
    crypto::SecretBox& secrets;
    AuditLog audit;
    Authorizer authz;

    ServiceContext(Database& d, const Clock& c, EventBus& b, crypto::SecretBox& s)
        : db(d)
        , clock(c)
        , bus(b)
        , secrets(s)
        , audit(d)
        , authz(d, audit, c)
    {
    }
};

// One mutation = one transaction: the service opens a UnitOfWork after its permission check,
// applies its change, records audit entries through it, and commits. The outbox records of
// the change are written by the tables' capture triggers (decision 0014) with this unit's
// correlation id and time, so every write to a replicated table reaches sync, whichever
// statement made it. Events queued with publish() are delivered only after a successful commit;
// jobs enqueued through JobQueue::enqueue inside the unit commit or roll back with it.
class UnitOfWork {
public:
    UnitOfWork(ServiceContext& ctx, const Session& session);
    ~UnitOfWork();
    UnitOfWork(const UnitOfWork&) = delete;
    UnitOfWork& operator=(const UnitOfWork&) = delete;

    const Status& status() const { return m_tx.status(); }
    const QString& now() const { return m_now; }
    Database& db() { return m_ctx.db; }
    const Session& session() const { return m_session; }
    // A new row id (UUIDv7 on the context clock).
    QString newId() const;

    // Audit entry in the session's tenant, for resource (type, id) with a diff of changed fields.
    Status audit(const QString& action, const QString& resourceType, const QString& resourceId,
        const QJsonObject& diff = {}, const QString& outcome = QStringLiteral("ok"));
    // Bulk-path variant taking canonical JSON bytes (see CanonicalObject). The caller
    // guarantees the diff holds no secrets (checked in debug builds).
    Status auditCanonical(const QString& action, const QString& resourceType, const QString& resourceId,
        const QByteArray& canonicalDiff);
    // Audit entry whose diff holds personal data of a data subject (a candidate): the diff is
    // sealed (AES-256-GCM) under that subject's own key, created on first use, and stored as
    // {"personal":{"subject":ID,"sealed":BASE64}}. GDPR erasure destroys the key, so the
    // entry stays in the hash chain while its personal content becomes unreadable.
    Status auditPersonal(const QString& subjectId, const QString& action, const QString& resourceType,
        const QString& resourceId, const QJsonObject& diff);
    // Bulk path: the same with the diff already in canonical JSON (no secrets; checked in
    // debug builds). newSubject: the subject was created in this unit and has no key yet, so
    // its key is made without looking for one first.
    Status auditPersonalCanonical(const QString& subjectId, bool newSubject, const QString& action, const QString& resourceType,
        const QString& resourceId, const QByteArray& canonicalDiff);
    // Convenience: audit + EntityChanged event, the usual pair of a mutation.
    Status recorded(const QString& action, const QString& entity, const QString& rowId, const QString& op,
        const QJsonObject& fields);
    // The same for a change holding a data subject's personal data: the audit diff is sealed
    // (auditPersonal). With an empty subjectId it is recorded().
    Status recordedPersonal(const QString& subjectId, const QString& action, const QString& entity, const QString& rowId,
        const QString& op, const QJsonObject& fields);

    template <typename Event>
    void publish(Event event)
    {
        m_events.push_back([bus = &m_ctx.bus, e = std::move(event)] { bus->publish(e); });
    }

    Status commit();

private:
    AuditEntry entry(const QString& action, const QString& resourceType, const QString& resourceId) const;

    ServiceContext& m_ctx;
    Session m_session;
    Transaction m_tx;
    QString m_now;
    ChainHead m_head;
    std::optional<Error> m_stampError;
    std::vector<std::function<void()>> m_events;
    QHash<QString, QByteArray> m_subjectKeys;
};

// The per-subject key (created when create is true and none exists yet); NotFound when the
// subject has none (never had personal audit data, or was erased).
Result<QByteArray> subjectKey(ServiceContext& ctx, const QString& tenantId, const QString& subjectId, bool create,
    const QString& now = {});
// A new subject's key, made and stored without looking for an existing one.
Result<QByteArray> createSubjectKey(ServiceContext& ctx, const QString& tenantId, const QString& subjectId, const QString& now = {});
// A diff as stored, with a sealed personal part opened: the plain diff, or
// {"personal":{"subject":ID,"erased":true}} when the subject's key was destroyed.
QJsonObject openPersonalDiff(ServiceContext& ctx, const QString& tenantId, const QJsonObject& diff);
// Erasure: deletes the subject's key (secure_delete zeroes the freed bytes).
Status destroySubjectKey(ServiceContext& ctx, const QString& tenantId, const QString& subjectId);

// Strips secret fields before they reach an audit diff or a log.
QJsonObject redactSecrets(QJsonObject fields);

} // namespace rd
