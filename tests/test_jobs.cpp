// Persistent jobs: idempotency, exponential back-off with jitter (fake clock), dead letter,
// retry, transactional enqueue, the worker thread; events delivered only after commit.
#include "testutil.h"

#include <QElapsedTimer>
#include <QThread>

#include <atomic>

using namespace rd;

class TestJobs : public QObject {
    Q_OBJECT
private slots:
    void idempotentEnqueue()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        auto a = tw->jobs().enqueue(admin.tenantId, QStringLiteral("send"), QStringLiteral("welcome:1"), { { "n", 1 } });
        auto b = tw->jobs().enqueue(admin.tenantId, QStringLiteral("send"), QStringLiteral("welcome:1"), { { "n", 2 } });
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a.value(), b.value());
        QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM jobs")), 1);
        RD_VERIFY_ERROR(tw->jobs().enqueue(admin.tenantId, QStringLiteral("send"), QString()), ErrorCode::ValidationFailed);
    }

    void backoffGrowsExponentiallyWithJitterThenDeadLetters()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        tw->jobs().seedJitter(42);
        int calls = 0;
        tw->jobs().registerHandler(QStringLiteral("flaky"), [&](const JobRecord&) {
            ++calls;
            return Status(makeError(ErrorCode::Internal, QStringLiteral("provider down")));
        });
        auto id = tw->jobs().enqueue(admin.tenantId, QStringLiteral("flaky"), QStringLiteral("k1"), {}, 5);
        QVERIFY(id.ok());

        QList<qint64> delays;
        for (int attempt = 1; attempt <= 5; ++attempt) {
            auto ran = tw->jobs().runDue();
            QVERIFY(ran.ok());
            QCOMPARE(ran.value(), 1);
            QCOMPARE(calls, attempt);
            auto row = tw->db().selectOne(QStringLiteral("SELECT state, attempts, next_run_at, last_error FROM jobs WHERE id = ?"),
                { id.value() });
            QVERIFY(row.ok());
            QCOMPARE(row.value().value(1).toInt(), attempt);
            QVERIFY(row.value().value(3).toString().contains(QLatin1String("provider down")));
            if (attempt < 5) {
                QCOMPARE(row.value().value(0).toString(), QStringLiteral("pending"));
                const qint64 delay = row.value().value(2).toLongLong() - tw.clock.nowMs();
                const qint64 base = JobQueue::kBaseDelayMs << (attempt - 1);
                QVERIFY2(delay >= base / 2 && delay <= base, qPrintable(QString::number(delay)));
                delays << delay;
                // Not due yet: nothing runs one millisecond early.
                tw.clock.advanceMs(delay - 1);
                QCOMPARE(tw->jobs().runDue().value(), 0);
                tw.clock.advanceMs(1);
            } else {
                QCOMPARE(row.value().value(0).toString(), QStringLiteral("dead"));
            }
        }
        // Exponential: each base doubles, so even with jitter the 4th delay exceeds the 1st.
        QVERIFY(delays.last() > delays.first());
        // Dead jobs stay dead however long we wait.
        tw.clock.advanceSecs(86400);
        QCOMPARE(tw->jobs().runDue().value(), 0);
        QCOMPARE(calls, 5);

        // An admin sees and retries it; it runs again and now succeeds.
        ListQuery q;
        q.filters << Filter::parse(QStringLiteral("state:eq:dead")).value();
        auto dead = tw->jobs().list(admin, q);
        QVERIFY(dead.ok());
        QCOMPARE(dead.value().items.size(), 1);
        tw->jobs().registerHandler(QStringLiteral("flaky"), [&](const JobRecord&) {
            ++calls;
            return Status();
        });
        auto retried = tw->jobs().retry(admin, id.value());
        QVERIFY(retried.ok());
        QCOMPARE(retried.value().state, QStringLiteral("pending"));
        QCOMPARE(retried.value().attempts, 0);
        QCOMPARE(tw->jobs().runDue().value(), 1);
        QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE state = 'done'")), 1);
        RD_VERIFY_ERROR(tw->jobs().retry(admin, id.value()), ErrorCode::Conflict);
        QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'jobs.retry'")), 1);

        const Session viewer = tw.addUser(admin, QStringLiteral("v@acme.test"), QStringLiteral("viewer"));
        RD_VERIFY_ERROR(tw->jobs().list(viewer, ListQuery {}), ErrorCode::PermissionDenied);
    }

    void backoffIsCapped()
    {
        test::TestWorkspace tw;
        for (int i = 0; i < 200; ++i) {
            const qint64 d = tw->jobs().backoffMs(40);
            QVERIFY(d <= JobQueue::kMaxDelayMs && d >= JobQueue::kMaxDelayMs / 2);
        }
    }

    void enqueueRollsBackWithItsTransaction()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        {
            Transaction tx(tw->db());
            QVERIFY(tw->jobs().enqueue(admin.tenantId, QStringLiteral("x"), QStringLiteral("rolled-back")).ok());
        }
        QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM jobs")), 0);
        {
            Transaction tx(tw->db());
            QVERIFY(tw->jobs().enqueue(admin.tenantId, QStringLiteral("x"), QStringLiteral("kept")).ok());
            QVERIFY(tx.commit().ok());
        }
        QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM jobs")), 1);
    }

    void unknownKindFailsVisibly()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        auto id = tw->jobs().enqueue(admin.tenantId, QStringLiteral("nobody-handles-this"), QStringLiteral("k"), {}, 1);
        QVERIFY(id.ok());
        QCOMPARE(tw->jobs().runDue().value(), 1);
        auto row = tw->db().selectOne(QStringLiteral("SELECT state, last_error FROM jobs WHERE id = ?"), { id.value() });
        QCOMPARE(row.value().value(0).toString(), QStringLiteral("dead"));
        QVERIFY(row.value().value(1).toString().contains(QLatin1String("no handler")));
    }

    void workerThreadRunsJobs()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        std::atomic<int> done { 0 };
        std::atomic<bool> offMainThread { false };
        QThread* mainThread = QThread::currentThread();
        tw->jobs().registerHandler(QStringLiteral("count"), [&](const JobRecord&) {
            offMainThread = QThread::currentThread() != mainThread;
            ++done;
            return Status();
        });
        tw->jobs().start(50);
        for (int i = 0; i < 10; ++i)
            QVERIFY(tw->jobs().enqueue(admin.tenantId, QStringLiteral("count"), QStringLiteral("c%1").arg(i)).ok());
        tw->jobs().wake();
        QTRY_COMPARE_WITH_TIMEOUT(done.load(), 10, 10000);
        tw->jobs().stop();
        QVERIFY(offMainThread.load());
        QCOMPARE(tw.count(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE state = 'done'")), 10);
    }

    void interruptedJobsAreRecovered()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        auto id = tw->jobs().enqueue(admin.tenantId, QStringLiteral("k"), QStringLiteral("crash"));
        QVERIFY(id.ok());
        // A worker claimed it and then the process died.
        QVERIFY(tw->db().change(QStringLiteral("UPDATE jobs SET state = 'running', locked_by = 'dead-worker', updated_at = ?"),
                              { tw.clock.nowIso() }).ok());
        QCOMPARE(tw->jobs().recoverStale().value(), 0); // too recent: maybe still running
        tw.clock.advanceMs(JobQueue::kStaleRunningMs + 1);
        QCOMPARE(tw->jobs().recoverStale().value(), 1);
        int ran = 0;
        tw->jobs().registerHandler(QStringLiteral("k"), [&](const JobRecord&) {
            ++ran;
            return Status();
        });
        QCOMPARE(tw->jobs().runDue().value(), 1);
        QCOMPARE(ran, 1);
    }

    void eventsOnlyAfterCommit()
    {
        test::TestWorkspace tw;
        const Session admin = tw.createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        QList<EntityChanged> seen;
        bool committedWhenDelivered = false;
        tw->bus().subscribe<EntityChanged>([&](const EntityChanged& e) {
            seen << e;
            committedWhenDelivered = !tw->db().inTransaction();
        });
        NewUser nu;
        nu.email = QStringLiteral("ev@acme.test");
        auto u = tw->users().create(admin, nu);
        QVERIFY(u.ok());
        QCOMPARE(seen.size(), 1);
        QCOMPARE(seen.first().entity, QStringLiteral("user"));
        QCOMPARE(seen.first().id, u.value().id);
        QCOMPARE(seen.first().op, QStringLiteral("insert"));
        QVERIFY(committedWhenDelivered);

        // A failed (rolled back) mutation publishes nothing.
        tw->db().failAfter(6);
        NewUser nu2;
        nu2.email = QStringLiteral("ev2@acme.test");
        auto failed = tw->users().create(admin, nu2);
        tw->db().failAfter(-1);
        QVERIFY(!failed.ok());
        QCOMPARE(seen.size(), 1);

        QList<SignInAttempted> signIns;
        const int id = tw->bus().subscribe<SignInAttempted>([&](const SignInAttempted& e) { signIns << e; });
        tw.signIn(QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword);
        QCOMPARE(signIns.size(), 1);
        tw->bus().unsubscribe(id);
        tw.signIn(QStringLiteral("acme"), QStringLiteral("admin@acme.test"), test::kAdminPassword);
        QCOMPARE(signIns.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestJobs)
#include "test_jobs.moc"
