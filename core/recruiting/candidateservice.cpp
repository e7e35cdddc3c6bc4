#include "candidateservice.h"

#include "auth/permissions.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "common/json.h"
#include "common/phone.h"
#include "crypto/crypto.h"
#include "recruiting/cvservice.h"
#include "recruiting/fields.h"
#include "service/context.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>
#include <algorithm>

namespace rd {

const QList<FieldDef>& candidateFields()
{
    static const QList<FieldDef> defs {
        { "first_name", FieldDef::Type::Text, 200 },
        { "last_name", FieldDef::Type::Text, 200 },
        { "headline", FieldDef::Type::Text, 300 },
        { "location", FieldDef::Type::Text, 200 },
        { "latitude", FieldDef::Type::Real },
        { "longitude", FieldDef::Type::Real },
        { "source", FieldDef::Type::Text, 100 },
        { "consent", FieldDef::Type::Enum, 0, { QStringLiteral("unknown"), QStringLiteral("granted"), QStringLiteral("withdrawn") } },
        { "skills", FieldDef::Type::List, 100 },
        { "tags", FieldDef::Type::List, 100 },
        { "links", FieldDef::Type::List, 500 },
        { "external_id", FieldDef::Type::Text, 128, {}, false, true },
        { "education", FieldDef::Type::JsonArray, 20000 },
        { "experience", FieldDef::Type::JsonArray, 20000 },
        { "preferences", FieldDef::Type::JsonObject, 5000 },
    };
    return defs;
}

namespace {

const QString kCandidateColumns = QStringLiteral("id, tenant_id, external_id, first_name, last_name, headline, location, "
                                                 "latitude, longitude, source, owner_id, consent, skills, tags, links, "
                                                 "created_at, updated_at, education, experience, preferences, "
                                                 "EXISTS (SELECT 1 FROM cv_versions v WHERE v.candidate_id = candidates.id AND "
                                                 "v.deleted_at IS NULL) AS has_cv");

Candidate candidateFrom(const QSqlRecord& r)
{
    Candidate c;
    c.id = r.value(0).toString();
    c.tenantId = r.value(1).toString();
    c.externalId = r.value(2).toString();
    c.firstName = r.value(3).toString();
    c.lastName = r.value(4).toString();
    c.headline = r.value(5).toString();
    c.location = r.value(6).toString();
    c.latitude = optionalReal(r.value(7));
    c.longitude = optionalReal(r.value(8));
    c.source = r.value(9).toString();
    c.ownerId = r.value(10).toString();
    c.consent = r.value(11).toString();
    c.skills = listFromJson(r.value(12).toString());
    c.tags = listFromJson(r.value(13).toString());
    c.links = listFromJson(r.value(14).toString());
    c.createdAt = r.value(15).toString();
    c.updatedAt = r.value(16).toString();
    c.education = QJsonDocument::fromJson(r.value(17).toString().toUtf8()).array();
    c.experience = QJsonDocument::fromJson(r.value(18).toString().toUtf8()).array();
    c.preferences = QJsonDocument::fromJson(r.value(19).toString().toUtf8()).object();
    c.hasCv = r.value(20).toBool();
    return c;
}

} // namespace

QJsonObject Candidate::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("external_id"), externalId },
        { QStringLiteral("first_name"), firstName }, { QStringLiteral("last_name"), lastName },
        { QStringLiteral("headline"), headline }, { QStringLiteral("location"), location },
        { QStringLiteral("latitude"), optionalJson(latitude) }, { QStringLiteral("longitude"), optionalJson(longitude) },
        { QStringLiteral("source"), source }, { QStringLiteral("owner_id"), ownerId }, { QStringLiteral("consent"), consent },
        { QStringLiteral("skills"), QJsonArray::fromStringList(skills) }, { QStringLiteral("tags"), QJsonArray::fromStringList(tags) },
        { QStringLiteral("links"), QJsonArray::fromStringList(links) }, { QStringLiteral("emails"), QJsonArray::fromStringList(emails) },
        { QStringLiteral("phones"), QJsonArray::fromStringList(phones) }, { QStringLiteral("phones_display"), phonesDisplay() },
        { QStringLiteral("created_at"), createdAt },
        { QStringLiteral("updated_at"), updatedAt }, { QStringLiteral("education"), education },
        { QStringLiteral("experience"), experience }, { QStringLiteral("preferences"), preferences },
        { QStringLiteral("has_cv"), hasCv }, { QStringLiteral("profile_completion"), profileCompletion() } };
}

