#pragma once
// Matching internals (matchingservice.cpp, scoring.cpp, matchstore.cpp): the derived facts of
// candidates as ranking reads them, in memory, and how they are stored in match_facts.

#include "matching/matchingservice.h"
#include "store/database.h"

#include <QHash>
#include <QSet>
#include <optional>
#include <vector>

namespace rd {
class SkillTaxonomy;

namespace matching_detail {

struct Point {
    double lat = 0;
    double lon = 0;
};

// One candidate's facts as ranking reads them: skills as integer ids, the CV's skill mentions
// for BM25, the place, relocation and last activity.
struct CachedFacts {
    QString id;
    std::vector<int> skills; // sorted skill ids: entered on the record and found in the CV
    std::vector<std::pair<int, int>> tf; // (skill id, mentions in the latest CV), by id
    std::vector<std::pair<int, double>> years; // (skill id, years of experience where known), by id
    int cvWords = 0;
    int cvVersion = 0;
    std::optional<Point> at;
    bool relocate = false;
    qint64 activityMs = -1; // -1: unknown
    bool has(int skill) const { return std::binary_search(skills.begin(), skills.end(), skill); }
    std::optional<double> yearsOf(int skill) const
    {
        auto it = std::lower_bound(years.begin(), years.end(), std::pair<int, double> { skill, -1.0 });
        return it != years.end() && it->first == skill ? std::optional<double>(it->second) : std::nullopt;
    }
    int mentions(int skill) const
    {
        auto it = std::lower_bound(tf.begin(), tf.end(), std::pair<int, int> { skill, 0 });
        return it != tf.end() && it->first == skill ? it->second : 0;
    }
};

// A tenant's facts and the corpus statistics of its CVs (document frequency per skill, number
// of CVs, words), kept up to date as facts change.
struct TenantFacts {
    std::vector<CachedFacts> rows;
    QHash<QString, size_t> index; // candidate id -> row
    QHash<int, int> df;
    qint64 cvs = 0;
    qint64 words = 0;

    void add(CachedFacts f)
    {
        remove(f.id);
        if (f.cvWords > 0) {
            ++cvs;
            words += f.cvWords;
            for (const auto& [skill, n] : f.tf)
                ++df[skill];
        }
        index.insert(f.id, rows.size());
        rows.push_back(std::move(f));
    }
    void remove(const QString& id)
    {
        auto it = index.find(id);
        if (it == index.end()) return;
        const size_t at = *it;
        index.erase(it);
        const CachedFacts& old = rows[at];
        if (old.cvWords > 0) {
            --cvs;
            words -= old.cvWords;
            for (const auto& [skill, n] : old.tf)
                --df[skill];
        }
        if (at + 1 != rows.size()) {
            rows[at] = std::move(rows.back());
            index[rows[at].id] = at;
        }
        rows.pop_back();
    }
    const CachedFacts* find(const QString& id) const
    {
        auto it = index.constFind(id);
        return it == index.constEnd() ? nullptr : &rows[*it];
    }
    // Okapi BM25 inverse document frequency (the +1 form, never negative).
    double idf(int skill) const
    {
        const double n = double(df.value(skill));
        return std::log(1.0 + (double(cvs) - n + 0.5) / (n + 0.5));
    }
    double averageWords() const { return cvs > 0 ? double(words) / double(cvs) : 1.0; }
};

// A match_facts row as stored (refreshFacts writes it, the cache reads it).
struct FactRow {
    QString id;
    QString tenantId;
    int cvVersion = 0;
    QString skills; // "|c++|kubernetes|": canonical names in lower case between bars
    QString cvSkills; // "c++:3|kubernetes:1": the CV's mentions
    QString skillYears; // "c++:4.5|qt:2": years where known
    int cvWords = 0;
    std::optional<Point> at;
    bool relocate = false;
    QString activityAt;
};

// Coordinates given, else the gazetteer's for the location text.
std::optional<Point> coordinates(
    const std::optional<double>& lat, const std::optional<double>& lon, const QString& location);

// What a candidate's facts are computed from (one candidate by id), and the columns factRow reads.
extern const char* const kFactsSource;
extern const char* const kFactColumns;
FactRow factRow(const Database::RawRow& r);
// Years per skill where known ("python:5"), from the entered skills and the experience entries.
QStringList skillYears(
    const SkillTaxonomy& taxonomy, const QStringList& entered, const QString& experienceJson, qint64 nowMs);
// meta match_facts_gen: bumped by every change of match_facts.
Result<qint64> factsGeneration(Database& db);
// The first column of a one-bind query as a set.
QSet<QString> column(Database& db, const char* sql, const QString& bind, Status& status);

} // namespace matching_detail

// The facts of the tenants ranked so far, valid for one generation of match_facts (meta
// match_facts_gen: refreshFacts and erasure bump it). Changes made by this process patch it;
// a change by another process (another generation) makes the next use reload.
struct MatchingService::FactsCache {
    qint64 generation = -1;
    QHash<QString, int> skillIds; // lower-case skill -> id (stable for the process)
    QHash<QString, matching_detail::TenantFacts> tenants;

    int skillId(const QString& lower)
    {
        auto it = skillIds.constFind(lower);
        if (it != skillIds.constEnd()) return *it;
        const int id = int(skillIds.size());
        skillIds.insert(lower, id);
        return id;
    }
    matching_detail::CachedFacts convert(const matching_detail::FactRow& r)
    {
        matching_detail::CachedFacts f;
        f.id = r.id;
        for (QStringView s : QStringView(r.skills).split(QLatin1Char('|'), Qt::SkipEmptyParts))
            f.skills.push_back(skillId(s.toString()));
        std::sort(f.skills.begin(), f.skills.end());
        f.skills.erase(std::unique(f.skills.begin(), f.skills.end()), f.skills.end());
        for (QStringView s : QStringView(r.cvSkills).split(QLatin1Char('|'), Qt::SkipEmptyParts)) {
            const qsizetype colon = s.lastIndexOf(QLatin1Char(':'));
            if (colon > 0) f.tf.emplace_back(skillId(s.left(colon).toString()), s.mid(colon + 1).toInt());
        }
        std::sort(f.tf.begin(), f.tf.end());
        for (QStringView s : QStringView(r.skillYears).split(QLatin1Char('|'), Qt::SkipEmptyParts)) {
            const qsizetype colon = s.lastIndexOf(QLatin1Char(':'));
            if (colon > 0) f.years.emplace_back(skillId(s.left(colon).toString()), s.mid(colon + 1).toDouble());
        }
        std::sort(f.years.begin(), f.years.end());
        f.cvWords = r.cvWords;
        f.cvVersion = r.cvVersion;
        f.at = r.at;
        f.relocate = r.relocate;
        const QDateTime activity = QDateTime::fromString(r.activityAt, Qt::ISODateWithMs);
        f.activityMs = activity.isValid() ? activity.toMSecsSinceEpoch() : -1;
        return f;
    }
};

} // namespace rd
