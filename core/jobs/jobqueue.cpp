#include "jobqueue.h"

#include "auth/permissions.h"
#include "common/ids.h"
#include "common/json.h"
#include "service/context.h"

#include <QLoggingCategory>
#include <QSqlRecord>

Q_LOGGING_CATEGORY(lcJobs, "rd.core.jobs")

namespace rd {

namespace {
const QString kJobColumns = QStringLiteral("id, tenant_id, kind, idempotency_key, payload, state, attempts, max_attempts, "
                                           "next_run_at, last_error, created_at, updated_at");

JobRecord jobFrom(const QSqlRecord& r)
{
    JobRecord j;
    j.id = r.value(0).toString();
    j.tenantId = r.value(1).toString();
    j.kind = r.value(2).toString();
    j.idempotencyKey = r.value(3).toString();
    j.payload = parseObject(r.value(4).toString());
    j.state = r.value(5).toString();
    j.attempts = r.value(6).toInt();
    j.maxAttempts = r.value(7).toInt();
    j.nextRunAtMs = r.value(8).toLongLong();
    j.lastError = r.value(9).toString();
    j.createdAt = r.value(10).toString();
    j.updatedAt = r.value(11).toString();
    return j;
}

const ListSpec& jobListSpec()
{
    static const ListSpec spec { QStringLiteral("jobs"), kJobColumns, QStringLiteral("id"),
        { { QStringLiteral("kind"), QStringLiteral("kind") }, { QStringLiteral("state"), QStringLiteral("state") },
            { QStringLiteral("attempts"), QStringLiteral("attempts"), FieldSpec::Type::Integer },
            { QStringLiteral("next_run_at"), QStringLiteral("next_run_at"), FieldSpec::Type::Integer },
            { QStringLiteral("created_at"), QStringLiteral("created_at") },
            { QStringLiteral("updated_at"), QStringLiteral("updated_at") } },
        { { QStringLiteral("created_at"), true } } };
    return spec;
}
} // namespace

QJsonObject JobRecord::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("kind"), kind },
        { QStringLiteral("idempotency_key"), idempotencyKey }, { QStringLiteral("payload"), payload },
        { QStringLiteral("state"), state }, { QStringLiteral("attempts"), attempts },
        { QStringLiteral("max_attempts"), maxAttempts }, { QStringLiteral("next_run_at"), Clock::toIso(nextRunAtMs) },
        { QStringLiteral("last_error"), lastError }, { QStringLiteral("created_at"), createdAt },
        { QStringLiteral("updated_at"), updatedAt } };
}

JobQueue::JobQueue(ServiceContext& ctx)
    : m_ctx(ctx)
    , m_workerId(newUuidV7())
    , m_rng(QRandomGenerator::securelySeeded())
{
}

JobQueue::~JobQueue() { stop(); }

void JobQueue::registerHandler(const QString& kind, Handler handler)
{
    QMutexLocker lock(&m_mutex);
    m_handlers[kind] = std::move(handler);
}

qint64 JobQueue::backoffMs(int failedAttempts)
{
    const int exp = std::clamp(failedAttempts - 1, 0, 30);
    const qint64 base = std::min(kBaseDelayMs << exp, kMaxDelayMs);
    QMutexLocker lock(&m_mutex);
    const double jitter = 0.5 + 0.5 * m_rng.generateDouble();
    return std::max<qint64>(1, qint64(double(base) * jitter));
}

Result<QString> JobQueue::enqueue(const QString& tenantId, const QString& kind, const QString& key,
    const QJsonObject& payload, int maxAttempts)
{
    if (kind.isEmpty() || key.isEmpty())
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("a job needs a kind and an idempotency key"));
    const QString id = newUuidV7(m_ctx.clock.nowMs());
    const QString now = m_ctx.clock.nowIso();
    auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO jobs (id, tenant_id, kind, idempotency_key, payload, state, "
                                              "attempts, max_attempts, next_run_at, created_at, updated_at) VALUES "
                                              "(?,?,?,?,?,'pending',0,?,?,?,?) ON CONFLICT(tenant_id, idempotency_key) "
                                              "DO NOTHING"),
        { id, tenantId, kind, key, QString::fromUtf8(compactJson(payload)), maxAttempts, m_ctx.clock.nowMs(), now, now });
    if (!ins)
        return ins.error();
    if (ins.value() == 0) {
        auto existing = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM jobs WHERE tenant_id = ? AND idempotency_key = ?"),
            { tenantId, key });
        if (!existing)
            return existing.error();
        return existing.value().value(0).toString();
    }
    return id;
}

Status JobQueue::finish(const JobRecord& job, const Status& outcome)
{
    Transaction tx(m_ctx.db);
    RD_TRY(tx.status());
    const QString now = m_ctx.clock.nowIso();
    if (outcome.ok()) {
        auto u = m_ctx.db.change(QStringLiteral("UPDATE jobs SET state = 'done', attempts = ?, last_error = NULL, "
                                                "locked_by = NULL, updated_at = ? WHERE id = ?"),
            { job.attempts + 1, now, job.id });
        if (!u)
            return u.error();
    } else {
        const int attempts = job.attempts + 1;
        const bool dead = attempts >= job.maxAttempts;
        const qint64 next = dead ? job.nextRunAtMs : m_ctx.clock.nowMs() + backoffMs(attempts);
        auto u = m_ctx.db.change(QStringLiteral("UPDATE jobs SET state = ?, attempts = ?, last_error = ?, next_run_at = ?, "
                                                "locked_by = NULL, updated_at = ? WHERE id = ?"),
            { dead ? QStringLiteral("dead") : QStringLiteral("pending"), attempts,
                outcome.error().codeName() + QStringLiteral(": ") + outcome.error().message, next, now, job.id });
        if (!u)
            return u.error();
        if (dead)
            qCWarning(lcJobs) << "job" << job.id << job.kind << "dead-lettered after" << attempts << "attempts";
    }
    return tx.commit();
}

