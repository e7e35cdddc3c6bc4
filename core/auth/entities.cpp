#include "entities.h"

#include <QJsonArray>

namespace rd {

QJsonObject Tenant::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("name"), name }, { QStringLiteral("slug"), slug },
        { QStringLiteral("kind"), kind }, { QStringLiteral("status"), status }, { QStringLiteral("settings"), settings },
        { QStringLiteral("plan"), plan }, { QStringLiteral("created_at"), createdAt },
        { QStringLiteral("updated_at"), updatedAt } };
}

QString User::displayName() const
{
    const QString n = (givenName + QLatin1Char(' ') + familyName).trimmed();
    return n.isEmpty() ? email : n;
}

QJsonObject User::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("tenant_id"), tenantId }, { QStringLiteral("email"), email },
        { QStringLiteral("given_name"), givenName }, { QStringLiteral("family_name"), familyName },
        { QStringLiteral("active"), active }, { QStringLiteral("verified"), verified },
        { QStringLiteral("mfa_enabled"), mfaEnabled }, { QStringLiteral("roles"), QJsonArray::fromStringList(roles) },
        { QStringLiteral("last_sign_in_at"), lastSignInAt }, { QStringLiteral("created_at"), createdAt },
        { QStringLiteral("updated_at"), updatedAt } };
}

QJsonObject Role::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("name"), name }, { QStringLiteral("description"), description },
        { QStringLiteral("system"), system }, { QStringLiteral("permissions"), QJsonArray::fromStringList(permissions) } };
}

} // namespace rd
