#include "demodata.h"

#include "app/workspace.h"
#include "recruiting/exportservice.h"

#include <QElapsedTimer>
#include <QJsonArray>

namespace rd {

namespace {
// splitmix64: tiny, fast and fully specified, so the data is the same on every platform
// (std:: distributions are not).
struct Rng {
    quint64 s;
    quint64 next()
    {
        quint64 z = (s += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    int below(int n) { return n <= 0 ? 0 : int(next() % quint64(n)); }
    bool chance(int percent) { return below(100) < percent; }
    template <typename T>
    const T& pick(const QList<T>& list) { return list.at(below(int(list.size()))); }
};

Rng rngFor(quint64 seed, quint64 kind, quint64 index) { return Rng { seed * 0x100000001B3ULL ^ (kind << 56) ^ (index * 0x9E3779B97F4A7C15ULL) }; }

struct City {
    const char* name;
    const char* country;
    double lat, lon;
};
const QList<City>& cities()
{
    static const QList<City> c {
        { "Berlin", "Germany", 52.52, 13.405 }, { "Hamburg", "Germany", 53.5511, 9.9937 }, { "Munich", "Germany", 48.1351, 11.582 },
        { "Cologne", "Germany", 50.9375, 6.9603 }, { "Frankfurt", "Germany", 50.1109, 8.6821 }, { "Stuttgart", "Germany", 48.7758, 9.1829 },
        { "Leipzig", "Germany", 51.3397, 12.3731 }, { "Dresden", "Germany", 51.0504, 13.7373 }, { "Vienna", "Austria", 48.2082, 16.3738 },
        { "Zurich", "Switzerland", 47.3769, 8.5417 }, { "Geneva", "Switzerland", 46.2044, 6.1432 }, { "Amsterdam", "Netherlands", 52.3676, 4.9041 },
        { "Rotterdam", "Netherlands", 51.9244, 4.4777 }, { "Brussels", "Belgium", 50.8503, 4.3517 }, { "Paris", "France", 48.8566, 2.3522 },
        { "Lyon", "France", 45.764, 4.8357 }, { "Marseille", "France", 43.2965, 5.3698 }, { "London", "United Kingdom", 51.5074, -0.1278 },
        { "Manchester", "United Kingdom", 53.4808, -2.2426 }, { "Edinburgh", "United Kingdom", 55.9533, -3.1883 },
        { "Dublin", "Ireland", 53.3498, -6.2603 }, { "Madrid", "Spain", 40.4168, -3.7038 }, { "Barcelona", "Spain", 41.3874, 2.1686 },
        { "Valencia", "Spain", 39.4699, -0.3763 }, { "Lisbon", "Portugal", 38.7223, -9.1393 }, { "Porto", "Portugal", 41.1579, -8.6291 },
        { "Rome", "Italy", 41.9028, 12.4964 }, { "Milan", "Italy", 45.4642, 9.19 }, { "Turin", "Italy", 45.0703, 7.6869 },
        { "Copenhagen", "Denmark", 55.6761, 12.5683 }, { "Stockholm", "Sweden", 59.3293, 18.0686 }, { "Oslo", "Norway", 59.9139, 10.7522 },
        { "Helsinki", "Finland", 60.1699, 24.9384 }, { "Warsaw", "Poland", 52.2297, 21.0122 }, { "Krakow", "Poland", 50.0647, 19.945 },
        { "Prague", "Czechia", 50.0755, 14.4378 }, { "Budapest", "Hungary", 47.4979, 19.0402 }, { "Bucharest", "Romania", 44.4268, 26.1025 },
        { "Athens", "Greece", 37.9838, 23.7275 }, { "Istanbul", "Turkey", 41.0082, 28.9784 }, { "Tallinn", "Estonia", 59.437, 24.7536 },
        { "New York", "United States", 40.7128, -74.006 }, { "San Francisco", "United States", 37.7749, -122.4194 },
        { "Chicago", "United States", 41.8781, -87.6298 }, { "Austin", "United States", 30.2672, -97.7431 }, { "Seattle", "United States", 47.6062, -122.3321 },
        { "Boston", "United States", 42.3601, -71.0589 }, { "Toronto", "Canada", 43.6532, -79.3832 }, { "Vancouver", "Canada", 49.2827, -123.1207 },
        { "Mexico City", "Mexico", 19.4326, -99.1332 }, { "Sao Paulo", "Brazil", -23.5505, -46.6333 }, { "Buenos Aires", "Argentina", -34.6037, -58.3816 },
        { "Cape Town", "South Africa", -33.9249, 18.4241 }, { "Nairobi", "Kenya", -1.2921, 36.8219 }, { "Lagos", "Nigeria", 6.5244, 3.3792 },
        { "Cairo", "Egypt", 30.0444, 31.2357 }, { "Dubai", "United Arab Emirates", 25.2048, 55.2708 }, { "Bangalore", "India", 12.9716, 77.5946 },
        { "Mumbai", "India", 19.076, 72.8777 }, { "Singapore", "Singapore", 1.3521, 103.8198 }, { "Tokyo", "Japan", 35.6762, 139.6503 },
        { "Seoul", "South Korea", 37.5665, 126.978 }, { "Sydney", "Australia", -33.8688, 151.2093 }, { "Melbourne", "Australia", -37.8136, 144.9631 },
        { "Auckland", "New Zealand", -36.8485, 174.7633 },
    };
    return c;
}

const QStringList& firstNames()
{
    static const QStringList n { "Ada", "Alan", "Amara", "Anna", "Aisha", "Ben", "Bianca", "Carlos", "Chen", "Chloe", "Daniel", "Dara", "Elena",
        "Emil", "Emma", "Farah", "Felix", "Fatima", "Greta", "Hana", "Hugo", "Ines", "Ivan", "Jakob", "Jamal", "Julia", "Kai", "Kenji", "Lara",
        "Leon", "Lina", "Luca", "Maya", "Mateo", "Mia", "Nadia", "Nikolai", "Noah", "Olga", "Omar", "Paula", "Pedro", "Priya", "Quentin", "Rosa",
        "Ravi", "Sara", "Samuel", "Sofia", "Tariq", "Tessa", "Tomas", "Uma", "Valentina", "Viktor", "Wei", "Yara", "Yusuf", "Zoe", "Zainab",
        "Agnes", "Bruno", "Clara", "Dmitri", "Esther", "Finn", "Giulia", "Hamza", "Irene", "Jonas", "Kofi", "Lea", "Malik", "Nora", "Oscar",
        "Pia", "Rafael", "Selin", "Theo", "Amelie" };
    return n;
}
const QStringList& lastNames()
{
    static const QStringList n { "Adeyemi", "Andersen", "Bauer", "Becker", "Bianchi", "Brown", "Castro", "Chen", "Costa", "Dubois", "Eriksson",
        "Fischer", "Garcia", "Gonzalez", "Hansen", "Hoffmann", "Ivanova", "Jansen", "Kaur", "Keller", "Kim", "Kowalski", "Kruger", "Larsen",
        "Lehmann", "Lopez", "Martin", "Meyer", "Moreau", "Muller", "Nakamura", "Nguyen", "Novak", "Okafor", "Olsen", "Patel", "Petrov",
        "Popescu", "Ramos", "Richter", "Rossi", "Sato", "Schmidt", "Schneider", "Silva", "Singh", "Smith", "Sousa", "Svensson", "Tanaka",
        "Taylor", "Thomas", "Vogel", "Wagner", "Walker", "Weber", "Williams", "Wolf", "Yilmaz", "Zhang", "Ahmed", "Berg", "Cohen", "Demir",
        "Engel", "Fernandes", "Haddad", "Ibrahim", "Jovanovic", "Khan", "Lindqvist", "Mensah", "Nowak", "Ortiz", "Park", "Quinn", "Rahman",
        "Sandoval", "Toth", "Varga" };
    return n;
}

struct Profile {
    const char* family;
    QStringList titles;
    QStringList core;   // skills most people in the family have
    QStringList extra;  // skills some have
    QStringList duties; // sentences for the CV
};
const QList<Profile>& profiles()
{
    static const QList<Profile> p {
        { "backend", { "Backend Engineer", "Senior Backend Developer", "Software Engineer (Platform)" },
            { "Python", "Go", "Java", "PostgreSQL", "REST APIs", "Docker" }, { "Kubernetes", "Redis", "Apache Kafka", "Amazon Web Services", "gRPC", "Microservices" },
            { "designed and ran services handling millions of requests a day", "cut API latency by caching hot queries",
                "migrated a monolith to services behind a gateway", "owned the on-call rotation for payment services" } },
        { "frontend", { "Frontend Developer", "Senior Frontend Engineer", "Web Developer" },
            { "JavaScript", "TypeScript", "React", "HTML", "CSS" }, { "Vue.js", "Next.js", "Redux", "Figma", "Accessibility", "Webpack" },
            { "built a design system used by six product teams", "made the checkout accessible to screen-reader users",
                "halved bundle size by code splitting", "shipped a customer portal used daily by thousands" } },
        { "cpp", { "C++ Engineer", "Senior C++ Developer", "Embedded Software Engineer" },
            { "C++", "Qt", "CMake", "Linux" }, { "QML", "Embedded C", "OpenGL", "Concurrency", "Python", "Git" },
            { "wrote the rendering engine of a desktop CAD tool", "ported firmware to a new microcontroller family",
                "profiled and removed lock contention in a trading engine", "maintained a cross-platform Qt application" } },
        { "data", { "Data Analyst", "Business Intelligence Analyst", "Analytics Engineer" },
            { "SQL", "Python", "Excel", "Data Analysis" }, { "Tableau", "Power BI", "Pandas", "Statistics", "dbt", "Snowflake" },
            { "built the weekly revenue dashboard for the leadership team", "automated reporting that took two days a month",
                "modelled churn drivers for the retention team", "ran A/B test analysis for the growth squad" } },
        { "ml", { "Machine Learning Engineer", "Data Scientist", "ML Researcher" },
            { "Python", "Machine Learning", "PyTorch", "Statistics" }, { "TensorFlow", "Natural Language Processing", "MLOps", "Deep Learning", "scikit-learn", "Computer Vision" },
            { "trained ranking models for product search", "deployed models with monitoring for drift",
                "built an NLP pipeline that classifies support tickets", "published work on efficient fine-tuning" } },
        { "devops", { "DevOps Engineer", "Site Reliability Engineer", "Cloud Engineer" },
            { "Kubernetes", "Docker", "Terraform", "Linux", "CI/CD" }, { "Amazon Web Services", "Google Cloud Platform", "Prometheus", "Grafana", "Ansible", "Helm" },
            { "ran Kubernetes clusters for forty services", "moved infrastructure to code with Terraform",
                "brought deploy time from an hour to eight minutes", "introduced SLOs and error budgets" } },
        { "nursing", { "Registered Nurse", "Staff Nurse", "Care Assistant" },
            { "Nursing", "Patient Care", "First Aid", "Infection Control" }, { "Elderly Care", "Emergency Medicine", "Phlebotomy", "Mental Health", "Midwifery" },
            { "cared for up to twelve patients per shift on a surgical ward", "trained new staff in infection control",
                "coordinated discharge planning with families", "worked night shifts in emergency care" } },
        { "sales", { "Account Executive", "Sales Manager", "Business Development Representative" },
            { "Sales", "B2B Sales", "CRM", "Negotiation" }, { "Salesforce", "Lead Generation", "Account Management", "Cold Calling", "HubSpot" },
            { "exceeded quota for eight consecutive quarters", "opened the DACH market for a SaaS product",
                "managed a portfolio of forty enterprise accounts", "built the outbound process from scratch" } },
        { "marketing", { "Marketing Manager", "Digital Marketing Specialist", "Content Marketer" },
            { "Digital Marketing", "SEO", "Content Marketing", "Google Analytics" }, { "Copywriting", "Social Media Marketing", "Email Marketing", "Google Ads", "Brand Management" },
            { "grew organic traffic threefold in a year", "ran paid campaigns with a budget of 2M EUR",
                "relaunched the brand across five markets", "wrote the company's most read blog series" } },
        { "finance", { "Accountant", "Financial Controller", "Payroll Specialist" },
            { "Accounting", "Excel", "Bookkeeping", "Tax" }, { "IFRS", "SAP", "Payroll", "Controlling", "Auditing", "Financial Analysis" },
            { "closed the books monthly for three entities", "prepared IFRS statements for the annual audit",
                "introduced a new expense process", "ran payroll for 600 employees" } },
        { "logistics", { "Warehouse Operative", "Logistics Coordinator", "Forklift Driver" },
            { "Warehouse Management", "Forklift Operation", "Inventory Management", "Health and Safety" }, { "Logistics", "Truck Driving", "Supply Chain Management", "Quality Control" },
            { "picked and packed 300 orders per shift", "reduced stock discrepancies with cycle counts",
                "coordinated inbound deliveries for a regional hub", "trained colleagues on safe forklift operation" } },
        { "pm", { "Project Manager", "Product Manager", "Scrum Master" },
            { "Project Management", "Agile", "Scrum", "Stakeholder Management" }, { "Jira", "PRINCE2", "Product Management", "Roadmapping", "Kanban", "Budgeting" },
            { "delivered an ERP rollout on time and under budget", "led a product from discovery to launch",
                "coached four teams in Scrum", "aligned stakeholders across three countries" } },
        { "design", { "UX Designer", "Product Designer", "UI Designer" },
            { "UX Design", "UI Design", "Figma", "User Research" }, { "Prototyping", "Adobe Photoshop", "Interaction Design", "Wireframing", "Accessibility" },
            { "redesigned onboarding and lifted activation by 20 percent", "ran usability studies every sprint",
                "built the component library in Figma", "designed a mobile banking app" } },
        { "trades", { "Electrician", "Maintenance Technician", "Welder" },
            { "Electrical Installation", "Maintenance", "Health and Safety" }, { "PLC Programming", "HVAC", "Welding", "CNC Machining", "Plumbing" },
            { "installed and tested wiring in commercial buildings", "kept a production line running with preventive maintenance",
                "welded steel structures to certified standards", "programmed PLCs for packaging machines" } },
    };
    return p;
}
const QStringList& companies()
{
    static const QStringList c { "Northwind Systems", "Bluefin Analytics", "Harbor Health", "Kestrel Labs", "Orbital Retail", "Lumen Logistics",
        "Pinecone Software", "Redwood Finance", "Silverline Media", "Tidewater Energy", "Umbra Security", "Vantage Mobility", "Willow Care",
        "Zenith Manufacturing", "Aurora Travel", "Brightside Education", "Cobalt Robotics", "Driftwood Games", "Evergreen Foods",
        "Foxglove Pharma" };
    return c;
}
const QStringList& languages()
{
    static const QStringList l { "English", "German", "French", "Spanish", "Italian", "Polish", "Dutch", "Portuguese", "Turkish", "Arabic" };
    return l;
}

QString listText(const QStringList& l) { return l.join(QStringLiteral(", ")); }
} // namespace

QStringList DemoData::allSkills()
{
    QStringList out = languages();
    for (const Profile& p : profiles())
        for (const QString& s : p.core + p.extra)
            if (!out.contains(s))
                out << s;
    return out;
}

QJsonObject DemoData::candidate(int i) const
{
    Rng r = rngFor(m_seed, 1, quint64(i));
    const Profile& p = profiles().at(r.below(int(profiles().size())));
    const QString first = r.pick(firstNames());
    const QString last = r.pick(lastNames());
    const City& city = cities().at(r.below(int(cities().size())));
    const int years = 1 + r.below(20);
    QStringList skills;
    for (const QString& s : p.core)
        if (r.chance(80))
            skills << s;
    for (const QString& s : p.extra)
        if (r.chance(35))
            skills << s;
    skills << QStringLiteral("English");
    if (r.chance(40)) {
        const QString lang = r.pick(languages());
        if (!skills.contains(lang))
            skills << lang;
    }
    const QString title = r.pick(p.titles);
    static const QStringList domains { QStringLiteral("example.com"), QStringLiteral("example.org"), QStringLiteral("example.net") };
    // Unique per (seed, i), so several seeds can share a workspace.
    const QString email = QStringLiteral("%1.%2.%3.%4@%5").arg(first.toLower(), last.toLower()).arg(m_seed).arg(i).arg(r.pick(domains));
    const QString phone = QStringLiteral("+4470%1").arg((quint64(i) + m_seed * 791900000ULL) % 100000000ULL, 8, 10, QLatin1Char('0'));
    // The CV: a summary, 2-4 positions, education and skills (about 1-3 KB).
    QString cv = QStringLiteral("%1 %2\n%3 · %4, %5 · %6 · %7\n\nSUMMARY\n%8 with %9 years of experience. Strong in %10.\n")
                     .arg(first, last, title, QString::fromLatin1(city.name), QString::fromLatin1(city.country), email, phone)
                     .arg(QString::fromLatin1(p.family) == QLatin1String("nursing") ? QStringLiteral("Caring professional") : QStringLiteral("Hands-on professional"))
                     .arg(years)
                     .arg(listText(skills.mid(0, 4)));
    cv += QStringLiteral("\nEXPERIENCE\n");
    const int positions = 2 + r.below(3);
    int year = 2026;
    for (int k = 0; k < positions; ++k) {
        const int span = 1 + r.below(4);
        cv += QStringLiteral("%1 – %2  %3, %4\n").arg(year - span).arg(k == 0 ? QStringLiteral("today") : QString::number(year)).arg(r.pick(p.titles), r.pick(companies()));
        for (int d = 0; d < 2 + r.below(2); ++d)
            cv += QStringLiteral("- %1%2.\n").arg(r.pick(p.duties).at(0).toUpper(), r.pick(p.duties).mid(1));
        cv += QStringLiteral("- Worked with %1.\n").arg(listText({ r.pick(skills), r.pick(skills) }));
        year -= span;
    }
    static const QStringList schools { QStringLiteral("Technical University of Munich"), QStringLiteral("University of Amsterdam"),
        QStringLiteral("University of Edinburgh"), QStringLiteral("Politecnico di Milano"), QStringLiteral("University of Toronto"),
        QStringLiteral("Vocational College"), QStringLiteral("Nursing School of Vienna"), QStringLiteral("University of Lisbon") };
    cv += QStringLiteral("\nEDUCATION\n%1 – %2\n\nSKILLS\n%3\n\nLANGUAGES\n%4\n")
              .arg(year - 3)
              .arg(r.pick(schools), listText(skills), skills.contains(QStringLiteral("German")) ? QStringLiteral("English, German") : QStringLiteral("English"));
    cv += QStringLiteral("\nINTERESTS\nVolunteering, cycling, cooking and reading about %1. Available for %2 work; open to relocation: %3.\n")
              .arg(listText(skills.mid(0, 2)), r.chance(50) ? QStringLiteral("full-time") : QStringLiteral("part-time"),
                  r.chance(30) ? QStringLiteral("yes") : QStringLiteral("no"));
    // 1-3 KB: short CVs get projects, long ones end at a line boundary.
    if (cv.toUtf8().size() < 1100) {
        cv += QStringLiteral("\nPROJECTS\n");
        while (cv.toUtf8().size() < 1100)
            cv += QStringLiteral("- %1 at %2 using %3.\n").arg(r.pick(p.duties), r.pick(companies()), r.pick(skills));
    }
    while (cv.toUtf8().size() > 3000)
        cv.truncate(cv.lastIndexOf(QLatin1Char('\n'), cv.size() - 2) + 1);
    return { { QStringLiteral("external_id"), QStringLiteral("C-%1-%2").arg(m_seed).arg(i + 1, 6, 10, QLatin1Char('0')) }, { QStringLiteral("first_name"), first },
        { QStringLiteral("last_name"), last }, { QStringLiteral("headline"), QStringLiteral("%1, %2 years").arg(title).arg(years) },
        { QStringLiteral("emails"), email }, { QStringLiteral("phones"), phone },
        { QStringLiteral("location"), QStringLiteral("%1, %2").arg(QString::fromLatin1(city.name), QString::fromLatin1(city.country)) },
        { QStringLiteral("latitude"), city.lat + (r.below(2001) - 1000) / 20000.0 },
        { QStringLiteral("longitude"), city.lon + (r.below(2001) - 1000) / 20000.0 }, { QStringLiteral("skills"), QJsonArray::fromStringList(skills) },
        { QStringLiteral("source"), r.pick(QStringList { QStringLiteral("referral"), QStringLiteral("job board"), QStringLiteral("linkedin"),
                                         QStringLiteral("career fair"), QStringLiteral("website") }) },
        { QStringLiteral("tags"), QJsonArray::fromStringList(r.chance(20) ? QStringList { QStringLiteral("priority") } : QStringList {}) },
        { QStringLiteral("resume_text"), cv } };
}

QJsonObject DemoData::job(int j) const
{
    Rng r = rngFor(m_seed, 2, quint64(j));
    const Profile& p = profiles().at(r.below(int(profiles().size())));
    const City& city = cities().at(r.below(int(cities().size())));
    const QString title = r.pick(p.titles);
    const QString company = r.pick(companies());
    QStringList must = p.core.mid(0, 2 + r.below(2));
    QStringList nice;
    for (const QString& s : p.extra)
        if (r.chance(40))
            nice << s;
    static const QStringList remote { QStringLiteral("onsite"), QStringLiteral("hybrid"), QStringLiteral("remote") };
    const QString mode = remote.at(r.below(3));
    const QString description = QStringLiteral("%1 is hiring a %2 in %3. You will %4 and %5. Must have: %6. Nice to have: %7. "
                                               "We offer a %8 role with a friendly team and room to grow.")
                                    .arg(company, title, QString::fromLatin1(city.name), r.pick(p.duties), r.pick(p.duties), listText(must),
                                        nice.isEmpty() ? QStringLiteral("curiosity") : listText(nice), mode);
    return { { QStringLiteral("external_id"), QStringLiteral("J-%1-%2").arg(m_seed).arg(j + 1, 4, 10, QLatin1Char('0')) }, { QStringLiteral("title"), title },
        { QStringLiteral("description"), description }, { QStringLiteral("department"), QString::fromLatin1(p.family) },
        { QStringLiteral("location"), QStringLiteral("%1, %2").arg(QString::fromLatin1(city.name), QString::fromLatin1(city.country)) },
        { QStringLiteral("latitude"), city.lat }, { QStringLiteral("longitude"), city.lon }, { QStringLiteral("remote"), mode },
        { QStringLiteral("must_have"), QJsonArray::fromStringList(must) }, { QStringLiteral("nice_to_have"), QJsonArray::fromStringList(nice) },
        { QStringLiteral("employment_type"), r.chance(80) ? QStringLiteral("full_time") : QStringLiteral("part_time") } };
}

int DemoData::appliedJob(int i, int jobs) const
{
    Rng r = rngFor(m_seed, 3, quint64(i));
    return jobs > 0 && r.chance(33) ? r.below(jobs) : -1;
}

QStringList DemoData::csvHeaders()
{
    return { QStringLiteral("external_id"), QStringLiteral("first_name"), QStringLiteral("last_name"), QStringLiteral("email"),
        QStringLiteral("phone"), QStringLiteral("location"), QStringLiteral("latitude"), QStringLiteral("longitude"), QStringLiteral("skills"),
        QStringLiteral("resume_text"), QStringLiteral("source"), QStringLiteral("tags") };
}

QByteArray DemoData::csvRow(int i) const
{
    const QJsonObject c = candidate(i);
    QByteArray row;
    const QStringList keys { QStringLiteral("external_id"), QStringLiteral("first_name"), QStringLiteral("last_name"), QStringLiteral("emails"),
        QStringLiteral("phones"), QStringLiteral("location"), QStringLiteral("latitude"), QStringLiteral("longitude"), QStringLiteral("skills"),
        QStringLiteral("resume_text"), QStringLiteral("source"), QStringLiteral("tags") };
    for (const QString& k : keys) {
        const QJsonValue v = c.value(k);
        QString s;
        if (v.isArray()) {
            QStringList parts;
            for (const QJsonValue& x : v.toArray())
                parts << x.toString();
            s = parts.join(QLatin1Char(';'));
        } else if (v.isDouble()) {
            s = QString::number(v.toDouble(), 'f', 5);
        } else {
            s = v.toString();
        }
        if (!row.isEmpty())
            row += ',';
        row += ExportService::csvField(s);
    }
    return row + "\r\n";
}

Result<QJsonObject> seedDemoData(Workspace& ws, const Session& session, const DemoSeedOptions& o)
{
    QElapsedTimer timer;
    timer.start();
    DemoData data(o.seed);
    QStringList jobIds;
    for (int j = 0; j < o.jobs; ++j) {
        auto job = ws.postings().create(session, data.job(j));
        if (!job)
            return job.error();
        auto open = ws.postings().publish(session, job.value().id);
        if (!open)
            return open.error();
        jobIds << job.value().id;
    }
    int applications = 0;
    for (int i = 0; i < o.candidates; ++i) {
        QJsonObject fields = data.candidate(i);
        const QString cv = fields.take(QStringLiteral("resume_text")).toString();
        auto cand = ws.candidates().create(session, fields);
        if (!cand)
            return cand.error();
        auto v = ws.cvs().addVersion(session, cand.value().id, cv, QStringLiteral("import"));
        if (!v)
            return v.error();
        const int job = o.applications ? data.appliedJob(i, int(jobIds.size())) : -1;
        if (job >= 0) {
            auto app = ws.applications().apply(session, cand.value().id, jobIds.at(job), fields.value(QStringLiteral("source")).toString());
            if (!app)
                return app.error();
            ++applications;
        }
    }
    return QJsonObject { { QStringLiteral("jobs"), int(jobIds.size()) }, { QStringLiteral("candidates"), o.candidates },
        { QStringLiteral("applications"), applications }, { QStringLiteral("cv_versions"), o.candidates },
        { QStringLiteral("seconds"), timer.elapsed() / 1000.0 } };
}

} // namespace rd
