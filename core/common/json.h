#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

namespace rd {

// Canonical JSON (after RFC 8785): object keys sorted by UTF-16 code units, no whitespace,
// minimal string escapes, integers without a fraction. Used for hashing audit entries, so the
// same entry yields the same bytes on every device and on the server, and for storage.
QByteArray canonicalJson(const QJsonValue& value);
QByteArray compactJson(const QJsonObject& object);
void appendCanonicalString(QByteArray& out, const QString& s);
void appendCanonicalNumber(QByteArray& out, double d);
QJsonObject parseObject(const QString& text);

// Writes a canonical JSON object directly, without building a QJsonObject (bulk paths).
// Keys must be added in sorted order (checked in debug builds); the result equals
// canonicalJson() of the same object.
class CanonicalObject {
public:
    CanonicalObject() { m_out.reserve(256); m_out += '{'; }
    CanonicalObject& add(const char* key, const QString& value);
    CanonicalObject& add(const char* key, bool value);
    CanonicalObject& add(const char* key, qint64 value);
    CanonicalObject& addJson(const char* key, const QByteArray& canonicalValue);
    QByteArray finish() const { return m_out + '}'; }

private:
    void key(const char* k);
    QByteArray m_out;
    const char* m_last = nullptr;
};

} // namespace rd
