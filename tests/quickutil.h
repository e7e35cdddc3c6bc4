#pragma once
// For tests that drive the app's real QML from C++: open the app signed in, find a visible item
// by objectName, click it, and keep a PNG of the window when RD_SCREENSHOT_DIR is set.
#include "appcontroller.h"

#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTest>

namespace rd::test {

// The first visible item named NAME under ITEM (depth first), or null.
inline QQuickItem* findIn(QQuickItem* item, const QString& name)
{
    if (!item) return nullptr;
    if (item->objectName() == name && item->isVisible()) return item;
    for (QQuickItem* child : item->childItems())
        if (QQuickItem* found = findIn(child, name)) return found;
    return nullptr;
}

// A left click in the middle of ITEM.
inline void click(QQuickWindow* window, QQuickItem* item)
{
    QTest::mouseClick(
        window, Qt::LeftButton, {}, item->mapToScene(QPointF(item->width() / 2, item->height() / 2)).toPoint());
}

// Saves the window as RD_SCREENSHOT_DIR/NAME (nothing without the variable); false if it could not.
inline bool shot(QQuickWindow* w, const QString& name)
{
    const QByteArray dir = qgetenv("RD_SCREENSHOT_DIR");
    if (dir.isEmpty()) return true;
    QTest::qWait(300);
    return w->grabWindow().save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + name);
}

// The real app (qrc:/RecruitDesk/Main.qml) signed in, with every QML warning it logs. Call
// AppController::setInstanceWorkspace first.
struct SignedInApp {
    QQmlApplicationEngine engine;
    QList<QQmlError> warnings;
    QQuickWindow* window = nullptr;
    AppController* controller = nullptr;
    QObject* shell = nullptr;

    // Empty when the window shows the shell, else what went wrong.
    QString open(const QString& slug, const QString& email, const QString& password)
    {
        QObject::connect(
            &engine, &QQmlApplicationEngine::warnings, &engine, [this](const QList<QQmlError>& w) { warnings << w; });
        engine.load(QUrl(QStringLiteral("qrc:/RecruitDesk/Main.qml")));
        if (engine.rootObjects().size() != 1) return QStringLiteral("Main.qml did not load");
        window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
        if (!window || !QTest::qWaitForWindowExposed(window)) return QStringLiteral("no window");
        controller = engine.singletonInstance<AppController*>(qmlTypeId("RecruitDesk", 1, 0, "AppController"));
        QSignalSpy signedIn(controller, &AppController::finished);
        controller->signIn(slug, email, password);
        if (!signedIn.wait(20000) || !controller->signedIn()) return QStringLiteral("sign-in failed");
        for (int i = 0; i < 100 && !(shell = window->findChild<QObject*>(QStringLiteral("shell"))); ++i)
            QTest::qWait(50);
        return shell ? QString() : QStringLiteral("no shell after sign-in");
    }
    // The warnings, one per line (empty: none).
    QString problems() const
    {
        QStringList out;
        for (const QQmlError& e : warnings)
            out << e.toString();
        return out.join(QLatin1Char('\n'));
    }
};

} // namespace rd::test
