#pragma once

#include "auth/entities.h"

#include <QAbstractListModel>
#include <QQmlEngine>

class AppController;

// Admin > Roles: built-in and custom roles with their permissions.
class RolesModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(QStringList names READ names NOTIFY countChanged)

public:
    enum Roles { NameRole = Qt::UserRole + 1, DescriptionRole, SystemRole, PermissionsRole, PermissionCountRole };
    Q_ENUM(Roles)

    explicit RolesModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    bool loading() const { return m_loading; }
    QStringList names() const;

    Q_INVOKABLE bool reload();
    Q_INVOKABLE bool createRole(const QString& name, const QString& description, const QStringList& permissions);
    // A custom role's permissions set to exactly PERMISSIONS ("resource.action"): the missing
    // ones granted, the others revoked, each through RoleService (audited).
    Q_INVOKABLE bool setPermissions(const QString& name, const QStringList& permissions);
    Q_INVOKABLE bool removeRole(const QString& name);
    Q_INVOKABLE QStringList permissionsOf(const QString& name) const;
    // The permission matrix: every resource and every action, in the core's names.
    Q_INVOKABLE static QStringList resources();
    Q_INVOKABLE static QStringList actions();

Q_SIGNALS:
    void controllerChanged();
    void loadingChanged();
    void countChanged();

private:
    QList<rd::Role> m_roles;
    AppController* m_controller = nullptr;
    bool m_loading = false;
};
