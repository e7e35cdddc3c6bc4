// Document verbs: cv, variant, attach.
#include "cli.h"
#include "cliutil.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace rd::cli {

namespace {
QString versionLine(const CvVersion& v)
{
    return QStringLiteral("v%1  %2  %3 chars  %4%5").arg(v.version).arg(v.createdAt, QString::number(v.text.size()), v.source,
        v.attachmentId.isEmpty() ? QString() : QStringLiteral(" (attachment %1)").arg(v.attachmentId));
}

QString variantText(const CvVariant& v)
{
    return QStringLiteral("variant %1  [%2]\n  candidate %3 · job %4 · from CV v%5%6")
        .arg(v.id, v.state, v.candidateId, v.jobId)
        .arg(v.baseVersion)
        .arg(v.decidedBy.isEmpty() ? QString() : QStringLiteral("\n  decided by %1 at %2%3").arg(v.decidedBy, v.decidedAt,
                 v.decisionComment.isEmpty() ? QString() : QStringLiteral(": ") + v.decisionComment));
}

QString attachmentText(const Attachment& a)
{
    return QStringLiteral("%1  %2  %3 bytes  %4  extraction: %5%6").arg(a.id, a.fileName, QString::number(a.size), a.mimeType, a.extraction,
        a.extractionError.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(a.extractionError));
}

int cmdCv(Cli& cli, const Args& a, const QString& verb)
{
    CvService& cvs = cli.workspace().cvs();
    if (a.positional.isEmpty())
        return cli.usage(QStringLiteral("cv %1 needs the CANDIDATE (id or external id)").arg(verb));
    const QString cand = a.positional.first();
    if (verb == QLatin1String("add")) {
        auto text = textArg(a);
        if (!text)
            return cli.fail(text.error());
        auto v = cvs.addVersion(cli.session(), cand, text.value());
        if (!v)
            return cli.fail(v.error());
        cli.print(v.value().toJson(false), QStringLiteral("Saved CV ") + versionLine(v.value()));
        return Ok;
    }
    if (verb == QLatin1String("list")) {
        return printList(cli, cvs.versions(cli.session(), cand), [](const CvVersion& v) { return v.toJson(false); }, versionLine,
            QStringLiteral("(no CV yet)"));
    }
    int version = 0;
    if (int rc = intOption(cli, a, QStringLiteral("version"), version); rc != Ok)
        return rc;
    if (verb == QLatin1String("show")) {
        auto v = cvs.version(cli.session(), cand, version);
        if (!v)
            return cli.fail(v.error());
        cli.print(v.value().toJson(), versionLine(v.value()) + QStringLiteral("\n\n") + v.value().text);
        return Ok;
    }
    if (verb == QLatin1String("diff")) {
        if (a.positional.size() != 3)
            return cli.usage(QStringLiteral("cv diff needs CANDIDATE FROM TO (version numbers)"));
        auto d = cvs.diff(cli.session(), cand, a.positional[1].toInt(), a.positional[2].toInt());
        if (!d)
            return cli.fail(d.error());
        cli.print(d.value(), QStringLiteral("--- v%1\n+++ v%2\n").arg(a.positional[1], a.positional[2]) + d.value().value(QStringLiteral("unified")).toString());
        return Ok;
    }
    if (verb == QLatin1String("export")) {
        if (!a.has(QStringLiteral("out")))
            return cli.usage(QStringLiteral("cv export needs --out FILE.pdf"));
        return writeOut(cli, a, cvs.exportVersionPdf(cli.session(), cand, version));
    }
    return cli.usage(QStringLiteral("unknown cv verb"));
}

int cmdVariant(Cli& cli, const Args& a, const QString& verb)
{
    CvService& cvs = cli.workspace().cvs();
    Result<CvVariant> v = makeError(ErrorCode::Internal, {});
    if (verb == QLatin1String("create")) {
        if (a.positional.size() != 2)
            return cli.usage(QStringLiteral("variant create needs CANDIDATE JOB"));
        int from = 0;
        if (int rc = intOption(cli, a, QStringLiteral("from-version"), from); rc != Ok)
            return rc;
        QString text;
        if (a.has(QStringLiteral("text")) || a.has(QStringLiteral("file"))) {
            auto t = textArg(a);
            if (!t)
                return cli.fail(t.error());
            text = t.value();
        }
        v = cvs.createVariant(cli.session(), a.positional[0], a.positional[1], from, text);
    } else if (verb == QLatin1String("list")) {
        if (a.positional.size() != 1)
            return cli.usage(QStringLiteral("variant list needs CANDIDATE"));
        return printList(cli, cvs.variants(cli.session(), a.positional[0], a.value(QStringLiteral("job"))),
            [](const CvVariant& x) { return x.toJson(false); }, variantText, QStringLiteral("(no variants)"));
    } else {
        if (a.positional.size() != 1)
            return cli.usage(QStringLiteral("variant %1 needs the variant ID").arg(verb));
        const QString id = a.positional[0];
        const QString comment = a.value(QStringLiteral("comment"));
        if (verb == QLatin1String("show")) {
            v = cvs.variant(cli.session(), id);
            if (!v)
                return cli.fail(v.error());
            cli.print(v.value().toJson(), variantText(v.value()) + QStringLiteral("\n\n") + v.value().text);
            return Ok;
        }
        if (verb == QLatin1String("edit")) {
            auto t = textArg(a);
            if (!t)
                return cli.fail(t.error());
            v = cvs.editVariant(cli.session(), id, t.value());
        } else if (verb == QLatin1String("submit")) {
            v = cvs.submitVariant(cli.session(), id);
        } else if (verb == QLatin1String("approve") || verb == QLatin1String("reject")) {
            v = cvs.decideVariant(cli.session(), id, verb == QLatin1String("approve"), comment);
        } else if (verb == QLatin1String("export")) {
            if (!a.has(QStringLiteral("out")))
                return cli.usage(QStringLiteral("variant export needs --out FILE.pdf"));
            return writeOut(cli, a, cvs.exportVariantPdf(cli.session(), id));
        }
    }
    if (!v)
        return cli.fail(v.error());
    cli.print(v.value().toJson(false), variantText(v.value()));
    return Ok;
}

int cmdAttach(Cli& cli, const Args& a, const QString& verb)
{
    AttachmentService& att = cli.workspace().attachments();
    if (verb == QLatin1String("add")) {
        if (a.positional.size() != 2)
            return cli.usage(QStringLiteral("attach needs CANDIDATE FILE"));
        auto bytes = readFile(a.positional[1]);
        if (!bytes)
            return cli.fail(bytes.error());
        auto added = att.add(cli.session(), a.positional[0], QFileInfo(a.positional[1]).fileName(), bytes.value(), a.has(QStringLiteral("cv")));
        if (!added)
            return cli.fail(added.error());
        // Extraction is a queued job; the CLI runs it now rather than leaving it for the app.
        auto ran = cli.workspace().jobs().runDue();
        if (!ran)
            return cli.fail(ran.error());
        auto after = att.get(cli.session(), added.value().id);
        if (!after)
            return cli.fail(after.error());
        cli.print(after.value().toJson(), QStringLiteral("Attached ") + attachmentText(after.value()));
        return Ok;
    }
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("attach %1 needs one ID").arg(verb));
    if (verb == QLatin1String("list")) {
        return printList(cli, att.list(cli.session(), a.positional[0]), [](const Attachment& x) { return x.toJson(); }, attachmentText,
            QStringLiteral("(no attachments)"));
    }
    if (verb == QLatin1String("show")) {
        auto x = att.get(cli.session(), a.positional[0]);
        if (!x)
            return cli.fail(x.error());
        const bool withText = a.has(QStringLiteral("text"));
        cli.print(x.value().toJson(withText), attachmentText(x.value()) + (withText ? QStringLiteral("\n\n") + x.value().extractedText : QString()));
        return Ok;
    }
    if (verb == QLatin1String("get")) {
        if (!a.has(QStringLiteral("out")))
            return cli.usage(QStringLiteral("attach get needs --out FILE"));
        return writeOut(cli, a, att.content(cli.session(), a.positional[0]));
    }
    if (verb == QLatin1String("remove")) {
        if (auto st = att.remove(cli.session(), a.positional[0]); !st)
            return cli.fail(st.error());
        cli.print(QJsonObject { { QStringLiteral("removed"), a.positional[0] } }, QStringLiteral("Removed."));
        return Ok;
    }
    return cli.usage(QStringLiteral("unknown attach verb"));
}
} // namespace

