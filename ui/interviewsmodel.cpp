#include "interviewsmodel.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "errormodel.h"
#include "userfiles.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QLocale>
#include <QTimeZone>

namespace {
// "Sat 28 Nov 2026, 18:30" in the user's language, without seconds.
QString shortDateTime(const QDateTime& dt)
{
    const QLocale locale;
    return locale.toString(dt.date(), QStringLiteral("ddd ")) + locale.toString(dt.date(), QLocale::ShortFormat)
        + QStringLiteral(", ") + locale.toString(dt.time(), QStringLiteral("HH:mm"));
}
} // namespace

InterviewsModel::InterviewsModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int InterviewsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant InterviewsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const QVariantMap r = m_rows.at(index.row()).toMap();
    const QDateTime start = QDateTime::fromString(r.value(QStringLiteral("starts_at")).toString(), Qt::ISODate);
    switch (role) {
    case Qt::DisplayRole:
    case CandidateRole:
        return r.value(QStringLiteral("candidate"));
    case IdRole:
        return r.value(QStringLiteral("id"));
    case StartsAtRole:
        return r.value(QStringLiteral("starts_at"));
    case LocalTimeRole:
        return shortDateTime(start.toLocalTime());
    case PlannedTimeRole: {
        const QTimeZone zone(r.value(QStringLiteral("time_zone")).toString().toUtf8());
        return shortDateTime(start.toTimeZone(zone)) + QLatin1Char(' ')
            + r.value(QStringLiteral("time_zone")).toString();
    }
    case DurationRole:
        return r.value(QStringLiteral("duration_min"));
    case LocationRole:
        return r.value(QStringLiteral("location"));
    case VideoLinkRole:
        return r.value(QStringLiteral("video_link"));
    case StatusRole:
        return r.value(QStringLiteral("status"));
    case CandidateIdRole:
        return r.value(QStringLiteral("candidate_id"));
    case JobRole:
        return r.value(QStringLiteral("job"));
    case InterviewersRole: {
        QStringList names;
        for (const QVariant& v : r.value(QStringLiteral("interviewers")).toList())
            names << v.toMap().value(QStringLiteral("name")).toString();
        return names.join(QStringLiteral(", "));
    }
    case FeedbackCountRole:
        return r.value(QStringLiteral("feedback_count"));
    case CanGiveFeedbackRole:
        return r.value(QStringLiteral("i_interview"));
    case MyFeedbackRole:
        return r.value(QStringLiteral("my_feedback"));
    default:
        return {};
    }
}

QHash<int, QByteArray> InterviewsModel::roleNames() const
{
    return { { IdRole, "interviewId" }, { StartsAtRole, "startsAt" }, { LocalTimeRole, "localTime" },
        { PlannedTimeRole, "plannedTime" }, { DurationRole, "durationMin" }, { LocationRole, "location" },
        { VideoLinkRole, "videoLink" }, { StatusRole, "status" }, { CandidateIdRole, "candidateId" },
        { CandidateRole, "candidate" }, { JobRole, "job" }, { InterviewersRole, "interviewers" },
        { FeedbackCountRole, "feedbackCount" }, { CanGiveFeedbackRole, "canGiveFeedback" },
        { MyFeedbackRole, "myFeedback" } };
}

void InterviewsModel::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
    reload();
}

void InterviewsModel::setDays(int days)
{
    if (m_days == days || days < 1) return;
    m_days = days;
    Q_EMIT filterChanged();
    reload();
}

void InterviewsModel::setMineOnly(bool mine)
{
    if (m_mineOnly == mine) return;
    m_mineOnly = mine;
    Q_EMIT filterChanged();
    reload();
}

void InterviewsModel::reload()
{
    QVariantList rows;
    if (m_controller && m_controller->signedIn()
        && m_controller->can(QStringLiteral("interview"), QStringLiteral("read"))) {
        rd::Workspace* ws = m_controller->workspace();
        const QDate today = ws->clock().now().toLocalTime().date();
        const QString from = QDateTime(today, QTime(0, 0)).toUTC().toString(Qt::ISODate);
        const QString to = QDateTime(today.addDays(m_days), QTime(0, 0)).toUTC().toString(Qt::ISODate);
        auto list = ws->interviews().list(m_controller->session(), from, to, m_mineOnly);
        if (!list)
            ErrorModel::instance()->report(list.error());
        else
            for (const QJsonObject& o : list.value())
                rows << o.toVariantMap();
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
    Q_EMIT countChanged();
}

bool InterviewsModel::schedule(const QString& applicationId, const QString& start, const QString& timeZone,
    int durationMin, const QString& location, const QString& videoLink, const QStringList& interviewerIds)
{
    if (!m_controller) return false;
    rd::NewInterview in { applicationId, start, timeZone, durationMin, location, videoLink, interviewerIds };
    auto r = m_controller->workspace()->interviews().schedule(m_controller->session(), in);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    reload();
    return true;
}

bool InterviewsModel::setStatus(int row, const QString& status)
{
    if (!m_controller || row < 0 || row >= m_rows.size()) return false;
    auto r = m_controller->workspace()->interviews().setStatus(
        m_controller->session(), m_rows.at(row).toMap().value(QStringLiteral("id")).toString(), status);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    reload();
    return true;
}

bool InterviewsModel::giveFeedback(
    int row, const QVariantMap& ratings, const QString& recommendation, const QString& comment)
{
    if (!m_controller || row < 0 || row >= m_rows.size()) return false;
    auto r = m_controller->workspace()->interviews().giveFeedback(m_controller->session(),
        m_rows.at(row).toMap().value(QStringLiteral("id")).toString(), QJsonObject::fromVariantMap(ratings),
        recommendation, comment);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    reload();
    return true;
}

bool InterviewsModel::exportIcs(int row, const QUrl& file)
{
    if (!m_controller || row < 0 || row >= m_rows.size()) return false;
    auto ics = m_controller->workspace()->interviews().ics(
        m_controller->session(), m_rows.at(row).toMap().value(QStringLiteral("id")).toString());
    if (!ics) {
        ErrorModel::instance()->report(ics.error());
        return false;
    }
    return userfiles::save(file, ics.value().toUtf8(), tr("The calendar file could not be written: %1"));
}

QStringList InterviewsModel::timeZones() const
{
    QStringList out { systemTimeZone() };
    for (const QByteArray& id : QTimeZone::availableTimeZoneIds()) {
        const QString zone = QString::fromUtf8(id);
        if (zone.contains(QLatin1Char('/')) && zone != out.first()) out << zone;
    }
    return out;
}

QString InterviewsModel::systemTimeZone() const
{
    const QString id = QString::fromUtf8(QTimeZone::systemTimeZoneId());
    return id.isEmpty() ? QStringLiteral("UTC") : id;
}

QVariantList InterviewsModel::interviewerChoices() const
{
    QVariantList out;
    if (!m_controller || !m_controller->signedIn()) return out;
    rd::ListQuery q;
    q.limit = rd::ListQuery::kMaxLimit;
    auto users = m_controller->workspace()->users().list(m_controller->session(), q);
    if (!users) // a role without user.read plans without choosing others
        return out;
    for (const rd::User& u : users.value().items)
        if (u.active)
            out << QVariantMap { { QStringLiteral("id"), u.id }, { QStringLiteral("name"), u.displayName() } };
    return out;
}
