#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QJsonObject>
#include <QList>

namespace rd {

struct ServiceContext;
class CandidateService;
class JobService;
class TemplateService;

// One message to send: queued on a laptop (offline too), sent by the sync server (issue 7).
struct OutreachIntent {
    QString id;
    QString candidateId;
    QString jobId;
    QString channel; // email | sms
    QString templateName;
    int step = 0; // 0: the first message; 1, 2, ...: follow-ups of a sequence
    QString recipient;
    QString subject;
    QString body;
    QString bodyHtml; // email: the HTML part, if the template has one
    QString sendAt; // empty: as soon as possible
    QString unlessConfirmed; // a follow-up: withdrawn once this message (its sequence's first) is confirmed
    QString status; // queued | sending | sent | delivered | bounced | unknown | failed | confirmed | declined |
                    // opted_out | cancelled
    QString dedupKey;
    QString createdAt;
    QString createdBy;
    bool existing = false; // queue(): the same message was queued before (nothing new was made)
    QJsonObject toJson() const;
};

struct NewIntent {
    QString candidate; // id or external id
    QString job; // id or external id; may be empty
    QString channel;
    QString templateName;
    int step = 0;
    QString subject; // email only
    QString body; // the rendered text
    QString bodyHtml; // email only, optional
    QString sendAt; // ISO 8601 with offset, or empty
    QString unlessConfirmed; // the id of the message whose confirmation withdraws this one
};

// A template sent to a candidate about a job.
struct TemplateIntent {
    QString templateKey; // id or name
    QString candidate; // id or external id
    QString job; // id, number or external id; may be empty when the template needs none
    QString sendAt; // ISO 8601 with offset, or empty: as soon as possible
};

// Outreach intents (docs/sync.md "Outreach intents"). Each has a deterministic dedup key over
// the tenant, candidate, channel, template, step and rendered content: queueing the same
// message twice on one laptop returns the first; two laptops that queue it offline both keep
// theirs until they sync, when the server keeps the first in its order (UNIQUE(tenant,
// dedup_key)) and withdraws the second with a duplicate_of:dedup_key conflict, so it is sent once.
class OutreachService {
public:
    OutreachService(ServiceContext& ctx, CandidateService& candidates, JobService& jobs, TemplateService& templates);

    static QString dedupKey(const QString& tenantId, const QString& candidateId, const QString& channel,
        const QString& templateName, int step, const QString& subject, const QString& body,
        const QString& bodyHtml = {});

    Result<OutreachIntent> queue(const Session& session, const NewIntent& intent);
    // Renders the template for the candidate and job and queues it (step 0), all in one
    // transaction with its follow-ups: each template's follow-up, its follow_up_days after the
    // one before, unless the first is confirmed by then. The first message comes first.
    Result<QList<OutreachIntent>> queueTemplate(const Session& session, const TemplateIntent& intent);
    Result<QList<OutreachIntent>> list(const Session& session, const QString& candidate = {});
    Result<OutreachIntent> get(const Session& session, const QString& id);
    // A queued message that was not sent yet is withdrawn.
    Result<OutreachIntent> cancel(const Session& session, const QString& id);

private:
    Result<OutreachIntent> load(const QString& tenantId, const QString& where, const QVariantList& binds);
    ServiceContext& m_ctx;
    CandidateService& m_candidates;
    JobService& m_jobs;
    TemplateService& m_templates;
};

} // namespace rd
