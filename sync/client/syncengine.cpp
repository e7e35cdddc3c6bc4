#include "syncengine.h"
#include "syncunseen.h"
#include "rowwriter.h"
#include "syncmeta.h"

#include "common/ids.h"
#include "common/json.h"
#include "crypto/crypto.h"
#include "store/replication.h"

#include <limits>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSet>
#include <QSysInfo>
#include <QUrl>

Q_LOGGING_CATEGORY(lcSync, "rd.sync.client", QtInfoMsg)

namespace rd::sync {

namespace {
const QByteArray kCbor = "application/cbor";
const QString kServer = QStringLiteral("sync_server");
const QString kRefresh = QStringLiteral("sync_refresh"); // sealed refresh token
const QString kResync = QStringLiteral("sync_resync"); // the next push re-uploads after a new timeline
const QString kRetry = QStringLiteral("sync_refresh_retry"); // sealed retry key of the refresh in flight
const QByteArray kRefreshAd = "rd-sync-refresh-token";
const QByteArray kRetryAd = "rd-sync-refresh-retry";

} // namespace

// A problem response as an Error with the server's code and details.
Error problemError(const HttpResponse& r)
{
    if (r.status == 0)
        return Error { ErrorCode::Unavailable, QStringLiteral("The sync server could not be reached: %1").arg(r.error),
            { { QStringLiteral("reason"), QStringLiteral("offline") } } };
    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
    const QString code = o.value(QStringLiteral("code")).toString();
    QJsonObject details = o.value(QStringLiteral("details")).toObject();
    details.insert(QStringLiteral("http_status"), r.status);
    // A server fault is "try again later"; a refusal keeps the server's code.
    const ErrorCode ec
        = r.status >= 500 ? ErrorCode::Unavailable : errorCodeFromName(code).value_or(ErrorCode::Internal);
    const QString title = o.value(QStringLiteral("title")).toString();
    return Error { ec, title.isEmpty() ? QStringLiteral("The sync server answered %1.").arg(r.status) : title,
        details };
}

namespace {
// An outbox record's size on the wire, about (its text and some framing).
qint64 recordBytes(const QSqlRecord& r)
{
    return r.value(4).toString().toUtf8().size() + r.value(7).toString().toUtf8().size() + 256;
}

// The leading rows of a batch that stay within budget bytes (sizeOf each), at least one.
QList<QSqlRecord> firstBytes(const QList<QSqlRecord>& rows, qint64 budget, qint64 (*sizeOf)(const QSqlRecord&))
{
    qint64 bytes = 0;
    for (int n = 0; n < rows.size(); ++n) {
        bytes += sizeOf(rows[n]);
        if (n > 0 && bytes > budget) return rows.mid(0, n);
    }
    return rows;
}
} // namespace

QJsonObject SyncSummary::toJson() const
{
    return { { QStringLiteral("pushed"), pushed }, { QStringLiteral("duplicates"), duplicates },
        { QStringLiteral("audit_pushed"), auditPushed }, { QStringLiteral("pulled"), pulled },
        { QStringLiteral("conflicts"), conflicts }, { QStringLiteral("pending"), pending },
        { QStringLiteral("cursor"), cursor }, { QStringLiteral("renumbered"), renumbered },
        { QStringLiteral("renewed"), renewed }, { QStringLiteral("notice"), notice },
        { QStringLiteral("repulled"), repulled }, { QStringLiteral("blobs_uploaded"), blobsUploaded },
        { QStringLiteral("blobs_downloaded"), blobsDownloaded }, { QStringLiteral("blobs_missing"), blobsMissing },
        { QStringLiteral("purged"), purged }, { QStringLiteral("refused"), refused },
        { QStringLiteral("unapplied"), unapplied }, { QStringLiteral("ms"), ms } };
}

SyncEngine::SyncEngine(Workspace& ws, Session session, HttpExchange http)
    : m_ws(ws)
    , m_session(std::move(session))
    , m_http(std::move(http))
{
    auto s = m_ws.db().meta(kServer);
    if (s) m_server = s.value();
}

QString SyncEngine::server() const
{
    return m_server;
}

Result<qint64> SyncEngine::metaInt(const QString& key)
{
    auto v = m_ws.db().meta(key);
    if (!v) return v.error().code == ErrorCode::NotFound ? Result<qint64>(0) : Result<qint64>(v.error());
    return v.value().toLongLong();
}

qint64 SyncEngine::pendingCount()
{
    auto pushed = metaInt(kPushed);
    auto n = m_ws.db().selectOne(
        QStringLiteral("SELECT count(*) FROM changes WHERE dev_seq > ?"), { pushed ? pushed.value() : 0 });
    return n ? n.value().value(0).toLongLong() : 0;
}

Result<QByteArray> SyncEngine::call(
    const QByteArray& method, const QString& path, const QByteArray& body, int* status, const QByteArray& contentType)
{
    if (m_server.isEmpty())
        return makeError(ErrorCode::ValidationFailed,
            QStringLiteral("This workspace is not connected to a sync server."),
            { { QStringLiteral("reason"), QStringLiteral("not_connected") } });
    if (m_access.isEmpty() && !path.startsWith(QLatin1String("/v1/auth/"))) RD_TRY(refresh());
    const QByteArray type = !contentType.isEmpty()    ? contentType
        : path.startsWith(QLatin1String("/v1/auth/")) ? kJson
                                                      : kCbor;
    HttpResponse r = m_http(method, m_server + path, body, body.isEmpty() ? QByteArray() : type, m_access);
    if (r.status == 401 && !path.startsWith(QLatin1String("/v1/auth/"))) {
        m_access.clear();
        RD_TRY(refresh());
        r = m_http(method, m_server + path, body, body.isEmpty() ? QByteArray() : type, m_access);
    }
    if (status) *status = r.status;
    if (r.status < 200 || r.status >= 300) return problemError(r);
    return r.body;
}

Status SyncEngine::storeTokens(const QJsonObject& tokens)
{
    m_access = tokens.value(QStringLiteral("access_token")).toString();
    auto sealed = m_ws.secrets().seal(tokens.value(QStringLiteral("refresh_token")).toString().toUtf8(), kRefreshAd);
    if (!sealed) return sealed.error();
    RD_TRY(m_ws.db().setMeta(kRefresh, QString::fromLatin1(sealed.value().toBase64())));
    return m_ws.db().setMeta(kRetry, QString());
}

namespace {
// Serialises what must not run twice at once on one workspace file, across the desktop, the CLI
// and threads: sync rounds ("sync") and the refresh-token exchange ("token": two exchanges with
// one single-use token make the server end the whole sign-in). A lock file beside the database;
// one left by a process that died is taken over (stale by its process id, not by age, so a long
// round keeps its lock).
class WorkspaceLock {
public:
    WorkspaceLock(const Database& db, const char* what)
        : m_file(db.path() + QStringLiteral(".%1.lock").arg(QLatin1String(what)))
    {
        m_file.setStaleLockTime(0);
    }
    bool acquire(int waitMs) { return m_file.tryLock(waitMs); }

private:
    QLockFile m_file;
};
constexpr int kTokenWaitMs = 60000;
} // namespace

Result<QByteArray> SyncEngine::storedRefreshToken()
{
    auto stored = m_ws.db().meta(kRefresh);
    if (!stored || stored.value().isEmpty())
        return makeError(ErrorCode::AuthFailed, QStringLiteral("Sign this device in to the sync server again."),
            { { QStringLiteral("reason"), QStringLiteral("sign_in_required") } });
    return m_ws.secrets().open(QByteArray::fromBase64(stored.value().toLatin1()), kRefreshAd);
}

Status SyncEngine::refresh()
{
    WorkspaceLock lock(m_ws.db(), "token");
    if (!lock.acquire(kTokenWaitMs))
        return makeError(ErrorCode::Unavailable, QStringLiteral("Another sign-in renewal of this workspace is still running."),
            { { QStringLiteral("reason"), QStringLiteral("sync_busy") } });
    // Read inside the lock: the token another engine (the desktop, the CLI) has just renewed.
    auto token = storedRefreshToken();
    if (!token) return token.error();
    // The retry key is kept until new tokens arrive: when an answer is lost, the same
    // exchange is sent again and the server issues a pair instead of ending the sign-in.
    QByteArray retry;
    auto storedRetry = m_ws.db().meta(kRetry);
    if (storedRetry && !storedRetry.value().isEmpty()) {
        auto opened = m_ws.secrets().open(QByteArray::fromBase64(storedRetry.value().toLatin1()), kRetryAd);
        if (opened) retry = opened.value();
    }
    if (retry.isEmpty()) {
        retry = crypto::randomBytes(24).toBase64();
        auto sealedRetry = m_ws.secrets().seal(retry, kRetryAd);
        if (!sealedRetry) return sealedRetry.error();
        RD_TRY(m_ws.db().setMeta(kRetry, QString::fromLatin1(sealedRetry.value().toBase64())));
    }
    const QByteArray body
        = compactJson(QJsonObject { { QStringLiteral("refresh_token"), QString::fromUtf8(token.value()) },
            { QStringLiteral("retry_key"), QString::fromLatin1(retry) } });
    HttpResponse r = m_http("POST", m_server + QStringLiteral("/v1/auth/refresh"), body, kJson, {});
    if (r.status != 200) {
        Error e = problemError(r);
        if (e.code == ErrorCode::AuthFailed)
            e.details.insert(QStringLiteral("reason"), QStringLiteral("sign_in_required"));
        return e;
    }
    return storeTokens(QJsonDocument::fromJson(r.body).object());
}

Status SyncEngine::signIn(const QString& tenant, const QString& email, const QString& password, const QString& totp)
{
    QJsonObject request { { QStringLiteral("tenant"), tenant }, { QStringLiteral("email"), email },
        { QStringLiteral("password"), password }, { QStringLiteral("totp"), totp },
        { QStringLiteral("device_id"), m_ws.db().deviceId() }, { QStringLiteral("device_name"), QSysInfo::machineHostName() } };
    if (!m_joinCode.isEmpty()) request.insert(QStringLiteral("join_code"), m_joinCode);
    const QByteArray body = compactJson(request);
    HttpResponse r = m_http("POST", m_server + QStringLiteral("/v1/auth/login"), body, kJson, {});
    if (r.status != 200) return problemError(r);
    const QJsonObject tokens = QJsonDocument::fromJson(r.body).object();
    // Named in the key lease: whom to sign in as when it has lapsed.
    RD_TRY(m_ws.db().setMeta(kTenant, tenant));
    RD_TRY(m_ws.db().setMeta(kEmail, email));
    if (tokens.value(QStringLiteral("device_id")).toString() != m_ws.db().deviceId())
        return makeError(ErrorCode::Conflict, QStringLiteral("The server registered this device under another id."),
            { { QStringLiteral("reason"), QStringLiteral("device_mismatch") } });
    return storeTokens(tokens);
}

Status SyncEngine::attach(
    const QString& server, const QString& tenant, const QString& email, const QString& password, const QString& totp)
{
    QString url = server.trimmed();
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    if (!url.startsWith(QLatin1String("http://")) && !url.startsWith(QLatin1String("https://")))
        return makeError(ErrorCode::ValidationFailed,
            QStringLiteral("The server address must start with https:// (or http://)."),
            { { QStringLiteral("field"), QStringLiteral("server") } });
    const QString previous = m_server;
    m_server = url;
    if (Status s = signIn(tenant, email, password, totp); !s) {
        m_server = previous;
        return s;
    }
    return m_ws.db().setMeta(kServer, url);
}

Status SyncEngine::connect(const QString& server, const QString& tenant, const QString& email, const QString& password,
    const QString& totp, bool upload)
{
    const bool first = m_server.isEmpty();
    // Attaching a workspace (it sends everything the workspace holds) or pointing it at another
    // server is an admin's decision; signing an attached device in again at its own server is not
    // (login()).
    QString url = server.trimmed();
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    if (first || url != m_server) RD_TRY(m_ws.context().authz.require(m_session, Resource::Settings, Action::Manage));
    RD_TRY(attach(server, tenant, email, password, totp));
    UnitOfWork uow(m_ws.context(), m_session);
    RD_TRY(uow.status());
    Database& db = m_ws.db();
    qint64 uploaded = 0;
    if (upload && first) {
        // The first attach uploads the whole state: the outbox is rebuilt as one insert per
        // row, parents before children. Nothing was pushed before, so numbering restarts.
        auto cleared = db.change(QStringLiteral("DELETE FROM changes"));
        if (!cleared) return cleared.error();
        auto n = recordAll();
        if (!n) return n.error();
        uploaded = n.value();
        RD_TRY(db.setMeta(kPushed, QStringLiteral("0")));
    }
    auto syncUser = db.meta(kUser);
    if (first || !syncUser || syncUser.value().isEmpty()) RD_TRY(db.setMeta(kUser, m_session.userId));
    RD_TRY(uow.audit(QStringLiteral("sync.connect"), QStringLiteral("workspace"), m_session.tenantId,
        { { QStringLiteral("server"), m_server }, { QStringLiteral("records"), uploaded } }));
    return uow.commit();
}

Status SyncEngine::login(const QString& tenant, const QString& email, const QString& password, const QString& totp)
{
    if (m_server.isEmpty())
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("This workspace is not connected to a sync server."),
            { { QStringLiteral("reason"), QStringLiteral("not_connected") } });
    // At the server it is attached to, nothing else changes.
    RD_TRY(signIn(tenant, email, password, totp));
    UnitOfWork uow(m_ws.context(), m_session);
    RD_TRY(uow.status());
    RD_TRY(uow.audit(QStringLiteral("sync.login"), QStringLiteral("workspace"), m_session.tenantId,
        { { QStringLiteral("server"), m_server } }));
    return uow.commit();
}

