#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>
#include <QUrl>
#include <QVariantList>

class AppController;

// Interviews: the next `days` days (from the start of today, this computer's day), all the
// reader may see or only their own. Scheduling (date, time and IANA time zone, duration,
// place, video link, interviewers), status, feedback and .ics export go through
// InterviewService; a refusal returns false and shows the reason (ErrorModel).
class InterviewsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    Q_PROPERTY(int days READ days WRITE setDays NOTIFY filterChanged)
    Q_PROPERTY(bool mineOnly READ mineOnly WRITE setMineOnly NOTIFY filterChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        StartsAtRole, // ISO-8601 UTC
        LocalTimeRole, // in this computer's zone, for display
        PlannedTimeRole, // in the zone it was planned in, with the zone
        DurationRole,
        LocationRole,
        VideoLinkRole,
        StatusRole,
        CandidateIdRole,
        CandidateRole,
        JobRole,
        InterviewersRole,
        FeedbackCountRole,
        CanGiveFeedbackRole,
        MyFeedbackRole
    };
    Q_ENUM(Roles)

    explicit InterviewsModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    int days() const { return m_days; }
    void setDays(int days);
    bool mineOnly() const { return m_mineOnly; }
    void setMineOnly(bool mine);

    Q_INVOKABLE void reload();
    // start: "yyyy-MM-ddTHH:mm" local to timeZone (or ISO with an offset).
    Q_INVOKABLE bool schedule(const QString& applicationId, const QString& start, const QString& timeZone,
        int durationMin, const QString& location, const QString& videoLink, const QStringList& interviewerIds);
    Q_INVOKABLE bool setStatus(int row, const QString& status);
    // ratings: criterion -> 1..5; recommendation: strong_yes | yes | no | strong_no.
    Q_INVOKABLE bool giveFeedback(
        int row, const QVariantMap& ratings, const QString& recommendation, const QString& comment);
    // Writes the interview's calendar file; false (and the reason shown) when it cannot.
    Q_INVOKABLE bool exportIcs(int row, const QUrl& file);
    // The IANA zones for the picker, this computer's first.
    Q_INVOKABLE QStringList timeZones() const;
    Q_INVOKABLE QString systemTimeZone() const;
    // Active users who can be interviewers: [{id, name}].
    Q_INVOKABLE QVariantList interviewerChoices() const;

Q_SIGNALS:
    void controllerChanged();
    void filterChanged();
    void countChanged();

private:
    QVariantList m_rows;
    AppController* m_controller = nullptr;
    int m_days = 14;
    bool m_mineOnly = false;
};
