#include "phone.h"

#include <QRegularExpression>

#include <phonenumbers/phonenumberutil.h>

#include <set>
#include <string>

namespace rd::phone {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

constexpr int kMaxInput = 64; // longer than any number a person writes, extension included

Error refused(const QString& field, const QString& text, const QString& message, const QString& rule)
{
    return makeError(ErrorCode::ValidationFailed, QStringLiteral("'%1' %2").arg(text.left(kMaxInput), message),
        { { QStringLiteral("field"), field }, { QStringLiteral("rule"), rule } });
}

std::string utf8(const QString& s) { return s.toStdString(); }

} // namespace

bool knownRegion(const QString& region)
{
    if (region.size() != 2)
        return false;
    std::set<std::string> regions;
    PhoneNumberUtil::GetInstance()->GetSupportedRegions(&regions);
    return regions.count(utf8(region)) > 0;
}

Result<QString> normalise(const QString& text, const QString& region, const QString& field)
{
    QString in = text.trimmed();
    if (in.isEmpty() || in.size() > kMaxInput || in.contains(QChar(0)))
        return refused(field, text, QStringLiteral("is not a phone number."), QStringLiteral("format"));
    const QString upper = region.trimmed().toUpper();
    const bool haveRegion = knownRegion(upper);
    // Without a region, "00" is read as the international prefix (as from most countries).
    if (!haveRegion && in.startsWith(QLatin1String("00")))
        in = QLatin1Char('+') + in.mid(2);
    const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    const auto parsed = util->Parse(utf8(in), haveRegion ? utf8(upper) : std::string("ZZ"), &number);
    switch (parsed) {
    case PhoneNumberUtil::NO_PARSING_ERROR: break;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
        if (!haveRegion && !in.startsWith(QLatin1Char('+')))
            return refused(field, text,
                QStringLiteral("has no country code: write it with one (+44 ...) or set the workspace's country."),
                QStringLiteral("needs_country"));
        return refused(field, text, QStringLiteral("has no known country code."), QStringLiteral("country_code"));
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN:
    case PhoneNumberUtil::TOO_LONG_NSN:
        return refused(field, text, QStringLiteral("is too short or too long for a phone number."), QStringLiteral("length"));
    default: return refused(field, text, QStringLiteral("is not a phone number."), QStringLiteral("format"));
    }
    // Letters are not read as digits (1-800-FLOWERS is not a candidate's number).
    static const QRegularExpression extension(QStringLiteral("(?i)[\\s,;]*(?:ext\\.?|extension|x|#)\\s*[=:.]?\\s*[0-9]{1,7}\\s*$"));
    QString digitsPart = in;
    digitsPart.remove(extension);
    for (const QChar c : std::as_const(digitsPart))
        if (c.isLetter())
            return refused(field, text, QStringLiteral("is not a phone number."), QStringLiteral("format"));
    switch (util->IsPossibleNumberWithReason(number)) {
    case PhoneNumberUtil::IS_POSSIBLE: break;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
        return refused(field, text, QStringLiteral("has no known country code."), QStringLiteral("country_code"));
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
        return refused(field, text, QStringLiteral("lacks its area code."), QStringLiteral("length"));
    default:
        return refused(field, text, QStringLiteral("has the wrong number of digits for its country."), QStringLiteral("length"));
    }
    std::string e164;
    util->Format(number, PhoneNumberUtil::E164, &e164);
    QString out = QString::fromStdString(e164);
    if (number.has_extension() && !number.extension().empty())
        out += QStringLiteral(";ext=") + QString::fromStdString(number.extension());
    return out;
}

QString dialable(const QString& stored)
{
    const qsizetype ext = stored.indexOf(QLatin1Char(';'));
    return ext < 0 ? stored : stored.left(ext);
}

QString display(const QString& stored)
{
    const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (!stored.startsWith(QLatin1Char('+')) || util->Parse(utf8(dialable(stored)), "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return stored;
    std::string out;
    util->Format(number, PhoneNumberUtil::INTERNATIONAL, &out);
    QString shown = QString::fromStdString(out);
    if (const qsizetype ext = stored.indexOf(QLatin1String(";ext=")); ext >= 0)
        shown += QStringLiteral(" ext. ") + stored.mid(ext + 5);
    return shown;
}

} // namespace rd::phone
