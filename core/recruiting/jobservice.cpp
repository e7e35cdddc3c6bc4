#include "jobservice.h"

#include "auth/writepolicy.h"

#include "auth/permissions.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "recruiting/applicationservice.h"
#include "recruiting/fields.h"
#include "recruiting/notificationservice.h"
#include "service/context.h"

#include <QJsonArray>
#include <QSqlRecord>

namespace rd {

const QList<FieldDef>& jobFields()
{
    static const QList<FieldDef> defs {
        { "title", FieldDef::Type::Text, 200, {}, true },
        { "description", FieldDef::Type::Text, 20000 },
        { "department", FieldDef::Type::Text, 200 },
        { "location", FieldDef::Type::Text, 200 },
        { "latitude", FieldDef::Type::Real },
        { "longitude", FieldDef::Type::Real },
        { "remote", FieldDef::Type::Enum, 0, { QStringLiteral("onsite"), QStringLiteral("hybrid"), QStringLiteral("remote") } },
        { "employment_type", FieldDef::Type::Text, 64 },
        { "salary_min", FieldDef::Type::Real },
        { "salary_max", FieldDef::Type::Real },
        { "salary_currency", FieldDef::Type::Text, 3 },
        { "tags", FieldDef::Type::List, 100 },
        { "must_have", FieldDef::Type::List, 100 },
        { "nice_to_have", FieldDef::Type::List, 100 },
        { "external_id", FieldDef::Type::Text, 128, {}, false, true },
        { "job_number", FieldDef::Type::Text, 64 },
        { "source", FieldDef::Type::Text, 100 },
        { "company", FieldDef::Type::Text, 200 },
        { "max_distance_km", FieldDef::Type::Real },
    };
    return defs;
}

namespace {

const QString kJobColumns = QStringLiteral(
    "id, tenant_id, job_number, external_id, title, description, department, location, latitude, longitude, remote, "
    "employment_type, salary_min, salary_max, salary_currency, status, published, tags, must_have, nice_to_have, "
    "pipeline_id, created_at, updated_at, source, company, canonical_job_id, max_distance_km");

Job jobFrom(const QSqlRecord& r)
{
    Job j;
    j.id = r.value(0).toString();
    j.tenantId = r.value(1).toString();
    j.jobNumber = r.value(2).toString();
    j.externalId = r.value(3).toString();
    j.title = r.value(4).toString();
    j.description = r.value(5).toString();
    j.department = r.value(6).toString();
    j.location = r.value(7).toString();
    j.latitude = optionalReal(r.value(8));
    j.longitude = optionalReal(r.value(9));
    j.remote = r.value(10).toString();
    j.employmentType = r.value(11).toString();
    j.salaryMin = optionalReal(r.value(12));
    j.salaryMax = optionalReal(r.value(13));
    j.salaryCurrency = r.value(14).toString();
    j.status = r.value(15).toString();
    j.published = r.value(16).toBool();
    j.tags = listFromJson(r.value(17).toString());
    j.mustHave = listFromJson(r.value(18).toString());
    j.niceToHave = listFromJson(r.value(19).toString());
    j.pipelineId = r.value(20).toString();
    j.createdAt = r.value(21).toString();
    j.updatedAt = r.value(22).toString();
    j.source = r.value(23).toString();
    j.company = r.value(24).toString();
    j.canonicalJobId = r.value(25).toString();
    j.maxDistanceKm = optionalReal(r.value(26));
    return j;
}

Status checkRanges(const QJsonObject& merged)
{
    auto inRange = [&](const char* key, double lo, double hi) -> Status {
        const QJsonValue v = merged.value(QLatin1String(key));
        if (v.isDouble() && (v.toDouble() < lo || v.toDouble() > hi))
            return validate::failed(QLatin1String(key), QStringLiteral("%1 must be between %2 and %3.").arg(QLatin1String(key)).arg(lo).arg(hi),
                QStringLiteral("range"));
        return {};
    };
    RD_TRY(inRange("latitude", -90, 90));
    RD_TRY(inRange("longitude", -180, 180));
    RD_TRY(inRange("salary_min", 0, 1e12));
    RD_TRY(inRange("salary_max", 0, 1e12));
    const QJsonValue lo = merged.value(QStringLiteral("salary_min"));
    const QJsonValue hi = merged.value(QStringLiteral("salary_max"));
    if (lo.isDouble() && hi.isDouble() && lo.toDouble() > hi.toDouble())
        return validate::failed(QStringLiteral("salary_max"), QStringLiteral("salary_max must not be below salary_min."),
            QStringLiteral("range"));
    return {};
}
} // namespace

QJsonObject Job::toJson() const
{
    QJsonArray stageArr;
    for (const Stage& s : stages)
        stageArr << s.toJson();
    return { { QStringLiteral("id"), id }, { QStringLiteral("job_number"), jobNumber },
        { QStringLiteral("external_id"), externalId }, { QStringLiteral("title"), title },
        { QStringLiteral("description"), description }, { QStringLiteral("department"), department },
        { QStringLiteral("location"), location }, { QStringLiteral("latitude"), optionalJson(latitude) },
        { QStringLiteral("longitude"), optionalJson(longitude) }, { QStringLiteral("remote"), remote },
        { QStringLiteral("employment_type"), employmentType }, { QStringLiteral("salary_min"), optionalJson(salaryMin) },
        { QStringLiteral("salary_max"), optionalJson(salaryMax) }, { QStringLiteral("salary_currency"), salaryCurrency },
        { QStringLiteral("status"), status }, { QStringLiteral("published"), published },
        { QStringLiteral("tags"), QJsonArray::fromStringList(tags) }, { QStringLiteral("must_have"), QJsonArray::fromStringList(mustHave) },
        { QStringLiteral("nice_to_have"), QJsonArray::fromStringList(niceToHave) },
        { QStringLiteral("hiring_managers"), QJsonArray::fromStringList(managerIds) }, { QStringLiteral("stages"), stageArr },
        { QStringLiteral("created_at"), createdAt }, { QStringLiteral("updated_at"), updatedAt },
        { QStringLiteral("source"), source }, { QStringLiteral("company"), company },
        { QStringLiteral("canonical_job_id"), canonicalJobId.isEmpty() ? QJsonValue() : QJsonValue(canonicalJobId) },
        { QStringLiteral("max_distance_km"), optionalJson(maxDistanceKm) } };
}

QString JobService::dedupeKey(const QString& title, const QString& company, const QString& location)
{
    auto norm = [](const QString& s) {
        QString out;
        for (const QChar c : s.normalized(QString::NormalizationForm_KD).toLower())
            if (c.isLetterOrNumber())
                out += c;
            else if (!out.isEmpty() && !out.endsWith(QLatin1Char(' ')))
                out += QLatin1Char(' ');
        return out.trimmed();
    };
    return norm(title) + QLatin1Char('|') + norm(company) + QLatin1Char('|') + norm(location);
}

Status JobService::linkCanonical(UnitOfWork& uow, const QString& id)
{
    auto row = m_ctx.db.selectOne(QStringLiteral("SELECT title, company, location, source, canonical_job_id, dedupe_key FROM job_postings WHERE id = ?"),
        { id });
    if (!row)
        return row.error();
    const QString key = dedupeKey(row.value().value(0).toString(), row.value().value(1).toString(), row.value().value(2).toString());
    QString canonical;
    if (!row.value().value(3).toString().isEmpty()) {
        // A source job points at the first job with the same normalised title, company and
        // location that is itself canonical (the tenant's own job first).
        auto match = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM job_postings WHERE tenant_id = ? AND dedupe_key = ? AND id <> ? AND "
                                                       "canonical_job_id IS NULL AND deleted_at IS NULL ORDER BY source = '' DESC, created_at, id LIMIT 1"),
            { uow.session().tenantId, key, id });
        if (match)
            canonical = match.value().value(0).toString();
        else if (match.error().code != ErrorCode::NotFound)
            return match.error();
    }
    if (key == row.value().value(5).toString() && canonical == row.value().value(4).toString())
        return {};
    auto up = m_ctx.db.change(QStringLiteral("UPDATE job_postings SET dedupe_key = ?, canonical_job_id = ? WHERE id = ?"),
        { key, canonical.isEmpty() ? QVariant() : QVariant(canonical), id });
    if (!up)
        return up.error();
    return Status {};
}

