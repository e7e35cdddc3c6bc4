#pragma once
// Helpers shared by the CLI's command files.
#include "cli.h"

#include <QFile>
#include <QJsonArray>
#include <QSaveFile>

namespace rd::cli {

inline Result<QByteArray> readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound, QStringLiteral("Cannot read %1: %2").arg(path, f.errorString()));
    return f.readAll();
}

inline Status writeFile(const QString& path, const QByteArray& bytes)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        return makeError(ErrorCode::StorageError, QStringLiteral("Cannot write %1: %2").arg(path, f.errorString()));
    return {};
}

// --text T or --file F (UTF-8 text).
inline Result<QString> textArg(const Args& a)
{
    if (a.has(QStringLiteral("text")) == a.has(QStringLiteral("file")))
        return makeError(
            ErrorCode::ValidationFailed, QStringLiteral("Give the text with --text or --file (one of them)."));
    if (a.has(QStringLiteral("text"))) return a.value(QStringLiteral("text"));
    auto bytes = readFile(a.value(QStringLiteral("file")));
    if (!bytes) return bytes.error();
    return QString::fromUtf8(bytes.value());
}

inline int intOption(Cli& cli, const Args& a, const QString& name, int& out)
{
    bool ok = true;
    out = a.value(name, QStringLiteral("0")).toInt(&ok);
    return ok && out >= 0 ? Ok : cli.usage(QStringLiteral("--%1 takes a number").arg(name));
}

// A list verb's output: one JSON array, and one text line per item (or `empty`).
template <typename T, typename Json, typename Line>
int printList(Cli& cli, const Result<QList<T>>& list, Json json, Line line, const QString& empty)
{
    if (!list) return cli.fail(list.error());
    QJsonArray arr;
    QStringList lines;
    for (const T& item : list.value()) {
        arr << json(item);
        lines << line(item);
    }
    cli.print(arr, lines.isEmpty() ? empty : lines.join(QLatin1Char('\n')));
    return Ok;
}

inline QJsonObject same(const QJsonObject& o)
{
    return o;
}

// Writes a verb's bytes to --out and says so (the verb checks that --out was given).
inline int writeOut(Cli& cli, const Args& a, const Result<QByteArray>& bytes)
{
    if (!bytes) return cli.fail(bytes.error());
    const QString out = a.value(QStringLiteral("out"));
    if (auto st = writeFile(out, bytes.value()); !st) return cli.fail(st.error());
    cli.print(QJsonObject { { QStringLiteral("out"), out }, { QStringLiteral("bytes"), bytes.value().size() } },
        QStringLiteral("Wrote %1 (%2 bytes)").arg(out).arg(bytes.value().size()));
    return Ok;
}

// A command's run function for one verb of a handler taking the verb name.
template <typename Handler> auto verbOf(Handler handler, const char* verb)
{
    return [handler, v = QString::fromLatin1(verb)](Cli& c, const Args& a) { return handler(c, a, v); };
}

} // namespace rd::cli
