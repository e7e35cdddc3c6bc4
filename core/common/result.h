#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>
#include <utility>

namespace rd {

// Stable error codes. Their string forms (errorCodeName) are a contract with the CLI, the UI
// and scripts: never rename one, only add.
enum class ErrorCode {
    PermissionDenied,
    NotFound,
    ValidationFailed,
    Conflict,
    AuthFailed,
    LockedOut,
    MfaRequired,
    TenantSuspended,
    SchemaTooNew,
    StorageError,
    CryptoError,
    ChainBroken,
    Internal,
    Unavailable, // a server could not be reached or did not answer; try again later
};

QString errorCodeName(ErrorCode code);
// The code a name stands for (a problem document's `code`), if it is one of ours. Unavailable
// is the last code: keep it last when adding one, or extend the loop in result.cpp.
std::optional<ErrorCode> errorCodeFromName(const QString& name);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QJsonObject details;

    QString codeName() const { return errorCodeName(code); }
    QJsonObject toJson() const;
};

Error makeError(ErrorCode code, const QString& message, const QJsonObject& details = {});

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_value(std::move(value))
    {
    } // NOLINT(google-explicit-constructor)
    Result(Error error)
        : m_error(std::move(error))
    {
    } // NOLINT(google-explicit-constructor)

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return *m_value; }
    T& value() & { return *m_value; }
    T&& value() && { return std::move(*m_value); }
    const T* operator->() const { return &*m_value; }
    T* operator->() { return &*m_value; }
    const T& operator*() const { return *m_value; }

    const Error& error() const { return *m_error; }

private:
    std::optional<T> m_value;
    std::optional<Error> m_error;
};

template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {
    } // NOLINT(google-explicit-constructor)

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace rd

// Propagate an error from an expression returning Result<...>.
#define RD_TRY(expr)                                                                                                   \
    do {                                                                                                               \
        auto rd_try_result_ = (expr);                                                                                  \
        if (!rd_try_result_.ok()) return rd_try_result_.error();                                                       \
    } while (0)
