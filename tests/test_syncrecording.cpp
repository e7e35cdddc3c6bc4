// The outbox records every local edit, whatever happens to a sync round. Found by the
// simulation (seed 9913): a statement failing while a round applied the server's refusals left
// outbox recording off, committed, and every later local edit on that laptop went unrecorded,
// never sent and never listed as pending.
#include "store/replication.h"
#include "syncclients.h"

using namespace rd;

class TestSyncRecording : public QObject, public test::SyncClientsFixture {
    Q_OBJECT

    static int capture(test::TestWorkspace& tw) { return tw.count(QStringLiteral("SELECT capture FROM sync_ctx")); }
    static int outbox(test::TestWorkspace& tw) { return tw.count(QStringLiteral("SELECT count(*) FROM changes")); }

private slots:
    void initTestCase()
    {
        QVERIFY2(loadBaseUrl(), "RD_PG_INFO must name the pgfixture's info file (ctest sets it)");
        startServer();
    }

    // A round whose refusals are being applied fails at each statement in turn (a full disk, a
    // crash): recording is on after every one of them, and the next local edit is in the outbox.
    void aFailedRoundLeavesRecordingOn()
    {
        const QString slug = serverTenant(QStringLiteral("Failing"));
        std::vector<Client> c = makeClients(2, slug, sync::networkExchange(10000));
        Workspace& a = *c[0].tw->ws;
        Workspace& b = *c[1].tw->ws;
        auto rita = a.users().create(c[0].session, NewUser { QStringLiteral("rita@failing.test"), {}, {}, test::kUserPassword, { QStringLiteral("admin") } });
        RD_VERIFY_OK(rita);
        const QString id = rita.value().id;
        RD_VERIFY_OK(c[0].engine->syncOnce());
        RD_VERIFY_OK(c[1].engine->syncOnce());
        int refusalsSeen = 0, failed = 0;
        for (int k = 0; k < 400; ++k) {
            // Two role sets made apart: the later one is stale and refused (stale_roles).
            const QStringList first = k % 2 ? QStringList { QStringLiteral("viewer") } : QStringList { QStringLiteral("recruiter") };
            RD_VERIFY_OK(a.users().setRoles(c[0].session, id, first));
            RD_VERIFY_OK(b.users().setRoles(c[1].session, id, { QStringLiteral("admin"), QStringLiteral("hiring_manager") }));
            RD_VERIFY_OK(c[0].engine->syncOnce());
            b.db().failAfter(k);
            auto round = c[1].engine->syncOnce();
            const bool faultCame = !b.db().faultPending();
            b.db().failAfter(-1);
            if (round && round.value().refused > 0) ++refusalsSeen;
            if (!round) ++failed;
            QVERIFY2(capture(*c[1].tw) == 1, qPrintable(QStringLiteral("recording off after a round failing at statement %1").arg(k)));
            const int before = outbox(*c[1].tw);
            RD_VERIFY_OK(b.candidates().create(c[1].session, { { QStringLiteral("first_name"), QStringLiteral("K%1").arg(k) } }));
            QVERIFY2(outbox(*c[1].tw) > before, qPrintable(QStringLiteral("an edit after statement %1 failed was not recorded").arg(k)));
            RD_VERIFY_OK(c[1].engine->syncOnce());
            RD_VERIFY_OK(c[0].engine->syncOnce());
            // A round no statement of which failed: every statement of it has had its turn.
            if (!faultCame) break;
        }
        qInfo("%d rounds failed at a statement, %d applied refusals", failed, refusalsSeen);
        QVERIFY(refusalsSeen > 0); // the refusal path ran to its end at least once
        QCOMPARE(c[0].exported(), c[1].exported());
    }

