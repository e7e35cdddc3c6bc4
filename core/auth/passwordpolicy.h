#pragma once

#include "common/result.h"

namespace rd {

// Length 12..256 characters, not in the bundled list of common passwords, not the email or
// its local part with fewer than 8 other characters. (NIST SP 800-63B: length and blocklist rather than composition rules.)
struct PasswordPolicy {
    static constexpr int kMinLength = 12;
    static constexpr int kMaxLength = 256;
    static Status check(const QString& password, const QString& email = {});
    static bool isCommon(const QString& password);
};

} // namespace rd
