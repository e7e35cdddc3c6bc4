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

public:
    enum Roles { KindRole = Qt::UserRole + 1, IdRole, TitleRole, SnippetRole, SectionRole };
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

    // Marks "[match]" runs of a snippet as bold, escaping everything else.
    static QString highlight(const QString& snippet);

Q_SIGNALS:
    void controllerChanged();
    void queryChanged();
    void countChanged();

private:
    void run();
    struct Row {
        QString kind, id, title, snippet;
    };
    QList<Row> m_rows;
    QString m_query;
    QString m_error;
    AppController* m_controller = nullptr;
};
