#include "crypto.h"

#include <botan/aead.h>
#include <botan/argon2.h>
#include <botan/ed25519.h>
#include <botan/pubkey.h>
#include <botan/auto_rng.h>
#include <botan/hash.h>
#include <botan/mac.h>
#include <botan/mem_ops.h>
#include <botan/pwdhash.h>
#include <botan/system_rng.h>

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCrypto, "rd.core.crypto")

namespace rd::crypto {

namespace {
Botan::RandomNumberGenerator& rng()
{
    static thread_local Botan::System_RNG sys;
    return sys;
}

Error cryptoError(const QString& what, const std::exception& e)
{
    return makeError(ErrorCode::CryptoError, what, { { QStringLiteral("reason"), QString::fromUtf8(e.what()) } });
}

const uint8_t* u8(const QByteArray& b) { return reinterpret_cast<const uint8_t*>(b.constData()); }

QByteArray fromVec(const Botan::secure_vector<uint8_t>& v)
{
    return { reinterpret_cast<const char*>(v.data()), qsizetype(v.size()) };
}
} // namespace

namespace {
Argon2Params g_passwordParams;
} // namespace

Argon2Params passwordHashParams() { return g_passwordParams; }

void setPasswordHashParamsForTesting(const Argon2Params& params) { g_passwordParams = params; }

QByteArray randomBytes(int n)
{
    QByteArray out(n, Qt::Uninitialized);
    rng().randomize(reinterpret_cast<uint8_t*>(out.data()), size_t(n));
    return out;
}

QByteArray sha256(const QByteArray& data)
{
    static thread_local std::unique_ptr<Botan::HashFunction> h = Botan::HashFunction::create_or_throw("SHA-256");
    h->update(u8(data), size_t(data.size()));
    QByteArray out(32, Qt::Uninitialized);
    h->final(reinterpret_cast<uint8_t*>(out.data()));
    return out;
}

QString sha256Hex(const QByteArray& data) { return QString::fromLatin1(sha256(data).toHex()); }

QByteArray hmac(const QString& algo, const QByteArray& key, const QByteArray& message)
{
    try {
        auto mac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(" + algo.toStdString() + ")");
        mac->set_key(u8(key), size_t(key.size()));
        mac->update(u8(message), size_t(message.size()));
        return fromVec(mac->final());
    } catch (const std::exception& e) {
        qCWarning(lcCrypto) << "hmac failed" << e.what();
        return {};
    }
}

bool constantTimeEqual(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    return Botan::constant_time_compare(u8(a), u8(b), size_t(a.size()));
}

Result<QString> hashPassword(const QString& password)
{
    try {
        const QByteArray pw = password.toUtf8();
        const Argon2Params p = passwordHashParams();
        const std::string phc = Botan::argon2_generate_pwhash(pw.constData(), size_t(pw.size()), rng(), p.parallelism,
            p.memoryKiB, p.iterations, 2 /* Argon2id */, 16, 32);
        return QString::fromStdString(phc);
    } catch (const std::exception& e) {
        return cryptoError(QStringLiteral("password hashing failed"), e);
    }
}

Result<Ed25519Pair> ed25519Generate()
{
    try {
        const QByteArray seed = randomBytes(32);
        Botan::Ed25519_PrivateKey key(Botan::secure_vector<uint8_t>(u8(seed), u8(seed) + seed.size()));
        const std::vector<uint8_t> pub = key.get_public_key();
        return Ed25519Pair { seed, QByteArray(reinterpret_cast<const char*>(pub.data()), qsizetype(pub.size())) };
    } catch (const std::exception& e) {
        return cryptoError(QStringLiteral("Ed25519 key generation failed"), e);
    }
}

Result<QByteArray> ed25519PublicKey(const QByteArray& seed)
{
    if (seed.size() != 32)
        return makeError(ErrorCode::CryptoError, QStringLiteral("an Ed25519 seed has 32 bytes"));
    try {
        Botan::Ed25519_PrivateKey key(Botan::secure_vector<uint8_t>(u8(seed), u8(seed) + seed.size()));
        const std::vector<uint8_t> pub = key.get_public_key();
        return QByteArray(reinterpret_cast<const char*>(pub.data()), qsizetype(pub.size()));
    } catch (const std::exception& e) {
        return cryptoError(QStringLiteral("Ed25519 key derivation failed"), e);
    }
}

Result<QByteArray> ed25519Sign(const QByteArray& seed, const QByteArray& message)
{
    if (seed.size() != 32)
        return makeError(ErrorCode::CryptoError, QStringLiteral("an Ed25519 seed has 32 bytes"));
    try {
        Botan::Ed25519_PrivateKey key(Botan::secure_vector<uint8_t>(u8(seed), u8(seed) + seed.size()));
        Botan::PK_Signer signer(key, rng(), "Pure");
        const std::vector<uint8_t> sig = signer.sign_message(u8(message), size_t(message.size()), rng());
        return QByteArray(reinterpret_cast<const char*>(sig.data()), qsizetype(sig.size()));
    } catch (const std::exception& e) {
        return cryptoError(QStringLiteral("Ed25519 signing failed"), e);
    }
}

bool ed25519Verify(const QByteArray& publicKey, const QByteArray& message, const QByteArray& signature)
{
    if (publicKey.size() != 32 || signature.size() != 64)
        return false;
    try {
        Botan::Ed25519_PublicKey key(std::vector<uint8_t>(u8(publicKey), u8(publicKey) + publicKey.size()));
        Botan::PK_Verifier verifier(key, "Pure");
        return verifier.verify_message(u8(message), size_t(message.size()), u8(signature), size_t(signature.size()));
    } catch (const std::exception& e) {
        qCWarning(lcCrypto) << "Ed25519 check failed" << e.what();
        return false;
    }
}

bool verifyPassword(const QString& password, const QString& phcHash)
{
    if (!phcHash.startsWith(QLatin1String("$argon2id$")))
        return false;
    try {
        const QByteArray pw = password.toUtf8();
        return Botan::argon2_check_pwhash(pw.constData(), size_t(pw.size()), phcHash.toStdString());
    } catch (const std::exception& e) {
        qCWarning(lcCrypto) << "password check failed" << e.what();
        return false;
    }
}

Result<QByteArray> deriveKey(const QByteArray& passphrase, const QByteArray& salt, const Argon2Params& params, int keyLen)
{
    try {
        auto family = Botan::PasswordHashFamily::create_or_throw("Argon2id");
        auto pwdhash = family->from_params(params.memoryKiB, params.iterations, params.parallelism);
        QByteArray out(keyLen, Qt::Uninitialized);
        pwdhash->derive_key(reinterpret_cast<uint8_t*>(out.data()), size_t(keyLen), passphrase.constData(),
            size_t(passphrase.size()), u8(salt), size_t(salt.size()));
        return out;
    } catch (const std::exception& e) {
        return cryptoError(QStringLiteral("key derivation failed"), e);
    }
}

Result<QByteArray> gcmEncrypt(const QByteArray& key, const QByteArray& nonce, const QByteArray& plaintext,
    const QByteArray& associatedData, int tagLen)
{
    try {
        const std::string algo = tagLen == 16 ? "AES-256/GCM" : "AES-256/GCM(" + std::to_string(tagLen) + ")";
        auto enc = Botan::AEAD_Mode::create_or_throw(algo, Botan::ENCRYPTION);
        enc->set_key(u8(key), size_t(key.size()));
        enc->set_associated_data(u8(associatedData), size_t(associatedData.size()));
        Botan::secure_vector<uint8_t> buf(plaintext.begin(), plaintext.end());
        enc->start(u8(nonce), size_t(nonce.size()));
        enc->finish(buf);
        return fromVec(buf);
    } catch (const std::exception& e) {
        return cryptoError(QStringLiteral("encryption failed"), e);
    }
}

Result<QByteArray> gcmDecrypt(const QByteArray& key, const QByteArray& nonce, const QByteArray& ciphertextAndTag,
    const QByteArray& associatedData, int tagLen)
{
    try {
        const std::string algo = tagLen == 16 ? "AES-256/GCM" : "AES-256/GCM(" + std::to_string(tagLen) + ")";
        auto dec = Botan::AEAD_Mode::create_or_throw(algo, Botan::DECRYPTION);
        dec->set_key(u8(key), size_t(key.size()));
        dec->set_associated_data(u8(associatedData), size_t(associatedData.size()));
        Botan::secure_vector<uint8_t> buf(ciphertextAndTag.begin(), ciphertextAndTag.end());
        dec->start(u8(nonce), size_t(nonce.size()));
        dec->finish(buf);
        return fromVec(buf);
    } catch (const std::exception& e) {
        return cryptoError(QStringLiteral("decryption failed: data was altered or the key is wrong"), e);
    }
}

Result<QByteArray> seal(const QByteArray& key, const QByteArray& plaintext, const QByteArray& associatedData)
{
    const QByteArray nonce = randomBytes(12);
    auto ct = gcmEncrypt(key, nonce, plaintext, associatedData);
    if (!ct)
        return ct.error();
    return nonce + ct.value();
}

Result<QByteArray> open(const QByteArray& key, const QByteArray& sealed, const QByteArray& associatedData)
{
    if (sealed.size() < 12 + 16)
        return makeError(ErrorCode::CryptoError, QStringLiteral("sealed data is too short"));
    return gcmDecrypt(key, sealed.left(12), sealed.mid(12), associatedData);
}

static const char kB32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

QString base32Encode(const QByteArray& data)
{
    QString out;
    quint32 buffer = 0;
    int bits = 0;
    for (char c : data) {
        buffer = (buffer << 8) | quint8(c);
        bits += 8;
        while (bits >= 5) {
            out += QLatin1Char(kB32[(buffer >> (bits - 5)) & 0x1F]);
            bits -= 5;
        }
    }
    if (bits > 0)
        out += QLatin1Char(kB32[(buffer << (5 - bits)) & 0x1F]);
    return out;
}

QByteArray base32Decode(const QString& text)
{
    QByteArray out;
    quint32 buffer = 0;
    int bits = 0;
    for (QChar qc : text) {
        const char c = char(qc.toUpper().toLatin1());
        if (c == ' ' || c == '=' || c == '-')
            continue;
        const char* p = std::strchr(kB32, c);
        if (!p || c == 0)
            return {};
        buffer = (buffer << 5) | quint32(p - kB32);
        bits += 5;
        if (bits >= 8) {
            out += char((buffer >> (bits - 8)) & 0xFF);
            bits -= 8;
        }
    }
    return out;
}

QString randomCode(int chars)
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // 32 symbols, no 0/O/1/I
    const QByteArray r = randomBytes(chars);
    QString out;
    for (int i = 0; i < chars; ++i) {
        if (i > 0 && i % 4 == 0)
            out += QLatin1Char('-');
        out += QLatin1Char(alphabet[quint8(r[i]) & 0x1F]);
    }
    return out;
}

