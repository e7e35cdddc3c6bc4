import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Dialogs
import QtQuick.Layouts
import RecruitDesk

// A candidate's documents: CV versions compared side by side, tailored variants per job with
// their approval, and attachments (drop files in; the extracted text is previewed).
Page {
    id: page
    objectName: "candidateDocumentsPage"
    property alias candidateId: docs.candidateId
    property alias documents: docs
    property alias tab: tabs.currentIndex
    signal back(string candidateId)
    background: Rectangle { color: Theme.page }
    readonly property bool canEdit: AppController.signedIn && AppController.can("candidate", "update")

    CandidateDocuments { id: docs; objectName: "candidateDocuments"; controller: AppController }
    function reload() { docs.reload() }

    function stateLabel(s) {
        switch (s) {
        case "draft": return qsTr("Draft")
        case "pending_approval": return qsTr("Waiting for approval")
        case "approved": return qsTr("Approved")
        case "rejected": return qsTr("Rejected")
        default: return s
        }
    }
    function stateColor(s) {
        return s === "approved" ? Theme.good : s === "rejected" ? Theme.bad : s === "pending_approval" ? Theme.warn : Theme.chip
    }
    function sizeLabel(bytes) {
        return bytes >= 1048576 ? qsTr("%1 MB").arg((bytes / 1048576).toFixed(1))
             : bytes >= 1024 ? qsTr("%1 KB").arg(Math.round(bytes / 1024)) : qsTr("%1 bytes").arg(bytes)
    }
    function versionLabel(v) { return qsTr("Version %1").arg(v.version) + " · " + (v.created_at || "").slice(0, 10) }

    header: ToolBar {
        Material.background: Theme.surface
        Material.foreground: Theme.text
        ColumnLayout {
            anchors.left: parent.left
            anchors.right: parent.right
            spacing: 0
            RowLayout {
                Layout.fillWidth: true
                Layout.leftMargin: 8
                Layout.rightMargin: 16
                ToolButton { text: "‹ " + qsTr("Profile"); onClicked: page.back(docs.candidateId); Accessible.name: qsTr("Back to the profile") }
                Label {
                    text: qsTr("%1 — CV and documents").arg(docs.candidateName)
                    font.pixelSize: 20
                    font.bold: true
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
            }
            TabBar {
                id: tabs
                Layout.fillWidth: true
                TabButton { objectName: "cvTab"; text: qsTr("CV versions (%1)").arg(docs.versions.length) }
                TabButton { objectName: "variantsTab"; text: qsTr("Tailored variants (%1)").arg(docs.variants.length) }
                TabButton { objectName: "attachmentsTab"; text: qsTr("Attachments (%1)").arg(docs.attachments.length) }
            }
        }
    }

    StackLayout {
        anchors.fill: parent
        anchors.margins: 24
        currentIndex: tabs.currentIndex

        // CV versions and the side-by-side diff.
        ColumnLayout {
            spacing: 12
            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                Label { text: qsTr("Compare"); color: Theme.muted }
                ComboBox {
                    id: fromBox
                    objectName: "diffFrom"
                    Layout.preferredWidth: 220
                    Accessible.name: qsTr("Older version")
                    model: docs.versions
                    textRole: "version"
                    displayText: docs.fromVersion > 0 ? qsTr("Version %1").arg(docs.fromVersion) : qsTr("No version")
                    delegate: ItemDelegate { required property var modelData; width: fromBox.width; text: page.versionLabel(modelData) }
                    onActivated: function (i) { docs.compare(docs.versions[i].version, docs.toVersion) }
                }
                Label { text: qsTr("with"); color: Theme.muted }
                ComboBox {
                    id: toBox
                    objectName: "diffTo"
                    Layout.preferredWidth: 220
                    Accessible.name: qsTr("Newer version")
                    model: docs.versions
                    textRole: "version"
                    displayText: docs.toVersion > 0 ? qsTr("Version %1").arg(docs.toVersion) : qsTr("No version")
                    delegate: ItemDelegate { required property var modelData; width: toBox.width; text: page.versionLabel(modelData) }
                    onActivated: function (i) { docs.compare(docs.fromVersion, docs.versions[i].version) }
                }
                Label {
                    objectName: "diffSummary"
                    visible: docs.toVersion > 0
                    text: qsTr("+%1 / −%2 lines").arg(docs.added).arg(docs.removed)
                    color: Theme.muted
                }
                Item { Layout.fillWidth: true }
                Button {
                    text: qsTr("Export PDF")
                    flat: true
                    enabled: docs.toVersion > 0
                    onClicked: { pdfDialog.variantId = ""; pdfDialog.version = docs.toVersion; pdfDialog.open() }
                }
                Button {
                    objectName: "newVersionButton"
                    visible: page.canEdit
                    highlighted: true
                    text: qsTr("New version…")
                    onClicked: versionDialog.start()
                }
            }
            Label {
                visible: docs.versions.length === 0
                text: qsTr("No CV yet. Paste one with “New version…”, or attach a CV file under Attachments.")
                color: Theme.muted
            }
            Pane {
                visible: docs.versions.length > 0
                Layout.fillWidth: true
                Layout.fillHeight: true
                Material.elevation: 1
                padding: 0
                ColumnLayout {
                    anchors.fill: parent
                    spacing: 0
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Label { Layout.fillWidth: true; Layout.preferredWidth: 1; padding: 8; font.bold: true; text: qsTr("Version %1").arg(docs.fromVersion) }
                        Label { Layout.fillWidth: true; Layout.preferredWidth: 1; padding: 8; font.bold: true; text: qsTr("Version %1").arg(docs.toVersion) }
                    }
                    ListView {
                        id: diffList
                        objectName: "diffList"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        model: docs.diffRows
                        ScrollBar.vertical: ScrollBar {}
                        delegate: RowLayout {
                            id: diffRow
                            required property var modelData
                            width: diffList.width
                            spacing: 0
                            Rectangle {
                                Layout.fillWidth: true
                                Layout.preferredWidth: 1
                                Layout.preferredHeight: Math.max(leftText.implicitHeight, rightText.implicitHeight)
                                color: diffRow.modelData.op === "removed" || diffRow.modelData.op === "changed" ? Theme.bad : "transparent"
                                Label {
                                    id: leftText
                                    width: parent.width
                                    padding: 4
                                    leftPadding: 8
                                    wrapMode: Text.Wrap
                                    textFormat: Text.PlainText
                                    text: diffRow.modelData.left
                                }
                            }
                            Rectangle { Layout.preferredWidth: 1; Layout.fillHeight: true; color: Theme.line }
                            Rectangle {
                                Layout.fillWidth: true
                                Layout.preferredWidth: 1
                                Layout.preferredHeight: Math.max(leftText.implicitHeight, rightText.implicitHeight)
                                color: diffRow.modelData.op === "added" || diffRow.modelData.op === "changed" ? Theme.good : "transparent"
                                Label {
                                    id: rightText
                                    width: parent.width
                                    padding: 4
                                    leftPadding: 8
                                    wrapMode: Text.Wrap
                                    textFormat: Text.PlainText
                                    text: diffRow.modelData.right
                                }
                            }
                        }
                    }
                }
            }
        }

        // Tailored variants.
        ColumnLayout {
            spacing: 12
            RowLayout {
                visible: page.canEdit
                Layout.fillWidth: true
                spacing: 8
                Label { text: qsTr("New variant for"); color: Theme.muted }
                ComboBox {
                    id: variantJob
                    objectName: "variantJob"
                    Layout.preferredWidth: 300
                    Accessible.name: qsTr("Job")
                    model: docs.jobs
                    textRole: "title"
                    valueRole: "id"
                    displayText: count > 0 ? currentText : qsTr("No application yet")
                }
                Label { text: qsTr("from"); color: Theme.muted }
                ComboBox {
                    id: variantBase
                    Layout.preferredWidth: 160
                    Accessible.name: qsTr("Base version")
                    model: docs.versions.map(function (v) { return v.version })
                    displayText: count > 0 ? qsTr("Version %1").arg(currentText) : qsTr("No version")
                }
                Button {
                    objectName: "createVariantButton"
                    text: qsTr("Create")
                    enabled: variantJob.count > 0 && variantBase.count > 0
                    onClicked: docs.createVariant(variantJob.currentValue, Number(variantBase.currentText))
                }
            }
            Label {
                visible: docs.variants.length === 0
                text: qsTr("No tailored variant yet. A variant starts as a copy of a CV version for one job; once approved it is the CV sent for that job.")
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                color: Theme.muted
            }
            ListView {
                id: variantList
                objectName: "variantList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 8
                model: docs.variants
                ScrollBar.vertical: ScrollBar {}
                delegate: Pane {
                    id: variantCard
                    required property var modelData
                    width: variantList.width
                    Material.elevation: 1
                    ColumnLayout {
                        anchors.left: parent.left
                        anchors.right: parent.right
                        spacing: 4
                        RowLayout {
                            Layout.fillWidth: true
                            Label { text: variantCard.modelData.job_title; font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
                            Label { text: qsTr("from version %1").arg(variantCard.modelData.base_version); color: Theme.muted }
                            Rectangle {
                                radius: 10
                                height: 22
                                width: stateText.implicitWidth + 16
                                color: page.stateColor(variantCard.modelData.state)
                                Label { id: stateText; anchors.centerIn: parent; font.pixelSize: 12; text: page.stateLabel(variantCard.modelData.state) }
                            }
                        }
                        Label {
                            Layout.fillWidth: true
                            maximumLineCount: 3
                            elide: Text.ElideRight
                            wrapMode: Text.Wrap
                            textFormat: Text.PlainText
                            color: "#3a4358"
                            text: variantCard.modelData.text
                        }
                        Label {
                            visible: (variantCard.modelData.decision_comment || "") !== ""
                            text: qsTr("Comment: %1").arg(variantCard.modelData.decision_comment)
                            textFormat: Text.PlainText
                            color: Theme.muted
                        }
                        RowLayout {
                            Button {
                                visible: page.canEdit && (variantCard.modelData.state === "draft" || variantCard.modelData.state === "rejected")
                                flat: true
                                text: qsTr("Edit…")
                                onClicked: editDialog.start(variantCard.modelData)
                            }
                            Button {
                                objectName: "submitVariantButton"
                                visible: page.canEdit && variantCard.modelData.state === "draft"
                                flat: true
                                text: qsTr("Submit for approval")
                                onClicked: docs.submitVariant(variantCard.modelData.id)
                            }
                            Button {
                                objectName: "approveVariantButton"
                                visible: variantCard.modelData.state === "pending_approval" && AppController.can("job", "update")
                                flat: true
                                text: qsTr("Approve…")
                                onClicked: decideDialog.start(variantCard.modelData, true)
                            }
                            Button {
                                visible: variantCard.modelData.state === "pending_approval" && AppController.can("job", "update")
                                flat: true
                                text: qsTr("Reject…")
                                onClicked: decideDialog.start(variantCard.modelData, false)
                            }
                            Button {
                                visible: variantCard.modelData.state === "approved"
                                flat: true
                                text: qsTr("Export PDF")
                                onClicked: { pdfDialog.variantId = variantCard.modelData.id; pdfDialog.version = 0; pdfDialog.open() }
                            }
                        }
                    }
                }
            }
        }

        // Attachments: drop files anywhere on this tab.
        Item {
            DropArea {
                id: drop
                objectName: "attachmentDrop"
                anchors.fill: parent
                enabled: page.canEdit
                onDropped: function (d) { if (d.hasUrls) docs.addFiles(d.urls, asCv.checked) }
            }
            RowLayout {
                anchors.fill: parent
                spacing: 16
                ColumnLayout {
                    Layout.preferredWidth: 420
                    Layout.fillHeight: true
                    spacing: 8
                    RowLayout {
                        visible: page.canEdit
                        Button { text: qsTr("Add files…"); onClicked: openDialog.open() }
                        CheckBox { id: asCv; objectName: "attachAsCv"; text: qsTr("This is a CV (becomes a new version)") }
                    }
                    Rectangle {
                        visible: page.canEdit
                        Layout.fillWidth: true
                        Layout.preferredHeight: 56
                        radius: 8
                        border.color: drop.containsDrag ? "#3b5bdb" : Theme.line
                        border.width: 2
                        color: drop.containsDrag ? Theme.accentSoft : "transparent"
                        Label {
                            anchors.centerIn: parent
                            text: qsTr("Drop PDF, DOCX, text or image files here")
                            color: Theme.muted
                        }
                    }
                    Label { visible: docs.extracting; text: qsTr("Extracting text…"); color: Theme.muted }
                    ListView {
                        id: attachmentList
                        objectName: "attachmentList"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        model: docs.attachments
                        currentIndex: -1
                        delegate: ItemDelegate {
                            id: attachmentRow
                            required property var modelData
                            required property int index
                            width: attachmentList.width
                            highlighted: ListView.isCurrentItem
                            onClicked: { attachmentList.currentIndex = index; preview.show(modelData.id) }
                            contentItem: ColumnLayout {
                                spacing: 0
                                Label { text: attachmentRow.modelData.file_name; font.bold: true; elide: Text.ElideMiddle; Layout.fillWidth: true }
                                Label {
                                    color: Theme.muted
                                    font.pixelSize: 12
                                    text: [attachmentRow.modelData.mime_type, page.sizeLabel(attachmentRow.modelData.size),
                                           attachmentRow.modelData.extraction === "done" ? qsTr("%n character(s) of text", "", attachmentRow.modelData.extracted_chars)
                                           : attachmentRow.modelData.extraction === "pending" ? qsTr("extracting…")
                                           : attachmentRow.modelData.extraction === "failed" ? qsTr("no text: %1").arg(attachmentRow.modelData.extraction_error || "")
                                           : qsTr("no text (image)")].join(" · ")
                                }
                            }
                        }
                    }
                }
                Pane {
                    id: preview
                    objectName: "attachmentPreview"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Material.elevation: 1
                    property var current: ({})
                    function show(id) { current = docs.attachment(id) }
                    ColumnLayout {
                        anchors.fill: parent
                        RowLayout {
                            Layout.fillWidth: true
                            Label { text: preview.current.file_name || qsTr("Choose a file to preview its text."); font.bold: true; Layout.fillWidth: true; elide: Text.ElideMiddle }
                            Button {
                                visible: page.canEdit && preview.current.id !== undefined
                                flat: true
                                text: qsTr("Remove")
                                onClicked: if (docs.removeAttachment(preview.current.id)) preview.current = ({})
                            }
                        }
                        ScrollView {
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            TextArea {
                                objectName: "attachmentText"
                                readOnly: true
                                wrapMode: TextEdit.Wrap
                                textFormat: TextEdit.PlainText
                                text: preview.current.extracted_text || ""
                            }
                        }
                    }
                }
            }
        }
    }

    Dialog {
        id: versionDialog
        objectName: "newVersionDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 720)
        height: Math.min(parent.height - 80, 560)
        modal: true
        title: qsTr("New CV version")
        standardButtons: Dialog.Save | Dialog.Cancel
        function start() { versionText.text = docs.versions.length > 0 ? docs.versions[0].text : ""; open() }
        ScrollView {
            anchors.fill: parent
            TextArea { id: versionText; objectName: "newVersionText"; wrapMode: TextEdit.Wrap; Accessible.name: qsTr("CV text") }
        }
        onAccepted: docs.addVersion(versionText.text)
    }

    Dialog {
        id: editDialog
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 720)
        height: Math.min(parent.height - 80, 560)
        modal: true
        property string variantId: ""
        title: qsTr("Edit tailored variant")
        standardButtons: Dialog.Save | Dialog.Cancel
        function start(v) { variantId = v.id; variantText.text = v.text; open() }
        ScrollView {
            anchors.fill: parent
            TextArea { id: variantText; wrapMode: TextEdit.Wrap; Accessible.name: qsTr("Variant text") }
        }
        onAccepted: docs.editVariant(variantId, variantText.text)
    }

    Dialog {
        id: decideDialog
        objectName: "decideVariantDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        modal: true
        property string variantId: ""
        property bool approve: true
        title: approve ? qsTr("Approve variant") : qsTr("Reject variant")
        standardButtons: Dialog.Ok | Dialog.Cancel
        function start(v, yes) { variantId = v.id; approve = yes; comment.text = ""; open() }
        TextField { id: comment; width: 360; placeholderText: qsTr("Comment (optional)"); Accessible.name: qsTr("Comment") }
        onAccepted: docs.decideVariant(variantId, approve, comment.text)
    }

    FileDialog {
        id: pdfDialog
        property string variantId: ""
        property int version: 0
        title: qsTr("Save the CV as PDF")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("PDF files (*.pdf)")]
        defaultSuffix: "pdf"
        onAccepted: variantId !== "" ? docs.exportVariantPdf(variantId, selectedFile) : docs.exportVersionPdf(version, selectedFile)
    }

    FileDialog {
        id: openDialog
        title: qsTr("Attach files")
        fileMode: FileDialog.OpenFiles
        onAccepted: docs.addFiles(selectedFiles, asCv.checked)
    }
}
