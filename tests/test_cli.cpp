// recruitdesk-cli end to end, as a script would drive it: init, users, exit codes, JSON
// errors, audit verify before and after tampering with the file.
#include "testutil.h"
#include "crypto/keystore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Run {
    int code = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    QJsonObject errJson() const { return QJsonDocument::fromJson(err.toUtf8()).object(); }
};
} // namespace

class TestCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    QString db;

    Run cli(const QStringList& args, const QMap<QString, QString>& env = {})
    {
        QProcess p;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.remove(QStringLiteral("RECRUITDESK_PASSWORD"));
        e.remove(QStringLiteral("RECRUITDESK_NEW_PASSWORD"));
        e.insert(QStringLiteral("RECRUITDESK_KEY_PASSPHRASE"), QStringLiteral("cli-test"));
        for (auto it = env.begin(); it != env.end(); ++it)
            e.insert(it.key(), it.value());
        p.setProcessEnvironment(e);
        p.setStandardInputFile(QProcess::nullDevice());
        p.start(QStringLiteral(RD_CLI_PATH), args);
        if (!p.waitForFinished(60000))
            return {};
        return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()) };
    }

    Run as(const QString& user, const QString& password, const QStringList& args, const QMap<QString, QString>& env = {})
    {
        QMap<QString, QString> e = env;
        e.insert(QStringLiteral("RECRUITDESK_PASSWORD"), password);
        return cli(QStringList { QStringLiteral("--db"), db, QStringLiteral("--user"), user } + args, e);
    }

    const QString adminPw = QStringLiteral("Cli-Admin-Password-1");
    const QString viewerPw = QStringLiteral("Cli-Viewer-Password-1");

