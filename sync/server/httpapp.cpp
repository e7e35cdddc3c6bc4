#include "httpapp.h"

#include "devicelease.h"

#include "candidatepages.h"
#include "integrations.h"
#include "invitations.h"
#include "jobboard.h"
#include "lowdelay.h"
#include "outbound.h"
#include "serversettings.h"
#include "smswebhooks.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QPointer>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QUuid>
#include <QtConcurrent>
#include <cstdio>

namespace rd::server {

void logJson(const QString& level, const QString& message, const QJsonObject& fields)
{
    static QMutex mutex;
    QJsonObject o = fields;
    o.insert(QStringLiteral("ts"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("level"), level);
    o.insert(QStringLiteral("msg"), message);
    const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    QMutexLocker lock(&mutex);
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

Reply Reply::json(const QJsonObject& o, int status)
{
    return { status, "application/json", QJsonDocument(o).toJson(QJsonDocument::Compact) };
}

Reply Reply::problem(
    int status, const QString& code, const QString& title, const QString& detail, const QJsonObject& extra)
{
    QJsonObject o = extra;
    o.insert(QStringLiteral("type"), QStringLiteral("https://recruitdesk.app/problems/") + code);
    o.insert(QStringLiteral("title"), title);
    o.insert(QStringLiteral("status"), status);
    o.insert(QStringLiteral("code"), code);
    if (!detail.isEmpty()) o.insert(QStringLiteral("detail"), detail);
    return { status, "application/problem+json", QJsonDocument(o).toJson(QJsonDocument::Compact) };
}

Reply Reply::problem(const Error& e)
{
    const int status = HttpApp::httpStatus(e.code);
    if (status >= 500) {
        // The server's own trouble: the log gets the driver's words (which may quote the
        // request's values), the client a plain answer.
        logJson(QStringLiteral("error"), QStringLiteral("request failed"),
            { { QStringLiteral("code"), e.codeName() }, { QStringLiteral("error"), e.message },
                { QStringLiteral("details"), e.details } });
        return problem(status, e.codeName(), QStringLiteral("The server could not do this now; try again later."));
    }
    QJsonObject extra;
    if (!e.details.isEmpty()) extra.insert(QStringLiteral("details"), e.details);
    return problem(status, e.codeName(), e.message, {}, extra);
}

int HttpApp::httpStatus(ErrorCode code)
{
    switch (code) {
    case ErrorCode::ValidationFailed:
        return 400;
    case ErrorCode::AuthFailed:
    case ErrorCode::MfaRequired:
        return 401;
    case ErrorCode::PermissionDenied:
    case ErrorCode::TenantSuspended:
        return 403;
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::Conflict:
    case ErrorCode::SchemaTooNew:
    case ErrorCode::ChainBroken:
        return 409;
    case ErrorCode::LockedOut:
        return 429;
    case ErrorCode::StorageError:
    case ErrorCode::CryptoError: // a key the server cannot open (its key file): the server's trouble, for now
        return 503;
    default:
        return 500;
    }
}

namespace {
// A client's request id is kept when it is short and plain; anything else gets a new one.
QString requestId(const QHttpServerRequest& req)
{
    static const QRegularExpression sane(QStringLiteral("^[A-Za-z0-9._:-]{8,64}$"));
    const QString given = QString::fromLatin1(req.value("X-Request-Id"));
    return sane.match(given).hasMatch() ? given : QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return QStringLiteral("GET");
    case QHttpServerRequest::Method::Put:
        return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Post:
        return QStringLiteral("POST");
    case QHttpServerRequest::Method::Head:
        return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QStringLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QStringLiteral("PATCH");
    default:
        return QStringLiteral("OTHER");
    }
}

Request copy(const QHttpServerRequest& req, const QList<QPair<QHostAddress, int>>& trusted)
{
    Request r;
    r.id = requestId(req);
    r.method = methodName(req.method());
    r.path = req.url().path();
    for (const auto& item : req.query().queryItems(QUrl::FullyDecoded))
        r.query.insert(item.first, item.second);
    for (const auto& h : req.headers())
        r.headers.insert(h.first.toLower(), h.second);
    r.body = req.body();
    QByteArray forwarded; // every X-Forwarded-For header, in order
    for (const auto& h : req.headers())
        if (h.first.compare("x-forwarded-for", Qt::CaseInsensitive) == 0)
            forwarded += (forwarded.isEmpty() ? QByteArray() : QByteArray(",")) + h.second;
    r.address = HttpApp::clientAddress(req.remoteAddress(), forwarded, trusted);
    return r;
}
} // namespace

namespace {
// A NUL character anywhere in V's text (keys too): no text column or jsonb value holds one.
bool holdsNul(const QJsonValue& v)
{
    if (v.isString()) return v.toString().contains(QChar(0));
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        return std::any_of(a.begin(), a.end(), [](const QJsonValue& item) { return holdsNul(item); });
    }
    if (!v.isObject()) return false;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.key().contains(QChar(0)) || holdsNul(it.value())) return true;
    return false;
}
} // namespace

std::variant<QJsonObject, Reply> Request::jsonBody(qsizetype maxBytes) const
{
    if (body.size() > maxBytes)
        return Reply::problem(413, QStringLiteral("payload_too_large"),
            QStringLiteral("The request body is too large."), QStringLiteral("At most %1 bytes.").arg(maxBytes));
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &e);
    if (e.error != QJsonParseError::NoError || !doc.isObject())
        return Reply::problem(400, QStringLiteral("validation_failed"),
            QStringLiteral("The body must be a JSON object."),
            e.error != QJsonParseError::NoError ? e.errorString() : QStringLiteral("not an object"));
    if (holdsNul(doc.object()))
        return Reply::problem(400, QStringLiteral("validation_failed"),
            QStringLiteral("Text may not contain NUL characters (\\u0000)."));
    return doc.object();
}

