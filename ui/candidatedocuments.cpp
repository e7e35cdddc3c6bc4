#include "candidatedocuments.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "errormodel.h"
#include "userfiles.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

CandidateDocuments::CandidateDocuments(QObject* parent)
    : QObject(parent)
{
    m_poll.setInterval(1000);
    connect(&m_poll, &QTimer::timeout, this, [this] { reload(); });
}

void CandidateDocuments::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
    reload();
}

void CandidateDocuments::setCandidateId(const QString& id)
{
    if (m_id == id) return;
    m_id = id;
    m_from = m_to = 0;
    Q_EMIT candidateIdChanged();
    reload();
}

bool CandidateDocuments::reload()
{
    m_name.clear();
    m_versions.clear();
    m_variants.clear();
    m_attachments.clear();
    m_jobs.clear();
    m_extracting = false;
    bool ok = false;
    if (m_controller && m_controller->signedIn() && !m_id.isEmpty()) {
        rd::Workspace* ws = m_controller->workspace();
        const rd::Session& s = m_controller->session();
        auto c = ws->candidates().get(s, m_id);
        if (!c) {
            ErrorModel::instance()->report(c.error());
        } else {
            ok = true;
            m_name = c.value().firstName + QLatin1Char(' ') + c.value().lastName;
            // What the reader may not see stays empty rather than failing the page.
            if (auto v = ws->cvs().versions(s, m_id))
                for (const rd::CvVersion& cv : v.value())
                    m_versions << cv.toJson().toVariantMap();
            QHash<QString, QString> titles;
            if (auto apps = ws->applications().listForCandidate(s, m_id))
                for (const rd::Application& a : apps.value()) {
                    titles.insert(a.jobId, a.jobTitle);
                    m_jobs << QVariantMap { { QStringLiteral("id"), a.jobId },
                        { QStringLiteral("title"), a.jobTitle } };
                }
            if (auto v = ws->cvs().variants(s, m_id))
                for (const rd::CvVariant& cv : v.value()) {
                    QVariantMap m = cv.toJson().toVariantMap();
                    QString title = titles.value(cv.jobId);
                    if (title.isEmpty())
                        if (auto j = ws->postings().get(s, cv.jobId)) title = j.value().title;
                    m.insert(QStringLiteral("job_title"), title);
                    m_variants << m;
                }
            if (auto a = ws->attachments().list(s, m_id))
                for (const rd::Attachment& at : a.value()) {
                    m_attachments << at.toJson().toVariantMap();
                    if (at.extraction == QLatin1String("pending")) m_extracting = true;
                }
        }
    }
    if (m_extracting && !m_poll.isActive())
        m_poll.start();
    else if (!m_extracting)
        m_poll.stop();
    Q_EMIT changed();
    // Keep the comparison valid: by default the latest version against the one before.
    const int latest = m_versions.isEmpty() ? 0 : m_versions.first().toMap().value(QStringLiteral("version")).toInt();
    if (m_to == 0 || m_to > latest || m_from > latest)
        compare(latest > 1 ? latest - 1 : latest, latest);
    else
        compare(m_from, m_to);
    return ok;
}

bool CandidateDocuments::compare(int from, int to)
{
    m_from = from;
    m_to = to;
    m_diffRows.clear();
    m_added = m_removed = 0;
    bool ok = true;
    if (m_controller && m_controller->signedIn() && from > 0 && to > 0) {
        auto d = m_controller->workspace()->cvs().diff(m_controller->session(), m_id, from, to);
        if (!d) {
            ErrorModel::instance()->report(d.error());
            ok = false;
        } else {
            m_added = d.value().value(QStringLiteral("added")).toInt();
            m_removed = d.value().value(QStringLiteral("removed")).toInt();
            // Pair each run of removed lines with the added lines that follow it ("changed"),
            // the rest stand alone on their side.
            const QJsonArray lines = d.value().value(QStringLiteral("lines")).toArray();
            QStringList minus, plus;
            const auto flush = [&] {
                const qsizetype n = qMax(minus.size(), plus.size());
                for (qsizetype i = 0; i < n; ++i) {
                    const bool l = i < minus.size(), r = i < plus.size();
                    m_diffRows << QVariantMap { { QStringLiteral("op"),
                                                    l && r  ? QStringLiteral("changed")
                                                        : l ? QStringLiteral("removed")
                                                            : QStringLiteral("added") },
                        { QStringLiteral("left"), l ? minus.at(i) : QString() },
                        { QStringLiteral("right"), r ? plus.at(i) : QString() } };
                }
                minus.clear();
                plus.clear();
            };
            for (const QJsonValue& v : lines) {
                const QJsonObject line = v.toObject();
                const QString op = line.value(QStringLiteral("op")).toString();
                const QString text = line.value(QStringLiteral("text")).toString();
                if (op == QLatin1String("-")) {
                    if (!plus.isEmpty()) flush();
                    minus << text;
                } else if (op == QLatin1String("+")) {
                    plus << text;
                } else {
                    flush();
                    m_diffRows << QVariantMap { { QStringLiteral("op"), QStringLiteral("same") },
                        { QStringLiteral("left"), text }, { QStringLiteral("right"), text } };
                }
            }
            flush();
        }
    }
    Q_EMIT diffChanged();
    return ok;
}

