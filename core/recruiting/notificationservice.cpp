#include "notificationservice.h"

#include "auth/validation.h"
#include "common/ids.h"
#include "common/json.h"
#include "service/context.h"

#include <QSqlRecord>

namespace rd {

QStringList NotificationService::events()
{
    return { QStringLiteral("application.created"), QStringLiteral("application.stage_changed"), QStringLiteral("job.assigned") };
}

Status NotificationService::notify(ServiceContext& ctx, UnitOfWork& uow, const QStringList& userIds, const QString& event,
    const QString& subjectType, const QString& subjectId, const QJsonObject& data)
{
    QStringList done;
    for (const QString& user : userIds) {
        if (user.isEmpty() || user == uow.session().userId || done.contains(user))
            continue;
        done << user;
        auto wanted = ctx.db.selectOne(QStringLiteral("SELECT u.active, (SELECT p.in_app FROM notification_prefs p WHERE p.user_id = u.id AND "
                                                      "p.event = ? AND p.deleted_at IS NULL) FROM users u WHERE u.id = ? AND u.tenant_id = ? "
                                                      "AND u.deleted_at IS NULL"),
            { event, user, uow.session().tenantId });
        if (!wanted) {
            if (wanted.error().code == ErrorCode::NotFound)
                continue;
            return wanted.error();
        }
        if (!wanted.value().value(0).toBool() || (!wanted.value().value(1).isNull() && !wanted.value().value(1).toBool()))
            continue;
        const QString id = newUuidV7(ctx.clock.nowMs());
        auto ins = ctx.db.change(QStringLiteral("INSERT INTO notifications (id, tenant_id, user_id, event, subject_type, subject_id, data, "
                                                "created_at, updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)"),
            { id, uow.session().tenantId, user, event, subjectType, subjectId, QString::fromUtf8(compactJson(data)), uow.now(), uow.now(),
                uow.session().userId, uow.session().userId });
        if (!ins)
            return ins.error();
    }
    return {};
}

Result<QList<QJsonObject>> NotificationService::list(const Session& session, bool unreadOnly, int limit)
{
    if (!session.valid() || session.userId.isEmpty())
        return makeError(ErrorCode::AuthFailed, QStringLiteral("Sign in to see notifications."));
    // Candidate names are looked up now (an erased candidate shows as such).
    auto rows = m_ctx.db.select(QStringLiteral("SELECT n.id, n.event, n.subject_type, n.subject_id, n.data, n.read_at, n.created_at, "
                                               "n.created_by, trim(c.first_name || ' ' || c.last_name), c.id FROM notifications n LEFT JOIN "
                                               "applications a ON n.subject_type = 'application' AND a.id = n.subject_id LEFT JOIN candidates c "
                                               "ON c.id = a.candidate_id WHERE n.tenant_id = ? AND n.user_id = ? AND n.deleted_at IS NULL %1 "
                                               "ORDER BY n.created_at DESC, n.id DESC LIMIT ?")
                                    .arg(unreadOnly ? QStringLiteral("AND n.read_at IS NULL") : QString()),
        { session.tenantId, session.userId, qBound(1, limit, 1000) });
    if (!rows)
        return rows.error();
    QList<QJsonObject> out;
    for (const auto& r : rows.value()) {
        QJsonObject o { { QStringLiteral("id"), r.value(0).toString() }, { QStringLiteral("event"), r.value(1).toString() },
            { QStringLiteral("subject_type"), r.value(2).toString() }, { QStringLiteral("subject_id"), r.value(3).toString() },
            { QStringLiteral("data"), parseObject(r.value(4).toString()) },
            { QStringLiteral("read_at"), r.value(5).isNull() ? QJsonValue() : QJsonValue(r.value(5).toString()) },
            { QStringLiteral("created_at"), r.value(6).toString() }, { QStringLiteral("actor_id"), r.value(7).toString() } };
        if (!r.value(8).isNull())
            o.insert(QStringLiteral("candidate_name"), r.value(8).toString());
        if (!r.value(9).isNull())
            o.insert(QStringLiteral("candidate_id"), r.value(9).toString());
        out << o;
    }
    return out;
}

Result<int> NotificationService::unreadCount(const Session& session)
{
    auto r = m_ctx.db.selectOne(QStringLiteral("SELECT count(*) FROM notifications WHERE tenant_id = ? AND user_id = ? AND read_at IS NULL AND "
                                               "deleted_at IS NULL"),
        { session.tenantId, session.userId });
    if (!r)
        return r.error();
    return r.value().value(0).toInt();
}

Result<int> NotificationService::markRead(const Session& session, const QString& id)
{
    if (!session.valid() || session.userId.isEmpty())
        return makeError(ErrorCode::AuthFailed, QStringLiteral("Sign in to see notifications."));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto ids = m_ctx.db.select(QStringLiteral("SELECT id FROM notifications WHERE tenant_id = ? AND user_id = ? AND read_at IS NULL AND "
                                              "deleted_at IS NULL %1")
                                   .arg(id.isEmpty() ? QString() : QStringLiteral("AND id = ?")),
        id.isEmpty() ? QVariantList { session.tenantId, session.userId } : QVariantList { session.tenantId, session.userId, id });
    if (!ids)
        return ids.error();
    if (!id.isEmpty() && ids.value().isEmpty()) {
        auto exists = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM notifications WHERE id = ? AND user_id = ? AND tenant_id = ?"),
            { id, session.userId, session.tenantId });
        if (!exists)
            return exists.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("No such notification.")) : exists.error();
        return 0;
    }
    for (const auto& r : ids.value()) {
        const QString nid = r.value(0).toString();
        auto up = m_ctx.db.change(QStringLiteral("UPDATE notifications SET read_at = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
            { uow.now(), uow.now(), session.userId, nid });
        if (!up)
            return up.error();
    }
    // Reading one's own notifications is not an audited action.
    RD_TRY(uow.commit());
    return static_cast<int>(ids.value().size());
}

