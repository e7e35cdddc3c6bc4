// Database: the encryption of a plain workspace file from an earlier release, and of its old
// backups, on first open (decision 0023, "Conversion"). Split from database.cpp.
#include "cryptvfs.h"
#include "database.h"
#include "storeinternal.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QSqlError>
#include <QSqlQuery>

#include <filesystem>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

namespace rd {

namespace {
QString stamp() { return QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss")); }

std::filesystem::path fsPath(const QString& path)
{
#ifdef Q_OS_WIN
    return std::filesystem::path(path.toStdWString());
#else
    return std::filesystem::path(QFile::encodeName(path).toStdString());
#endif
}

bool syncFile(QFile& f)
{
    if (!f.flush())
        return false;
#ifdef Q_OS_WIN
    return _commit(f.handle()) == 0;
#else
    return ::fsync(f.handle()) == 0;
#endif
}

// Overwrites a file that held plaintext with zeros before removing it. Best effort: SSDs and
// copy-on-write file systems may keep the old blocks (docs/security.md). A name that is another
// link to `keep` is only unlinked.
void shred(const QString& path, const QString& keep)
{
    std::error_code ec;
    if (std::filesystem::equivalent(fsPath(path), fsPath(keep), ec)) {
        QFile::remove(path);
        return;
    }
    QFile f(path);
    if (f.open(QIODevice::ReadWrite)) {
        const QByteArray zeros(1 << 20, 0);
        for (qint64 left = f.size(); left > 0;) {
            const qint64 n = qMin<qint64>(left, zeros.size());
            if (f.write(zeros.constData(), n) != n)
                break;
            left -= n;
        }
        (void)syncFile(f);
        f.close();
    }
    QFile::remove(path);
}

Status copyDurably(const QString& from, const QString& to)
{
    QFile in(from);
    QFile out(to);
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot copy %1 to %2").arg(from, to));
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    while (!in.atEnd()) {
        const QByteArray chunk = in.read(1 << 20);
        if (chunk.isEmpty() || out.write(chunk) != chunk.size())
            return makeError(ErrorCode::StorageError, QStringLiteral("cannot copy %1 to %2").arg(from, to));
    }
    if (!syncFile(out))
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot copy %1 to %2").arg(from, to));
    return {};
}

// Puts `fresh` (an encrypted, verified, synced copy) in the place of the plain file `path`, then
// overwrites the plain content. A hard link keeps the plain file reachable until the rename is
// done; a crash in between leaves either the plain file (the copy is made again) or the
// encrypted one and a `.plain-old` link that the next open overwrites.
Status replacePlain(const QString& path, const QString& fresh)
{
    const QString old = path + QStringLiteral(".plain-old");
    if (QFileInfo::exists(old))
        shred(old, path);
    std::error_code ec;
    const bool linked = (std::filesystem::create_hard_link(fsPath(path), fsPath(old), ec), !ec);
    std::filesystem::rename(fsPath(fresh), fsPath(path), ec);
    if (ec) {
        if (linked)
            QFile::remove(old);
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot put the encrypted copy in place of %1").arg(path),
            { { QStringLiteral("driver"), QString::fromStdString(ec.message()) } });
    }
    if (linked)
        shred(old, path);
    return {};
}
} // namespace

Status Database::encryptPlainCopy(const QString& plainPath, const QString& target, int* schema, bool walMode)
{
    const QString name = QStringLiteral("rd_encrypt_%1").arg(m_instance);
    Status result;
    {
        QSqlDatabase plain = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        plain.setDatabaseName(plainPath);
        plain.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1;QSQLITE_OPEN_URI").arg(m_options.busyTimeoutMs));
        result = [&]() -> Status {
            if (!plain.open())
                return makeError(ErrorCode::StorageError, QStringLiteral("cannot open %1").arg(plainPath),
                    { { QStringLiteral("driver"), plain.lastError().text() } });
            QSqlQuery q(plain);
            if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
                return makeError(ErrorCode::StorageError, QStringLiteral("%1 is not a RecruitDesk database").arg(plainPath));
            *schema = q.value(0).toInt();
            if (*schema > kSchemaVersion)
                return makeError(ErrorCode::SchemaTooNew,
                    QStringLiteral("%1 was written by a newer RecruitDesk (schema %2; this build knows up to %3). "
                                   "Update RecruitDesk; the database was not changed.")
                        .arg(plainPath)
                        .arg(*schema)
                        .arg(kSchemaVersion),
                    { { QStringLiteral("schema"), *schema }, { QStringLiteral("supported"), kSchemaVersion } });
            // Nobody else may write the plain file while it is copied (their writes would land in a
            // file about to be replaced): an exclusive lock, held until this connection closes.
            if (!q.exec(QStringLiteral("PRAGMA locking_mode=EXCLUSIVE")) || !q.exec(QStringLiteral("BEGIN EXCLUSIVE"))
                || !q.exec(QStringLiteral("COMMIT")))
                return makeError(ErrorCode::StorageError,
                    QStringLiteral("%1 is in use by another program. Close RecruitDesk everywhere on this computer and open it "
                                   "again: the file is encrypted on its first open.")
                        .arg(plainPath),
                    { { QStringLiteral("reason"), QStringLiteral("in_use") }, { QStringLiteral("driver"), q.lastError().text() } });
            (void)q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
            int reserve = cryptvfs::kReserve;
            if (sqlite3* h = handleOf(plain))
                sqlite3_file_control(h, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
            QFile::remove(target);
            q.prepare(QStringLiteral("VACUUM INTO ?"));
            q.addBindValue(sqliteName(target));
            if (!q.exec())
                return sqlError(q, QStringLiteral("cannot write the encrypted copy of %1").arg(plainPath));
            return {};
        }();
        plain.close();
    }
    QSqlDatabase::removeDatabase(name);
    if (!result) {
        QFile::remove(target);
        return result;
    }
    // The copy must read back whole with the key before it replaces anything. The workspace's
    // copy goes to WAL mode here, so its first open needs no rollback-journal transaction.
    const QString check = QStringLiteral("rd_encrypt_check_%1").arg(m_instance);
    bool ok = false;
    {
        QSqlDatabase enc = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), check);
        enc.setDatabaseName(sqliteName(target));
        enc.setConnectOptions(walMode ? QStringLiteral("QSQLITE_OPEN_URI") : QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
        if (enc.open()) {
            QSqlQuery q(enc);
            ok = !walMode || (q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) && q.next() && q.value(0).toString() == QLatin1String("wal"));
            ok = ok && q.exec(QStringLiteral("PRAGMA quick_check")) && q.next() && q.value(0).toString() == QLatin1String("ok");
            ok = ok && q.exec(QStringLiteral("PRAGMA user_version")) && q.next() && q.value(0).toInt() == *schema;
        }
        enc.close();
    }
    QSqlDatabase::removeDatabase(check);
    for (const char* suffix : { "-journal", "-wal", "-shm" })
        QFile::remove(target + QLatin1String(suffix));
    QFile synced(target);
    if (!ok || !synced.open(QIODevice::ReadWrite) || !syncFile(synced)) {
        QFile::remove(target);
        return makeError(ErrorCode::StorageError, QStringLiteral("the encrypted copy of %1 did not read back; nothing was replaced").arg(plainPath));
    }
    return {};
}

