#include "analyticsmodel.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "errormodel.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

QString kindLabel(const QString& kind)
{
    if (kind == QLatin1String("applied")) return AnalyticsModel::tr("Applied");
    if (kind == QLatin1String("screening")) return AnalyticsModel::tr("Screening");
    if (kind == QLatin1String("interview")) return AnalyticsModel::tr("Interview");
    if (kind == QLatin1String("offer")) return AnalyticsModel::tr("Offer");
    if (kind == QLatin1String("hired")) return AnalyticsModel::tr("Hired");
    if (kind == QLatin1String("rejected")) return AnalyticsModel::tr("Rejected");
    return kind;
}

// A stage's label: its name for one job, its kind (in words) over all jobs.
QString stageLabel(const QJsonObject& o)
{
    const QString stage = o.value(QStringLiteral("stage")).toString();
    return stage.isEmpty() ? kindLabel(o.value(QStringLiteral("kind")).toString()) : stage;
}

} // namespace

AnalyticsModel::AnalyticsModel(QObject* parent)
    : QObject(parent)
{
}

void AnalyticsModel::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
    reload();
}

void AnalyticsModel::setJobId(const QString& id)
{
    if (m_jobId == id) return;
    m_jobId = id;
    Q_EMIT jobIdChanged();
    reload();
}

bool AnalyticsModel::reload()
{
    m_funnel.clear();
    m_time.clear();
    m_sources.clear();
    m_weeks.clear();
    m_maxReached = m_maxHours = m_maxWeek = 0;
    m_allowed = m_controller && m_controller->signedIn()
        && m_controller->can(QStringLiteral("report"), QStringLiteral("read"));
    bool ok = m_allowed;
    if (m_allowed) {
        rd::AnalyticsService& a = m_controller->workspace()->analytics();
        const rd::Session& s = m_controller->session();
        const auto fail = [&](const rd::Error& e) {
            ErrorModel::instance()->report(e);
            ok = false;
        };
        if (auto f = a.funnel(s, m_jobId)) {
            for (const QJsonValue& v : f.value()) {
                const QJsonObject o = v.toObject();
                const double reached = o.value(QStringLiteral("reached")).toDouble();
                m_maxReached = qMax(m_maxReached, reached);
                m_funnel << QVariantMap { { QStringLiteral("label"), stageLabel(o) },
                    { QStringLiteral("reached"), reached },
                    { QStringLiteral("conversion"),
                        o.contains(QStringLiteral("conversion"))
                            ? QVariant(o.value(QStringLiteral("conversion")).toDouble())
                            : QVariant() } };
            }
        } else {
            fail(f.error());
        }
        if (auto t = a.timeInStage(s, m_jobId)) {
            for (const QJsonValue& v : t.value()) {
                const QJsonObject o = v.toObject();
                const double hours = o.value(QStringLiteral("median_hours")).toDouble();
                m_maxHours = qMax(m_maxHours, hours);
                m_time << QVariantMap { { QStringLiteral("label"), stageLabel(o) }, { QStringLiteral("hours"), hours },
                    { QStringLiteral("moves"), o.value(QStringLiteral("moves")).toInt() } };
            }
        } else {
            fail(t.error());
        }
        if (auto src = a.bySource(s)) {
            for (const QJsonValue& v : src.value()) {
                const QJsonObject o = v.toObject();
                const QString source = o.value(QStringLiteral("source")).toString();
                m_sources << QVariantMap { { QStringLiteral("label"), source.isEmpty() ? tr("unknown") : source },
                    { QStringLiteral("applications"), o.value(QStringLiteral("applications")).toInt() },
                    { QStringLiteral("hired"), o.value(QStringLiteral("hired")).toInt() } };
            }
        } else {
            fail(src.error());
        }
        if (auto w = a.byWeek(s)) {
            for (const QJsonValue& v : w.value()) {
                const QJsonObject o = v.toObject();
                const double n = o.value(QStringLiteral("applications")).toDouble();
                m_maxWeek = qMax(m_maxWeek, n);
                m_weeks << QVariantMap { { QStringLiteral("label"), o.value(QStringLiteral("week")).toString() },
                    { QStringLiteral("applications"), n } };
            }
        } else {
            fail(w.error());
        }
    }
    Q_EMIT changed();
    return ok;
}