Result<int> JobQueue::runDue(int maxJobs, const QString& kind)
{
    int ran = 0;
    while (ran < maxJobs) {
        JobRecord job;
        {
            // Claim one due job atomically (several processes may share the file).
            Transaction tx(m_ctx.db);
            RD_TRY(tx.status());
            auto row = m_ctx.db.selectOne(QStringLiteral("SELECT %1 FROM jobs WHERE state = 'pending' AND next_run_at <= ? "
                                                         "AND (? = '' OR kind = ?) ORDER BY next_run_at, id LIMIT 1")
                                              .arg(kJobColumns),
                { m_ctx.clock.nowMs(), kind.isNull() ? QString(QLatin1String("")) : kind, kind.isNull() ? QString(QLatin1String("")) : kind });
            if (!row) {
                if (row.error().code == ErrorCode::NotFound)
                    break;
                return row.error();
            }
            job = jobFrom(row.value());
            auto claim = m_ctx.db.change(
                QStringLiteral("UPDATE jobs SET state = 'running', locked_by = ?, updated_at = ? WHERE id = ? AND state = 'pending'"),
                { m_workerId, m_ctx.clock.nowIso(), job.id });
            if (!claim)
                return claim.error();
            RD_TRY(tx.commit());
        }
        Handler handler;
        {
            QMutexLocker lock(&m_mutex);
            auto it = m_handlers.find(job.kind);
            if (it != m_handlers.end())
                handler = it->second;
        }
        Status outcome = handler ? handler(job)
                                 : Status(makeError(ErrorCode::NotFound, QStringLiteral("no handler for job kind %1").arg(job.kind)));
        RD_TRY(finish(job, outcome));
        ++ran;
    }
    return ran;
}

Result<int> JobQueue::recoverStale(qint64 staleMs)
{
    auto r = m_ctx.db.change(QStringLiteral("UPDATE jobs SET state = 'pending', locked_by = NULL, updated_at = ? "
                                            "WHERE state = 'running' AND updated_at < ?"),
        { m_ctx.clock.nowIso(), Clock::toIso(m_ctx.clock.nowMs() - staleMs) });
    if (!r)
        return r.error();
    if (r.value() > 0)
        qCWarning(lcJobs) << r.value() << "interrupted job(s) queued again";
    return r.value();
}

void JobQueue::start(int pollMs)
{
    if (m_running.exchange(true))
        return;
    if (auto r = recoverStale(); !r)
        qCWarning(lcJobs) << "could not recover interrupted jobs:" << r.error().message;
    m_thread = std::thread([this, pollMs] {
        while (m_running) {
            auto r = runDue();
            if (!r)
                qCWarning(lcJobs) << "job worker:" << r.error().message << r.error().details;
            QMutexLocker lock(&m_mutex);
            if (m_running)
                m_wake.wait(&m_mutex, QDeadlineTimer(pollMs));
        }
    });
}

void JobQueue::stop()
{
    if (!m_running.exchange(false))
        return;
    {
        QMutexLocker lock(&m_mutex);
        m_wake.wakeAll();
    }
    if (m_thread.joinable())
        m_thread.join();
}

void JobQueue::wake()
{
    QMutexLocker lock(&m_mutex);
    m_wake.wakeAll();
}

Result<JobRecord> JobQueue::loadJob(const QString& tenantId, const QString& id)
{
    auto r = m_ctx.db.selectOne(QStringLiteral("SELECT %1 FROM jobs WHERE id = ? AND tenant_id = ?").arg(kJobColumns),
        { id, tenantId });
    if (!r)
        return r.error().code == ErrorCode::NotFound
            ? makeError(ErrorCode::NotFound, QStringLiteral("Job not found."), { { QStringLiteral("id"), id } })
            : r.error();
    return jobFrom(r.value());
}

Result<Page<JobRecord>> JobQueue::list(const Session& session, const ListQuery& query)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Settings, Action::Read));
    auto rows = runListQuery(m_ctx.db, jobListSpec(), QStringLiteral("tenant_id = ?"), { session.tenantId }, query);
    if (!rows)
        return rows.error();
    Page<JobRecord> page;
    page.nextCursor = rows.value().nextCursor;
    for (const auto& r : rows.value().rows)
        page.items << jobFrom(r);
    return page;
}

Result<JobRecord> JobQueue::retry(const Session& session, const QString& id)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Settings, Action::Manage, id));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto job = loadJob(session.tenantId, id);
    if (!job)
        return job.error();
    if (job.value().state == QLatin1String("running") || job.value().state == QLatin1String("done"))
        return makeError(ErrorCode::Conflict, QStringLiteral("Only pending or dead jobs can be retried."),
            { { QStringLiteral("state"), job.value().state } });
    auto u = m_ctx.db.change(QStringLiteral("UPDATE jobs SET state = 'pending', attempts = 0, next_run_at = ?, updated_at = ? "
                                            "WHERE id = ?"),
        { m_ctx.clock.nowMs(), uow.now(), id });
    if (!u)
        return u.error();
    RD_TRY(uow.audit(QStringLiteral("jobs.retry"), QStringLiteral("job"), id,
        { { QStringLiteral("kind"), job.value().kind }, { QStringLiteral("previous_state"), job.value().state } }));
    RD_TRY(uow.commit());
    wake();
    return loadJob(session.tenantId, id);
}

} // namespace rd
