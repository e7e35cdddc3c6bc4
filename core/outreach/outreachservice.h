#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QJsonObject>
#include <QList>

namespace rd {

struct ServiceContext;
class CandidateService;
class JobService;

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
    QString sendAt; // empty: as soon as possible
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
    QString sendAt; // ISO 8601 with offset, or empty
};

// Outreach intents (docs/sync.md "Outreach intents"). Each has a deterministic dedup key over
// the tenant, candidate, channel, template, step and rendered content: queueing the same
// message twice on one laptop returns the first; two laptops that queue it offline both keep
// theirs until they sync, when the server keeps the first in its order (UNIQUE(tenant,
// dedup_key)) and withdraws the second with a duplicate_of:dedup_key conflict, so it is sent once.
class OutreachService {
public:
    OutreachService(ServiceContext& ctx, CandidateService& candidates, JobService& jobs);

    static QString dedupKey(const QString& tenantId, const QString& candidateId, const QString& channel,
        const QString& templateName, int step, const QString& subject, const QString& body);

    Result<OutreachIntent> queue(const Session& session, const NewIntent& intent);
    Result<QList<OutreachIntent>> list(const Session& session, const QString& candidate = {});
    Result<OutreachIntent> get(const Session& session, const QString& id);
    // A queued message that was not sent yet is withdrawn.
    Result<OutreachIntent> cancel(const Session& session, const QString& id);

private:
    Result<OutreachIntent> load(const QString& tenantId, const QString& where, const QVariantList& binds);
    ServiceContext& m_ctx;
    CandidateService& m_candidates;
    JobService& m_jobs;
};

} // namespace rd