QString Request::bearer() const
{
    const QByteArray h = headers.value("authorization");
    return h.startsWith("Bearer ") ? QString::fromLatin1(h.mid(7).trimmed()) : QString();
}

HttpApp::HttpApp(const ServerConfig& config, PgDatabase& db)
    : m_config(config)
    , m_db(db)
    , m_auth(db, config.secretsKeyFile)
    , m_sync(db)
    , m_audit(db)
    , m_blobs(db, config.blobMaxBytes)
    , m_settings(std::make_unique<ServerSettings>(db, config.secretsKeyFile))
    , m_pages(std::make_unique<CandidatePages>(db, *m_settings))
    , m_sms(std::make_unique<SmsWebhooks>(db, *m_settings))
    , m_jobs(std::make_unique<JobBoard>(db, *m_settings))
{
    m_pool.setMaxThreadCount(config.workers);
    m_pool.setExpiryTimeout(-1); // workers keep their database connections
    route(QStringLiteral("/health"), QStringLiteral("/health"), { QStringLiteral("GET") },
        [this](const Request&) { return health(); });
    route(
        QStringLiteral("/metrics"), QStringLiteral("/metrics"), { QStringLiteral("GET") },
        [this](const Request&) {
            // Queue depth: requests waiting for a worker, and those being handled.
            m_metrics.set(QStringLiteral("http_requests_queued"), m_queued.load());
            m_metrics.set(QStringLiteral("http_requests_active"), m_active.load());
            m_metrics.set(QStringLiteral("http_workers"), m_pool.maxThreadCount());
            return Reply { 200, "text/plain; version=0.0.4", m_metrics.render() };
        },
        false);
    route(QStringLiteral("/v1/openapi.json"), QStringLiteral("/v1/openapi.json"), { QStringLiteral("GET") },
        [](const Request&) { return Reply::json(openApi()); });
    route(QStringLiteral("/v1/auth/login"), QStringLiteral("/v1/auth/login"), { QStringLiteral("POST") },
        [this](const Request& r) { return signIn(r); });
    route(QStringLiteral("/v1/auth/refresh"), QStringLiteral("/v1/auth/refresh"), { QStringLiteral("POST") },
        [this](const Request& r) { return refresh(r); });
    route(QStringLiteral("/v1/auth/logout"), QStringLiteral("/v1/auth/logout"), { QStringLiteral("POST") },
        [this](const Request& r) { return signOut(r); });
    routeDevices(); // key leases, remote wipe, admins' device list (httpdevices.cpp)
    route(QStringLiteral("/v1/invitations"), QStringLiteral("/v1/invitations"), { QStringLiteral("POST") },
        [this](const Request& r) { return invite(r); });
    route(QStringLiteral("/v1/sync/push"), QStringLiteral("/v1/sync/push"), { QStringLiteral("POST") },
        [this](const Request& r) { return push(r); });
    route(QStringLiteral("/v1/sync/pull"), QStringLiteral("/v1/sync/pull"), { QStringLiteral("GET") },
        [this](const Request& r) { return pull(r); });
    route(QStringLiteral("/v1/sync/audit"), QStringLiteral("/v1/sync/audit"), { QStringLiteral("POST") },
        [this](const Request& r) { return pushAudit(r); });
    // A restored or copied laptop carries on as a new device (AuthService::succeed).
    route(QStringLiteral("/v1/sync/successor"), QStringLiteral("/v1/sync/successor"), { QStringLiteral("POST") },
        [this](const Request& r) {
            auto claims = m_auth.verify(r.bearer());
            if (!claims) return failure(claims.error());
            auto body = r.jsonBody();
            if (auto* problem = std::get_if<Reply>(&body)) return *problem;
            const QJsonObject o = std::get<QJsonObject>(body);
            auto tokens = m_auth.succeed(claims.value(), o.value(QStringLiteral("device_id")).toString(),
                o.value(QStringLiteral("origin")).toObject(), o.value(QStringLiteral("refresh_token")).toString());
            if (!tokens) return failure(tokens.error());
            return Reply::json(tokens.value().toJson());
        });
    route(QStringLiteral("/v1/blobs/<arg>"), QStringLiteral("/v1/blobs/{sha256}"),
        { QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("GET") },
        [this](const Request& r) { return blob(r); });
    // The pages candidates open from an outreach email (docs/outreach.md).
    route(QStringLiteral("/confirm/<arg>"), QStringLiteral("/confirm/{token}"),
        { QStringLiteral("GET"), QStringLiteral("POST") }, [this](const Request& r) { return m_pages->confirm(r); });
    route(QStringLiteral("/unsubscribe/<arg>"), QStringLiteral("/unsubscribe/{token}"),
        { QStringLiteral("GET"), QStringLiteral("POST") },
        [this](const Request& r) { return m_pages->unsubscribe(r); });
    // The REST API for other systems (API keys) and their inbound webhooks.
    route(QStringLiteral("/v1/api/jobs"), QStringLiteral("/v1/api/jobs"), { QStringLiteral("GET") },
        [this](const Request& r) { return apiJobs(r); });
    route(QStringLiteral("/v1/api/applications"), QStringLiteral("/v1/api/applications"), { QStringLiteral("GET") },
        [this](const Request& r) { return apiApplications(r); });
    route(QStringLiteral("/v1/inbound/<arg>/<arg>"), QStringLiteral("/v1/inbound/{tenant}/{integration}"),
        { QStringLiteral("POST") }, [this](const Request& r) { return inbound(r); });
    // The tenants' public job boards (list, job with the apply form).
    route(QStringLiteral("/jobs/<arg>"), QStringLiteral("/jobs/{tenant}"), { QStringLiteral("GET") },
        [this](const Request& r) { return m_jobs->list(r); });
    route(QStringLiteral("/jobs/<arg>/<arg>"), QStringLiteral("/jobs/{tenant}/{job}"),
        { QStringLiteral("GET"), QStringLiteral("POST") }, [this](const Request& r) { return m_jobs->job(r); });
    // What the SMS provider posts back: delivery reports and replies (STOP).
    route(QStringLiteral("/sms/status/<arg>"), QStringLiteral("/sms/status/{tenant}"), { QStringLiteral("POST") },
        [this](const Request& r) { return m_sms->status(r); });
    route(QStringLiteral("/sms/inbound"), QStringLiteral("/sms/inbound"), { QStringLiteral("POST") },
        [this](const Request& r) { return m_sms->inbound(r); });
    m_http.setMissingHandler([this](const QHttpServerRequest& req, QHttpServerResponder&& responder) {
        QElapsedTimer t;
        t.start();
        const Request r = copy(req, m_config.trustedProxies);
        finish(r, QStringLiteral("unmatched"),
            Reply::problem(404, QStringLiteral("not_found"), QStringLiteral("No such endpoint."),
                QStringLiteral("%1 %2 is not part of this API; see /v1/openapi.json.").arg(r.method, r.path)),
            t.nsecsElapsed())
            .write(std::move(responder));
    });
}

