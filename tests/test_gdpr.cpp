// GDPR: consent records, subject export (zip), erasure that leaves the erased values nowhere
// (every table including the FTS index, the database file, its WAL and the attachment
// files) while the audit chains still verify and aggregates stay, and the retention rule.
#include "testutil.h"

#include "documents/documents.h"

#include <QBuffer>
#include <QDirIterator>
#include <QJsonArray>
#include <QSqlRecord>

using namespace rd;
using namespace rd::test;

class TestGdpr : public QObject {
    Q_OBJECT
    std::unique_ptr<TestWorkspace> tw;
    Session admin, recruiter;
    QString zebId, dupId, controlId, jobId, appId;

    // The values that must disappear (lower case; matched case-insensitively).
    const QStringList needles { QStringLiteral("zebulon"), QStringLiteral("quixotic"), QStringLiteral("zebediah"),
        QStringLiteral("zebulon.quixotic@erasure.test"), QStringLiteral("zq.alt@erasure.test"), QStringLiteral("7700900123"),
        QStringLiteral("7700 900123"), QStringLiteral("marrakesh-harbour") };

    QStringList findInTables()
    {
        QStringList found;
        auto tables = (*tw)->db().select(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"));
        for (const auto& t : tables.value()) {
            const QString name = t.value(0).toString();
            auto rows = (*tw)->db().select(QStringLiteral("SELECT * FROM \"%1\"").arg(name));
            if (!rows)
                continue; // virtual tables answer through their shadow tables
            for (const auto& r : rows.value())
                for (int i = 0; i < r.count(); ++i) {
                    const QVariant v = r.value(i);
                    const QByteArray bytes = (v.typeId() == QMetaType::QByteArray ? v.toByteArray() : v.toString().toUtf8()).toLower();
                    for (const QString& n : needles)
                        if (bytes.contains(n.toUtf8()))
                            found << QStringLiteral("%1.%2: %3").arg(name, r.fieldName(i), n);
                }
        }
        return found;
    }

    QStringList findInFiles(const QString& dir) { return findInFiles(dir, needles); }
    QStringList findInFiles(const QString& dir, const QStringList& needles)
    {
        QStringList found;
        QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            // Encrypted files as a holder of the key would read them, page by page, free pages too.
            const QByteArray bytes = test::readableBytes(path).toLower();
            for (const QString& n : needles)
                if (bytes.contains(n.toUtf8()))
                    found << QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), n);
        }
        return found;
    }

