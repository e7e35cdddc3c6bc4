#include "attachmentservice.h"
#include "store/rowrules.h"

#include "auth/permissions.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "crypto/crypto.h"
#include "documents/documents.h"
#include "jobs/jobqueue.h"
#include "recruiting/candidateservice.h"
#include "recruiting/cvservice.h"
#include "service/context.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QSqlRecord>

Q_LOGGING_CATEGORY(lcAttach, "rd.core.attachments")

namespace rd {

namespace {
const QString kColumns = QStringLiteral("id, candidate_id, file_name, mime_type, size, sha256, extraction, extracted_text, "
                                        "extraction_error, created_at, created_by");

Attachment attachmentFrom(const QSqlRecord& r)
{
    Attachment a;
    a.id = r.value(0).toString();
    a.candidateId = r.value(1).toString();
    a.fileName = r.value(2).toString();
    a.mimeType = r.value(3).toString();
    a.size = r.value(4).toLongLong();
    a.sha256 = r.value(5).toString();
    a.extraction = r.value(6).toString();
    a.extractedText = r.value(7).toString();
    a.extractionError = r.value(8).toString();
    a.createdAt = r.value(9).toString();
    a.createdBy = r.value(10).toString();
    return a;
}

const QStringList& acceptedTypes()
{
    static const QStringList types { QStringLiteral("application/pdf"), documents::docxMime(), QStringLiteral("text/plain"),
        QStringLiteral("text/html"), QStringLiteral("application/rtf"), QStringLiteral("image/png"), QStringLiteral("image/jpeg"),
        QStringLiteral("image/gif") };
    return types;
}

QByteArray blobAd(const QString& sha) { return (QStringLiteral("blob|") + sha).toUtf8(); }

QString cleanFileName(const QString& name)
{
    QString base = QFileInfo(name).fileName().trimmed();
    base.remove(QChar(0));
    return base.isEmpty() ? QStringLiteral("attachment") : base.left(255);
}
} // namespace

QJsonObject Attachment::toJson(bool withText) const
{
    QJsonObject o { { QStringLiteral("id"), id }, { QStringLiteral("candidate_id"), candidateId }, { QStringLiteral("file_name"), fileName },
        { QStringLiteral("mime_type"), mimeType }, { QStringLiteral("size"), size }, { QStringLiteral("sha256"), sha256 },
        { QStringLiteral("extraction"), extraction }, { QStringLiteral("extracted_chars"), extractedText.size() },
        { QStringLiteral("extraction_error"), extractionError.isEmpty() ? QJsonValue() : QJsonValue(extractionError) },
        { QStringLiteral("created_at"), createdAt }, { QStringLiteral("created_by"), createdBy } };
    if (withText)
        o.insert(QStringLiteral("extracted_text"), extractedText);
    return o;
}

AttachmentService::AttachmentService(ServiceContext& ctx, JobQueue& jobs, CandidateService& candidates, CvService& cvs)
    : m_ctx(ctx)
    , m_jobs(jobs)
    , m_candidates(candidates)
    , m_cvs(cvs)
{
}

QString AttachmentService::blobDir() const { return m_ctx.db.path() + QStringLiteral(".blobs"); }

QString AttachmentService::blobPath(const QString& sha) const { return blobDir() + QLatin1Char('/') + sha.left(2) + QLatin1Char('/') + sha; }

qint64 AttachmentService::maxBytes(const QString& tenantId)
{
    auto row = m_ctx.db.selectOne(QStringLiteral("SELECT json_extract(settings, '$.attachment_max_mb') FROM tenants WHERE id = ?"), { tenantId });
    if (row && !row.value().value(0).isNull()) {
        const double mb = row.value().value(0).toDouble();
        if (mb > 0)
            return static_cast<qint64>(mb * 1024 * 1024);
    }
    return kDefaultMaxBytes;
}

Status AttachmentService::writeBlob(const QString& sha, const QByteArray& content)
{
    const QString path = blobPath(sha);
    if (QFileInfo::exists(path))
        return {}; // content-addressed: already stored
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot create the attachment folder"), { { QStringLiteral("path"), blobDir() } });
    auto sealed = m_ctx.secrets.seal(content, blobAd(sha));
    if (!sealed)
        return sealed.error();
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(sealed.value()) != sealed.value().size() || !f.commit())
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot write the attachment file"), { { QStringLiteral("path"), path } });
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

Status AttachmentService::storeBlob(const QString& sha, const QByteArray& content)
{
    if (crypto::sha256Hex(content) != sha)
        return makeError(ErrorCode::CryptoError, QStringLiteral("The received file does not match its hash."), { { QStringLiteral("sha256"), sha } });
    return writeBlob(sha, content);
}

Result<QByteArray> AttachmentService::readBlob(const QString& sha)
{
    QFile f(blobPath(sha));
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound, QStringLiteral("The attachment's file is missing."), { { QStringLiteral("sha256"), sha } });
    auto plain = m_ctx.secrets.open(f.readAll(), blobAd(sha));
    if (!plain)
        return plain.error();
    if (crypto::sha256Hex(plain.value()) != sha)
        return makeError(ErrorCode::CryptoError, QStringLiteral("The attachment's content does not match its hash."));
    return plain;
}

