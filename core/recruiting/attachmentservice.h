#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QJsonObject>
#include <QList>

namespace rd {

struct ServiceContext;
struct JobRecord;
class CandidateService;
class CvService;
class JobQueue;

struct Attachment {
    QString id;
    QString candidateId;
    QString fileName;
    QString mimeType;
    qint64 size = 0;
    QString sha256;
    QString extraction; // pending | done | failed | unsupported
    QString extractedText;
    QString extractionError;
    QString createdAt;
    QString createdBy;
    QJsonObject toJson(bool withText = false) const;
};

// Files attached to a candidate. Content is stored once per SHA-256 (of the plaintext) under
// "<database>.blobs/", sealed with AES-256-GCM under the workspace key (associated data: the
// hash), and verified against the hash on every read. The type comes from the bytes, never
// the file name; only documents and images are accepted, up to the tenant's size limit
// (settings.attachment_max_mb, default 20). Text extraction (PDF, DOCX, TXT, HTML, RTF) runs
// on the jobs queue ("attachment.extract") with retries; the text joins the candidate's search
// document, and an attachment added as a CV becomes a new CV version once extracted.
class AttachmentService {
public:
    static constexpr qint64 kDefaultMaxBytes = 20LL * 1024 * 1024;
    static inline const QString kExtractJob = QStringLiteral("attachment.extract");

    AttachmentService(ServiceContext& ctx, JobQueue& jobs, CandidateService& candidates, CvService& cvs);

    Result<Attachment> add(const Session& session, const QString& candidate, const QString& fileName,
        const QByteArray& content, bool asCv = false);
    Result<QList<Attachment>> list(const Session& session, const QString& candidate);
    Result<Attachment> get(const Session& session, const QString& id);
    Result<QByteArray> content(const Session& session, const QString& id);
    Status remove(const Session& session, const QString& id);

    // Job handler for kExtractJob (registered by the workspace).
    Status runExtraction(const JobRecord& job);

    QString blobDir() const;
    QString blobPath(const QString& sha256) const;
    // Internal: the decrypted, hash-verified bytes of a blob.
    Result<QByteArray> readBlob(const QString& sha256);
    // Internal (sync): stores a file received from the server after checking it against its hash.
    Status storeBlob(const QString& sha256, const QByteArray& content);
    // Internal: deletes a blob file when no live attachment row refers to it any more.
    Status collectBlob(const QString& sha256);

private:
    Result<Attachment> load(const QString& tenantId, const QString& id);
    Status writeBlob(const QString& sha256, const QByteArray& content);
    qint64 maxBytes(const QString& tenantId);

    ServiceContext& m_ctx;
    JobQueue& m_jobs;
    CandidateService& m_candidates;
    CvService& m_cvs;
};

} // namespace rd