Result<Job> JobService::loadBySource(const QString& tenantId, const QString& source, const QString& externalId)
{
    auto r = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM job_postings WHERE tenant_id = ? AND source = ? AND external_id = ? AND deleted_at IS NULL"),
        { tenantId, source, externalId });
    if (!r)
        return r.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("Job not found.")) : r.error();
    return load(tenantId, r.value().value(0).toString());
}

Result<QList<Job>> JobService::linkedJobs(const Session& session, const QString& key)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Read, key));
    auto job = load(session.tenantId, key);
    if (!job)
        return job.error();
    auto rows = m_ctx.db.select(QStringLiteral("SELECT id FROM job_postings WHERE tenant_id = ? AND canonical_job_id = ? AND deleted_at IS NULL "
                                               "ORDER BY source, external_id"),
        { session.tenantId, job.value().id });
    if (!rows)
        return rows.error();
    QList<Job> out;
    for (const auto& r : rows.value()) {
        auto j = load(session.tenantId, r.value(0).toString());
        if (!j)
            return j.error();
        out << j.value();
    }
    return out;
}

QStringList JobService::fields()
{
    QStringList out;
    for (const FieldDef& d : jobFields())
        out << QString::fromLatin1(d.name);
    return out;
}

const ListSpec& JobService::listSpec()
{
    static const ListSpec spec { QStringLiteral("job_postings"), kJobColumns, QStringLiteral("id"),
        { { QStringLiteral("title"), QStringLiteral("title") }, { QStringLiteral("status"), QStringLiteral("status") },
            { QStringLiteral("department"), QStringLiteral("department") }, { QStringLiteral("location"), QStringLiteral("location") },
            { QStringLiteral("remote"), QStringLiteral("remote") }, { QStringLiteral("job_number"), QStringLiteral("job_number") },
            { QStringLiteral("external_id"), QStringLiteral("external_id") },
            { QStringLiteral("source"), QStringLiteral("source") }, { QStringLiteral("company"), QStringLiteral("company") },
            { QStringLiteral("canonical_job_id"), QStringLiteral("canonical_job_id") },
            { QStringLiteral("published"), QStringLiteral("published"), FieldSpec::Type::Bool },
            { QStringLiteral("created_at"), QStringLiteral("created_at") },
            { QStringLiteral("updated_at"), QStringLiteral("updated_at") } },
        { { QStringLiteral("created_at"), true } } };
    return spec;
}

