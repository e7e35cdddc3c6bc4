#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>
#include <QVariantMap>

class AppController;

// Candidates > profile: the candidate, their applications and their timeline (stage moves,
// notes, interviews, outreach, audit; ActivityService::timeline). Inline edits and notes go
// through the core services; the profile reloads after each.
class CandidateProfile : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    Q_PROPERTY(QString candidateId READ candidateId WRITE setCandidateId NOTIFY candidateIdChanged)
    Q_PROPERTY(QVariantMap candidate READ candidate NOTIFY changed)
    Q_PROPERTY(QVariantList applications READ applications NOTIFY changed)
    Q_PROPERTY(QVariantList timeline READ timeline NOTIFY changed)
    Q_PROPERTY(bool loaded READ loaded NOTIFY changed)
    // Possible duplicates: [{id, name, headline, location, match: email|phone|name, value}].
    Q_PROPERTY(QVariantList duplicates READ duplicates NOTIFY changed)

public:
    explicit CandidateProfile(QObject* parent = nullptr);
    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    QString candidateId() const { return m_id; }
    void setCandidateId(const QString& id);
    QVariantMap candidate() const { return m_candidate; }
    QVariantList applications() const { return m_applications; }
    QVariantList timeline() const { return m_timeline; }
    bool loaded() const { return !m_candidate.isEmpty(); }
    QVariantList duplicates() const { return m_duplicates; }

    Q_INVOKABLE bool reload();
    // One field (first_name, last_name, headline, location, source, consent, skills as a
    // comma-separated list, ...) through CandidateService::update.
    Q_INVOKABLE bool updateField(const QString& field, const QString& value);
    Q_INVOKABLE bool addNote(const QString& body);
    // Another candidate for the merge dialog: the candidate's fields plus "applications" (count).
    Q_INVOKABLE QVariantMap other(const QString& candidateId) const;
    // Merges DUPLICATE into SURVIVOR (one of them is this profile) and shows the survivor;
    // false (reported) when refused.
    Q_INVOKABLE bool merge(const QString& survivorId, const QString& duplicateId);
    // Undoes the merge recorded by AUDITENTRYID (a candidate.merge entry on the timeline).
    Q_INVOKABLE bool undoMerge(const QString& auditEntryId);

Q_SIGNALS:
    void controllerChanged();
    void candidateIdChanged();
    void changed();

private:
    AppController* m_controller = nullptr;
    QString m_id;
    QVariantMap m_candidate;
    QVariantList m_applications;
    QVariantList m_timeline;
    QVariantList m_duplicates;
};
