#include "taxonomy.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <algorithm>

namespace rd {

const SkillTaxonomy& SkillTaxonomy::builtIn()
{
    static const SkillTaxonomy taxonomy = [] {
        QFile f(QStringLiteral(":/recruitdesk/taxonomy/skills.json"));
        return f.open(QIODevice::ReadOnly) ? fromJson(f.readAll()) : SkillTaxonomy();
    }();
    return taxonomy;
}

SkillTaxonomy SkillTaxonomy::fromJson(const QByteArray& json)
{
    SkillTaxonomy t;
    const QJsonArray skills = QJsonDocument::fromJson(json).object().value(QStringLiteral("skills")).toArray();
    for (const QJsonValue& v : skills) {
        const QJsonObject o = v.toObject();
        const QString name = o.value(QStringLiteral("name")).toString().trimmed();
        if (name.isEmpty() || t.m_byKey.contains(name.toLower())) continue;
        const int index = int(t.m_names.size());
        t.m_names.push_back(name);
        QStringList keys { name.toLower() };
        for (const QJsonValue& a : o.value(QStringLiteral("aliases")).toArray())
            keys << a.toString().trimmed().toLower();
        for (const QString& k : std::as_const(keys)) {
            if (k.isEmpty() || t.m_byKey.contains(k)) continue;
            t.m_byKey.insert(k, index);
            t.m_needles.push_back({ k, index });
        }
    }
    std::stable_sort(t.m_needles.begin(), t.m_needles.end(),
        [](const Needle& a, const Needle& b) { return a.text.size() > b.text.size(); });
    for (int i = 0; i < int(t.m_needles.size()); ++i)
        t.m_byFirst[t.m_needles[size_t(i)].text.at(0)].push_back(i);
    return t;
}

QString SkillTaxonomy::canonical(const QString& skill) const
{
    const auto it = m_byKey.constFind(skill.trimmed().toLower());
    return it == m_byKey.constEnd() ? QString() : m_names[size_t(*it)];
}

SkillTaxonomy::Entry SkillTaxonomy::parseEntry(const QString& entered)
{
    static const QRegularExpression years(
        QStringLiteral(
            R"(^(.*?)\s*(?::\s*(\d{1,2}(?:\.\d+)?)\+?\s*(?:years?|yrs?|y)?|\(\s*(\d{1,2}(?:\.\d+)?)\+?\s*(?:years?|yrs?|y)?\s*\))\s*$)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = years.match(entered);
    if (!m.hasMatch() || m.captured(1).trimmed().isEmpty()) return { entered.trimmed(), std::nullopt };
    const QString n = m.captured(2).isEmpty() ? m.captured(3) : m.captured(2);
    return { m.captured(1).trimmed(), n.toDouble() };
}

QString SkillTaxonomy::normalise(const QString& skill) const
{
    const QString name = skill.contains(QLatin1Char(':')) || skill.contains(QLatin1Char('(')) ? parseEntry(skill).name
                                                                                              : skill.trimmed();
    const QString c = canonical(name);
    return c.isEmpty() ? name : c;
}

QStringList SkillTaxonomy::normalise(const QStringList& skills) const
{
    QStringList out;
    for (const QString& s : skills) {
        const QString n = normalise(s);
        if (!n.isEmpty() && !out.contains(n, Qt::CaseInsensitive)) out << n;
    }
    return out;
}

namespace {
bool wordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

// Characters that glue a neighbouring word to the mention ("Objective-C", "ASP.NET", "C++").
// Nothing before `start` glues a word to the mention ("Objective-C", "ASP.NET", "x++").
bool freeBefore(const QString& text, qsizetype start)
{
    if (start == 0) return true;
    const QChar before = text.at(start - 1);
    if (wordChar(before) || before == QLatin1Char('+') || before == QLatin1Char('#')) return false;
    return !((before == QLatin1Char('-') || before == QLatin1Char('.')) && start > 1 && wordChar(text.at(start - 2)));
}

// Nothing after `end` continues the mention ("JavaScript" after "Java", "C++" after "C").
bool freeAfter(const QString& text, qsizetype end)
{
    if (end >= text.size()) return true;
    const QChar after = text.at(end);
    if (wordChar(after) || after == QLatin1Char('+') || after == QLatin1Char('#')) return false;
    return !((after == QLatin1Char('-') || after == QLatin1Char('.')) && end + 1 < text.size()
        && wordChar(text.at(end + 1)));
}
} // namespace

QStringList SkillTaxonomy::extract(const QString& text) const
{
    QStringList out;
    for (const auto& m : mentions(text).counts)
        out << m.first;
    return out;
}

SkillTaxonomy::Mentions SkillTaxonomy::mentions(const QString& text) const
{
    // One pass over the text: at every position where a mention may start, only the needles
    // beginning with that character are tried, longest first.
    const QString lower = text.toLower();
    std::vector<int> found(m_names.size(), 0);
    const qsizetype n = lower.size();
    Mentions out;
    for (qsizetype at = 0; at < n; ++at)
        if (wordChar(lower.at(at)) && (at == 0 || !wordChar(lower.at(at - 1)))) ++out.words;
    for (qsizetype at = 0; at < n; ++at) {
        const auto bucket = m_byFirst.constFind(lower.at(at));
        if (bucket == m_byFirst.constEnd() || !freeBefore(lower, at)) continue;
        for (int index : *bucket) {
            const Needle& needle = m_needles[size_t(index)];
            const qsizetype end = at + needle.text.size();
            if (end > n || QStringView(lower).mid(at, needle.text.size()) != needle.text || !freeAfter(lower, end))
                continue;
            // One- and two-letter names ("C", "R", "Go") are ordinary words in prose: only
            // the name as written counts ("Go", not "go").
            const QString& name = m_names[size_t(needle.skill)];
            if (name.size() <= 2 && needle.text == name.toLower() && QStringView(text).mid(at, end - at) != name)
                continue;
            ++found[size_t(needle.skill)];
            at = end - 1; // the longest mention here wins ("C++", not also "C")
            break;
        }
    }
    for (size_t i = 0; i < found.size(); ++i)
        if (found[i] > 0) out.counts.append({ m_names[i], found[i] });
    return out;
}

QStringList SkillTaxonomy::suggest(const QString& prefix, int limit) const
{
    const QString p = prefix.trimmed().toLower();
    QStringList out;
    if (p.isEmpty() || limit <= 0) return out;
    const auto add = [&](const QString& name) {
        if (out.size() < limit && !out.contains(name)) out << name;
    };
    for (const QString& name : m_names)
        if (name.toLower().startsWith(p)) add(name);
    for (auto it = m_byKey.constBegin(); it != m_byKey.constEnd() && out.size() < limit; ++it)
        if (it.key().startsWith(p)) add(m_names[size_t(*it)]);
    for (const QString& name : m_names)
        if (name.toLower().contains(p)) add(name);
    return out;
}

} // namespace rd