QList<Command> documentCommands()
{
    const QStringList text { QStringLiteral("text"), QStringLiteral("file") };
    return {
        { QStringLiteral("cv add"), QStringLiteral("CANDIDATE (--text T | --file F.txt)"),
            QStringLiteral("Save a new version of the candidate's master CV (versions are immutable)."), text, {}, true, verbOf(cmdCv, "add") },
        { QStringLiteral("cv list"), QStringLiteral("CANDIDATE"), QStringLiteral("List CV versions, newest first."), {}, {}, true, verbOf(cmdCv, "list") },
        { QStringLiteral("cv show"), QStringLiteral("CANDIDATE [--version N]"), QStringLiteral("Show a CV version (default: the latest)."),
            { QStringLiteral("version") }, {}, true, verbOf(cmdCv, "show") },
        { QStringLiteral("cv diff"), QStringLiteral("CANDIDATE FROM TO"), QStringLiteral("Line diff between two CV versions."), {}, {}, true,
            verbOf(cmdCv, "diff") },
        { QStringLiteral("cv export"), QStringLiteral("CANDIDATE --out FILE.pdf [--version N]"), QStringLiteral("Export a CV version as PDF."),
            { QStringLiteral("out"), QStringLiteral("version") }, {}, true, verbOf(cmdCv, "export") },
        { QStringLiteral("variant create"), QStringLiteral("CANDIDATE JOB [--from-version N] [--text T | --file F]"),
            QStringLiteral("Tailor a CV version for a job (a draft; the text defaults to the CV version's)."),
            { QStringLiteral("from-version"), QStringLiteral("text"), QStringLiteral("file") }, {}, true, verbOf(cmdVariant, "create") },
        { QStringLiteral("variant edit"), QStringLiteral("ID (--text T | --file F)"), QStringLiteral("Change a draft or rejected variant."), text, {},
            true, verbOf(cmdVariant, "edit") },
        { QStringLiteral("variant submit"), QStringLiteral("ID"), QStringLiteral("Ask for approval."), {}, {}, true, verbOf(cmdVariant, "submit") },
        { QStringLiteral("variant approve"), QStringLiteral("ID [--comment C]"),
            QStringLiteral("Approve a submitted variant (job.update on its job; not the submitter unless admin)."), { QStringLiteral("comment") },
            {}, true, verbOf(cmdVariant, "approve") },
        { QStringLiteral("variant reject"), QStringLiteral("ID [--comment C]"), QStringLiteral("Reject a submitted variant."),
            { QStringLiteral("comment") }, {}, true, verbOf(cmdVariant, "reject") },
        { QStringLiteral("variant show"), QStringLiteral("ID"), QStringLiteral("Show a variant with its text."), {}, {}, true, verbOf(cmdVariant, "show") },
        { QStringLiteral("variant list"), QStringLiteral("CANDIDATE [--job JOB]"), QStringLiteral("List a candidate's variants."),
            { QStringLiteral("job") }, {}, true, verbOf(cmdVariant, "list") },
        { QStringLiteral("variant export"), QStringLiteral("ID --out FILE.pdf"), QStringLiteral("Export an approved variant as PDF."),
            { QStringLiteral("out") }, {}, true, verbOf(cmdVariant, "export") },
        { QStringLiteral("attach list"), QStringLiteral("CANDIDATE"), QStringLiteral("List a candidate's attachments."), {}, {}, true,
            verbOf(cmdAttach, "list") },
        { QStringLiteral("attach show"), QStringLiteral("ID [--text]"), QStringLiteral("Show an attachment (with --text: its extracted text)."),
            {}, { QStringLiteral("text") }, true, verbOf(cmdAttach, "show") },
        { QStringLiteral("attach get"), QStringLiteral("ID --out FILE"), QStringLiteral("Save an attachment's content (decrypted, hash-checked)."),
            { QStringLiteral("out") }, {}, true, verbOf(cmdAttach, "get") },
        { QStringLiteral("attach remove"), QStringLiteral("ID"), QStringLiteral("Delete an attachment."), {}, {}, true, verbOf(cmdAttach, "remove") },
        { QStringLiteral("attach"), QStringLiteral("CANDIDATE FILE [--cv]"),
            QStringLiteral("Attach a file (PDF, DOCX, RTF, HTML, text or image; type from content; limit settings.attachment_max_mb, "
                           "default 20). Text is extracted and searchable; with --cv it also becomes a new CV version."),
            {}, { QStringLiteral("cv") }, true, verbOf(cmdAttach, "add") },
    };
}