    // The very statement that turns recording back on after the refusals fails (a trigger
    // refuses it): the round fails and rolls back, recording stays on. The refusal code ignored
    // that statement's error and committed recording off.
    void turningRecordingBackOnFails()
    {
        const QString slug = serverTenant(QStringLiteral("Backon"));
        std::vector<Client> c = makeClients(2, slug, sync::networkExchange(10000));
        Workspace& a = *c[0].tw->ws;
        Workspace& b = *c[1].tw->ws;
        auto rita = a.users().create(c[0].session, NewUser { QStringLiteral("rita@backon.test"), {}, {}, test::kUserPassword, { QStringLiteral("admin") } });
        RD_VERIFY_OK(rita);
        RD_VERIFY_OK(c[0].engine->syncOnce());
        RD_VERIFY_OK(c[1].engine->syncOnce());
        RD_VERIFY_OK(a.users().setRoles(c[0].session, rita.value().id, { QStringLiteral("viewer") }));
        RD_VERIFY_OK(b.users().setRoles(c[1].session, rita.value().id, { QStringLiteral("admin"), QStringLiteral("recruiter") }));
        RD_VERIFY_OK(c[0].engine->syncOnce());
        QVERIFY(b.db().execRaw(QStringLiteral("CREATE TEMP TRIGGER refuse_capture_on BEFORE UPDATE OF capture ON sync_ctx "
                                              "WHEN old.capture = 0 AND new.capture = 1 BEGIN SELECT RAISE(ABORT, 'injected'); END")));
        QVERIFY(!c[1].engine->syncOnce().ok());
        QVERIFY(b.db().execRaw(QStringLiteral("DROP TRIGGER refuse_capture_on")));
        QCOMPARE(capture(*c[1].tw), 1);
        const int before = outbox(*c[1].tw);
        RD_VERIFY_OK(b.candidates().create(c[1].session, { { QStringLiteral("first_name"), QStringLiteral("After") } }));
        QVERIFY(outbox(*c[1].tw) > before); // recorded
        RD_VERIFY_OK(c[1].engine->syncOnce());
        RD_VERIFY_OK(c[0].engine->syncOnce());
        QCOMPARE(c[0].exported(), c[1].exported());
    }

    // A file already left with recording off (by a release with that bug): the next round, and
    // opening the file, turn it on again, and the user is told that edits made meanwhile may not
    // have been sent (they are not restated: that would send every row again and bring back
    // list items colleagues removed). Edits from then on arrive.
    void aFileLeftNotRecordingRecordsAgain()
    {
        const QString slug = serverTenant(QStringLiteral("Stuck"));
        std::vector<Client> c = makeClients(2, slug, sync::networkExchange(10000));
        Workspace& a = *c[0].tw->ws;
        auto x = a.candidates().create(c[0].session, { { QStringLiteral("first_name"), QStringLiteral("Xena") } });
        RD_VERIFY_OK(x);
        RD_VERIFY_OK(c[0].engine->syncOnce());
        RD_VERIFY_OK(c[1].engine->syncOnce());
        RD_VERIFY_OK(c[0].tw->ws->db().change(QStringLiteral("UPDATE sync_ctx SET capture = 0")));
        const int before = outbox(*c[0].tw);
        RD_VERIFY_OK(a.candidates().update(c[0].session, x.value().id, { { QStringLiteral("headline"), QStringLiteral("Lost edit") } }));
        QCOMPARE(outbox(*c[0].tw), before); // not recorded: the state the bug left
        RD_VERIFY_OK(c[0].engine->syncOnce());
        QCOMPARE(capture(*c[0].tw), 1);
        QVERIFY(c[0].tw->ws->db().meta(QStringLiteral("sync_notice")).value().contains(QLatin1String("may not have been sent")));
        RD_VERIFY_OK(a.candidates().update(c[0].session, x.value().id, { { QStringLiteral("location"), QStringLiteral("Kept edit") } }));
        RD_VERIFY_OK(c[0].engine->syncOnce());
        RD_VERIFY_OK(c[1].engine->syncOnce());
        QCOMPARE(c[1].tw->ws->candidates().get(c[1].session, x.value().id).value().location, QStringLiteral("Kept edit"));

        // Opening the file turns it on too (a laptop that never syncs again still records).
        RD_VERIFY_OK(c[0].tw->ws->db().change(QStringLiteral("UPDATE sync_ctx SET capture = 0")));
        c[0].engine.reset();
        c[0].tw->ws.reset();
        c[0].tw->open();
        QCOMPARE(capture(*c[0].tw), 1);
        // Inside a transaction it is left alone (a pull may have it off on purpose).
        Database& db = c[0].tw->ws->db();
        RD_VERIFY_OK(db.begin());
        RD_VERIFY_OK(db.change(QStringLiteral("UPDATE sync_ctx SET capture = 0")));
        auto inside = replication::healCapture(db);
        RD_VERIFY_OK(inside);
        QCOMPARE(inside.value(), false);
        db.rollback();
        QCOMPARE(capture(*c[0].tw), 1);
    }
};

QTEST_GUILESS_MAIN(TestSyncRecording)
#include "test_syncrecording.moc"
