#include "jobboard.h"

#include "auditstore.h"
#include "auth/validation.h"
#include "blobstore.h"
#include "candidatepages.h"
#include "common/ids.h"
#include "common/phone.h"
#include "crypto/crypto.h"
#include "documents/documents.h"
#include "httpclient.h"
#include "outbound.h"
#include "recruiting/candidateservice.h"
#include "serverutil.h"
#include "sms.h"
#include "syncservice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>
#include <QUrlQuery>

namespace rd::server {

namespace {
QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}
QString esc(const QString& s)
{
    return s.toHtmlEscaped();
}
const QString kCss = QStringLiteral(
    "<style>ul.jobs{list-style:none;padding:0}ul.jobs li{padding:.7rem 0;border-bottom:1px solid #dde2ec}"
    "ul.jobs a{font-weight:600;color:#1f4fbf;text-decoration:none}label{display:block;margin:.6rem 0 .2rem}"
    "input{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box}.hp{position:absolute;left:-9999px}"
    ".error{color:#b3261e}.desc{white-space:pre-wrap}</style>");

// The tenant a slug names (active ones only), in the tenant's scope for what follows.
struct Tenant {
    QString id, name, slug;
};
std::optional<Tenant> tenantBySlug(PgDatabase& db, const QString& slug)
{
    auto t = db.select(
        QStringLiteral("SELECT id, name, slug FROM tenants WHERE slug = ? AND status = 'active'"), { slug });
    if (!t || t.value().isEmpty()) return std::nullopt;
    return Tenant { t.value().first().value(0).toString(), t.value().first().value(1).toString(),
        t.value().first().value(2).toString() };
}

const QString kPublished
    = QStringLiteral("entity = 'job_postings' AND NOT deleted AND coalesce(fields->>'deleted_at', '') = '' AND "
                     "fields->>'status' = 'open' AND fields->>'published' IN ('1', 'true') AND "
                     "coalesce(fields->>'source', '') = ''");

Reply notFound()
{
    return htmlPage(QStringLiteral("en"), 404, QStringLiteral("Not found"),
        QStringLiteral("<p>This job board or job does not exist, or the job is no longer open.</p>"));
}

// The structured data search engines read (schema.org JobPosting).
QString jsonLd(const QJsonObject& job, const QString& tenantName, const QString& url)
{
    QJsonObject posting { { QStringLiteral("@context"), QStringLiteral("https://schema.org") },
        { QStringLiteral("@type"), QStringLiteral("JobPosting") }, { QStringLiteral("title"), str(job, "title") },
        { QStringLiteral("description"), str(job, "description") },
        { QStringLiteral("datePosted"), str(job, "created_at").left(10) },
        { QStringLiteral("identifier"),
            QJsonObject { { QStringLiteral("@type"), QStringLiteral("PropertyValue") },
                { QStringLiteral("name"), tenantName }, { QStringLiteral("value"), str(job, "job_number") } } },
        { QStringLiteral("hiringOrganization"),
            QJsonObject {
                { QStringLiteral("@type"), QStringLiteral("Organization") }, { QStringLiteral("name"), tenantName } } },
        { QStringLiteral("url"), url } };
    if (!str(job, "employment_type").isEmpty())
        posting.insert(QStringLiteral("employmentType"),
            str(job, "employment_type").toUpper().replace(QLatin1Char('-'), QLatin1Char('_')));
    if (!str(job, "location").isEmpty())
        posting.insert(QStringLiteral("jobLocation"),
            QJsonObject { { QStringLiteral("@type"), QStringLiteral("Place") },
                { QStringLiteral("address"),
                    QJsonObject { { QStringLiteral("@type"), QStringLiteral("PostalAddress") },
                        { QStringLiteral("addressLocality"), str(job, "location") } } } });
    if (str(job, "remote") == QLatin1String("remote"))
        posting.insert(QStringLiteral("jobLocationType"), QStringLiteral("TELECOMMUTE"));
    if (job.value(QStringLiteral("salary_min")).isDouble())
        posting.insert(QStringLiteral("baseSalary"),
            QJsonObject { { QStringLiteral("@type"), QStringLiteral("MonetaryAmount") },
                { QStringLiteral("currency"), str(job, "salary_currency") },
                { QStringLiteral("value"),
                    QJsonObject { { QStringLiteral("@type"), QStringLiteral("QuantitativeValue") },
                        { QStringLiteral("minValue"), job.value(QStringLiteral("salary_min")) },
                        { QStringLiteral("maxValue"), job.value(QStringLiteral("salary_max")) },
                        { QStringLiteral("unitText"), QStringLiteral("YEAR") } } } });
    // "</" cannot end the script element early: JSON allows "\/".
    return QStringLiteral("<script type=\"application/ld+json\">%1</script>")
        .arg(QString::fromUtf8(QJsonDocument(posting).toJson(QJsonDocument::Compact))
                 .replace(QStringLiteral("</"), QStringLiteral("<\\/")));
}

QString applyForm(const QHash<QString, QString>& values, const QString& error)
{
    auto field = [&](const char* name, const QString& label, const char* type, bool required) {
        return QStringLiteral("<label for=\"%1\">%2</label><input id=\"%1\" name=\"%1\" type=\"%3\" value=\"%4\"%5>")
            .arg(QLatin1String(name), esc(label), QLatin1String(type), esc(values.value(QLatin1String(name))),
                required ? QStringLiteral(" required") : QString());
    };
    return (error.isEmpty() ? QString() : QStringLiteral("<p class=\"error\">%1</p>").arg(esc(error)))
        + QStringLiteral("<h2>Apply</h2><form method=\"post\" enctype=\"multipart/form-data\">")
        + field("first_name", QStringLiteral("First name"), "text", true)
        + field("last_name", QStringLiteral("Last name"), "text", true)
        + field("email", QStringLiteral("Email"), "email", true)
        + field("phone", QStringLiteral("Phone (optional)"), "tel", false)
        + QStringLiteral("<label for=\"cv\">CV (PDF, DOCX or text)</label><input id=\"cv\" name=\"cv\" type=\"file\" "
                         "accept=\".pdf,.docx,.txt\" required><div class=\"hp\" aria-hidden=\"true\"><label "
                         "for=\"website\">Website</label><input id=\"website\" name=\"website\" tabindex=\"-1\" "
                         "autocomplete=\"off\"></div><p><button class=\"yes\">Send application</button></p></form>"
                         "<p class=\"muted\">Your details are used for this application only.</p>");
}

// The captcha hook: a reCAPTCHA/hCaptcha-style siteverify (POST secret, response, remoteip;
// {"success": true}). Not configured: every request passes.
Result<bool> captchaPasses(ServerSettings& settings, const QString& token, const QString& address)
{
    auto url = settings.get(QStringLiteral("captcha.verify_url"));
    auto secret = settings.get(QStringLiteral("captcha.secret"));
    if (!url) return url.error();
    if (!secret) return secret.error();
    if (url.value().isEmpty()) return true;
    if (token.isEmpty()) return false;
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("secret"), QString::fromLatin1(QUrl::toPercentEncoding(secret.value())));
    form.addQueryItem(QStringLiteral("response"), QString::fromLatin1(QUrl::toPercentEncoding(token)));
    form.addQueryItem(QStringLiteral("remoteip"), address);
    const HttpResult r = outbound::post(settings, QUrl(url.value()), QByteArrayLiteral("application/x-www-form-urlencoded"),
        form.toString(QUrl::FullyEncoded).toUtf8(), {}, 10000);
    const bool ok
        = r.status == 200 && QJsonDocument::fromJson(r.body).object().value(QStringLiteral("success")).toBool();
    return ok;
}
} // namespace

