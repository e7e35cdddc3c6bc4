// The seeded simulation of laptops syncing offline work through a faulty network with a real
// sync server (HttpApp on the fixture's PostgreSQL), with an adversary among them; checked
// against what each party was told: every honest export equal, outboxes empty, audit chains
// intact, nothing the adversary forged anywhere but refused and undone on their own laptop.
#include "server/auditstore.h"
#include "server/provisioning.h"
#include "syncclients.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QRandomGenerator>

using namespace rd;
using namespace rd::server;

namespace {

// A colleague with a smaller role who edits their own workspace file (sqlite3) to do what the
// role may not: grant themselves the admin role, give their built-in role a permission, disable
// the admin, make a user, and (a viewer) edit a candidate. The capture triggers turn each edit
// into an outbox record the next sync pushes, as they would for anyone with the file.
struct Adversary {
    test::SyncClientsFixture::Client client;
    QString role;
    QString tenantId; // the workspace's (the laptop's tenants row)
    QString serverTenantId; // the sync server's tenant
    int forged = 0;

    template <typename Fixture>
    Adversary(Fixture& f, const QString& slug, const QString& r, const sync::HttpExchange& net)
        : role(r)
    {
        const QString email = QStringLiteral("mallory@%1.test").arg(slug);
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
    void verify(PgDatabase& server, std::vector<test::SyncClientsFixture::Client>& colleagues)
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

} // namespace

class TestSyncSim : public QObject, public test::SyncClientsFixture {
    Q_OBJECT

public:
    PgDatabase* db() { return m_db.get(); }
    QString url() const { return m_url; }

private slots:
    void initTestCase()
    {
        QVERIFY2(loadBaseUrl(), "RD_PG_INFO names no fixture cluster (run through ctest)");
        // Hundreds of workspaces: their migrations and the engine's notes would drown the output.
        QLoggingCategory::setFilterRules(QStringLiteral("rd.core.store.info=false\nrd.sync.client.info=false\nrd.sync.client.warning=false"));
        // Hundreds of accounts and sign-ins: their password hashes cost what a login's would,
        // which this simulation is not about (the real parameters: test_crypto).
        crypto::setPasswordHashParamsForTesting({ 256, 1, 1 });
    }

