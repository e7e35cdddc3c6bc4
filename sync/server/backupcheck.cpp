#include "backupcheck.h"

#include "auditstore.h"
#include "httpapp.h"

#include <QJsonArray>

namespace rd::server {

Result<QJsonObject> backupCheck(PgDatabase& db)
{
    auto tenants = db.select(QStringLiteral("SELECT id, slug FROM tenants ORDER BY slug"));
    if (!tenants) return tenants.error();
    QJsonArray out;
    bool ok = true;
    for (const auto& t : tenants.value()) {
        const QString id = t.value(0).toString();
        RD_TRY(db.begin());
        auto fail = [&](const Error& e) -> Result<QJsonObject> {
            db.rollback();
            return e;
        };
        if (auto s = db.scopeToTenant(id); !s) return fail(s.error());
        auto facts = db.select(
            QStringLiteral("SELECT coalesce((SELECT server_seq FROM tenant_counters WHERE tenant_id = ?), 0), "
                           "(SELECT count(*) FROM changes WHERE tenant_id = ?), coalesce((SELECT max(server_seq) FROM "
                           "changes WHERE tenant_id = ?), 0), "
                           "(SELECT count(*) FROM entity_state e WHERE e.tenant_id = ? AND NOT EXISTS (SELECT 1 FROM "
                           "changes c WHERE c.tenant_id = "
                           "e.tenant_id AND c.server_seq = e.server_seq)), "
                           "(SELECT count(*) FROM devices d WHERE d.tenant_id = ? AND d.last_dev_seq > "
                           "coalesce((SELECT max(dev_seq) FROM changes c "
                           "WHERE c.tenant_id = d.tenant_id AND c.device_id = d.id), 0)), "
                           "(SELECT count(*) FROM unique_claims u WHERE u.tenant_id = ? AND NOT EXISTS (SELECT 1 FROM "
                           "entity_state e WHERE "
                           "e.tenant_id = u.tenant_id AND e.entity = u.entity AND e.row_id = u.row_id))"),
            { id, id, id, id, id, id });
        if (!facts) return fail(facts.error());
        db.rollback(); // read only
        const QSqlRecord& f = facts.value().first();
        const qint64 counter = f.value(0).toLongLong(), count = f.value(1).toLongLong(),
                     maxSeq = f.value(2).toLongLong();
        QJsonArray problems;
        if (count != maxSeq)
            problems
                << QStringLiteral("the change log has gaps: %1 changes up to server_seq %2").arg(count).arg(maxSeq);
        if (counter != maxSeq)
            problems << QStringLiteral("the counter says %1, the log ends at %2").arg(counter).arg(maxSeq);
        if (f.value(3).toLongLong() > 0)
            problems
                << QStringLiteral("%1 merged rows point at changes missing from the log").arg(f.value(3).toLongLong());
        if (f.value(4).toLongLong() > 0)
            problems << QStringLiteral("%1 devices are recorded ahead of their changes").arg(f.value(4).toLongLong());
        if (f.value(5).toLongLong() > 0)
            problems << QStringLiteral("%1 unique claims point at missing rows").arg(f.value(5).toLongLong());
        ok = ok && problems.isEmpty();
        out << QJsonObject { { QStringLiteral("tenant"), id }, { QStringLiteral("slug"), t.value(1).toString() },
            { QStringLiteral("server_seq"), counter }, { QStringLiteral("changes"), count },
            { QStringLiteral("problems"), problems } };
    }
    AuditStore audit(db);
    auto chains = audit.verify();
    if (!chains) return chains.error();
    ok = ok && chains.value().ok;
    return QJsonObject { { QStringLiteral("ok"), ok }, { QStringLiteral("tenants"), out },
        { QStringLiteral("audit"), chains.value().toJson() } };
}

Result<QJsonObject> markRestored(PgDatabase& db)
{
    RD_TRY(db.begin());
    auto fail = [&](const Error& e) -> Result<QJsonObject> {
        db.rollback();
        return e;
    };
    auto before = db.select(QStringLiteral("SELECT epoch::text FROM server_state FOR UPDATE"));
    if (!before) return fail(before.error());
    auto epoch = db.select(QStringLiteral("UPDATE server_state SET epoch = gen_random_uuid() RETURNING epoch::text"));
    if (!epoch) return fail(epoch.error());
    // Every tenant, counters included (tenant_counters is behind the tenant wall: one by one).
    auto tenants = db.select(QStringLiteral("SELECT id, slug FROM tenants ORDER BY slug"));
    if (!tenants) return fail(tenants.error());
    QJsonArray list;
    for (const auto& t : tenants.value()) {
        const QString id = t.value(0).toString();
        if (Status s = db.scopeToTenant(id); !s) return fail(s.error());
        auto ensure = db.exec(QStringLiteral("INSERT INTO tenant_counters (tenant_id) VALUES (?) ON CONFLICT DO NOTHING"), { id });
        if (!ensure) return fail(ensure.error());
        auto mark = db.select(QStringLiteral("UPDATE tenant_counters SET restored_seq = server_seq WHERE tenant_id = ? "
                                             "RETURNING server_seq"),
            { id });
        if (!mark) return fail(mark.error());
        list << QJsonObject { { QStringLiteral("slug"), t.value(1).toString() },
            { QStringLiteral("restored_seq"), mark.value().isEmpty() ? 0 : mark.value().first().value(0).toLongLong() } };
    }
    RD_TRY(db.commit());
    logJson(QStringLiteral("warning"), QStringLiteral("database marked restored: a new timeline starts"),
        { { QStringLiteral("epoch_before"), before.value().first().value(0).toString() },
            { QStringLiteral("epoch"), epoch.value().first().value(0).toString() } });
    return QJsonObject { { QStringLiteral("epoch_before"), before.value().first().value(0).toString() },
        { QStringLiteral("epoch"), epoch.value().first().value(0).toString() }, { QStringLiteral("tenants"), list } };
}

} // namespace rd::server
