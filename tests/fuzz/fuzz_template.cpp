// The template renderer (outreach): any template text and values. Input: the template, a
// newline, then "name=value" lines. A rendered text has no {{...}} of its own making left, an
// HTML rendering escapes every value, and the SMS length is counted for anything.
#include "fuzzutil.h"
#include "outreach/templaterender.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const auto [first, rest] = rd::fuzz::splitFirstLine(rd::fuzz::bytes(data, size));
    const QString text = QString::fromUtf8(first);
    QHash<QString, QString> values;
    for (const QByteArray& line : rest.split('\n')) {
        const qsizetype eq = line.indexOf('=');
        if (eq > 0) values.insert(QString::fromUtf8(line.left(eq)).toLower(), QString::fromUtf8(line.mid(eq + 1)));
    }
    for (const bool html : { false, true }) {
        QStringList used;
        auto out = rd::templates::renderText(text, values, html, &used);
        if (!out) {
            RD_FUZZ_CHECK(out.error().code == rd::ErrorCode::ValidationFailed);
            continue;
        }
        for (const QString& name : used) RD_FUZZ_CHECK(values.contains(name));
        if (html) {
            // Every value went in escaped: no '<' unless the template or a server link had one.
            bool valueHasLt = false;
            for (auto it = values.constBegin(); it != values.constEnd(); ++it)
                valueHasLt |= used.contains(it.key()) && it.value().contains(QLatin1Char('<'))
                    && !rd::templates::kServerVariables.contains(it.key());
            if (!text.contains(QLatin1Char('<')) && valueHasLt) {
                bool serverLt = false;
                for (const QString& v : rd::templates::kServerVariables)
                    serverLt |= used.contains(v) && values.value(v).contains(QLatin1Char('<'));
                RD_FUZZ_CHECK(serverLt || !out.value().contains(QLatin1Char('<')));
            }
        }
        int characters = 0, segments = 0;
        QString encoding;
        rd::templates::smsLength(out.value(), &characters, &segments, &encoding);
        RD_FUZZ_CHECK(characters >= 0 && segments >= 0 && (characters == 0) == (segments == 0));
    }
    return 0;
}
