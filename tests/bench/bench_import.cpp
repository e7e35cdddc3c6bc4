// bench_import: a candidate CSV from the demo generator (N rows with CV texts of 1-3 KB)
// through ImportService (parsing, validation, duplicate checks, sealed audit entries, outbox,
// CV versions, import batch rows, search.index jobs) against the raw insert rate of the same
// rows: prepared INSERTs of the same candidate, contact and CV rows through the same driver
// in one transaction on a fresh file (and, as a second figure, the same rows through SQLite's
// C API: the storage floor). The search documents are then written by running the
// import's search.index jobs: their rate and the end-to-end rate (import + index, rows
// searchable) are printed too. Prints one JSON object.
// Usage: bench_import [--quick] [--rows N] [--seed S] [--no-cv]
// --no-cv: the same candidates without resume_text (no CV versions).
#include "benchutil.h"

#include "common/ids.h"
#include "crypto/crypto.h"
#include "recruiting/candidateservice.h"
#include "recruiting/csvreader.h"
#include "recruiting/searchservice.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlQuery>

#include <cstdio>

using namespace rd;
using namespace rd::bench;

namespace {
struct ServiceRun {
    double importRowsPerS = 0;
    double indexDocsPerS = 0;
    double endToEndRowsPerS = 0;
    double mergeSecs = 0; // the background merge of index segments after the import
};

ServiceRun runService(const QString& csv, int rows)
{
    auto s = makeSetup();
    QFile f(csv);
    f.open(QIODevice::ReadOnly);
    QElapsedTimer t;
    t.start();
    auto rep = s->ws->imports().importCsv(s->admin, QStringLiteral("candidates"), f, QStringLiteral("bench.csv"), false);
    const double importSecs = t.nsecsElapsed() / 1e9;
    if (!rep || rep.value().imported != rows)
        qFatal("import failed: %s (%d imported)", rep ? "rows missing" : qPrintable(rep.error().message), rep ? rep.value().imported : 0);
    t.restart();
    auto ran = s->ws->jobs().runDue(1000000, QString::fromLatin1(SearchService::kIndexJob));
    const double indexSecs = t.nsecsElapsed() / 1e9;
    auto docs = s->ws->db().selectOne(QStringLiteral("SELECT COUNT(*) FROM candidate_search"));
    if (!ran || !docs || docs.value().value(0).toInt() != rows)
        qFatal("indexing failed");
    t.restart();
    if (!s->ws->jobs().runDue(10, QString::fromLatin1(SearchService::kMergeJob)))
        qFatal("merge failed");
    return { rows / importSecs, rows / indexSecs, rows / (importSecs + indexSecs), t.nsecsElapsed() / 1e9 };
}

double runRaw(const QString& csv, int rows)
{
    auto s = makeSetup();
    Database& db = s->ws->db();
    QFile f(csv);
    f.open(QIODevice::ReadOnly);
    QElapsedTimer t;
    t.start();
    CsvReader reader(f);
    QStringList header;
    reader.next(header);
    QStringList fields;
    if (!db.begin())
        qFatal("begin failed");
    QSqlQuery cand(db.connection()), contact(db.connection()), cv(db.connection());
    cand.prepare(QStringLiteral("INSERT INTO candidates (id, tenant_id, external_id, first_name, last_name, location, latitude, longitude, "
                                "skills, source, tags, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    contact.prepare(QStringLiteral("INSERT INTO candidate_contacts (id, tenant_id, candidate_id, kind, value, value_norm, created_at, updated_at) "
                                   "VALUES (?,?,?,?,?,?,?,?)"));
    cv.prepare(QStringLiteral("INSERT INTO cv_versions (id, tenant_id, candidate_id, version, text, source, sha256, created_at, updated_at) "
                              "VALUES (?,?,?,1,?,'import',?,?,?)"));
    const QString now = QStringLiteral("2026-01-01T00:00:00.000Z");
    const QString tenant = s->admin.tenantId;
    int n = 0;
    while (reader.next(fields)) {
        const QString id = newUuidV7();
        auto toJsonList = [](const QString& v) { return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(v.split(QLatin1Char(';')))).toJson(QJsonDocument::Compact)); };
        for (const QVariant& v : QVariantList { id, tenant, fields[0], fields[1], fields[2], fields[5], fields[6].toDouble(), fields[7].toDouble(),
                 toJsonList(fields[8]), fields[10], toJsonList(fields[11]), now, now })
            cand.addBindValue(v);
        if (!cand.exec())
            qFatal("raw insert failed");
        for (const auto& [kind, value] : { std::pair { QStringLiteral("email"), fields[3] }, std::pair { QStringLiteral("phone"), fields[4] } }) {
            for (const QVariant& v : QVariantList { newUuidV7(), tenant, id, kind, value, value.toLower(), now, now })
                contact.addBindValue(v);
            if (!contact.exec())
                qFatal("raw contact failed");
        }
        if (!fields[9].isEmpty()) {
            for (const QVariant& v : QVariantList { newUuidV7(), tenant, id, fields[9], crypto::sha256Hex(fields[9].toUtf8()), now, now })
                cv.addBindValue(v);
            if (!cv.exec())
                qFatal("raw cv failed");
        }
        ++n;
    }
    // The rows only: the import hands its search documents to the jobs queue as well.
    if (!db.change(QStringLiteral("DELETE FROM search_dirty")) || !db.commit() || n != rows)
        qFatal("raw commit failed");
    return rows / (t.elapsed() / 1000.0);
}
// The same rows through SQLite's C API (Database::appendRow: cached statements, UTF-8 text,
// no QVariant): the storage floor without the QtSql layer.
double runRawCApi(const QString& csv, int rows)
{
    auto s = makeSetup();
    Database& db = s->ws->db();
    QFile f(csv);
    f.open(QIODevice::ReadOnly);
    QElapsedTimer t;
    t.start();
    CsvReader reader(f);
    QStringList header;
    reader.next(header);
    QStringList fields;
    if (!db.begin())
        qFatal("begin failed");
    using V = Database::RawValue;
    const V now = V::str(QStringLiteral("2026-01-01T00:00:00.000Z"));
    const V tenant = V::str(s->admin.tenantId);
    auto jsonList = [](const QString& v) { return V::bytes(QJsonDocument(QJsonArray::fromStringList(v.split(QLatin1Char(';')))).toJson(QJsonDocument::Compact)); };
    int n = 0;
    while (reader.next(fields)) {
        const V id = V::str(newUuidV7());
        if (!db.appendRow("INSERT INTO candidates (id, tenant_id, external_id, first_name, last_name, location, latitude, longitude, "
                          "skills, source, tags, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                { id, tenant, V::str(fields[0]), V::str(fields[1]), V::str(fields[2]), V::str(fields[5]), V::dbl(fields[6].toDouble()),
                    V::dbl(fields[7].toDouble()), jsonList(fields[8]), V::str(fields[10]), jsonList(fields[11]), now, now }))
            qFatal("raw insert failed");
        for (const auto& [kind, value] : { std::pair { QStringLiteral("email"), fields[3] }, std::pair { QStringLiteral("phone"), fields[4] } })
            if (!db.appendRow("INSERT INTO candidate_contacts (id, tenant_id, candidate_id, kind, value, value_norm, created_at, updated_at) "
                              "VALUES (?,?,?,?,?,?,?,?)",
                    { V::str(newUuidV7()), tenant, id, V::str(kind), V::str(value), V::str(value.toLower()), now, now }))
                qFatal("raw contact failed");
        if (!fields[9].isEmpty()
            && !db.appendRow("INSERT INTO cv_versions (id, tenant_id, candidate_id, version, text, source, sha256, created_at, updated_at) "
                             "VALUES (?,?,?,1,?,'import',?,?,?)",
                { V::str(newUuidV7()), tenant, id, V::str(fields[9]), V::str(crypto::sha256Hex(fields[9].toUtf8())), now, now }))
            qFatal("raw cv failed");
        ++n;
    }
    if (!db.change(QStringLiteral("DELETE FROM search_dirty")) || !db.commit() || n != rows)
        qFatal("raw commit failed");
    return rows / (t.elapsed() / 1000.0);
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("rd.*.info=false\nrd.*.warning=false"));
    const QStringList args = app.arguments();
    int rows = args.contains(QStringLiteral("--quick")) ? 5000 : 100000;
    quint64 seed = 7;
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--rows"))
            rows = args[i + 1].toInt();
        if (args[i] == QLatin1String("--seed"))
            seed = args[i + 1].toULongLong();
    }
    QTemporaryDir dir;
    const bool withCv = !args.contains(QStringLiteral("--no-cv"));
    const QString csv = writeCandidateCsv(dir.filePath(QStringLiteral("candidates.csv")), rows, seed, withCv);
    const double raw = runRaw(csv, rows);
    const double rawCApi = runRawCApi(csv, rows);
    const ServiceRun run = runService(csv, rows);
    const double service = run.importRowsPerS;
    const QJsonObject out { { QStringLiteral("bench"), QStringLiteral("import") }, { QStringLiteral("rows"), rows },
        { QStringLiteral("csv_bytes"), QFileInfo(csv).size() }, { QStringLiteral("cv_texts"), withCv }, { QStringLiteral("import_rows_per_s"), qRound(service) },
        { QStringLiteral("index_docs_per_s"), qRound(run.indexDocsPerS) },
        { QStringLiteral("searchable_rows_per_s"), qRound(run.endToEndRowsPerS) },
        { QStringLiteral("merge_seconds"), qRound(run.mergeSecs * 10) / 10.0 },
        { QStringLiteral("raw_rows_per_s"), qRound(raw) }, { QStringLiteral("raw_c_api_rows_per_s"), qRound(rawCApi) }, { QStringLiteral("ratio"), qRound(service / raw * 1000) / 1000.0 },
        { QStringLiteral("target_rows_per_s"), 10000 }, { QStringLiteral("target_met"), service >= 10000 } };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
