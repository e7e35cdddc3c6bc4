#pragma once

#include "authservice.h"
#include "pgdatabase.h"
#include "syncservice.h"

#include <QJsonObject>

namespace rd::server {

// Workspaces and workspace users the server makes itself (docs/server-admin.md section 5), as
// server-made rows every device pulls: the workspace of a tenant its admin joins right after
// `tenant create`, and a colleague's workspace user when `user add` creates their account.
class Provisioning {
public:
    explicit Provisioning(PgDatabase& db)
        : m_db(db)
        , m_sync(db)
    {
    }

    // A server tenant nobody attached a workspace to yet gets one when its admin account first
    // pulls (join right after `recruitdesk-server tenant create`): the tenants row, the built-in
    // roles, the admin user with the admin role, as server-made rows; the account is bound to
    // that user. Nothing when the tenant has a workspace or the account is no server admin.
    Status ensureWorkspace(const AccessClaims& claims);
    // `recruitdesk-server user add`: the one place to add a colleague. When the tenant holds a
    // workspace, the account gets its workspace user: an existing live one with the email
    // ("existing"), else a new one with the built-in role (server-made rows, "created"); the
    // account is bound to it, so the colleague can join at once. "pending" when no workspace is
    // attached yet: run `user add` again once it is (it finds the account and finishes).
    // A disabled workspace user with the email is a conflict (reason user_disabled).
    struct Provisioned {
        QString outcome; // created | existing | pending
        QString userId; // the workspace user the account acts as
        QStringList roles; // that user's roles (an existing user keeps theirs, whatever role was asked)
    };
    // profile: given_name and family_name of a new workspace user.
    Result<Provisioned> provisionUser(const QString& tenantId, const QString& accountId, const QString& email,
        const QString& role, const QJsonObject& profile = {});

private:
    // A whole desktop row the server makes (every column: the given fields, the ids and times,
    // the schema's defaults, NULL for the rest), checked against the desktop schema.
    static Result<QJsonObject> wholeRow(
        const QString& entity, const QString& id, const QString& workspace, const QString& now, QJsonObject fields);
    PgDatabase& m_db;
    SyncService m_sync;
};

} // namespace rd::server
