#pragma once

#include "common/result.h"
#include "crypto/keylease.h"

#include <QObject>
#include <QQmlEngine>

// What the desktop shows when the workspace cannot be used on this computer any more (decision
// 0024): its offline period ended (sign in at the sync server to open it again), the server
// took its key away (revoked device, disabled account), or an administrator had it erased (what
// the note says). At start-up (the file did not open) it is the whole window (LockedWindow.qml);
// when a sync round shuts an open workspace, Main.qml shows it instead of the app.
class LockScreen : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool locked READ locked NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)
    Q_PROPERTY(bool canUnlock READ canUnlock NOTIFY changed) // a sign-in at the server may open it
    Q_PROPERTY(bool erased READ erased NOTIFY changed)
    Q_PROPERTY(QString server READ server NOTIFY changed)
    Q_PROPERTY(QString email READ email NOTIFY changed)
    Q_PROPERTY(bool busy READ busy NOTIFY changed)
    Q_PROPERTY(QString unlockError READ unlockError NOTIFY changed)

public:
    static LockScreen* instance();
    static LockScreen* create(QQmlEngine*, QJSEngine*);
    // Where a workspace's key lives (the desktop's: platformKeyCustody; rd_ui does not link the
    // keychain). Without one, no sign-in is offered.
    using CustodyFactory = std::function<std::shared_ptr<rd::crypto::KeyCustody>(const QString& dbPath)>;
    static void setCustodyFactory(CustodyFactory factory);
    // The workspace at DBPATH did not open (or a round shut it) with ERROR.
    void lock(const QString& dbPath, const rd::Error& error);
    // Whether an open error is one this screen explains (lease_expired, wiped, lease_ended).
    static bool explains(const rd::Error& error);

    bool locked() const { return m_locked; }
    QString title() const { return m_title; }
    QString message() const { return m_message; }
    bool canUnlock() const { return m_canUnlock; }
    bool erased() const { return m_erased; }
    QString server() const { return m_server; }
    QString email() const { return m_email; }
    bool busy() const { return m_busy; }
    QString unlockError() const { return m_unlockError; }

    // Signs in at the server (off the GUI thread); on success the app starts again on the file.
    Q_INVOKABLE void unlock(const QString& password, const QString& code);
    // After an erasure: the note goes (a new workspace may be made there) and the app quits.
    Q_INVOKABLE void acknowledge();
    Q_INVOKABLE void quit();

Q_SIGNALS:
    void changed();

private:
    explicit LockScreen(QObject* parent = nullptr)
        : QObject(parent)
    {
    }
    QString m_dbPath;
    bool m_locked = false;
    QString m_title;
    QString m_message;
    bool m_canUnlock = false;
    bool m_erased = false;
    QString m_server;
    QString m_email;
    bool m_busy = false;
    QString m_unlockError;
};
