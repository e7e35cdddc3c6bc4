#pragma once
// Hand-made outbox records for protocol tests: whole, valid rows as a desktop would push them
// (the server checks every row against the desktop schema and the pushing user's rights).

#include "protocol/wire.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace rd::test {

inline const QString kT0 = QStringLiteral("2026-01-01T00:00:00.000Z");

inline sync::ChangeRecord change(qint64 devSeq, const QString& entity, const QString& id, const QString& op,
    const QJsonObject& fields, qint64 base = 0)
{
    sync::ChangeRecord c;
    c.devSeq = devSeq;
    c.entity = entity;
    c.rowId = id;
    c.op = op;
    c.fields = fields;
    c.baseServerSeq = base;
    return c;
}

// A full row: id, tenant_id, the times, plus the given columns.
inline QJsonObject row(const QString& ws, const QString& id, QJsonObject fields)
{
    fields.insert(QStringLiteral("id"), id);
    fields.insert(QStringLiteral("tenant_id"), ws);
    if (!fields.contains(QStringLiteral("created_at"))) fields.insert(QStringLiteral("created_at"), kT0);
    if (!fields.contains(QStringLiteral("updated_at"))) fields.insert(QStringLiteral("updated_at"), kT0);
    return fields;
}

inline QJsonObject candidateRow(const QString& ws, const QString& id, const QString& first, const QString& last = {})
{
    return row(ws, id, { { QStringLiteral("first_name"), first }, { QStringLiteral("last_name"), last } });
}

inline QJsonObject jobRow(const QString& ws, const QString& id, const QString& title)
{
    return row(ws, id, { { QStringLiteral("title"), title }, { QStringLiteral("job_number"), QStringLiteral("J-") + id } });
}

inline QJsonObject noteRow(const QString& ws, const QString& id, const QString& candidateId, const QString& body)
{
    return row(ws, id,
        { { QStringLiteral("subject_type"), QStringLiteral("candidate") }, { QStringLiteral("subject_id"), candidateId },
            { QStringLiteral("body"), body } });
}

// Ids of the built-in roles in a seeded workspace.
inline QString roleId(const QString& ws, const QString& role) { return ws + QStringLiteral("-role-") + role; }
inline QString userId(const QString& ws, const QString& email) { return ws + QStringLiteral("-user-") + email; }

// The identity rows of a workspace (as its admin's first upload carries them): the tenants
// row, the four built-in roles, and each user with their built-in role. devSeq counts up from
// `from`; returns the records.
inline QList<sync::ChangeRecord> workspaceSeed(
    const QString& ws, const QList<QPair<QString, QString>>& users, qint64& devSeq)
{
    QList<sync::ChangeRecord> out;
    const QString ins = QStringLiteral("insert");
    out << change(devSeq++, QStringLiteral("tenants"), ws, ins,
        row(ws, ws,
            { { QStringLiteral("name"), ws }, { QStringLiteral("slug"), ws.toLower() },
                { QStringLiteral("kind"), QStringLiteral("agency") } }));
    for (const QString& r : { QStringLiteral("admin"), QStringLiteral("recruiter"), QStringLiteral("hiring_manager"),
             QStringLiteral("viewer") })
        out << change(devSeq++, QStringLiteral("roles"), roleId(ws, r), ins,
            row(ws, roleId(ws, r), { { QStringLiteral("name"), r }, { QStringLiteral("is_system"), 1 } }));
    for (const auto& [email, role] : users) {
        const QString uid = userId(ws, email);
        out << change(devSeq++, QStringLiteral("users"), uid, ins,
            row(ws, uid, { { QStringLiteral("email"), email }, { QStringLiteral("email_norm"), email.toLower() } }));
        const QString urId = uid + QStringLiteral("-ur");
        out << change(devSeq++, QStringLiteral("user_roles"), urId, ins,
            row(ws, urId, { { QStringLiteral("user_id"), uid }, { QStringLiteral("role_id"), roleId(ws, role) } }));
    }
    return out;
}

} // namespace rd::test