QJsonArray Candidate::phonesDisplay() const
{
    QJsonArray out;
    for (const QString& p : phones)
        out.append(phone::display(p)); // "+44 20 7946 0958": for people; phones holds E.164
    return out;
}

int Candidate::profileCompletion() const
{
    // Ten parts of a complete profile, equally weighted (shown to school learners and mentors).
    const bool parts[] = { !firstName.isEmpty() && !lastName.isEmpty(), !emails.isEmpty(), !phones.isEmpty(), !location.isEmpty(),
        !headline.isEmpty(), skills.size() >= 3, hasCv, !education.isEmpty(), !experience.isEmpty(), !preferences.isEmpty() };
    int done = 0;
    for (bool p : parts)
        done += p ? 1 : 0;
    return done * 100 / int(std::size(parts));
}

QStringList CandidateService::fields()
{
    QStringList out;
    for (const FieldDef& d : candidateFields())
        out << QString::fromLatin1(d.name);
    return out << QStringLiteral("emails") << QStringLiteral("phones");
}

QString CandidateService::normaliseEmail(const QString& email) { return validate::normaliseEmail(email); }

QString CandidateService::defaultCountry(const QString& tenantId)
{
    auto r = m_ctx.db.selectOne(QStringLiteral("SELECT json_extract(settings, '$.default_country') FROM tenants WHERE id = ?"),
        { tenantId });
    return r ? r.value().value(0).toString() : QString();
}

Result<int> CandidateService::normaliseStoredPhones()
{
    // meta phones_e164: {tenant id: the country its numbers were last read in}. A tenant is
    // read again when it is new to this file or its country changed (a national number an
    // older release kept waits for the country to be set).
    const QString markerKey = QStringLiteral("phones_e164");
    auto pending = [&]() -> Result<QList<QPair<QString, QString>>> {
        auto marker = m_ctx.db.meta(markerKey);
        if (!marker && marker.error().code != ErrorCode::NotFound)
            return marker.error();
        const QJsonObject done = marker ? parseObject(marker.value()) : QJsonObject();
        auto tenants = m_ctx.db.select(QStringLiteral("SELECT id, coalesce(json_extract(settings, '$.default_country'), '') FROM tenants"));
        if (!tenants)
            return tenants.error();
        QList<QPair<QString, QString>> out;
        for (const auto& t : tenants.value()) {
            const QString id = t.value(0).toString(), region = t.value(1).toString().trimmed().toUpper();
            if (!done.contains(id) || done.value(id).toString() != region)
                out.append({ id, region });
        }
        return out;
    };
    auto first = pending();
    if (!first)
        return first.error();
    if (first.value().isEmpty())
        return 0; // the usual case: nothing written at open
    Transaction tx(m_ctx.db); // BEGIN IMMEDIATE: a second process waits, then finds it done
    RD_TRY(tx.status());
    auto todo = pending();
    if (!todo)
        return todo.error();
    auto marker = m_ctx.db.meta(markerKey);
    QJsonObject done = marker ? parseObject(marker.value()) : QJsonObject();
    int changed = 0;
    for (const auto& [tenantId, region] : std::as_const(todo.value())) {
        UnitOfWork uow(m_ctx, Session::systemFor(tenantId));
        RD_TRY(uow.status());
        int contacts = 0, intents = 0, unreadable = 0;
        auto rewrite = [&](const QString& select, const QString& update, bool withNorm, int& count) -> Status {
            auto rows = m_ctx.db.select(select, { tenantId });
            if (!rows)
                return rows.error();
            for (const auto& r : rows.value()) {
                const QString value = r.value(1).toString();
                // Only numbers in use: a guess would become a confident wrong number.
                auto n = phone::normaliseValid(value, region);
                if (!n) {
                    ++unreadable;
                    continue;
                }
                if (n.value() == value && (!withNorm || r.value(2).toString() == phone::dialable(n.value())))
                    continue;
                QVariantList args { n.value() };
                if (withNorm)
                    args << phone::dialable(n.value());
                args << uow.now() << r.value(0);
                auto u = m_ctx.db.change(update, args);
                if (!u)
                    return u.error();
                ++count;
            }
            return {};
        };
        // Rows already in E.164 (value = value_norm, a '+') are left out of the reading.
        RD_TRY(rewrite(QStringLiteral("SELECT id, value, value_norm FROM candidate_contacts WHERE tenant_id = ? AND kind = 'phone' "
                                      "AND deleted_at IS NULL AND NOT (value GLOB '+[1-9]*' AND (value = value_norm OR value = value_norm || ' ext. ' || "
                                      "substr(value, length(value_norm) + 7)))"),
            QStringLiteral("UPDATE candidate_contacts SET value = ?, value_norm = ?, updated_at = ? WHERE id = ?"), true, contacts));
        // Messages still to go (a sent one keeps the number it went to; STOP matches it as typed too).
        RD_TRY(rewrite(QStringLiteral("SELECT id, recipient FROM outreach_intents WHERE tenant_id = ? AND channel = 'sms' AND "
                                      "status = 'queued' AND deleted_at IS NULL AND recipient NOT GLOB '+[1-9]*'"),
            QStringLiteral("UPDATE outreach_intents SET recipient = ?, updated_at = ? WHERE id = ?"), false, intents));
        if (contacts + intents + unreadable > 0)
            RD_TRY(uow.audit(QStringLiteral("candidate.phones_normalised"), QStringLiteral("tenant"), tenantId,
                { { QStringLiteral("contacts"), contacts }, { QStringLiteral("sms_recipients"), intents },
                    { QStringLiteral("unreadable"), unreadable }, { QStringLiteral("region"), region } }));
        RD_TRY(uow.commit());
        done.insert(tenantId, region);
        changed += contacts + intents;
    }
    RD_TRY(m_ctx.db.setMeta(markerKey, QString::fromUtf8(compactJson(done))));
    RD_TRY(tx.commit());
    return changed;
}