HttpApp::~HttpApp()
{
    m_pool.waitForDone();
}

void HttpApp::route(
    const QString& path, const QString& name, const QStringList& methods, Handler handler, bool onWorker)
{
    m_routes.insert(name, methods);
    if (!onWorker) {
        m_http.route(path, [this, name, methods, handler](const QHttpServerRequest& req) {
            QElapsedTimer t;
            t.start();
            const Request r = copy(req, m_config.trustedProxies);
            const qint64 started = t.nsecsElapsed();
            return answer(r, name, methods, handler, t.nsecsElapsed() - started);
        });
        return;
    }
    if (path.count(QLatin1String("<arg>")) == 2) { // pathArg is "FIRST/SECOND"
        m_http.route(path,
            [this, name, methods, handler](const QString& first, const QString& second, const QHttpServerRequest& req,
                QHttpServerResponder&& responder) {
                QElapsedTimer t;
                t.start();
                Request r = copy(req, m_config.trustedProxies);
                r.pathArg = first + QLatin1Char('/') + second;
                dispatch(std::move(responder), std::move(r), name, methods, handler, t, t.nsecsElapsed());
            });
        return;
    }
    if (path.contains(QLatin1String("<arg>"))) {
        m_http.route(path,
            [this, name, methods, handler](
                const QString& arg, const QHttpServerRequest& req, QHttpServerResponder&& responder) {
                QElapsedTimer t;
                t.start();
                Request r = copy(req, m_config.trustedProxies);
                r.pathArg = arg;
                dispatch(std::move(responder), std::move(r), name, methods, handler, t, t.nsecsElapsed());
            });
        return;
    }
    m_http.route(path, [this, name, methods, handler](const QHttpServerRequest& req, QHttpServerResponder&& responder) {
        QElapsedTimer t;
        t.start();
        Request r = copy(req, m_config.trustedProxies);
        dispatch(std::move(responder), std::move(r), name, methods, handler, t, t.nsecsElapsed());
    });
}

namespace {
// A NUL character in the path's arguments or the query: nothing the server stores holds one.
bool nulInAddress(const Request& r)
{
    if (r.pathArg.contains(QChar(0))) return true;
    for (auto it = r.query.cbegin(); it != r.query.cend(); ++it)
        if (it.key().contains(QChar(0)) || it.value().contains(QChar(0))) return true;
    return false;
}
} // namespace

QString HttpApp::clientAddress(
    const QHostAddress& peer, const QByteArray& forwarded, const QList<QPair<QHostAddress, int>>& trusted)
{
    const auto isTrusted = [&](const QHostAddress& a) {
        return std::any_of(trusted.begin(), trusted.end(), [&](const auto& subnet) { return a.isInSubnet(subnet); });
    };
    QHostAddress client = outbound::plain(peer);
    if (!isTrusted(client)) return client.toString();
    // From the right: each trusted proxy names the one before it; the first address that is
    // no trusted proxy is the client. What a client wrote itself stands further left, unread.
    const QList<QByteArray> hops = forwarded.split(',');
    for (auto it = hops.crbegin(); it != hops.crend(); ++it) {
        // An address may come with a port ("203.0.113.7:4711", "[2001:db8::1]:443").
        QString text = QString::fromLatin1(it->trimmed());
        if (text.startsWith(QLatin1Char('[')) && text.contains(QLatin1Char(']')))
            text = text.mid(1, text.indexOf(QLatin1Char(']')) - 1);
        else if (text.count(QLatin1Char(':')) == 1 && text.contains(QLatin1Char('.')))
            text = text.section(QLatin1Char(':'), 0, 0);
        const QHostAddress hop(text);
        if (hop.isNull()) break; // not an address: nothing left of it is believed
        client = outbound::plain(hop);
        if (!isTrusted(client)) break;
    }
    return client.toString();
}

QHttpServerResponse HttpApp::answer(
    const Request& r, const QString& name, const QStringList& methods, const Handler& handler, qint64 elapsedNs)
{
    QElapsedTimer t;
    t.start();
    Reply reply = !methods.contains(r.method)
        ? Reply::problem(405, QStringLiteral("method_not_allowed"), QStringLiteral("Method not allowed."),
            QStringLiteral("%1 takes %2.").arg(r.path, methods.join(QStringLiteral(", "))))
        : nulInAddress(r) ? Reply::problem(400, QStringLiteral("validation_failed"),
              QStringLiteral("The address may not contain NUL characters (%00)."))
                          : handler(r);
    QHttpServerResponse response = finish(r, name, reply, elapsedNs + t.nsecsElapsed());
    if (reply.status == 405) response.setHeader("Allow", methods.join(QStringLiteral(", ")).toLatin1());
    return response;
}

