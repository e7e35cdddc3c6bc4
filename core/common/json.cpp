#include "json.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace rd {

namespace {
void writeCanonical(const QJsonValue& v, QByteArray& out)
{
    switch (v.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        QStringList keys = o.keys(); // QJsonObject keys are already sorted; sort anyway to be explicit
        keys.sort();
        out += '{';
        bool first = true;
        for (const QString& k : keys) {
            if (!first)
                out += ',';
            first = false;
            out += QJsonDocument(QJsonArray { k }).toJson(QJsonDocument::Compact).mid(1).chopped(1);
            out += ':';
            writeCanonical(o.value(k), out);
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
    default:
        out += QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    }
}
} // namespace

QByteArray canonicalJson(const QJsonValue& value)
{
    QByteArray out;
    writeCanonical(value, out);
    return out;
}

QByteArray compactJson(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject parseObject(const QString& text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace rd