template <typename R> bool CandidateDocuments::apply(const R& result)
{
    if (!result) {
        ErrorModel::instance()->report(result.error());
        return false;
    }
    reload();
    return true;
}

bool CandidateDocuments::addVersion(const QString& text)
{
    if (!m_controller || m_id.isEmpty()) return false;
    auto v = m_controller->workspace()->cvs().addVersion(m_controller->session(), m_id, text);
    if (v) m_from = m_to = 0; // show the new version against the one before
    return apply(v);
}

bool CandidateDocuments::createVariant(const QString& jobId, int fromVersion)
{
    if (!m_controller || m_id.isEmpty()) return false;
    return apply(m_controller->workspace()->cvs().createVariant(m_controller->session(), m_id, jobId, fromVersion));
}

bool CandidateDocuments::editVariant(const QString& id, const QString& text)
{
    if (!m_controller) return false;
    return apply(m_controller->workspace()->cvs().editVariant(m_controller->session(), id, text));
}

bool CandidateDocuments::submitVariant(const QString& id)
{
    if (!m_controller) return false;
    return apply(m_controller->workspace()->cvs().submitVariant(m_controller->session(), id));
}

bool CandidateDocuments::decideVariant(const QString& id, bool approve, const QString& comment)
{
    if (!m_controller) return false;
    return apply(m_controller->workspace()->cvs().decideVariant(m_controller->session(), id, approve, comment));
}

bool CandidateDocuments::exportVariantPdf(const QString& id, const QUrl& file)
{
    if (!m_controller) return false;
    auto pdf = m_controller->workspace()->cvs().exportVariantPdf(m_controller->session(), id);
    if (!pdf) {
        ErrorModel::instance()->report(pdf.error());
        return false;
    }
    return userfiles::save(file, pdf.value());
}

bool CandidateDocuments::exportVersionPdf(int version, const QUrl& file)
{
    if (!m_controller || m_id.isEmpty()) return false;
    auto pdf = m_controller->workspace()->cvs().exportVersionPdf(m_controller->session(), m_id, version);
    if (!pdf) {
        ErrorModel::instance()->report(pdf.error());
        return false;
    }
    return userfiles::save(file, pdf.value());
}

int CandidateDocuments::addFiles(const QList<QUrl>& files, bool asCv)
{
    if (!m_controller || m_id.isEmpty()) return 0;
    int added = 0;
    for (const QUrl& url : files) {
        const QString path = userfiles::path(url);
        QFile f(path);
        if (!userfiles::openForReading(f)) continue;
        auto a = m_controller->workspace()->attachments().add(
            m_controller->session(), m_id, QFileInfo(path).fileName(), f.readAll(), asCv);
        if (!a)
            ErrorModel::instance()->report(a.error());
        else
            ++added;
    }
    if (added > 0) {
        m_controller->workspace()->jobs().wake(); // extract now, not at the next poll
        reload();
    }
    return added;
}

QVariantMap CandidateDocuments::attachment(const QString& id) const
{
    if (!m_controller || id.isEmpty()) return {};
    auto a = m_controller->workspace()->attachments().get(m_controller->session(), id);
    if (!a) {
        ErrorModel::instance()->report(a.error());
        return {};
    }
    return a.value().toJson(true).toVariantMap();
}

bool CandidateDocuments::removeAttachment(const QString& id)
{
    if (!m_controller) return false;
    const rd::Status s = m_controller->workspace()->attachments().remove(m_controller->session(), id);
    if (!s) {
        ErrorModel::instance()->report(s.error());
        return false;
    }
    reload();
    return true;
}
