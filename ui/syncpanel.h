#pragma once

#include <QAbstractListModel>
#include <QFutureWatcher>
#include <QQmlEngine>

class AppController;

// Sync panel: the open conflicts (a row per field whose value lost to another device's, with
// the losing value) to keep or restore, and the server settings: test a server address, sign
// this device in (attach the workspace). Network work runs off the GUI thread.
class SyncPanel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    Q_PROPERTY(QString server READ server NOTIFY serverChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString testResult READ testResult NOTIFY testResultChanged)
    Q_PROPERTY(bool testOk READ testOk NOTIFY testResultChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    // The workspace's devices as the server knows them (admins), after loadDevices().
    Q_PROPERTY(QVariantList devices READ devices NOTIFY devicesChanged)

public:
    enum Roles {
        ServerSeqRole = Qt::UserRole + 1,
        EntityRole,
        RowIdRole,
        FieldRole,
        LosingValueRole,
        CurrentValueRole,
        CanRestoreRole
    };
    Q_ENUM(Roles)

    explicit SyncPanel(QObject* parent = nullptr);
    ~SyncPanel() override;
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    QString server() const { return m_server; }
    bool busy() const { return m_busy; }
    QString testResult() const { return m_testResult; }
    QVariantList devices() const { return m_devices; }
    bool testOk() const { return m_testOk; }

    Q_INVOKABLE void reload();
    Q_INVOKABLE bool keepCurrent(int row);
    Q_INVOKABLE bool restoreLosing(int row);
    // GET {url}/health; the answer arrives in testResult.
    Q_INVOKABLE void testServer(const QString& url);
    // Signs this device in at url (upload: attach this workspace, recording it for upload);
    // finished(ok) when done, the reason in the error banner otherwise.
    Q_INVOKABLE void connectDevice(
        const QString& url, const QString& email, const QString& password, const QString& code, bool upload);

    // Off the GUI thread; the answer in devices, a refusal in the error banner.
    Q_INVOKABLE void loadDevices();
    // Revokes a device (wipe: it erases its workspace at its next contact), then reloads the list.
    Q_INVOKABLE void revokeDevice(const QString& deviceId, bool wipe, const QString& reason);

Q_SIGNALS:
    void devicesChanged();
    void controllerChanged();
    void serverChanged();
    void busyChanged();
    void testResultChanged();
    void countChanged();
    void finished(bool ok);

private:
    bool resolve(int row, bool useLosing);
    void setBusy(bool busy);
    // Runs `work` (a SyncEngine call) off the UI thread while the panel is busy; `done` gets its
    // result on the UI thread.
    template <typename Work, typename Done> void inBackground(Work work, Done done);
    QList<QVariantMap> m_rows;
    AppController* m_controller = nullptr;
    QString m_server;
    QString m_testResult;
    QVariantList m_devices;
    bool m_testOk = false;
    bool m_busy = false;
};
