#include "replication.h"

#include <QSet>

#include "database.h"

namespace rd::replication {

namespace {
using K = Table::UniqueKey;
QList<Table> makeTables()
{
    const QString t = QStringLiteral("tenant_id");
    auto key = [](QStringList cols, K::Resolution r = K::Tombstone, bool includesDeleted = false) {
        return K { std::move(cols), r, includesDeleted };
    };
    return {
        { QStringLiteral("tenants"), {}, { key({ QStringLiteral("slug") }, K::Suffix) } },
        { QStringLiteral("users"),
            { QStringLiteral("password_hash"), QStringLiteral("password_changed_at"), QStringLiteral("mfa_enabled"),
                QStringLiteral("mfa_secret"), QStringLiteral("mfa_pending_secret"), QStringLiteral("mfa_last_step"),
                QStringLiteral("failed_attempts"), QStringLiteral("locked_until"), QStringLiteral("last_sign_in_at") },
            { key({ t, QStringLiteral("email_norm") }) } },
        { QStringLiteral("roles"), {}, { key({ t, QStringLiteral("name") }, K::Suffix) } },
        { QStringLiteral("role_permissions"), {},
            { key({ QStringLiteral("role_id"), QStringLiteral("resource"), QStringLiteral("action") }) } },
        { QStringLiteral("user_roles"), {}, { key({ QStringLiteral("user_id"), QStringLiteral("role_id") }) } },
        { QStringLiteral("pipelines"), {}, {} },
        { QStringLiteral("pipeline_stages"), {}, {} },
        { QStringLiteral("job_postings"), {},
            { key({ t, QStringLiteral("job_number") }, K::Suffix),
                key({ t, QStringLiteral("source"), QStringLiteral("external_id") }) } },
        { QStringLiteral("job_managers"), {}, { key({ QStringLiteral("job_id"), QStringLiteral("user_id") }) } },
        { QStringLiteral("candidates"), {}, { key({ t, QStringLiteral("external_id") }) } },
        { QStringLiteral("candidate_contacts"), {}, {} },
        { QStringLiteral("applications"), {},
            { key({ t, QStringLiteral("candidate_id"), QStringLiteral("job_id") }) } },
        { QStringLiteral("stage_history"), {}, {} },
        { QStringLiteral("notes"), {}, {} },
        { QStringLiteral("interviews"), {}, {} },
        { QStringLiteral("interviewers"), {}, {} },
        { QStringLiteral("interview_feedback"), {},
            { key({ QStringLiteral("interview_id"), QStringLiteral("interviewer_id") }) } },
        { QStringLiteral("attachments"), {}, {} },
        { QStringLiteral("cv_versions"), {},
            { key({ QStringLiteral("candidate_id"), QStringLiteral("version") }, K::Renumber, true) } },
        { QStringLiteral("cv_variants"), {}, {} },
        { QStringLiteral("saved_searches"), {},
            { key({ t, QStringLiteral("user_id"), QStringLiteral("name") }, K::Suffix) } },
        { QStringLiteral("notifications"), {}, {} },
        { QStringLiteral("notification_prefs"), {}, { key({ QStringLiteral("user_id"), QStringLiteral("event") }) } },
        { QStringLiteral("consents"), {}, {} },
        { QStringLiteral("cohorts"), {}, { key({ t, QStringLiteral("name") }, K::Suffix) } },
        { QStringLiteral("cohort_members"), {}, {} },
        // The same message queued on two laptops offline is sent once (docs/sync.md).
        { QStringLiteral("outreach_intents"), {}, { key({ t, QStringLiteral("dedup_key") }) } },
        { QStringLiteral("outreach_templates"), {},
            { key({ t, QStringLiteral("owner_id"), QStringLiteral("name") }, K::Suffix) } },
    };
}
} // namespace

const QList<Table>& tables()
{
    static const QList<Table> all = makeTables();
    return all;
}

const Table* table(const QString& entity)
{
    for (const Table& t : tables())
        if (t.name == entity) return &t;
    return nullptr;
}

QStringList replicatedColumns(const Table& t, const QStringList& allColumns)
{
    QStringList out;
    for (const QString& c : allColumns)
        if (!t.localColumns.contains(c)) out << c;
    return out;
}

bool isListColumn(const QString& entity, const QString& column)
{
    static const QSet<QString> candidate { QStringLiteral("skills"), QStringLiteral("tags"), QStringLiteral("links") };
    static const QSet<QString> job { QStringLiteral("tags"), QStringLiteral("must_have"), QStringLiteral("nice_to_have") };
    if (entity == QLatin1String("candidates")) return candidate.contains(column);
    if (entity == QLatin1String("job_postings")) return job.contains(column);
    return false;
}

QStringList captureTriggers(const QString& table, const QStringList& columns, bool withPrior)
{
    QStringList pairs, changed, parts, priors;
    for (const QString& c : columns) {
        pairs << QStringLiteral("'%1', new.%1").arg(c);
        changed << QStringLiteral("old.%1 IS NOT new.%1").arg(c);
        parts << QStringLiteral("SELECT '%1' AS k, new.%1 AS v WHERE old.%1 IS NOT new.%1").arg(c);
        if (withPrior && isListColumn(table, c))
            priors << QStringLiteral("SELECT '%1' AS k, old.%1 AS v WHERE old.%1 IS NOT new.%1").arg(c);
    }
    // An update of a list column keeps its value before (the server merges two devices' edits).
    const bool prior = !priors.isEmpty();
    const QString insertInto = prior ? QStringLiteral("INSERT INTO changes (tenant_id, entity, row_id, op, fields, "
                                                      "base_server_seq, correlation_id, created_at, prior) ")
                                     : QStringLiteral("INSERT INTO changes (tenant_id, entity, row_id, op, fields, "
                                                      "base_server_seq, correlation_id, created_at) ");
    const QString priorValue = prior
        ? QStringLiteral(", (SELECT json_group_object(k, v) FROM (%1))").arg(priors.join(QStringLiteral(" UNION ALL ")))
        : QString();
    const QString none = prior ? QStringLiteral(", NULL") : QString();
    const QString ctx = QStringLiteral("FROM sync_ctx x WHERE x.capture = 1");
    return {
        QStringLiteral("DROP TRIGGER IF EXISTS %1_capture_ins").arg(table),
        QStringLiteral("DROP TRIGGER IF EXISTS %1_capture_upd").arg(table),
        QStringLiteral("DROP TRIGGER IF EXISTS %1_capture_del").arg(table),
        QStringLiteral("CREATE TRIGGER %1_capture_ins AFTER INSERT ON %1 BEGIN %2 SELECT new.tenant_id, '%1', new.id, "
                       "'insert', json_object(%3), x.base_seq, x.correlation_id, x.created_at%5 %4; END")
            .arg(table, insertInto, pairs.join(QStringLiteral(", ")), ctx, none),
        QStringLiteral(
            "CREATE TRIGGER %1_capture_upd AFTER UPDATE ON %1 WHEN %2 BEGIN %3 SELECT new.tenant_id, '%1', new.id, "
            "'update', (SELECT json_group_object(k, v) FROM (%4)), x.base_seq, x.correlation_id, x.created_at%6 "
            "%5; END")
            .arg(table, changed.join(QStringLiteral(" OR ")), insertInto, parts.join(QStringLiteral(" UNION ALL ")),
                ctx, priorValue),
        QStringLiteral("CREATE TRIGGER %1_capture_del AFTER DELETE ON %1 BEGIN %2 SELECT old.tenant_id, '%1', old.id, "
                       "'delete', '{}', x.base_seq, x.correlation_id, x.created_at%4 %3; END")
            .arg(table, insertInto, ctx, none),
    };
}

QStringList allCaptureTriggers(const std::function<QStringList(const QString&)>& columnsOf, bool withPrior)
{
    QStringList out;
    for (const Table& t : tables()) {
        const QStringList columns = columnsOf(t.name);
        if (columns.isEmpty()) continue; // made by a later migration, which adds its triggers
        out << captureTriggers(t.name, replicatedColumns(t, columns), withPrior);
    }
    return out;
}

Result<QStringList> columnsOf(Database& db, const QString& entity)
{
    const Table* t = table(entity);
    if (!t) return QStringList();
    auto info = db.select(QStringLiteral("SELECT name FROM pragma_table_info(?)"), { entity });
    if (!info) return info.error();
    QStringList all;
    for (const auto& r : info.value())
        all << r.value(0).toString();
    return replicatedColumns(*t, all);
}

Result<int> captureRows(Database& db, const QString& entity, const QString& where, const QVariantList& binds)
{
    auto known = columnsOf(db, entity);
    if (!known) return known.error();
    const QStringList cols = known.value();
    if (cols.isEmpty())
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("%1 does not replicate").arg(entity));
    QStringList pairs;
    for (const QString& c : cols)
        pairs << QStringLiteral("'%1', r.%1").arg(c);
    // A merged-away candidate names its survivor: the survivor goes first (its own survivor
    // before it, and so on), or a server receiving the rows in order would refuse the
    // duplicate's reference to a row it does not have yet (a laptop re-sending its state after
    // a server restore; found by the simulation, seed 1635).
    const QString order = cols.contains(QStringLiteral("merged_into"))
        ? QStringLiteral("(WITH RECURSIVE up(id, n) AS (SELECT r.merged_into, 0 UNION ALL SELECT c.merged_into, n + 1 FROM "
                         "%1 c JOIN up ON c.id = up.id WHERE up.n < 64) SELECT count(*) FROM up WHERE id IS NOT NULL), r.rowid")
              .arg(entity)
        : QStringLiteral("r.rowid");
    return db.change(
        QStringLiteral("INSERT INTO changes (tenant_id, entity, row_id, op, fields, base_server_seq, correlation_id, "
                       "created_at) SELECT r.tenant_id, '%1', r.id, 'insert', json_object(%2), x.base_seq, "
                       "x.correlation_id, x.created_at FROM %1 r, sync_ctx x WHERE %3 ORDER BY %4")
            .arg(entity, pairs.join(QStringLiteral(", ")), where, order),
        binds);
}

Result<bool> healCapture(Database& db)
{
    if (db.inTransaction())
        return false; // inside a transaction capture may be off on purpose (a pull applying rows)
    auto state = db.selectOne(QStringLiteral("SELECT capture FROM sync_ctx"));
    if (!state && state.error().code != ErrorCode::NotFound)
        return state.error();
    if (state && state.value().value(0).toInt() == 1)
        return false;
    // Off (or its row gone, when the triggers record nothing either): on again, checked inside
    // the transaction that turns it on. Rows are not recorded again here: a full restatement
    // would re-add list items colleagues removed and send every row anew (a review of this
    // fix); the user is told instead (SyncEngine).
    RD_TRY(db.begin());
    auto on = state ? db.change(QStringLiteral("UPDATE sync_ctx SET capture = 1 WHERE capture <> 1"))
                    : db.change(QStringLiteral("INSERT OR IGNORE INTO sync_ctx (id) VALUES (1)"));
    if (!on) {
        db.rollback();
        return on.error();
    }
    RD_TRY(db.commit());
    qWarning("Outbox recording was off outside a sync (a round that failed under an earlier release): it is on again");
    return on.value() > 0;
}

} // namespace rd::replication
