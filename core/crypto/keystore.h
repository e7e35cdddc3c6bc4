#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>
#include <mutex>

namespace rd::crypto {

// Where the 256-bit data key lives. load() returns NotFound when no key was stored yet.
class KeyProvider {
public:
    virtual ~KeyProvider() = default;
    virtual QString name() const = 0;
    virtual Result<QByteArray> load() = 0;
    virtual Status store(const QByteArray& key) = 0;
    // Removes where the key lived (a remote wipe, after store() overwrote it); default: nothing.
    virtual Status destroy() { return {}; }
};

// The key wrapped (AES-256-GCM) under a key derived from a passphrase with Argon2id, in a JSON
// file created with mode 0600. An empty passphrase is allowed but leaves the key protected by
// file permissions only; docs/security.md says so.
class PassphraseKeyFile final : public KeyProvider {
public:
    PassphraseKeyFile(QString path, QByteArray passphrase);
    QString name() const override { return QStringLiteral("file"); }
    Result<QByteArray> load() override;
    Status store(const QByteArray& key) override;
    Status destroy() override;
    QString path() const { return m_path; }

private:
    QString m_path;
    QByteArray m_passphrase;
};

// Seals and opens secrets with the data key, loading it lazily on first use.
class SecretBox {
public:
    using KeyLoader = std::function<Result<QByteArray>()>;
    explicit SecretBox(KeyLoader loader) : m_loader(std::move(loader)) { }

    Result<QByteArray> seal(const QByteArray& plaintext, const QByteArray& associatedData);
    Result<QByteArray> open(const QByteArray& sealed, const QByteArray& associatedData);
    // Replaces the key source (before first use; forgets a cached key).
    void setLoader(KeyLoader loader)
    {
        std::lock_guard lock(m_mutex);
        m_loader = std::move(loader);
        m_key.clear();
    }

    // Load the key from the provider, creating and storing a fresh random one if none exists.
    static Result<QByteArray> loadOrCreate(KeyProvider& provider);

private:
    Result<QByteArray> key();
    KeyLoader m_loader;
    std::mutex m_mutex;
    QByteArray m_key;
};

} // namespace rd::crypto
