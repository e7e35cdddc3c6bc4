// The seeded simulation of laptops syncing offline work through a faulty network with a real
// sync server (HttpApp on the fixture's PostgreSQL), with an adversary among them; checked
// against what each party was told: every honest export equal, outboxes empty, audit chains
// intact, nothing the adversary forged anywhere but refused and undone on their own laptop.
#include "server/auditstore.h"
#include "server/backupcheck.h"
#include "simcolleagues.h"
#include "syncclients.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QLoggingCategory>
#include <QRandomGenerator>

using namespace rd;
using namespace rd::server;
using rd::test::sim::Adversary;
using rd::test::sim::ScopedColleague;

class TestSyncSim : public QObject, public test::SyncClientsFixture {
    Q_OBJECT

public:
    PgDatabase* db() { return m_db.get(); }
    QString url() const { return m_url; }

private:
    // A second server process on the same PostgreSQL database: the network sends each request
    // to either (docs/server-admin.md runs several behind a load balancer).
    std::unique_ptr<PgDatabase> m_db2;
    std::unique_ptr<HttpApp> m_app2;
    quint16 m_port2 = 0;
    void startSecond()
    {
        m_app2.reset();
        m_db2 = std::make_unique<PgDatabase>(PgUrl::parse(m_dbUrl).value());
        ServerConfig config;
        config.listenPort = m_port2;
        m_app2 = std::make_unique<HttpApp>(config, *m_db2);
        auto port = m_app2->listen();
        QVERIFY(port.ok());
        m_port2 = port.value();
    }
    void restartFirst()
    {
        m_app.reset();
        m_db = std::make_unique<PgDatabase>(PgUrl::parse(m_dbUrl).value());
        ServerConfig config;
        config.listenPort = m_port;
        m_app = std::make_unique<HttpApp>(config, *m_db);
        QVERIFY(m_app->listen().ok());
    }
    // Both servers stopped (no connection left on the database), fn run, both started again.
    qint64 m_offlineMs = 0;
    template <typename Fn>
    void offline(Fn fn)
    {
        QElapsedTimer t;
        t.start();
        auto took = qScopeGuard([&] { m_offlineMs += t.elapsed(); });
        m_app.reset();
        m_app2.reset();
        m_db.reset();
        m_db2.reset();
        fn();
        restartFirst();
        startSecond();
    }

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
    // notes, merges, erasures, attachment files), sync in random order through a network that
    // drops requests and answers, delivers some twice and holds some back to deliver later, to
    // either of two server processes on one database; clients die mid-round, servers restart, a
    // laptop is restored from a backup of its file taken earlier (it carries on as a new
    // device), the server's database from a backup taken earlier (then `restored`). At the end
    // everyone syncs, and the run checks against the model of what each laptop was told: every
    // acknowledged edit is the final value, a conflict or replaced by a later edit; no erased
    // candidate anywhere (laptops, server tables); all exports equal, equal to the server's
    // state, outboxes empty, audit chains intact. One more laptop belongs to an adversary (a
    // viewer or a recruiter) who writes what their role may not straight into their workspace
    // file and syncs: none of it reaches the server or a colleague, and their laptop ends with
    // the server's values (Adversary). 640 seeds in CI (two processes, RD_SYNC_SHARD); RD_SYNC_SEEDS=N for soaks (the `sim`
    // target); a failing seed is printed and replays exactly (RD_SYNC_SEED=S runs one,
    // RD_SYNC_TRACE=1 prints its steps).
    void offlineClientsConverge()
    {
        const int seeds
            = qEnvironmentVariableIsSet("RD_SYNC_SEEDS") ? qEnvironmentVariableIntValue("RD_SYNC_SEEDS") : 640;
        const int only = qEnvironmentVariableIsSet("RD_SYNC_SEED") ? qEnvironmentVariableIntValue("RD_SYNC_SEED") : -1;
        // RD_SYNC_SHARD=k/m runs every m-th seed from the k-th: m processes (each with its own
        // server database) share a run's seeds, the machine's cores between them (ctest runs
        // two; scripts/sim.sh one per core).
        const QStringList shardSpec = qEnvironmentVariable("RD_SYNC_SHARD", QStringLiteral("1/1")).split(QLatin1Char('/'));
        const int shards = shardSpec.size() == 2 ? qMax(1, shardSpec[1].toInt()) : 1;
        const int shard = shardSpec.size() == 2 ? qBound(1, shardSpec[0].toInt(), shards) : 1;
        startServer();
        startSecond();
        // RD_SYNC_SERVER_RESTORES=0 leaves the server's database alone (a quicker run).
        const bool serverRestores_ = qEnvironmentVariable("RD_SYNC_SERVER_RESTORES") != QLatin1String("0");
        server::PgDatabase admin(PgUrl::parse(baseUrl).value());
        const QString liveDb = m_dbUrl.section(QLatin1Char('/'), -1), backupDb = liveDb + QStringLiteral("_bak");
        int duplicates = 0, conflicts = 0, aborts = 0, restarts = 0, renumbered = 0, messages = 0, forgeries = 0,
            refusals = 0, erasures = 0, laptopRestores = 0, serverRestores = 0, replays = 0, doubled = 0, files = 0,
            checkedWrites = 0;
        qint64 requestNs = 0, requests = 0, slowRequests = 0, editsWhilePulling = 0, scopeChanges = 0;
        // RD_SYNC_FROM=F starts at seed F (a long run carried on where an earlier sitting stopped).
        const int from = qMax(1, qEnvironmentVariableIntValue("RD_SYNC_FROM"));
        // (RD_SYNC_SEED=S replays S whatever RD_SYNC_SEEDS says: a soak's seed is beyond CI's.)
        for (int seed = only > 0 ? only : from; seed <= (only > 0 ? only : seeds); ++seed) {
            if (only >= 0 && seed != only) continue;
            if (only < 0 && (seed - 1) % shards != shard - 1) continue;
            QElapsedTimer seedTime;
            seedTime.start();
            const QString slug = serverTenant(QStringLiteral("Sim%1").arg(seed));
            QRandomGenerator rng { quint32(seed) };
            int dropped = 0;
            bool faulty = false;
            const sync::HttpExchange net = sync::networkExchange(10000);
            const sync::HttpExchange base = [&](const QByteArray& m, const QString& u, const QByteArray& body,
                                                const QByteArray& type, const QString& bearer) {
                QElapsedTimer t;
                t.start();
                auto r = net(m, u, body, type, bearer);
                requestNs += t.nsecsElapsed();
                ++requests;
                if (t.elapsed() >= 30) ++slowRequests;
                return r;
            };
            // Faults: the request is lost before the server sees it, or its answer is lost after.
            // Requests held back by the network, delivered again later (answers go nowhere).
            struct Held {
                QByteArray method, body, type;
                QString url, bearer;
            };
            std::optional<Held> held;
            std::function<void()> editWhilePulling; // set once the laptops exist
            const QString first = QStringLiteral(":%1/").arg(m_port), second = QStringLiteral(":%1/").arg(m_port2);
            const sync::HttpExchange flaky = [&](const QByteArray& m, const QString& u, const QByteArray& body,
                                                 const QByteArray& type, const QString& bearer) {
                // Either server process answers.
                QString url = u;
                if (rng.bounded(2)) url.replace(first, second);
                if (faulty) {
                    const int roll = int(rng.bounded(100));
                    if (roll < 4 && !held) {
                        held = Held { m, body, type, url, bearer }; // a copy the network delivers later
                    } else if (roll < 8 && held) {
                        (void)base(held->method, held->url, held->body, held->type, held->bearer);
                        held.reset();
                        ++replays;
                    } else if (roll < 12) {
                        (void)base(m, url, body, type, bearer); // delivered twice
                        ++doubled;
                    } else if (roll < 27) {
                        ++dropped;
                        if (rng.bounded(2) == 0) return sync::HttpResponse { 0, {}, QStringLiteral("request lost") };
                        (void)base(m, url, body, type, bearer);
                        return sync::HttpResponse { 0, {}, QStringLiteral("response lost") };
                    }
                }
                auto answer = base(m, url, body, type, bearer);
                // Its user edits while the round's pull is on the wire (the desktop syncs in
                // the background): the edit is pending when the page is applied.
                if (faulty && editWhilePulling && u.contains(QLatin1String("/v1/sync/pull")) && rng.bounded(100) < 25)
                    editWhilePulling();
                return answer;
            };
            const QString email = QStringLiteral("admin@%1.test").arg(slug);
            // A round; a sign-in the server ended (a restored laptop's, or one renewed after the
            // server's backup) is signed in again, as its user would.
            auto round = [&](test::SyncClientsFixture::Client& c, const QString& who = {}) -> Result<sync::SyncSummary> {
                auto r = c.engine->syncOnce();
                if (!r && r.error().code == ErrorCode::AuthFailed) {
                    RD_TRY(c.engine->login(slug, who.isEmpty() ? email : who, test::kAdminPassword, {}));
                    return c.engine->syncOnce();
                }
                return r;
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
            // The other colleagues' laptops have their own random streams and networks (losing
            // requests and answers), so the admins' run is the same as without them.
            auto lossyNet = [&](QRandomGenerator& r) -> sync::HttpExchange {
                return [&, own = &r](const QByteArray& m, const QString& url, const QByteArray& body, const QByteArray& type,
                           const QString& bearer) {
                    if (faulty && own->bounded(100) < 15) {
                        if (own->bounded(2) == 0) return sync::HttpResponse { 0, {}, QStringLiteral("request lost") };
                        (void)base(m, url, body, type, bearer);
                        return sync::HttpResponse { 0, {}, QStringLiteral("response lost") };
                    }
                    return base(m, url, body, type, bearer);
                };
            };
            QRandomGenerator advRng { quint32(seed) * 7919u + 1u };
            const sync::HttpExchange advNet = lossyNet(advRng);
            Adversary adv(*this, slug, seed % 2 ? QStringLiteral("viewer") : QStringLiteral("recruiter"), advNet);
            if (QTest::currentTestFailed()) return;
            // The colleague whose role changes.
            QRandomGenerator scopedRng { quint32(seed) * 104729u + 7u };
            const sync::HttpExchange scopedNet = lossyNet(scopedRng);
            ScopedColleague rita(*this, slug, QStringLiteral("rita"), QStringLiteral("recruiter"), scopedNet);
            if (QTest::currentTestFailed()) return;
            for (Client& k : clients) // (the admins' laptops learn of the new colleagues)
                RD_VERIFY_OK(k.engine->syncOnce());
            faulty = true;
            // The model of what each laptop was told: its field edits, acknowledged once a round
            // of that laptop succeeded after them (the push took them). Each acknowledged edit
            // survives: it is the final value, a conflict shows it, or a later edit replaced it.
            struct Write {
                int client;
                QString candidate, field, value;
                int step;
                bool acked = false;
            };
            QList<Write> writes;
            QList<Write> everyWrite; // the same, never forgotten: a later edit replaces an earlier one even if its laptop's disk went
            QSet<QString> erased; // candidates an erasure was made for (their edits are not checked)
            // Erasures: each stands once acknowledged, or while it is in its laptop's outbox; one
            // made after a backup of a laptop's file is gone when that backup is restored.
            struct Erasure {
                int client;
                QString marker; // the candidate's last name, unique per seed
                int step;
                bool acked = false;
            };
            QList<Erasure> erasures_;
            int syncing = -1, stepNow = 0; // the laptop whose round is on the wire; the step
            auto sync = [&](int ci) {
                syncing = ci;
                auto r = round(clients[ci]);
                syncing = -1;
                if (qEnvironmentVariableIsSet("RD_SYNC_TRACE"))
                    qInfo() << "  sync" << ci << "epoch" << clients[ci].tw->ws->db().meta(QStringLiteral("sync_epoch")).value().left(8) << (r ? QStringLiteral("ok") : r.error().message) << "pushed"
                            << clients[ci].tw->count(QStringLiteral("SELECT coalesce((SELECT value FROM meta WHERE key = 'sync_pushed'), -1)")) << "outbox"
                            << clients[ci].tw->count(QStringLiteral("SELECT count(*) FROM changes")) << "max"
                            << clients[ci].tw->count(QStringLiteral("SELECT coalesce(max(dev_seq),0) FROM changes"))
                            << (r ? r.value().pushed : -1) << "device" << clients[ci].tw->ws->db().deviceId().right(4)
                            << (r ? r.value().repulled : false) << (r ? r.value().renewed : false);
                if (r) {
                    for (Write& wr : writes)
                        if (wr.client == ci) wr.acked = true;
                    for (Erasure& e : erasures_)
                        if (e.client == ci) e.acked = true;
                }
                return r;
            };
            editWhilePulling = [&] {
                if (syncing < 0) return;
                Client& k = clients[syncing];
                auto cs = k.tw->ws->candidates().list(k.session, ListQuery {});
                if (!cs || cs.value().items.isEmpty()) return;
                const QString id = cs.value().items[rng.bounded(int(cs.value().items.size()))].id;
                const QString field = rng.bounded(2) ? QStringLiteral("headline") : QStringLiteral("location");
                const QString value = QStringLiteral("p%1-%2").arg(seed).arg(stepNow);
                if (!k.tw->ws->candidates().update(k.session, id, { { field, value } }).ok())
                    return; // (the laptop dying mid-round: failAfter)
                writes << Write { syncing, id, field, value, stepNow };
                everyWrite << writes.last();
                ++editsWhilePulling;
            };
            int snapshotOf = -1, snapshotStep = 0; // a laptop's backup of its workspace file
            QString snapshot;
            bool serverBackup = false, restoredThisSeed = false;
            for (int step = 0; step < 60; ++step) {
                stepNow = step;
                adv.act(advRng, step);
                rita.act(scopedRng, step, round);
                const int ci = int(rng.bounded(int(clients.size())));
                Client& c = clients[ci];
                Workspace& w = *c.tw->ws;
                const int op = int(rng.bounded(112));
                if (qEnvironmentVariableIsSet("RD_SYNC_TRACE"))
                    qInfo() << "step" << step << "client" << ci << "op" << op << "| c3 pushed"
                            << (clients.size() > 3 ? clients[3].tw->count(QStringLiteral("SELECT coalesce((SELECT value FROM meta WHERE key = 'sync_pushed'), -1)")) : 0)
                            << "max" << (clients.size() > 3 ? clients[3].tw->count(QStringLiteral("SELECT coalesce(max(dev_seq),0) FROM changes")) : 0)
                            << "dev" << (clients.size() > 3 ? clients[3].tw->ws->db().deviceId().right(4) : QString());
                auto cands = w.candidates().list(c.session, ListQuery {});
                auto jobs = w.postings().list(c.session, ListQuery {});
                QVERIFY(cands.ok() && jobs.ok());
                if (op < 20 || cands.value().items.isEmpty()) {
                    auto made = w.candidates().create(c.session,
                        { { QStringLiteral("first_name"), QStringLiteral("C%1").arg(step) },
                            { QStringLiteral("last_name"), QStringLiteral("S%1x%2").arg(seed).arg(step) },
                            { QStringLiteral("emails"),
                                QJsonArray { QStringLiteral("c%1.s%2@sim.test").arg(step).arg(seed) } } });
                    QVERIFY2(made.ok(), qPrintable(made.ok() ? QString() : made.error().message));
                } else if (op < 50) {
                    const QString id = cands.value().items[rng.bounded(int(cands.value().items.size()))].id;
                    const QString field = rng.bounded(2) ? QStringLiteral("headline") : QStringLiteral("location");
                    auto up = w.candidates().update(
                        c.session, id, { { field, QStringLiteral("v%1-%2").arg(seed).arg(step) } });
                    QVERIFY2(up.ok(), qPrintable(up.ok() ? QString() : up.error().message));
                    writes << Write { ci, id, field, QStringLiteral("v%1-%2").arg(seed).arg(step), step };
                    everyWrite << writes.last();
                    if (qEnvironmentVariableIsSet("RD_SYNC_TRACE")) qInfo() << "  edit" << id << field << step;
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
                    (void)sync(ci); // may fail on a lost request; the next round resumes
                } else if (op < 98) {
                    // The client dies mid-round: a statement fails somewhere in push or apply; the
                    // transaction rolls back and the next round resumes.
                    w.db().failAfter(int(rng.bounded(40)));
                    (void)sync(ci);
                    w.db().failAfter(-1);
                    ++aborts;
                } else if (op < 100) {
                    // One of the two server processes restarts on the same address.
                    if (rng.bounded(2)) restartFirst();
                    else startSecond();
                    ++restarts;
                } else if (op < 102) {
                    // GDPR erasure of a candidate (perhaps one this laptop made and never sent).
                    const auto& cs = cands.value().items;
                    const QString id = cs[rng.bounded(int(cs.size()))].id;
                    if (id != shared.value().id) {
                        auto before = w.candidates().get(c.session, id);
                        if (before && w.gdpr().erase(c.session, id).ok()) {
                            erased.insert(id);
                            erasures_ << Erasure { ci, before.value().lastName, step };
                            ++erasures;
                        }
                    }
                } else if (op < 104) {
                    // An attachment file (travels beside its row).
                    const auto& cs = cands.value().items;
                    if (w.attachments()
                            .add(c.session, cs[rng.bounded(int(cs.size()))].id, QStringLiteral("note-%1.txt").arg(step),
                                QByteArray("file of step ") + QByteArray::number(step))
                            .ok())
                        ++files;
                } else if (op < 106) {
                    // A laptop's disk: a backup of its workspace file now; restored later, when
                    // its work since is gone and it carries on as a new device.
                    if (snapshotOf < 0) {
                        snapshot = backupFile(c);
                        snapshotOf = ci;
                        snapshotStep = step;
                    } else {
                        restoreFile(clients[snapshotOf], snapshot, slug, flaky);
                        // What it did after the backup is gone with the disk, acknowledged or not.
                        writes.removeIf([&](const Write& wr) { return wr.client == snapshotOf && wr.step >= snapshotStep; });
                        erasures_.removeIf([&](const Erasure& e) {
                            return e.client == snapshotOf && e.step >= snapshotStep && !e.acked;
                        });
                        snapshotOf = -1;
                        ++laptopRestores;
                    }
                } else if (op >= 108) {
                    // An admin changes the scoped colleague's role (once this laptop knows them):
                    // their laptop's read scope changes at its next pull.
                    auto who = w.db().selectOne(QStringLiteral("SELECT id FROM users WHERE email_norm = ?"), { rita.email });
                    if (who) {
                        const bool manager = c.tw->count(QStringLiteral("SELECT count(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id "
                                                                        "WHERE ur.user_id = ? AND r.name = 'hiring_manager' AND ur.deleted_at IS NULL"),
                                                 { who.value().value(0) })
                            > 0;
                        if (w.users()
                                .setRoles(c.session, who.value().value(0).toString(),
                                    { manager ? QStringLiteral("recruiter") : QStringLiteral("hiring_manager") })
                                .ok())
                            ++rita.scopeChanges;
                    }
                } else if (serverRestores_ && seed % 3 == 0) {
                    // The server's database: a backup now; restored later (then the admin's one
                    // command), when the laptops re-send what it lost. (Every third seed: a
                    // backup stops both servers for half a second.)
                    if (!serverBackup) {
                        offline([&] {
                            QVERIFY(admin.exec(QStringLiteral("CREATE DATABASE %1 TEMPLATE %2 OWNER rdapp").arg(backupDb, liveDb)).ok());
                        });
                        serverBackup = true;
                    } else {
                        offline([&] {
                            QVERIFY(admin.exec(QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(liveDb)).ok());
                            QVERIFY(admin.exec(QStringLiteral("ALTER DATABASE %1 RENAME TO %2").arg(backupDb, liveDb)).ok());
                        });
                        auto marked = markRestored(*m_db);
                        RD_VERIFY_OK(marked);
                        if (qEnvironmentVariableIsSet("RD_SYNC_TRACE"))
                            qInfo() << "  restored" << QJsonDocument(marked.value()).toJson(QJsonDocument::Compact);
                        serverBackup = false;
                        restoredThisSeed = true;
                        ++serverRestores;
                    }
                }
            }
            // Everyone syncs on a working network until quiet (two passes: the second brings
            // the first pass's later changes to the earlier clients).
            faulty = false;
            if (serverBackup) (void)admin.exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(backupDb));
            for (int pass = 0; pass < 2; ++pass) {
                for (size_t ci = 0; ci < clients.size(); ++ci) {
                    auto r = sync(int(ci));
                    QVERIFY2(r.ok(),
                        qPrintable(
                            QStringLiteral("seed %1: %2").arg(seed).arg(r.ok() ? QString() : r.error().message)));
                }
                auto r = round(adv.client, QStringLiteral("mallory@%1.test").arg(slug));
                QVERIFY2(r.ok(),
                    qPrintable(QStringLiteral("seed %1: adversary: %2 %3")
                                   .arg(seed)
                                   .arg(r.ok() ? QString() : r.error().message,
                                       r.ok() ? QString() : QString::fromUtf8(QJsonDocument(r.error().details).toJson(QJsonDocument::Compact)))));
                auto scoped = round(rita.client, rita.email);
                QVERIFY2(scoped.ok(),
                    qPrintable(QStringLiteral("seed %1: scoped colleague: %2").arg(seed).arg(scoped.ok() ? QString() : scoped.error().message)));
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
                // No change from the server waits aside (a row a laptop's schema refused: a
                // server check missing).
                QVERIFY2(clients[i].tw->count(QStringLiteral("SELECT count(*) FROM sync_unapplied")) == 0,
                    qPrintable(QStringLiteral("seed %1: client %2 holds changes it could not apply: %3")
                                   .arg(seed)
                                   .arg(i)
                                   .arg(clients[i].tw->ws->db().selectOne(QStringLiteral(
                                       "SELECT group_concat(entity || ' ' || error, '; ') FROM sync_unapplied"))
                                            .value()
                                            .value(0)
                                            .toString())));
                if (clients[i].exported() != reference && qEnvironmentVariableIsSet("RD_SYNC_TRACE")) {
                    (void)m_db->begin();
                    auto tenant = m_db->select(QStringLiteral("SELECT id FROM tenants WHERE slug = ?"), { slug });
                    (void)m_db->scopeToTenant(tenant.value().first().value(0).toString());
                    auto log = m_db->select(QStringLiteral("SELECT server_seq, device_id, dev_seq, entity, row_id, op, left(fields::text, 120), "
                                                           "coalesce(pushed_fields::text,'') FROM changes WHERE entity IN ('candidates', 'candidate_contacts', 'applications') ORDER BY server_seq"));
                    for (const auto& r : log.value())
                        qInfo() << "log" << r.value(0) << r.value(1).toString().right(4) << r.value(2) << r.value(3) << r.value(4).toString().right(4) << r.value(5) << r.value(6).toString() << r.value(7).toString().left(60);
                    m_db->rollback();
                    for (size_t k = 0; k < clients.size(); ++k)
                        qInfo() << "client" << k << clients[k].tw->ws->db().deviceId().right(4);
                    auto rows = clients[i].tw->ws->db().select(QStringLiteral("SELECT server_seq, entity, row_id, field, losing_value FROM sync_conflicts ORDER BY server_seq"));
                    for (const auto& r : rows.value())
                        qInfo() << "conflict on" << i << r.value(0) << r.value(1) << r.value(2).toString().right(4) << r.value(3) << r.value(4).toString().left(200);
                }
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
            // Every acknowledged edit survives: the final value, a conflict that shows it, or a
            // later edit of the same field; edits of erased candidates went with them.
            for (const Write& wr : std::as_const(writes)) {
                if (!wr.acked || erased.contains(wr.candidate)) continue;
                // (Erased with another: a duplicate merged into a candidate erased later goes too.)
                if (clients[0].tw->count(QStringLiteral("SELECT count(*) FROM candidates WHERE id = ? AND erased_at IS NOT NULL"),
                        { wr.candidate })
                    > 0)
                    continue;
                ++checkedWrites;
                const QString final = clients[0].tw->ws->db()
                                          .selectOne(QStringLiteral("SELECT %1 FROM candidates WHERE id = ?").arg(wr.field), { wr.candidate })
                                          .value()
                                          .value(0)
                                          .toString();
                if (final == wr.value) continue;
                // A conflict on the field, or an edit of a row deleted (merged away) meanwhile, on a
                // laptop (the writer's at least: a conflict recorded after the server's backup
                // stays on the laptops that had pulled it when the server is restored).
                bool shown = false;
                for (Client& k : clients)
                    shown = shown
                        || k.tw->count(QStringLiteral("SELECT count(*) FROM sync_conflicts WHERE row_id = ? AND ((field = ? AND "
                                                      "losing_value = ?) OR (field = 'rule:deleted' AND json_extract(losing_value, "
                                                      "'$.' || ?) = ?))"),
                               { wr.candidate, wr.field, QStringLiteral("\"%1\"").arg(wr.value), wr.field, wr.value })
                            > 0;
                const bool replaced = std::any_of(everyWrite.cbegin(), everyWrite.cend(), [&](const Write& later) {
                    return later.candidate == wr.candidate && later.field == wr.field && later.step > wr.step;
                });
                if (!(shown || replaced) && qEnvironmentVariableIsSet("RD_SYNC_TRACE")) {
                    (void)m_db->begin();
                    auto tenant = m_db->select(QStringLiteral("SELECT id FROM tenants WHERE slug = ?"), { slug });
                    (void)m_db->scopeToTenant(tenant.value().first().value(0).toString());
                    auto log = m_db->select(QStringLiteral("SELECT server_seq, device_id, dev_seq, op, fields->>'headline', "
                                                           "base_server_seq, coalesce(pushed_fields::text,'') FROM changes WHERE row_id = ? ORDER BY server_seq"),
                        { wr.candidate });
                    for (const auto& r : log.value())
                        qInfo() << "log" << r.value(0) << r.value(1).toString().right(4) << r.value(2) << r.value(3) << r.value(4) << "base" << r.value(5) << r.value(6).toString().left(80);
                    auto dev = m_db->select(QStringLiteral("SELECT server_seq, dev_seq, entity, right(row_id, 4), op, left(fields::text, 90), "
                                                           "left(coalesce(pushed_fields::text, ''), 60) FROM changes WHERE device_id = ? ORDER BY dev_seq"),
                        { clients[wr.client].tw->ws->db().deviceId() });
                    for (const auto& r : dev.value())
                        qInfo() << "dev" << r.value(0) << r.value(1) << r.value(2) << r.value(3) << r.value(4) << r.value(5).toString() << r.value(6).toString();
                    auto cf = m_db->select(QStringLiteral("SELECT server_seq, field, losing_value::text FROM conflicts WHERE row_id = ?"), { wr.candidate });
                    for (const auto& r : cf.value())
                        qInfo() << "conflict" << r.value(0) << r.value(1) << r.value(2);
                    m_db->rollback();
                    for (size_t k = 0; k < clients.size(); ++k)
                        qInfo() << "client" << k << clients[k].tw->ws->db().deviceId().right(4);
                }
                QVERIFY2(shown || replaced,
                    qPrintable(QStringLiteral("seed %1: the edit %2=%3 of candidate %4 (laptop %5, step %6) was acknowledged and "
                                              "is gone (final %7; RD_SYNC_SEED=%1 replays)")
                                   .arg(seed)
                                   .arg(wr.field, wr.value, wr.candidate)
                                   .arg(wr.client)
                                   .arg(wr.step)
                                   .arg(final)));
            }
            // No erased candidate anywhere: not on a laptop, not in any of the server's tables.
            {
                QVERIFY(m_db->begin().ok());
                auto tenant = m_db->select(QStringLiteral("SELECT id FROM tenants WHERE slug = ?"), { slug });
                QVERIFY(tenant.ok() && !tenant.value().isEmpty());
                QVERIFY(m_db->scopeToTenant(tenant.value().first().value(0).toString()).ok());
                for (const Erasure& e : std::as_const(erasures_)) {
                    const QString& marker = e.marker;
                    auto left = m_db->select(QStringLiteral("SELECT (SELECT count(*) FROM changes WHERE fields::text LIKE ? OR "
                                                            "coalesce(pushed_fields::text, '') LIKE ?) + (SELECT count(*) FROM "
                                                            "entity_state WHERE fields::text LIKE ?) + (SELECT count(*) FROM "
                                                            "conflicts WHERE coalesce(losing_value::text, '') LIKE ?)"),
                        { QStringLiteral("%\"%1\"%").arg(marker), QStringLiteral("%\"%1\"%").arg(marker),
                            QStringLiteral("%\"%1\"%").arg(marker), QStringLiteral("%\"%1\"%").arg(marker) });
                    QVERIFY(left.ok());
                    if (left.value().first().value(0).toInt() != 0 && qEnvironmentVariableIsSet("RD_SYNC_TRACE")) {
                        const QString like = QStringLiteral("%\"%1\"%").arg(marker);
                        auto where = m_db->select(QStringLiteral("SELECT 'changes', server_seq::text, device_id, entity, row_id, op, "
                                                                 "left(fields::text, 150), left(coalesce(pushed_fields::text,''), 80) FROM changes WHERE fields::text LIKE ? OR "
                                                                 "coalesce(pushed_fields::text, '') LIKE ? UNION ALL SELECT 'state', server_seq::text, '', entity, row_id, deleted::text, "
                                                                 "left(fields::text, 150), '' FROM entity_state WHERE fields::text LIKE ?"),
                            { like, like, like });
                        for (const auto& r : where.value())
                            qInfo() << "left:" << r.value(0) << r.value(1) << r.value(2).toString().right(4) << r.value(3) << r.value(4).toString().right(4) << r.value(5) << r.value(6) << r.value(7);
                    }
                    QVERIFY2(left.value().first().value(0).toInt() == 0,
                        qPrintable(QStringLiteral("seed %1: the erased %2 is still on the server").arg(seed).arg(marker)));
                    for (Client& k : clients)
                        QVERIFY2(!k.exported().contains(("\"" + marker + "\"").toUtf8()),
                            qPrintable(QStringLiteral("seed %1: the erased %2 is still on a laptop").arg(seed).arg(marker)));
                }
                // The server's state is the laptops' (every candidate's edited fields).
                auto server = m_db->select(QStringLiteral("SELECT row_id, coalesce(fields->>'headline', ''), "
                                                          "coalesce(fields->>'location', '') FROM entity_state WHERE entity = "
                                                          "'candidates' AND NOT deleted"));
                m_db->rollback();
                QVERIFY(server.ok());
                for (const auto& row : server.value()) {
                    auto local = clients[0].tw->ws->db().selectOne(
                        QStringLiteral("SELECT coalesce(headline, ''), coalesce(location, '') FROM candidates WHERE id = ?"),
                        { row.value(0) });
                    QVERIFY2(local.ok(), qPrintable(QStringLiteral("seed %1: server row %2 missing on the laptops").arg(seed).arg(row.value(0).toString())));
                    QCOMPARE(local.value().value(0).toString(), row.value(1).toString());
                    QCOMPARE(local.value().value(1).toString(), row.value(2).toString());
                }
            }
            // The server holds every client's audit chain, intact.
            AuditStore audit(*m_db);
            auto v = audit.verify(slug);
            QVERIFY2(v.ok(), qPrintable(v.ok() ? QString() : v.error().message));
            QVERIFY2(v.value().ok, qPrintable(v.value().reason));
            // The laptops', the adversary's, the server's own (it made their user), and one more
            // for each laptop that carried on as a new device.
            QVERIFY(v.value().chains >= n + 2);
            // What the adversary wrote into their file reached nobody, and their laptop holds
            // the server's values again.
            adv.verify(*m_db, clients, restoredThisSeed);
            if (QTest::currentTestFailed()) {
                qWarning().noquote() << QStringLiteral("seed %1: the adversary's forgeries leaked (RD_SYNC_SEED=%1 replays)").arg(seed);
                return;
            }
            rita.verify(clients, seed);
            if (QTest::currentTestFailed()) return;
            scopeChanges += rita.scopeChanges;
            forgeries += adv.forged;
            refusals += adv.refusedCount();
            qInfo().noquote() << QStringLiteral("seed %1: %2 clients converged, %3 faults injected, %4 ms")
                                     .arg(seed)
                                     .arg(n)
                                     .arg(dropped)
                                     .arg(seedTime.elapsed());
        }
        qInfo().noquote() << QStringLiteral(
            "%1 seeds%8: %2 field conflicts, %3 duplicates resolved (%6 CV versions renumbered; "
            "serverRulesComeBackAsCompensation makes one for sure; %7 outreach messages queued twice sent once), %4 "
            "client "
            "aborts, %5 server restarts")
                                 .arg(seeds)
                                 .arg(conflicts)
                                 .arg(duplicates)
                                 .arg(aborts)
                                 .arg(restarts)
                                 .arg(renumbered)
                                 .arg(messages)
                                 .arg(shards > 1 ? QStringLiteral(" (shard %1/%2: %3 of them)").arg(shard).arg(shards).arg((seeds - shard) / shards + 1) : QString());
        qInfo().noquote() << QStringLiteral("adversaries: %1 forged writes, %2 refusals, none applied; %3 role changes of a "
                                            "colleague at work")
                                 .arg(forgeries)
                                 .arg(refusals)
                                 .arg(scopeChanges);
        qInfo().noquote() << QStringLiteral("%1 erasures, %2 attachment files, %3 laptops restored from a backup, %4 servers "
                                            "restored, %5 requests delivered twice, %6 delivered late, %9 edits while a pull was on the wire; %7 "
                                            "acknowledged edits checked against the model; %8 ms with the servers stopped for "
                                            "backups and restores")
                                 .arg(erasures)
                                 .arg(files)
                                 .arg(laptopRestores)
                                 .arg(serverRestores)
                                 .arg(doubled)
                                 .arg(replays)
                                 .arg(checkedWrites)
                                 .arg(m_offlineMs)
                                 .arg(editsWhilePulling);
        // (A request of a simulated round costs a few milliseconds; one of 30 ms or more is the
        // network stack holding a segment back: test_server acceptedConnectionsSendAtOnce.)
        qInfo().noquote() << QStringLiteral("%1 requests, %2 ms each on average, %3 took 30 ms or more")
                                 .arg(requests)
                                 .arg(requests ? double(requestNs) / requests / 1e6 : 0, 0, 'f', 2)
                                 .arg(slowRequests);
        // The run exercised what it claims to (not for a single replayed seed).
        if (only < 0 && seeds / shards >= 20) {
            QVERIFY(conflicts > 0);
            QVERIFY(duplicates > 0);
            QVERIFY(aborts > 0);
            QVERIFY(restarts > 0);
            QVERIFY(forgeries > 0);
            QVERIFY(refusals > 0);
            QVERIFY(erasures > 0);
            QVERIFY(laptopRestores > 0);
            if (serverRestores_) QVERIFY(serverRestores > 0);
            QVERIFY(replays > 0);
            QVERIFY(checkedWrites > 0);
            QVERIFY(editsWhilePulling > 0);
            QVERIFY(scopeChanges > 0);
        }
    }
};

QTEST_MAIN(TestSyncSim)
#include "test_syncsim.moc"
