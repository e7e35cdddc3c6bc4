#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QQmlEngine>
#include <QTimer>
#include <QUrl>
#include <QVariantList>
#include <QVariantMap>
#include <atomic>

namespace rd {
struct ImportControl;
}
#include <memory>

class AppController;
Q_MOC_INCLUDE("appcontroller.h")

// Admin > Workspace: tenant settings (name, kind, default country, attachment size limit,
// retention rule, matching weights) and a retention run; the import wizard (a CSV's header
// mapped to the canonical columns, a dry run, the import off the GUI thread, revert); GDPR
// export and erasure of one candidate; the audit log (newest first, filtered by action,
// with the sealed chain verified). Every change goes through the core services.
class WorkspaceAdmin : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    // {name, kind, default_country, attachment_max_mb, retention_months (0 = off),
    //  weights: {must_have, nice_to_have, text, distance, recency, distance_half_km,
    //  hybrid_distance_factor, recency_half_life_days}}
    Q_PROPERTY(QVariantMap settings READ settings NOTIFY settingsChanged)
    // [{seq, at, user, action, resource, outcome, id}] newest first; more with moreAudit().
    Q_PROPERTY(QVariantList auditEntries READ auditEntries NOTIFY auditChanged)
    Q_PROPERTY(bool auditHasMore READ auditHasMore NOTIFY auditChanged)
    Q_PROPERTY(QString auditFilter READ auditFilter WRITE setAuditFilter NOTIFY auditChanged)
    Q_PROPERTY(bool importing READ importing NOTIFY importChanged)
    // 0..1 while importing: how far into the file it has read (rows are streamed).
    Q_PROPERTY(double importProgress READ importProgress NOTIFY importProgressChanged)
    // The last import or dry run: {imported, updated, duplicates, errors: [{row, column, reason}],
    // batch_id, dry_run, encoding}; empty before the first.
    Q_PROPERTY(QVariantMap importReport READ importReport NOTIFY importChanged)

public:
    explicit WorkspaceAdmin(QObject* parent = nullptr);
    ~WorkspaceAdmin() override;
    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    QVariantMap settings() const { return m_settings; }
    QVariantList auditEntries() const { return m_audit; }
    bool auditHasMore() const { return !m_auditCursor.isEmpty(); }
    QString auditFilter() const { return m_auditFilter; }
    void setAuditFilter(const QString& filter);
    bool importing() const { return m_importing; }
    double importProgress() const { return m_importProgress; }
    QVariantMap importReport() const { return m_importReport; }

    Q_INVOKABLE bool reloadSettings();
    Q_INVOKABLE bool saveSettings(const QVariantMap& values);
    // Erases the candidates the retention rule makes due now: {erased, rule}.
    Q_INVOKABLE QVariantMap runRetention();

    Q_INVOKABLE bool reloadAudit();
    Q_INVOKABLE bool moreAudit();
    // {ok, chains, entries, reason, entry_id}
    Q_INVOKABLE QVariantMap verifyAudit();

    Q_INVOKABLE bool exportCandidate(const QString& candidateId, const QUrl& file);
    // {erased counts...}; empty when refused.
    Q_INVOKABLE QVariantMap eraseCandidate(const QString& candidateId, const QString& reason);

    // The first row of a CSV file (its column names); empty and reported when unreadable.
    Q_INVOKABLE QStringList csvHeader(const QUrl& file) const;
    Q_INVOKABLE QStringList canonicalHeaders(const QString& kind) const;
    // Starts an import (or a dry run) of FILE as KIND with MAPPING (their header -> canonical
    // name; identical names need no entry); importChanged when it is done.
    Q_INVOKABLE bool startImport(const QUrl& file, const QString& kind, const QVariantMap& mapping, bool dryRun);
    Q_INVOKABLE QVariantMap revertImport(const QString& batchId);
    // Stops the running import before its next row; the report says "cancelled" and what was
    // imported until then stays in the batch (revertible).
    Q_INVOKABLE void cancelImport();

Q_SIGNALS:
    void importProgressChanged();
    void controllerChanged();
    void settingsChanged();
    void auditChanged();
    void importChanged();

private:
    bool fetchAudit(bool reset);
    AppController* m_controller = nullptr;
    QVariantMap m_settings;
    QVariantList m_audit;
    QString m_auditCursor;
    QString m_auditFilter;
    QHash<QString, QString> m_userNames;
    struct ImportOutcome {
        QVariantMap report;
        QVariantMap error; // {code, message} when refused
    };
    QFutureWatcher<ImportOutcome> m_import;
    bool m_importing = false; // from the start until the report is in (not merely computed)
    std::shared_ptr<rd::ImportControl> m_control;
    qint64 m_importSize = 0;
    double m_importProgress = 0; // 0..1: how far into the file the running import has read
    QTimer m_progressTimer;
    QVariantMap m_importReport;
};
