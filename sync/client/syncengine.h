#pragma once

#include "app/workspace.h"

#include <QJsonArray>
#include "auth/session.h"
#include "common/result.h"
#include "protocol/wire.h"

#include <QJsonObject>
#include <QString>
#include <functional>
#include <memory>

namespace rd::sync {

// What one sync round did (recruitdesk-cli sync --json).
struct SyncSummary {
    int pushed = 0; // changes the server accepted
    int duplicates = 0; // changes it had already
    int auditPushed = 0;
    int pulled = 0; // changes applied from the server
    int conflicts = 0; // conflicts received this round
    qint64 pending = 0; // outbox records still unsent
    qint64 cursor = 0; // the last server_seq applied
    bool renumbered = false; // the outbox was renumbered: the file carries on as a new device (renewed)
    bool renewed = false; // this file was restored from a backup or copied: it syncs as a new device now
    QString notice; // what happened, in words, for its user (empty: nothing to tell)
    bool repulled = false; // the server's epoch changed or it was behind: pulled from the start
    int blobsUploaded = 0; // attachment files sent
    int blobsDownloaded = 0; // attachment files received
    int blobsMissing = 0; // attachment files this device still lacks (the server has none yet, or failed)
    int purged = 0; // rows dropped because what this device's user may read changed
    int refused = 0; // pushed changes the server refused (put back to its values, listed with conflicts)
    int unapplied = 0; // changes from the server this device's schema refuses, waiting aside (sync_unapplied)
    qint64 ms = 0;
    QJsonObject toJson() const;
};

// A blocking HTTP exchange with the sync server (the engine runs off the GUI thread).
// Tests replace it to drop, duplicate or fail responses.
struct HttpResponse {
    int status = 0; // 0: no answer (network error, timeout)
    QByteArray body;
    QString error;
};
using HttpExchange = std::function<HttpResponse(const QByteArray& method, const QString& url, const QByteArray& body,
    const QByteArray& contentType, const QString& bearer)>;
HttpExchange networkExchange(int timeoutMs = 30000);

// The desktop side of sync (docs/sync.md): pushes the outbox, pushes the audit chain, pulls
// and applies the server's changes, one SQLite transaction per page together with the cursor.
// Its state lives in the workspace (meta sync_*, sync_ctx, sync_conflicts); the refresh token
// is sealed with the workspace key.
class SyncEngine {
public:
    SyncEngine(Workspace& ws, Session session, HttpExchange http = networkExchange());

    // Signs this device in at `server` (registering it under the workspace's device id) and
    // remembers the server. upload: first attach of this workspace, which records its whole
    // state into the outbox so the next round uploads it.
    Status connect(const QString& server, const QString& tenant, const QString& email, const QString& password,
        const QString& totp, bool upload);
    // Signs this (attached) device in again at its server, after the server ended its sign-in
    // (revoked refresh token, password changed): the device's own account, at the server it is
    // attached to, no upload, nothing else changed. Audited (sync.login).
    Status login(const QString& tenant, const QString& email, const QString& password, const QString& totp);
    // One round: push, push audit, pull. Refreshes the access token as needed. Rounds on one
    // workspace file take turns (the desktop, the CLI): a round waits up to roundWaitMs for the
    // one running, then fails with unavailable (sync_busy).
    // The workspace's key lease is renewed at the end of each round (decision 0024). A refusal
    // that says this device may read no more is carried out before it is returned: device_wipe
    // erases the workspace (error reason "wiped"), device_revoked and account_disabled destroy the
    // local copy of the lease key (reason "lease_ended"; a sign-in reopens it once allowed).
    Result<SyncSummary> syncOnce();
    // After the lease lapsed (Workspace::open failed with reason lease_expired): signs in at the
    // server the lease names, with the device's id, and has the lease key handed back. Returns
    // the data key, and the sign-in's tokens in TOKENS (adoptSignIn() them once the workspace is
    // open). A wipe ordered meanwhile is carried out (reason "wiped").
    static Result<QByteArray> reopenLeased(crypto::KeyCustody& custody, const QString& password, const QString& totp,
        QJsonObject* tokens = nullptr, HttpExchange http = networkExchange());
    // Keeps the tokens of a sign-in made without the workspace open (reopenLeased).
    Status adoptSignIn(const QJsonObject& tokens) { return storeTokens(tokens); }
    void setRoundWaitMs(int ms) { m_roundWaitMs = ms; }
    // Fills a new, empty workspace from the server's copy (a colleague's laptop joining) and
    // returns the joining user's session.
    static Result<Session> join(Workspace& ws, const QString& server, const QString& tenant, const QString& email,
        const QString& password, const QString& totp, HttpExchange http = networkExchange());
    // The same for an invited colleague: the join code an admin's invitation gave them (single
    // use) and the password they choose now, which becomes their password on the server and for
    // signing in on this device.
    // A join that was cut off part-way and has not finished yet (join again to carry on).
    static bool isJoining(Workspace& ws);
    static Result<Session> joinWithCode(Workspace& ws, const QString& server, const QString& tenant, const QString& email,
        const QString& joinCode, const QString& newPassword, HttpExchange http = networkExchange());
    // Invites a colleague through the server (POST /v1/invitations; the server decides with the
    // roles it holds: user.create and user.manage): their account, their workspace user with the
    // role (it arrives with the next pull) and a join code, emailed when the server has email set
    // up, else in the answer (code) for the admin to pass on. Audited here (user.invite).
    Result<QJsonObject> invite(const QString& email, const QString& role, const QString& givenName = {},
        const QString& familyName = {});

