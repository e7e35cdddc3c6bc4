#include "passwordpolicy.h"

#include <QSet>

namespace rd {

const QSet<QString>& commonPasswords();

bool PasswordPolicy::isCommon(const QString& password)
{
    return commonPasswords().contains(password.toLower());
}

Status PasswordPolicy::check(const QString& password, const QString& email)
{
    if (password.size() < kMinLength)
        return makeError(ErrorCode::ValidationFailed,
            QStringLiteral("The password must have at least %1 characters.").arg(kMinLength),
            { { QStringLiteral("field"), QStringLiteral("password") }, { QStringLiteral("rule"), QStringLiteral("min_length") },
                { QStringLiteral("min"), kMinLength } });
    if (password.size() > kMaxLength)
        return makeError(ErrorCode::ValidationFailed,
            QStringLiteral("The password must have at most %1 characters.").arg(kMaxLength),
            { { QStringLiteral("field"), QStringLiteral("password") }, { QStringLiteral("rule"), QStringLiteral("max_length") } });
    if (isCommon(password))
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("This password is too common; choose another."),
            { { QStringLiteral("field"), QStringLiteral("password") }, { QStringLiteral("rule"), QStringLiteral("common") } });
    if (!email.isEmpty()) {
        const QString lower = password.toLower();
        const QString local = email.section(QLatin1Char('@'), 0, 0).toLower();
        if (lower == email.toLower() || (local.size() >= 4 && lower.contains(local) && lower.size() - local.size() < 8))
            return makeError(ErrorCode::ValidationFailed, QStringLiteral("The password must not be based on the email address."),
                { { QStringLiteral("field"), QStringLiteral("password") }, { QStringLiteral("rule"), QStringLiteral("email") } });
    }
    return {};
}

} // namespace rd
