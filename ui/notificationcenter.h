#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QTimer>
#include <QVariantList>

class AppController;

// The bell: the signed-in user's in-app notifications (NotificationService), newest first, in
// words (who, which job, which stage), the unread count, mark read, and the per-event
// preferences. Refreshes every 15 s (notifications also arrive by sync) and on reload().
class NotificationCenter : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(AppController* controller READ controller WRITE setController NOTIFY controllerChanged)
    Q_PROPERTY(int unread READ unread NOTIFY changed)
    // [{id, event, text, at, read, candidate_id, job_id}]
    Q_PROPERTY(QVariantList items READ items NOTIFY changed)
    // [{event, label, on}]
    Q_PROPERTY(QVariantList preferences READ preferences NOTIFY changed)

public:
    explicit NotificationCenter(QObject* parent = nullptr);
    AppController* controller() const { return m_controller; }
    void setController(AppController* controller);
    int unread() const { return m_unread; }
    QVariantList items() const { return m_items; }
    QVariantList preferences() const { return m_preferences; }

    Q_INVOKABLE void reload();
    // One notification, or all when ID is empty.
    Q_INVOKABLE bool markRead(const QString& id);
    Q_INVOKABLE bool setPreference(const QString& event, bool on);
    // The event's name in words.
    Q_INVOKABLE static QString eventLabel(const QString& event);

Q_SIGNALS:
    void controllerChanged();
    void changed();

private:
    AppController* m_controller = nullptr;
    int m_unread = 0;
    QVariantList m_items;
    QVariantList m_preferences;
    QTimer m_refresh;
};
