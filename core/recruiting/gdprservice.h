#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QJsonObject>
#include <QList>

namespace rd {

struct ServiceContext;
struct JobRecord;
class CandidateService;
class AttachmentService;
class JobQueue;

// GDPR for candidates: consent records, subject export, erasure and the retention rule.
//
// Erasure anonymises the candidate (names, contacts, location, lists and external id replaced
// or removed; CV versions, variants, attachments with their files, notes and notification
// entries deleted; interview comments cleared) and keeps the aggregates (applications, stage
// history, sources). Personal audit diffs were sealed under the candidate's own key, which is
// destroyed, so the audit chains still verify while the old values are unreadable. Outbox
// records of the erased rows are rewritten, the search index is optimised so that no token of
// the erased values stays in it, and with secure_delete on and a WAL checkpoint the freed
// pages hold none of the old bytes. Candidates merged into the erased one are erased too.
class GdprService {
public:
    static inline const QString kRetentionJob = QStringLiteral("gdpr.retention");

    GdprService(ServiceContext& ctx, JobQueue& jobs, CandidateService& candidates, AttachmentService& attachments)
        : m_ctx(ctx)
        , m_jobs(jobs)
        , m_candidates(candidates)
        , m_attachments(attachments)
    {
    }

    // A consent record (purpose e.g. "processing", "marketing"; state granted | withdrawn;
    // method e.g. "email", "form", "verbal"); the candidate's consent field follows the latest
    // record for "processing". Needs candidate.update.
    Result<QJsonObject> recordConsent(const Session& session, const QString& candidate, const QString& purpose, const QString& state,
        const QString& method = {}, const QString& expiresAt = {});
    Result<QList<QJsonObject>> consents(const Session& session, const QString& candidate);

    // Zip: candidate.json (profile, contacts, consents, applications with history, interviews
    // and feedback, notes, CV versions, variants, attachment list, audit entries about them)
    // plus cv/ and attachments/ files. Needs privacy.export; audited (candidate.gdpr_export).
    Result<QByteArray> exportCandidate(const Session& session, const QString& candidate);
    // Needs privacy.delete; returns {"erased":[ids], ...counts}.
    Result<QJsonObject> erase(const Session& session, const QString& candidate, const QString& reason = {});

    // Erases candidates inactive for settings.retention_months (no activity, application
    // change or consent since) unless they hold an unexpired granted consent. Needs
    // privacy.manage. Returns {"erased": n, "cutoff": iso}.
    Result<QJsonObject> runRetention(const Session& session);
    // Enqueues today's retention sweep for a tenant (idempotent per day).
    Status scheduleRetention(const QString& tenantId);
    Status runRetentionJob(const JobRecord& job);
    // Rewrites the candidate search index so removed candidates' words leave its older segments
    // and the WAL (after an erasure; sync calls it after dropping rows). Outside a transaction.
    Status compactIndex();

private:
    Status eraseOne(class UnitOfWork& uow, const QString& candidateId, QJsonObject& counts, QStringList& shas);
    static Status restateUnsentDependents(class Database& db, const QString& candidateId, qint64 firstSeq);
    ServiceContext& m_ctx;
    JobQueue& m_jobs;
    CandidateService& m_candidates;
    AttachmentService& m_attachments;
};

} // namespace rd
