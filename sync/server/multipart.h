#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// multipart/form-data (RFC 7578), as the job board's apply form sends it. Bytes in, parts out:
// no server, no database, so a fuzz target (tests/fuzz) can feed it anything.
namespace rd::server::multipart {

struct Part {
    QString name;
    QString fileName;
    QByteArray contentType;
    QByteArray data;
};
// The parts of a body; empty when it is not multipart/form-data with a boundary.
QList<Part> parseMultipart(const QByteArray& body, const QByteArray& contentType);

} // namespace rd::server::multipart