namespace {
int cmdGdpr(Cli& cli, const Args& a, const QString& verb)
{
    GdprService& gdpr = cli.workspace().gdpr();
    if (verb == QLatin1String("retention")) {
        auto r = gdpr.runRetention(cli.session());
        if (!r)
            return cli.fail(r.error());
        cli.print(r.value(), r.value().value(QStringLiteral("rule")).toString() == QLatin1String("off")
                ? QStringLiteral("No retention rule (tenant setting retention_months).")
                : QStringLiteral("Erased %1 candidate(s) inactive since %2.").arg(r.value().value(QStringLiteral("erased")).toInt())
                      .arg(r.value().value(QStringLiteral("cutoff")).toString()));
        return Ok;
    }
    const QString cand = a.value(QStringLiteral("candidate"));
    if (cand.isEmpty())
        return cli.usage(QStringLiteral("gdpr %1 needs --candidate ID").arg(verb));
    if (verb == QLatin1String("export")) {
        if (!a.has(QStringLiteral("out")))
            return cli.usage(QStringLiteral("gdpr export needs --out FILE.zip"));
        return writeOut(cli, a, gdpr.exportCandidate(cli.session(), cand));
    }
    auto r = gdpr.erase(cli.session(), cand, a.value(QStringLiteral("reason")));
    if (!r)
        return cli.fail(r.error());
    cli.print(r.value(), QStringLiteral("Erased %1 record(s): %2").arg(r.value().value(QStringLiteral("erased")).toArray().size())
                             .arg(r.value().value(QStringLiteral("erased")).toVariant().toStringList().join(QStringLiteral(", "))));
    return Ok;
}

int cmdConsent(Cli& cli, const Args& a, bool add)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("consent needs the CANDIDATE"));
    GdprService& gdpr = cli.workspace().gdpr();
    if (add) {
        auto r = gdpr.recordConsent(cli.session(), a.positional[0], a.value(QStringLiteral("purpose"), QStringLiteral("processing")),
            a.value(QStringLiteral("state")), a.value(QStringLiteral("method")), a.value(QStringLiteral("expires")));
        if (!r)
            return cli.fail(r.error());
        cli.print(r.value(), QStringLiteral("Recorded: %1 %2").arg(r.value().value(QStringLiteral("purpose")).toString(),
                                 r.value().value(QStringLiteral("state")).toString()));
        return Ok;
    }
    return printList(cli, gdpr.consents(cli.session(), a.positional[0]), same, [](const QJsonObject& c) {
        return QStringLiteral("%1  %2  %3  %4%5").arg(c.value(QStringLiteral("created_at")).toString(), c.value(QStringLiteral("purpose")).toString(),
            c.value(QStringLiteral("state")).toString(), c.value(QStringLiteral("method")).toString(),
            c.value(QStringLiteral("expires_at")).isNull() ? QString() : QStringLiteral("  until ") + c.value(QStringLiteral("expires_at")).toString());
    }, QStringLiteral("(no consent records)"));
}
} // namespace

