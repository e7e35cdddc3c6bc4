#include "cohortservice.h"

#include "auth/permissions.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "recruiting/candidateservice.h"
#include "service/context.h"

#include <QDate>
#include <QJsonArray>
#include <QSqlRecord>

namespace rd {

namespace {
QJsonObject cohortFrom(const QSqlRecord& r)
{
    return { { QStringLiteral("id"), r.value(0).toString() }, { QStringLiteral("name"), r.value(1).toString() },
        { QStringLiteral("starts_on"), r.value(2).isNull() ? QJsonValue() : QJsonValue(r.value(2).toString()) },
        { QStringLiteral("ends_on"), r.value(3).isNull() ? QJsonValue() : QJsonValue(r.value(3).toString()) },
        { QStringLiteral("created_at"), r.value(4).toString() } };
}
} // namespace

Status CohortService::notScoped(const Session& session)
{
    // Cohorts list candidates across jobs: not for a hiring manager limited to their jobs (the
    // sync server sends them none either).
    auto scoped = m_ctx.authz.scopedToAssignedJobs(session);
    if (!scoped)
        return scoped.error();
    if (scoped.value())
        return makeError(ErrorCode::PermissionDenied, QStringLiteral("Cohorts are not shown to hiring managers."),
            { { QStringLiteral("resource"), QStringLiteral("candidate") }, { QStringLiteral("rule"), QStringLiteral("assigned_jobs_only") } });
    return {};
}

Status CohortService::requireSchool(const Session& session)
{
    RD_TRY(notScoped(session));
    auto kind = m_ctx.db.selectOne(QStringLiteral("SELECT kind FROM tenants WHERE id = ?"), { session.tenantId });
    if (!kind)
        return kind.error();
    if (kind.value().value(0).toString() != QLatin1String("school"))
        return validate::failed(QStringLiteral("tenant"), QStringLiteral("Cohorts and mentors exist in school workspaces only."),
            QStringLiteral("school_only"));
    return {};
}

Result<QJsonObject> CohortService::load(const Session& session, const QString& key)
{
    auto r = m_ctx.db.selectOne(QStringLiteral("SELECT id, name, starts_on, ends_on, created_at FROM cohorts WHERE tenant_id = ? AND "
                                               "deleted_at IS NULL AND (id = ? OR name = ?)"),
        { session.tenantId, key, key });
    if (!r)
        return r.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("No cohort '%1'.").arg(key)) : r.error();
    return cohortFrom(r.value());
}

Result<QJsonObject> CohortService::create(const Session& session, const QString& name, const QString& startsOn, const QString& endsOn)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Update));
    RD_TRY(requireSchool(session));
    RD_TRY(validate::text(QStringLiteral("name"), name, 120, true));
    for (const auto& [field, value] : { std::pair { QStringLiteral("starts_on"), startsOn }, std::pair { QStringLiteral("ends_on"), endsOn } })
        if (!value.isEmpty() && !QDate::fromString(value, Qt::ISODate).isValid())
            return validate::failed(field, QStringLiteral("%1 is a date like 2027-09-01.").arg(field), QStringLiteral("format"));
    if (!startsOn.isEmpty() && !endsOn.isEmpty() && endsOn < startsOn)
        return validate::failed(QStringLiteral("ends_on"), QStringLiteral("The cohort ends before it starts."), QStringLiteral("range"));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    const QString id = newUuidV7(m_ctx.clock.nowMs());
    auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO cohorts (id, tenant_id, name, starts_on, ends_on, created_at, updated_at, created_by, "
                                              "updated_by) VALUES (?,?,?,?,?,?,?,?,?)"),
        { id, session.tenantId, name.trimmed(), startsOn.isEmpty() ? QVariant() : QVariant(startsOn), endsOn.isEmpty() ? QVariant() : QVariant(endsOn),
            uow.now(), uow.now(), session.userId, session.userId });
    if (!ins)
        return ins.error().code == ErrorCode::Conflict ? makeError(ErrorCode::Conflict, QStringLiteral("A cohort with this name exists.")) : ins.error();
    RD_TRY(uow.recorded(QStringLiteral("cohort.create"), QStringLiteral("cohort"), id, QStringLiteral("insert"),
        { { QStringLiteral("name"), name.trimmed() }, { QStringLiteral("starts_on"), startsOn }, { QStringLiteral("ends_on"), endsOn } }));
    auto out = load(session, id);
    if (!out)
        return out.error();
    RD_TRY(uow.commit());
    return out;
}

