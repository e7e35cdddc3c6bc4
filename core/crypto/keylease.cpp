#include "keylease.h"

#include "crypto.h"
#include "pagecipher.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QRegularExpression>
#include <QLoggingCategory>
#include <QSaveFile>

Q_LOGGING_CATEGORY(lcLease, "rd.core.crypto.lease")

namespace rd::crypto {

namespace {
const QByteArray kWrapAd = "recruitdesk-lease-wrap-v1";
// Fields the MAC leaves out: a lapse is written after the key that made the MAC is gone (and
// clearing the flag gains nothing: the key is not there to be found).
const QStringList kUnauthenticated { QStringLiteral("mac"), QStringLiteral("id_mac"), QStringLiteral("lapsed"),
    QStringLiteral("lapsed_at"), QStringLiteral("lapse_reason") };
// Who to ask, and why it lapsed, stay authenticated after a lapse (when the data key and the
// lease key are gone): by a key derived from the lease key, which is what the key store keeps
// in place of the lease key once it lapsed. A lease file edited to name another server is not
// trusted with the user's password.
const QStringList kIdentity { QStringLiteral("server"), QStringLiteral("tenant"), QStringLiteral("email"),
    QStringLiteral("device_id"), QStringLiteral("lapsed"), QStringLiteral("lapsed_at"), QStringLiteral("lapse_reason") };
QByteArray identityKeyOf(const QByteArray& leaseKey) { return hkdfSha256(leaseKey, {}, "recruitdesk-lease-identity-v1"); }
QByteArray identityMacOf(const QJsonObject& lease, const QByteArray& identityKey)
{
    QJsonObject covered;
    for (const QString& k : kIdentity)
        covered.insert(k, lease.value(k));
    return hmac(QStringLiteral("SHA-256"), identityKey, QJsonDocument(covered).toJson(QJsonDocument::Compact));
}
bool opensAWrap(const QJsonObject& lease, const QByteArray& key);

QByteArray macKey(const QByteArray& dataKey) { return hkdfSha256(dataKey, {}, "recruitdesk-lease-mac-v1"); }
// Recognises the data key itself in BASE (a lease written, BASE not yet changed).
QByteArray checkValue(const QByteArray& dataKey) { return hkdfSha256(dataKey, {}, "recruitdesk-data-key-check-v1", 16); }

QByteArray macOf(const QJsonObject& lease, const QByteArray& dataKey)
{
    QJsonObject covered = lease;
    for (const QString& k : kUnauthenticated)
        covered.remove(k);
    return hmac(QStringLiteral("SHA-256"), macKey(dataKey), QJsonDocument(covered).toJson(QJsonDocument::Compact));
}

QByteArray b64(const QJsonValue& v) { return QByteArray::fromBase64(v.toString().toLatin1()); }
QString b64(const QByteArray& b) { return QString::fromLatin1(b.toBase64()); }

bool opensAWrap(const QJsonObject& lease, const QByteArray& key)
{
    for (const QJsonValue& w : lease.value(QStringLiteral("wraps")).toArray())
        if (crypto::open(key, b64(w), kWrapAd)) return true;
    return false;
}

// The files a workspace at DBPATH is made of, by the exact names the app gives them: a wipe
// removes these and nothing else (another workspace named "crm.db.old.db" stays).
bool belongsTo(const QString& name, const QString& stem)
{
    if (name == stem) return true;
    if (!name.startsWith(stem)) return false;
    const QString rest = name.mid(stem.size());
    static const QStringList exact { QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal"),
        QStringLiteral(".key"), QStringLiteral(".lease"), QStringLiteral(".lease.lock"), QStringLiteral(".lock"),
        QStringLiteral(".sync.lock"), QStringLiteral(".token.lock"), QStringLiteral(".plain-old"), QStringLiteral(".encrypting"),
        QStringLiteral(".encrypting-wal"), QStringLiteral(".encrypting-shm"), QStringLiteral(".encrypting-journal") };
    if (exact.contains(rest)) return true;
    // Backups: "<db>.v<N>-<yyyyMMddHHmmss>.bak" (and the plain ones of an earlier release).
    static const QRegularExpression backup(QStringLiteral("^\\.v\\d+-\\d{8,14}(-\\d+)?\\.bak(-journal|-wal|-shm|\\.encrypting(-journal|-wal|-shm)?)?$"));
    return backup.match(rest).hasMatch();
}

Status writeJson(const QString& path, const QJsonObject& o)
{
    // Never through a link someone put in its place (QSaveFile would write its target).
    if (QFileInfo(path).isSymLink() && !QFile::remove(path))
        return makeError(ErrorCode::StorageError, QStringLiteral("Cannot replace the link %1.").arg(path));
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::StorageError, QStringLiteral("Cannot write %1.").arg(path));
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(QJsonDocument(o).toJson());
    if (!f.commit())
        return makeError(ErrorCode::StorageError, QStringLiteral("Cannot write %1.").arg(path));
    return {};
}

// Overwrites a file's bytes with zeros before removing it (best effort on journaling and
// copy-on-write file systems: the key is what protects the data, docs/security.md).
bool shred(const QString& path)
{
    if (QFileInfo(path).isSymLink()) return QFile::remove(path); // the link goes, never what it points at
    QFile f(path);
    if (!f.exists()) return true;
    if (f.open(QIODevice::ReadWrite)) {
        const QByteArray zeros(64 * 1024, '\0');
        qint64 left = f.size();
        while (left > 0) {
            const qint64 n = qMin<qint64>(left, zeros.size());
            if (f.write(zeros.constData(), n) != n) break;
            left -= n;
        }
        f.flush();
        f.close();
    }
    return QFile::remove(path);
}

class LeaseLock {
public:
    explicit LeaseLock(const QString& dbPath)
        : m_lock(dbPath + QStringLiteral(".lease.lock"))
    {
        m_lock.setStaleLockTime(30000);
        m_locked = m_lock.tryLock(10000);
    }
    bool locked() const { return m_locked; }

private:
    QLockFile m_lock;
    bool m_locked = false;
};
} // namespace