Status AttachmentService::collectBlob(const QString& sha)
{
    auto users = m_ctx.db.selectOne(QStringLiteral("SELECT count(*) FROM attachments WHERE sha256 = ? AND deleted_at IS NULL"), { sha });
    if (!users)
        return users.error();
    if (users.value().value(0).toInt() == 0 && QFileInfo::exists(blobPath(sha)) && !QFile::remove(blobPath(sha)))
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot delete the attachment file"), { { QStringLiteral("sha256"), sha } });
    return {};
}

Result<Attachment> AttachmentService::load(const QString& tenantId, const QString& id)
{
    auto row = m_ctx.db.selectOne(QStringLiteral("SELECT %1 FROM attachments WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL").arg(kColumns),
        { id, tenantId });
    if (!row)
        return row.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("No such attachment.")) : row.error();
    return attachmentFrom(row.value());
}

Result<Attachment> AttachmentService::add(const Session& session, const QString& candidateKey, const QString& fileName,
    const QByteArray& content, bool asCv)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Attachment, Action::Create, candidateKey));
    if (asCv)
        RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Update, candidateKey));
    if (content.isEmpty())
        return validate::failed(QStringLiteral("file"), QStringLiteral("The file is empty."), QStringLiteral("required"));
    const qint64 limit = maxBytes(session.tenantId);
    if (content.size() > limit)
        return makeError(ErrorCode::ValidationFailed,
            QStringLiteral("The file is %1 MB; the limit is %2 MB.").arg(content.size() / 1048576.0, 0, 'f', 1).arg(limit / 1048576.0, 0, 'f', 1),
            { { QStringLiteral("field"), QStringLiteral("file") }, { QStringLiteral("reason"), QStringLiteral("too_large") },
                { QStringLiteral("limit_bytes"), limit }, { QStringLiteral("size"), content.size() } });
    const QString mime = documents::sniffMime(content);
    if (!acceptedTypes().contains(mime))
        return makeError(ErrorCode::ValidationFailed,
            QStringLiteral("This kind of file (%1) cannot be attached; use PDF, DOCX, RTF, HTML, text or an image.").arg(mime),
            { { QStringLiteral("field"), QStringLiteral("file") }, { QStringLiteral("reason"), QStringLiteral("unsupported_type") },
                { QStringLiteral("mime_type"), mime } });
    if (asCv && !documents::canExtract(mime))
        return validate::failed(QStringLiteral("file"), QStringLiteral("A CV must be a document with text (PDF, DOCX, RTF, HTML or text)."),
            QStringLiteral("unsupported_type"));
    const QString name = cleanFileName(fileName);
    const QString sha = crypto::sha256Hex(content);

    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto cand = m_candidates.load(session.tenantId, candidateKey);
    if (!cand)
        return cand.error();
    RD_TRY(writeBlob(sha, content));
    const QString id = newUuidV7(m_ctx.clock.nowMs());
    const QString extraction = documents::canExtract(mime) ? QStringLiteral("pending") : QStringLiteral("unsupported");
    auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO attachments (id, tenant_id, candidate_id, file_name, mime_type, size, sha256, "
                                              "extraction, created_at, updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"),
        { id, session.tenantId, cand.value().id, name, mime, content.size(), sha, extraction, uow.now(), uow.now(), session.userId,
            session.userId });
    if (!ins)
        return ins.error();
    const QJsonObject fields { { QStringLiteral("candidate_id"), cand.value().id }, { QStringLiteral("file_name"), name },
        { QStringLiteral("mime_type"), mime }, { QStringLiteral("size"), content.size() }, { QStringLiteral("sha256"), sha },
        { QStringLiteral("as_cv"), asCv } };
    RD_TRY(uow.recordedPersonal(cand.value().id, QStringLiteral("attachment.create"), QStringLiteral("attachment"), id, QStringLiteral("insert"),
        fields));
    if (extraction == QLatin1String("pending")) {
        auto job = m_jobs.enqueue(session.tenantId, kExtractJob, QStringLiteral("extract:") + id,
            { { QStringLiteral("attachment_id"), id }, { QStringLiteral("as_cv"), asCv }, { QStringLiteral("user_id"), session.userId } }, 5);
        if (!job)
            return job.error();
    }
    auto a = load(session.tenantId, id);
    if (!a)
        return a.error();
    RD_TRY(uow.commit());
    m_jobs.wake();
    return a;
}

Result<QList<Attachment>> AttachmentService::list(const Session& session, const QString& candidateKey)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Attachment, Action::Read, candidateKey));
    auto cand = m_candidates.load(session.tenantId, candidateKey);
    if (!cand)
        return cand.error();
    RD_TRY(m_ctx.authz.requireCandidateVisible(session, cand.value().id));
    auto rows = m_ctx.db.select(QStringLiteral("SELECT %1 FROM attachments WHERE tenant_id = ? AND candidate_id = ? AND deleted_at IS NULL "
                                               "ORDER BY created_at DESC, id DESC").arg(kColumns),
        { session.tenantId, cand.value().id });
    if (!rows)
        return rows.error();
    QList<Attachment> out;
    for (const auto& r : rows.value())
        out << attachmentFrom(r);
    return out;
}

