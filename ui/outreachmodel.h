#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>

class AppController;

// Outreach (docs/outreach.md) for the desktop: the outreach queue (a row per message with its
// status: queued offline, synced, sent, delivered, bounced, unknown, confirmed, ...), the
// templates with a live preview on a chosen candidate and job, and queueing a template to one
// or many candidates (compose from the matches view). Everything goes through
// OutreachService and TemplateService.
class OutreachModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    Q_PROPERTY(QString status READ status WRITE setStatus NOTIFY statusChanged) // filter; empty: all
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QVariantList templates READ templates NOTIFY templatesChanged)
    Q_PROPERTY(QVariantList variables READ variables CONSTANT)
    Q_PROPERTY(bool canManage READ canManage NOTIFY controllerChanged) // workspace templates

public:
    enum Roles {
        IntentIdRole = Qt::UserRole + 1,
        CandidateIdRole,
        CandidateNameRole,
        JobIdRole,
        ChannelRole,
        TemplateRole,
        StepRole,
        RecipientRole,
        SubjectRole,
        StatusRole, // as the laptop knows it; "queued" before it synced
        SyncedRole, // the server has it
        SendAtRole,
        CreatedAtRole
    };
    Q_ENUM(Roles)

    explicit OutreachModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    QString status() const { return m_status; }
    void setStatus(const QString& status);
    QVariantList templates() const { return m_templates; }
    QVariantList variables() const;
    bool canManage() const;

    Q_INVOKABLE void reload();
    Q_INVOKABLE bool cancel(const QString& intentId);
    Q_INVOKABLE void reloadTemplates();
    // Creates (no id) or changes a template: name, channel, subject, body, body_html, personal,
    // follow_up_days, follow_up_template. Returns the saved template's id, empty on an error
    // (shown in the banner).
    Q_INVOKABLE QString saveTemplate(const QVariantMap& fields);
    Q_INVOKABLE bool removeTemplate(const QString& id);
    // The draft rendered for a candidate and job: subject, text, html, and for SMS characters,
    // parts, encoding; on a problem: error (the message), reason, variables (the names).
    Q_INVOKABLE QVariantMap preview(const QVariantMap& draft, const QString& candidateId, const QString& jobId);
    // Queues the template to each candidate for the job (send_at: ISO 8601 with an offset, or
    // empty: now). Returns queued (messages made), existing (already queued before) and
    // problems: [{candidate_id, name, error, reason}] for those it could not queue.
    Q_INVOKABLE QVariantMap queueTemplate(
        const QString& templateName, const QStringList& candidateIds, const QString& jobId, const QString& sendAt);
    // Candidates to preview on: id and name, most recently active first (at most 50).
    Q_INVOKABLE QVariantList previewCandidates(const QString& search = {});

Q_SIGNALS:
    void controllerChanged();
    void statusChanged();
    void countChanged();
    void templatesChanged();

private:
    struct Row {
        QString id, candidateId, candidateName, jobId, channel, templateName, recipient, subject, status, sendAt,
            createdAt;
        int step = 0;
        bool synced = false;
    };
    QString candidateName(const QString& id);
    QList<Row> m_rows;
    QHash<QString, QString> m_names;
    QVariantList m_templates;
    AppController* m_controller = nullptr;
    QString m_status;
};