Result<qint64> SyncEngine::recordAll()
{
    qint64 n = 0;
    for (const replication::Table& t : replication::tables()) {
        auto c = replication::captureRows(m_ws.db(), t.name);
        if (!c) return c.error();
        n += c.value();
    }
    return n;
}

Status SyncEngine::newTimeline(const PullResponse& page, SyncSummary& s)
{
    // The server's timeline changed: its database was restored from a backup (and its admin ran
    // `recruitdesk-server restored`), or the workspace now syncs with another server. It may
    // lack changes this device sent: every row this device has is recorded again (rows the
    // server lost come back) and attachment files are announced again. The server decides
    // each field by its version: a base beyond the restore point names changes the server no
    // longer has, so unsent records are rebased on that point (restored_seq; none: 0) and a
    // value the server changed since then stays (this one becomes a conflict). Then the
    // server's state is pulled from its beginning, this device's pending fields winning locally.
    qCWarning(lcSync) << "the server's timeline changed (restored from a backup?): recording this device's state again";
    Database& db = m_ws.db();
    UnitOfWork uow(m_ws.context(), m_session);
    RD_TRY(uow.status());
    auto n = recordAll();
    if (!n) return n.error();
    auto pushed = metaInt(kPushed);
    if (!pushed) return pushed.error();
    const qint64 restoredAt = std::max<qint64>(page.restoredSeq, 0);
    auto rebased = db.change(QStringLiteral("UPDATE changes SET base_server_seq = min(coalesce(base_server_seq, 0), ?) "
                                            "WHERE dev_seq > ?"),
        { restoredAt, pushed.value() });
    if (!rebased) return rebased.error();
    auto held = db.change(QStringLiteral("UPDATE sync_held SET base_server_seq = min(coalesce(base_server_seq, 0), ?)"),
        { restoredAt });
    if (!held) return held.error();
    auto files = db.change(QStringLiteral("UPDATE blob_state SET on_server = 0"));
    if (!files) return files.error();
    RD_TRY(UnseenFields::clear(db));
    // (Changes that waited aside name the old timeline's numbers: the new one brings the rows.)
    if (auto d = db.change(QStringLiteral("DELETE FROM sync_unapplied")); !d) return d.error();
    RD_TRY(db.setMeta(kSeen, QString()));
    auto reset = db.change(QStringLiteral("UPDATE sync_ctx SET base_seq = 0"));
    if (!reset) return reset.error();
    RD_TRY(db.setMeta(kEpoch, page.epoch));
    RD_TRY(db.setMeta(kResync, QStringLiteral("1")));
    if (!m_session.system)
        RD_TRY(uow.audit(QStringLiteral("sync.reupload"), QStringLiteral("workspace"), m_session.tenantId,
            { { QStringLiteral("reason"), page.restoredSeq >= 0 ? QStringLiteral("server_restored")
                                                                 : QStringLiteral("server_replaced") },
                { QStringLiteral("records"), n.value() }, { QStringLiteral("restored_seq"), page.restoredSeq } }));
    RD_TRY(uow.commit());
    s.repulled = true;
    return {};
}

