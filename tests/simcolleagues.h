#pragma once
// The simulation's colleagues beside the admins' laptops (test_syncsim): one whose role the
// admins change while they work, and an adversary who edits their own workspace file.
#include "server/provisioning.h"
#include "syncclients.h"

#include <QRandomGenerator>

#include <functional>

namespace rd::test::sim {

using namespace rd::server;

// A colleague on their own laptop, with their own account on the sync server (made there, then
// joined as a new colleague does).
struct Colleague {
    test::SyncClientsFixture::Client client;
    QString role;
    QString email;
    QString tenantId; // the workspace's (the laptop's tenants row)
    QString serverTenantId; // the sync server's tenant

    template <typename Fixture>
    Colleague(Fixture& f, const QString& slug, const QString& name, const QString& r, const sync::HttpExchange& net)
        : role(r)
        , email(QStringLiteral("%1@%2.test").arg(name, slug))
    {
        auto account = server::AuthService(*f.db()).addUser(slug, email, test::kAdminPassword, role);
        QVERIFY2(account.ok(), qPrintable(account.ok() ? QString() : account.error().message));
        auto tenant = f.db()->select(QStringLiteral("SELECT id FROM tenants WHERE slug = ?"), { slug });
        QVERIFY(tenant.ok() && !tenant.value().isEmpty());
        serverTenantId = tenant.value().first().value(0).toString();
        auto user = Provisioning(*f.db()).provisionUser(serverTenantId,
            account.value().value(QStringLiteral("user_id")).toString(), email, role);
        QVERIFY2(user.ok() && user.value().outcome == QLatin1String("created"),
            qPrintable(user.ok() ? user.value().outcome : user.error().message));
        client.tw = std::make_unique<test::TestWorkspace>();
        auto joined = sync::SyncEngine::join(*client.tw->ws, f.url(), slug, email, test::kAdminPassword, {}, net);
        QVERIFY2(joined.ok(), qPrintable(joined.ok() ? QString() : joined.error().message));
        client.session = joined.value();
        tenantId = client.session.tenantId;
        client.engine = std::make_unique<sync::SyncEngine>(*client.tw->ws, client.session, net);
    }
};

// A colleague whose role the admins change while they work (recruiter <-> hiring manager): their
// read scope changes under them. They save searches (their own rows, which no scope takes away)
// and sync now and then. The model: every search they saved reaches the admins; their laptop
// holds what their final role may read (a hiring manager: their own role and role assignment,
// no one else's saved searches; a recruiter: every role).
struct ScopedColleague : Colleague {
    QStringList saved;
    int scopeChanges = 0;
    using Colleague::Colleague;

    void act(QRandomGenerator& rng, int step, const std::function<Result<sync::SyncSummary>(test::SyncClientsFixture::Client&, const QString&)>& round)
    {
        const int roll = int(rng.bounded(100));
        const bool trace = qEnvironmentVariableIsSet("RD_SYNC_TRACE");
        if (roll < 10) {
            const QString name = QStringLiteral("search %1").arg(step);
            auto made = client.tw->ws->savedSearches().create(client.session, name, QStringLiteral("s%1").arg(step));
            if (made) saved << name;
            if (trace) qInfo() << "  scoped saves" << name << made.ok();
        } else if (roll < 25) {
            auto r = round(client, email);
            if (trace)
                qInfo() << "  scoped sync" << (r ? QStringLiteral("ok") : r.error().message) << "epoch"
                        << client.tw->ws->db().meta(QStringLiteral("sync_epoch")).value().left(8) << "cursor"
                        << client.tw->count(QStringLiteral("SELECT base_seq FROM sync_ctx")) << "pending" << client.engine->pendingCount();
        }
    }

