#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

namespace rd {

// Canonical JSON: object keys sorted, no whitespace. Used for hashing audit entries so the
// same entry always yields the same bytes on every device and on the server.
QByteArray canonicalJson(const QJsonValue& value);
QByteArray compactJson(const QJsonObject& object);
QJsonObject parseObject(const QString& text);

} // namespace rd
