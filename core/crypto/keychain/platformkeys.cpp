#include "platformkeys.h"

#include "keychainkeyprovider.h"
#include "store/database.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcKeys, "rd.core.crypto.keys")

namespace rd {

crypto::SecretBox::KeyLoader platformKeyLoader(Database& db, const QString& dbPath)
{
    return [&db, dbPath]() -> Result<QByteArray> {
        auto recorded = db.meta(QStringLiteral("key_source"));
        QString source = recorded ? recorded.value() : QString();
        if (source.isEmpty()) {
            const bool allowed = qgetenv("RECRUITDESK_KEYCHAIN") != "off";
            source = allowed && crypto::KeychainKeyProvider::available() ? QStringLiteral("keychain") : QStringLiteral("file");
            qCInfo(lcKeys) << "data key goes to" << source;
        }
        Result<QByteArray> key = makeError(ErrorCode::Internal, QStringLiteral("no key source"));
        if (source == QLatin1String("keychain")) {
            crypto::KeychainKeyProvider keychain(db.deviceId());
            key = crypto::SecretBox::loadOrCreate(keychain);
        } else {
            const QByteArray passphrase = qgetenv("RECRUITDESK_KEY_PASSPHRASE");
            if (passphrase.isEmpty())
                qCWarning(lcKeys) << "no keychain and RECRUITDESK_KEY_PASSPHRASE is empty: the data key file is protected by "
                                     "file permissions only";
            crypto::PassphraseKeyFile file(dbPath + QStringLiteral(".key"), passphrase);
            key = crypto::SecretBox::loadOrCreate(file);
        }
        if (key.ok() && !recorded)
            (void)db.setMeta(QStringLiteral("key_source"), source);
        return key;
    };
}

} // namespace rd
