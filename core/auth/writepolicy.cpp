#include "writepolicy.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace rd {

QSet<Permission> effectivePermissions(const QList<HeldRole>& roles)
{
    QSet<Permission> out;
    for (const HeldRole& r : roles) {
        if (r.isSystem)
            out.unite(systemRolePermissions(r.name));
        else
            for (const QString& p : r.customPermissions)
                out.insert(p);
    }
    return out;
}

bool scopedToAssignedJobs(const QStringList& roleNames, const QSet<Permission>& permissions)
{
    return roleNames.contains(roles::HiringManager) && !permissions.contains(permission(Resource::Job, Action::Create));
}

Actor actorOf(const QString& userId, const QList<HeldRole>& roles, const QSet<QString>& managedJobs, bool active)
{
    Actor a;
    a.userId = userId;
    a.active = active && !userId.isEmpty();
    for (const HeldRole& r : roles) {
        a.roleNames << r.name;
        a.heldRoleIds.insert(r.id);
    }
    if (a.active) a.permissions = effectivePermissions(roles);
    for (Resource r : allResources())
        for (Action act : allActions())
            if (a.permissions.contains(permission(r, act))) a.grants.set(Actor::grantBit(r, act));
    a.jobScoped = scopedToAssignedJobs(a.roleNames, a.permissions);
    if (a.jobScoped) a.managedJobs = managedJobs;
    return a;
}

