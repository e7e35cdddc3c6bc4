#include "savedsearchservice.h"

#include "auth/permissions.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "common/json.h"
#include "recruiting/fields.h"
#include "service/context.h"

#include <QJsonArray>
#include <QSet>
#include <QSqlRecord>

namespace rd {

namespace {
QJsonObject savedFrom(const QSqlRecord& r)
{
    return { { QStringLiteral("id"), r.value(0).toString() }, { QStringLiteral("name"), r.value(1).toString() },
        { QStringLiteral("query"), r.value(2).toString() }, { QStringLiteral("kind"), r.value(3).toString() },
        { QStringLiteral("last_run_at"), r.value(4).isNull() ? QJsonValue() : QJsonValue(r.value(4).toString()) },
        { QStringLiteral("last_count"), static_cast<int>(listFromJson(r.value(5).toString()).size()) },
        { QStringLiteral("created_at"), r.value(6).toString() } };
}
const QString kColumns = QStringLiteral("id, name, query, kind, last_run_at, last_result_ids, created_at");

Status requireSearch(ServiceContext& ctx, const Session& session, const QString& kind)
{
    if (kind.isEmpty() || kind == QLatin1String("candidate"))
        RD_TRY(ctx.authz.require(session, Resource::Candidate, Action::Read));
    if (kind.isEmpty() || kind == QLatin1String("job"))
        RD_TRY(ctx.authz.require(session, Resource::Job, Action::Read));
    return {};
}
} // namespace

Result<QJsonObject> SavedSearchService::load(const Session& session, const QString& key)
{
    auto r = m_ctx.db.selectOne(QStringLiteral("SELECT %1 FROM saved_searches WHERE tenant_id = ? AND user_id = ? AND deleted_at IS NULL AND "
                                               "(id = ? OR name = ?)").arg(kColumns),
        { session.tenantId, session.userId, key, key });
    if (!r)
        return r.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("No saved search '%1'.").arg(key)) : r.error();
    QJsonObject o = savedFrom(r.value());
    o.insert(QStringLiteral("last_result_ids"), QJsonArray::fromStringList(listFromJson(r.value().value(5).toString())));
    return o;
}

Result<QJsonObject> SavedSearchService::create(const Session& session, const QString& name, const QString& query, const QString& kind)
{
    if (kind != QString() && kind != QLatin1String("candidate") && kind != QLatin1String("job"))
        return validate::failed(QStringLiteral("kind"), QStringLiteral("kind is candidate or job."), QStringLiteral("enum"));
    RD_TRY(requireSearch(m_ctx, session, kind));
    RD_TRY(validate::text(QStringLiteral("name"), name, 100, true));
    RD_TRY(validate::text(QStringLiteral("query"), query, 1000, true));
    auto parsed = SearchService::parse(query, kind);
    if (!parsed)
        return parsed.error();
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    const QString id = newUuidV7(m_ctx.clock.nowMs());
    auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO saved_searches (id, tenant_id, user_id, name, query, kind, created_at, updated_at, "
                                              "created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?)"),
        { id, session.tenantId, session.userId, name.trimmed(), query, kind, uow.now(), uow.now(), session.userId, session.userId });
    if (!ins)
        return ins.error().code == ErrorCode::Conflict
            ? makeError(ErrorCode::Conflict, QStringLiteral("You already have a saved search called '%1'.").arg(name.trimmed()),
                { { QStringLiteral("field"), QStringLiteral("name") } })
            : ins.error();
    RD_TRY(uow.recorded(QStringLiteral("saved_search.create"), QStringLiteral("saved_search"), id, QStringLiteral("insert"),
        { { QStringLiteral("user_id"), session.userId }, { QStringLiteral("name"), name.trimmed() }, { QStringLiteral("query"), query },
            { QStringLiteral("kind"), kind } }));
    auto out = load(session, id);
    if (!out)
        return out.error();
    RD_TRY(uow.commit());
    return out;
}

Result<QList<QJsonObject>> SavedSearchService::list(const Session& session)
{
    auto rows = m_ctx.db.select(QStringLiteral("SELECT %1 FROM saved_searches WHERE tenant_id = ? AND user_id = ? AND deleted_at IS NULL "
                                               "ORDER BY name").arg(kColumns),
        { session.tenantId, session.userId });
    if (!rows)
        return rows.error();
    QList<QJsonObject> out;
    for (const auto& r : rows.value())
        out << savedFrom(r);
    return out;
}

Result<QJsonObject> SavedSearchService::run(const Session& session, const QString& key, int limit)
{
    auto saved = load(session, key);
    if (!saved)
        return saved.error();
    const QString kind = saved.value().value(QStringLiteral("kind")).toString();
    RD_TRY(requireSearch(m_ctx, session, kind));
    auto hits = m_search.search(session, saved.value().value(QStringLiteral("query")).toString(), kind, qBound(1, limit, kRunLimit));
    if (!hits)
        return hits.error();
    QSet<QString> before;
    for (const QJsonValue& v : saved.value().value(QStringLiteral("last_result_ids")).toArray())
        before.insert(v.toString());
    QStringList ids;
    QJsonArray newIds;
    QJsonArray out;
    for (const SearchHit& h : hits.value()) {
        const QString key2 = h.kind + QLatin1Char(':') + h.id;
        ids << key2;
        QJsonObject o = h.toJson();
        const bool fresh = !before.contains(key2);
        o.insert(QStringLiteral("new"), fresh);
        if (fresh)
            newIds << h.id;
        out << o;
    }
    const QString id = saved.value().value(QStringLiteral("id")).toString();
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto up = m_ctx.db.change(QStringLiteral("UPDATE saved_searches SET last_run_at = ?, last_result_ids = ?, updated_at = ?, updated_by = ? "
                                             "WHERE id = ?"),
        { uow.now(), listToJson(ids), uow.now(), session.userId, id });
    if (!up)
        return up.error();
    RD_TRY(uow.commit());
    QJsonObject summary = saved.value();
    summary.remove(QStringLiteral("last_result_ids"));
    return QJsonObject { { QStringLiteral("saved_search"), summary }, { QStringLiteral("total"), out.size() },
        { QStringLiteral("new"), newIds.size() }, { QStringLiteral("new_ids"), newIds }, { QStringLiteral("hits"), out },
        { QStringLiteral("previous_run_at"), saved.value().value(QStringLiteral("last_run_at")) } };
}

Status SavedSearchService::remove(const Session& session, const QString& key)
{
    auto saved = load(session, key);
    if (!saved)
        return saved.error();
    const QString id = saved.value().value(QStringLiteral("id")).toString();
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto del = m_ctx.db.change(QStringLiteral("UPDATE saved_searches SET deleted_at = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
        { uow.now(), uow.now(), session.userId, id });
    if (!del)
        return del.error();
    RD_TRY(uow.recorded(QStringLiteral("saved_search.delete"), QStringLiteral("saved_search"), id, QStringLiteral("delete"),
        { { QStringLiteral("deleted_at"), uow.now() } }));
    return uow.commit();
}

} // namespace rd
