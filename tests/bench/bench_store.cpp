// bench_store: N audited user creates through the service layer (UserService::createMany:
// permission check, validation, entity rows, hash-chained audit entries, outbox records, one
// transaction) against raw prepared INSERTs of the same entity rows (users + user_roles) in
// one transaction through the same driver, measured in the same run on fresh files.
// Prints one JSON object per line: the service against raw INSERTs, then the encrypted store
// (every workspace file) against a plain file, the same service path on each.
// Usage: bench_store [--quick] [--rows N] [--rounds R] [--only service|raw|encryption]
#include "benchutil.h"
#include "common/ids.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace rd;
using namespace rd::bench;

namespace {
QString recruiterRoleId(Setup& s)
{
    return s.ws->db()
        .selectOne(QStringLiteral("SELECT id FROM roles WHERE name = 'recruiter' AND tenant_id = ?"), { s.admin.tenantId })
        .value()
        .value(0)
        .toString();
}

QList<NewUser> makeRows(int n)
{
    QList<NewUser> rows;
    rows.reserve(n);
    for (int i = 0; i < n; ++i)
        rows.append({ QStringLiteral("person%1@bench.test").arg(i), QStringLiteral("Given%1").arg(i),
            QStringLiteral("Family%1").arg(i % 977), {}, { QStringLiteral("recruiter") } });
    return rows;
}

double serviceRun(const QList<NewUser>& rows, bool encrypted = true)
{
    auto s = makeSetup({}, encrypted);
    QElapsedTimer t;
    t.start();
    auto r = s->ws->users().createMany(s->admin, rows);
    const qint64 ns = t.nsecsElapsed();
    if (!r)
        qFatal("createMany failed: %s", qPrintable(r.error().message));
    for (const RowOutcome& o : r.value())
        if (o.error)
            qFatal("row %d failed: %s", o.row, qPrintable(o.error->message));
    auto v = s->ws->audit().verify();
    if (!v || !v.value().ok)
        qFatal("audit chain broken after bench");
    return double(rows.size()) / (double(ns) / 1e9);
}

double rawRun(const QList<NewUser>& rows)
{
    auto s = makeSetup();
    Database& db = s->ws->db();
    const QString roleId = recruiterRoleId(*s);
    const QString now = SystemClock::instance().nowIso();
    QElapsedTimer t;
    t.start();
    if (!db.begin())
        qFatal("begin failed");
    QSqlQuery users(db.connection());
    users.prepare(QStringLiteral("INSERT INTO users (id, tenant_id, email, email_norm, given_name, family_name, active, "
                                 "verified, created_at, updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,1,0,?,?,?,?)"));
    QSqlQuery roles(db.connection());
    roles.prepare(QStringLiteral("INSERT INTO user_roles (id, tenant_id, user_id, role_id, created_at, updated_at, "
                                 "created_by, updated_by) VALUES (?,?,?,?,?,?,?,?)"));
    for (const NewUser& nu : rows) {
        const QString id = newUuidV7();
        const QVariantList uv { id, s->admin.tenantId, nu.email, nu.email.toLower(), nu.givenName, nu.familyName, now, now,
            s->admin.userId, s->admin.userId };
        for (int i = 0; i < uv.size(); ++i)
            users.bindValue(i, uv[i]);
        if (!users.exec())
            qFatal("raw insert failed");
        const QVariantList rv { newUuidV7(), s->admin.tenantId, id, roleId, now, now, s->admin.userId,
            s->admin.userId };
        for (int i = 0; i < rv.size(); ++i)
            roles.bindValue(i, rv[i]);
        if (!roles.exec())
            qFatal("raw insert failed");
    }
    if (!db.commit())
        qFatal("commit failed");
    return double(rows.size()) / (double(t.nsecsElapsed()) / 1e9);
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("rd.*.info=false"));
    const QStringList args = app.arguments();
    int rows = args.contains(QStringLiteral("--quick")) ? 10000 : 100000;
    int rounds = 3;
    if (int i = int(args.indexOf(QStringLiteral("--rows"))); i > 0 && i + 1 < args.size())
        rows = args[i + 1].toInt();
    if (int i = int(args.indexOf(QStringLiteral("--rounds"))); i > 0 && i + 1 < args.size())
        rounds = args[i + 1].toInt();
    const QList<NewUser> data = makeRows(rows);
    // --only service|raw runs one side (for profiling); prints its figure only. --only encryption:
    // the encrypted-against-plain comparison alone.
    const int only = int(args.indexOf(QStringLiteral("--only")));
    const bool encryptionOnly = only > 0 && only + 1 < args.size() && args[only + 1] == QLatin1String("encryption");
    if (int i = only; i > 0 && i + 1 < args.size() && !encryptionOnly) {
        const double v = args[i + 1] == QLatin1String("raw") ? rawRun(data) : serviceRun(data);
        std::printf("{\"bench\":\"store_audited_creates\",\"side\":\"%s\",\"value\":%.0f,\"unit\":\"rows/s\"}\n",
            qPrintable(args[i + 1]), v);
        return 0;
    }

