#pragma once

#include <QString>

namespace rd {

// UUIDv7 (RFC 9562): 48-bit Unix ms timestamp, version 7, 74 random bits.
// Made on the device so offline creation never collides; time-ordered for index locality.
// Within one process the ids are strictly increasing (monotonic counter in rand_a).
QString newUuidV7(qint64 unixMs);
QString newUuidV7();

bool isUuid(const QString& s);

} // namespace rd