Result<Job> JobService::load(const QString& tenantId, const QString& key)
{
    // Indexed lookups in turn: id, external id, job number.
    auto r = m_ctx.db.selectOne(QStringLiteral("SELECT %1 FROM job_postings WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL")
                                    .arg(kJobColumns),
        { key, tenantId });
    if (!r && r.error().code == ErrorCode::NotFound)
        r = m_ctx.db.selectOne(QStringLiteral("SELECT %1 FROM job_postings WHERE tenant_id = ? AND external_id = ? AND deleted_at IS NULL "
                                              "ORDER BY source = '' DESC, created_at LIMIT 1")
                                   .arg(kJobColumns),
            { tenantId, key });
    if (!r && r.error().code == ErrorCode::NotFound)
        r = m_ctx.db.selectOne(QStringLiteral("SELECT %1 FROM job_postings WHERE tenant_id = ? AND job_number = ? AND deleted_at IS NULL")
                                   .arg(kJobColumns),
            { tenantId, key });
    if (!r)
        return r.error().code == ErrorCode::NotFound
            ? makeError(ErrorCode::NotFound, QStringLiteral("Job not found."), { { QStringLiteral("id"), key } })
            : r.error();
    Job j = jobFrom(r.value());
    auto managers = m_ctx.db.select(QStringLiteral("SELECT user_id FROM job_managers WHERE job_id = ? AND deleted_at IS NULL "
                                                   "ORDER BY user_id"),
        { j.id });
    if (!managers)
        return managers.error();
    for (const auto& m : managers.value())
        j.managerIds << m.value(0).toString();
    if (!j.pipelineId.isEmpty()) {
        auto st = m_pipelines.stages(tenantId, j.pipelineId);
        if (!st)
            return st.error();
        j.stages = st.value();
    }
    return j;
}

