// The CSV reader (import): any bytes, in any encoding, never crash or loop; line numbers only
// go forward and every record is read with a line of its own.
#include "fuzzutil.h"
#include "recruiting/csvreader.h"

#include <QBuffer>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    QByteArray in = rd::fuzz::bytes(data, size);
    QBuffer device(&in);
    device.open(QIODevice::ReadOnly);
    rd::CsvReader reader(device);
    QStringList fields;
    qint64 lastLine = 0;
    int records = 0;
    while (reader.next(fields)) {
        RD_FUZZ_CHECK(reader.line() > lastLine);
        RD_FUZZ_CHECK(++records <= qsizetype(size) + 1); // a record consumes input
        lastLine = reader.line();
    }
    return 0;
}
