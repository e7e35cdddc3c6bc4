#include "candidatelistmodel.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "errormodel.h"

#include <QScopedValueRollback>

CandidateListModel::CandidateListModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int CandidateListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant CandidateListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return r.name;
    case IdRole:
        return r.id;
    case HeadlineRole:
        return r.headline;
    case LocationRole:
        return r.location;
    case SkillsRole:
        return r.skills;
    case SourceRole:
        return r.source;
    case UpdatedRole:
        return r.updated;
    case SnippetRole:
        return r.snippet;
    default:
        return {};
    }
}

QHash<int, QByteArray> CandidateListModel::roleNames() const
{
    return { { IdRole, "candidateId" }, { NameRole, "name" }, { HeadlineRole, "headline" },
        { LocationRole, "location" }, { SkillsRole, "skills" }, { SourceRole, "source" }, { UpdatedRole, "updated" },
        { SnippetRole, "snippet" } };
}

void CandidateListModel::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
    reload();
}

void CandidateListModel::setSearch(const QString& text)
{
    if (m_search == text) return;
    m_search = text;
    Q_EMIT searchChanged();
    reload();
}

QString CandidateListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString();
}

void CandidateListModel::reload()
{
    m_busy = true;
    beginResetModel();
    m_rows.clear();
    m_cursor.clear();
    m_atEnd = !m_controller || !m_controller->signedIn();
    m_total = 0;
    endResetModel();
    m_busy = false;
    if (m_atEnd) {
        Q_EMIT countChanged();
        return;
    }
    rd::Workspace* ws = m_controller->workspace();
    const rd::Session& session = m_controller->session();
    const QString text = m_search.trimmed();
    if (!text.isEmpty()) {
        auto hits = ws->search().search(session, text, QStringLiteral("candidate"), 200);
        m_atEnd = true; // a search has no further pages
        const QScopedValueRollback<bool> busy(m_busy, true);
        if (!hits) {
            ErrorModel::instance()->report(hits.error());
        } else if (!hits.value().isEmpty()) {
            beginInsertRows({}, 0, int(hits.value().size()) - 1);
            for (const rd::SearchHit& h : hits.value())
                m_rows << Row { h.id, h.title, {}, {}, {}, {}, {}, h.snippet };
            endInsertRows();
        }
        m_total = int(m_rows.size());
        Q_EMIT countChanged();
        return;
    }
    // As many as the list shows: a hiring manager's are their jobs' candidates.
    auto scope = ws->context().authz.candidateScope(session, QStringLiteral("id"));
    auto n = scope ? ws->db().selectOne(
                 QStringLiteral("SELECT count(*) FROM candidates WHERE tenant_id = ? AND deleted_at IS NULL") + scope.value().sql,
                 QVariantList { session.tenantId } + scope.value().binds)
                   : rd::Result<QSqlRecord>(scope.error());
    m_total = n ? n.value().value(0).toInt() : 0;
    m_atEnd = false;
    fetchMore({});
}

bool CandidateListModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && !m_busy;
}

void CandidateListModel::fetchMore(const QModelIndex& parent)
{
    if (parent.isValid() || m_atEnd || m_busy || !m_controller) return;
    rd::ListQuery q;
    q.limit = kPage;
    q.cursor = m_cursor;
    q.sort = { { QStringLiteral("updated_at"), true } };
    auto page = m_controller->workspace()->candidates().list(m_controller->session(), q);
    if (!page) {
        m_atEnd = true;
        ErrorModel::instance()->report(page.error());
        return;
    }
    m_cursor = page.value().nextCursor;
    m_atEnd = m_cursor.isEmpty();
    const auto& items = page.value().items;
    if (!items.isEmpty()) {
        const QScopedValueRollback<bool> busy(m_busy, true);
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + items.size()) - 1);
        for (const rd::Candidate& c : items)
            m_rows << Row { c.id, (c.firstName + QLatin1Char(' ') + c.lastName).trimmed(), c.headline, c.location,
                c.skills.join(QStringLiteral(", ")), c.source, c.updatedAt, {} };
        endInsertRows();
    }
    Q_EMIT countChanged();
}
