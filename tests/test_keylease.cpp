// The key lease and remote wipe (issue 22, decision 0024): a laptop's workspace key is wrapped
// by a key the sync server hands out with a lease; offline work goes on until the lease ends
// (judged on a fake clock here), then only a sign-in at the server opens it; an administrator's
// wipe erases the workspace at the laptop's next contact. The server tests run the real server
// over HTTP on the fixture's PostgreSQL.
#include "syncclients.h"

#include "crypto/keylease.h"
#include "server/devicelease.h"
#include "server/serversettings.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>
#include <QtTest>

using namespace rd;

namespace {
// Whether the server holds the candidate (read in the tenant's row-level scope).
bool serverHas(server::PgDatabase& db, const QString& slug, const QString& candidate)
{
    auto tenant = db.select(QStringLiteral("SELECT id FROM tenants WHERE slug = ?"), { slug });
    if (!tenant || tenant.value().isEmpty() || !db.begin()) return false;
    const QString tid = tenant.value().first().value(0).toString();
    bool found = false;
    if (db.scopeToTenant(tid)) {
        auto row = db.select(QStringLiteral("SELECT 1 FROM entity_state WHERE tenant_id = ? AND entity = 'candidates' AND row_id = ?"),
            { tid, candidate });
        found = row && !row.value().isEmpty();
    }
    (void)db.commit();
    return found;
}

const QByteArray kPassphrase = "lease test passphrase";
constexpr qint64 kDay = 24 * 3600;

// The key lives in a passphrase file beside the workspace (as on a laptop without a keychain),
// under a custody that reads the workspace's fake clock.
std::shared_ptr<crypto::PassphraseKeyFile> keyFile(const test::TestWorkspace& tw)
{
    return std::make_shared<crypto::PassphraseKeyFile>(tw.path + QStringLiteral(".key"), kPassphrase);
}

void putInCustody(test::TestWorkspace& tw, std::shared_ptr<crypto::KeyProvider> base = {})
{
    if (!base) base = keyFile(tw);
    if (!base->store(test::TestWorkspace::dataKey())) qFatal("cannot store the data key");
    tw.custody = std::make_shared<crypto::KeyCustody>(tw.path, base, tw.clock);
    tw.open();
}

crypto::Lease leaseAt(qint64 serverNowMs, int days, const QByteArray& key)
{
    crypto::Lease l;
    l.key = key;
    l.serverNowMs = serverNowMs;
    l.untilMs = serverNowMs + days * kDay * 1000;
    l.days = days;
    l.server = QStringLiteral("https://sync.example.test");
    l.tenant = QStringLiteral("lease");
    l.email = QStringLiteral("admin@lease.test");
    return l;
}

QString reasonOf(const Error& e) { return e.details.value(QStringLiteral("reason")).toString(); }

// What opening the workspace says now (empty: it opened).
QString openFails(test::TestWorkspace& tw, Error* error = nullptr)
{
    tw.ws.reset();
    WorkspaceOptions o;
    o.clock = &tw.clock;
    o.custody = tw.custody;
    auto r = Workspace::open(tw.path, o);
    if (r) {
        tw.ws = std::move(r).value();
        return {};
    }
    if (error) *error = r.error();
    return reasonOf(r.error());
}

QString addCandidate(Workspace& ws, const Session& s, const QString& last)
{
    auto c = ws.candidates().create(s, { { QStringLiteral("first_name"), QStringLiteral("Zephyrine") },
                                           { QStringLiteral("last_name"), last } });
    if (!c) qFatal("candidate: %s", qPrintable(c.error().message));
    return c.value().id;
}

bool hasCandidate(Workspace& ws, const Session& s, const QString& id) { return ws.candidates().get(s, id).ok(); }

// Every file the workspace left in its folder (the erasure's note aside).
QStringList leftovers(const test::TestWorkspace& tw)
{
    QStringList out;
    QDirIterator it(tw.dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString f = it.next();
        if (!f.endsWith(QLatin1String(".wiped")) && !f.endsWith(QLatin1String(".lock"))) out << f;
    }
    return out;
}

// A key store that fails its next N writes: the process died between writing the lease file and
// changing where the key lives.
class DyingStore final : public crypto::KeyProvider {
public:
    explicit DyingStore(std::shared_ptr<crypto::KeyProvider> inner)
        : m_inner(std::move(inner))
    {
    }
    QString name() const override { return QStringLiteral("dying"); }
    Result<QByteArray> load() override { return m_inner->load(); }
    Status store(const QByteArray& key) override
    {
        if (failures > 0) {
            --failures;
            return makeError(ErrorCode::StorageError, QStringLiteral("the process died here"));
        }
        return m_inner->store(key);
    }
    int failures = 0;

private:
    std::shared_ptr<crypto::KeyProvider> m_inner;
};
} // namespace