Status selfTest()
{
    // SHA-256("abc") (FIPS 180-2)
    if (sha256("abc").toHex()
        != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        return makeError(ErrorCode::CryptoError, QStringLiteral("self-test failed: SHA-256"));
    // HMAC-SHA-256 (RFC 4231 test case 2)
    if (hmac(QStringLiteral("SHA-256"), "Jefe", "what do ya want for nothing?").toHex()
        != "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        return makeError(ErrorCode::CryptoError, QStringLiteral("self-test failed: HMAC-SHA-256"));
    // AES-256-GCM (NIST GCM test case 16)
    const QByteArray key = QByteArray::fromHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    const QByteArray iv = QByteArray::fromHex("cafebabefacedbaddecaf888");
    const QByteArray pt = QByteArray::fromHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                                              "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
    const QByteArray aad = QByteArray::fromHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    const QByteArray expect = QByteArray::fromHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                                                  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                                                  "76fc6ece0f4e1768cddf8853bb2d551b");
    auto ct = gcmEncrypt(key, iv, pt, aad);
    if (!ct || ct.value() != expect)
        return makeError(ErrorCode::CryptoError, QStringLiteral("self-test failed: AES-256-GCM encrypt"));
    auto back = gcmDecrypt(key, iv, expect, aad);
    if (!back || back.value() != pt)
        return makeError(ErrorCode::CryptoError, QStringLiteral("self-test failed: AES-256-GCM decrypt"));
    QByteArray tampered = expect;
    tampered[0] = char(tampered[0] ^ 1);
    if (gcmDecrypt(key, iv, tampered, aad).ok())
        return makeError(ErrorCode::CryptoError, QStringLiteral("self-test failed: AES-256-GCM accepted a forgery"));
    // Argon2id with small parameters (RFC 9106 style round trip; output must be deterministic).
    auto k1 = deriveKey("password", "somesaltsomesalt", { 64, 1, 1 });
    auto k2 = deriveKey("password", "somesaltsomesalt", { 64, 1, 1 });
    if (!k1 || !k2 || k1.value() != k2.value() || k1.value().size() != 32)
        return makeError(ErrorCode::CryptoError, QStringLiteral("self-test failed: Argon2id"));
    return {};
}

} // namespace rd::crypto
