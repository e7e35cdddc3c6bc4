#pragma once

#include "auth/entities.h"

#include <QAbstractListModel>
#include <QQmlEngine>

class AppController;

// Admin > Users: the workspace's users, with add / enable / disable / role / reset-code
// actions. Every action goes through UserService; a denial shows in ErrorModel.
class UsersModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    // The workspace syncs with a server: colleagues are invited through it (inviteUser), not
    // added here.
    Q_PROPERTY(bool connected READ connected NOTIFY controllerChanged)
    Q_PROPERTY(bool inviting READ inviting NOTIFY invitingChanged)

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        EmailRole,
        DisplayNameRole,
        RolesRole,
        ActiveRole,
        MfaEnabledRole,
        LastSignInRole,
        IsSelfRole,
    };
    Q_ENUM(Roles)

    explicit UsersModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    bool loading() const { return m_loading; }

    Q_INVOKABLE bool reload();
    Q_INVOKABLE bool addUser(const QString& email, const QString& givenName, const QString& familyName, const QString& role,
        const QString& password);
    Q_INVOKABLE bool setActive(int row, bool active);
    Q_INVOKABLE bool setRole(int row, const QString& role);
    // Returns the one-time code (to show once), or an empty string on error.
    Q_INVOKABLE QString issueResetCode(int row);
    bool connected() const;
    bool inviting() const { return m_inviting; }
    // Asks the sync server to invite a colleague (SyncEngine::invite, off the GUI thread); the
    // answer arrives with invited(): the join code when the server did not email it. Then a sync
    // round brings their user into this list.
    Q_INVOKABLE void inviteUser(const QString& email, const QString& givenName, const QString& familyName, const QString& role);

Q_SIGNALS:
    void controllerChanged();
    void loadingChanged();
    void countChanged();
    void invitingChanged();
    // ok false: the error is in ErrorModel. code empty when it was emailed.
    void invited(bool ok, const QString& email, const QString& code, bool emailed, const QString& expiresAt);

private:
    bool replaceRow(const rd::User& user);
    QList<rd::User> m_users;
    AppController* m_controller = nullptr;
    bool m_loading = false;
    bool m_inviting = false;
};
