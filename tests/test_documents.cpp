// CV versions and diff, tailored variants with the approval gate and PDF export, attachments
// (type sniffing, size limit, encryption at rest, content addressing, extraction on the jobs
// queue into search) and sealed personal audit diffs. Fixtures (PDF, DOCX, RTF, HTML) are
// generated here.
#include "testutil.h"
#include <QTemporaryDir>
#include <QElapsedTimer>

#include "crypto/crypto.h"
#include "documents/documents.h"

#include <QDirIterator>
#include <QJsonArray>

using namespace rd;
using namespace rd::test;

class TestDocuments : public QObject {
    Q_OBJECT
    std::unique_ptr<TestWorkspace> tw;
    Session admin, recruiter, manager, otherManager, viewer;
    QString candidateId, jobId;

    int runJobs()
    {
        auto r = (*tw)->jobs().runDue(100, AttachmentService::kExtractJob); // the extraction jobs (changes also enqueue match.recompute)
        return r ? r.value() : -1;
    }
    QStringList searchIds(const QString& q)
    {
        auto hits = (*tw)->search().search(admin, q, QStringLiteral("candidate"));
        QStringList ids;
        if (hits)
            for (const auto& h : hits.value())
                ids << h.id;
        return ids;
    }
    bool ftsConsistent()
    {
        // rank = 1: also compares the index with the external content (the view).
        auto r = (*tw)->db().exec(QStringLiteral("INSERT INTO candidate_search (candidate_search, rank) VALUES ('integrity-check', 1)"));
        return r.ok();
    }

private slots:
    void initTestCase()
    {
        tw = std::make_unique<TestWorkspace>();
        admin = tw->createTenant(QStringLiteral("Docs Agency"), QStringLiteral("docs"));
        recruiter = tw->addUser(admin, QStringLiteral("rec@docs.test"), roles::Recruiter);
        manager = tw->addUser(admin, QStringLiteral("hm@docs.test"), roles::HiringManager);
        otherManager = tw->addUser(admin, QStringLiteral("hm2@docs.test"), roles::HiringManager);
        viewer = tw->addUser(admin, QStringLiteral("view@docs.test"), roles::Viewer);
        auto c = (*tw)->candidates().create(recruiter, { { "first_name", "Ada" }, { "last_name", "Quartermain" },
                                                           { "emails", "ada.q@example.org" }, { "external_id", "C-1" } });
        RD_VERIFY_OK(c);
        candidateId = c.value().id;
        auto j = (*tw)->postings().create(recruiter, { { "title", "Compiler Engineer" }, { "description", "LLVM work" }, { "external_id", "J-1" } });
        RD_VERIFY_OK(j);
        jobId = j.value().id;
        RD_VERIFY_OK((*tw)->postings().assignManager(admin, jobId, manager.userId));
    }

