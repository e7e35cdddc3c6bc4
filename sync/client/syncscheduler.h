#pragma once

#include "syncengine.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>
#include <functional>

namespace rd::sync {

// When to sync, and what the UI shows about it (docs/sync.md "When laptops sync"). Runs a
// round off the GUI thread: on a local change (after a short quiet period), periodically, when
// the network comes back, and on "sync now"; after a failure it waits with exponential
// back-off and jitter. One round at a time.
class SyncScheduler : public QObject {
    Q_OBJECT
    // not_connected | idle | syncing | offline | error | shut (the server erased this workspace or
    // took its key away: shutReason wiped or lease_ended; no more rounds)
    Q_PROPERTY(QString state READ state NOTIFY changed)
    Q_PROPERTY(QString shutReason READ shutReason NOTIFY changed)
    Q_PROPERTY(QString error READ error NOTIFY changed) // a sentence for people, when state is error/offline
    Q_PROPERTY(QString errorCode READ errorCode NOTIFY changed) // the stable code, for support
    Q_PROPERTY(QDateTime lastSyncAt READ lastSyncAt NOTIFY changed)
    Q_PROPERTY(qint64 pending READ pending NOTIFY changed)
    Q_PROPERTY(int conflicts READ conflicts NOTIFY changed)
    Q_PROPERTY(qint64 nextAttemptInMs READ nextAttemptInMs NOTIFY changed)
    // What the last renewal did, in words (this file was restored from a backup or copied and
    // carries on as a new device; docs/sync.md), with its time first; empty when none.
    Q_PROPERTY(QString notice READ notice NOTIFY changed)

public:
    struct Policy {
        int debounceMs = 2000; // after a local change
        int periodicMs = 5 * 60 * 1000;
        int backoffBaseMs = 5000;
        int backoffMaxMs = 10 * 60 * 1000;
    };
    // What the scheduler needs from the workspace: a round (run on a worker thread), the
    // pending count and open conflicts (read on the GUI thread), whether a server is set.
    struct Hooks {
        std::function<Result<SyncSummary>()> round;
        std::function<qint64()> pending;
        std::function<int()> conflicts;
        std::function<bool()> connected;
        std::function<QString()> notice = {};
    };
    SyncScheduler(Hooks hooks, Policy policy, QObject* parent = nullptr);
    // Waits for a round in flight: it uses the workspace, which may go right after (sign-out,
    // closing the app). Found when a test's workspace went while a round ran: the round then
    // locked a freed mutex and the process never ended.
    ~SyncScheduler() override;
    // How long a scheduled round waits for another round on the same workspace file.
    static constexpr int kBusyWaitMs = 2000;
    // The usual wiring: rounds through an engine for this workspace and session.
    static Hooks hooksFor(Workspace& ws, const Session& session);

    QString state() const { return m_state; }
    QString error() const { return m_error; }
    QString shutReason() const { return m_shutReason; }
    QString errorCode() const { return m_errorCode; }
    QDateTime lastSyncAt() const { return m_lastSyncAt; }
    qint64 pending() const { return m_pending; }
    int conflicts() const { return m_conflicts; }
    QString notice() const { return m_notice; }
    qint64 nextAttemptInMs() const { return m_retry.isActive() ? m_retry.remainingTime() : -1; }
    int failures() const { return m_failures; }

    // The wait before attempt n+1 after n consecutive failures: base * 2^(n-1), capped, then
    // "equal jitter" (half fixed, half random) so laptops that lost the server together do not
    // come back together.
    static qint64 backoffMs(const Policy& p, int failures, QRandomGenerator& rng);

    // Starts the periodic timer and listens for the network coming back.
    void start();
    Q_INVOKABLE void syncNow();
    // A local write: sync after the quiet period (several writes, one round).
    void localChange();
    // Re-reads pending and conflicts (after local writes).
    void refreshCounts();

signals:
    void changed();
    void roundFinished(bool ok);

private:
    void begin();
    void finished();
    void setState(const QString& state);

    Hooks m_hooks;
    Policy m_policy;
    QRandomGenerator m_rng;
    QString m_state;
    QString m_error;
    QString m_errorCode;
    QString m_shutReason;
    QDateTime m_lastSyncAt;
    qint64 m_pending = 0;
    int m_conflicts = 0;
    QString m_notice;
    int m_failures = 0;
    bool m_again = false; // a request arrived during a round
    QTimer m_debounce;
    QTimer m_periodic;
    QTimer m_retry;
    QFutureWatcher<Result<SyncSummary>> m_watcher;
};

} // namespace rd::sync
