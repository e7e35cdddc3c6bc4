#include "activityservice.h"

#include "auth/permissions.h"
#include "recruiting/candidateservice.h"
#include "recruiting/jobservice.h"
#include "service/context.h"

#include <QSqlRecord>
#include <algorithm>

namespace rd {

namespace {
QString fullName(const QSqlRecord& r, int first)
{
    return (r.value(first).toString() + QLatin1Char(' ') + r.value(first + 1).toString()).trimmed();
}
} // namespace

Result<QJsonObject> ActivityService::dashboard(
    const Session& session, const QString& dayStartUtc, const QString& dayEndUtc)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Read));
    // Jobs a scoped hiring manager may see: those assigned to them.
    const auto [jobScope, scopeBinds] = m_jobs.assignedJobsFilter(session, QStringLiteral("j.id"));
    const QVariantList binds = QVariantList { session.tenantId } + scopeBinds;

    QJsonObject out;
    {
        auto rows = m_ctx.db.select(
            QStringLiteral(
                "SELECT j.id, j.title, j.location, s.id, s.name, s.kind, (SELECT count(*) FROM applications a WHERE "
                "a.tenant_id = j.tenant_id AND a.job_id = j.id AND a.stage_id = s.id AND a.status = 'active' AND "
                "a.deleted_at IS NULL) FROM job_postings j JOIN pipeline_stages s ON s.pipeline_id = j.pipeline_id AND "
                "s.deleted_at IS NULL WHERE j.tenant_id = ? AND j.status = 'open' AND j.deleted_at IS NULL AND "
                "j.source = ''%1 ORDER BY j.title COLLATE NOCASE, j.id, s.position")
                .arg(jobScope),
            binds);
        if (!rows) return rows.error();
        QJsonArray jobs;
        QJsonObject job;
        QJsonArray stages;
        int total = 0;
        auto flush = [&] {
            if (job.isEmpty()) return;
            job.insert(QStringLiteral("stages"), stages);
            job.insert(QStringLiteral("total"), total);
            jobs << job;
        };
        for (const auto& r : rows.value()) {
            if (job.value(QStringLiteral("id")).toString() != r.value(0).toString()) {
                flush();
                job = { { QStringLiteral("id"), r.value(0).toString() },
                    { QStringLiteral("title"), r.value(1).toString() },
                    { QStringLiteral("location"), r.value(2).toString() } };
                stages = {};
                total = 0;
            }
            const int n = r.value(6).toInt();
            total += n;
            stages << QJsonObject { { QStringLiteral("id"), r.value(3).toString() },
                { QStringLiteral("name"), r.value(4).toString() }, { QStringLiteral("kind"), r.value(5).toString() },
                { QStringLiteral("count"), n } };
        }
        flush();
        out.insert(QStringLiteral("jobs"), jobs);
    }
    if (m_ctx.authz.can(session, Resource::Interview, Action::Read)) {
        // The reader's interviews today: as an interviewer, or the ones they planned.
        auto rows = m_ctx.db.select(
            QStringLiteral(
                "SELECT i.id, i.starts_at, i.time_zone, c.id, c.first_name, c.last_name, j.title, i.location, "
                "i.duration_min FROM interviews i JOIN applications a ON a.id = i.application_id JOIN candidates c ON "
                "c.id = a.candidate_id JOIN job_postings j ON j.id = a.job_id WHERE i.tenant_id = ? AND "
                "i.deleted_at IS NULL AND i.status = 'scheduled' AND i.starts_at >= ? AND i.starts_at < ? AND "
                "(i.created_by = ? OR EXISTS (SELECT 1 FROM interviewers v WHERE v.interview_id = i.id AND "
                "v.user_id = ? AND v.deleted_at IS NULL)) ORDER BY i.starts_at"),
            { session.tenantId, dayStartUtc, dayEndUtc, session.userId, session.userId });
        if (!rows) return rows.error();
        QJsonArray list;
        for (const auto& r : rows.value())
            list << QJsonObject { { QStringLiteral("id"), r.value(0).toString() },
                { QStringLiteral("starts_at"), r.value(1).toString() },
                { QStringLiteral("time_zone"), r.value(2).toString() },
                { QStringLiteral("candidate_id"), r.value(3).toString() },
                { QStringLiteral("candidate"), fullName(r, 4) }, { QStringLiteral("job"), r.value(6).toString() },
                { QStringLiteral("location"), r.value(7).toString() },
                { QStringLiteral("duration_min"), r.value(8).toInt() } };
        out.insert(QStringLiteral("interviews_today"), list);
    }
    if (m_ctx.authz.can(session, Resource::Application, Action::Read)) {
        const QString from
            = QStringLiteral(
                  "FROM applications a JOIN pipeline_stages s ON s.id = a.stage_id JOIN job_postings j ON "
                  "j.id = a.job_id JOIN candidates c ON c.id = a.candidate_id WHERE a.tenant_id = ? AND "
                  "a.deleted_at IS NULL AND a.status = 'active' AND s.kind = 'applied' AND j.status = 'open' "
                  "AND j.deleted_at IS NULL")
            + jobScope;
        auto count = m_ctx.db.selectOne(QStringLiteral("SELECT count(*) ") + from, binds);
        if (!count) return count.error();
        auto rows
            = m_ctx.db.select(QStringLiteral("SELECT a.id, c.id, c.first_name, c.last_name, j.title, a.applied_at ")
                    + from + QStringLiteral(" ORDER BY a.applied_at, a.id LIMIT 8"),
                binds);
        if (!rows) return rows.error();
        QJsonArray items;
        for (const auto& r : rows.value())
            items << QJsonObject { { QStringLiteral("application_id"), r.value(0).toString() },
                { QStringLiteral("candidate_id"), r.value(1).toString() },
                { QStringLiteral("candidate"), fullName(r, 2) }, { QStringLiteral("job"), r.value(4).toString() },
                { QStringLiteral("applied_at"), r.value(5).toString() } };
        out.insert(QStringLiteral("waiting"),
            QJsonObject {
                { QStringLiteral("count"), count.value().value(0).toInt() }, { QStringLiteral("items"), items } });
    }
    {
        // Recent activity: the workspace's latest audit entries for those who may read the
        // audit log, otherwise the reader's own.
        const bool all = m_ctx.authz.can(session, Resource::Audit, Action::Read);
        auto rows = m_ctx.db.select(
            QStringLiteral(
                "SELECT l.created_at, l.action, l.resource_type, coalesce(l.resource_id, ''), "
                "coalesce(nullif(trim(u.given_name "
                "|| ' ' || u.family_name), ''), u.email, ''), l.outcome FROM audit_log l LEFT JOIN users u ON u.id = "
                "l.user_id WHERE l.tenant_id = ? "
                "AND l.action NOT LIKE 'auth.%' AND l.action NOT LIKE 'sync.%'%1 ORDER BY l.seq DESC LIMIT 12")
                .arg(all ? QString() : QStringLiteral(" AND l.user_id = ?")),
            all ? QVariantList { session.tenantId } : QVariantList { session.tenantId, session.userId });
        if (!rows) return rows.error();
        QJsonArray list;
        for (const auto& r : rows.value())
            list << QJsonObject { { QStringLiteral("at"), r.value(0).toString() },
                { QStringLiteral("action"), r.value(1).toString() },
                { QStringLiteral("resource_type"), r.value(2).toString() },
                { QStringLiteral("resource_id"), r.value(3).toString() },
                { QStringLiteral("user"), r.value(4).toString() },
                { QStringLiteral("outcome"), r.value(5).toString() } };
        out.insert(QStringLiteral("activity"), list);
    }
    return out;
}

