#pragma once

#include "common/result.h"

#include <QHash>
#include <QString>
#include <QStringList>

// Filling in template texts: {{name}} variables, {{name|fallback}} for an optional value. No
// database, no services: TemplateService uses it, and so does a fuzz target (tests/fuzz).
namespace rd::templates {

// Filled in by the sync server when it sends (each message its own signed link).
inline const QStringList kServerVariables { QStringLiteral("confirm_link"), QStringLiteral("unsubscribe_link") };
// What a link counts for in an SMS's length (the server's address and a token: about this long).
constexpr int kLinkLength = 64;

// What went wrong while filling in one or more texts: a stray brace stops at once; unknown and
// empty variables are collected (each once, in order of appearance) so all are named together.
struct Problems {
    QString syntaxNear;
    QStringList unknown, missing;
    bool any() const { return !syntaxNear.isNull() || !unknown.isEmpty() || !missing.isEmpty(); }
    Error error() const;
};

// TEXT with its variables replaced from VALUES (a variable mapped to an empty string has no
// value); what went wrong is added to PROBLEMS (the result is then not to be used). html:
// values are HTML-escaped. The used variables are appended to USED.
QString substitute(
    const QString& text, const QHash<QString, QString>& values, bool html, QStringList* used, Problems& problems);
// The same for one text, its problems as a validation_failed error.
Result<QString> renderText(const QString& text, const QHash<QString, QString>& values, bool html, QStringList* used = nullptr);
// Characters and segments of an SMS text (GSM 03.38 or UCS-2).
void smsLength(const QString& text, int* characters, int* segments, QString* encoding);

} // namespace rd::templates