QList<Command> privacyCommands()
{
    return {
        { QStringLiteral("gdpr export"), QStringLiteral("--candidate ID --out FILE.zip"),
            QStringLiteral("Everything held about a candidate (JSON, CV versions, attachments, audit entries) as one zip (privacy.export)."),
            { QStringLiteral("candidate"), QStringLiteral("out") }, {}, true, verbOf(cmdGdpr, "export") },
        { QStringLiteral("gdpr erase"), QStringLiteral("--candidate ID [--reason R]"),
            QStringLiteral("Erase a candidate: personal data removed or anonymised everywhere, aggregates kept, audit still verifiable "
                           "(privacy.delete). Cannot be undone."),
            { QStringLiteral("candidate"), QStringLiteral("reason") }, {}, true, verbOf(cmdGdpr, "erase") },
        { QStringLiteral("gdpr retention run"), QString(),
            QStringLiteral("Erase candidates inactive for the tenant's retention_months without unexpired consent (privacy.manage)."), {}, {}, true,
            verbOf(cmdGdpr, "retention") },
        { QStringLiteral("consent add"), QStringLiteral("CANDIDATE --state granted|withdrawn [--purpose processing] [--method M] [--expires DATE]"),
            QStringLiteral("Record a consent decision (purpose processing also sets the candidate's consent)."),
            { QStringLiteral("state"), QStringLiteral("purpose"), QStringLiteral("method"), QStringLiteral("expires") }, {}, true,
            [](Cli& c, const Args& a) { return cmdConsent(c, a, true); } },
        { QStringLiteral("consent list"), QStringLiteral("CANDIDATE"), QStringLiteral("A candidate's consent records, oldest first."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdConsent(c, a, false); } },
    };
}


