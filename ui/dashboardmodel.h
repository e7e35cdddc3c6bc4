#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

class AppController;

// Dashboard: open jobs with their active applications per stage, the reader's interviews
// today, applications waiting in an "applied" stage, and recent activity
// (ActivityService::dashboard). "Today" is the local calendar day of this computer.
class DashboardModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    Q_PROPERTY(QVariantList jobs READ jobs NOTIFY changed)
    Q_PROPERTY(QVariantList interviewsToday READ interviewsToday NOTIFY changed)
    Q_PROPERTY(QVariantList waiting READ waiting NOTIFY changed)
    Q_PROPERTY(int waitingCount READ waitingCount NOTIFY changed)
    Q_PROPERTY(QVariantList activity READ activity NOTIFY changed)
    Q_PROPERTY(int applicationsActive READ applicationsActive NOTIFY changed)

public:
    explicit DashboardModel(QObject* parent = nullptr);
    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    QVariantList jobs() const { return m_jobs; }
    QVariantList interviewsToday() const { return m_interviews; }
    QVariantList waiting() const { return m_waiting; }
    int waitingCount() const { return m_waitingCount; }
    QVariantList activity() const { return m_activity; }
    int applicationsActive() const { return m_active; }

    Q_INVOKABLE bool reload();

Q_SIGNALS:
    void controllerChanged();
    void changed();

private:
    AppController* m_controller = nullptr;
    QVariantList m_jobs, m_interviews, m_waiting, m_activity;
    int m_waitingCount = 0;
    int m_active = 0;
};
