#include "totp.h"

#include "crypto/crypto.h"

#include <QUrl>
#include <QUrlQuery>

namespace rd::totp {

QString hotp(const QByteArray& secret, quint64 counter, int digits, const QString& algo)
{
    QByteArray msg(8, 0);
    for (int i = 7; i >= 0; --i) {
        msg[i] = char(counter & 0xFF);
        counter >>= 8;
    }
    const QByteArray mac = crypto::hmac(algo, secret, msg);
    if (mac.isEmpty())
        return {};
    const int offset = mac[mac.size() - 1] & 0x0F;
    const quint32 bin = (quint32(quint8(mac[offset]) & 0x7F) << 24) | (quint32(quint8(mac[offset + 1])) << 16)
        | (quint32(quint8(mac[offset + 2])) << 8) | quint32(quint8(mac[offset + 3]));
    quint64 mod = 1;
    for (int i = 0; i < digits; ++i)
        mod *= 10;
    return QStringLiteral("%1").arg(bin % mod, digits, 10, QLatin1Char('0'));
}

QString code(const QByteArray& secret, qint64 unixSeconds, int digits, int period, const QString& algo)
{
    return hotp(secret, quint64(unixSeconds / period), digits, algo);
}

qint64 verify(const QByteArray& secret, const QString& codeText, qint64 unixSeconds, qint64 lastUsedStep, int window,
    int digits, int period)
{
    QString c = codeText;
    c.remove(QLatin1Char(' '));
    if (c.size() != digits)
        return -1;
    const qint64 now = unixSeconds / period;
    for (qint64 step = now - window; step <= now + window; ++step) {
        if (step <= lastUsedStep || step < 0)
            continue;
        if (crypto::constantTimeEqual(hotp(secret, quint64(step), digits).toLatin1(), c.toLatin1()))
            return step;
    }
    return -1;
}

QString provisioningUri(const QString& issuer, const QString& account, const QByteArray& secret)
{
    QUrl url;
    url.setScheme(QStringLiteral("otpauth"));
    url.setHost(QStringLiteral("totp"));
    url.setPath(QLatin1Char('/') + issuer + QLatin1Char(':') + account);
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("secret"), crypto::base32Encode(secret));
    q.addQueryItem(QStringLiteral("issuer"), issuer);
    q.addQueryItem(QStringLiteral("algorithm"), QStringLiteral("SHA1"));
    q.addQueryItem(QStringLiteral("digits"), QStringLiteral("6"));
    q.addQueryItem(QStringLiteral("period"), QStringLiteral("30"));
    url.setQuery(q);
    return url.toString(QUrl::FullyEncoded);
}

} // namespace rd::totp
