#pragma once

#include <QDateTime>

#include <atomic>

namespace rd {

// Time source for everything that decides on time (lockout, expiry, job back-off).
// Tests inject FakeClock; production uses SystemClock.
class Clock {
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
    QDateTime now() const { return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC); }
    // ISO-8601 UTC with milliseconds: sorts lexicographically in time order.
    QString nowIso() const { return toIso(nowMs()); }
    static QString toIso(qint64 ms);
    static qint64 fromIso(const QString& iso);
};

class SystemClock final : public Clock {
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
    static SystemClock& instance();
};

class FakeClock final : public Clock {
public:
    explicit FakeClock(qint64 startMs = 1'780'000'000'000) : m_ms(startMs) { }
    qint64 nowMs() const override { return m_ms.load(); }
    void setMs(qint64 ms) { m_ms = ms; }
    void advanceMs(qint64 ms) { m_ms += ms; }
    void advanceSecs(qint64 s) { m_ms += s * 1000; }

private:
    std::atomic<qint64> m_ms;
};

} // namespace rd
