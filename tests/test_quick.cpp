// Qt Quick Test runner for the QML components in tests/quick/tst_*.qml: each file builds one
// screen of the real RecruitDesk module over a real workspace (made here, once) and drives it
// with the mouse and keyboard; the `Fixture` singleton (quickfixture.h) lets
// the QML ask the core what was recorded.
#include "quickfixture.h"

#include <QQmlEngine>
#include <QtQuickTest>

class Setup : public QObject {
    Q_OBJECT
public slots:
    void applicationAvailable() { Fixture::build(); }
    void qmlEngineAvailable(QQmlEngine* engine) { engine->addImportPath(QStringLiteral("qrc:/")); }
    void cleanupTestCase() { Fixture::tw.reset(); }
};

QUICK_TEST_MAIN_WITH_SETUP(recruitdesk_quick, Setup)

#include "test_quick.moc"