bool JobService::isScopedManager(const Session& session)
{
    auto scoped = m_ctx.authz.scopedToAssignedJobs(session);
    return scoped.ok() && scoped.value();
}

QPair<QString, QVariantList> JobService::assignedJobsFilter(const Session& session, const QString& jobColumn)
{
    auto scope = m_ctx.authz.jobScope(session, jobColumn);
    if (!scope)
        // Reading the roles failed: show nothing rather than everything.
        return { QStringLiteral(" AND 0"), {} };
    return { scope.value().sql, scope.value().binds };
}

Status JobService::requireAssignedIfManager(const Session& session, const Job& job)
{
    if (!isScopedManager(session) || job.managerIds.contains(session.userId))
        return {};
    return makeError(ErrorCode::PermissionDenied, QStringLiteral("You can only change jobs you are assigned to."),
        { { QStringLiteral("resource"), QStringLiteral("job") }, { QStringLiteral("action"), QStringLiteral("update") },
            { QStringLiteral("rule"), QStringLiteral("assigned_jobs_only") } });
}

Result<Job> JobService::create(const Session& session, const QJsonObject& fields)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Create));
    auto patch = validatePatch(jobFields(), fields, true);
    if (!patch)
        return patch.error();
    geocodeLocation(patch.value(), true);
    RD_TRY(checkRanges(patch.value().json));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    const QString id = newUuidV7(m_ctx.clock.nowMs());
    ValidatedPatch values = patch.value();
    if (values.json.value(QStringLiteral("job_number")).toString().isEmpty()) {
        auto n = m_ctx.db.selectOne(QStringLiteral("SELECT COUNT(*) FROM job_postings WHERE tenant_id = ?"), { session.tenantId });
        if (!n)
            return n.error();
        const QString number = QStringLiteral("J-%1").arg(n.value().value(0).toInt() + 1, 5, 10, QLatin1Char('0'));
        values.json.insert(QStringLiteral("job_number"), number);
        values.columns.removeIf([](const auto& c) { return c.first == QLatin1String("job_number"); });
        values.columns.append({ QStringLiteral("job_number"), number });
    }
    QList<QPair<QString, QVariant>> columns { { QStringLiteral("id"), id }, { QStringLiteral("tenant_id"), session.tenantId },
        { QStringLiteral("created_at"), uow.now() }, { QStringLiteral("updated_at"), uow.now() },
        { QStringLiteral("created_by"), session.userId }, { QStringLiteral("updated_by"), session.userId } };
    auto ins = insertRow(m_ctx.db, QStringLiteral("job_postings"), columns + values.columns);
    if (!ins) {
        if (ins.error().code == ErrorCode::Conflict)
            return makeError(ErrorCode::Conflict, QStringLiteral("A job with this job number or external id already exists."),
                { { QStringLiteral("field"), QStringLiteral("external_id") } });
        return ins.error();
    }
    auto pipeline = m_pipelines.copyTemplateForJob(uow, id);
    if (!pipeline)
        return pipeline.error();
    auto setPipeline = m_ctx.db.change(QStringLiteral("UPDATE job_postings SET pipeline_id = ? WHERE id = ?"), { pipeline.value(), id });
    if (!setPipeline)
        return setPipeline.error();
    QJsonObject recorded = values.json;
    recorded.insert(QStringLiteral("tenant_id"), session.tenantId);
    recorded.insert(QStringLiteral("status"), QStringLiteral("draft"));
    recorded.insert(QStringLiteral("pipeline_id"), pipeline.value());
    RD_TRY(uow.recorded(QStringLiteral("job.create"), QStringLiteral("job"), id, QStringLiteral("insert"), recorded));
    RD_TRY(linkCanonical(uow, id));
    auto job = load(session.tenantId, id);
    if (!job)
        return job.error();
    RD_TRY(uow.commit());
    return job;
}

