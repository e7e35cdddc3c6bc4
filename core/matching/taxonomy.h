#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace rd {

// The curated skill taxonomy (resources/taxonomy/skills.json: canonical names, aliases,
// categories). Normalises entered skills and finds skills in free text such as CVs.
class SkillTaxonomy {
public:
    // The taxonomy built into the binary (loaded once, thread-safe).
    static const SkillTaxonomy& builtIn();
    // From the JSON document {"skills":[{"name","aliases":[...],"category"}]}.
    static SkillTaxonomy fromJson(const QByteArray& json);

    int size() const { return int(m_names.size()); }
    // The canonical name of a skill or one of its aliases, ignoring case and surrounding
    // spaces ("cpp" -> "C++", "k8s" -> "Kubernetes"); empty when the taxonomy does not know it.
    QString canonical(const QString& skill) const;
    // canonical() when known, else the entered text trimmed (so unknown skills still compare).
    // A years annotation ("Python:5", "Python (5+ years)") is not part of the name.
    QString normalise(const QString& skill) const;
    // An entered skill with its years where given: "Python:5", "Python: 2.5", "Python (5 years)",
    // "Python (5+ yrs)" -> {"Python", 5}; "C++" -> {"C++", none}. The name is as entered.
    struct Entry {
        QString name;
        std::optional<double> years;
    };
    static Entry parseEntry(const QString& entered);
    QStringList normalise(const QStringList& skills) const;
    // Autocomplete: canonical names whose name or an alias starts with PREFIX (case ignored),
    // names before aliases, then names containing it; each name once, at most LIMIT.
    QStringList suggest(const QString& prefix, int limit = 10) const;
    // The canonical skills a text mentions, in taxonomy order. A mention must stand alone:
    // not inside a longer word ("Java" in "JavaScript"), not followed by + or # ("C" in
    // "C++"), not joined by '-' or '.' to a word ("C" in "Objective-C", ".NET" in "ASP.NET").
    // Names of one or two letters ("C", "R", "Go") count only as written (not "go").
    QStringList extract(const QString& text) const;
    // The same mentions counted (canonical name -> times mentioned, in taxonomy order) and
    // the number of words in the text: the term statistics of matching's text relevance.
    struct Mentions {
        QList<QPair<QString, int>> counts;
        int words = 0;
    };
    Mentions mentions(const QString& text) const;

private:
    struct Needle {
        QString text; // lower case
        int skill = 0;
    };
    std::vector<QString> m_names;
    QHash<QString, int> m_byKey; // lower-case name or alias -> index
    std::vector<Needle> m_needles; // longest first
    QHash<QChar, std::vector<int>> m_byFirst; // first character -> needle indexes, longest first
};

} // namespace rd