    void verify(std::vector<test::SyncClientsFixture::Client>& admins, int seed)
    {
        test::TestWorkspace& mine = *client.tw;
        QCOMPARE(client.engine->pendingCount(), 0);
        test::TestWorkspace& admin = *admins.front().tw;
        for (const QString& name : std::as_const(saved))
            QVERIFY2(admin.count(QStringLiteral("SELECT count(*) FROM saved_searches WHERE name = ? AND deleted_at IS NULL"), { name }) == 1,
                qPrintable(QStringLiteral("seed %1: the scoped colleague's saved search '%2' did not reach the admins (admins: %3 "
                                          "rows, %4 live; their laptop: %5; refused there: %6)")
                               .arg(seed)
                               .arg(name)
                               .arg(admin.count(QStringLiteral("SELECT count(*) FROM saved_searches WHERE name = ?"), { name }))
                               .arg(admin.count(QStringLiteral("SELECT count(*) FROM saved_searches WHERE name = ? AND deleted_at IS NULL"), { name }))
                               .arg(mine.count(QStringLiteral("SELECT count(*) FROM saved_searches WHERE name = ?"), { name }))
                               .arg(QString::fromUtf8(mine.ws->db()
                                                          .selectOne(QStringLiteral("SELECT group_concat(field || ' ' || losing_value, ' | ') FROM "
                                                                                    "sync_conflicts WHERE entity = 'saved_searches'"))
                                                          .value()
                                                          .value(0)
                                                          .toByteArray()))));
        auto roles = admin.ws->db().select(QStringLiteral("SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id JOIN users u "
                                                          "ON u.id = ur.user_id WHERE u.email_norm = ? AND ur.deleted_at IS NULL"),
            { email });
        QVERIFY(roles.ok() && !roles.value().isEmpty());
        bool managerOnly = true;
        for (const auto& r : roles.value())
            managerOnly = managerOnly && r.value(0).toString() == QLatin1String("hiring_manager");
        const int allRoles = admin.count(QStringLiteral("SELECT count(*) FROM roles"));
        // Saved searches are their owner's (and the admins'), whatever the role.
        QCOMPARE(mine.count(QStringLiteral("SELECT count(*) FROM saved_searches WHERE user_id <> ?"), { client.session.userId }), 0);
        if (managerOnly) {
            QVERIFY2(mine.count(QStringLiteral("SELECT count(*) FROM roles")) == 1,
                qPrintable(QStringLiteral("seed %1: a hiring manager's laptop holds other roles").arg(seed)));
            } else {
            QVERIFY2(mine.count(QStringLiteral("SELECT count(*) FROM roles")) == allRoles,
                qPrintable(QStringLiteral("seed %1: a recruiter's laptop lacks roles").arg(seed)));
        }
    }
};

// A colleague with a smaller role who edits their own workspace file (sqlite3) to do what the
// role may not: grant themselves the admin role, give their built-in role a permission, disable
// the admin, make a user, and (a viewer) edit a candidate. The capture triggers turn each edit
// into an outbox record the next sync pushes, as they would for anyone with the file.
struct Adversary : Colleague {
    int forged = 0;

    template <typename Fixture>
    Adversary(Fixture& f, const QString& slug, const QString& r, const sync::HttpExchange& net)
        : Colleague(f, slug, QStringLiteral("mallory"), r, net)
    {
    }

    // One step: sometimes a forged write, sometimes a sync round (which may fail on the network).
    void act(QRandomGenerator& rng, int step)
    {
        const int roll = int(rng.bounded(100));
        if (roll < 12) forge(rng, step);
        else if (roll < 30) (void)client.engine->syncOnce();
    }

    void forge(QRandomGenerator& rng, int step)
    {
        Database& db = client.tw->ws->db();
        const QString now = QStringLiteral("2026-12-05T12:00:00Z");
        const QString id = QStringLiteral("forged-%1").arg(step);
        Result<int> done = 0;
        switch (rng.bounded(role == QLatin1String("viewer") ? 5 : 4)) {
        case 0: // the admin role for themselves
            done = db.change(QStringLiteral("INSERT INTO user_roles (id, tenant_id, user_id, role_id, created_at, updated_at) "
                                            "SELECT ?, tenant_id, ?, id, ?, ? FROM roles WHERE name = 'admin'"),
                { id, client.session.userId, now, now });
            break;
        case 1: // a permission for their own built-in role
            done = db.change(QStringLiteral("INSERT OR IGNORE INTO role_permissions (id, tenant_id, role_id, resource, action, "
                                            "created_at, updated_at) SELECT ?, tenant_id, id, 'user', 'manage', ?, ? FROM roles "
                                            "WHERE name = ?"),
                { id, now, now, role });
            break;
        case 2: // the admin disabled
            done = db.change(QStringLiteral("UPDATE users SET active = 0, updated_at = ? WHERE id <> ? AND email_norm LIKE "
                                            "'admin@%' AND active = 1"),
                { now, client.session.userId });
            break;
        case 3: // a user of their own making
            done = db.change(QStringLiteral("INSERT INTO users (id, tenant_id, email, email_norm, created_at, updated_at) "
                                            "VALUES (?, ?, ?, ?, ?, ?)"),
                { id, tenantId, id + QStringLiteral("@evil.test"), id + QStringLiteral("@evil.test"), now, now });
            break;
        default: // a viewer edits a candidate
            done = db.change(QStringLiteral("UPDATE candidates SET headline = ?, updated_at = ? WHERE id = (SELECT id FROM "
                                            "candidates WHERE deleted_at IS NULL ORDER BY id LIMIT 1)"),
                { QStringLiteral("forged by a viewer"), now });
            break;
        }
        if (done.ok() && done.value() > 0) ++forged;
    }

