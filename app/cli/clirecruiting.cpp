// Recruiting verbs: job, candidate, apply, stage.
#include "cli.h"

#include "recruiting/searchservice.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <limits>

namespace rd::cli {

namespace {
// "--set FIELD=VALUE" (repeatable) plus named options, into a patch object.
Result<QJsonObject> patchFrom(const Args& a, const QStringList& named)
{
    QJsonObject patch;
    for (const QString& n : named)
        if (a.has(n))
            patch.insert(QString(n).replace(QLatin1Char('-'), QLatin1Char('_')), a.value(n));
    for (const QString& kv : a.values(QStringLiteral("set"))) {
        const int eq = int(kv.indexOf(QLatin1Char('=')));
        if (eq <= 0)
            return makeError(ErrorCode::ValidationFailed, QStringLiteral("--set takes FIELD=VALUE"), { { QStringLiteral("value"), kv } });
        patch.insert(kv.left(eq), kv.mid(eq + 1));
    }
    return patch;
}

QString jobText(const Job& j)
{
    QStringList stages;
    for (const Stage& s : j.stages)
        stages << s.name;
    return QStringLiteral("%1  %2  [%3]\n  %4 · %5 · must have: %6\n  stages: %7\n  id %8%9")
        .arg(j.jobNumber, j.title, j.status, j.location.isEmpty() ? QStringLiteral("-") : j.location, j.remote,
            j.mustHave.isEmpty() ? QStringLiteral("-") : j.mustHave.join(QStringLiteral(", ")), stages.join(QStringLiteral(" → ")), j.id,
            j.externalId.isEmpty() ? QString() : QStringLiteral(" · external ") + j.externalId);
}

QString candidateText(const Candidate& c)
{
    return QStringLiteral("%1 %2  %3\n  %4 · skills: %5\n  id %6%7")
        .arg(c.firstName, c.lastName, c.emails.join(QStringLiteral(", ")), c.location.isEmpty() ? QStringLiteral("-") : c.location,
            c.skills.isEmpty() ? QStringLiteral("-") : c.skills.join(QStringLiteral(", ")), c.id,
            c.externalId.isEmpty() ? QString() : QStringLiteral(" · external ") + c.externalId);
}

const QStringList kJobNamed { QStringLiteral("title"), QStringLiteral("description"), QStringLiteral("location"),
    QStringLiteral("external-id"), QStringLiteral("remote"), QStringLiteral("must-have"), QStringLiteral("nice-to-have"),
    QStringLiteral("tags"), QStringLiteral("department") };
const QStringList kCandidateNamed { QStringLiteral("first-name"), QStringLiteral("last-name"), QStringLiteral("external-id"),
    QStringLiteral("location"), QStringLiteral("skills"), QStringLiteral("source"), QStringLiteral("headline") };
const QStringList kListOptions { QStringLiteral("filter"), QStringLiteral("sort"), QStringLiteral("limit"), QStringLiteral("cursor") };

int cmdJobAdd(Cli& cli, const Args& a)
{
    auto patch = patchFrom(a, kJobNamed);
    if (!patch)
        return cli.fail(patch.error());
    auto j = cli.workspace().postings().create(cli.session(), patch.value());
    if (!j)
        return cli.fail(j.error());
    cli.print(j.value().toJson(), jobText(j.value()));
    return Ok;
}

int cmdJobUpdate(Cli& cli, const Args& a)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("job update needs the job's ID (id, external id or job number)"));
    auto patch = patchFrom(a, kJobNamed);
    if (!patch)
        return cli.fail(patch.error());
    auto j = cli.workspace().postings().update(cli.session(), a.positional.first(), patch.value());
    if (!j)
        return cli.fail(j.error());
    cli.print(j.value().toJson(), jobText(j.value()));
    return Ok;
}

int cmdJobShow(Cli& cli, const Args& a)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("job show needs the job's ID"));
    auto j = cli.workspace().postings().get(cli.session(), a.positional.first());
    if (!j)
        return cli.fail(j.error());
    cli.print(j.value().toJson(), jobText(j.value()));
    return Ok;
}

int cmdJobStatus(Cli& cli, const Args& a, const QString& status)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("this verb needs the job's ID"));
    auto j = cli.workspace().postings().setStatus(cli.session(), a.positional.first(), status);
    if (!j)
        return cli.fail(j.error());
    cli.print(j.value().toJson(), jobText(j.value()));
    return Ok;
}

int cmdJobList(Cli& cli, const Args& a)
{
    auto q = cli.listQuery(a);
    if (!q)
        return cli.fail(q.error());
    auto page = cli.workspace().postings().list(cli.session(), q.value());
    if (!page)
        return cli.fail(page.error());
    QJsonArray arr;
    QString text;
    for (const Job& j : page.value().items) {
        arr << j.toJson();
        text += QStringLiteral("%1  %2  %3  %4\n").arg(j.jobNumber.leftJustified(9), j.status.leftJustified(8), j.title, j.location);
    }
    if (cli.json())
        cli.print(QJsonObject { { QStringLiteral("items"), arr }, { QStringLiteral("next_cursor"), page.value().nextCursor } }, {});
    else
        cli.print({}, text.isEmpty() ? QStringLiteral("(no jobs)") : text);
    return Ok;
}

