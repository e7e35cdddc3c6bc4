#pragma once

#include "common/result.h"

// Phone numbers as RecruitDesk keeps them: E.164 ("+442079460958"), read with libphonenumber
// (docs/decisions/0022-phone-numbers.md). An extension stays, after " ext. " (not RFC 3966's
// ";ext=": ';' separates list values in CSV files and on the command line).
namespace rd::phone {

// The stored form of `text`. A national number ("020 7946 0958") is read in `region` (ISO
// 3166-1 alpha-2, the workspace's default_country); without a region only international
// numbers ("+44 ...", "0044 ...") are read. Errors are ValidationFailed with `field` and a
// rule: format (not a phone number), needs_country (national, and no region to read it in),
// country_code (no such country code), length (too short or too long for its country).
Result<QString> normalise(const QString& text, const QString& region, const QString& field = QStringLiteral("phone"));

// The same, and the number must be one in use in its country (libphonenumber's IsValidNumber):
// for rewriting what an older release kept as typed, where a guess would be worse than
// leaving it (rule invalid).
Result<QString> normaliseValid(const QString& text, const QString& region, const QString& field = QStringLiteral("phone"));

// The number to dial or text: the stored form without its extension.
QString dialable(const QString& stored);

// The number's digits as its own country writes it ("+442079460958": "02079460958"); empty
// when it is not E.164. For matching numbers an older release kept in national form.
QString nationalDigits(const QString& e164);

// Whether an E.164 number is written in the numbering plan of region (its calling code).
bool inCountry(const QString& e164, const QString& region);

// For people: "+44 20 7946 0958" (and " ext. 12"); what cannot be read is shown as it is.
QString display(const QString& stored);

// Whether libphonenumber knows the region (an ISO 3166-1 alpha-2 code, upper case).
bool knownRegion(const QString& region);

} // namespace rd::phone
