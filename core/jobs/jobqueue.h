#pragma once

#include "auth/session.h"
#include "common/result.h"
#include "store/listquery.h"

#include <QJsonObject>
#include <QMutex>
#include <QRandomGenerator>
#include <QWaitCondition>

#include <atomic>
#include <functional>
#include <map>
#include <thread>

namespace rd {

struct ServiceContext;

struct JobRecord {
    QString id;
    QString tenantId;
    QString kind;
    QString idempotencyKey;
    QJsonObject payload;
    QString state; // pending | running | done | dead
    int attempts = 0;
    int maxAttempts = 0;
    qint64 nextRunAtMs = 0;
    QString lastError;
    QString createdAt;
    QString updatedAt;
    QJsonObject toJson() const;
};

// Persistent background jobs. Enqueue inside a service's unit of work so the job commits or
// rolls back with the change that caused it; idempotency keys make a second enqueue a no-op.
// A failed attempt is retried after an exponential back-off with jitter; after maxAttempts
// the job is dead-lettered and waits for an explicit retry.
class JobQueue {
public:
    using Handler = std::function<Status(const JobRecord&)>;
    static constexpr qint64 kBaseDelayMs = 1000;
    static constexpr qint64 kMaxDelayMs = 60LL * 60 * 1000;
    static constexpr int kDefaultMaxAttempts = 8;

    explicit JobQueue(ServiceContext& ctx);
    ~JobQueue();

    void registerHandler(const QString& kind, Handler handler);

    // Inserts a job unless one with the same (tenant, key) exists; returns its id either way.
    Result<QString> enqueue(const QString& tenantId, const QString& kind, const QString& idempotencyKey,
        const QJsonObject& payload = {}, int maxAttempts = kDefaultMaxAttempts);

    // Runs every job due now (by the context clock), one after another, only those of `kind`
    // when given. Returns how many ran.
    Result<int> runDue(int maxJobs = 100, const QString& kind = {});

    // Jobs left 'running' by a process that died are pending again once they have not been
    // touched for staleMs. start() does this; returns how many were recovered.
    Result<int> recoverStale(qint64 staleMs = kStaleRunningMs);
    static constexpr qint64 kStaleRunningMs = 15LL * 60 * 1000;

    // Background worker thread that polls runDue(); wake() nudges it after an enqueue.
    void start(int pollMs = 1000);
    void stop();
    void wake();

    Result<Page<JobRecord>> list(const Session& session, const ListQuery& query);
    Result<JobRecord> retry(const Session& session, const QString& id);

    // Delay before attempt n+1 after n failed attempts: base * 2^(n-1), capped, times a
    // jitter factor in [0.5, 1.0] ("equal jitter").
    qint64 backoffMs(int failedAttempts);
    void seedJitter(quint32 seed) { m_rng.seed(seed); }

private:
    Result<JobRecord> loadJob(const QString& tenantId, const QString& id);
    Status finish(const JobRecord& job, const Status& outcome);

    ServiceContext& m_ctx;
    QString m_workerId;
    QMutex m_mutex;
    QWaitCondition m_wake;
    std::map<QString, Handler> m_handlers;
    QRandomGenerator m_rng;
    std::atomic<bool> m_running { false };
    std::thread m_thread;
};

} // namespace rd
