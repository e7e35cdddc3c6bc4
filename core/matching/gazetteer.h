#pragma once

#include <QHash>
#include <QString>
#include <optional>
#include <vector>

namespace rd {

struct Place {
    QString name;
    QString country; // ISO 3166 alpha-2
    QString admin1; // GeoNames admin1 code
    double latitude = 0;
    double longitude = 0;
    qint64 population = 0;
};

struct GeoMatch {
    Place place;
    // More than one place has this name (within the given country, when one was given);
    // the most populous one was chosen.
    bool ambiguous = false;
    int alternatives = 0; // the other places of that name
};

// Offline geocoding from the bundled gazetteer (resources/geo/cities.tsv, derived from GeoNames
// cities1000, CC BY 4.0, by scripts/gen_gazetteer.py): 107,503 places of 1,000+ people.
class Gazetteer {
public:
    // The built-in gazetteer (loaded on first use, about 0.3 s; thread-safe).
    static const Gazetteer& builtIn();
    // From the TSV text described in scripts/gen_gazetteer.py.
    static Gazetteer fromTsv(const QByteArray& tsv);

    int size() const { return int(m_places.size()); }
    // "City", "City, Country" or "City, CC" (country name in English or ISO code; case and
    // accents ignored; local and English names of larger places). nullopt when unknown.
    std::optional<GeoMatch> lookup(const QString& text) const;
    // Autocomplete: places whose name (any of its names) starts with PREFIX (folded as key()),
    // most populous first, at most LIMIT. "Par" -> Paris FR, Paraná BR, ...
    std::vector<Place> suggest(const QString& prefix, int limit = 8) const;
    // Great-circle distance in km (haversine, mean Earth radius 6371.0088 km).
    static double distanceKm(double lat1, double lon1, double lat2, double lon2);
    // Folded key: lower case, accents removed, spaces collapsed.
    static QString key(const QString& s);
    // ISO alpha-2 code for an English country name or a code; empty when unknown.
    static QString countryCode(const QString& s);

private:
    std::vector<Place> m_places; // most populous first
    QHash<QString, std::vector<int>> m_byName; // folded name -> place indexes, most populous first
    std::vector<QString> m_keys; // the folded names, sorted (prefix search)
};

} // namespace rd
