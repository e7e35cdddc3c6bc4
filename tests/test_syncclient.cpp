// The desktop sync engine against a real recruitdesk-server (HttpApp on the fixture's
// PostgreSQL): attach a workspace and upload it, join from the server, and a seeded simulation
// of offline clients whose exports must converge.
#include "client/syncengine.h"
#include "client/syncscheduler.h"
#include "server/backupcheck.h"
#include "syncclients.h"

#include <QElapsedTimer>
#include <QLockFile>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTcpServer>

using namespace rd;
using test::exportOf;
using namespace rd::server;

class TestSyncClient : public QObject, public test::SyncClientsFixture {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(loadBaseUrl(), "RD_PG_INFO names no fixture cluster (run through ctest)");
        // Hundreds of workspaces: their migrations and the engine's notes would drown the output.
        QLoggingCategory::setFilterRules(QStringLiteral("rd.core.store.info=false\nrd.sync.client.info=false"));
    }

    // A workspace made offline is attached to a new server and uploaded whole; a colleague's
    // laptop joins from the server and has the same state; signing in offline works there.
    void attachUploadAndJoin()
    {
        startServer();
        serverTenant(QStringLiteral("Acme"));
        test::TestWorkspace a;
        const Session admin
            = a.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"));
        for (int i = 0; i < 20; ++i)
            RD_VERIFY_OK(a->candidates().create(admin,
                { { QStringLiteral("first_name"), QStringLiteral("Ann%1").arg(i) },
                    { QStringLiteral("last_name"), QStringLiteral("Lee") },
                    { QStringLiteral("skills"), QStringLiteral("SQL;Qt") } }));
        RD_VERIFY_OK(a->postings().create(admin, { { QStringLiteral("title"), QStringLiteral("Qt developer") } }));
        sync::SyncEngine ea(*a.ws, admin);
        QVERIFY(ea.pendingCount() > 0);
        RD_VERIFY_OK(ea.connect(
            m_url, QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword, {}, true));
        auto first = ea.syncOnce();
        RD_VERIFY_OK(first);
        QVERIFY(first.value().pushed > 40);
        QCOMPARE(first.value().pending, 0);
        QCOMPARE(first.value().pulled, first.value().pushed); // its own changes come back in server order
        QVERIFY(first.value().auditPushed > 20);
        // A second round has nothing to do.
        auto again = ea.syncOnce();
        RD_VERIFY_OK(again);
        QCOMPARE(again.value().pushed, 0);
        QCOMPARE(again.value().pulled, 0);

        test::TestWorkspace b;
        auto joined
            = sync::SyncEngine::join(*b.ws, m_url, {}, QStringLiteral("admin@acme.test"), test::kAdminPassword, {});
        RD_VERIFY_OK(joined);
        QCOMPARE(joined.value().tenantId, admin.tenantId);
        QCOMPARE(exportOf(*b.ws, joined.value()), exportOf(*a.ws, admin));
        QCOMPARE(b.count(QStringLiteral("SELECT count(*) FROM changes")), 0); // nothing to send back
        // Search and matching see the pulled rows (their indexes are device-local).
        auto found = b->search().search(joined.value(), QStringLiteral("Ann7"), QStringLiteral("candidate"));
        QVERIFY(found.ok() && !found.value().isEmpty());
        // The joining user signs in offline with the password used to join.
        rd::SignInRequest req;
        req.tenantSlug = QStringLiteral("acme");
        req.email = QStringLiteral("admin@acme.test");
        req.password = test::kAdminPassword;
        RD_VERIFY_OK(b->auth().signIn(req));

        // Concurrent edits of the same field: the first to reach the server stays (B had not
        // seen A's edit), B's value is kept as the conflict; B's other field goes through.
        auto list = a->candidates().list(admin, ListQuery {});
        const QString id = list.value().items.first().id;
        const Session bs = joined.value();
        sync::SyncEngine eb(*b.ws, bs);
        RD_VERIFY_OK(a->candidates().update(admin, id, { { QStringLiteral("headline"), QStringLiteral("From A") } }));
        RD_VERIFY_OK(b->candidates().update(bs, id,
            { { QStringLiteral("headline"), QStringLiteral("From B") },
                { QStringLiteral("location"), QStringLiteral("Berlin") } }));
        RD_VERIFY_OK(ea.syncOnce());
        auto rb = eb.syncOnce();
        RD_VERIFY_OK(rb);
        QCOMPARE(rb.value().conflicts, 1);
        RD_VERIFY_OK(ea.syncOnce());
        QCOMPARE(exportOf(*a.ws, admin), exportOf(*b.ws, bs));
        QCOMPARE(a->candidates().get(admin, id).value().headline, QStringLiteral("From A"));
        QCOMPARE(b->candidates().get(bs, id).value().headline, QStringLiteral("From A"));
        QCOMPARE(a->candidates().get(admin, id).value().location, QStringLiteral("Berlin"));
        auto conflicts = ea.conflicts();
        RD_VERIFY_OK(conflicts);
        QCOMPARE(conflicts.value().size(), 1);
        QCOMPARE(conflicts.value().first().value(QStringLiteral("field")).toString(), QStringLiteral("headline"));
        QCOMPARE(conflicts.value().first().value(QStringLiteral("losing_value")).toString(), QStringLiteral("From B"));
        // A hand-edited file (the list is local state): a losing value that is no JSON is shown
        // as the text it is, not a crash.
        RD_VERIFY_OK(a->db().change(QStringLiteral("UPDATE sync_conflicts SET losing_value = '{not json' WHERE field = 'headline'")));
        auto edited = ea.conflicts();
        RD_VERIFY_OK(edited);
        QCOMPARE(edited.value().first().value(QStringLiteral("losing_value")).toString(), QStringLiteral("{not json"));
        RD_VERIFY_OK(a->db().change(QStringLiteral("UPDATE sync_conflicts SET losing_value = '\"From B\"' WHERE field = 'headline'")));

        // Another workspace cannot be attached to this server tenant.
        test::TestWorkspace other;
        const Session o
            = other.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"), QStringLiteral("admin@acme.test"));
        sync::SyncEngine eo(*other.ws, o);
        RD_VERIFY_OK(eo.connect(
            m_url, QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword, {}, true));
        auto refused = eo.syncOnce();
        QVERIFY(!refused.ok());
        QCOMPARE(
            refused.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("workspace_mismatch"));
        QCOMPARE(exportOf(*a.ws, admin), exportOf(*b.ws, bs)); // nothing of it reached anyone
    }

    // Attachment files follow their rows: sent before the rows (a multi-chunk file too), fetched
    // by the other laptop after its pull and readable there; a file the server does not have is
    // reported and retried; deleting the attachment removes the file from the server.
    void attachmentFilesFollowTheRows()
    {
        startServer();
        const QString slug = serverTenant(QStringLiteral("Files"));
        auto c = makeClients(2, slug, sync::networkExchange());
        auto cand = c[0].tw->ws->candidates().create(
            c[0].session, { { QStringLiteral("first_name"), QStringLiteral("Fay") } });
        RD_VERIFY_OK(cand);
        QByteArray big;
        for (int i = 0; big.size() < 2 * 1024 * 1024 + 333; ++i)
            big += QStringLiteral("Reference letter line %1 for Fay.\n").arg(i).toUtf8();
        auto small = c[0].tw->ws->attachments().add(
            c[0].session, cand.value().id, QStringLiteral("note.txt"), QByteArray("Fay speaks Dutch."));
        auto large = c[0].tw->ws->attachments().add(c[0].session, cand.value().id, QStringLiteral("letter.txt"), big);
        RD_VERIFY_OK(small);
        RD_VERIFY_OK(large);
        auto up = c[0].engine->syncOnce();
        RD_VERIFY_OK(up);
        QCOMPARE(up.value().blobsUploaded, 2);
        QCOMPARE(up.value().blobsMissing, 0);
        auto down = c[1].engine->syncOnce();
        RD_VERIFY_OK(down);
        QCOMPARE(down.value().blobsDownloaded, 2);
        QCOMPARE(down.value().blobsMissing, 0);
        auto got = c[1].tw->ws->attachments().content(c[1].session, large.value().id);
        RD_VERIFY_OK(got);
        QCOMPARE(got.value(), big);
        QCOMPARE(c[1].tw->ws->attachments().content(c[1].session, small.value().id).value(),
            QByteArray("Fay speaks Dutch."));
        auto again = c[1].engine->syncOnce(); // nothing left to move
        RD_VERIFY_OK(again);
        QCOMPARE(again.value().blobsDownloaded + again.value().blobsUploaded, 0);

        // A file lost on the laptop that made it before it was sent: the row still syncs, the
        // other laptop reports the file missing and does not ask again at once.
        auto lost = c[0].tw->ws->attachments().add(
            c[0].session, cand.value().id, QStringLiteral("lost.txt"), QByteArray("Gone before sync."));
        RD_VERIFY_OK(lost);
        QVERIFY(QFile::remove(c[0].tw->ws->attachments().blobPath(lost.value().sha256)));
        auto sent = c[0].engine->syncOnce();
        RD_VERIFY_OK(sent);
        QCOMPARE(sent.value().blobsUploaded, 0);
        auto missing = c[1].engine->syncOnce();
        RD_VERIFY_OK(missing);
        QCOMPARE(missing.value().blobsMissing, 1);
        QCOMPARE(c[1].tw->count(
                     QStringLiteral("SELECT attempts FROM blob_state WHERE sha256 = '%1'").arg(lost.value().sha256)),
            1);
        RD_VERIFY_OK(c[1].engine->syncOnce());
        QCOMPARE(c[1].tw->count(
                     QStringLiteral("SELECT attempts FROM blob_state WHERE sha256 = '%1'").arg(lost.value().sha256)),
            1);
        auto notHere = c[1].tw->ws->attachments().content(c[1].session, lost.value().id);
        QVERIFY(!notHere.ok());
        QCOMPARE(notHere.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("file_not_here"));

        // Removing the attachment on the second laptop removes the file from the server after
        // the grace period.
        auto onServer = [&](const QString& sha) {
            auto r = m_db->select(QStringLiteral("SELECT count(*) FROM blobs WHERE sha256 = ?"), { sha });
            return r.value().first().value(0).toInt();
        };
        QCOMPARE(onServer(large.value().sha256), 0); // row-level security: no tenant set on this connection
        PgDatabase owner(PgUrl::parse(m_dbUrl).value());
        auto count = [&](const QString& sha) {
            (void)owner.begin();
            (void)owner.select(
                QStringLiteral("SELECT set_config('rd.tenant_id', (SELECT id FROM tenants WHERE slug = ?), true)"),
                { slug });
            auto r = owner.select(QStringLiteral("SELECT count(*) FROM blobs WHERE sha256 = ? AND complete"), { sha });
            owner.rollback();
            return r.value().first().value(0).toInt();
        };
        QCOMPARE(count(large.value().sha256), 1);
        RD_VERIFY_OK(c[1].tw->ws->attachments().remove(c[1].session, large.value().id));
        RD_VERIFY_OK(c[1].engine->syncOnce());
        // Released, kept for the grace period (a restored laptop or server may name it again)...
        QCOMPARE(count(large.value().sha256), 1);
        QCOMPARE(count(small.value().sha256), 1);
        // ...and collected by the tenant's next push once the grace period is over.
        (void)owner.begin();
        (void)owner.select(QStringLiteral("SELECT set_config('rd.tenant_id', (SELECT id FROM tenants WHERE slug = ?), true)"), { slug });
        RD_VERIFY_OK(owner.exec(QStringLiteral("UPDATE blobs SET released_at = now() - interval '8 days' WHERE released_at IS NOT NULL")));
        RD_VERIFY_OK(owner.commit());
        RD_VERIFY_OK(c[0].tw->ws->candidates().update(c[0].session, cand.value().id, { { QStringLiteral("headline"), QStringLiteral("later") } }));
        RD_VERIFY_OK(c[0].engine->syncOnce());
        QCOMPARE(count(large.value().sha256), 0);
        QCOMPARE(count(small.value().sha256), 1);
        RD_VERIFY_OK(c[1].engine->syncOnce());
        RD_VERIFY_OK(c[0].engine->syncOnce());
        QCOMPARE(c[0].exported(), c[1].exported());
    }

    // Partial replication: a hiring manager's laptop receives what the role may read — no
    // other user's notifications or saved searches, only the roles and role assignments of
    // its user — and still works offline with them. When a recruiter is made a hiring manager,
    // her next pull drops what she may no longer hold (keeping her own unsent work) and pulls
    // again under the new scope. A protocol-1 client's pulls are filtered the same way.
    void hiringManagersReceiveTheirScope()
    {
        startServer();
        const QString slug = serverTenant(QStringLiteral("Scope"));
        server::AuthService serverAuth(*m_db);
        const QString hankEmail = QStringLiteral("hank@scope.test"), ritaEmail = QStringLiteral("rita@scope.test");
        QVERIFY(serverAuth.addUser(slug, hankEmail, test::kAdminPassword, QStringLiteral("hiring_manager")).ok());
        QVERIFY(serverAuth.addUser(slug, ritaEmail, test::kAdminPassword, QStringLiteral("recruiter")).ok());
        auto c = makeClients(1, slug, sync::networkExchange());
        Workspace& a = *c[0].tw->ws;
        const Session admin = c[0].session;
        auto hank = a.users().create(admin,
            { hankEmail, QStringLiteral("Hank"), QStringLiteral("H"), test::kAdminPassword,
                { QStringLiteral("hiring_manager") } });
        auto rita = a.users().create(admin,
            { ritaEmail, QStringLiteral("Rita"), QStringLiteral("R"), test::kAdminPassword,
                { QStringLiteral("recruiter") } });
        RD_VERIFY_OK(hank);
        RD_VERIFY_OK(rita);
        auto job = a.postings().create(admin, { { QStringLiteral("title"), QStringLiteral("Plant manager") } });
        RD_VERIFY_OK(job);
        RD_VERIFY_OK(a.postings().assignManager(admin, job.value().id, hank.value().id)); // notifies Hank
        RD_VERIFY_OK(a.savedSearches().create(admin, QStringLiteral("Admin's shortlist"), QStringLiteral("plant")));
        RD_VERIFY_OK(a.candidates().create(admin, { { QStringLiteral("first_name"), QStringLiteral("Pia") } }));
        RD_VERIFY_OK(c[0].engine->syncOnce());
        auto count = [](test::TestWorkspace& w, const QString& table) {
            return w.count(QStringLiteral("SELECT count(*) FROM %1").arg(table));
        };
        QCOMPARE(count(*c[0].tw, QStringLiteral("roles")), 4);
        QCOMPARE(count(*c[0].tw, QStringLiteral("notifications")), 1); // Hank's, made on the admin's laptop

        // Hank, hiring manager.
        test::TestWorkspace h;
        auto hs = sync::SyncEngine::join(*h.ws, m_url, slug, hankEmail, test::kAdminPassword, {});
        RD_VERIFY_OK(hs);
        QCOMPARE(count(h, QStringLiteral("users")), 3); // hiring managers may read users
        QCOMPARE(count(h, QStringLiteral("roles")), 1);
        QCOMPARE(h.count(QStringLiteral("SELECT count(*) FROM roles WHERE name = 'hiring_manager'")), 1);
        QCOMPARE(count(h, QStringLiteral("user_roles")), 1);
        QCOMPARE(count(h, QStringLiteral("notifications")), 1);
        QCOMPARE(
            h.count(QStringLiteral("SELECT count(*) FROM notifications WHERE user_id = '%1'").arg(hank.value().id)), 1);
        QCOMPARE(count(h, QStringLiteral("saved_searches")), 0);
        QCOMPARE(count(h, QStringLiteral("candidates")), 1);
        QCOMPARE(count(h, QStringLiteral("job_postings")), 1);
        // Offline on his laptop: signed in, reads candidates, may not create jobs.
        rd::SignInRequest req;
        req.tenantSlug = slug;
        req.email = hankEmail;
        req.password = test::kAdminPassword;
        auto hankSession = h->auth().signIn(req);
        RD_VERIFY_OK(hankSession);
        RD_VERIFY_OK(h->candidates().list(hankSession.value(), ListQuery {}));
        QCOMPARE(h->postings()
                     .create(hankSession.value(), { { QStringLiteral("title"), QStringLiteral("X") } })
                     .error()
                     .code,
            ErrorCode::PermissionDenied);
        sync::SyncEngine he(*h.ws, hankSession.value());
        auto again = he.syncOnce();
        RD_VERIFY_OK(again);
        QCOMPARE(again.value().purged, 0); // the scope is unchanged

        // Rita, recruiter: every role (recruiters may read roles), only her own private rows.
        test::TestWorkspace r;
        auto rs = sync::SyncEngine::join(*r.ws, m_url, slug, ritaEmail, test::kAdminPassword, {});
        RD_VERIFY_OK(rs);
        QCOMPARE(count(r, QStringLiteral("roles")), 4);
        QCOMPARE(count(r, QStringLiteral("user_roles")), 3);
        QCOMPARE(count(r, QStringLiteral("notifications")), 0);
        QCOMPARE(count(r, QStringLiteral("saved_searches")), 0);
        req.email = ritaEmail;
        auto ritaSession = r->auth().signIn(req);
        RD_VERIFY_OK(ritaSession);
        sync::SyncEngine re(*r.ws, ritaSession.value());
        RD_VERIFY_OK(re.syncOnce());

        // The admin makes Rita a hiring manager; offline meanwhile she saves a search.
        RD_VERIFY_OK(a.users().setRoles(admin, rita.value().id, { QStringLiteral("hiring_manager") }));
        RD_VERIFY_OK(c[0].engine->syncOnce());
        RD_VERIFY_OK(r->savedSearches().create(ritaSession.value(), QStringLiteral("Mine"), QStringLiteral("pia")));
        auto demoted = re.syncOnce();
        RD_VERIFY_OK(demoted);
        QVERIFY(demoted.value().purged >= 3); // the other roles and other users' role assignments
        QCOMPARE(count(r, QStringLiteral("roles")), 1);
        QCOMPARE(r.count(QStringLiteral("SELECT count(*) FROM roles WHERE name = 'hiring_manager'")), 1);
        QCOMPARE(
            r.count(QStringLiteral("SELECT count(*) FROM user_roles WHERE user_id <> '%1'").arg(rita.value().id)), 0);
        QCOMPARE(r.count(QStringLiteral("SELECT count(*) FROM user_roles WHERE deleted_at IS NULL")), 1);
        QCOMPARE(count(r, QStringLiteral("saved_searches")), 1); // her own, sent
        QCOMPARE(count(r, QStringLiteral("candidates")), 1);
        QCOMPARE(demoted.value().pending, 0);
        QCOMPARE(r->postings()
                     .create(ritaSession.value(), { { QStringLiteral("title"), QStringLiteral("Y") } })
                     .error()
                     .code,
            ErrorCode::PermissionDenied);
        QCOMPARE(r.count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'sync.purge'")), 1);
        RD_VERIFY_OK(c[0].engine->syncOnce());
        QCOMPARE(count(*c[0].tw, QStringLiteral("saved_searches")), 2); // hers reached the admin's full copy
        auto rerun = re.syncOnce();
        RD_VERIFY_OK(rerun);
        QCOMPARE(rerun.value().purged, 0);

        // A protocol-1 client (no schema_version on pulls): filtered pages, no scope, no purge.
        auto tokens
            = serverAuth.signIn({ slug, hankEmail, test::kAdminPassword, {}, {}, QStringLiteral("old client"), {} });
        RD_VERIFY_OK(tokens);
        const test::Http old = request(
            "GET", m_port, QStringLiteral("/v1/sync/pull?after=0&limit=5000"), {}, {}, tokens.value().accessToken);
        QCOMPARE(old.status, 200);
        auto page = sync::PullResponse::fromCbor(old.body);
        RD_VERIFY_OK(page);
        QVERIFY(page.value().scope.isEmpty());
        QVERIFY(page.value().purge.isEmpty());
        QVERIFY(!page.value().changes.isEmpty());
        for (const sync::ServerChange& ch : page.value().changes)
            QVERIFY2(ch.entity != QLatin1String("saved_searches"), qPrintable(ch.rowId));
    }

    // Outreach intents: the same message queued on two laptops offline is decided once by the
    // server (the first in its order stays; the second is withdrawn with a duplicate_of
    // conflict on both laptops); queueing it again on one laptop returns the first.
    void outreachQueuedTwiceIsSentOnce()
    {
        startServer();
        const QString slug = serverTenant(QStringLiteral("Reach"));
        auto c = makeClients(2, slug, sync::networkExchange());
        auto cand = c[0].tw->ws->candidates().create(c[0].session,
            { { QStringLiteral("first_name"), QStringLiteral("Ola") },
                { QStringLiteral("emails"), QJsonArray { QStringLiteral("ola@example.org") } } });
        RD_VERIFY_OK(cand);
        RD_VERIFY_OK(c[0].engine->syncOnce());
        RD_VERIFY_OK(c[1].engine->syncOnce());
        NewIntent in;
        in.candidate = cand.value().id;
        in.channel = QStringLiteral("email");
        in.subject = QStringLiteral("Plant manager in Lyon");
        in.body = QStringLiteral("Hello Ola, would this interest you?");
        auto first = c[0].tw->ws->outreach().queue(c[0].session, in);
        RD_VERIFY_OK(first);
        QCOMPARE(first.value().status, QStringLiteral("queued"));
        QCOMPARE(first.value().recipient, QStringLiteral("ola@example.org"));
        auto again = c[0].tw->ws->outreach().queue(c[0].session, in);
        RD_VERIFY_OK(again);
        QVERIFY(again.value().existing);
        QCOMPARE(again.value().id, first.value().id);
        auto second = c[1].tw->ws->outreach().queue(c[1].session, in); // offline, on the other laptop
        RD_VERIFY_OK(second);
        QVERIFY(!second.value().existing);
        QVERIFY(second.value().id != first.value().id);
        QCOMPARE(second.value().dedupKey, first.value().dedupKey);
        in.body = QStringLiteral("Hello Ola, another text.");
        RD_VERIFY_OK(c[1].tw->ws->outreach().queue(c[1].session, in)); // a different message: its own key

        RD_VERIFY_OK(c[0].engine->syncOnce());
        auto b = c[1].engine->syncOnce();
        RD_VERIFY_OK(b);
        QVERIFY(b.value().conflicts >= 1);
        RD_VERIFY_OK(c[0].engine->syncOnce());
        for (auto& client : c) {
            auto live = client.tw->ws->outreach().list(client.session);
            RD_VERIFY_OK(live);
            QCOMPARE(live.value().size(), 2);
            QCOMPARE(live.value().first().id, first.value().id);
            QCOMPARE(client.tw->count(QStringLiteral(
                         "SELECT count(*) FROM sync_conflicts WHERE field = 'duplicate_of:dedup_key' AND "
                         "row_id = '%1'")
                                          .arg(second.value().id)),
                1);
            QCOMPARE(client.tw->count(QStringLiteral(
                         "SELECT count(*) FROM outreach_intents WHERE id = '%1' AND deleted_at IS NOT NULL")
                                          .arg(second.value().id)),
                1);
        }
        QCOMPARE(c[0].exported(), c[1].exported());
        // Cancelled before it is sent, on either laptop; the server's copy follows.
        RD_VERIFY_OK(c[1].tw->ws->outreach().cancel(c[1].session, first.value().id));
        RD_VERIFY_OK(c[1].engine->syncOnce());
        RD_VERIFY_OK(c[0].engine->syncOnce());
        QCOMPARE(
            c[0].tw->ws->outreach().get(c[0].session, first.value().id).value().status, QStringLiteral("cancelled"));
        QCOMPARE(c[0].tw->ws->outreach().cancel(c[0].session, first.value().id).error().code, ErrorCode::Conflict);

        // Templates replicate; a sequence from one queued on both laptops offline is kept once.
        auto job = c[0].tw->ws->postings().create(c[0].session, { { QStringLiteral("title"), QStringLiteral("Plant manager") } });
        RD_VERIFY_OK(job);
        NewTemplate proposal;
        proposal.name = QStringLiteral("Proposal");
        proposal.channel = QStringLiteral("email");
        proposal.subject = QStringLiteral("{{job.title}}");
        proposal.body = QStringLiteral("Hello {{candidate.first_name}}: {{confirm_link}}");
        proposal.followUpDays = 2;
        proposal.followUpTemplate = QStringLiteral("Nudge");
        NewTemplate nudge = proposal;
        nudge.name = QStringLiteral("Nudge");
        nudge.subject = QStringLiteral("Still interested in {{job.title}}?");
        nudge.followUpDays.reset();
        nudge.followUpTemplate.clear();
        RD_VERIFY_OK(c[0].tw->ws->templates().create(c[0].session, proposal));
        RD_VERIFY_OK(c[0].tw->ws->templates().create(c[0].session, nudge));
        RD_VERIFY_OK(c[0].engine->syncOnce());
        RD_VERIFY_OK(c[1].engine->syncOnce());
        auto there = c[1].tw->ws->templates().get(c[1].session, QStringLiteral("Proposal"));
        RD_VERIFY_OK(there);
        QCOMPARE(there.value().followUpTemplate, QStringLiteral("Nudge"));
        const TemplateIntent seq { QStringLiteral("Proposal"), cand.value().id, job.value().id,
            QStringLiteral("2030-05-01T10:00:00+02:00") };
        auto q0 = c[0].tw->ws->outreach().queueTemplate(c[0].session, seq);
        auto q1 = c[1].tw->ws->outreach().queueTemplate(c[1].session, seq);
        RD_VERIFY_OK(q0);
        RD_VERIFY_OK(q1);
        QCOMPARE(q1.value().size(), 2);
        QCOMPARE(q1.value().at(1).dedupKey, q0.value().at(1).dedupKey);
        RD_VERIFY_OK(c[0].engine->syncOnce());
        RD_VERIFY_OK(c[1].engine->syncOnce());
        RD_VERIFY_OK(c[0].engine->syncOnce());
        for (auto& client : c)
            QCOMPARE(client.tw->count(QStringLiteral("SELECT count(*) FROM outreach_intents WHERE template IN ('Proposal', "
                                                     "'Nudge') AND deleted_at IS NULL")),
                2);
        QCOMPARE(c[0].exported(), c[1].exported());
    }

    // Back-off: doubling from the base up to the cap, with half of each wait random.
    void backoffGrowsWithJitter()
    {
        sync::SyncScheduler::Policy p;
        p.backoffBaseMs = 1000;
        p.backoffMaxMs = 60000;
        QRandomGenerator a { 1u }, b { 2u };
        QCOMPARE(sync::SyncScheduler::backoffMs(p, 0, a), 0);
        bool differs = false;
        for (int n = 1; n <= 12; ++n) {
            const qint64 full = qMin<qint64>(1000LL << (n - 1), 60000);
            const qint64 x = sync::SyncScheduler::backoffMs(p, n, a), y = sync::SyncScheduler::backoffMs(p, n, b);
            QVERIFY2(x >= full / 2 && x <= full, qPrintable(QStringLiteral("n=%1 x=%2").arg(n).arg(x)));
            QVERIFY(y >= full / 2 && y <= full);
            differs = differs || x != y;
        }
        QVERIFY(differs);
    }

    // The status model over a real engine and server: a local change syncs after the quiet
    // period; with the server gone the state is offline with the error code and a retry is
    // scheduled with back-off; when the server is back the retry succeeds and all is idle.
    void schedulerFollowsTheServer()
    {
        startServer();
        serverTenant(QStringLiteral("Sched"));
        test::TestWorkspace a;
        const Session admin
            = a.createTenant(QStringLiteral("Sched"), QStringLiteral("sched"), QStringLiteral("admin@sched.test"));
        sync::SyncScheduler::Policy policy;
        policy.debounceMs = 50;
        policy.periodicMs = 0;
        policy.backoffBaseMs = 200;
        policy.backoffMaxMs = 400;
        {
            // Another round on the file (the CLI's): the desktop's round gives up quickly and
            // says so, instead of holding the window (and sign-out) for minutes.
            QLockFile cli(a->db().path() + QStringLiteral(".sync.lock"));
            QVERIFY(cli.tryLock(0));
            QElapsedTimer waited;
            waited.start();
            auto busy = sync::SyncScheduler::hooksFor(*a.ws, admin).round();
            QVERIFY(!busy.ok());
            QCOMPARE(busy.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("sync_busy"));
            QVERIFY2(waited.elapsed() < 10000, qPrintable(QString::number(waited.elapsed())));
        }
        sync::SyncScheduler scheduler(sync::SyncScheduler::hooksFor(*a.ws, admin), policy);
        QCOMPARE(scheduler.state(), QStringLiteral("not_connected"));
        QVERIFY(scheduler.pending() > 0); // recorded before any server existed
        {
            sync::SyncEngine e(*a.ws, admin);
            RD_VERIFY_OK(e.connect(
                m_url, QStringLiteral("sched"), QStringLiteral("admin@sched.test"), test::kAdminPassword, {}, true));
        }
        QSignalSpy rounds(&scheduler, &sync::SyncScheduler::roundFinished);
        scheduler.start();
        scheduler.localChange();
        QVERIFY(rounds.wait(10000));
        QCOMPARE(rounds.last().first().toBool(), true);
        QCOMPARE(scheduler.state(), QStringLiteral("idle"));
        QCOMPARE(scheduler.pending(), 0);
        QVERIFY(scheduler.lastSyncAt().isValid());

        // The server goes away: offline, with the code, and a retry on its way.
        m_app.reset();
        RD_VERIFY_OK(a->candidates().create(admin, { { QStringLiteral("first_name"), QStringLiteral("Offline") } }));
        scheduler.localChange();
        QCOMPARE(scheduler.pending(), 1); // the candidate's insert
        QVERIFY(rounds.wait(10000));
        QCOMPARE(rounds.last().first().toBool(), false);
        QCOMPARE(scheduler.state(), QStringLiteral("offline"));
        QCOMPARE(scheduler.errorCode(), QStringLiteral("unavailable"));
        QVERIFY(scheduler.nextAttemptInMs() > 0);
        QVERIFY(rounds.wait(10000)); // the retry, still failing
        QCOMPARE(scheduler.failures(), 2);

        // Back on the same address: the next retry succeeds.
        ServerConfig config;
        config.listenPort = m_port;
        m_app = std::make_unique<HttpApp>(config, *m_db);
        QVERIFY(m_app->listen().ok());
        QTRY_COMPARE_WITH_TIMEOUT(scheduler.state(), QStringLiteral("idle"), 10000);
        QCOMPARE(scheduler.failures(), 0);
        QCOMPARE(scheduler.pending(), 0);
        QVERIFY(scheduler.error().isEmpty());
    }

    // Rows the server makes itself (a confirmation, the job board, an inbound webhook) claim
    // unique keys like pushed rows: a server-made application for a pair a laptop already sent
    // gives way (a tombstone and a duplicate_of conflict), and every laptop keeps pulling.
    void serverMadeRowsClaimUniqueKeys()
    {
        startServer();
        const QString slug = serverTenant(QStringLiteral("Claims"));
        std::vector<Client> clients = makeClients(2, slug, sync::networkExchange(10000));
        Client& a = clients[0];
        auto cand = a.tw->ws->candidates().create(a.session, { { QStringLiteral("first_name"), QStringLiteral("Pair") } });
        auto job = a.tw->ws->postings().create(a.session, { { QStringLiteral("title"), QStringLiteral("Pair job") },
                                                                { QStringLiteral("description"), QStringLiteral("Both ways.") } });
        RD_VERIFY_OK(cand);
        RD_VERIFY_OK(job);
        RD_VERIFY_OK(a.tw->ws->postings().publish(a.session, job.value().id));
        auto applied = a.tw->ws->applications().apply(a.session, cand.value().id, job.value().id);
        RD_VERIFY_OK(applied);
        RD_VERIFY_OK(a.engine->syncOnce());
        RD_VERIFY_OK(clients[1].engine->syncOnce());
        // The server makes the same application (as the job board would, not knowing of it).
        auto tenant = m_db->select(QStringLiteral("SELECT id FROM tenants WHERE slug = ?"), { slug });
        QVERIFY(tenant.ok() && !tenant.value().isEmpty());
        const QString tid = tenant.value().first().value(0).toString();
        QVERIFY(m_db->begin().ok());
        QVERIFY(m_db->scopeToTenant(tid).ok());
        auto row = m_db->select(QStringLiteral("SELECT fields::text FROM entity_state WHERE tenant_id = ? AND entity = "
                                               "'applications' AND row_id = ?"),
            { tid, applied.value().id });
        QVERIFY(row.ok() && !row.value().isEmpty());
        QJsonObject fields = QJsonDocument::fromJson(row.value().first().value(0).toString().toUtf8()).object();
        const QString twin = QUuid::createUuid().toString(QUuid::WithoutBraces);
        fields.insert(QStringLiteral("id"), twin);
        fields.insert(QStringLiteral("source"), QStringLiteral("job_board"));
        auto made = SyncService(*m_db).serverInsert(tid, QStringLiteral("applications"), twin, fields);
        QVERIFY2(made.ok(), qPrintable(made.ok() ? QString() : made.error().message));
        QVERIFY(m_db->commit().ok());
        for (Client& c : clients) {
            auto r = c.engine->syncOnce();
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
            QCOMPARE(c.tw->count(QStringLiteral("SELECT count(*) FROM applications WHERE deleted_at IS NULL")), 1);
        }
        QCOMPARE(clients[0].exported(), clients[1].exported());
        QCOMPARE(a.tw->count(QStringLiteral("SELECT count(*) FROM sync_conflicts WHERE field LIKE 'duplicate_of:%' AND "
                                            "row_id = '%1'").arg(twin)),
            1);
        // The server's own state (what the API and the job board read) holds one live row too.
        QVERIFY(m_db->begin().ok());
        QVERIFY(m_db->scopeToTenant(tid).ok());
        auto live = m_db->select(QStringLiteral("SELECT count(*) FROM entity_state WHERE tenant_id = ? AND entity = "
                                                "'applications' AND NOT deleted AND fields->>'deleted_at' IS NULL"),
            { tid });
        m_db->rollback();
        QVERIFY(live.ok());
        QCOMPARE(live.value().first().value(0).toInt(), 1);
    }

    // Several engines on one workspace at once (the desktop's scheduler, an invitation, the CLI):
    // each starts without an access token and renews the sign-in; rounds take turns on the
    // workspace file and renewals never present a spent refresh token, so the sign-in survives
    // and nothing is sent twice.
    void enginesOnOneWorkspaceTakeTurns()
    {
        startServer();
        const QString slug = serverTenant(QStringLiteral("Turns"));
        std::vector<Client> clients = makeClients(1, slug, sync::networkExchange(10000));
        Client& c = clients[0];
        for (int i = 0; i < 30; ++i)
            RD_VERIFY_OK(c.tw->ws->candidates().create(c.session, { { QStringLiteral("first_name"), QStringLiteral("T%1").arg(i) } }));
        QList<QFuture<Result<sync::SyncSummary>>> runs;
        for (int i = 0; i < 4; ++i)
            runs << QtConcurrent::run([&c] { return sync::SyncEngine(*c.tw->ws, c.session).syncOnce(); });
        int pushed = 0;
        for (auto& f : runs) {
            QTRY_VERIFY_WITH_TIMEOUT(f.isFinished(), 60000);
            RD_VERIFY_OK(f.result());
            pushed += f.result().value().pushed;
        }
        QCOMPARE(pushed, 30);
        auto after = sync::SyncEngine(*c.tw->ws, c.session).syncOnce();
        RD_VERIFY_OK(after);
        QCOMPARE(after.value().pending, 0);
        QCOMPARE(after.value().pushed, 0);
    }

    // Separate processes, as deployed: PostgreSQL, recruitdesk-server, three recruitdesk-cli
    // laptops. The server is killed (-9) during an upload and a laptop during a pull; after
    // restarts everyone converges to the same export.
    void processesSurviveKills()
    {
        const QString pgUrl = freshDatabase();
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RECRUITDESK_KEYCHAIN"), QStringLiteral("off"));
        env.insert(QStringLiteral("RECRUITDESK_KEY_PASSPHRASE"), QStringLiteral("processes"));
        env.insert(QStringLiteral("RECRUITDESK_PASSWORD"), test::kAdminPassword);
        auto run = [&](const QString& program, const QStringList& args, int timeoutMs = 120000) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(program, args);
            p.waitForFinished(timeoutMs);
            return std::make_pair(p.exitCode(), p.readAllStandardOutput() + p.readAllStandardError());
        };
        const QString server = QStringLiteral(RD_SERVER_PATH), cli = QStringLiteral(RD_CLI_PATH);
        QVERIFY(run(server, { QStringLiteral("--pg"), pgUrl, QStringLiteral("migrate") }).first == 0);
        QVERIFY(run(server,
                    { QStringLiteral("--pg"), pgUrl, QStringLiteral("tenant"), QStringLiteral("create"),
                        QStringLiteral("--name"), QStringLiteral("Procs"), QStringLiteral("--admin-email"),
                        QStringLiteral("admin@procs.test") })
                    .first
            == 0);
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
        QProcess serve;
        serve.setProcessEnvironment(env);
        serve.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        auto startServe = [&] {
            serve.start(server,
                { QStringLiteral("--pg"), pgUrl, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                    QStringLiteral("serve") });
            QVERIFY(serve.waitForStarted());
            QTRY_VERIFY_WITH_TIMEOUT(request("GET", port, QStringLiteral("/health")).status == 200, 15000);
        };
        startServe();
        auto laptop = [&](const QString& name) {
            return QStringList { QStringLiteral("--db"), dir.filePath(name + QStringLiteral(".db")),
                QStringLiteral("--user"), QStringLiteral("admin@procs.test") };
        };
        // Laptop A: a workspace made offline with a few thousand rows.
        QCOMPARE(run(cli,
                     { QStringLiteral("--db"), dir.filePath(QStringLiteral("a.db")), QStringLiteral("init"),
                         QStringLiteral("--tenant"), QStringLiteral("Procs"), QStringLiteral("--admin-email"),
                         QStringLiteral("admin@procs.test") })
                     .first,
            0);
        QCOMPARE(run(cli,
                     laptop(QStringLiteral("a"))
                         << QStringLiteral("demo-seed") << QStringLiteral("--candidates") << QStringLiteral("1500")
                         << QStringLiteral("--jobs") << QStringLiteral("40"))
                     .first,
            0);
        // The upload, with the server killed while it runs.
        QProcess upload;
        upload.setProcessEnvironment(env);
        upload.start(cli,
            laptop(QStringLiteral("a")) << QStringLiteral("sync") << QStringLiteral("connect")
                                        << QStringLiteral("--server") << url);
        QTest::qWait(400);
        const bool uploadRunning = upload.state() == QProcess::Running;
        serve.kill(); // SIGKILL
        serve.waitForFinished();
        QVERIFY(upload.waitForFinished(60000));
        qInfo() << "server killed" << (uploadRunning ? "during the upload" : "after the upload") << "; connect exit"
                << upload.exitCode();
        startServe();
        // connect attached even when its first round failed; a round finishes the upload.
        auto first = run(cli, laptop(QStringLiteral("a")) << QStringLiteral("--json") << QStringLiteral("sync"));
        if (first.first != 0 && upload.exitCode() != 0) // the attach itself was cut off: attach again
            first = run(cli,
                laptop(QStringLiteral("a")) << QStringLiteral("--json") << QStringLiteral("sync")
                                            << QStringLiteral("connect") << QStringLiteral("--server") << url);
        QVERIFY2(first.first == 0, first.second.constData());

        // Laptops B and C join.
        for (const char* name : { "b", "c" })
            QVERIFY2(run(cli,
                         { QStringLiteral("--db"), dir.filePath(QString::fromLatin1(name) + QStringLiteral(".db")),
                             QStringLiteral("join"), QStringLiteral("--server"), url, QStringLiteral("--email"),
                             QStringLiteral("admin@procs.test") })
                         .first
                    == 0,
                name);
        // A changes a lot; C is killed while it pulls that.
        QCOMPARE(
            run(cli,
                laptop(QStringLiteral("a")) << QStringLiteral("demo-seed") << QStringLiteral("--candidates")
                                            << QStringLiteral("1500") << QStringLiteral("--jobs")
                                            << QStringLiteral("10") << QStringLiteral("--seed") << QStringLiteral("7"))
                .first,
            0);
        QCOMPARE(run(cli, laptop(QStringLiteral("a")) << QStringLiteral("sync")).first, 0);
        QProcess pull;
        pull.setProcessEnvironment(env);
        pull.start(cli, laptop(QStringLiteral("c")) << QStringLiteral("sync"));
        QTest::qWait(300);
        const bool pullRunning = pull.state() == QProcess::Running;
        pull.kill();
        pull.waitForFinished();
        qInfo() << "laptop killed" << (pullRunning ? "during its pull" : "after its pull");
        // Everyone edits offline, then all sync until quiet.
        QCOMPARE(run(cli,
                     laptop(QStringLiteral("b"))
                         << QStringLiteral("candidate") << QStringLiteral("add") << QStringLiteral("--first-name")
                         << QStringLiteral("Bea") << QStringLiteral("--last-name") << QStringLiteral("FromB"))
                     .first,
            0);
        QCOMPARE(run(cli,
                     laptop(QStringLiteral("c"))
                         << QStringLiteral("candidate") << QStringLiteral("add") << QStringLiteral("--first-name")
                         << QStringLiteral("Cem") << QStringLiteral("--last-name") << QStringLiteral("FromC"))
                     .first,
            0);
        for (int pass = 0; pass < 2; ++pass)
            for (const char* name : { "a", "b", "c" }) {
                auto r
                    = run(cli, laptop(QString::fromLatin1(name)) << QStringLiteral("--json") << QStringLiteral("sync"));
                QVERIFY2(r.first == 0, r.second.constData());
            }
        QByteArray exports[3];
        int i = 0;
        for (const char* name : { "a", "b", "c" }) {
            auto r = run(cli,
                laptop(QString::fromLatin1(name))
                    << QStringLiteral("export") << QStringLiteral("--format") << QStringLiteral("json"));
            QCOMPARE(r.first, 0);
            exports[i++] = r.second;
        }
        QVERIFY(exports[0].size() > 100000);
        QVERIFY(exports[0] == exports[1]);
        QVERIFY(exports[0] == exports[2]);
        QVERIFY(exports[0].contains("FromB") && exports[0].contains("FromC"));
        serve.terminate();
        serve.waitForFinished();

        // The database (as a backup would hold it) checks out; a lost change does not.
        auto check = run(server, { QStringLiteral("--pg"), pgUrl, QStringLiteral("backup-check") });
        QVERIFY2(check.first == 0, check.second.constData());
        QVERIFY(check.second.contains("\"ok\": true"));
        {
            QString superUrl = pgUrl;
            PgDatabase owner(PgUrl::parse(
                superUrl.replace(QStringLiteral("postgresql://rdapp@"), QStringLiteral("postgresql://rd@")))
                                 .value());
            QVERIFY(owner.exec(QStringLiteral("DELETE FROM changes WHERE server_seq = 3")).ok());
        }
        check = run(server, { QStringLiteral("--pg"), pgUrl, QStringLiteral("backup-check") });
        QCOMPARE(check.first, 1);
        QVERIFY2(check.second.contains("gaps"), check.second.constData());
    }

    // Rules the server re-checks in its order: an application made offline for a job another
    // laptop closed meanwhile is withdrawn; a move to a stage removed meanwhile is undone. Both
    // come back as visible compensating changes, on every laptop.
    void serverRulesComeBackAsCompensation()
    {
        startServer();
        const QString slug = serverTenant(QStringLiteral("Rules"));
        std::vector<Client> c = makeClients(2, slug, sync::networkExchange(10000));
        Workspace& a = *c[0].tw->ws;
        Workspace& b = *c[1].tw->ws;
        const Session sa = c[0].session, sb = c[1].session;
        auto job = [&](const QString& title) {
            auto j = a.postings().create(sa,
                { { QStringLiteral("title"), title },
                    { QStringLiteral("description"), QStringLiteral("Build things.") } });
            if (!j) qFatal("job: %s", qPrintable(j.error().message));
            if (auto o = a.postings().setStatus(sa, j.value().id, QStringLiteral("open")); !o)
                qFatal("open: %s", qPrintable(o.error().message));
            return j.value().id;
        };
        const QString closing = job(QStringLiteral("Closing soon")), staged = job(QStringLiteral("Staged"));
        const QString c1
            = a.candidates().create(sa, { { QStringLiteral("first_name"), QStringLiteral("Ida") } }).value().id;
        const QString c2
            = a.candidates().create(sa, { { QStringLiteral("first_name"), QStringLiteral("Jon") } }).value().id;
        auto app2 = a.applications().apply(sa, c2, staged);
        RD_VERIFY_OK(app2);
        RD_VERIFY_OK(c[0].engine->syncOnce());
        RD_VERIFY_OK(c[1].engine->syncOnce());

        // A closes one job and removes a stage of the other; B, offline, uses both.
        RD_VERIFY_OK(a.postings().setStatus(sa, closing, QStringLiteral("closed")));
        RD_VERIFY_OK(a.postings().removeStage(sa, staged, QStringLiteral("Interview")));
        RD_VERIFY_OK(c[0].engine->syncOnce());
        auto late = b.applications().apply(sb, c1, closing);
        RD_VERIFY_OK(late); // B still sees the job open
        RD_VERIFY_OK(b.applications().move(sb, app2.value().id, QStringLiteral("Interview")));
        auto rb = c[1].engine->syncOnce();
        RD_VERIFY_OK(rb);
        RD_VERIFY_OK(c[0].engine->syncOnce());

        for (Client& who : c) {
            auto gone = who.tw->ws->db().selectOne(
                QStringLiteral("SELECT deleted_at IS NOT NULL FROM applications WHERE id = ?"), { late.value().id });
            QVERIFY(gone.ok() && gone.value().value(0).toBool());
            auto stage = who.tw->ws->db().selectOne(
                QStringLiteral(
                    "SELECT s.name FROM applications a JOIN pipeline_stages s ON s.id = a.stage_id WHERE a.id = ?"),
                { app2.value().id });
            QVERIFY(stage.ok());
            QVERIFY2(stage.value().value(0).toString() != QLatin1String("Interview"),
                qPrintable(stage.value().value(0).toString()));
        }
        QCOMPARE(c[0].exported(), c[1].exported());
        auto conflicts = c[1].engine->conflicts();
        RD_VERIFY_OK(conflicts);
        QStringList rules;
        for (const QJsonObject& k : conflicts.value())
            if (k.value(QStringLiteral("field")).toString().startsWith(QLatin1String("rule:")))
                rules << k.value(QStringLiteral("field")).toString();
        rules.sort();
        QCOMPARE(rules, (QStringList { QStringLiteral("rule:job_closed"), QStringLiteral("rule:stage_removed") }));

        // Both laptops add the next CV version of one candidate offline: the later one in server
        // order is renumbered, on both, and no text is lost.
        RD_VERIFY_OK(a.cvs().addVersion(sa, c1, QStringLiteral("CV from A"), QStringLiteral("manual")));
        RD_VERIFY_OK(b.cvs().addVersion(sb, c1, QStringLiteral("CV from B"), QStringLiteral("manual")));
        RD_VERIFY_OK(c[0].engine->syncOnce());
        RD_VERIFY_OK(c[1].engine->syncOnce());
        RD_VERIFY_OK(c[0].engine->syncOnce());
        QCOMPARE(c[0].exported(), c[1].exported());
        auto versions = a.db().select(
            QStringLiteral("SELECT version, text FROM cv_versions WHERE candidate_id = ? ORDER BY version"), { c1 });
        RD_VERIFY_OK(versions);
        QCOMPARE(versions.value().size(), 2);
        QCOMPARE(versions.value()[0].value(1).toString(), QStringLiteral("CV from A"));
        QCOMPARE(versions.value()[1].value(1).toString(), QStringLiteral("CV from B"));
        QCOMPARE(versions.value()[1].value(0).toInt(), versions.value()[0].value(0).toInt() + 1);
        QCOMPARE(
            c[0].tw->count(QStringLiteral("SELECT count(*) FROM sync_conflicts WHERE field = 'duplicate_of:version'")),
            1);
    }

    // The server is restored from a backup that lacks what laptops sent after it: each laptop
    // notices (its cursor is ahead), records its state again before applying anything of the
    // older server state, and uploads it; nothing is lost and everyone converges.
    void restoredServerGetsEverythingBack()
    {
        startServer();
        const QString slug = serverTenant(QStringLiteral("Restore"));
        std::vector<Client> c = makeClients(2, slug, sync::networkExchange(10000));
        auto add = [&](Client& who, const QString& name) {
            auto made = who.tw->ws->candidates().create(who.session, { { QStringLiteral("first_name"), name } });
            if (!made) qFatal("create: %s", qPrintable(made.error().message));
            return made.value().id;
        };
        const QString x1 = add(c[0], QStringLiteral("BeforeBackup"));
        RD_VERIFY_OK(c[0].engine->syncOnce());
        RD_VERIFY_OK(c[1].engine->syncOnce());

        // The backup: a copy of the database as it is now.
        const QString live = m_dbUrl.section(QLatin1Char('/'), -1);
        const QString backup = live + QStringLiteral("_bak");
        PgDatabase admin(PgUrl::parse(baseUrl).value());
        withServerStopped([&] { QVERIFY(admin.exec(QStringLiteral("CREATE DATABASE %1 TEMPLATE %2 OWNER rdapp").arg(backup, live)).ok()); });

        // Work after the backup, on both laptops.
        RD_VERIFY_OK(c[0].tw->ws->candidates().update(
            c[0].session, x1, { { QStringLiteral("headline"), QStringLiteral("after backup") } }));
        const QString x2 = add(c[0], QStringLiteral("AfterBackupA"));
        RD_VERIFY_OK(c[0].engine->syncOnce());
        const QString y1 = add(c[1], QStringLiteral("AfterBackupB"));
        RD_VERIFY_OK(c[1].engine->syncOnce());
        RD_VERIFY_OK(c[0].engine->syncOnce());

        // Disaster: the live database is replaced by the backup.
        withServerStopped([&] {
            QVERIFY(admin.exec(QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(live)).ok());
            QVERIFY(admin.exec(QStringLiteral("ALTER DATABASE %1 RENAME TO %2").arg(backup, live)).ok());
        });

        // No laptop moves the server's timeline: one that has seen more than the server holds
        // is told so and keeps its work until the admin acts.
        auto early = c[0].engine->syncOnce();
        QVERIFY(!early.ok());
        QCOMPARE(early.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("cursor_ahead"));
        QVERIFY(early.error().message.contains(QStringLiteral("recruitdesk-server restored")));
        // The admin's one command (docs/server-admin.md, the restore runbook).
        auto marked = markRestored(*m_db);
        RD_VERIFY_OK(marked);
        // B comes back first and changes x1 on the new timeline: that is newer than anything a
        // laptop re-sends from before the restore.
        auto b1 = c[1].engine->syncOnce();
        RD_VERIFY_OK(b1);
        QVERIFY(b1.value().repulled);
        RD_VERIFY_OK(c[1].tw->ws->candidates().update(
            c[1].session, x1, { { QStringLiteral("headline"), QStringLiteral("newest") } }));
        RD_VERIFY_OK(c[1].engine->syncOnce());
        auto a1 = c[0].engine->syncOnce();
        RD_VERIFY_OK(a1);
        QVERIFY(a1.value().repulled);
        RD_VERIFY_OK(c[1].engine->syncOnce());
        RD_VERIFY_OK(c[0].engine->syncOnce());
        QCOMPARE(c[0].exported(), c[1].exported());
        for (Client& who : c) {
            QCOMPARE(who.tw->ws->candidates().get(who.session, x1).value().headline, QStringLiteral("newest"));
            QVERIFY(who.tw->ws->candidates().get(who.session, x2).ok());
            QVERIFY(who.tw->ws->candidates().get(who.session, y1).ok());
            QCOMPARE(who.engine->pendingCount(), 0);
        }
        auto check = backupCheck(*m_db);
        RD_VERIFY_OK(check);
        QVERIFY2(check.value().value(QStringLiteral("ok")).toBool(), QJsonDocument(check.value()).toJson().constData());
    }

    // The admin restored the database and forgot `recruitdesk-server restored`; meanwhile a
    // laptop pushed again, so the server's log has grown past where another laptop had pulled
    // to, with different changes under the same numbers. That laptop's cursor is not beyond
    // the head, but the change it last pulled is not the one the server has there now: it is
    // told so (409 timeline_mismatch), keeps its work and does not skip what it never saw.
    void forgottenRestoreIsDetected()
    {
        startServer();
        const QString slug = serverTenant(QStringLiteral("Forgot"));
        std::vector<Client> c = makeClients(2, slug, sync::networkExchange(10000));
        RD_VERIFY_OK(c[0].tw->ws->candidates().create(c[0].session, { { QStringLiteral("first_name"), QStringLiteral("Before") } }));
        RD_VERIFY_OK(c[0].engine->syncOnce());
        RD_VERIFY_OK(c[1].engine->syncOnce());
        const QString live = m_dbUrl.section(QLatin1Char('/'), -1), backup = live + QStringLiteral("_bak");
        PgDatabase admin(PgUrl::parse(baseUrl).value());
        withServerStopped([&] { QVERIFY(admin.exec(QStringLiteral("CREATE DATABASE %1 TEMPLATE %2 OWNER rdapp").arg(backup, live)).ok()); });
        // After the backup: A's work, which B pulls.
        RD_VERIFY_OK(c[0].tw->ws->candidates().create(c[0].session, { { QStringLiteral("first_name"), QStringLiteral("Lost") } }));
        RD_VERIFY_OK(c[0].engine->syncOnce());
        RD_VERIFY_OK(c[1].engine->syncOnce());
        withServerStopped([&] {
            QVERIFY(admin.exec(QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(live)).ok());
            QVERIFY(admin.exec(QStringLiteral("ALTER DATABASE %1 RENAME TO %2").arg(backup, live)).ok());
        });
        // A third laptop, joining the restored server, writes more than was lost.
        Client late;
        late.tw = std::make_unique<test::TestWorkspace>();
        auto joined = sync::SyncEngine::join(*late.tw->ws, m_url, slug, QStringLiteral("admin@%1.test").arg(slug), test::kAdminPassword, {});
        RD_VERIFY_OK(joined);
        late.session = joined.value();
        late.engine = std::make_unique<sync::SyncEngine>(*late.tw->ws, late.session);
        for (int i = 0; i < 6; ++i)
            RD_VERIFY_OK(late.tw->ws->candidates().create(late.session, { { QStringLiteral("first_name"), QStringLiteral("New%1").arg(i) } }));
        RD_VERIFY_OK(late.engine->syncOnce());
        auto b = c[1].engine->syncOnce();
        QVERIFY(!b.ok());
        QCOMPARE(b.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("timeline_mismatch"));
        QVERIFY(b.error().message.contains(QStringLiteral("recruitdesk-server restored")));
        // The admin's one command; then everyone converges, the lost candidate included.
        RD_VERIFY_OK(markRestored(*m_db));
        for (int pass = 0; pass < 2; ++pass) {
            for (Client& k : c)
                RD_VERIFY_OK(k.engine->syncOnce());
            RD_VERIFY_OK(late.engine->syncOnce());
        }
        QCOMPARE(c[1].exported(), late.exported());
        QCOMPARE(c[0].exported(), late.exported());
        QCOMPARE(late.tw->count(QStringLiteral("SELECT count(*) FROM candidates WHERE first_name IN ('Lost', 'New5')")), 2);
    }
};

QTEST_MAIN(TestSyncClient)
#include "test_syncclient.moc"
