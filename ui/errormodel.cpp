#include "errormodel.h"

#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcErrors, "rd.ui.errors")

ErrorModel* ErrorModel::instance()
{
    static ErrorModel* model = new ErrorModel;
    return model;
}

ErrorModel* ErrorModel::create(QQmlEngine*, QJSEngine*)
{
    QJSEngine::setObjectOwnership(instance(), QJSEngine::CppOwnership);
    return instance();
}

void ErrorModel::report(const rd::Error& error)
{
    m_code = error.codeName();
    m_message = error.message;
    // The banner shows the words; the details (a driver's text, a reason) go to the log.
    qCInfo(lcErrors).noquote() << m_code << m_message << QJsonDocument(error.details).toJson(QJsonDocument::Compact);
    Q_EMIT changed();
}

void ErrorModel::clear()
{
    if (m_code.isEmpty())
        return;
    m_code.clear();
    m_message.clear();
    Q_EMIT changed();
}
