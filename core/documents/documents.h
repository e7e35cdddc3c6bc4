#pragma once

#include "common/result.h"
#include "documents/textreaders.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// Document handling at the edge of the domain: type detection from content, text extraction
// (PDF through poppler-qt6, DOCX through QuaZip, TXT, HTML, RTF), PDF rendering of plain
// text (QTextDocument + QPdfWriter; needs a QGuiApplication, offscreen is fine) and zip
// archives. Nothing here touches the database.
namespace rd::documents {

// MIME type detected from the bytes, never from the file name: application/pdf,
// application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/zip,
// application/rtf, text/html, text/plain, image/png, image/jpeg, image/gif or
// application/octet-stream.
QString sniffMime(const QByteArray& content);
QString docxMime();
// Whether extractText() understands the type.
bool canExtract(const QString& mime);

// Plain text of a document. PDF, DOCX, RTF and HTML are read by recruitdesk-extract, a separate
// process with a time limit (RECRUITDESK_EXTRACT_TIMEOUT_MS, default 30 s) and a memory limit
// (RECRUITDESK_EXTRACT_MEMORY_MB, default 1024): a file that crashes or hangs the reader is
// validation_failed with reason "unreadable", and nothing else is affected. Other errors:
// validation_failed (reason "corrupt", "encrypted" or "too_large") when the file cannot be read
// as the type it claims to be. Plain text is decoded here.
Result<QString> extractText(const QByteArray& content, const QString& mime);
// The same in this process: the reader's own work (recruitdesk-extract runs it).
Result<QString> extractTextHere(const QByteArray& content, const QString& mime);
// The reader: RECRUITDESK_EXTRACTOR, else recruitdesk-extract beside the running program, else
// the build tree's; empty when there is none.
QString extractorPath();
// The reader's own process: no messages from the PDF library on standard error.
void silenceReaders();

// A4 PDF of a title and plain-text body.
Result<QByteArray> renderPdf(const QString& title, const QString& body, const QString& footer = {});

// Zip archive of (path, bytes) entries, and reading one back (entries larger than maxEntryBytes
// uncompressed are refused: zip bombs).
Result<QByteArray> zip(const QList<QPair<QString, QByteArray>>& entries);
Result<QList<QPair<QString, QByteArray>>> unzip(const QByteArray& archive, qint64 maxEntryBytes = 64LL << 20);
// A DOCX file's body (word/document.xml) unpacked, at most CAP bytes (else too_large); no
// other part is unpacked.
constexpr qint64 kMaxDocxBodyBytes = 32LL << 20;
Result<QByteArray> docxBody(const QByteArray& archive, qint64 cap = kMaxDocxBodyBytes);

// Minimal DOCX (one paragraph per line) — used by tests and the demo generator.
Result<QByteArray> makeDocx(const QString& text);

} // namespace rd::documents
