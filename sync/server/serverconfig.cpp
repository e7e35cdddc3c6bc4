#include "serverconfig.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QUrl>

namespace rd::server {

namespace {
Error configError(const QString& message, const QString& key)
{
    return Error { ErrorCode::ValidationFailed, message, { { QStringLiteral("key"), key } } };
}
} // namespace

Result<PgUrl> PgUrl::parse(const QString& text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("postgresql") && url.scheme() != QLatin1String("postgres")))
        return configError(QStringLiteral("The database URL must look like postgresql://USER@HOST:PORT/DB."),
            QStringLiteral("database.url"));
    PgUrl pg;
    pg.user = url.userName();
    pg.password = url.password();
    if (!url.host().isEmpty()) pg.host = url.host();
    pg.port = url.port(5432);
    pg.database = url.path().mid(1);
    if (pg.user.isEmpty() || pg.database.isEmpty() || pg.database.contains(QLatin1Char('/')))
        return configError(
            QStringLiteral("The database URL needs a user and a database: postgresql://USER@HOST:PORT/DB."),
            QStringLiteral("database.url"));
    return pg;
}

QString PgUrl::toString() const
{
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(database);
}

Result<QPair<QString, int>> ServerConfig::parseListen(const QString& text)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const int port = colon > 0 ? text.mid(colon + 1).toInt(&ok) : 0;
    if (colon <= 0 || !ok || port < 0 || port > 65535)
        return configError(QStringLiteral("The listen address must look like HOST:PORT, e.g. 127.0.0.1:8080."),
            QStringLiteral("http.listen"));
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']'))) host = host.mid(1, host.size() - 2);
    return QPair<QString, int> { host, port };
}

Result<ServerConfig> ServerConfig::load(
    const QString& file, const QMap<QString, QString>& overrides, const QMap<QString, QString>& environment)
{
    ServerConfig c;
    c.configFile = file;
    QString url, listen, cert, key, workers, blobMax, secrets, proxies;
    if (!file.isEmpty()) {
        if (!QFileInfo(file).isReadable())
            return Error { ErrorCode::NotFound, QStringLiteral("The configuration file %1 cannot be read.").arg(file),
                { { QStringLiteral("file"), file } } };
        QSettings ini(file, QSettings::IniFormat);
        if (ini.status() != QSettings::NoError)
            return Error { ErrorCode::ValidationFailed,
                QStringLiteral("The configuration file %1 is not valid INI.").arg(file),
                { { QStringLiteral("file"), file } } };
        url = ini.value(QStringLiteral("database/url")).toString();
        listen = ini.value(QStringLiteral("http/listen")).toString();
        cert = ini.value(QStringLiteral("http/tls_certificate")).toString();
        key = ini.value(QStringLiteral("http/tls_key")).toString();
        // A list with commas reads as a QStringList.
        proxies = ini.value(QStringLiteral("http/trusted_proxies")).toStringList().join(QLatin1Char(','));
        workers = ini.value(QStringLiteral("server/workers")).toString();
        blobMax = ini.value(QStringLiteral("blobs/max_mb")).toString();
        secrets = ini.value(QStringLiteral("secrets/key_file")).toString();
        if (secrets.isEmpty())
            secrets = QFileInfo(file).absoluteDir().filePath(QStringLiteral("secrets.key"));
        else if (QFileInfo(secrets).isRelative())
            secrets = QFileInfo(file).absoluteDir().filePath(secrets);
    }
    auto pick = [](QString& value, const QString& over) {
        if (!over.isEmpty()) value = over;
    };
    pick(url, environment.value(QStringLiteral("RECRUITDESK_SERVER_PG")));
    pick(listen, environment.value(QStringLiteral("RECRUITDESK_SERVER_LISTEN")));
    pick(secrets, environment.value(QStringLiteral("RECRUITDESK_SECRETS_KEY_FILE")));
    pick(proxies, environment.value(QStringLiteral("RECRUITDESK_TRUSTED_PROXIES")));
    c.secretsKeyFile = secrets;
    pick(url, overrides.value(QStringLiteral("pg")));
    pick(listen, overrides.value(QStringLiteral("listen")));
    if (url.isEmpty())
        return configError(
            QStringLiteral(
                "No database configured: set [database] url in the configuration file, RECRUITDESK_SERVER_PG, "
                "or --pg postgresql://USER@HOST:PORT/DB."),
            QStringLiteral("database.url"));
    auto pg = PgUrl::parse(url);
    if (!pg) return pg.error();
    c.pg = pg.value();
    if (c.pg.password.isEmpty()) c.pg.password = environment.value(QStringLiteral("RECRUITDESK_PG_PASSWORD"));
    if (!listen.isEmpty()) {
        auto l = parseListen(listen);
        if (!l) return l.error();
        c.listenHost = l.value().first;
        c.listenPort = l.value().second;
    }
    c.tlsCertificate = cert;
    c.tlsKey = key;
    if (c.tlsCertificate.isEmpty() != c.tlsKey.isEmpty())
        return configError(QStringLiteral("Direct HTTPS needs both http/tls_certificate and http/tls_key."),
            QStringLiteral("http.tls_key"));
    if (!workers.isEmpty()) {
        bool ok = false;
        c.workers = workers.toInt(&ok);
        if (!ok || c.workers < 1 || c.workers > 256)
            return configError(
                QStringLiteral("server/workers must be a number from 1 to 256."), QStringLiteral("server.workers"));
    }
    if (!proxies.isEmpty()) {
        auto list = parseProxies(proxies);
        if (!list) return list.error();
        c.trustedProxies = list.value();
    }
    if (!blobMax.isEmpty()) {
        bool ok = false;
        const int mb = blobMax.toInt(&ok);
        if (!ok || mb < 1 || mb > 4096)
            return configError(
                QStringLiteral("blobs/max_mb must be a number from 1 to 4096."), QStringLiteral("blobs.max_mb"));
        c.blobMaxBytes = qint64(mb) * 1024 * 1024;
    }
    return c;
}

QList<QPair<QHostAddress, int>> ServerConfig::defaultTrustedProxies()
{
    return { QHostAddress::parseSubnet(QStringLiteral("127.0.0.0/8")), { QHostAddress(QHostAddress::LocalHostIPv6), 128 } };
}

Result<QList<QPair<QHostAddress, int>>> ServerConfig::parseProxies(const QString& text)
{
    QList<QPair<QHostAddress, int>> list;
    if (text.trimmed().compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) return list;
    for (const QString& item : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(item.trimmed());
        if (subnet.first.isNull())
            return configError(QStringLiteral("http/trusted_proxies: %1 is not an address or ADDRESS/BITS (a list, "
                                              "or none).")
                                   .arg(item.trimmed()),
                QStringLiteral("http.trusted_proxies"));
        list << subnet;
    }
    return list;
}

} // namespace rd::server