Result<Attachment> AttachmentService::get(const Session& session, const QString& id)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Attachment, Action::Read, id));
    auto a = load(session.tenantId, id);
    if (!a)
        return a.error();
    RD_TRY(m_ctx.authz.requireCandidateVisible(session, a.value().candidateId));
    return a;
}

Result<QByteArray> AttachmentService::content(const Session& session, const QString& id)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Attachment, Action::Read, id));
    auto a = load(session.tenantId, id);
    if (!a)
        return a.error();
    RD_TRY(m_ctx.authz.requireCandidateVisible(session, a.value().candidateId));
    if (!QFileInfo::exists(blobPath(a.value().sha256)))
        // A row that came by sync before its file (docs/sync.md "Attachment files").
        return makeError(ErrorCode::NotFound, QStringLiteral("This attachment's file is not on this device yet; it comes with the next sync."),
            { { QStringLiteral("sha256"), a.value().sha256 }, { QStringLiteral("reason"), QStringLiteral("file_not_here") } });
    return readBlob(a.value().sha256);
}

Status AttachmentService::remove(const Session& session, const QString& id)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Attachment, Action::Delete, id));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto a = load(session.tenantId, id);
    if (!a)
        return a.error();
    auto del = m_ctx.db.change(QStringLiteral("UPDATE attachments SET deleted_at = ?, extracted_text = NULL, updated_at = ?, updated_by = ? "
                                              "WHERE id = ?"),
        { uow.now(), uow.now(), session.userId, id });
    if (!del)
        return del.error();
    RD_TRY(uow.auditPersonal(a.value().candidateId, QStringLiteral("attachment.delete"), QStringLiteral("attachment"), id,
        { { QStringLiteral("file_name"), a.value().fileName }, { QStringLiteral("sha256"), a.value().sha256 } }));
    uow.publish(EntityChanged { session.tenantId, QStringLiteral("attachment"), id, QStringLiteral("delete") });
    RD_TRY(uow.commit());
    return collectBlob(a.value().sha256);
}

Status AttachmentService::runExtraction(const JobRecord& job)
{
    const QString id = job.payload.value(QStringLiteral("attachment_id")).toString();
    auto a = load(job.tenantId, id);
    if (!a)
        return a.error().code == ErrorCode::NotFound ? Status() : Status(a.error()); // deleted meanwhile: nothing to do
    if (a.value().extraction != QLatin1String("pending"))
        return {};
    auto bytes = readBlob(a.value().sha256);
    if (!bytes)
        return bytes.error(); // retried with back-off
    auto text = documents::extractText(bytes.value(), a.value().mimeType);
    Session system = Session::systemFor(job.tenantId);
    UnitOfWork uow(m_ctx, system);
    RD_TRY(uow.status());
    QJsonObject fields;
    if (text) {
        // Search and matching read at most the first kMaxText characters; a longer text would be
        // refused by the sync server (a 17 MiB text file could not even be sent, and stopped
        // every push after it).
        if (text.value().size() > rowrules::kMaxText) text = text.value().left(rowrules::kMaxText);
        fields = { { QStringLiteral("extraction"), QStringLiteral("done") }, { QStringLiteral("extracted_text"), text.value() } };
        auto up = m_ctx.db.change(QStringLiteral("UPDATE attachments SET extraction = 'done', extracted_text = ?, extraction_error = NULL, "
                                                 "updated_at = ? WHERE id = ?"),
            { text.value(), uow.now(), id });
        if (!up)
            return up.error();
    } else {
        // A file that cannot be read will not get better by retrying: recorded, not retried.
        fields = { { QStringLiteral("extraction"), QStringLiteral("failed") }, { QStringLiteral("extraction_error"), text.error().message } };
        auto up = m_ctx.db.change(QStringLiteral("UPDATE attachments SET extraction = 'failed', extraction_error = ?, updated_at = ? WHERE id = ?"),
            { text.error().message, uow.now(), id });
        if (!up)
            return up.error();
        qCWarning(lcAttach) << "extraction failed for attachment" << id << text.error().message;
    }
    RD_TRY(uow.audit(QStringLiteral("attachment.extract"), QStringLiteral("attachment"), id,
        { { QStringLiteral("extraction"), fields.value(QStringLiteral("extraction")) },
            { QStringLiteral("chars"), text ? text.value().size() : 0 } }));
    uow.publish(EntityChanged { job.tenantId, QStringLiteral("attachment"), id, QStringLiteral("update") });
    RD_TRY(uow.commit());
    if (text && job.payload.value(QStringLiteral("as_cv")).toBool() && !text.value().trimmed().isEmpty()) {
        auto v = m_cvs.addVersion(system, a.value().candidateId, text.value(), QStringLiteral("attachment"), id, true);
        if (!v)
            return v.error();
    }
    return {};
}

} // namespace rd
