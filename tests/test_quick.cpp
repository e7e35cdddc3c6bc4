// Qt Quick Test runner for the QML components in tests/quick/tst_*.qml: each file builds one
// screen of the real RecruitDesk module over a real workspace (made here, once) and drives it
// with the mouse and keyboard; `Fixture` lets the QML ask the core what was recorded.
#include "appcontroller.h"
#include "testutil.h"

#include <QQmlContext>
#include <QQmlEngine>
#include <QtQuickTest>

using namespace rd;

class Fixture : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString adminEmail MEMBER m_adminEmail CONSTANT)
    Q_PROPERTY(QString viewerEmail MEMBER m_viewerEmail CONSTANT)
    Q_PROPERTY(QString adminPassword MEMBER m_adminPassword CONSTANT)
    Q_PROPERTY(QString userPassword MEMBER m_userPassword CONSTANT)
    Q_PROPERTY(QString openJob MEMBER m_openJob CONSTANT)
    Q_PROPERTY(QStringList applications MEMBER m_applications CONSTANT)

public:
    std::unique_ptr<test::TestWorkspace> tw;
    Session admin;

    void build()
    {
        tw = std::make_unique<test::TestWorkspace>();
        NewWorkspace w { QStringLiteral("Acme Talent"), QStringLiteral("acme"), QStringLiteral("agency"), m_adminEmail,
            m_adminPassword, QStringLiteral("Ada"), QStringLiteral("Lovelace") };
        if (!tw->ws->tenants().createWorkspace(w)) qFatal("workspace");
        admin = tw->signIn(QStringLiteral("acme"), m_adminEmail, m_adminPassword);
        NewUser viewer { m_viewerEmail, QStringLiteral("Vic"), QStringLiteral("Viewer"), m_userPassword,
            { QStringLiteral("viewer") } };
        if (!tw->ws->users().create(admin, viewer)) qFatal("viewer");
        auto job = tw->ws->postings().create(admin,
            { { QStringLiteral("title"), QStringLiteral("Compiler Engineer") },
                { QStringLiteral("description"), QStringLiteral("Build compilers.") } });
        if (!job || !tw->ws->postings().publish(admin, job.value().id)) qFatal("job");
        m_openJob = job.value().id;
        for (const QString& first : { QStringLiteral("Grace"), QStringLiteral("Linus") }) {
            auto c = tw->ws->candidates().create(admin,
                { { QStringLiteral("first_name"), first },
                    { QStringLiteral("last_name"), QStringLiteral("Example") } });
            if (!c) qFatal("candidate");
            auto a = tw->ws->applications().apply(admin, c.value().id, m_openJob);
            if (!a) qFatal("application");
            m_applications << a.value().id;
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
    QString m_adminEmail = QStringLiteral("boss@acme.test");
    QString m_viewerEmail = QStringLiteral("viewer@acme.test");
    QString m_adminPassword = test::kAdminPassword;
    QString m_userPassword = test::kUserPassword;
    QString m_openJob;
    QStringList m_applications;
};

class Setup : public QObject {
    Q_OBJECT
public slots:
    void applicationAvailable() { m_fixture.build(); }
    void qmlEngineAvailable(QQmlEngine* engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/"));
        engine->rootContext()->setContextProperty(QStringLiteral("Fixture"), &m_fixture);
    }
    void cleanupTestCase() { m_fixture.tw.reset(); }

private:
    Fixture m_fixture;
};

QUICK_TEST_MAIN_WITH_SETUP(recruitdesk_quick, Setup)

#include "test_quick.moc"
