#include "documents.h"

#include "store/rowrules.h"

#include <poppler-qt6.h>
#include <quazip.h>
#include <quazipfile.h>
#include <quazipnewinfo.h>

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QSemaphore>
#include <QGuiApplication>
#include <QPageSize>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QTextCursor>
#include <QTextDocument>
#include <QXmlStreamReader>

namespace rd::documents {

namespace {
Error corrupt(const QString& what)
{
    return makeError(ErrorCode::ValidationFailed, what, { { QStringLiteral("field"), QStringLiteral("file") },
                                                             { QStringLiteral("reason"), QStringLiteral("corrupt") } });
}

bool zipHas(const QByteArray& content, const QString& path)
{
    QByteArray copy = content;
    QBuffer buffer(&copy);
    QuaZip z(&buffer);
    if (!z.open(QuaZip::mdUnzip))
        return false;
    const bool has = z.setCurrentFile(path);
    z.close();
    return has;
}

bool looksLikeText(const QByteArray& content)
{
    const QByteArray head = content.left(64 * 1024);
    if (head.contains('\0'))
        return false;
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8(head);
    // A multi-byte sequence cut at the 64 KiB boundary is not an error.
    if (utf8.hasError() && head.size() < content.size() && text.size() > 0)
        return true;
    if (!utf8.hasError())
        return true;
    // Latin-1 text: printable bytes and common whitespace only.
    for (char c : head) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
            return false;
    }
    return true;
}

QString decodeText(const QByteArray& content)
{
    QStringDecoder utf8(QStringDecoder::Utf8);
    QString text = utf8(content);
    if (utf8.hasError())
        text = QString::fromLatin1(content);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    return text;
}
} // namespace

QString docxMime() { return QStringLiteral("application/vnd.openxmlformats-officedocument.wordprocessingml.document"); }

QString sniffMime(const QByteArray& c)
{
    if (c.startsWith("%PDF-"))
        return QStringLiteral("application/pdf");
    if (c.startsWith("PK\x03\x04"))
        return zipHas(c, QStringLiteral("word/document.xml")) ? docxMime() : QStringLiteral("application/zip");
    if (c.startsWith("{\\rtf"))
        return QStringLiteral("application/rtf");
    if (c.startsWith("\x89PNG\r\n\x1a\n"))
        return QStringLiteral("image/png");
    if (c.startsWith("\xFF\xD8\xFF"))
        return QStringLiteral("image/jpeg");
    if (c.startsWith("GIF87a") || c.startsWith("GIF89a"))
        return QStringLiteral("image/gif");
    if (!looksLikeText(c))
        return QStringLiteral("application/octet-stream");
    const QByteArray head = c.left(1024).trimmed().toLower();
    const QByteArray noBom = head.startsWith("\xef\xbb\xbf") ? head.mid(3) : head;
    if (noBom.startsWith("<!doctype html") || noBom.startsWith("<html") || (noBom.startsWith("<") && head.contains("<body")))
        return QStringLiteral("text/html");
    return QStringLiteral("text/plain");
}

bool canExtract(const QString& mime)
{
    return mime == QLatin1String("application/pdf") || mime == docxMime() || mime == QLatin1String("text/plain")
        || mime == QLatin1String("text/html") || mime == QLatin1String("application/rtf");
}

namespace {
Result<QString> extractRaw(const QByteArray& content, const QString& mime);
} // namespace

namespace {
Error unreadable(const QString& why)
{
    return makeError(ErrorCode::ValidationFailed, QStringLiteral("The document could not be read: %1.").arg(why),
        { { QStringLiteral("field"), QStringLiteral("file") }, { QStringLiteral("reason"), QStringLiteral("unreadable") } });
}
} // namespace

void silenceReaders()
{
    // poppler reports every broken object of a PDF on standard error (megabytes of it for a
    // file made of broken objects).
    Poppler::setDebugErrorFunction([](const QString&, const QVariant&) {}, QVariant());
}

