#pragma once

#include "common/result.h"

namespace rd::validate {

// Trimmed, NFC-normalised, lower-cased email. Empty when not a plausible address.
QString normaliseEmail(const QString& email);
Status email(const QString& email);
Status slug(const QString& slug);
QString slugify(const QString& name);
Status text(const QString& field, const QString& value, int maxLength, bool required);
Error failed(const QString& field, const QString& message, const QString& rule = QStringLiteral("invalid"));

} // namespace rd::validate
