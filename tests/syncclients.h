#pragma once
// What the sync tests share (test_syncclient, test_syncsim): a fresh server database served over
// real HTTP in this process, tenants made on it, and laptops (clients) attached or joined.
#include "client/syncengine.h"
#include "servertest.h"

#include <functional>

namespace rd::test {

class SyncClientsFixture : public ServerFixture {
public:
    // One client: a workspace on its own file, its admin session, its engine.
    struct Client {
        std::unique_ptr<TestWorkspace> tw;
        Session session;
        std::unique_ptr<sync::SyncEngine> engine;
        QByteArray exported() { return exportOf(*tw->ws, session); }
    };

protected:
    QString m_url;
    QString m_dbUrl;
    std::unique_ptr<server::PgDatabase> m_db;
    std::unique_ptr<server::HttpApp> m_app;
    quint16 m_port = 0;

    // A fresh server database; tenants are made per test (one per simulated seed).
    void startServer()
    {
        m_app.reset();
        m_dbUrl = freshDatabase();
        m_db = std::make_unique<server::PgDatabase>(server::PgUrl::parse(m_dbUrl).value());
        QVERIFY(m_db->migrate().ok());
        server::ServerConfig config;
        config.listenPort = 0;
        m_app = std::make_unique<server::HttpApp>(config, *m_db);
        m_port = m_app->listen().value();
        m_url = QStringLiteral("http://127.0.0.1:%1").arg(m_port);
    }
    // The server and its database connection stopped, fn run (a backup or a restore of the
    // database: nothing may hold a connection to it), the server started again on its port.
    void withServerStopped(const std::function<void()>& fn)
    {
        m_app.reset();
        m_db.reset();
        fn();
        m_db = std::make_unique<server::PgDatabase>(server::PgUrl::parse(m_dbUrl).value());
        server::ServerConfig config;
        config.listenPort = m_port;
        m_app = std::make_unique<server::HttpApp>(config, *m_db);
        if (!m_app->listen()) qFatal("the server cannot listen on its port %d again", int(m_port));
    }
    // A laptop's disk: a backup of its workspace file now (returns its path)...
    static QString backupFile(Client& c)
    {
        const QString snap = c.tw->dir.filePath(QStringLiteral("backup.db"));
        QFile::remove(snap);
        const QString target = c.tw->ws->db().sqliteName(snap).replace(QLatin1Char('\''), QStringLiteral("''"));
        if (!c.tw->ws->db().execRaw(QStringLiteral("VACUUM INTO '%1'").arg(target)))
            qFatal("cannot back up %s", qPrintable(c.tw->path));
        return snap;
    }
    // ... restored later: what it did since is gone, and its admin signs in again.
    static void restoreFile(Client& c, const QString& snap, const QString& slug, const sync::HttpExchange& http)
    {
        c.engine.reset();
        c.tw->ws.reset();
        for (const char* suffix : { "", "-wal", "-shm" })
            QFile::remove(c.tw->path + QLatin1String(suffix));
        if (!QFile::copy(snap, c.tw->path)) qFatal("cannot restore %s", qPrintable(c.tw->path));
        c.tw->open();
        c.session = c.tw->signIn(slug, QStringLiteral("admin@%1.test").arg(slug), kAdminPassword);
        c.engine = std::make_unique<sync::SyncEngine>(*c.tw->ws, c.session, http);
    }
    // A server tenant whose admin is admin@<slug>.test; returns the slug.
    QString serverTenant(const QString& name)
    {
        server::AuthService auth(*m_db);
        auto t = auth.createTenant(
            name, QStringLiteral("agency"), QStringLiteral("admin@%1.test").arg(name.toLower()), kAdminPassword);
        if (!t) qFatal("tenant: %s", qPrintable(t.error().message));
        return t.value().value(QStringLiteral("slug")).toString();
    }

    // Client 0 creates the workspace offline and attaches it; the others join.
    std::vector<Client> makeClients(int n, const QString& slug, const sync::HttpExchange& http)
    {
        const QString email = QStringLiteral("admin@%1.test").arg(slug);
        std::vector<Client> clients(n);
        clients[0].tw = std::make_unique<TestWorkspace>();
        clients[0].session = clients[0].tw->createTenant(slug, slug, email);
        clients[0].engine = std::make_unique<sync::SyncEngine>(*clients[0].tw->ws, clients[0].session, http);
        Status c = clients[0].engine->connect(m_url, slug, email, kAdminPassword, {}, true);
        if (!c) qFatal("connect: %s", qPrintable(c.error().message));
        if (auto up = clients[0].engine->syncOnce(); !up) qFatal("upload: %s", qPrintable(up.error().message));
        for (int i = 1; i < n; ++i) {
            clients[i].tw = std::make_unique<TestWorkspace>();
            auto s = sync::SyncEngine::join(*clients[i].tw->ws, m_url, slug, email, kAdminPassword, {}, http);
            if (!s) qFatal("join: %s %s", qPrintable(s.error().codeName()), qPrintable(s.error().message));
            clients[i].session = s.value();
            clients[i].engine = std::make_unique<sync::SyncEngine>(*clients[i].tw->ws, clients[i].session, http);
        }
        return clients;
    }
};

} // namespace rd::test