namespace {
int cmdSaved(Cli& cli, const Args& a, const QString& verb)
{
    SavedSearchService& s = cli.workspace().savedSearches();
    if (verb == QLatin1String("list")) {
        return printList(cli, s.list(cli.session()), same, [](const QJsonObject& o) {
            return QStringLiteral("%1  \"%2\"  %3  last run %4 (%5 results)").arg(o.value(QStringLiteral("name")).toString(),
                o.value(QStringLiteral("query")).toString(), o.value(QStringLiteral("kind")).toString(QStringLiteral("any")),
                o.value(QStringLiteral("last_run_at")).toString(QStringLiteral("never")), QString::number(o.value(QStringLiteral("last_count")).toInt()));
        }, QStringLiteral("(no saved searches)"));
    }
    if (verb == QLatin1String("add")) {
        if (a.positional.size() != 2)
            return cli.usage(QStringLiteral("saved-search add needs NAME \"QUERY\""));
        auto r = s.create(cli.session(), a.positional[0], a.positional[1], a.value(QStringLiteral("kind")));
        if (!r)
            return cli.fail(r.error());
        cli.print(r.value(), QStringLiteral("Saved search '%1'.").arg(r.value().value(QStringLiteral("name")).toString()));
        return Ok;
    }
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("saved-search %1 needs NAME or ID").arg(verb));
    if (verb == QLatin1String("remove")) {
        if (auto st = s.remove(cli.session(), a.positional[0]); !st)
            return cli.fail(st.error());
        cli.print(QJsonObject { { QStringLiteral("removed"), a.positional[0] } }, QStringLiteral("Removed."));
        return Ok;
    }
    auto r = s.run(cli.session(), a.positional[0]);
    if (!r)
        return cli.fail(r.error());
    QString text = QStringLiteral("%1 results, %2 new since the last run\n").arg(r.value().value(QStringLiteral("total")).toInt())
                       .arg(r.value().value(QStringLiteral("new")).toInt());
    for (const QJsonValue& h : r.value().value(QStringLiteral("hits")).toArray())
        text += QStringLiteral("%1 %2  %3\n").arg(h.toObject().value(QStringLiteral("new")).toBool() ? QStringLiteral("NEW") : QStringLiteral("   "),
            h.toObject().value(QStringLiteral("kind")).toString().leftJustified(9), h.toObject().value(QStringLiteral("title")).toString());
    cli.print(r.value(), text.trimmed());
    return Ok;
}

