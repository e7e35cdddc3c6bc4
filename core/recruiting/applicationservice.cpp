#include "applicationservice.h"

#include "auth/permissions.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "recruiting/candidateservice.h"
#include "recruiting/jobservice.h"
#include "recruiting/notificationservice.h"
#include "service/context.h"

#include <QSqlRecord>

namespace rd {

namespace {
const QString kAppSelect = QStringLiteral(
    "SELECT a.id, a.candidate_id, a.job_id, a.stage_id, s.name, s.kind, a.status, a.source, a.applied_at, a.updated_at, "
    "trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), coalesce(c.headline, ''), coalesce(j.title, '') "
    "FROM applications a JOIN pipeline_stages s ON s.id = a.stage_id LEFT JOIN candidates c ON c.id = a.candidate_id "
    "LEFT JOIN job_postings j ON j.id = a.job_id ");

Application appFrom(const QSqlRecord& r)
{
    return { r.value(0).toString(), r.value(1).toString(), r.value(2).toString(), r.value(3).toString(), r.value(4).toString(),
        r.value(5).toString(), r.value(6).toString(), r.value(7).toString(), r.value(8).toString(), r.value(9).toString(),
        r.value(10).toString(), r.value(11).toString(), r.value(12).toString() };
}

Error assignedOnly()
{
    return makeError(ErrorCode::PermissionDenied, QStringLiteral("You can only work on applications for jobs assigned to you."),
        { { QStringLiteral("resource"), QStringLiteral("application") }, { QStringLiteral("rule"), QStringLiteral("assigned_jobs_only") } });
}
} // namespace

Status recordStageMove(UnitOfWork& uow, ServiceContext& ctx, const QString& applicationId, const QString& fromStage,
    const QString& toStage, const QString& status)
{
    const QString hid = newUuidV7(ctx.clock.nowMs());
    const Session& s = uow.session();
    auto hist = ctx.db.change(QStringLiteral("INSERT INTO stage_history (id, tenant_id, application_id, from_stage_id, to_stage_id, "
                                             "status, moved_by, moved_at, created_at, updated_at, created_by, updated_by) VALUES "
                                             "(?,?,?,?,?,?,?,?,?,?,?,?)"),
        { hid, s.tenantId, applicationId, fromStage.isEmpty() ? QVariant() : QVariant(fromStage), toStage, status, s.userId, uow.now(),
            uow.now(), uow.now(), s.userId, s.userId });
    return hist ? Status {} : Status(hist.error());
}

QJsonObject Application::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("candidate_id"), candidateId }, { QStringLiteral("job_id"), jobId },
        { QStringLiteral("stage_id"), stageId }, { QStringLiteral("stage"), stageName }, { QStringLiteral("stage_kind"), stageKind },
        { QStringLiteral("status"), status }, { QStringLiteral("source"), source }, { QStringLiteral("applied_at"), appliedAt },
        { QStringLiteral("updated_at"), updatedAt }, { QStringLiteral("candidate_name"), candidateName },
        { QStringLiteral("job_title"), jobTitle } };
}

Result<Application> ApplicationService::load(const QString& tenantId, const QString& id)
{
    auto r = m_ctx.db.selectOne(kAppSelect + QStringLiteral("WHERE a.tenant_id = ? AND a.id = ? AND a.deleted_at IS NULL"),
        { tenantId, id });
    if (!r)
        return r.error().code == ErrorCode::NotFound
            ? makeError(ErrorCode::NotFound, QStringLiteral("Application not found."), { { QStringLiteral("id"), id } })
            : r.error();
    return appFrom(r.value());
}

