// Recruiting domain, part 1: jobs with pipelines, candidates with duplicate detection,
// applications and their stage rules, hiring-manager scoping, viewer read-only.
#include "common/phone.h"
#include "recruiting/interviewservice.h"
#include "testutil.h"

#include <QBuffer>

#include <QJsonArray>

using namespace rd;

class TestRecruiting : public QObject {
    Q_OBJECT

    std::unique_ptr<test::TestWorkspace> tw;
    Session admin, recruiter, manager, otherManager, viewer;

    QJsonObject jobFields(const QString& title)
    {
        return { { QStringLiteral("title"), title }, { QStringLiteral("description"), QStringLiteral("Build things.") },
            { QStringLiteral("location"), QStringLiteral("Berlin") }, { QStringLiteral("latitude"), 52.52 },
            { QStringLiteral("longitude"), 13.405 }, { QStringLiteral("remote"), QStringLiteral("hybrid") },
            { QStringLiteral("must_have"), QStringLiteral("C++; Qt") }, { QStringLiteral("tags"), QJsonArray { "backend" } } };
    }

private slots:
    void initTestCase()
    {
        tw = std::make_unique<test::TestWorkspace>();
        admin = tw->createTenant(QStringLiteral("Acme"), QStringLiteral("acme"));
        recruiter = tw->addUser(admin, QStringLiteral("rec@acme.test"), QStringLiteral("recruiter"));
        manager = tw->addUser(admin, QStringLiteral("hm@acme.test"), QStringLiteral("hiring_manager"));
        otherManager = tw->addUser(admin, QStringLiteral("hm2@acme.test"), QStringLiteral("hiring_manager"));
        viewer = tw->addUser(admin, QStringLiteral("view@acme.test"), QStringLiteral("viewer"));
    }

