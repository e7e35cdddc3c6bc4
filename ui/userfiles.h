#pragma once

#include <QFile>
#include <QString>
#include <QUrl>

// Files the user chose in a file dialog (URLs from QML): one way to read and write them, a
// failure reported to ErrorModel as storage_error with the path, in the user's language.
namespace userfiles {

QString path(const QUrl& file);
// Writes BYTES whole or not at all (QSaveFile). MESSAGE ("… %1" for the reason) replaces the
// generic "The file could not be written: %1".
bool save(const QUrl& file, const QByteArray& bytes, const QString& message = {});
// Opens F (its file name set) for reading.
bool openForReading(QFile& f);

} // namespace userfiles