QString extractorPath()
{
    const QString given = qEnvironmentVariable("RECRUITDESK_EXTRACTOR");
    if (!given.isEmpty())
        return QFileInfo(given).isAbsolute() ? given : QString(); // never looked up through PATH
#ifdef Q_OS_WIN
    const QString name = QStringLiteral("recruitdesk-extract.exe");
#else
    const QString name = QStringLiteral("recruitdesk-extract");
#endif
    if (QCoreApplication::instance()) {
        const QString beside = QCoreApplication::applicationDirPath() + QLatin1Char('/') + name;
        if (QFileInfo(beside).isExecutable())
            return beside;
    }
#if defined(RD_EXTRACT_BUILD_PATH) && defined(RD_BUILD_DIR)
    // A build tree's, for programs running from that build tree only (tests, scripts/run.sh);
    // an installed program never runs what sits at its builder's path.
    if (QCoreApplication::instance() && QCoreApplication::applicationDirPath().startsWith(QStringLiteral(RD_BUILD_DIR))
        && QFileInfo(QStringLiteral(RD_EXTRACT_BUILD_PATH)).isExecutable())
        return QStringLiteral(RD_EXTRACT_BUILD_PATH);
#endif
    return {};
}

Result<QString> extractText(const QByteArray& content, const QString& mime)
{
    // Plain text is only decoded; the readers of other formats (poppler, the zip and XML
    // readers, RTF and HTML) run in recruitdesk-extract with a time and a memory limit: a file
    // that crashes or hangs them costs that process only.
    if (mime == QLatin1String("text/plain") || !canExtract(mime))
        return extractTextHere(content, mime);
    const QString helper = extractorPath();
    if (helper.isEmpty())
        return unreadable(QStringLiteral("the document reader (recruitdesk-extract) is not installed beside this program"));
    // Two readers at a time per process (the server's workers, the desktop's jobs); the others
    // wait their turn within the time limit.
    static QSemaphore readers(2);
    bool ok = false;
    int timeoutMs = qEnvironmentVariableIntValue("RECRUITDESK_EXTRACT_TIMEOUT_MS", &ok);
    if (!ok || timeoutMs <= 0)
        timeoutMs = 30000;
    if (!readers.tryAcquire(1, timeoutMs))
        return unreadable(QStringLiteral("other documents were being read; try again"));
    const QSemaphoreReleaser release(readers);
    QProcess p;
    p.setProgram(helper);
    p.setArguments({ mime });
    // Nothing of this process's environment (passwords, key passphrases) but the reader's own
    // settings and the locale.
    QProcessEnvironment env;
    env.insert(QStringLiteral("RECRUITDESK_EXTRACT_CHILD"), QStringLiteral("1")); // (an empty one would be inherited)
    const QProcessEnvironment mine = QProcessEnvironment::systemEnvironment();
    for (const QString& key : mine.keys())
        if (key.startsWith(QLatin1String("RECRUITDESK_EXTRACT_")) || key == QLatin1String("LANG") || key == QLatin1String("LC_ALL"))
            env.insert(key, mine.value(key));
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(QDir::rootPath());
    p.start();
    if (!p.waitForStarted(10000))
        return unreadable(QStringLiteral("the document reader did not start (%1)").arg(p.errorString()));
    p.write(content);
    p.closeWriteChannel();
    // What comes back is read as it comes, with caps: the text (UTF-8, at most kMaxText
    // characters of up to 4 bytes), and the reader's own last words on standard error.
    constexpr qsizetype kMaxOut = qsizetype(rowrules::kMaxText) * 4 + 4096;
    constexpr qsizetype kMaxErr = 64 * 1024;
    QByteArray out, err;
    QElapsedTimer clock;
    clock.start();
    const auto kill = [&p] {
        p.kill();
        p.waitForFinished(5000);
    };
    while (p.state() != QProcess::NotRunning) {
        const qint64 left = timeoutMs - clock.elapsed();
        if (left <= 0) {
            kill();
            return unreadable(QStringLiteral("reading it took longer than %1 seconds").arg(timeoutMs / 1000.0));
        }
        p.waitForReadyRead(int(qMin<qint64>(left, 250)));
        out += p.readAllStandardOutput();
        err += p.readAllStandardError();
        if (out.size() > kMaxOut || err.size() > kMaxErr) {
            kill();
            return unreadable(QStringLiteral("the reader produced more than a document's text"));
        }
    }
    out += p.readAllStandardOutput();
    err += p.readAllStandardError();
    if (p.exitStatus() == QProcess::CrashExit)
        return unreadable(QStringLiteral("the reader stopped on it (or ran out of memory)"));
    if (p.exitCode() == 2) {
        // The reader's own verdict, its last line: "reason<TAB>message".
        const QString said = QString::fromUtf8(err).trimmed().section(QLatin1Char('\n'), -1);
        const QString reason = said.contains(QLatin1Char('\t')) ? said.section(QLatin1Char('\t'), 0, 0) : QString();
        return makeError(ErrorCode::ValidationFailed, said.section(QLatin1Char('\t'), 1).left(500),
            { { QStringLiteral("field"), QStringLiteral("file") }, { QStringLiteral("reason"), reason.isEmpty() ? QStringLiteral("corrupt") : reason } });
    }
    if (p.exitCode() != 0)
        return unreadable(QStringLiteral("the reader failed (exit %1)").arg(p.exitCode()));
    return QString::fromUtf8(out).left(rowrules::kMaxText);
}

