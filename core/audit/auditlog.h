#pragma once

#include "common/result.h"
#include "store/listquery.h"

#include <QJsonObject>
#include <QString>

namespace rd {

class Database;

struct AuditEntry {
    qint64 seq = 0;
    QString id;
    QString tenantId;
    QString deviceId;
    qint64 chainSeq = 0;
    QString userId;
    QString action;       // e.g. "user.create", "auth.sign_in"
    QString resourceType; // e.g. "user"
    QString resourceId;
    QString outcome = QStringLiteral("ok"); // ok | denied | failed
    QJsonObject diff;     // changed fields; secrets never included
    QString correlationId;
    QString createdAt;
    QString prevHash;
    QString hash;

    QJsonObject toJson() const;
};

struct VerifyReport {
    bool ok = true;
    int chains = 0;
    qint64 entries = 0;
    // First broken link, when !ok:
    QString tenantId;
    QString deviceId;
    qint64 chainSeq = 0;
    qint64 rowSeq = 0;
    QString entryId;
    QString reason;
    QJsonObject toJson() const;
};

// The last link of one chain, cached by a unit of work so a batch reads and writes the
// audit_heads row once instead of once per entry.
struct ChainHead {
    bool loaded = false;
    bool dirty = false;
    QString tenantId;
    qint64 chainSeq = 0;
    QString hash;
};

// Append-only, hash-chained audit log. Each (tenant, device) pair forms one chain:
// hash = SHA-256(prev_hash || "\n" || canonical JSON of the entry). Writes happen inside the
// caller's transaction (the service's unit of work).
class AuditLog {
public:
    explicit AuditLog(Database& db) : m_db(db) { }

    // Appends entry (id, chain_seq, prev_hash, hash are filled in). Must run inside a transaction.
    // With a head cache the audit_heads row is only written by flushHead().
    Status append(AuditEntry& entry, ChainHead* head = nullptr);
    // Same, with the diff already written as canonical JSON (entry.diff is ignored).
    Status appendCanonical(AuditEntry& entry, const QByteArray& canonicalDiff, ChainHead* head = nullptr);
    Status flushHead(ChainHead& head);

    Result<Page<AuditEntry>> list(const QString& tenantId, const ListQuery& query);
    // Verifies the chains of one tenant (or all when tenantId is empty).
    Result<VerifyReport> verify(const QString& tenantId = {});

    static QString genesisHash();
    static QString computeHash(const AuditEntry& e);
    // Same, with the diff already in canonical form (it is stored in exactly these bytes).
    static QString computeHash(const AuditEntry& e, const QByteArray& canonicalDiff);
    static const ListSpec& listSpec();

private:
    Database& m_db;
};

} // namespace rd
