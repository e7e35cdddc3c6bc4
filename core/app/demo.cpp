#include "demo.h"

#include "app/demodata.h"
#include "app/workspace.h"
#include "crypto/crypto.h"

#include <QFile>
#include <QHash>
#include <QSaveFile>

namespace rd {

QJsonObject DemoCredentials::toJson() const
{
    return { { QStringLiteral("tenant"), tenantName }, { QStringLiteral("slug"), tenantSlug },
        { QStringLiteral("admin_email"), adminEmail }, { QStringLiteral("admin_password"), adminPassword },
        { QStringLiteral("recruiter_email"), recruiterEmail }, { QStringLiteral("recruiter_password"), recruiterPassword } };
}

QString DemoCredentials::text() const
{
    return QStringLiteral("Demo workspace: %1 (slug %2)\n  admin:     %3  password: %4\n  recruiter: %5  password: %6\n")
        .arg(tenantName, tenantSlug, adminEmail, adminPassword, recruiterEmail, recruiterPassword);
}

namespace {
Result<Session> signInAs(Workspace& ws, const QString& slug, const QString& email, const QString& password)
{
    SignInRequest req;
    req.tenantSlug = slug;
    req.email = email;
    req.password = password;
    return ws.auth().signIn(req);
}
} // namespace

Result<DemoCredentials> seedDemoWorkspace(Workspace& ws, const QString& credentialsFile)
{
    DemoCredentials c;
    c.tenantName = QStringLiteral("Demo Agency");
    c.tenantSlug = QStringLiteral("demo-agency");
    c.adminEmail = QStringLiteral("admin@demo-agency.example");
    c.recruiterEmail = QStringLiteral("recruiter@demo-agency.example");
    c.adminPassword = QStringLiteral("demo-") + crypto::randomCode(12);
    c.recruiterPassword = QStringLiteral("demo-") + crypto::randomCode(12);

    NewWorkspace w;
    w.name = c.tenantName;
    w.slug = c.tenantSlug;
    w.kind = QStringLiteral("agency");
    w.adminEmail = c.adminEmail;
    w.adminPassword = c.adminPassword;
    w.adminGivenName = QStringLiteral("Ada");
    w.adminFamilyName = QStringLiteral("Admin");
    auto tenant = ws.tenants().createWorkspace(w);
    if (!tenant)
        return tenant.error();

    auto admin = signInAs(ws, c.tenantSlug, c.adminEmail, c.adminPassword);
    if (!admin)
        return admin.error();

    struct Person {
        QString email, given, family, role, password;
    };
    const QList<Person> people {
        { c.recruiterEmail, QStringLiteral("Rita"), QStringLiteral("Recruiter"), QStringLiteral("recruiter"), c.recruiterPassword },
        { QStringLiteral("manager@demo-agency.example"), QStringLiteral("Hank"), QStringLiteral("Hiring"),
            QStringLiteral("hiring_manager"), {} },
        { QStringLiteral("viewer@demo-agency.example"), QStringLiteral("Vera"), QStringLiteral("Viewer"),
            QStringLiteral("viewer"), {} },
    };
    for (const Person& p : people) {
        NewUser nu { p.email, p.given, p.family, p.password, { p.role } };
        auto u = ws.users().create(admin.value(), nu);
        if (!u)
            return u.error();
    }

    // A handful of jobs and candidates, some already in the pipeline.
    struct DemoJob {
        QString title, location, description, mustHave;
        double lat, lon;
        QString remote;
    };
    const QList<DemoJob> jobs {
        { QStringLiteral("Senior C++ Engineer"), QStringLiteral("Berlin"), QStringLiteral("Desktop software in C++ and Qt."),
            QStringLiteral("C++;Qt"), 52.52, 13.405, QStringLiteral("hybrid") },
        { QStringLiteral("Data Analyst"), QStringLiteral("Hamburg"), QStringLiteral("Turn hiring data into decisions."),
            QStringLiteral("SQL;Python"), 53.5511, 9.9937, QStringLiteral("onsite") },
        { QStringLiteral("Customer Success Manager"), QStringLiteral("Munich"), QStringLiteral("Help our clients succeed."),
            QStringLiteral("German;English"), 48.1351, 11.582, QStringLiteral("remote") },
    };
    QStringList jobIds;
    for (const DemoJob& d : jobs) {
        auto j = ws.postings().create(admin.value(), { { QStringLiteral("title"), d.title }, { QStringLiteral("location"), d.location },
                                                         { QStringLiteral("description"), d.description },
                                                         { QStringLiteral("must_have"), d.mustHave }, { QStringLiteral("latitude"), d.lat },
                                                         { QStringLiteral("longitude"), d.lon }, { QStringLiteral("remote"), d.remote } });
        if (!j)
            return j.error();
        auto open = ws.postings().publish(admin.value(), j.value().id);
        if (!open)
            return open.error();
        jobIds << j.value().id;
    }
    struct DemoCandidate {
        QString first, last, email, location, skills;
        int job;
        QString stage;
    };
    const QList<DemoCandidate> candidates {
        { QStringLiteral("Grace"), QStringLiteral("Hopper"), QStringLiteral("grace.hopper@example.org"), QStringLiteral("Berlin"),
            QStringLiteral("C++;Qt;Compilers"), 0, QStringLiteral("Interview") },
        { QStringLiteral("Linus"), QStringLiteral("Berg"), QStringLiteral("linus.berg@example.org"), QStringLiteral("Potsdam"),
            QStringLiteral("C++;Linux"), 0, QStringLiteral("Screening") },
        { QStringLiteral("Mina"), QStringLiteral("Okafor"), QStringLiteral("mina.okafor@example.org"), QStringLiteral("Hamburg"),
            QStringLiteral("SQL;Python;Tableau"), 1, QStringLiteral("Applied") },
        { QStringLiteral("Jonas"), QStringLiteral("Weber"), QStringLiteral("jonas.weber@example.org"), QStringLiteral("Munich"),
            QStringLiteral("German;English;CRM"), 2, QStringLiteral("Offer") },
        { QStringLiteral("Sofia"), QStringLiteral("Rossi"), QStringLiteral("sofia.rossi@example.org"), QStringLiteral("Leipzig"),
            QStringLiteral("Python;Statistics"), -1, {} },
    };
    QString firstCandidate;
    QHash<QString, QString> candidateIds, applicationIds; // by first name
    for (const DemoCandidate& d : candidates) {
        auto cand = ws.candidates().create(admin.value(), { { QStringLiteral("first_name"), d.first }, { QStringLiteral("last_name"), d.last },
                                                           { QStringLiteral("emails"), d.email }, { QStringLiteral("location"), d.location },
                                                           { QStringLiteral("skills"), d.skills }, { QStringLiteral("source"), QStringLiteral("demo") } });
        if (!cand)
            return cand.error();
        if (firstCandidate.isEmpty()) firstCandidate = cand.value().id;
        candidateIds.insert(d.first, cand.value().id);
        if (d.job < 0)
            continue;
        auto app = ws.applications().apply(admin.value(), cand.value().id, jobIds.at(d.job), QStringLiteral("demo"));
        if (!app)
            return app.error();
        applicationIds.insert(d.first, app.value().id);
        for (const QString& stage : { QStringLiteral("Screening"), QStringLiteral("Interview"), QStringLiteral("Offer") }) {
            if (d.stage == QLatin1String("Applied"))
                break;
            auto moved = ws.applications().move(admin.value(), app.value().id, stage);
            if (!moved)
                return moved.error();
            if (stage == d.stage)
                break;
        }
    }
    // Rita's work for the admin's bell: a new application on the admin's job and a stage move
    // of an application the admin owns.
    auto rita = signInAs(ws, c.tenantSlug, c.recruiterEmail, c.recruiterPassword);
    if (!rita)
        return rita.error();
    if (auto a = ws.applications().apply(rita.value(), candidateIds.value(QStringLiteral("Sofia")), jobIds.at(1), QStringLiteral("referral")); !a)
        return a.error();
    if (auto m = ws.applications().move(rita.value(), applicationIds.value(QStringLiteral("Mina")), QStringLiteral("Screening")); !m)
        return m.error();

    // Grace's CV in two versions and a variant tailored for her job, waiting for approval
    // (the CV comparison and the approval flow have something to show).
    const QString cv1 = QStringLiteral(
        "Grace Hopper\nBerlin\n\nExperience\nCompiler engineer, Northwind Systems (2019-2024)\n"
        "- Built the optimising back end of an in-house C++ compiler\n- Maintained the Qt-based debugger UI\n\n"
        "Skills\nC++, Qt, Compilers, CMake\n\nLanguages\nEnglish, German");
    const QString cv2 = QStringLiteral(
        "Grace Hopper\nBerlin\n\nExperience\nSenior compiler engineer, Northwind Systems (2019-2025)\n"
        "- Built the optimising back end of an in-house C++ compiler\n- Led the move of the debugger UI to Qt 6\n"
        "- Mentored four graduate engineers\n\nSkills\nC++, Qt, Compilers, CMake, LLVM\n\nLanguages\nEnglish, German");
    for (const QString& text : { cv1, cv2 })
        if (auto v = ws.cvs().addVersion(admin.value(), firstCandidate, text, QStringLiteral("manual")); !v)
            return v.error();
    auto variant = ws.cvs().createVariant(admin.value(), firstCandidate, jobIds.at(0), 2,
        cv2 + QStringLiteral("\n\nWhy this role\nTen years of C++ toolchains; ready to own the compiler team's roadmap."));
    if (!variant)
        return variant.error();
    if (auto submitted = ws.cvs().submitVariant(admin.value(), variant.value().id); !submitted)
        return submitted.error();

    // Outreach: the agency's templates (an email with a follow-up, an SMS) and proposals of the
    // first job to two candidates, queued on this laptop (sent once it syncs with a server).
    {
        NewTemplate email;
        email.name = QStringLiteral("Proposal");
        email.channel = QStringLiteral("email");
        email.subject = QStringLiteral("{{job.title}} in {{job.location|your area}} — interested?");
        email.body = QStringLiteral(
            "Hello {{candidate.first_name}},\n\nwe are looking for a {{job.title}} and thought of you. If you are "
            "interested, say so here and we send your CV to the client:\n{{confirm_link}}\n\nBest regards\n"
            "{{recruiter.name}}, {{agency.name}}");
        NewTemplate reminder = email;
        reminder.name = QStringLiteral("Proposal reminder");
        reminder.subject = QStringLiteral("Still interested in {{job.title}}?");
        NewTemplate sms;
        sms.name = QStringLiteral("Text");
        sms.channel = QStringLiteral("sms");
        sms.body = QStringLiteral(
            "Hi {{candidate.first_name}}, {{job.title}} at {{agency.name}} - interested? {{confirm_link}}");
        email.followUpDays = 3;
        email.followUpTemplate = reminder.name;
        for (const NewTemplate* t : { &reminder, &email, &sms })
            if (auto made = ws.templates().create(admin.value(), *t); !made) return made.error();
        for (const char* who : { "Sofia", "Mina" })
            if (auto q = ws.outreach().queueTemplate(
                    admin.value(), { email.name, candidateIds.value(QString::fromLatin1(who)), jobIds.at(0), {} });
                !q)
                return q.error();
    }

    // A realistic amount of generated data on top (deterministic: seed 1).
    DemoSeedOptions more;
    more.candidates = 120;
    more.jobs = 9;
    more.seed = 1;
    auto seeded = seedDemoData(ws, admin.value(), more);
    if (!seeded)
        return seeded.error();

    if (!credentialsFile.isEmpty()) {
        QSaveFile f(credentialsFile);
        if (f.open(QIODevice::WriteOnly)) {
            f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            f.write(c.text().toUtf8());
            (void)f.commit();
            QFile::setPermissions(credentialsFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
    }
    return c;
}

} // namespace rd