Result<QString> extractTextHere(const QByteArray& content, const QString& mime)
{
    // No NUL character in any extracted text: it cannot be stored on the sync server, and a
    // PDF's or a text file's text may carry one.
    auto text = extractRaw(content, mime);
    if (!text)
        return text.error();
    QString t = text.value();
    t.remove(QChar(0));
    // At most what search, matching and the sync server take (a small PDF can repeat one page's
    // text into hundreds of megabytes).
    if (t.size() > rowrules::kMaxText)
        t.truncate(rowrules::kMaxText);
    return t;
}

namespace {
Result<QString> extractRaw(const QByteArray& content, const QString& mime)
{
    if (mime == QLatin1String("application/pdf")) {
        std::unique_ptr<Poppler::Document> doc = Poppler::Document::loadFromData(content);
        if (!doc)
            return corrupt(QStringLiteral("The PDF cannot be read."));
        if (doc->isLocked())
            return makeError(ErrorCode::ValidationFailed, QStringLiteral("The PDF is password protected."),
                { { QStringLiteral("field"), QStringLiteral("file") }, { QStringLiteral("reason"), QStringLiteral("encrypted") } });
        QStringList pages;
        for (int p = 0; p < doc->numPages(); ++p) {
            std::unique_ptr<Poppler::Page> page = doc->page(p);
            if (page)
                pages << page->text(QRectF());
        }
        return pages.join(QLatin1Char('\n')).trimmed();
    }
    if (mime == docxMime()) {
        // Only the document's body, read with a cap whatever the archive says of its sizes: a
        // small upload may expand to gigabytes, and the other parts (images, fonts) hold no text.
        auto body = docxBody(content, kMaxDocxBodyBytes);
        if (!body)
            return body.error();
        const QByteArray& xml = body.value();
        QXmlStreamReader r(xml);
        QString out;
        while (!r.atEnd()) {
            r.readNext();
            if (r.isStartElement()) {
                const auto name = r.name();
                if (name == QLatin1String("t"))
                    out += r.readElementText();
                else if (name == QLatin1String("tab"))
                    out += QLatin1Char('\t');
                else if (name == QLatin1String("br"))
                    out += QLatin1Char('\n');
            } else if (r.isEndElement() && r.name() == QLatin1String("p")) {
                out += QLatin1Char('\n');
            }
        }
        if (r.hasError())
            return corrupt(QStringLiteral("The DOCX document body is not valid XML."));
        return out.trimmed();
    }
    if (mime == QLatin1String("text/plain"))
        return decodeText(content).trimmed();
    if (mime == QLatin1String("text/html"))
        return htmlToText(decodeText(content));
    if (mime == QLatin1String("application/rtf"))
        return rtfToText(content);
    return makeError(ErrorCode::ValidationFailed, QStringLiteral("Text cannot be extracted from %1 files.").arg(mime),
        { { QStringLiteral("field"), QStringLiteral("file") }, { QStringLiteral("reason"), QStringLiteral("unsupported") } });
}
} // namespace

Result<QByteArray> renderPdf(const QString& title, const QString& body, const QString& footer)
{
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return makeError(ErrorCode::Internal, QStringLiteral("PDF rendering needs a QGuiApplication (QT_QPA_PLATFORM=offscreen is enough)."));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(300);
        writer.setTitle(title);
        writer.setCreator(QStringLiteral("RecruitDesk"));
        QTextDocument doc;
        doc.setDocumentMargin(20);
        QTextCursor cursor(&doc);
        QTextCharFormat heading;
        heading.setFontPointSize(16);
        heading.setFontWeight(QFont::Bold);
        QTextCharFormat normal;
        normal.setFontPointSize(10);
        cursor.insertText(title, heading);
        cursor.insertBlock();
        cursor.insertBlock();
        cursor.insertText(body, normal);
        if (!footer.isEmpty()) {
            QTextCharFormat small;
            small.setFontPointSize(8);
            cursor.insertBlock();
            cursor.insertBlock();
            cursor.insertText(footer, small);
        }
        doc.print(&writer);
    }
    buffer.close();
    if (!bytes.startsWith("%PDF-"))
        return makeError(ErrorCode::Internal, QStringLiteral("The PDF could not be written."));
    return bytes;
}