int cmdJobAssign(Cli& cli, const Args& a)
{
    if (a.positional.size() != 2)
        return cli.usage(QStringLiteral("job assign needs the job's ID and the hiring manager's EMAIL"));
    auto u = cli.userByEmail(a.positional.at(1));
    if (!u)
        return cli.fail(u.error());
    auto j = cli.workspace().postings().assignManager(cli.session(), a.positional.first(), u.value().id, !a.has(QStringLiteral("remove")));
    if (!j)
        return cli.fail(j.error());
    cli.print(j.value().toJson(), jobText(j.value()));
    return Ok;
}

int cmdCandidateAdd(Cli& cli, const Args& a)
{
    auto patch = patchFrom(a, kCandidateNamed);
    if (!patch)
        return cli.fail(patch.error());
    QJsonObject p = patch.value();
    if (a.has(QStringLiteral("email")))
        p.insert(QStringLiteral("emails"), QJsonArray::fromStringList(a.values(QStringLiteral("email"))));
    if (a.has(QStringLiteral("phone")))
        p.insert(QStringLiteral("phones"), QJsonArray::fromStringList(a.values(QStringLiteral("phone"))));
    auto c = cli.workspace().candidates().create(cli.session(), p);
    if (!c)
        return cli.fail(c.error());
    cli.print(c.value().toJson(), candidateText(c.value()));
    return Ok;
}

int cmdCandidateUpdate(Cli& cli, const Args& a)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("candidate update needs the candidate's ID (id or external id)"));
    auto patch = patchFrom(a, kCandidateNamed);
    if (!patch)
        return cli.fail(patch.error());
    auto c = cli.workspace().candidates().update(cli.session(), a.positional.first(), patch.value());
    if (!c)
        return cli.fail(c.error());
    cli.print(c.value().toJson(), candidateText(c.value()));
    return Ok;
}

int cmdCandidateShow(Cli& cli, const Args& a)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("candidate show needs the candidate's ID"));
    auto c = cli.workspace().candidates().get(cli.session(), a.positional.first());
    if (!c)
        return cli.fail(c.error());
    cli.print(c.value().toJson(), candidateText(c.value()));
    return Ok;
}

int cmdCandidateList(Cli& cli, const Args& a)
{
    auto q = cli.listQuery(a);
    if (!q)
        return cli.fail(q.error());
    auto page = cli.workspace().candidates().list(cli.session(), q.value());
    if (!page)
        return cli.fail(page.error());
    QJsonArray arr;
    QString text;
    for (const Candidate& c : page.value().items) {
        arr << c.toJson();
        text += QStringLiteral("%1  %2 %3  %4\n").arg(c.id, c.firstName, c.lastName, c.location);
    }
    if (cli.json())
        cli.print(QJsonObject { { QStringLiteral("items"), arr }, { QStringLiteral("next_cursor"), page.value().nextCursor } }, {});
    else
        cli.print({}, text.isEmpty() ? QStringLiteral("(no candidates)") : text);
    return Ok;
}

int cmdCandidateMerge(Cli& cli, const Args& a, bool undo)
{
    if (a.positional.size() != (undo ? 1 : 2))
        return cli.usage(undo ? QStringLiteral("candidate unmerge needs the AUDIT_ENTRY_ID of the merge (audit list --filter action:eq:candidate.merge)")
                              : QStringLiteral("candidate merge needs SURVIVOR and DUPLICATE"));
    auto c = undo ? cli.workspace().candidates().undoMerge(cli.session(), a.positional.first())
                  : cli.workspace().candidates().merge(cli.session(), a.positional.at(0), a.positional.at(1));
    if (!c)
        return cli.fail(c.error());
    cli.print(c.value().toJson(), candidateText(c.value()));
    return Ok;
}

int cmdApply(Cli& cli, const Args& a)
{
    if (a.positional.size() != 2)
        return cli.usage(QStringLiteral("apply needs CANDIDATE and JOB (ids or external ids)"));
    auto app = cli.workspace().applications().apply(cli.session(), a.positional.at(0), a.positional.at(1), a.value(QStringLiteral("source")));
    if (!app)
        return cli.fail(app.error());
    cli.print(app.value().toJson(), QStringLiteral("Application %1 at stage %2").arg(app.value().id, app.value().stageName));
    return Ok;
}

int cmdStageMove(Cli& cli, const Args& a)
{
    if (a.positional.size() != 2)
        return cli.usage(QStringLiteral("stage move needs APPLICATION_ID and STAGE (name or id)"));
    auto app = cli.workspace().applications().move(cli.session(), a.positional.at(0), a.positional.at(1));
    if (!app)
        return cli.fail(app.error());
    cli.print(app.value().toJson(), QStringLiteral("Application %1 now at %2 (%3)").arg(app.value().id, app.value().stageName, app.value().status));
    return Ok;
}