namespace {
// The applicant's phone in E.164, read in the workspace's country. The phone is optional: one
// that cannot be read is left out and NOTE tells the applicant (the application is not lost
// over it; a second try would need the CV and the captcha again).
QString applicantPhone(const QString& given, const QString& region, QString& note)
{
    if (given.isEmpty()) return {};
    auto n = phone::normalise(given, region);
    if (n) return n.value();
    note = QStringLiteral("<p>We could not read your phone number (%1), so we will write to you by email.</p>")
               .arg(n.error().details.value(QStringLiteral("rule")).toString() == QLatin1String("needs_country")
                       ? QStringLiteral("it needs its country code, such as +44")
                       : QStringLiteral("it does not look like a phone number"));
    return {};
}
} // namespace

Reply JobBoard::list(const Request& r)
{
    const auto tenant = tenantBySlug(m_db, r.pathArg);
    if (!tenant) return notFound();
    if (!m_db.begin()) return Reply::problem(503, QStringLiteral("unavailable"), QStringLiteral("Try again."));
    auto rows = m_db.scopeToTenant(tenant->id)
        ? m_db.select(QStringLiteral("SELECT row_id, fields::text FROM entity_state WHERE tenant_id = ? AND ")
                + kPublished + QStringLiteral(" ORDER BY fields->>'created_at' DESC LIMIT 500"),
            { tenant->id })
        : Result<QList<QSqlRecord>>(Error {});
    m_db.rollback();
    if (!rows) return Reply::problem(503, QStringLiteral("unavailable"), QStringLiteral("Try again."));
    QString items;
    for (const auto& row : rows.value()) {
        const QJsonObject j = jsonObjectOf(row.value(1));
        items += QStringLiteral("<li><a href=\"/jobs/%1/%2\">%3</a><br><span class=\"muted\">%4</span></li>")
                     .arg(esc(tenant->slug), esc(row.value(0).toString()), esc(str(j, "title")),
                         esc(QStringList { str(j, "location"), str(j, "department"), str(j, "employment_type") }
                                 .filter(QRegularExpression(QStringLiteral(".")))
                                 .join(QStringLiteral(" · "))));
    }
    return htmlPage(QStringLiteral("en"), 200, QStringLiteral("Jobs at %1").arg(tenant->name),
        items.isEmpty() ? QStringLiteral("<p class=\"muted\">No open positions right now.</p>")
                        : QStringLiteral("<ul class=\"jobs\">%1</ul>").arg(items),
        kCss);
}

