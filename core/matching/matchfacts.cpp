#include "matchfacts.h"

#include "matching/gazetteer.h"
#include "matching/taxonomy.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <cmath>

namespace rd::matching_detail {

std::optional<Point> coordinates(
    const std::optional<double>& lat, const std::optional<double>& lon, const QString& location)
{
    if (lat && lon) return Point { *lat, *lon };
    if (location.trimmed().isEmpty()) return std::nullopt;
    const auto m = Gazetteer::builtIn().lookup(location);
    if (!m) return std::nullopt;
    return Point { m->place.latitude, m->place.longitude };
}

// What a candidate's facts are computed from (one candidate by id).
const char* const kFactsSource
    = "SELECT c.tenant_id, c.skills, c.latitude, c.longitude, c.location, json_extract(c.preferences, '$.relocate'), "
      "coalesce(c.last_activity_at, c.updated_at), v.version, v.text, k.rowid, (c.deleted_at IS NOT NULL OR "
      "c.erased_at IS NOT NULL), "
      "c.experience "
      "FROM candidates c LEFT JOIN cv_versions v ON v.id = (SELECT x.id FROM cv_versions x WHERE x.candidate_id = c.id "
      "AND "
      "x.deleted_at IS NULL ORDER BY x.version DESC LIMIT 1) LEFT JOIN search_keys k ON k.kind = 'candidate' AND "
      "k.row_id = c.id "
      "WHERE c.id = ?";

// The columns factRow() reads, from match_facts.
const char* const kFactColumns = "candidate_id, tenant_id, cv_version, skills, cv_skills, cv_words, latitude, "
                                 "longitude, relocate, activity_at, skill_years";

// A date of an experience entry: "2019", "2019-03" or "2019-03-15"; "present", "now", empty or
// null is nowMs.
std::optional<qint64> experienceDate(const QJsonValue& v, qint64 nowMs)
{
    const QString s = v.toString().trimmed().toLower();
    if (v.isNull() || v.isUndefined() || s.isEmpty() || s == QLatin1String("present") || s == QLatin1String("now")
        || s == QLatin1String("current"))
        return nowMs;
    for (const char* format : { "yyyy-MM-dd", "yyyy-MM", "yyyy" }) {
        const QDate d = QDate::fromString(s.left(QString::fromLatin1(format).size()), QLatin1String(format));
        if (d.isValid()) return QDateTime(d, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    }
    if (v.isDouble() && v.toInt() > 1900 && v.toInt() < 2200)
        return QDateTime(QDate(v.toInt(), 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    return std::nullopt;
}

// Years per skill where known ("python:5"): given with the skill ("Python:5"), else the sum
// of the experience entries ({"title", "description", "skills": [...], "from", "to"} or
// {"years": N}) whose skills or text mention it.
QStringList skillYears(
    const SkillTaxonomy& taxonomy, const QStringList& entered, const QString& experienceJson, qint64 nowMs)
{
    QMap<QString, double> years;
    QSet<QString> given;
    for (const QString& e : entered) {
        const SkillTaxonomy::Entry entry = SkillTaxonomy::parseEntry(e);
        if (entry.years) {
            const QString key = taxonomy.normalise(entry.name).toLower();
            years[key] = *entry.years;
            given.insert(key);
        }
    }
    for (const QJsonValue& v : QJsonDocument::fromJson(experienceJson.toUtf8()).array()) {
        const QJsonObject o = v.toObject();
        double span = 0;
        if (o.value(QStringLiteral("years")).isDouble()) {
            span = o.value(QStringLiteral("years")).toDouble();
        } else {
            const auto from = experienceDate(o.value(QStringLiteral("from")), nowMs);
            const auto to = experienceDate(o.value(QStringLiteral("to")), nowMs);
            if (!o.contains(QStringLiteral("from")) || !from || !to || *to < *from) continue;
            span = double(*to - *from) / (365.25 * 86400000.0);
        }
        if (!(span > 0) || span > 60) continue;
        QSet<QString> skills;
        for (const QJsonValue& s : o.value(QStringLiteral("skills")).toArray())
            skills.insert(taxonomy.normalise(s.toString()).toLower());
        for (const QString& s : taxonomy.extract(o.value(QStringLiteral("title")).toString() + QStringLiteral(". ")
                 + o.value(QStringLiteral("description")).toString()))
            skills.insert(s.toLower());
        for (const QString& s : std::as_const(skills))
            if (!s.isEmpty() && !given.contains(s)) years[s] += span;
    }
    QStringList out;
    for (auto it = years.cbegin(); it != years.cend(); ++it)
        out << it.key() + QLatin1Char(':') + QString::number(std::round(it.value() * 100) / 100);
    return out;
}

FactRow factRow(const Database::RawRow& r)
{
    FactRow f;
    f.id = r.text(0);
    f.tenantId = r.text(1);
    f.cvVersion = int(r.integer(2));
    f.skills = r.text(3);
    f.cvSkills = r.text(4);
    f.cvWords = int(r.integer(5));
    if (!r.isNull(6) && !r.isNull(7)) f.at = Point { r.real(6), r.real(7) };
    f.relocate = r.integer(8) == 1;
    f.activityAt = r.text(9);
    f.skillYears = r.text(10);
    return f;
}

Result<qint64> factsGeneration(Database& db)
{
    auto g = db.lookup("SELECT value FROM meta WHERE key = 'match_facts_gen'", {});
    if (!g) return g.error().code == ErrorCode::NotFound ? Result<qint64>(0) : Result<qint64>(g.error());
    return g.value().toLongLong();
}

QSet<QString> column(Database& db, const char* sql, const QString& bind, Status& status)
{
    QSet<QString> out;
    status = db.forEachRow(
        sql, { Database::RawValue::str(bind) }, [&](const Database::RawRow& r) { out.insert(r.text(0)); });
    return out;
}

} // namespace rd::matching_detail
