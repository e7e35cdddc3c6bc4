#include "userfiles.h"

#include "errormodel.h"

#include <QCoreApplication>
#include <QSaveFile>

namespace userfiles {

QString path(const QUrl& file)
{
    return file.isLocalFile() ? file.toLocalFile() : file.toString();
}

bool save(const QUrl& file, const QByteArray& bytes, const QString& message)
{
    QSaveFile f(path(file));
    if (f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() && f.commit()) return true;
    const QString text = message.isEmpty()
        ? QCoreApplication::translate("userfiles", "The file could not be written: %1").arg(f.errorString())
        : message.arg(f.errorString());
    ErrorModel::instance()->report(
        rd::makeError(rd::ErrorCode::StorageError, text, { { QStringLiteral("path"), f.fileName() } }));
    return false;
}

bool openForReading(QFile& f)
{
    if (f.open(QIODevice::ReadOnly)) return true;
    ErrorModel::instance()->report(rd::makeError(rd::ErrorCode::StorageError,
        QCoreApplication::translate("userfiles", "The file could not be read: %1").arg(f.errorString()),
        { { QStringLiteral("path"), f.fileName() } }));
    return false;
}

} // namespace userfiles