Result<Application> ApplicationService::apply(const Session& session, const QString& candidateKey, const QString& jobKey,
    const QString& source)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Application, Action::Create));
    RD_TRY(validate::text(QStringLiteral("source"), source, 100, false));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto job = m_jobs.load(session.tenantId, jobKey);
    if (!job)
        return job.error();
    auto cand = m_candidates.load(session.tenantId, candidateKey);
    if (!cand)
        return cand.error();
    if (job.value().status == QLatin1String("closed") || job.value().status == QLatin1String("archived"))
        return validate::failed(QStringLiteral("job"), QStringLiteral("The job is %1 and takes no new applications.").arg(job.value().status),
            QStringLiteral("job_closed"));
    if (job.value().stages.isEmpty())
        return validate::failed(QStringLiteral("job"), QStringLiteral("The job has no pipeline stages."), QStringLiteral("no_stages"));
    const QString firstStage = job.value().stages.first().id;
    const QString id = newUuidV7(m_ctx.clock.nowMs());
    auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO applications (id, tenant_id, candidate_id, job_id, stage_id, status, owner_id, "
                                              "source, applied_at, created_at, updated_at, created_by, updated_by) VALUES "
                                              "(?,?,?,?,?,'active',?,?,?,?,?,?,?)"),
        { id, session.tenantId, cand.value().id, job.value().id, firstStage, session.userId.isEmpty() ? QVariant() : QVariant(session.userId),
            source, uow.now(), uow.now(), uow.now(), session.userId, session.userId });
    if (!ins)
        return ins.error().code == ErrorCode::Conflict
            ? makeError(ErrorCode::Conflict, QStringLiteral("This candidate has already applied to this job."),
                { { QStringLiteral("reason"), QStringLiteral("already_applied") } })
            : ins.error();
    RD_TRY(uow.recorded(QStringLiteral("application.create"), QStringLiteral("application"), id, QStringLiteral("insert"),
        { { QStringLiteral("candidate_id"), cand.value().id }, { QStringLiteral("job_id"), job.value().id },
            { QStringLiteral("stage_id"), firstStage }, { QStringLiteral("status"), QStringLiteral("active") },
            { QStringLiteral("source"), source }, { QStringLiteral("applied_at"), uow.now() } }));
    RD_TRY(recordStageMove(uow, m_ctx, id, QString(), firstStage, QStringLiteral("active")));
    {
        QStringList to = job.value().managerIds;
        auto creator = m_ctx.db.selectOne(QStringLiteral("SELECT created_by FROM job_postings WHERE id = ?"), { job.value().id });
        if (creator)
            to << creator.value().value(0).toString();
        RD_TRY(NotificationService::notify(m_ctx, uow, to, QStringLiteral("application.created"), QStringLiteral("application"), id,
            { { QStringLiteral("job_id"), job.value().id }, { QStringLiteral("job_title"), job.value().title },
                { QStringLiteral("stage"), job.value().stages.first().name } }));
    }
    auto app = load(session.tenantId, id);
    if (!app)
        return app.error();
    RD_TRY(uow.commit());
    return app;
}

Result<Application> ApplicationService::move(const Session& session, const QString& applicationId, const QString& stageKey)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Application, Action::Update, applicationId));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto app = load(session.tenantId, applicationId);
    if (!app)
        return app.error();
    auto job = m_jobs.load(session.tenantId, app.value().jobId);
    if (!job)
        return job.error();
    if (m_jobs.isScopedManager(session) && !job.value().managerIds.contains(session.userId))
        return assignedOnly();
    const Stage* target = nullptr;
    const Stage* current = nullptr;
    for (const Stage& s : job.value().stages) {
        if (s.id == stageKey || s.name.compare(stageKey, Qt::CaseInsensitive) == 0)
            target = &s;
        if (s.id == app.value().stageId)
            current = &s;
    }
    if (!target)
        return validate::failed(QStringLiteral("stage"), QStringLiteral("'%1' is not a stage of this job's pipeline.").arg(stageKey),
            QStringLiteral("unknown_stage"));
    if (app.value().status != QLatin1String("active"))
        return validate::failed(QStringLiteral("stage"), QStringLiteral("The application is %1; only active applications move.").arg(app.value().status),
            QStringLiteral("not_active"));
    if (target->id == app.value().stageId)
        return app;
    if (target->kind == QLatin1String("hired") && (!current || current->kind != QLatin1String("offer")))
        return validate::failed(QStringLiteral("stage"), QStringLiteral("A candidate is hired from an offer stage."),
            QStringLiteral("pipeline_rule"));
    const QString status = target->kind == QLatin1String("hired") ? QStringLiteral("hired")
        : target->kind == QLatin1String("rejected")                 ? QStringLiteral("rejected")
                                                                    : QStringLiteral("active");
    auto up = m_ctx.db.change(QStringLiteral("UPDATE applications SET stage_id = ?, status = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
        { target->id, status, uow.now(), session.userId, app.value().id });
    if (!up)
        return up.error();
    RD_TRY(uow.recorded(QStringLiteral("application.move"), QStringLiteral("application"), app.value().id, QStringLiteral("update"),
        { { QStringLiteral("stage_id"), target->id }, { QStringLiteral("stage"), target->name }, { QStringLiteral("status"), status },
            { QStringLiteral("from_stage_id"), app.value().stageId } }));
    RD_TRY(recordStageMove(uow, m_ctx, app.value().id, app.value().stageId, target->id, status));
    {
        QStringList to = job.value().managerIds;
        auto owner = m_ctx.db.selectOne(QStringLiteral("SELECT owner_id FROM applications WHERE id = ?"), { app.value().id });
        if (owner)
            to << owner.value().value(0).toString();
        RD_TRY(NotificationService::notify(m_ctx, uow, to, QStringLiteral("application.stage_changed"), QStringLiteral("application"),
            app.value().id, { { QStringLiteral("job_id"), job.value().id }, { QStringLiteral("job_title"), job.value().title },
                                { QStringLiteral("from_stage"), current ? current->name : QString() }, { QStringLiteral("stage"), target->name } }));
    }
    auto after = load(session.tenantId, app.value().id);
    if (!after)
        return after.error();
    RD_TRY(uow.commit());
    return after;
}