Result<QList<QJsonObject>> CohortService::list(const Session& session)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read));
    RD_TRY(notScoped(session));
    auto rows = m_ctx.db.select(QStringLiteral("SELECT id, name, starts_on, ends_on, created_at, (SELECT count(*) FROM cohort_members m WHERE "
                                               "m.cohort_id = c.id AND m.role = 'learner' AND m.deleted_at IS NULL) FROM cohorts c WHERE "
                                               "tenant_id = ? AND deleted_at IS NULL ORDER BY name"),
        { session.tenantId });
    if (!rows)
        return rows.error();
    QList<QJsonObject> out;
    for (const auto& r : rows.value()) {
        QJsonObject o = cohortFrom(r);
        o.insert(QStringLiteral("learners"), r.value(5).toInt());
        out << o;
    }
    return out;
}

Result<QJsonObject> CohortService::addMember(const Session& session, const QString& cohortKey, const QString& role, const QString& candidateId,
    const QString& userId)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Update));
    RD_TRY(requireSchool(session));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto cohort = load(session, cohortKey);
    if (!cohort)
        return cohort.error();
    const QString cohortId = cohort.value().value(QStringLiteral("id")).toString();
    auto exists = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM cohort_members WHERE cohort_id = ? AND role = ? AND coalesce(candidate_id, '') = ? "
                                                    "AND coalesce(user_id, '') = ? AND deleted_at IS NULL"),
        { cohortId, role, candidateId, userId });
    if (exists)
        return makeError(ErrorCode::Conflict, QStringLiteral("Already a %1 of this cohort.").arg(role));
    const QString id = newUuidV7(m_ctx.clock.nowMs());
    auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO cohort_members (id, tenant_id, cohort_id, candidate_id, user_id, role, created_at, "
                                              "updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?)"),
        { id, session.tenantId, cohortId, candidateId.isEmpty() ? QVariant() : QVariant(candidateId), userId.isEmpty() ? QVariant() : QVariant(userId),
            role, uow.now(), uow.now(), session.userId, session.userId });
    if (!ins)
        return ins.error();
    const QJsonObject fields { { QStringLiteral("cohort_id"), cohortId }, { QStringLiteral("role"), role },
        { QStringLiteral("candidate_id"), candidateId.isEmpty() ? QJsonValue() : QJsonValue(candidateId) },
        { QStringLiteral("user_id"), userId.isEmpty() ? QJsonValue() : QJsonValue(userId) } };
    RD_TRY(uow.recorded(QStringLiteral("cohort.add_") + role, QStringLiteral("cohort_member"), id, QStringLiteral("insert"), fields));
    RD_TRY(uow.commit());
    QJsonObject out = fields;
    out.insert(QStringLiteral("id"), id);
    return out;
}

Result<QJsonObject> CohortService::addLearner(const Session& session, const QString& cohort, const QString& candidateKey)
{
    auto cand = m_candidates.load(session.tenantId, candidateKey);
    if (!cand)
        return cand.error();
    return addMember(session, cohort, QStringLiteral("learner"), cand.value().id, {});
}

Result<QJsonObject> CohortService::addMentor(const Session& session, const QString& cohort, const QString& userId)
{
    auto user = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM users WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL AND active = 1"),
        { userId, session.tenantId });
    if (!user)
        return user.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("No active user with this id.")) : user.error();
    return addMember(session, cohort, QStringLiteral("mentor"), {}, userId);
}

