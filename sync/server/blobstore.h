#pragma once

#include "authservice.h"
#include "pgdatabase.h"

#include <QJsonObject>

namespace rd::server {

// Where an upload stands (the answer to POST and PUT /v1/blobs/{sha256}).
struct BlobStatus {
    QString sha256;
    qint64 size = 0;
    qint64 received = 0;
    bool complete = false;
    QJsonObject toJson() const;
};

// Attachment files (docs/sync.md "Attachment files"): stored per tenant in PostgreSQL, named by
// the SHA-256 of their bytes. An upload is announced with its size, then sent in chunks at the
// offset the server reports, so a broken upload resumes where it stopped; the last chunk is
// checked against the name (a mismatch discards the bytes). Downloads are read in ranges. A
// file no live attachment row refers to any more (deleted, erased) is removed.
class BlobStore {
public:
    BlobStore(PgDatabase& db, qint64 maxBytes)
        : m_db(db)
        , m_maxBytes(maxBytes)
    {
    }
    static constexpr qint64 kMaxChunk = 8LL * 1024 * 1024;
    static bool validName(const QString& sha256);

    // Announces an upload (or asks how far one got): size is the whole file's.
    Result<BlobStatus> begin(const AccessClaims& claims, const QString& sha256, qint64 size);
    // Appends bytes at offset, which must be what the server has received (409 offset_mismatch
    // with "received" otherwise); completing bytes are verified against the name.
    Result<BlobStatus> append(
        const AccessClaims& claims, const QString& sha256, qint64 offset, const QByteArray& bytes);
    // Up to length bytes of a complete file from offset; *size gets the whole file's size.
    Result<QByteArray> read(
        const AccessClaims& claims, const QString& sha256, qint64 offset, qint64 length, qint64* size);
    // Inside a tenant-scoped transaction: the files among shas that no live attachment row
    // refers to are released, kept for kGraceDays (a laptop or server restored from a backup may
    // name them again) and removed by a later collect of the tenant; now: removed at once (an
    // erased candidate's files). Returns how many files were removed.
    static Result<int> collect(PgDatabase& db, const QStringList& shas, bool now = false);
    static constexpr int kGraceDays = 7;

    qint64 maxBytes() const { return m_maxBytes; }

private:
    Status beginScoped(const QString& tenantId); // a transaction serving the tenant (row-level security)
    Result<BlobStatus> status(const QString& sha256, bool lock);
    PgDatabase& m_db;
    qint64 m_maxBytes;
};

} // namespace rd::server