Status SyncEngine::push(SyncSummary& s)
{
    Database& db = m_ws.db();
    RD_TRY(requeueHeld());
    // Below a number the server says this file reuses (restored from a backup or copied): the
    // records its lost self sent, sent again first so their answers (refusals) apply here.
    qint64 below = std::numeric_limits<qint64>::max();
    for (int guard = 0; guard < 100000; ++guard) {
        auto pushed = metaInt(kPushed);
        if (!pushed) return pushed.error();
        auto rows = db.select(
            QStringLiteral("SELECT dev_seq, entity, row_id, op, fields, coalesce(base_server_seq, 0), "
                           "coalesce(correlation_id, ''), coalesce(prior, '') FROM changes WHERE dev_seq > ? AND "
                           "dev_seq < ? ORDER BY dev_seq LIMIT ?"),
            { pushed.value(), below, kPushBatch });
        if (!rows) return rows.error();
        // Cut by size too: the server takes at most 16 MiB a request (long CVs, a first upload).
        const QList<QSqlRecord> batch = firstBytes(rows.value(), kPushBatchBytes, recordBytes);
        if (batch.isEmpty()) {
            if (below == std::numeric_limits<qint64>::max()) return {};
            below = std::numeric_limits<qint64>::max();
            continue;
        }
        if (batch.size() == 1 && recordBytes(batch.first()) > kMaxRecordBytes) {
            // One record no request can carry: it waits here (listed), the rest go on.
            RD_TRY(holdTooLarge(batch.first(), s));
            continue;
        }
        auto unseen = UnseenFields::load(db);
        if (!unseen) return unseen.error();
        PushRequest req;
        req.deviceId = db.deviceId();
        auto resync = db.meta(kResync);
        req.resync = resync && resync.value() == QLatin1String("1");
        auto epoch = db.meta(kEpoch);
        if (epoch) req.epoch = epoch.value();
        for (const auto& r : batch) {
            ChangeRecord c;
            c.devSeq = r.value(0).toLongLong();
            c.entity = r.value(1).toString();
            c.rowId = r.value(2).toString();
            c.op = r.value(3).toString();
            c.fields = QJsonDocument::fromJson(r.value(4).toString().toUtf8()).object();
            c.baseServerSeq = r.value(5).toLongLong();
            c.correlationId = r.value(6).toString();
            if (const QString prior = r.value(7).toString(); !prior.isEmpty())
                c.prior = QJsonDocument::fromJson(prior.toUtf8()).object();
            unseen.value().describe(c);
            req.changes << c;
        }
        auto body = call("POST", QStringLiteral("/v1/sync/push"), req.toCbor());
        if (!body) {
            const Error& e = body.error();
            if (e.code == ErrorCode::Conflict
                && e.details.value(QStringLiteral("reason")).toString() == QLatin1String("dev_seq_reused")) {
                // Restored from a backup or copied: the server has other changes under these
                // numbers. Those before the reused one it has (identical): they go again alone,
                // and what the server answered them then (a refusal, say) applies here too
                // (simulation seed 2923). The rest go up under a new device identity.
                const qint64 reused = e.details.value(QStringLiteral("dev_seq")).toInteger(batch.first().value(0).toLongLong());
                if (reused > batch.first().value(0).toLongLong() && reused < below) {
                    below = reused;
                    continue;
                }
                RD_TRY(renewDevice(QStringLiteral("dev_seq_reused"), reused, -1, s));
                below = std::numeric_limits<qint64>::max();
                continue;
            }
            return e;
        }
        auto resp = PushResponse::fromCbor(body.value());
        if (!resp) return resp.error();
        s.pushed += resp.value().accepted;
        s.duplicates += resp.value().duplicates;
        // Restoring refused rows writes in the server's order, not the local foreign keys'.
        const bool refusals = !resp.value().refused.isEmpty();
        if (refusals) RD_TRY(db.execRaw(QStringLiteral("PRAGMA foreign_keys = OFF")));
        auto restoreFk = qScopeGuard([&db, refusals] {
            if (refusals) (void)db.execRaw(QStringLiteral("PRAGMA foreign_keys = ON"));
        });
        Transaction tx(db);
        RD_TRY(tx.status());
        // The answer acknowledges this batch, never more: the server's idea of this device's
        // head may be beyond it (a restored file numbers its new changes again), and records
        // this device has not sent stay until they are sent.
        const qint64 batchLast = batch.last().value(0).toLongLong();
        if (resp.value().lastDevSeq < batchLast)
            return makeError(ErrorCode::Internal, QStringLiteral("The server did not take the whole batch."));
        RD_TRY(applyRefusals(resp.value(), req, s));
        RD_TRY(db.setMeta(kPushed, QString::number(batchLast)));
        if (req.resync) RD_TRY(db.setMeta(kResync, QStringLiteral("0")));
        // Acknowledged records go; the newest record stays so numbering continues above it.
        auto pruned = db.change(
            QStringLiteral("DELETE FROM changes WHERE dev_seq <= ? AND dev_seq < (SELECT max(dev_seq) FROM changes)"),
            { batchLast });
        if (!pruned) return pruned.error();
        RD_TRY(tx.commit());
    }
    return {};
}

