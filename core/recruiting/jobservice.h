#pragma once

#include "auth/session.h"
#include "common/result.h"
#include "recruiting/pipelines.h"
#include "store/listquery.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace rd {

struct ServiceContext;

struct Job {
    QString id;
    QString tenantId;
    QString jobNumber;
    QString externalId;
    QString title;
    QString description;
    QString department;
    QString location;
    std::optional<double> latitude;
    std::optional<double> longitude;
    QString remote;
    QString employmentType;
    std::optional<double> salaryMin;
    std::optional<double> salaryMax;
    QString salaryCurrency;
    QString status;
    bool published = false;
    QStringList tags;
    QStringList mustHave;
    QStringList niceToHave;
    QString pipelineId;
    QStringList managerIds;
    QList<Stage> stages;
    QString createdAt;
    QString updatedAt;
    QJsonObject toJson() const;
};

// Jobs (the recruiting kind; background work is JobQueue). Hiring managers may update only
// jobs they are assigned to. Fields settable through create/update are listed by fields().
class JobService {
public:
    explicit JobService(ServiceContext& ctx) : m_ctx(ctx), m_pipelines(ctx) { }

    Result<Job> create(const Session& session, const QJsonObject& fields);
    Result<Job> update(const Session& session, const QString& idOrExternal, const QJsonObject& patch);
    Result<Job> get(const Session& session, const QString& idOrExternal);
    Result<Page<Job>> list(const Session& session, const ListQuery& query);
    // Publishing needs a title, a description and at least one stage; it opens the job.
    Result<Job> publish(const Session& session, const QString& idOrExternal);
    Result<Job> setStatus(const Session& session, const QString& idOrExternal, const QString& status);
    Result<Job> assignManager(const Session& session, const QString& idOrExternal, const QString& userId, bool assign = true);

    static QStringList fields();
    static const ListSpec& listSpec();
    // Internal: the job row in the tenant by id, external id or job number.
    Result<Job> load(const QString& tenantId, const QString& idOrExternal);

private:
    Status requireAssignedIfManager(const Session& session, const Job& job);

public:
    // A hiring manager without broader job rights: limited to the jobs assigned to them.
    bool isScopedManager(const Session& session);

private:
    ServiceContext& m_ctx;
    PipelineService m_pipelines;
};

} // namespace rd
