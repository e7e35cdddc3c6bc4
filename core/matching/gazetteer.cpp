#include "gazetteer.h"

#include <QFile>
#include <QLocale>
#include <algorithm>
#include <cmath>

namespace rd {

const Gazetteer& Gazetteer::builtIn()
{
    static const Gazetteer gazetteer = [] {
        QFile f(QStringLiteral(":/recruitdesk/geo/cities.tsv"));
        return f.open(QIODevice::ReadOnly) ? fromTsv(f.readAll()) : Gazetteer();
    }();
    return gazetteer;
}

QString Gazetteer::key(const QString& s)
{
    const QString d = s.normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(d.size());
    bool space = false;
    for (QChar c : d) {
        if (c.category() == QChar::Mark_NonSpacing) continue;
        if (c.isSpace() || c == QLatin1Char('-') || c == QLatin1Char('\'') || c == QChar(0x2019)) {
            space = !out.isEmpty();
            continue;
        }
        if (space) out += QLatin1Char(' ');
        space = false;
        out += c.toLower();
    }
    return out;
}

QString Gazetteer::countryCode(const QString& s)
{
    static const QHash<QString, QString> byName = [] {
        QHash<QString, QString> m;
        for (int t = 1; t <= int(QLocale::LastTerritory); ++t) {
            const auto territory = QLocale::Territory(t);
            const QString code = QLocale::territoryToCode(territory);
            if (code.size() != 2) continue;
            m.insert(key(QLocale::territoryToString(territory)), code);
            m.insert(code.toLower(), code);
        }
        // Common short and older forms.
        for (const auto& [name, code] : { std::pair { "uk", "GB" }, { "england", "GB" }, { "scotland", "GB" },
                 { "wales", "GB" }, { "great britain", "GB" }, { "usa", "US" }, { "united states of america", "US" },
                 { "america", "US" }, { "holland", "NL" }, { "the netherlands", "NL" }, { "czech republic", "CZ" },
                 { "russia", "RU" }, { "south korea", "KR" }, { "korea", "KR" }, { "turkey", "TR" }, { "uae", "AE" },
                 { "ivory coast", "CI" } })
            m.insert(QString::fromLatin1(name), QString::fromLatin1(code));
        return m;
    }();
    return byName.value(key(s));
}

Gazetteer Gazetteer::fromTsv(const QByteArray& tsv)
{
    Gazetteer g;
    g.m_places.reserve(110000);
    qsizetype pos = 0;
    while (pos < tsv.size()) {
        qsizetype nl = tsv.indexOf('\n', pos);
        if (nl < 0) nl = tsv.size();
        const QList<QByteArray> f = tsv.mid(pos, nl - pos).split('\t');
        pos = nl + 1;
        if (f.size() < 8) continue;
        Place p { QString::fromUtf8(f[0]), QString::fromLatin1(f[3]), QString::fromLatin1(f[4]), f[5].toDouble(),
            f[6].toDouble(), f[7].toLongLong() };
        const int index = int(g.m_places.size());
        g.m_places.push_back(std::move(p));
        QStringList names { QString::fromUtf8(f[0]) };
        if (!f[1].isEmpty()) names << QString::fromUtf8(f[1]);
        if (!f[2].isEmpty()) names << QString::fromUtf8(f[2]).split(QLatin1Char(','));
        QList<QString> keys;
        for (const QString& n : std::as_const(names)) {
            const QString k = key(n);
            if (!k.isEmpty() && !keys.contains(k)) keys << k;
        }
        for (const QString& k : std::as_const(keys))
            g.m_byName[k].push_back(index); // rows come most populous first
    }
    g.m_keys.reserve(size_t(g.m_byName.size()));
    for (auto it = g.m_byName.constBegin(); it != g.m_byName.constEnd(); ++it)
        g.m_keys.push_back(it.key());
    std::sort(g.m_keys.begin(), g.m_keys.end());
    return g;
}

std::vector<Place> Gazetteer::suggest(const QString& prefix, int limit) const
{
    const QString p = key(prefix);
    std::vector<Place> out;
    if (p.isEmpty() || limit <= 0) return out;
    // Every place under the matching names; the index order is the population order.
    std::vector<int> hits;
    for (auto it = std::lower_bound(m_keys.begin(), m_keys.end(), p); it != m_keys.end() && it->startsWith(p); ++it) {
        const auto& places = m_byName.find(*it).value();
        hits.insert(hits.end(), places.begin(), places.end());
    }
    std::sort(hits.begin(), hits.end());
    hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
    for (int i : hits) {
        if (int(out.size()) >= limit) break;
        out.push_back(m_places[size_t(i)]);
    }
    return out;
}

std::optional<GeoMatch> Gazetteer::lookup(const QString& text) const
{
    QString city = text.trimmed();
    QString country;
    const qsizetype comma = city.lastIndexOf(QLatin1Char(','));
    if (comma >= 0) {
        // "Springfield, IL" or "London, Ontario": a part that is no country does not filter.
        country = countryCode(city.mid(comma + 1));
        city = city.left(comma).trimmed();
        // "City, Region, Country": the city is the first part.
        if (city.contains(QLatin1Char(','))) city = city.left(city.indexOf(QLatin1Char(','))).trimmed();
    }
    const auto it = m_byName.constFind(key(city));
    if (it == m_byName.constEnd()) return std::nullopt;
    std::vector<int> hits;
    for (int i : *it)
        if (country.isEmpty() || m_places[size_t(i)].country == country) hits.push_back(i);
    if (hits.empty()) return std::nullopt;
    GeoMatch m;
    m.place = m_places[size_t(hits.front())];
    m.alternatives = int(hits.size()) - 1;
    m.ambiguous = m.alternatives > 0;
    return m;
}

double Gazetteer::distanceKm(double lat1, double lon1, double lat2, double lon2)
{
    constexpr double kRad = M_PI / 180.0;
    const double dLat = (lat2 - lat1) * kRad;
    const double dLon = (lon2 - lon1) * kRad;
    const double a = std::sin(dLat / 2) * std::sin(dLat / 2)
        + std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * 6371.0088 * std::asin(std::min(1.0, std::sqrt(a)));
}

} // namespace rd
