// Matching: the skill taxonomy (normalisation, extraction from CV text), the gazetteer, and
// the matching service's eligibility, scoring, ordering and explanations.
#include "jobs/jobqueue.h"
#include "matching/gazetteer.h"
#include "matching/taxonomy.h"
#include "testutil.h"

#include <QBuffer>
#include <QJsonArray>
#include <cmath>

using namespace rd;

class TestMatching : public QObject {
    Q_OBJECT

    std::unique_ptr<test::TestWorkspace> tw;
    Session admin;

    QString job(const QJsonObject& fields)
    {
        QJsonObject f = fields;
        f.insert(QStringLiteral("description"), QStringLiteral("A job."));
        auto j = tw->ws->postings().create(admin, f);
        if (!j.ok()) qWarning("job: %s", qPrintable(j.error().message));
        auto p = tw->ws->postings().publish(admin, j.value().id);
        if (!p.ok()) qWarning("publish: %s", qPrintable(p.error().message));
        return j.value().id;
    }

    QString candidate(const QString& name, const QJsonObject& fields, const QString& cv = {})
    {
        QJsonObject f = fields;
        f.insert(QStringLiteral("first_name"), name);
        f.insert(QStringLiteral("last_name"), QStringLiteral("Test"));
        auto c = tw->ws->candidates().create(admin, f);
        if (!c.ok()) qWarning("candidate: %s", qPrintable(c.error().message));
        if (!cv.isEmpty()) (void)tw->ws->cvs().addVersion(admin, c.value().id, cv);
        return c.value().id;
    }

    static QJsonObject at(double lat, double lon)
    {
        return { { QStringLiteral("latitude"), lat }, { QStringLiteral("longitude"), lon } };
    }
    static QJsonObject with(QJsonObject a, const QJsonObject& b)
    {
        for (auto it = b.begin(); it != b.end(); ++it)
            a.insert(it.key(), it.value());
        return a;
    }

    QHash<QString, MatchResult> byCandidate(const QList<MatchResult>& list)
    {
        QHash<QString, MatchResult> out;
        for (const MatchResult& m : list)
            out.insert(m.candidateId, m);
        return out;
    }

private slots:
    void init()
    {
        tw = std::make_unique<test::TestWorkspace>();
        admin = tw->createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
    }
    void cleanup() { tw.reset(); }

    void taxonomyNormalises_data()
    {
        QTest::addColumn<QString>("entered");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("cpp") << "cpp"
                             << "C++";
        QTest::newRow("csharp") << "CSharp"
                                << "C#";
        QTest::newRow("js") << " JS "
                            << "JavaScript";
        QTest::newRow("postgres") << "Postgres"
                                  << "PostgreSQL";
        QTest::newRow("k8s") << "k8s"
                             << "Kubernetes";
        QTest::newRow("dotnet") << "dotnet"
                                << ".NET";
        QTest::newRow("unknown") << "Underwater basket weaving"
                                 << "Underwater basket weaving";
    }
    void taxonomyNormalises()
    {
        QFETCH(QString, entered);
        QFETCH(QString, canonical);
        QVERIFY(SkillTaxonomy::builtIn().size() >= 300);
        QCOMPARE(SkillTaxonomy::builtIn().normalise(entered), canonical);
    }

