#include "csvreader.h"

namespace rd {

CsvReader::CsvReader(QIODevice& device, QChar separator)
    : m_device(device)
    , m_sep(separator)
{
}

bool CsvReader::fill()
{
    if (m_eof)
        return false;
    QByteArray chunk = m_device.read(64 * 1024);
    if (m_first) {
        m_first = false;
        if (chunk.startsWith("\xEF\xBB\xBF")) {
            chunk.remove(0, 3);
            m_encoding = QStringLiteral("UTF-8 (BOM)");
            m_decoder = QStringDecoder(QStringDecoder::Utf8);
        } else {
            QStringDecoder probe(QStringDecoder::Utf8);
            // A chunk may end inside a multi-byte sequence; only real errors count.
            const QString decoded = probe.decode(chunk); // decoding is lazy: force it
            Q_UNUSED(decoded);
            const bool utf8 = !probe.hasError();
            m_encoding = utf8 ? QStringLiteral("UTF-8") : QStringLiteral("Latin-1");
            m_decoder = QStringDecoder(utf8 ? QStringDecoder::Utf8 : QStringDecoder::Latin1);
        }
    }
    if (chunk.isEmpty()) {
        m_eof = true;
        return false;
    }
    m_buffer.remove(0, m_pos);
    m_pos = 0;
    m_buffer += m_decoder.decode(chunk);
    return true;
}

bool CsvReader::more()
{
    // A chunk may decode to no character at all (the start of a multi-byte sequence the file
    // ends in, or a short read): read on until there is one or the input ends (a lone 0xEF read
    // past the buffer's end: found by tests/fuzz/fuzz_csv).
    while (m_pos >= m_buffer.size())
        if (!fill())
            return false;
    return true;
}

bool CsvReader::next(QStringList& fields)
{
    fields.clear();
    m_error.clear();
    QString field;
    bool inQuotes = false;
    bool quotedField = false;
    bool any = false;
    m_recordLine = m_line;
    for (;;) {
        if (!more()) {
            // End of input.
            if (inQuotes)
                m_error = QStringLiteral("unterminated quoted field");
            if (!any && field.isEmpty() && fields.isEmpty() && !inQuotes)
                return false;
            fields << field;
            return true;
        }
        const QChar c = m_buffer.at(m_pos++);
        any = true;
        if (inQuotes) {
            if (c == QLatin1Char('"')) {
                if (more() && m_buffer.at(m_pos) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++m_pos;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++m_line;
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char('"') && field.isEmpty() && !quotedField) {
            inQuotes = true;
            quotedField = true;
        } else if (c == m_sep) {
            fields << field;
            field.clear();
            quotedField = false;
        } else if (c == QLatin1Char('\r')) {
            // CR of CRLF (or a lone CR) ends the record; a following LF is swallowed.
            if (more() && m_buffer.at(m_pos) == QLatin1Char('\n'))
                ++m_pos;
            ++m_line;
            fields << field;
            return true;
        } else if (c == QLatin1Char('\n')) {
            ++m_line;
            fields << field;
            return true;
        } else {
            field += c;
        }
    }
}

} // namespace rd
