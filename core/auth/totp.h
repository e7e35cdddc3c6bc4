#pragma once

#include <QByteArray>
#include <QString>

namespace rd::totp {

// RFC 6238 TOTP over RFC 4226 HOTP. algo is "SHA-1", "SHA-256" or "SHA-512".
QString hotp(const QByteArray& secret, quint64 counter, int digits = 6, const QString& algo = QStringLiteral("SHA-1"));
QString code(const QByteArray& secret, qint64 unixSeconds, int digits = 6, int period = 30,
    const QString& algo = QStringLiteral("SHA-1"));

// Checks code against the time steps now-window..now+window. Returns the matching time step,
// or -1. Steps <= lastUsedStep are refused (no replay of a code already used).
qint64 verify(const QByteArray& secret, const QString& code, qint64 unixSeconds, qint64 lastUsedStep, int window = 1,
    int digits = 6, int period = 30);

QString provisioningUri(const QString& issuer, const QString& account, const QByteArray& secret);

} // namespace rd::totp