Status SyncEngine::pushAudit(SyncSummary& s, bool renewOnFork)
{
    Database& db = m_ws.db();
    bool gapHandled = false;
    for (;;) {
        auto done = metaInt(kAuditPushed);
        if (!done) return done.error();
        auto rows = db.select(
            QStringLiteral("SELECT id, tenant_id, device_id, chain_seq, coalesce(user_id, ''), action, resource_type, "
                           "coalesce(resource_id, ''), outcome, diff, coalesce(correlation_id, ''), created_at, "
                           "prev_hash, hash FROM audit_log WHERE device_id = ? AND chain_seq > ? ORDER BY chain_seq "
                           "LIMIT ?"),
            { db.deviceId(), done.value(), kPushBatch });
        if (!rows) return rows.error();
        // Cut by size too, as pushes are (an entry's diff may hold long values).
        const QList<QSqlRecord> batch = firstBytes(rows.value(), kPushBatchBytes,
            [](const QSqlRecord& r) { return r.value(9).toString().toUtf8().size() + 512; });
        if (batch.isEmpty()) return {};
        AuditPushRequest req;
        req.deviceId = db.deviceId();
        for (const auto& r : batch) {
            AuditRecord a;
            a.id = r.value(0).toString();
            a.tenantId = r.value(1).toString();
            a.deviceId = r.value(2).toString();
            a.chainSeq = r.value(3).toLongLong();
            a.userId = r.value(4).toString();
            a.action = r.value(5).toString();
            a.resourceType = r.value(6).toString();
            a.resourceId = r.value(7).toString();
            a.outcome = r.value(8).toString();
            a.diff = r.value(9).toString().toUtf8();
            a.correlationId = r.value(10).toString();
            a.createdAt = r.value(11).toString();
            a.prevHash = r.value(12).toString();
            a.hash = r.value(13).toString();
            req.entries << a;
        }
        auto body = call("POST", QStringLiteral("/v1/sync/audit"), req.toCbor());
        if (!body && !gapHandled
            && body.error().details.value(QStringLiteral("reason")).toString() == QLatin1String("gap")) {
            // The server holds less of this chain than this device sent (its database was
            // restored from a backup): send again from what it has.
            gapHandled = true;
            const qint64 head = body.error().details.value(QStringLiteral("last_chain_seq")).toInteger(-1);
            if (head >= 0 && head < done.value()) {
                qCWarning(lcSync) << "the server has this device's audit chain up to" << head << "only; sending from there";
                RD_TRY(db.setMeta(kAuditPushed, QString::number(head)));
                continue;
            }
        }
        if (!body && renewOnFork
            && body.error().details.value(QStringLiteral("reason")).toString() == QLatin1String("fork")) {
            auto pushed = metaInt(kPushed);
            if (!pushed) return pushed.error();
            RD_TRY(renewDevice(QStringLiteral("audit_fork"), pushed.value() + 1,
                body.error().details.value(QStringLiteral("chain_seq")).toInteger(), s));
            continue;
        }
        if (!body) return body.error();
        auto resp = AuditPushResponse::fromCbor(body.value());
        if (!resp) return resp.error();
        s.auditPushed += resp.value().accepted;
        RD_TRY(db.setMeta(kAuditPushed, QString::number(resp.value().lastChainSeq)));
        if (resp.value().lastChainSeq < batch.last().value(3).toLongLong())
            return makeError(ErrorCode::Internal, QStringLiteral("The server did not take the whole audit batch."));
    }
}