Result<QJsonArray> ActivityService::timeline(const Session& session, const QString& candidateKey)
{
    auto cand = m_candidates.get(session, candidateKey); // candidate.read and existence
    if (!cand) return cand.error();
    const QString id = cand.value().id;
    const auto [jobScope, scopeBinds] = m_jobs.assignedJobsFilter(session, QStringLiteral("a.job_id"));
    const QVariantList binds = QVariantList { session.tenantId, id } + scopeBinds;
    QList<QJsonObject> items;
    auto add = [&items](const QString& at, const QString& kind, const QString& title, const QString& detail,
                   const QString& by, const QString& ref) {
        items << QJsonObject { { QStringLiteral("at"), at }, { QStringLiteral("kind"), kind },
            { QStringLiteral("title"), title }, { QStringLiteral("detail"), detail }, { QStringLiteral("by"), by },
            { QStringLiteral("ref"), ref } };
    };
    const QString userName = QStringLiteral("coalesce((SELECT coalesce(nullif(trim(given_name || ' ' || family_name), "
                                            "''), email) FROM users WHERE id = %1), '')");
    const bool apps = m_ctx.authz.can(session, Resource::Application, Action::Read);
    if (apps) {
        // Applications and every stage move (the first move is the application itself).
        auto rows = m_ctx.db.select(
            QStringLiteral(
                "SELECT h.moved_at, h.from_stage_id IS NULL, j.title, s.name, f.name, h.status, %1, a.id FROM "
                "stage_history h "
                "JOIN applications a ON a.id = h.application_id JOIN job_postings j ON j.id = a.job_id JOIN "
                "pipeline_stages s ON s.id = h.to_stage_id LEFT JOIN pipeline_stages f ON f.id = h.from_stage_id WHERE "
                "a.tenant_id = ? AND a.candidate_id = ? AND h.deleted_at IS NULL%2")
                .arg(userName.arg(QStringLiteral("h.moved_by")), jobScope),
            binds);
        if (!rows) return rows.error();
        for (const auto& r : rows.value()) {
            if (r.value(1).toBool())
                add(r.value(0).toString(), QStringLiteral("application"), r.value(2).toString(), r.value(3).toString(),
                    r.value(6).toString(), r.value(7).toString());
            else
                add(r.value(0).toString(), QStringLiteral("stage_move"), r.value(2).toString(),
                    r.value(4).toString() + QStringLiteral(" → ") + r.value(3).toString(), r.value(6).toString(),
                    r.value(7).toString());
        }
    }
    if (m_ctx.authz.can(session, Resource::Interview, Action::Read) && apps) {
        auto rows = m_ctx.db.select(
            QStringLiteral(
                "SELECT i.starts_at, j.title, i.status, i.location, %1, i.id FROM interviews i JOIN applications a ON "
                "a.id = i.application_id JOIN job_postings j ON j.id = a.job_id WHERE a.tenant_id = ? AND "
                "a.candidate_id = ? AND i.deleted_at IS NULL%2")
                .arg(userName.arg(QStringLiteral("i.created_by")), jobScope),
            binds);
        if (!rows) return rows.error();
        for (const auto& r : rows.value())
            add(r.value(0).toString(), QStringLiteral("interview"), r.value(1).toString(),
                r.value(3).toString().isEmpty() ? r.value(2).toString()
                                                : r.value(2).toString() + QStringLiteral(" · ") + r.value(3).toString(),
                r.value(4).toString(), r.value(5).toString());
    }
    {
        // Notes on the candidate, and on their applications the reader may see.
        const QVariantList noteBinds = QVariantList { session.tenantId, id, id } + scopeBinds;
        auto rows = m_ctx.db.select(
            QStringLiteral(
                "SELECT n.created_at, n.body, %1, n.id FROM notes n WHERE n.tenant_id = ? AND n.deleted_at IS NULL AND "
                "((n.subject_type = 'candidate' AND n.subject_id = ?) OR (n.subject_type = 'application' AND "
                "n.subject_id IN "
                "(SELECT a.id FROM applications a WHERE a.tenant_id = n.tenant_id AND a.candidate_id = ?%2)))")
                .arg(userName.arg(QStringLiteral("n.created_by")), jobScope),
            noteBinds);
        if (!rows) return rows.error();
        for (const auto& r : rows.value())
            add(r.value(0).toString(), QStringLiteral("note"),
                r.value(1).toString().section(QLatin1Char('\n'), 0, 0).left(120), r.value(1).toString(),
                r.value(2).toString(), r.value(3).toString());
    }
    if (m_ctx.authz.can(session, Resource::Outreach, Action::Read)) {
        auto rows = m_ctx.db.select(QStringLiteral("SELECT o.created_at, o.channel, o.subject, o.status, %1, o.id FROM "
                                                   "outreach_intents o WHERE o.tenant_id = ? "
                                                   "AND o.candidate_id = ? AND o.deleted_at IS NULL")
                                        .arg(userName.arg(QStringLiteral("o.created_by"))),
            { session.tenantId, id });
        if (!rows) return rows.error();
        for (const auto& r : rows.value())
            add(r.value(0).toString(), QStringLiteral("outreach"), r.value(2).toString(),
                r.value(1).toString() + QStringLiteral(" · ") + r.value(3).toString(), r.value(4).toString(),
                r.value(5).toString());
    }
    {
        // The candidate's own audit entries (created, updated, merged, consent, exports).
        auto rows = m_ctx.db.select(
            QStringLiteral(
                "SELECT l.created_at, l.action, l.outcome, %1, l.id FROM audit_log l WHERE l.tenant_id = ? AND "
                "l.resource_type = 'candidate' AND l.resource_id = ? ORDER BY l.seq")
                .arg(userName.arg(QStringLiteral("l.user_id"))),
            { session.tenantId, id });
        if (!rows) return rows.error();
        for (const auto& r : rows.value())
            add(r.value(0).toString(), QStringLiteral("audit"), r.value(1).toString(), r.value(2).toString(),
                r.value(3).toString(), r.value(4).toString());
    }
    std::stable_sort(items.begin(), items.end(), [](const QJsonObject& a, const QJsonObject& b) {
        return a.value(QStringLiteral("at")).toString() > b.value(QStringLiteral("at")).toString();
    });
    QJsonArray out;
    for (const QJsonObject& o : std::as_const(items))
        out << o;
    return out;
}

} // namespace rd
