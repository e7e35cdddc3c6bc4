#pragma once

#include "common/result.h"

#include <QAbstractListModel>
#include <QFutureWatcher>
#include <QQmlEngine>
#include <optional>

class AppController;

// Matches: for a job, its best candidates; for a candidate, the job they applied for first,
// then other suggestions (MatchingService). Each row carries the "why": matched and missing
// must-haves, nice-to-haves, distance and how remote work counted. Ranking runs off the GUI
// thread (busy while it does). addToPipeline() applies the candidate to the job through
// ApplicationService.
class MatchesModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    Q_PROPERTY(QString jobId READ jobId WRITE setJobId NOTIFY subjectChanged)
    Q_PROPERTY(QString candidateId READ candidateId WRITE setCandidateId NOTIFY subjectChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    // The job's title or the candidate's name.
    Q_PROPERTY(QString subjectTitle READ subjectTitle NOTIFY countChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Roles {
        CandidateIdRole = Qt::UserRole + 1,
        JobIdRole,
        TitleRole, // the candidate's name (for a job) or the job's title (for a candidate)
        ScoreRole,
        ExcludedRole,
        ExclusionRole,
        MatchedRole,
        MissingRole,
        NiceRole,
        DistanceRole,
        RemoteRole,
        AppliedRole,
        WhyRole
    };
    Q_ENUM(Roles)

    explicit MatchesModel(QObject* parent = nullptr);
    ~MatchesModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    QString jobId() const { return m_jobId; }
    void setJobId(const QString& id); // clears candidateId
    QString candidateId() const { return m_candidateId; }
    void setCandidateId(const QString& id); // clears jobId
    bool busy() const { return m_busy; }
    QString subjectTitle() const { return m_subjectTitle; }

    Q_INVOKABLE void reload();
    Q_INVOKABLE bool addToPipeline(int row);
    // The first N rows that are not excluded: [{candidateId, title}] (Propose… to the best).
    Q_INVOKABLE QVariantList top(int n) const;

Q_SIGNALS:
    void controllerChanged();
    void subjectChanged();
    void busyChanged();
    void countChanged();
    void loaded();

private:
    struct Row {
        QString candidateId, jobId, title, exclusion, matched, missing, nice, remote, why;
        double score = 0;
        double distance = -1;
        bool excluded = false, applied = false;
    };
    using Rows = QList<Row>;
    // What a ranking run hands back, tagged with the request it answers.
    struct Outcome {
        int generation = 0;
        Rows rows;
        std::optional<rd::Error> error;
    };
    void take(const Rows& rows);
    AppController* m_controller = nullptr;
    QString m_jobId;
    QString m_candidateId;
    QString m_subjectTitle;
    QList<Row> m_rows;
    QFutureWatcher<Outcome> m_watcher;
    bool m_busy = false;
    int m_generation = 0;
};