Status SyncEngine::pull(SyncSummary& s)
{
    Database& db = m_ws.db();
    for (int guard = 0; guard < 1000000; ++guard) {
        auto cursor = db.selectOne(QStringLiteral("SELECT base_seq FROM sync_ctx"));
        if (!cursor) return cursor.error();
        const qint64 after = cursor.value().value(0).toLongLong();
        auto scope = db.meta(kScope);
        const QString held = scope ? scope.value() : QString();
        auto epoch = db.meta(kEpoch);
        const QString known = epoch ? epoch.value() : QString();
        auto seen = db.meta(kSeen);
        // A fingerprint naming another device by its real id (pulled before servers showed
        // colleagues' devices by opaque names, or this file's id before it renewed) no longer
        // matches: this pull goes without one, and stores the new form.
        if (seen && isUuid(seen.value().section(QLatin1Char(':'), 1, 1))
            && seen.value().section(QLatin1Char(':'), 1, 1) != db.deviceId())
            seen = QString();
        auto body = call("GET",
            // (The join flag goes first: a scope's percent escapes must not meet another arg().)
            QStringLiteral("/v1/sync/pull?%1after=%2&limit=%3&schema_version=%4&scope=%5&epoch=%6&seen=%7")
                .arg(m_joining ? QStringLiteral("join=1&") : QString())
                .arg(after)
                .arg(kPullPage)
                .arg(kProtocolVersion)
                .arg(QString::fromLatin1(QUrl::toPercentEncoding(held)),
                    QString::fromLatin1(QUrl::toPercentEncoding(known)),
                    QString::fromLatin1(QUrl::toPercentEncoding(seen ? seen.value() : QString()))),
            {});
        if (!body) return body.error(); // cursor_ahead: the server's admin has to act first
        auto page = PullResponse::fromCbor(body.value());
        if (!page) return page.error();
        // (Also from cursor 0: a laptop pulling again from the start under a new read scope still
        // holds what it sent before the server's restore, and must send it again.)
        if (page.value().restart || (!known.isEmpty() && known != page.value().epoch)) {
            RD_TRY(newTimeline(page.value(), s));
            continue;
        }
        if (!page.value().purge.isEmpty()) {
            RD_TRY(purgeScope(page.value(), s));
            continue;
        }
        RD_TRY(applyPage(page.value(), s));
        if (!page.value().more) return {};
    }
    return {};
}

