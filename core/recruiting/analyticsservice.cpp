#include "analyticsservice.h"

#include "auth/permissions.h"
#include "common/clock.h"
#include "recruiting/jobservice.h"
#include "service/context.h"

#include <QHash>
#include <QSqlRecord>

#include <algorithm>

namespace rd {

namespace {

double median(QList<double> v)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    const qsizetype n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}
} // namespace

Result<QJsonArray> AnalyticsService::funnel(const Session& session, const QString& jobKey)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Report, Action::Read));
    QJsonArray out;
    // A hiring manager's figures cover their assigned jobs only.
    const auto [jobScope, scopeBinds] = m_jobs.assignedJobsFilter(session, QStringLiteral("a.job_id"));
    if (!jobKey.isEmpty()) {
        auto job = m_jobs.get(session, jobKey);
        if (!job)
            return job.error();
        qint64 previous = -1;
        for (const Stage& s : job.value().stages) {
            auto reached = m_ctx.db.selectOne(QStringLiteral("SELECT COUNT(DISTINCT h.application_id) FROM stage_history h JOIN applications a ON "
                                                             "a.id = h.application_id WHERE h.tenant_id = ? AND h.to_stage_id = ? AND a.deleted_at IS NULL"),
                { session.tenantId, s.id });
            auto current = m_ctx.db.selectOne(QStringLiteral("SELECT COUNT(*) FROM applications WHERE tenant_id = ? AND stage_id = ? AND deleted_at IS NULL"),
                { session.tenantId, s.id });
            if (!reached || !current)
                return !reached ? reached.error() : current.error();
            const qint64 n = reached.value().value(0).toLongLong();
            QJsonObject row { { QStringLiteral("stage"), s.name }, { QStringLiteral("kind"), s.kind }, { QStringLiteral("reached"), n },
                { QStringLiteral("current"), current.value().value(0).toLongLong() } };
            if (s.kind != QLatin1String("rejected")) {
                if (previous > 0)
                    row.insert(QStringLiteral("conversion"), double(n) / double(previous));
                previous = n;
            }
            out << row;
        }
        return out;
    }
    auto rows = m_ctx.db.select(QStringLiteral("SELECT s.kind, COUNT(DISTINCT h.application_id) FROM stage_history h JOIN pipeline_stages s ON "
                                               "s.id = h.to_stage_id JOIN applications a ON a.id = h.application_id WHERE h.tenant_id = ? AND "
                                               "a.deleted_at IS NULL%1 GROUP BY s.kind").arg(jobScope),
        QVariantList { session.tenantId } + scopeBinds);
    if (!rows)
        return rows.error();
    QHash<QString, qint64> reached;
    for (const auto& r : rows.value())
        reached.insert(r.value(0).toString(), r.value(1).toLongLong());
    qint64 previous = -1;
    for (const QString& kind : PipelineService::stageKinds()) {
        const qint64 n = reached.value(kind);
        QJsonObject row { { QStringLiteral("kind"), kind }, { QStringLiteral("reached"), n } };
        if (kind != QLatin1String("rejected")) {
            if (previous > 0)
                row.insert(QStringLiteral("conversion"), double(n) / double(previous));
            previous = n;
        }
        out << row;
    }
    return out;
}

