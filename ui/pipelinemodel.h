#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>
#include <QVariantList>

class AppController;

// Pipeline > Kanban for one job: one row per stage (a column), each with its cards (the
// applications in it). moveCard() moves a card at once (optimistic), then asks the core
// (ApplicationService::move: permission, pipeline rules, audit, outbox); when the core
// refuses, the card goes back and the reason is shown (moveRejected, ErrorModel). The last
// accepted move can be undone (a move back, recorded like any other).
class PipelineModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    Q_PROPERTY(QString jobId READ jobId WRITE setJobId NOTIFY jobChanged)
    Q_PROPERTY(QString jobTitle READ jobTitle NOTIFY jobChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY jobChanged)
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY undoChanged)
    Q_PROPERTY(QString undoText READ undoText NOTIFY undoChanged)

public:
    enum Roles { StageIdRole = Qt::UserRole + 1, NameRole, KindRole, CardsRole, CardCountRole };
    Q_ENUM(Roles)

    explicit PipelineModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    QString jobId() const { return m_jobId; }
    void setJobId(const QString& id);
    QString jobTitle() const { return m_jobTitle; }
    bool canUndo() const { return !m_undoApplication.isEmpty(); }
    QString undoText() const { return m_undoText; }

    Q_INVOKABLE void reload();
    // Moves the application's card to the stage; true when the core accepted the move.
    Q_INVOKABLE bool moveCard(const QString& applicationId, const QString& toStageId);
    Q_INVOKABLE bool undo();
    // The column of a stage, or -1.
    Q_INVOKABLE int columnOf(const QString& stageId) const;

Q_SIGNALS:
    void controllerChanged();
    void jobChanged();
    void undoChanged();
    void moveRejected(const QString& applicationId, const QString& message, const QString& code);

private:
    struct Column {
        QString id, name, kind;
        QVariantList cards; // {applicationId, candidateId, name, headline, status, appliedAt}
    };
    bool locate(const QString& applicationId, int* column, int* row) const;
    void relocate(int fromColumn, int fromRow, int toColumn, int toRow = -1);
    bool move(const QString& applicationId, const QString& toStageId, bool recordUndo);
    QList<Column> m_columns;
    QString m_jobId;
    QString m_jobTitle;
    QString m_undoApplication;
    QString m_undoStage;
    QString m_undoText;
    AppController* m_controller = nullptr;
};
