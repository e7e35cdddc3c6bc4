#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QJsonObject>
#include <QList>

#include <functional>

namespace rd {

struct ServiceContext;
class UnitOfWork;
class JobService;
class CandidateService;

struct CvVersion {
    QString id;
    QString candidateId;
    int version = 0;
    QString text;
    QString source; // manual | import | attachment
    QString attachmentId;
    QString sha256;
    QString createdAt;
    QString createdBy;
    QJsonObject toJson(bool withText = true) const;
};

struct CvVariant {
    QString id;
    QString candidateId;
    QString jobId;
    QString cvVersionId;
    int baseVersion = 0;
    QString text;
    QString state; // draft | pending_approval | approved | rejected
    QString submittedBy, submittedAt, decidedBy, decidedAt, decisionComment;
    QString createdAt, createdBy, updatedAt;
    QJsonObject toJson(bool withText = true) const;
};

// Line diff of two texts: {"added","removed","lines":[{"op":"="|"-"|"+","text"}],"unified"}.
QJsonObject diffLines(const QString& before, const QString& after);

// The master CV of a candidate as immutable versions, and tailored variants of one version for
// one job with an approval gate: draft -> pending_approval -> approved | rejected (a rejected
// variant can be edited back to draft). Only approved variants can be exported as PDF.
// Approving needs job.update on the variant's job (hiring managers: assigned jobs only) and
// may not be done by the person who submitted it unless they hold candidate.manage.
class CvService {
public:
    CvService(ServiceContext& ctx, JobService& jobs, CandidateService& candidates)
        : m_ctx(ctx)
        , m_jobs(jobs)
        , m_candidates(candidates)
    {
    }

    // A new version (number = latest + 1). Text identical to the latest version is refused
    // (conflict, reason "unchanged") unless allowUnchanged, which then returns the latest.
    Result<CvVersion> addVersion(const Session& session, const QString& candidate, const QString& text,
        const QString& source = QStringLiteral("manual"), const QString& attachmentId = {}, bool allowUnchanged = false);
    // The text rules of a CV version (not empty, at most kMaxCvChars).
    static Status checkText(const QString& text);
    // Writes version `number` of a candidate's CV in uow: the row, the candidate's activity
    // time, the sealed audit entry, the outbox record and the event (shared by addVersion and
    // the import's CandidateBatch). sha: crypto::sha256Hex of the text's UTF-8. newSubject:
    // the candidate was created in this unit.
    static Result<QString> writeVersion(UnitOfWork& uow, const QString& candidateId, int number, const QString& text,
        const QString& sha, const QString& source, const QString& attachmentId, bool newSubject);
    Result<QList<CvVersion>> versions(const Session& session, const QString& candidate); // newest first
    Result<CvVersion> version(const Session& session, const QString& candidate, int version = 0); // 0: latest
    Result<QJsonObject> diff(const Session& session, const QString& candidate, int from, int to);

    Result<CvVariant> createVariant(const Session& session, const QString& candidate, const QString& job, int fromVersion = 0,
        const QString& text = {});
    Result<CvVariant> editVariant(const Session& session, const QString& id, const QString& text);
    Result<CvVariant> submitVariant(const Session& session, const QString& id);
    Result<CvVariant> decideVariant(const Session& session, const QString& id, bool approve, const QString& comment = {});
    Result<CvVariant> variant(const Session& session, const QString& id);
    Result<QList<CvVariant>> variants(const Session& session, const QString& candidate, const QString& job = {});
    // PDF of an approved variant (audited as cv_variant.export; needs candidate.export).
    Result<QByteArray> exportVariantPdf(const Session& session, const QString& id);
    // PDF of a master CV version (0: latest), audited as cv.export.
    Result<QByteArray> exportVersionPdf(const Session& session, const QString& candidate, int version = 0);

    // Internal (no permission check): latest version of a candidate, NotFound when none.
    Result<CvVersion> latest(const QString& tenantId, const QString& candidateId);

private:
    Result<CvVariant> loadVariant(const QString& tenantId, const QString& id);
    Result<CvVersion> loadVersion(const QString& tenantId, const QString& candidateId, int version);
    Result<CvVariant> transition(const Session& session, const QString& id, const QString& action,
        const std::function<Result<QJsonObject>(const CvVariant&)>& change);
    ServiceContext& m_ctx;
    JobService& m_jobs;
    CandidateService& m_candidates;
};

} // namespace rd
