// Outreach dispatch throughput (issue 7): N queued email intents of one tenant sent by two
// dispatcher threads (each its own Dispatcher, claiming with FOR UPDATE SKIP LOCKED) to a local
// SMTP sink (tests/smtpsink.py on python3-aiosmtpd), against the raw rate of the same sink fed
// directly by two threads with the same SMTP client (one kept connection each) in the same run. Prints one JSON line:
// messages/s, the baseline, the ratio; target >= 200 messages/s.
// It starts its own throwaway PostgreSQL cluster (tests/pgfixture). --quick: 300 messages
// (default 2,000); --messages N.
#include "benchpg.h"
#include "server/authservice.h"
#include "server/dispatcher.h"
#include "server/pgdatabase.h"
#include "smtpsink.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QUuid>
#include <QtConcurrent>
#include <cstdio>

using namespace rd;
using namespace rd::server;

namespace {
MailMessage message(int i)
{
    MailMessage m;
    m.from = QStringLiteral("jobs@bench.test");
    m.fromName = QStringLiteral("Bench");
    m.to = { QStringLiteral("c%1@example.org").arg(i) };
    m.subject = QStringLiteral("Plant manager in Lyon");
    m.text = QStringLiteral("Hello Ada %1, would this interest you? https://jobs.bench.test/confirm/xxxxxxxxxxxxxxxx\n")
                 .arg(i);
    return m;
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    int n = args.contains(QStringLiteral("--quick")) ? 300 : 2000;
    if (const qsizetype i = args.indexOf(QStringLiteral("--messages")); i > 0 && i + 1 < args.size())
        n = args.at(i + 1).toInt();
    if (!QFile::exists(QStringLiteral("/usr/bin/python3")))
        qFatal("python3 with aiosmtpd (scripts/deps.sh test) is needed for the SMTP sink");

    QTemporaryDir tmp;
    bench::Cluster cluster;
    PgDatabase db(PgUrl::parse(cluster.freshDatabase()).value());
    if (!db.migrate()) qFatal("migrate failed");
    AuthService auth(db);
    auto tenant = auth.createTenant(QStringLiteral("Bench"), QStringLiteral("agency"),
        QStringLiteral("admin@bench.test"), QStringLiteral("Bench-Pass-123456"));
    if (!tenant) qFatal("tenant: %s", qPrintable(tenant.error().message));
    auto tid = db.select(QStringLiteral("SELECT id FROM tenants"));
    const QString tenantId = tid.value().first().value(0).toString();

    test::SmtpSink sink;
    if (!sink.start()) qFatal("the SMTP sink did not start");

    // Raw: two threads feed the sink directly with the same client, each over one connection
    // kept open (as the dispatcher keeps one per pass): the best this sink and client can do.
    SmtpSettings smtp;
    smtp.host = QStringLiteral("127.0.0.1");
    smtp.port = sink.port;
    smtp.tls = QStringLiteral("none");
    QElapsedTimer t;
    t.start();
    auto feed = [&](int from, int to) {
        SmtpClient client(smtp);
        for (int i = from; i < to; ++i)
            if (!client.send(message(i))) qFatal("raw send failed");
    };
    auto a = QtConcurrent::run(feed, 0, n / 2);
    auto b = QtConcurrent::run(feed, n / 2, n);
    a.waitForFinished();
    b.waitForFinished();
    const double rawSeconds = t.nsecsElapsed() / 1e9;

    // The same number of intents as replicated rows (what the laptops' pushes leave on the server).
    if (!db.begin()) qFatal("begin");
    (void)db.scopeToTenant(tenantId);
    QJsonArray rows;
    rows << QJsonObject { { QStringLiteral("entity"), QStringLiteral("candidates") },
        { QStringLiteral("row_id"), QStringLiteral("cand-1") },
        { QStringLiteral("fields"),
            QJsonObject { { QStringLiteral("consent"), QStringLiteral("granted") },
                { QStringLiteral("first_name"), QStringLiteral("Ada") } } } };
    for (int i = 0; i < n; ++i) {
        const MailMessage m = message(i);
        rows << QJsonObject { { QStringLiteral("entity"), QStringLiteral("outreach_intents") },
            { QStringLiteral("row_id"), QStringLiteral("intent-%1").arg(i) },
            { QStringLiteral("fields"),
                QJsonObject { { QStringLiteral("status"), QStringLiteral("queued") },
                    { QStringLiteral("channel"), QStringLiteral("email") },
                    { QStringLiteral("candidate_id"), QStringLiteral("cand-1") },
                    { QStringLiteral("recipient"), m.to.first() }, { QStringLiteral("subject"), m.subject },
                    { QStringLiteral("body"), m.text }, { QStringLiteral("template"), QStringLiteral("Proposal") },
                    { QStringLiteral("deleted_at"), QJsonValue() } } } };
    }
    auto ins
        = db.exec(QStringLiteral("INSERT INTO entity_state (tenant_id, entity, row_id, fields, server_seq) SELECT ?, "
                                 "r.entity, r.row_id, r.fields, 1 FROM jsonb_to_recordset(?::jsonb) AS r(entity text, "
                                 "row_id text, fields jsonb)"),
            { tenantId, QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)) });
    if (!ins || !db.commit()) qFatal("cannot store the intents");

    ServerSettings settings(db, tmp.filePath(QStringLiteral("secrets.key")));
    for (const auto& [k, v] : { std::pair { "smtp.host", "127.0.0.1" }, std::pair { "smtp.tls", "none" },
             std::pair { "smtp.from", "jobs@bench.test" }, std::pair { "public_url", "https://jobs.bench.test" } })
        if (!settings.set(QString::fromLatin1(k), QString::fromLatin1(v))) qFatal("setting %s", k);
    if (!settings.set(QStringLiteral("smtp.port"), QString::number(sink.port))
        || !settings.set(QStringLiteral("rate_per_minute"), QStringLiteral("100000")))
        qFatal("settings");

    const int before = sink.count();
    t.restart();
    std::atomic<int> sent { 0 };
    // Each thread passes until every message is out (a pass may find the rest claimed by the other).
    auto dispatch = [&] {
        Dispatcher d(db, settings);
        QElapsedTimer limit;
        limit.start();
        while (sent.load() < n && limit.elapsed() < 600000) {
            auto r = d.runOnce();
            if (!r) qFatal("dispatch: %s", qPrintable(r.error().message));
            sent += r.value().sent;
            if (r.value().failed + r.value().dead + r.value().unknown > 0)
                qFatal("dispatch: %s", QJsonDocument(r.value().toJson()).toJson(QJsonDocument::Compact).constData());
            if (r.value().claimed == 0) QThread::msleep(5);
        }
    };
    auto d1 = QtConcurrent::run(dispatch);
    auto d2 = QtConcurrent::run(dispatch);
    d1.waitForFinished();
    d2.waitForFinished();
    const double dispatchSeconds = t.nsecsElapsed() / 1e9;
    if (sent.load() != n || sink.count() - before != n)
        qFatal("sent %d, the sink received %d, expected %d", sent.load(), sink.count() - before, n);

    const double rate = n / dispatchSeconds;
    const double raw = n / rawSeconds;
    std::printf("%s\n",
        QJsonDocument(QJsonObject { { QStringLiteral("bench"), QStringLiteral("outreach_dispatch") },
                          { QStringLiteral("messages"), n }, { QStringLiteral("threads"), 2 },
                          { QStringLiteral("dispatcher_per_s"), qRound(rate * 10) / 10.0 },
                          { QStringLiteral("raw_sink_per_s"), qRound(raw * 10) / 10.0 },
                          { QStringLiteral("ratio"), qRound(rate / raw * 100) / 100.0 },
                          { QStringLiteral("target_per_s"), 200 }, { QStringLiteral("met"), rate >= 200 } })
            .toJson(QJsonDocument::Compact)
            .constData());
    return 0;
}