Result<bool> SyncEngine::writeServerRow(const QString& entity, const QString& rowId, const QJsonObject& fields,
    const QHash<QString, QString>& types, const QSet<QString>& skip, bool create)
{
    Result<bool> w = detail::writeRow(m_ws.db(), entity, rowId, fields, types, skip, create);
    if (w || w.error().code != ErrorCode::Conflict) return w;
    // A local row holds a unique key this row has (both made offline, or a number the server
    // gave another row meanwhile). The server decides such pairs in its order and this row is
    // the server's; the local one gives way here as the server will make it (it comes back with
    // the server's values).
    RD_TRY(yieldUniqueKeys(entity, rowId, fields));
    return detail::writeRow(m_ws.db(), entity, rowId, fields, types, skip, create);
}

Status SyncEngine::yieldUniqueKeys(const QString& entity, const QString& rowId, const QJsonObject& fields)
{
    const replication::Table* table = replication::table(entity);
    if (!table) return {};
    Database& db = m_ws.db();
    using K = replication::Table::UniqueKey;
    for (const K& key : table->uniqueKeys) {
        // The incoming row's key: its fields over what this device has of it.
        QStringList where;
        QVariantList binds;
        bool complete = true;
        for (const QString& col : key.columns) {
            QJsonValue v = fields.value(col);
            if (v.isUndefined()) {
                auto have = db.selectOne(QStringLiteral("SELECT %1 FROM %2 WHERE id = ?").arg(col, entity), { rowId });
                if (!have || have.value().value(0).isNull()) {
                    complete = false;
                    break;
                }
                where << col + QStringLiteral(" = ?");
                binds << have.value().value(0);
                continue;
            }
            if (v.isNull()) {
                complete = false;
                break;
            }
            where << col + QStringLiteral(" = ?");
            // As SQLite compares them: true and false are 1 and 0 (a server before 2026-12 may
            // hold them).
            binds << (v.isDouble() ? QVariant(v.toDouble()) : v.isBool() ? QVariant(v.toBool() ? 1 : 0) : QVariant(v.toString()));
        }
        if (!complete) continue;
        binds << rowId;
        auto holders = db.select(QStringLiteral("SELECT id FROM %1 WHERE %2 AND id <> ?%3")
                                     .arg(entity, where.join(QStringLiteral(" AND ")),
                                         key.includesDeleted ? QString() : QStringLiteral(" AND deleted_at IS NULL")),
            binds);
        if (!holders) return holders.error();
        const QString col = key.columns.last();
        for (const auto& h : holders.value()) {
            const QString other = h.value(0).toString();
            Result<int> moved = 0;
            if (key.resolution == K::Tombstone) {
                moved = db.change(QStringLiteral("UPDATE %1 SET deleted_at = ? WHERE id = ?").arg(entity),
                    { m_ws.clock().nowIso(), other });
            } else if (key.resolution == K::Renumber) {
                QStringList scope = key.columns;
                scope.removeLast();
                QStringList same;
                for (const QString& sc : scope)
                    same << QStringLiteral("%1 = (SELECT %1 FROM %2 WHERE id = ?)").arg(sc, entity);
                // Bound in order: the scope subqueries, then the row.
                QVariantList ordered;
                for (int i = 0; i < scope.size(); ++i)
                    ordered << other;
                ordered << other;
                moved
                    = db.change(QStringLiteral("UPDATE %1 SET %2 = (SELECT max(%2) + 1 FROM %1 WHERE %3) WHERE id = ?")
                                    .arg(entity, col, same.join(QStringLiteral(" AND "))),
                        ordered);
            } else {
                for (int n = 2; n < 1000; ++n) {
                    moved = db.change(QStringLiteral("UPDATE %1 SET %2 = %2 || '-' || ? WHERE id = ?").arg(entity, col),
                        { n, other });
                    if (moved || moved.error().code != ErrorCode::Conflict) break;
                }
            }
            if (!moved) return moved.error();
            qCInfo(lcSync) << "local" << entity << other << "gave way to" << rowId << "on" << key.columns;
        }
    }
    return {};
}

