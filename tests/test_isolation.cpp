// Tenant isolation: 100 tenants with data in one file; every list and get as each tenant's
// user returns only that tenant's rows, and cross-tenant ids behave as if absent.
#include "testutil.h"

using namespace rd;

class TestIsolation : public QObject {
    Q_OBJECT

    static constexpr int kTenants = 100;

    struct TenantData {
        Session admin;
        QStringList userIds;
        QString jobId;
    };

private slots:
    void hundredTenantsNoLeaks()
    {
        test::TestWorkspace tw;
        QList<TenantData> tenants;
        for (int t = 0; t < kTenants; ++t) {
            TenantData d;
            const QString slug = QStringLiteral("tenant-%1").arg(t);
            d.admin = tw.createTenant(QStringLiteral("Tenant %1").arg(t), slug);
            d.userIds << d.admin.userId;
            // The same email exists in every tenant: unique per tenant only.
            for (const QString& email : { QStringLiteral("shared@example.test"), QStringLiteral("only-%1@example.test").arg(t) }) {
                NewUser nu;
                nu.email = email;
                nu.givenName = QStringLiteral("T%1").arg(t);
                nu.roles = { QStringLiteral("recruiter") };
                auto u = tw->users().create(d.admin, nu);
                QVERIFY(u.ok());
                d.userIds << u.value().id;
            }
            QVERIFY(tw->roles().create(d.admin, QStringLiteral("custom_%1").arg(t), {}, { QStringLiteral("job.read") }).ok());
            auto job = tw->jobs().enqueue(d.admin.tenantId, QStringLiteral("noop"), QStringLiteral("same-key"));
            QVERIFY(job.ok());
            d.jobId = job.value();
            tenants << d;
        }

        int leaks = 0;
        int checks = 0;
        auto leak = [&](bool isLeak, const char* what, int t) {
            ++checks;
            if (isLeak) {
                ++leaks;
                qWarning("leak: %s (tenant %d)", what, t);
            }
        };

        for (int t = 0; t < kTenants; ++t) {
            const TenantData& d = tenants[t];
            const TenantData& o = tenants[(t + 37) % kTenants]; // someone else
            const Session& s = d.admin;

            ListQuery all;
            all.limit = 500;
            auto users = tw->users().list(s, all);
            QVERIFY(users.ok());
            leak(users.value().items.size() != 3, "user count", t);
            for (const User& u : users.value().items)
                leak(u.tenantId != s.tenantId || !d.userIds.contains(u.id), "user row", t);

            auto byEmail = tw->users().findByEmail(s, QStringLiteral("shared@example.test"));
            QVERIFY(byEmail.ok());
            leak(byEmail.value().tenantId != s.tenantId, "findByEmail", t);
            leak(tw->users().findByEmail(s, QStringLiteral("only-%1@example.test").arg((t + 37) % kTenants)).ok(),
                "other tenant's email", t);

            for (const QString& foreignId : o.userIds) {
                leak(tw->users().get(s, foreignId).ok(), "get foreign user", t);
                leak(tw->users().setActive(s, foreignId, false).ok(), "disable foreign user", t);
                leak(tw->users().setRoles(s, foreignId, { QStringLiteral("viewer") }).ok(), "set role of foreign user", t);
                leak(tw->users().issueResetCode(s, foreignId).ok(), "reset code for foreign user", t);
                leak(tw->users().update(s, foreignId, UserPatch { QStringLiteral("x"), std::nullopt, std::nullopt }).ok(),
                    "update foreign user", t);
            }

            auto roles = tw->roles().list(s);
            QVERIFY(roles.ok());
            leak(roles.value().size() != 5, "role count", t);
            for (const Role& r : roles.value())
                leak(r.tenantId != s.tenantId, "role row", t);
            leak(tw->roles().get(s, QStringLiteral("custom_%1").arg((t + 37) % kTenants)).ok(), "foreign role", t);

            auto audit = tw->listAudit(s, all);
            QVERIFY(audit.ok());
            leak(audit.value().items.isEmpty(), "own audit missing", t);
            for (const AuditEntry& e : audit.value().items)
                leak(e.tenantId != s.tenantId, "audit row", t);

            auto jobs = tw->jobs().list(s, all);
            QVERIFY(jobs.ok());
            leak(jobs.value().items.size() != 1, "job count", t);
            for (const JobRecord& j : jobs.value().items)
                leak(j.tenantId != s.tenantId, "job row", t);
            leak(tw->jobs().retry(s, o.jobId).ok(), "retry foreign job", t);

            auto tenant = tw->tenants().get(s);
            QVERIFY(tenant.ok());
            leak(tenant.value().id != s.tenantId, "tenant get", t);

            auto verify = tw->verifyAudit(s);
            QVERIFY(verify.ok() && verify.value().ok);
            leak(verify.value().chains != 1, "audit verify scope", t);

            // A session claiming another tenant with this user id is worthless.
            Session forged = s;
            forged.tenantId = o.admin.tenantId;
            leak(tw->users().list(forged, all).ok(), "forged tenant session", t);
        }
        qInfo("%d isolation checks across %d tenants, %d leaks", checks, kTenants, leaks);
        QCOMPARE(leaks, 0);
        QVERIFY(checks > kTenants * 20);
    }
};

QTEST_GUILESS_MAIN(TestIsolation)
#include "test_isolation.moc"
