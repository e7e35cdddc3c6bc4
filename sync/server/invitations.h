#pragma once

#include "authservice.h"
#include "pgdatabase.h"

#include <QJsonObject>

namespace rd::server {

class ServerSettings;

// Colleagues an admin invites (docs/server-admin.md "Inviting colleagues"): the server makes the
// account (no password yet) and its workspace user with a built-in role, and a single-use join
// code, emailed to the colleague when the server has email set up, else shown to the admin to
// pass on. The colleague joins with the code and sets their password (sign-in with join_code):
// the code works once, until it expires (7 days), and kMaxTries wrong codes void it. Only the
// code's SHA-256 is stored.
class Invitations {
public:
    static constexpr qint64 kValidSeconds = 7 * 24 * 3600;
    static constexpr int kMaxTries = 5;

    explicit Invitations(PgDatabase& db, ServerSettings* settings = nullptr)
        : m_db(db)
        , m_settings(settings)
    {
    }

    struct Invited {
        QString invitationId;
        QString accountId;
        QString email;
        QString role; // the roles the user has (an existing user keeps theirs)
        QString requestedRole;
        QString workspaceUser; // created | existing | pending (Provisioning::provisionUser)
        QString workspaceUserId;
        QString code; // XXXX-XXXX-XXXX
        QString expiresAt;
        bool emailed = false;
        // Not emailed, and the address is an existing workspace user's: the code is not handed to
        // the inviter (who would otherwise sign in as that user); the operator's `user invite`
        // or email on the server delivers it.
        bool withheld = false;
        QString emailProblem; // why it was not emailed
        // The code goes into the answer only when it was not emailed (the admin passes it on).
        QJsonObject toJson() const;
    };

    // By a signed-in workspace user: needs user.create and user.manage as the server knows them
    // (the workspace's roles in the server's state, not the laptop's). profile: given_name,
    // family_name for a new workspace user.
    // requestKey: the client's key for this invitation; the same request arriving twice (the
    // network sent it again) leaves both codes valid, since the client may hold either; any
    // other invitation of the address replaces the open ones.
    Result<Invited> invite(const AccessClaims& by, const QString& email, const QString& role, const QJsonObject& profile,
        const QString& requestKey = {});
    // By the server operator (`recruitdesk-server user invite`).
    Result<Invited> inviteAsOperator(
        const QString& tenant, const QString& email, const QString& role, const QJsonObject& profile);

    // Sign-in with a join code: the account's open invitation matches CODE (then it is used,
    // in the caller's transaction), else AuthFailed with reason join_code (wrong; a try counted)
    // or join_code_expired (expired, used, voided or none).
    Status redeem(const QString& accountId, const QString& code);
    // Whether CODE is the one the account last joined with (its newest used invitation).
    bool matchesUsed(const QString& accountId, const QString& code);
    static QString normaliseCode(const QString& code);

private:
    Result<Invited> make(const QString& tenantId, const QString& invitedBy, const QString& email, const QString& role,
        const QJsonObject& profile, const QString& requestKey = {});
    void sendEmail(const QString& tenantId, Invited& invited);
    PgDatabase& m_db;
    ServerSettings* m_settings;
};

} // namespace rd::server