int cmdNotifications(Cli& cli, const Args& a, const QString& verb)
{
    NotificationService& n = cli.workspace().notifications();
    if (verb == QLatin1String("list")) {
        return printList(cli, n.list(cli.session(), a.has(QStringLiteral("unread"))), same, [](const QJsonObject& o) {
            const QJsonObject d = o.value(QStringLiteral("data")).toObject();
            return QStringLiteral("%1 %2  %3  %4 %5%6").arg(o.value(QStringLiteral("read_at")).isNull() ? QStringLiteral("*") : QStringLiteral(" "),
                o.value(QStringLiteral("created_at")).toString(), o.value(QStringLiteral("event")).toString(),
                d.value(QStringLiteral("job_title")).toString(), o.value(QStringLiteral("candidate_name")).toString(),
                d.contains(QStringLiteral("stage")) ? QStringLiteral(" → ") + d.value(QStringLiteral("stage")).toString() : QString());
        }, QStringLiteral("(no notifications)"));
    }
    if (verb == QLatin1String("read")) {
        if (a.positional.size() > 1 || (a.positional.isEmpty() && !a.has(QStringLiteral("all"))))
            return cli.usage(QStringLiteral("notifications read needs an ID or --all"));
        auto r = n.markRead(cli.session(), a.positional.value(0));
        if (!r)
            return cli.fail(r.error());
        cli.print(QJsonObject { { QStringLiteral("marked_read"), r.value() } }, QStringLiteral("Marked %1 read.").arg(r.value()));
        return Ok;
    }
    for (const QString& kv : a.values(QStringLiteral("set"))) {
        const QString event = kv.section(QLatin1Char('='), 0, 0);
        const QString value = kv.section(QLatin1Char('='), 1).toLower();
        if (value != QLatin1String("on") && value != QLatin1String("off"))
            return cli.usage(QStringLiteral("--set takes EVENT=on|off"));
        auto r = n.setPreference(cli.session(), event, value == QLatin1String("on"));
        if (!r)
            return cli.fail(r.error());
    }
    auto prefs = n.preferences(cli.session());
    if (!prefs)
        return cli.fail(prefs.error());
    QStringList lines;
    for (auto it = prefs.value().begin(); it != prefs.value().end(); ++it)
        lines << QStringLiteral("%1  %2").arg(it.key().leftJustified(26), it.value().toBool() ? QStringLiteral("on") : QStringLiteral("off"));
    cli.print(prefs.value(), lines.join(QLatin1Char('\n')));
    return Ok;
}
} // namespace

QList<Command> collaborationCommands()
{
    return {
        { QStringLiteral("saved-search add"), QStringLiteral("NAME \"QUERY\" [--kind candidate|job]"),
            QStringLiteral("Save a search (same syntax as search) under a name."), { QStringLiteral("kind") }, {}, true, verbOf(cmdSaved, "add") },
        { QStringLiteral("saved-search list"), QString(), QStringLiteral("Your saved searches."), {}, {}, true, verbOf(cmdSaved, "list") },
        { QStringLiteral("saved-search run"), QStringLiteral("NAME"), QStringLiteral("Run a saved search; results new since the last run are marked."),
            {}, {}, true, verbOf(cmdSaved, "run") },
        { QStringLiteral("saved-search remove"), QStringLiteral("NAME"), QStringLiteral("Delete a saved search."), {}, {}, true, verbOf(cmdSaved, "remove") },
        { QStringLiteral("notifications read"), QStringLiteral("ID | --all"), QStringLiteral("Mark notifications read."), {}, { QStringLiteral("all") },
            true, verbOf(cmdNotifications, "read") },
        { QStringLiteral("notifications prefs"), QStringLiteral("[--set EVENT=on|off]..."),
            QStringLiteral("Show or change which events notify you (application.created, application.stage_changed, job.assigned)."),
            { QStringLiteral("set") }, {}, true, verbOf(cmdNotifications, "prefs") },
        { QStringLiteral("notifications"), QStringLiteral("[--unread]"), QStringLiteral("Your notifications, newest first (* unread)."), {},
            { QStringLiteral("unread") }, true, verbOf(cmdNotifications, "list") },
    };
}