Result<Job> JobService::update(const Session& session, const QString& key, const QJsonObject& fields)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Update, key));
    auto patch = validatePatch(jobFields(), fields, false);
    if (!patch)
        return patch.error();
    geocodeLocation(patch.value(), false);
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto job = load(session.tenantId, key);
    if (!job)
        return job.error();
    RD_TRY(requireAssignedIfManager(session, job.value()));
    QJsonObject merged = job.value().toJson();
    for (auto it = patch.value().json.begin(); it != patch.value().json.end(); ++it)
        merged.insert(it.key(), it.value());
    RD_TRY(checkRanges(merged));
    if (patch.value().columns.isEmpty())
        return job;
    auto up = updateRow(m_ctx.db, QStringLiteral("job_postings"), job.value().id, patch.value().columns, uow.now(), session.userId);
    if (!up)
        return up.error().code == ErrorCode::Conflict
            ? makeError(ErrorCode::Conflict, QStringLiteral("A job with this job number or external id already exists."))
            : up.error();
    RD_TRY(uow.recorded(QStringLiteral("job.update"), QStringLiteral("job"), job.value().id, QStringLiteral("update"),
        patch.value().json));
    RD_TRY(linkCanonical(uow, job.value().id));
    auto after = load(session.tenantId, job.value().id);
    if (!after)
        return after.error();
    RD_TRY(uow.commit());
    return after;
}

Result<Job> JobService::get(const Session& session, const QString& key)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Read, key));
    auto j = load(session.tenantId, key);
    if (!j)
        return j.error();
    // A hiring manager sees the jobs assigned to them (the sync server sends them no others).
    if (isScopedManager(session) && !j.value().managerIds.contains(session.userId))
        return makeError(ErrorCode::NotFound, QStringLiteral("Job not found."),
            { { QStringLiteral("id"), key }, { QStringLiteral("rule"), QStringLiteral("assigned_jobs_only") } });
    return j;
}

Result<Page<Job>> JobService::list(const Session& session, const ListQuery& query)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Read));
    const auto [jobScope, scopeBinds] = assignedJobsFilter(session, QStringLiteral("id"));
    auto rows = runListQuery(m_ctx.db, listSpec(), QStringLiteral("tenant_id = ? AND deleted_at IS NULL") + jobScope,
        QVariantList { session.tenantId } + scopeBinds, query);
    if (!rows)
        return rows.error();
    Page<Job> page;
    page.nextCursor = rows.value().nextCursor;
    for (const auto& r : rows.value().rows)
        page.items << jobFrom(r);
    return page;
}