class TestKeyLease : public QObject, public test::SyncClientsFixture {
    Q_OBJECT

    struct Attached {
        QString slug;
        QString email;
        Session admin;
    };
    // A fresh server, a workspace in custody made offline, attached and synced once (leased).
    Attached attachedInCustody(test::TestWorkspace& a, const QString& name)
    {
        startServer();
        Attached at;
        at.slug = serverTenant(name);
        putInCustody(a);
        at.email = QStringLiteral("admin@%1.test").arg(at.slug);
        at.admin = a.createTenant(at.slug, at.slug, at.email);
        sync::SyncEngine engine(*a.ws, at.admin);
        if (!engine.connect(m_url, at.slug, at.email, test::kAdminPassword, {}, true) || !engine.syncOnce())
            qFatal("cannot attach the workspace");
        return at;
    }

private slots:
    void initTestCase()
    {
        crypto::setPasswordHashParamsForTesting({ 1024, 1, 1 });
        QVERIFY2(loadBaseUrl(), "RD_PG_INFO names no fixture cluster (run through ctest)");
        QLoggingCategory::setFilterRules(QStringLiteral("rd.core.store.info=false\nrd.sync.client.info=false"));
    }

    // Offline, the workspace opens until the lease's end; after it, the local copy of the lease
    // key is gone (turning the clock back does not bring it back) and the key the server hands
    // back opens the same data.
    void opensUntilTheLeaseEndsThenOnlyTheServerOpensIt()
    {
        test::TestWorkspace tw;
        putInCustody(tw);
        const Session admin = tw.createTenant(QStringLiteral("Lease"), QStringLiteral("lease"));
        const QString id = addCandidate(*tw.ws, admin, QStringLiteral("Quillfeather"));
        const QByteArray leaseKey = crypto::randomBytes(32);
        crypto::Lease lease = leaseAt(tw.clock.nowMs(), 14, leaseKey);
        lease.deviceId = tw->db().deviceId();
        RD_VERIFY_OK(tw.custody->renew(test::TestWorkspace::dataKey(), lease));
        // The key file holds the lease key now, not the data key.
        QCOMPARE(keyFile(tw)->load().value(), leaseKey);
        QVERIFY(tw.custody->state().leased);

        tw.clock.advanceSecs(13 * kDay);
        QCOMPARE(openFails(tw), QString());
        QVERIFY(hasCandidate(*tw.ws, admin, id));

        tw.clock.advanceSecs(2 * kDay);
        Error e;
        QCOMPARE(openFails(tw, &e), QStringLiteral("lease_expired"));
        QCOMPARE(e.details.value(QStringLiteral("server")).toString(), lease.server);
        QCOMPARE(e.details.value(QStringLiteral("email")).toString(), lease.email);
        QVERIFY2(e.message.contains(lease.server), qPrintable(e.message));
        QVERIFY(keyFile(tw)->load().value() != leaseKey); // destroyed
        QVERIFY(tw.custody->state().lapsed);

        tw.clock.advanceSecs(-10 * kDay); // a clock turned back
        QCOMPARE(openFails(tw), QStringLiteral("lease_expired"));

        auto reopened = tw.custody->reopen(leaseAt(tw.clock.nowMs(), 14, leaseKey));
        RD_VERIFY_OK(reopened);
        QCOMPARE(reopened.value(), test::TestWorkspace::dataKey());
        QCOMPARE(openFails(tw), QString());
        QVERIFY(hasCandidate(*tw.ws, admin, id));
        // A wrong key from "the server" opens nothing.
        auto wrong = tw.custody->reopen(leaseAt(tw.clock.nowMs(), 14, crypto::randomBytes(32)));
        QVERIFY(!wrong);
        QCOMPARE(reasonOf(wrong.error()), QStringLiteral("wrong_key"));
    }