Result<Candidate> CandidateService::load(const QString& tenantId, const QString& key)
{
    // Two indexed lookups (an OR across columns would scan the table).
    auto r = m_ctx.db.selectOne(QStringLiteral("SELECT %1 FROM candidates WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL")
                                    .arg(kCandidateColumns),
        { key, tenantId });
    if (!r && r.error().code == ErrorCode::NotFound)
        r = m_ctx.db.selectOne(QStringLiteral("SELECT %1 FROM candidates WHERE tenant_id = ? AND external_id = ? AND deleted_at IS NULL")
                                   .arg(kCandidateColumns),
            { tenantId, key });
    if (!r)
        return r.error().code == ErrorCode::NotFound
            ? makeError(ErrorCode::NotFound, QStringLiteral("Candidate not found."), { { QStringLiteral("id"), key } })
            : r.error();
    Candidate c = candidateFrom(r.value());
    auto contacts = m_ctx.db.select(QStringLiteral("SELECT kind, value FROM candidate_contacts WHERE candidate_id = ? AND "
                                                   "deleted_at IS NULL ORDER BY created_at, id"),
        { c.id });
    if (!contacts)
        return contacts.error();
    for (const auto& row : contacts.value())
        (row.value(0).toString() == QLatin1String("email") ? c.emails : c.phones) << row.value(1).toString();
    return c;
}

Status CandidateService::checkDuplicates(const QString& tenantId, const QString& selfId, const QStringList& emails,
    const QStringList& phones)
{
    using V = Database::RawValue;
    auto check = [&](const QString& kind, const QStringList& values) -> Status {
        for (const QString& v : values) {
            auto r = m_ctx.db.lookup("SELECT candidate_id FROM candidate_contacts WHERE tenant_id = ? AND kind = ? AND value_norm = ? "
                                     "AND candidate_id <> ? AND deleted_at IS NULL LIMIT 1",
                { V::str(tenantId), V::str(kind), V::str(v), V::str(selfId) });
            if (r.ok())
                return makeError(ErrorCode::Conflict,
                    QStringLiteral("Another candidate already has this %1.").arg(kind),
                    { { QStringLiteral("reason"), QStringLiteral("duplicate") },
                        { QStringLiteral("duplicate_of"), r.value() }, { QStringLiteral("match"), kind },
                        { QStringLiteral("value"), v } });
            if (r.error().code != ErrorCode::NotFound)
                return r.error();
        }
        return {};
    };
    RD_TRY(check(QStringLiteral("email"), emails));
    return check(QStringLiteral("phone"), phones);
}

