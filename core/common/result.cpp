#include "result.h"

namespace rd {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::PermissionDenied:
        return QStringLiteral("permission_denied");
    case ErrorCode::NotFound:
        return QStringLiteral("not_found");
    case ErrorCode::ValidationFailed:
        return QStringLiteral("validation_failed");
    case ErrorCode::Conflict:
        return QStringLiteral("conflict");
    case ErrorCode::AuthFailed:
        return QStringLiteral("auth_failed");
    case ErrorCode::LockedOut:
        return QStringLiteral("locked_out");
    case ErrorCode::MfaRequired:
        return QStringLiteral("mfa_required");
    case ErrorCode::TenantSuspended:
        return QStringLiteral("tenant_suspended");
    case ErrorCode::SchemaTooNew:
        return QStringLiteral("schema_too_new");
    case ErrorCode::StorageError:
        return QStringLiteral("storage_error");
    case ErrorCode::CryptoError:
        return QStringLiteral("crypto_error");
    case ErrorCode::ChainBroken:
        return QStringLiteral("chain_broken");
    case ErrorCode::Internal:
        return QStringLiteral("internal");
    case ErrorCode::Unavailable:
        return QStringLiteral("unavailable");
    }
    return QStringLiteral("internal");
}

std::optional<ErrorCode> errorCodeFromName(const QString& name)
{
    for (int c = 0; c <= int(ErrorCode::Unavailable); ++c)
        if (errorCodeName(ErrorCode(c)) == name) return ErrorCode(c);
    return std::nullopt;
}

QJsonObject Error::toJson() const
{
    return QJsonObject { { QStringLiteral("code"), codeName() }, { QStringLiteral("message"), message },
        { QStringLiteral("details"), details } };
}

Error makeError(ErrorCode code, const QString& message, const QJsonObject& details)
{
    return Error { code, message, details };
}

} // namespace rd
