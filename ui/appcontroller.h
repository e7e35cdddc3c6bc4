#pragma once

#include "auth/session.h"

#include <QObject>
#include <QQmlEngine>
#include <QStringList>
#include <memory>

namespace rd {
class Workspace;
namespace sync {
class SyncScheduler;
}
}

// Session state for the desktop: first-run setup, sign-in (with the TOTP step), sign-out,
// and what the signed-in user may see. Heavy work (Argon2id) runs off the GUI thread.
class AppController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool needsSetup READ needsSetup NOTIFY stateChanged)
    Q_PROPERTY(bool signedIn READ signedIn NOTIFY stateChanged)
    Q_PROPERTY(bool mfaPending READ mfaPending NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString userEmail READ userEmail NOTIFY stateChanged)
    Q_PROPERTY(QString userName READ userName NOTIFY stateChanged)
    Q_PROPERTY(QString tenantName READ tenantName NOTIFY stateChanged)
    Q_PROPERTY(QString tenantKind READ tenantKind NOTIFY stateChanged)
    Q_PROPERTY(QStringList roles READ roles NOTIFY stateChanged)
    Q_PROPERTY(QStringList workspaces READ workspaces NOTIFY stateChanged)
    Q_PROPERTY(bool canAdmin READ canAdmin NOTIFY stateChanged)
    // The dark palette: --theme dark, or --theme system (the default) on a system whose
    // palette is dark.
    Q_PROPERTY(bool darkTheme READ darkTheme CONSTANT)
    // Workspace files (profiles) opened on this computer, most recent first.
    Q_PROPERTY(QStringList recentDatabases READ recentDatabases NOTIFY recentChanged)
    Q_PROPERTY(QString databasePath READ databasePath CONSTANT)
    // The sync status model (rd::sync::SyncScheduler) while signed in: state, error,
    // errorCode, lastSyncAt, pending, conflicts; syncNow().
    Q_PROPERTY(QObject* sync READ sync NOTIFY stateChanged)

public:
    explicit AppController(rd::Workspace* workspace, QObject* parent = nullptr);
    ~AppController() override;
    static AppController* create(QQmlEngine*, QJSEngine*);
    static void setInstanceWorkspace(rd::Workspace* workspace);
    // "light", "dark" or "system" (read once, before the QML engine starts).
    static void setTheme(const QString& theme);
    // "en", "de" or empty for the system's (as given with --lang).
    static void setLanguage(const QString& language);
    // The arguments that start the app on PATH with the same language and palette.
    static QStringList restartArguments(const QString& path);
    // Starts PROGRAM (default: this executable) detached on PATH with restartArguments; its
    // process id in *pid. False when it could not be started.
    static bool startOn(const QString& path, const QString& program = {}, qint64* pid = nullptr);
    // Remembers a workspace file in the recent list (the app calls it for the file it opens).
    static void rememberDatabase(const QString& path);
    QStringList recentDatabases() const;
    // Another workspace file, existing or new: remembered, then switchRequested(path) — the
    // app restarts on it (a workspace's key and services belong to one process). False, and
    // said, when its folder does not exist or it is the file already open.
    Q_INVOKABLE bool switchDatabase(const QUrl& file);
    Q_INVOKABLE bool forgetDatabase(const QString& path);
    bool darkTheme() const;

    bool needsSetup() const;
    bool signedIn() const { return !m_session.userId.isEmpty(); }
    bool mfaPending() const { return m_mfaPending; }
    bool busy() const { return m_busy; }
    QString userEmail() const { return m_session.email; }
    QString userName() const { return m_userName; }
    QString tenantName() const { return m_tenantName; }
    QString tenantKind() const { return m_tenantKind; }
    QStringList roles() const { return m_roles; }
    QStringList workspaces() const;
    bool canAdmin() const { return m_canAdmin; }
    QString databasePath() const;

    // Asynchronous; the result arrives via stateChanged / ErrorModel, and finished(ok).
    Q_INVOKABLE void createWorkspace(const QString& name, const QString& kind, const QString& email,
        const QString& givenName, const QString& familyName, const QString& password, const QString& confirm);
    // First run on a colleague's laptop: fills this (empty) workspace from a sync server and signs
    // in. With a join code (an admin's invitation) `password` is the password chosen now and
    // must match `confirm`; without one it is the server password (and totp its code, if any).
    Q_INVOKABLE void joinWorkspace(const QString& server, const QString& workspaceSlug, const QString& email,
        const QString& password, const QString& totp, const QString& joinCode, const QString& confirm);
    Q_INVOKABLE void signIn(const QString& workspaceSlug, const QString& email, const QString& password);
    Q_INVOKABLE void submitCode(const QString& code);
    Q_INVOKABLE void cancelMfa();
    Q_INVOKABLE void signOut();

    QObject* sync() const;
    // Whether the signed-in user's roles allow an action ("candidate", "update"); the UI
    // hides or disables what this refuses (the core refuses it anyway).
    Q_INVOKABLE bool can(const QString& resource, const QString& action) const;
    // Starts the sync scheduler again (after this device was signed in to a server).
    void restartSync();

    const rd::Session& session() const { return m_session; }
    rd::Workspace* workspace() const { return m_ws; }

Q_SIGNALS:
    void stateChanged();
    void busyChanged();
    void finished(bool ok);
    void recentChanged();
    void switchRequested(const QString& path);

private:
    void setBusy(bool busy);
    // False (said in ErrorModel, finished(false)) when the repeated password differs.
    bool passwordsMatch(const QString& password, const QString& confirm);
    void attemptSignIn();
    void loadSessionInfo();
    void startSync();
    void stopSync();

    rd::Workspace* m_ws;
    std::unique_ptr<rd::sync::SyncScheduler> m_sync;
    int m_changeSubscription = -1;
    rd::Session m_session;
    bool m_busy = false;
    bool m_mfaPending = false;
    bool m_canAdmin = false;
    QString m_userName;
    QString m_tenantName;
    QString m_tenantKind;
    QStringList m_roles;
    // Pending credentials between the password and TOTP steps (cleared right after).
    QString m_pendingSlug;
    QString m_pendingEmail;
    QString m_pendingPassword;
    QString m_pendingCode;
};