Reply JobBoard::job(const Request& r)
{
    const QString slug = r.pathArg.section(QLatin1Char('/'), 0, 0);
    const QString jobId = r.pathArg.section(QLatin1Char('/'), 1);
    const auto tenant = tenantBySlug(m_db, slug);
    if (!tenant) return notFound();
    if (!m_db.begin()) return Reply::problem(503, QStringLiteral("unavailable"), QStringLiteral("Try again."));
    auto rows = m_db.scopeToTenant(tenant->id)
        ? m_db.select(QStringLiteral("SELECT fields::text FROM entity_state WHERE tenant_id = ? AND row_id = ? AND ")
                + kPublished,
            { tenant->id, jobId })
        : Result<QList<QSqlRecord>>(Error {});
    m_db.rollback();
    if (!rows) return Reply::problem(503, QStringLiteral("unavailable"), QStringLiteral("Try again."));
    if (rows.value().isEmpty()) return notFound();
    const QJsonObject job = jsonObjectOf(rows.value().first().value(0));
    if (r.method == QLatin1String("POST")) return apply(r, tenant->id, tenant->name, job, jobId);
    auto base = m_settings.get(QStringLiteral("public_url"));
    const QString url = (base ? base.value() : QString()) + QStringLiteral("/jobs/%1/%2").arg(slug, jobId);
    const QString meta = QStringList { str(job, "location"), str(job, "department"), str(job, "employment_type"),
        str(job, "remote") == QLatin1String("remote") ? QStringLiteral("remote") : QString() }
                             .filter(QRegularExpression(QStringLiteral(".")))
                             .join(QStringLiteral(" · "));
    return htmlPage(QStringLiteral("en"), 200, str(job, "title"),
        QStringLiteral("<p class=\"muted\">%1 · %2</p><div class=\"desc\">%3</div>")
                .arg(esc(tenant->name), esc(meta), esc(str(job, "description")))
            + applyForm({}, {}),
        kCss + jsonLd(job, tenant->name, url));
}