KeyCustody::KeyCustody(QString dbPath, std::shared_ptr<KeyProvider> base, const Clock& clock)
    : m_dbPath(std::move(dbPath))
    , m_base(std::move(base))
    , m_clock(&clock)
{
}

Result<QJsonObject> KeyCustody::readLease() const
{
    QFile f(leasePath(m_dbPath));
    if (!f.exists()) return makeError(ErrorCode::NotFound, QStringLiteral("no lease"));
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::StorageError, QStringLiteral("Cannot read %1.").arg(f.fileName()));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject() || doc.object().value(QStringLiteral("v")).toInt() != 1)
        return makeError(ErrorCode::CryptoError,
            QStringLiteral("The key lease file %1 is damaged: connect to the sync server and sign in to open the workspace.")
                .arg(f.fileName()),
            { { QStringLiteral("reason"), QStringLiteral("lease_tampered") } });
    return doc.object();
}

Error KeyCustody::expired(const QJsonObject& lease, const QString& why) const
{
    const QString server = lease.value(QStringLiteral("server")).toString();
    const qint64 until = lease.value(QStringLiteral("until")).toInteger();
    return makeError(ErrorCode::CryptoError,
        QStringLiteral("%1 Connect to the sync server (%2) and sign in as %3 to open this workspace again.")
            .arg(why, server, lease.value(QStringLiteral("email")).toString()),
        { { QStringLiteral("reason"), QStringLiteral("lease_expired") }, { QStringLiteral("server"), server },
            { QStringLiteral("tenant"), lease.value(QStringLiteral("tenant")).toString() },
            { QStringLiteral("email"), lease.value(QStringLiteral("email")).toString() },
            { QStringLiteral("device_id"), lease.value(QStringLiteral("device_id")).toString() },
            { QStringLiteral("until"), until > 0 ? Clock::toIso(until) : QString() } });
}