Status CandidateService::writeContacts(UnitOfWork& uow, const QString& candidateId, const QString& kind, const QStringList& values,
    const QStringList& normalised, bool isNew)
{
    if (!isNew) {
        auto old = m_ctx.db.select(QStringLiteral("SELECT id FROM candidate_contacts WHERE candidate_id = ? AND kind = ? AND deleted_at IS NULL"),
            { candidateId, kind });
        if (!old)
            return old.error();
        for (const auto& r : old.value()) {
            auto d = m_ctx.db.change(QStringLiteral("UPDATE candidate_contacts SET deleted_at = ?, updated_at = ? WHERE id = ?"),
                { uow.now(), uow.now(), r.value(0) });
            if (!d)
                return d.error();
        }
    }
    using V = Database::RawValue;
    const Session& session = uow.session();
    for (int i = 0; i < values.size(); ++i) {
        const QString id = uow.newId();
        RD_TRY(m_ctx.db.appendRow("INSERT INTO candidate_contacts (id, tenant_id, candidate_id, kind, value, value_norm, created_at, "
                                  "updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?)",
            { V::str(id), V::str(session.tenantId), V::str(candidateId), V::str(kind), V::str(values[i]), V::str(normalised[i]),
                V::str(uow.now()), V::str(uow.now()), V::optStr(session.userId), V::optStr(session.userId) }));
    }
    return {};
}

namespace {
struct Contacts {
    bool emailsGiven = false;
    bool phonesGiven = false;
    QStringList emails, emailsNorm, phones, phonesNorm;
};

Result<Contacts> parseContacts(QJsonObject& fields, const QString& country)
{
    Contacts c;
    if (fields.contains(QStringLiteral("emails"))) {
        c.emailsGiven = true;
        for (const QString& e : toList(fields.take(QStringLiteral("emails")))) {
            RD_TRY(validate::email(e));
            const QString n = CandidateService::normaliseEmail(e);
            if (!c.emailsNorm.contains(n)) {
                c.emails << e;
                c.emailsNorm << n;
            }
        }
    }
    if (fields.contains(QStringLiteral("phones"))) {
        c.phonesGiven = true;
        // Kept as E.164 (docs/decisions/0022): what is texted, matched for STOP and duplicates.
        for (const QString& p : toList(fields.take(QStringLiteral("phones")))) {
            auto n = phone::normalise(p, country, QStringLiteral("phones"));
            if (!n)
                return n.error();
            if (!c.phones.contains(n.value())) {
                c.phones << n.value();
                c.phonesNorm << phone::dialable(n.value());
            }
        }
    }
    return c;
}
} // namespace

Result<Candidate> CandidateService::create(const Session& session, const QJsonObject& input)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Create));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto id = writeNew(uow, input, defaultCountry(session.tenantId));
    if (!id)
        return id.error();
    auto c = load(session.tenantId, id.value());
    if (!c)
        return c.error();
    RD_TRY(uow.commit());
    return c;
}

Result<QString> CandidateService::writeNew(UnitOfWork& uow, const QJsonObject& input, const QString& country)
{
    const Session& session = uow.session();
    QJsonObject fields = input;
    auto contacts = parseContacts(fields, country);
    if (!contacts)
        return contacts.error();
    auto patch = validatePatch(candidateFields(), fields, true);
    if (!patch)
        return patch.error();
    geocodeLocation(patch.value(), true);
    const QJsonObject& j = patch.value().json;
    if (j.value(QStringLiteral("first_name")).toString().isEmpty() && j.value(QStringLiteral("last_name")).toString().isEmpty()
        && contacts.value().emails.isEmpty())
        return validate::failed(QStringLiteral("first_name"), QStringLiteral("A candidate needs a name or an email."),
            QStringLiteral("required"));
    RD_TRY(checkDuplicates(session.tenantId, QString(), contacts.value().emailsNorm, contacts.value().phonesNorm));
    // Nothing is written before this point, so a rejected candidate leaves no trace.
    const QString id = uow.newId();
    QList<QPair<QString, QVariant>> columns { { QStringLiteral("id"), id }, { QStringLiteral("tenant_id"), session.tenantId },
        { QStringLiteral("owner_id"), session.userId.isEmpty() ? QVariant() : QVariant(session.userId) },
        { QStringLiteral("created_at"), uow.now() }, { QStringLiteral("updated_at"), uow.now() },
        { QStringLiteral("created_by"), session.userId }, { QStringLiteral("updated_by"), session.userId } };
    auto ins = insertRow(m_ctx.db, QStringLiteral("candidates"), columns + patch.value().columns);
    if (!ins)
        return ins.error().code == ErrorCode::Conflict
            ? makeError(ErrorCode::Conflict, QStringLiteral("A candidate with this external id already exists."),
                { { QStringLiteral("field"), QStringLiteral("external_id") } })
            : ins.error();
    QJsonObject recorded = j;
    recorded.insert(QStringLiteral("tenant_id"), session.tenantId);
    recorded.insert(QStringLiteral("emails"), QJsonArray::fromStringList(contacts.value().emails));
    recorded.insert(QStringLiteral("phones"), QJsonArray::fromStringList(contacts.value().phones));
    RD_TRY(uow.auditPersonalCanonical(id, true, QStringLiteral("candidate.create"), QStringLiteral("candidate"), id,
        canonicalJson(redactSecrets(recorded))));
    recorded.remove(QStringLiteral("emails"));
    recorded.remove(QStringLiteral("phones"));
    RD_TRY(writeContacts(uow, id, QStringLiteral("email"), contacts.value().emails, contacts.value().emailsNorm, true));
    RD_TRY(writeContacts(uow, id, QStringLiteral("phone"), contacts.value().phones, contacts.value().phonesNorm, true));
    uow.publish(EntityChanged { session.tenantId, QStringLiteral("candidate"), id, QStringLiteral("insert") });
    return id;
}

