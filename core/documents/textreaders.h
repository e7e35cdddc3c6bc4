#pragma once

#include <QByteArray>
#include <QString>

// The HTML and RTF readers: text from markup, nothing else (no files, no processes), so a fuzz
// target (tests/fuzz) can feed them anything.
namespace rd::documents {

QString htmlToText(const QString& html);
QString rtfToText(const QByteArray& rtf);

} // namespace rd::documents