namespace writepolicy {

namespace {
Error denied(const QString& reason, const QString& message, const QString& entity)
{
    return Error { ErrorCode::PermissionDenied, message,
        { { QStringLiteral("reason"), reason }, { QStringLiteral("entity"), entity } } };
}

Error lacks(Resource r, Action a, const QString& entity)
{
    return Error { ErrorCode::PermissionDenied,
        QStringLiteral("You are not allowed to %1 %2.").arg(actionName(a), resourceName(r)),
        { { QStringLiteral("reason"), QStringLiteral("permission_denied") }, { QStringLiteral("entity"), entity },
            { QStringLiteral("resource"), resourceName(r) }, { QStringLiteral("action"), actionName(a) } } };
}

QString str(const QJsonObject& row, const char* key) { return row.value(QLatin1String(key)).toString(); }

// The value a write leaves (after), else the one before.
QString either(const WriteAttempt& w, const char* key)
{
    const QString a = str(w.after, key);
    return a.isEmpty() ? str(w.before, key) : a;
}

bool truthy(const QJsonValue& v)
{
    if (v.isBool()) return v.toBool();
    if (v.isDouble()) return v.toDouble() != 0;
    const QString s = v.toString();
    return s == QLatin1String("1") || s == QLatin1String("true");
}

std::optional<Resource> noteSubject(const QString& subjectType)
{
    if (subjectType == QLatin1String("candidate")) return Resource::Candidate;
    if (subjectType == QLatin1String("job")) return Resource::Job;
    if (subjectType == QLatin1String("application")) return Resource::Application;
    return std::nullopt;
}

// Rows under a candidate, read with candidate.read and (hiring managers) only for candidates
// on their jobs.
bool candidateChild(const QString& e)
{
    static const QSet<QString> set { QStringLiteral("candidate_contacts"), QStringLiteral("cv_versions"),
        QStringLiteral("consents"), QStringLiteral("cohort_members") };
    return set.contains(e);
}

const QSet<QString>& bookkeeping()
{
    static const QSet<QString> set { QStringLiteral("updated_at"), QStringLiteral("updated_by") };
    return set;
}

// The workspace settings (JSON text) name the retention rule.
bool retentionChanged(const QJsonObject& before, const QJsonObject& after)
{
    auto months = [](const QJsonObject& row) {
        const QJsonValue v = row.value(QStringLiteral("settings"));
        const QJsonObject settings = v.isObject() ? v.toObject() : QJsonDocument::fromJson(v.toString().toUtf8()).object();
        return settings.value(QStringLiteral("retention_months"));
    };
    return months(before) != months(after);
}

QSet<QString> changedColumns(const WriteAttempt& w)
{
    QSet<QString> out;
    for (auto it = w.fields.constBegin(); it != w.fields.constEnd(); ++it)
        if (!bookkeeping().contains(it.key()) && (!w.existed || w.before.value(it.key()) != it.value()))
            out.insert(it.key());
    return out;
}
} // namespace

QString jobOf(const QString& entity, const QJsonObject& row, const RowLookup& rows)
{
    auto field = [&](const QString& e, const QString& id) -> QJsonObject {
        if (id.isEmpty()) return {};
        const auto r = rows(e, id);
        return r ? *r : QJsonObject();
    };
    if (entity == QLatin1String("job_managers") || entity == QLatin1String("applications")
        || entity == QLatin1String("cv_variants") || entity == QLatin1String("outreach_intents"))
        return str(row, "job_id");
    if (entity == QLatin1String("stage_history") || entity == QLatin1String("interviews"))
        return str(field(QStringLiteral("applications"), str(row, "application_id")), "job_id");
    if (entity == QLatin1String("interviewers") || entity == QLatin1String("interview_feedback")) {
        const QJsonObject interview = field(QStringLiteral("interviews"), str(row, "interview_id"));
        return str(field(QStringLiteral("applications"), str(interview, "application_id")), "job_id");
    }
    if (entity == QLatin1String("notes")) {
        const QString type = str(row, "subject_type");
        if (type == QLatin1String("job")) return str(row, "subject_id");
        if (type == QLatin1String("application"))
            return str(field(QStringLiteral("applications"), str(row, "subject_id")), "job_id");
    }
    return {};
}

bool mayRead(const Actor& a, const QString& entity, const QString& rowId, const QJsonObject& row, const RowLookup& rows)
{
    if (!a.active) return false;
    const QString owner = str(row, "user_id");
    auto inJob = [&](const QString& job) { return !a.jobScoped || a.managedJobs.contains(job); };
    // A hiring manager sees a candidate when one of the candidate's applications is on their jobs;
    // the caller resolves that through the lookup "candidate_scope" (present: visible).
    auto candidateVisible = [&](const QString& candidateId) {
        return !a.jobScoped || rows(QStringLiteral("candidate_scope"), candidateId).has_value();
    };
    if (entity == QLatin1String("tenants")) return a.has(Resource::Tenant, Action::Read);
    if (entity == QLatin1String("users")) return rowId == a.userId || a.has(Resource::User, Action::Read);
    if (entity == QLatin1String("roles")) return a.heldRoleIds.contains(rowId) || a.has(Resource::Role, Action::Read);
    if (entity == QLatin1String("role_permissions"))
        return a.heldRoleIds.contains(str(row, "role_id")) || a.has(Resource::Role, Action::Read);
    if (entity == QLatin1String("user_roles")) return owner == a.userId || a.has(Resource::Role, Action::Read);
    if (entity == QLatin1String("pipelines") || entity == QLatin1String("pipeline_stages"))
        return a.has(Resource::Job, Action::Read);
    if (entity == QLatin1String("job_postings")) return a.has(Resource::Job, Action::Read) && inJob(rowId);
    if (entity == QLatin1String("job_managers"))
        return a.has(Resource::Job, Action::Read) && inJob(str(row, "job_id"));
    if (entity == QLatin1String("candidates")) return a.has(Resource::Candidate, Action::Read) && candidateVisible(rowId);
    if (candidateChild(entity)) {
        const QString candidate = str(row, "candidate_id");
        return a.has(Resource::Candidate, Action::Read) && (candidate.isEmpty() || candidateVisible(candidate));
    }
    if (entity == QLatin1String("cohorts")) return a.has(Resource::Candidate, Action::Read) && !a.jobScoped;
    if (entity == QLatin1String("cv_variants"))
        return a.has(Resource::Candidate, Action::Read) && inJob(str(row, "job_id"));
    if (entity == QLatin1String("attachments"))
        return a.has(Resource::Attachment, Action::Read) && candidateVisible(str(row, "candidate_id"));
    if (entity == QLatin1String("applications") || entity == QLatin1String("stage_history"))
        return a.has(Resource::Application, Action::Read) && inJob(jobOf(entity, row, rows));
    if (entity == QLatin1String("interviews") || entity == QLatin1String("interviewers")
        || entity == QLatin1String("interview_feedback"))
        return a.has(Resource::Interview, Action::Read) && inJob(jobOf(entity, row, rows));
    if (entity == QLatin1String("notes")) {
        const auto subject = noteSubject(str(row, "subject_type"));
        if (!subject || !a.has(*subject, Action::Read)) return false;
        if (*subject == Resource::Candidate) return candidateVisible(str(row, "subject_id"));
        return inJob(jobOf(entity, row, rows));
    }
    if (entity == QLatin1String("saved_searches") || entity == QLatin1String("notifications")
        || entity == QLatin1String("notification_prefs"))
        return !a.userId.isEmpty() && owner == a.userId;
    if (entity == QLatin1String("outreach_intents")) return a.has(Resource::Outreach, Action::Read);
    if (entity == QLatin1String("outreach_templates")) {
        const QString templateOwner = str(row, "owner_id");
        return a.has(Resource::Outreach, Action::Read)
            && (templateOwner.isEmpty() || templateOwner == a.userId || a.has(Resource::Outreach, Action::Manage));
    }
    return false;
}

namespace {
// One write being decided: the actor, the write and the permission helpers every entity uses.
struct Check {
    const Actor& a;
    const WriteAttempt& w;
    const RowLookup& rows;
    const QString& e = w.entity;
    const bool ins = w.op == QLatin1String("insert") && !w.existed;
    const bool del = w.op == QLatin1String("delete");
    const QSet<QString> changed = changedColumns(w);
    // Setting deleted_at removes the row as the desktop does it (soft delete), and clearing it
    // brings one back: either needs the delete permission. So does naming a candidate's merge
    // survivor (merged_into: what the desktop's merge does with candidate.delete), after which
    // every later row about them goes to the survivor.
    const bool softDelete = !del
        && (changed.contains(QStringLiteral("deleted_at"))
            || (e == QLatin1String("candidates") && changed.contains(QStringLiteral("merged_into"))));

