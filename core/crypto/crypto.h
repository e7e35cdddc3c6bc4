#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

// The only place in RecruitDesk that talks to Botan. Every Botan call is wrapped so that no
// exception crosses this boundary; failures come back as Result with ErrorCode::CryptoError.
namespace rd::crypto {

// Argon2id parameters for password hashes (OWASP 2023 minimum: m=19 MiB, t=2, p=1).
struct Argon2Params {
    size_t memoryKiB = 19 * 1024;
    size_t iterations = 2;
    size_t parallelism = 1;
};
Argon2Params passwordHashParams();
// For tests that make hundreds of accounts in one process (the sync simulation): new password
// hashes of this process use `params` (a hash records its own parameters, so verifying follows
// them). Only test code calls it; no setting or environment variable reaches it. Call before
// any thread hashes.
void setPasswordHashParamsForTesting(const Argon2Params& params);

QByteArray randomBytes(int n);
QByteArray sha256(const QByteArray& data);
QString sha256Hex(const QByteArray& data);
QByteArray hmac(const QString& algo, const QByteArray& key, const QByteArray& message); // "SHA-1", "SHA-256", "SHA-512"
bool constantTimeEqual(const QByteArray& a, const QByteArray& b);

// PHC-format Argon2id hash ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash").
Result<QString> hashPassword(const QString& password);
bool verifyPassword(const QString& password, const QString& phcHash);

// Raw Argon2id key derivation (key wrapping from a passphrase).
Result<QByteArray> deriveKey(const QByteArray& passphrase, const QByteArray& salt, const Argon2Params& params, int keyLen = 32);

// AES-256-GCM. seal() returns nonce(12) || ciphertext || tag(16); open() verifies the tag.
Result<QByteArray> seal(const QByteArray& key, const QByteArray& plaintext, const QByteArray& associatedData = {});
Result<QByteArray> open(const QByteArray& key, const QByteArray& sealed, const QByteArray& associatedData = {});
// Explicit-nonce form, for known-answer tests; returns ciphertext || tag.
Result<QByteArray> gcmEncrypt(const QByteArray& key, const QByteArray& nonce, const QByteArray& plaintext,
    const QByteArray& associatedData, int tagLen = 16);
Result<QByteArray> gcmDecrypt(const QByteArray& key, const QByteArray& nonce, const QByteArray& ciphertextAndTag,
    const QByteArray& associatedData, int tagLen = 16);

// Ed25519 signatures (RFC 8032): a new key pair (32-byte seed, 32-byte public key), a
// signature of a message with the seed, and its check.
struct Ed25519Pair {
    QByteArray seed;
    QByteArray publicKey;
};
Result<Ed25519Pair> ed25519Generate();
Result<QByteArray> ed25519PublicKey(const QByteArray& seed);
Result<QByteArray> ed25519Sign(const QByteArray& seed, const QByteArray& message);
bool ed25519Verify(const QByteArray& publicKey, const QByteArray& message, const QByteArray& signature);

QString base32Encode(const QByteArray& data); // RFC 4648, no padding
QByteArray base32Decode(const QString& text); // case-insensitive, ignores spaces and padding; empty on error

// Random human-typable code from an unambiguous alphabet, grouped with dashes every 4 chars.
QString randomCode(int chars);

// Known-answer self-test of every primitive we use. Run once at start; refuse to run on failure.
Status selfTest();

} // namespace rd::crypto