namespace {
int cmdCohort(Cli& cli, const Args& a, const QString& verb)
{
    CohortService& c = cli.workspace().cohorts();
    if (verb == QLatin1String("list"))
        return printList(cli, c.list(cli.session()), same, [](const QJsonObject& o) {
            return QStringLiteral("%1  %2 – %3  %4 learners")
                .arg(o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("starts_on")).toString(QStringLiteral("?")),
                    o.value(QStringLiteral("ends_on")).toString(QStringLiteral("?")))
                .arg(o.value(QStringLiteral("learners")).toInt());
        }, QStringLiteral("(no cohorts)"));
    if (verb == QLatin1String("mentees"))
        return printList(cli, c.myLearners(cli.session()), same, [](const QJsonObject& o) {
            return QStringLiteral("%1  %2  %3%  (%4)")
                .arg(o.value(QStringLiteral("cohort")).toString(), o.value(QStringLiteral("name")).toString())
                .arg(o.value(QStringLiteral("profile_completion")).toInt())
                .arg(o.value(QStringLiteral("candidate_id")).toString());
        }, QStringLiteral("(no learners)"));
    if (a.positional.isEmpty())
        return cli.usage(QStringLiteral("cohort %1 needs the cohort NAME").arg(verb));
    Result<QJsonObject> r = makeError(ErrorCode::Internal, {});
    if (verb == QLatin1String("add")) {
        r = c.create(cli.session(), a.positional[0], a.value(QStringLiteral("starts-on")), a.value(QStringLiteral("ends-on")));
    } else if (verb == QLatin1String("show")) {
        r = c.show(cli.session(), a.positional[0]);
    } else if (a.positional.size() != 2) {
        return cli.usage(QStringLiteral("cohort %1 needs NAME and one more argument").arg(verb));
    } else if (verb == QLatin1String("add-learner")) {
        r = c.addLearner(cli.session(), a.positional[0], a.positional[1]);
    } else if (verb == QLatin1String("add-mentor")) {
        auto user = cli.userByEmail(a.positional[1]);
        if (!user)
            return cli.fail(user.error());
        r = c.addMentor(cli.session(), a.positional[0], user.value().id);
    } else if (verb == QLatin1String("remove")) {
        if (auto st = c.removeMember(cli.session(), a.positional[0], a.positional[1]); !st)
            return cli.fail(st.error());
        r = QJsonObject { { QStringLiteral("removed"), a.positional[1] } };
    }
    if (!r)
        return cli.fail(r.error());
    cli.print(r.value(), QString::fromUtf8(QJsonDocument(r.value()).toJson(QJsonDocument::Indented)).trimmed());
    return Ok;
}
} // namespace

