#include "pipelines.h"

#include "common/ids.h"
#include "service/context.h"

namespace rd {

QJsonObject Stage::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("name"), name }, { QStringLiteral("kind"), kind },
        { QStringLiteral("position"), position } };
}

QStringList PipelineService::stageKinds()
{
    return { QStringLiteral("applied"), QStringLiteral("screening"), QStringLiteral("interview"), QStringLiteral("offer"),
        QStringLiteral("hired"), QStringLiteral("rejected") };
}

Result<QList<Stage>> PipelineService::stages(const QString& tenantId, const QString& pipelineId)
{
    auto rows = m_ctx.db.select(QStringLiteral("SELECT id, pipeline_id, name, kind, position FROM pipeline_stages WHERE "
                                               "tenant_id = ? AND pipeline_id = ? AND deleted_at IS NULL ORDER BY position"),
        { tenantId, pipelineId });
    if (!rows)
        return rows.error();
    QList<Stage> out;
    for (const auto& r : rows.value())
        out << Stage { r.value(0).toString(), r.value(1).toString(), r.value(2).toString(), r.value(3).toString(),
            r.value(4).toInt() };
    return out;
}

namespace {
Status insertStage(UnitOfWork& uow, ServiceContext& ctx, const QString& pipelineId, const QString& name, const QString& kind,
    int position)
{
    const QString id = newUuidV7(ctx.clock.nowMs());
    const QString& t = uow.session().tenantId;
    auto r = ctx.db.change(QStringLiteral("INSERT INTO pipeline_stages (id, tenant_id, pipeline_id, name, kind, position, "
                                          "created_at, updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?)"),
        { id, t, pipelineId, name, kind, position, uow.now(), uow.now(), uow.session().userId, uow.session().userId });
    if (!r)
        return r.error();
    return Status {};
}

Result<QString> insertPipeline(UnitOfWork& uow, ServiceContext& ctx, const QVariant& jobId, const QString& name)
{
    const QString id = newUuidV7(ctx.clock.nowMs());
    auto r = ctx.db.change(QStringLiteral("INSERT INTO pipelines (id, tenant_id, job_id, name, created_at, updated_at, "
                                          "created_by, updated_by) VALUES (?,?,?,?,?,?,?,?)"),
        { id, uow.session().tenantId, jobId, name, uow.now(), uow.now(), uow.session().userId, uow.session().userId });
    if (!r)
        return r.error();
    return id;
}
} // namespace

Result<QString> PipelineService::ensureTemplate(UnitOfWork& uow)
{
    auto existing = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM pipelines WHERE tenant_id = ? AND job_id IS NULL AND "
                                                      "deleted_at IS NULL ORDER BY created_at LIMIT 1"),
        { uow.session().tenantId });
    if (existing)
        return existing.value().value(0).toString();
    if (existing.error().code != ErrorCode::NotFound)
        return existing.error();
    auto id = insertPipeline(uow, m_ctx, QVariant(), QStringLiteral("Default pipeline"));
    if (!id)
        return id.error();
    const QList<QPair<QString, QString>> defaults { { QStringLiteral("Applied"), QStringLiteral("applied") },
        { QStringLiteral("Screening"), QStringLiteral("screening") }, { QStringLiteral("Interview"), QStringLiteral("interview") },
        { QStringLiteral("Offer"), QStringLiteral("offer") }, { QStringLiteral("Hired"), QStringLiteral("hired") },
        { QStringLiteral("Rejected"), QStringLiteral("rejected") } };
    for (int i = 0; i < defaults.size(); ++i)
        RD_TRY(insertStage(uow, m_ctx, id.value(), defaults[i].first, defaults[i].second, i));
    return id;
}

Result<QString> PipelineService::copyTemplateForJob(UnitOfWork& uow, const QString& jobId)
{
    auto tmpl = ensureTemplate(uow);
    if (!tmpl)
        return tmpl.error();
    auto src = stages(uow.session().tenantId, tmpl.value());
    if (!src)
        return src.error();
    auto id = insertPipeline(uow, m_ctx, jobId, QStringLiteral("Job pipeline"));
    if (!id)
        return id.error();
    for (const Stage& s : src.value())
        RD_TRY(insertStage(uow, m_ctx, id.value(), s.name, s.kind, s.position));
    return id;
}

} // namespace rd