Result<QJsonArray> AnalyticsService::timeInStage(const Session& session, const QString& jobKey)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Report, Action::Read));
    QString sql = QStringLiteral("SELECT h.application_id, s.name, s.kind, h.moved_at FROM stage_history h JOIN pipeline_stages s ON "
                                 "s.id = h.to_stage_id JOIN applications a ON a.id = h.application_id WHERE h.tenant_id = ? AND a.deleted_at IS NULL");
    QVariantList binds { session.tenantId };
    const auto [jobScope, scopeBinds] = m_jobs.assignedJobsFilter(session, QStringLiteral("a.job_id"));
    sql += jobScope;
    binds += scopeBinds;
    if (!jobKey.isEmpty()) {
        auto job = m_jobs.get(session, jobKey);
        if (!job)
            return job.error();
        sql += QStringLiteral(" AND a.job_id = ?");
        binds << job.value().id;
    }
    sql += QStringLiteral(" ORDER BY h.application_id, h.moved_at, h.id");
    auto rows = m_ctx.db.select(sql, binds);
    if (!rows)
        return rows.error();
    QHash<QString, QList<double>> hours; // stage key -> durations
    QStringList order;
    const bool byName = !jobKey.isEmpty();
    for (qsizetype i = 0; i + 1 < rows.value().size(); ++i) {
        const QSqlRecord& cur = rows.value()[i];
        const QSqlRecord& next = rows.value()[i + 1];
        if (cur.value(0) != next.value(0))
            continue;
        const QString key = byName ? cur.value(1).toString() : cur.value(2).toString();
        if (!order.contains(key))
            order << key;
        hours[key] << double(Clock::fromIso(next.value(3).toString()) - Clock::fromIso(cur.value(3).toString())) / 3'600'000.0;
    }
    if (!byName)
        std::sort(order.begin(), order.end(), [kinds = PipelineService::stageKinds()](const QString& a, const QString& b) {
            return kinds.indexOf(a) < kinds.indexOf(b);
        });
    QJsonArray out;
    for (const QString& key : order)
        out << QJsonObject { { byName ? QStringLiteral("stage") : QStringLiteral("kind"), key },
            { QStringLiteral("median_hours"), median(hours.value(key)) }, { QStringLiteral("moves"), int(hours.value(key).size()) } };
    return out;
}

Result<QJsonArray> AnalyticsService::bySource(const Session& session)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Report, Action::Read));
    const auto [jobScope, scopeBinds] = m_jobs.assignedJobsFilter(session, QStringLiteral("a.job_id"));
    auto rows = m_ctx.db.select(QStringLiteral("SELECT a.source, COUNT(*), SUM(a.status = 'hired') FROM applications a WHERE "
                                               "a.tenant_id = ? AND a.deleted_at IS NULL%1 GROUP BY a.source ORDER BY COUNT(*) DESC, "
                                               "a.source")
                                    .arg(jobScope),
        QVariantList { session.tenantId } + scopeBinds);
    if (!rows)
        return rows.error();
    QJsonArray out;
    for (const auto& r : rows.value())
        out << QJsonObject { { QStringLiteral("source"), r.value(0).toString() }, { QStringLiteral("applications"), r.value(1).toLongLong() },
            { QStringLiteral("hired"), r.value(2).toLongLong() } };
    return out;
}

Result<QJsonArray> AnalyticsService::byWeek(const Session& session)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Report, Action::Read));
    const auto [jobScope, scopeBinds] = m_jobs.assignedJobsFilter(session, QStringLiteral("a.job_id"));
    auto rows = m_ctx.db.select(
        QStringLiteral("SELECT a.applied_at FROM applications a WHERE a.tenant_id = ? AND a.deleted_at IS NULL%1").arg(jobScope),
        QVariantList { session.tenantId } + scopeBinds);
    if (!rows)
        return rows.error();
    QMap<QString, qint64> weeks;
    for (const auto& r : rows.value()) {
        const QDate d = QDateTime::fromMSecsSinceEpoch(Clock::fromIso(r.value(0).toString()), Qt::UTC).date();
        int year = 0;
        const int week = d.weekNumber(&year);
        weeks[QStringLiteral("%1-W%2").arg(year).arg(week, 2, 10, QLatin1Char('0'))]++;
    }
    QJsonArray out;
    for (auto it = weeks.begin(); it != weeks.end(); ++it)
        out << QJsonObject { { QStringLiteral("week"), it.key() }, { QStringLiteral("applications"), it.value() } };
    return out;
}

} // namespace rd