QList<Command> seedCommands()
{
    return {
        { QStringLiteral("cohort add"), QStringLiteral("NAME [--starts-on DATE] [--ends-on DATE]"),
            QStringLiteral("Create a cohort of learners (school workspaces)."), { QStringLiteral("starts-on"), QStringLiteral("ends-on") }, {}, true,
            verbOf(cmdCohort, "add") },
        { QStringLiteral("cohort list"), QString(), QStringLiteral("Cohorts with their number of learners."), {}, {}, true, verbOf(cmdCohort, "list") },
        { QStringLiteral("cohort show"), QStringLiteral("NAME"), QStringLiteral("A cohort's mentors and learners (with profile completion)."), {}, {},
            true, verbOf(cmdCohort, "show") },
        { QStringLiteral("cohort add-learner"), QStringLiteral("NAME CANDIDATE"), QStringLiteral("Add a learner (a candidate) to a cohort."), {}, {},
            true, verbOf(cmdCohort, "add-learner") },
        { QStringLiteral("cohort add-mentor"), QStringLiteral("NAME EMAIL"), QStringLiteral("Make a user a mentor of a cohort."), {}, {}, true,
            verbOf(cmdCohort, "add-mentor") },
        { QStringLiteral("cohort remove"), QStringLiteral("NAME MEMBER_ID"), QStringLiteral("Remove a learner or mentor (member id from show)."), {},
            {}, true, verbOf(cmdCohort, "remove") },
        { QStringLiteral("mentees"), QString(), QStringLiteral("The learners of the cohorts you mentor, with profile completion."), {}, {}, true,
            verbOf(cmdCohort, "mentees") },
        { QStringLiteral("job sources"), QStringLiteral("ID"),
            QStringLiteral("Source jobs (from feeds or connectors) linked to this job as duplicates of it."), {}, {}, true,
            [](Cli& cli, const Args& a) {
                if (a.positional.size() != 1)
                    return cli.usage(QStringLiteral("job sources needs the job's ID"));
                auto linked = cli.workspace().postings().linkedJobs(cli.session(), a.positional[0]);
                if (!linked)
                    return cli.fail(linked.error());
                QJsonArray arr;
                QStringList lines;
                for (const Job& j : linked.value()) {
                    arr << j.toJson();
                    lines << QStringLiteral("%1  %2  %3  (%4)").arg(j.source, j.externalId, j.title, j.id);
                }
                cli.print(arr, lines.isEmpty() ? QStringLiteral("(no linked source jobs)") : lines.join(QLatin1Char('\n')));
                return int(Ok);
            } },
        { QStringLiteral("demo-seed"), QStringLiteral("[--candidates N] [--jobs M] [--seed S] [--no-applications]"),
            QStringLiteral("Add deterministic, realistic demo data through the services: published jobs, candidates with CV versions "
                           "(1-3 KB), about a third of them applied to a job. The same seed always gives the same records."),
            { QStringLiteral("candidates"), QStringLiteral("jobs"), QStringLiteral("seed") }, { QStringLiteral("no-applications") }, true,
            [](Cli& cli, const Args& a) {
                DemoSeedOptions o;
                bool ok1 = true, ok2 = true, ok3 = true;
                o.candidates = a.value(QStringLiteral("candidates"), QStringLiteral("200")).toInt(&ok1);
                o.jobs = a.value(QStringLiteral("jobs"), QStringLiteral("20")).toInt(&ok2);
                o.seed = a.value(QStringLiteral("seed"), QStringLiteral("1")).toULongLong(&ok3);
                o.applications = !a.has(QStringLiteral("no-applications"));
                if (!ok1 || !ok2 || !ok3 || o.candidates < 0 || o.jobs < 0 || o.candidates > 10'000'000 || o.jobs > 100'000)
                    return cli.usage(QStringLiteral("--candidates, --jobs and --seed take non-negative numbers"));
                auto r = seedDemoData(cli.workspace(), cli.session(), o);
                if (!r)
                    return cli.fail(r.error());
                cli.print(r.value(), QStringLiteral("Added %1 jobs, %2 candidates with CVs and %3 applications in %4 s.")
                                         .arg(r.value().value(QStringLiteral("jobs")).toInt())
                                         .arg(r.value().value(QStringLiteral("candidates")).toInt())
                                         .arg(r.value().value(QStringLiteral("applications")).toInt())
                                         .arg(r.value().value(QStringLiteral("seconds")).toDouble(), 0, 'f', 1));
                return int(Ok);
            } },
    };
}

} // namespace rd::cli
