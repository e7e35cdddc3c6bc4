import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Dialogs
import QtQuick.Layouts
import RecruitDesk

// Admin > Workspace: settings and matching weights, the import wizard, GDPR export/erasure,
// and the audit log with its chain verified.
Page {
    id: page
    objectName: "workspaceAdminPage"
    background: Rectangle { color: Theme.page }
    property alias admin: admin
    property alias tab: tabs.currentIndex
    readonly property var tabNames: ["settings", "import", "privacy", "audit", "outreach"]
    function showTab(name) { if (tabNames.indexOf(name) >= 0) tabs.currentIndex = tabNames.indexOf(name) }
    function reload() { admin.reloadSettings(); admin.reloadAudit() }

    WorkspaceAdmin { id: admin; objectName: "workspaceAdmin"; controller: AppController; Component.onCompleted: reloadAudit() }

    header: ToolBar {
        Material.background: Theme.surface
        Material.foreground: Theme.text
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 24
            anchors.rightMargin: 16
            Label { text: qsTr("Workspace"); font.pixelSize: 20; font.bold: true; Layout.fillWidth: true }
            TabBar {
                id: tabs
                Layout.preferredWidth: 860
                TabButton { objectName: "settingsTab"; text: qsTr("Settings") }
                TabButton { objectName: "importTab"; text: qsTr("Import") }
                TabButton { objectName: "privacyTab"; text: qsTr("Privacy") }
                TabButton { objectName: "auditTab"; text: qsTr("Audit log") }
                TabButton { objectName: "outreachTab"; text: qsTr("Outreach") }
            }
        }
    }

    StackLayout {
        anchors.fill: parent
        anchors.margins: 24
        currentIndex: tabs.currentIndex

        // Settings and matching weights.
        ScrollView {
            id: settingsScroll
            contentWidth: availableWidth
            RowLayout {
                width: settingsScroll.availableWidth
                spacing: 16
                Pane {
                    Layout.alignment: Qt.AlignTop
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Material.elevation: 1
                    GridLayout {
                        anchors.left: parent.left
                        anchors.right: parent.right
                        columns: 2
                        columnSpacing: 12
                        Label { Layout.columnSpan: 2; text: qsTr("Workspace"); font.bold: true; font.pixelSize: 16 }
                        Label { text: qsTr("Name"); color: Theme.muted }
                        TextField { id: wsName; objectName: "settingName"; Layout.fillWidth: true; text: admin.settings.name || ""; Accessible.name: qsTr("Workspace name") }
                        Label { text: qsTr("Default country"); color: Theme.muted }
                        TextField {
                            id: country
                            Layout.fillWidth: true
                            text: admin.settings.default_country || ""
                            placeholderText: qsTr("ISO code, e.g. DE (for phone numbers)")
                            Accessible.name: qsTr("Default country")
                        }
                        Label { text: qsTr("Attachment limit (MB)"); color: Theme.muted }
                        TextField {
                            id: maxMb
                            Layout.fillWidth: true
                            text: admin.settings.attachment_max_mb > 0 ? String(admin.settings.attachment_max_mb) : ""
                            placeholderText: qsTr("20 (default)")
                            Accessible.name: qsTr("Attachment size limit in megabytes")
                        }
                        Label { text: qsTr("Retention (months)"); color: Theme.muted }
                        TextField {
                            id: retention
                            objectName: "settingRetention"
                            Layout.fillWidth: true
                            text: admin.settings.retention_months > 0 ? String(admin.settings.retention_months) : ""
                            placeholderText: qsTr("Off: candidates are kept")
                            Accessible.name: qsTr("Erase candidates inactive for this many months")
                        }
                        Label {
                            Layout.columnSpan: 2
                            Layout.fillWidth: true
                            wrapMode: Text.WordWrap
                            color: Theme.muted
                            font.pixelSize: 12
                            text: qsTr("With a retention rule, candidates without activity (and without a valid consent) for that long are erased by a daily job; “Run now” does it at once.")
                        }
                        RowLayout {
                            Layout.columnSpan: 2
                            Button {
                                text: qsTr("Run retention now")
                                flat: true
                                enabled: admin.settings.retention_months > 0
                                onClicked: {
                                    const r = admin.runRetention()
                                    if (r.erased !== undefined) retentionResult.text = qsTr("%n candidate(s) erased.", "", r.erased)
                                }
                            }
                            Label { id: retentionResult; color: Theme.muted }
                        }
                    }
                }
                Pane {
                    Layout.alignment: Qt.AlignTop
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Material.elevation: 1
                    ColumnLayout {
                        anchors.left: parent.left
                        anchors.right: parent.right
                        Label { text: qsTr("Matching weights"); font.bold: true; font.pixelSize: 16 }
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.WordWrap
                            color: Theme.muted
                            font.pixelSize: 12
                            text: qsTr("How much each part counts in a match score (parts that do not apply leave the average).")
                        }
                        Repeater {
                            id: weightRows
                            model: [
                                { key: "must_have", label: qsTr("Must-have skills"), max: 100 },
                                { key: "nice_to_have", label: qsTr("Nice-to-have skills"), max: 100 },
                                { key: "text", label: qsTr("CV text"), max: 100 },
                                { key: "distance", label: qsTr("Distance"), max: 100 },
                                { key: "recency", label: qsTr("Recent activity"), max: 100 },
                                { key: "distance_half_km", label: qsTr("Half score at (km)"), max: 500 }
                            ]
                            delegate: RowLayout {
                                required property var modelData
                                property alias value: slider.value
                                Layout.fillWidth: true
                                Label { text: modelData.label; Layout.preferredWidth: 200; elide: Text.ElideRight; color: Theme.muted }
                                Slider {
                                    id: slider
                                    objectName: "weight_" + modelData.key
                                    Layout.fillWidth: true
                                    from: 0
                                    to: modelData.max
                                    stepSize: 1
                                    value: admin.settings.weights ? admin.settings.weights[modelData.key] : 0
                                    Accessible.name: modelData.label
                                }
                                Label { text: Math.round(slider.value); Layout.preferredWidth: 32; horizontalAlignment: Text.AlignRight }
                            }
                        }
                    }
                }
            }
        }

        // Import wizard.
        ColumnLayout {
            spacing: 12
            property url file: ""
            property var header: []
            id: importTab
            RowLayout {
                Button { text: qsTr("Choose CSV file…"); onClicked: csvDialog.open() }
                Label {
                    text: importTab.file.toString() === "" ? qsTr("No file chosen.") : importTab.file.toString().replace(/^.*\//, "")
                    color: Theme.muted
                    Layout.fillWidth: true
                    elide: Text.ElideMiddle
                }
                Label { text: qsTr("Records"); color: Theme.muted }
                ComboBox {
                    id: importKind
                    objectName: "importKind"
                    Layout.preferredWidth: 170
                    textRole: "label"
                    valueRole: "value"
                    model: [{ value: "candidates", label: qsTr("Candidates") }, { value: "jobs", label: qsTr("Jobs") }]
                }
            }
            Label {
                visible: importTab.header.length > 0
                text: qsTr("Match each column of the file to a RecruitDesk field (columns left on “skip” are not imported).")
                color: Theme.muted
            }
            ListView {
                id: mappingList
                objectName: "mappingList"
                visible: importTab.header.length > 0
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(contentHeight, 220)
                clip: true
                model: importTab.header
                delegate: RowLayout {
                    required property string modelData
                    required property int index
                    property alias target: choice.currentText
                    width: mappingList.width
                    Label { text: modelData; Layout.preferredWidth: 220; elide: Text.ElideRight; textFormat: Text.PlainText }
                    Label { text: "→"; color: Theme.muted }
                    ComboBox {
                        id: choice
                        Layout.preferredWidth: 240
                        Accessible.name: qsTr("Field for column %1").arg(modelData)
                        readonly property var fields: ["skip"].concat(admin.canonicalHeaders(importKind.currentValue))
                        model: fields
                        currentIndex: Math.max(0, fields.indexOf(modelData.toLowerCase().replace(/ /g, "_")))
                    }
                }
            }
            RowLayout {
                Button {
                    objectName: "dryRunButton"
                    text: qsTr("Dry run")
                    enabled: importTab.file.toString() !== "" && !admin.importing
                    onClicked: admin.startImport(importTab.file, importKind.currentValue, page.mapping(), true)
                }
                Button {
                    objectName: "importButton"
                    text: qsTr("Import")
                    enabled: importTab.file.toString() !== "" && !admin.importing
                    onClicked: admin.startImport(importTab.file, importKind.currentValue, page.mapping(), false)
                }
                ProgressBar {
                    objectName: "importProgress"
                    visible: admin.importing
                    Layout.preferredWidth: 200
                    value: admin.importProgress
                    Accessible.name: qsTr("Import progress")
                }
                Label {
                    visible: admin.importing
                    text: qsTr("%1 % read… the rest of the app stays usable.").arg(Math.round(admin.importProgress * 100))
                    color: Theme.muted
                }
                Button {
                    objectName: "cancelImportButton"
                    visible: admin.importing
                    flat: true
                    text: qsTr("Stop")
                    onClicked: admin.cancelImport()
                }
            }
            Pane {
                visible: admin.importReport.imported !== undefined
                Layout.fillWidth: true
                Layout.fillHeight: true
                Material.elevation: 1
                ColumnLayout {
                    anchors.fill: parent
                    Label {
                        objectName: "importSummary"
                        font.bold: true
                        text: (admin.importReport.cancelled ? qsTr("Stopped before the end of the file.") + " " : "")
                              + (admin.importReport.dry_run ? qsTr("Dry run: nothing was kept.") + " " : "")
                              + qsTr("%1 new, %2 updated, %3 duplicates, %4 rows with errors")
                                  .arg(admin.importReport.imported).arg(admin.importReport.updated)
                                  .arg(admin.importReport.duplicates).arg((admin.importReport.errors || []).length)
                    }
                    ListView {
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        model: admin.importReport.errors || []
                        delegate: Label {
                            required property var modelData
                            textFormat: Text.PlainText
                            text: qsTr("Line %1, %2: %3").arg(modelData.row).arg(modelData.column || "—").arg(modelData.reason)
                            color: Theme.error
                        }
                    }
                    Button {
                        objectName: "revertImportButton"
                        visible: !!admin.importReport.batch_id
                        flat: true
                        text: qsTr("Revert this import")
                        onClicked: admin.revertImport(admin.importReport.batch_id)
                    }
                }
            }
            Item { Layout.fillHeight: true; visible: admin.importReport.imported === undefined }
        }

        // Privacy: export and erase one candidate.
        ColumnLayout {
            spacing: 12
            CandidateListModel { id: people; controller: AppController }
            RowLayout {
                TextField {
                    id: who
                    objectName: "privacySearch"
                    Layout.preferredWidth: 360
                    placeholderText: qsTr("Find the candidate (name, email)")
                    Accessible.name: qsTr("Find the candidate")
                    onTextChanged: people.search = text
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    color: Theme.muted
                    text: qsTr("Export gives the person everything held about them (a ZIP: the data as JSON, their CVs and files). Erasure removes their personal data everywhere, keeps the anonymous statistics and is recorded in the audit log; it cannot be undone.")
                }
            }
            ListView {
                id: peopleList
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: people
                delegate: ItemDelegate {
                    id: personRow
                    required property string candidateId
                    required property string name
                    required property string headline
                    width: peopleList.width
                    contentItem: RowLayout {
                        Label { text: personRow.name; font.bold: true; Layout.preferredWidth: 240; elide: Text.ElideRight }
                        Label { text: personRow.headline; color: Theme.muted; Layout.fillWidth: true; elide: Text.ElideRight }
                        Button { flat: true; text: qsTr("Export…"); onClicked: { exportDialog.candidateId = personRow.candidateId; exportDialog.open() } }
                        Button {
                            flat: true
                            text: qsTr("Erase…")
                            Material.foreground: Theme.error
                            onClicked: eraseDialog.ask(personRow.candidateId, personRow.name)
                        }
                    }
                }
            }
        }

        AuditLogPane { admin: admin }
        OutreachSettingsPane { admin: admin }
    }

    // Settings are saved with this button (shown on the settings tab).
    footer: ToolBar {
        visible: tabs.currentIndex === 0
        Material.background: Theme.surface
        RowLayout {
            anchors.fill: parent
            anchors.rightMargin: 16
            Item { Layout.fillWidth: true }
            Button {
                objectName: "saveSettingsButton"
                text: qsTr("Save settings")
                Material.background: "#3b5bdb"
                Material.foreground: "white"
                onClicked: {
                    var w = {}
                    for (var i = 0; i < weightRows.count; ++i)
                        w[weightRows.model[i].key] = weightRows.itemAt(i).value
                    admin.saveSettings({ name: wsName.text, default_country: country.text, attachment_max_mb: maxMb.text,
                                         retention_months: retention.text, weights: w })
                }
            }
        }
    }

    function mapping() {
        var m = {}
        for (var i = 0; i < mappingList.count; ++i) {
            var row = mappingList.itemAtIndex(i)
            if (row) m[importTab.header[i]] = row.target === "skip" ? "" : row.target
        }
        return m
    }

    FileDialog {
        id: csvDialog
        title: qsTr("Choose a CSV file")
        nameFilters: [qsTr("CSV files (*.csv)"), qsTr("All files (*)")]
        onAccepted: { importTab.file = selectedFile; importTab.header = admin.csvHeader(selectedFile) }
    }
    FileDialog {
        id: exportDialog
        property string candidateId: ""
        title: qsTr("Save the personal data export")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("ZIP files (*.zip)")]
        defaultSuffix: "zip"
        onAccepted: admin.exportCandidate(candidateId, selectedFile)
    }
    Dialog {
        id: eraseDialog
        objectName: "eraseDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        modal: true
        property string candidateId: ""
        property string name: ""
        title: qsTr("Erase %1?").arg(name)
        standardButtons: Dialog.Cancel
        function ask(id, n) { candidateId = id; name = n; eraseReason.text = ""; open() }
        ColumnLayout {
            Label { text: qsTr("Their personal data is removed from this workspace and, after sync, everywhere. This cannot be undone.") ; wrapMode: Text.WordWrap; Layout.preferredWidth: 420 }
            TextField { id: eraseReason; Layout.fillWidth: true; placeholderText: qsTr("Reason (e.g. the person asked)"); Accessible.name: qsTr("Reason") }
            Button {
                objectName: "confirmEraseButton"
                text: qsTr("Erase")
                Material.foreground: Theme.error
                onClicked: {
                    const r = admin.eraseCandidate(eraseDialog.candidateId, eraseReason.text)
                    if (Object.keys(r).length > 0) { eraseDialog.close(); people.reload() }
                }
            }
        }
    }
}
