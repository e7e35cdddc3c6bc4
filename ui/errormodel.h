#pragma once

#include "common/result.h"

#include <QObject>
#include <QQmlEngine>

// The one place user-facing errors go. View models report here; QML shows the banner.
class ErrorModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString message READ message NOTIFY changed)
    Q_PROPERTY(QString code READ code NOTIFY changed)
    Q_PROPERTY(bool active READ active NOTIFY changed)

public:
    static ErrorModel* instance();
    static ErrorModel* create(QQmlEngine*, QJSEngine*);

    QString message() const { return m_message; }
    QString code() const { return m_code; }
    bool active() const { return !m_code.isEmpty(); }

    void report(const rd::Error& error);
    Q_INVOKABLE void clear();

Q_SIGNALS:
    void changed();

private:
    explicit ErrorModel(QObject* parent = nullptr) : QObject(parent) { }
    QString m_message;
    QString m_code;
};
