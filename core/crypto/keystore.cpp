#include "keystore.h"

#include "crypto.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace rd::crypto {

PassphraseKeyFile::PassphraseKeyFile(QString path, QByteArray passphrase)
    : m_path(std::move(path))
    , m_passphrase(std::move(passphrase))
{
}

Result<QByteArray> PassphraseKeyFile::load()
{
    QFile f(m_path);
    if (!f.exists())
        return makeError(ErrorCode::NotFound, QStringLiteral("no key file at %1").arg(m_path));
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot read key file %1").arg(m_path));
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    if (o.value(QStringLiteral("v")).toInt() != 1 || o.value(QStringLiteral("kdf")).toString() != QLatin1String("argon2id"))
        return makeError(ErrorCode::CryptoError, QStringLiteral("key file %1 has an unknown format").arg(m_path));
    Argon2Params p;
    p.memoryKiB = size_t(o.value(QStringLiteral("m")).toInt());
    p.iterations = size_t(o.value(QStringLiteral("t")).toInt());
    p.parallelism = size_t(o.value(QStringLiteral("p")).toInt());
    const QByteArray salt = QByteArray::fromBase64(o.value(QStringLiteral("salt")).toString().toLatin1());
    const QByteArray wrapped = QByteArray::fromBase64(o.value(QStringLiteral("wrapped")).toString().toLatin1());
    auto kek = deriveKey(m_passphrase, salt, p);
    if (!kek)
        return kek.error();
    auto key = open(kek.value(), wrapped, "recruitdesk-data-key-v1");
    if (!key)
        return makeError(ErrorCode::CryptoError, QStringLiteral("wrong passphrase or damaged key file %1").arg(m_path));
    return key;
}

Status PassphraseKeyFile::store(const QByteArray& key)
{
    const Argon2Params p = passwordHashParams();
    const QByteArray salt = randomBytes(16);
    auto kek = deriveKey(m_passphrase, salt, p);
    if (!kek)
        return kek.error();
    auto wrapped = seal(kek.value(), key, "recruitdesk-data-key-v1");
    if (!wrapped)
        return wrapped.error();
    const QJsonObject o { { QStringLiteral("v"), 1 }, { QStringLiteral("kdf"), QStringLiteral("argon2id") },
        { QStringLiteral("m"), qint64(p.memoryKiB) }, { QStringLiteral("t"), qint64(p.iterations) },
        { QStringLiteral("p"), qint64(p.parallelism) }, { QStringLiteral("salt"), QString::fromLatin1(salt.toBase64()) },
        { QStringLiteral("wrapped"), QString::fromLatin1(wrapped.value().toBase64()) } };
    QSaveFile f(m_path);
    if (!f.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot write key file %1").arg(m_path));
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(QJsonDocument(o).toJson());
    if (!f.commit())
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot write key file %1").arg(m_path));
    QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

Status PassphraseKeyFile::destroy()
{
    if (QFile::exists(m_path) && !QFile::remove(m_path))
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot remove key file %1").arg(m_path));
    return {};
}

Result<QByteArray> SecretBox::loadOrCreate(KeyProvider& provider)
{
    auto existing = provider.load();
    if (existing.ok() || existing.error().code != ErrorCode::NotFound)
        return existing;
    const QByteArray fresh = randomBytes(32);
    RD_TRY(provider.store(fresh));
    return fresh;
}

Result<QByteArray> SecretBox::key()
{
    std::lock_guard lock(m_mutex);
    if (m_key.isEmpty()) {
        if (!m_loader)
            return makeError(ErrorCode::CryptoError, QStringLiteral("no data key is configured"));
        auto k = m_loader();
        if (!k)
            return k.error();
        if (k.value().size() != 32)
            return makeError(ErrorCode::CryptoError, QStringLiteral("data key has the wrong size"));
        m_key = k.value();
    }
    return m_key;
}

Result<QByteArray> SecretBox::seal(const QByteArray& plaintext, const QByteArray& associatedData)
{
    auto k = key();
    if (!k)
        return k.error();
    return crypto::seal(k.value(), plaintext, associatedData);
}

Result<QByteArray> SecretBox::open(const QByteArray& sealed, const QByteArray& associatedData)
{
    auto k = key();
    if (!k)
        return k.error();
    return crypto::open(k.value(), sealed, associatedData);
}

} // namespace rd::crypto
