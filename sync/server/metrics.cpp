#include "metrics.h"

#include <QLocale>
#include <QStringList>
#include <algorithm>
#include <cmath>

namespace rd::server {

namespace {
constexpr double kBuckets[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5 };

QString label(const QString& value)
{
    QString v = value;
    v.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('"'), QLatin1String("\\\""))
        .replace(QLatin1Char('\n'), QLatin1String("\\n"));
    return v;
}
// A value as Prometheus reads it back exactly: whole numbers in full (QString::arg(double)
// printed 1234567890 as 1.23457e+09), others in the shortest form that reads back as the same double.
QString exact(double v)
{
    constexpr double kWhole = 9007199254740992.0; // 2^53: every integer below is a double
    if (v == std::floor(v) && std::abs(v) <= kWhole) return QString::number(qint64(v));
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}
} // namespace

void Metrics::request(const QString& route, const QString& method, int status, double seconds)
{
    QMutexLocker lock(&m_mutex);
    ++m_requests[route + QLatin1Char('|') + method + QLatin1Char('|') + QString::number(status)];
    Latency& l = m_latency[route];
    l.sum += seconds;
    ++l.count;
    for (size_t i = 0; i < std::size(kBuckets); ++i)
        if (seconds <= kBuckets[i]) ++l.buckets[i];
}

void Metrics::add(const QString& counter, double value)
{
    QMutexLocker lock(&m_mutex);
    m_counters[counter] += value;
}

void Metrics::set(const QString& gauge, double value)
{
    QMutexLocker lock(&m_mutex);
    m_gauges[gauge] = value;
}

QByteArray Metrics::render() const
{
    QMutexLocker lock(&m_mutex);
    QStringList out;
    out << QStringLiteral("# HELP rd_http_requests_total HTTP requests by route, method and status.")
        << QStringLiteral("# TYPE rd_http_requests_total counter");
    QStringList keys = m_requests.keys();
    std::sort(keys.begin(), keys.end());
    for (const QString& k : std::as_const(keys)) {
        const QStringList p = k.split(QLatin1Char('|'));
        out << QStringLiteral("rd_http_requests_total{route=\"%1\",method=\"%2\",status=\"%3\"} %4")
                   .arg(label(p[0]), label(p[1]), p[2])
                   .arg(m_requests.value(k));
    }
    out << QStringLiteral("# HELP rd_http_request_duration_seconds HTTP request latency by route.")
        << QStringLiteral("# TYPE rd_http_request_duration_seconds histogram");
    QStringList routes = m_latency.keys();
    std::sort(routes.begin(), routes.end());
    for (const QString& r : std::as_const(routes)) {
        const Latency& l = m_latency[r];
        for (size_t i = 0; i < std::size(kBuckets); ++i)
            out << QStringLiteral("rd_http_request_duration_seconds_bucket{route=\"%1\",le=\"%2\"} %3")
                       .arg(label(r))
                       .arg(kBuckets[i])
                       .arg(l.buckets[i]);
        out << QStringLiteral("rd_http_request_duration_seconds_bucket{route=\"%1\",le=\"+Inf\"} %2")
                   .arg(label(r))
                   .arg(l.count)
            << QStringLiteral("rd_http_request_duration_seconds_sum{route=\"%1\"} %2")
                   .arg(label(r))
                   .arg(l.sum, 0, 'f', 6)
            << QStringLiteral("rd_http_request_duration_seconds_count{route=\"%1\"} %2").arg(label(r)).arg(l.count);
    }
    QStringList counters = m_counters.keys();
    std::sort(counters.begin(), counters.end());
    for (const QString& c : std::as_const(counters))
        out << QStringLiteral("# TYPE rd_%1_total counter").arg(c)
            << QStringLiteral("rd_%1_total %2").arg(c, exact(m_counters[c]));
    QStringList gauges = m_gauges.keys();
    std::sort(gauges.begin(), gauges.end());
    for (const QString& g : std::as_const(gauges))
        out << QStringLiteral("# TYPE rd_%1 gauge").arg(g) << QStringLiteral("rd_%1 %2").arg(g, exact(m_gauges[g]));
    return (out.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
}

} // namespace rd::server
