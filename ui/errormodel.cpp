#include "errormodel.h"

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
