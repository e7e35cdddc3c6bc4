#pragma once

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace rd {

enum class Resource {
    Tenant,
    User,
    Role,
    Job,
    Candidate,
    Application,
    Interview,
    Attachment,
    Outreach,
    Report,
    Settings,
    Audit,
    Integration,
    Privacy, // GDPR: subject export (export), erasure (delete), retention and consent rules (manage)
};

enum class Action { Create, Read, Update, Delete, Export, Manage };

QString resourceName(Resource r);
QString actionName(Action a);
std::optional<Resource> parseResource(const QString& s);
std::optional<Action> parseAction(const QString& s);
QList<Resource> allResources();
QList<Action> allActions();

namespace roles {
inline const QString Admin = QStringLiteral("admin");
inline const QString Recruiter = QStringLiteral("recruiter");
inline const QString HiringManager = QStringLiteral("hiring_manager");
inline const QString Viewer = QStringLiteral("viewer");
QStringList systemRoles();
bool isSystemRole(const QString& name);
} // namespace roles

// "resource.action", e.g. "candidate.export".
using Permission = QString;
Permission permission(Resource r, Action a);

// The built-in matrix for system roles (docs/permissions.md is its human-readable copy).
bool systemRoleAllows(const QString& role, Resource r, Action a);
QSet<Permission> systemRolePermissions(const QString& role);

} // namespace rd