Status CohortService::removeMember(const Session& session, const QString& cohortKey, const QString& memberId)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Update));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto cohort = load(session, cohortKey);
    if (!cohort)
        return cohort.error();
    auto del = m_ctx.db.change(QStringLiteral("UPDATE cohort_members SET deleted_at = ?, updated_at = ?, updated_by = ? WHERE id = ? AND cohort_id = ? "
                                              "AND deleted_at IS NULL"),
        { uow.now(), uow.now(), session.userId, memberId, cohort.value().value(QStringLiteral("id")).toString() });
    if (!del)
        return del.error();
    if (del.value() == 0)
        return makeError(ErrorCode::NotFound, QStringLiteral("No such member in this cohort."));
    RD_TRY(uow.recorded(QStringLiteral("cohort.remove_member"), QStringLiteral("cohort_member"), memberId, QStringLiteral("delete"),
        { { QStringLiteral("deleted_at"), uow.now() } }));
    return uow.commit();
}

Result<QJsonObject> CohortService::show(const Session& session, const QString& key)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read));
    RD_TRY(notScoped(session));
    auto cohort = load(session, key);
    if (!cohort)
        return cohort.error();
    auto members = m_ctx.db.select(QStringLiteral("SELECT m.id, m.role, m.candidate_id, m.user_id, u.email, trim(u.given_name || ' ' || u.family_name) "
                                                  "FROM cohort_members m LEFT JOIN users u ON u.id = m.user_id WHERE m.cohort_id = ? AND "
                                                  "m.deleted_at IS NULL ORDER BY m.created_at"),
        { cohort.value().value(QStringLiteral("id")).toString() });
    if (!members)
        return members.error();
    QJsonArray mentors, learners;
    for (const auto& r : members.value()) {
        if (r.value(1).toString() == QLatin1String("mentor")) {
            mentors << QJsonObject { { QStringLiteral("member_id"), r.value(0).toString() }, { QStringLiteral("user_id"), r.value(3).toString() },
                { QStringLiteral("email"), r.value(4).toString() }, { QStringLiteral("name"), r.value(5).toString() } };
            continue;
        }
        auto c = m_candidates.load(session.tenantId, r.value(2).toString());
        if (!c)
            continue; // erased or deleted learners drop out
        learners << QJsonObject { { QStringLiteral("member_id"), r.value(0).toString() }, { QStringLiteral("candidate_id"), c.value().id },
            { QStringLiteral("name"), (c.value().firstName + QLatin1Char(' ') + c.value().lastName).trimmed() },
            { QStringLiteral("profile_completion"), c.value().profileCompletion() } };
    }
    return QJsonObject { { QStringLiteral("cohort"), cohort.value() }, { QStringLiteral("mentors"), mentors }, { QStringLiteral("learners"), learners } };
}

Result<QList<QJsonObject>> CohortService::myLearners(const Session& session)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read));
    RD_TRY(notScoped(session));
    auto rows = m_ctx.db.select(QStringLiteral("SELECT DISTINCT l.candidate_id, c.name FROM cohort_members m JOIN cohort_members l ON l.cohort_id = "
                                               "m.cohort_id AND l.role = 'learner' AND l.deleted_at IS NULL JOIN cohorts c ON c.id = m.cohort_id "
                                               "AND c.deleted_at IS NULL WHERE m.user_id = ? AND m.role = 'mentor' AND m.deleted_at IS NULL AND "
                                               "m.tenant_id = ?"),
        { session.userId, session.tenantId });
    if (!rows)
        return rows.error();
    QList<QJsonObject> out;
    for (const auto& r : rows.value()) {
        auto c = m_candidates.load(session.tenantId, r.value(0).toString());
        if (!c)
            continue;
        out << QJsonObject { { QStringLiteral("candidate_id"), c.value().id }, { QStringLiteral("cohort"), r.value(1).toString() },
            { QStringLiteral("name"), (c.value().firstName + QLatin1Char(' ') + c.value().lastName).trimmed() },
            { QStringLiteral("profile_completion"), c.value().profileCompletion() } };
    }
    return out;
}

} // namespace rd
