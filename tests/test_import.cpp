// CSV import torture corpus: quotes, embedded newlines, BOM, Latin-1, a 1 MB field, missing
// and extra columns, duplicates, re-import, dry run, revert, and a large streamed file.
#include "recruiting/csvreader.h"
#include "testutil.h"

#include "app/demodata.h"
#include "common/json.h"
#include "recruiting/searchservice.h"
#include "service/context.h"

#include <QJsonArray>
#include <QSet>
#include <QSqlQuery>

#include <QBuffer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryFile>

using namespace rd;

class TestImport : public QObject {
    Q_OBJECT

    std::unique_ptr<test::TestWorkspace> tw;
    Session admin;

    Result<ImportReport> run(const QByteArray& csv, const QString& kind = QStringLiteral("candidates"), bool dryRun = false,
        const QHash<QString, QString>& mapping = {})
    {
        QBuffer buf;
        buf.setData(csv);
        buf.open(QIODevice::ReadOnly);
        return tw->ws->imports().importCsv(admin, kind, buf, QStringLiteral("test.csv"), dryRun, mapping);
    }

    int candidates() { return tw->count(QStringLiteral("SELECT COUNT(*) FROM candidates WHERE deleted_at IS NULL")); }

private slots:
    void init()
    {
        tw = std::make_unique<test::TestWorkspace>();
        admin = tw->createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
    }
    void cleanup() { tw.reset(); }

    // Phone numbers are read in the workspace's country and kept in E.164 (decision 0022): a
    // national number with no country to read it in is a bad row, reported; the others import.
    void phonesAreReadInTheWorkspaceCountry()
    {
        const QByteArray csv = "external_id,first_name,last_name,email,phone\n"
                               "P1,Nat,Ional,nat@example.org,020 7946 0100\n"
                               "P2,Inter,National,inter@example.org,+44 (0)20 7946 0101\n"
                               "P3,Not,Anumber,not@example.org,ask reception\n";
        auto r = run(csv);
        RD_VERIFY_OK(r);
        QCOMPARE(r.value().imported, 1);
        QMap<int, QString> rules;
        for (const QJsonValue& e : r.value().errors)
            rules.insert(e.toObject().value(QStringLiteral("row")).toInt(), e.toObject().value(QStringLiteral("rule")).toString()
                    + QLatin1Char('@') + e.toObject().value(QStringLiteral("column")).toString());
        QCOMPARE(rules.value(2), QStringLiteral("needs_country@phone")); // row = the line of the file
        QCOMPARE(rules.value(4), QStringLiteral("format@phone"));
        QCOMPARE(tw->ws->candidates().get(admin, QStringLiteral("P2")).value().phones, QStringList { QStringLiteral("+442079460101") });

        TenantPatch p;
        p.settings = QJsonObject { { QStringLiteral("default_country"), QStringLiteral("GB") } };
        RD_VERIFY_OK(tw->ws->tenants().update(admin, p));
        auto again = run(csv);
        RD_VERIFY_OK(again);
        QCOMPARE(tw->ws->candidates().get(admin, QStringLiteral("P1")).value().phones, QStringList { QStringLiteral("+442079460100") });
    }

    // A batch an older release imported recorded the numbers before it as typed; one that cannot
    // be read now (no workspace country) does not stop the revert: the current number stays.
    void revertOfAnOldBatchWithNumbersAsTyped()
    {
        RD_VERIFY_OK(run("external_id,first_name,last_name,phone\nP9,Pat,Old,+44 20 7946 0200\n"));
        auto second = run("external_id,first_name,last_name,phone\nP9,Patricia,Old,+44 20 7946 0201\n");
        RD_VERIFY_OK(second);
        QCOMPARE(second.value().updated, 1);
        QVERIFY(tw->ws->db()
                    .change(QStringLiteral("UPDATE import_batch_rows SET previous = json_set(previous, '$.phones', '020 7946 0200') "
                                           "WHERE batch_id = ?"),
                        { second.value().batchId })
                    .ok());
        auto reverted = tw->ws->imports().revert(admin, second.value().batchId);
        RD_VERIFY_OK(reverted);
        QCOMPARE(reverted.value().value(QStringLiteral("phones_kept")).toInt(), 1);
        auto pat = tw->ws->candidates().get(admin, QStringLiteral("P9"));
        QCOMPARE(pat.value().firstName, QStringLiteral("Pat")); // the rest is restored
        QCOMPARE(pat.value().phones, QStringList { QStringLiteral("+442079460201") });
    }