Result<std::unique_ptr<CandidateBatch>> CandidateService::beginBatch(const Session& session)
{
    // The checks create() and CvService::addVersion() make per call, made once: a batch only
    // creates candidates, and a new candidate's first CV is an update of a record the
    // session has just created.
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Create));
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Update));
    auto uow = std::make_unique<UnitOfWork>(m_ctx, session);
    RD_TRY(uow->status());
    return std::unique_ptr<CandidateBatch>(new CandidateBatch(*this, std::move(uow), defaultCountry(session.tenantId)));
}

CandidateBatch::CandidateBatch(CandidateService& service, std::unique_ptr<UnitOfWork> uow, QString country)
    : m_service(service)
    , m_uow(std::move(uow))
    , m_country(std::move(country))
{
}

CandidateBatch::~CandidateBatch() = default;

Result<QString> CandidateBatch::add(const QJsonObject& fields, const QString& cvText, const QString& cvSource)
{
    if (!cvText.trimmed().isEmpty())
        RD_TRY(CvService::checkText(cvText));
    auto id = m_service.writeNew(*m_uow, fields, m_country);
    if (!id || cvText.trimmed().isEmpty())
        return id;
    auto cv = CvService::writeVersion(*m_uow, id.value(), 1, cvText, crypto::sha256Hex(cvText.toUtf8()), cvSource, {}, true);
    if (!cv)
        return cv.error();
    return id;
}

Status CandidateBatch::commit()
{
    if (!m_uow)
        return makeError(ErrorCode::Internal, QStringLiteral("batch already committed"));
    Status s = m_uow->commit();
    m_uow.reset();
    return s;
}

Result<Candidate> CandidateService::update(const Session& session, const QString& key, const QJsonObject& input)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Update, key));
    QJsonObject fields = input;
    auto contacts = parseContacts(fields, defaultCountry(session.tenantId));
    if (!contacts)
        return contacts.error();
    auto patch = validatePatch(candidateFields(), fields, false);
    if (!patch)
        return patch.error();
    geocodeLocation(patch.value(), false);
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto cand = load(session.tenantId, key);
    if (!cand)
        return cand.error();
    const QString id = cand.value().id;
    RD_TRY(checkDuplicates(session.tenantId, id, contacts.value().emailsNorm, contacts.value().phonesNorm));
    QJsonObject diff = patch.value().json;
    if (!patch.value().columns.isEmpty()) {
        auto up = updateRow(m_ctx.db, QStringLiteral("candidates"), id, patch.value().columns, uow.now(), session.userId);
        if (!up)
            return up.error().code == ErrorCode::Conflict
                ? makeError(ErrorCode::Conflict, QStringLiteral("A candidate with this external id already exists."))
                : up.error();
    }
    if (contacts.value().emailsGiven) {
        RD_TRY(writeContacts(uow, id, QStringLiteral("email"), contacts.value().emails, contacts.value().emailsNorm, false));
        diff.insert(QStringLiteral("emails"), QJsonArray::fromStringList(contacts.value().emails));
    }
    if (contacts.value().phonesGiven) {
        RD_TRY(writeContacts(uow, id, QStringLiteral("phone"), contacts.value().phones, contacts.value().phonesNorm, false));
        diff.insert(QStringLiteral("phones"), QJsonArray::fromStringList(contacts.value().phones));
    }
    if (diff.isEmpty())
        return cand;
    RD_TRY(uow.auditPersonal(id, QStringLiteral("candidate.update"), QStringLiteral("candidate"), id, diff));
    uow.publish(EntityChanged { session.tenantId, QStringLiteral("candidate"), id, QStringLiteral("update") });
    auto after = load(session.tenantId, id);
    if (!after)
        return after.error();
    RD_TRY(uow.commit());
    return after;
}

