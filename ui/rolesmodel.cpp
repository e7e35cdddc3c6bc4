#include "rolesmodel.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "errormodel.h"

RolesModel::RolesModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int RolesModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    return int(m_roles.size());
}

QVariant RolesModel::data(const QModelIndex& index, int role) const
{
    Q_ASSERT(checkIndex(index, QAbstractItemModel::CheckIndexOption::IndexIsValid | QAbstractItemModel::CheckIndexOption::ParentIsInvalid));
    const rd::Role& r = m_roles.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case DescriptionRole: return r.description;
    case SystemRole: return r.system;
    case PermissionsRole: return r.permissions.join(QStringLiteral("  "));
    case PermissionCountRole: return int(r.permissions.size());
    default: return {};
    }
}

QHash<int, QByteArray> RolesModel::roleNames() const
{
    return { { NameRole, "name" }, { DescriptionRole, "description" }, { SystemRole, "system" },
        { PermissionsRole, "permissions" }, { PermissionCountRole, "permissionCount" } };
}

void RolesModel::setController(AppController* controller)
{
    if (m_controller == controller)
        return;
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
    if (!m_controller || !m_controller->signedIn())
        return false;
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
    if (!m_controller)
        return false;
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
