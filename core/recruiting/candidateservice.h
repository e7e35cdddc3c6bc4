#pragma once

#include "auth/session.h"
#include "common/result.h"
#include "store/listquery.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <memory>
#include <optional>

namespace rd {

struct ServiceContext;
class UnitOfWork;
class CandidateBatch;

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
    // The phone numbers as people read them ("+44 20 7946 0958"); phones holds them in E.164.
    QJsonArray phonesDisplay() const;
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
    // Bulk creation (CSV import): permission checks once, then CandidateBatch::add per record.
    Result<std::unique_ptr<CandidateBatch>> beginBatch(const Session& session);

    // Merges `duplicate` into `survivor`: emails, phones, skills, tags, notes, applications
    // (with their history, interviews and notes) and attachments move over; where both applied to the same
    // job the survivor's application stays and the other is closed; the duplicate is soft
    // deleted. The audit entry (action candidate.merge) records what moved, and
    // undoMerge(auditEntryId) moves it back. Needs candidate.update and candidate.delete.
    Result<Candidate> merge(const Session& session, const QString& survivor, const QString& duplicate);
    Result<Candidate> undoMerge(const Session& session, const QString& auditEntryId);
    // Other candidates who may be the same person: sharing a normalised email or phone (two
    // devices can each create the same person offline; sync keeps both) or the same first and
    // last name (case ignored). Each once, contacts before names, at most 20. Needs candidate.read.
    struct DuplicateHint {
        Candidate candidate;
        QString match; // email | phone | name
        QString value;
    };
    Result<QList<DuplicateHint>> possibleDuplicates(const Session& session, const QString& idOrExternal);

    static QStringList fields();
    static QString normaliseEmail(const QString& email);
    Result<Candidate> load(const QString& tenantId, const QString& idOrExternal);
    // At open (and after the workspace's country changes): phone numbers an older release kept
    // as typed, and the queued SMS recipients taken from them, are rewritten in E.164 (decision
    // 0022) as system edits of each tenant (recorded, so they sync; one audit entry with the
    // counts), each tenant once per country (meta phones_e164). Only numbers in use in their
    // country are rewritten; the others stay as they are. Returns how many values changed.
    Result<int> normaliseStoredPhones();

private:
    Status checkDuplicates(const QString& tenantId, const QString& selfId, const QStringList& emails,
        const QStringList& phones);
    Status writeContacts(UnitOfWork& uow, const QString& candidateId, const QString& kind, const QStringList& values,
        const QStringList& normalised, bool isNew);
    // Validates and writes one new candidate (row, contacts, sealed audit entry, outbox
    // records, event) in uow; nothing is written when validation or the duplicate check fails.
    Result<QString> writeNew(UnitOfWork& uow, const QJsonObject& fields, const QString& country);
    friend class CandidateBatch;
    QString defaultCountry(const QString& tenantId);
    ServiceContext& m_ctx;
};

// Many new candidates in one unit of work (the CSV import's path for new records): each add()
// makes exactly the rows, sealed audit entries and outbox records that create() followed by
// CvService::addVersion() make, without the per-call permission checks, the reloads and a
// transaction per record. A record that fails validation or is a duplicate writes nothing
// and the batch goes on; a storage error means the caller rolls back. commit() ends the
// unit (audit chain head, events); the caller's transaction commits the rows.
class CandidateBatch {
public:
    ~CandidateBatch();
    CandidateBatch(const CandidateBatch&) = delete;
    CandidateBatch& operator=(const CandidateBatch&) = delete;

    // fields as for CandidateService::create; cvText (may be empty) becomes CV version 1.
    Result<QString> add(const QJsonObject& fields, const QString& cvText, const QString& cvSource);
    Status commit();

private:
    friend class CandidateService;
    CandidateBatch(CandidateService& service, std::unique_ptr<UnitOfWork> uow, QString country);
    CandidateService& m_service;
    std::unique_ptr<UnitOfWork> m_uow;
    QString m_country;
};

} // namespace rd
