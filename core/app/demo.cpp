#include "demo.h"

#include "app/workspace.h"
#include "crypto/crypto.h"

#include <QFile>
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

    SignInRequest req;
    req.tenantSlug = c.tenantSlug;
    req.email = c.adminEmail;
    req.password = c.adminPassword;
    auto admin = ws.auth().signIn(req);
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