    // Seeded simulation: clients work offline (creates, edits of the same fields, stage moves,
    // notes), sync in random order through a network that drops requests and responses; at the
    // end everyone syncs and all exports are equal, outboxes empty. One more laptop belongs to
    // an adversary (a viewer or a recruiter) who writes what their role may not straight into
    // their workspace file and syncs: none of it reaches the server or a colleague, and their
    // laptop ends with the server's values (Adversary). RD_SYNC_SEEDS=N for soaks; a failing
    // seed is printed and replays exactly (RD_SYNC_SEED=S runs one).
    void offlineClientsConverge()
    {
        const int seeds
            = qEnvironmentVariableIsSet("RD_SYNC_SEEDS") ? qEnvironmentVariableIntValue("RD_SYNC_SEEDS") : 200;
        const int only = qEnvironmentVariableIsSet("RD_SYNC_SEED") ? qEnvironmentVariableIntValue("RD_SYNC_SEED") : -1;
        startServer();
        int duplicates = 0, conflicts = 0, aborts = 0, restarts = 0, renumbered = 0, messages = 0, forgeries = 0,
            refusals = 0;
        for (int seed = 1; seed <= seeds; ++seed) {
            if (only >= 0 && seed != only) continue;
            QElapsedTimer seedTime;
            seedTime.start();
            const QString slug = serverTenant(QStringLiteral("Sim%1").arg(seed));
            QRandomGenerator rng { quint32(seed) };
            int dropped = 0;
            bool faulty = false;
            const sync::HttpExchange base = sync::networkExchange(10000);
            // Faults: the request is lost before the server sees it, or its answer is lost after.
            const sync::HttpExchange flaky = [&](const QByteArray& m, const QString& url, const QByteArray& body,
                                                 const QByteArray& type, const QString& bearer) {
                if (faulty && rng.bounded(100) < 15) {
                    ++dropped;
                    if (rng.bounded(2) == 0) return sync::HttpResponse { 0, {}, QStringLiteral("request lost") };
                    (void)base(m, url, body, type, bearer);
                    return sync::HttpResponse { 0, {}, QStringLiteral("response lost") };
                }
                return base(m, url, body, type, bearer);
            };
            const int n = 3 + int(rng.bounded(3));
            std::vector<Client> clients = makeClients(n, slug, flaky);
            // One candidate every laptop has from the start: the one outreach goes to.
            auto shared = clients[0].tw->ws->candidates().create(clients[0].session,
                { { QStringLiteral("first_name"), QStringLiteral("Shared") },
                    { QStringLiteral("emails"), QJsonArray { QStringLiteral("shared.s%1@sim.test").arg(seed) } } });
            RD_VERIFY_OK(shared);
            for (Client& c : clients)
                RD_VERIFY_OK(c.engine->syncOnce());
            // The adversary's laptop has its own random stream and network, so the colleagues'
            // run is the same as without it.
            QRandomGenerator advRng { quint32(seed) * 7919u + 1u };
            const sync::HttpExchange advNet = [&](const QByteArray& m, const QString& url, const QByteArray& body,
                                                  const QByteArray& type, const QString& bearer) {
                if (faulty && advRng.bounded(100) < 15) {
                    if (advRng.bounded(2) == 0) return sync::HttpResponse { 0, {}, QStringLiteral("request lost") };
                    (void)base(m, url, body, type, bearer);
                    return sync::HttpResponse { 0, {}, QStringLiteral("response lost") };
                }
                return base(m, url, body, type, bearer);
            };
            Adversary adv(*this, slug, seed % 2 ? QStringLiteral("viewer") : QStringLiteral("recruiter"), advNet);
            if (QTest::currentTestFailed()) return;
            faulty = true;
            for (int step = 0; step < 60; ++step) {
                adv.act(advRng, step);
                Client& c = clients[rng.bounded(int(clients.size()))];
                Workspace& w = *c.tw->ws;
                const int op = int(rng.bounded(100));
                auto cands = w.candidates().list(c.session, ListQuery {});
                auto jobs = w.postings().list(c.session, ListQuery {});
                QVERIFY(cands.ok() && jobs.ok());
                if (op < 20 || cands.value().items.isEmpty()) {
                    auto made = w.candidates().create(c.session,
                        { { QStringLiteral("first_name"), QStringLiteral("C%1").arg(step) },
                            { QStringLiteral("last_name"), QStringLiteral("S%1").arg(seed) },
                            { QStringLiteral("emails"),
                                QJsonArray { QStringLiteral("c%1.s%2@sim.test").arg(step).arg(seed) } } });
                    QVERIFY2(made.ok(), qPrintable(made.ok() ? QString() : made.error().message));
                } else if (op < 50) {
                    const QString id = cands.value().items[rng.bounded(int(cands.value().items.size()))].id;
                    const QString field = rng.bounded(2) ? QStringLiteral("headline") : QStringLiteral("location");
                    auto up = w.candidates().update(
                        c.session, id, { { field, QStringLiteral("v%1-%2").arg(seed).arg(step) } });
                    QVERIFY2(up.ok(), qPrintable(up.ok() ? QString() : up.error().message));
                } else if (op < 55 || jobs.value().items.isEmpty()) {
                    // Automatic job numbers: two offline devices pick the same next number; the
                    // server keeps the first and suffixes the later one.
                    auto j = w.postings().create(
                        c.session, { { QStringLiteral("title"), QStringLiteral("Job %1").arg(step) } });
                    QVERIFY2(j.ok(), qPrintable(j.ok() ? QString() : j.error().message));
                } else if (op < 60) {
                    const auto& js = jobs.value().items;
                    (void)w.postings().setStatus(c.session, js[rng.bounded(int(js.size()))].id,
                        rng.bounded(2) ? QStringLiteral("open") : QStringLiteral("closed")); // rules may refuse
                } else if (op < 72) {
                    // Any pair: two devices may apply the same candidate to the same job offline.
                    const QString cand = cands.value().items[rng.bounded(int(cands.value().items.size()))].id;
                    const QString job = jobs.value().items[rng.bounded(int(jobs.value().items.size()))].id;
                    (void)w.applications().apply(c.session, cand, job); // refused when this device has the pair
                } else if (op < 75 && cands.value().items.size() > 2) {
                    const auto& cs = cands.value().items;
                    const int a = int(rng.bounded(int(cs.size()))), b = int(rng.bounded(int(cs.size())));
                    if (a != b)
                        (void)w.candidates().merge(c.session, cs[a].id, cs[b].id); // may be refused (shared job)
                } else if (op < 82) {
                    auto apps = w.db().select(QStringLiteral(
                        "SELECT a.id, s.name FROM applications a JOIN pipeline_stages s ON "
                        "s.pipeline_id = (SELECT pipeline_id FROM job_postings WHERE id = a.job_id) "
                        "WHERE a.deleted_at IS NULL AND s.deleted_at IS NULL ORDER BY a.id, s.position"));
                    if (apps && !apps.value().isEmpty()) {
                        const auto& r = apps.value()[rng.bounded(int(apps.value().size()))];
                        (void)w.applications().move(
                            c.session, r.value(0).toString(), r.value(1).toString()); // rules may refuse
                    }
                } else if (op < 85) {
                    // CV versions are numbered per candidate: two laptops editing one CV offline
                    // both make the next number; the server renumbers the later one. (Mostly
                    // the first candidate in the list, so that it happens.)
                    const auto& cs = cands.value().items;
                    const QString id = cs[rng.bounded(3) ? 0 : int(rng.bounded(int(cs.size())))].id;
                    RD_VERIFY_OK(w.cvs().addVersion(c.session, id,
                        QStringLiteral("CV text %1 of seed %2").arg(step).arg(seed), QStringLiteral("manual")));
                } else if (op < 91) {
                    // The same message queued on several laptops offline is sent once.
                    // (Mostly to the candidate every laptop has, so that it happens.)
                    const auto& cs = cands.value().items;
                    const QString id = rng.bounded(3) ? shared.value().id : cs[int(rng.bounded(int(cs.size())))].id;
                    NewIntent in;
                    in.candidate = id;
                    in.channel = QStringLiteral("email");
                    in.subject = QStringLiteral("A job for you");
                    in.body = rng.bounded(2) ? QStringLiteral("Hello, interested?") : QStringLiteral("Hello again.");
                    (void)w.outreach().queue(c.session, in); // refused for a candidate merged away meanwhile
                } else if (op < 92) {
                    const QString id = cands.value().items[rng.bounded(int(cands.value().items.size()))].id;
                    RD_VERIFY_OK(w.interviews().addNote(
                        c.session, QStringLiteral("candidate"), id, QStringLiteral("note %1").arg(step)));
                } else if (op < 96) {
                    (void)c.engine->syncOnce(); // may fail on a lost request; the next round resumes
                } else if (op < 98) {
                    // The client dies mid-round: a statement fails somewhere in push or apply; the
                    // transaction rolls back and the next round resumes.
                    w.db().failAfter(int(rng.bounded(40)));
                    (void)c.engine->syncOnce();
                    w.db().failAfter(-1);
                    ++aborts;
                } else {
                    // The server restarts on the same address.
                    m_app.reset();
                    ServerConfig config;
                    config.listenPort = m_port;
                    m_app = std::make_unique<HttpApp>(config, *m_db);
                    QVERIFY(m_app->listen().ok());
                    ++restarts;
                }
            }
            // Everyone syncs on a working network until quiet (two passes: the second brings
            // the first pass's later changes to the earlier clients).
            faulty = false;
            for (int pass = 0; pass < 2; ++pass) {
                for (Client& c : clients) {
                    auto r = c.engine->syncOnce();
                    QVERIFY2(r.ok(),
                        qPrintable(
                            QStringLiteral("seed %1: %2").arg(seed).arg(r.ok() ? QString() : r.error().message)));
                }
                auto r = adv.client.engine->syncOnce();
                QVERIFY2(r.ok(),
                    qPrintable(QStringLiteral("seed %1: adversary: %2").arg(seed).arg(r.ok() ? QString() : r.error().message)));
            }
            const QByteArray reference = clients[0].exported();
            duplicates += clients[0].tw->count(
                QStringLiteral("SELECT count(*) FROM sync_conflicts WHERE field LIKE 'duplicate_of:%'"));
            renumbered += clients[0].tw->count(
                QStringLiteral("SELECT count(*) FROM sync_conflicts WHERE field = 'duplicate_of:version'"));
            conflicts += clients[0].tw->count(
                QStringLiteral("SELECT count(*) FROM sync_conflicts WHERE field NOT LIKE 'duplicate_of:%'"));
            messages += clients[0].tw->count(
                QStringLiteral("SELECT count(*) FROM sync_conflicts WHERE field = 'duplicate_of:dedup_key'"));
            // Each message is queued once however many laptops queued it.
            QCOMPARE(clients[0].tw->count(
                         QStringLiteral("SELECT count(*) FROM (SELECT dedup_key FROM outreach_intents WHERE deleted_at "
                                        "IS NULL GROUP BY dedup_key HAVING count(*) > 1)")),
                0);
            for (size_t i = 0; i < clients.size(); ++i) {
                QCOMPARE(clients[i].engine->pendingCount(), 0);
                if (clients[i].exported() != reference) {
                    for (size_t k = 0; k < clients.size(); ++k)
                        qWarning().noquote()
                            << "client" << k << "cursor"
                            << clients[k].tw->count(QStringLiteral("SELECT base_seq FROM sync_ctx")) << "outbox"
                            << clients[k].tw->count(QStringLiteral("SELECT count(*) FROM changes")) << "pushed"
                            << clients[k].tw->ws->db().meta(QStringLiteral("sync_pushed")).value();
                    QFile::remove(QStringLiteral("/tmp/rd-sync-seed-a.json"));
                    QFile fa(QStringLiteral("/tmp/rd-sync-seed-a.json")),
                        fb(QStringLiteral("/tmp/rd-sync-seed-b.json"));
                    if (fa.open(QIODevice::WriteOnly) && fb.open(QIODevice::WriteOnly)) {
                        fa.write(reference);
                        fb.write(clients[i].exported());
                    }
                    QFAIL(qPrintable(
                        QStringLiteral("seed %1: client %2 differs from client 0 (RD_SYNC_SEED=%1 replays; exports in "
                                       "/tmp/rd-sync-seed-{a,b}.json)")
                            .arg(seed)
                            .arg(i)));
                }
            }
            // The server holds every client's audit chain, intact.
            AuditStore audit(*m_db);
            auto v = audit.verify(slug);
            QVERIFY2(v.ok(), qPrintable(v.ok() ? QString() : v.error().message));
            QVERIFY2(v.value().ok, qPrintable(v.value().reason));
            QCOMPARE(v.value().chains, n + 2); // the adversary's laptop, and the server's own (it made their user)
            // What the adversary wrote into their file reached nobody, and their laptop holds
            // the server's values again.
            adv.verify(*m_db, clients);
            if (QTest::currentTestFailed()) {
                qWarning().noquote() << QStringLiteral("seed %1: the adversary's forgeries leaked (RD_SYNC_SEED=%1 replays)").arg(seed);
                return;
            }
            forgeries += adv.forged;
            refusals += adv.refusedCount();
            qInfo().noquote() << QStringLiteral("seed %1: %2 clients converged, %3 faults injected, %4 ms")
                                     .arg(seed)
                                     .arg(n)
                                     .arg(dropped)
                                     .arg(seedTime.elapsed());
        }
        qInfo().noquote() << QStringLiteral(
            "%1 seeds: %2 field conflicts, %3 duplicates resolved (%6 CV versions renumbered; "
            "serverRulesComeBackAsCompensation makes one for sure; %7 outreach messages queued twice sent once), %4 "
            "client "
            "aborts, %5 server restarts")
                                 .arg(seeds)
                                 .arg(conflicts)
                                 .arg(duplicates)
                                 .arg(aborts)
                                 .arg(restarts)
                                 .arg(renumbered)
                                 .arg(messages);
        qInfo().noquote() << QStringLiteral("adversaries: %1 forged writes, %2 refusals, none applied").arg(forgeries).arg(refusals);
        // The run exercised what it claims to (not for a single replayed seed).
        if (only < 0 && seeds >= 20) {
            QVERIFY(conflicts > 0);
            QVERIFY(duplicates > 0);
            QVERIFY(aborts > 0);
            QVERIFY(restarts > 0);
            QVERIFY(forgeries > 0);
            QVERIFY(refusals > 0);
        }
    }
};

QTEST_MAIN(TestSyncSim)
#include "test_syncsim.moc"
