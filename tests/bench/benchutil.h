#pragma once
// Shared setup for the benchmarks: a fresh workspace in a temporary folder with an admin.
#include "app/demodata.h"
#include "app/workspace.h"
#include "recruiting/exportservice.h"
#include "recruiting/searchservice.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <memory>

namespace rd::bench {

struct Setup {
    QTemporaryDir tmp;
    QDir dir;
    bool reused = false; // an existing workspace from --keep DIR
    std::unique_ptr<Workspace> ws;
    Session admin;
};

// A fresh workspace in a temporary folder, or in keepDir (kept; reused when it already holds one).
// encrypted=false makes the plain store the encrypted one is measured against (issue 22).
inline std::unique_ptr<Setup> makeSetup(const QString& keepDir = {}, bool encrypted = true)
{
    auto s = std::make_unique<Setup>();
    s->dir = QDir(keepDir.isEmpty() ? s->tmp.path() : keepDir);
    if (!keepDir.isEmpty())
        QDir().mkpath(keepDir);
    const QString dbPath = s->dir.filePath(encrypted ? QStringLiteral("bench.db") : QStringLiteral("bench-plain.db"));
    s->reused = QFile::exists(dbPath);
    WorkspaceOptions o;
    o.keyLoader = Workspace::passphraseFileLoader(s->dir.filePath(QStringLiteral("b.key")), "bench");
    o.encrypted = encrypted;
    auto ws = Workspace::open(dbPath, o);
    if (!ws)
        qFatal("open failed: %s", qPrintable(ws.error().message));
    s->ws = std::move(ws).value();
    NewWorkspace w { QStringLiteral("Bench"), QStringLiteral("bench"), QStringLiteral("agency"), QStringLiteral("admin@bench.test"),
        QStringLiteral("Bench-Admin-Password"), {}, {} };
    if (!s->reused && !s->ws->tenants().createWorkspace(w))
        qFatal("workspace failed");
    SignInRequest req { QStringLiteral("bench"), w.adminEmail, w.adminPassword, {}, {} };
    s->admin = s->ws->auth().signIn(req).value();
    return s;
}

// The demo generator's candidates as a CSV file with the canonical import headers (without
// the resume_text column when withCv is false).
inline QString writeCandidateCsv(const QString& path, int rows, quint64 seed, bool withCv = true)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(DemoData::csvHeaders().join(QLatin1Char(',')).toUtf8() + "\r\n");
    DemoData data(seed);
    for (int i = 0; i < rows; ++i) {
        if (withCv) {
            f.write(data.csvRow(i));
            continue;
        }
        QJsonObject c = data.candidate(i);
        c.remove(QStringLiteral("resume_text"));
        QStringList cells;
        for (const QString& h : DemoData::csvHeaders()) {
            const QString key = h == QLatin1String("email") ? QStringLiteral("emails") : h == QLatin1String("phone") ? QStringLiteral("phones") : h;
            const QJsonValue v = c.value(key);
            QStringList parts;
            for (const QJsonValue& x : v.toArray())
                parts << x.toString();
            cells << QString::fromUtf8(ExportService::csvField(
                v.isArray() ? parts.join(QLatin1Char(';')) : v.isDouble() ? QString::number(v.toDouble(), 'f', 5) : v.toString()));
        }
        f.write(cells.join(QLatin1Char(',')).toUtf8() + "\r\n");
    }
    return path;
}

// Fills a fresh workspace with the generator's candidates (seed 11) through the import, then
// runs the import's search.index and search.merge jobs. Does nothing for a reused workspace.
inline void loadDemoCandidates(Setup& s, int rows)
{
    if (s.reused)
        return;
    const QString csv = writeCandidateCsv(s.dir.filePath(QStringLiteral("c.csv")), rows, 11);
    QFile f(csv);
    f.open(QIODevice::ReadOnly);
    auto rep = s.ws->imports().importCsv(s.admin, QStringLiteral("candidates"), f, QStringLiteral("c.csv"), false);
    if (!rep)
        qFatal("seeding failed: %s %s", qPrintable(rep.error().message),
            QJsonDocument(rep.error().details).toJson(QJsonDocument::Compact).constData());
    if (rep.value().imported != rows)
        qFatal("seeding failed: %d of %d rows imported", rep.value().imported, rows);
    f.close();
    QFile::remove(csv);
    // The import's indexing jobs (the match.recompute job it enqueued is left to the bench).
    if (!s.ws->jobs().runDue(1000000, QString::fromLatin1(SearchService::kIndexJob))
        || !s.ws->jobs().runDue(1000000, QString::fromLatin1(SearchService::kMergeJob)))
        qFatal("indexing failed");
}

inline double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    const qsizetype idx = std::min<qsizetype>(v.size() - 1, qsizetype(p * double(v.size() - 1) + 0.5));
    return v.at(idx);
}

} // namespace rd::bench
