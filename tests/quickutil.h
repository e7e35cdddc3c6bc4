#pragma once
// For tests that drive the app's real QML from C++: find a visible item by objectName, click
// it, and keep a PNG of the window when RD_SCREENSHOT_DIR is set.
#include <QQuickItem>
#include <QQuickWindow>
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

} // namespace rd::test