int cmdApplications(Cli& cli, const Args& a)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("applications needs the JOB"));
    auto apps = cli.workspace().applications().listForJob(cli.session(), a.positional.first());
    if (!apps)
        return cli.fail(apps.error());
    QJsonArray arr;
    QString text;
    for (const Application& app : apps.value()) {
        arr << app.toJson();
        text += QStringLiteral("%1  %2  %3  candidate %4\n").arg(app.id, app.stageName.leftJustified(10), app.status.leftJustified(9), app.candidateId);
    }
    cli.print(arr, text.isEmpty() ? QStringLiteral("(no applications)") : text);
    return Ok;
}
int printJob(Cli& cli, const Result<Job>& j)
{
    if (!j)
        return cli.fail(j.error());
    cli.print(j.value().toJson(), jobText(j.value()));
    return Ok;
}

int cmdPipeline(Cli& cli, const Args& a, const QString& what)
{
    JobService& jobs = cli.workspace().postings();
    const QStringList& p = a.positional;
    if (what == QLatin1String("show") && p.size() == 1)
        return printJob(cli, jobs.get(cli.session(), p[0]));
    if (what == QLatin1String("add-stage") && p.size() == 2) {
        bool ok = true;
        const int pos = a.value(QStringLiteral("position"), QStringLiteral("-1")).toInt(&ok);
        if (!ok)
            return cli.usage(QStringLiteral("--position takes a number"));
        return printJob(cli, jobs.addStage(cli.session(), p[0], p[1], a.value(QStringLiteral("kind"), QStringLiteral("interview")), pos));
    }
    if (what == QLatin1String("rename-stage") && p.size() == 3)
        return printJob(cli, jobs.renameStage(cli.session(), p[0], p[1], p[2]));
    if (what == QLatin1String("reorder") && p.size() == 2)
        return printJob(cli, jobs.reorderStages(cli.session(), p[0], p[1].split(QLatin1Char(','), Qt::SkipEmptyParts)));
    if (what == QLatin1String("remove-stage") && p.size() == 2)
        return printJob(cli, jobs.removeStage(cli.session(), p[0], p[1], a.value(QStringLiteral("move-to"))));
    return cli.usage(QStringLiteral("wrong arguments for pipeline %1; see --help").arg(what));
}

int printInterview(Cli& cli, const Result<Interview>& iv)
{
    if (!iv)
        return cli.fail(iv.error());
    const Interview& v = iv.value();
    cli.print(v.toJson(), QStringLiteral("Interview %1  %2 UTC (%3), %4 min  [%5]\n  %6 %7\n  feedback: %8")
                              .arg(v.id, v.startsAtUtc, v.timeZone)
                              .arg(v.durationMin)
                              .arg(v.status, v.location, v.videoLink)
                              .arg(v.feedback.size()));
    return Ok;
}

int cmdInterview(Cli& cli, const Args& a, const QString& what)
{
    InterviewService& ivs = cli.workspace().interviews();
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("interview %1 needs one ID").arg(what));
    const QString id = a.positional.first();
    if (what == QLatin1String("schedule")) {
        NewInterview in;
        in.applicationId = id;
        in.start = a.value(QStringLiteral("start"));
        in.timeZone = a.value(QStringLiteral("time-zone"));
        bool ok = true;
        in.durationMin = a.value(QStringLiteral("duration"), QStringLiteral("60")).toInt(&ok);
        if (!ok)
            return cli.usage(QStringLiteral("--duration takes minutes"));
        in.location = a.value(QStringLiteral("location"));
        in.videoLink = a.value(QStringLiteral("video-link"));
        for (const QString& email : a.values(QStringLiteral("interviewer"))) {
            auto u = cli.userByEmail(email);
            if (!u)
                return cli.fail(u.error());
            in.interviewerIds << u.value().id;
        }
        return printInterview(cli, ivs.schedule(cli.session(), in));
    }
    if (what == QLatin1String("show"))
        return printInterview(cli, ivs.get(cli.session(), id));
    if (what == QLatin1String("reschedule")) {
        bool ok = true;
        const int duration = a.value(QStringLiteral("duration"), QStringLiteral("0")).toInt(&ok);
        if (!ok)
            return cli.usage(QStringLiteral("--duration takes minutes"));
        return printInterview(cli, ivs.reschedule(cli.session(), id, a.value(QStringLiteral("start")), a.value(QStringLiteral("time-zone")), duration));
    }
    if (what == QLatin1String("cancel") || what == QLatin1String("complete"))
        return printInterview(cli, ivs.setStatus(cli.session(), id, what == QLatin1String("cancel") ? QStringLiteral("cancelled") : QStringLiteral("completed")));
    if (what == QLatin1String("feedback")) {
        QJsonObject ratings;
        for (const QString& kv : a.values(QStringLiteral("rating"))) {
            const int eq = int(kv.indexOf(QLatin1Char('=')));
            bool ok = false;
            const int n = eq > 0 ? kv.mid(eq + 1).toInt(&ok) : 0;
            if (!ok)
                return cli.usage(QStringLiteral("--rating takes CRITERION=1..5"));
            ratings.insert(kv.left(eq), n);
        }
        return printInterview(cli, ivs.giveFeedback(cli.session(), id, ratings, a.value(QStringLiteral("recommendation")), a.value(QStringLiteral("comment"))));
    }
    if (what == QLatin1String("ics")) {
        auto text = ivs.ics(cli.session(), id);
        if (!text)
            return cli.fail(text.error());
        if (a.has(QStringLiteral("out"))) {
            QFile f(a.value(QStringLiteral("out")));
            if (!f.open(QIODevice::WriteOnly))
                return cli.fail(makeError(ErrorCode::StorageError, QStringLiteral("cannot write %1").arg(f.fileName())));
            f.write(text.value().toUtf8());
            cli.print(QJsonObject { { QStringLiteral("written"), f.fileName() } }, QStringLiteral("Wrote %1").arg(f.fileName()));
        } else {
            cli.out() << text.value();
            cli.out().flush();
        }
        return Ok;
    }
    return cli.usage(QStringLiteral("unknown interview verb"));
}

