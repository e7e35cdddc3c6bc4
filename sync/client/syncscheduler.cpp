#include "syncscheduler.h"

#include <QCoreApplication>
#include <QLocale>

#include <QNetworkInformation>
#include <QtConcurrent>

namespace rd::sync {

SyncScheduler::SyncScheduler(Hooks hooks, Policy policy, QObject* parent)
    : QObject(parent)
    , m_hooks(std::move(hooks))
    , m_policy(policy)
    , m_rng(QRandomGenerator::securelySeeded())
{
    m_debounce.setSingleShot(true);
    m_retry.setSingleShot(true);
    connect(&m_debounce, &QTimer::timeout, this, &SyncScheduler::begin);
    connect(&m_retry, &QTimer::timeout, this, &SyncScheduler::begin);
    connect(&m_periodic, &QTimer::timeout, this, &SyncScheduler::begin);
    connect(&m_watcher, &QFutureWatcher<Result<SyncSummary>>::finished, this, &SyncScheduler::finished);
    m_state = m_hooks.connected() ? QStringLiteral("idle") : QStringLiteral("not_connected");
    refreshCounts();
}

SyncScheduler::~SyncScheduler()
{
    m_debounce.stop();
    m_retry.stop();
    m_periodic.stop();
    disconnect(&m_watcher, nullptr, this, nullptr);
    m_watcher.waitForFinished();
}

SyncScheduler::Hooks SyncScheduler::hooksFor(Workspace& ws, const Session& session)
{
    Hooks h;
    h.round = [&ws, session] {
        // The desktop does not queue behind another round on the file (the CLI's, say): it tries
        // again later, so signing out or closing never waits for someone else's round.
        SyncEngine engine(ws, session);
        engine.setRoundWaitMs(kBusyWaitMs);
        return engine.syncOnce();
    };
    h.pending = [&ws, session] { return SyncEngine(ws, session).pendingCount(); };
    h.conflicts = [&ws, session] {
        auto c = SyncEngine(ws, session).conflicts();
        return c ? int(c.value().size()) : 0;
    };
    h.connected = [&ws, session] { return !SyncEngine(ws, session).server().isEmpty(); };
    h.notice = [&ws] {
        // Rows from the server this file cannot hold (SyncEngine::applyPage) come first.
        QString aside;
        if (auto n = ws.db().selectOne(QStringLiteral("SELECT count(DISTINCT entity || '/' || row_id) FROM sync_unapplied"));
            n && n.value().value(0).toInt() > 0)
            aside = QCoreApplication::translate("SyncScheduler",
                "%n record(s) from the sync server could not be stored in this workspace and wait; syncing goes on. "
                "Tell your administrator (the sync log names them).", nullptr, n.value().value(0).toInt());
        // Stored as "TIME TEXT": shown with the time in the user's locale.
        auto n = ws.db().meta(QStringLiteral("sync_notice"));
        if (!n || n.value().isEmpty()) return aside;
        const QString time = n.value().section(QLatin1Char(' '), 0, 0), text = n.value().section(QLatin1Char(' '), 1);
        const QDateTime at = QDateTime::fromString(time, Qt::ISODateWithMs);
        const QString said = at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) + QStringLiteral(": ") + text
                                          : n.value();
        return aside.isEmpty() ? said : aside + QLatin1Char('\n') + said;
    };
    return h;
}

qint64 SyncScheduler::backoffMs(const Policy& p, int failures, QRandomGenerator& rng)
{
    if (failures <= 0) return 0;
    const qint64 exp = qint64(p.backoffBaseMs) << qMin(failures - 1, 20);
    const qint64 capped = qMin<qint64>(exp, p.backoffMaxMs);
    return capped / 2 + qint64(rng.bounded(quint32(capped / 2 + 1)));
}

void SyncScheduler::start()
{
    if (m_policy.periodicMs > 0) m_periodic.start(m_policy.periodicMs);
    // Network regain: a round as soon as the system says we are online again.
    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability r) {
                if (r == QNetworkInformation::Reachability::Online
                    && (m_state == QLatin1String("offline") || m_state == QLatin1String("error")))
                    syncNow();
            });
    }
}

void SyncScheduler::syncNow()
{
    m_debounce.stop();
    m_retry.stop();
    begin();
}

void SyncScheduler::localChange()
{
    refreshCounts();
    // During back-off the change waits for the next attempt; otherwise after the quiet period.
    if (!m_retry.isActive()) m_debounce.start(m_policy.debounceMs);
}

void SyncScheduler::refreshCounts()
{
    const qint64 pending = m_hooks.pending();
    const int conflicts = m_hooks.conflicts();
    const QString notice = m_hooks.notice ? m_hooks.notice() : QString();
    if (pending != m_pending || conflicts != m_conflicts || notice != m_notice) {
        m_pending = pending;
        m_conflicts = conflicts;
        m_notice = notice;
        emit changed();
    }
}

void SyncScheduler::setState(const QString& state)
{
    m_state = state;
    emit changed();
}

void SyncScheduler::begin()
{
    if (!m_shutReason.isEmpty()) return;
    if (m_watcher.isRunning()) {
        m_again = true;
        return;
    }
    if (!m_hooks.connected()) {
        setState(QStringLiteral("not_connected"));
        return;
    }
    setState(QStringLiteral("syncing"));
    m_watcher.setFuture(QtConcurrent::run(m_hooks.round));
}

void SyncScheduler::finished()
{
    const Result<SyncSummary> r = m_watcher.result();
    if (r) {
        m_failures = 0;
        m_error.clear();
        m_errorCode.clear();
        m_lastSyncAt = QDateTime::currentDateTimeUtc();
        m_state = QStringLiteral("idle");
    } else {
        ++m_failures;
        m_error = r.error().message;
        m_errorCode = r.error().codeName();
        // Unreachable is "offline" (it will pass); anything else is an error to show.
        m_state = r.error().code == ErrorCode::Unavailable ? QStringLiteral("offline") : QStringLiteral("error");
        // The server erased this workspace or took its key away (decision 0024): no more rounds.
        const QString reason = r.error().details.value(QStringLiteral("reason")).toString();
        if (reason == QLatin1String("wiped") || reason == QLatin1String("lease_ended")) {
            m_state = QStringLiteral("shut");
            m_shutReason = reason;
            m_debounce.stop();
            m_periodic.stop();
            m_retry.stop();
            m_again = false;
        }
        // Sign-in problems wait for the user, not for a timer.
        if (r.error().code != ErrorCode::AuthFailed && r.error().code != ErrorCode::PermissionDenied)
            m_retry.start(int(backoffMs(m_policy, m_failures, m_rng)));
    }
    refreshCounts();
    emit changed();
    emit roundFinished(r.ok());
    if (m_again) {
        m_again = false;
        if (r) m_debounce.start(0);
    }
}

} // namespace rd::sync
