#pragma once

#include "httpapp.h"
#include "serversettings.h"

namespace rd::server {

// A small self-contained HTML page in LANG (en, de): inline styles only, no scripts, no framing,
// no referrer, not cached; HEAD is added to <head> (e.g. JSON-LD data).
Reply htmlPage(
    const QString& lang, int status, const QString& title, const QString& bodyHtml, const QString& head = {});

// The pages a candidate opens from an outreach email (docs/outreach.md "Confirming"): small,
// self-contained HTML in English or German (Accept-Language), no scripts.
//   GET  /confirm/TOKEN      the job and two buttons: interested / not interested
//   POST /confirm/TOKEN      answer=confirm|decline: recorded once (the message's status
//                            becomes confirmed or declined, synced to every desktop)
//   GET  /unsubscribe/TOKEN  one button
//   POST /unsubscribe/TOKEN  no more messages on that channel (status opted_out; RFC 8058
//                            one-click posts land here too)
// Expired, forged and already-used links get a friendly page and change nothing.
class CandidatePages {
public:
    CandidatePages(PgDatabase& db, ServerSettings& settings);
    Reply confirm(const Request& r);
    Reply unsubscribe(const Request& r);

private:
    PgDatabase& m_db;
    ServerSettings& m_settings;
};

} // namespace rd::server