Result<SyncSummary> SyncEngine::syncOnce()
{
    auto done = round();
    if (!done) return carryOut(done.error());
    return done;
}

Result<SyncSummary> SyncEngine::round()
{
    // One round at a time per workspace file (the desktop's scheduler and the CLI, or two threads).
    WorkspaceLock round(m_ws.db(), "sync");
    if (!round.acquire(m_roundWaitMs))
        return makeError(ErrorCode::Unavailable,
            QStringLiteral("Another sync of this workspace is still running (the desktop or recruitdesk-cli); try again "
                           "when it has finished."),
            { { QStringLiteral("reason"), QStringLiteral("sync_busy") } });
    QElapsedTimer timer;
    timer.start();
    SyncSummary s;
    // Outbox recording left off by a round under an earlier release (replication::healCapture):
    // on again before anything is pushed, and the user told that edits made meanwhile may not
    // have been sent.
    auto healed = replication::healCapture(m_ws.db());
    if (!healed) return healed.error();
    if (healed.value())
        RD_TRY(m_ws.db().setMeta(kNotice,
            QStringLiteral("Changes made on this computer since an earlier sync failed may not have been sent (an error "
                           "in an earlier version stopped recording them; it records again now). Please check your recent "
                           "edits on another computer and make again any that are missing.")));
    RD_TRY(uploadBlobs(s));
    bool pushAgain = false;
    if (Status p = push(s); !p) {
        // The server's timeline changed since this device last pulled: the pull rebases the
        // outbox on it first.
        if (p.error().details.value(QStringLiteral("reason")).toString() != QLatin1String("epoch_changed"))
            return p.error();
        pushAgain = true;
    }
    RD_TRY(pull(s));
    if (s.repulled || pushAgain) {
        RD_TRY(uploadBlobs(s)); // a restored server lost files too
        RD_TRY(push(s)); // what was recorded again for the restored server
    }
    RD_TRY(downloadBlobs(s));
    // The pull's own audit entries go up at once, so a finished round leaves nothing behind.
    RD_TRY(pushAudit(s));
    // Dropped candidates' words leave the search index's older segments too (as an erasure's).
    if (std::exchange(m_dropped, false)) RD_TRY(m_ws.gdpr().compactIndex());
    RD_TRY(renewLease());
    s.pending = pendingCount();
    auto c = m_ws.db().selectOne(QStringLiteral("SELECT base_seq FROM sync_ctx"));
    if (c) s.cursor = c.value().value(0).toLongLong();
    s.ms = timer.elapsed();
    return s;
}

} // namespace rd::sync