    // The workspace's devices as the server knows them (admins: user.manage), and revoking one
    // (wipe: the laptop erases its workspace at its next contact; decision 0024). Audited here
    // (device.revoke).
    Result<QJsonArray> devices();
    Status revokeDevice(const QString& deviceId, bool wipe, const QString& reason);

    QString server() const;
    qint64 pendingCount();
    // Conflicts received from the server, newest first (open ones only unless all).
    Result<QList<QJsonObject>> conflicts(bool all = false);
    // Closes an open conflict: the current value stays (useLosing false), or the losing value
    // is written again through the entity's service (candidates and jobs; others: validation
    // error "not_supported"), which records and syncs it like any edit. Audited
    // (sync.conflict_resolve). NotFound when no such open conflict.
    Status resolveConflict(qint64 serverSeq, const QString& entity, const QString& rowId, const QString& field, bool useLosing);

    static constexpr int kPushBatch = 1000;
    // Bytes of record text per push at most (the server takes 16 MiB a request; CBOR adds little).
    static constexpr qint64 kPushBatchBytes = 8 * 1024 * 1024;
    // A record larger than this goes in no request (the server takes 16 MiB): it waits on the
    // device, listed as refused:too_large (holdTooLarge), and the records after it go on.
    static constexpr qint64 kMaxRecordBytes = 12 * 1024 * 1024;
    static constexpr int kPullPage = 1000;
    static constexpr int kBlobChunk = 1024 * 1024;

private:
    Result<QByteArray> call(const QByteArray& method, const QString& path, const QByteArray& body,
        int* status = nullptr, const QByteArray& contentType = {});
    Status refresh();
    // The refresh token this workspace keeps (sealed), opened.
    Result<QByteArray> storedRefreshToken();
    Status attach(const QString& server, const QString& tenant, const QString& email, const QString& password,
        const QString& totp);
    Status signIn(const QString& tenant, const QString& email, const QString& password, const QString& totp);
    static Result<Session> joinAs(Workspace& ws, const QString& server, const QString& tenant, const QString& email,
        const QString& password, const QString& totp, const QString& joinCode, HttpExchange http);
    Status storeTokens(const QJsonObject& tokens);
    Result<SyncSummary> round();
    // POST /v1/device/lease and the custody's renewal (no custody: nothing to renew).
    Status renewLease();
    // Carries out what a refusal says about this device (syncOnce).
    Error carryOut(const Error& refusal);
    Result<qint64> recordAll();
    Status newTimeline(const PullResponse& page, SyncSummary& s);
    Status push(SyncSummary& s);
    // renewOnFork: a forked chain makes this file a new device (false while renewDevice probes).
    Status pushAudit(SyncSummary& s, bool renewOnFork = true);
    // This workspace file was restored from a backup or copied (the server has other changes or
    // audit entries under this device's numbers): it carries on as a new device registered as
    // the old one's successor (sync/client/syncrenew.cpp). firstUnsent: the first outbox number
    // the server does not have (those below it it has, identical); auditFork: the first audit
    // chain entry it does not have (-1: found out by sending the chain first).
    Status renewDevice(const QString& reason, qint64 firstUnsent, qint64 auditFork, SyncSummary& s);
    // The server's answer to refused records: rows back to the server's values, refusals listed
    // in sync_conflicts ("refused:REASON"), records of unknown entities/fields held (sync_held).
    // Inside the push's transaction, foreign keys off.
    // resync: the batch re-sent this device's whole state (after a new timeline): a refused
    // insert there is a row this device already had, which stays.
    Status applyRefusals(const PushResponse& resp, const PushRequest& sent, SyncSummary& s);
    // The first unsent record is larger than any request may be: held (sync_held, never sent
    // again by itself), listed beside conflicts, and passed over.
    Status holdTooLarge(const class QSqlRecord& r, SyncSummary& s);
    // Held records go back into the outbox once the server reports a newer schema.
    Status requeueHeld();
    Status pull(SyncSummary& s);
    // One page in one transaction with the cursor (sync/client/syncapply.cpp).
    struct PageApply;
    Status applyPage(const PullResponse& page, SyncSummary& s);
    // The server's read scope for this device changed: every row of the named entities is
    // listed (sync_purge) and the cursor goes back to 0; the pull takes each row it sends off
    // the list, and the rows left at its end are dropped (those with unsent changes stay).
    Status purgeScope(const PullResponse& page, SyncSummary& s);
    // Attachment files (docs/sync.md "Attachment files"): this device's files the server lacks
    // go up before the rows that name them; files of pulled rows come down after the pull.
    Status noteBlobs();
    Status uploadBlobs(SyncSummary& s);
    Status downloadBlobs(SyncSummary& s);
    Status yieldUniqueKeys(const QString& entity, const QString& rowId, const QJsonObject& fields);
    // detail::writeRow of a row as the server has it; a local row holding one of its unique keys
    // gives way first (pulls, refusals put back).
    Result<bool> writeServerRow(const QString& entity, const QString& rowId, const QJsonObject& fields,
        const QHash<QString, QString>& types, const QSet<QString>& skip, bool create);
    Result<qint64> metaInt(const QString& key);

    Workspace& m_ws;
    Session m_session;
    HttpExchange m_http;
    QString m_server;
    QString m_access;
    bool m_joining = false; // join(): pulls say so (a new tenant's workspace is made for its admin)
    bool m_dropped = false; // rows went (scope, refusal): the round ends by compacting the search index
    QString m_joinCode; // joinWithCode(): sent with the first sign-in only
    int m_roundWaitMs = 120000;
};

} // namespace rd::sync
