#include "ids.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <mutex>

namespace rd {

QString newUuidV7(qint64 unixMs)
{
    static std::mutex mutex;
    static qint64 lastMs = 0;
    static quint16 counter = 0;

    quint16 randA = 0;
    {
        std::lock_guard lock(mutex);
        if (unixMs <= lastMs) {
            // Same (or earlier) millisecond: keep ids monotonic by bumping a 12-bit counter.
            unixMs = lastMs;
            if (++counter > 0x0FFF) {
                counter = 0;
                unixMs = ++lastMs;
            }
        } else {
            lastMs = unixMs;
            counter = static_cast<quint16>(QRandomGenerator::global()->bounded(0x0800));
        }
        randA = counter;
    }

    unsigned char b[16];
    const auto ms = static_cast<quint64>(unixMs);
    for (int i = 0; i < 6; ++i)
        b[i] = static_cast<unsigned char>((ms >> (40 - 8 * i)) & 0xFF);
    b[6] = static_cast<unsigned char>(0x70 | ((randA >> 8) & 0x0F));
    b[7] = static_cast<unsigned char>(randA & 0xFF);
    // A per-thread generator seeded from the OS: ids need to be unique and hard to guess,
    // not secret, and a syscall per id would dominate bulk writes.
    static thread_local QRandomGenerator64 rng = QRandomGenerator64::securelySeeded();
    quint64 r = rng.generate64();
    for (int i = 8; i < 16; ++i)
        b[i] = static_cast<unsigned char>((r >> (8 * (i - 8))) & 0xFF);
    b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F)); // variant 10

    static const char* hex = "0123456789abcdef";
    QString out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out += QLatin1Char('-');
        out += QLatin1Char(hex[b[i] >> 4]);
        out += QLatin1Char(hex[b[i] & 0x0F]);
    }
    return out;
}

QString newUuidV7()
{
    return newUuidV7(QDateTime::currentMSecsSinceEpoch());
}

bool isUuid(const QString& s)
{
    static const QRegularExpression re(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    return re.match(s).hasMatch();
}

} // namespace rd
