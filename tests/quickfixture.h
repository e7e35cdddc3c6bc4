#pragma once

// The Qt Quick Test fixture: one real workspace for every tst_*.qml (built once by
// test_quick's Setup through Fixture::build()), and what the core recorded, for the QML to
// check. A QML singleton (import RecruitDeskTestFixture); each engine makes its own Fixture,
// all of them over the one workspace.
#include "appcontroller.h"
#include "testutil.h"

#include <QQmlEngine>

class Fixture : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString adminEmail MEMBER m_adminEmail CONSTANT)
    Q_PROPERTY(QString viewerEmail MEMBER m_viewerEmail CONSTANT)
    Q_PROPERTY(QString adminPassword MEMBER m_adminPassword CONSTANT)
    Q_PROPERTY(QString userPassword MEMBER m_userPassword CONSTANT)
    Q_PROPERTY(QString openJob READ openJob CONSTANT)
    Q_PROPERTY(QStringList applications READ applications CONSTANT)

public:
    static inline std::unique_ptr<rd::test::TestWorkspace> tw;
    static inline rd::Session admin;
    QString openJob() const { return s_openJob; }
    QStringList applications() const { return s_applications; }

    static void build()
    {
        tw = std::make_unique<rd::test::TestWorkspace>();
        rd::NewWorkspace w { QStringLiteral("Acme Talent"), QStringLiteral("acme"), QStringLiteral("agency"),
            kAdminEmail, rd::test::kAdminPassword, QStringLiteral("Ada"), QStringLiteral("Lovelace") };
        if (!tw->ws->tenants().createWorkspace(w)) qFatal("workspace");
        admin = tw->signIn(QStringLiteral("acme"), kAdminEmail, rd::test::kAdminPassword);
        rd::NewUser viewer { kViewerEmail, QStringLiteral("Vic"), QStringLiteral("Viewer"), rd::test::kUserPassword,
            { QStringLiteral("viewer") } };
        if (!tw->ws->users().create(admin, viewer)) qFatal("viewer");
        auto job = tw->ws->postings().create(admin,
            { { QStringLiteral("title"), QStringLiteral("Compiler Engineer") },
                { QStringLiteral("description"), QStringLiteral("Build compilers.") } });
        if (!job || !tw->ws->postings().publish(admin, job.value().id)) qFatal("job");
        s_openJob = job.value().id;
        for (const QString& first : { QStringLiteral("Grace"), QStringLiteral("Linus") }) {
            auto c = tw->ws->candidates().create(admin,
                { { QStringLiteral("first_name"), first },
                    { QStringLiteral("last_name"), QStringLiteral("Example") } });
            if (!c) qFatal("candidate");
            auto a = tw->ws->applications().apply(admin, c.value().id, s_openJob);
            if (!a) qFatal("application");
            s_applications << a.value().id;
        }
        AppController::setInstanceWorkspace(tw->ws.get());
    }

    // What the core recorded.
    Q_INVOKABLE QString stageOf(const QString& applicationId) const
    {
        auto r = tw->ws->db().selectOne(QStringLiteral("SELECT s.name FROM applications a JOIN pipeline_stages s ON "
                                                       "s.id = a.stage_id WHERE a.id = ?"),
            { applicationId });
        return r ? r.value().value(0).toString() : QString();
    }
    Q_INVOKABLE QVariantMap job(const QString& id) const
    {
        auto j = tw->ws->postings().get(admin, id);
        return j ? j.value().toJson().toVariantMap() : QVariantMap();
    }
    Q_INVOKABLE int jobCount() const
    {
        auto r = tw->ws->db().selectOne(QStringLiteral("SELECT count(*) FROM job_postings WHERE deleted_at IS NULL"));
        return r ? r.value().value(0).toInt() : -1;
    }

private:
    static inline const QString kAdminEmail = QStringLiteral("boss@acme.test");
    static inline const QString kViewerEmail = QStringLiteral("viewer@acme.test");
    static inline QString s_openJob;
    static inline QStringList s_applications;
    QString m_adminEmail = kAdminEmail;
    QString m_viewerEmail = kViewerEmail;
    QString m_adminPassword = rd::test::kAdminPassword;
    QString m_userPassword = rd::test::kUserPassword;
};