Result<Job> JobService::setStatus(const Session& session, const QString& key, const QString& status)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Update, key));
    static const QStringList statuses { QStringLiteral("draft"), QStringLiteral("open"), QStringLiteral("closed"),
        QStringLiteral("archived") };
    if (!statuses.contains(status))
        return validate::failed(QStringLiteral("status"), QStringLiteral("status must be draft, open, closed or archived."),
            QStringLiteral("enum"));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto job = load(session.tenantId, key);
    if (!job)
        return job.error();
    RD_TRY(requireAssignedIfManager(session, job.value()));
    if (status == QLatin1String("open")) {
        // What is missing is named in details.missing (title, description, stages).
        QJsonArray missing;
        if (job.value().title.trimmed().isEmpty()) missing << QStringLiteral("title");
        if (job.value().description.trimmed().isEmpty()) missing << QStringLiteral("description");
        if (job.value().stages.isEmpty()) missing << QStringLiteral("stages");
        if (!missing.isEmpty()) {
            Error e = validate::failed(QStringLiteral("status"),
                QStringLiteral("A job needs a title, a description and at least one stage before it is published."),
                QStringLiteral("publish_requirements"));
            e.details.insert(QStringLiteral("missing"), missing);
            return e;
        }
    }
    const bool published = status == QLatin1String("open");
    auto up = m_ctx.db.change(QStringLiteral("UPDATE job_postings SET status = ?, published = ?, updated_at = ?, updated_by = ? "
                                             "WHERE id = ?"),
        { status, published ? 1 : 0, uow.now(), session.userId, job.value().id });
    if (!up)
        return up.error();
    RD_TRY(uow.recorded(published ? QStringLiteral("job.publish") : QStringLiteral("job.set_status"), QStringLiteral("job"),
        job.value().id, QStringLiteral("update"), { { QStringLiteral("status"), status }, { QStringLiteral("published"), published } }));
    auto after = load(session.tenantId, job.value().id);
    if (!after)
        return after.error();
    RD_TRY(uow.commit());
    return after;
}

Result<Job> JobService::publish(const Session& session, const QString& key) { return setStatus(session, key, QStringLiteral("open")); }

Result<Job> JobService::assignManager(const Session& session, const QString& key, const QString& userId, bool assign)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Update, key));
    if (isScopedManager(session))
        return makeError(ErrorCode::PermissionDenied, QStringLiteral("Hiring managers cannot assign hiring managers."),
            { { QStringLiteral("resource"), QStringLiteral("job") }, { QStringLiteral("action"), QStringLiteral("update") } });
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto job = load(session.tenantId, key);
    if (!job)
        return job.error();
    auto user = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM users WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL"),
        { userId, session.tenantId });
    if (!user)
        return user.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("User not found.")) : user.error();
    if (assign && !job.value().managerIds.contains(userId)) {
        const QString id = newUuidV7(m_ctx.clock.nowMs());
        auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO job_managers (id, tenant_id, job_id, user_id, created_at, updated_at, "
                                                  "created_by, updated_by) VALUES (?,?,?,?,?,?,?,?)"),
            { id, session.tenantId, job.value().id, userId, uow.now(), uow.now(), session.userId, session.userId });
        if (!ins)
            return ins.error();
        RD_TRY(NotificationService::notify(m_ctx, uow, { userId }, QStringLiteral("job.assigned"), QStringLiteral("job"), job.value().id,
            { { QStringLiteral("job_id"), job.value().id }, { QStringLiteral("job_title"), job.value().title } }));
    } else if (!assign) {
        auto rows = m_ctx.db.select(QStringLiteral("SELECT id FROM job_managers WHERE job_id = ? AND user_id = ? AND deleted_at IS NULL"),
            { job.value().id, userId });
        if (!rows)
            return rows.error();
        for (const auto& r : rows.value()) {
            auto del = m_ctx.db.change(QStringLiteral("UPDATE job_managers SET deleted_at = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
                { uow.now(), uow.now(), session.userId, r.value(0) });
            if (!del)
                return del.error();
        }
    }
    RD_TRY(uow.audit(assign ? QStringLiteral("job.assign_manager") : QStringLiteral("job.unassign_manager"), QStringLiteral("job"),
        job.value().id, { { QStringLiteral("user_id"), userId } }));
    auto after = load(session.tenantId, job.value().id);
    if (!after)
        return after.error();
    RD_TRY(uow.commit());
    return after;
}

} // namespace rd

