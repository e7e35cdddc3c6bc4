#pragma once

#include "common/result.h"

#include <QHostAddress>
#include <QMap>
#include <QString>

namespace rd::server {

// Where the server's PostgreSQL database is: postgresql://USER[:PASSWORD]@HOST[:PORT]/DB
// (a password may also come from RECRUITDESK_PG_PASSWORD, which keeps it out of the file).
struct PgUrl {
    QString user;
    QString password;
    QString host = QStringLiteral("127.0.0.1");
    int port = 5432;
    QString database;
    static Result<PgUrl> parse(const QString& url);
    QString toString() const; // without the password
};

// The server's configuration (docs/server-admin.md): an INI file, then environment
// variables, then command-line flags, each overriding the one before.
//
//   [database]  url = postgresql://recruitdesk@127.0.0.1:5432/recruitdesk
//   [http]      listen = 127.0.0.1:8080     tls_certificate = ...   tls_key = ...
//               trusted_proxies = 127.0.0.1/8, ::1   (whose X-Forwarded-For is believed; "none")
//   [server]    workers = 4
//   [blobs]     max_mb = 100   (largest attachment file accepted)
//   [secrets]   key_file = /etc/recruitdesk/secrets.key   (seals secret settings such as
//               smtp.password; default: secrets.key beside the configuration file;
//               RECRUITDESK_SECRETS_KEY_FILE overrides)
struct ServerConfig {
    QString configFile;
    PgUrl pg;
    QString listenHost = QStringLiteral("127.0.0.1");
    int listenPort = 8080;
    QString tlsCertificate;
    QString tlsKey;
    int workers = 4;
    qint64 blobMaxBytes = 100LL * 1024 * 1024;
    QString secretsKeyFile; // empty: none configured (secret settings cannot be used)
    // The reverse proxies whose X-Forwarded-For is believed (default: loopback, a proxy on the
    // same host); the client is the right-most address in it that is not one of them.
    QList<QPair<QHostAddress, int>> trustedProxies = defaultTrustedProxies();
    static QList<QPair<QHostAddress, int>> defaultTrustedProxies();
    // "ADDRESS[/BITS], ..." or "none".
    static Result<QList<QPair<QHostAddress, int>>> parseProxies(const QString& text);

    // overrides: values given as flags (keys "pg", "listen").
    static Result<ServerConfig> load(
        const QString& file, const QMap<QString, QString>& overrides, const QMap<QString, QString>& environment);
    static Result<QPair<QString, int>> parseListen(const QString& text);
    bool tls() const { return !tlsCertificate.isEmpty(); }
};

} // namespace rd::server