Status Database::encryptPlainFile()
{
    // One process converts; another one opening meanwhile waits, then finds the file encrypted.
    QLockFile lock(m_path + QStringLiteral(".lock"));
    if (!lock.tryLock(60000))
        return makeError(ErrorCode::StorageError, QStringLiteral("%1 is being encrypted by another RecruitDesk; try again").arg(m_path));
    if (cryptvfs::inspect(m_path) != cryptvfs::FileState::Plain)
        return {};
    const QString tmp = m_path + QStringLiteral(".encrypting");
    int schema = 0;
    RD_TRY(encryptPlainCopy(m_path, tmp, &schema, true));
    if (QFileInfo(m_path + QStringLiteral("-wal")).size() > 0) { // written after the copy: do not replace
        QFile::remove(tmp);
        return makeError(ErrorCode::StorageError,
            QStringLiteral("%1 is in use by another program. Close RecruitDesk everywhere on this computer and open it again.").arg(m_path),
            { { QStringLiteral("reason"), QStringLiteral("in_use") } });
    }
    // The backup of the file as it was, encrypted like everything else.
    const QString backup = QStringLiteral("%1.v%2-%3.bak").arg(m_path).arg(schema).arg(stamp());
    if (auto s = copyDurably(tmp, backup); !s) {
        QFile::remove(tmp);
        QFile::remove(backup);
        return s;
    }
    m_lastBackup = backup;
    RD_TRY(replacePlain(m_path, tmp));
    m_converted = true;
    QFile::remove(m_path + QStringLiteral("-wal"));
    QFile::remove(m_path + QStringLiteral("-shm"));
    qCInfo(lcStore) << "encrypted" << m_path << "; backup" << backup;
    return {};
}

void Database::removeConversionLeftovers()
{
    // A conversion that stopped half way (see replacePlain), of the file or of an old backup:
    // copies not yet in place are removed, plain files still linked are overwritten.
    const QFileInfo fi(m_path);
    const QDir dir = fi.absoluteDir();
    for (const QString& name : dir.entryList({ fi.fileName() + QStringLiteral("*.encrypting*") }, QDir::Files))
        QFile::remove(dir.filePath(name));
    for (const QString& name : dir.entryList({ fi.fileName() + QStringLiteral("*.plain-old") }, QDir::Files))
        shred(dir.filePath(name), dir.filePath(name.chopped(int(qstrlen(".plain-old")))));
}

Status Database::encryptOldBackups()
{
    // Backups an earlier release made before migrating (<file>.v<N>-<time>.bak) hold the same
    // candidates in the clear: each is encrypted in place. One that fails stays and is reported.
    const QFileInfo fi(m_path);
    const QStringList olds = QDir(fi.absolutePath())
                                 .entryList({ fi.fileName() + QStringLiteral(".v*.bak") }, QDir::Files);
    QStringList failed;
    for (const QString& name : olds) {
        const QString bak = fi.absoluteDir().filePath(name);
        if (cryptvfs::inspect(bak) != cryptvfs::FileState::Plain)
            continue;
        const QString tmp = bak + QStringLiteral(".encrypting");
        int schema = 0;
        Status s = encryptPlainCopy(bak, tmp, &schema, false);
        if (s)
            s = replacePlain(bak, tmp);
        if (!s) {
            qCWarning(lcStore) << "cannot encrypt the old backup" << bak << s.error().message;
            failed << bak;
        }
        QFile::remove(bak + QStringLiteral("-journal"));
    }
    if (!failed.isEmpty())
        return makeError(ErrorCode::StorageError,
            QStringLiteral("These old backups are still unencrypted: %1. Move them off this computer or delete them.").arg(failed.join(QStringLiteral(", "))),
            { { QStringLiteral("reason"), QStringLiteral("plain_backups") } });
    return {};
}

} // namespace rd
