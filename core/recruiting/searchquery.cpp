#include "searchquery.h"

#include "auth/validation.h"

#include <QHash>

namespace rd::searchquery {

QString quoteTerm(const QString& t)
{
    return QLatin1Char('"') + QString(t).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

namespace {
Error bad(const QString& message) { return validate::failed(QStringLiteral("query"), message, QStringLiteral("syntax")); }

struct Token {
    QString text;
    bool phrase = false;
    bool prefix = false;
    bool negated = false;
    QString field;
    bool isOr = false;
};
} // namespace

Result<ParsedQuery> parse(const QString& query, const QString& kind)
{
    const QString q = query.trimmed();
    if (q.isEmpty())
        return bad(QStringLiteral("The search is empty."));
    if (q.size() > 1000)
        return bad(QStringLiteral("The search is longer than 1000 characters."));

    // Tokenise: whitespace separates; "..." groups; a leading '-' negates; field:value.
    QList<Token> tokens;
    int i = 0;
    while (i < q.size()) {
        if (q[i].isSpace()) {
            ++i;
            continue;
        }
        Token t;
        if (q[i] == QLatin1Char('-')) {
            t.negated = true;
            ++i;
        }
        int start = i;
        // field:
        while (i < q.size() && (q[i].isLetter() || q[i] == QLatin1Char('_')))
            ++i;
        if (i < q.size() && q[i] == QLatin1Char(':') && i > start) {
            t.field = q.mid(start, i - start).toLower();
            ++i;
        } else {
            i = start;
        }
        if (i < q.size() && q[i] == QLatin1Char('"')) {
            const int end = int(q.indexOf(QLatin1Char('"'), i + 1));
            if (end < 0)
                return bad(QStringLiteral("A quote is not closed."));
            t.text = q.mid(i + 1, end - i - 1).trimmed();
            t.phrase = true;
            i = end + 1;
        } else {
            start = i;
            while (i < q.size() && !q[i].isSpace())
                ++i;
            t.text = q.mid(start, i - start);
            if (t.text.endsWith(QLatin1Char('*'))) {
                t.prefix = true;
                t.text.chop(1);
            }
        }
        if (!t.phrase && t.field.isEmpty() && !t.negated && t.text == QLatin1String("OR")) {
            t.isOr = true;
            tokens << t;
            continue;
        }
        // Keep letters and digits (and inner punctuation the tokenizer splits anyway).
        if (t.text.isEmpty() || t.text.contains(QLatin1Char('"')) || t.text.contains(QLatin1Char('*')))
            return bad(t.text.isEmpty() ? QStringLiteral("A term is empty (a lone '-', ':' or '*'?).")
                                        : QStringLiteral("'%1' is not a valid term.").arg(t.text));
        tokens << t;
    }

    static const QHash<QString, QString> candidateColumns { { QStringLiteral("skill"), QStringLiteral("skills") },
        { QStringLiteral("tag"), QStringLiteral("tags") }, { QStringLiteral("city"), QStringLiteral("location") },
        { QStringLiteral("name"), QStringLiteral("name") } };
    static const QHash<QString, QString> jobColumns { { QStringLiteral("skill"), QStringLiteral("skills") },
        { QStringLiteral("tag"), QStringLiteral("tags") }, { QStringLiteral("city"), QStringLiteral("location") },
        { QStringLiteral("title"), QStringLiteral("title") } };
    static const QStringList sqlFilters { QStringLiteral("status"), QStringLiteral("stage"), QStringLiteral("source") };

    ParsedQuery out;
    QStringList positive;
    QStringList negative;
    bool pendingOr = false;
    for (const Token& t : tokens) {
        if (t.isOr) {
            if (positive.isEmpty() || pendingOr)
                return bad(QStringLiteral("OR needs a term on both sides."));
            pendingOr = true;
            continue;
        }
        if (sqlFilters.contains(t.field)) {
            if (t.negated || t.prefix)
                return bad(QStringLiteral("%1: takes one plain value.").arg(t.field));
            out.filters.append({ t.field, t.text });
            continue;
        }
        QString expr = quoteTerm(t.text) + (t.prefix ? QStringLiteral("*") : QString());
        if (!t.field.isEmpty()) {
            const auto& cols = kind == QLatin1String("job") ? jobColumns : candidateColumns;
            if (!cols.contains(t.field))
                return bad(QStringLiteral("Unknown filter '%1:'. Filters: skill:, tag:, city:, status:, stage:, source:.").arg(t.field));
            expr = cols.value(t.field) + QStringLiteral(" : ") + expr;
        }
        if (t.negated) {
            negative << expr;
            continue;
        }
        if (pendingOr) {
            positive.last() = QLatin1Char('(') + positive.last() + QStringLiteral(" OR ") + expr + QLatin1Char(')');
            pendingOr = false;
        } else {
            positive << expr;
        }
    }
    if (pendingOr)
        return bad(QStringLiteral("OR needs a term on both sides."));
    if (positive.isEmpty() && !negative.isEmpty())
        return bad(QStringLiteral("A search cannot only exclude; add a term to look for."));
    if (!positive.isEmpty()) {
        out.match = positive.join(QLatin1Char(' '));
        for (const QString& n : negative)
            out.match += QStringLiteral(" NOT ") + n;
    }
    if (out.match.isEmpty() && out.filters.isEmpty())
        return bad(QStringLiteral("The search has nothing to look for."));
    return out;
}

} // namespace rd::searchquery
