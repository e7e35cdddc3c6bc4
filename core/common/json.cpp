#include "json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace rd {

namespace {
void writeString(const QString& s, QByteArray& out)
{
    out += '"';
    const QByteArray utf8 = s.toUtf8();
    const char* p = utf8.constData();
    const char* end = p + utf8.size();
    const char* run = p;
    for (; p != end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(run, p - run);
        run = p + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: {
            static const char hex[] = "0123456789abcdef";
            const char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF] };
            out.append(esc, 6);
        }
        }
    }
    out.append(run, end - run);
    out += '"';
}

void writeNumber(double d, QByteArray& out)
{
    if (d == static_cast<double>(static_cast<qint64>(d)) && d > -9007199254740992.0 && d < 9007199254740992.0)
        out += QByteArray::number(static_cast<qint64>(d));
    else
        out += QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
}

void writeCanonical(const QJsonValue& v, QByteArray& out)
{
    switch (v.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        // QJsonObject keeps its keys sorted (by UTF-16 code units, as RFC 8785 requires).
        out += '{';
        bool first = true;
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            if (!first)
                out += ',';
            first = false;
            writeString(it.key(), out);
            out += ':';
            writeCanonical(it.value(), out);
        }
        out += '}';
        break;
    }
    case QJsonValue::Array: {
        const QJsonArray a = v.toArray();
        out += '[';
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (i)
                out += ',';
            writeCanonical(a.at(i), out);
        }
        out += ']';
        break;
    }
    case QJsonValue::String: writeString(v.toString(), out); break;
    case QJsonValue::Double: writeNumber(v.toDouble(), out); break;
    case QJsonValue::Bool: out += v.toBool() ? "true" : "false"; break;
    case QJsonValue::Null:
    case QJsonValue::Undefined: out += "null"; break;
    }
}
} // namespace

QByteArray canonicalJson(const QJsonValue& value)
{
    QByteArray out;
    out.reserve(256);
    writeCanonical(value, out);
    return out;
}

void appendCanonicalString(QByteArray& out, const QString& s) { writeString(s, out); }
void appendCanonicalNumber(QByteArray& out, double d) { writeNumber(d, out); }

QByteArray compactJson(const QJsonObject& object) { return canonicalJson(object); }

void CanonicalObject::key(const char* k)
{
    Q_ASSERT_X(!m_last || qstrcmp(m_last, k) < 0, "CanonicalObject", "keys must be added in sorted order");
    if (m_last)
        m_out += ',';
    m_last = k;
    m_out += '"';
    m_out += k;
    m_out += "\":";
}

CanonicalObject& CanonicalObject::add(const char* k, const QString& value)
{
    key(k);
    writeString(value, m_out);
    return *this;
}

CanonicalObject& CanonicalObject::add(const char* k, bool value)
{
    key(k);
    m_out += value ? "true" : "false";
    return *this;
}

CanonicalObject& CanonicalObject::add(const char* k, qint64 value)
{
    key(k);
    m_out += QByteArray::number(value);
    return *this;
}

CanonicalObject& CanonicalObject::addJson(const char* k, const QByteArray& canonicalValue)
{
    key(k);
    m_out += canonicalValue;
    return *this;
}

QJsonObject parseObject(const QString& text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace rd
