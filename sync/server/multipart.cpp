#include "multipart.h"

namespace rd::server::multipart {

QList<Part> parseMultipart(const QByteArray& body, const QByteArray& contentType)
{
    QList<Part> parts;
    const int b = contentType.indexOf("boundary=");
    if (!contentType.trimmed().toLower().startsWith("multipart/form-data") || b < 0) return parts;
    QByteArray boundary = contentType.mid(b + 9).split(';').first().trimmed();
    if (boundary.startsWith('"') && boundary.endsWith('"')) boundary = boundary.mid(1, boundary.size() - 2);
    if (boundary.isEmpty()) return parts;
    const QByteArray delimiter = "--" + boundary;
    qsizetype pos = body.indexOf(delimiter);
    while (pos >= 0) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--") break; // the closing delimiter
        if (body.mid(pos, 2) == "\r\n") pos += 2;
        const qsizetype headerEnd = body.indexOf("\r\n\r\n", pos);
        if (headerEnd < 0) break;
        const qsizetype next = body.indexOf("\r\n" + delimiter, headerEnd + 4);
        if (next < 0) break;
        Part part;
        for (const QByteArray& line : body.mid(pos, headerEnd - pos).split('\n')) {
            const QByteArray l = line.trimmed();
            if (l.toLower().startsWith("content-type:")) part.contentType = l.mid(13).trimmed();
            if (!l.toLower().startsWith("content-disposition:")) continue;
            for (const QByteArray& param : l.mid(20).split(';')) {
                const QByteArray p = param.trimmed();
                auto value = [&p](int at) {
                    QByteArray v = p.mid(at);
                    if (v.startsWith('"') && v.endsWith('"') && v.size() >= 2) v = v.mid(1, v.size() - 2);
                    return QString::fromUtf8(v);
                };
                if (p.startsWith("name=")) part.name = value(5);
                if (p.startsWith("filename=")) part.fileName = value(9);
            }
        }
        part.data = body.mid(headerEnd + 4, next - headerEnd - 4);
        parts << part;
        pos = next + 2;
    }
    return parts;
}

} // namespace rd::server::multipart