    void taxonomyExtracts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("has");
        QTest::addColumn<QStringList>("hasNot");
        QTest::newRow("c family") << "Ten years of C++ and C#, some .NET." << QStringList { "C++", "C#", ".NET" }
                                  << QStringList { "C" };
        QTest::newRow("objective-c") << "iOS apps in Objective-C." << QStringList { "Objective-C" }
                                     << QStringList { "C" };
        QTest::newRow("plain c") << "Embedded C on ARM, C/C++ tooling." << QStringList { "C", "C++" } << QStringList {};
        QTest::newRow("javascript not java")
            << "JavaScript and TypeScript." << QStringList { "JavaScript" } << QStringList { "Java" };
        QTest::newRow("asp.net not .net")
            << "Web APIs with ASP.NET." << QStringList { "ASP.NET" } << QStringList { ".NET" };
        QTest::newRow("aliases") << "Ran k8s clusters backed by Postgres." << QStringList { "Kubernetes", "PostgreSQL" }
                                 << QStringList {};
        QTest::newRow("go as a word") << "Ready to go the extra mile." << QStringList {} << QStringList { "Go" };
        QTest::newRow("go as a skill") << "Services in Go and Python." << QStringList { "Go", "Python" }
                                       << QStringList {};
    }
    void taxonomyExtracts()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, has);
        QFETCH(QStringList, hasNot);
        const QStringList found = SkillTaxonomy::builtIn().extract(text);
        for (const QString& s : has)
            QVERIFY2(
                found.contains(s), qPrintable(s + QStringLiteral(" not found in: ") + found.join(QLatin1Char('|'))));
        for (const QString& s : hasNot)
            QVERIFY2(!found.contains(s), qPrintable(s + QStringLiteral(" found in: ") + found.join(QLatin1Char('|'))));
    }

    void gazetteer()
    {
        const Gazetteer& g = Gazetteer::builtIn();
        QVERIFY(g.size() > 100000);
        auto berlin = g.lookup(QStringLiteral("Berlin"));
        QVERIFY(berlin);
        QCOMPARE(berlin->place.country, QStringLiteral("DE")); // the most populous Berlin
        QVERIFY(berlin->ambiguous); // there are Berlins in the US
        QVERIFY(berlin->alternatives >= 1);
        auto us = g.lookup(QStringLiteral("Berlin, United States"));
        QVERIFY(us);
        QCOMPARE(us->place.country, QStringLiteral("US"));
        auto munich = g.lookup(QStringLiteral("München, DE")); // local name, ISO code
        QVERIFY(munich);
        QCOMPARE(munich->place.name, QStringLiteral("Munich"));
        auto accents = g.lookup(QStringLiteral("zurich"));
        QVERIFY(accents);
        QCOMPARE(accents->place.country, QStringLiteral("CH"));
        QVERIFY(!g.lookup(QStringLiteral("Xyzzyville")));
        QVERIFY(!g.lookup(QStringLiteral("Berlin, Japan")));
        const double km = Gazetteer::distanceKm(
            berlin->place.latitude, berlin->place.longitude, munich->place.latitude, munich->place.longitude);
        QVERIFY2(km > 490 && km < 520, qPrintable(QString::number(km)));
    }

    // Autocomplete for the job editor: places by prefix (any of their names, accents
    // ignored), most populous first; skills by name, then alias, then inside a name.
    void suggestions()
    {
        const Gazetteer& g = Gazetteer::builtIn();
        const auto par = g.suggest(QStringLiteral("par"), 5);
        QCOMPARE(int(par.size()), 5);
        QCOMPARE(par.front().name, QStringLiteral("Paris"));
        for (size_t i = 1; i < par.size(); ++i)
            QVERIFY(par[i - 1].population >= par[i].population);
        const auto muen = g.suggest(QStringLiteral("Münch"), 3); // local name, with the accent
        QVERIFY(!muen.empty());
        QCOMPARE(muen.front().name, QStringLiteral("Munich"));
        QVERIFY(g.suggest(QStringLiteral("xyzzyq")).empty());
        QVERIFY(g.suggest(QString()).empty());

        const SkillTaxonomy& t = SkillTaxonomy::builtIn();
        QCOMPARE(t.suggest(QStringLiteral("Pyth"), 3).value(0), QStringLiteral("Python"));
        QVERIFY(t.suggest(QStringLiteral("k8"), 5).contains(QStringLiteral("Kubernetes"))); // by alias
        const QStringList script = t.suggest(QStringLiteral("script"), 50); // inside: JavaScript, TypeScript
        QVERIFY(script.contains(QStringLiteral("TypeScript")));
        QCOMPARE(t.suggest(QStringLiteral("a"), 4).size(), 4);
        QCOMPARE(QSet<QString>(script.begin(), script.end()).size(), script.size()); // each once
    }

    void placesWithoutCoordinatesAreGeocoded()
    {
        auto c = tw->ws->candidates().create(admin,
            { { QStringLiteral("first_name"), QStringLiteral("Geo") },
                { QStringLiteral("location"), QStringLiteral("Hamburg, Germany") } });
        QVERIFY(c.ok());
        QVERIFY(c.value().latitude && std::abs(*c.value().latitude - 53.55) < 0.1);
        QVERIFY(c.value().longitude && std::abs(*c.value().longitude - 10.0) < 0.1);
        // Given coordinates win; an unknown new place clears the old coordinates.
        auto given = tw->ws->candidates().update(admin, c.value().id,
            { { QStringLiteral("location"), QStringLiteral("Somewhere") }, { QStringLiteral("latitude"), 1.5 },
                { QStringLiteral("longitude"), 2.5 } });
        QCOMPARE(*given.value().latitude, 1.5);
        auto unknown = tw->ws->candidates().update(
            admin, c.value().id, { { QStringLiteral("location"), QStringLiteral("Xyzzyville") } });
        QVERIFY(!unknown.value().latitude && !unknown.value().longitude);
        auto j = tw->ws->postings().create(admin,
            { { QStringLiteral("title"), QStringLiteral("Geo job") },
                { QStringLiteral("location"), QStringLiteral("Zürich") } });
        QVERIFY(j.ok());
        QVERIFY(j.value().latitude && std::abs(*j.value().latitude - 47.37) < 0.1);
        // Imports too.
        QBuffer buf;
        buf.setData("external_id,first_name,location\nG1,Imported,\"Lyon, France\"\n");
        buf.open(QIODevice::ReadOnly);
        QVERIFY(
            tw->ws->imports().importCsv(admin, QStringLiteral("candidates"), buf, QStringLiteral("g.csv"), false).ok());
        auto imported = tw->ws->candidates().get(admin, QStringLiteral("G1"));
        QVERIFY(imported.value().latitude && std::abs(*imported.value().latitude - 45.75) < 0.1);
    }

    void eligibilityAndExplanation()
    {
        const QJsonObject berlin = at(52.52, 13.405);
        const QString j = job(with(berlin,
            { { QStringLiteral("title"), QStringLiteral("Platform Engineer") },
                { QStringLiteral("must_have"), QStringLiteral("C++;Kubernetes") },
                { QStringLiteral("nice_to_have"), QStringLiteral("Python") },
                { QStringLiteral("remote"), QStringLiteral("onsite") }, { QStringLiteral("max_distance_km"), 100 } }));
        const QString synonyms = candidate(
            QStringLiteral("Syn"), with(berlin, { { QStringLiteral("skills"), QStringLiteral("cpp;k8s") } }));
        const QString missing = candidate(
            QStringLiteral("Miss"), with(berlin, { { QStringLiteral("skills"), QStringLiteral("C++;Python") } }));
        const QString far = candidate(QStringLiteral("Far"),
            with(at(48.137, 11.575), { { QStringLiteral("skills"), QStringLiteral("C++;Kubernetes") } }));
        const QString mover = candidate(QStringLiteral("Mover"),
            with(at(48.137, 11.575),
                { { QStringLiteral("skills"), QStringLiteral("C++;Kubernetes") },
                    { QStringLiteral("preferences"), QJsonObject { { QStringLiteral("relocate"), true } } } }));
        const QString fromCv
            = candidate(QStringLiteral("Cv"), { { QStringLiteral("location"), QStringLiteral("Berlin, Germany") } },
                QStringLiteral("Built C++ services on Kubernetes; Python for tooling."));

        auto r = tw->ws->matching().forJob(admin, j, 50, true);
        QVERIFY(r.ok());
        const auto m = byCandidate(r.value());
        QCOMPARE(m.size(), 5);
        QVERIFY(!m[synonyms].excluded);
        QCOMPARE(m[synonyms].matchedMustHave, (QStringList { "C++", "Kubernetes" }));
        QVERIFY(m[missing].excluded);
        QCOMPARE(m[missing].exclusionReason, QStringLiteral("missing_must_have"));
        QCOMPARE(m[missing].missingMustHave, QStringList { "Kubernetes" });
        QCOMPARE(m[missing].matchedNiceToHave, QStringList { "Python" });
        QVERIFY(m[far].excluded);
        QCOMPARE(m[far].exclusionReason, QStringLiteral("too_far"));
        QVERIFY(*m[far].distanceKm > 490);
        QVERIFY(!m[mover].excluded); // willing to relocate
        QVERIFY(!m[fromCv].excluded); // skills found in the CV, place from the gazetteer
        QCOMPARE(m[fromCv].cvVersion, 1);
        QVERIFY(m[fromCv].distanceKm && *m[fromCv].distanceKm < 5);
        QCOMPARE(m[fromCv].matchedNiceToHave, QStringList { "Python" });
        // Eligible first, best first; the excluded ones after them.
        bool seenExcluded = false;
        for (const MatchResult& x : r.value()) {
            QVERIFY(!(seenExcluded && !x.excluded));
            seenExcluded = seenExcluded || x.excluded;
            QVERIFY(x.score >= 0 && x.score <= 100);
        }
        // Without --include-excluded only the eligible ones.
        QCOMPARE(tw->ws->matching().forJob(admin, j, 50, false).value().size(), 3);
        // JSON carries the contract's fields.
        const QJsonObject json = m[missing].toJson(true);
        for (const char* k : { "candidate_id", "candidate_external_id", "score", "excluded", "exclusion_reason",
                 "matched_must_have", "missing_must_have", "matched_nice_to_have", "distance_km", "applied" })
            QVERIFY2(json.contains(QLatin1String(k)), k);
        // A CV edit changes the match of its new version.
        QVERIFY(tw->ws->cvs().addVersion(admin, fromCv, QStringLiteral("Built C++ services.")).ok());
        auto after = byCandidate(tw->ws->matching().forJob(admin, j, 50, true).value());
        QCOMPARE(after[fromCv].cvVersion, 2);
        QVERIFY(after[fromCv].excluded);
        QCOMPARE(after[fromCv].missingMustHave, QStringList { "Kubernetes" });
    }

    void distanceRemoteAndHybrid()
    {
        const QJsonObject berlin = at(52.52, 13.405);
        const QJsonObject skills { { QStringLiteral("skills"), QStringLiteral("SQL") } };
        const QString nearC = candidate(QStringLiteral("Near"), with(at(52.39, 13.06), skills)); // Potsdam, ~27 km
        const QString farC = candidate(QStringLiteral("Far"), with(at(50.94, 6.96), skills)); // Cologne, ~480 km
        auto gap = [&](const QString& mode) {
            const QString j = job(with(berlin,
                { { QStringLiteral("title"), mode }, { QStringLiteral("must_have"), QStringLiteral("SQL") },
                    { QStringLiteral("remote"), mode } }));
            auto m = byCandidate(tw->ws->matching().forJob(admin, j, 10).value());
            if (mode == QLatin1String("remote"))
                return m[nearC].remoteHandling == QLatin1String("ignored") ? m[nearC].score - m[farC].score : -1.0;
            return m[nearC].score - m[farC].score;
        };
        const double onsite = gap(QStringLiteral("onsite"));
        const double hybrid = gap(QStringLiteral("hybrid"));
        const double remote = gap(QStringLiteral("remote"));
        QVERIFY2(onsite > 0, qPrintable(QString::number(onsite))); // the closer one outranks the equal one further away
        QVERIFY2(hybrid > 0 && hybrid < onsite, qPrintable(QStringLiteral("%1 %2").arg(hybrid).arg(onsite)));
        QCOMPARE(remote, 0.0); // remote jobs ignore distance
    }

    void appliedForJobComesFirst()
    {
        const QString c = candidate(QStringLiteral("Ann"),
            with(at(52.52, 13.405), { { QStringLiteral("skills"), QStringLiteral("SQL;Python") } }));
        const QString strong = job(with(at(52.52, 13.405),
            { { QStringLiteral("title"), QStringLiteral("Strong") },
                { QStringLiteral("must_have"), QStringLiteral("SQL") },
                { QStringLiteral("nice_to_have"), QStringLiteral("Python") } }));
        const QString weak = job(with(at(48.137, 11.575),
            { { QStringLiteral("title"), QStringLiteral("Weak") },
                { QStringLiteral("must_have"), QStringLiteral("SQL") },
                { QStringLiteral("nice_to_have"), QStringLiteral("Rust") } }));
        const QString blocked = job({ { QStringLiteral("title"), QStringLiteral("Blocked") },
            { QStringLiteral("must_have"), QStringLiteral("Rust") } });
        auto before = tw->ws->matching().forCandidate(admin, c, 10);
        QVERIFY(before.ok());
        QCOMPARE(before.value().first().jobId, strong);
        QVERIFY(tw->ws->applications().apply(admin, c, weak, QStringLiteral("test")).ok());
        auto after = tw->ws->matching().forCandidate(admin, c, 10);
        QCOMPARE(after.value().first().jobId, weak);
        QVERIFY(after.value().first().applied);
        QCOMPARE(after.value()[1].jobId, strong);
        // Applied to a job they are not eligible for: it does not come first.
        QVERIFY(tw->ws->applications().apply(admin, c, blocked, QStringLiteral("test")).ok());
        auto withBlocked = tw->ws->matching().forCandidate(admin, c, 10, true);
        QCOMPARE(withBlocked.value().first().jobId, weak);
        QCOMPARE(withBlocked.value().last().jobId, blocked);
        QVERIFY(withBlocked.value().last().excluded);
        QVERIFY(withBlocked.value().last().applied);
    }

    void closedJobMatchesNobody()
    {
        const QString c = candidate(QStringLiteral("Bo"), { { QStringLiteral("skills"), QStringLiteral("SQL") } });
        const QString j = job({ { QStringLiteral("title"), QStringLiteral("Closing") },
            { QStringLiteral("must_have"), QStringLiteral("SQL") } });
        QCOMPARE(tw->ws->matching().forJob(admin, j, 10).value().size(), 1);
        QVERIFY(tw->ws->postings().setStatus(admin, j, QStringLiteral("closed")).ok());
        QVERIFY(tw->ws->matching().forJob(admin, j, 10).value().isEmpty());
        auto all = tw->ws->matching().forJob(admin, j, 10, true);
        QCOMPARE(all.value().size(), 1);
        QCOMPARE(all.value().first().exclusionReason, QStringLiteral("job_not_open"));
        QCOMPARE(all.value().first().candidateId, c);
    }

    void factsAreIncrementalAndRadiusSearchUsesTheRTree()
    {
        const QString hamburg = candidate(
            QStringLiteral("Ham"), with(at(53.55, 9.99), { { QStringLiteral("skills"), QStringLiteral("SQL") } }));
        const QString luebeck = candidate(
            QStringLiteral("Lue"), with(at(53.87, 10.69), { { QStringLiteral("skills"), QStringLiteral("SQL") } }));
        candidate(
            QStringLiteral("Ber"), with(at(52.52, 13.405), { { QStringLiteral("skills"), QStringLiteral("SQL") } }));
        candidate(QStringLiteral("Nowhere"), { { QStringLiteral("skills"), QStringLiteral("SQL") } });
        const QString j = job(with(at(53.55, 10.0), { { QStringLiteral("title"), QStringLiteral("North") } }));
        QVERIFY(tw->count(QStringLiteral("SELECT COUNT(*) FROM match_dirty")) >= 4);
        QVERIFY(tw->ws->matching().forJob(admin, j, 10).ok());
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM match_dirty")), 0);
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM match_facts")), 4);
        QCOMPARE(
            tw->count(QStringLiteral("SELECT COUNT(*) FROM candidate_geo")), 3); // the one without a place has no point
        // An edit marks only that candidate; its facts follow.
        QVERIFY(tw->ws->candidates()
                    .update(admin, hamburg, { { QStringLiteral("skills"), QStringLiteral("SQL;Rust") } })
                    .ok());
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM match_dirty")), 1);
        QVERIFY(tw->ws->matching().refreshFacts().ok());
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM match_facts WHERE skills = '|sql|rust|'")), 1);
        // Within 80 km of Hamburg: Hamburg and Lübeck (about 60 km), not Berlin (about 255 km).
        auto near = tw->ws->matching().candidatesNear(admin, j, 80);
        QVERIFY(near.ok());
        QCOMPARE(near.value().size(), 2);
        QCOMPARE(near.value()[0].first, hamburg);
        QCOMPARE(near.value()[1].first, luebeck);
        QVERIFY(near.value()[1].second > 40 && near.value()[1].second < 80);
        QCOMPARE(tw->ws->matching().candidatesNear(admin, j, 300).value().size(), 3);
        RD_VERIFY_ERROR(tw->ws->matching().candidatesNear(admin, j, -1), ErrorCode::ValidationFailed);
        // Erasure removes the facts and the point.
        QVERIFY(tw->ws->gdpr().erase(admin, luebeck, QStringLiteral("request")).ok());
        QVERIFY(tw->ws->matching().refreshFacts().ok());
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM match_facts WHERE candidate_id = ?"), { luebeck }), 0);
        QCOMPARE(tw->ws->matching().candidatesNear(admin, j, 80).value().size(), 1);
    }

    // Stored matches follow changes through the jobs queue, incrementally, per CV version.
    void storedMatchesFollowChanges()
    {
        auto runQueue = [&] { return tw->ws->jobs().runDue(100, QString::fromLatin1(MatchingService::kRecomputeJob)); };
        const QString j = job(with(at(52.52, 13.405),
            { { QStringLiteral("title"), QStringLiteral("Data") },
                { QStringLiteral("must_have"), QStringLiteral("SQL") } }));
        const QString ann
            = candidate(QStringLiteral("Ann"), at(52.52, 13.405), QStringLiteral("SQL reporting and Python."));
        const QString bob = candidate(
            QStringLiteral("Bob"), with(at(52.4, 13.0), { { QStringLiteral("skills"), QStringLiteral("Excel") } }));
        // The changes enqueued a recompute job; running it stores Ann's match for CV version 1.
        QVERIFY(
            tw->count(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE kind = 'match.recompute' AND state = 'pending'"))
            >= 1);
        QVERIFY(runQueue().value() >= 1);
        QCOMPARE(
            tw->count(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE kind = 'match.recompute' AND state = 'pending'")),
            0);
        auto stored = tw->ws->matching().stored(admin, j, {}, 10);
        QVERIFY(stored.ok());
        QCOMPARE(stored.value().size(), 1);
        QCOMPARE(stored.value().first().candidateId, ann);
        QCOMPARE(stored.value().first().cvVersion, 1);
        QVERIFY(stored.value().first().current);
        QCOMPARE(stored.value().first().candidateName, QStringLiteral("Ann Test"));
        const auto live = tw->ws->matching().forJob(admin, j, 10).value();
        QCOMPARE(
            stored.value().first().score, std::round(live.first().score * 10) / 10); // stored as the JSON rounds it
        QCOMPARE(stored.value().first().matchedMustHave, QStringList { "SQL" });
        const double v1Score = stored.value().first().score;
        const QString v1Time = stored.value().first().computedAt;

        // A CV edit: the new version gets its own row; the row of version 1 stays as it was.
        tw->clock.advanceSecs(3600);
        QVERIFY(tw->ws->cvs()
                    .addVersion(admin, ann, QStringLiteral("SQL, SQL and more SQL. Also Python and Airflow."))
                    .ok());
        QVERIFY(runQueue().value() >= 1);
        auto history = tw->ws->matching().stored(admin, {}, ann, 10, true);
        QCOMPARE(history.value().size(), 2);
        QCOMPARE(history.value()[0].cvVersion, 2);
        QVERIFY(history.value()[0].current);
        QCOMPARE(history.value()[1].cvVersion, 1);
        QVERIFY(!history.value()[1].current);
        QCOMPARE(history.value()[1].score, v1Score);
        QCOMPARE(history.value()[1].computedAt, v1Time);
        QVERIFY(history.value()[0].computedAt > v1Time);
        // One job per round, and the finished ones of earlier rounds do not pile up.
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE kind = 'match.recompute'")), 1);
        QCOMPARE(tw->ws->matching().stored(admin, {}, ann, 10).value().size(), 1); // without history: the current one

        // A candidate edit rescores that candidate only, not every job.
        job({ { QStringLiteral("title"), QStringLiteral("Other") },
            { QStringLiteral("must_have"), QStringLiteral("Excel") } });
        QVERIFY(tw->ws->matching().recompute(false).ok());
        QVERIFY(tw->ws->candidates()
                    .update(admin, bob, { { QStringLiteral("skills"), QStringLiteral("Excel;SQL") } })
                    .ok());
        auto inc = tw->ws->matching().recompute(false);
        QVERIFY(inc.ok());
        QCOMPARE(inc.value().jobs, 0);
        QCOMPARE(inc.value().candidates, 1);
        QCOMPARE(inc.value().rows, 2); // Bob for both jobs
        QCOMPARE(tw->ws->matching().stored(admin, j, {}, 10).value().size(), 2);

        // A job edit ranks that job in full; nothing else.
        QVERIFY(tw->ws->postings()
                    .update(admin, j, { { QStringLiteral("nice_to_have"), QStringLiteral("Airflow") } })
                    .ok());
        auto jobEdit = tw->ws->matching().recompute(false);
        QCOMPARE(jobEdit.value().jobs, 1);
        QCOMPARE(jobEdit.value().candidates, 0);
        auto afterJob = tw->ws->matching().stored(admin, j, {}, 10).value();
        QCOMPARE(afterJob.first().candidateId, ann);
        QCOMPARE(afterJob.first().matchedNiceToHave, QStringList { "Apache Airflow" });

        // Closing the job removes its matches; erasing a candidate removes theirs.
        QVERIFY(tw->ws->postings().setStatus(admin, j, QStringLiteral("closed")).ok());
        QVERIFY(tw->ws->matching().recompute(false).ok());
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM matches WHERE job_id = ?"), { j }), 0);
        QVERIFY(tw->count(QStringLiteral("SELECT COUNT(*) FROM matches WHERE candidate_id = ?"), { bob }) > 0);
        QVERIFY(tw->ws->gdpr().erase(admin, bob, QStringLiteral("request")).ok());
        QCOMPARE(
            tw->count(QStringLiteral("SELECT COUNT(*) FROM matches WHERE candidate_id = ?"), { bob }), 0); // at once
        QVERIFY(tw->ws->matching().recompute(false).ok());
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM matches WHERE candidate_id = ?"), { bob }), 0);
        // Nothing changed: nothing to do.
        auto idle = tw->ws->matching().recompute(false);
        QCOMPARE(idle.value().jobs + idle.value().candidates + idle.value().rows, 0);
    }

    // With room for K rows per job, the stored rows are the best K of the live ranking, also
    // after edits that move a candidate in or out of them.
    void storedMatchesStayTheBest()
    {
        tw->ws->matching().setStoredPerJob(2);
        const QString j = job(with(at(52.52, 13.405),
            { { QStringLiteral("title"), QStringLiteral("Near") },
                { QStringLiteral("must_have"), QStringLiteral("SQL") } }));
        const QJsonObject sql { { QStringLiteral("skills"), QStringLiteral("SQL") } };
        QStringList ids;
        for (int i = 0; i < 5; ++i) // 0 is nearest to the job
            ids << candidate(QStringLiteral("C%1").arg(i), with(at(52.52 + 0.5 * i, 13.405), sql));
        auto topIds = [&](const QList<MatchResult>& list) {
            QStringList out;
            for (const MatchResult& m : list)
                out << m.candidateId;
            return out;
        };
        auto check = [&](const char* step) {
            const QStringList stored = topIds(tw->ws->matching().stored(admin, j, {}, 10).value());
            const QStringList live = topIds(tw->ws->matching().forJob(admin, j, int(stored.size())).value());
            QVERIFY2(!stored.isEmpty() && stored.size() <= 2, step);
            QVERIFY2(stored == live,
                qPrintable(QStringLiteral("%1: stored %2, live %3")
                               .arg(QLatin1String(step), stored.join(','), live.join(','))));
        };
        QVERIFY(tw->ws->matching().recompute(true).ok());
        QCOMPARE(topIds(tw->ws->matching().stored(admin, j, {}, 10).value()), (QStringList { ids[0], ids[1] }));
        check("ranked in full");
        // The farthest moves next to the job: it enters, the weakest stored one leaves.
        QVERIFY(tw->ws->candidates().update(admin, ids[4], at(52.52, 13.41)).ok());
        auto in = tw->ws->matching().recompute(false);
        QCOMPARE(in.value().jobs, 0);
        check("moved in");
        QVERIFY(topIds(tw->ws->matching().stored(admin, j, {}, 10).value()).contains(ids[4]));
        // A stored one loses its must-have: it leaves and the rows stay the best ones (fewer).
        QVERIFY(
            tw->ws->candidates().update(admin, ids[0], { { QStringLiteral("skills"), QStringLiteral("Excel") } }).ok());
        QVERIFY(tw->ws->matching().recompute(false).ok());
        check("dropped out");
        // Moving closer but still behind one that is not stored: it does not enter.
        QVERIFY(tw->ws->candidates().update(admin, ids[3], at(53.5, 13.405)).ok());
        QCOMPARE(tw->ws->matching().recompute(false).value().jobs, 0);
        check("stays out");
        QVERIFY(!topIds(tw->ws->matching().stored(admin, j, {}, 10).value()).contains(ids[3]));
        // The last stored one drops out: the job is ranked in full again.
        QVERIFY(
            tw->ws->candidates().update(admin, ids[4], { { QStringLiteral("skills"), QStringLiteral("Excel") } }).ok());
        QCOMPARE(tw->ws->matching().recompute(false).value().jobs, 1);
        check("refilled");
        QCOMPARE(topIds(tw->ws->matching().stored(admin, j, {}, 10).value()), (QStringList { ids[1], ids[3] }));
    }

    // Text relevance is BM25 over the taxonomy's mentions in the CV: aliases count as their
    // skill, more mentions count more, the best CV for the job is 1.
    void textRelevanceCountsMentionsAndAliases()
    {
        const QString j = job({ { QStringLiteral("title"), QStringLiteral("Ops") },
            { QStringLiteral("must_have"), QStringLiteral("Kubernetes") },
            { QStringLiteral("nice_to_have"), QStringLiteral("Terraform") },
            { QStringLiteral("remote"), QStringLiteral("remote") } });
        const QJsonObject k8s { { QStringLiteral("skills"), QStringLiteral("Kubernetes") } };
        const QString many = candidate(QStringLiteral("Many"), k8s,
            QStringLiteral(
                "Ran k8s clusters for five years. Wrote k8s operators, upgraded k8s fleets, Terraform for the rest."));
        const QString once = candidate(QStringLiteral("Once"), k8s,
            QStringLiteral("Ran Kubernetes clusters for five years. Wrote Go services, upgraded Linux fleets and did "
                           "on-call work."));
        const QString none = candidate(QStringLiteral("None"), k8s, QStringLiteral("Ran payroll for five years."));
        const auto m = byCandidate(tw->ws->matching().forJob(admin, j, 10).value());
        QCOMPARE(m.size(), 3);
        QCOMPARE(m[many].textRelevance, 1.0);
        QVERIFY2(m[once].textRelevance > 0 && m[once].textRelevance < 0.7,
            qPrintable(QString::number(m[once].textRelevance)));
        QCOMPARE(m[none].textRelevance, 0.0);
        QVERIFY(m[many].score > m[once].score && m[once].score > m[none].score);
    }

    // Two workspaces on one file (as the desktop and the CLI would be): facts changed through
    // one are seen by the other's ranking, though it keeps the facts in memory.
    void factsChangedElsewhereAreSeen()
    {
        const QString j = job({ { QStringLiteral("title"), QStringLiteral("Data") },
            { QStringLiteral("must_have"), QStringLiteral("SQL") } });
        const QString c = candidate(QStringLiteral("Dee"), { { QStringLiteral("skills"), QStringLiteral("SQL") } });
        QCOMPARE(tw->ws->matching().forJob(admin, j, 10).value().size(), 1); // facts now in memory
        WorkspaceOptions o;
        o.clock = &tw->clock;
        o.keyLoader = test::TestWorkspace::keyLoader();
        auto other = Workspace::open(tw->path, o);
        QVERIFY(other.ok());
        QVERIFY(other.value()
                    ->candidates()
                    .update(admin, c, { { QStringLiteral("skills"), QStringLiteral("Excel") } })
                    .ok());
        QVERIFY(other.value()->matching().refreshFacts().ok()); // the other one brings the facts up to date
        QVERIFY(tw->ws->matching().forJob(admin, j, 10).value().isEmpty());
        const QString c2 = other.value()
                               ->candidates()
                               .create(admin,
                                   { { QStringLiteral("first_name"), QStringLiteral("Eve") },
                                       { QStringLiteral("skills"), QStringLiteral("SQL") } })
                               .value()
                               .id;
        QVERIFY(other.value()->matching().refreshFacts().ok());
        auto seen = tw->ws->matching().forJob(admin, j, 10).value();
        QCOMPARE(seen.size(), 1);
        QCOMPARE(seen.first().candidateId, c2);
        // And this one's own changes patch its memory without a reload.
        QVERIFY(tw->ws->candidates().update(admin, c, { { QStringLiteral("skills"), QStringLiteral("SQL") } }).ok());
        QCOMPARE(tw->ws->matching().forJob(admin, j, 10).value().size(), 2);
    }

    void skillEntriesWithYears_data()
    {
        QTest::addColumn<QString>("entered");
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("years"); // -1: none
        QTest::newRow("colon") << "Python:5"
                               << "Python" << 5.0;
        QTest::newRow("colon spaced") << "Python : 2.5"
                                      << "Python" << 2.5;
        QTest::newRow("brackets") << "Python (5 years)"
                                  << "Python" << 5.0;
        QTest::newRow("brackets plus") << "C++ (10+ yrs)"
                                       << "C++" << 10.0;
        QTest::newRow("plain c++") << "C++"
                                   << "C++" << -1.0;
        QTest::newRow("words in brackets") << "Objective-C (iOS)"
                                           << "Objective-C (iOS)" << -1.0;
        QTest::newRow("alias with years") << "k8s:3"
                                          << "k8s" << 3.0;
    }
    void skillEntriesWithYears()
    {
        QFETCH(QString, entered);
        QFETCH(QString, name);
        QFETCH(double, years);
        const auto e = SkillTaxonomy::parseEntry(entered);
        QCOMPARE(e.name, name);
        QCOMPARE(e.years.value_or(-1.0), years);
        if (entered == QLatin1String("k8s:3"))
            QCOMPARE(SkillTaxonomy::builtIn().normalise(entered), QStringLiteral("Kubernetes"));
    }

    // Skills asked with years count in proportion to the candidate's years, where known:
    // given with the skill, else summed from experience entries.
    void yearsWhereKnown()
    {
        const QString j = job({ { QStringLiteral("title"), QStringLiteral("Py") },
            { QStringLiteral("must_have"), QStringLiteral("Python:5") },
            { QStringLiteral("nice_to_have"), QStringLiteral("SQL") },
            { QStringLiteral("remote"), QStringLiteral("remote") } });
        const QString senior
            = candidate(QStringLiteral("Senior"), { { QStringLiteral("skills"), QStringLiteral("Python:6;SQL") } });
        const QString junior = candidate(
            QStringLiteral("Junior"), { { QStringLiteral("skills"), QStringLiteral("Python (2 years);SQL") } });
        const QString unknown
            = candidate(QStringLiteral("Unknown"), { { QStringLiteral("skills"), QStringLiteral("Python;SQL") } });
        const QString history = candidate(QStringLiteral("History"),
            { { QStringLiteral("skills"), QStringLiteral("SQL") },
                { QStringLiteral("experience"),
                    QJsonArray { QJsonObject { { QStringLiteral("title"), QStringLiteral("Python developer") },
                                     { QStringLiteral("from"), QStringLiteral("2020-05") },
                                     { QStringLiteral("to"), QStringLiteral("2023-05") } },
                        QJsonObject { { QStringLiteral("title"), QStringLiteral("Analyst") },
                            { QStringLiteral("skills"), QJsonArray { QStringLiteral("python") } },
                            { QStringLiteral("years"), 1 } } } } });
        const auto m = byCandidate(tw->ws->matching().forJob(admin, j, 10).value());
        QCOMPARE(m.size(), 4); // years never exclude
        auto years = [&](const QString& id) {
            const MatchResult& r = m[id];
            return r.skillYears.size() == 1 && r.skillYears.first().skill == QLatin1String("Python")
                    && r.skillYears.first().required == 5
                ? r.skillYears.first().candidate.value_or(-1)
                : -2;
        };
        QCOMPARE(years(senior), 6.0);
        QCOMPARE(years(junior), 2.0);
        QCOMPARE(years(unknown), -1.0);
        QVERIFY2(
            std::abs(years(history) - 4.0) < 0.05, qPrintable(QString::number(years(history)))); // 3 years + 1 year
        // Must-have credit: senior 1, history 0.8, unknown 0.75, junior 0.4.
        QVERIFY(m[senior].score > m[history].score);
        QVERIFY(m[history].score > m[unknown].score);
        QVERIFY(m[unknown].score > m[junior].score);
        QVERIFY(m[senior]
                    .toJson(true)
                    .value(QStringLiteral("skill_years"))
                    .toArray()
                    .first()
                    .toObject()
                    .value(QStringLiteral("candidate_years"))
                    .toDouble()
            == 6.0);
        QCOMPARE(m[senior].matchedMustHave, QStringList { "Python" }); // the name, without the years
    }

    void permissions()
    {
        const Session viewer = tw->addUser(admin, QStringLiteral("viewer@acme.test"), QStringLiteral("viewer"));
        const Session manager = tw->addUser(admin, QStringLiteral("hm@acme.test"), QStringLiteral("hiring_manager"));
        const QString j = job({ { QStringLiteral("title"), QStringLiteral("Any") } });
        candidate(QStringLiteral("Cy"), {});
        QVERIFY(tw->ws->matching().forJob(viewer, j, 10).ok()); // reading is allowed
        RD_VERIFY_ERROR(tw->ws->matching().forJob(manager, j, 10), ErrorCode::PermissionDenied); // not assigned
        RD_VERIFY_ERROR(tw->ws->matching().stored(manager, j, {}, 10), ErrorCode::PermissionDenied);
        QVERIFY(tw->ws->matching().stored(viewer, j, {}, 10).ok());
        RD_VERIFY_ERROR(tw->ws->matching().forJob(admin, QStringLiteral("no-such-job"), 10), ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestMatching)
#include "test_matching.moc"