Result<Candidate> CandidateService::get(const Session& session, const QString& key)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read, key));
    auto c = load(session.tenantId, key);
    if (!c)
        return c.error();
    RD_TRY(m_ctx.authz.requireCandidateVisible(session, c.value().id));
    return c;
}

Result<Page<Candidate>> CandidateService::list(const Session& session, const ListQuery& query)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read));
    static const ListSpec spec { QStringLiteral("candidates"), kCandidateColumns, QStringLiteral("id"),
        { { QStringLiteral("first_name"), QStringLiteral("first_name") }, { QStringLiteral("last_name"), QStringLiteral("last_name") },
            { QStringLiteral("location"), QStringLiteral("location") }, { QStringLiteral("source"), QStringLiteral("source") },
            { QStringLiteral("consent"), QStringLiteral("consent") }, { QStringLiteral("external_id"), QStringLiteral("external_id") },
            { QStringLiteral("created_at"), QStringLiteral("created_at") }, { QStringLiteral("updated_at"), QStringLiteral("updated_at") } },
        { { QStringLiteral("created_at"), true } } };
    auto scope = m_ctx.authz.candidateScope(session, QStringLiteral("id"));
    if (!scope)
        return scope.error();
    auto rows = runListQuery(m_ctx.db, spec, QStringLiteral("tenant_id = ? AND deleted_at IS NULL") + scope.value().sql,
        QVariantList { session.tenantId } + scope.value().binds, query);
    if (!rows)
        return rows.error();
    Page<Candidate> page;
    page.nextCursor = rows.value().nextCursor;
    for (const auto& r : rows.value().rows)
        page.items << candidateFrom(r);
    return page;
}

} // namespace rd

namespace rd {

namespace {
QStringList ids(const Result<QList<QSqlRecord>>& rows)
{
    QStringList out;
    if (rows.ok())
        for (const auto& r : rows.value())
            out << r.value(0).toString();
    return out;
}

// Points rows of `table` at another owner (column := toId).
Status reassign(UnitOfWork& uow, Database& db, const QString& table, const QString& column, const QStringList& rowIds,
    const QString& toId)
{
    for (const QString& id : rowIds) {
        auto r = db.change(QStringLiteral("UPDATE %1 SET %2 = ?, updated_at = ?, updated_by = ? WHERE id = ?").arg(table, column),
            { toId, uow.now(), uow.session().userId, id });
        if (!r)
            return r.error();
    }
    return {};
}

QStringList jsonStrings(const QJsonValue& v)
{
    QStringList out;
    for (const QJsonValue& x : v.toArray())
        out << x.toString();
    return out;
}

QStringList merged(QStringList a, const QStringList& b)
{
    for (const QString& x : b)
        if (!a.contains(x, Qt::CaseInsensitive))
            a << x;
    return a;
}
} // namespace

Result<QList<CandidateService::DuplicateHint>> CandidateService::possibleDuplicates(const Session& session, const QString& key)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read, key));
    auto self = load(session.tenantId, key);
    if (!self)
        return self.error();
    RD_TRY(m_ctx.authz.requireCandidateVisible(session, self.value().id));
    const Candidate& c = self.value();
    QList<QPair<QString, QPair<QString, QString>>> found; // id -> (match, value)
    const auto seen = [&](const QString& id) {
        return std::any_of(found.begin(), found.end(), [&](const auto& f) { return f.first == id; });
    };
    auto contacts = m_ctx.db.select(
        // CROSS JOIN fixes the order: this candidate's contacts first, then others with the same one by
        // the lookup index (left to itself the planner walked all the tenant's contacts).
        QStringLiteral("SELECT o.candidate_id, o.kind, o.value FROM candidate_contacts m CROSS JOIN candidate_contacts o ON "
                       "o.tenant_id = m.tenant_id AND o.kind = m.kind AND o.value_norm = m.value_norm AND "
                       "o.candidate_id <> m.candidate_id AND o.deleted_at IS NULL CROSS JOIN candidates oc ON oc.id = "
                       "o.candidate_id AND oc.deleted_at IS NULL WHERE m.candidate_id = ? AND m.tenant_id = ? AND "
                       "m.deleted_at IS NULL ORDER BY o.kind, o.candidate_id LIMIT 20"),
        { c.id, session.tenantId });
    if (!contacts)
        return contacts.error();
    for (const auto& r : contacts.value())
        if (!seen(r.value(0).toString()))
            found.append({ r.value(0).toString(), { r.value(1).toString(), r.value(2).toString() } });
    if (!c.firstName.trimmed().isEmpty() && !c.lastName.trimmed().isEmpty()) {
        // The same lower() expressions as the index candidates_name (schema 9).
        auto names = m_ctx.db.select(
            QStringLiteral("SELECT id FROM candidates WHERE tenant_id = ? AND lower(last_name) = lower(?) AND "
                           "lower(first_name) = lower(?) AND id <> ? AND deleted_at IS NULL ORDER BY created_at LIMIT 20"),
            { session.tenantId, c.lastName.trimmed(), c.firstName.trimmed(), c.id });
        if (!names)
            return names.error();
        for (const auto& r : names.value())
            if (!seen(r.value(0).toString()))
                found.append({ r.value(0).toString(), { QStringLiteral("name"), c.firstName + QLatin1Char(' ') + c.lastName } });
    }
    QList<DuplicateHint> out;
    for (const auto& f : std::as_const(found)) {
        if (out.size() >= 20) break;
        if (!m_ctx.authz.requireCandidateVisible(session, f.first).ok())
            continue; // outside a hiring manager's jobs
        auto other = load(session.tenantId, f.first);
        if (!other)
            return other.error();
        out.append({ other.value(), f.second.first, f.second.second });
    }
    return out;
}

