#include "searchmodel.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "errormodel.h"

#include <QJsonArray>

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
    case IsNewRole:
        return r.isNew;
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchModel::roleNames() const
{
    return { { KindRole, "kind" }, { IdRole, "resultId" }, { TitleRole, "title" }, { SnippetRole, "snippet" },
        { SectionRole, "section" }, { IsNewRole, "isNew" } };
}

void SearchModel::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
    reloadSaved();
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
    m_savedName.clear();
    m_newCount = 0;
    setRows(rows);
}

void SearchModel::setRows(const QList<Row>& rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
    Q_EMIT countChanged();
}

void SearchModel::reloadSaved()
{
    m_saved.clear();
    if (m_controller && m_controller->signedIn())
        if (auto list = m_controller->workspace()->savedSearches().list(m_controller->session()))
            for (const QJsonObject& o : list.value()) {
                QVariantMap m = o.toVariantMap();
                m.remove(QStringLiteral("last_result_ids"));
                m_saved << m;
            }
    Q_EMIT savedChanged();
}

bool SearchModel::saveCurrent(const QString& name)
{
    if (!m_controller || m_query.trimmed().isEmpty()) return false;
    const QString n = name.trimmed().isEmpty() ? m_query.trimmed() : name.trimmed();
    auto r = m_controller->workspace()->savedSearches().create(m_controller->session(), n, m_query.trimmed());
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    reloadSaved();
    return true;
}

bool SearchModel::runSaved(const QString& id)
{
    if (!m_controller) return false;
    auto r = m_controller->workspace()->savedSearches().run(m_controller->session(), id, 50);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    const QJsonObject saved = r.value().value(QStringLiteral("saved_search")).toObject();
    m_query = saved.value(QStringLiteral("query")).toString();
    Q_EMIT queryChanged();
    QList<Row> rows;
    for (const QJsonValue& v : r.value().value(QStringLiteral("hits")).toArray()) {
        const QJsonObject h = v.toObject();
        rows << Row { h.value(QStringLiteral("kind")).toString(), h.value(QStringLiteral("id")).toString(),
            h.value(QStringLiteral("title")).toString(), h.value(QStringLiteral("snippet")).toString(),
            h.value(QStringLiteral("new")).toBool() };
    }
    // Candidates first, as in a typed search.
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.kind == QLatin1String("candidate") && b.kind != QLatin1String("candidate");
    });
    m_error.clear();
    m_savedName = saved.value(QStringLiteral("name")).toString();
    m_newCount = r.value().value(QStringLiteral("new")).toInt();
    setRows(rows);
    reloadSaved(); // its last run time moved
    return true;
}

bool SearchModel::removeSaved(const QString& id)
{
    if (!m_controller) return false;
    const rd::Status s = m_controller->workspace()->savedSearches().remove(m_controller->session(), id);
    if (!s) {
        ErrorModel::instance()->report(s.error());
        return false;
    }
    reloadSaved();
    return true;
}
