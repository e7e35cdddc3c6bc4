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
    // Built once: every number read asks (an import of 100,000 rows built the set each time).
    static const std::set<std::string> regions = [] {
        std::set<std::string> out;
        PhoneNumberUtil::GetInstance()->GetSupportedRegions(&out);
        return out;
    }();
    return regions.count(utf8(region)) > 0;
}

namespace {

const QString kExt = QStringLiteral(" ext. ");

// The number in `in`, read in `region` (empty: international only), with the error a person is
// shown when it cannot be read.
Result<PhoneNumber> parse(const QString& text, QString in, const QString& region, const QString& field)
{
    const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    const bool haveRegion = !region.isEmpty();
    PhoneNumber number;
    const auto parsed = util->Parse(utf8(in), haveRegion ? utf8(region) : std::string("ZZ"), &number);
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
    switch (util->IsPossibleNumberWithReason(number)) {
    case PhoneNumberUtil::IS_POSSIBLE: return number;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
        return refused(field, text, QStringLiteral("has no known country code."), QStringLiteral("country_code"));
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
        return refused(field, text, QStringLiteral("lacks its area code."), QStringLiteral("length"));
    default:
        return refused(field, text, QStringLiteral("has the wrong number of digits for its country."), QStringLiteral("length"));
    }
}

Result<PhoneNumber> read(const QString& text, const QString& region, const QString& field)
{
    QString in = text.trimmed();
    if (in.isEmpty() || in.size() > kMaxInput || in.contains(QChar(0)))
        return refused(field, text, QStringLiteral("is not a phone number."), QStringLiteral("format"));
    if (in.startsWith(QLatin1String("tel:"), Qt::CaseInsensitive)) // a link's number (RFC 3966)
        in = in.mid(4).trimmed();
    // Letters are not read as digits (1-800-FLOWERS is not a candidate's number); an extension's
    // word is the only one.
    static const QRegularExpression extension(
        QStringLiteral("(?i)[\\s,;]*(?:extension|extn|ext\\.?|x|#)\\s*[=:.]?\\s*[0-9]{1,7}\\s*$"));
    QString digitsPart = in;
    digitsPart.remove(extension);
    for (const QChar c : std::as_const(digitsPart))
        if (c.isLetter())
            return refused(field, text, QStringLiteral("is not a phone number."), QStringLiteral("format"));
    const QString upper = region.trimmed().toUpper();
    const QString known = knownRegion(upper) ? upper : QString();
    // "00" is the international prefix from most countries: read so when the region's own
    // reading fails (a US workspace, whose prefix is 011, given "0044 ...").
    const bool doubleZero = in.startsWith(QLatin1String("00"));
    auto number = parse(text, doubleZero && known.isEmpty() ? QLatin1Char('+') + in.mid(2) : in, known, field);
    if (!number && doubleZero && !known.isEmpty()) {
        auto international = parse(text, QLatin1Char('+') + in.mid(2), QString(), field);
        if (international) return international;
    }
    return number;
}

QString stored(const PhoneNumber& number)
{
    std::string e164;
    PhoneNumberUtil::GetInstance()->Format(number, PhoneNumberUtil::E164, &e164);
    QString out = QString::fromStdString(e164);
    if (number.has_extension() && !number.extension().empty())
        out += kExt + QString::fromStdString(number.extension());
    return out;
}

} // namespace

Result<QString> normalise(const QString& text, const QString& region, const QString& field)
{
    auto number = read(text, region, field);
    if (!number) return number.error();
    return stored(number.value());
}

Result<QString> normaliseValid(const QString& text, const QString& region, const QString& field)
{
    auto number = read(text, region, field);
    if (!number) return number.error();
    if (!PhoneNumberUtil::GetInstance()->IsValidNumber(number.value()))
        return refused(field, text, QStringLiteral("is not a number in use in its country."), QStringLiteral("invalid"));
    return stored(number.value());
}

QString dialable(const QString& stored)
{
    const qsizetype ext = stored.indexOf(kExt);
    return ext < 0 ? stored : stored.left(ext);
}

QString nationalDigits(const QString& e164)
{
    const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (util->Parse(utf8(dialable(e164)), "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return {};
    std::string out;
    util->Format(number, PhoneNumberUtil::NATIONAL, &out);
    return QString::fromStdString(out).remove(QRegularExpression(QStringLiteral("[^0-9]")));
}

bool inCountry(const QString& e164, const QString& region)
{
    const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (!knownRegion(region) || util->Parse(utf8(dialable(e164)), "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return false;
    // By calling code, not by region: +1 416 is Canada's and +44 7797 Jersey's, read in the
    // plan of the US or the UK all the same (and a new range has no region yet).
    return number.country_code() == util->GetCountryCodeForRegion(utf8(region));
}

QString display(const QString& stored)
{
    const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (!stored.startsWith(QLatin1Char('+')) || util->Parse(utf8(dialable(stored)), "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return stored;
    std::string out;
    util->Format(number, PhoneNumberUtil::INTERNATIONAL, &out);
    const qsizetype ext = stored.indexOf(kExt);
    return QString::fromStdString(out) + (ext < 0 ? QString() : stored.mid(ext));
}

} // namespace rd::phone