    // A laptop whose clock is a month behind the server's: the lease ends on the server's time
    // (the offset measured at renewal), not 30 days later.
    void aWrongClockDoesNotLengthenTheLease()
    {
        test::TestWorkspace tw;
        putInCustody(tw);
        tw.createTenant(QStringLiteral("Lease"), QStringLiteral("lease"));
        const qint64 server = tw.clock.nowMs() + 30 * kDay * 1000;
        RD_VERIFY_OK(tw.custody->renew(test::TestWorkspace::dataKey(), leaseAt(server, 14, crypto::randomBytes(32))));
        tw.clock.advanceSecs(13 * kDay);
        QCOMPARE(openFails(tw), QString());
        tw.clock.advanceSecs(2 * kDay); // the laptop's clock says day 15 of a 44-day stretch
        QCOMPARE(openFails(tw), QStringLiteral("lease_expired"));
    }

    // The lease file's end moved by hand: refused, and the data key is not handed out.
    void anEditedLeaseFileIsRefused()
    {
        test::TestWorkspace tw;
        putInCustody(tw);
        tw.createTenant(QStringLiteral("Lease"), QStringLiteral("lease"));
        RD_VERIFY_OK(tw.custody->renew(test::TestWorkspace::dataKey(), leaseAt(tw.clock.nowMs(), 14, crypto::randomBytes(32))));
        tw.ws.reset();
        const QString path = crypto::KeyCustody::leasePath(tw.path);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        o.insert(QStringLiteral("until"), o.value(QStringLiteral("until")).toInteger() + 365 * kDay * 1000);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(o).toJson());
        f.close();
        tw.clock.advanceSecs(20 * kDay);
        QCOMPARE(openFails(tw), QStringLiteral("lease_tampered"));
        auto key = tw.custody->load();
        QVERIFY(!key);
    }

    // The process dies between writing the lease file and changing where the key lives, at the
    // first lease and when the server's lease key changed: the workspace still opens.
    void aCrashMidRenewalStillOpens()
    {
        test::TestWorkspace tw;
        auto dying = std::make_shared<DyingStore>(keyFile(tw));
        putInCustody(tw, dying);
        const Session admin = tw.createTenant(QStringLiteral("Lease"), QStringLiteral("lease"));
        const QString id = addCandidate(*tw.ws, admin, QStringLiteral("Crashley"));
        const QByteArray k1 = crypto::randomBytes(32), k2 = crypto::randomBytes(32);
        dying->failures = 1;
        QVERIFY(!tw.custody->renew(test::TestWorkspace::dataKey(), leaseAt(tw.clock.nowMs(), 14, k1)));
        QCOMPARE(openFails(tw), QString()); // the key store still holds the data key
        QVERIFY(hasCandidate(*tw.ws, admin, id));
        RD_VERIFY_OK(tw.custody->renew(test::TestWorkspace::dataKey(), leaseAt(tw.clock.nowMs(), 14, k1)));
        QCOMPARE(keyFile(tw)->load().value(), k1);
        dying->failures = 1;
        QVERIFY(!tw.custody->renew(test::TestWorkspace::dataKey(), leaseAt(tw.clock.nowMs(), 14, k2)));
        QCOMPARE(keyFile(tw)->load().value(), k1);
        QCOMPARE(openFails(tw), QString()); // the wrap under k1 was kept
        RD_VERIFY_OK(tw.custody->renew(test::TestWorkspace::dataKey(), leaseAt(tw.clock.nowMs(), 14, k2)));
        QCOMPARE(keyFile(tw)->load().value(), k2);
        QCOMPARE(openFails(tw), QString());
        QVERIFY(hasCandidate(*tw.ws, admin, id));
    }

    // The first renewal dies before the key store changes, the lease lapses so, and the
    // sign-in's renewal dies too: whom to ask is still trusted, so the next sign-in reopens it
    // (second break test: it never could again).
    void twoCrashesStillLeaveASignInThatReopens()
    {
        test::TestWorkspace tw;
        auto dying = std::make_shared<DyingStore>(keyFile(tw));
        putInCustody(tw, dying);
        const Session admin = tw.createTenant(QStringLiteral("Lease"), QStringLiteral("lease"));
        const QString id = addCandidate(*tw.ws, admin, QStringLiteral("Twicecrashed"));
        const QByteArray k1 = crypto::randomBytes(32);
        dying->failures = 1;
        QVERIFY(!tw.custody->renew(test::TestWorkspace::dataKey(), leaseAt(tw.clock.nowMs(), 14, k1)));
        tw.clock.advanceSecs(15 * kDay);
        QCOMPARE(openFails(tw), QStringLiteral("lease_expired"));
        QVERIFY(tw.custody->state(true).verified);
        dying->failures = 1;
        QVERIFY(!tw.custody->reopen(leaseAt(tw.clock.nowMs(), 14, k1)));
        QVERIFY(tw.custody->state(true).verified);
        RD_VERIFY_OK(tw.custody->reopen(leaseAt(tw.clock.nowMs(), 14, k1)));
        QVERIFY(tw.custody->state(true).verified);
        QCOMPARE(openFails(tw), QString());
        QVERIFY(hasCandidate(*tw.ws, admin, id));
    }

    // A wipe destroys the key and every file of the workspace (database, WAL, backups,
    // attachments) and leaves a note that says why.
    void aWipeLeavesNothingReadable()
    {
        test::TestWorkspace tw;
        putInCustody(tw);
        const Session admin = tw.createTenant(QStringLiteral("Lease"), QStringLiteral("lease"));
        const QString id = addCandidate(*tw.ws, admin, QStringLiteral("Quillfeather"));
        RD_VERIFY_OK(tw->attachments().add(admin, id, QStringLiteral("cv.txt"), QByteArray("Brachiosaurus welding for ten years")));
        RD_VERIFY_OK(tw.custody->renew(test::TestWorkspace::dataKey(), leaseAt(tw.clock.nowMs(), 14, crypto::randomBytes(32))));
        QVERIFY(QFile::exists(tw.path + QStringLiteral("-wal")));
        QVERIFY(QDir(tw.path + QStringLiteral(".blobs")).exists());
        // Beside it: another workspace whose name starts with this one's, and a link to a file
        // elsewhere. Neither is this workspace's (the break test's finding: both were erased).
        QTemporaryDir elsewhere;
        const QString outside = elsewhere.filePath(QStringLiteral("notes.txt"));
        const QStringList others { tw.path + QStringLiteral(".personal.db"), tw.path + QStringLiteral(".personal.db.key") };
        const QStringList untouched = QStringList(others) << outside;
        for (const QString& f : untouched) {
            QFile o(f);
            QVERIFY(o.open(QIODevice::WriteOnly));
            o.write("not this workspace's");
        }
        QVERIFY(QFile::link(outside, tw.path + QStringLiteral(".x")));
        RD_VERIFY_OK(tw.custody->wipe({ { QStringLiteral("reason"), QStringLiteral("Laptop stolen at the job fair") } }));
        tw.ws.reset();
        for (const QString& f : untouched) {
            QFile o(f);
            QVERIFY2(o.open(QIODevice::ReadOnly), qPrintable(f));
            QCOMPARE(o.readAll(), QByteArray("not this workspace's"));
            if (f != outside) QVERIFY(QFile::remove(f));
        }
        QFile::remove(tw.path + QStringLiteral(".x"));
        QCOMPARE(leftovers(tw), QStringList());
        Error e;
        QCOMPARE(openFails(tw, &e), QStringLiteral("wiped"));
        QVERIFY2(e.message.contains(QLatin1String("Laptop stolen at the job fair")), qPrintable(e.message));
        QVERIFY(!QFile::exists(tw.path)); // the failed open made no new file
    }

    // A lapsed workspace whose lease file was edited to name another server: the identity is
    // not authenticated any more, so no password is sent anywhere (break test: it was sent to
    // the edited address and that "server" could order the file erased).
    void anEditedServerIsNotSentThePassword()
    {
        test::TestWorkspace tw;
        putInCustody(tw);
        tw.createTenant(QStringLiteral("Lease"), QStringLiteral("lease"));
        crypto::Lease lease = leaseAt(tw.clock.nowMs(), 14, crypto::randomBytes(32));
        RD_VERIFY_OK(tw.custody->renew(test::TestWorkspace::dataKey(), lease));
        QVERIFY(tw.custody->state(true).verified);
        tw.clock.advanceSecs(15 * kDay);
        QCOMPARE(openFails(tw), QStringLiteral("lease_expired"));
        QVERIFY(tw.custody->state(true).verified); // still known whom to ask
        const QString path = crypto::KeyCustody::leasePath(tw.path);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        o.insert(QStringLiteral("server"), QStringLiteral("http://evil.example"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(o).toJson());
        f.close();
        QVERIFY(!tw.custody->state(true).verified);
        int calls = 0;
        auto refused = sync::SyncEngine::reopenLeased(*tw.custody, QStringLiteral("the real password"), QStringLiteral("123456"),
            nullptr, [&](const QByteArray&, const QString&, const QByteArray&, const QByteArray&, const QString&) {
                ++calls;
                return sync::HttpResponse { 403, {}, {} };
            });
        QVERIFY(!refused);
        QCOMPARE(reasonOf(refused.error()), QStringLiteral("lease_tampered"));
        QCOMPARE(calls, 0);
        QVERIFY(QFile::exists(tw.path));
    }

    // The key store cannot be written when the lease has ended: nothing opens, and turning the
    // clock back does not open it either (the end is recorded as seen first).
    void aLapseThatCannotDestroyTheKeyStillShuts()
    {
        test::TestWorkspace tw;
        auto dying = std::make_shared<DyingStore>(keyFile(tw));
        putInCustody(tw, dying);
        tw.createTenant(QStringLiteral("Lease"), QStringLiteral("lease"));
        RD_VERIFY_OK(tw.custody->renew(test::TestWorkspace::dataKey(), leaseAt(tw.clock.nowMs(), 14, crypto::randomBytes(32))));
        tw.clock.advanceSecs(15 * kDay);
        dying->failures = 1;
        openFails(tw);
        QVERIFY(!tw.ws); // refused (the store could not be written)
        tw.clock.advanceSecs(-14 * kDay);
        QCOMPARE(openFails(tw), QStringLiteral("lease_expired")); // and now the key is destroyed
        tw.clock.advanceSecs(-1 * kDay);
        QCOMPARE(openFails(tw), QStringLiteral("lease_expired"));
    }

    // A copy of the key store from before the lease (a keychain or key file backup) with the
    // lease file removed: the file knows it was leased and does not open.
    void aKeyFromBeforeTheLeaseOpensNothing()
    {
        test::TestWorkspace tw;
        putInCustody(tw);
        const Session admin = tw.createTenant(QStringLiteral("Lease"), QStringLiteral("lease"));
        const QString before = tw.path + QStringLiteral(".key-before-lease");
        QVERIFY(QFile::copy(tw.path + QStringLiteral(".key"), before));
        RD_VERIFY_OK(tw.custody->renew(test::TestWorkspace::dataKey(), leaseAt(tw.clock.nowMs(), 14, crypto::randomBytes(32))));
        RD_VERIFY_OK(tw->db().setMeta(QString::fromLatin1(Workspace::kLeasedMeta), QStringLiteral("https://sync.example.test")));
        tw.clock.advanceSecs(15 * kDay);
        QCOMPARE(openFails(tw), QStringLiteral("lease_expired"));
        QVERIFY(QFile::remove(tw.path + QStringLiteral(".key")));
        QVERIFY(QFile::rename(before, tw.path + QStringLiteral(".key")));
        QVERIFY(QFile::remove(crypto::KeyCustody::leasePath(tw.path)));
        Error e;
        QCOMPARE(openFails(tw, &e), QStringLiteral("lease_missing"));
        QVERIFY2(e.message.contains(QLatin1String(".lease")), qPrintable(e.message));
    }

    // Against the real server: each sync renews the lease for the tenant's period (default 14
    // days; offline_lease_days; a user's own period wins); past its end the laptop opens only
    // after a sign-in, and then syncs on.
    void theServerRenewsTheLeaseAtEachSync()
    {
        test::TestWorkspace a;
        const auto [slug, email, admin] = attachedInCustody(a, QStringLiteral("Leasing"));
        auto engine = std::make_unique<sync::SyncEngine>(*a.ws, admin);
        auto leaseDays = [&] {
            const crypto::LeaseState st = a.custody->state();
            return double(st.untilMs - st.seenMs) / (kDay * 1000.0);
        };
        QVERIFY(a.custody->state().leased);
        QVERIFY2(qAbs(leaseDays() - 14) < 0.01, qPrintable(QString::number(leaseDays())));
        auto stored = m_db->select(QStringLiteral("SELECT lease_key FROM devices WHERE id = ?"), { a->db().deviceId() });
        QCOMPARE(keyFile(a)->load().value(), QByteArray::fromBase64(stored.value().first().value(0).toString().toLatin1()));

        server::ServerSettings settings(*m_db, {});
        RD_VERIFY_OK(settings.set(QStringLiteral("offline_lease_days"), QStringLiteral("3"), slug));
        RD_VERIFY_OK(engine->syncOnce());
        QVERIFY2(qAbs(leaseDays() - 3) < 0.01, qPrintable(QString::number(leaseDays())));
        auto tenantId = settings.tenantId(slug);
        RD_VERIFY_OK(server::DeviceLeases(*m_db, {}).setUserDays(tenantId.value(), email, 30));
        RD_VERIFY_OK(engine->syncOnce());
        QVERIFY2(qAbs(leaseDays() - 30) < 0.01, qPrintable(QString::number(leaseDays())));

        // Offline for 31 days: an edit made on day 29 waits unsent; on day 31 the file is shut.
        a.clock.advanceSecs(29 * kDay);
        engine.reset();
        Error e29;
        QCOMPARE(openFails(a, &e29), QString());
        const QString late = addCandidate(*a.ws, admin, QStringLiteral("Offlineson"));
        a.clock.advanceSecs(2 * kDay);
        QCOMPARE(openFails(a), QStringLiteral("lease_expired"));
        QJsonObject tokens;
        auto wrongPassword = sync::SyncEngine::reopenLeased(*a.custody, QStringLiteral("not the password"), {}, &tokens);
        QVERIFY(!wrongPassword);
        QCOMPARE(openFails(a), QStringLiteral("lease_expired"));
        auto key = sync::SyncEngine::reopenLeased(*a.custody, test::kAdminPassword, {}, &tokens);
        RD_VERIFY_OK(key);
        QCOMPARE(key.value(), test::TestWorkspace::dataKey());
        QCOMPARE(openFails(a), QString());
        engine = std::make_unique<sync::SyncEngine>(*a.ws, admin);
        RD_VERIFY_OK(engine->adoptSignIn(tokens));
        auto round = engine->syncOnce();
        RD_VERIFY_OK(round);
        QCOMPARE(round.value().pending, 0);
        QVERIFY(serverHas(*m_db, slug, late)); // the day-29 edit reached the server
    }

    // `device revoke --wipe` end to end: the lost laptop erases itself at its next contact and
    // says why, the server records it, a colleague's laptop carries on; the lease key is gone
    // from the server, so no sign-in can ever open a copy of that laptop's file.
    void aRemoteWipeErasesTheLaptopAtItsNextContact()
    {
        startServer();
        const QString slug = serverTenant(QStringLiteral("Wiping"));
        auto clients = makeClients(1, slug, sync::networkExchange());
        test::TestWorkspace lost;
        putInCustody(lost);
        const QString email = QStringLiteral("admin@%1.test").arg(slug);
        auto joined = sync::SyncEngine::join(*lost.ws, m_url, slug, email, test::kAdminPassword, {});
        RD_VERIFY_OK(joined);
        auto engine = std::make_unique<sync::SyncEngine>(*lost.ws, joined.value());
        RD_VERIFY_OK(engine->syncOnce());
        QVERIFY(lost.custody->state().leased);
        const QString device = lost->db().deviceId();
        // A copy of the file taken before (a backup on a USB stick in the same bag).
        const QString copyDir = QDir(lost.dir.path()).filePath(QStringLiteral("stick"));
        QVERIFY(QDir().mkpath(copyDir));
        lost.ws.reset();
        for (const QString& suffix : { QString(), QStringLiteral(".key"), QStringLiteral(".lease") })
            QVERIFY(QFile::copy(lost.path + suffix, copyDir + QStringLiteral("/test.db") + suffix));
        QCOMPARE(openFails(lost), QString());
        engine = std::make_unique<sync::SyncEngine>(*lost.ws, joined.value());

        server::AuthService auth(*m_db);
        RD_VERIFY_OK(server::DeviceLeases(*m_db, {}).orderWipe(auth, device, QStringLiteral("Reported stolen by its owner.")));
        auto refused = engine->syncOnce();
        QVERIFY(!refused);
        QCOMPARE(reasonOf(refused.error()), QStringLiteral("wiped"));
        QVERIFY2(refused.error().message.contains(QLatin1String("Reported stolen by its owner.")), qPrintable(refused.error().message));
        engine.reset();
        lost.ws.reset();
        QStringList left = leftovers(lost);
        left.removeIf([&](const QString& f) { return f.startsWith(copyDir); });
        QCOMPARE(left, QStringList());
        Error e;
        QCOMPARE(openFails(lost, &e), QStringLiteral("wiped"));
        auto row = m_db->select(QStringLiteral("SELECT wiped_at IS NOT NULL, lease_key IS NULL FROM devices WHERE id = ?"), { device });
        QVERIFY(row.value().first().value(0).toBool());
        QVERIFY(row.value().first().value(1).toBool());
        // The colleague's laptop syncs on.
        RD_VERIFY_OK(clients[0].engine->syncOnce());
        // The copy: its lease key is in its key file until its lease ends (a limit, documented);
        // after that, the server hands nothing back for it.
        test::TestWorkspace copy;
        copy.ws.reset();
        copy.path = copyDir + QStringLiteral("/test.db");
        copy.custody = std::make_shared<crypto::KeyCustody>(copy.path,
            std::make_shared<crypto::PassphraseKeyFile>(copy.path + QStringLiteral(".key"), kPassphrase), copy.clock);
        copy.clock.setMs(lost.clock.nowMs() + 15 * kDay * 1000);
        QCOMPARE(openFails(copy), QStringLiteral("lease_expired"));
        auto again = sync::SyncEngine::reopenLeased(*copy.custody, test::kAdminPassword, {});
        QVERIFY(!again);
        QCOMPARE(reasonOf(again.error()), QStringLiteral("wiped"));
        QVERIFY(!QFile::exists(copy.path));
    }

    // A disabled account's laptop drops its copy of the lease key at its next contact (it may
    // read nothing more); enabled again, a sign-in reopens the file and what was unsent goes up.
    void aDisabledAccountShutsTheLaptopUntilEnabledAgain()
    {
        test::TestWorkspace a;
        const auto [slug, email, admin] = attachedInCustody(a, QStringLiteral("Disabling"));
        auto engine = std::make_unique<sync::SyncEngine>(*a.ws, admin);
        const QString unsent = addCandidate(*a.ws, admin, QStringLiteral("Pendingham"));
        const QString during = a.path + QStringLiteral(".key-during-lease"); // holds the lease key
        QVERIFY(QFile::copy(a.path + QStringLiteral(".key"), during));
        RD_VERIFY_OK(m_db->exec(QStringLiteral("UPDATE users SET active = false WHERE lower(email) = ?"), { email }));
        auto refused = engine->syncOnce();
        QVERIFY(!refused);
        QCOMPARE(reasonOf(refused.error()), QStringLiteral("lease_ended"));
        engine.reset();
        QCOMPARE(openFails(a), QStringLiteral("lease_expired"));
        {
            // The break test's way back in: the lease key put back and the lapse flags deleted.
            // The lease's authenticated end is now, so it lapses again.
            const QString key = a.path + QStringLiteral(".key");
            const QByteArray lapsedKey = [&] { QFile f(key); return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray(); }();
            const QString leasePath = crypto::KeyCustody::leasePath(a.path);
            QFile f(leasePath);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray lapsedLease = f.readAll();
            QJsonObject o = QJsonDocument::fromJson(lapsedLease).object();
            f.close();
            for (const char* k : { "lapsed", "lapsed_at", "lapse_reason" })
                o.remove(QLatin1String(k));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(QJsonDocument(o).toJson());
            f.close();
            QVERIFY(QFile::remove(key) && QFile::copy(during, key));
            QCOMPARE(openFails(a), QStringLiteral("lease_expired"));
            // (Put back as the lapse left them, so the sign-in below finds whom to ask.)
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(lapsedLease);
            f.close();
            QFile k(key);
            QVERIFY(k.open(QIODevice::WriteOnly | QIODevice::Truncate));
            k.write(lapsedKey);
        }
        QVERIFY(QFile::exists(a.path)); // the file stays (encrypted): nothing unsent is lost
        auto refusedAgain = sync::SyncEngine::reopenLeased(*a.custody, test::kAdminPassword, {});
        QVERIFY(!refusedAgain);
        RD_VERIFY_OK(m_db->exec(QStringLiteral("UPDATE users SET active = true WHERE lower(email) = ?"), { email }));
        QJsonObject tokens;
        RD_VERIFY_OK(sync::SyncEngine::reopenLeased(*a.custody, test::kAdminPassword, {}, &tokens));
        QCOMPARE(openFails(a), QString());
        engine = std::make_unique<sync::SyncEngine>(*a.ws, admin);
        RD_VERIFY_OK(engine->adoptSignIn(tokens));
        auto round = engine->syncOnce();
        RD_VERIFY_OK(round);
        QCOMPARE(round.value().pending, 0);
        QVERIFY(serverHas(*m_db, slug, unsent));
    }

    // The usual way: an admin disables a colleague on the desktop. Once that has synced, the
    // colleague's laptop is refused at its next pull and drops its copy of the lease key.
    void aUserDisabledOnTheDesktopShutsTheirLaptop()
    {
        test::TestWorkspace a;
        const auto [slug, email, admin] = attachedInCustody(a, QStringLiteral("Desking"));
        sync::SyncEngine ea(*a.ws, admin);
        const QString rita = QStringLiteral("rita@%1.test").arg(slug);
        auto invited = ea.invite(rita, QStringLiteral("recruiter"));
        RD_VERIFY_OK(invited);
        test::TestWorkspace r;
        putInCustody(r);
        auto joined = sync::SyncEngine::joinWithCode(*r.ws, m_url, slug, rita,
            invited.value().value(QStringLiteral("code")).toString(), QStringLiteral("Rita's own long passphrase 42"));
        RD_VERIFY_OK(joined);
        sync::SyncEngine er(*r.ws, joined.value());
        RD_VERIFY_OK(er.syncOnce());
        QVERIFY(r.custody->state().leased);
        const QString earlier = addCandidate(*a.ws, admin, QStringLiteral("Beforehand"));
        RD_VERIFY_OK(ea.syncOnce());
        RD_VERIFY_OK(er.syncOnce());
        RD_VERIFY_OK(a->users().setActive(admin, joined.value().userId, false));
        const QString later = addCandidate(*a.ws, admin, QStringLiteral("Afterwards"));
        RD_VERIFY_OK(ea.syncOnce());
        auto refused = er.syncOnce();
        QVERIFY(!refused);
        QCOMPARE(reasonOf(refused.error()), QStringLiteral("lease_ended"));
        QCOMPARE(refused.error().details.value(QStringLiteral("refusal")).toString(), QStringLiteral("account_disabled"));
        QCOMPARE(openFails(r), QStringLiteral("lease_expired"));
        // Nothing written after she was disabled reached her file (opened here with the key the
        // server holds, as only the server could).
        auto held = m_db->select(QStringLiteral("SELECT lease_key FROM devices WHERE id = ?"), { r.custody->state().deviceId });
        crypto::Lease back = leaseAt(QDateTime::currentMSecsSinceEpoch(), 14,  QByteArray::fromBase64(held.value().first().value(0).toString().toLatin1()));
        RD_VERIFY_OK(r.custody->reopen(back));
        QCOMPARE(openFails(r), QString());
        auto rows = r->db().selectOne(QStringLiteral("SELECT count(*) FROM candidates WHERE id = ?"), { later });
        RD_VERIFY_OK(rows);
        QCOMPARE(rows.value().value(0).toInt(), 0);
        auto before = r->db().selectOne(QStringLiteral("SELECT count(*) FROM candidates WHERE id = ?"), { earlier });
        QCOMPARE(before.value().value(0).toInt(), 1); // (what came before she was disabled is there)
        // The admin's own laptop is not touched.
        RD_VERIFY_OK(ea.syncOnce());
    }
};

QTEST_GUILESS_MAIN(TestKeyLease)
#include "test_keylease.moc"
