// Field conflicts the server sent (docs/sync.md "Conflicts"): listing them, and closing one by
// keeping the current value or restoring the losing one through the entity's service.
#include "syncengine.h"

#include "app/workspace.h"
#include "service/context.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace rd::sync {

Result<QList<QJsonObject>> SyncEngine::conflicts(bool all)
{
    auto rows = m_ws.db().select(
        QStringLiteral("SELECT server_seq, entity, row_id, field, losing_value, losing_server_seq, resolved_at "
                       "FROM sync_conflicts WHERE tenant_id = ? AND (? OR resolved_at IS NULL) "
                       "ORDER BY server_seq DESC, field"),
        { m_session.tenantId, all });
    if (!rows) return rows.error();
    QList<QJsonObject> out;
    for (const auto& r : rows.value()) {
        // Stored as JSON; anything else (a hand-edited file) is shown as the text it is.
        const QJsonArray parsed = QJsonDocument::fromJson("[" + r.value(4).toString().toUtf8() + "]").array();
        const QJsonValue losing = parsed.size() == 1 ? parsed.first() : QJsonValue(r.value(4).toString());
        out << QJsonObject { { QStringLiteral("server_seq"), r.value(0).toLongLong() },
            { QStringLiteral("entity"), r.value(1).toString() }, { QStringLiteral("row_id"), r.value(2).toString() },
            { QStringLiteral("field"), r.value(3).toString() }, { QStringLiteral("losing_value"), losing },
            { QStringLiteral("losing_server_seq"), r.value(5).toLongLong() },
            { QStringLiteral("resolved_at"), r.value(6).isNull() ? QJsonValue() : QJsonValue(r.value(6).toString()) } };
    }
    return out;
}

Status SyncEngine::resolveConflict(
    qint64 serverSeq, const QString& entity, const QString& rowId, const QString& field, bool useLosing)
{
    Database& db = m_ws.db();
    auto row = db.selectOne(QStringLiteral("SELECT losing_value FROM sync_conflicts WHERE tenant_id = ? AND server_seq = ? AND "
                                           "entity = ? AND row_id = ? AND field = ? AND resolved_at IS NULL"),
        { m_session.tenantId, serverSeq, entity, rowId, field });
    if (!row)
        return row.error().code == ErrorCode::NotFound
            ? makeError(ErrorCode::NotFound, QStringLiteral("No such open conflict."), { { QStringLiteral("server_seq"), serverSeq } })
            : row.error();
    // One transaction: the restored value (the service's own, nested as a savepoint), the
    // conflict closed, the audit entry.
    UnitOfWork uow(m_ws.context(), m_session);
    RD_TRY(uow.status());
    if (useLosing) {
        QJsonValue losing = QJsonDocument::fromJson("[" + row.value().value(0).toString().toUtf8() + "]").array().first();
        // List fields travel as JSON text; the services take them as arrays.
        if (losing.isString() && losing.toString().startsWith(QLatin1Char('['))) {
            const QJsonDocument list = QJsonDocument::fromJson(losing.toString().toUtf8());
            if (list.isArray()) losing = list.array();
        }
        const QJsonObject patch { { field, losing } };
        Status applied;
        if (entity == QLatin1String("candidates")) {
            auto r = m_ws.candidates().update(m_session, rowId, patch);
            if (!r) applied = r.error();
        } else if (entity == QLatin1String("job_postings")) {
            auto r = m_ws.postings().update(m_session, rowId, patch);
            if (!r) applied = r.error();
        } else {
            return makeError(ErrorCode::ValidationFailed,
                QStringLiteral("The losing value of a %1 field cannot be restored here; keep the current one.").arg(entity),
                { { QStringLiteral("reason"), QStringLiteral("not_supported") }, { QStringLiteral("entity"), entity } });
        }
        if (!applied) return applied;
    }
    auto done = db.change(QStringLiteral("UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ? WHERE tenant_id = ? AND "
                                         "server_seq = ? AND entity = ? AND row_id = ? AND field = ? AND resolved_at IS NULL"),
        { uow.now(), m_session.userId, m_session.tenantId, serverSeq, entity, rowId, field });
    if (!done) return done.error();
    RD_TRY(uow.audit(QStringLiteral("sync.conflict_resolve"), entity, rowId,
        { { QStringLiteral("server_seq"), serverSeq }, { QStringLiteral("field"), field },
            { QStringLiteral("kept"), useLosing ? QStringLiteral("losing") : QStringLiteral("current") } }));
    return uow.commit();
}

} // namespace rd::sync