void HttpApp::dispatch(QHttpServerResponder&& responder, Request r, const QString& name, const QStringList& methods,
    const Handler& handler, QElapsedTimer t, qint64 started)
{
    ++m_queued;
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    const QPointer<QTcpSocket> socket = held->socket();
    m_pool.start([this, held, socket, r = std::move(r), name, methods, handler, t, started]() {
        --m_queued;
        ++m_active;
        auto response
            = std::make_shared<QHttpServerResponse>(answer(r, name, methods, handler, t.nsecsElapsed() - started));
        --m_active;
        // Back on the listening thread, where the socket lives; a client that went away in
        // the meantime (its socket deleted or closing) gets nothing.
        QMetaObject::invokeMethod(
            &m_http,
            [held, socket, response]() {
                if (socket && socket->state() == QAbstractSocket::ConnectedState) response->write(std::move(*held));
            },
            Qt::QueuedConnection);
    });
}

QHttpServerResponse HttpApp::finish(const Request& r, const QString& route, const Reply& reply, qint64 elapsedNs)
{
    QByteArray body = reply.body;
    if (reply.contentType == "application/problem+json") {
        QJsonObject o = QJsonDocument::fromJson(body).object();
        o.insert(QStringLiteral("request_id"), r.id);
        body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    }
    QHttpServerResponse response(reply.contentType, body, QHttpServerResponse::StatusCode(reply.status));
    response.setHeader("X-Request-Id", r.id.toLatin1());
    for (const auto& h : reply.headers)
        response.setHeader(h.first, h.second);
    const double seconds = double(elapsedNs) / 1e9;
    m_metrics.request(route, r.method, reply.status, seconds);
    logJson(reply.status >= 500 ? QStringLiteral("error") : QStringLiteral("info"), QStringLiteral("request"),
        { { QStringLiteral("request_id"), r.id }, { QStringLiteral("method"), r.method },
            { QStringLiteral("path"), r.path }, { QStringLiteral("route"), route },
            { QStringLiteral("status"), reply.status }, { QStringLiteral("ms"), qRound(seconds * 100000) / 100.0 } });
    return response;
}

Reply HttpApp::health()
{
    // Liveness is answering at all; readiness is a database round trip on the current schema.
    QJsonObject o { { QStringLiteral("status"), QStringLiteral("ok") },
        { QStringLiteral("latest_schema"), PgDatabase::latestSchemaVersion() } };
    const Status ping = m_db.ping();
    if (!ping) {
        o.insert(QStringLiteral("status"), QStringLiteral("unavailable"));
        o.insert(QStringLiteral("database"), QStringLiteral("unreachable"));
        o.insert(QStringLiteral("detail"), ping.error().message);
        return Reply::json(o, 503);
    }
    o.insert(QStringLiteral("database"), QStringLiteral("ok"));
    auto version = m_db.schemaVersion();
    o.insert(QStringLiteral("schema"), version ? version.value() : -1);
    if (!version || version.value() != PgDatabase::latestSchemaVersion()) {
        o.insert(QStringLiteral("status"), QStringLiteral("unavailable"));
        o.insert(QStringLiteral("detail"),
            QStringLiteral("The database schema is not current: run `recruitdesk-server migrate`."));
        return Reply::json(o, 503);
    }
    return Reply::json(o);
}

Reply HttpApp::failure(const Error& e)
{
    if (e.code == ErrorCode::AuthFailed || e.code == ErrorCode::LockedOut)
        m_metrics.add(QStringLiteral("sign_in_failures"));
    Reply reply = Reply::problem(e);
    return reply;
}

Reply HttpApp::signIn(const Request& r)
{
    auto body = r.jsonBody();
    if (auto* problem = std::get_if<Reply>(&body)) return *problem;
    const QJsonObject o = std::get<QJsonObject>(body);
    SignInRequest req { o.value(QStringLiteral("tenant")).toString(), o.value(QStringLiteral("email")).toString(),
        o.value(QStringLiteral("password")).toString(), o.value(QStringLiteral("totp")).toString(),
        o.value(QStringLiteral("device_id")).toString(), o.value(QStringLiteral("device_name")).toString(), r.address,
        o.value(QStringLiteral("join_code")).toString() };
    if (req.email.isEmpty() || req.password.isEmpty())
        return Reply::problem(
            400, QStringLiteral("validation_failed"), QStringLiteral("email and password are required."));
    auto tokens = m_auth.signIn(req);
    if (!tokens) return failure(tokens.error());
    m_metrics.add(QStringLiteral("sign_ins"));
    return Reply::json(tokens.value().toJson());
}

Reply HttpApp::invite(const Request& r)
{
    auto claims = m_auth.verify(r.bearer());
    if (!claims) return failure(claims.error());
    auto body = r.jsonBody();
    if (auto* problem = std::get_if<Reply>(&body)) return *problem;
    const QJsonObject o = std::get<QJsonObject>(body);
    const QString email = o.value(QStringLiteral("email")).toString();
    if (email.isEmpty())
        return Reply::problem(400, QStringLiteral("validation_failed"), QStringLiteral("email is required."));
    auto invited = Invitations(m_db, m_settings.get())
                       .invite(claims.value(), email, o.value(QStringLiteral("role")).toString(QStringLiteral("recruiter")),
                           QJsonObject { { QStringLiteral("given_name"), o.value(QStringLiteral("given_name")) },
                               { QStringLiteral("family_name"), o.value(QStringLiteral("family_name")) } },
                           o.value(QStringLiteral("request_key")).toString());
    if (!invited) return failure(invited.error());
    Reply reply = Reply::json(invited.value().toJson());
    reply.status = 201;
    return reply;
}

