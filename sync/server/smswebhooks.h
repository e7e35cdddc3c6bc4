#pragma once

#include "httpapp.h"
#include "serversettings.h"

namespace rd::server {

// What the SMS provider posts back (Twilio-compatible form posts, each signed in
// X-Twilio-Signature with sms.token over public_url + path; an unsigned or forged post is 403):
//   POST /sms/status/TENANT  MessageSid + MessageStatus: delivered -> the message's status
//                            "delivered"; undelivered or failed -> "bounced" (synced)
//   POST /sms/inbound        From + Body: a STOP word opts the number out of SMS (the status of
//                            its latest message becomes opted_out; nothing more is sent to it)
class SmsWebhooks {
public:
    SmsWebhooks(PgDatabase& db, ServerSettings& settings)
        : m_db(db)
        , m_settings(settings)
    {
    }
    Reply status(const Request& r);
    Reply inbound(const Request& r);

private:
    // The form's fields when its signature holds, else the reply to send.
    std::variant<QList<QPair<QString, QString>>, Reply> verified(const Request& r);
    PgDatabase& m_db;
    ServerSettings& m_settings;
};

} // namespace rd::server
