// The HTML-to-text reader (HTML CVs, HTML email bodies): any text, no crash, no hang; the text
// is never longer than the markup (tags go, entities shrink).
#include "documents/textreaders.h"
#include "fuzzutil.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString html = QString::fromUtf8(rd::fuzz::bytes(data, size));
    const QString text = rd::documents::htmlToText(html);
    RD_FUZZ_CHECK(text.size() <= html.size());
    return 0;
}