namespace rd {

namespace {
const Stage* findStage(const Job& job, const QString& key)
{
    for (const Stage& s : job.stages)
        if (s.id == key || s.name.compare(key, Qt::CaseInsensitive) == 0)
            return &s;
    return nullptr;
}

Error unknownStage(const QString& key)
{
    return validate::failed(QStringLiteral("stage"), QStringLiteral("'%1' is not a stage of this job's pipeline.").arg(key),
        QStringLiteral("unknown_stage"));
}

Status setPosition(UnitOfWork& uow, ServiceContext& ctx, const QString& stageId, int position)
{
    auto r = ctx.db.change(QStringLiteral("UPDATE pipeline_stages SET position = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
        { position, uow.now(), uow.session().userId, stageId });
    if (!r)
        return r.error();
    return Status {};
}
} // namespace

Result<Job> JobService::editPipeline(const Session& session, const QString& key, const QString& action, const QJsonObject& diff,
    const std::function<Status(UnitOfWork&, const Job&)>& edit)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Update, key));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto job = load(session.tenantId, key);
    if (!job)
        return job.error();
    RD_TRY(requireAssignedIfManager(session, job.value()));
    if (job.value().pipelineId.isEmpty())
        return validate::failed(QStringLiteral("job"), QStringLiteral("The job has no pipeline."), QStringLiteral("no_pipeline"));
    RD_TRY(edit(uow, job.value()));
    RD_TRY(uow.audit(action, QStringLiteral("job"), job.value().id, diff));
    auto after = load(session.tenantId, job.value().id);
    if (!after)
        return after.error();
    RD_TRY(uow.commit());
    return after;
}

Result<Job> JobService::addStage(const Session& session, const QString& key, const QString& name, const QString& kind, int position)
{
    RD_TRY(validate::text(QStringLiteral("name"), name, 100, true));
    if (!PipelineService::stageKinds().contains(kind))
        return validate::failed(QStringLiteral("kind"),
            QStringLiteral("kind must be one of: %1.").arg(PipelineService::stageKinds().join(QStringLiteral(", "))), QStringLiteral("enum"));
    return editPipeline(session, key, QStringLiteral("pipeline.add_stage"), { { QStringLiteral("name"), name }, { QStringLiteral("kind"), kind } },
        [&](UnitOfWork& uow, const Job& job) -> Status {
            if (findStage(job, name))
                return validate::failed(QStringLiteral("name"), QStringLiteral("The pipeline already has a stage named '%1'.").arg(name),
                    QStringLiteral("duplicate"));
            const int at = position < 0 || position > job.stages.size() ? int(job.stages.size()) : position;
            for (int i = int(job.stages.size()) - 1; i >= at; --i)
                RD_TRY(setPosition(uow, m_ctx, job.stages[i].id, i + 1));
            const QString id = newUuidV7(m_ctx.clock.nowMs());
            auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO pipeline_stages (id, tenant_id, pipeline_id, name, kind, position, "
                                                      "created_at, updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?)"),
                { id, session.tenantId, job.pipelineId, name.trimmed(), kind, at, uow.now(), uow.now(), session.userId, session.userId });
            if (!ins)
                return ins.error();
            return Status {};
        });
}

