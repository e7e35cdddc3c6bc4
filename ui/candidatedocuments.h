#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QTimer>
#include <QUrl>
#include <QVariantList>
#include <QVariantMap>

class AppController;

// Candidates > profile > documents: the master CV's versions with a side-by-side diff of two
// of them, tailored variants per job (draft -> submitted -> approved / rejected, PDF export
// of approved ones) and attachments (files dropped in, their extracted text). All through
// CvService and AttachmentService; refusals go to ErrorModel and change nothing.
class CandidateDocuments : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    Q_PROPERTY(QString candidateId READ candidateId WRITE setCandidateId NOTIFY candidateIdChanged)
    Q_PROPERTY(QString candidateName READ candidateName NOTIFY changed)
    Q_PROPERTY(QVariantList versions READ versions NOTIFY changed) // newest first, with text
    Q_PROPERTY(QVariantList variants READ variants NOTIFY changed) // with job_title and text
    Q_PROPERTY(QVariantList attachments READ attachments NOTIFY changed)
    // The jobs a variant can be made for: the candidate's applications' jobs [{id, title}].
    Q_PROPERTY(QVariantList jobs READ jobs NOTIFY changed)
    // The compared versions and the side-by-side rows: [{op: same|changed|removed|added, left, right}].
    Q_PROPERTY(int fromVersion READ fromVersion NOTIFY diffChanged)
    Q_PROPERTY(int toVersion READ toVersion NOTIFY diffChanged)
    Q_PROPERTY(QVariantList diffRows READ diffRows NOTIFY diffChanged)
    Q_PROPERTY(int added READ added NOTIFY diffChanged)
    Q_PROPERTY(int removed READ removed NOTIFY diffChanged)
    // True while an attachment's text is still being extracted (the lists refresh until done).
    Q_PROPERTY(bool extracting READ extracting NOTIFY changed)

public:
    explicit CandidateDocuments(QObject* parent = nullptr);
    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    QString candidateId() const { return m_id; }
    void setCandidateId(const QString& id);
    QString candidateName() const { return m_name; }
    QVariantList versions() const { return m_versions; }
    QVariantList variants() const { return m_variants; }
    QVariantList attachments() const { return m_attachments; }
    QVariantList jobs() const { return m_jobs; }
    int fromVersion() const { return m_from; }
    int toVersion() const { return m_to; }
    QVariantList diffRows() const { return m_diffRows; }
    int added() const { return m_added; }
    int removed() const { return m_removed; }
    bool extracting() const { return m_extracting; }

    Q_INVOKABLE bool reload();
    // Side by side: version FROM (left) against version TO (right).
    Q_INVOKABLE bool compare(int from, int to);
    Q_INVOKABLE bool addVersion(const QString& text);
    Q_INVOKABLE bool createVariant(const QString& jobId, int fromVersion);
    Q_INVOKABLE bool editVariant(const QString& id, const QString& text);
    Q_INVOKABLE bool submitVariant(const QString& id);
    Q_INVOKABLE bool decideVariant(const QString& id, bool approve, const QString& comment);
    Q_INVOKABLE bool exportVariantPdf(const QString& id, const QUrl& file);
    Q_INVOKABLE bool exportVersionPdf(int version, const QUrl& file);
    // Files (local URLs, as dropped or chosen); asCv: the extracted text becomes a CV version.
    // Returns how many were attached; each refusal is reported.
    Q_INVOKABLE int addFiles(const QList<QUrl>& files, bool asCv);
    // An attachment with its extracted text (for the preview).
    Q_INVOKABLE QVariantMap attachment(const QString& id) const;
    Q_INVOKABLE bool removeAttachment(const QString& id);

Q_SIGNALS:
    void controllerChanged();
    void candidateIdChanged();
    void changed();
    void diffChanged();

private:
    template <typename R> bool apply(const R& result);
    AppController* m_controller = nullptr;
    QString m_id, m_name;
    QVariantList m_versions, m_variants, m_attachments, m_jobs, m_diffRows;
    int m_from = 0, m_to = 0, m_added = 0, m_removed = 0;
    bool m_extracting = false;
    QTimer m_poll; // while extracting
};