Reply HttpApp::refresh(const Request& r)
{
    auto body = r.jsonBody();
    if (auto* problem = std::get_if<Reply>(&body)) return *problem;
    const QString token = std::get<QJsonObject>(body).value(QStringLiteral("refresh_token")).toString();
    if (token.isEmpty())
        return Reply::problem(400, QStringLiteral("validation_failed"), QStringLiteral("refresh_token is required."));
    auto tokens = m_auth.refresh(token, std::get<QJsonObject>(body).value(QStringLiteral("retry_key")).toString());
    if (!tokens) return failure(tokens.error());
    return Reply::json(tokens.value().toJson());
}

Reply HttpApp::signOut(const Request& r)
{
    auto claims = m_auth.verify(r.bearer());
    if (!claims) return failure(claims.error());
    const Status done = m_auth.signOut(claims.value());
    if (!done) return failure(done.error());
    return { 204, "application/json", {} };
}

template <typename Batch> std::variant<std::pair<AccessClaims, Batch>, Reply> HttpApp::batch(const Request& r)
{
    auto claims = m_auth.verify(r.bearer());
    if (!claims) return failure(claims.error());
    if (r.body.size() > kMaxBatchBytes)
        return Reply::problem(413, QStringLiteral("payload_too_large"), QStringLiteral("The batch is too large."),
            QStringLiteral("Send at most %1 bytes per request.").arg(kMaxBatchBytes));
    auto decoded = Batch::fromCbor(r.body);
    if (!decoded) return Reply::problem(decoded.error());
    return std::pair<AccessClaims, Batch> { claims.value(), decoded.value() };
}

Reply HttpApp::push(const Request& r)
{
    auto in = batch<sync::PushRequest>(r);
    if (auto* problem = std::get_if<Reply>(&in)) return *problem;
    const auto& [claims, request] = std::get<0>(in);
    auto done = m_sync.push(claims, request);
    if (!done) {
        if (done.error().code == ErrorCode::Conflict) m_metrics.add(QStringLiteral("sync_push_rejections"));
        return Reply::problem(done.error());
    }
    m_metrics.add(QStringLiteral("sync_pushes"));
    m_metrics.add(QStringLiteral("sync_changes_accepted"), done.value().accepted);
    m_metrics.add(QStringLiteral("sync_conflicts"), double(done.value().conflicts.size()));
    return { 200, "application/cbor", done.value().toCbor() };
}

Reply HttpApp::pushAudit(const Request& r)
{
    auto in = batch<sync::AuditPushRequest>(r);
    if (auto* problem = std::get_if<Reply>(&in)) return *problem;
    const auto& [claims, request] = std::get<0>(in);
    auto done = m_audit.push(claims, request);
    if (!done) {
        if (done.error().code == ErrorCode::ChainBroken) m_metrics.add(QStringLiteral("audit_chain_rejections"));
        return Reply::problem(done.error());
    }
    m_metrics.add(QStringLiteral("audit_entries_accepted"), done.value().accepted);
    return { 200, "application/cbor", done.value().toCbor() };
}

namespace {
// The caller's API key: Authorization: Bearer rdk_... or X-Api-Key.
QString apiKeyOf(const Request& r)
{
    const QString bearer = r.bearer();
    return bearer.isEmpty() ? QString::fromLatin1(r.headers.value("x-api-key")).trimmed() : bearer;
}

// Rows of ENTITY for an API caller, in the tenant's scope, newest change first (at most LIMIT,
// after the server_seq CURSOR): the merged fields as the desktops have them.
Reply apiRows(PgDatabase& db, const ApiKeys::Caller& caller, const QString& entity, const QString& where,
    const QStringList& columns, const Request& r)
{
    const int limit = qBound(1, r.query.value(QStringLiteral("limit"), QStringLiteral("100")).toInt(), 500);
    const qint64 after = r.query.value(QStringLiteral("after")).toLongLong();
    if (!db.begin()) return Reply::problem(503, QStringLiteral("unavailable"), QStringLiteral("Try again."));
    auto rows = db.scopeToTenant(caller.tenantId)
        ? db.select(
            QStringLiteral(
                "SELECT row_id, fields::text, server_seq FROM entity_state WHERE tenant_id = ? AND entity = ? AND "
                "NOT deleted AND coalesce(fields->>'deleted_at', '') = '' AND server_seq > ? ")
                + where + QStringLiteral(" ORDER BY server_seq LIMIT ?"),
            { caller.tenantId, entity, after, limit })
        : Result<QList<QSqlRecord>>(Error {});
    db.rollback();
    if (!rows) return Reply::problem(503, QStringLiteral("unavailable"), QStringLiteral("Try again."));
    QJsonArray items;
    qint64 last = after;
    for (const auto& row : rows.value()) {
        const QJsonObject f = QJsonDocument::fromJson(row.value(1).toString().toUtf8()).object();
        QJsonObject item { { QStringLiteral("id"), row.value(0).toString() } };
        for (const QString& c : columns)
            item.insert(c, f.value(c));
        items << item;
        last = row.value(2).toLongLong();
    }
    return Reply::json({ { QStringLiteral("items"), items },
        { QStringLiteral("next_after"), rows.value().size() == limit ? QJsonValue(last) : QJsonValue() } });
}
} // namespace

