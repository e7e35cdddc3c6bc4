#include "pipelinemodel.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "errormodel.h"

PipelineModel::PipelineModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int PipelineModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant PipelineModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Column& c = m_columns.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return c.name;
    case StageIdRole:
        return c.id;
    case KindRole:
        return c.kind;
    case CardsRole:
        return c.cards;
    case CardCountRole:
        return int(c.cards.size());
    default:
        return {};
    }
}

QHash<int, QByteArray> PipelineModel::roleNames() const
{
    return { { StageIdRole, "stageId" }, { NameRole, "name" }, { KindRole, "kind" }, { CardsRole, "cards" },
        { CardCountRole, "cardCount" } };
}

void PipelineModel::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
    reload();
}

void PipelineModel::setJobId(const QString& id)
{
    if (m_jobId == id) return;
    m_jobId = id;
    m_undoApplication.clear();
    m_undoText.clear();
    Q_EMIT undoChanged();
    reload();
}

int PipelineModel::columnOf(const QString& stageId) const
{
    for (int i = 0; i < m_columns.size(); ++i)
        if (m_columns.at(i).id == stageId) return i;
    return -1;
}

void PipelineModel::reload()
{
    beginResetModel();
    m_columns.clear();
    m_jobTitle.clear();
    if (m_controller && m_controller->signedIn() && !m_jobId.isEmpty()) {
        rd::Workspace* ws = m_controller->workspace();
        auto job = ws->postings().get(m_controller->session(), m_jobId);
        auto apps = job ? ws->applications().listForJob(m_controller->session(), m_jobId)
                        : rd::Result<QList<rd::Application>>(job.error());
        if (!job || !apps) {
            ErrorModel::instance()->report(!job ? job.error() : apps.error());
        } else {
            m_jobTitle = job.value().title;
            for (const rd::Stage& s : job.value().stages)
                m_columns << Column { s.id, s.name, s.kind, {} };
            for (const rd::Application& a : apps.value()) {
                const int col = columnOf(a.stageId);
                if (col < 0) continue;
                m_columns[col].cards << QVariantMap { { QStringLiteral("applicationId"), a.id },
                    { QStringLiteral("candidateId"), a.candidateId }, { QStringLiteral("name"), a.candidateName },
                    { QStringLiteral("headline"), a.candidateHeadline }, { QStringLiteral("status"), a.status },
                    { QStringLiteral("appliedAt"), a.appliedAt } };
            }
        }
    }
    endResetModel();
    Q_EMIT jobChanged();
}

bool PipelineModel::locate(const QString& applicationId, int* column, int* row) const
{
    for (int c = 0; c < m_columns.size(); ++c)
        for (int r = 0; r < m_columns.at(c).cards.size(); ++r)
            if (m_columns.at(c).cards.at(r).toMap().value(QStringLiteral("applicationId")).toString()
                == applicationId) {
                *column = c;
                *row = r;
                return true;
            }
    return false;
}

void PipelineModel::relocate(int fromColumn, int fromRow, int toColumn, int toRow)
{
    const QVariant card = m_columns[fromColumn].cards.takeAt(fromRow);
    if (toRow < 0 || toRow > m_columns.at(toColumn).cards.size())
        m_columns[toColumn].cards.append(card);
    else
        m_columns[toColumn].cards.insert(toRow, card);
    Q_EMIT dataChanged(index(fromColumn), index(fromColumn), { CardsRole, CardCountRole });
    Q_EMIT dataChanged(index(toColumn), index(toColumn), { CardsRole, CardCountRole });
}

bool PipelineModel::moveCard(const QString& applicationId, const QString& toStageId)
{
    return move(applicationId, toStageId, true);
}

bool PipelineModel::undo()
{
    if (m_undoApplication.isEmpty()) return false;
    const QString app = m_undoApplication, stage = m_undoStage;
    m_undoApplication.clear();
    m_undoText.clear();
    Q_EMIT undoChanged();
    return move(app, stage, false);
}

bool PipelineModel::move(const QString& applicationId, const QString& toStageId, bool recordUndo)
{
    int fromColumn = -1, fromRow = -1;
    const int toColumn = columnOf(toStageId);
    if (!m_controller || toColumn < 0 || !locate(applicationId, &fromColumn, &fromRow)) return false;
    if (fromColumn == toColumn) return true;
    const QString fromStage = m_columns.at(fromColumn).id;
    const QString name = m_columns.at(fromColumn).cards.at(fromRow).toMap().value(QStringLiteral("name")).toString();
    relocate(fromColumn, fromRow, toColumn); // shown at once
    auto moved = m_controller->workspace()->applications().move(m_controller->session(), applicationId, toStageId);
    if (!moved) {
        relocate(toColumn, int(m_columns.at(toColumn).cards.size()) - 1, fromColumn, fromRow); // rolled back
        ErrorModel::instance()->report(moved.error());
        Q_EMIT moveRejected(applicationId, moved.error().message, moved.error().codeName());
        return false;
    }
    // The card carries the status the move produced (hired, rejected).
    QVariantMap card = m_columns[toColumn].cards.last().toMap();
    card.insert(QStringLiteral("status"), moved.value().status);
    m_columns[toColumn].cards.last() = card;
    Q_EMIT dataChanged(index(toColumn), index(toColumn), { CardsRole });
    if (recordUndo) {
        m_undoApplication = applicationId;
        m_undoStage = fromStage;
        m_undoText = tr("%1 moved to %2").arg(name, m_columns.at(toColumn).name);
        Q_EMIT undoChanged();
    }
    return true;
}