    Status need(Resource r, Action act) const { return a.has(r, act) ? Status() : Status(lacks(r, act, e)); }
    // Any of several permissions (an erasure deletes what other permissions made).
    Status needAny(std::initializer_list<std::pair<Resource, Action>> options) const
    {
        for (const auto& [r, act] : options)
            if (a.has(r, act)) return {};
        return lacks(options.begin()->first, options.begin()->second, e);
    }
    Status byOp(Resource r) const
    {
        if (ins) return need(r, Action::Create);
        if (del || softDelete) {
            // A merge closes the duplicate's applications with candidate.delete (CandidateService).
            if (r == Resource::Application && softDelete)
                return needAny({ { r, Action::Delete }, { Resource::Candidate, Action::Delete }, { Resource::Privacy, Action::Delete } });
            return needAny({ { r, Action::Delete }, { Resource::Privacy, Action::Delete } });
        }
        return need(r, Action::Update);
    }
    // Rows under a candidate: made and changed with candidate.update (create for a new
    // candidate's rows), removed also by an erasure.
    Status underCandidate() const
    {
        if (ins) return needAny({ { Resource::Candidate, Action::Update }, { Resource::Candidate, Action::Create } });
        if (del)
            return needAny({ { Resource::Candidate, Action::Update }, { Resource::Candidate, Action::Delete },
                { Resource::Privacy, Action::Delete } });
        return need(Resource::Candidate, Action::Update);
    }
    Error refuse(const char* reason, const QString& message) const
    {
        return denied(QString::fromLatin1(reason), message, e);
    }
};

// The workspace, its users, roles and their grants.
std::optional<Status> identityWrite(const Check& c)
{
    const Actor& a = c.a;
    const WriteAttempt& w = c.w;
    if (c.e == QLatin1String("tenants")) {
        if (c.ins || c.del) return c.refuse("server_owned", QStringLiteral("The workspace itself is made and removed on the sync server."));
        RD_TRY(c.need(Resource::Tenant, Action::Update));
        if (c.changed.contains(QStringLiteral("status"))) {
            RD_TRY(c.need(Resource::Tenant, Action::Manage));
            if (str(w.after, "status") != QLatin1String("active"))
                return c.refuse("server_owned", QStringLiteral("Only the sync-server operator suspends a workspace."));
        }
        if (c.changed.contains(QStringLiteral("id")) || c.changed.contains(QStringLiteral("slug")))
            return c.refuse("server_owned", QStringLiteral("The workspace's id and slug are fixed."));
        if (c.changed.contains(QStringLiteral("settings")) && retentionChanged(w.before, w.after))
            return c.need(Resource::Privacy, Action::Manage);
        return Status();
    }
    if (c.e == QLatin1String("users")) {
        if (c.ins) return c.need(Resource::User, Action::Create);
        if (c.del) return c.need(Resource::User, Action::Delete);
        const bool self = w.rowId == a.userId;
        static const QSet<QString> ownProfile { QStringLiteral("given_name"), QStringLiteral("family_name") };
        if (self && (c.changed - ownProfile).isEmpty()) return Status();
        if (self && c.changed.contains(QStringLiteral("active")))
            return c.refuse("own_account", QStringLiteral("Nobody may disable their own account."));
        RD_TRY(c.need(Resource::User, Action::Update));
        // The email is what a sync-server account is known by: changing it is managing users.
        if (c.changed.contains(QStringLiteral("active")) || c.changed.contains(QStringLiteral("verified"))
            || c.changed.contains(QStringLiteral("deleted_at")) || c.changed.contains(QStringLiteral("email"))
            || c.changed.contains(QStringLiteral("email_norm")))
            return c.need(Resource::User, Action::Manage);
        return Status();
    }
    if (c.e == QLatin1String("roles")) {
        if (truthy(w.after.value(QStringLiteral("is_system"))) || truthy(w.before.value(QStringLiteral("is_system"))))
            return c.refuse("system_role", QStringLiteral("Built-in roles cannot be changed."));
        if (a.heldRoleIds.contains(w.rowId) && !c.ins)
            return c.refuse("own_roles", QStringLiteral("Nobody may change a role they hold."));
        return c.byOp(Resource::Role);
    }
    if (c.e == QLatin1String("role_permissions")) {
        const QString roleId = either(w, "role_id");
        const auto role = c.rows(QStringLiteral("roles"), roleId);
        if (role && truthy(role->value(QStringLiteral("is_system"))))
            return c.refuse("system_role", QStringLiteral("Built-in roles cannot be changed."));
        if (a.heldRoleIds.contains(roleId) || a.heldRoleIds.contains(str(w.before, "role_id")))
            return c.refuse("own_roles", QStringLiteral("Nobody may change a role they hold."));
        return c.need(Resource::Role, Action::Update); // granting or revoking changes the role
    }
    if (c.e == QLatin1String("user_roles")) {
        if (str(w.after, "user_id") == a.userId || str(w.before, "user_id") == a.userId)
            return c.refuse("own_roles", QStringLiteral("Nobody may change their own roles."));
        return c.need(Resource::User, Action::Manage);
    }
    return std::nullopt;
}

// A tailored CV follows the desktop's states (CvService): made and edited as a draft (a
// rejected one may be edited back to a draft), submitted by the acting user, decided by someone
// else (four eyes) who may change the job. Who submitted and who decided are the acting user.
Status cvVariantWrite(const Check& c)
{
    const Actor& a = c.a;
    const WriteAttempt& w = c.w;
    if (c.del) return c.underCandidate();
    for (const char* by : { "submitted_by", "decided_by" }) {
        // Set to the acting user, or left empty (a new draft); never someone else, never cleared.
        const QString now = str(w.after, by);
        if (c.changed.contains(QLatin1String(by)) && (now.isEmpty() ? !str(w.before, by).isEmpty() : now != a.userId))
            return c.refuse("not_self", QStringLiteral("A variant is submitted and decided in one's own name."));
    }
    const QString from = c.ins ? QString() : str(w.before, "state");
    const QString to = str(w.after, "state");
    auto wrongState = [&] {
        return c.refuse("validation_failed",
            QStringLiteral("A variant does not go from %1 to %2.").arg(from.isEmpty() ? QStringLiteral("nothing") : from, to));
    };
    if (c.ins && to != QLatin1String("draft")) return wrongState();
    if (c.changed.contains(QStringLiteral("text")) && !c.ins
        && ((from != QLatin1String("draft") && from != QLatin1String("rejected")) || to != QLatin1String("draft")))
        return c.refuse("validation_failed", QStringLiteral("Only a draft or a rejected variant is edited."));
    if (!c.ins && c.changed.contains(QStringLiteral("state"))) {
        if (to == QLatin1String("pending_approval")) {
            if (from != QLatin1String("draft") || str(w.after, "submitted_by") != a.userId) return wrongState();
        } else if (to == QLatin1String("approved") || to == QLatin1String("rejected")) {
            // Only a submitted variant is decided, and not by whoever submitted it.
            RD_TRY(c.need(Resource::Job, Action::Update));
            if (from != QLatin1String("pending_approval")) return wrongState();
            if (str(w.before, "submitted_by") == a.userId && !a.has(Resource::Candidate, Action::Manage))
                return c.refuse("four_eyes", QStringLiteral("A variant you submitted is approved by someone else."));
            return Status();
        } else if (to == QLatin1String("draft")) {
            if (from != QLatin1String("rejected") && from != QLatin1String("draft")) return wrongState();
        }
    }
    return c.underCandidate();
}

// Jobs, candidates and everything recruiting hangs on them.
std::optional<Status> recruitingWrite(const Check& c)
{
    const Actor& a = c.a;
    const WriteAttempt& w = c.w;
    const QString& e = c.e;
    if (e == QLatin1String("pipelines") || e == QLatin1String("pipeline_stages")) {
        if (a.jobScoped) {
            // A hiring manager edits the pipeline of a job assigned to them, nothing else: the
            // pipeline's job before and after, never moving a pipeline or a stage elsewhere.
            auto jobOfPipeline = [&](const QString& pipeline) {
                const auto row = c.rows(QStringLiteral("pipelines"), pipeline);
                return row ? str(*row, "job_id") : QString();
            };
            const bool pipelines = e == QLatin1String("pipelines");
            const QString job = pipelines ? str(w.after, "job_id") : jobOfPipeline(str(w.after, "pipeline_id"));
            const QString jobBefore = !w.existed ? job
                : pipelines                      ? str(w.before, "job_id")
                                                 : jobOfPipeline(str(w.before, "pipeline_id"));
            if (job.isEmpty() || !a.managedJobs.contains(job) || job != jobBefore || (c.ins && pipelines)
                || c.changed.contains(QStringLiteral("job_id")) || (!c.ins && c.changed.contains(QStringLiteral("pipeline_id"))))
                return c.refuse("permission_denied", QStringLiteral("Hiring managers edit only their jobs' pipelines."));
            return c.need(Resource::Job, Action::Update);
        }
        if (c.ins) return c.needAny({ { Resource::Job, Action::Create }, { Resource::Job, Action::Update } });
        if (c.del) return c.needAny({ { Resource::Job, Action::Update }, { Resource::Job, Action::Delete } });
        return c.need(Resource::Job, Action::Update);
    }
    if (e == QLatin1String("job_postings")) return c.byOp(Resource::Job);
    if (e == QLatin1String("job_managers")) {
        if (a.jobScoped)
            return c.refuse("permission_denied", QStringLiteral("Hiring managers cannot assign hiring managers."));
        return c.need(Resource::Job, Action::Update);
    }
    if (e == QLatin1String("candidates")) {
        if (!c.ins && !c.del && c.changed.contains(QStringLiteral("erased_at")))
            return c.need(Resource::Privacy, Action::Delete);
        return c.byOp(Resource::Candidate);
    }
    if (candidateChild(e) || e == QLatin1String("cohorts")) return c.underCandidate();
    if (e == QLatin1String("cv_variants")) return cvVariantWrite(c);
    if (e == QLatin1String("attachments")) {
        if (c.ins) return c.need(Resource::Attachment, Action::Create);
        if (c.del) return c.needAny({ { Resource::Attachment, Action::Delete }, { Resource::Privacy, Action::Delete } });
        return c.needAny({ { Resource::Attachment, Action::Update }, { Resource::Attachment, Action::Create },
            { Resource::Candidate, Action::Update } });
    }
    if (e == QLatin1String("applications")) return c.byOp(Resource::Application);
    if (e == QLatin1String("stage_history")) {
        if (c.del) return c.needAny({ { Resource::Application, Action::Delete }, { Resource::Privacy, Action::Delete } });
        return c.need(Resource::Application, Action::Update);
    }
    if (e == QLatin1String("notes")) {
        const auto subject = noteSubject(either(w, "subject_type"));
        if (!subject) return Status(lacks(Resource::Candidate, Action::Update, e));
        if (c.del)
            return c.needAny({ { *subject, Action::Update }, { *subject, Action::Delete }, { Resource::Privacy, Action::Delete } });
        return c.need(*subject, Action::Update);
    }
    if (e == QLatin1String("interviews") || e == QLatin1String("interviewers")) return c.byOp(Resource::Interview);
    if (e == QLatin1String("interview_feedback")) {
        // Feedback is given in one's own name; an erasure may blank anyone's.
        const bool someoneElse = c.ins ? str(w.after, "interviewer_id") != a.userId
                                       : (str(w.before, "interviewer_id") != a.userId
                                             && !a.has(Resource::Privacy, Action::Delete))
                || c.changed.contains(QStringLiteral("interviewer_id"));
        if (someoneElse)
            return c.refuse("not_self", QStringLiteral("Feedback is given in one's own name."));
        if (c.ins) return c.needAny({ { Resource::Interview, Action::Create }, { Resource::Interview, Action::Update } });
        if (c.del) return c.needAny({ { Resource::Interview, Action::Delete }, { Resource::Privacy, Action::Delete } });
        return c.needAny({ { Resource::Interview, Action::Update }, { Resource::Privacy, Action::Delete } });
    }
    return std::nullopt;
}

// A user's own rows and outreach.
std::optional<Status> personalWrite(const Check& c)
{
    const Actor& a = c.a;
    const WriteAttempt& w = c.w;
    const QString& e = c.e;
    if (e == QLatin1String("saved_searches") || e == QLatin1String("notification_prefs")) return Status(); // owner: mayRead
    if (e == QLatin1String("notifications")) {
        if (c.ins) {
            // A user's action notifies others; a read-only user does not act.
            for (const Permission& p : a.permissions)
                if (p.endsWith(QLatin1String(".create")) || p.endsWith(QLatin1String(".update"))) return Status();
            return c.refuse("permission_denied", QStringLiteral("Only users who change things notify others."));
        }
        if (c.del && str(w.before, "user_id") != a.userId) return c.need(Resource::Privacy, Action::Delete);
        return Status();
    }
    if (e == QLatin1String("outreach_intents")) {
        if (c.changed.contains(QStringLiteral("status"))) {
            // A laptop queues a message and may cancel it while it is queued; every other status
            // (sending, sent, delivered, opted out, ...) is the sync server's.
            const QString status = str(w.after, "status");
            const bool allowed = c.ins ? status == QLatin1String("queued")
                                       : str(w.before, "status") == QLatin1String("queued") && status == QLatin1String("cancelled");
            if (!allowed)
                return c.refuse("server_owned", QStringLiteral("A message's delivery status is set by the sync server."));
        }
        return c.byOp(Resource::Outreach);
    }
    if (e == QLatin1String("outreach_templates")) {
        // A template is shared (no owner: outreach.manage) or one user's; it never changes hands.
        const QString owner = str(w.after, "owner_id");
        if (w.existed && str(w.before, "owner_id") != owner)
            return c.refuse("not_owner", QStringLiteral("A template does not change hands."));
        if (owner.isEmpty()) return c.need(Resource::Outreach, Action::Manage);
        if (owner != a.userId) return c.refuse("not_owner", QStringLiteral("Another user's template is theirs to change."));
        return c.byOp(Resource::Outreach);
    }
    return std::nullopt;
}

// The permission part of mayWrite: the matrix and the rules around it, per entity group.
Status permitted(const Actor& a, const WriteAttempt& w, const RowLookup& rows)
{
    const Check c { a, w, rows };
    for (auto group : { identityWrite, recruitingWrite, personalWrite })
        if (std::optional<Status> decided = group(c)) return *decided;
    return denied(QStringLiteral("unknown_entity"), QStringLiteral("%1 is not something this server stores.").arg(w.entity),
        w.entity);
}

} // namespace

namespace {
// The candidate row as GdprService::eraseOne leaves it: every personal column blank.
bool anonymised(const QJsonObject& row)
{
    if (str(row, "erased_at").isEmpty() || str(row, "first_name") != QLatin1String("Erased")
        || str(row, "last_name") != QLatin1String("candidate"))
        return false;
    for (const char* text : { "headline", "location" })
        if (!str(row, text).isEmpty()) return false;
    for (const char* gone : { "latitude", "longitude", "external_id", "owner_id" })
        if (!row.value(QLatin1String(gone)).isNull() && !row.value(QLatin1String(gone)).isUndefined()) return false;
    for (const char* list : { "skills", "tags", "links", "education", "experience" }) {
        const QJsonValue v = row.value(QLatin1String(list));
        if (!(v.isUndefined() || v.isNull() || (v.isString() && v.toString() == QLatin1String("[]"))
                || (v.isArray() && v.toArray().isEmpty())))
            return false;
    }
    const QJsonValue prefs = row.value(QStringLiteral("preferences"));
    return prefs.isUndefined() || prefs.isNull() || (prefs.isString() && prefs.toString() == QLatin1String("{}"))
        || (prefs.isObject() && prefs.toObject().isEmpty());
}

// Erasure is sticky (GDPR): once a candidate is erased, nothing brings their data back, whoever
// writes it and whatever a laptop edited offline before it heard of the erasure: the
// anonymised row stays as it is, and no personal row (contact, CV, tailored CV, attachment,
// note, consent, message) or new application is made for them. Deletes still go through.
Status erasureSticks(const WriteAttempt& w, const RowLookup& rows)
{
    if (w.op == QLatin1String("delete")) return {};
    const auto refuse = [&] {
        return denied(QStringLiteral("erased"),
            QStringLiteral("This candidate's data was erased; it cannot be added or changed again."), w.entity);
    };
    const auto erased = [&](const QString& candidateId) {
        if (candidateId.isEmpty()) return false;
        const auto c = rows(QStringLiteral("candidates"), candidateId);
        return c && !str(*c, "erased_at").isEmpty();
    };
    const QString& e = w.entity;
    if (e == QLatin1String("candidates")) {
        if (!w.existed || str(w.before, "erased_at").isEmpty()) return {};
        // An erasure's own records (the anonymised row, sent again in full, or a second erasure)
        // may land on a server whose copy a colleague changed meanwhile: what blanks the
        // personal columns goes through, whatever else it differs in.
        if (anonymised(w.after)) return {};
        // The activity time is derived on every device (a note going, say), not personal data.
        QSet<QString> changed = changedColumns(w);
        changed.remove(QStringLiteral("last_activity_at"));
        if (!changed.isEmpty()) return refuse();
        return {};
    }
    if (e == QLatin1String("interview_feedback")) {
        // The erasure empties the comments about the candidate; none comes back.
        if (str(w.after, "comment").isEmpty()) return {};
        const auto interview = rows(QStringLiteral("interviews"), str(w.after, "interview_id"));
        const auto app = interview ? rows(QStringLiteral("applications"), str(*interview, "application_id")) : std::nullopt;
        if (app && erased(str(*app, "candidate_id"))) return refuse();
        return {};
    }
    static const QSet<QString> personal { QStringLiteral("candidate_contacts"), QStringLiteral("cv_versions"),
        QStringLiteral("cv_variants"), QStringLiteral("attachments"), QStringLiteral("consents"),
        QStringLiteral("outreach_intents"), QStringLiteral("cohort_members") };
    QString candidate;
    if (personal.contains(e) || (e == QLatin1String("applications") && !w.existed)) {
        candidate = str(w.after, "candidate_id");
    } else if (e == QLatin1String("notes")) {
        const QString subject = str(w.after, "subject_id");
        if (str(w.after, "subject_type") == QLatin1String("candidate")) candidate = subject;
        else if (str(w.after, "subject_type") == QLatin1String("application"))
            if (const auto app = rows(QStringLiteral("applications"), subject)) candidate = str(*app, "candidate_id");
    }
    if (erased(candidate)) return refuse();
    return {};
}
} // namespace

Status mayWrite(const Actor& a, const WriteAttempt& w, const RowLookup& rows)
{
    if (!a.active)
        return denied(QStringLiteral("permission_denied"),
            QStringLiteral("Your account is disabled or the workspace is suspended."), w.entity);
    RD_TRY(erasureSticks(w, rows));
    RD_TRY(permitted(a, w, rows));
    // An erasure (privacy.delete) removes and blanks rows its holder may not otherwise read.
    const bool erasure = a.has(Resource::Privacy, Action::Delete)
        && (w.op == QLatin1String("delete") || w.fields.contains(QStringLiteral("erased_at")));
    if (erasure) return {};
    // A row the actor could not read is not writable, and a write may not move a row out of
    // what they can read (a hiring manager's application to another job, another user's row).
    if (w.existed && !mayRead(a, w.entity, w.rowId, w.before, rows))
        return denied(QStringLiteral("not_readable"), QStringLiteral("You cannot change a record you may not see."),
            w.entity);
    const bool notifyOther = w.entity == QLatin1String("notifications") && w.op == QLatin1String("insert");
    if (w.op != QLatin1String("delete") && !notifyOther && !mayRead(a, w.entity, w.rowId, w.after, rows))
        return denied(QStringLiteral("not_readable"),
            QStringLiteral("You cannot make a record you would not be allowed to see."), w.entity);
    return {};
}

} // namespace writepolicy
} // namespace rd
