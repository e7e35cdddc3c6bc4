#pragma once

#include "auth/permissions.h"
#include "auth/session.h"
#include "common/result.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <optional>

namespace rd {

struct ServiceContext;
class CandidateService;
class JobService;

// A message template: email (subject, plain text, optional HTML) or SMS (text), the tenant's
// (owner empty: made by someone who may manage outreach) or one user's own. A template may
// name a follow-up: the template sent N days later unless the candidate confirmed by then.
struct OutreachTemplate {
    QString id;
    QString name;
    QString channel; // email | sms
    QString subject;
    QString body;
    QString bodyHtml;
    QString ownerId; // empty: the tenant's
    std::optional<int> followUpDays;
    QString followUpTemplate;
    QString createdAt;
    QString updatedAt;
    QJsonObject toJson() const;
};

struct NewTemplate {
    QString name;
    QString channel;
    QString subject;
    QString body;
    QString bodyHtml;
    bool personal = false; // only the creator's
    std::optional<int> followUpDays;
    QString followUpTemplate;
};

// What a template says for one candidate (and job): the texts to send, and for SMS the length
// in characters and segments (GSM-7: 160 in one, 153 per part; otherwise UCS-2: 70 / 67).
struct RenderedMessage {
    QString channel;
    QString subject;
    QString body;
    QString bodyHtml;
    QStringList variables; // the ones used, in order of first use
    int smsCharacters = 0; // SMS only, counting {{confirm_link}} at a link's usual length
    int smsSegments = 0;
    QString smsEncoding; // gsm7 | ucs2
    QJsonObject toJson() const;
};

// Templates and their rendering ({{name}} variables, {{name|fallback}} for an optional value).
// A variable that does not exist, or has no value for this candidate/job (and no fallback), is
// an error before anything is queued: validation_failed with details.reason unknown_variable
// or missing_variable and details.variables. {{confirm_link}} and {{unsubscribe_link}} stay in
// the rendered text: the sync server puts the message's own signed links there when it sends.
class TemplateService {
public:
    TemplateService(ServiceContext& ctx, CandidateService& candidates, JobService& jobs);

    // Every variable a template may use, with a description (for autocomplete and --help).
    static QList<QPair<QString, QString>> variables();
    // Replaces the variables of TEXT from VALUES (a variable mapped to an empty string has no
    // value); the used ones are appended to USED. html: values are HTML-escaped.
    static Result<QString> renderText(
        const QString& text, const QHash<QString, QString>& values, bool html, QStringList* used = nullptr);
    // Characters and segments of an SMS text.
    static void smsLength(const QString& text, int* characters, int* segments, QString* encoding);

    Result<OutreachTemplate> create(const Session& session, const NewTemplate& t);
    // Changes given fields (name, subject, body, body_html, follow_up_days, follow_up_template).
    Result<OutreachTemplate> update(const Session& session, const QString& key, const QJsonObject& fields);
    Status remove(const Session& session, const QString& key);
    // The tenant's templates and the user's own, by name (a personal one first when both exist).
    Result<QList<OutreachTemplate>> list(const Session& session, const QString& channel = {});
    // By id or name; the user's own template wins over the tenant's of the same name.
    Result<OutreachTemplate> get(const Session& session, const QString& key);

    // The template for a candidate (id or external id) and optionally a job (id, number or
    // external id), as the signed-in user.
    Result<RenderedMessage> render(
        const Session& session, const QString& templateKey, const QString& candidate, const QString& job = {});
    // The same from an unsaved template (the editor's live preview).
    Result<RenderedMessage> renderDraft(
        const Session& session, const OutreachTemplate& draft, const QString& candidate, const QString& job = {});

private:
    Result<OutreachTemplate> load(const Session& session, const QString& key);
    Status requireWrite(const Session& session, const OutreachTemplate& t, Action action);
    Status checkFields(const OutreachTemplate& t);
    ServiceContext& m_ctx;
    CandidateService& m_candidates;
    JobService& m_jobs;
};

} // namespace rd