Reply JobBoard::apply(
    const Request& r, const QString& tenantId, const QString& tenantName, const QJsonObject& job, const QString& jobId)
{
    const QString title = str(job, "title");
    auto settingInt = [&](const char* key, int fallback) {
        auto v = m_settings.get(QString::fromLatin1(key));
        return v && !v.value().isEmpty() ? v.value().toInt() : fallback;
    };
    const qint64 maxBytes = qint64(settingInt("apply.max_mb", 10)) << 20;
    auto refuse = [&](int status, const QString& why, const QHash<QString, QString>& values = {}) {
        return htmlPage(QStringLiteral("en"), status, title, applyForm(values, why), kCss);
    };
    if (r.body.size() > maxBytes + 64 * 1024)
        return refuse(413, QStringLiteral("The CV is too large (at most %1 MB).").arg(maxBytes >> 20));
    QHash<QString, QString> values;
    Part cv;
    for (const Part& p : parseMultipart(r.body, r.headers.value("content-type"))) {
        if (p.fileName.isEmpty() && p.name != QLatin1String("cv"))
            // No control characters (a NUL cannot be stored; none belongs in a form field).
            values.insert(p.name,
                QString::fromUtf8(p.data).remove(QRegularExpression(QStringLiteral("[\\x00-\\x08\\x0b-\\x1f\\x7f]"))).trimmed().left(500));
        else if (p.name == QLatin1String("cv"))
            cv = p;
    }
    // A rate per address over the last hour, counted for every attempt (bots included).
    if (!m_db.begin()) return Reply::problem(503, QStringLiteral("unavailable"), QStringLiteral("Try again."));
    auto counted = m_db.scopeToTenant(tenantId)
        // (the CTE's insert is not seen by the count: this attempt is not counted against itself)
        ? m_db.select(
            QStringLiteral("WITH ins AS (INSERT INTO apply_attempts (tenant_id, address) VALUES (?, ?)), old AS "
                           "(DELETE FROM apply_attempts WHERE tenant_id = ? AND at < now() - interval '1 day') "
                           "SELECT count(*) FROM apply_attempts WHERE tenant_id = ? AND address = ? AND at > "
                           "now() - interval '1 hour'"),
            { tenantId, r.address, tenantId, tenantId, r.address })
        : Result<QList<QSqlRecord>>(Error {});
    // National phone numbers are read in the workspace's country, as on the desktop.
    const auto region = counted ? sms::tenantRegion(m_db, tenantId) : Result<QString>(Error {});
    if (!counted || !region || !m_db.commit()) {
        m_db.rollback();
        return Reply::problem(503, QStringLiteral("unavailable"), QStringLiteral("Try again."));
    }
    if (counted.value().first().value(0).toInt() >= settingInt("apply.per_hour", 5)) {
        Reply busy
            = refuse(429, QStringLiteral("Too many applications from your address; please try again later."), values);
        busy.headers << qMakePair(QByteArray("Retry-After"), QByteArray("3600"));
        return busy;
    }
    const QString thanks = QStringLiteral("<p>Thank you, we have your application for %1. %2 will be in touch.</p>")
                               .arg(esc(title), esc(tenantName));
    if (!values.value(QStringLiteral("website")).isEmpty()) { // the honeypot: a bot; it sees success
        logJson(QStringLiteral("info"), QStringLiteral("job board: honeypot filled"),
            { { QStringLiteral("job_id"), jobId } });
        return htmlPage(QStringLiteral("en"), 200, QStringLiteral("Thank you"), thanks);
    }
    const QString first = values.value(QStringLiteral("first_name")), last = values.value(QStringLiteral("last_name"));
    const QString email = values.value(QStringLiteral("email"));
    if (first.isEmpty() || last.isEmpty() || !validate::email(email))
        return refuse(400, QStringLiteral("Please give your first and last name and a valid email address."), values);
    auto captcha = captchaPasses(m_settings,
        values.value(QStringLiteral("captcha_token"),
            values.value(QStringLiteral("h-captcha-response"), values.value(QStringLiteral("g-recaptcha-response")))),
        r.address);
    if (!captcha || !captcha.value())
        return refuse(400, QStringLiteral("Please confirm that you are not a robot."), values);
    if (cv.data.isEmpty()) return refuse(400, QStringLiteral("Please attach your CV."), values);
    QString phoneNote;
    const QString phone = applicantPhone(values.value(QStringLiteral("phone")), region.value(), phoneNote);
    if (cv.data.size() > maxBytes)
        return refuse(413, QStringLiteral("The CV is too large (at most %1 MB).").arg(maxBytes >> 20), values);
    const QString mime = documents::sniffMime(cv.data);
    if (mime != QLatin1String("application/pdf") && mime != documents::docxMime()
        && mime != QLatin1String("text/plain"))
        return refuse(415, QStringLiteral("Please send your CV as PDF, DOCX or text."), values);

    // The CV's text, read before the transaction (a large PDF takes a moment).
    auto text = documents::extractText(cv.data, mime);
    const QString sha = crypto::sha256Hex(cv.data);
    const QString now = nowIsoUtc();
    if (!m_db.begin()) return Reply::problem(503, QStringLiteral("unavailable"), QStringLiteral("Try again."));
    auto done = [&]() -> Status {
        RD_TRY(m_db.scopeToTenant(tenantId));
        SyncService sync(m_db);
        auto ws
            = m_db.select(QStringLiteral("SELECT coalesce(workspace_id, id) FROM tenants WHERE id = ?"), { tenantId });
        if (!ws) return ws.error();
        const QString wsTenant = ws.value().first().value(0).toString();
        auto insert = [&](const QString& entity, QJsonObject fields) -> Result<QString> {
            const QString id = newUuidV7();
            fields.insert(QStringLiteral("id"), id);
            fields.insert(QStringLiteral("tenant_id"), wsTenant);
            fields.insert(QStringLiteral("created_at"), now);
            fields.insert(QStringLiteral("updated_at"), now);
            auto s = sync.serverInsert(tenantId, entity, id, fields);
            if (!s) return s.error();
            return id;
        };
        // The same person applied or was added before: matched by email.
        auto existing = m_db.select(
            QStringLiteral(
                "SELECT c.fields->>'candidate_id' FROM entity_state c JOIN entity_state p ON p.tenant_id = "
                "c.tenant_id AND p.entity = 'candidates' AND p.row_id = c.fields->>'candidate_id' AND NOT "
                "p.deleted AND coalesce(p.fields->>'deleted_at', '') = '' WHERE c.tenant_id = ? AND c.entity = "
                "'candidate_contacts' AND NOT c.deleted AND coalesce(c.fields->>'deleted_at', '') = '' AND "
                "c.fields->>'kind' = 'email' AND c.fields->>'value_norm' = ? LIMIT 1"),
            { tenantId, CandidateService::normaliseEmail(email) });
        if (!existing) return existing.error();
        QString candidateId = existing.value().isEmpty() ? QString() : existing.value().first().value(0).toString();
        const bool matched = !candidateId.isEmpty();
        if (!matched) {
            auto c = insert(QStringLiteral("candidates"),
                { { QStringLiteral("first_name"), first }, { QStringLiteral("last_name"), last },
                    { QStringLiteral("source"), QStringLiteral("job_board") },
                    { QStringLiteral("consent"), QStringLiteral("granted") } });
            if (!c) return c.error();
            candidateId = c.value();
            auto e = insert(QStringLiteral("candidate_contacts"),
                { { QStringLiteral("candidate_id"), candidateId }, { QStringLiteral("kind"), QStringLiteral("email") },
                    { QStringLiteral("value"), email },
                    { QStringLiteral("value_norm"), CandidateService::normaliseEmail(email) } });
            if (!e) return e.error();
            if (!phone.isEmpty()) {
                auto p = insert(QStringLiteral("candidate_contacts"),
                    { { QStringLiteral("candidate_id"), candidateId },
                        { QStringLiteral("kind"), QStringLiteral("phone") }, { QStringLiteral("value"), phone },
                        { QStringLiteral("value_norm"), phone::dialable(phone) } });
                if (!p) return p.error();
            }
        }
        // The file, as a desktop would have uploaded it.
        auto blob
            = m_db.exec(QStringLiteral("INSERT INTO blobs (tenant_id, sha256, size, received, complete, device_id, "
                                       "completed_at) VALUES (?, ?, ?, ?, true, ?, now()) ON CONFLICT DO NOTHING"),
                { tenantId, sha, cv.data.size(), cv.data.size(), QStringLiteral("server:") + tenantId });
        if (!blob) return blob.error();
        if (blob.value() > 0)
            for (qint64 off = 0; off < cv.data.size(); off += BlobStore::kMaxChunk) {
                auto chunk = m_db.exec(
                    QStringLiteral(
                        "INSERT INTO blob_chunks (tenant_id, sha256, chunk_offset, data) VALUES (?, ?, ?, ?)"),
                    { tenantId, sha, off, cv.data.mid(off, BlobStore::kMaxChunk) });
                if (!chunk) return chunk.error();
            }
        const QString fileName = cv.fileName.section(QLatin1Char('/'), -1)
                                     .section(QLatin1Char('\\'), -1)
                                     .remove(QRegularExpression(QStringLiteral("[\\x00-\\x1f\\x7f]")))
                                     .left(200);
        auto attachment = insert(QStringLiteral("attachments"),
            { { QStringLiteral("candidate_id"), candidateId },
                { QStringLiteral("file_name"), fileName.isEmpty() ? QStringLiteral("cv") : fileName },
                { QStringLiteral("mime_type"), mime }, { QStringLiteral("size"), cv.data.size() },
                { QStringLiteral("sha256"), sha },
                { QStringLiteral("extraction"), text ? QStringLiteral("done") : QStringLiteral("failed") },
                { QStringLiteral("extracted_text"), text ? QJsonValue(text.value()) : QJsonValue() },
                { QStringLiteral("extraction_error"), text ? QJsonValue() : QJsonValue(text.error().message) } });
        if (!attachment) return attachment.error();
        // Its text as the candidate's next CV version (searchable and matched on every desktop).
        if (text && !text.value().trimmed().isEmpty()) {
            auto latest = m_db.select(
                QStringLiteral("SELECT coalesce(max((fields->>'version')::int), 0) FROM entity_state WHERE "
                               "tenant_id = ? AND entity = 'cv_versions' AND fields->>'candidate_id' = ?"),
                { tenantId, candidateId });
            if (!latest) return latest.error();
            auto v = insert(QStringLiteral("cv_versions"),
                { { QStringLiteral("candidate_id"), candidateId },
                    { QStringLiteral("version"), latest.value().first().value(0).toInt() + 1 },
                    { QStringLiteral("text"), text.value() }, { QStringLiteral("source"), QStringLiteral("upload") },
                    { QStringLiteral("attachment_id"), attachment.value() },
                    { QStringLiteral("sha256"), crypto::sha256Hex(text.value().toUtf8()) } });
            if (!v) return v.error();
        }
        // The application at the job's first stage, unless there is one already.
        auto applied
            = m_db.select(QStringLiteral("SELECT 1 FROM entity_state WHERE tenant_id = ? AND entity = 'applications' "
                                         "AND NOT deleted AND coalesce(fields->>'deleted_at', '') = '' AND "
                                         "fields->>'candidate_id' = ? AND fields->>'job_id' = ?"),
                { tenantId, candidateId, jobId });
        if (!applied) return applied.error();
        QString applicationId;
        if (applied.value().isEmpty()) {
            auto stage = m_db.select(
                QStringLiteral("SELECT row_id FROM entity_state WHERE tenant_id = ? AND entity = "
                               "'pipeline_stages' AND NOT deleted AND coalesce(fields->>'deleted_at', '') "
                               "= '' AND fields->>'pipeline_id' = ? ORDER BY (fields->>'position')::int "
                               "LIMIT 1"),
                { tenantId, str(job, "pipeline_id") });
            if (!stage) return stage.error();
            if (stage.value().isEmpty())
                return makeError(ErrorCode::ValidationFailed, QStringLiteral("The job has no pipeline stages."));
            const QString stageId = stage.value().first().value(0).toString();
            auto app = insert(QStringLiteral("applications"),
                { { QStringLiteral("candidate_id"), candidateId }, { QStringLiteral("job_id"), jobId },
                    { QStringLiteral("stage_id"), stageId }, { QStringLiteral("status"), QStringLiteral("active") },
                    { QStringLiteral("source"), QStringLiteral("job_board") }, { QStringLiteral("applied_at"), now } });
            if (!app) return app.error();
            applicationId = app.value();
            auto h = insert(QStringLiteral("stage_history"),
                { { QStringLiteral("application_id"), applicationId }, { QStringLiteral("to_stage_id"), stageId },
                    { QStringLiteral("status"), QStringLiteral("active") }, { QStringLiteral("moved_at"), now } });
            if (!h) return h.error();
        }
        return AuditStore(m_db).appendServer(tenantId, QStringLiteral("application.job_board"),
            QStringLiteral("candidate"), candidateId,
            { { QStringLiteral("job_id"), jobId }, { QStringLiteral("application_id"), applicationId },
                { QStringLiteral("matched_existing"), matched }, { QStringLiteral("attachment_sha256"), sha } });
    }();
    if (!done || !m_db.commit()) {
        m_db.rollback();
        logJson(QStringLiteral("error"), QStringLiteral("job board application not stored"),
            { { QStringLiteral("job_id"), jobId },
                { QStringLiteral("error"), done ? QString() : done.error().message } });
        // Something in what was sent cannot be stored: trying again will not help.
        if (!done && done.error().code == ErrorCode::ValidationFailed)
            return refuse(400, QStringLiteral("Something in your application cannot be accepted; please check it and send it again."),
                values);
        return htmlPage(QStringLiteral("en"), 503, title,
            QStringLiteral("<p>Your application could not be saved just now. Please try again in a moment.</p>"));
    }
    return htmlPage(QStringLiteral("en"), 200, QStringLiteral("Thank you"), thanks + phoneNote);
}

} // namespace rd::server
