#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>

class AppController;

// Global search (Ctrl+K): candidates and jobs for one query through SearchService, grouped by
// kind (candidates first), with the matches in the snippet marked as <b>…</b> (HTML-escaped
// otherwise). Saved searches: the user's own, with how many results are new since their last
// run (SavedSearchService).
class SearchModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString error READ error NOTIFY countChanged)
    // The user's saved searches [{id, name, query, kind, last_run_at}].
    Q_PROPERTY(QVariantList savedSearches READ savedSearches NOTIFY savedChanged)
    // While the results are a saved search's run: its name and how many hits are new since
    // its previous run (each such row has isNew); empty / 0 otherwise.
    Q_PROPERTY(QString savedName READ savedName NOTIFY countChanged)
    Q_PROPERTY(int newCount READ newCount NOTIFY countChanged)

public:
    enum Roles { KindRole = Qt::UserRole + 1, IdRole, TitleRole, SnippetRole, SectionRole, IsNewRole };
    Q_ENUM(Roles)

    explicit SearchModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    QString query() const { return m_query; }
    void setQuery(const QString& query);
    QString error() const { return m_error; }
    QVariantList savedSearches() const { return m_saved; }
    QString savedName() const { return m_savedName; }
    int newCount() const { return m_newCount; }

    // Saves the current query under NAME (the query itself when empty).
    Q_INVOKABLE bool saveCurrent(const QString& name);
    // Runs a saved search: its query becomes the current one and the rows say what is new.
    Q_INVOKABLE bool runSaved(const QString& id);
    Q_INVOKABLE bool removeSaved(const QString& id);
    Q_INVOKABLE void reloadSaved();

    // Marks "[match]" runs of a snippet as bold, escaping everything else.
    static QString highlight(const QString& snippet);

Q_SIGNALS:
    void controllerChanged();
    void queryChanged();
    void countChanged();
    void savedChanged();

private:
    void run();
    struct Row {
        QString kind, id, title, snippet;
        bool isNew = false;
    };
    void setRows(const QList<Row>& rows);
    QList<Row> m_rows;
    QVariantList m_saved;
    QString m_savedName;
    int m_newCount = 0;
    QString m_query;
    QString m_error;
    AppController* m_controller = nullptr;
};