Reply HttpApp::apiJobs(const Request& r)
{
    auto caller = ApiKeys(m_db).authenticate(apiKeyOf(r), QStringLiteral("jobs:read"));
    if (!caller) return Reply::problem(caller.error());
    return apiRows(m_db, caller.value(), QStringLiteral("job_postings"), {},
        { QStringLiteral("job_number"), QStringLiteral("external_id"), QStringLiteral("title"),
            QStringLiteral("description"), QStringLiteral("location"), QStringLiteral("department"),
            QStringLiteral("employment_type"), QStringLiteral("status"), QStringLiteral("published"),
            QStringLiteral("source"), QStringLiteral("created_at"), QStringLiteral("updated_at") },
        r);
}

Reply HttpApp::apiApplications(const Request& r)
{
    auto caller = ApiKeys(m_db).authenticate(apiKeyOf(r), QStringLiteral("applications:read"));
    if (!caller) return Reply::problem(caller.error());
    return apiRows(m_db, caller.value(), QStringLiteral("applications"), {},
        { QStringLiteral("candidate_id"), QStringLiteral("job_id"), QStringLiteral("stage_id"),
            QStringLiteral("status"), QStringLiteral("source"), QStringLiteral("applied_at"),
            QStringLiteral("updated_at") },
        r);
}

Reply HttpApp::inbound(const Request& r)
{
    if (r.body.size() > 256 * 1024)
        return Reply::problem(
            413, QStringLiteral("payload_too_large"), QStringLiteral("The request body is too large."));
    auto got = Integrations(m_db, *m_settings)
                   .receive(r.pathArg.section(QLatin1Char('/'), 0, 0), r.pathArg.section(QLatin1Char('/'), 1),
                       r.headers.value("x-recruitdesk-signature"), r.body);
    if (!got) return Reply::problem(got.error());
    return Reply::json(got.value(), got.value().value(QStringLiteral("created")).toBool() ? 201 : 200);
}

Reply HttpApp::pull(const Request& r)
{
    auto claims = m_auth.verify(r.bearer());
    if (!claims) return failure(claims.error());
    bool okAfter = true, okLimit = true;
    const qint64 after = r.query.value(QStringLiteral("after"), QStringLiteral("0")).toLongLong(&okAfter);
    const int limit = r.query.value(QStringLiteral("limit"), QStringLiteral("1000")).toInt(&okLimit);
    // Version 1 clients sent no schema_version on pulls.
    const int schema = r.query.value(QStringLiteral("schema_version"), QStringLiteral("1")).toInt();
    if (!okAfter || after < 0 || !okLimit || limit < 1)
        return Reply::problem(
            400, QStringLiteral("validation_failed"), QStringLiteral("after and limit must be non-negative numbers."));
    if (schema < sync::kOldestProtocolVersion || schema > sync::kProtocolVersion)
        return Reply::problem(400, QStringLiteral("validation_failed"),
            QStringLiteral("Protocol version %1 is not supported.").arg(schema), {},
            { { QStringLiteral("details"),
                QJsonObject { { QStringLiteral("reason"), QStringLiteral("unsupported_schema") } } } });
    auto page = m_sync.pull(claims.value(), after, limit, schema, r.query.value(QStringLiteral("scope")),
        r.query.value(QStringLiteral("join")) == QLatin1String("1"), r.query.value(QStringLiteral("epoch")),
        r.query.value(QStringLiteral("seen")).left(200));
    if (!page) return Reply::problem(page.error());
    m_metrics.add(QStringLiteral("sync_pulls"));
    return { 200, "application/cbor", page.value().toCbor() };
}

Reply HttpApp::blob(const Request& r)
{
    auto claims = m_auth.verify(r.bearer());
    if (!claims) return failure(claims.error());
    const QString sha = r.pathArg;
    if (r.method == QLatin1String("POST")) {
        auto body = r.jsonBody();
        if (auto* problem = std::get_if<Reply>(&body)) return *problem;
        const QJsonValue size = std::get<QJsonObject>(body).value(QStringLiteral("size"));
        if (!size.isDouble())
            return Reply::problem(
                400, QStringLiteral("validation_failed"), QStringLiteral("size (the file's bytes) is required."));
        auto st = m_blobs.begin(claims.value(), sha, size.toInteger());
        if (!st) {
            if (st.error().details.value(QStringLiteral("reason")).toString() == QLatin1String("too_large"))
                return Reply::problem(413, QStringLiteral("payload_too_large"), st.error().message, {},
                    { { QStringLiteral("details"), st.error().details } });
            return Reply::problem(st.error());
        }
        return Reply::json(st.value().toJson());
    }
    bool okOffset = true;
    const qint64 offset = r.query.value(QStringLiteral("offset"), QStringLiteral("0")).toLongLong(&okOffset);
    if (!okOffset || offset < 0)
        return Reply::problem(
            400, QStringLiteral("validation_failed"), QStringLiteral("offset must be a number of bytes."));
    if (r.method == QLatin1String("PUT")) {
        if (r.body.size() > BlobStore::kMaxChunk)
            return Reply::problem(413, QStringLiteral("payload_too_large"), QStringLiteral("The chunk is too large."),
                QStringLiteral("Send at most %1 bytes per chunk.").arg(BlobStore::kMaxChunk));
        auto st = m_blobs.append(claims.value(), sha, offset, r.body);
        if (!st) return Reply::problem(st.error());
        m_metrics.add(QStringLiteral("blob_bytes_received"), double(r.body.size()));
        if (st.value().complete) m_metrics.add(QStringLiteral("blobs_completed"));
        return Reply::json(st.value().toJson());
    }
    bool okLength = true;
    const qint64 length
        = r.query.value(QStringLiteral("length"), QString::number(BlobStore::kMaxChunk)).toLongLong(&okLength);
    if (!okLength || length < 1)
        return Reply::problem(
            400, QStringLiteral("validation_failed"), QStringLiteral("length must be a positive number of bytes."));
    qint64 size = 0;
    auto bytes = m_blobs.read(claims.value(), sha, offset, length, &size);
    if (!bytes) return Reply::problem(bytes.error());
    m_metrics.add(QStringLiteral("blob_bytes_sent"), double(bytes.value().size()));
    Reply reply { 200, "application/octet-stream", bytes.value() };
    reply.headers << qMakePair(QByteArray("X-Blob-Size"), QByteArray::number(size))
                  << qMakePair(QByteArray("X-Blob-Offset"), QByteArray::number(offset));
    return reply;
}

