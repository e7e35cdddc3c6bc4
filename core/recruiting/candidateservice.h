#pragma once

#include "auth/session.h"
#include "common/result.h"
#include "store/listquery.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace rd {

struct ServiceContext;

struct Candidate {
    QString id;
    QString tenantId;
    QString externalId;
    QString firstName;
    QString lastName;
    QString headline;
    QString location;
    std::optional<double> latitude;
    std::optional<double> longitude;
    QString source;
    QString ownerId;
    QString consent;
    QStringList skills;
    QStringList tags;
    QStringList links;
    QStringList emails;
    QStringList phones;
    QString createdAt;
    QString updatedAt;
    QJsonArray education;   // [{"institution","degree","field","from","to"}] (free-form objects)
    QJsonArray experience;  // [{"employer","title","from","to","summary"}]
    QJsonObject preferences; // {"roles":[...],"locations":[...],"remote":...,"relocate":bool,...}
    bool hasCv = false;
    // Share of the ten parts of a complete profile that are filled in, 0-100.
    int profileCompletion() const;
    QJsonObject toJson() const;
};

// Candidates with their emails and phones. A new candidate whose normalised email or phone
// already belongs to someone is refused as a duplicate (conflict, details: duplicate_of,
// match, value) instead of creating a second record.
class CandidateService {
public:
    explicit CandidateService(ServiceContext& ctx) : m_ctx(ctx) { }

    // fields: first_name, last_name, headline, location, latitude, longitude, source, consent,
    // skills, tags, links, external_id, emails, phones (lists as arrays or "a;b").
    Result<Candidate> create(const Session& session, const QJsonObject& fields);
    Result<Candidate> update(const Session& session, const QString& idOrExternal, const QJsonObject& patch);
    Result<Candidate> get(const Session& session, const QString& idOrExternal);
    Result<Page<Candidate>> list(const Session& session, const ListQuery& query);

    // Merges `duplicate` into `survivor`: emails, phones, skills, tags, notes, applications
    // (with their history, interviews and notes) and attachments move over; where both applied to the same
    // job the survivor's application stays and the other is closed; the duplicate is soft
    // deleted. The audit entry (action candidate.merge) records what moved, and
    // undoMerge(auditEntryId) moves it back. Needs candidate.update and candidate.delete.
    Result<Candidate> merge(const Session& session, const QString& survivor, const QString& duplicate);
    Result<Candidate> undoMerge(const Session& session, const QString& auditEntryId);

    static QStringList fields();
    static QString normaliseEmail(const QString& email);
    // E.164 when possible: "+" and digits; a national number (leading 0) gets the country
    // code of defaultCountry (ISO 3166 alpha-2) when one is known. Empty when not a phone.
    static QString normalisePhone(const QString& phone, const QString& defaultCountry = {});
    Result<Candidate> load(const QString& tenantId, const QString& idOrExternal);

private:
    Status checkDuplicates(const QString& tenantId, const QString& selfId, const QStringList& emails,
        const QStringList& phones);
    Status writeContacts(class UnitOfWork& uow, const QString& candidateId, const QString& kind, const QStringList& values,
        const QStringList& normalised);
    QString defaultCountry(const QString& tenantId);
    ServiceContext& m_ctx;
};

} // namespace rd