int cmdNote(Cli& cli, const Args& a, bool add)
{
    if (a.positional.size() != (add ? 3 : 2))
        return cli.usage(add ? QStringLiteral("note add needs candidate|job|application, an ID and the TEXT")
                             : QStringLiteral("note list needs candidate|job|application and an ID"));
    QString subjectId = a.positional.at(1);
    const QString type = a.positional.at(0);
    if (type == QLatin1String("candidate")) {
        auto c = cli.workspace().candidates().get(cli.session(), subjectId);
        if (!c)
            return cli.fail(c.error());
        subjectId = c.value().id;
    } else if (type == QLatin1String("job")) {
        auto j = cli.workspace().postings().get(cli.session(), subjectId);
        if (!j)
            return cli.fail(j.error());
        subjectId = j.value().id;
    }
    if (add) {
        auto n = cli.workspace().interviews().addNote(cli.session(), type, subjectId, a.positional.at(2));
        if (!n)
            return cli.fail(n.error());
        cli.print(n.value(), QStringLiteral("Note %1 added.").arg(n.value().value(QStringLiteral("id")).toString()));
        return Ok;
    }
    auto notes = cli.workspace().interviews().notes(cli.session(), type, subjectId);
    if (!notes)
        return cli.fail(notes.error());
    QJsonArray arr;
    QString text;
    for (const QJsonObject& n : notes.value()) {
        arr << n;
        text += n.value(QStringLiteral("created_at")).toString() + QStringLiteral("  ") + n.value(QStringLiteral("body")).toString() + QLatin1Char('\n');
    }
    cli.print(arr, text.isEmpty() ? QStringLiteral("(no notes)") : text);
    return Ok;
}

int cmdImport(Cli& cli, const Args& a)
{
    if (a.positional.size() != 2 || (a.positional[0] != QLatin1String("jobs") && a.positional[0] != QLatin1String("candidates")))
        return cli.usage(QStringLiteral("import needs jobs|candidates and a FILE"));
    QFile file(a.positional[1]);
    if (!file.open(QIODevice::ReadOnly))
        return cli.fail(makeError(ErrorCode::NotFound, QStringLiteral("cannot read %1").arg(a.positional[1])));
    QHash<QString, QString> mapping;
    if (a.has(QStringLiteral("mapping"))) {
        QFile m(a.value(QStringLiteral("mapping")));
        if (!m.open(QIODevice::ReadOnly))
            return cli.fail(makeError(ErrorCode::NotFound, QStringLiteral("cannot read mapping %1").arg(m.fileName())));
        const QJsonObject o = QJsonDocument::fromJson(m.readAll()).object();
        if (o.isEmpty())
            return cli.fail(makeError(ErrorCode::ValidationFailed, QStringLiteral("the mapping file is a JSON object {\"their header\": \"canonical\"}")));
        for (auto it = o.begin(); it != o.end(); ++it)
            mapping.insert(it.key(), it.value().toString());
    }
    auto r = cli.workspace().imports().importCsv(cli.session(), a.positional[0], file, a.positional[1], a.has(QStringLiteral("dry-run")),
        mapping, nullptr, a.has(QStringLiteral("overwrite")));
    if (!r)
        return cli.fail(r.error());
    // The import hands its search documents (and, when large, a merge of the index) to the jobs
    // queue; a one-shot CLI run does both before it exits, so what it imported is searchable at once.
    for (const char* kind : { SearchService::kIndexJob, SearchService::kMergeJob })
        if (auto ran = cli.workspace().jobs().runDue(std::numeric_limits<int>::max(), QString::fromLatin1(kind)); !ran)
            return cli.fail(ran.error());
    const ImportReport& rep = r.value();
    QString text = QStringLiteral("%1%2 imported, %3 updated, %4 duplicates, %5 errors (%6)%7\n")
                       .arg(rep.dryRun ? QStringLiteral("Dry run: ") : QString())
                       .arg(rep.imported)
                       .arg(rep.updated)
                       .arg(rep.duplicates)
                       .arg(rep.errors.size())
                       .arg(rep.encoding, rep.batchId.isEmpty() ? QString() : QStringLiteral("; batch ") + rep.batchId);
    if (rep.kept > 0)
        text += QStringLiteral("%1 values of candidates matched by email were kept as they were (names, external ids and filled "
                               "fields; --overwrite replaces them)\n")
                    .arg(rep.kept);
    for (const QJsonValue& e : rep.errors) {
        const QJsonObject o = e.toObject();
        text += QStringLiteral("  line %1, %2: %3\n").arg(o.value(QStringLiteral("row")).toInt()).arg(o.value(QStringLiteral("column")).toString(), o.value(QStringLiteral("reason")).toString());
    }
    cli.print(rep.toJson(), text);
    return Ok;
}