Result<quint16> HttpApp::listen()
{
    const QHostAddress address(
        m_config.listenHost == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : m_config.listenHost);
    if (address.isNull())
        return Error { ErrorCode::ValidationFailed,
            QStringLiteral("%1 is not an IP address to listen on.").arg(m_config.listenHost),
            { { QStringLiteral("key"), QStringLiteral("http.listen") } } };
    if (m_config.tls()) {
        QFile certFile(m_config.tlsCertificate), keyFile(m_config.tlsKey);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
            return Error { ErrorCode::NotFound, QStringLiteral("The TLS certificate or key file cannot be read."),
                { { QStringLiteral("key"), QStringLiteral("http.tls_certificate") } } };
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
        const QByteArray keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Ec, QSsl::Pem);
        if (key.isNull()) key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem);
        if (chain.isEmpty() || key.isNull())
            return Error { ErrorCode::ValidationFailed,
                QStringLiteral("The TLS certificate or key is not valid PEM (RSA or EC key)."),
                { { QStringLiteral("key"), QStringLiteral("http.tls_certificate") } } };
        m_http.sslSetup(chain.first(), key);
    } else if (!address.isLoopback()) {
        return Error { ErrorCode::ValidationFailed,
            QStringLiteral("Plain HTTP only on a loopback address (behind a reverse proxy); set http/tls_certificate "
                           "and http/tls_key "
                           "to listen on %1 directly.")
                .arg(m_config.listenHost),
            { { QStringLiteral("key"), QStringLiteral("http.listen") } } };
    }
    const quint16 port = listenLowDelay(m_http, address, quint16(m_config.listenPort), m_config.tls());
    if (port == 0)
        return Error { ErrorCode::Conflict,
            QStringLiteral("Cannot listen on %1:%2 (in use or not permitted).")
                .arg(m_config.listenHost)
                .arg(m_config.listenPort),
            { { QStringLiteral("key"), QStringLiteral("http.listen") } } };
    return port;
}

namespace {
// One operation of the OpenAPI document: path, method, summary, request body type (none:
// no body) and the type of the 200 answer.
struct Operation {
    const char* path;
    const char* method;
    const char* summary;
    const char* bodyType;
    const char* okType;
};
constexpr const char* kJson = "application/json";
constexpr const char* kCbor = "application/cbor";
constexpr const char* kHtml = "text/html";
constexpr const char* kForm = "application/x-www-form-urlencoded";
// Every route HttpApp registers (test_hostile checks both lists agree and attacks each).
constexpr Operation kOperations[] = {
    { "/health", "get", "Liveness and database readiness (503 when not ready)", nullptr, kJson },
    { "/metrics", "get", "Prometheus metrics", nullptr, "text/plain" },
    { "/v1/openapi.json", "get", "This document", nullptr, kJson },
    { "/v1/auth/login", "post",
        "Sign in: tenant (may be left out when the email names one account), email, password, totp (when enabled), "
        "device_id (a new UUID or empty: registers the device), device_name; returns tokens. An invited colleague's "
        "first sign-in sends join_code (single use) and the password they choose",
        kJson, kJson },
    { "/v1/invitations", "post",
        "Invite a colleague (Authorization: Bearer; needs user.create and user.manage): email, role, given_name, "
        "family_name, request_key (the client's key: the same request arriving twice leaves both codes valid); makes "
        "the account, its workspace user and a single-use join code, emailed when the server has email set up, else "
        "returned as code (201)",
        kJson, kJson },
    { "/v1/auth/refresh", "post",
        "Exchange a refresh token (single use; retry_key: the client's secret for this exchange, which makes a retry "
        "after a lost answer safe) for new tokens; a reused token ends its whole sign-in",
        kJson, kJson },
    { "/v1/auth/logout", "post", "End this device's sign-in (Authorization: Bearer)", kJson, kJson },
    { "/v1/device/lease", "post",
        "This device's key lease (Authorization: Bearer): lease_key (base64), lease_until and server_time (Unix ms), "
        "offline_days; refused with reason device_wipe when an administrator ordered the device erased",
        nullptr, kJson },
    { "/v1/device/wiped", "post", "A device says it has erased itself (JSON: refresh_token, its last one)", kJson, kJson },
    { "/v1/admin/devices", "get",
        "The tenant's devices (Authorization: Bearer; user.manage): items[] as `device list` shows them, this_device",
        nullptr, kJson },
    { "/v1/admin/devices/revoke", "post",
        "Revoke one of the tenant's devices (user.manage): device_id, wipe (erase it at its next contact), reason", kJson,
        kJson },
    { "/v1/sync/push", "post",
        "A batch of outbox records (CBOR: schema_version, device_id, changes[dev_seq, entity, row_id, op, fields, "
        "base_server_seq]); idempotent on (device_id, dev_seq)",
        kCbor, kCbor },
    { "/v1/sync/pull", "get",
        "Changes after ?after=SERVER_SEQ (&limit=N, at most 5000; &schema_version=2; &scope=KEY: the read scope the "
        "client pulled under) in server order and filtered to what the device's user may read, with the epoch, the "
        "next cursor, conflicts and the scope; purge (no changes) when the scope changed (CBOR)",
        nullptr, kCbor },
    { "/v1/sync/audit", "post",
        "A device's audit entries in chain order (CBOR: schema_version, device_id, entries[]); each is checked (no "
        "gap, no fork, hash recomputed) and stored append-only",
        kCbor, kCbor },
    { "/v1/sync/successor", "post",
        "A restored or copied laptop carries on as a new device (Authorization: Bearer): device_id (the new one), "
        "origin (where its file came from), refresh_token (the sign-in's live one); returns the new device's tokens",
        kJson, kJson },
    { "/v1/api/jobs", "get",
        "The tenant's jobs (API key with jobs:read: Authorization: Bearer rdk_... or X-Api-Key); ?after=CURSOR&limit=N "
        "(at most 500); answers items and next_after",
        nullptr, kJson },
    { "/v1/api/applications", "get", "The tenant's applications (API key with applications:read); ?after=CURSOR&limit=N",
        nullptr, kJson },
    { "/v1/inbound/{tenant}/{integration}", "post",
        "An integration's webhook (X-RecruitDesk-Signature: t=UNIX,v1=HMAC-SHA256 hex of \"UNIX.BODY\" with the "
        "integration's secret): {type: job.upsert | candidate.upsert, external_id, data}; 201 created, 200 updated",
        kJson, kJson },
    { "/v1/blobs/{sha256}", "post",
        "Announce an attachment file (JSON: size) or ask how far its upload got; answers sha256, size, received, "
        "complete",
        kJson, kJson },
    { "/v1/blobs/{sha256}", "put",
        "Send the bytes at ?offset=RECEIVED (at most 8 MiB per request); the last chunk is verified against the name "
        "(400 hash_mismatch: start again); 409 offset_mismatch carries the offset to continue at",
        "application/octet-stream", kJson },
    { "/v1/blobs/{sha256}", "get",
        "Bytes of a complete file from ?offset=N, at most ?length=M (8 MiB); X-Blob-Size gives the file's size",
        nullptr, "application/octet-stream" },
    { "/confirm/{token}", "get", "The page a candidate opens from an outreach message: interested or not (HTML)",
        nullptr, kHtml },
    { "/confirm/{token}", "post", "The candidate's answer (answer=confirm|decline), recorded once (HTML)", kForm,
        kHtml },
    { "/unsubscribe/{token}", "get", "The unsubscribe page of an outreach message (HTML)", nullptr, kHtml },
    { "/unsubscribe/{token}", "post", "No more messages on that channel (RFC 8058 one-click) (HTML)", kForm, kHtml },
    { "/jobs/{tenant}", "get", "The tenant's public job board: its published jobs (HTML)", nullptr, kHtml },
    { "/jobs/{tenant}/{job}", "get", "A published job with its apply form and schema.org JobPosting data (HTML)",
        nullptr, kHtml },
    { "/jobs/{tenant}/{job}", "post", "Apply with a CV (multipart/form-data; rate limited per address) (HTML)",
        "multipart/form-data", kHtml },
    { "/sms/status/{tenant}", "post", "The SMS provider's delivery report (signed)", kForm, kJson },
    { "/sms/inbound", "post", "A reply to an SMS (signed); STOP opts the number out", kForm, kJson },
};
} // namespace

