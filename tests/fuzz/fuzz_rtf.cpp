// The RTF-to-text reader (RTF CVs): any bytes, no crash, no hang, and never more text than
// the file could say (each character of output comes from at least one byte of input, \uN
// escapes included).
#include "documents/textreaders.h"
#include "fuzzutil.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = rd::documents::rtfToText(rd::fuzz::bytes(data, size));
    RD_FUZZ_CHECK(text.size() <= qsizetype(size) * 2);
    return 0;
}
