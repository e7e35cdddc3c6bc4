#include "usersmodel.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "client/syncengine.h"
#include "client/syncscheduler.h"
#include "errormodel.h"

#include <QFutureWatcher>
#include <QJsonObject>
#include <QtConcurrent>

UsersModel::UsersModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int UsersModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    return int(m_users.size());
}

QVariant UsersModel::data(const QModelIndex& index, int role) const
{
    Q_ASSERT(checkIndex(index, QAbstractItemModel::CheckIndexOption::IndexIsValid | QAbstractItemModel::CheckIndexOption::ParentIsInvalid));
    const rd::User& u = m_users.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case DisplayNameRole: return u.displayName();
    case IdRole: return u.id;
    case EmailRole: return u.email;
    case RolesRole: return u.roles.join(QStringLiteral(", "));
    case ActiveRole: return u.active;
    case MfaEnabledRole: return u.mfaEnabled;
    case LastSignInRole: return u.lastSignInAt;
    case IsSelfRole: return m_controller && u.id == m_controller->session().userId;
    default: return {};
    }
}

QHash<int, QByteArray> UsersModel::roleNames() const
{
    return { { IdRole, "id" }, { EmailRole, "email" }, { DisplayNameRole, "displayName" }, { RolesRole, "roles" },
        { ActiveRole, "active" }, { MfaEnabledRole, "mfaEnabled" }, { LastSignInRole, "lastSignIn" },
        { IsSelfRole, "isSelf" } };
}

void UsersModel::setController(AppController* controller)
{
    if (m_controller == controller)
        return;
    m_controller = controller;
    Q_EMIT controllerChanged();
}

bool UsersModel::reload()
{
    if (!m_controller || !m_controller->signedIn())
        return false;
    m_loading = true;
    Q_EMIT loadingChanged();
    QList<rd::User> users;
    rd::ListQuery q;
    q.limit = rd::ListQuery::kMaxLimit;
    bool ok = true;
    for (;;) {
        auto page = m_controller->workspace()->users().list(m_controller->session(), q);
        if (!page) {
            ErrorModel::instance()->report(page.error());
            ok = false;
            break;
        }
        users << page.value().items;
        if (page.value().nextCursor.isEmpty())
            break;
        q.cursor = page.value().nextCursor;
    }
    if (ok) {
        beginResetModel();
        m_users = users;
        endResetModel();
        Q_EMIT countChanged();
    }
    m_loading = false;
    Q_EMIT loadingChanged();
    return ok;
}

bool UsersModel::addUser(const QString& email, const QString& givenName, const QString& familyName, const QString& role,
    const QString& password)
{
    if (!m_controller)
        return false;
    rd::NewUser nu { email, givenName, familyName, password, { role } };
    auto created = m_controller->workspace()->users().create(m_controller->session(), nu);
    if (!created) {
        ErrorModel::instance()->report(created.error());
        return false;
    }
    const int row = int(m_users.size());
    beginInsertRows({}, row, row);
    m_users.append(created.value());
    endInsertRows();
    Q_EMIT countChanged();
    return true;
}

bool UsersModel::connected() const
{
    if (!m_controller || !m_controller->workspace()) return false;
    auto server = m_controller->workspace()->db().meta(QStringLiteral("sync_server"));
    return server && !server.value().isEmpty();
}

void UsersModel::inviteUser(const QString& email, const QString& givenName, const QString& familyName, const QString& role)
{
    if (!m_controller || m_inviting) return;
    ErrorModel::instance()->clear();
    m_inviting = true;
    Q_EMIT invitingChanged();
    auto* watcher = new QFutureWatcher<rd::Result<QJsonObject>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        auto r = watcher->result();
        watcher->deleteLater();
        m_inviting = false;
        Q_EMIT invitingChanged();
        if (!r) {
            ErrorModel::instance()->report(r.error());
            Q_EMIT invited(false, {}, {}, false, {});
            return;
        }
        const QJsonObject& o = r.value();
        Q_EMIT invited(true, o.value(QStringLiteral("email")).toString(), o.value(QStringLiteral("code")).toString(),
            o.value(QStringLiteral("emailed")).toBool(), o.value(QStringLiteral("expires_at")).toString());
        // Their user comes with the next pull.
        if (auto* scheduler = qobject_cast<rd::sync::SyncScheduler*>(m_controller->sync())) scheduler->syncNow();
    });
    watcher->setFuture(QtConcurrent::run([ws = m_controller->workspace(), session = m_controller->session(), email, givenName,
                                             familyName, role] {
        return rd::sync::SyncEngine(*ws, session).invite(email, role, givenName, familyName);
    }));
}

bool UsersModel::replaceRow(const rd::User& user)
{
    for (int i = 0; i < m_users.size(); ++i) {
        if (m_users[i].id == user.id) {
            m_users[i] = user;
            Q_EMIT dataChanged(index(i), index(i));
            return true;
        }
    }
    return false;
}

bool UsersModel::setActive(int row, bool active)
{
    if (!m_controller || row < 0 || row >= m_users.size())
        return false;
    auto r = m_controller->workspace()->users().setActive(m_controller->session(), m_users[row].id, active);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    rd::User u = r.value();
    u.roles = m_users[row].roles;
    return replaceRow(u);
}

bool UsersModel::setRole(int row, const QString& role)
{
    if (!m_controller || row < 0 || row >= m_users.size())
        return false;
    auto r = m_controller->workspace()->users().setRoles(m_controller->session(), m_users[row].id, { role });
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    return replaceRow(r.value());
}

QString UsersModel::issueResetCode(int row)
{
    if (!m_controller || row < 0 || row >= m_users.size())
        return {};
    auto r = m_controller->workspace()->users().issueResetCode(m_controller->session(), m_users[row].id);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return {};
    }
    return r.value().code;
}
