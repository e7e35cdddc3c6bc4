#pragma once
// Shared by the server tests (test_server, test_serversync): the throwaway PostgreSQL cluster
// of the pgfixture (RD_PG_INFO), fresh databases on it and an HTTP client.
#include "auth/totp.h"
#include "crypto/crypto.h"
#include "server/auditstore.h"
#include "server/authservice.h"
#include "server/httpapp.h"
#include "server/pgdatabase.h"
#include "server/serverconfig.h"
#include "server/syncservice.h"
#include "testutil.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>
#include <QtConcurrent>

namespace rd::test {

struct Http {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QByteArray requestId;
    QByteArray allow;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

class ServerFixture {
protected:
    QString baseUrl; // the fixture cluster's postgres database
    QNetworkAccessManager nam;

    // A new empty database on the fixture cluster, owned by a role that is not a superuser
    // (as in production, so row-level security applies); returns its URL.
    QString freshDatabase()
    {
        server::PgDatabase admin(server::PgUrl::parse(baseUrl).value());
        const QString name = QStringLiteral("rdtest_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
        (void)admin.exec(QStringLiteral(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rdapp') THEN CREATE ROLE rdapp LOGIN; "
            "END IF; END $$"));
        if (!admin.exec(QStringLiteral("CREATE DATABASE %1 OWNER rdapp").arg(name)))
            qFatal("cannot create database %s", qPrintable(name));
        QString url = baseUrl;
        return url.replace(QStringLiteral("postgresql://rd@"), QStringLiteral("postgresql://rdapp@"))
            .replace(QStringLiteral("/postgres"), QLatin1Char('/') + name);
    }

    Http request(const QByteArray& verb, quint16 port, const QString& path, const QByteArray& requestId = {},
        const QByteArray& body = {}, const QString& bearer = {})
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
        if (!requestId.isEmpty()) req.setRawHeader("X-Request-Id", requestId);
        if (!bearer.isEmpty()) req.setRawHeader("Authorization", "Bearer " + bearer.toLatin1());
        if (!body.isEmpty()) req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply* reply = nam.sendCustomRequest(req, verb, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !done.wait(15000)) return {};
        Http h { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
            reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), reply->rawHeader("X-Request-Id"),
            reply->rawHeader("Allow") };
        reply->deleteLater();
        return h;
    }

    Http post(quint16 port, const QString& path, const QJsonObject& body, const QString& bearer = {})
    {
        return request("POST", port, path, {}, QJsonDocument(body).toJson(QJsonDocument::Compact), bearer);
    }

    const QString password = QStringLiteral("Correct-Horse-Battery-42");

    // For initTestCase: the fixture cluster's URL from RD_PG_INFO.
    bool loadBaseUrl()
    {
        QFile info(qEnvironmentVariable("RD_PG_INFO"));
        if (!info.open(QIODevice::ReadOnly)) return false;
        baseUrl = QString::fromUtf8(info.readLine()).trimmed();
        return baseUrl.startsWith(QLatin1String("postgresql://"));
    }
};

// The sync server on a thread of its own, as in production where it is another process: a UI
// test's GUI thread may block for a while (the scheduler waiting for its round at sign-out, a
// SQLite lock) without the server, which would otherwise answer from that same thread, going
// silent until the client's network timeout.
class ServerThread {
public:
    explicit ServerThread(const QString& pgUrl)
    {
        m_thread.start();
        m_host = new QObject;
        m_host->moveToThread(&m_thread);
        QMetaObject::invokeMethod(
            m_host,
            [this, pgUrl] {
                m_db = std::make_unique<server::PgDatabase>(server::PgUrl::parse(pgUrl).value());
                server::ServerConfig config;
                config.listenPort = 0;
                m_app = std::make_unique<server::HttpApp>(config, *m_db);
                auto port = m_app->listen();
                m_port = port ? port.value() : 0;
            },
            Qt::BlockingQueuedConnection);
    }
    ~ServerThread()
    {
        QMetaObject::invokeMethod(
            m_host,
            [this] {
                m_app.reset();
                m_db.reset();
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        delete m_host;
    }
    quint16 port() const { return m_port; }

private:
    QThread m_thread;
    QObject* m_host = nullptr;
    std::unique_ptr<server::PgDatabase> m_db;
    std::unique_ptr<server::HttpApp> m_app;
    quint16 m_port = 0;
};

} // namespace rd::test
