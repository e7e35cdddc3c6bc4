#include "outbound.h"

#include "serversettings.h"

#include <QEventLoop>
#include <QHostInfo>
#include <QTimer>

namespace rd::server::outbound {

namespace {
const Subnets& blocked()
{
    static const Subnets list = [] {
        Subnets s;
        for (const char* net : { "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
                 "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15",
                 "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
                 // IPv6: unspecified, loopback and IPv4-compatible (::/96), IPv4-mapped, NAT64, discard,
                 // Teredo and 6to4 (both carry an IPv4 address), documentation, unique local,
                 // link-local, multicast.
                 "::/96", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/32", "2001:db8::/32", "2002::/16",
                 "fc00::/7", "fe80::/10", "ff00::/8" })
            s << QHostAddress::parseSubnet(QString::fromLatin1(net));
        return s;
    }();
    return list;
}

bool inAny(const QHostAddress& a, const Subnets& subnets)
{
    return std::any_of(subnets.begin(), subnets.end(), [&](const auto& s) { return a.isInSubnet(s); });
}

// The name's addresses, or none when it cannot be resolved within TIMEOUTMS (a name server
// that never answers must not hold a dispatcher pass or a worker for long).
QList<QHostAddress> resolve(const QString& host, int timeoutMs)
{
    QEventLoop loop;
    QList<QHostAddress> found;
    bool answered = false;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    const int lookup = QHostInfo::lookupHost(host, &loop, [&](const QHostInfo& info) {
        answered = true;
        if (info.error() == QHostInfo::NoError) found = info.addresses();
        loop.quit();
    });
    timer.start(timeoutMs);
    if (!answered) loop.exec();
    if (!answered) QHostInfo::abortHostLookup(lookup);
    return found;
}

Error refused(const QString& why)
{
    return Error { ErrorCode::ValidationFailed, why, { { QStringLiteral("reason"), QStringLiteral("outbound_refused") } } };
}
} // namespace

QHostAddress plain(const QHostAddress& a)
{
    bool v4 = false;
    const quint32 ip = a.toIPv4Address(&v4); // ::ffff:a.b.c.d is a.b.c.d
    return v4 ? QHostAddress(ip) : a;
}

bool isPublic(const QHostAddress& address)
{
    const QHostAddress a = plain(address);
    return !a.isNull() && !inAny(a, blocked());
}

Result<Subnets> parseAllowed(const QString& text)
{
    Subnets list;
    for (const QString& item : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(item.trimmed());
        if (subnet.first.isNull())
            return Error { ErrorCode::ValidationFailed,
                QStringLiteral("outbound.allow: %1 is not an address or ADDRESS/BITS.").arg(item.trimmed()),
                { { QStringLiteral("field"), QStringLiteral("value") } } };
        list << subnet;
    }
    return list;
}

Result<Target> check(const QUrl& url, const Subnets& allowed, int timeoutMs)
{
    if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        || url.host().isEmpty())
        return refused(QStringLiteral("Only http(s) addresses are called."));
    QList<QHostAddress> addresses;
    const QHostAddress literal(url.host());
    if (!literal.isNull()) {
        addresses << literal;
    } else {
        addresses = resolve(url.host(), timeoutMs);
        if (addresses.isEmpty()) return refused(QStringLiteral("%1 cannot be resolved (in time).").arg(url.host()));
    }
    for (const QHostAddress& a : std::as_const(addresses))
        if (!isPublic(a) && !inAny(plain(a), allowed))
            return refused(QStringLiteral("%1 is a private, loopback or link-local address (%2); the server's admin may "
                                          "allow it with the setting outbound.allow.")
                               .arg(url.host(), plain(a).toString()));
    Target t { url, {} };
    if (url.scheme() == QLatin1String("http") && literal.isNull()) {
        // The request goes to the address just checked, not to a second lookup.
        // The name and port only (a URL's user info is no part of the Host header).
        t.host = (url.host(QUrl::FullyEncoded) + (url.port() >= 0 ? QStringLiteral(":%1").arg(url.port()) : QString())).toUtf8();
        const QHostAddress first = plain(addresses.first());
        t.url.setHost(first.toString());
    }
    return t;
}

HttpResult post(ServerSettings& settings, const QUrl& url, const QByteArray& contentType, const QByteArray& body,
    QList<QPair<QByteArray, QByteArray>> headers, int timeoutMs)
{
    HttpResult out;
    auto allowText = settings.get(QStringLiteral("outbound.allow"));
    auto allowed = allowText ? parseAllowed(allowText.value()) : Result<Subnets>(allowText.error());
    auto target = allowed ? check(url, allowed.value(), timeoutMs) : Result<Target>(allowed.error());
    if (!target) {
        out.refused = true;
        out.error = target.error().message;
        return out;
    }
    if (!target.value().host.isEmpty()) headers.prepend({ QByteArrayLiteral("Host"), target.value().host });
    return blockingPost(target.value().url, contentType, body, headers, timeoutMs);
}

} // namespace rd::server::outbound
