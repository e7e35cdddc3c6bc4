#pragma once

#include "common/clock.h"
#include "crypto/keystore.h"

#include <QJsonObject>
#include <QString>

#include <memory>

namespace rd::crypto {

// What the sync server hands a device with each sync (POST /v1/device/lease).
struct Lease {
    QByteArray key; // the device's lease key, 32 bytes; the server keeps it sealed
    qint64 untilMs = 0; // the server's time at which offline use ends
    qint64 serverNowMs = 0; // the server's time when it answered
    int days = 0; // the offline period it was granted for
    // Who to ask after a lapse (shown to the user; the file is unreadable by then).
    QString server;
    QString tenant;
    QString email;
    QString deviceId;
};

struct LeaseState {
    bool leased = false; // a lease file is there (in force or lapsed)
    bool lapsed = false; // the local copy of the lease key was destroyed
    qint64 untilMs = 0;
    qint64 seenMs = 0; // the latest time this computer has been seen to be at (clock high-water mark)
    int days = 0;
    QString server;
    QString tenant;
    QString email;
    QString deviceId;
    // The identity above (and the lapse) is authenticated by what the key store holds: only a
    // verified one may be sent the user's password (SyncEngine::reopenLeased).
    bool verified = false;
};

// Custody of a workspace's data key (decision 0024, docs/security.md "Key lease and remote wipe").
//
// BASE is where the key lives on this computer (the OS keychain, or the passphrase-wrapped key
// file). A workspace never attached to a sync server keeps the data key there. Once the server
// hands out a lease, the data key is wrapped (AES-256-GCM) by the device's lease key in
// "<database>.lease", and BASE holds the lease key instead: the workspace opens offline until
// the lease's end, judged by the server's time as this computer's clock tracks it (the offset
// between the two measured at each renewal: a clock that is wrong does not lengthen the lease)
// and never earlier than the latest time seen (so turning the clock back does not either). When it has ended, the local copy of the
// lease key is destroyed and only the server (a sign-in) can hand it back. The lease file's
// fields are authenticated with a key derived from the data key.
//
// Crash safety: every step leaves a state load() opens. The lease file is written before BASE
// changes (while BASE still holds the data key, load() recognises it by a check value), and it
// keeps the wrap under the previous lease key until BASE holds the new one.
class KeyCustody {
public:
    static constexpr int kMaxLeaseDays = 365;
    // CREATE: a missing key in BASE is made (a new workspace); else NotFound is an error.
    KeyCustody(QString dbPath, std::shared_ptr<KeyProvider> base, const Clock& clock = SystemClock::instance());

    static QString leasePath(const QString& dbPath) { return dbPath + QStringLiteral(".lease"); }
    QString dbPath() const { return m_dbPath; }
    static QString wipedPath(const QString& dbPath) { return dbPath + QStringLiteral(".wiped"); }

    // The data key. Errors: crypto_error with reason lease_expired (details: server, tenant,
    // email, until) once the lease has ended (its local copy is destroyed then), lease_tampered
    // when the lease file was edited, wiped when an administrator had the workspace erased.
    Result<QByteArray> load();
    // What the lease file says (no key store read: cheap, for every open and the desktop's
    // minute check). VERIFYIDENTITY: also read the key store to authenticate whom to ask
    // (LeaseState::verified), before a password is sent there.
    LeaseState state(bool verifyIdentity = false) const;
    // A lease from the server (at each sync): DATAKEY is the open workspace's key.
    Status renew(const QByteArray& dataKey, const Lease& lease);
    // After a lapse, the lease key the server handed back at a sign-in: the data key (and the
    // lease is in force again).
    Result<QByteArray> reopen(const Lease& lease);
    // The server said this device may no longer read (revoked, account disabled): the local
    // copy of the lease key goes now; the file stays encrypted (a sign-in after the account is
    // enabled again opens it; nothing unsent is lost). No-op without a lease.
    // DATAKEY (when the workspace is open): the lease is also ended in its authenticated fields
    // (until = seen = now), so clearing the lapse flag later opens nothing.
    Status lapse(const QString& why, const QByteArray& dataKey = {});
    // An administrator's remote wipe: the key first (BASE overwritten, the lease file removed),
    // then the database, its WAL, journals, backups and attachments; a note says why.
    Status wipe(const QJsonObject& notice);
    // The note a wipe left ({"at", "reason", "server"}), or empty.
    static QJsonObject wipedNotice(const QString& dbPath);
    static Status clearWipedNotice(const QString& dbPath);

private:
    Status lapseLocked(const QString& why);
    Status writeLease(const QJsonObject& lease, const QByteArray& dataKey);
    Result<QJsonObject> readLease() const;
    Error expired(const QJsonObject& lease, const QString& why) const;
    QString m_dbPath;
    std::shared_ptr<KeyProvider> m_base;
    const Clock* m_clock;
};

} // namespace rd::crypto