int cmdImportRevert(Cli& cli, const Args& a)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("import revert needs the BATCH_ID"));
    auto r = cli.workspace().imports().revert(cli.session(), a.positional.first());
    if (!r)
        return cli.fail(r.error());
    cli.print(r.value(), QStringLiteral("Reverted: %1 removed, %2 restored.").arg(r.value().value(QStringLiteral("removed")).toInt())
                             .arg(r.value().value(QStringLiteral("restored")).toInt()));
    return Ok;
}

int cmdExport(Cli& cli, const Args& a)
{
    const bool wholeState = a.positional.isEmpty();
    const QString format = a.value(QStringLiteral("format"), wholeState ? QStringLiteral("json") : QStringLiteral("csv"));
    if (a.positional.size() > 1 || (wholeState && format != QLatin1String("json")))
        return cli.usage(QStringLiteral("export needs candidates|jobs|applications, or --format json alone for the whole state"));
    QFile file;
    if (a.has(QStringLiteral("out"))) {
        file.setFileName(a.value(QStringLiteral("out")));
        if (!file.open(QIODevice::WriteOnly))
            return cli.fail(makeError(ErrorCode::StorageError, QStringLiteral("cannot write %1").arg(file.fileName())));
    } else if (!file.open(stdout, QIODevice::WriteOnly)) {
        return cli.fail(makeError(ErrorCode::StorageError, QStringLiteral("cannot write to standard output")));
    }
    cli.out().flush();
    auto n = wholeState ? cli.workspace().exports().exportState(cli.session(), file)
                        : cli.workspace().exports().exportTo(cli.session(), a.positional.first(), format, file);
    file.close();
    if (!n)
        return cli.fail(n.error());
    if (a.has(QStringLiteral("out")))
        cli.print(QJsonObject { { QStringLiteral("rows"), n.value() }, { QStringLiteral("file"), file.fileName() } },
            QStringLiteral("Exported %1 rows to %2").arg(n.value()).arg(file.fileName()));
    return Ok;
}

int cmdAnalytics(Cli& cli, const Args& a, const QString& what)
{
    AnalyticsService& an = cli.workspace().analytics();
    const QString job = a.value(QStringLiteral("job"));
    Result<QJsonArray> r = what == QLatin1String("funnel") ? an.funnel(cli.session(), job)
        : what == QLatin1String("time-in-stage")           ? an.timeInStage(cli.session(), job)
        : what == QLatin1String("sources")                 ? an.bySource(cli.session())
                                                           : an.byWeek(cli.session());
    if (!r)
        return cli.fail(r.error());
    QString text;
    for (const QJsonValue& v : r.value())
        text += QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)) + QLatin1Char('\n');
    cli.print(r.value(), text.isEmpty() ? QStringLiteral("(no data)") : text);
    return Ok;
}

