#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>
#include <QVariantMap>

class AppController;

// Jobs > editor: one job's fields (skills normalised through the taxonomy with autocomplete,
// the location looked up in the offline gazetteer, remote mode, must-haves), publish/close and
// the job's own pipeline (add, rename, reorder, remove stages). Everything goes through
// JobService; a refused change is reported (ErrorModel) and the editor shows the stored job.
class JobEditor : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    // Empty for a new job (save() creates it and sets the id).
    Q_PROPERTY(QString jobId READ jobId WRITE setJobId NOTIFY jobIdChanged)
    Q_PROPERTY(QVariantMap job READ job NOTIFY changed)
    Q_PROPERTY(QVariantList stages READ stages NOTIFY changed)
    Q_PROPERTY(bool isNew READ isNew NOTIFY changed)
    Q_PROPERTY(bool canEdit READ canEdit NOTIFY changed)
    // The field the last refused save named (for the inline message), and that message.
    Q_PROPERTY(QString errorField READ errorField NOTIFY errorChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorChanged)

public:
    explicit JobEditor(QObject* parent = nullptr);
    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    QString jobId() const { return m_id; }
    void setJobId(const QString& id);
    QVariantMap job() const { return m_job; }
    QVariantList stages() const { return m_stages; }
    bool isNew() const { return m_id.isEmpty(); }
    bool canEdit() const;
    QString errorField() const { return m_errorField; }
    QString errorText() const { return m_errorText; }

    Q_INVOKABLE bool reload();
    // FIELDS as the form holds them: title, description, department, location, remote,
    // employment_type, max_distance_km (text; empty = none), must_have / nice_to_have / tags
    // (lists or comma-separated text), latitude/longitude (set by choosing a place; cleared
    // when the location text changes without one). Creates or updates; false when refused.
    Q_INVOKABLE bool save(const QVariantMap& fields);
    Q_INVOKABLE bool publish();
    Q_INVOKABLE bool setStatus(const QString& status);

    // Autocomplete sources (no store access; taxonomy and gazetteer are built in).
    Q_INVOKABLE QStringList skillSuggestions(const QString& prefix) const;
    // [{label: "Paris, Île-de-France? FR", name, country, latitude, longitude, population}]
    Q_INVOKABLE QVariantList placeSuggestions(const QString& prefix) const;
    // The canonical spelling of an entered skill ("k8s" -> "Kubernetes"), else as entered.
    Q_INVOKABLE QString normaliseSkill(const QString& skill) const;

    // Pipeline editor (STAGE is a stage id).
    Q_INVOKABLE bool addStage(const QString& name, const QString& kind);
    Q_INVOKABLE bool renameStage(const QString& stage, const QString& name);
    Q_INVOKABLE bool moveStage(const QString& stage, int delta);
    Q_INVOKABLE bool removeStage(const QString& stage, const QString& moveTo);
    // Applications currently in STAGE (removing it needs a target stage when > 0).
    Q_INVOKABLE int applicationsIn(const QString& stage) const;

Q_SIGNALS:
    void controllerChanged();
    void jobIdChanged();
    void changed();
    void errorChanged();
    void saved();

private:
    template <typename R> bool apply(R result);
    void setError(const QString& field, const QString& text);
    AppController* m_controller = nullptr;
    QString m_id;
    QVariantMap m_job;
    QVariantList m_stages;
    QString m_errorField;
    QString m_errorText;
};
