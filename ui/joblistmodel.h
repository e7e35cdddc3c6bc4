#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>

class AppController;

// Jobs > list: the workspace's own jobs (not feed copies), filtered by status ("" = all but
// archived) and by a search text over the full-text index; pages of 100 fetched on scroll.
class JobListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    Q_PROPERTY(QString status READ status WRITE setStatus NOTIFY filterChanged)
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY filterChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        LocationRole,
        StatusRole,
        PublishedRole,
        RemoteRole,
        DepartmentRole,
        NumberRole,
        MustHaveRole,
        SnippetRole
    };
    Q_ENUM(Roles)

    explicit JobListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    QString status() const { return m_status; }
    void setStatus(const QString& status);
    QString search() const { return m_search; }
    void setSearch(const QString& text);

    Q_INVOKABLE void reload();
    Q_INVOKABLE QString idAt(int row) const;
    Q_INVOKABLE QString titleAt(int row) const;
    // Publish / close / reopen through JobService; false (and the error shown) when refused.
    Q_INVOKABLE bool setJobStatus(int row, const QString& status);
    Q_INVOKABLE bool publish(int row);

Q_SIGNALS:
    void controllerChanged();
    void filterChanged();
    void countChanged();

private:
    struct Row {
        QString id, title, location, status, remote, department, number, mustHave, snippet;
        bool published = false;
    };
    bool refreshRow(int row);
    QList<Row> m_rows;
    QString m_cursor;
    bool m_atEnd = true;
    bool m_busy = false; // no fetch while a reset or an insert is announced (views and testers ask for more then)
    QString m_status;
    QString m_search;
    AppController* m_controller = nullptr;
};
