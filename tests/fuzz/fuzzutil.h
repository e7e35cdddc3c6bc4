#pragma once

#include <QByteArray>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

// What every fuzz target shares: the input as bytes, and a check that stops the run (a crash
// libFuzzer saves and reports) when a parser breaks a promise it makes.
namespace rd::fuzz {

inline QByteArray bytes(const uint8_t* data, size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), qsizetype(size));
}

// "First line, then the rest": targets that take two inputs split at the first newline.
inline std::pair<QByteArray, QByteArray> splitFirstLine(const QByteArray& in)
{
    const qsizetype nl = in.indexOf('\n');
    return nl < 0 ? std::pair { in, QByteArray() } : std::pair { in.left(nl), in.mid(nl + 1) };
}

[[noreturn]] inline void broken(const char* promise)
{
    std::fprintf(stderr, "fuzz: a promise is broken: %s\n", promise);
    std::abort();
}

} // namespace rd::fuzz

#define RD_FUZZ_CHECK(cond)                                                                                            \
    do {                                                                                                               \
        if (!(cond)) rd::fuzz::broken(#cond);                                                                          \
    } while (false)
