// The search box's parser: any text. The FTS5 expression it builds holds user text only
// inside quotes, and filters name only known fields.
#include "fuzzutil.h"
#include "recruiting/searchquery.h"

#include <QRegularExpression>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0) return 0;
    static const QString kinds[] = { QString(), QStringLiteral("candidate"), QStringLiteral("job") };
    const QString query = QString::fromUtf8(rd::fuzz::bytes(data + 1, size - 1));
    auto parsed = rd::searchquery::parse(query, kinds[data[0] % 3]);
    if (!parsed) {
        RD_FUZZ_CHECK(parsed.error().code == rd::ErrorCode::ValidationFailed);
        return 0;
    }
    const QString& match = parsed.value().match;
    RD_FUZZ_CHECK(match.count(QLatin1Char('"')) % 2 == 0);
    // Outside the quotes only the parser's own words: column names, ':', '*', brackets, OR, NOT.
    static const QRegularExpression quoted(QStringLiteral("\"[^\"]*\""));
    static const QRegularExpression own(QStringLiteral("^(?:[a-z_]+ : |\\*|[() ]|OR|NOT)*$"));
    RD_FUZZ_CHECK(own.match(QString(match).remove(quoted)).hasMatch());
    for (const auto& [field, value] : parsed.value().filters)
        RD_FUZZ_CHECK(field == QLatin1String("status") || field == QLatin1String("stage") || field == QLatin1String("source"));
    return 0;
}