Result<QByteArray> KeyCustody::load()
{
    const QJsonObject wiped = wipedNotice(m_dbPath);
    if (!wiped.isEmpty() && !QFile::exists(m_dbPath))
        return makeError(ErrorCode::CryptoError,
            QStringLiteral("This workspace was erased from this computer on %1 by order of the sync server's administrator: "
                           "%2")
                .arg(wiped.value(QStringLiteral("at")).toString(), wiped.value(QStringLiteral("reason")).toString()),
            { { QStringLiteral("reason"), QStringLiteral("wiped") } });
    auto leaseRead = readLease();
    if (!leaseRead) {
        if (leaseRead.error().code != ErrorCode::NotFound) return leaseRead.error();
        return SecretBox::loadOrCreate(*m_base);
    }
    LeaseLock lock(m_dbPath);
    auto again = readLease(); // (as it is now the lock is held)
    QJsonObject lease = again ? again.value() : leaseRead.value();
    if (lease.value(QStringLiteral("lapsed")).toBool()) {
        // A lapse whose key destruction did not happen (or was undone): it happens now.
        auto still = m_base->load();
        if (still && opensAWrap(lease, still.value()) && lock.locked()) RD_TRY(lapseLocked(QString()));
        return expired(lease, QStringLiteral("The key to this workspace was removed from this computer."));
    }
    auto held = m_base->load();
    if (!held) {
        if (held.error().code == ErrorCode::NotFound)
            return expired(lease, QStringLiteral("The key to this workspace is no longer on this computer."));
        return held.error();
    }
    QByteArray dataKey;
    if (crypto::constantTimeEqual(checkValue(held.value()), b64(lease.value(QStringLiteral("check"))))) {
        dataKey = held.value(); // the lease was written, the key store not yet changed
    } else {
        for (const QJsonValue& w : lease.value(QStringLiteral("wraps")).toArray()) {
            auto opened = crypto::open(held.value(), b64(w), kWrapAd);
            if (opened && opened.value().size() == 32) {
                dataKey = opened.value();
                break;
            }
        }
    }
    if (dataKey.isEmpty() || !constantTimeEqual(checkValue(dataKey), b64(lease.value(QStringLiteral("check")))))
        return expired(lease, QStringLiteral("The key to this workspace is no longer on this computer."));
    if (!constantTimeEqual(macOf(lease, dataKey), b64(lease.value(QStringLiteral("mac")))))
        return makeError(ErrorCode::CryptoError,
            QStringLiteral("The key lease file %1 was changed by something other than RecruitDesk: connect to the sync "
                           "server and sign in to open the workspace.")
                .arg(leasePath(m_dbPath)),
            { { QStringLiteral("reason"), QStringLiteral("lease_tampered") } });
    // The server's time as this clock last knew it (the offset measured at the renewal: a clock
    // that is wrong does not lengthen the lease), and never before the latest time seen (a clock
    // turned back does not either).
    const qint64 seen = lease.value(QStringLiteral("seen")).toInteger();
    const qint64 serverNow = m_clock->nowMs() + lease.value(QStringLiteral("offset")).toInteger();
    const qint64 now = qMax(serverNow, seen);
    const qint64 until = lease.value(QStringLiteral("until")).toInteger();
    if (now >= until) {
        if (!lock.locked()) return makeError(ErrorCode::StorageError, QStringLiteral("The key lease file is locked."));
        // The end is recorded as seen first (authenticated): should the key not be destroyed
        // below, a clock turned back still finds the lease over.
        lease.insert(QStringLiteral("seen"), qMax(now, until));
        RD_TRY(writeLease(lease, dataKey));
        const QString why = QStringLiteral("its offline period ended on %1.").arg(Clock::toIso(until));
        RD_TRY(lapseLocked(why));
        return expired(lease, QStringLiteral("This computer's offline period for the workspace ended on %1.").arg(Clock::toIso(until)));
    }
    if (serverNow > seen && lock.locked()) {
        lease.insert(QStringLiteral("seen"), serverNow);
        if (const Status s = writeLease(lease, dataKey); !s)
            qCWarning(lcLease) << "cannot record the time seen:" << s.error().message;
    }
    return dataKey;
}

LeaseState KeyCustody::state(bool verifyIdentity) const
{
    LeaseState s;
    auto lease = readLease();
    if (!lease) return s;
    const QJsonObject& o = lease.value();
    s.leased = true;
    s.lapsed = o.value(QStringLiteral("lapsed")).toBool();
    s.untilMs = o.value(QStringLiteral("until")).toInteger();
    s.seenMs = o.value(QStringLiteral("seen")).toInteger();
    s.days = o.value(QStringLiteral("days")).toInt();
    s.server = o.value(QStringLiteral("server")).toString();
    s.tenant = o.value(QStringLiteral("tenant")).toString();
    s.email = o.value(QStringLiteral("email")).toString();
    s.deviceId = o.value(QStringLiteral("device_id")).toString();
    if (!verifyIdentity) return s;
    // The identity is trusted when the key store's key (the lease key, or after a lapse the
    // identity key kept in its place) authenticates it.
    auto held = m_base->load();
    const QByteArray mac = b64(o.value(QStringLiteral("id_mac")));
    s.verified = held && !mac.isEmpty()
        && (constantTimeEqual(identityMacOf(o, identityKeyOf(held.value())), mac)
            || constantTimeEqual(identityMacOf(o, held.value()), mac));
    return s;
}

Status KeyCustody::writeLease(const QJsonObject& lease, const QByteArray& dataKey)
{
    QJsonObject o = lease;
    o.insert(QStringLiteral("check"), b64(checkValue(dataKey)));
    o.insert(QStringLiteral("mac"), b64(macOf(o, dataKey)));
    return writeJson(leasePath(m_dbPath), o);
}

