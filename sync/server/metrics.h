#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

namespace rd::server {

// Request counters and latencies in the Prometheus text format (/metrics). Thread-safe.
class Metrics {
public:
    void request(const QString& route, const QString& method, int status, double seconds);
    void add(const QString& counter, double value = 1); // rd_<counter>_total
    void set(const QString& gauge, double value); // rd_<gauge>
    QByteArray render() const;

private:
    struct Latency {
        double sum = 0;
        quint64 count = 0;
        quint64 buckets[8] = {};
    };
    mutable QMutex m_mutex;
    QHash<QString, quint64> m_requests; // "route|method|status"
    QHash<QString, Latency> m_latency; // route
    QHash<QString, double> m_counters;
    QHash<QString, double> m_gauges;
};

} // namespace rd::server