Result<QList<Application>> ApplicationService::listForJob(const Session& session, const QString& jobKey)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Application, Action::Read));
    auto job = m_jobs.load(session.tenantId, jobKey);
    if (!job)
        return job.error();
    if (m_jobs.isScopedManager(session) && !job.value().managerIds.contains(session.userId))
        return assignedOnly();
    auto rows = m_ctx.db.select(kAppSelect + QStringLiteral("WHERE a.tenant_id = ? AND a.job_id = ? AND a.deleted_at IS NULL "
                                                            "ORDER BY s.position, a.applied_at"),
        { session.tenantId, job.value().id });
    if (!rows)
        return rows.error();
    QList<Application> out;
    for (const auto& r : rows.value())
        out << appFrom(r);
    return out;
}

Result<QList<Application>> ApplicationService::listForCandidate(const Session& session, const QString& candidateKey)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Application, Action::Read));
    auto cand = m_candidates.load(session.tenantId, candidateKey);
    if (!cand)
        return cand.error();
    const auto [jobScope, scopeBinds] = m_jobs.assignedJobsFilter(session, QStringLiteral("a.job_id"));
    auto rows = m_ctx.db.select(kAppSelect
            + QStringLiteral("WHERE a.tenant_id = ? AND a.candidate_id = ? AND a.deleted_at IS NULL%1 ORDER BY a.applied_at, a.id")
                  .arg(jobScope),
        QVariantList { session.tenantId, cand.value().id } + scopeBinds);
    if (!rows)
        return rows.error();
    QList<Application> out;
    for (const auto& r : rows.value())
        out << appFrom(r);
    return out;
}

Result<QList<QJsonObject>> ApplicationService::history(const Session& session, const QString& applicationId)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Application, Action::Read, applicationId));
    auto app = load(session.tenantId, applicationId);
    if (!app)
        return app.error();
    RD_TRY(m_ctx.authz.requireJobVisible(session, app.value().jobId));
    auto rows = m_ctx.db.select(QStringLiteral("SELECT h.from_stage_id, h.to_stage_id, s.name, h.status, h.moved_by, h.moved_at FROM "
                                               "stage_history h JOIN pipeline_stages s ON s.id = h.to_stage_id WHERE h.tenant_id = ? "
                                               "AND h.application_id = ? ORDER BY h.moved_at, h.id"),
        { session.tenantId, applicationId });
    if (!rows)
        return rows.error();
    QList<QJsonObject> out;
    for (const auto& r : rows.value())
        out << QJsonObject { { QStringLiteral("from_stage_id"), r.value(0).toString() }, { QStringLiteral("to_stage_id"), r.value(1).toString() },
            { QStringLiteral("stage"), r.value(2).toString() }, { QStringLiteral("status"), r.value(3).toString() },
            { QStringLiteral("moved_by"), r.value(4).toString() }, { QStringLiteral("moved_at"), r.value(5).toString() } };
    return out;
}

} // namespace rd
