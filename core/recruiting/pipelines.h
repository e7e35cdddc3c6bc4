#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QJsonObject>
#include <QList>

namespace rd {

struct ServiceContext;
class UnitOfWork;

struct Stage {
    QString id;
    QString pipelineId;
    QString name;
    QString kind; // applied | screening | interview | offer | hired | rejected
    int position = 0;
    QJsonObject toJson() const;
};

// Pipelines: each tenant has a default template (created on first use: Applied, Screening,
// Interview, Offer, Hired, Rejected); every job gets its own copy it can change later.
class PipelineService {
public:
    explicit PipelineService(ServiceContext& ctx) : m_ctx(ctx) { }

    // Inside a unit of work: the tenant's template id (created if missing).
    Result<QString> ensureTemplate(UnitOfWork& uow);
    // Inside a unit of work: a new pipeline for jobId copied from the template.
    Result<QString> copyTemplateForJob(UnitOfWork& uow, const QString& jobId);
    Result<QList<Stage>> stages(const QString& tenantId, const QString& pipelineId);

    static QStringList stageKinds();

private:
    ServiceContext& m_ctx;
};

} // namespace rd
