#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace rd {

struct ServiceContext;
class UnitOfWork;

// In-app notifications. Services create them inside their own unit of work (so a
// notification exists exactly when its cause committed) for the people concerned, never for
// the person who acted, and only when that user's preference for the event is on (the
// default). Notification data holds ids and job titles, not candidate names: names are
// looked up when listing, so erasing a candidate leaves nothing behind here.
class NotificationService {
public:
    // Events: application.created (to the job's hiring managers and its creator),
    // application.stage_changed (to the application's owner and the job's hiring managers),
    // job.assigned (to the assigned hiring manager).
    static QStringList events();

    explicit NotificationService(ServiceContext& ctx) : m_ctx(ctx) { }

    // For services: notify users (deduplicated; the acting user and inactive users skipped).
    static Status notify(ServiceContext& ctx, UnitOfWork& uow, const QStringList& userIds, const QString& event,
        const QString& subjectType, const QString& subjectId, const QJsonObject& data);

    Result<QList<QJsonObject>> list(const Session& session, bool unreadOnly = false, int limit = 100);
    Result<int> unreadCount(const Session& session);
    // Marks one notification (or all when id is empty) read; returns how many changed.
    Result<int> markRead(const Session& session, const QString& id = {});
    Result<QJsonObject> preferences(const Session& session); // event -> bool
    Result<QJsonObject> setPreference(const Session& session, const QString& event, bool inApp);

private:
    ServiceContext& m_ctx;
};

} // namespace rd
