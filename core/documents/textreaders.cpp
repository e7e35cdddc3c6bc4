#include "textreaders.h"

#include <QHash>
#include <QRegularExpression>

namespace rd::documents {

namespace {

// <script>, <style> and <head> go with what they hold. One pass: a closing tag looked for once
// and not found is not looked for again after that point (a regex did, for each opening tag:
// "<script>" 8,192 times took 4 s, 256 KB 53 s; tests/fuzz/regressions/fuzz_html). A block
// left open keeps its text (sloppy pages leave <head> open before the body).
QString withoutBlocks(const QString& html)
{
    static const QRegularExpression opener(
        QStringLiteral("<(script|style|head)\\b[^>]*>"), QRegularExpression::CaseInsensitiveOption);
    QHash<QString, qsizetype> noCloserFrom; // kind -> no closing tag at or after this position
    QString out;
    out.reserve(html.size());
    qsizetype pos = 0;
    for (auto m = opener.match(html, pos); m.hasMatch(); m = opener.match(html, pos)) {
        const QString kind = m.captured(1).toLower();
        const QString closer = QStringLiteral("</") + kind;
        qsizetype end = -1;
        if (!noCloserFrom.contains(kind) || noCloserFrom.value(kind) > m.capturedEnd()) {
            for (qsizetype at = html.indexOf(closer, m.capturedEnd(), Qt::CaseInsensitive); at >= 0;
                 at = html.indexOf(closer, at + 1, Qt::CaseInsensitive)) {
                qsizetype k = at + closer.size();
                while (k < html.size() && html.at(k).isSpace())
                    ++k;
                if (k < html.size() && html.at(k) == QLatin1Char('>')) {
                    end = k + 1;
                    break;
                }
            }
            if (end < 0)
                noCloserFrom.insert(kind, m.capturedEnd());
        }
        if (end < 0) { // left open: the opening tag stays (removed with the other tags)
            out += QStringView(html).mid(pos, m.capturedEnd() - pos);
            pos = m.capturedEnd();
            continue;
        }
        out += QStringView(html).mid(pos, m.capturedStart() - pos);
        pos = end;
    }
    out += QStringView(html).mid(pos);
    return out;
}

// A numeric character reference's character; U+FFFD for what is no character.
QString character(uint code)
{
    if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return QString(QChar::ReplacementCharacter);
    const char32_t c = char32_t(code);
    return QString::fromUcs4(&c, 1);
}

} // namespace

QString htmlToText(const QString& html)
{
    QString s = withoutBlocks(html);
    static const QRegularExpression breaks(QStringLiteral("<\\s*(br|/p|/div|/li|/h[1-6]|/tr)\\b[^>]*>"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    static const QRegularExpression spaces(QStringLiteral("[ \\t]+"));
    static const QRegularExpression blankLines(QStringLiteral("\\n\\s*\\n+"));
    s.replace(breaks, QStringLiteral("\n"));
    s.remove(tags);
    // Entities: the common named ones and numeric references.
    static const QRegularExpression entity(QStringLiteral("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);"));
    QString out;
    qsizetype last = 0;
    auto it = entity.globalMatch(s);
    while (it.hasNext()) {
        const auto m = it.next();
        out += QStringView(s).mid(last, m.capturedStart() - last);
        const QString e = m.captured(1);
        if (e.startsWith(QLatin1String("#x")))
            out += character(e.mid(2).toUInt(nullptr, 16));
        else if (e.startsWith(QLatin1Char('#')))
            out += character(e.mid(1).toUInt());
        else if (e == QLatin1String("amp"))
            out += QLatin1Char('&');
        else if (e == QLatin1String("lt"))
            out += QLatin1Char('<');
        else if (e == QLatin1String("gt"))
            out += QLatin1Char('>');
        else if (e == QLatin1String("quot"))
            out += QLatin1Char('"');
        else if (e == QLatin1String("apos"))
            out += QLatin1Char('\'');
        else
            out += QLatin1Char(' ');
        last = m.capturedEnd();
    }
    out += QStringView(s).mid(last);
    out.replace(spaces, QStringLiteral(" "));
    out.replace(blankLines, QStringLiteral("\n\n"));
    return out.trimmed();
}

QString rtfToText(const QByteArray& rtf)
{
    // Groups nest; destinations ({\*...}, font/colour tables, pictures, document info) are skipped.
    static const QList<QByteArray> skipped { "fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "footer",
        "listtable", "listoverridetable", "generator", "themedata", "datastore", "latentstyles" };
    QString out;
    QList<bool> skipStack { false };
    int ucSkip = 1;
    qsizetype i = 0;
    const qsizetype n = rtf.size();
    while (i < n) {
        const char c = rtf[i];
        if (c == '{') {
            skipStack.append(skipStack.last());
            ++i;
            if (i + 1 < n && rtf[i] == '\\' && rtf[i + 1] == '*') {
                skipStack.last() = true;
                i += 2;
            }
            continue;
        }
        if (c == '}') {
            if (skipStack.size() > 1)
                skipStack.removeLast();
            ++i;
            continue;
        }
        const bool skip = skipStack.last();
        if (c == '\\') {
            ++i;
            if (i >= n)
                break;
            const char d = rtf[i];
            if (d == '\\' || d == '{' || d == '}') {
                if (!skip)
                    out += QLatin1Char(d);
                ++i;
                continue;
            }
            if (d == '\'') {
                if (!skip && i + 2 < n)
                    out += QChar(static_cast<ushort>(rtf.mid(i + 1, 2).toUShort(nullptr, 16))); // cp1252 ~ Latin-1
                i += 3;
                continue;
            }
            if (!std::isalpha(static_cast<unsigned char>(d))) {
                if (d == '~' && !skip)
                    out += QLatin1Char(' ');
                ++i;
                continue;
            }
            qsizetype start = i;
            while (i < n && std::isalpha(static_cast<unsigned char>(rtf[i])))
                ++i;
            const QByteArray word = rtf.mid(start, i - start);
            qsizetype numStart = i;
            if (i < n && (rtf[i] == '-' || std::isdigit(static_cast<unsigned char>(rtf[i])))) {
                ++i;
                while (i < n && std::isdigit(static_cast<unsigned char>(rtf[i])))
                    ++i;
            }
            const bool hasNum = i > numStart;
            const int num = hasNum ? rtf.mid(numStart, i - numStart).toInt() : 0;
            if (i < n && rtf[i] == ' ')
                ++i;
            if (skipped.contains(word)) {
                skipStack.last() = true;
                continue;
            }
            if (skip)
                continue;
            if (word == "par" || word == "line" || word == "row")
                out += QLatin1Char('\n');
            else if (word == "tab" || word == "cell")
                out += QLatin1Char('\t');
            else if (word == "uc")
                ucSkip = num;
            else if (word == "u") {
                out += QChar(static_cast<ushort>(num < 0 ? num + 65536 : num));
                // Skip the fallback characters that follow \uN.
                for (int k = 0; k < ucSkip && i < n; ++k) {
                    if (rtf[i] == '\\' && i + 1 < n && rtf[i + 1] == '\'')
                        i += 4;
                    else
                        ++i;
                }
            }
            continue;
        }
        if (!skip && c != '\r' && c != '\n')
            out += QLatin1Char(c);
        ++i;
    }
    return out.trimmed();
}

} // namespace rd::documents
