#include "templaterender.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace rd::templates {

namespace {
// {{ name }} or {{ name | fallback }}; names are lower case with dots and underscores.
const QRegularExpression& variablePattern()
{
    static const QRegularExpression re(QStringLiteral("\\{\\{\\s*([A-Za-z0-9_.]+)\\s*(?:\\|([^}]*))?\\}\\}"));
    return re;
}

// The GSM 03.38 default alphabet; the extension table's characters take two positions.
const QString& gsmBasic()
{
    static const QString s = QStringLiteral("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                                            "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà");
    return s;
}
const QString& gsmExtension()
{
    static const QString s = QStringLiteral("^{}\\[~]|€\f");
    return s;
}

Error variableError(const QString& reason, const QStringList& names, const QString& message)
{
    return makeError(ErrorCode::ValidationFailed, message,
        { { QStringLiteral("field"), QStringLiteral("template") }, { QStringLiteral("reason"), reason },
            { QStringLiteral("variables"), QJsonArray::fromStringList(names) } });
}
} // namespace

Error Problems::error() const
{
    if (!syntaxNear.isNull())
        return variableError(QStringLiteral("syntax"), {},
            QStringLiteral("A variable is not written as {{name}} near \"%1\".").arg(syntaxNear));
    if (!unknown.isEmpty())
        return variableError(QStringLiteral("unknown_variable"), unknown,
            QStringLiteral("Unknown variable(s): %1.").arg(unknown.join(QStringLiteral(", "))));
    return variableError(QStringLiteral("missing_variable"), missing,
        QStringLiteral("No value for %1 (give a fallback with {{name|text}}, or fill it in).")
            .arg(missing.join(QStringLiteral(", "))));
}

QString substitute(
    const QString& text, const QHash<QString, QString>& values, bool html, QStringList* used, Problems& problems)
{
    QString out;
    out.reserve(text.size() + 64);
    qsizetype last = 0;
    auto stray = [](const QString& s) { return s.contains(QLatin1String("{{")) || s.contains(QLatin1String("}}")); };
    for (auto it = variablePattern().globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const QString before = text.mid(last, m.capturedStart() - last);
        if (stray(before)) {
            if (problems.syntaxNear.isNull()) problems.syntaxNear = before.right(30).trimmed();
            return {};
        }
        out += before;
        last = m.capturedEnd();
        const QString name = m.captured(1).toLower();
        const bool hasFallback = m.capturedStart(2) >= 0;
        if (!values.contains(name)) {
            if (!problems.unknown.contains(name)) problems.unknown << name;
            continue;
        }
        if (used && !used->contains(name)) used->append(name);
        QString value = values.value(name);
        if (value.isEmpty()) {
            if (!hasFallback) {
                if (!problems.missing.contains(name)) problems.missing << name;
                continue;
            }
            value = m.captured(2).trimmed();
        }
        out += html && !kServerVariables.contains(name) ? value.toHtmlEscaped() : value;
    }
    const QString rest = text.mid(last);
    if (stray(rest)) {
        if (problems.syntaxNear.isNull()) problems.syntaxNear = rest.left(30).trimmed();
        return {};
    }
    return out + rest;
}
Result<QString> renderText(
    const QString& text, const QHash<QString, QString>& values, bool html, QStringList* used)
{
    Problems problems;
    const QString out = substitute(text, values, html, used, problems);
    if (problems.any()) return problems.error();
    return out;
}

void smsLength(const QString& text, int* characters, int* segments, QString* encoding)
{
    int gsm = 0;
    bool isGsm = true;
    for (const QChar c : text) {
        if (gsmBasic().contains(c))
            gsm += 1;
        else if (gsmExtension().contains(c))
            gsm += 2;
        else {
            isGsm = false;
            break;
        }
    }
    const int n = isGsm ? gsm : int(text.size()); // UCS-2: UTF-16 code units
    const int single = isGsm ? 160 : 70;
    const int part = isGsm ? 153 : 67;
    if (characters) *characters = n;
    if (segments) *segments = n == 0 ? 0 : n <= single ? 1 : (n + part - 1) / part;
    if (encoding) *encoding = isGsm ? QStringLiteral("gsm7") : QStringLiteral("ucs2");
}

} // namespace rd::templates