    void cvVersionsAreImmutableAndDiffable()
    {
        CvService& cvs = (*tw)->cvs();
        const QString v1 = QStringLiteral("Ada Quartermain\nSkills: C++, LLVM\nExperience: Zephyrine Labs 2019-2023\n");
        const QString v2 = QStringLiteral("Ada Quartermain\nSkills: C++, LLVM, Rust\nExperience: Zephyrine Labs 2019-2023\nEducation: TU Wien\n");
        auto a = cvs.addVersion(recruiter, QStringLiteral("C-1"), v1);
        RD_VERIFY_OK(a);
        QCOMPARE(a.value().version, 1);
        RD_VERIFY_ERROR(cvs.addVersion(recruiter, candidateId, v1), ErrorCode::Conflict); // unchanged
        auto b = cvs.addVersion(recruiter, candidateId, v2);
        RD_VERIFY_OK(b);
        QCOMPARE(b.value().version, 2);
        RD_VERIFY_ERROR(cvs.addVersion(viewer, candidateId, v2 + QStringLiteral("x")), ErrorCode::PermissionDenied);
        RD_VERIFY_ERROR(cvs.addVersion(recruiter, candidateId, QStringLiteral("   ")), ErrorCode::ValidationFailed);

        // Versions are immutable in the database itself.
        QVERIFY(!(*tw)->db().change(QStringLiteral("UPDATE cv_versions SET text = 'x' WHERE id = ?"), { a.value().id }).ok());
        auto list = cvs.versions(viewer, candidateId);
        RD_VERIFY_OK(list);
        QCOMPARE(list.value().size(), 2);
        QCOMPARE(list.value().first().version, 2);
        QCOMPARE(list.value().last().text, v1);

        auto d = cvs.diff(viewer, candidateId, 1, 2);
        RD_VERIFY_OK(d);
        QCOMPARE(d.value().value("added").toInt(), 2);
        QCOMPARE(d.value().value("removed").toInt(), 1);
        QVERIFY(d.value().value("unified").toString().contains(QStringLiteral("-Skills: C++, LLVM\n+Skills: C++, LLVM, Rust\n")));
        QVERIFY(d.value().value("unified").toString().contains(QStringLiteral("+Education: TU Wien")));
        RD_VERIFY_ERROR(cvs.diff(viewer, candidateId, 1, 9), ErrorCode::NotFound);

        // The latest version is searchable; text only in the old version is not.
        QVERIFY(searchIds(QStringLiteral("Rust")).contains(candidateId));
        QVERIFY(searchIds(QStringLiteral("Zephyrine")).contains(candidateId));
        RD_VERIFY_OK(cvs.addVersion(recruiter, candidateId, QStringLiteral("Ada Quartermain\nSkills: Haskell\n")));
        QVERIFY(!searchIds(QStringLiteral("Zephyrine")).contains(candidateId));
        QVERIFY(searchIds(QStringLiteral("Haskell")).contains(candidateId));
        QVERIFY(ftsConsistent());
    }

    void diffOfLargeAndEmptyTexts()
    {
        QJsonObject same = diffLines(QStringLiteral("a\nb"), QStringLiteral("a\nb"));
        QCOMPARE(same.value("added").toInt(), 0);
        QCOMPARE(same.value("removed").toInt(), 0);
        QStringList big;
        for (int i = 0; i < 3000; ++i)
            big << QStringLiteral("line %1").arg(i);
        QStringList changed = big;
        changed[1500] = QStringLiteral("changed");
        QJsonObject d = diffLines(big.join('\n'), changed.join('\n'));
        QCOMPARE(d.value("added").toInt(), 1);
        QCOMPARE(d.value("removed").toInt(), 1);
    }

