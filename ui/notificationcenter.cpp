#include "notificationcenter.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "errormodel.h"

NotificationCenter::NotificationCenter(QObject* parent)
    : QObject(parent)
{
    m_refresh.setInterval(15000);
    connect(&m_refresh, &QTimer::timeout, this, &NotificationCenter::reload);
}

void NotificationCenter::setController(AppController* controller)
{
    if (m_controller == controller) return;
    if (m_controller) disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    if (m_controller) connect(m_controller, &AppController::stateChanged, this, &NotificationCenter::reload);
    Q_EMIT controllerChanged();
    reload();
}

QString NotificationCenter::eventLabel(const QString& event)
{
    if (event == QLatin1String("application.created")) return tr("New applications on my jobs");
    if (event == QLatin1String("application.stage_changed")) return tr("Stage changes of my applications and jobs");
    if (event == QLatin1String("job.assigned")) return tr("A job assigned to me");
    return event;
}

void NotificationCenter::reload()
{
    m_items.clear();
    m_preferences.clear();
    m_unread = 0;
    if (m_controller && m_controller->signedIn()) {
        m_refresh.start();
        rd::Workspace* ws = m_controller->workspace();
        const rd::Session& s = m_controller->session();
        if (auto list = ws->notifications().list(s, false, 50)) {
            for (const QJsonObject& n : list.value()) {
                const QString event = n.value(QStringLiteral("event")).toString();
                const QJsonObject data = n.value(QStringLiteral("data")).toObject();
                const QString job = data.value(QStringLiteral("job_title")).toString();
                // The candidate's name is looked up when listing; an erased one reads "a candidate".
                const QString who = n.value(QStringLiteral("candidate_name")).toString().isEmpty()
                    ? tr("A candidate")
                    : n.value(QStringLiteral("candidate_name")).toString();
                QString text;
                if (event == QLatin1String("application.created"))
                    text = tr("%1 applied for %2").arg(who, job);
                else if (event == QLatin1String("application.stage_changed"))
                    text = tr("%1 moved to %2 (%3)").arg(who, data.value(QStringLiteral("stage")).toString(), job);
                else if (event == QLatin1String("job.assigned"))
                    text = tr("You were assigned to %1").arg(job);
                else
                    text = event;
                const bool read = !n.value(QStringLiteral("read_at")).isNull();
                m_items << QVariantMap { { QStringLiteral("id"), n.value(QStringLiteral("id")).toString() },
                    { QStringLiteral("event"), event }, { QStringLiteral("text"), text },
                    { QStringLiteral("at"), n.value(QStringLiteral("created_at")).toString() },
                    { QStringLiteral("read"), read },
                    { QStringLiteral("candidate_id"), n.value(QStringLiteral("candidate_id")).toString() },
                    { QStringLiteral("job_id"), data.value(QStringLiteral("job_id")).toString() } };
            }
        } else {
            ErrorModel::instance()->report(list.error());
        }
        // The count covers more than the 50 listed.
        if (auto count = ws->notifications().unreadCount(s)) m_unread = count.value();
        if (auto prefs = ws->notifications().preferences(s))
            for (const QString& event : rd::NotificationService::events())
                m_preferences << QVariantMap { { QStringLiteral("event"), event },
                    { QStringLiteral("label"), eventLabel(event) },
                    { QStringLiteral("on"), prefs.value().value(event).toBool(true) } };
    } else {
        m_refresh.stop();
    }
    Q_EMIT changed();
}

bool NotificationCenter::markRead(const QString& id)
{
    if (!m_controller || !m_controller->signedIn()) return false;
    auto r = m_controller->workspace()->notifications().markRead(m_controller->session(), id);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    reload();
    return true;
}

bool NotificationCenter::setPreference(const QString& event, bool on)
{
    if (!m_controller || !m_controller->signedIn()) return false;
    auto r = m_controller->workspace()->notifications().setPreference(m_controller->session(), event, on);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        reload();
        return false;
    }
    reload();
    return true;
}
