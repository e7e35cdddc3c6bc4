// The multipart/form-data parser (the public job board's apply form). Input: the Content-Type
// header, a newline, the body. Each part's data is bytes of the body, never more.
#include "fuzzutil.h"
#include "multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const auto [contentType, body] = rd::fuzz::splitFirstLine(rd::fuzz::bytes(data, size));
    qsizetype total = 0;
    for (const auto& part : rd::server::multipart::parseMultipart(body, contentType)) {
        RD_FUZZ_CHECK(body.contains(part.data));
        total += part.data.size();
    }
    RD_FUZZ_CHECK(total <= body.size());
    return 0;
}
