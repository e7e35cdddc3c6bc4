#pragma once
// The server side of the outreach tests (test_dispatch, test_jobboard, test_integrations): a
// real HttpApp on a fresh database of the PostgreSQL fixture with the tenant "Reach"
// (admin@reach.test), its settings (a key file of its own), and a laptop whose workspace is
// attached to that server (the laptop's clock is the real one: send times are compared with the
// server's). Needs RD_PG_INFO (run through ctest).
#include "client/syncengine.h"
#include "server/serversettings.h"
#include "servertest.h"

#include <QLoggingCategory>

namespace rd::test {

class ReachServer : public ServerFixture {
protected:
    QString m_dbUrl, m_url, m_tenantId;
    std::unique_ptr<server::PgDatabase> m_db;
    std::unique_ptr<server::HttpApp> m_app;
    QTemporaryDir m_keys;
    server::ServerConfig m_config; // the server's configuration (HttpApp keeps a copy)
    std::unique_ptr<server::ServerSettings> m_settings;
    std::unique_ptr<TestWorkspace> m_laptop;
    Session m_admin;
    std::unique_ptr<sync::SyncEngine> m_engine;

    // For initTestCase: empty when the server and the attached laptop are up, else what failed.
    QString startReach()
    {
        if (!loadBaseUrl()) return QStringLiteral("RD_PG_INFO names no fixture cluster (run through ctest)");
        QLoggingCategory::setFilterRules(QStringLiteral("rd.core.store.info=false\nrd.sync.client.info=false"));
        m_dbUrl = freshDatabase();
        m_db = std::make_unique<server::PgDatabase>(server::PgUrl::parse(m_dbUrl).value());
        if (auto m = m_db->migrate(); !m) return m.error().message;
        m_config.listenPort = 0;
        m_config.secretsKeyFile = m_keys.filePath(QStringLiteral("secrets.key"));
        m_app = std::make_unique<server::HttpApp>(m_config, *m_db);
        auto port = m_app->listen();
        if (!port) return port.error().message;
        m_url = QStringLiteral("http://127.0.0.1:%1").arg(port.value());
        server::AuthService auth(*m_db);
        auto t = auth.createTenant(
            QStringLiteral("Reach"), QStringLiteral("agency"), QStringLiteral("admin@reach.test"), kAdminPassword);
        if (!t) return t.error().message;
        m_tenantId = t.value().value(QStringLiteral("tenant_id")).toString();
        if (m_tenantId.isEmpty()) m_tenantId = t.value().value(QStringLiteral("id")).toString();
        if (m_tenantId.isEmpty()) return QStringLiteral("createTenant named no tenant id");
        m_settings = std::make_unique<server::ServerSettings>(*m_db, m_keys.filePath(QStringLiteral("secrets.key")));
        m_laptop = std::make_unique<TestWorkspace>();
        m_laptop->clock.setMs(QDateTime::currentMSecsSinceEpoch());
        m_admin = m_laptop->createTenant(
            QStringLiteral("Reach"), QStringLiteral("reach"), QStringLiteral("admin@reach.test"));
        m_engine = std::make_unique<sync::SyncEngine>(*m_laptop->ws, m_admin);
        auto attached = m_engine->connect(
            m_url, QStringLiteral("reach"), QStringLiteral("admin@reach.test"), kAdminPassword, {}, true);
        return attached ? QString() : attached.error().message;
    }

    // An outreach message's status as the laptop knows it, and its dispatch state on the server.
    QString statusOf(const QString& intentId) { return m_laptop->ws->outreach().get(m_admin, intentId).value().status; }
    QString dispatchState(const QString& intentId)
    {
        if (!m_db->begin()) return QStringLiteral("(no transaction)");
        (void)m_db->scopeToTenant(m_tenantId);
        auto r = m_db->select(QStringLiteral("SELECT state FROM outreach_dispatch WHERE intent_id = ?"), { intentId });
        (void)m_db->commit();
        return r && !r.value().isEmpty() ? r.value().first().value(0).toString() : QString();
    }

    // SQL on the server database in the tenant's scope (row-level security), committed.
    bool inTenant(const QString& sql, const QVariantList& binds = {})
    {
        if (!m_db->begin()) return false;
        bool ok = m_db->scopeToTenant(m_tenantId).ok() && m_db->exec(sql, binds).ok();
        if (!ok) {
            m_db->rollback();
            return false;
        }
        return m_db->commit().ok();
    }
};

} // namespace rd::test