    void variantApprovalGate()
    {
        CvService& cvs = (*tw)->cvs();
        auto v = cvs.createVariant(recruiter, QStringLiteral("C-1"), QStringLiteral("J-1"), 2,
            QStringLiteral("Ada Quartermain — compiler engineer\nLLVM backends, C++ and Rust"));
        RD_VERIFY_OK(v);
        const QString id = v.value().id;
        QCOMPARE(v.value().state, QStringLiteral("draft"));
        QCOMPARE(v.value().baseVersion, 2);
        RD_VERIFY_ERROR(cvs.createVariant(viewer, candidateId, jobId), ErrorCode::PermissionDenied);
        // Only approved variants are exported; a draft cannot be approved.
        RD_VERIFY_ERROR(cvs.exportVariantPdf(recruiter, id), ErrorCode::Conflict);
        RD_VERIFY_ERROR(cvs.decideVariant(admin, id, true), ErrorCode::Conflict);
        RD_VERIFY_OK(cvs.editVariant(recruiter, id, QStringLiteral("Ada Quartermain — compiler engineer\nLLVM backends, C++, Rust, MLIR")));
        auto sub = cvs.submitVariant(recruiter, id);
        RD_VERIFY_OK(sub);
        QCOMPARE(sub.value().state, QStringLiteral("pending_approval"));
        RD_VERIFY_ERROR(cvs.editVariant(recruiter, id, QStringLiteral("sneaky edit")), ErrorCode::Conflict);
        // Four eyes: the submitter cannot approve; a hiring manager of another job cannot either.
        RD_VERIFY_ERROR(cvs.decideVariant(recruiter, id, true), ErrorCode::PermissionDenied);
        RD_VERIFY_ERROR(cvs.decideVariant(otherManager, id, true), ErrorCode::PermissionDenied);
        RD_VERIFY_ERROR(cvs.decideVariant(viewer, id, true), ErrorCode::PermissionDenied);
        // Rejected, edited back to draft, resubmitted, approved by the job's hiring manager.
        auto rej = cvs.decideVariant(manager, id, false, QStringLiteral("mention MLIR first"));
        RD_VERIFY_OK(rej);
        QCOMPARE(rej.value().state, QStringLiteral("rejected"));
        RD_VERIFY_ERROR(cvs.exportVariantPdf(recruiter, id), ErrorCode::Conflict);
        auto edited = cvs.editVariant(recruiter, id, QStringLiteral("Ada Quartermain — compiler engineer\nMLIR, LLVM backends, C++, Rust"));
        RD_VERIFY_OK(edited);
        QCOMPARE(edited.value().state, QStringLiteral("draft"));
        RD_VERIFY_OK(cvs.submitVariant(recruiter, id));
        auto ok = cvs.decideVariant(manager, id, true, QStringLiteral("good"));
        RD_VERIFY_OK(ok);
        QCOMPARE(ok.value().state, QStringLiteral("approved"));
        QCOMPARE(ok.value().decidedBy, manager.userId);
        RD_VERIFY_ERROR(cvs.exportVariantPdf(viewer, id), ErrorCode::PermissionDenied);

        auto pdf = cvs.exportVariantPdf(recruiter, id);
        RD_VERIFY_OK(pdf);
        QVERIFY(pdf.value().startsWith("%PDF-"));
        auto text = documents::extractText(pdf.value(), QStringLiteral("application/pdf"));
        RD_VERIFY_OK(text);
        QVERIFY2(text.value().contains(QStringLiteral("MLIR, LLVM backends")), qPrintable(text.value()));
        QVERIFY(text.value().contains(QStringLiteral("Compiler Engineer")));

        // Approval and export are audited; the audit keeps a hash of the text, not the text.
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'cv_variant.approve' AND resource_id = ?"), { id }), 1);
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'cv_variant.export' AND resource_id = ?"), { id }), 1);
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM audit_log WHERE diff LIKE '%MLIR%'")), 0);
        auto listed = cvs.variants(viewer, candidateId, QStringLiteral("J-1"));
        RD_VERIFY_OK(listed);
        QCOMPARE(listed.value().size(), 1);
    }

    void personalAuditDiffsAreSealed()
    {
        // The raw audit rows hold no plaintext personal data; the service view opens them.
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM audit_log WHERE diff LIKE '%ada.q@example.org%' OR diff LIKE '%Quartermain%'")), 0);
        ListQuery q;
        q.filters.append(Filter { QStringLiteral("action"), Filter::Op::Eq, { QStringLiteral("candidate.create") } });
        auto page = (*tw)->listAudit(admin, q);
        RD_VERIFY_OK(page);
        QVERIFY(!page.value().items.isEmpty());
        QCOMPARE(page.value().items.first().diff.value("last_name").toString(), QStringLiteral("Quartermain"));
        auto verify = (*tw)->verifyAudit(admin);
        RD_VERIFY_OK(verify);
        QVERIFY(verify.value().ok);
    }

