#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>

class AppController;

// Candidates > list: pages of 100 fetched as the view scrolls (canFetchMore/fetchMore over
// the core's keyset cursor), so a 100k-candidate workspace opens as fast as a small one.
// A search text switches to the full-text index (best 200 matches with snippets).
class CandidateListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY searchChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int total READ total NOTIFY countChanged)

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        NameRole,
        HeadlineRole,
        LocationRole,
        SkillsRole,
        SourceRole,
        UpdatedRole,
        SnippetRole
    };
    Q_ENUM(Roles)
    static constexpr int kPage = 100;

    explicit CandidateListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    QString search() const { return m_search; }
    void setSearch(const QString& text);
    int total() const { return m_total; }

    Q_INVOKABLE void reload();
    Q_INVOKABLE QString idAt(int row) const;

Q_SIGNALS:
    void controllerChanged();
    void searchChanged();
    void countChanged();

private:
    struct Row {
        QString id, name, headline, location, skills, source, updated, snippet;
    };
    QList<Row> m_rows;
    QString m_cursor;
    bool m_atEnd = true;
    bool m_busy = false; // no fetch while a reset or an insert is announced (views and testers ask for more then)
    int m_total = 0;
    QString m_search;
    AppController* m_controller = nullptr;
};
