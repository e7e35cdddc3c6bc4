#pragma once

#include "httpapp.h"
#include "multipart.h"
#include "serversettings.h"

namespace rd::server {

// The tenant's public job board (docs/outreach.md "Job board"), served by the sync server:
//   GET  /jobs/SLUG        the tenant's open, published jobs
//   GET  /jobs/SLUG/ID     one job with schema.org JobPosting data (JSON-LD) and the apply form
//   POST /jobs/SLUG/ID     the application (multipart/form-data: first_name, last_name, email,
//                          phone, cv file; "website" is a honeypot), checked for size
//                          (apply.max_mb, default 10), type (PDF, DOCX, text), a rate per
//                          address (apply.per_hour, default 5) and an optional captcha hook
//                          (captcha.verify_url, captcha.secret: a reCAPTCHA/hCaptcha-style
//                          siteverify). The server reads the CV's text, then in one transaction
//                          matches the applicant to an existing candidate by email or creates one,
//                          stores the file, adds a CV version and the application at the job's
//                          first stage (source "job_board") — server-made rows every desktop pulls
//                          — and audits it on the tenant's server chain.
class JobBoard {
public:
    JobBoard(PgDatabase& db, ServerSettings& settings)
        : m_db(db)
        , m_settings(settings)
    {
    }
    Reply list(const Request& r);
    Reply job(const Request& r); // GET: the page; POST: apply

    using Part = multipart::Part;
    // The parts of a multipart/form-data body (RFC 7578); empty when it is not one.
    static QList<Part> parseMultipart(const QByteArray& body, const QByteArray& contentType)
    {
        return multipart::parseMultipart(body, contentType);
    }

private:
    Reply apply(const Request& r, const QString& tenantId, const QString& tenantName, const QJsonObject& job,
        const QString& jobId);
    PgDatabase& m_db;
    ServerSettings& m_settings;
};

} // namespace rd::server