Result<QByteArray> zip(const QList<QPair<QString, QByteArray>>& entries)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    QuaZip z(&buffer);
    z.setUtf8Enabled(true);
    if (!z.open(QuaZip::mdCreate))
        return makeError(ErrorCode::Internal, QStringLiteral("cannot create the zip archive"));
    for (const auto& [path, data] : entries) {
        QuaZipFile f(&z);
        if (!f.open(QIODevice::WriteOnly, QuaZipNewInfo(path)))
            return makeError(ErrorCode::Internal, QStringLiteral("cannot add %1 to the zip archive").arg(path));
        if (f.write(data) != data.size())
            return makeError(ErrorCode::Internal, QStringLiteral("cannot write %1 to the zip archive").arg(path));
        f.close();
    }
    z.close();
    if (z.getZipError() != 0)
        return makeError(ErrorCode::Internal, QStringLiteral("cannot finish the zip archive"));
    return bytes;
}

Result<QList<QPair<QString, QByteArray>>> unzip(const QByteArray& archive, qint64 maxEntryBytes)
{
    QByteArray copy = archive;
    QBuffer buffer(&copy);
    QuaZip z(&buffer);
    if (!z.open(QuaZip::mdUnzip))
        return corrupt(QStringLiteral("The zip archive cannot be read."));
    QList<QPair<QString, QByteArray>> out;
    for (bool more = z.goToFirstFile(); more; more = z.goToNextFile()) {
        QuaZipFileInfo64 info;
        if (!z.getCurrentFileInfo(&info))
            return corrupt(QStringLiteral("The zip archive cannot be read."));
        if (static_cast<qint64>(info.uncompressedSize) > maxEntryBytes)
            return corrupt(QStringLiteral("An entry of the zip archive is too large."));
        QuaZipFile f(&z);
        if (!f.open(QIODevice::ReadOnly))
            return corrupt(QStringLiteral("The zip archive cannot be read."));
        QByteArray data = f.read(maxEntryBytes + 1);
        f.close();
        if (data.size() > maxEntryBytes)
            return corrupt(QStringLiteral("An entry of the zip archive is too large."));
        out.append({ info.name, data });
    }
    z.close();
    return out;
}

Result<QByteArray> docxBody(const QByteArray& archive, qint64 cap)
{
    QByteArray copy = archive;
    QBuffer buffer(&copy);
    QuaZip z(&buffer);
    if (!z.open(QuaZip::mdUnzip))
        return corrupt(QStringLiteral("The DOCX file cannot be read."));
    if (!z.setCurrentFile(QStringLiteral("word/document.xml")))
        return corrupt(QStringLiteral("The DOCX file has no document body."));
    QuaZipFile f(&z);
    if (!f.open(QIODevice::ReadOnly))
        return corrupt(QStringLiteral("The DOCX file cannot be read."));
    QByteArray out;
    QByteArray chunk(1 << 16, Qt::Uninitialized);
    for (;;) {
        const qint64 n = f.read(chunk.data(), chunk.size());
        if (n < 0)
            return corrupt(QStringLiteral("The DOCX file cannot be read."));
        if (n == 0)
            break;
        out.append(chunk.constData(), n);
        if (out.size() > cap)
            return makeError(ErrorCode::ValidationFailed,
                QStringLiteral("The DOCX document body is larger than %1 MB unpacked.").arg(cap >> 20),
                { { QStringLiteral("field"), QStringLiteral("file") }, { QStringLiteral("reason"), QStringLiteral("too_large") } });
    }
    f.close();
    if (out.isEmpty())
        return corrupt(QStringLiteral("The DOCX file has no document body."));
    return out;
}

Result<QByteArray> makeDocx(const QString& text)
{
    QString body;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        QString esc = line.toHtmlEscaped();
        body += QStringLiteral("<w:p><w:r><w:t xml:space=\"preserve\">%1</w:t></w:r></w:p>").arg(esc);
    }
    const QByteArray document = QStringLiteral(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>%1</w:body></w:document>")
                                    .arg(body)
                                    .toUtf8();
    const QByteArray types =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/word/document.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    const QByteArray rels =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
        "Target=\"word/document.xml\"/></Relationships>";
    return zip({ { QStringLiteral("[Content_Types].xml"), types }, { QStringLiteral("_rels/.rels"), rels },
        { QStringLiteral("word/document.xml"), document } });
}

} // namespace rd::documents