Status KeyCustody::renew(const QByteArray& dataKey, const Lease& lease)
{
    if (dataKey.size() != 32 || lease.key.size() != 32)
        return makeError(ErrorCode::CryptoError, QStringLiteral("A key lease needs 32-byte keys."));
    // Never longer than a server may grant (a server that says otherwise is not believed).
    const qint64 untilMs = qMin(lease.untilMs, lease.serverNowMs + qint64(kMaxLeaseDays) * 24 * 3600 * 1000);
    LeaseLock lock(m_dbPath);
    if (!lock.locked()) return makeError(ErrorCode::StorageError, QStringLiteral("The key lease file is locked."));
    auto wrapped = crypto::seal(lease.key, dataKey, kWrapAd);
    if (!wrapped) return wrapped.error();
    QJsonArray wraps { b64(wrapped.value()) };
    // BASE holds what now? The same lease key: nothing to change there. Else the wraps BASE's
    // key opens stay until it holds the new one (a crash in between still opens).
    auto held = m_base->load();
    const bool holdsNew = held && held.value() == lease.key;
    auto previous = readLease();
    if (!holdsNew && previous)
        for (const QJsonValue& w : previous.value().value(QStringLiteral("wraps")).toArray())
            if (held && crypto::open(held.value(), b64(w), kWrapAd)) wraps.append(w);
    QJsonObject o { { QStringLiteral("v"), 1 }, { QStringLiteral("server"), lease.server },
        { QStringLiteral("tenant"), lease.tenant }, { QStringLiteral("email"), lease.email },
        { QStringLiteral("device_id"), lease.deviceId }, { QStringLiteral("until"), untilMs },
        { QStringLiteral("days"), lease.days },
        // The server's word on the time replaces what this computer had tracked.
        { QStringLiteral("seen"), lease.serverNowMs },
        { QStringLiteral("offset"), lease.serverNowMs - m_clock->nowMs() },
        { QStringLiteral("wraps"), wraps } };
    // Until the key store holds the new lease key, the identity stays verifiable by what it holds
    // now (an identity key after a lapse, else a key the identity key derives from): a crash in
    // between leaves a file whose server can still be trusted with a sign-in.
    QByteArray verifiedBy = identityKeyOf(lease.key);
    if (!holdsNew && held) {
        const bool heldIsIdentity = previous
            && constantTimeEqual(identityMacOf(previous.value(), held.value()), b64(previous.value().value(QStringLiteral("id_mac"))));
        verifiedBy = heldIsIdentity ? held.value() : identityKeyOf(held.value());
    }
    o.insert(QStringLiteral("id_mac"), b64(identityMacOf(o, verifiedBy)));
    RD_TRY(writeLease(o, dataKey));
    if (!holdsNew) {
        RD_TRY(m_base->store(lease.key));
        // The lease key alone opens it now.
        o.insert(QStringLiteral("wraps"), QJsonArray { wraps.first() });
        o.insert(QStringLiteral("id_mac"), b64(identityMacOf(o, identityKeyOf(lease.key))));
        RD_TRY(writeLease(o, dataKey));
        qCInfo(lcLease) << "the data key is now held under the sync server's lease until" << Clock::toIso(untilMs);
    }
    return {};
}

Result<QByteArray> KeyCustody::reopen(const Lease& lease)
{
    auto current = readLease();
    if (!current)
        return current.error().code == ErrorCode::NotFound
            ? makeError(ErrorCode::NotFound, QStringLiteral("This workspace has no key lease to reopen."))
            : current.error();
    QByteArray dataKey;
    for (const QJsonValue& w : current.value().value(QStringLiteral("wraps")).toArray()) {
        auto opened = crypto::open(lease.key, b64(w), kWrapAd);
        if (opened && opened.value().size() == 32) {
            dataKey = opened.value();
            break;
        }
    }
    if (dataKey.isEmpty() || !constantTimeEqual(checkValue(dataKey), b64(current.value().value(QStringLiteral("check")))))
        return makeError(ErrorCode::CryptoError,
            QStringLiteral("The key the sync server handed back does not open this workspace (it may belong to another copy)."),
            { { QStringLiteral("reason"), QStringLiteral("wrong_key") } });
    RD_TRY(renew(dataKey, lease));
    return dataKey;
}

