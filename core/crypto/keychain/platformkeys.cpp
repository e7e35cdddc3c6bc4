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

Result<QByteArray> fromKeychain(const QString& account, bool create)
{
    crypto::KeychainKeyProvider keychain(account);
    if (create)
        return crypto::SecretBox::loadOrCreate(keychain);
    auto key = keychain.load();
    if (!key && key.error().code == ErrorCode::NotFound)
        return makeError(ErrorCode::CryptoError,
            QStringLiteral("The workspace key is not in this computer's keychain (entry %1). Restore it from the keychain "
                           "backup, or sign in to the sync server to fetch it.")
                .arg(account),
            { { QStringLiteral("reason"), QStringLiteral("key_missing") } });
    return key;
}

Result<QByteArray> fromPassphraseFile(const QString& keyPath)
{
    const QByteArray passphrase = qgetenv("RECRUITDESK_KEY_PASSPHRASE");
    if (passphrase.isEmpty())
        qCWarning(lcKeys) << "no keychain and RECRUITDESK_KEY_PASSPHRASE is empty: the data key file is protected by "
                             "file permissions only";
    crypto::PassphraseKeyFile file(keyPath, passphrase);
    return crypto::SecretBox::loadOrCreate(file);
}
} // namespace

crypto::SecretBox::KeyLoader platformKeyLoader(const QString& dbPath)
{
    return [dbPath]() -> Result<QByteArray> {
        const QString keyPath = dbPath + QStringLiteral(".key");
        QFile pointer(keyPath);
        if (pointer.open(QIODevice::ReadOnly)) {
            const QJsonObject o = QJsonDocument::fromJson(pointer.readAll()).object();
            if (o.value(QStringLiteral("v")).toInt() == 2 && o.value(QStringLiteral("source")).toString() == QLatin1String("keychain"))
                return fromKeychain(o.value(QStringLiteral("account")).toString(), false);
            return fromPassphraseFile(keyPath); // format 1: the wrapped key itself
        }
        const auto [recorded, deviceId] = plainFileSource(dbPath);
        const bool existing = QFile::exists(dbPath) && QFileInfo(dbPath).size() > 0;
        if (existing && recorded.isEmpty() && deviceId.isEmpty())
            return makeError(ErrorCode::CryptoError,
                QStringLiteral("The key file %1 is missing: the workspace cannot be opened without it. Restore it from "
                               "your backup.")
                    .arg(keyPath),
                { { QStringLiteral("reason"), QStringLiteral("key_missing") } });
        QString source = recorded;
        if (source.isEmpty()) {
            const bool allowed = qgetenv("RECRUITDESK_KEYCHAIN") != "off";
            source = allowed && crypto::KeychainKeyProvider::available() ? QStringLiteral("keychain") : QStringLiteral("file");
            qCInfo(lcKeys) << "data key goes to" << source;
        }
        if (source != QLatin1String("keychain"))
            return fromPassphraseFile(keyPath);
        // An earlier release named the keychain entry after the device id.
        const QString account = deviceId.isEmpty() ? newUuidV7() : deviceId;
        auto key = fromKeychain(account, true);
        if (key)
            RD_TRY(writePointer(keyPath, account));
        return key;
    };
}

} // namespace rd
