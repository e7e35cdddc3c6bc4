#pragma once

#include "auth/entities.h"
#include "auth/session.h"
#include "common/result.h"
#include "store/listquery.h"

#include <optional>

namespace rd {

struct ServiceContext;

struct NewUser {
    QString email;
    QString givenName;
    QString familyName;
    QString password;  // empty: the user gets a reset code to set one
    QStringList roles; // role names; default viewer
};

struct UserPatch {
    std::optional<QString> givenName;
    std::optional<QString> familyName;
    std::optional<bool> verified;
};

// Outcome of one row of a bulk create: the user, or why the row was refused.
struct RowOutcome {
    int row = 0;
    QString id;
    std::optional<Error> error;
};

struct ResetCode {
    QString userId;
    QString code; // shown once; only its hash is stored
    QString expiresAt;
};

class UserService {
public:
    static constexpr int kResetCodeMinutes = 30;

    explicit UserService(ServiceContext& ctx) : m_ctx(ctx) { }

    Result<User> create(const Session& session, const NewUser& user);
    // Bulk create (CSV import, benchmarks): one permission check and one transaction; bad or
    // duplicate rows are reported per row and the good rows are still created. Passwords are
    // not accepted here (bulk-created users get reset codes); returns one outcome per row.
    Result<QList<RowOutcome>> createMany(const Session& session, const QList<NewUser>& users);
    Result<User> get(const Session& session, const QString& id);
    Result<User> findByEmail(const Session& session, const QString& email);
    Result<Page<User>> list(const Session& session, const ListQuery& query);
    Result<User> update(const Session& session, const QString& id, const UserPatch& patch);
    Result<User> setActive(const Session& session, const QString& id, bool active);
    Result<User> setRoles(const Session& session, const QString& id, const QStringList& roleNames);
    Result<ResetCode> issueResetCode(const Session& session, const QString& id);

    static const ListSpec& listSpec();

private:
    Result<User> load(const QString& tenantId, const QString& id);
    Status replaceRoles(class UnitOfWork& uow, const QString& userId, const QStringList& roleNames);
    Status ensureAnotherAdmin(const QString& tenantId, const QString& userId);

    ServiceContext& m_ctx;
};

} // namespace rd
