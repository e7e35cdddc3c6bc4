#pragma once
// What the workspace UI tests share (test_workspaceui, test_workspaceui_work): a workspace on a
// real SQLite file with an admin, a viewer, three jobs (open, draft, closed) and 250 candidates,
// three of them applied to the open job; the real app's QML shell, signed in as the admin.
#include "analyticsmodel.h"
#include "appcontroller.h"
#include "candidatedocuments.h"
#include "candidatelistmodel.h"
#include "candidateprofile.h"
#include "dashboardmodel.h"
#include "errormodel.h"
#include "interviewsmodel.h"
#include "jobeditor.h"
#include "joblistmodel.h"
#include "matchesmodel.h"
#include "notificationcenter.h"
#include "pipelinemodel.h"
#include "rolesmodel.h"
#include "searchmodel.h"
#include "syncpanel.h"
#include "workspaceadmin.h"
#include "quickutil.h"
#include "testutil.h"
#include <QAbstractItemModelTester>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTimeZone>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <csignal>

namespace rd::test {

class WorkspaceUiFixture {
protected:

    std::unique_ptr<test::TestWorkspace> tw;
    Session admin;
    QString openJob, draftJob, closedJob;
    QStringList applications; // on openJob: Grace, Linus, Margaret (all in Applied)

    static bool signIn(AppController& c, const QString& email, const QString& password)
    {
        QSignalSpy spy(&c, &AppController::finished);
        c.signIn(QStringLiteral("acme"), email, password);
        return spy.wait(20000) && spy.first().first().toBool() && c.signedIn();
    }

    QString job(const QString& title, const QString& status)
    {
        auto j = tw->ws->postings().create(admin,
            { { QStringLiteral("title"), title }, { QStringLiteral("location"), QStringLiteral("Berlin") },
                { QStringLiteral("description"), QStringLiteral("Build things that matter.") } });
        if (!j) qFatal("job: %s", qPrintable(j.error().message));
        for (const QString& next : status == QLatin1String("closed") ? QStringList { "open", "closed" }
                : status == QLatin1String("open")                    ? QStringList { "open" }
                                                                     : QStringList {}) {
            auto s = tw->ws->postings().setStatus(admin, j.value().id, next);
            if (!s) qFatal("status %s: %s", qPrintable(next), qPrintable(s.error().message));
        }
        return j.value().id;
    }

    QString candidateOf(const QString& applicationId)
    {
        auto r = tw->ws->db().selectOne(
            QStringLiteral("SELECT candidate_id FROM applications WHERE id = ?"), { applicationId });
        return r ? r.value().value(0).toString() : QString();
    }

    QString stageOf(const QString& applicationId)
    {
        auto r = tw->ws->db().selectOne(
            QStringLiteral("SELECT s.name FROM applications a JOIN pipeline_stages s ON s.id = a.stage_id "
                           "WHERE a.id = ?"),
            { applicationId });
        return r ? r.value().value(0).toString() : QString();
    }

    static QStringList cardNames(const PipelineModel& m, int column)
    {
        QStringList out;
        for (const QVariant& v : m.data(m.index(column), PipelineModel::CardsRole).toList())
            out << v.toMap().value(QStringLiteral("name")).toString();
        return out;
    }

    // The real app's QML, signed in as the admin: the window, the shell, and every QML
    // warning logged on the way (a test fails on any).
    struct Shell {
        QQmlApplicationEngine engine;
        QList<QQmlError> warnings;
        QQuickWindow* window = nullptr;
        QObject* shell = nullptr;
    };
    void openShell(Shell& s)
    {
        QObject::connect(&s.engine, &QQmlApplicationEngine::warnings, [&s](const QList<QQmlError>& w) { s.warnings << w; });
        s.engine.load(QUrl(QStringLiteral("qrc:/RecruitDesk/Main.qml")));
        QCOMPARE(s.engine.rootObjects().size(), 1);
        s.window = qobject_cast<QQuickWindow*>(s.engine.rootObjects().first());
        QVERIFY(s.window && QTest::qWaitForWindowExposed(s.window));
        auto* controller = s.engine.singletonInstance<AppController*>(qmlTypeId("RecruitDesk", 1, 0, "AppController"));
        QVERIFY(controller);
        QVERIFY(signIn(*controller, QStringLiteral("boss@acme.test"), test::kAdminPassword));
        QTRY_VERIFY(s.window->findChild<QObject*>(QStringLiteral("shell")));
        s.shell = s.window->findChild<QObject*>(QStringLiteral("shell"));
    }

    static QStringList objectNames(QQuickItem* item)
    {
        QStringList out;
        if (!item) return out;
        if (!item->objectName().isEmpty())
            out << item->objectName() + (item->isVisible() ? QString() : QStringLiteral("(hidden)"));
        for (QQuickItem* child : item->childItems())
            out << objectNames(child);
        return out;
    }

    void shot(QQuickWindow* w, const QString& name) { QVERIFY(test::shot(w, name)); }

    // The shared data (each test executable makes it once, in initTestCase).
    void setUpWorkspace()
    {
        tw = std::make_unique<test::TestWorkspace>();
        NewWorkspace w { QStringLiteral("Acme Talent"), QStringLiteral("acme"), QStringLiteral("agency"),
            QStringLiteral("boss@acme.test"), test::kAdminPassword, QStringLiteral("Ada"), QStringLiteral("Lovelace") };
        QVERIFY(tw->ws->tenants().createWorkspace(w).ok());
        admin = tw->signIn(QStringLiteral("acme"), QStringLiteral("boss@acme.test"), test::kAdminPassword);
        NewUser viewer { QStringLiteral("viewer@acme.test"), QStringLiteral("Vic"), QStringLiteral("Viewer"),
            test::kUserPassword, { QStringLiteral("viewer") } };
        QVERIFY(tw->ws->users().create(admin, viewer).ok());
        openJob = job(QStringLiteral("Compiler Engineer"), QStringLiteral("open"));
        draftJob = job(QStringLiteral("Draft Designer"), QStringLiteral("draft"));
        closedJob = job(QStringLiteral("Closed Chemist"), QStringLiteral("closed"));
        // 250 candidates: enough for three pages of the list.
        for (int i = 0; i < 250; ++i) {
            const QString first = i == 0 ? QStringLiteral("Grace")
                : i == 1                 ? QStringLiteral("Linus")
                : i == 2                 ? QStringLiteral("Margaret")
                                         : QStringLiteral("Person");
            const QString last = i < 3 ? QStringLiteral("Example") : QStringLiteral("Number%1").arg(i);
            tw->clock.advanceSecs(1);
            auto c = tw->ws->candidates().create(admin,
                { { QStringLiteral("first_name"), first }, { QStringLiteral("last_name"), last },
                    { QStringLiteral("headline"), QStringLiteral("Engineer") } });
            QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message));
            if (i < 3) {
                auto a = tw->ws->applications().apply(admin, c.value().id, openJob);
                QVERIFY(a.ok());
                applications << a.value().id;
            }
        }
        QVERIFY(tw->ws->db().flushSearchIndex().ok());
        AppController::setInstanceWorkspace(tw->ws.get());
    }
};

} // namespace rd::test