    void jobsGetAPipelineAndPublishRules()
    {
        auto job = tw->ws->postings().create(recruiter, jobFields(QStringLiteral("Qt Engineer")));
        QVERIFY(job.ok());
        QCOMPARE(job.value().status, QStringLiteral("draft"));
        QVERIFY(job.value().jobNumber.startsWith(QLatin1String("J-")));
        QCOMPARE(job.value().mustHave, (QStringList { "C++", "Qt" }));
        QCOMPARE(job.value().stages.size(), 6);
        QCOMPARE(job.value().stages.first().kind, QStringLiteral("applied"));
        // Each job has its own pipeline copy.
        auto second = tw->ws->postings().create(recruiter, jobFields(QStringLiteral("QML Developer")));
        QVERIFY(second.ok());
        QVERIFY(second.value().pipelineId != job.value().pipelineId);
        QVERIFY(second.value().stages.first().id != job.value().stages.first().id);

        RD_VERIFY_ERROR(tw->ws->postings().create(recruiter, { { QStringLiteral("description"), QStringLiteral("x") } }),
            ErrorCode::ValidationFailed);
        RD_VERIFY_ERROR(tw->ws->postings().create(recruiter, { { QStringLiteral("title"), QStringLiteral("x") },
                                                            { QStringLiteral("latitude"), 123.0 } }),
            ErrorCode::ValidationFailed);
        RD_VERIFY_ERROR(tw->ws->postings().create(recruiter, { { QStringLiteral("title"), QStringLiteral("x") },
                                                            { QStringLiteral("password"), QStringLiteral("x") } }),
            ErrorCode::ValidationFailed);
        auto noDesc = tw->ws->postings().create(recruiter, { { QStringLiteral("title"), QStringLiteral("Empty") } });
        QVERIFY(noDesc.ok());
        auto pub = tw->ws->postings().publish(recruiter, noDesc.value().id);
        RD_VERIFY_ERROR(pub, ErrorCode::ValidationFailed);
        QCOMPARE(pub.error().details.value(QStringLiteral("rule")).toString(), QStringLiteral("publish_requirements"));
        auto published = tw->ws->postings().publish(recruiter, job.value().jobNumber);
        QVERIFY(published.ok());
        QCOMPARE(published.value().status, QStringLiteral("open"));
        QVERIFY(published.value().published);

        // External ids resolve like internal ids; updates validate and audit.
        auto ext = tw->ws->postings().create(recruiter, QJsonObject { { QStringLiteral("title"), QStringLiteral("Ext") },
                                                            { QStringLiteral("external_id"), QStringLiteral("ATS-7") } });
        QVERIFY(ext.ok());
        auto byExt = tw->ws->postings().update(recruiter, QStringLiteral("ATS-7"), { { QStringLiteral("department"), QStringLiteral("R&D") } });
        QVERIFY(byExt.ok());
        QCOMPARE(byExt.value().department, QStringLiteral("R&D"));
        RD_VERIFY_ERROR(tw->ws->postings().create(recruiter, QJsonObject { { QStringLiteral("title"), QStringLiteral("Dup") },
                                                               { QStringLiteral("external_id"), QStringLiteral("ATS-7") } }),
            ErrorCode::Conflict);
        QVERIFY(tw->count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'job.update'")) >= 1);
        // An empty external id is "none", not a value two jobs could clash on.
        QVERIFY(tw->ws->postings().update(recruiter, QStringLiteral("ATS-7"), { { QStringLiteral("external_id"), QString() } }).ok());
        QVERIFY(tw->ws->postings().update(recruiter, job.value().id, { { QStringLiteral("external_id"), QString() } }).ok());
        RD_VERIFY_ERROR(tw->ws->postings().create(viewer, jobFields(QStringLiteral("Nope"))), ErrorCode::PermissionDenied);
        RD_VERIFY_ERROR(tw->ws->postings().create(manager, jobFields(QStringLiteral("Nope"))), ErrorCode::PermissionDenied);
    }

    void duplicateCandidatesAreReported()
    {
        TenantPatch p;
        p.settings = QJsonObject { { QStringLiteral("default_country"), QStringLiteral("DE") } };
        QVERIFY(tw->ws->tenants().update(admin, p).ok());
        auto ada = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("Ada") },
                                                              { QStringLiteral("last_name"), QStringLiteral("Lovelace") },
                                                              { QStringLiteral("emails"), QStringLiteral("Ada@Example.org") },
                                                              { QStringLiteral("phones"), QStringLiteral("030 1234567") },
                                                              { QStringLiteral("skills"), QStringLiteral("C++;Qt;SQL") } });
        QVERIFY(ada.ok());
        QCOMPARE(ada.value().emails, QStringList { QStringLiteral("Ada@Example.org") });
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM candidate_contacts WHERE value_norm = '+49301234567'")), 1);

        auto dupEmail = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("A.") },
                                                                   { QStringLiteral("emails"), QStringLiteral(" ada@example.ORG ") } });
        RD_VERIFY_ERROR(dupEmail, ErrorCode::Conflict);
        QCOMPARE(dupEmail.error().details.value(QStringLiteral("duplicate_of")).toString(), ada.value().id);
        QCOMPARE(dupEmail.error().details.value(QStringLiteral("match")).toString(), QStringLiteral("email"));
        auto dupPhone = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("B.") },
                                                                   { QStringLiteral("phones"), QStringLiteral("+49 30 123-4567") } });
        RD_VERIFY_ERROR(dupPhone, ErrorCode::Conflict);
        QCOMPARE(dupPhone.error().details.value(QStringLiteral("match")).toString(), QStringLiteral("phone"));
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM candidates")), 1);

        RD_VERIFY_ERROR(tw->ws->candidates().create(recruiter, { { QStringLiteral("phones"), QStringLiteral("abc") },
                                                                   { QStringLiteral("first_name"), QStringLiteral("X") } }),
            ErrorCode::ValidationFailed);
        RD_VERIFY_ERROR(tw->ws->candidates().create(viewer, { { QStringLiteral("first_name"), QStringLiteral("V") } }),
            ErrorCode::PermissionDenied);
        auto upd = tw->ws->candidates().update(recruiter, ada.value().id, { { QStringLiteral("headline"), QStringLiteral("Analyst") },
                                                                              { QStringLiteral("emails"), QStringLiteral("ada@example.org;ada@work.test") } });
        QVERIFY(upd.ok());
        QCOMPARE(upd.value().emails.size(), 2);
        QCOMPARE(upd.value().headline, QStringLiteral("Analyst"));
        QVERIFY(tw->ws->candidates().get(viewer, ada.value().id).ok());
    }

    // Phone numbers are read with libphonenumber and kept in E.164 (decision 0022). The rows
    // marked "was" show what the hand-written reader did with them.
    void phoneNumbersAreReadAsTheirCountryWritesThem_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("stored"); // empty: refused
        QTest::addColumn<QString>("rule");
        QTest::newRow("international") << "+44 20 7946 0958" << "" << "+442079460958" << "";
        QTest::newRow("00 prefix, no region") << "0044 20 7946 0958" << "" << "+442079460958" << "";
        QTest::newRow("national GB") << "020 7946 0958" << "GB" << "+442079460958" << "";
        QTest::newRow("(0) in an international GB number (was +4402079460958)") << "+44 (0)20 7946 0958" << "" << "+442079460958" << "";
        QTest::newRow("Italian fixed line keeps its 0 (was +39612345678)") << "06 1234 5678" << "IT" << "+390612345678" << "";
        QTest::newRow("Italian international") << "+39 06 1234 5678" << "" << "+390612345678" << "";
        QTest::newRow("US national (was 2125550100, no +)") << "(212) 555-0100" << "US" << "+12125550100" << "";
        QTest::newRow("US with 1") << "1 212 555 0100" << "US" << "+12125550100" << "";
        QTest::newRow("US from abroad: 011") << "011 44 20 7946 0958" << "US" << "+442079460958" << "";
        QTest::newRow("German mobile") << "0151 2345 6789" << "DE" << "+4915123456789" << "";
        QTest::newRow("French") << "01 23 45 67 89" << "FR" << "+33123456789" << "";
        QTest::newRow("Japanese (a country the old table did not know)") << "03-1234-5678" << "JP" << "+81312345678" << "";
        QTest::newRow("extension kept") << "+44 20 7946 0958 ext. 12" << "" << "+442079460958 ext. 12" << "";
        QTest::newRow("extn") << "+44 20 7946 0958 extn 3" << "" << "+442079460958 ext. 3" << "";
        QTest::newRow("stored form reads back") << "+442079460958 ext. 12" << "" << "+442079460958 ext. 12" << "";
        QTest::newRow("tel: link") << "tel:+44-20-7946-0958" << "" << "+442079460958" << "";
        QTest::newRow("0044 in a US workspace (US dials 011)") << "0044 20 7946 0958" << "US" << "+442079460958" << "";
        QTest::newRow("national, no region") << "020 7946 0958" << "" << "" << "needs_country";
        QTest::newRow("words") << "call me" << "GB" << "" << "format";
        QTest::newRow("letters for digits") << "+1 800 FLOWERS" << "" << "" << "format";
        QTest::newRow("too short") << "+44 20" << "" << "" << "length";
        QTest::newRow("local only (no area code)") << "555 0100" << "US" << "" << "length";
        QTest::newRow("too long") << "+44 20 7946 0958 1234 5678" << "" << "" << "length";
        QTest::newRow("no such country code") << "+999 1234 5678" << "" << "" << "country_code";
        QTest::newRow("NUL") << QString::fromUtf8("+44 20 7946\0 0958", 17) << "" << "" << "format";
        QTest::newRow("empty") << "" << "GB" << "" << "format";
    }

    void phoneNumbersAreReadAsTheirCountryWritesThem()
    {
        QFETCH(QString, text);
        QFETCH(QString, region);
        QFETCH(QString, stored);
        QFETCH(QString, rule);
        auto n = phone::normalise(text, region, QStringLiteral("phones"));
        if (stored.isEmpty()) {
            RD_VERIFY_ERROR(n, ErrorCode::ValidationFailed);
            QCOMPARE(n.error().details.value(QStringLiteral("rule")).toString(), rule);
            QCOMPARE(n.error().details.value(QStringLiteral("field")).toString(), QStringLiteral("phones"));
            return;
        }
        QVERIFY2(n.ok(), qPrintable(n.ok() ? QString() : n.error().message));
        QCOMPARE(n.value(), stored);
        QCOMPARE(phone::normalise(n.value(), QString()).value(), stored); // the stored form is read as itself
        QVERIFY(!phone::dialable(stored).contains(QLatin1String("ext")));
        QVERIFY(!stored.contains(QLatin1Char(';'))); // ';' separates list values (CSV, --set phones=a;b)
    }

    // Rewriting what an older release kept as typed takes only numbers in use (a guess would
    // become a confident wrong number that is then texted).
    void oldNumbersAreRewrittenOnlyWhenValid()
    {
        QCOMPARE(phone::normalise(QStringLiteral("555-1234"), QStringLiteral("GB")).ok(), true); // possible: typed now, kept
        auto v = phone::normaliseValid(QStringLiteral("555-1234"), QStringLiteral("GB"));
        RD_VERIFY_ERROR(v, ErrorCode::ValidationFailed);
        QCOMPARE(v.error().details.value(QStringLiteral("rule")).toString(), QStringLiteral("invalid"));
        QCOMPARE(phone::normaliseValid(QStringLiteral("020 7946 0958"), QStringLiteral("GB")).value(), QStringLiteral("+442079460958"));
        QCOMPARE(phone::nationalDigits(QStringLiteral("+442079460958")), QStringLiteral("02079460958"));
        QCOMPARE(phone::nationalDigits(QStringLiteral("+390612345678 ext. 4")), QStringLiteral("0612345678"));
    }

    void phonesAreStoredInE164WithTheWorkspaceCountry()
    {
        TenantPatch p;
        p.settings = QJsonObject { { QStringLiteral("default_country"), QStringLiteral("it") } };
        auto t = tw->ws->tenants().update(admin, p);
        QVERIFY(t.ok());
        QCOMPARE(t.value().settings.value(QStringLiteral("default_country")).toString(), QStringLiteral("IT"));
        p.settings = QJsonObject { { QStringLiteral("default_country"), QStringLiteral("Italy") } };
        auto bad = tw->ws->tenants().update(admin, p);
        RD_VERIFY_ERROR(bad, ErrorCode::ValidationFailed);
        QCOMPARE(bad.error().details.value(QStringLiteral("rule")).toString(), QStringLiteral("region"));
        p.settings = QJsonObject { { QStringLiteral("default_country"), QStringLiteral("XK") } }; // no such region in the data: refused too
        if (!phone::knownRegion(QStringLiteral("XK")))
            RD_VERIFY_ERROR(tw->ws->tenants().update(admin, p), ErrorCode::ValidationFailed);

        auto c = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("Gia") },
                                                            { QStringLiteral("phones"), QJsonArray { QStringLiteral("06 1234 5678"),
                                                                                            QStringLiteral("+39 06 1234 5678") } } });
        QVERIFY(c.ok());
        QCOMPARE(c.value().phones, QStringList { QStringLiteral("+390612345678") }); // one number, written twice
        QCOMPARE(c.value().toJson().value(QStringLiteral("phones_display")).toArray(), QJsonArray { QStringLiteral("+39 06 1234 5678") });
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM candidate_contacts WHERE kind = 'phone' AND value = "
                                          "'+390612345678' AND value_norm = '+390612345678'")),
            1);
        auto e = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("Ugo") },
                                                            { QStringLiteral("phones"), QStringLiteral("06 123") } });
        RD_VERIFY_ERROR(e, ErrorCode::ValidationFailed);
        QCOMPARE(e.error().details.value(QStringLiteral("field")).toString(), QStringLiteral("phones"));
    }

    // A file from a release that kept numbers as typed: opening it rewrites them in E.164
    // once, as recorded system edits (they sync), with an audit entry; SMS recipients too.
    void phonesKeptAsTypedAreRewrittenOnce()
    {
        TenantPatch p;
        p.settings = QJsonObject { { QStringLiteral("default_country"), QStringLiteral("GB") } };
        QVERIFY(tw->ws->tenants().update(admin, p).ok());
        auto c = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("Old") },
                                                            { QStringLiteral("last_name"), QStringLiteral("Release") },
                                                            { QStringLiteral("phones"), QStringLiteral("+44 20 7946 0001") } });
        QVERIFY(c.ok());
        NewIntent sms;
        sms.candidate = c.value().id;
        sms.channel = QStringLiteral("sms");
        sms.body = QStringLiteral("Hello");
        auto queued = tw->ws->outreach().queue(recruiter, sms);
        QVERIFY(queued.ok());
        // What the old release wrote: the typed text, its own digits-only key; and one it could not read.
        Database& db = tw->ws->db();
        QVERIFY(db.change(QStringLiteral("UPDATE candidate_contacts SET value = '020 7946 0001', value_norm = '02079460001' "
                                         "WHERE candidate_id = ? AND kind = 'phone'"),
                      { c.value().id })
                    .ok());
        QVERIFY(db.change(QStringLiteral("UPDATE outreach_intents SET recipient = '020 7946 0001' WHERE id = ?"),
                      { queued.value().id })
                    .ok());
        auto other = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("Odd") },
                                                                { QStringLiteral("phones"), QStringLiteral("+44 20 7946 0002") } });
        QVERIFY(other.ok());
        QVERIFY(db.change(QStringLiteral("UPDATE candidate_contacts SET value = 'ask at reception' WHERE candidate_id = ?"),
                      { other.value().id })
                    .ok());
        QVERIFY(db.change(QStringLiteral("DELETE FROM meta WHERE key = 'phones_e164'")).ok());

        tw->reopen();
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM candidate_contacts WHERE candidate_id = ? AND value = "
                                          "'+442079460001' AND value_norm = '+442079460001'"),
                     { c.value().id }),
            1);
        QCOMPARE(tw->ws->candidates().get(recruiter, c.value().id).value().phones, QStringList { QStringLiteral("+442079460001") });
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM outreach_intents WHERE recipient = '+442079460001'")), 1);
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM candidate_contacts WHERE value = 'ask at reception'")), 1);
        // Recorded for sync: the last change of the contact and of the intent carries the new value.
        const auto lastValue = [&](const QString& entity, const QString& field, const QString& rowId) {
            auto r = tw->ws->db().selectOne(QStringLiteral("SELECT json_extract(fields, '$.%1') FROM changes WHERE entity = ? AND "
                                                           "row_id = ? ORDER BY dev_seq DESC LIMIT 1")
                                                .arg(field),
                { entity, rowId });
            return r ? r.value().value(0).toString() : QString();
        };
        auto contactId = tw->ws->db().selectOne(QStringLiteral("SELECT id FROM candidate_contacts WHERE candidate_id = ? AND kind = 'phone'"),
            { c.value().id });
        QVERIFY(contactId.ok());
        QCOMPARE(lastValue(QStringLiteral("candidate_contacts"), QStringLiteral("value"), contactId.value().value(0).toString()),
            QStringLiteral("+442079460001"));
        QCOMPARE(lastValue(QStringLiteral("candidate_contacts"), QStringLiteral("value_norm"), contactId.value().value(0).toString()),
            QStringLiteral("+442079460001"));
        QCOMPARE(lastValue(QStringLiteral("outreach_intents"), QStringLiteral("recipient"), queued.value().id),
            QStringLiteral("+442079460001"));
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'candidate.phones_normalised' AND "
                                          "json_extract(diff, '$.contacts') = 1 AND json_extract(diff, '$.sms_recipients') = 1 "
                                          "AND json_extract(diff, '$.unreadable') = 1")),
            1);
        QVERIFY(tw->ws->verifyAudit(admin).ok());
        // Once: opening again changes nothing.
        const int changesAfter = tw->count(QStringLiteral("SELECT COUNT(*) FROM changes"));
        tw->reopen();
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM changes")), changesAfter);
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'candidate.phones_normalised'")), 1);

        // A German number kept as typed is no British one (not in use: left as it is) ...
        QVERIFY(tw->ws->db()
                    .change(QStringLiteral("UPDATE candidate_contacts SET value = '0151 2345 6789', value_norm = '015123456789' "
                                           "WHERE candidate_id = ?"),
                        { other.value().id })
                    .ok());
        QVERIFY(tw->ws->db().change(QStringLiteral("DELETE FROM meta WHERE key = 'phones_e164'")).ok());
        tw->reopen();
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM candidate_contacts WHERE value = '0151 2345 6789'")), 1);
        // ... until the workspace's country says it is German.
        p.settings = QJsonObject { { QStringLiteral("default_country"), QStringLiteral("DE") } };
        QVERIFY(tw->ws->tenants().update(admin, p).ok());
        auto again = tw->ws->candidates().normaliseStoredPhones();
        QVERIFY(again.ok());
        QCOMPARE(again.value(), 1);
        QCOMPARE(tw->ws->candidates().get(recruiter, other.value().id).value().phones, QStringList { QStringLiteral("+4915123456789") });
        QCOMPARE(tw->ws->candidates().normaliseStoredPhones().value(), 0); // once per country
    }

    void applicationsFollowTheRules()
    {
        auto job = tw->ws->postings().create(recruiter, jobFields(QStringLiteral("Platform Engineer")));
        QVERIFY(job.ok());
        QVERIFY(tw->ws->postings().publish(recruiter, job.value().id).ok());
        auto cand = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("Grace") },
                                                               { QStringLiteral("emails"), QStringLiteral("grace@example.org") } });
        QVERIFY(cand.ok());
        auto app = tw->ws->applications().apply(recruiter, cand.value().id, job.value().jobNumber, QStringLiteral("referral"));
        QVERIFY(app.ok());
        QCOMPARE(app.value().stageKind, QStringLiteral("applied"));
        RD_VERIFY_ERROR(tw->ws->applications().apply(recruiter, cand.value().id, job.value().id), ErrorCode::Conflict);

        // Hired only from an offer stage; unknown stages refused.
        auto early = tw->ws->applications().move(recruiter, app.value().id, QStringLiteral("Hired"));
        RD_VERIFY_ERROR(early, ErrorCode::ValidationFailed);
        QCOMPARE(early.error().details.value(QStringLiteral("rule")).toString(), QStringLiteral("pipeline_rule"));
        RD_VERIFY_ERROR(tw->ws->applications().move(recruiter, app.value().id, QStringLiteral("Teleport")), ErrorCode::ValidationFailed);
        // A stage of another job's pipeline is not this job's.
        auto other = tw->ws->postings().create(recruiter, jobFields(QStringLiteral("Other")));
        RD_VERIFY_ERROR(tw->ws->applications().move(recruiter, app.value().id, other.value().stages.at(1).id),
            ErrorCode::ValidationFailed);

        // Hiring managers: only assigned jobs.
        RD_VERIFY_ERROR(tw->ws->applications().move(manager, app.value().id, QStringLiteral("Screening")), ErrorCode::PermissionDenied);
        RD_VERIFY_ERROR(tw->ws->applications().listForJob(manager, job.value().id), ErrorCode::PermissionDenied);
        RD_VERIFY_ERROR(tw->ws->postings().update(manager, job.value().id, { { QStringLiteral("department"), QStringLiteral("X") } }),
            ErrorCode::PermissionDenied);
        QVERIFY(tw->ws->postings().assignManager(recruiter, job.value().id, manager.userId).ok());
        RD_VERIFY_ERROR(tw->ws->postings().assignManager(manager, job.value().id, otherManager.userId), ErrorCode::PermissionDenied);
        QVERIFY(tw->ws->applications().move(manager, app.value().id, QStringLiteral("Screening")).ok());
        QVERIFY(tw->ws->applications().listForJob(manager, job.value().id).ok());
        RD_VERIFY_ERROR(tw->ws->applications().move(otherManager, app.value().id, QStringLiteral("Interview")), ErrorCode::PermissionDenied);
        QVERIFY(tw->ws->postings().update(manager, job.value().id, { { QStringLiteral("department"), QStringLiteral("Platform") } }).ok());

        // Viewers read only.
        QCOMPARE(tw->ws->applications().listForJob(viewer, job.value().id).value().size(), 1);
        RD_VERIFY_ERROR(tw->ws->applications().move(viewer, app.value().id, QStringLiteral("Interview")), ErrorCode::PermissionDenied);

        QVERIFY(tw->ws->applications().move(recruiter, app.value().id, QStringLiteral("Interview")).ok());
        QVERIFY(tw->ws->applications().move(recruiter, app.value().id, QStringLiteral("Offer")).ok());
        auto hired = tw->ws->applications().move(recruiter, app.value().id, QStringLiteral("Hired"));
        QVERIFY(hired.ok());
        QCOMPARE(hired.value().status, QStringLiteral("hired"));
        RD_VERIFY_ERROR(tw->ws->applications().move(recruiter, app.value().id, QStringLiteral("Screening")), ErrorCode::ValidationFailed);

        auto hist = tw->ws->applications().history(recruiter, app.value().id);
        QVERIFY(hist.ok());
        QStringList stages;
        for (const QJsonObject& h : hist.value())
            stages << h.value(QStringLiteral("stage")).toString();
        QCOMPARE(stages, (QStringList { "Applied", "Screening", "Interview", "Offer", "Hired" }));
        QCOMPARE(hist.value().at(1).value(QStringLiteral("moved_by")).toString(), manager.userId);

        // Closed jobs take no new applications.
        QVERIFY(tw->ws->postings().setStatus(recruiter, job.value().id, QStringLiteral("closed")).ok());
        auto late = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("Late") } });
        auto refused = tw->ws->applications().apply(recruiter, late.value().id, job.value().id);
        RD_VERIFY_ERROR(refused, ErrorCode::ValidationFailed);
        QCOMPARE(refused.error().details.value(QStringLiteral("rule")).toString(), QStringLiteral("job_closed"));

        // Everything above is audited, in the outbox, and the chain holds.
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'application.move'")), 4);
        QVERIFY(tw->count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE entity = 'applications'")) >= 5);
        auto v = tw->ws->audit().verify();
        QVERIFY(v.ok() && v.value().ok);
    }

    void pipelineEditing()
    {
        auto job = tw->ws->postings().create(recruiter, jobFields(QStringLiteral("Pipeline Job")));
        QVERIFY(job.ok());
        const QString id = job.value().id;
        auto withStage = tw->ws->postings().addStage(recruiter, id, QStringLiteral("Tech Test"), QStringLiteral("interview"), 2);
        QVERIFY(withStage.ok());
        QStringList names;
        for (const Stage& st : withStage.value().stages)
            names << st.name;
        QCOMPARE(names, (QStringList { "Applied", "Screening", "Tech Test", "Interview", "Offer", "Hired", "Rejected" }));
        RD_VERIFY_ERROR(tw->ws->postings().addStage(recruiter, id, QStringLiteral("tech test"), QStringLiteral("interview")),
            ErrorCode::ValidationFailed);
        RD_VERIFY_ERROR(tw->ws->postings().addStage(recruiter, id, QStringLiteral("X"), QStringLiteral("party")), ErrorCode::ValidationFailed);
        QVERIFY(tw->ws->postings().renameStage(recruiter, id, QStringLiteral("Tech Test"), QStringLiteral("Coding Task")).ok());
        auto reordered = tw->ws->postings().reorderStages(recruiter, id,
            { "Applied", "Coding Task", "Screening", "Interview", "Offer", "Hired", "Rejected" });
        QVERIFY(reordered.ok());
        QCOMPARE(reordered.value().stages.at(1).name, QStringLiteral("Coding Task"));
        QCOMPARE(reordered.value().stages.at(2).position, 2);
        RD_VERIFY_ERROR(tw->ws->postings().reorderStages(recruiter, id, { "Applied", "Screening" }), ErrorCode::ValidationFailed);

        auto cand = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("Pip") } });
        auto app = tw->ws->applications().apply(recruiter, cand.value().id, id);
        QVERIFY(app.ok());
        QVERIFY(tw->ws->applications().move(recruiter, app.value().id, QStringLiteral("Coding Task")).ok());
        auto noTarget = tw->ws->postings().removeStage(recruiter, id, QStringLiteral("Coding Task"));
        RD_VERIFY_ERROR(noTarget, ErrorCode::ValidationFailed);
        QCOMPARE(noTarget.error().details.value(QStringLiteral("rule")).toString(), QStringLiteral("target_required"));
        RD_VERIFY_ERROR(tw->ws->postings().removeStage(recruiter, id, QStringLiteral("Coding Task"), QStringLiteral("Hired")),
            ErrorCode::ValidationFailed);
        auto removed = tw->ws->postings().removeStage(recruiter, id, QStringLiteral("Coding Task"), QStringLiteral("Screening"));
        QVERIFY(removed.ok());
        QCOMPARE(removed.value().stages.size(), 6);
        for (int i = 0; i < removed.value().stages.size(); ++i)
            QCOMPARE(removed.value().stages[i].position, i);
        auto apps = tw->ws->applications().listForJob(recruiter, id);
        QCOMPARE(apps.value().first().stageName, QStringLiteral("Screening"));
        QCOMPARE(tw->ws->applications().history(recruiter, app.value().id).value().size(), 3);
        RD_VERIFY_ERROR(tw->ws->postings().addStage(viewer, id, QStringLiteral("V"), QStringLiteral("interview")), ErrorCode::PermissionDenied);
        RD_VERIFY_ERROR(tw->ws->postings().renameStage(manager, id, QStringLiteral("Offer"), QStringLiteral("Deal")), ErrorCode::PermissionDenied);
        auto v = tw->ws->audit().verify();
        QVERIFY(v.ok() && v.value().ok);
    }

    void interviewsFeedbackIcsAndNotes()
    {
        auto job = tw->ws->postings().create(recruiter, jobFields(QStringLiteral("Interview Job")));
        QVERIFY(tw->ws->postings().publish(recruiter, job.value().id).ok());
        auto cand = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("Ivy") },
                                                               { QStringLiteral("last_name"), QStringLiteral("Interview") } });
        auto app = tw->ws->applications().apply(recruiter, cand.value().id, job.value().id);
        QVERIFY(app.ok());

        NewInterview in;
        in.applicationId = app.value().id;
        in.start = QStringLiteral("2026-12-01T10:00"); // local time in Berlin (UTC+1 in December)
        in.timeZone = QStringLiteral("Europe/Berlin");
        in.durationMin = 45;
        in.location = QStringLiteral("Room 1; Building A, 2nd floor");
        in.videoLink = QStringLiteral("https://meet.example.org/abc");
        in.interviewerIds = { manager.userId, recruiter.userId };
        NewInterview badTz = in;
        badTz.timeZone = QStringLiteral("Mars/Olympus");
        RD_VERIFY_ERROR(tw->ws->interviews().schedule(recruiter, badTz), ErrorCode::ValidationFailed);
        NewInterview badLink = in;
        badLink.videoLink = QStringLiteral("javascript:alert(1)");
        RD_VERIFY_ERROR(tw->ws->interviews().schedule(recruiter, badLink), ErrorCode::ValidationFailed);
        badLink.videoLink = QStringLiteral("https://meet.example.org/a\r\nATTENDEE:mailto:x@evil.example");
        RD_VERIFY_ERROR(tw->ws->interviews().schedule(recruiter, badLink), ErrorCode::ValidationFailed);
        auto iv = tw->ws->interviews().schedule(recruiter, in);
        QVERIFY(iv.ok());
        QCOMPARE(iv.value().startsAtUtc, QStringLiteral("2026-12-01T09:00:00.000Z"));
        QCOMPARE(iv.value().timeZone, QStringLiteral("Europe/Berlin"));
        NewInterview withOffset = in;
        withOffset.start = QStringLiteral("2026-07-01T10:00:00+02:00");
        QCOMPARE(tw->ws->interviews().schedule(recruiter, withOffset).value().startsAtUtc, QStringLiteral("2026-07-01T08:00:00.000Z"));

        // Feedback: interviewers only, ratings 1..5.
        RD_VERIFY_ERROR(tw->ws->interviews().giveFeedback(admin, iv.value().id, {}, QStringLiteral("yes"), {}), ErrorCode::PermissionDenied);
        RD_VERIFY_ERROR(tw->ws->interviews().giveFeedback(recruiter, iv.value().id, { { QStringLiteral("coding"), 7 } }, QStringLiteral("yes"), {}),
            ErrorCode::ValidationFailed);
        RD_VERIFY_ERROR(tw->ws->interviews().giveFeedback(recruiter, iv.value().id, {}, QStringLiteral("maybe"), {}), ErrorCode::ValidationFailed);
        // The hiring manager is an interviewer but not assigned to the job yet.
        RD_VERIFY_ERROR(tw->ws->interviews().get(manager, iv.value().id), ErrorCode::PermissionDenied);
        QVERIFY(tw->ws->postings().assignManager(recruiter, job.value().id, manager.userId).ok());
        auto fb = tw->ws->interviews().giveFeedback(manager, iv.value().id, { { QStringLiteral("coding"), 4 }, { QStringLiteral("communication"), 5 } },
            QStringLiteral("strong_yes"), QStringLiteral("Great"));
        QVERIFY(fb.ok());
        QCOMPARE(fb.value().feedback.size(), 1);
        auto again = tw->ws->interviews().giveFeedback(manager, iv.value().id, { { QStringLiteral("coding"), 3 } }, QStringLiteral("yes"), {});
        QCOMPARE(again.value().feedback.size(), 1);
        QCOMPARE(again.value().feedback.first().value(QStringLiteral("recommendation")).toString(), QStringLiteral("yes"));

        auto ics = tw->ws->interviews().ics(recruiter, iv.value().id);
        QVERIFY(ics.ok());
        const QString text = ics.value();
        QVERIFY(text.startsWith(QLatin1String("BEGIN:VCALENDAR\r\n")));
        QVERIFY(text.contains(QLatin1String("DTSTART:20261201T090000Z\r\n")));
        QVERIFY(text.contains(QLatin1String("DTEND:20261201T094500Z\r\n")));
        QVERIFY(text.contains(QLatin1String("LOCATION:Room 1\\; Building A\\, 2nd floor")));
        QVERIFY(text.contains(QLatin1String("SUMMARY:Interview: Ivy Interview")));
        QVERIFY(text.trimmed().endsWith(QLatin1String("END:VCALENDAR")));
        for (const QString& line : text.split(QStringLiteral("\r\n")))
            QVERIFY2(line.toUtf8().size() <= 75, qPrintable(line));
        QVERIFY(text.contains(QLatin1String("METHOD:PUBLISH\r\n")));
        QVERIFY(text.contains(QLatin1String("SEQUENCE:0\r\n")));
        QVERIFY(text.contains(QLatin1String(":mailto:rec@acme.test\r\n")));
        QVERIFY(text.contains(QLatin1String("ATTENDEE;ROLE=REQ-PARTICIPANT")));
        // A name with a line break cannot add lines (properties) of its own.
        RD_VERIFY_OK(tw->ws->db().change(QStringLiteral("UPDATE users SET given_name = ? WHERE id = ?"),
            { QStringLiteral("Eve\r\nATTENDEE:mailto:x@evil.example"), recruiter.userId }));
        const QString injected = tw->ws->interviews().ics(recruiter, iv.value().id).value();
        QVERIFY2(!injected.contains(QLatin1String("\nATTENDEE:mailto:x@evil")), qPrintable(injected));
        // Moved: the same event (UID) with a higher SEQUENCE, so a calendar replaces it.
        tw->clock.advanceSecs(90);
        RD_VERIFY_ERROR(tw->ws->interviews().reschedule(recruiter, iv.value().id, QStringLiteral("tomorrow")), ErrorCode::ValidationFailed);
        auto moved = tw->ws->interviews().reschedule(recruiter, iv.value().id, QStringLiteral("2026-12-02T15:30"));
        RD_VERIFY_OK(moved);
        QCOMPARE(moved.value().startsAtUtc, QStringLiteral("2026-12-02T14:30:00.000Z"));
        QCOMPARE(moved.value().durationMin, 45);
        const QString movedIcs = tw->ws->interviews().ics(recruiter, iv.value().id).value();
        QVERIFY(movedIcs.contains(QLatin1String("DTSTART:20261202T143000Z\r\n")));
        QVERIFY(movedIcs.contains(QLatin1String("SEQUENCE:90\r\n")));
        QVERIFY(movedIcs.contains(QStringLiteral("UID:%1@recruitdesk").arg(iv.value().id)));
        // Cancelled: METHOD:CANCEL, a higher SEQUENCE again; a cancelled interview does not move.
        tw->clock.advanceSecs(30);
        QVERIFY(tw->ws->interviews().setStatus(recruiter, iv.value().id, QStringLiteral("cancelled")).ok());
        const QString cancelledIcs = tw->ws->interviews().ics(recruiter, iv.value().id).value();
        QVERIFY(cancelledIcs.contains(QLatin1String("STATUS:CANCELLED")));
        QVERIFY(cancelledIcs.contains(QLatin1String("METHOD:CANCEL\r\n")));
        QVERIFY(cancelledIcs.contains(QLatin1String("SEQUENCE:120\r\n")));
        RD_VERIFY_ERROR(tw->ws->interviews().reschedule(recruiter, iv.value().id, QStringLiteral("2026-12-03T10:00")), ErrorCode::Conflict);

        // Notes.
        QVERIFY(tw->ws->interviews().addNote(recruiter, QStringLiteral("candidate"), cand.value().id, QStringLiteral("Strong portfolio")).ok());
        QVERIFY(tw->ws->interviews().addNote(manager, QStringLiteral("application"), app.value().id, QStringLiteral("Ask about Qt 6")).ok());
        RD_VERIFY_ERROR(tw->ws->interviews().addNote(viewer, QStringLiteral("candidate"), cand.value().id, QStringLiteral("x")),
            ErrorCode::PermissionDenied);
        RD_VERIFY_ERROR(tw->ws->interviews().addNote(recruiter, QStringLiteral("candidate"), QStringLiteral("nope"), QStringLiteral("x")),
            ErrorCode::NotFound);
        RD_VERIFY_ERROR(tw->ws->interviews().addNote(recruiter, QStringLiteral("tenant"), cand.value().id, QStringLiteral("x")),
            ErrorCode::ValidationFailed);
        auto notes = tw->ws->interviews().notes(viewer, QStringLiteral("candidate"), cand.value().id);
        QVERIFY(notes.ok());
        QCOMPARE(notes.value().size(), 1);
        QCOMPARE(notes.value().first().value(QStringLiteral("body")).toString(), QStringLiteral("Strong portfolio"));
        auto v = tw->ws->audit().verify();
        QVERIFY(v.ok() && v.value().ok);
    }

    void mergeAndUndo()
    {
        auto job = tw->ws->postings().create(recruiter, jobFields(QStringLiteral("Merge Job")));
        auto job2 = tw->ws->postings().create(recruiter, jobFields(QStringLiteral("Merge Job 2")));
        auto keep = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("Kate") },
                                                               { QStringLiteral("last_name"), QStringLiteral("Keep") },
                                                               { QStringLiteral("emails"), QStringLiteral("kate@work.test") },
                                                               { QStringLiteral("skills"), QStringLiteral("Java") } });
        auto dupe = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("Katie") },
                                                               { QStringLiteral("last_name"), QStringLiteral("Keep") },
                                                               { QStringLiteral("emails"), QStringLiteral("katie@home.test") },
                                                               { QStringLiteral("phones"), QStringLiteral("+1 212 555 0100") },
                                                               { QStringLiteral("skills"), QStringLiteral("Kotlin;java") } });
        QVERIFY(keep.ok() && dupe.ok());
        QVERIFY(tw->ws->applications().apply(recruiter, keep.value().id, job.value().id).ok());
        QVERIFY(tw->ws->applications().apply(recruiter, dupe.value().id, job.value().id).ok());  // same job: closed on merge
        auto moved = tw->ws->applications().apply(recruiter, dupe.value().id, job2.value().id); // moves over
        QVERIFY(moved.ok());
        QVERIFY(tw->ws->interviews().addNote(recruiter, QStringLiteral("candidate"), dupe.value().id, QStringLiteral("Met at the fair")).ok());
        auto file = tw->ws->attachments().add(recruiter, dupe.value().id, QStringLiteral("portfolio.txt"), QByteArray("Portfolio of Katie"));
        QVERIFY(file.ok());

        RD_VERIFY_ERROR(tw->ws->candidates().merge(viewer, keep.value().id, dupe.value().id), ErrorCode::PermissionDenied);
        RD_VERIFY_ERROR(tw->ws->candidates().merge(recruiter, keep.value().id, keep.value().id), ErrorCode::ValidationFailed);
        auto m = tw->ws->candidates().merge(recruiter, keep.value().id, dupe.value().id);
        QVERIFY(m.ok());
        QCOMPARE(QSet<QString>(m.value().emails.begin(), m.value().emails.end()), (QSet<QString> { "kate@work.test", "katie@home.test" }));
        QCOMPARE(m.value().phones.size(), 1);
        QCOMPARE(m.value().skills, (QStringList { "Java", "Kotlin" }));
        RD_VERIFY_ERROR(tw->ws->candidates().get(recruiter, dupe.value().id), ErrorCode::NotFound);
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM applications WHERE candidate_id = ? AND deleted_at IS NULL"), { keep.value().id }), 2);
        QCOMPARE(tw->ws->interviews().notes(recruiter, QStringLiteral("candidate"), keep.value().id).value().size(), 1);
        QCOMPARE(tw->ws->attachments().list(recruiter, keep.value().id).value().size(), 1); // attachments move too
        // Only the survivor is found now, also by the duplicate's email.
        auto hits = tw->ws->search().search(recruiter, QStringLiteral("katie"), QStringLiteral("candidate"));
        QCOMPARE(hits.value().size(), 1);
        QCOMPARE(hits.value().first().id, keep.value().id);
        // The duplicate's email now belongs to the survivor: a new duplicate is caught.
        auto again = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("K") },
                                                                { QStringLiteral("emails"), QStringLiteral("katie@home.test") } });
        RD_VERIFY_ERROR(again, ErrorCode::Conflict);
        QCOMPARE(again.error().details.value(QStringLiteral("duplicate_of")).toString(), keep.value().id);

        // Undo from the audit entry.
        auto entry = tw->ws->db().selectOne(QStringLiteral("SELECT id FROM audit_log WHERE action = 'candidate.merge' ORDER BY seq DESC LIMIT 1"));
        QVERIFY(entry.ok());
        auto undone = tw->ws->candidates().undoMerge(recruiter, entry.value().value(0).toString());
        QVERIFY(undone.ok());
        QCOMPARE(undone.value().id, dupe.value().id);
        QCOMPARE(undone.value().emails, QStringList { QStringLiteral("katie@home.test") });
        auto kept = tw->ws->candidates().get(recruiter, keep.value().id);
        QCOMPARE(kept.value().emails, QStringList { QStringLiteral("kate@work.test") });
        QCOMPARE(kept.value().skills, QStringList { QStringLiteral("Java") });
        QCOMPARE(tw->count(QStringLiteral("SELECT COUNT(*) FROM applications WHERE candidate_id = ? AND deleted_at IS NULL"), { dupe.value().id }), 2);
        QCOMPARE(tw->ws->interviews().notes(recruiter, QStringLiteral("candidate"), dupe.value().id).value().size(), 1);
        QCOMPARE(tw->ws->attachments().list(recruiter, dupe.value().id).value().size(), 1);
        QCOMPARE(tw->ws->attachments().list(recruiter, keep.value().id).value().size(), 0);
        auto after = tw->ws->search().search(recruiter, QStringLiteral("katie"), QStringLiteral("candidate"));
        QCOMPARE(after.value().size(), 1);
        QCOMPARE(after.value().first().id, dupe.value().id);
        RD_VERIFY_ERROR(tw->ws->candidates().undoMerge(recruiter, entry.value().value(0).toString()), ErrorCode::Conflict);
        auto v = tw->ws->audit().verify();
        QVERIFY(v.ok() && v.value().ok);
    }

    void analytics()
    {
        auto job = tw->ws->postings().create(recruiter, jobFields(QStringLiteral("Funnel Job")));
        QVERIFY(tw->ws->postings().publish(recruiter, job.value().id).ok());
        QStringList apps;
        for (const char* who : { "A", "B", "C", "D" }) {
            auto c = tw->ws->candidates().create(recruiter, { { QStringLiteral("first_name"), QStringLiteral("Funnel %1").arg(QLatin1String(who)) } });
            auto a = tw->ws->applications().apply(recruiter, c.value().id, job.value().id,
                apps.size() < 2 ? QStringLiteral("funnel-referral") : QStringLiteral("funnel-board"));
            QVERIFY(a.ok());
            apps << a.value().id;
        }
        auto move = [&](int i, const char* stage) { QVERIFY(tw->ws->applications().move(recruiter, apps[i], QLatin1String(stage)).ok()); };
        tw->clock.advanceSecs(10 * 3600);
        move(0, "Screening");
        move(1, "Screening");
        move(2, "Screening");
        tw->clock.advanceSecs(2 * 3600);
        move(3, "Rejected");
        tw->clock.advanceSecs(18 * 3600);
        move(0, "Interview");
        move(1, "Interview");
        tw->clock.advanceSecs(5 * 3600);
        move(0, "Offer");
        tw->clock.advanceSecs(3600);
        move(0, "Hired");

        auto f = tw->ws->analytics().funnel(recruiter, job.value().id);
        QVERIFY(f.ok());
        QMap<QString, QJsonObject> byStage;
        for (const QJsonValue& v : f.value())
            byStage.insert(v.toObject().value(QStringLiteral("stage")).toString(), v.toObject());
        QCOMPARE(byStage.value("Applied").value(QStringLiteral("reached")).toInt(), 4);
        QCOMPARE(byStage.value("Screening").value(QStringLiteral("reached")).toInt(), 3);
        QCOMPARE(byStage.value("Screening").value(QStringLiteral("conversion")).toDouble(), 0.75);
        QCOMPARE(byStage.value("Interview").value(QStringLiteral("reached")).toInt(), 2);
        QCOMPARE(byStage.value("Offer").value(QStringLiteral("conversion")).toDouble(), 0.5);
        QCOMPARE(byStage.value("Hired").value(QStringLiteral("current")).toInt(), 1);
        QCOMPARE(byStage.value("Rejected").value(QStringLiteral("reached")).toInt(), 1);
        QCOMPARE(byStage.value("Interview").value(QStringLiteral("current")).toInt(), 1);

        auto t = tw->ws->analytics().timeInStage(recruiter, job.value().id);
        QVERIFY(t.ok());
        QMap<QString, double> hours;
        for (const QJsonValue& v : t.value())
            hours.insert(v.toObject().value(QStringLiteral("stage")).toString(), v.toObject().value(QStringLiteral("median_hours")).toDouble());
        QCOMPARE(hours.value("Applied"), 10.0);
        QCOMPARE(hours.value("Screening"), 20.0);
        QCOMPARE(hours.value("Interview"), 5.0);
        QCOMPARE(hours.value("Offer"), 1.0);

        auto src = tw->ws->analytics().bySource(recruiter);
        QVERIFY(src.ok());
        bool referral = false;
        for (const QJsonValue& v : src.value())
            if (v.toObject().value(QStringLiteral("source")).toString() == QLatin1String("funnel-referral")) {
                referral = true;
                QCOMPARE(v.toObject().value(QStringLiteral("applications")).toInt(), 2);
                QCOMPARE(v.toObject().value(QStringLiteral("hired")).toInt(), 1);
            }
        QVERIFY(referral);
        auto weeks = tw->ws->analytics().byWeek(recruiter);
        QVERIFY(weeks.ok() && !weeks.value().isEmpty());
        auto overall = tw->ws->analytics().funnel(recruiter);
        QVERIFY(overall.ok());
        QCOMPARE(overall.value().first().toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("applied"));
        QVERIFY(tw->ws->analytics().funnel(viewer).ok()); // viewers read reports
        RD_VERIFY_ERROR(tw->ws->analytics().funnel(Session { admin.tenantId, QStringLiteral("no-such-user"), {}, {}, false }),
            ErrorCode::PermissionDenied);
    }

    void sourceJobsLinkToTheirCanonicalJob()
    {
        auto own = tw->ws->postings().create(recruiter, { { "title", "Harbour Crane Operator" }, { "company", "Portside Ltd" },
                                                            { "location", "Rotterdam" }, { "external_id", "S-1" } });
        RD_VERIFY_OK(own);
        auto importJobs = [&](const QByteArray& csv) {
            QBuffer buf;
            buf.setData(csv);
            buf.open(QIODevice::ReadOnly);
            return tw->ws->imports().importCsv(recruiter, QStringLiteral("jobs"), buf, QStringLiteral("feed.csv"), false);
        };
        const QByteArray feed = "external_id,title,company,location,source\n"
                                "S-1,harbour crane  operator,PORTSIDE LTD.,Rotterdam,stepstone\n"
                                "S-2,Night Watch,Portside Ltd,Rotterdam,stepstone\n"
                                "S-1,Harbour Crane Operator,Portside Ltd,Rotterdam,indeed\n";
        auto first = importJobs(feed);
        RD_VERIFY_OK(first);
        QCOMPARE(first.value().imported, 3); // the same external id from two sources is two source jobs
        auto again = importJobs(feed);
        QCOMPARE(again.value().imported, 0);
        QCOMPARE(again.value().updated, 3);
        // "S-1" still names the tenant's own job; the feed's copies point at it.
        QCOMPARE(tw->ws->postings().get(viewer, QStringLiteral("S-1")).value().id, own.value().id);
        auto stepstone = tw->ws->postings().loadBySource(admin.tenantId, QStringLiteral("stepstone"), QStringLiteral("S-1"));
        RD_VERIFY_OK(stepstone);
        QCOMPARE(stepstone.value().canonicalJobId, own.value().id);
        QCOMPARE(tw->ws->postings().loadBySource(admin.tenantId, QStringLiteral("indeed"), QStringLiteral("S-1")).value().canonicalJobId,
            own.value().id);
        QVERIFY(tw->ws->postings().loadBySource(admin.tenantId, QStringLiteral("stepstone"), QStringLiteral("S-2")).value().canonicalJobId.isEmpty());
        auto linked = tw->ws->postings().linkedJobs(viewer, own.value().id);
        RD_VERIFY_OK(linked);
        QCOMPARE(linked.value().size(), 2);
        // A changed title unlinks it.
        RD_VERIFY_OK(tw->ws->postings().update(recruiter, stepstone.value().id, { { "title", "Crane Mechanic" } }));
        QVERIFY(tw->ws->postings().loadBySource(admin.tenantId, QStringLiteral("stepstone"), QStringLiteral("S-1")).value().canonicalJobId.isEmpty());
        QCOMPARE(tw->ws->postings().linkedJobs(viewer, own.value().id).value().size(), 1);
    }

    void schoolProfilesCohortsAndMentors()
    {
        // Cohorts are for school workspaces only.
        RD_VERIFY_ERROR(tw->ws->cohorts().create(admin, QStringLiteral("2027")), ErrorCode::ValidationFailed);
        test::TestWorkspace school;
        NewWorkspace w;
        w.name = QStringLiteral("Harbour School");
        w.slug = QStringLiteral("harbour-school");
        w.kind = QStringLiteral("school");
        w.adminEmail = QStringLiteral("head@school.test");
        w.adminPassword = test::kAdminPassword;
        RD_VERIFY_OK(school->tenants().createWorkspace(w));
        Session head = school.signIn(w.slug, w.adminEmail, test::kAdminPassword);
        Session mentor = school.addUser(head, QStringLiteral("mentor@school.test"), roles::Recruiter);
        Session other = school.addUser(head, QStringLiteral("other@school.test"), roles::Recruiter);

        // Education, experience and preferences; profile completion follows what is filled in.
        auto learner = school->candidates().create(head, { { "first_name", "Lena" }, { "last_name", "Learner" }, { "emails", "lena@school.test" } });
        RD_VERIFY_OK(learner);
        QCOMPARE(learner.value().profileCompletion(), 20);
        RD_VERIFY_ERROR(school->candidates().update(head, learner.value().id, { { "education", "{\"not\":\"an array\"}" } }),
            ErrorCode::ValidationFailed);
        auto filled = school->candidates().update(head, learner.value().id,
            { { "education", "[{\"institution\":\"Harbour School\",\"degree\":\"Diploma\",\"from\":\"2024\"}]" },
                { "experience", QJsonArray { QJsonObject { { "employer", "Dockyard" }, { "title", "Intern" } } } },
                { "preferences", QJsonObject { { "roles", QJsonArray { "Welder" } }, { "relocate", false } } },
                { "skills", "Welding;Maintenance;Health and Safety" }, { "location", "Rotterdam" } });
        RD_VERIFY_OK(filled);
        QCOMPARE(filled.value().education.first().toObject().value("degree").toString(), QStringLiteral("Diploma"));
        QCOMPARE(filled.value().profileCompletion(), 70);
        RD_VERIFY_OK(school->cvs().addVersion(head, learner.value().id, QStringLiteral("Lena Learner\nWelding apprentice")));
        QCOMPARE(school->candidates().get(head, learner.value().id).value().profileCompletion(), 80);
        QCOMPARE(school->candidates().get(head, learner.value().id).value().toJson().value("profile_completion").toInt(), 80);

        auto cohort = school->cohorts().create(head, QStringLiteral("Class of 2027"), QStringLiteral("2026-09-01"), QStringLiteral("2027-07-01"));
        RD_VERIFY_OK(cohort);
        RD_VERIFY_ERROR(school->cohorts().create(head, QStringLiteral("Backwards"), QStringLiteral("2027-09-01"), QStringLiteral("2026-07-01")),
            ErrorCode::ValidationFailed);
        RD_VERIFY_OK(school->cohorts().addLearner(head, QStringLiteral("Class of 2027"), learner.value().id));
        RD_VERIFY_ERROR(school->cohorts().addLearner(head, QStringLiteral("Class of 2027"), learner.value().id), ErrorCode::Conflict);
        RD_VERIFY_OK(school->cohorts().addMentor(head, QStringLiteral("Class of 2027"), mentor.userId));
        auto shown = school->cohorts().show(other, QStringLiteral("Class of 2027"));
        RD_VERIFY_OK(shown);
        QCOMPARE(shown.value().value("learners").toArray().size(), 1);
        QCOMPARE(shown.value().value("mentors").toArray().first().toObject().value("email").toString(), QStringLiteral("mentor@school.test"));
        // A mentor sees their learners; someone else mentors nobody.
        auto mine = school->cohorts().myLearners(mentor);
        RD_VERIFY_OK(mine);
        QCOMPARE(mine.value().size(), 1);
        QCOMPARE(mine.value().first().value("profile_completion").toInt(), 80);
        QCOMPARE(school->cohorts().myLearners(other).value().size(), 0);
        QCOMPARE(school->cohorts().list(other).value().first().value("learners").toInt(), 1);
    }

    void cleanupTestCase() { tw.reset(); }
};

QTEST_GUILESS_MAIN(TestRecruiting)
#include "test_recruiting.moc"
