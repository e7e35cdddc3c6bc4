#pragma once

#include "common/result.h"

#include <QCborMap>
#include <QCborValue>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace rd::sync {

// The sync protocol's wire types (CBOR), shared by the client and the server (docs/sync.md).
// Decoding validates: a malformed payload is a ValidationFailed error naming the field.
// Version 2 added partial replication: pulls name the read scope the client holds (?scope=)
// and may answer with a purge. A version 1 client (which sent no schema_version on pulls)
// still gets filtered pages, without purges.
constexpr int kProtocolVersion = 2;
constexpr int kOldestProtocolVersion = 1; // the server accepts kOldest..kProtocolVersion

// One change a device made (an outbox record).
struct ChangeRecord {
    qint64 devSeq = 0;
    QString entity;
    QString rowId;
    QString op; // insert | update | delete
    QJsonObject fields;
    qint64 baseServerSeq = 0; // the server_seq the device had seen for this row (0: none)
    QString correlationId;
    // The values list fields (skills, tags, links) had before this change, so the server can
    // merge additions and removals of two devices (absent: not known; the server unites).
    QJsonObject prior;
    // Fields whose newer server value the device had pulled but not shown, its own unsent edit
    // of the field winning locally: field -> the first such server_seq. The field's base is
    // below it whatever baseServerSeq says (docs/sync.md "Push").
    QHash<QString, qint64> unseen;
    // The server_seq this change was based on for one of its fields.
    qint64 baseFor(const QString& field) const
    {
        const auto it = unseen.constFind(field);
        return it == unseen.cend() ? baseServerSeq : qMin(baseServerSeq, it.value() - 1);
    }
    QCborMap toCbor() const;
    static Result<ChangeRecord> fromCbor(const QCborValue& v, int index);
};

struct PushRequest {
    int schemaVersion = kProtocolVersion;
    QString deviceId;
    QList<ChangeRecord> changes;
    // The device is uploading its state again after the server's timeline changed: the gap
    // in its numbering is expected.
    bool resync = false;
    // The server timeline the records' base_server_seq refer to (the epoch of the device's last
    // pull; empty before its first): the server refuses a batch based on another one
    // (409 epoch_changed) and the device pulls first, which rebases them.
    QString epoch;
    QByteArray toCbor() const;
    static Result<PushRequest> fromCbor(const QByteArray& data);
};

// A field value that lost to a later one in server order, kept for the UI.
struct Conflict {
    qint64 serverSeq = 0; // the change that won
    QString entity;
    QString rowId;
    QString field;
    QJsonValue losingValue;
    qint64 losingServerSeq = 0;
    QCborMap toCbor() const;
    static Conflict fromCbor(const QCborMap& m);
};

// A pushed record the server did not apply (docs/sync.md "What the server trusts"): who may do
// it, whether the value is valid and whether the row is readable are decided by the server.
// `reason` is a stable code: permission_denied, not_readable, own_roles, own_account,
// system_role, server_owned, four_eyes, not_owner, not_self (the user may not), validation_failed (the
// value breaks a rule; `field` names it), unknown_entity / unknown_field (a newer desktop: the
// laptop keeps the record and sends it again once the server knows it). `server` is the row as
// the server has it after the batch and the user may read it (`present` false: the server has
// no such row, or the user may not see it; a tombstone comes without its contents), so the
// laptop can put it back. `out_of_scope`: the server has the row and the device's pulls would
// not bring it (its read scope): the laptop drops its copy, as a scope change's purge drops the
// rows it did not have in its outbox.
struct Refusal {
    qint64 devSeq = 0;
    QString entity;
    QString rowId;
    QString op;
    QString reason;
    QString message;
    QString field;
    bool present = false;
    bool deleted = false;
    bool outOfScope = false;
    QJsonObject server;
    QCborMap toCbor() const;
    static Refusal fromCbor(const QCborMap& m);
};

struct PushResponse {
    int accepted = 0;
    int duplicates = 0;
    qint64 lastDevSeq = 0; // the highest dev_seq the server has from this device
    qint64 serverSeq = 0; // the tenant's server_seq after the push
    QList<Conflict> conflicts;
    QList<Refusal> refused;
    int serverSchema = 0; // the desktop schema the server checks rows against (held records wait for more)
    QByteArray toCbor() const;
    static Result<PushResponse> fromCbor(const QByteArray& data);
};

// One accepted change as pulled.
struct ServerChange {
    qint64 serverSeq = 0;
    QString deviceId; // the puller's own id for its own changes, else an opaque name (d-HEX)
    qint64 devSeq = 0;
    QString entity;
    QString rowId;
    QString op;
    QJsonObject fields;
    QCborMap toCbor() const;
    static Result<ServerChange> fromCbor(const QCborValue& v, int index);
};

struct PullResponse {
    QString epoch;
    QList<ServerChange> changes;
    qint64 next = 0; // the cursor to pull after next time
    bool more = false;
    // The cursor was ahead of the server (restored from a backup): this page starts from the
    // beginning, and the client uploads what it has again.
    bool restart = false;
    // With a new epoch after `recruitdesk-server restored`: the tenant's last change the restored
    // database holds (-1: none recorded). A device's base_server_seq beyond it names changes the
    // server lost; the device rebases its unsent records on it.
    qint64 restoredSeq = -1;
    QList<Conflict> conflicts;
    // Version 2: the read scope these pages follow (the client sends it back with ?scope=),
    // and, when the scope changed, the entities whose rows the client drops (except its own
    // and unsent ones) before pulling again from the beginning (this page has no changes).
    QString scope;
    QStringList purge;
    QByteArray toCbor() const;
    static Result<PullResponse> fromCbor(const QByteArray& data);
};

// One audit entry of a device's hash chain, exactly as the device stored it (the diff in its
// canonical JSON bytes), so the server can recompute the hash.
struct AuditRecord {
    QString id;
    QString tenantId;
    QString deviceId;
    qint64 chainSeq = 0;
    QString userId;
    QString action;
    QString resourceType;
    QString resourceId;
    QString outcome;
    QByteArray diff; // canonical JSON
    QString correlationId;
    QString createdAt;
    QString prevHash;
    QString hash;
    QCborMap toCbor() const;
    static Result<AuditRecord> fromCbor(const QCborValue& v, int index);
};

struct AuditPushRequest {
    int schemaVersion = kProtocolVersion;
    QString deviceId;
    QList<AuditRecord> entries; // in chain order
    QByteArray toCbor() const;
    static Result<AuditPushRequest> fromCbor(const QByteArray& data);
};

struct AuditPushResponse {
    int accepted = 0;
    int duplicates = 0;
    qint64 lastChainSeq = 0;
    QByteArray toCbor() const;
    static Result<AuditPushResponse> fromCbor(const QByteArray& data);
};

} // namespace rd::sync