int cmdSearch(Cli& cli, const Args& a)
{
    if (a.positional.size() != 1)
        return cli.usage(QStringLiteral("search needs one QUERY (quote it)"));
    bool ok = true;
    const int limit = a.value(QStringLiteral("limit"), QStringLiteral("20")).toInt(&ok);
    if (!ok)
        return cli.usage(QStringLiteral("--limit takes a number"));
    auto hits = cli.workspace().search().search(cli.session(), a.positional.first(), a.value(QStringLiteral("kind")), limit);
    if (!hits)
        return cli.fail(hits.error());
    QJsonArray arr;
    QString text;
    for (const SearchHit& h : hits.value()) {
        arr << h.toJson();
        text += QStringLiteral("%1  %2  %3\n    %4\n").arg(h.kind.leftJustified(9), QString::number(h.score, 'f', 2).rightJustified(6), h.title, h.snippet);
    }
    cli.print(arr, text.isEmpty() ? QStringLiteral("(no results)") : text);
    return Ok;
}
int cmdMatch(Cli& cli, const Args& a)
{
    const bool forJob = a.has(QStringLiteral("job"));
    if (forJob == a.has(QStringLiteral("candidate")) || !a.positional.isEmpty())
        return cli.usage(QStringLiteral("match needs either --job JOB or --candidate CANDIDATE"));
    bool ok = true;
    const int limit = a.value(QStringLiteral("limit"), QStringLiteral("20")).toInt(&ok);
    if (!ok || limit < 1)
        return cli.usage(QStringLiteral("--limit takes a positive number"));
    const bool excluded = a.has(QStringLiteral("include-excluded"));
    const bool stored = a.has(QStringLiteral("stored")) || a.has(QStringLiteral("history"));
    if (stored && excluded)
        return cli.usage(QStringLiteral("stored matches hold eligible candidates only: leave out --include-excluded"));
    MatchingService& matching = cli.workspace().matching();
    auto r = stored ? matching.stored(cli.session(), a.value(QStringLiteral("job")), a.value(QStringLiteral("candidate")), limit,
                          a.has(QStringLiteral("history")))
        : forJob    ? matching.forJob(cli.session(), a.value(QStringLiteral("job")), limit, excluded)
                    : matching.forCandidate(cli.session(), a.value(QStringLiteral("candidate")), limit, excluded);
    if (!r)
        return cli.fail(r.error());
    QJsonArray arr;
    QString text;
    for (const MatchResult& m : r.value()) {
        arr << m.toJson(forJob);
        const QString who = forJob ? m.candidateName + (m.candidateExternalId.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m.candidateExternalId))
                                   : m.jobTitle + (m.jobExternalId.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m.jobExternalId));
        text += QStringLiteral("%1  %2%3%4\n    must-have %5/%6, nice-to-have %7, %8, text %9\n")
                    .arg(QString::number(m.score, 'f', 1).rightJustified(5), who, m.applied ? QStringLiteral("  [applied]") : QString(),
                        m.excluded ? QStringLiteral("  EXCLUDED: ") + m.exclusionDetail : QString())
                    .arg(m.matchedMustHave.size())
                    .arg(m.matchedMustHave.size() + m.missingMustHave.size())
                    .arg(m.matchedNiceToHave.isEmpty() ? QStringLiteral("none") : m.matchedNiceToHave.join(QStringLiteral(", ")),
                        m.remote == QLatin1String("remote") ? QStringLiteral("remote")
                            : m.distanceKm                 ? QStringLiteral("%1 km (%2)").arg(qRound(*m.distanceKm)).arg(m.remote)
                                                           : QStringLiteral("distance unknown (%1)").arg(m.remote))
                    .arg(m.textRelevance, 0, 'f', 2);
    }
    cli.print(arr, text.isEmpty() ? QStringLiteral("(no matches)") : text);
    return Ok;
}
int cmdMatchRecompute(Cli& cli, const Args& a)
{
    if (!a.positional.isEmpty())
        return cli.usage(QStringLiteral("match recompute takes no arguments"));
    auto r = cli.workspace().matching().recompute(cli.session(), a.has(QStringLiteral("all")));
    if (!r)
        return cli.fail(r.error());
    const RecomputeStats& s = r.value();
    cli.print(s.toJson(), QStringLiteral("%1 jobs ranked in full%2, %3 changed candidates rescored, %4 match rows written in %5 ms\n")
                              .arg(s.jobs)
                              .arg(s.allJobs ? QStringLiteral(" (all)") : QString())
                              .arg(s.candidates)
                              .arg(s.rows)
                              .arg(s.ms));
    return Ok;
}
} // namespace

