#pragma once

#include "auditstore.h"
#include "authservice.h"
#include "blobstore.h"
#include "common/result.h"
#include "metrics.h"
#include "pgdatabase.h"
#include "serverconfig.h"
#include "syncservice.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QThreadPool>
#include <atomic>
#include <functional>
#include <variant>

namespace rd::server {

// A response before the request id and the log line are added.
struct Reply {
    Reply(int status_ = 200, QByteArray contentType_ = "application/json", QByteArray body_ = {})
        : status(status_)
        , contentType(std::move(contentType_))
        , body(std::move(body_))
    {
    }
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // extra response headers
    static Reply json(const QJsonObject& o, int status = 200);
    // RFC 7807 problem details with the stable error code; the request id is added later.
    static Reply problem(int status, const QString& code, const QString& title, const QString& detail = {},
        const QJsonObject& extra = {});
    static Reply problem(const Error& e);
};

// What a handler sees of a request: copied out of QHttpServerRequest so the handler can run
// on a worker thread.
struct Request {
    QString id; // request id: the client's X-Request-Id when sane, else a new one
    QString method;
    QString path;
    QHash<QString, QString> query;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QString address; // the client's address (HttpApp::clientAddress)
    QString pathArg; // the <arg> of a route like /v1/blobs/<arg> ("A/B" for two)
    // The body as a JSON object (at most maxBytes): otherwise a problem reply to send back.
    std::variant<QJsonObject, Reply> jsonBody(qsizetype maxBytes = 64 * 1024) const;
    QString bearer() const; // the Authorization: Bearer token, or empty
};

// The server's HTTP side (QHttpServer behind this adapter, a technology preview in Qt 6.4):
// routes run on a bounded worker pool (one PostgreSQL connection per worker), every response
// carries X-Request-Id, errors are problem details, every request logs one JSON line.
class HttpApp {
public:
    HttpApp(const ServerConfig& config, PgDatabase& db);
    ~HttpApp();
    // Listens on the configured address (port 0: any free port); returns the port.
    Result<quint16> listen();
    Metrics& metrics() { return m_metrics; }
    static int httpStatus(ErrorCode code);
    static QJsonObject openApi();
    // The client's address: the peer's, or behind trusted proxies (ServerConfig) the right-most
    // address of X-Forwarded-For that is not a trusted proxy.
    static QString clientAddress(
        const QHostAddress& peer, const QByteArray& forwarded, const QList<QPair<QHostAddress, int>>& trusted);
    // The registered routes (their OpenAPI path) and the methods each takes.
    QMap<QString, QStringList> routes() const;

private:
    using Handler = std::function<Reply(const Request&)>;
    // onWorker false: answered on the listening thread (cheap, no database), so /metrics still
    // answers while every worker is busy.
    void route(
        const QString& path, const QString& name, const QStringList& methods, Handler handler, bool onWorker = true);
    // The method check, the handler and the response with its log line and metrics;
    // elapsedNs: time spent before the handler (queueing on the pool).
    QHttpServerResponse answer(
        const Request& r, const QString& name, const QStringList& methods, const Handler& handler, qint64 elapsedNs);
    // Answers on a worker; the reply is written on the listening thread only while the
    // client's socket still exists (a client that went away is not written to: Qt 6.4's
    // future-returning routes wrote to the freed socket and crashed the server).
    void dispatch(QHttpServerResponder&& responder, Request r, const QString& name, const QStringList& methods,
        const Handler& handler, QElapsedTimer t, qint64 started);
    QHttpServerResponse finish(const Request& r, const QString& route, const Reply& reply, qint64 startedNs);
    Reply health();
    Reply signIn(const Request& r);
    Reply invite(const Request& r);
    Reply refresh(const Request& r);
    Reply signOut(const Request& r);
    void routeDevices();
    Reply push(const Request& r);
    Reply pull(const Request& r);
    // The REST API for API keys (jobs:read, applications:read) and inbound webhooks.
    Reply apiJobs(const Request& r);
    Reply apiApplications(const Request& r);
    Reply inbound(const Request& r);
    Reply pushAudit(const Request& r);
    Reply blob(const Request& r); // POST (announce), PUT (a chunk), GET (a range)
    // The signed-in device's CBOR batch (at most kMaxBatchBytes): its claims and the decoded
    // request, or the problem to answer with.
    static constexpr qsizetype kMaxBatchBytes = 16 * 1024 * 1024;
    template <typename Batch> std::variant<std::pair<AccessClaims, Batch>, Reply> batch(const Request& r);
    Reply failure(const Error& e); // a problem reply; counts auth failures

    const ServerConfig m_config; // a copy: a caller's configuration may go before the server does
    PgDatabase& m_db;
    AuthService m_auth;
    SyncService m_sync;
    AuditStore m_audit;
    BlobStore m_blobs;
    std::unique_ptr<class ServerSettings> m_settings;
    std::unique_ptr<class CandidatePages> m_pages;
    std::unique_ptr<class SmsWebhooks> m_sms;
    std::unique_ptr<class JobBoard> m_jobs;
    Metrics m_metrics;
    QThreadPool m_pool;
    QMap<QString, QStringList> m_routes; // OpenAPI path -> methods
    std::atomic<int> m_queued { 0 }; // requests waiting for a worker
    std::atomic<int> m_active { 0 }; // requests a worker is handling
    QHttpServer m_http;
};

// One structured log line (JSON) on stderr: {"ts", "level", "msg", ...fields}.
void logJson(const QString& level, const QString& message, const QJsonObject& fields = {});

} // namespace rd::server