QJsonObject HttpApp::openApi()
{
    const QJsonObject problem { { QStringLiteral("$ref"), QStringLiteral("#/components/schemas/Problem") } };
    const QJsonObject problemContent { { QStringLiteral("application/problem+json"),
        QJsonObject { { QStringLiteral("schema"), problem } } } };
    QJsonObject paths;
    for (const Operation& op : kOperations) {
        QJsonObject o { { QStringLiteral("summary"), QString::fromUtf8(op.summary) },
            { QStringLiteral("responses"),
                QJsonObject {
                    { QStringLiteral("200"),
                        QJsonObject { { QStringLiteral("description"), QStringLiteral("OK") },
                            { QStringLiteral("content"), QJsonObject { { QLatin1String(op.okType), QJsonObject {} } } } } },
                    { QStringLiteral("default"),
                        QJsonObject { { QStringLiteral("description"), QStringLiteral("Problem details (RFC 7807)") },
                            { QStringLiteral("content"), problemContent } } } } } };
        if (op.bodyType)
            o.insert(QStringLiteral("requestBody"),
                QJsonObject { { QStringLiteral("content"),
                    QJsonObject { { QLatin1String(op.bodyType), QJsonObject {} } } } });
        QJsonObject path = paths.value(QLatin1String(op.path)).toObject();
        path.insert(QLatin1String(op.method), o);
        paths.insert(QLatin1String(op.path), path);
    }
    const QJsonObject string { { QStringLiteral("type"), QStringLiteral("string") } };
    const QJsonObject problemSchema { { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("required"),
            QJsonArray { QStringLiteral("type"), QStringLiteral("title"), QStringLiteral("status"),
                QStringLiteral("code"), QStringLiteral("request_id") } },
        { QStringLiteral("properties"),
            QJsonObject { { QStringLiteral("type"), string }, { QStringLiteral("title"), string },
                { QStringLiteral("status"), QJsonObject { { QStringLiteral("type"), QStringLiteral("integer") } } },
                { QStringLiteral("code"), string }, { QStringLiteral("detail"), string },
                { QStringLiteral("request_id"), string } } } };
    return { { QStringLiteral("openapi"), QStringLiteral("3.0.3") },
        { QStringLiteral("info"),
            QJsonObject { { QStringLiteral("title"), QStringLiteral("RecruitDesk sync server") },
                { QStringLiteral("version"), QStringLiteral("1") } } },
        { QStringLiteral("paths"), paths },
        { QStringLiteral("components"),
            QJsonObject {
                { QStringLiteral("schemas"), QJsonObject { { QStringLiteral("Problem"), problemSchema } } } } } };
}

QMap<QString, QStringList> HttpApp::routes() const
{
    return m_routes;
}

} // namespace rd::server
