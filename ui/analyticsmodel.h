#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

class AppController;
Q_MOC_INCLUDE("appcontroller.h")

// Analytics: the funnel (applications that reached each stage, conversion from the one
// before), the median time in each stage, applications and hires by source, applications per
// week — for one job or all (AnalyticsService; needs report.read). The charts are drawn in
// QML with QtCharts (docs/decisions/0016-qtcharts-analytics.md).
class AnalyticsModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    // Empty: every job (stages grouped by kind).
    Q_PROPERTY(QString jobId READ jobId WRITE setJobId NOTIFY jobIdChanged)
    Q_PROPERTY(QVariantList funnel READ funnel NOTIFY changed) // [{label, reached, conversion}]
    Q_PROPERTY(QVariantList timeInStage READ timeInStage NOTIFY changed) // [{label, hours, moves}]
    Q_PROPERTY(QVariantList sources READ sources NOTIFY changed) // [{label, applications, hired}]
    Q_PROPERTY(QVariantList weeks READ weeks NOTIFY changed) // [{label, applications}], oldest first
    // The largest value of each series (chart axes).
    Q_PROPERTY(double maxReached READ maxReached NOTIFY changed)
    Q_PROPERTY(double maxHours READ maxHours NOTIFY changed)
    Q_PROPERTY(double maxWeek READ maxWeek NOTIFY changed)
    Q_PROPERTY(bool allowed READ allowed NOTIFY changed)

public:
    explicit AnalyticsModel(QObject* parent = nullptr);
    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    QString jobId() const { return m_jobId; }
    void setJobId(const QString& id);
    QVariantList funnel() const { return m_funnel; }
    QVariantList timeInStage() const { return m_time; }
    QVariantList sources() const { return m_sources; }
    QVariantList weeks() const { return m_weeks; }
    double maxReached() const { return m_maxReached; }
    double maxHours() const { return m_maxHours; }
    double maxWeek() const { return m_maxWeek; }
    bool allowed() const { return m_allowed; }

    Q_INVOKABLE bool reload();

Q_SIGNALS:
    void controllerChanged();
    void jobIdChanged();
    void changed();

private:
    AppController* m_controller = nullptr;
    QString m_jobId;
    QVariantList m_funnel, m_time, m_sources, m_weeks;
    double m_maxReached = 0, m_maxHours = 0, m_maxWeek = 0;
    bool m_allowed = false;
};
