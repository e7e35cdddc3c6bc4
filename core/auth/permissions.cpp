#include "permissions.h"

#include <QHash>

namespace rd {

namespace {
const QList<QPair<Resource, QString>>& resourceNames()
{
    static const QList<QPair<Resource, QString>> names {
        { Resource::Tenant, QStringLiteral("tenant") }, { Resource::User, QStringLiteral("user") },
        { Resource::Role, QStringLiteral("role") }, { Resource::Job, QStringLiteral("job") },
        { Resource::Candidate, QStringLiteral("candidate") }, { Resource::Application, QStringLiteral("application") },
        { Resource::Interview, QStringLiteral("interview") }, { Resource::Attachment, QStringLiteral("attachment") },
        { Resource::Outreach, QStringLiteral("outreach") }, { Resource::Report, QStringLiteral("report") },
        { Resource::Settings, QStringLiteral("settings") }, { Resource::Audit, QStringLiteral("audit") },
        { Resource::Integration, QStringLiteral("integration") }, { Resource::Privacy, QStringLiteral("privacy") },
    };
    return names;
}
const QList<QPair<Action, QString>>& actionNames()
{
    static const QList<QPair<Action, QString>> names {
        { Action::Create, QStringLiteral("create") }, { Action::Read, QStringLiteral("read") },
        { Action::Update, QStringLiteral("update") }, { Action::Delete, QStringLiteral("delete") },
        { Action::Export, QStringLiteral("export") }, { Action::Manage, QStringLiteral("manage") },
    };
    return names;
}

// Letters: c=create r=read u=update d=delete e=export m=manage.
using Row = QHash<Resource, QString>;
const QHash<QString, Row>& matrix()
{
    static const QHash<QString, Row> m {
        { roles::Admin,
            { { Resource::Tenant, QStringLiteral("rume") }, { Resource::User, QStringLiteral("crudem") },
                { Resource::Role, QStringLiteral("crudem") }, { Resource::Job, QStringLiteral("crudem") },
                { Resource::Candidate, QStringLiteral("crudem") }, { Resource::Application, QStringLiteral("crudem") },
                { Resource::Interview, QStringLiteral("crudem") }, { Resource::Attachment, QStringLiteral("crudem") },
                { Resource::Outreach, QStringLiteral("crudem") }, { Resource::Report, QStringLiteral("crudem") },
                { Resource::Settings, QStringLiteral("rum") }, { Resource::Audit, QStringLiteral("rem") },
                { Resource::Integration, QStringLiteral("crudem") }, { Resource::Privacy, QStringLiteral("rdem") } } },
        { roles::Recruiter,
            { { Resource::Tenant, QStringLiteral("r") }, { Resource::User, QStringLiteral("r") },
                { Resource::Role, QStringLiteral("r") }, { Resource::Job, QStringLiteral("crude") },
                { Resource::Candidate, QStringLiteral("crude") }, { Resource::Application, QStringLiteral("crude") },
                { Resource::Interview, QStringLiteral("crud") }, { Resource::Attachment, QStringLiteral("crud") },
                { Resource::Outreach, QStringLiteral("crud") }, { Resource::Report, QStringLiteral("re") },
                { Resource::Settings, QStringLiteral("r") }, { Resource::Audit, QString() },
                { Resource::Integration, QStringLiteral("r") }, { Resource::Privacy, QString() } } },
        { roles::HiringManager,
            { { Resource::Tenant, QStringLiteral("r") }, { Resource::User, QStringLiteral("r") },
                { Resource::Role, QString() }, { Resource::Job, QStringLiteral("ru") },
                { Resource::Candidate, QStringLiteral("r") }, { Resource::Application, QStringLiteral("ru") },
                { Resource::Interview, QStringLiteral("cru") }, { Resource::Attachment, QStringLiteral("r") },
                { Resource::Outreach, QString() }, { Resource::Report, QStringLiteral("r") },
                { Resource::Settings, QString() }, { Resource::Audit, QString() },
                { Resource::Integration, QString() }, { Resource::Privacy, QString() } } },
        { roles::Viewer,
            { { Resource::Tenant, QStringLiteral("r") }, { Resource::User, QString() }, { Resource::Role, QString() },
                { Resource::Job, QStringLiteral("r") }, { Resource::Candidate, QStringLiteral("r") },
                { Resource::Application, QStringLiteral("r") }, { Resource::Interview, QStringLiteral("r") },
                { Resource::Attachment, QStringLiteral("r") }, { Resource::Outreach, QString() },
                { Resource::Report, QStringLiteral("r") }, { Resource::Settings, QString() },
                { Resource::Audit, QString() }, { Resource::Integration, QString() }, { Resource::Privacy, QString() } } },
    };
    return m;
}

QChar letter(Action a)
{
    switch (a) {
    case Action::Create: return QLatin1Char('c');
    case Action::Read: return QLatin1Char('r');
    case Action::Update: return QLatin1Char('u');
    case Action::Delete: return QLatin1Char('d');
    case Action::Export: return QLatin1Char('e');
    case Action::Manage: return QLatin1Char('m');
    }
    return {};
}
} // namespace

QString resourceName(Resource r)
{
    for (const auto& [res, name] : resourceNames())
        if (res == r)
            return name;
    return {};
}

QString actionName(Action a)
{
    for (const auto& [act, name] : actionNames())
        if (act == a)
            return name;
    return {};
}

std::optional<Resource> parseResource(const QString& s)
{
    for (const auto& [res, name] : resourceNames())
        if (name == s)
            return res;
    return std::nullopt;
}

std::optional<Action> parseAction(const QString& s)
{
    for (const auto& [act, name] : actionNames())
        if (name == s)
            return act;
    return std::nullopt;
}

QList<Resource> allResources()
{
    QList<Resource> out;
    for (const auto& p : resourceNames())
        out << p.first;
    return out;
}

QList<Action> allActions()
{
    QList<Action> out;
    for (const auto& p : actionNames())
        out << p.first;
    return out;
}

QStringList roles::systemRoles() { return { Admin, Recruiter, HiringManager, Viewer }; }
bool roles::isSystemRole(const QString& name) { return systemRoles().contains(name); }

Permission permission(Resource r, Action a) { return resourceName(r) + QLatin1Char('.') + actionName(a); }

bool systemRoleAllows(const QString& role, Resource r, Action a)
{
    const auto it = matrix().find(role);
    if (it == matrix().end())
        return false;
    return it->value(r).contains(letter(a));
}

QSet<Permission> systemRolePermissions(const QString& role)
{
    // Built once: the authorizer asks on every service call.
    static const QHash<QString, QSet<Permission>> cache = [] {
        QHash<QString, QSet<Permission>> c;
        for (const QString& name : roles::systemRoles()) {
            QSet<Permission> out;
            for (Resource r : allResources())
                for (Action a : allActions())
                    if (systemRoleAllows(name, r, a))
                        out.insert(permission(r, a));
            c.insert(name, out);
        }
        return c;
    }();
    return cache.value(role);
}

} // namespace rd