QList<Command> recruitingCommands()
{
    const QString jobFields = QStringLiteral("Fields for --set: title, description, department, location, latitude, longitude, remote "
                                             "(onsite|hybrid|remote), employment_type, salary_min, salary_max, salary_currency, tags, "
                                             "must_have, nice_to_have (lists: a;b), external_id, job_number, source, company, max_distance_km.");
    const QString candFields = QStringLiteral("Fields for --set: first_name, last_name, headline, location, latitude, longitude, source, "
                                              "consent (unknown|granted|withdrawn), skills, tags, links (lists: a;b), external_id, emails, phones, "
                                              "education and experience (JSON arrays), preferences (a JSON object).");
    QStringList jobOpts = kJobNamed;
    jobOpts << QStringLiteral("set");
    QStringList candOpts = kCandidateNamed;
    candOpts << QStringLiteral("set");
    QStringList candAddOpts = candOpts;
    candAddOpts << QStringLiteral("email") << QStringLiteral("phone");
    return {
        { QStringLiteral("job add"), QStringLiteral("--title T [--description D] [--location L] [--external-id X] [--set FIELD=VALUE]..."),
            QStringLiteral("Create a job (draft) with its own copy of the pipeline. ") + jobFields, jobOpts, {}, true, cmdJobAdd },
        { QStringLiteral("job update"), QStringLiteral("ID [--set FIELD=VALUE]..."), QStringLiteral("Change a job. ") + jobFields, jobOpts, {},
            true, cmdJobUpdate },
        { QStringLiteral("job show"), QStringLiteral("ID"), QStringLiteral("Show a job with its stages (ID: id, external id or job number)."),
            {}, {}, true, cmdJobShow },
        { QStringLiteral("job list"), QStringLiteral("[--filter FIELD:OP:VALUE]... [--sort FIELD] [--limit N] [--cursor C]"),
            QStringLiteral("List jobs (fields: title, status, department, location, remote, job_number, external_id, published, "
                           "created_at, updated_at)."),
            kListOptions, {}, true, cmdJobList },
        { QStringLiteral("job publish"), QStringLiteral("ID"), QStringLiteral("Open a job (needs title, description and stages)."), {}, {},
            true, [](Cli& c, const Args& a) { return cmdJobStatus(c, a, QStringLiteral("open")); } },
        { QStringLiteral("job close"), QStringLiteral("ID"), QStringLiteral("Close a job: no new applications."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdJobStatus(c, a, QStringLiteral("closed")); } },
        { QStringLiteral("job archive"), QStringLiteral("ID"), QStringLiteral("Archive a job."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdJobStatus(c, a, QStringLiteral("archived")); } },
        { QStringLiteral("job assign"), QStringLiteral("ID EMAIL [--remove]"), QStringLiteral("Assign (or remove) a hiring manager."), {},
            { QStringLiteral("remove") }, true, cmdJobAssign },
        { QStringLiteral("candidate add"),
            QStringLiteral("--first-name A --last-name B [--email E]... [--phone P]... [--external-id X] [--set FIELD=VALUE]..."),
            QStringLiteral("Create a candidate; an email or phone that another candidate has is reported as a duplicate. ") + candFields,
            candAddOpts, {}, true, cmdCandidateAdd },
        { QStringLiteral("candidate update"), QStringLiteral("ID [--set FIELD=VALUE]..."), QStringLiteral("Change a candidate. ") + candFields,
            candOpts, {}, true, cmdCandidateUpdate },
        { QStringLiteral("candidate show"), QStringLiteral("ID"), QStringLiteral("Show a candidate (ID: id or external id)."), {}, {}, true,
            cmdCandidateShow },
        { QStringLiteral("candidate list"), QStringLiteral("[--filter FIELD:OP:VALUE]... [--sort FIELD] [--limit N] [--cursor C]"),
            QStringLiteral("List candidates (fields: first_name, last_name, location, source, consent, external_id, created_at, updated_at)."),
            kListOptions, {}, true, cmdCandidateList },
        { QStringLiteral("candidate merge"), QStringLiteral("SURVIVOR DUPLICATE"),
            QStringLiteral("Merge a duplicate into the surviving candidate (contacts, skills, notes, attachments, applications move); undo with unmerge."),
            {}, {}, true, [](Cli& c, const Args& a) { return cmdCandidateMerge(c, a, false); } },
        { QStringLiteral("candidate unmerge"), QStringLiteral("AUDIT_ENTRY_ID"), QStringLiteral("Undo a merge from its audit entry."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdCandidateMerge(c, a, true); } },
        { QStringLiteral("apply"), QStringLiteral("CANDIDATE JOB [--source S]"), QStringLiteral("Apply a candidate to a job (first stage)."),
            { QStringLiteral("source") }, {}, true, cmdApply },
        { QStringLiteral("stage move"), QStringLiteral("APPLICATION_ID STAGE"),
            QStringLiteral("Move an application to a stage of its job's pipeline (hired only from an offer stage)."), {}, {}, true,
            cmdStageMove },
        { QStringLiteral("search"), QStringLiteral("\"QUERY\" [--kind candidate|job] [--limit N]"),
            QStringLiteral("Full-text search, best first: words, \"phrases\", prefix*, OR, -exclusion, skill:, tag:, city:, "
                           "name:/title:, status:, stage:, source:."),
            { QStringLiteral("kind"), QStringLiteral("limit") }, {}, true, cmdSearch },
        { QStringLiteral("match"), QStringLiteral("(--job JOB | --candidate CANDIDATE) [--limit N] [--include-excluded] [--stored [--history]]"),
            QStringLiteral("Explainable matches, best first: for a job its candidates, for a candidate the job they applied for "
                           "(when eligible) then other jobs. Must-have skills are enforced; see docs/matching.md. --stored reads the "
                           "stored match rows (as of their computed_at) instead of ranking now; --history adds the rows of earlier CV versions."),
            { QStringLiteral("job"), QStringLiteral("candidate"), QStringLiteral("limit") },
            { QStringLiteral("include-excluded"), QStringLiteral("stored"), QStringLiteral("history") }, true, cmdMatch },
        { QStringLiteral("match recompute"), QStringLiteral("[--all]"),
            QStringLiteral("Bring the stored matches up to date now: jobs that changed are ranked in full, changed candidates are "
                           "rescored (the desktop does this in the background). --all ranks every open job."),
            {}, { QStringLiteral("all") }, true, cmdMatchRecompute },
        { QStringLiteral("pipeline show"), QStringLiteral("JOB"), QStringLiteral("Show a job's pipeline stages."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdPipeline(c, a, QStringLiteral("show")); } },
        { QStringLiteral("pipeline add-stage"), QStringLiteral("JOB NAME [--kind applied|screening|interview|offer|hired|rejected] [--position N]"),
            QStringLiteral("Add a stage to a job's pipeline."), { QStringLiteral("kind"), QStringLiteral("position") }, {}, true,
            [](Cli& c, const Args& a) { return cmdPipeline(c, a, QStringLiteral("add-stage")); } },
        { QStringLiteral("pipeline rename-stage"), QStringLiteral("JOB STAGE NEW_NAME"), QStringLiteral("Rename a stage."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdPipeline(c, a, QStringLiteral("rename-stage")); } },
        { QStringLiteral("pipeline reorder"), QStringLiteral("JOB STAGE,STAGE,..."), QStringLiteral("Put the stages in this order (all of them)."),
            {}, {}, true, [](Cli& c, const Args& a) { return cmdPipeline(c, a, QStringLiteral("reorder")); } },
        { QStringLiteral("pipeline remove-stage"), QStringLiteral("JOB STAGE [--move-to STAGE]"),
            QStringLiteral("Remove a stage; its applications move to --move-to."), { QStringLiteral("move-to") }, {}, true,
            [](Cli& c, const Args& a) { return cmdPipeline(c, a, QStringLiteral("remove-stage")); } },
        { QStringLiteral("interview schedule"),
            QStringLiteral("APPLICATION_ID --start 2026-12-01T10:00 --time-zone Europe/Berlin [--duration MIN] [--location L] "
                           "[--video-link https://...] [--interviewer EMAIL]..."),
            QStringLiteral("Schedule an interview; a start without offset is local time in --time-zone."),
            { QStringLiteral("start"), QStringLiteral("time-zone"), QStringLiteral("duration"), QStringLiteral("location"),
                QStringLiteral("video-link"), QStringLiteral("interviewer") },
            {}, true, [](Cli& c, const Args& a) { return cmdInterview(c, a, QStringLiteral("schedule")); } },
        { QStringLiteral("interview reschedule"), QStringLiteral("ID --start 2026-12-02T14:00 [--time-zone Europe/Berlin] [--duration MIN]"),
            QStringLiteral("Move a scheduled interview (its .ics then replaces the earlier one in a calendar)."),
            { QStringLiteral("start"), QStringLiteral("time-zone"), QStringLiteral("duration") }, {}, true,
            [](Cli& c, const Args& a) { return cmdInterview(c, a, QStringLiteral("reschedule")); } },
        { QStringLiteral("interview show"), QStringLiteral("ID"), QStringLiteral("Show an interview with its feedback."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdInterview(c, a, QStringLiteral("show")); } },
        { QStringLiteral("interview feedback"), QStringLiteral("ID --recommendation strong_yes|yes|no|strong_no [--rating CRITERION=1..5]... [--comment C]"),
            QStringLiteral("Give your feedback as one of the interviewers."), { QStringLiteral("recommendation"), QStringLiteral("rating"),
                QStringLiteral("comment") },
            {}, true, [](Cli& c, const Args& a) { return cmdInterview(c, a, QStringLiteral("feedback")); } },
        { QStringLiteral("interview ics"), QStringLiteral("ID [--out FILE]"), QStringLiteral("Export the interview as an .ics calendar event."),
            { QStringLiteral("out") }, {}, true, [](Cli& c, const Args& a) { return cmdInterview(c, a, QStringLiteral("ics")); } },
        { QStringLiteral("interview cancel"), QStringLiteral("ID"), QStringLiteral("Cancel an interview."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdInterview(c, a, QStringLiteral("cancel")); } },
        { QStringLiteral("interview complete"), QStringLiteral("ID"), QStringLiteral("Mark an interview as held."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdInterview(c, a, QStringLiteral("complete")); } },
        { QStringLiteral("note add"), QStringLiteral("candidate|job|application ID TEXT"), QStringLiteral("Add a note."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdNote(c, a, true); } },
        { QStringLiteral("note list"), QStringLiteral("candidate|job|application ID"), QStringLiteral("List notes, oldest first."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdNote(c, a, false); } },
        { QStringLiteral("import revert"), QStringLiteral("BATCH_ID"), QStringLiteral("Undo an import: remove what it created, restore what it changed."),
            {}, {}, true, cmdImportRevert },
        { QStringLiteral("import"), QStringLiteral("jobs|candidates FILE [--dry-run] [--overwrite] [--mapping MAPPING.json]"),
            QStringLiteral("Import a CSV file (headers in docs/import.md); bad rows are reported, good rows import; exit 0 when the "
                           "file was processed. A row matched to a candidate by email only fills empty fields and adds to lists "
                           "(names and external id stay); --overwrite replaces them."),
            { QStringLiteral("mapping") }, { QStringLiteral("dry-run"), QStringLiteral("overwrite") }, true, cmdImport },
        { QStringLiteral("export"), QStringLiteral("[candidates|jobs|applications] [--format csv|json] [--out FILE]"),
            QStringLiteral("Export to CSV (import headers, re-importable) or JSON; to standard output without --out. Without a kind "
                           "(--format json): the tenant's whole replicated state, deterministic (sorted, no device-local fields), "
                           "so two devices' states can be compared."),
            { QStringLiteral("format"), QStringLiteral("out") }, {}, true, cmdExport },
        { QStringLiteral("analytics funnel"), QStringLiteral("[--job JOB]"),
            QStringLiteral("Applications reaching each stage and the conversion between stages (per job, or by stage kind)."),
            { QStringLiteral("job") }, {}, true, [](Cli& c, const Args& a) { return cmdAnalytics(c, a, QStringLiteral("funnel")); } },
        { QStringLiteral("analytics time-in-stage"), QStringLiteral("[--job JOB]"), QStringLiteral("Median hours in each stage."),
            { QStringLiteral("job") }, {}, true, [](Cli& c, const Args& a) { return cmdAnalytics(c, a, QStringLiteral("time-in-stage")); } },
        { QStringLiteral("analytics sources"), QString(), QStringLiteral("Applications and hires by source."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdAnalytics(c, a, QStringLiteral("sources")); } },
        { QStringLiteral("analytics weekly"), QString(), QStringLiteral("Applications per week."), {}, {}, true,
            [](Cli& c, const Args& a) { return cmdAnalytics(c, a, QStringLiteral("weekly")); } },
        { QStringLiteral("applications"), QStringLiteral("JOB"), QStringLiteral("List a job's applications by stage."), {}, {}, true,
            cmdApplications },
    };
}

} // namespace rd::cli
