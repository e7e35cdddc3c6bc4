#include "keychainkeyprovider.h"

#include <QEventLoop>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace rd::crypto {

namespace {
const QString kService = QStringLiteral("RecruitDesk data key");

// Runs a QtKeychain job synchronously with a timeout. Returns false on timeout.
bool runJob(QKeychain::Job& job, int timeoutMs)
{
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    job.setAutoDelete(false);
    job.start();
    if (!finished)
        loop.exec();
    return finished;
}
} // namespace

KeychainKeyProvider::KeychainKeyProvider(QString account, int timeoutMs)
    : m_account(std::move(account))
    , m_timeoutMs(timeoutMs)
{
}

Result<QByteArray> KeychainKeyProvider::load()
{
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(m_account);
    if (!runJob(job, m_timeoutMs))
        return makeError(ErrorCode::CryptoError, QStringLiteral("the keychain did not answer"));
    if (job.error() == QKeychain::EntryNotFound)
        return makeError(ErrorCode::NotFound, QStringLiteral("no data key in the keychain"));
    if (job.error() != QKeychain::NoError)
        return makeError(ErrorCode::CryptoError, QStringLiteral("keychain error: %1").arg(job.errorString()));
    return job.binaryData();
}

Status KeychainKeyProvider::store(const QByteArray& key)
{
    QKeychain::WritePasswordJob job(kService);
    job.setKey(m_account);
    job.setBinaryData(key);
    if (!runJob(job, m_timeoutMs))
        return makeError(ErrorCode::CryptoError, QStringLiteral("the keychain did not answer"));
    if (job.error() != QKeychain::NoError)
        return makeError(ErrorCode::CryptoError, QStringLiteral("keychain error: %1").arg(job.errorString()));
    return {};
}

Status KeychainKeyProvider::destroy()
{
    QKeychain::DeletePasswordJob job(kService);
    job.setKey(m_account);
    if (!runJob(job, m_timeoutMs))
        return makeError(ErrorCode::CryptoError, QStringLiteral("the keychain did not answer"));
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return makeError(ErrorCode::CryptoError, QStringLiteral("keychain error: %1").arg(job.errorString()));
    return {};
}

bool KeychainKeyProvider::available(int timeoutMs)
{
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(QStringLiteral("probe"));
    if (!runJob(job, timeoutMs))
        return false;
    return job.error() == QKeychain::NoError || job.error() == QKeychain::EntryNotFound;
}

} // namespace rd::crypto
