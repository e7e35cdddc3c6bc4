#include "validation.h"

#include <QRegularExpression>

namespace rd::validate {

Error failed(const QString& field, const QString& message, const QString& rule)
{
    return makeError(ErrorCode::ValidationFailed, message, { { QStringLiteral("field"), field }, { QStringLiteral("rule"), rule } });
}

QString normaliseEmail(const QString& email)
{
    return email.trimmed().normalized(QString::NormalizationForm_C).toLower();
}

bool plausibleEmail(const QString& e)
{
    // local@domain.tld: exactly one '@', no whitespace or control characters, a dot inside
    // the domain part (not at its ends). Deliverability is checked by sending, not here.
    const qsizetype at = e.indexOf(QLatin1Char('@'));
    if (at <= 0 || at != e.lastIndexOf(QLatin1Char('@')))
        return false;
    for (QChar c : e)
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return false;
    const QStringView domain = QStringView(e).mid(at + 1);
    const qsizetype dot = domain.lastIndexOf(QLatin1Char('.'));
    return dot > 0 && dot < domain.size() - 1 && !domain.startsWith(QLatin1Char('.'));
}

Status email(const QString& value)
{
    const QString e = normaliseEmail(value);
    if (e.isEmpty())
        return failed(QStringLiteral("email"), QStringLiteral("An email address is required."), QStringLiteral("required"));
    if (e.size() > 254 || !plausibleEmail(e))
        return failed(QStringLiteral("email"), QStringLiteral("This is not a valid email address."), QStringLiteral("format"));
    return {};
}

Status slug(const QString& value)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"));
    if (!re.match(value).hasMatch())
        return failed(QStringLiteral("slug"),
            QStringLiteral("A slug has 1-64 lower-case letters, digits and inner dashes."), QStringLiteral("format"));
    return {};
}

QString slugify(const QString& name)
{
    QString s = name.normalized(QString::NormalizationForm_KD).toLower();
    QString out;
    for (QChar c : s) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9')))
            out += c;
        else if (c.isSpace() || c == QLatin1Char('-') || c == QLatin1Char('_') || c == QLatin1Char('.'))
            out += QLatin1Char('-');
    }
    static const QRegularExpression dashes(QStringLiteral("-+"));
    out.replace(dashes, QStringLiteral("-"));
    while (out.startsWith(QLatin1Char('-')))
        out.remove(0, 1);
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    out = out.left(64);
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out.isEmpty() ? QStringLiteral("workspace") : out;
}

Status text(const QString& field, const QString& value, int maxLength, bool required)
{
    if (required && value.trimmed().isEmpty())
        return failed(field, QStringLiteral("%1 is required.").arg(field), QStringLiteral("required"));
    if (value.size() > maxLength)
        return failed(field, QStringLiteral("%1 is longer than %2 characters.").arg(field).arg(maxLength),
            QStringLiteral("max_length"));
    for (QChar c : value)
        if (c.category() == QChar::Other_Control && c != QLatin1Char('\n') && c != QLatin1Char('\t'))
            return failed(field, QStringLiteral("%1 contains control characters.").arg(field), QStringLiteral("characters"));
    return {};
}

} // namespace rd::validate