    void attachmentsAreSniffedLimitedAndEncrypted()
    {
        AttachmentService& att = (*tw)->attachments();
        // Named .pdf, but it is text: the type comes from the content.
        auto txt = att.add(recruiter, candidateId, QStringLiteral("../../etc/cv.pdf"), QByteArray("Plain notes about Xylophonist skills\n"));
        RD_VERIFY_OK(txt);
        QCOMPARE(txt.value().mimeType, QStringLiteral("text/plain"));
        QCOMPARE(txt.value().fileName, QStringLiteral("cv.pdf"));
        QCOMPARE(txt.value().extraction, QStringLiteral("pending"));

        QByteArray elf("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16);
        auto bad = att.add(recruiter, candidateId, QStringLiteral("cv.docx"), elf + QByteArray(100, '\0'));
        RD_VERIFY_ERROR(bad, ErrorCode::ValidationFailed);
        QCOMPARE(bad.error().details.value("reason").toString(), QStringLiteral("unsupported_type"));
        RD_VERIFY_ERROR(att.add(viewer, candidateId, QStringLiteral("a.txt"), QByteArray("hello")), ErrorCode::PermissionDenied);

        // Size limit from the tenant settings.
        TenantPatch p;
        p.settings = QJsonObject { { "attachment_max_mb", 0.001 } };
        RD_VERIFY_OK((*tw)->tenants().update(admin, p));
        auto big = att.add(recruiter, candidateId, QStringLiteral("big.txt"), QByteArray(2000, 'a'));
        RD_VERIFY_ERROR(big, ErrorCode::ValidationFailed);
        QCOMPARE(big.error().details.value("reason").toString(), QStringLiteral("too_large"));
        p.settings = QJsonObject {};
        RD_VERIFY_OK((*tw)->tenants().update(admin, p));

        // At rest: sealed, no plaintext on disk; reading verifies the hash.
        QFile blob(att.blobPath(txt.value().sha256));
        QVERIFY(blob.open(QIODevice::ReadOnly));
        const QByteArray onDisk = blob.readAll();
        QVERIFY(!onDisk.contains("Xylophonist"));
        auto back = att.content(viewer, txt.value().id);
        RD_VERIFY_OK(back);
        QCOMPARE(back.value(), QByteArray("Plain notes about Xylophonist skills\n"));
        // Content-addressed: the same bytes again share one file.
        auto again = att.add(recruiter, candidateId, QStringLiteral("copy.txt"), QByteArray("Plain notes about Xylophonist skills\n"));
        RD_VERIFY_OK(again);
        int files = 0;
        QDirIterator it(att.blobDir(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            ++files;
        }
        QCOMPARE(files, 1);
        // A tampered file is detected.
        QByteArray tampered = onDisk;
        tampered[tampered.size() - 1] = static_cast<char>(tampered[tampered.size() - 1] ^ 1);
        blob.close();
        QVERIFY(blob.open(QIODevice::WriteOnly));
        blob.write(tampered);
        blob.close();
        QVERIFY(!att.content(viewer, txt.value().id).ok());
        QVERIFY(blob.open(QIODevice::WriteOnly));
        blob.write(onDisk);
        blob.close();
        // Deleting one reference keeps the file; deleting the last removes it.
        RD_VERIFY_OK(att.remove(recruiter, again.value().id));
        QVERIFY(QFile::exists(att.blobPath(txt.value().sha256)));
        QCOMPARE(runJobs(), 2); // the removed attachment's job finds nothing to do
        QVERIFY(searchIds(QStringLiteral("Xylophonist")).contains(candidateId));
        RD_VERIFY_OK(att.remove(recruiter, txt.value().id));
        QVERIFY(!QFile::exists(att.blobPath(txt.value().sha256)));
        QVERIFY(!searchIds(QStringLiteral("Xylophonist")).contains(candidateId));
        QVERIFY(ftsConsistent());
    }

    void extractionFromGeneratedDocuments()
    {
        AttachmentService& att = (*tw)->attachments();
        auto pdf = documents::renderPdf(QStringLiteral("Portfolio"), QStringLiteral("Built the Quasipolynomial scheduler in Ocaml."));
        RD_VERIFY_OK(pdf);
        auto docx = documents::makeDocx(QStringLiteral("Referee: Professor Umbriel\nSecond line"));
        RD_VERIFY_OK(docx);
        const QByteArray rtf = "{\\rtf1\\ansi{\\fonttbl{\\f0 Times;}}\\f0 Certified Gondolier\\par Caf\\'e9 owner \\u8364? fund}";
        const QByteArray html = "<!DOCTYPE html><html><head><style>p{}</style><title>x</title></head><body><p>Speaks "
                                "Esperanto &amp; Klingon</p><script>var hidden='Trombonist';</script></body></html>";
        auto a1 = att.add(recruiter, candidateId, QStringLiteral("portfolio"), pdf.value());
        auto a2 = att.add(recruiter, candidateId, QStringLiteral("refs.bin"), docx.value());
        auto a3 = att.add(recruiter, candidateId, QStringLiteral("cert.rtf"), rtf);
        auto a4 = att.add(recruiter, candidateId, QStringLiteral("page.html"), html);
        auto a5 = att.add(recruiter, candidateId, QStringLiteral("broken.pdf"), QByteArray("%PDF-1.4\n garbage garbage"));
        for (const auto* a : { &a1, &a2, &a3, &a4, &a5 })
            RD_VERIFY_OK(*a);
        QCOMPARE(a1.value().mimeType, QStringLiteral("application/pdf"));
        QCOMPARE(a2.value().mimeType, documents::docxMime());
        QCOMPARE(a3.value().mimeType, QStringLiteral("application/rtf"));
        QCOMPARE(a4.value().mimeType, QStringLiteral("text/html"));
        QCOMPARE(runJobs(), 5);
        auto r1 = att.get(viewer, a1.value().id);
        QCOMPARE(r1.value().extraction, QStringLiteral("done"));
        QVERIFY(r1.value().extractedText.contains(QStringLiteral("Quasipolynomial")));
        auto r3 = att.get(viewer, a3.value().id);
        QCOMPARE(r3.value().extractedText, QStringLiteral("Certified Gondolier\nCafé owner € fund"));
        auto r4 = att.get(viewer, a4.value().id);
        QCOMPARE(r4.value().extractedText, QStringLiteral("Speaks Esperanto & Klingon"));
        // A corrupt file is recorded as failed and not retried.
        auto r5 = att.get(viewer, a5.value().id);
        QCOMPARE(r5.value().extraction, QStringLiteral("failed"));
        QCOMPARE(runJobs(), 0);
        for (const QString& word : { QStringLiteral("Quasipolynomial"), QStringLiteral("Umbriel"), QStringLiteral("Gondolier"),
                 QStringLiteral("Klingon") })
            QVERIFY2(searchIds(word).contains(candidateId), qPrintable(word));
        QVERIFY(!searchIds(QStringLiteral("Trombonist")).contains(candidateId));
        QVERIFY(ftsConsistent());
    }

    // A DOCX reads only its body, unpacked with a cap: another part of 80 MB (an entry the
    // old reader unpacked and refused, over 64 MB) is never unpacked, and a body that expands
    // past 32 MB is refused without unpacking the rest of it.
    // The HTML reader: blocks that are no text go, a block left open keeps what follows (a
    // sloppy page's unclosed <head> before the body), character references of any plane, and
    // 8,192 unclosed <script> tags are read in one pass (they took 4 s: found by fuzzing).
    void htmlIsReadAsText()
    {
        using documents::htmlToText;
        QCOMPARE(htmlToText(QStringLiteral("<p>Ada</p><script>x()</script><STYLE type=x>p{}</style ><p>Qt</p>")),
            QStringLiteral("Ada\nQt"));
        QCOMPARE(htmlToText(QStringLiteral("<html><head><title>CV</title><body><p>Nurse, ICU</p>")), QStringLiteral("CVNurse, ICU"));
        QCOMPARE(htmlToText(QStringLiteral("smile &#x1F600; &#128512; &amp; &#0; &#xD800; &#99999999;")),
            QStringLiteral("smile \U0001F600 \U0001F600 & \uFFFD \uFFFD \uFFFD"));
        QString scripts;
        for (int i = 0; i < 8192; ++i)
            scripts += QStringLiteral("<script>");
        QCOMPARE(htmlToText(scripts + QStringLiteral("<p>after</p>")), QStringLiteral("after"));
        QCOMPARE(htmlToText(QStringLiteral("<p>a</p><script>one</script><p>b</p><script>two")), QStringLiteral("a\nb\ntwo"));
    }

    void docxReadsItsBodyOnlyWithACap()
    {
        auto small = documents::makeDocx(QStringLiteral("Ada Quartermain\nFortran"));
        RD_VERIFY_OK(small);
        auto parts = documents::unzip(small.value());
        RD_VERIFY_OK(parts);
        QList<QPair<QString, QByteArray>> withMedia = parts.value();
        withMedia.append({ QStringLiteral("word/media/huge.bin"), QByteArray(80 << 20, '\0') });
        auto padded = documents::zip(withMedia);
        RD_VERIFY_OK(padded);
        QVERIFY(padded.value().size() < (1 << 20)); // small on the wire
        auto text = documents::extractText(padded.value(), documents::docxMime());
        RD_VERIFY_OK(text);
        QVERIFY(text.value().contains(QLatin1String("Fortran")));

        QByteArray huge = "<?xml version=\"1.0\"?><w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>";
        huge += QByteArray(40 << 20, 'a');
        huge += "</w:t></w:r></w:p></w:body></w:document>";
        auto bomb = documents::zip({ { QStringLiteral("word/document.xml"), huge } });
        RD_VERIFY_OK(bomb);
        auto refused = documents::extractText(bomb.value(), documents::docxMime());
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("too_large"));
    }

    // The readers run in recruitdesk-extract: a reader that hangs is killed after the time
    // limit, one that crashes or runs out of memory is "could not be read", and this process
    // carries on either way.
    void readersRunApartWithLimits()
    {
        QVERIFY2(!documents::extractorPath().isEmpty(), "recruitdesk-extract is built beside the tests' build tree");
        auto docx = documents::makeDocx(QStringLiteral("Hedy Lamarr\nFrequency hopping"));
        RD_VERIFY_OK(docx);
        auto fine = documents::extractText(docx.value(), documents::docxMime());
        RD_VERIFY_OK(fine);
        QVERIFY(fine.value().contains(QLatin1String("Frequency hopping")));

        QTemporaryDir dir;
        const auto script = [&](const QString& name, const QByteArray& body) {
            const QString path = dir.filePath(name);
            QFile f(path);
            f.open(QIODevice::WriteOnly);
            f.write("#!/bin/sh\n" + body + "\n");
            f.close();
            f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            return path;
        };
        const auto reason = [](const Result<QString>& r) { return r ? QStringLiteral("(read)") : r.error().details.value(QStringLiteral("reason")).toString(); };
        qputenv("RECRUITDESK_EXTRACT_TIMEOUT_MS", "1500");
        qputenv("RECRUITDESK_EXTRACTOR", script(QStringLiteral("hangs"), "cat > /dev/null; sleep 30").toUtf8());
        QElapsedTimer t;
        t.start();
        QCOMPARE(reason(documents::extractText(docx.value(), documents::docxMime())), QStringLiteral("unreadable"));
        QVERIFY(t.elapsed() < 10000);
        qputenv("RECRUITDESK_EXTRACTOR", script(QStringLiteral("crashes"), "cat > /dev/null; kill -SEGV $$").toUtf8());
        QCOMPARE(reason(documents::extractText(docx.value(), documents::docxMime())), QStringLiteral("unreadable"));
        // A reader that floods its output or its errors is stopped (the caller buffers neither).
        qputenv("RECRUITDESK_EXTRACT_TIMEOUT_MS", "20000");
        qputenv("RECRUITDESK_EXTRACTOR", script(QStringLiteral("floods"), "cat > /dev/null; yes aaaaaaaaaaaaaaaa").toUtf8());
        QCOMPARE(reason(documents::extractText(docx.value(), documents::docxMime())), QStringLiteral("unreadable"));
        qputenv("RECRUITDESK_EXTRACTOR", script(QStringLiteral("shouts"), "cat > /dev/null; yes error >&2").toUtf8());
        QCOMPARE(reason(documents::extractText(docx.value(), documents::docxMime())), QStringLiteral("unreadable"));
        // Nothing of this process's environment reaches the reader.
        qputenv("RECRUITDESK_KEY_PASSPHRASE_PROBE", "secret");
        qputenv("RECRUITDESK_EXTRACTOR", script(QStringLiteral("env"), "cat > /dev/null; env").toUtf8());
        auto seen = documents::extractText(docx.value(), documents::docxMime());
        RD_VERIFY_OK(seen);
        QVERIFY2(!seen.value().contains(QLatin1String("PROBE")), qPrintable(seen.value()));
        qunsetenv("RECRUITDESK_KEY_PASSPHRASE_PROBE");
        qputenv("RECRUITDESK_EXTRACT_TIMEOUT_MS", "1500");
        qunsetenv("RECRUITDESK_EXTRACTOR");
        qunsetenv("RECRUITDESK_EXTRACT_TIMEOUT_MS");
        // The memory limit: a 30 MB body is read with the default limit, not with 128 MB, under
        // which a small document still is.
        QByteArray big = "<?xml version=\"1.0\"?><w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>";
        big += QByteArray(30 << 20, 'a');
        big += "</w:t></w:r></w:p></w:body></w:document>";
        auto large = documents::zip({ { QStringLiteral("word/document.xml"), big } });
        RD_VERIFY_OK(large);
        RD_VERIFY_OK(documents::extractText(large.value(), documents::docxMime()));
        qputenv("RECRUITDESK_EXTRACT_MEMORY_MB", "128");
        RD_VERIFY_OK(documents::extractText(docx.value(), documents::docxMime()));
        QCOMPARE(reason(documents::extractText(large.value(), documents::docxMime())), QStringLiteral("unreadable"));
        qunsetenv("RECRUITDESK_EXTRACT_MEMORY_MB");
        // A reader that is not there: said so, nothing read.
        qputenv("RECRUITDESK_EXTRACTOR", dir.filePath(QStringLiteral("missing")).toUtf8());
        QCOMPARE(reason(documents::extractText(docx.value(), documents::docxMime())), QStringLiteral("unreadable"));
        qunsetenv("RECRUITDESK_EXTRACTOR");
    }

    void attachmentAsCvBecomesAVersion()
    {
        auto docx = documents::makeDocx(QStringLiteral("Ada Quartermain\nSkills: Fortran, Ada"));
        auto a = (*tw)->attachments().add(recruiter, candidateId, QStringLiteral("cv.docx"), docx.value(), true);
        RD_VERIFY_OK(a);
        const int before = (*tw)->cvs().versions(admin, candidateId).value().size();
        QCOMPARE(runJobs(), 1);
        auto latest = (*tw)->cvs().version(admin, candidateId);
        RD_VERIFY_OK(latest);
        QCOMPARE((*tw)->cvs().versions(admin, candidateId).value().size(), before + 1);
        QCOMPARE(latest.value().source, QStringLiteral("attachment"));
        QCOMPARE(latest.value().attachmentId, a.value().id);
        QCOMPARE(latest.value().text, QStringLiteral("Ada Quartermain\nSkills: Fortran, Ada"));
    }

    void cleanupTestCase() { tw.reset(); }
};

QTEST_MAIN(TestDocuments)
#include "test_documents.moc"
