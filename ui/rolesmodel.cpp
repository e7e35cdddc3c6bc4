#include "rolesmodel.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "auth/permissions.h"
#include "errormodel.h"

RolesModel::RolesModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int RolesModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid()) return 0;
    return int(m_roles.size());
}

QVariant RolesModel::data(const QModelIndex& index, int role) const
{
    Q_ASSERT(checkIndex(index,
        QAbstractItemModel::CheckIndexOption::IndexIsValid | QAbstractItemModel::CheckIndexOption::ParentIsInvalid));
    const rd::Role& r = m_roles.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return r.name;
    case DescriptionRole:
        return r.description;
    case SystemRole:
        return r.system;
    case PermissionsRole:
        return r.permissions.join(QStringLiteral("  "));
    case PermissionCountRole:
        return int(r.permissions.size());
    default:
        return {};
    }
}

QHash<int, QByteArray> RolesModel::roleNames() const
{
    return { { NameRole, "name" }, { DescriptionRole, "description" }, { SystemRole, "system" },
        { PermissionsRole, "permissions" }, { PermissionCountRole, "permissionCount" } };
}

void RolesModel::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
}

QStringList RolesModel::names() const
{
    QStringList out;
    for (const rd::Role& r : m_roles)
        out << r.name;
    return out;
}

bool RolesModel::reload()
{
    if (!m_controller || !m_controller->signedIn()) return false;
    m_loading = true;
    Q_EMIT loadingChanged();
    auto roles = m_controller->workspace()->roles().list(m_controller->session());
    const bool ok = roles.ok();
    if (ok) {
        beginResetModel();
        m_roles = roles.value();
        endResetModel();
        Q_EMIT countChanged();
    } else {
        ErrorModel::instance()->report(roles.error());
    }
    m_loading = false;
    Q_EMIT loadingChanged();
    return ok;
}

bool RolesModel::createRole(const QString& name, const QString& description, const QStringList& permissions)
{
    if (!m_controller) return false;
    auto r = m_controller->workspace()->roles().create(m_controller->session(), name, description, permissions);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    const int row = int(m_roles.size());
    beginInsertRows({}, row, row);
    m_roles.append(r.value());
    endInsertRows();
    Q_EMIT countChanged();
    return true;
}

QStringList RolesModel::resources()
{
    QStringList out;
    for (int r = int(rd::Resource::Tenant); r <= int(rd::Resource::Privacy); ++r)
        out << rd::resourceName(rd::Resource(r));
    return out;
}

QStringList RolesModel::actions()
{
    QStringList out;
    for (int a = int(rd::Action::Create); a <= int(rd::Action::Manage); ++a)
        out << rd::actionName(rd::Action(a));
    return out;
}

QStringList RolesModel::permissionsOf(const QString& name) const
{
    for (const rd::Role& r : m_roles)
        if (r.name == name) return r.permissions;
    return {};
}

bool RolesModel::setPermissions(const QString& name, const QStringList& permissions)
{
    if (!m_controller) return false;
    const QStringList current = permissionsOf(name);
    QStringList grant, revoke;
    for (const QString& p : permissions)
        if (!current.contains(p)) grant << p;
    for (const QString& p : current)
        if (!permissions.contains(p)) revoke << p;
    rd::RoleService& roles = m_controller->workspace()->roles();
    if (!grant.isEmpty())
        if (auto r = roles.grant(m_controller->session(), name, grant); !r) {
            ErrorModel::instance()->report(r.error());
            reload();
            return false;
        }
    if (!revoke.isEmpty())
        if (auto r = roles.revoke(m_controller->session(), name, revoke); !r) {
            ErrorModel::instance()->report(r.error());
            reload();
            return false;
        }
    return reload();
}

bool RolesModel::removeRole(const QString& name)
{
    if (!m_controller) return false;
    const rd::Status s = m_controller->workspace()->roles().remove(m_controller->session(), name);
    if (!s) {
        ErrorModel::instance()->report(s.error());
        return false;
    }
    return reload();
}