    // Interleaved rounds (alternating which side goes first); the figure is best-of-rounds
    // for each side, which filters out interference from other work on the machine. The
    // per-round ratios are printed too, with their median.
    QList<double> services;
    QList<double> raws;
    QList<double> ratios;
    for (int r = 0; r < rounds && !encryptionOnly; ++r) {
        double svc = 0;
        double raw = 0;
        if (r % 2 == 0) {
            raw = rawRun(data);
            svc = serviceRun(data);
        } else {
            svc = serviceRun(data);
            raw = rawRun(data);
        }
        services << svc;
        raws << raw;
        ratios << svc / raw;
    }
    if (!encryptionOnly) {
    const double bestService = *std::max_element(services.begin(), services.end());
    const double bestRaw = *std::max_element(raws.begin(), raws.end());
    const double ratio = bestService / bestRaw;
    QList<double> sorted = ratios;
    std::sort(sorted.begin(), sorted.end());
    const double medianRatio = sorted[sorted.size() / 2];
    QJsonArray perRound;
    for (double x : ratios)
        perRound.append(qRound(x * 1000) / 1000.0);
    const QJsonObject line { { QStringLiteral("bench"), QStringLiteral("store_audited_creates") },
        { QStringLiteral("metric"), QStringLiteral("rows_per_s") }, { QStringLiteral("rows"), rows },
        { QStringLiteral("rounds"), rounds }, { QStringLiteral("value"), qRound(bestService) },
        { QStringLiteral("baseline"), qRound(bestRaw) }, { QStringLiteral("ratio"), qRound(ratio * 1000) / 1000.0 },
        { QStringLiteral("ratio_median"), qRound(medianRatio * 1000) / 1000.0 },
        { QStringLiteral("round_ratios"), perRound }, { QStringLiteral("baseline_kind"),
            QStringLiteral("QtSql prepared INSERTs of the same users+user_roles rows, one transaction") },
        { QStringLiteral("unit"), QStringLiteral("rows/s") }, { QStringLiteral("target"), QStringLiteral("ratio >= 0.4") },
        { QStringLiteral("met"), ratio >= 0.4 } };
    std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
    }

    // The encrypted store (every workspace file) against the plain one: the same service path,
    // interleaved rounds, best of each (issue 22: within 15 %).
    QList<double> encs;
    QList<double> plains;
    QList<double> encRatios;
    for (int r = 0; r < rounds; ++r) {
        double enc = 0;
        double plain = 0;
        if (r % 2 == 0) {
            plain = serviceRun(data, false);
            enc = serviceRun(data, true);
        } else {
            enc = serviceRun(data, true);
            plain = serviceRun(data, false);
        }
        encs << enc;
        plains << plain;
        encRatios << enc / plain;
    }
    const double bestEnc = *std::max_element(encs.begin(), encs.end());
    const double bestPlain = *std::max_element(plains.begin(), plains.end());
    const double encRatio = bestEnc / bestPlain;
    QJsonArray encPerRound;
    for (double x : encRatios)
        encPerRound.append(qRound(x * 1000) / 1000.0);
    const QJsonObject encLine { { QStringLiteral("bench"), QStringLiteral("store_encrypted_vs_plain") },
        { QStringLiteral("metric"), QStringLiteral("rows_per_s") }, { QStringLiteral("rows"), rows },
        { QStringLiteral("rounds"), rounds }, { QStringLiteral("value"), qRound(bestEnc) },
        { QStringLiteral("baseline"), qRound(bestPlain) }, { QStringLiteral("ratio"), qRound(encRatio * 1000) / 1000.0 },
        { QStringLiteral("round_ratios"), encPerRound },
        { QStringLiteral("baseline_kind"), QStringLiteral("the same audited creates on a plain (unencrypted) workspace file") },
        { QStringLiteral("unit"), QStringLiteral("rows/s") }, { QStringLiteral("target"), QStringLiteral("ratio >= 0.85") },
        { QStringLiteral("met"), encRatio >= 0.85 } };
    std::printf("%s\n", QJsonDocument(encLine).toJson(QJsonDocument::Compact).constData());
    return 0;
}
