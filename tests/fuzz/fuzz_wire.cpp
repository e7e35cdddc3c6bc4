// The sync protocol's decoders (CBOR from laptops and from the server). The first byte picks
// the message; the rest is its body. What decodes encodes again, and that encoding decodes to
// the same encoding (nothing a client sends is read two ways).
#include "fuzzutil.h"
#include "protocol/wire.h"

namespace {
template <typename T> void roundTrip(const QByteArray& body)
{
    auto decoded = T::fromCbor(body);
    if (!decoded) {
        RD_FUZZ_CHECK(!decoded.error().message.isEmpty());
        return;
    }
    const QByteArray once = decoded.value().toCbor();
    auto again = T::fromCbor(once);
    RD_FUZZ_CHECK(again.ok());
    RD_FUZZ_CHECK(again.value().toCbor() == once);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0) return 0;
    const QByteArray body = rd::fuzz::bytes(data + 1, size - 1);
    switch (data[0] % 5) {
    case 0: roundTrip<rd::sync::PushRequest>(body); break;
    case 1: roundTrip<rd::sync::PushResponse>(body); break;
    case 2: roundTrip<rd::sync::PullResponse>(body); break;
    case 3: roundTrip<rd::sync::AuditPushRequest>(body); break;
    default: roundTrip<rd::sync::AuditPushResponse>(body); break;
    }
    return 0;
}
