#include "candidatepages.h"

#include "confirmation.h"
#include "dispatcher.h"
#include "serverutil.h"
#include "syncservice.h"

#include <QJsonDocument>
#include <QSqlRecord>
#include <QUrlQuery>

namespace rd::server {

namespace {
// The page's words in the candidate's language (German when the browser asks for it first).
struct Words {
    bool de = false;
    QString t(const char* en, const char* german) const { return QString::fromUtf8(de ? german : en); }
};

Words wordsFor(const Request& r)
{
    const QByteArray lang = r.headers.value("accept-language").trimmed().toLower();
    return Words { lang.startsWith("de") };
}

Reply page(const Words& w, int status, const QString& title, const QString& bodyHtml)
{
    return htmlPage(w.de ? QStringLiteral("de") : QStringLiteral("en"), status, title, bodyHtml);
}

Reply invalidLink(const Words& w, const Error& e)
{
    const bool expired = e.details.value(QStringLiteral("reason")).toString() == QLatin1String("expired");
    return page(w, expired ? 410 : 400,
        expired ? w.t("This link has expired", "Dieser Link ist abgelaufen")
                : w.t("This link does not work", "Dieser Link funktioniert nicht"),
        QStringLiteral("<p>%1</p>")
            .arg(expired ? w.t("Please reply to the email you received, and we will get back to you.",
                     "Bitte antworten Sie auf die E-Mail, die Sie erhalten haben; wir melden uns.")
                         : w.t("It may have been copied incompletely. Please use the link in the email as it is.",
                             "Vielleicht wurde er unvollständig kopiert. Bitte verwenden Sie den Link aus der "
                             "E-Mail unverändert.")));
}

// What the pages show: the message, its job and the candidate, read in the tenant's scope.
struct Context {
    QJsonObject intent;
    QString jobTitle;
    QString firstName;
    QString agency;
    bool found = false;
};

Result<Context> load(PgDatabase& db, const QString& tenantId, const QString& intentId, bool lock)
{
    Context c;
    RD_TRY(db.scopeToTenant(tenantId));
    auto i = db.select(QStringLiteral("SELECT fields::text FROM entity_state WHERE tenant_id = ? AND entity = "
                                      "'outreach_intents' AND row_id = ? AND NOT deleted")
            + (lock ? QStringLiteral(" FOR UPDATE") : QString()),
        { tenantId, intentId });
    if (!i) return i.error();
    if (i.value().isEmpty()) return c;
    c.found = true;
    c.intent = jsonObjectOf(i.value().first().value(0));
    auto rows
        = db.select(QStringLiteral("SELECT entity, fields::text FROM entity_state WHERE tenant_id = ? AND ((entity = "
                                   "'job_postings' AND row_id = ?) OR (entity = 'candidates' AND row_id = ?))"),
            { tenantId, c.intent.value(QStringLiteral("job_id")).toString(),
                c.intent.value(QStringLiteral("candidate_id")).toString() });
    if (!rows) return rows.error();
    for (const auto& r : rows.value()) {
        const QJsonObject f = jsonObjectOf(r.value(1));
        if (r.value(0).toString() == QLatin1String("job_postings"))
            c.jobTitle = f.value(QStringLiteral("title")).toString();
        else
            c.firstName = f.value(QStringLiteral("first_name")).toString();
    }
    auto t = db.select(QStringLiteral("SELECT name FROM tenants WHERE id = ?"), { tenantId });
    if (t && !t.value().isEmpty()) c.agency = t.value().first().value(0).toString();
    return c;
}

QString formAnswer(const Request& r)
{
    return QUrlQuery(QString::fromUtf8(r.body).replace(QLatin1Char('+'), QLatin1Char(' ')))
        .queryItemValue(QStringLiteral("answer"), QUrl::FullyDecoded);
}

Reply serverError(const Words& w)
{
    return page(w, 503, w.t("Please try again in a moment", "Bitte versuchen Sie es gleich noch einmal"),
        QStringLiteral("<p>%1</p>")
            .arg(w.t("Your answer could not be saved just now. Nothing was lost: the link still works.",
                "Ihre Antwort konnte gerade nicht gespeichert werden. Der Link funktioniert weiterhin.")));
}
} // namespace

Reply htmlPage(const QString& lang, int status, const QString& title, const QString& bodyHtml, const QString& head)
{
    const QString html = QStringLiteral(
        "<!DOCTYPE html><html lang=\"%1\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
        "content=\"width=device-width, initial-scale=1\"><title>%2</title><style>body{font-family:system-ui,sans-serif;"
        "max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1d2433;line-height:1.5}h1{font-size:1.4rem}"
        "button{font-size:1rem;padding:.6rem 1.2rem;margin:.3rem .6rem .3rem 0;border-radius:6px;border:1px solid "
        "#8a93a6;background:#fff;cursor:pointer}button.yes{background:#1f6feb;color:#fff;border-color:#1f6feb}"
        ".muted{color:#5b6478}</style>%4</head><body><h1>%2</h1>%3</body></html>")
                             .arg(lang, title.toHtmlEscaped(), bodyHtml, head);
    Reply reply(status, "text/html; charset=utf-8", html.toUtf8());
    reply.headers << qMakePair(QByteArray("Cache-Control"), QByteArray("no-store"))
                  << qMakePair(QByteArray("Content-Security-Policy"),
                         QByteArray("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"))
                  << qMakePair(QByteArray("X-Frame-Options"), QByteArray("DENY"))
                  << qMakePair(QByteArray("Referrer-Policy"), QByteArray("no-referrer"));
    return reply;
}

CandidatePages::CandidatePages(PgDatabase& db, ServerSettings& settings)
    : m_db(db)
    , m_settings(settings)
{
}

Reply CandidatePages::confirm(const Request& r)
{
    const Words w = wordsFor(r);
    auto who = Dispatcher::verifyToken(m_settings, QStringLiteral("c"), r.pathArg, QDateTime::currentDateTimeUtc());
    if (!who) return who.error().code == ErrorCode::AuthFailed ? invalidLink(w, who.error()) : serverError(w);
    const auto [tenantId, intentId] = who.value();
    const bool post = r.method == QLatin1String("POST");
    const QString answer = post ? formAnswer(r) : QString();
    if (post && answer != QLatin1String("confirm") && answer != QLatin1String("decline"))
        return page(w, 400, w.t("Please choose an answer", "Bitte wählen Sie eine Antwort"),
            QStringLiteral("<p><a href=\"\">%1</a></p>").arg(w.t("Back", "Zurück")));
    if (!m_db.begin()) return serverError(w);
    auto ctx = load(m_db, tenantId, intentId, post);
    if (!ctx || !ctx.value().found) {
        m_db.rollback();
        return ctx ? invalidLink(
                   w, makeError(ErrorCode::AuthFailed, {}, { { QStringLiteral("reason"), QStringLiteral("gone") } }))
                   : serverError(w);
    }
    const Context& c = ctx.value();
    const QString status = c.intent.value(QStringLiteral("status")).toString();
    const QString job = c.jobTitle.isEmpty() ? w.t("the position", "die Stelle") : c.jobTitle;
    if (status == QLatin1String("confirmed") || status == QLatin1String("declined")) {
        m_db.rollback();
        return page(w, 200, w.t("Thank you — we have your answer", "Danke — wir haben Ihre Antwort"),
            QStringLiteral("<p>%1</p>")
                .arg((status == QLatin1String("confirmed")
                        ? w.t("You told us you are interested in %1. We will be in touch.",
                            "Sie haben uns Ihr Interesse an %1 mitgeteilt. Wir melden uns.")
                        : w.t("You told us %1 is not for you.", "Sie haben uns mitgeteilt, dass %1 nicht passt."))
                         .arg(job.toHtmlEscaped())));
    }
    if (!post) {
        m_db.rollback();
        const QString greeting = c.firstName.isEmpty()
            ? QString()
            : QStringLiteral("<p>%1</p>").arg(w.t("Hello %1,", "Hallo %1,").arg(c.firstName.toHtmlEscaped()));
        return page(w, 200, job,
            greeting
                + QStringLiteral(
                    "<p>%1</p><form method=\"post\"><button class=\"yes\" name=\"answer\" value=\"confirm\">%2"
                    "</button><button name=\"answer\" value=\"decline\">%3</button></form><p class=\"muted\">%4</p>")
                      .arg(w.t("Are you interested in this position?", "Interessiert Sie diese Stelle?"),
                          w.t("Yes, I am interested", "Ja, ich bin interessiert"), w.t("No, thank you", "Nein, danke"),
                          w.t("If you say yes, %1 will receive your CV for this position.",
                               "Wenn Sie zustimmen, erhält %1 Ihren Lebenslauf für diese Stelle.")
                              .arg(c.agency.toHtmlEscaped())));
    }
    SyncService sync(m_db);
    const QString newStatus
        = answer == QLatin1String("confirm") ? QStringLiteral("confirmed") : QStringLiteral("declined");
    auto changed = sync.serverChange(tenantId, QStringLiteral("outreach_intents"), intentId,
        { { QStringLiteral("status"), newStatus },
            { QStringLiteral("updated_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) } });
    Status done = changed ? Status() : Status(changed.error());
    if (done && newStatus == QLatin1String("confirmed"))
        done = Confirmation(m_db, m_settings).confirmed(tenantId, intentId, c.intent);
    if (!done || !m_db.commit()) {
        m_db.rollback();
        if (!done)
            logJson(QStringLiteral("error"), QStringLiteral("confirmation not recorded"),
                { { QStringLiteral("intent_id"), intentId }, { QStringLiteral("error"), done.error().message } });
        return serverError(w);
    }
    logJson(QStringLiteral("info"), QStringLiteral("candidate answered"),
        { { QStringLiteral("tenant_id"), tenantId }, { QStringLiteral("intent_id"), intentId },
            { QStringLiteral("answer"), newStatus } });
    return page(w, 200, w.t("Thank you", "Vielen Dank"),
        QStringLiteral("<p>%1</p>")
            .arg(answer == QLatin1String("confirm")
                    ? w.t("We have passed on your interest in %1. We will be in touch.",
                           "Wir haben Ihr Interesse an %1 weitergegeben. Wir melden uns.")
                          .arg(job.toHtmlEscaped())
                    : w.t("Thank you for letting us know.", "Danke für Ihre Rückmeldung.")));
}

Reply CandidatePages::unsubscribe(const Request& r)
{
    const Words w = wordsFor(r);
    auto who = Dispatcher::verifyToken(m_settings, QStringLiteral("u"), r.pathArg, QDateTime::currentDateTimeUtc());
    if (!who) return who.error().code == ErrorCode::AuthFailed ? invalidLink(w, who.error()) : serverError(w);
    const auto [tenantId, intentId] = who.value();
    const bool post = r.method == QLatin1String("POST");
    if (!m_db.begin()) return serverError(w);
    auto ctx = load(m_db, tenantId, intentId, post);
    if (!ctx || !ctx.value().found) {
        m_db.rollback();
        return ctx ? invalidLink(
                   w, makeError(ErrorCode::AuthFailed, {}, { { QStringLiteral("reason"), QStringLiteral("gone") } }))
                   : serverError(w);
    }
    const QString agency = ctx.value().agency.toHtmlEscaped();
    const bool done = ctx.value().intent.value(QStringLiteral("status")).toString() == QLatin1String("opted_out");
    if (!post || done) {
        m_db.rollback();
        if (done)
            return page(w, 200, w.t("You will not hear from us again", "Sie hören nicht mehr von uns"),
                QStringLiteral("<p>%1</p>")
                    .arg(w.t("%1 will send you no more messages.", "%1 sendet Ihnen keine Nachrichten mehr.")
                             .arg(agency)));
        return page(w, 200, w.t("No more messages?", "Keine Nachrichten mehr?"),
            QStringLiteral("<p>%1</p><form method=\"post\"><button class=\"yes\" name=\"answer\" "
                           "value=\"unsubscribe\">%2</button></form>")
                .arg(w.t("%1 will stop sending you messages like this one.",
                          "%1 schickt Ihnen dann keine solchen Nachrichten mehr.")
                         .arg(agency),
                    w.t("Stop messages", "Nachrichten abbestellen")));
    }
    SyncService sync(m_db);
    auto changed = sync.serverChange(tenantId, QStringLiteral("outreach_intents"), intentId,
        { { QStringLiteral("status"), QStringLiteral("opted_out") },
            { QStringLiteral("updated_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) } });
    if (!changed || !m_db.commit()) {
        m_db.rollback();
        return serverError(w);
    }
    return page(w, 200, w.t("You will not hear from us again", "Sie hören nicht mehr von uns"),
        QStringLiteral("<p>%1</p>")
            .arg(w.t("%1 will send you no more messages.", "%1 sendet Ihnen keine Nachrichten mehr.").arg(agency)));
}

} // namespace rd::server