Result<Job> JobService::renameStage(const Session& session, const QString& key, const QString& stage, const QString& newName)
{
    RD_TRY(validate::text(QStringLiteral("name"), newName, 100, true));
    return editPipeline(session, key, QStringLiteral("pipeline.rename_stage"),
        { { QStringLiteral("stage"), stage }, { QStringLiteral("name"), newName } }, [&](UnitOfWork& uow, const Job& job) -> Status {
            const Stage* s = findStage(job, stage);
            if (!s)
                return unknownStage(stage);
            const Stage* clash = findStage(job, newName);
            if (clash && clash->id != s->id)
                return validate::failed(QStringLiteral("name"), QStringLiteral("The pipeline already has a stage named '%1'.").arg(newName),
                    QStringLiteral("duplicate"));
            auto r = m_ctx.db.change(QStringLiteral("UPDATE pipeline_stages SET name = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
                { newName.trimmed(), uow.now(), session.userId, s->id });
            if (!r)
                return r.error();
            return Status {};
        });
}

Result<Job> JobService::reorderStages(const Session& session, const QString& key, const QStringList& order)
{
    return editPipeline(session, key, QStringLiteral("pipeline.reorder"), { { QStringLiteral("order"), QJsonArray::fromStringList(order) } },
        [&](UnitOfWork& uow, const Job& job) -> Status {
            if (order.size() != job.stages.size())
                return validate::failed(QStringLiteral("order"), QStringLiteral("Name every stage exactly once (%1 stages).").arg(job.stages.size()),
                    QStringLiteral("incomplete"));
            QStringList seen;
            for (int i = 0; i < order.size(); ++i) {
                const Stage* s = findStage(job, order[i]);
                if (!s)
                    return unknownStage(order[i]);
                if (seen.contains(s->id))
                    return validate::failed(QStringLiteral("order"), QStringLiteral("'%1' is named twice.").arg(order[i]), QStringLiteral("duplicate"));
                seen << s->id;
                if (s->position != i)
                    RD_TRY(setPosition(uow, m_ctx, s->id, i));
            }
            return {};
        });
}

Result<Job> JobService::removeStage(const Session& session, const QString& key, const QString& stage, const QString& moveTo)
{
    return editPipeline(session, key, QStringLiteral("pipeline.remove_stage"),
        { { QStringLiteral("stage"), stage }, { QStringLiteral("move_to"), moveTo } }, [&](UnitOfWork& uow, const Job& job) -> Status {
            const Stage* s = findStage(job, stage);
            if (!s)
                return unknownStage(stage);
            if (job.stages.size() == 1)
                return validate::failed(QStringLiteral("stage"), QStringLiteral("A pipeline keeps at least one stage."), QStringLiteral("last_stage"));
            auto apps = m_ctx.db.select(QStringLiteral("SELECT id, status FROM applications WHERE stage_id = ? AND deleted_at IS NULL"), { s->id });
            if (!apps)
                return apps.error();
            if (!apps.value().isEmpty()) {
                const Stage* target = moveTo.isEmpty() ? nullptr : findStage(job, moveTo);
                if (!target || target->id == s->id)
                    return validate::failed(QStringLiteral("move_to"),
                        QStringLiteral("%1 application(s) are in '%2'; name the stage they move to.").arg(apps.value().size()).arg(s->name),
                        QStringLiteral("target_required"));
                if (target->kind == QLatin1String("hired") || target->kind == QLatin1String("rejected"))
                    return validate::failed(QStringLiteral("move_to"),
                        QStringLiteral("Applications move to an open stage here; hire or reject them one by one."),
                        QStringLiteral("terminal_target"));
                for (const auto& a : apps.value()) {
                    const QString appId = a.value(0).toString();
                    auto up = m_ctx.db.change(QStringLiteral("UPDATE applications SET stage_id = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
                        { target->id, uow.now(), session.userId, appId });
                    if (!up)
                        return up.error();
                    RD_TRY(recordStageMove(uow, m_ctx, appId, s->id, target->id, a.value(1).toString()));
                }
            }
            auto del = m_ctx.db.change(QStringLiteral("UPDATE pipeline_stages SET deleted_at = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
                { uow.now(), uow.now(), session.userId, s->id });
            if (!del)
                return del.error();
            int pos = 0;
            for (const Stage& other : job.stages) {
                if (other.id == s->id)
                    continue;
                if (other.position != pos)
                    RD_TRY(setPosition(uow, m_ctx, other.id, pos));
                ++pos;
            }
            return {};
        });
}

} // namespace rd