private slots:
    void initTestCase()
    {
        tw = std::make_unique<TestWorkspace>();
        admin = tw->createTenant(QStringLiteral("Privacy Agency"), QStringLiteral("privacy"));
        recruiter = tw->addUser(admin, QStringLiteral("rec@privacy.test"), roles::Recruiter);
        auto job = (*tw)->postings().create(recruiter, { { "title", "Harbour Pilot" }, { "description", "Ships" }, { "external_id", "HP-1" } });
        RD_VERIFY_OK(job);
        jobId = job.value().id;
        RD_VERIFY_OK((*tw)->postings().publish(recruiter, jobId));

        // The subject: renamed once (the old name sits in older audit entries), with every
        // kind of personal record.
        auto z = (*tw)->candidates().create(recruiter, { { "first_name", "Zebediah" }, { "last_name", "Quixotic" },
                                                           { "emails", "zebulon.quixotic@erasure.test" }, { "phones", "+44 7700 900123" },
                                                           { "location", "Marrakesh-Harbour" }, { "external_id", "Z-1" }, { "skills", "Sailing;Knots" } });
        RD_VERIFY_OK(z);
        zebId = z.value().id;
        RD_VERIFY_OK((*tw)->candidates().update(recruiter, zebId, { { "first_name", "Zebulon" }, { "headline", "Zebulon the pilot" } }));
        RD_VERIFY_OK((*tw)->cvs().addVersion(recruiter, zebId, QStringLiteral("Zebulon Quixotic\nzebulon.quixotic@erasure.test\nPilot")));
        auto docx = documents::makeDocx(QStringLiteral("Reference for Zebulon Quixotic"));
        RD_VERIFY_OK((*tw)->attachments().add(recruiter, zebId, QStringLiteral("zebulon-reference.docx"), docx.value()));
        QCOMPARE((*tw)->jobs().runDue(100, AttachmentService::kExtractJob).value(), 1);
        RD_VERIFY_OK((*tw)->interviews().addNote(recruiter, QStringLiteral("candidate"), zebId, QStringLiteral("Zebulon prefers calls")));
        auto variant = (*tw)->cvs().createVariant(recruiter, zebId, jobId, 0, QStringLiteral("Zebulon Quixotic for Harbour Pilot"));
        RD_VERIFY_OK(variant);
        auto app = (*tw)->applications().apply(recruiter, zebId, jobId, QStringLiteral("referral"));
        RD_VERIFY_OK(app);
        appId = app.value().id;
        RD_VERIFY_OK((*tw)->applications().move(recruiter, appId, QStringLiteral("Screening")));
        RD_VERIFY_OK((*tw)->interviews().addNote(recruiter, QStringLiteral("application"), appId, QStringLiteral("Quixotic is keen")));
        NewInterview ni;
        ni.applicationId = appId;
        ni.start = QStringLiteral("2026-12-01T10:00");
        ni.timeZone = QStringLiteral("Europe/London");
        ni.interviewerIds = { recruiter.userId };
        auto iv = (*tw)->interviews().schedule(recruiter, ni);
        RD_VERIFY_OK(iv);
        RD_VERIFY_OK((*tw)->interviews().giveFeedback(recruiter, iv.value().id, { { "sailing", 5 } }, QStringLiteral("yes"),
            QStringLiteral("Zebulon was great")));
        RD_VERIFY_OK((*tw)->gdpr().recordConsent(recruiter, zebId, QStringLiteral("processing"), QStringLiteral("granted"), QStringLiteral("form")));
        NewIntent message; // an outreach message: recipient and text are personal data
        message.candidate = zebId;
        message.job = jobId;
        message.channel = QStringLiteral("email");
        message.subject = QStringLiteral("Harbour Pilot for Zebulon");
        message.body = QStringLiteral("Dear Zebulon Quixotic, a pilot role in Marrakesh-Harbour.");
        RD_VERIFY_OK((*tw)->outreach().queue(recruiter, message));
        // A duplicate record of the same person, merged into the subject.
        auto dup = (*tw)->candidates().create(recruiter, { { "first_name", "Zeb" }, { "last_name", "Quixotic" }, { "emails", "zq.alt@erasure.test" } });
        RD_VERIFY_OK(dup);
        dupId = dup.value().id;
        RD_VERIFY_OK((*tw)->candidates().merge(recruiter, zebId, dupId));
        // Someone else, who must stay.
        auto control = (*tw)->candidates().create(recruiter, { { "first_name", "Carla" }, { "last_name", "Control" }, { "emails", "carla@keep.test" } });
        RD_VERIFY_OK(control);
        controlId = control.value().id;
        RD_VERIFY_OK((*tw)->applications().apply(recruiter, controlId, jobId));
        QVERIFY(!findInTables().isEmpty()); // the scan sees the values before erasure
    }

    void consentRecords()
    {
        auto list = (*tw)->gdpr().consents(recruiter, zebId);
        RD_VERIFY_OK(list);
        QCOMPARE(list.value().size(), 1);
        QCOMPARE((*tw)->candidates().get(recruiter, zebId).value().consent, QStringLiteral("granted"));
        RD_VERIFY_ERROR((*tw)->gdpr().recordConsent(recruiter, zebId, QStringLiteral("processing"), QStringLiteral("maybe")), ErrorCode::ValidationFailed);
        RD_VERIFY_ERROR((*tw)->gdpr().recordConsent(recruiter, zebId, QStringLiteral("marketing"), QStringLiteral("granted"), {}, QStringLiteral("soon")),
            ErrorCode::ValidationFailed);
    }

    void subjectExport()
    {
        RD_VERIFY_ERROR((*tw)->gdpr().exportCandidate(recruiter, zebId), ErrorCode::PermissionDenied);
        auto zip = (*tw)->gdpr().exportCandidate(admin, QStringLiteral("Z-1"));
        RD_VERIFY_OK(zip);
        auto files = documents::unzip(zip.value());
        RD_VERIFY_OK(files);
        QMap<QString, QByteArray> byName;
        for (const auto& f : files.value())
            byName.insert(f.first, f.second);
        QVERIFY(byName.contains(QStringLiteral("candidate.json")));
        QVERIFY(byName.contains(QStringLiteral("cv/v1.txt")));
        const QJsonObject doc = QJsonDocument::fromJson(byName.value(QStringLiteral("candidate.json"))).object();
        QCOMPARE(doc.value("candidate").toObject().value("first_name").toString(), QStringLiteral("Zebulon"));
        QCOMPARE(doc.value("contacts").toArray().size(), 3); // own email and phone, and the merged duplicate's email
        QCOMPARE(doc.value("applications").toArray().size(), 1);
        QCOMPARE(doc.value("notes").toArray().size(), 2);
        QCOMPARE(doc.value("consents").toArray().size(), 1);
        QCOMPARE(doc.value("cv_variants").toArray().size(), 1);
        bool attachment = false;
        for (auto it = byName.begin(); it != byName.end(); ++it)
            attachment = attachment || (it.key().startsWith(QStringLiteral("attachments/")) && it.value().startsWith("PK"));
        QVERIFY(attachment);
        // Audit entries come with their personal diffs opened.
        bool sawCreate = false;
        for (const QJsonValue& e : doc.value("audit").toArray())
            if (e.toObject().value("action").toString() == QLatin1String("candidate.create"))
                sawCreate = e.toObject().value("diff").toObject().value("first_name").toString() == QLatin1String("Zebediah");
        QVERIFY(sawCreate);
    }

    void erasureLeavesNothing()
    {
        RD_VERIFY_ERROR((*tw)->gdpr().erase(recruiter, zebId), ErrorCode::PermissionDenied);
        const int appsBefore = tw->count(QStringLiteral("SELECT count(*) FROM applications WHERE job_id = ? AND deleted_at IS NULL"), { jobId });
        auto funnelBefore = (*tw)->analytics().funnel(admin, jobId);
        RD_VERIFY_OK(funnelBefore);
        auto erased = (*tw)->gdpr().erase(admin, QStringLiteral("Z-1"), QStringLiteral("subject request"));
        RD_VERIFY_OK(erased);
        QCOMPARE(erased.value().value("erased").toArray().size(), 2); // the subject and the merged duplicate

        // Nowhere in any table (FTS shadow tables included) ...
        const QStringList left = findInTables();
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QStringLiteral("; "))));
        // ... not searchable, the chains verify, the old audit entries are unreadable.
        QVERIFY((*tw)->search().search(admin, QStringLiteral("Zebulon")).value().isEmpty());
        QVERIFY((*tw)->search().search(admin, QStringLiteral("Marrakesh")).value().isEmpty());
        auto verify = (*tw)->verifyAudit(admin);
        RD_VERIFY_OK(verify);
        QVERIFY2(verify.value().ok, qPrintable(verify.value().reason));
        ListQuery q;
        q.filters.append(Filter { QStringLiteral("action"), Filter::Op::Eq, { QStringLiteral("candidate.create") } });
        q.filters.append(Filter { QStringLiteral("resource_id"), Filter::Op::Eq, { zebId } });
        auto entries = (*tw)->listAudit(admin, q);
        RD_VERIFY_OK(entries);
        QCOMPARE(entries.value().items.size(), 1);
        QVERIFY(entries.value().items.first().diff.value("personal").toObject().value("erased").toBool());
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'candidate.erase'")), 1);

        // Aggregates stay; the other candidate is untouched.
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM applications WHERE job_id = ? AND deleted_at IS NULL"), { jobId }), appsBefore);
        QCOMPARE((*tw)->analytics().funnel(admin, jobId).value(), funnelBefore.value());
        QCOMPARE((*tw)->candidates().get(admin, controlId).value().lastName, QStringLiteral("Control"));
        QCOMPARE((*tw)->search().search(admin, QStringLiteral("Carla")).value().size(), 1);
        RD_VERIFY_ERROR((*tw)->candidates().get(admin, zebId), ErrorCode::NotFound);
        RD_VERIFY_ERROR((*tw)->gdpr().erase(admin, zebId), ErrorCode::NotFound); // already erased

        // Nor in the files: the database, its WAL, the key file and the attachment store.
        const QString dir = tw->dir.path();
        tw->ws.reset();
        const QStringList inFiles = findInFiles(dir);
        QVERIFY2(inFiles.isEmpty(), qPrintable(inFiles.join(QStringLiteral("; "))));
        QVERIFY(!findInFiles(dir, { QStringLiteral("carla@keep.test") }).isEmpty()); // the scan does see stored values
        tw->reopen();
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM candidates WHERE id = ? AND erased_at IS NOT NULL"), { zebId }), 1);
    }

    void retentionRule()
    {
        TestWorkspace rw;
        Session a = rw.createTenant(QStringLiteral("Retention"), QStringLiteral("ret"));
        auto old = rw->candidates().create(a, { { "first_name", "Olive" }, { "last_name", "Oldfield" } });
        auto renewed = rw->candidates().create(a, { { "first_name", "Rene" }, { "last_name", "Renewed" } });
        RD_VERIFY_OK(rw->gdpr().recordConsent(a, renewed.value().id, QStringLiteral("processing"), QStringLiteral("granted"), QStringLiteral("email"),
            QStringLiteral("2030-01-01")));
        // Off by default.
        QCOMPARE(rw->gdpr().runRetention(a).value().value("erased").toInt(), 0);
        TenantPatch p;
        p.settings = QJsonObject { { "retention_months", 6 } };
        RD_VERIFY_OK(rw->tenants().update(a, p));
        rw.clock.advanceMs(200LL * 24 * 3600 * 1000); // ~6.5 months later
        auto fresh = rw->candidates().create(a, { { "first_name", "Fiona" }, { "last_name", "Fresh" } });
        RD_VERIFY_OK(rw->gdpr().scheduleRetention(a.tenantId));
        RD_VERIFY_OK(rw->gdpr().scheduleRetention(a.tenantId)); // once per day
        QCOMPARE(rw.count(QStringLiteral("SELECT count(*) FROM jobs WHERE kind = 'gdpr.retention'")), 1);
        auto ran = rw->jobs().runDue(100, GdprService::kRetentionJob);
        RD_VERIFY_OK(ran);
        QCOMPARE(ran.value(), 1);
        QCOMPARE(rw.count(QStringLiteral("SELECT count(*) FROM jobs WHERE kind = 'gdpr.retention' AND state = 'done'")), 1);
        QCOMPARE(rw.count(QStringLiteral("SELECT count(*) FROM candidates WHERE erased_at IS NOT NULL")), 1);
        QCOMPARE(rw.count(QStringLiteral("SELECT count(*) FROM candidates WHERE id = ? AND erased_at IS NOT NULL"), { old.value().id }), 1);
        RD_VERIFY_OK(rw->candidates().get(a, renewed.value().id)); // unexpired consent keeps the record
        RD_VERIFY_OK(rw->candidates().get(a, fresh.value().id));
        Session viewer = rw.addUser(a, QStringLiteral("v@ret.test"), roles::Viewer);
        RD_VERIFY_ERROR(rw->gdpr().runRetention(viewer), ErrorCode::PermissionDenied);
    }

    // A workspace attached to a sync server sweeps in the name of the user it syncs as: a
    // viewer's laptop leaves it (the server would refuse the erasures), an admin's erases.
    void retentionOnASyncedLaptop()
    {
        TestWorkspace rw;
        Session a = rw.createTenant(QStringLiteral("Synced"), QStringLiteral("syn"));
        auto old = rw->candidates().create(a, { { "first_name", "Olive" }, { "last_name", "Oldfield" } });
        TenantPatch p;
        p.settings = QJsonObject { { "retention_months", 6 } };
        RD_VERIFY_OK(rw->tenants().update(a, p));
        rw.clock.advanceMs(200LL * 24 * 3600 * 1000);
        Session viewer = rw.addUser(a, QStringLiteral("v@syn.test"), roles::Viewer);
        RD_VERIFY_OK(rw->db().setMeta(QStringLiteral("sync_server"), QStringLiteral("https://sync.example")));
        RD_VERIFY_OK(rw->db().setMeta(QStringLiteral("sync_user"), viewer.userId));
        RD_VERIFY_OK(rw->gdpr().scheduleRetention(a.tenantId));
        QCOMPARE(rw->jobs().runDue(100, GdprService::kRetentionJob).value(), 1);
        QCOMPARE(rw.count(QStringLiteral("SELECT count(*) FROM jobs WHERE kind = 'gdpr.retention' AND state = 'done'")), 1);
        QCOMPARE(rw.count(QStringLiteral("SELECT count(*) FROM candidates WHERE erased_at IS NOT NULL")), 0);
        RD_VERIFY_OK(rw->db().setMeta(QStringLiteral("sync_user"), a.userId));
        rw.clock.advanceMs(24LL * 3600 * 1000);
        RD_VERIFY_OK(rw->gdpr().scheduleRetention(a.tenantId));
        QCOMPARE(rw->jobs().runDue(100, GdprService::kRetentionJob).value(), 1);
        QCOMPARE(rw.count(QStringLiteral("SELECT count(*) FROM candidates WHERE id = ? AND erased_at IS NOT NULL"), { old.value().id }), 1);
        // The erasure is in the admin's name, so it syncs as theirs.
        QCOMPARE(rw.count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'candidate.erase' AND user_id = ?"), { a.userId }), 1);
    }

    void cleanupTestCase() { tw.reset(); }
};

QTEST_MAIN(TestGdpr)
#include "test_gdpr.moc"
