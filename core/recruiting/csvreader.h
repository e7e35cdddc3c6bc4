#pragma once

#include <QIODevice>
#include <QStringDecoder>
#include <QStringList>

namespace rd {

// Streaming RFC 4180 reader: quoted fields with embedded commas, quotes ("") and newlines,
// CRLF or LF line ends. UTF-8 with or without BOM; a file that is not valid UTF-8 in its
// first 64 KiB is read as Latin-1 (Windows-1252 would need ICU). Reads in chunks, never the
// whole file.
class CsvReader {
public:
    explicit CsvReader(QIODevice& device, QChar separator = QLatin1Char(','));

    // Next record into fields; false at the end. line() is the 1-based line where it started.
    bool next(QStringList& fields);
    qint64 line() const { return m_recordLine; }
    // Set when the last record was malformed (e.g. an unterminated quote at the end).
    QString error() const { return m_error; }
    QString encoding() const { return m_encoding; }

private:
    bool fill();
    bool more(); // a character at m_pos, reading more if needed; false at the end
    QIODevice& m_device;
    QChar m_sep;
    QString m_buffer;
    qsizetype m_pos = 0;
    bool m_eof = false;
    bool m_first = true;
    qint64 m_line = 1;
    qint64 m_recordLine = 0;
    QString m_error;
    QString m_encoding = QStringLiteral("UTF-8");
    QStringDecoder m_decoder;
};

} // namespace rd
