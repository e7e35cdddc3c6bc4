#pragma once

#include "crypto/keystore.h"

namespace rd::crypto {

// Data key in the operating system's keychain (Secret Service, macOS Keychain, Windows
// Credential Manager) through QtKeychain. Kept in its own library (rd_keychain) so rd_core
// stays QtCore + QtSql + Botan only.
class KeychainKeyProvider final : public KeyProvider {
public:
    // account: a stable per-database name, e.g. the database's device id.
    explicit KeychainKeyProvider(QString account, int timeoutMs = 3000);
    QString name() const override { return QStringLiteral("keychain"); }
    Result<QByteArray> load() override;
    Status store(const QByteArray& key) override;
    Status destroy() override;

    // True when a keychain backend answers at all (probe with a read of a dummy entry).
    static bool available(int timeoutMs = 2000);

private:
    QString m_account;
    int m_timeoutMs;
};

} // namespace rd::crypto
