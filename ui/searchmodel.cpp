#include "searchmodel.h"

#include "app/workspace.h"
#include "appcontroller.h"

SearchModel::SearchModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int SearchModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SearchModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return r.title;
    case KindRole:
        return r.kind;
    case IdRole:
        return r.id;
    case SnippetRole:
        return highlight(r.snippet);
    case SectionRole:
        return r.kind == QLatin1String("candidate") ? tr("Candidates") : tr("Jobs");
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchModel::roleNames() const
{
    return { { KindRole, "kind" }, { IdRole, "resultId" }, { TitleRole, "title" }, { SnippetRole, "snippet" },
        { SectionRole, "section" } };
}

void SearchModel::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
    run();
}

void SearchModel::setQuery(const QString& query)
{
    if (m_query == query) return;
    m_query = query;
    Q_EMIT queryChanged();
    run();
}

QString SearchModel::highlight(const QString& snippet)
{
    QString out;
    out.reserve(snippet.size() + 16);
    bool open = false;
    for (const QChar c : snippet) {
        if (c == QLatin1Char('[') && !open) {
            out += QLatin1String("<b>");
            open = true;
        } else if (c == QLatin1Char(']') && open) {
            out += QLatin1String("</b>");
            open = false;
        } else if (c == QLatin1Char('<')) {
            out += QLatin1String("&lt;");
        } else if (c == QLatin1Char('>')) {
            out += QLatin1String("&gt;");
        } else if (c == QLatin1Char('&')) {
            out += QLatin1String("&amp;");
        } else {
            out += c;
        }
    }
    if (open) out += QLatin1String("</b>");
    return out;
}

void SearchModel::run()
{
    QList<Row> rows;
    m_error.clear();
    const QString q = m_query.trimmed();
    if (m_controller && m_controller->signedIn() && !q.isEmpty()) {
        rd::Workspace* ws = m_controller->workspace();
        // Each kind the user may read; a kind they may not is left out, not an error.
        for (const QString& kind : { QStringLiteral("candidate"), QStringLiteral("job") }) {
            if (!m_controller->can(kind, QStringLiteral("read"))) continue;
            auto hits = ws->search().search(m_controller->session(), q, kind, 8);
            if (!hits) {
                m_error = hits.error().message; // e.g. an unbalanced quote while typing
                continue;
            }
            for (const rd::SearchHit& h : hits.value())
                rows << Row { h.kind, h.id, h.title, h.snippet };
        }
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
    Q_EMIT countChanged();
}
