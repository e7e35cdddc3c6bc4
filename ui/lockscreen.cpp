#include "lockscreen.h"

#include "appcontroller.h"
#include "client/syncengine.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace {
LockScreen::CustodyFactory& factory()
{
    static LockScreen::CustodyFactory f;
    return f;
}
} // namespace

void LockScreen::setCustodyFactory(CustodyFactory f) { factory() = std::move(f); }

LockScreen* LockScreen::instance()
{
    static LockScreen* screen = new LockScreen(QCoreApplication::instance());
    return screen;
}

LockScreen* LockScreen::create(QQmlEngine*, QJSEngine*)
{
    LockScreen* s = instance();
    QJSEngine::setObjectOwnership(s, QJSEngine::CppOwnership);
    return s;
}

bool LockScreen::explains(const rd::Error& error)
{
    const QString reason = error.details.value(QStringLiteral("reason")).toString();
    return reason == QLatin1String("lease_expired") || reason == QLatin1String("lease_ended")
        || reason == QLatin1String("wiped");
}

void LockScreen::lock(const QString& dbPath, const rd::Error& error)
{
    m_dbPath = dbPath;
    m_locked = true;
    const QString reason = error.details.value(QStringLiteral("reason")).toString();
    m_erased = reason == QLatin1String("wiped");
    const auto custody = factory() ? factory()(dbPath) : nullptr;
    const rd::crypto::LeaseState st = custody ? custody->state() : rd::crypto::LeaseState {};
    m_canUnlock = !m_erased && st.leased && !st.server.isEmpty();
    m_server = st.server;
    m_email = st.email;
    m_title = m_erased ? tr("This workspace was erased from this computer")
                 : tr("This workspace is locked on this computer");
    m_message = error.message;
    m_unlockError.clear();
    Q_EMIT changed();
}

void LockScreen::unlock(const QString& password, const QString& code)
{
    if (m_busy || !m_canUnlock) return;
    m_busy = true;
    m_unlockError.clear();
    Q_EMIT changed();
    const QString path = m_dbPath;
    auto* watcher = new QFutureWatcher<rd::Result<QByteArray>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
        const rd::Result<QByteArray> r = watcher->result();
        watcher->deleteLater();
        m_busy = false;
        if (r) {
            if (AppController::startOn(path)) QCoreApplication::quit();
            return;
        }
        if (r.error().details.value(QStringLiteral("reason")).toString() == QLatin1String("wiped")) {
            lock(path, r.error());
            return;
        }
        m_unlockError = r.error().message;
        Q_EMIT changed();
    });
    watcher->setFuture(QtConcurrent::run([path, password, code, make = factory()]() -> rd::Result<QByteArray> {
        auto custody = make(path);
        QJsonObject tokens;
        auto key = rd::sync::SyncEngine::reopenLeased(*custody, password, code, &tokens);
        if (!key) return key;
        // The sign-in's tokens are the device's from now on (the file's may have run out).
        rd::WorkspaceOptions options;
        options.custody = custody;
        auto ws = rd::Workspace::open(path, options);
        if (!ws) return ws.error();
        rd::sync::SyncEngine engine(*ws.value(), rd::Session::systemFor({}));
        if (rd::Status kept = engine.adoptSignIn(tokens); !kept) return kept.error();
        return key;
    }));
}

void LockScreen::acknowledge()
{
    (void)rd::crypto::KeyCustody::clearWipedNotice(m_dbPath);
    QCoreApplication::quit();
}

void LockScreen::quit() { QCoreApplication::quit(); }
