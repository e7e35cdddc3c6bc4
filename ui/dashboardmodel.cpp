#include "dashboardmodel.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "errormodel.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

DashboardModel::DashboardModel(QObject* parent)
    : QObject(parent)
{
}

void DashboardModel::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
    reload();
}

bool DashboardModel::reload()
{
    if (!m_controller || !m_controller->signedIn()) return false;
    rd::Workspace* ws = m_controller->workspace();
    const QDate today = ws->clock().now().toLocalTime().date();
    const QString from = QDateTime(today, QTime(0, 0)).toUTC().toString(Qt::ISODate);
    const QString to = QDateTime(today.addDays(1), QTime(0, 0)).toUTC().toString(Qt::ISODate);
    auto d = ws->activity().dashboard(m_controller->session(), from, to);
    if (!d) {
        ErrorModel::instance()->report(d.error());
        return false;
    }
    const QJsonObject o = d.value();
    m_jobs = o.value(QStringLiteral("jobs")).toArray().toVariantList();
    m_interviews = o.value(QStringLiteral("interviews_today")).toArray().toVariantList();
    m_waiting = o.value(QStringLiteral("waiting")).toObject().value(QStringLiteral("items")).toArray().toVariantList();
    m_waitingCount = o.value(QStringLiteral("waiting")).toObject().value(QStringLiteral("count")).toInt();
    m_activity = o.value(QStringLiteral("activity")).toArray().toVariantList();
    m_active = 0;
    for (const QJsonValue& j : o.value(QStringLiteral("jobs")).toArray())
        m_active += j.toObject().value(QStringLiteral("total")).toInt();
    Q_EMIT changed();
    return true;
}
