#include "platformkeys.h"

#include "keychainkeyprovider.h"
#include "common/ids.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcKeys, "rd.core.crypto.keys")

namespace rd {

namespace {
// key_source and device_id of a plain workspace file from an earlier release (read-only).
QPair<QString, QString> plainFileSource(const QString& dbPath)
{
    QFile f(dbPath);
    if (!f.open(QIODevice::ReadOnly) || f.read(16) != QByteArray("SQLite format 3\0", 16))
        return {};
    f.close();
    QPair<QString, QString> out;
    const QString name = QStringLiteral("rd_keysource_%1").arg(quintptr(&out));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(dbPath);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT key, value FROM meta WHERE key IN ('key_source', 'device_id')")))
                while (q.next())
                    (q.value(0).toString() == QLatin1String("key_source") ? out.first : out.second) = q.value(1).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

Status writePointer(const QString& keyPath, const QString& account)
{
    QSaveFile f(keyPath);
    if (!f.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot write %1").arg(keyPath));
    const QJsonObject o { { QStringLiteral("v"), 2 }, { QStringLiteral("source"), QStringLiteral("keychain") },
        { QStringLiteral("account"), account } };
    f.write(QJsonDocument(o).toJson());
    if (!f.commit())
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot write %1").arg(keyPath));
    return {};
}

// Where the data key (or, once leased, the lease key) lives on this computer: the keychain entry
// "<database>.key" points to, the passphrase-wrapped key in that file, or for a workspace
// without that file the source its plain meta recorded (an earlier release) or a new one.
class PlatformKeyStore final : public crypto::KeyProvider {
public:
    explicit PlatformKeyStore(QString dbPath)
        : m_dbPath(std::move(dbPath))
        , m_keyPath(m_dbPath + QStringLiteral(".key"))
    {
    }
    QString name() const override { return QStringLiteral("platform"); }

    Result<QByteArray> load() override
    {
        auto where = resolve();
        if (!where) return where.error();
        if (m_keychainAccount.isEmpty()) return passphraseFile().load();
        auto key = crypto::KeychainKeyProvider(m_keychainAccount).load();
        if (!key && key.error().code == ErrorCode::NotFound && m_pointerExists)
            return makeError(ErrorCode::CryptoError,
                QStringLiteral("The workspace key is not in this computer's keychain (entry %1). Restore it from the "
                               "keychain backup, or sign in to the sync server to fetch it.")
                    .arg(m_keychainAccount),
                { { QStringLiteral("reason"), QStringLiteral("key_missing") } });
        return key;
    }

    Status store(const QByteArray& key) override
    {
        auto where = resolve();
        if (!where) return where.error();
        if (m_keychainAccount.isEmpty()) return passphraseFile().store(key);
        RD_TRY(crypto::KeychainKeyProvider(m_keychainAccount).store(key));
        if (!m_pointerExists) {
            RD_TRY(writePointer(m_keyPath, m_keychainAccount));
            m_pointerExists = true;
        }
        return {};
    }

    Status destroy() override
    {
        auto where = resolve();
        if (!where) return where.error();
        if (!m_keychainAccount.isEmpty()) RD_TRY(crypto::KeychainKeyProvider(m_keychainAccount).destroy());
        if (QFile::exists(m_keyPath) && !QFile::remove(m_keyPath))
            return makeError(ErrorCode::StorageError, QStringLiteral("Cannot remove %1.").arg(m_keyPath));
        return {};
    }

private:
    crypto::PassphraseKeyFile passphraseFile() const
    {
        const QByteArray passphrase = qgetenv("RECRUITDESK_KEY_PASSPHRASE");
        if (passphrase.isEmpty())
            qCWarning(lcKeys) << "no keychain and RECRUITDESK_KEY_PASSPHRASE is empty: the data key file is protected by "
                                 "file permissions only";
        return crypto::PassphraseKeyFile(m_keyPath, passphrase);
    }

    // Decided once per store: the keychain account (empty: the passphrase file).
    Status resolve()
    {
        if (m_resolved) return {};
        QFile pointer(m_keyPath);
        if (pointer.open(QIODevice::ReadOnly)) {
            const QJsonObject o = QJsonDocument::fromJson(pointer.readAll()).object();
            m_pointerExists = true;
            if (o.value(QStringLiteral("v")).toInt() == 2 && o.value(QStringLiteral("source")).toString() == QLatin1String("keychain"))
                m_keychainAccount = o.value(QStringLiteral("account")).toString();
            m_resolved = true;
            return {}; // format 1: the wrapped key itself
        }
        const auto [recorded, deviceId] = plainFileSource(m_dbPath);
        const bool existing = QFile::exists(m_dbPath) && QFileInfo(m_dbPath).size() > 0;
        if (existing && recorded.isEmpty() && deviceId.isEmpty())
            return makeError(ErrorCode::CryptoError,
                QStringLiteral("The key file %1 is missing: the workspace cannot be opened without it. Restore it from "
                               "your backup.")
                    .arg(m_keyPath),
                { { QStringLiteral("reason"), QStringLiteral("key_missing") } });
        QString source = recorded;
        if (source.isEmpty()) {
            const bool allowed = qgetenv("RECRUITDESK_KEYCHAIN") != "off";
            source = allowed && crypto::KeychainKeyProvider::available() ? QStringLiteral("keychain") : QStringLiteral("file");
            qCInfo(lcKeys) << "data key goes to" << source;
        }
        // An earlier release named the keychain entry after the device id.
        if (source == QLatin1String("keychain")) m_keychainAccount = deviceId.isEmpty() ? newUuidV7() : deviceId;
        m_resolved = true;
        return {};
    }

    QString m_dbPath;
    QString m_keyPath;
    QString m_keychainAccount;
    bool m_pointerExists = false;
    bool m_resolved = false;
};
} // namespace

std::shared_ptr<crypto::KeyCustody> platformKeyCustody(const QString& dbPath, const Clock& clock)
{
    return std::make_shared<crypto::KeyCustody>(dbPath, std::make_shared<PlatformKeyStore>(dbPath), clock);
}

crypto::SecretBox::KeyLoader platformKeyLoader(const QString& dbPath)
{
    auto custody = platformKeyCustody(dbPath);
    return [custody]() { return custody->load(); };
}

} // namespace rd