    int refusedCount() { return client.tw->count(QStringLiteral("SELECT count(*) FROM sync_conflicts WHERE field LIKE 'refused:%'")); }

    // The model: the server and every colleague hold none of it; the adversary's laptop holds
    // the server's values (nothing pending, each forgery gone) and was told of the refusals.
    // serverRestored: the server was restored from a backup in this run. The adversary's laptop
    // then re-sent what it held, forgeries included; the server refused them again, but a
    // re-sent row the server does not have stays on the laptop that has it (it may be the last
    // copy of a colleague's row the restore lost; docs/sync.md), listed as refused. Only the
    // server and the colleagues are checked then.
    void verify(PgDatabase& server, std::vector<test::SyncClientsFixture::Client>& colleagues, bool serverRestored)
    {
        // The server's merged rows, read as the server reads them (inside a transaction scoped to
        // the tenant: row-level security shows nothing otherwise); the control count proves the
        // query sees the tenant's rows at all.
        QVERIFY(server.begin().ok());
        QVERIFY(server.scopeToTenant(serverTenantId).ok());
        auto rows = server.select(QStringLiteral("SELECT count(*) FROM entity_state WHERE tenant_id = ?"), { serverTenantId });
        auto leaked = server.select(
            QStringLiteral("SELECT count(*) FROM entity_state WHERE tenant_id = ? AND (row_id LIKE 'forged-%' OR "
                           "fields::text LIKE '%forged%' OR (entity = 'users' AND fields->>'email_norm' LIKE 'admin@%' AND "
                           "fields->>'active' NOT IN ('1', 'true')))"),
            { serverTenantId });
        server.rollback();
        QVERIFY(rows.ok() && leaked.ok());
        QVERIFY(rows.value().first().value(0).toInt() > 10);
        QCOMPARE(leaked.value().first().value(0).toInt(), 0);
        for (auto& c : colleagues) {
            QCOMPARE(c.tw->count(QStringLiteral("SELECT count(*) FROM user_roles WHERE id LIKE 'forged-%'")), 0);
            QCOMPARE(c.tw->count(QStringLiteral("SELECT count(*) FROM role_permissions WHERE id LIKE 'forged-%'")), 0);
            QCOMPARE(c.tw->count(QStringLiteral("SELECT count(*) FROM users WHERE id LIKE 'forged-%' OR active = 0")), 0);
            QCOMPARE(c.tw->count(QStringLiteral("SELECT count(*) FROM candidates WHERE headline LIKE 'forged%'")), 0);
            QVERIFY(!c.exported().contains("forged"));
        }
        QCOMPARE(client.engine->pendingCount(), 0);
        if (serverRestored) return;
        for (const char* sql : { "SELECT count(*) FROM user_roles WHERE id LIKE 'forged-%'",
                 "SELECT count(*) FROM role_permissions WHERE id LIKE 'forged-%'",
                 "SELECT count(*) FROM users WHERE id LIKE 'forged-%' OR active = 0",
                 "SELECT count(*) FROM candidates WHERE headline LIKE 'forged%'" })
            QVERIFY2(client.tw->count(QString::fromLatin1(sql)) == 0, sql);
        // The adversary still reads what their role reads: the same candidates as everyone.
        QCOMPARE(client.tw->count(QStringLiteral("SELECT count(*) FROM candidates WHERE deleted_at IS NULL")),
            colleagues.front().tw->count(QStringLiteral("SELECT count(*) FROM candidates WHERE deleted_at IS NULL")));
        if (forged > 0) QVERIFY(refusedCount() > 0);
    }
};

} // namespace rd::test::sim