    // A file that ends inside a UTF-8 character (a lone 0xEF: the start of a BOM or of a
    // three-byte character) decodes to nothing at the end: the reader read past its buffer
    // (found by tests/fuzz/fuzz_csv; Qt's bounds check stops a debug build).
    void csvEndingInsideACharacter()
    {
        const auto records = [](const QByteArray& bytes) {
            QByteArray data = bytes;
            QBuffer buf(&data);
            buf.open(QIODevice::ReadOnly);
            CsvReader reader(buf);
            QList<QStringList> out;
            QStringList fields;
            while (reader.next(fields))
                out << fields;
            return out;
        };
        QCOMPARE(records("\xEF"), QList<QStringList>());
        QCOMPARE(records("a,b\n\xEF"), (QList<QStringList> { { "a", "b" } }));
        QCOMPARE(records("a,\"b\r"), (QList<QStringList> { { "a", "b\r" } }));
        QCOMPARE(records("x\r"), (QList<QStringList> { { "x" } }));
    }

    void demoDataIsDeterministicRealisticAndImportable()
    {
        DemoData a(5), b(5), c(6);
        QCOMPARE(a.candidate(42), b.candidate(42));
        QCOMPARE(a.job(3), b.job(3));
        QVERIFY(a.candidate(42) != c.candidate(42));
        QVERIFY(a.candidate(42) != a.candidate(43));
        // Every generated skill is in the curated taxonomy, which has 300+ skills with aliases.
        QFile f(QStringLiteral(":/recruitdesk/taxonomy/skills.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray skills = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("skills")).toArray();
        QVERIFY(skills.size() >= 300);
        QSet<QString> names;
        QSet<QString> aliases;
        for (const QJsonValue& v : skills) {
            names.insert(v.toObject().value(QStringLiteral("name")).toString());
            for (const QJsonValue& al : v.toObject().value(QStringLiteral("aliases")).toArray())
                aliases.insert(al.toString());
        }
        for (const QString& s : DemoData::allSkills())
            QVERIFY2(names.contains(s), qPrintable(s));
        for (const char* al : { "cpp", "csharp", "js", "postgres", "k8s", "dotnet" })
            QVERIFY2(aliases.contains(QString::fromLatin1(al)), al);
        // CVs of 1-3 KB with the candidate's name in them; unique emails.
        QSet<QString> emails;
        for (int i = 0; i < 300; ++i) {
            const QJsonObject cand = a.candidate(i);
            const QByteArray cv = cand.value(QStringLiteral("resume_text")).toString().toUtf8();
            QVERIFY2(cv.size() >= 1024 && cv.size() <= 3072, qPrintable(QString::number(cv.size())));
            QVERIFY(cv.startsWith(cand.value(QStringLiteral("first_name")).toString().toUtf8()));
            emails.insert(cand.value(QStringLiteral("emails")).toString());
        }
        QCOMPARE(emails.size(), 300);
        // Its CSV imports cleanly, and seeding through the services gives what it says.
        QByteArray csv = DemoData::csvHeaders().join(QLatin1Char(',')).toUtf8() + "\r\n";
        for (int i = 0; i < 50; ++i)
            csv += a.csvRow(i);
        auto rep = run(csv);
        RD_VERIFY_OK(rep);
        QCOMPARE(rep.value().imported, 50);
        QCOMPARE(rep.value().errors.size(), 0);
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM cv_versions")), 50);
        DemoSeedOptions o;
        o.candidates = 30;
        o.jobs = 3;
        o.seed = 99;
        auto seeded = seedDemoData(*tw->ws, admin, o);
        RD_VERIFY_OK(seeded);
        QCOMPARE(seeded.value().value(QStringLiteral("candidates")).toInt(), 30);
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM job_postings WHERE status = 'open'")), 3);
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM applications")), seeded.value().value(QStringLiteral("applications")).toInt());
        QVERIFY(!tw->ws->search().search(admin, QStringLiteral("experience"), QStringLiteral("candidate")).value().isEmpty());
    }

    void resumeTextVersionsTheCv()
    {
        const QByteArray v1 = "external_id,first_name,email,resume_text\nR1,Rita,rita@example.org,\"Rita\nKotlin\"\n";
        const QByteArray v2 = "external_id,first_name,email,resume_text\nR1,Rita,rita@example.org,\"Rita\nKotlin, Swift\"\n";
        QVERIFY(run(v1).ok());
        QVERIFY(run(v1).ok()); // same text: no new version
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM cv_versions")), 1);
        QVERIFY(run(v2).ok());
        auto versions = tw->ws->cvs().versions(admin, QStringLiteral("R1"));
        QCOMPARE(versions.value().size(), 2);
        QCOMPARE(versions.value().first().text, QStringLiteral("Rita\nKotlin, Swift"));
        QCOMPARE(versions.value().first().source, QStringLiteral("import"));
    }

    void batchWritesWhatCreateWrites()
    {
        // The import's batch path and CandidateService::create + CvService::addVersion leave the
        // same audit entries, outbox records and subject key behind for a new candidate.
        auto created = tw->ws->candidates().create(admin, { { QStringLiteral("first_name"), QStringLiteral("Ann") },
                                                            { QStringLiteral("last_name"), QStringLiteral("Created") },
                                                            { QStringLiteral("emails"), QStringLiteral("ann@example.org") },
                                                            { QStringLiteral("phones"), QStringLiteral("+44 20 7946 0000") },
                                                            { QStringLiteral("skills"), QStringLiteral("SQL;Go") } });
        QVERIFY(created.ok());
        QVERIFY(tw->ws->cvs().addVersion(admin, created.value().id, QStringLiteral("Ten years of SQL."), QStringLiteral("import")).ok());
        auto r = run("external_id,first_name,last_name,email,phone,skills,resume_text\n"
                     "B1,Bob,Batched,bob@example.org,+44 20 7946 0001,SQL;Go,Ten years of Go.\n");
        QVERIFY(r.ok());
        QCOMPARE(r.value().imported, 1);
        const QString batched = tw->ws->candidates().get(admin, QStringLiteral("B1")).value().id;
        auto shape = [&](const QString& id) {
            QStringList out;
            QSqlQuery q(tw->ws->db().connection());
            q.prepare(QStringLiteral("SELECT 'audit:' || action FROM audit_log WHERE diff LIKE ? UNION ALL "
                                     "SELECT 'change:' || entity || ':' || op FROM changes WHERE row_id = ? OR fields LIKE ? UNION ALL "
                                     "SELECT 'key:' || subject_type FROM subject_keys WHERE id = ? ORDER BY 1"));
            q.addBindValue(QStringLiteral("%\"subject\":\"%1\"%").arg(id));
            q.addBindValue(id);
            q.addBindValue(QStringLiteral("%\"candidate_id\":\"%1\"%").arg(id));
            q.addBindValue(id);
            if (q.exec())
                while (q.next())
                    out << q.value(0).toString();
            return out;
        };
        // Outbox records come from the tables' capture triggers; adding a CV version also
        // updates the candidate's last activity.
        const QStringList expected { "audit:candidate.create", "audit:cv.create_version", "change:candidate_contacts:insert",
            "change:candidate_contacts:insert", "change:candidates:insert", "change:candidates:update", "change:cv_versions:insert",
            "key:candidate" };
        QCOMPARE(shape(created.value().id), expected);
        QCOMPARE(shape(batched), expected);
        // The sealed create entry opens to the same fields.
        auto opened = [&](const QString& id) {
            auto row = tw->ws->db().selectOne(QStringLiteral("SELECT diff FROM audit_log WHERE action = 'candidate.create' AND diff LIKE ?"),
                { QStringLiteral("%\"subject\":\"%1\"%").arg(id) });
            return openPersonalDiff(tw->ws->context(), admin.tenantId, parseObject(row.value().value(0).toString()));
        };
        const QJsonObject a = opened(created.value().id), b = opened(batched);
        QCOMPARE(b.value(QStringLiteral("emails")).toArray().first().toString(), QStringLiteral("bob@example.org"));
        QStringList aKeys = a.keys(), bKeys = b.keys();
        bKeys.removeAll(QStringLiteral("external_id")); // the import row has one, the created candidate none
        QCOMPARE(aKeys, bKeys);
        QCOMPARE(tw->ws->cvs().version(admin, QStringLiteral("B1"), 1).value().text, QStringLiteral("Ten years of Go."));
        auto v = tw->ws->audit().verify();
        QVERIFY(v.ok() && v.value().ok);
    }

    void tortureCorpus()
    {
        QVERIFY(run("external_id,title,description,status\nJ1,Qt Engineer,\"Build, ship\nand \"\"care\"\"\",open\n", QStringLiteral("jobs")).ok());
        QByteArray csv = "\xEF\xBB\xBF"; // UTF-8 BOM
        csv += "external_id,first_name,last_name,email,phone,location,skills,resume_text,source,tags,applied_job_external_id,favourite_colour\r\n";
        csv += "C1,Ada,Lovelace,ada@example.org,+44 20 7946 0958,London,C++;Math,\"Line one\r\nline two, with comma\",referral,vip,J1,blue\r\n";
        csv += "C2,\"Grace \"\"Amazing\"\"\",Hopper,grace@example.org,,\"New York, NY\",COBOL,,,,,\r\n";
        csv += "C3,Bad,Email,not-an-email,,,,,,,,\r\n";                         // bad row
        csv += "C4,Short,Row\r\n";                                                // missing columns: fine
        csv += "C5,Too,Many,x@example.org,,,,,,,,,extra\r\n";                    // extra column: bad row
        csv += "C1,Ada,Again,,,,,,,,,\r\n";                                       // duplicate within file
        csv += "C6,Big,Field,big@example.org,,,,\"" + QByteArray(1024 * 1024, 'x') + "\",,,,\r\n"; // 1 MB field
        csv += ",,,,,,,,,,,\r\n";                                                 // blank row: skipped
        csv += "C7,Lat,Bad,lat@example.org,,,,,,,,\r\n";
        auto r = run(csv);
        QVERIFY(r.ok());
        const ImportReport& rep = r.value();
        QCOMPARE(rep.encoding, QStringLiteral("UTF-8 (BOM)"));
        QCOMPARE(rep.imported, 5); // C1 C2 C4 C6 C7
        QCOMPARE(rep.updated, 0);
        QCOMPARE(rep.duplicates, 1);
        QVERIFY(!rep.batchId.isEmpty());
        QStringList problems;
        for (const QJsonValue& e : rep.errors)
            problems << QStringLiteral("%1:%2").arg(e.toObject().value(QStringLiteral("row")).toInt()).arg(e.toObject().value(QStringLiteral("column")).toString());
        // Line numbers count the embedded newline in C1's quoted field.
        QVERIFY2(problems.contains(QStringLiteral("1:favourite_colour")), qPrintable(problems.join(' ')));
        QVERIFY2(problems.contains(QStringLiteral("5:email")), qPrintable(problems.join(' ')));
        QVERIFY2(problems.contains(QStringLiteral("7:13")), qPrintable(problems.join(' ')));
        QVERIFY2(problems.contains(QStringLiteral("8:external_id")), qPrintable(problems.join(' ')));
        QCOMPARE(candidates(), 5);
        // resume_text became CV versions (C1 and the 1 MB field of C6); an identical re-import adds none.
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM cv_versions")), 2);
        QVERIFY(tw->ws->cvs().version(admin, QStringLiteral("C1")).value().text.startsWith(QStringLiteral("Line one")));
        auto grace = tw->ws->candidates().get(admin, QStringLiteral("C2"));
        QCOMPARE(grace.value().firstName, QStringLiteral("Grace \"Amazing\""));
        QCOMPARE(grace.value().location, QStringLiteral("New York, NY"));
        auto ada = tw->ws->candidates().get(admin, QStringLiteral("C1"));
        QCOMPARE(ada.value().skills, (QStringList { "C++", "Math" }));
        QCOMPARE(ada.value().tags, QStringList { "vip" });
        QCOMPARE(tw->ws->applications().listForJob(admin, QStringLiteral("J1")).value().size(), 1);
        auto job = tw->ws->postings().get(admin, QStringLiteral("J1"));
        QCOMPARE(job.value().description, QStringLiteral("Build, ship\nand \"care\""));
        QCOMPARE(job.value().status, QStringLiteral("open"));
        // Imported rows are audited, and searchable once the import's search.index job ran.
        QCOMPARE(tw->ws->search().search(admin, QStringLiteral("lovelace"), QStringLiteral("candidate")).value().size(), 0);
        QVERIFY(tw->ws->jobs().runDue(100, QString::fromLatin1(SearchService::kIndexJob)).value() >= 1);
        QCOMPARE(tw->ws->search().search(admin, QStringLiteral("lovelace"), QStringLiteral("candidate")).value().size(), 1);
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'import.candidates'")), 1);
        auto v = tw->ws->audit().verify();
        QVERIFY(v.ok() && v.value().ok);
    }

    void latin1AndMapping()
    {
        QByteArray csv = "Vorname;Nachname;Mail\n"; // not our separator: one column per line
        csv = "Vorname,Nachname,Mail\nJ\xF6rg,M\xFCller,joerg@example.org\n"; // Latin-1 bytes
        auto r = run(csv, QStringLiteral("candidates"), false,
            { { QStringLiteral("Vorname"), QStringLiteral("first_name") }, { QStringLiteral("Nachname"), QStringLiteral("last_name") },
                { QStringLiteral("Mail"), QStringLiteral("email") } });
        QVERIFY(r.ok());
        QCOMPARE(r.value().encoding, QStringLiteral("Latin-1"));
        QCOMPARE(r.value().imported, 1);
        QVERIFY(r.value().errors.isEmpty());
        auto page = tw->ws->candidates().list(admin, ListQuery {});
        QCOMPARE(page.value().items.first().firstName, QString::fromUtf8("Jörg"));
        QCOMPARE(page.value().items.first().lastName, QString::fromUtf8("Müller"));
    }

    // A row matched to a candidate by email only may be another system's record, or another
    // person with a shared address: by default it fills empty fields and adds to lists, and never
    // changes the name or the external id. --overwrite (or the tenant's import_policy) replaces
    // them. A revert restores every field the import changed, the external id included.
    void anEmailMatchFillsButKeepsIdentity()
    {
        auto ada = tw->ws->candidates().create(admin,
            { { QStringLiteral("external_id"), QStringLiteral("CRM-1") }, { QStringLiteral("first_name"), QStringLiteral("Ada") },
                { QStringLiteral("last_name"), QStringLiteral("Lovelace") },
                { QStringLiteral("emails"), QJsonArray { QStringLiteral("ada@example.org") } },
                { QStringLiteral("skills"), QJsonArray { QStringLiteral("C++") } } });
        RD_VERIFY_OK(ada);
        const QString id = ada.value().id;
        const QByteArray row = "external_id,first_name,last_name,email,phone,location,skills\n"
                               "ATS-9,Adeline,King,ADA@example.org,+44 20 7946 0000,London,Qt\n";
        auto filled = run(row);
        RD_VERIFY_OK(filled);
        QCOMPARE(filled.value().updated, 1);
        QCOMPARE(filled.value().kept, 3); // external id, first and last name
        Candidate c = tw->ws->candidates().get(admin, id).value();
        QCOMPARE(c.externalId, QStringLiteral("CRM-1"));
        QCOMPARE(c.firstName + QLatin1Char(' ') + c.lastName, QStringLiteral("Ada Lovelace"));
        QCOMPARE(c.location, QStringLiteral("London")); // was empty: filled
        QCOMPARE(c.skills, (QStringList { QStringLiteral("C++"), QStringLiteral("Qt") }));
        QCOMPARE(c.phones.size(), 1);
        // A CV fills only a candidate without one; the row's other contacts stay out once the
        // candidate has some (they may be another person's).
        const auto versions = [&] { return tw->count(QStringLiteral("SELECT count(*) FROM cv_versions WHERE candidate_id = ?"), { id }); };
        const QByteArray withCv = "first_name,last_name,email,phone,resume_text\nX,Y,ada@example.org,+44 20 7946 0001,\"Ada\nC++ engineer\"\n";
        auto firstCv = run(withCv);
        RD_VERIFY_OK(firstCv);
        QCOMPARE(versions(), 1);
        QCOMPARE(tw->ws->candidates().get(admin, id).value().phones.size(), 1); // had one: kept
        const QByteArray otherCv = "first_name,last_name,email,resume_text\nX,Y,ada@example.org,\"Someone else\nCOBOL\"\n";
        auto secondCv = run(otherCv);
        RD_VERIFY_OK(secondCv);
        QCOMPARE(versions(), 1);
        QCOMPARE(secondCv.value().kept, 3); // first and last name, the CV
        RD_VERIFY_OK(tw->ws->imports().revert(admin, secondCv.value().batchId));
        RD_VERIFY_OK(tw->ws->imports().revert(admin, firstCv.value().batchId));
        RD_VERIFY_OK(tw->ws->imports().revert(admin, filled.value().batchId));
        c = tw->ws->candidates().get(admin, id).value();
        QCOMPARE(c.location, QString());
        QCOMPARE(c.skills, QStringList { QStringLiteral("C++") });
        QVERIFY(c.phones.isEmpty());

        // --overwrite: the row's values win, and a revert brings every one back.
        QBuffer buf;
        buf.setData(row);
        buf.open(QIODevice::ReadOnly);
        auto over = tw->ws->imports().importCsv(admin, QStringLiteral("candidates"), buf, QStringLiteral("o.csv"), false, {}, nullptr, true);
        RD_VERIFY_OK(over);
        QCOMPARE(over.value().kept, 0);
        c = tw->ws->candidates().get(admin, id).value();
        QCOMPARE(c.externalId + QLatin1Char(' ') + c.firstName + QLatin1Char(' ') + c.lastName, QStringLiteral("ATS-9 Adeline King"));
        RD_VERIFY_OK(tw->ws->imports().revert(admin, over.value().batchId));
        c = tw->ws->candidates().get(admin, id).value();
        QCOMPARE(c.externalId + QLatin1Char(' ') + c.firstName + QLatin1Char(' ') + c.lastName, QStringLiteral("CRM-1 Ada Lovelace"));

        // The tenant's policy does the same for every import.
        auto t = tw->ws->tenants().get(admin);
        RD_VERIFY_OK(t);
        TenantPatch patch;
        QJsonObject settings = t.value().settings;
        settings.insert(QStringLiteral("import_policy"), QStringLiteral("overwrite"));
        patch.settings = settings;
        RD_VERIFY_OK(tw->ws->tenants().update(admin, patch));
        auto byPolicy = run(row);
        RD_VERIFY_OK(byPolicy);
        QCOMPARE(tw->ws->candidates().get(admin, id).value().lastName, QStringLiteral("King"));
    }

    void reimportUpdatesDryRunAndRevert()
    {
        const QByteArray first = "external_id,first_name,last_name,email,location\nC1,Ada,Lovelace,ada@example.org,London\n"
                                 "C2,Alan,Turing,alan@example.org,Manchester\n";
        auto a = run(first);
        QVERIFY(a.ok());
        QCOMPARE(a.value().imported, 2);
        // Re-import: by external id, and by email when the id is missing.
        const QByteArray second = "external_id,first_name,last_name,email,location\nC1,Ada,King,,Ockham\n,Alan,Turing,ALAN@example.org,Wilmslow\n"
                                  "C3,New,Person,new@example.org,Paris\n";
        auto dry = run(second, QStringLiteral("candidates"), true);
        QVERIFY(dry.ok());
        QCOMPARE(dry.value().updated, 2);
        QCOMPARE(dry.value().imported, 1);
        QVERIFY(dry.value().batchId.isEmpty());
        QCOMPARE(candidates(), 2);
        QCOMPARE(tw->ws->candidates().get(admin, QStringLiteral("C1")).value().lastName, QStringLiteral("Lovelace"));
        auto b = run(second);
        QVERIFY(b.ok());
        QCOMPARE(b.value().updated, 2);
        QCOMPARE(b.value().imported, 1);
        QCOMPARE(candidates(), 3);
        QCOMPARE(tw->ws->candidates().get(admin, QStringLiteral("C1")).value().lastName, QStringLiteral("King"));
        // C2 was matched by email only: its location stays (the fill policy, below).
        QCOMPARE(b.value().kept, 1);
        QCOMPARE(tw->ws->candidates().get(admin, QStringLiteral("C2")).value().location, QStringLiteral("Manchester"));
        // Revert the second import: C3 gone, C1 and C2 as before.
        auto rev = tw->ws->imports().revert(admin, b.value().batchId);
        QVERIFY(rev.ok());
        QCOMPARE(rev.value().value(QStringLiteral("removed")).toInt(), 1);
        QCOMPARE(rev.value().value(QStringLiteral("restored")).toInt(), 2);
        QCOMPARE(candidates(), 2);
        QCOMPARE(tw->ws->candidates().get(admin, QStringLiteral("C1")).value().lastName, QStringLiteral("Lovelace"));
        QCOMPARE(tw->ws->candidates().get(admin, QStringLiteral("C2")).value().location, QStringLiteral("Manchester"));
        QVERIFY(tw->ws->search().search(admin, QStringLiteral("paris"), QStringLiteral("candidate")).value().isEmpty());
        RD_VERIFY_ERROR(tw->ws->imports().revert(admin, b.value().batchId), ErrorCode::Conflict);
        const Session viewer = tw->addUser(admin, QStringLiteral("v@acme.test"), QStringLiteral("viewer"));
        QBuffer buf;
        buf.setData(first);
        buf.open(QIODevice::ReadOnly);
        RD_VERIFY_ERROR(tw->ws->imports().importCsv(viewer, QStringLiteral("candidates"), buf, {}, false), ErrorCode::PermissionDenied);
    }

    void exportRoundTrips()
    {
        QVERIFY(run("external_id,first_name,last_name,email,skills,location\nC1,Ada,\"Love, lace\",ada@example.org,C++;Qt,\"Line\nbreak\"\n"
                    "C2,=HYPERLINK(1),Evil,evil@example.org,,\n").ok());
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        auto n = tw->ws->exports().exportTo(admin, QStringLiteral("candidates"), QStringLiteral("csv"), out);
        QVERIFY(n.ok());
        QCOMPARE(n.value(), 2);
        QVERIFY(out.data().contains("'=HYPERLINK(1)")); // no formula injection
        // The export imports again into a fresh workspace with the same content.
        auto other = std::make_unique<test::TestWorkspace>();
        const Session s2 = other->createTenant(QStringLiteral("Copy"), QStringLiteral("copy"));
        QBuffer in;
        in.setData(out.data());
        in.open(QIODevice::ReadOnly);
        auto rep = (*other)->imports().importCsv(s2, QStringLiteral("candidates"), in, {}, false);
        QVERIFY(rep.ok());
        QCOMPARE(rep.value().imported, 2);
        QVERIFY2(rep.value().errors.isEmpty(), QJsonDocument(rep.value().errors).toJson().constData());
        auto c1 = (*other)->candidates().get(s2, QStringLiteral("C1"));
        QCOMPARE(c1.value().lastName, QStringLiteral("Love, lace"));
        QCOMPARE(c1.value().location, QStringLiteral("Line\nbreak"));
        QCOMPARE(c1.value().skills, (QStringList { "C++", "Qt" }));
        QBuffer json;
        json.open(QIODevice::WriteOnly);
        QVERIFY(tw->ws->exports().exportTo(admin, QStringLiteral("candidates"), QStringLiteral("json"), json).ok());
        const QJsonArray arr = QJsonDocument::fromJson(json.data()).array();
        QCOMPARE(arr.size(), 2);
        QCOMPARE(arr.first().toObject().value(QStringLiteral("emails")).toArray().first().toString(), QStringLiteral("ada@example.org"));
        const Session recruiter = tw->addUser(admin, QStringLiteral("r@acme.test"), QStringLiteral("hiring_manager"));
        QBuffer denied;
        denied.open(QIODevice::WriteOnly);
        RD_VERIFY_ERROR(tw->ws->exports().exportTo(recruiter, QStringLiteral("candidates"), QStringLiteral("csv"), denied), ErrorCode::PermissionDenied);
        QVERIFY(denied.data().isEmpty());
    }

    void malformedFiles()
    {
        RD_VERIFY_ERROR(run(""), ErrorCode::ValidationFailed);
        RD_VERIFY_ERROR(run("external_id,description\nJ1,x\n", QStringLiteral("jobs")), ErrorCode::ValidationFailed);
        auto unterminated = run("first_name,last_name\nAda,\"Love\nlace");
        QVERIFY(unterminated.ok());
        QCOMPARE(unterminated.value().imported, 0);
        QCOMPARE(unterminated.value().errors.size(), 1);
        QVERIFY(unterminated.value().errors.first().toObject().value(QStringLiteral("reason")).toString().contains(QLatin1String("unterminated")));
    }

    // A stop requested before the first row: nothing imported, said so, and the file's header
    // read only.
    void stopBeforeTheFirstRow()
    {
        ImportControl control;
        control.cancel = true;
        QBuffer buf;
        buf.setData("first_name,last_name\nAda,Lovelace\nGrace,Hopper\n");
        buf.open(QIODevice::ReadOnly);
        auto r = tw->ws->imports().importCsv(admin, QStringLiteral("candidates"), buf, QStringLiteral("t.csv"), false, {}, &control);
        RD_VERIFY_OK(r);
        QVERIFY(r.value().cancelled);
        QCOMPARE(r.value().imported, 0);
        QCOMPARE(candidates(), 0);
    }

    void largeFileStreams()
    {
        const int rows = qEnvironmentVariableIntValue("RD_IMPORT_ROWS") > 0 ? qEnvironmentVariableIntValue("RD_IMPORT_ROWS") : 100000; // the issue: 100k rows
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write("external_id,first_name,last_name,email,skills,location\n");
        for (int i = 0; i < rows; ++i)
            file.write(QStringLiteral("X%1,First%1,Last%2,p%1@example.org,C++;SQL,City%3\n").arg(i).arg(i % 313).arg(i % 50).toUtf8());
        file.flush();
        file.seek(0);
        QElapsedTimer t;
        t.start();
        ImportControl control; // what the desktop's import wizard follows for its progress bar
        auto r = tw->ws->imports().importCsv(admin, QStringLiteral("candidates"), file, file.fileName(), false, {}, &control);
        QVERIFY(r.ok());
        QCOMPARE(r.value().imported, rows);
        QVERIFY(!r.value().cancelled);
        QCOMPARE(control.bytesRead.load(), file.size()); // read to the end
        QVERIFY(r.value().errors.isEmpty());
        qInfo("imported %d rows in %lld ms", rows, t.elapsed());
        QCOMPARE(candidates(), rows);
        // One search.index job per commit of 2,000 rows; the documents are written when they run.
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE kind = 'search.index' AND state = 'pending'")), (rows + 1999) / 2000);
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM candidate_search")), 0);
        t.restart();
        QCOMPARE(tw->ws->jobs().runDue(1000, QString::fromLatin1(SearchService::kIndexJob)).value(), (rows + 1999) / 2000);
        qInfo("indexed %d candidates in %lld ms", rows, t.elapsed());
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM candidate_search")), rows);
        QCOMPARE(tw->ws->search().search(admin, QStringLiteral("first77"), QStringLiteral("candidate")).value().size(), 1);
        // More than two commits: one merge of the index segments follows the index jobs.
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE kind = 'search.merge' AND state = 'pending'")), rows > 4000 ? 1 : 0);
        QVERIFY(tw->ws->jobs().runDue(10, QString::fromLatin1(SearchService::kMergeJob)).ok());
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE kind LIKE 'search.%' AND state <> 'done'")), 0);
        QCOMPARE(tw->ws->search().search(admin, QStringLiteral("first78"), QStringLiteral("candidate")).value().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestImport)
#include "test_import.moc"