Result<Candidate> CandidateService::merge(const Session& session, const QString& survivorKey, const QString& duplicateKey)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Update, survivorKey));
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Delete, duplicateKey));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto survivor = load(session.tenantId, survivorKey);
    if (!survivor)
        return survivor.error();
    auto dup = load(session.tenantId, duplicateKey);
    if (!dup)
        return dup.error();
    const QString s = survivor.value().id;
    const QString d = dup.value().id;
    if (s == d)
        return validate::failed(QStringLiteral("duplicate"), QStringLiteral("A candidate cannot be merged into itself."), QStringLiteral("self"));
    Database& db = m_ctx.db;

    // Applications to the same job: the survivor's stays, the duplicate's is closed.
    const QStringList clashing = ids(db.select(QStringLiteral("SELECT a.id FROM applications a WHERE a.candidate_id = ? AND a.deleted_at IS NULL AND "
                                                              "EXISTS (SELECT 1 FROM applications b WHERE b.candidate_id = ? AND b.job_id = a.job_id "
                                                              "AND b.deleted_at IS NULL)"),
        { d, s }));
    for (const QString& id : clashing) {
        auto r = db.change(QStringLiteral("UPDATE applications SET deleted_at = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
            { uow.now(), uow.now(), session.userId, id });
        if (!r)
            return r.error();
    }
    const QStringList apps = ids(db.select(QStringLiteral("SELECT id FROM applications WHERE candidate_id = ? AND deleted_at IS NULL"), { d }));
    const QStringList contacts = ids(db.select(QStringLiteral("SELECT id FROM candidate_contacts WHERE candidate_id = ? AND deleted_at IS NULL"), { d }));
    const QStringList notes = ids(db.select(QStringLiteral("SELECT id FROM notes WHERE subject_type = 'candidate' AND subject_id = ? AND "
                                                           "deleted_at IS NULL"),
        { d }));
    RD_TRY(reassign(uow, db, QStringLiteral("applications"), QStringLiteral("candidate_id"), apps, s));
    RD_TRY(reassign(uow, db, QStringLiteral("candidate_contacts"), QStringLiteral("candidate_id"), contacts, s));
    RD_TRY(reassign(uow, db, QStringLiteral("notes"), QStringLiteral("subject_id"), notes, s));
    const QStringList attachments = ids(db.select(QStringLiteral("SELECT id FROM attachments WHERE candidate_id = ? AND deleted_at IS NULL"), { d }));
    RD_TRY(reassign(uow, db, QStringLiteral("attachments"), QStringLiteral("candidate_id"), attachments, s));

    const QStringList skills = merged(survivor.value().skills, dup.value().skills);
    const QStringList tags = merged(survivor.value().tags, dup.value().tags);
    auto up = db.change(QStringLiteral("UPDATE candidates SET skills = ?, tags = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
        { listToJson(skills), listToJson(tags), uow.now(), session.userId, s });
    if (!up)
        return up.error();
    // merged_into: what another laptop adds to the duplicate offline goes to the survivor when
    // it syncs (the sync server follows it; docs/sync.md "Push").
    auto del = db.change(
        QStringLiteral("UPDATE candidates SET deleted_at = ?, merged_into = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
        { uow.now(), s, uow.now(), session.userId, d });
    if (!del)
        return del.error();
    RD_TRY(uow.audit(QStringLiteral("candidate.merge"), QStringLiteral("candidate"), s,
        { { QStringLiteral("survivor"), s }, { QStringLiteral("duplicate"), d },
            { QStringLiteral("moved_applications"), QJsonArray::fromStringList(apps) },
            { QStringLiteral("closed_applications"), QJsonArray::fromStringList(clashing) },
            { QStringLiteral("moved_contacts"), QJsonArray::fromStringList(contacts) },
            { QStringLiteral("moved_notes"), QJsonArray::fromStringList(notes) },
            { QStringLiteral("moved_attachments"), QJsonArray::fromStringList(attachments) },
            { QStringLiteral("previous_skills"), QJsonArray::fromStringList(survivor.value().skills) },
            { QStringLiteral("previous_tags"), QJsonArray::fromStringList(survivor.value().tags) } }));
    uow.publish(EntityChanged { session.tenantId, QStringLiteral("candidate"), s, QStringLiteral("update") });
    auto after = load(session.tenantId, s);
    if (!after)
        return after.error();
    RD_TRY(uow.commit());
    return after;
}

Result<Candidate> CandidateService::undoMerge(const Session& session, const QString& auditEntryId)
{
    auto entry = m_ctx.db.selectOne(QStringLiteral("SELECT diff FROM audit_log WHERE id = ? AND tenant_id = ? AND action = 'candidate.merge'"),
        { auditEntryId, session.tenantId });
    if (!entry)
        return entry.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("No merge with this audit entry id.")) : entry.error();
    const QJsonObject diff = parseObject(entry.value().value(0).toString());
    const QString s = diff.value(QStringLiteral("survivor")).toString();
    const QString d = diff.value(QStringLiteral("duplicate")).toString();
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Update, s));
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Delete, d));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    Database& db = m_ctx.db;
    auto state = db.selectOne(QStringLiteral("SELECT deleted_at FROM candidates WHERE id = ? AND tenant_id = ?"), { d, session.tenantId });
    if (!state)
        return state.error();
    if (state.value().value(0).isNull())
        return makeError(ErrorCode::Conflict, QStringLiteral("This merge was already undone."));
    auto und = db.change(QStringLiteral("UPDATE candidates SET deleted_at = NULL, merged_into = NULL, updated_at = ?, updated_by = ? WHERE id = ?"),
        { uow.now(), session.userId, d });
    if (!und)
        return und.error();
    RD_TRY(reassign(uow, db, QStringLiteral("applications"), QStringLiteral("candidate_id"),
        jsonStrings(diff.value(QStringLiteral("moved_applications"))), d));
    RD_TRY(reassign(uow, db, QStringLiteral("candidate_contacts"), QStringLiteral("candidate_id"),
        jsonStrings(diff.value(QStringLiteral("moved_contacts"))), d));
    RD_TRY(reassign(uow, db, QStringLiteral("notes"), QStringLiteral("subject_id"), jsonStrings(diff.value(QStringLiteral("moved_notes"))), d));
    RD_TRY(reassign(uow, db, QStringLiteral("attachments"), QStringLiteral("candidate_id"),
        jsonStrings(diff.value(QStringLiteral("moved_attachments"))), d));
    for (const QJsonValue& v : diff.value(QStringLiteral("closed_applications")).toArray()) {
        auto r = db.change(QStringLiteral("UPDATE applications SET deleted_at = NULL, updated_at = ?, updated_by = ? WHERE id = ?"),
            { uow.now(), session.userId, v.toString() });
        if (!r)
            return r.error();
    }
    const QStringList skills = jsonStrings(diff.value(QStringLiteral("previous_skills")));
    const QStringList tags = jsonStrings(diff.value(QStringLiteral("previous_tags")));
    auto up = db.change(QStringLiteral("UPDATE candidates SET skills = ?, tags = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
        { listToJson(skills), listToJson(tags), uow.now(), session.userId, s });
    if (!up)
        return up.error();
    RD_TRY(uow.audit(QStringLiteral("candidate.unmerge"), QStringLiteral("candidate"), s,
        { { QStringLiteral("survivor"), s }, { QStringLiteral("duplicate"), d }, { QStringLiteral("merge_entry"), auditEntryId } }));
    auto restored = load(session.tenantId, d);
    if (!restored)
        return restored.error();
    RD_TRY(uow.commit());
    return restored;
}

} // namespace rd
