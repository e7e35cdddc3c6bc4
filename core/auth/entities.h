#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace rd {

struct Tenant {
    QString id;
    QString name;
    QString slug;
    QString kind;   // agency | employer | school
    QString status; // active | suspended
    QJsonObject settings;
    QString plan;
    QString createdAt;
    QString updatedAt;
    QJsonObject toJson() const;
};

struct User {
    QString id;
    QString tenantId;
    QString email;
    QString givenName;
    QString familyName;
    bool active = true;
    bool verified = false;
    bool mfaEnabled = false;
    bool hasPassword = false;
    QStringList roles;
    QString lastSignInAt;
    QString createdAt;
    QString updatedAt;
    QString displayName() const;
    QJsonObject toJson() const;
};

struct Role {
    QString id;
    QString tenantId;
    QString name;
    QString description;
    bool system = false;
    QStringList permissions; // "resource.action", sorted
    QJsonObject toJson() const;
};

} // namespace rd