private slots:
    void initTestCase() { db = dir.filePath(QStringLiteral("cli.db")); }

    void helpAndUsage()
    {
        Run h = cli({ QStringLiteral("--help") });
        QCOMPARE(h.code, 0);
        QVERIFY(h.out.contains(QLatin1String("user add")));
        QVERIFY(h.out.contains(QLatin1String("audit verify")));
        Run sub = cli({ QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--help") });
        QCOMPARE(sub.code, 0);
        QVERIFY(sub.out.contains(QLatin1String("--email")));
        for (const QString& verb : QStringList { "init", "tenant show", "tenant update", "user list", "user disable", "user enable",
                 "user set-role", "user reset-code", "role list", "role create", "role grant", "role revoke", "audit list",
                 "audit verify", "jobs-queue list", "jobs-queue retry" }) {
            Run r = cli(verb.split(QLatin1Char(' ')) << QStringLiteral("--help"));
            QVERIFY2(r.code == 0 && r.out.startsWith(QLatin1String("Usage:")), qPrintable(verb));
        }
        QCOMPARE(cli({ QStringLiteral("--db"), db, QStringLiteral("frobnicate") }).code, 2);
        QCOMPARE(cli({}).code, 2);
        Run j = cli({ QStringLiteral("--json"), QStringLiteral("--db"), db, QStringLiteral("frobnicate") });
        QCOMPARE(j.code, 2);
        QCOMPARE(j.errJson().value(QStringLiteral("code")).toString(), QStringLiteral("usage"));
        QCOMPARE(cli({ QStringLiteral("--db"), db, QStringLiteral("init"), QStringLiteral("--tenant") }).code, 2);
    }

    void initAndAddUsers()
    {
        Run weak = cli({ "--db", db, "init", "--tenant", "CLI Agency", "--admin-email", "boss@cli.test" },
            { { "RECRUITDESK_PASSWORD", "password1234" } });
        QCOMPARE(weak.code, 6);
        Run init = cli({ "--db", db, "--json", "init", "--tenant", "CLI Agency", "--admin-email", "boss@cli.test" },
            { { "RECRUITDESK_PASSWORD", adminPw } });
        QCOMPARE(init.code, 0);
        QCOMPARE(init.json().value(QStringLiteral("slug")).toString(), QStringLiteral("cli-agency"));
        QCOMPARE(init.json().value(QStringLiteral("kind")).toString(), QStringLiteral("agency"));

        Run add = as(QStringLiteral("boss@cli.test"), adminPw, { "user", "add", "--email", "viewer@cli.test", "--role", "viewer" },
            { { "RECRUITDESK_NEW_PASSWORD", viewerPw } });
        QCOMPARE(add.code, 0);
        Run rec = as(QStringLiteral("boss@cli.test"), adminPw,
            { "--json", "user", "add", "--email", "rec@cli.test", "--role", "recruiter", "--given-name", "Rita" },
            { { "RECRUITDESK_NEW_PASSWORD", "Cli-Recruiter-Password" } });
        QCOMPARE(rec.code, 0);
        QCOMPARE(rec.json().value(QStringLiteral("roles")).toArray().first().toString(), QStringLiteral("recruiter"));

        Run list = as(QStringLiteral("boss@cli.test"), adminPw, { "--json", "user", "list", "--sort", "-email" });
        QCOMPARE(list.code, 0);
        const QJsonArray items = list.json().value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 3);
        QCOMPARE(items.first().toObject().value(QStringLiteral("email")).toString(), QStringLiteral("viewer@cli.test"));
        Run filtered = as(QStringLiteral("boss@cli.test"), adminPw, { "--json", "user", "list", "--filter", "email:like:rec" });
        QCOMPARE(filtered.json().value(QStringLiteral("items")).toArray().size(), 1);
    }

    void exitCodes()
    {
        // 4: permission denied, with the JSON error on stderr.
        Run denied = as(QStringLiteral("viewer@cli.test"), viewerPw, { "--json", "user", "add", "--email", "x@cli.test" },
            { { "RECRUITDESK_NEW_PASSWORD", "Some-Other-Password" } });
        QCOMPARE(denied.code, 4);
        QCOMPARE(denied.errJson().value(QStringLiteral("code")).toString(), QStringLiteral("permission_denied"));
        QVERIFY(denied.errJson().contains(QStringLiteral("message")));
        QVERIFY(denied.errJson().contains(QStringLiteral("details")));
        QCOMPARE(as(QStringLiteral("viewer@cli.test"), viewerPw, { "audit", "verify" }).code, 4);
        // 3: authentication failed.
        Run bad = as(QStringLiteral("boss@cli.test"), QStringLiteral("wrong-password-here"), { "--json", "tenant", "show" });
        QCOMPARE(bad.code, 3);
        QCOMPARE(bad.errJson().value(QStringLiteral("code")).toString(), QStringLiteral("auth_failed"));
        // 5: not found; 6: validation failed.
        QCOMPARE(as(QStringLiteral("boss@cli.test"), adminPw, { "user", "disable", "ghost@cli.test" }).code, 5);
        QCOMPARE(as(QStringLiteral("boss@cli.test"), adminPw, { "user", "add", "--email", "not-an-email" },
                     { { "RECRUITDESK_NEW_PASSWORD", "Some-Other-Password" } })
                     .code,
            6);
        QCOMPARE(as(QStringLiteral("boss@cli.test"), adminPw, { "user", "list", "--sort", "password_hash" }).code, 6);
        // 2: usage (unknown option).
        QCOMPARE(as(QStringLiteral("boss@cli.test"), adminPw, { "user", "list", "--bogus" }).code, 2);
        // Missing --user for a verb that needs it.
        QCOMPARE(cli({ "--db", db, "user", "list" }).code, 2);
    }

    void adminVerbs()
    {
        const QString boss = QStringLiteral("boss@cli.test");
        QCOMPARE(as(boss, adminPw, { "user", "set-role", "rec@cli.test", "--role", "hiring_manager" }).code, 0);
        Run show = as(boss, adminPw, { "--json", "user", "show", "rec@cli.test" });
        QCOMPARE(show.json().value(QStringLiteral("roles")).toArray().first().toString(), QStringLiteral("hiring_manager"));
        QCOMPARE(as(boss, adminPw, { "user", "disable", "rec@cli.test" }).code, 0);
        QCOMPARE(as(QStringLiteral("rec@cli.test"), QStringLiteral("Cli-Recruiter-Password"), { "tenant", "show" }).code, 3);
        QCOMPARE(as(boss, adminPw, { "user", "enable", "rec@cli.test" }).code, 0);
        QCOMPARE(as(QStringLiteral("rec@cli.test"), QStringLiteral("Cli-Recruiter-Password"), { "tenant", "show" }).code, 0);

        Run code = as(boss, adminPw, { "--json", "user", "reset-code", "rec@cli.test" });
        QCOMPARE(code.code, 0);
        const QString resetCode = code.json().value(QStringLiteral("code")).toString();
        QVERIFY(!resetCode.isEmpty());
        Run reset = cli({ "--db", db, "password", "reset", "--email", "rec@cli.test", "--code", resetCode },
            { { "RECRUITDESK_NEW_PASSWORD", "Brand-New-Password-9" } });
        QCOMPARE(reset.code, 0);
        QCOMPARE(as(QStringLiteral("rec@cli.test"), QStringLiteral("Brand-New-Password-9"), { "tenant", "show" }).code, 0);

        QCOMPARE(as(boss, adminPw, { "role", "create", "sourcer", "--grant", "candidate.read" }).code, 0);
        QCOMPARE(as(boss, adminPw, { "role", "grant", "sourcer", "job.read", "job.update" }).code, 0);
        Run roles = as(boss, adminPw, { "--json", "role", "list" });
        QCOMPARE(roles.code, 0);
        bool found = false;
        for (const auto& v : QJsonDocument::fromJson(roles.out.toUtf8()).array()) {
            const QJsonObject r = v.toObject();
            if (r.value(QStringLiteral("name")).toString() == QLatin1String("sourcer")) {
                found = true;
                QCOMPARE(r.value(QStringLiteral("permissions")).toArray().size(), 3);
            }
        }
        QVERIFY(found);
        QCOMPARE(as(boss, adminPw, { "role", "revoke", "sourcer", "job.update" }).code, 0);
        QCOMPARE(as(boss, adminPw, { "role", "grant", "sourcer", "nonsense" }).code, 6);

        QCOMPARE(as(boss, adminPw, { "tenant", "update", "--kind", "employer", "--setting", "timezone=Europe/Berlin" }).code, 0);
        Run t = as(boss, adminPw, { "--json", "tenant", "show" });
        QCOMPARE(t.json().value(QStringLiteral("kind")).toString(), QStringLiteral("employer"));
        QCOMPARE(t.json().value(QStringLiteral("settings")).toObject().value(QStringLiteral("timezone")).toString(),
            QStringLiteral("Europe/Berlin"));
        QCOMPARE(as(boss, adminPw, { "jobs-queue", "list" }).code, 0);
        QCOMPARE(as(boss, adminPw, { "jobs-queue", "retry", "no-such-job" }).code, 5);
        Run audit = as(boss, adminPw, { "--json", "audit", "list", "--filter", "action:eq:user.disable" });
        QCOMPARE(audit.code, 0);
        QCOMPARE(audit.json().value(QStringLiteral("items")).toArray().size(), 1);
    }

    void recruitingVerbs()
    {
        const QString boss = QStringLiteral("boss@cli.test");
        Run job = as(boss, adminPw, { "--json", "job", "add", "--title", "Qt Engineer", "--description", "Desktop apps",
                                        "--external-id", "EXT-9", "--set", "must_have=C++;Qt", "--set", "remote=hybrid" });
        QCOMPARE(job.code, 0);
        QCOMPARE(job.json().value(QStringLiteral("must_have")).toArray().size(), 2);
        QCOMPARE(as(boss, adminPw, { "job", "publish", "EXT-9" }).code, 0);
        QCOMPARE(as(boss, adminPw, { "job", "update", "EXT-9", "--set", "latitude=north" }).code, 6);
        QCOMPARE(as(boss, adminPw, { "job", "update", "EXT-9", "--set", "colour=blue" }).code, 6);
        Run cand = as(boss, adminPw, { "--json", "candidate", "add", "--first-name", "Ada", "--last-name", "Lovelace", "--email",
                                         "ada@example.org", "--external-id", "C-9" });
        QCOMPARE(cand.code, 0);
        Run dup = as(boss, adminPw, { "--json", "candidate", "add", "--first-name", "Other", "--email", "ADA@example.org" });
        QCOMPARE(dup.code, 1);
        QCOMPARE(dup.errJson().value(QStringLiteral("details")).toObject().value(QStringLiteral("reason")).toString(),
            QStringLiteral("duplicate"));
        Run show = as(boss, adminPw, { "--json", "candidate", "show", "C-9" });
        QCOMPARE(show.json().value(QStringLiteral("last_name")).toString(), QStringLiteral("Lovelace"));
        Run app = as(boss, adminPw, { "--json", "apply", "C-9", "EXT-9" });
        QCOMPARE(app.code, 0);
        const QString appId = app.json().value(QStringLiteral("id")).toString();
        QCOMPARE(as(boss, adminPw, { "stage", "move", appId, "Hired" }).code, 6);
        Run moved = as(boss, adminPw, { "--json", "stage", "move", appId, "Screening" });
        QCOMPARE(moved.code, 0);
        QCOMPARE(moved.json().value(QStringLiteral("stage")).toString(), QStringLiteral("Screening"));
        QCOMPARE(as(QStringLiteral("viewer@cli.test"), viewerPw, { "stage", "move", appId, "Interview" }).code, 4);
        Run found = as(boss, adminPw, { "--json", "search", "lovelace", "--kind", "candidate" });
        QCOMPARE(found.code, 0);
        const QJsonArray hits = QJsonDocument::fromJson(found.out.toUtf8()).array();
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.first().toObject().value(QStringLiteral("external_id")).toString(), QStringLiteral("C-9"));
        QCOMPARE(hits.first().toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("candidate"));
        QCOMPARE(as(boss, adminPw, { "search", "\"unclosed" }).code, 6);
        QCOMPARE(as(boss, adminPw, { "job", "close", "EXT-9" }).code, 0);
        Run cand2 = as(boss, adminPw, { "--json", "candidate", "add", "--first-name", "Late" });
        QCOMPARE(as(boss, adminPw, { "apply", cand2.json().value(QStringLiteral("id")).toString(), "EXT-9" }).code, 6);
    }

    void documentVerbs()
    {
        const QString boss = QStringLiteral("boss@cli.test");
        QCOMPARE(as(boss, adminPw, { "cv", "add", "C-9", "--text", "Ada Lovelace\nAnalytical Engine" }).code, 0);
        QCOMPARE(as(boss, adminPw, { "cv", "add", "C-9", "--text", "Ada Lovelace\nAnalytical Engine" }).code, 1); // unchanged
        const QString cvFile = dir.filePath(QStringLiteral("cv2.txt"));
        QFile f(cvFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Ada Lovelace\nAnalytical Engine\nBernoulli numbers\n");
        f.close();
        QCOMPARE(as(boss, adminPw, { "cv", "add", "C-9", "--file", cvFile }).code, 0);
        Run diff = as(boss, adminPw, { "--json", "cv", "diff", "C-9", "1", "2" });
        QCOMPARE(diff.code, 0);
        QCOMPARE(diff.json().value(QStringLiteral("added")).toInt(), 2);
        Run variant = as(boss, adminPw, { "--json", "variant", "create", "C-9", "EXT-9", "--text", "Ada Lovelace, first programmer" });
        QCOMPARE(variant.code, 0);
        const QString vid = variant.json().value(QStringLiteral("id")).toString();
        const QString pdf = dir.filePath(QStringLiteral("variant.pdf"));
        QCOMPARE(as(boss, adminPw, { "variant", "export", vid, "--out", pdf }).code, 1); // not approved yet
        QCOMPARE(as(boss, adminPw, { "variant", "submit", vid }).code, 0);
        QCOMPARE(as(QStringLiteral("viewer@cli.test"), viewerPw, { "variant", "approve", vid }).code, 4);
        Run approved = as(boss, adminPw, { "--json", "variant", "approve", vid, "--comment", "ok" });
        QCOMPARE(approved.json().value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QCOMPARE(as(boss, adminPw, { "variant", "export", vid, "--out", pdf }).code, 0);
        QFile out(pdf);
        QVERIFY(out.open(QIODevice::ReadOnly));
        QVERIFY(out.read(5) == "%PDF-");
        // The exported PDF attached back as a CV: extracted right away and searchable.
        Run att = as(boss, adminPw, { "--json", "attach", "C-9", pdf, "--cv" });
        QCOMPARE(att.code, 0);
        QCOMPARE(att.json().value(QStringLiteral("extraction")).toString(), QStringLiteral("done"));
        QCOMPARE(att.json().value(QStringLiteral("mime_type")).toString(), QStringLiteral("application/pdf"));
        Run versions = as(boss, adminPw, { "--json", "cv", "list", "C-9" });
        QCOMPARE(QJsonDocument::fromJson(versions.out.toUtf8()).array().size(), 3);
        Run found = as(boss, adminPw, { "--json", "search", "programmer", "--kind", "candidate" });
        QCOMPARE(QJsonDocument::fromJson(found.out.toUtf8()).array().size(), 1);
        const QString back = dir.filePath(QStringLiteral("back.pdf"));
        QCOMPARE(as(boss, adminPw, { "attach", "get", att.json().value(QStringLiteral("id")).toString(), "--out", back }).code, 0);
        QCOMPARE(QFileInfo(back).size(), QFileInfo(pdf).size());
    }

    // The outreach contract for scripts: template add, outreach preview, outreach queue --json
    // printing intent_id, dedup_key and status; the same again is the same message.
    void outreachVerbs()
    {
        const QString boss = QStringLiteral("boss@cli.test");
        const QString body = dir.filePath(QStringLiteral("proposal.txt"));
        QFile f(body);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Dear {{candidate.first_name}},\n{{job.title}} ({{job.external_job_id}}) could be yours: {{confirm_link}}\n");
        f.close();
        Run added = as(boss, adminPw,
            { "--json", "template", "add", "--name", "Proposal", "--channel", "email", "--subject", "#{{job.external_job_id}}",
                "--body-file", body });
        QCOMPARE(added.code, 0);
        QCOMPARE(added.json().value(QStringLiteral("name")).toString(), QStringLiteral("Proposal"));
        Run preview = as(boss, adminPw, { "--json", "outreach", "preview", "--template", "Proposal", "--candidate", "C-9", "--job", "EXT-9" });
        QCOMPARE(preview.code, 0);
        QCOMPARE(preview.json().value(QStringLiteral("subject")).toString(), QStringLiteral("#EXT-9"));
        QVERIFY(preview.json().value(QStringLiteral("body")).toString().startsWith(QStringLiteral("Dear Ada,\n")));
        // Without the job: the job's variables have no value (exit 6, named in the error).
        Run noJob = as(boss, adminPw, { "--json", "outreach", "preview", "--template", "Proposal", "--candidate", "C-9" });
        QCOMPARE(noJob.code, 6);
        QVERIFY2(noJob.err.contains(QLatin1String("missing_variable")), qPrintable(noJob.err));
        Run queued = as(boss, adminPw,
            { "--json", "outreach", "queue", "--template", "Proposal", "--candidate", "C-9", "--job", "EXT-9", "--at",
                "2030-03-01T09:00:00+01:00" });
        QCOMPARE(queued.code, 0);
        QVERIFY(!queued.json().value(QStringLiteral("intent_id")).toString().isEmpty());
        QCOMPARE(queued.json().value(QStringLiteral("dedup_key")).toString().size(), 64);
        QCOMPARE(queued.json().value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
        Run again = as(boss, adminPw,
            { "--json", "outreach", "queue", "--template", "Proposal", "--candidate", "C-9", "--job", "EXT-9" });
        QCOMPARE(again.json().value(QStringLiteral("intent_id")), queued.json().value(QStringLiteral("intent_id")));
        QCOMPARE(again.json().value(QStringLiteral("existing")).toBool(), true);
        Run list = as(boss, adminPw, { "--json", "outreach", "list", "--candidate", "C-9" });
        QCOMPARE(QJsonDocument::fromJson(list.out.toUtf8()).array().size(), 1);
        // An unknown variable: the template is not saved.
        Run bad = as(boss, adminPw,
            { "template", "add", "--name", "Bad", "--channel", "sms", "--body", "Hi {{candidate.shoe_size}}" });
        QCOMPARE(bad.code, 6);
        QVERIFY2(bad.err.contains(QLatin1String("candidate.shoe_size")), qPrintable(bad.err));
        QCOMPARE(as(QStringLiteral("viewer@cli.test"), viewerPw, { "template", "list" }).code, 4);
        Run vars = cli({ "template", "variables" });
        QCOMPARE(vars.code, 0);
        QVERIFY(vars.out.contains(QLatin1String("{{confirm_link}}")));
    }

    void privacyVerbs()
    {
        const QString boss = QStringLiteral("boss@cli.test");
        Run cand = as(boss, adminPw, { "--json", "candidate", "add", "--first-name", "Gudrun", "--last-name", "Gdpr", "--email",
                                         "gudrun@example.org", "--external-id", "G-1" });
        QCOMPARE(cand.code, 0);
        QCOMPARE(as(boss, adminPw, { "consent", "add", "G-1", "--state", "granted", "--method", "form", "--expires", "2030-01-01" }).code, 0);
        Run consents = as(boss, adminPw, { "--json", "consent", "list", "G-1" });
        QCOMPARE(QJsonDocument::fromJson(consents.out.toUtf8()).array().size(), 1);
        const QString zip = dir.filePath(QStringLiteral("gudrun.zip"));
        QCOMPARE(as(QStringLiteral("viewer@cli.test"), viewerPw, { "gdpr", "export", "--candidate", "G-1", "--out", zip }).code, 4);
        QCOMPARE(as(boss, adminPw, { "gdpr", "export", "--candidate", "G-1", "--out", zip }).code, 0);
        QFile z(zip);
        QVERIFY(z.open(QIODevice::ReadOnly));
        QVERIFY(z.read(2) == "PK");
        QCOMPARE(as(QStringLiteral("viewer@cli.test"), viewerPw, { "gdpr", "erase", "--candidate", "G-1" }).code, 4);
        Run erased = as(boss, adminPw, { "--json", "gdpr", "erase", "--candidate", "G-1", "--reason", "request" });
        QCOMPARE(erased.code, 0);
        QCOMPARE(erased.json().value(QStringLiteral("erased")).toArray().size(), 1);
        QCOMPARE(as(boss, adminPw, { "candidate", "show", "G-1" }).code, 5);
        QCOMPARE(as(boss, adminPw, { "audit", "verify" }).code, 0);
        Run retention = as(boss, adminPw, { "--json", "gdpr", "retention", "run" });
        QCOMPARE(retention.code, 0);
        QCOMPARE(retention.json().value(QStringLiteral("rule")).toString(), QStringLiteral("off"));
    }

    void auditVerifyDetectsTampering()
    {
        const QString boss = QStringLiteral("boss@cli.test");
        Run ok = as(boss, adminPw, { "audit", "verify" });
        QCOMPARE(ok.code, 0);
        QVERIFY(ok.out.contains(QLatin1String("intact")));
        {
            // The CLI's data key, from its key file (the test's passphrase).
            auto key = rd::crypto::PassphraseKeyFile(db + QStringLiteral(".key"), "cli-test").load();
            RD_VERIFY_OK(key);
            QSqlDatabase raw = rd::test::openEncrypted(db, QStringLiteral("tamper"), key.value());
            QVERIFY(raw.isOpen());
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")));
            QVERIFY(q.exec(QStringLiteral("UPDATE audit_log SET action = 'user.enable' WHERE action = 'user.disable'")));
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        Run broken = as(boss, adminPw, { "audit", "verify" });
        QCOMPARE(broken.code, 7);
        QVERIFY(broken.out.contains(QLatin1String("BROKEN")));
        Run json = as(boss, adminPw, { "--json", "audit", "verify" });
        QCOMPARE(json.code, 7);
        QCOMPARE(json.json().value(QStringLiteral("ok")).toBool(), false);
        QVERIFY(json.json().value(QStringLiteral("broken")).toObject().value(QStringLiteral("row_seq")).toInt() > 0);
    }

    void demoWorkspace()
    {
        const QString demoDb = dir.filePath(QStringLiteral("demo.db"));
        const QString creds = dir.filePath(QStringLiteral("demo-credentials.txt"));
        Run demo = cli({ "--db", demoDb, "--json", "demo", "--credentials-file", creds });
        QCOMPARE(demo.code, 0);
        const QString pw = demo.json().value(QStringLiteral("recruiter_password")).toString();
        QVERIFY(pw.size() >= 12);
        QVERIFY(QFile::exists(creds));
        QVERIFY(!(QFile::permissions(creds) & QFileDevice::ReadOther));
        Run rec = cli({ "--db", demoDb, "--user", "recruiter@demo-agency.example", "--json", "tenant", "show" },
            { { "RECRUITDESK_PASSWORD", pw } });
        QCOMPARE(rec.code, 0);
        QCOMPARE(rec.json().value(QStringLiteral("name")).toString(), QStringLiteral("Demo Agency"));
        Run jobs = cli({ "--db", demoDb, "--user", "recruiter@demo-agency.example", "--json", "job", "list" },
            { { "RECRUITDESK_PASSWORD", pw } });
        QCOMPARE(jobs.code, 0);
        QCOMPARE(jobs.json().value(QStringLiteral("items")).toArray().size(), 12); // 3 hand-written + 9 generated
        Run cands = cli({ "--db", demoDb, "--user", "recruiter@demo-agency.example", "--json", "search", "experience", "--kind", "candidate" },
            { { "RECRUITDESK_PASSWORD", pw } });
        QCOMPARE(QJsonDocument::fromJson(cands.out.toUtf8()).array().size(), 20); // generated CVs are searchable
        // Matching: live, then the stored rows after a recompute agree on the best candidate.
        const QMap<QString, QString> env { { "RECRUITDESK_PASSWORD", pw } };
        const QStringList asRecruiter { "--db", demoDb, "--user", "recruiter@demo-agency.example", "--json" };
        QString jobId;
        for (const QJsonValue& j : jobs.json().value(QStringLiteral("items")).toArray())
            if (j.toObject().value(QStringLiteral("status")).toString() == QLatin1String("open") && jobId.isEmpty())
                jobId = j.toObject().value(QStringLiteral("id")).toString();
        Run live = cli(asRecruiter + QStringList { "match", "--job", jobId, "--limit", "3" }, env);
        QCOMPARE(live.code, 0);
        const QJsonArray liveRows = QJsonDocument::fromJson(live.out.toUtf8()).array();
        QVERIFY(!liveRows.isEmpty());
        for (const char* k : { "candidate_id", "candidate_external_id", "score", "excluded", "exclusion_reason", "matched_must_have",
                 "missing_must_have", "matched_nice_to_have", "distance_km", "applied" })
            QVERIFY2(liveRows.first().toObject().contains(QLatin1String(k)), k);
        Run recompute = cli(asRecruiter + QStringList { "match", "recompute" }, env);
        QCOMPARE(recompute.code, 0);
        QVERIFY(recompute.json().value(QStringLiteral("jobs_ranked")).toInt() >= 1);
        QVERIFY(recompute.json().value(QStringLiteral("rows_written")).toInt() >= 1);
        Run again = cli(asRecruiter + QStringList { "match", "recompute" }, env);
        QCOMPARE(again.json().value(QStringLiteral("rows_written")).toInt(), 0); // nothing changed since
        Run stored = cli(asRecruiter + QStringList { "match", "--job", jobId, "--limit", "3", "--stored" }, env);
        QCOMPARE(stored.code, 0);
        const QJsonArray storedRows = QJsonDocument::fromJson(stored.out.toUtf8()).array();
        QCOMPARE(storedRows.size(), liveRows.size());
        QCOMPARE(storedRows.first().toObject().value(QStringLiteral("candidate_id")), liveRows.first().toObject().value(QStringLiteral("candidate_id")));
        QVERIFY(storedRows.first().toObject().value(QStringLiteral("computed_at")).isString());
        QCOMPARE(cli(asRecruiter + QStringList { "match", "--job", jobId, "--stored", "--include-excluded" }, env).code, 2);
        // The whole state, deterministic: the same bytes twice, no device-local parts.
        Run state1 = cli({ "--db", demoDb, "--user", "admin@demo-agency.example", "export", "--format", "json" },
            { { "RECRUITDESK_PASSWORD", demo.json().value(QStringLiteral("admin_password")).toString() } });
        QCOMPARE(state1.code, 0);
        Run state2 = cli({ "--db", demoDb, "--user", "admin@demo-agency.example", "export", "--format", "json" },
            { { "RECRUITDESK_PASSWORD", demo.json().value(QStringLiteral("admin_password")).toString() } });
        QCOMPARE(state1.out, state2.out);
        const QJsonObject tables = QJsonDocument::fromJson(state1.out.toUtf8()).object().value(QStringLiteral("tables")).toObject();
        QVERIFY(tables.value(QStringLiteral("candidates")).toArray().size() >= 100);
        QCOMPARE(tables.value(QStringLiteral("job_postings")).toArray().size(), 12);
        QVERIFY(!tables.contains(QStringLiteral("changes")) && !tables.contains(QStringLiteral("jobs")) && !tables.contains(QStringLiteral("matches")));
        QVERIFY(!state1.out.contains(QLatin1String("password_hash")) && !state1.out.contains(QLatin1String("argon2")));
        QCOMPARE(cli({ "--db", demoDb, "--user", "recruiter@demo-agency.example", "export", "--format", "json" }, env).code, 4); // no export right
        QCOMPARE(cli({ "--db", demoDb, "--user", "recruiter@demo-agency.example", "export", "--format", "csv" }, env).code, 2);
        // Running it again does not create a second demo workspace.
        QCOMPARE(cli({ "--db", demoDb, "demo" }).code, 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
