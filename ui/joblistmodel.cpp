#include "joblistmodel.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "errormodel.h"

#include <QScopedValueRollback>

namespace {
constexpr int kPage = 100;
}

JobListModel::JobListModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int JobListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant JobListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return r.title;
    case IdRole:
        return r.id;
    case LocationRole:
        return r.location;
    case StatusRole:
        return r.status;
    case PublishedRole:
        return r.published;
    case RemoteRole:
        return r.remote;
    case DepartmentRole:
        return r.department;
    case NumberRole:
        return r.number;
    case MustHaveRole:
        return r.mustHave;
    case SnippetRole:
        return r.snippet;
    default:
        return {};
    }
}

QHash<int, QByteArray> JobListModel::roleNames() const
{
    return { { IdRole, "jobId" }, { TitleRole, "title" }, { LocationRole, "location" }, { StatusRole, "status" },
        { PublishedRole, "published" }, { RemoteRole, "remote" }, { DepartmentRole, "department" },
        { NumberRole, "jobNumber" }, { MustHaveRole, "mustHave" }, { SnippetRole, "snippet" } };
}

void JobListModel::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
    reload();
}

void JobListModel::setStatus(const QString& status)
{
    if (m_status == status) return;
    m_status = status;
    Q_EMIT filterChanged();
    reload();
}

void JobListModel::setSearch(const QString& text)
{
    if (m_search == text) return;
    m_search = text;
    Q_EMIT filterChanged();
    reload();
}

QString JobListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString();
}

QString JobListModel::titleAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).title : QString();
}

namespace {
auto rowFrom(const rd::Job& j)
{
    struct R {
        QString id, title, location, status, remote, department, number, mustHave;
        bool published;
    };
    return R { j.id, j.title, j.location, j.status, j.remote, j.department, j.jobNumber,
        j.mustHave.join(QStringLiteral(", ")), j.published };
}
} // namespace

void JobListModel::reload()
{
    m_busy = true;
    beginResetModel();
    m_rows.clear();
    m_cursor.clear();
    m_atEnd = !m_controller || !m_controller->signedIn();
    endResetModel();
    m_busy = false;
    if (m_atEnd) {
        Q_EMIT countChanged();
        return;
    }
    const QString text = m_search.trimmed();
    if (!text.isEmpty()) {
        rd::Workspace* ws = m_controller->workspace();
        auto hits = ws->search().search(m_controller->session(), text, QStringLiteral("job"), 200);
        m_atEnd = true; // a search has no further pages
        const QScopedValueRollback<bool> busy(m_busy, true);
        if (!hits) {
            ErrorModel::instance()->report(hits.error());
        } else {
            QList<Row> rows;
            for (const rd::SearchHit& h : hits.value()) {
                auto job = ws->postings().get(m_controller->session(), h.id);
                if (!job || (!m_status.isEmpty() && job.value().status != m_status)) continue;
                const auto r = rowFrom(job.value());
                rows << Row { r.id, r.title, r.location, r.status, r.remote, r.department, r.number, r.mustHave,
                    h.snippet, r.published };
            }
            if (!rows.isEmpty()) {
                beginInsertRows({}, 0, int(rows.size()) - 1);
                m_rows = rows;
                endInsertRows();
            }
        }
        Q_EMIT countChanged();
        return;
    }
    m_atEnd = false;
    fetchMore({});
}

bool JobListModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && !m_busy;
}

void JobListModel::fetchMore(const QModelIndex& parent)
{
    if (parent.isValid() || m_atEnd || m_busy || !m_controller) return;
    rd::ListQuery q;
    q.limit = kPage;
    q.cursor = m_cursor;
    q.filters << rd::Filter { QStringLiteral("source"), rd::Filter::Op::Eq, { QString() } };
    if (m_status.isEmpty())
        q.filters << rd::Filter { QStringLiteral("status"), rd::Filter::Op::Ne, { QStringLiteral("archived") } };
    else
        q.filters << rd::Filter { QStringLiteral("status"), rd::Filter::Op::Eq, { m_status } };
    q.sort = { { QStringLiteral("updated_at"), true } };
    auto page = m_controller->workspace()->postings().list(m_controller->session(), q);
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
        for (const rd::Job& j : items) {
            const auto r = rowFrom(j);
            m_rows << Row { r.id, r.title, r.location, r.status, r.remote, r.department, r.number, r.mustHave, {},
                r.published };
        }
        endInsertRows();
    }
    Q_EMIT countChanged();
}

bool JobListModel::refreshRow(int row)
{
    auto job = m_controller->workspace()->postings().get(m_controller->session(), m_rows.at(row).id);
    if (!job) {
        ErrorModel::instance()->report(job.error());
        return false;
    }
    const auto r = rowFrom(job.value());
    m_rows[row] = Row { r.id, r.title, r.location, r.status, r.remote, r.department, r.number, r.mustHave,
        m_rows.at(row).snippet, r.published };
    Q_EMIT dataChanged(index(row), index(row));
    return true;
}

bool JobListModel::setJobStatus(int row, const QString& status)
{
    if (!m_controller || row < 0 || row >= m_rows.size()) return false;
    auto r = m_controller->workspace()->postings().setStatus(m_controller->session(), m_rows.at(row).id, status);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    return refreshRow(row);
}

bool JobListModel::publish(int row)
{
    if (!m_controller || row < 0 || row >= m_rows.size()) return false;
    auto r = m_controller->workspace()->postings().publish(m_controller->session(), m_rows.at(row).id);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    return refreshRow(row);
}