Result<QJsonObject> NotificationService::preferences(const Session& session)
{
    auto rows = m_ctx.db.select(QStringLiteral("SELECT event, in_app FROM notification_prefs WHERE tenant_id = ? AND user_id = ? AND deleted_at IS NULL"),
        { session.tenantId, session.userId });
    if (!rows)
        return rows.error();
    QJsonObject prefs;
    for (const QString& e : events())
        prefs.insert(e, true);
    for (const auto& r : rows.value())
        prefs.insert(r.value(0).toString(), r.value(1).toBool());
    return prefs;
}

Result<QJsonObject> NotificationService::setPreference(const Session& session, const QString& event, bool inApp)
{
    if (!session.valid() || session.userId.isEmpty())
        return makeError(ErrorCode::AuthFailed, QStringLiteral("Sign in to change notification preferences."));
    if (!events().contains(event))
        return validate::failed(QStringLiteral("event"), QStringLiteral("Unknown event '%1' (%2).").arg(event, events().join(QStringLiteral(", "))),
            QStringLiteral("enum"));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto existing = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM notification_prefs WHERE user_id = ? AND event = ? AND deleted_at IS NULL"),
        { session.userId, event });
    QString id;
    if (existing) {
        id = existing.value().value(0).toString();
        auto up = m_ctx.db.change(QStringLiteral("UPDATE notification_prefs SET in_app = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
            { inApp ? 1 : 0, uow.now(), session.userId, id });
        if (!up)
            return up.error();
    } else if (existing.error().code == ErrorCode::NotFound) {
        id = newUuidV7(m_ctx.clock.nowMs());
        auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO notification_prefs (id, tenant_id, user_id, event, in_app, created_at, updated_at, "
                                                  "created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?)"),
            { id, session.tenantId, session.userId, event, inApp ? 1 : 0, uow.now(), uow.now(), session.userId, session.userId });
        if (!ins)
            return ins.error();
    } else {
        return existing.error();
    }
    const QJsonObject fields { { QStringLiteral("user_id"), session.userId }, { QStringLiteral("event"), event }, { QStringLiteral("in_app"), inApp } };
    RD_TRY(uow.recorded(QStringLiteral("notification.preference"), QStringLiteral("notification_pref"), id,
        existing ? QStringLiteral("update") : QStringLiteral("insert"), fields));
    RD_TRY(uow.commit());
    return preferences(session);
}

} // namespace rd