Status KeyCustody::lapse(const QString& why, const QByteArray& dataKey)
{
    LeaseLock lock(m_dbPath);
    if (!lock.locked()) return makeError(ErrorCode::StorageError, QStringLiteral("The key lease file is locked."));
    auto current = readLease();
    if (current && dataKey.size() == 32
        && constantTimeEqual(checkValue(dataKey), b64(current.value().value(QStringLiteral("check"))))) {
        QJsonObject o = current.value();
        const qint64 now = qMax(m_clock->nowMs() + o.value(QStringLiteral("offset")).toInteger(),
            o.value(QStringLiteral("seen")).toInteger());
        o.insert(QStringLiteral("until"), qMin(o.value(QStringLiteral("until")).toInteger(), now));
        o.insert(QStringLiteral("seen"), now);
        RD_TRY(writeLease(o, dataKey));
    }
    return lapseLocked(why);
}

Status KeyCustody::lapseLocked(const QString& why)
{
    auto current = readLease();
    if (!current) return current.error().code == ErrorCode::NotFound ? Status() : Status(current.error());
    QJsonObject o = current.value();
    // What the key store keeps instead: the identity key (it authenticates whom to sign in to,
    // and cannot open the workspace). From the lease key when the store holds it; else kept.
    auto held = m_base->load();
    QByteArray identityKey;
    if (held && opensAWrap(o, held.value()))
        identityKey = identityKeyOf(held.value());
    else if (held && constantTimeEqual(identityMacOf(o, held.value()), b64(o.value(QStringLiteral("id_mac")))))
        identityKey = held.value();
    else
        identityKey = randomBytes(32);
    // The key goes first: if that fails, nothing says "lapsed" while the key is still there.
    RD_TRY(m_base->store(identityKey));
    if (!why.isEmpty() || !o.value(QStringLiteral("lapsed")).toBool()) {
        o.insert(QStringLiteral("lapsed"), true);
        o.insert(QStringLiteral("lapsed_at"), m_clock->nowIso());
        o.insert(QStringLiteral("lapse_reason"), why);
    }
    o.insert(QStringLiteral("id_mac"), b64(identityMacOf(o, identityKey)));
    RD_TRY(writeJson(leasePath(m_dbPath), o));
    qCWarning(lcLease).noquote() << "the local copy of the lease key was destroyed:" << why;
    return {};
}

Status KeyCustody::wipe(const QJsonObject& notice)
{
    LeaseLock lock(m_dbPath); // (best effort: a wipe goes on without it)
    // The key first: from here on nothing on this disk opens the workspace.
    RD_TRY(m_base->store(randomBytes(32)));
    (void)m_base->destroy();
    shred(leasePath(m_dbPath));
    QJsonObject note = notice;
    if (!note.contains(QStringLiteral("at"))) note.insert(QStringLiteral("at"), m_clock->nowIso());
    RD_TRY(writeJson(wipedPath(m_dbPath), note));
    const QFileInfo db(m_dbPath);
    QDir dir = db.absoluteDir();
    QStringList failed;
    const QString stem = db.fileName();
    for (const QString& name : dir.entryList(QDir::Files | QDir::Hidden | QDir::System)) {
        if (name == QFileInfo(wipedPath(m_dbPath)).fileName() || name == stem + QStringLiteral(".lease.lock")) continue;
        if (belongsTo(name, stem) && !shred(dir.filePath(name))) failed << name;
    }
    QDir blobs(m_dbPath + QStringLiteral(".blobs"));
    if (QFileInfo(blobs.path()).isSymLink()) {
        if (!QFile::remove(blobs.path())) failed << blobs.path();
    } else if (blobs.exists()) {
        QDirIterator it(blobs.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            if (!shred(it.next())) failed << it.filePath();
        if (!blobs.removeRecursively()) failed << blobs.path();
    }
    if (!failed.isEmpty())
        return makeError(ErrorCode::StorageError,
            QStringLiteral("The workspace key was destroyed, but some files could not be removed: %1").arg(failed.join(QStringLiteral(", "))));
    qCWarning(lcLease).noquote() << "workspace erased by order of the sync server:" << note.value(QStringLiteral("reason")).toString();
    return {};
}

QJsonObject KeyCustody::wipedNotice(const QString& dbPath)
{
    QFile f(wipedPath(dbPath));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

Status KeyCustody::clearWipedNotice(const QString& dbPath)
{
    if (QFile::exists(wipedPath(dbPath)) && !QFile::remove(wipedPath(dbPath)))
        return makeError(ErrorCode::StorageError, QStringLiteral("Cannot remove %1.").arg(wipedPath(dbPath)));
    return {};
}

} // namespace rd::crypto
