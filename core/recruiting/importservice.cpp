#include "importservice.h"

#include "auth/permissions.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "common/json.h"
#include "common/phone.h"
#include "jobs/jobqueue.h"
#include "recruiting/applicationservice.h"
#include "recruiting/candidateservice.h"
#include "recruiting/csvreader.h"
#include "recruiting/cvservice.h"
#include "recruiting/fields.h"
#include "recruiting/jobservice.h"
#include "recruiting/searchservice.h"
#include "service/context.h"

#include <QSet>

namespace rd {

QJsonObject ImportReport::toJson() const
{
    return { { QStringLiteral("batch_id"), batchId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(batchId) },
        { QStringLiteral("imported"), imported }, { QStringLiteral("updated"), updated },
        { QStringLiteral("duplicates"), duplicates }, { QStringLiteral("errors"), errors },
        { QStringLiteral("kept"), kept }, { QStringLiteral("encoding"), encoding }, { QStringLiteral("dry_run"), dryRun },
        { QStringLiteral("cancelled"), cancelled } };
}

QStringList ImportService::canonicalHeaders(const QString& kind)
{
    if (kind == QLatin1String("jobs"))
        return { "external_id", "title", "description", "department", "location", "latitude", "longitude", "remote", "must_have",
            "nice_to_have", "tags", "status", "source", "company", "employment_type" };
    return { "external_id", "first_name", "last_name", "email", "phone", "location", "latitude", "longitude", "skills",
        "resume_text", "source", "tags", "applied_job_external_id" };
}

namespace {
constexpr int kCommitEvery = 2000;

void addError(ImportReport& r, qint64 row, const QString& column, const QString& reason, const QString& rule = {})
{
    if (r.errors.size() >= 10000)
        return;
    QJsonObject e { { QStringLiteral("row"), row }, { QStringLiteral("column"), column }, { QStringLiteral("reason"), reason } };
    if (!rule.isEmpty())
        e.insert(QStringLiteral("rule"), rule); // the validation rule, a stable code (format, needs_country, ...)
    r.errors.append(e);
}

QJsonObject previousCandidate(const Candidate& c)
{
    return { { QStringLiteral("external_id"), c.externalId }, { QStringLiteral("first_name"), c.firstName }, { QStringLiteral("last_name"), c.lastName },
        { QStringLiteral("location"), c.location }, { QStringLiteral("latitude"), optionalJson(c.latitude) },
        { QStringLiteral("longitude"), optionalJson(c.longitude) }, { QStringLiteral("source"), c.source },
        { QStringLiteral("skills"), QJsonArray::fromStringList(c.skills) }, { QStringLiteral("tags"), QJsonArray::fromStringList(c.tags) },
        { QStringLiteral("emails"), QJsonArray::fromStringList(c.emails) }, { QStringLiteral("phones"), QJsonArray::fromStringList(c.phones) } };
}

// A candidate row matched by email only (another system's record, or a different person with
// a shared address) under the fill policy: identity fields (name, external id) stay as they
// are, other fields and contacts (emails, phones) are filled only where the candidate has none,
// skills and tags gain what is new. Returns how many of the row's values were kept out.
int narrowToFill(QJsonObject& row, const Candidate& c)
{
    int kept = 0;
    const auto differs = [&](const QString& field, const QJsonValue& current) {
        return row.contains(field) && row.value(field).toVariant().toString().trimmed() != current.toVariant().toString();
    };
    const auto keep = [&](const QString& field, const QJsonValue& current) {
        if (differs(field, current)) ++kept;
        row.remove(field);
    };
    keep(QStringLiteral("external_id"), c.externalId);
    keep(QStringLiteral("first_name"), c.firstName);
    keep(QStringLiteral("last_name"), c.lastName);
    if (!c.source.isEmpty()) keep(QStringLiteral("source"), c.source);
    // A place is its name with its coordinates: all three stay when the candidate has one.
    if (!c.location.isEmpty() || c.latitude) {
        keep(QStringLiteral("location"), c.location);
        keep(QStringLiteral("latitude"), optionalJson(c.latitude));
        keep(QStringLiteral("longitude"), optionalJson(c.longitude));
    }
    const auto unite = [&](const QString& field, const QStringList& current) {
        if (!row.contains(field)) return;
        QStringList merged = current;
        for (const QString& v : toList(row.value(field)))
            if (!merged.contains(v, Qt::CaseInsensitive)) merged << v;
        row.insert(field, QJsonArray::fromStringList(merged));
    };
    unite(QStringLiteral("skills"), c.skills);
    unite(QStringLiteral("tags"), c.tags);
    // Contacts reach a person: the row's other addresses and numbers may be someone else's. A
    // candidate with none of a kind gets the row's; otherwise theirs stay.
    const auto contacts = [&](const QString& field, const QStringList& current) {
        if (!row.contains(field) || current.isEmpty()) return;
        for (const QString& v : toList(row.value(field)))
            if (!current.contains(v, Qt::CaseInsensitive)) {
                ++kept;
                break;
            }
        row.remove(field);
    };
    contacts(QStringLiteral("emails"), c.emails);
    contacts(QStringLiteral("phones"), c.phones);
    return kept;
}

QJsonObject previousJob(const Job& j)
{
    return { { QStringLiteral("title"), j.title }, { QStringLiteral("description"), j.description },
        { QStringLiteral("department"), j.department }, { QStringLiteral("location"), j.location },
        { QStringLiteral("latitude"), optionalJson(j.latitude) },
        { QStringLiteral("longitude"), optionalJson(j.longitude) }, { QStringLiteral("remote"), j.remote },
        { QStringLiteral("must_have"), QJsonArray::fromStringList(j.mustHave) },
        { QStringLiteral("nice_to_have"), QJsonArray::fromStringList(j.niceToHave) }, { QStringLiteral("tags"), QJsonArray::fromStringList(j.tags) } };
}
} // namespace

Result<ImportReport> ImportService::importCsv(const Session& session, const QString& kind, QIODevice& input, const QString& fileName,
    bool dryRun, const QHash<QString, QString>& mapping, ImportControl* control, bool overwrite)
{
    if (kind != QLatin1String("jobs") && kind != QLatin1String("candidates"))
        return validate::failed(QStringLiteral("kind"), QStringLiteral("Import jobs or candidates."), QStringLiteral("enum"));
    const bool jobs = kind == QLatin1String("jobs");
    const Resource resource = jobs ? Resource::Job : Resource::Candidate;
    RD_TRY(m_ctx.authz.require(session, resource, Action::Create));
    RD_TRY(m_ctx.authz.require(session, resource, Action::Update));

    CsvReader reader(input);
    QStringList header;
    if (!reader.next(header))
        return validate::failed(QStringLiteral("file"), QStringLiteral("The file is empty."), QStringLiteral("empty"));
    ImportReport report;
    report.dryRun = dryRun;
    const QStringList canonical = canonicalHeaders(kind);
    QStringList columns; // canonical name per column, empty = ignored
    QSet<QString> seenColumns;
    for (int i = 0; i < header.size(); ++i) {
        QString h = header[i].trimmed();
        if (mapping.contains(h))
            h = mapping.value(h);
        h = h.toLower();
        if (h == QLatin1String("id") || h == QLatin1String("job_number")) {
            h.clear(); // written by export for reference; records match on external_id/email
        } else if (!canonical.contains(h)) {
            addError(report, reader.line(), header[i], QStringLiteral("unknown column, ignored (map it with a mapping file)"));
            h.clear();
        } else if (seenColumns.contains(h)) {
            addError(report, reader.line(), header[i], QStringLiteral("column given twice, the second is ignored"));
            h.clear();
        }
        seenColumns.insert(h);
        columns << h;
    }
    const QString required = jobs ? QStringLiteral("title") : QString();
    if (!required.isEmpty() && !columns.contains(required))
        return validate::failed(QStringLiteral("file"), QStringLiteral("The file has no '%1' column.").arg(required), QStringLiteral("missing_column"));
    report.encoding = reader.encoding();
    // The tenant's policy for rows matched by email only (docs/import.md): fill (the default) or
    // overwrite; --overwrite asks for the latter for one import.
    if (!overwrite && !jobs) {
        auto policy = m_ctx.db.selectOne(QStringLiteral("SELECT json_extract(settings, '$.import_policy') FROM tenants WHERE id = ?"),
            { session.tenantId });
        overwrite = policy && policy.value().value(0).toString() == QLatin1String("overwrite");
    }

    Database& db = m_ctx.db;
    RD_TRY(db.begin());
    bool open = true;
    // New candidates are written through one CandidateBatch (a unit of work nested in this
    // transaction) until a row needs the per-record services; the batch is closed first so
    // the audit chain and outbox sequence continue in order.
    std::unique_ptr<CandidateBatch> batch;
    auto rollbackAll = [&] {
        batch.reset(); // rolls back its savepoint first
        if (open)
            db.rollback();
        open = false;
    };
    auto closeBatch = [&]() -> Status {
        if (!batch)
            return {};
        Status s = batch->commit();
        batch.reset();
        return s;
    };
    const QString batchId = newUuidV7(m_ctx.clock.nowMs());
    {
        auto ins = db.change(QStringLiteral("INSERT INTO import_batches (id, tenant_id, kind, file_name, created_at, updated_at, created_by, "
                                            "updated_by) VALUES (?,?,?,?,?,?,?,?)"),
            { batchId, session.tenantId, kind, fileName, m_ctx.clock.nowIso(), m_ctx.clock.nowIso(), session.userId, session.userId });
        if (!ins) {
            rollbackAll();
            return ins.error();
        }
    }
    int chunk = 0;
    // Before each commit: close the batch and hand the search documents to the jobs queue.
    auto beforeCommit = [&]() -> Status {
        RD_TRY(closeBatch());
        return SearchService::deferIndexing(db, m_queue, session.tenantId,
            QString::fromLatin1(SearchService::kIndexJob) + QLatin1Char(':') + (batchId + QLatin1Char(':') + QString::number(chunk++)));
    };
    auto track = [&](const QString& entity, const QString& rowId, const QString& action, const QJsonObject& previous) -> Status {
        using V = Database::RawValue;
        return db.appendRow("INSERT INTO import_batch_rows (batch_id, entity, row_id, action, previous) VALUES (?,?,?,?,?)",
            { V::str(batchId), V::str(entity), V::str(rowId), V::str(action), previous.isEmpty() ? V::null() : V::bytes(canonicalJson(previous)) });
    };

    QHash<QString, qint64> seenKeys; // external id / email -> line
    QStringList fields;
    int sinceCommit = 0;
    while (reader.next(fields)) {
        if (control) {
            control->bytesRead.store(input.pos(), std::memory_order_relaxed);
            if (control->cancel.load()) {
                report.cancelled = true;
                break;
            }
        }
        const qint64 line = reader.line();
        if (!reader.error().isEmpty()) {
            addError(report, line, QString(), reader.error());
            break;
        }
        bool blank = true;
        for (const QString& f : fields)
            blank = blank && f.trimmed().isEmpty();
        if (blank)
            continue;
        if (fields.size() > columns.size()) {
            addError(report, line, QString::number(columns.size() + 1), QStringLiteral("more fields than the header has columns"));
            continue;
        }
        QJsonObject row;
        for (int i = 0; i < fields.size(); ++i)
            if (!columns[i].isEmpty() && !fields[i].trimmed().isEmpty()) {
                // Undo the formula guard our export adds ("'+44..." -> "+44..."), so exports re-import as they were.
                const QString& f = fields[i];
                const bool guarded = f.size() > 1 && f.at(0) == QLatin1Char('\'') && QStringLiteral("=+-@").contains(f.at(1));
                row.insert(columns[i], guarded ? f.mid(1) : f);
            }

        const QString ext = row.value(QStringLiteral("external_id")).toString().trimmed();
        const QString email = CandidateService::normaliseEmail(row.value(QStringLiteral("email")).toString());
        const QString scope = jobs ? row.value(QStringLiteral("source")).toString().trimmed() + QLatin1Char('|') : QString();
        const QString key = !ext.isEmpty() ? QStringLiteral("x:") + scope + ext : (!email.isEmpty() ? QStringLiteral("e:") + email : QString());
        if (!key.isEmpty() && seenKeys.contains(key)) {
            ++report.duplicates;
            addError(report, line, ext.isEmpty() ? QStringLiteral("email") : QStringLiteral("external_id"),
                QStringLiteral("duplicate of line %1 in this file").arg(seenKeys.value(key)));
            continue;
        }
        if (!key.isEmpty())
            seenKeys.insert(key, line);

        // A row through the per-record services runs in its own savepoint: a failing row
        // leaves nothing behind. A new candidate goes through the batch, which validates
        // before it writes.
        Status outcome;
        QString action;
        bool savepoint = false;
        auto openSavepoint = [&]() -> Status {
            RD_TRY(closeBatch());
            RD_TRY(db.begin());
            savepoint = true;
            return {};
        };
        if (jobs) {
            if (Status s = openSavepoint(); !s) {
                rollbackAll();
                return s.error();
            }
            const QString status = row.take(QStringLiteral("status")).toString().trimmed().toLower();
            // Re-import matches on (source, external id): a feed's jobs never overwrite the tenant's own.
            const QString source = row.value(QStringLiteral("source")).toString().trimmed();
            Result<Job> existing = ext.isEmpty() ? Result<Job>(makeError(ErrorCode::NotFound, {})) : m_jobs.loadBySource(session.tenantId, source, ext);
            Result<Job> done = existing.ok() ? m_jobs.update(session, existing.value().id, row) : m_jobs.create(session, row);
            if (!done) {
                outcome = done.error();
            } else {
                action = existing.ok() ? QStringLiteral("updated") : QStringLiteral("created");
                outcome = track(QStringLiteral("job"), done.value().id, action, existing.ok() ? previousJob(existing.value()) : QJsonObject {});
                if (outcome && !status.isEmpty() && status != done.value().status) {
                    auto st = m_jobs.setStatus(session, done.value().id, status);
                    if (!st)
                        outcome = st.error();
                }
            }
        } else {
            const QString applyTo = row.take(QStringLiteral("applied_job_external_id")).toString().trimmed();
            const QString resume = row.take(QStringLiteral("resume_text")).toString();
            if (row.contains(QStringLiteral("email")))
                row.insert(QStringLiteral("emails"), row.take(QStringLiteral("email")));
            if (row.contains(QStringLiteral("phone")))
                row.insert(QStringLiteral("phones"), row.take(QStringLiteral("phone")));
            using V = Database::RawValue;
            Result<QString> existingId = makeError(ErrorCode::NotFound, {});
            if (!ext.isEmpty())
                existingId = db.lookup("SELECT id FROM candidates WHERE tenant_id = ? AND external_id = ? AND deleted_at IS NULL",
                    { V::str(session.tenantId), V::str(ext) });
            const bool byEmail = !existingId && existingId.error().code == ErrorCode::NotFound && !email.isEmpty();
            if (byEmail)
                existingId = db.lookup("SELECT candidate_id FROM candidate_contacts WHERE tenant_id = ? AND kind = 'email' AND value_norm = ? "
                                       "AND deleted_at IS NULL LIMIT 1",
                    { V::str(session.tenantId), V::str(email) });
            if (!existingId && existingId.error().code != ErrorCode::NotFound) {
                rollbackAll();
                return existingId.error();
            }
            if (!existingId && applyTo.isEmpty()) {
                if (!batch) {
                    auto b = m_candidates.beginBatch(session);
                    if (!b) {
                        rollbackAll();
                        return b.error();
                    }
                    batch = std::move(b).value();
                }
                auto added = batch->add(row, resume, QStringLiteral("import"));
                if (added) {
                    action = QStringLiteral("created");
                    outcome = track(QStringLiteral("candidate"), added.value(), action, {});
                } else {
                    Error e = added.error();
                    if (e.details.value(QStringLiteral("field")).toString() == QLatin1String("text"))
                        e.details.insert(QStringLiteral("field"), QStringLiteral("resume_text"));
                    outcome = e;
                }
            } else {
                if (Status s = openSavepoint(); !s) {
                    rollbackAll();
                    return s.error();
                }
                Result<Candidate> existing = existingId ? m_candidates.load(session.tenantId, existingId.value())
                                                        : Result<Candidate>(makeError(ErrorCode::NotFound, {}));
                if (existing.ok() && byEmail && !overwrite)
                    report.kept += narrowToFill(row, existing.value());
                if (existing.ok()) {
                    // Re-import keeps the contacts the candidate already has.
                    QStringList emails = existing.value().emails;
                    for (const QString& e : toList(row.value(QStringLiteral("emails"))))
                        if (!emails.contains(e, Qt::CaseInsensitive))
                            emails << e;
                    if (row.contains(QStringLiteral("emails")))
                        row.insert(QStringLiteral("emails"), QJsonArray::fromStringList(emails));
                }
                Result<Candidate> done = existing.ok() ? m_candidates.update(session, existing.value().id, row) : m_candidates.create(session, row);
                if (!done) {
                    outcome = done.error();
                } else {
                    action = existing.ok() ? QStringLiteral("updated") : QStringLiteral("created");
                    outcome = track(QStringLiteral("candidate"), done.value().id, action,
                        existing.ok() ? previousCandidate(existing.value()) : QJsonObject {});
                    // Under the fill policy a CV goes only to a candidate who has none.
                    const bool keepCv = existing.ok() && byEmail && !overwrite && existing.value().hasCv;
                    if (keepCv && !resume.trimmed().isEmpty())
                        ++report.kept;
                    if (outcome && !resume.trimmed().isEmpty() && !keepCv) {
                        // A new CV version only when the text changed (re-imports stay idempotent).
                        auto cv = m_cvs.addVersion(session, done.value().id, resume, QStringLiteral("import"), {}, true);
                        if (!cv)
                            outcome = makeError(cv.error().code, cv.error().message, { { QStringLiteral("field"), QStringLiteral("resume_text") } });
                    }
                    if (outcome && !applyTo.isEmpty()) {
                        auto applied = m_applications.apply(session, done.value().id, applyTo, QStringLiteral("import"));
                        if (applied)
                            outcome = track(QStringLiteral("application"), applied.value().id, QStringLiteral("created"), {});
                        else if (!(applied.error().code == ErrorCode::Conflict))
                            outcome = makeError(applied.error().code, applied.error().message,
                                { { QStringLiteral("field"), QStringLiteral("applied_job_external_id") } });
                    }
                }
            }
        }
        if (!outcome) {
            if (savepoint)
                db.rollback();
            const Error& e = outcome.error();
            if (e.code == ErrorCode::StorageError || e.code == ErrorCode::PermissionDenied) {
                rollbackAll();
                return e;
            }
            if (e.details.value(QStringLiteral("reason")).toString() == QLatin1String("duplicate"))
                ++report.duplicates;
            QString column = e.details.value(QStringLiteral("field")).toString();
            if (column == QLatin1String("emails"))
                column = QStringLiteral("email");
            else if (column == QLatin1String("phones"))
                column = QStringLiteral("phone");
            addError(report, line, column, e.message, e.details.value(QStringLiteral("rule")).toString());
            continue;
        }
        if (savepoint)
            RD_TRY(db.commit()); // release the row's savepoint
        (action == QLatin1String("created") ? report.imported : report.updated)++;
        if (!dryRun && ++sinceCommit >= kCommitEvery) {
            if (Status s = beforeCommit(); !s) {
                rollbackAll();
                return s.error();
            }
            RD_TRY(db.commit());
            RD_TRY(db.begin());
            sinceCommit = 0;
        }
    }
    if (dryRun) {
        rollbackAll();
        return report;
    }
    if (Status s = beforeCommit(); !s) {
        rollbackAll();
        return s.error();
    }
    if (chunk > 2) {
        // A large import leaves many small index segments; merge them once its documents are in.
        auto merge = m_queue.enqueue(session.tenantId, QString::fromLatin1(SearchService::kMergeJob),
            QString::fromLatin1(SearchService::kMergeJob) + QLatin1Char(':') + batchId);
        if (!merge) {
            rollbackAll();
            return merge.error();
        }
    }
    report.batchId = batchId;
    auto rep = db.change(QStringLiteral("UPDATE import_batches SET report = ? WHERE id = ?"),
        { QString::fromUtf8(canonicalJson(report.toJson())), batchId });
    if (!rep) {
        rollbackAll();
        return rep.error();
    }
    {
        UnitOfWork uow(m_ctx, session);
        RD_TRY(uow.status());
        RD_TRY(uow.audit(QStringLiteral("import.") + kind, QStringLiteral("import_batch"), batchId,
            { { QStringLiteral("file"), fileName }, { QStringLiteral("imported"), report.imported }, { QStringLiteral("updated"), report.updated },
                { QStringLiteral("duplicates"), report.duplicates }, { QStringLiteral("errors"), report.errors.size() } }));
        RD_TRY(uow.commit());
    }
    RD_TRY(db.commit());
    open = false;
    return report;
}

Result<QJsonObject> ImportService::revert(const Session& session, const QString& batchId)
{
    auto batch = m_ctx.db.selectOne(QStringLiteral("SELECT kind, status FROM import_batches WHERE id = ? AND tenant_id = ?"),
        { batchId, session.tenantId });
    if (!batch)
        return batch.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("No such import batch.")) : batch.error();
    const Resource resource = batch.value().value(0).toString() == QLatin1String("jobs") ? Resource::Job : Resource::Candidate;
    RD_TRY(m_ctx.authz.require(session, resource, Action::Delete, batchId));
    if (batch.value().value(1).toString() == QLatin1String("reverted"))
        return makeError(ErrorCode::Conflict, QStringLiteral("This import was already reverted."));
    auto rows = m_ctx.db.select(QStringLiteral("SELECT entity, row_id, action, previous FROM import_batch_rows WHERE batch_id = ? ORDER BY id DESC"),
        { batchId });
    if (!rows)
        return rows.error();
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    int removed = 0;
    int restored = 0;
    int phonesKept = 0;
    auto country = m_ctx.db.selectOne(QStringLiteral("SELECT coalesce(json_extract(settings, '$.default_country'), '') FROM tenants WHERE id = ?"),
        { session.tenantId });
    if (!country)
        return country.error();
    const QString region = country.value().value(0).toString();
    for (const auto& r : rows.value()) {
        const QString entity = r.value(0).toString();
        const QString id = r.value(1).toString();
        if (r.value(2).toString() == QLatin1String("created")) {
            const QString table = entity == QLatin1String("candidate") ? QStringLiteral("candidates")
                : entity == QLatin1String("job")                        ? QStringLiteral("job_postings")
                                                                        : QStringLiteral("applications");
            auto del = m_ctx.db.change(QStringLiteral("UPDATE %1 SET deleted_at = ?, updated_at = ?, updated_by = ? WHERE id = ? AND "
                                                      "tenant_id = ? AND deleted_at IS NULL").arg(table),
                { uow.now(), uow.now(), session.userId, id, session.tenantId });
            if (!del)
                return del.error();
            if (entity == QLatin1String("candidate")) {
                auto contacts = m_ctx.db.change(QStringLiteral("UPDATE candidate_contacts SET deleted_at = ?, updated_at = ? WHERE candidate_id = ? "
                                                               "AND deleted_at IS NULL"),
                    { uow.now(), uow.now(), id });
                if (!contacts)
                    return contacts.error();
            }
            ++removed;
        } else {
            QJsonObject previous = parseObject(r.value(3).toString());
            if (entity == QLatin1String("candidate") && previous.contains(QStringLiteral("phones"))) {
                // A batch an older release imported kept numbers as typed: when one cannot be read
                // now, the candidate's current numbers stay (the revert is not refused over it).
                const QStringList phones = toList(previous.value(QStringLiteral("phones")));
                // (one not in its stored form must be a number in use: never a guess)
                const auto unreadable = [&](const QString& p) {
                    auto n = phone::normalise(p, region);
                    return !n || (n.value() != p && !phone::normaliseValid(p, region));
                };
                if (std::any_of(phones.begin(), phones.end(), unreadable)) {
                    previous.remove(QStringLiteral("phones"));
                    ++phonesKept;
                }
            }
            if (entity == QLatin1String("candidate")) {
                auto c = m_candidates.update(session, id, previous);
                if (!c)
                    return c.error();
            } else if (entity == QLatin1String("job")) {
                auto j = m_jobs.update(session, id, previous);
                if (!j)
                    return j.error();
            }
            ++restored;
        }
    }
    auto up = m_ctx.db.change(QStringLiteral("UPDATE import_batches SET status = 'reverted', updated_at = ?, updated_by = ? WHERE id = ?"),
        { uow.now(), session.userId, batchId });
    if (!up)
        return up.error();
    QJsonObject result { { QStringLiteral("batch_id"), batchId }, { QStringLiteral("removed"), removed }, { QStringLiteral("restored"), restored } };
    if (phonesKept > 0)
        result.insert(QStringLiteral("phones_kept"), phonesKept); // numbers before the import that cannot be read now
    RD_TRY(uow.audit(QStringLiteral("import.revert"), QStringLiteral("import_batch"), batchId, result));
    RD_TRY(uow.commit());
    return result;
}

} // namespace rd
