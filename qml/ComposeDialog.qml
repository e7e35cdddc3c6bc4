import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Propose a job to one or many candidates (from Matches): a template, now or at a time (in
// this computer's time zone), a preview on the first candidate, then one message per candidate
// (with the template's follow-ups). Candidates who cannot get it (opted out, no address, a
// variable without a value) are listed with the reason; the others are queued.
Dialog {
    id: dialog
    objectName: "composeDialog"
    title: qsTr("Propose %1").arg(jobTitle)
    modal: true
    standardButtons: Dialog.Close
    width: Math.min(parent ? parent.width - 80 : 640, 640)
    anchors.centerIn: parent
    // Drawn plainly: Material's elevation shadow is a layer effect the software renderer skips.
    background: Rectangle { color: Theme.surface; radius: 4; border.color: Theme.line }
    property string jobId: ""
    property string jobTitle: ""
    property var candidateIds: []
    property var candidateNames: []
    property var outcome: null
    property var preview: ({})

    OutreachModel { id: outreach; controller: AppController }

    function openFor(job, title, ids, names) {
        jobId = job
        jobTitle = title
        candidateIds = ids
        candidateNames = names
        outcome = null
        outreach.reloadTemplates()
        open()
        refresh()
    }
    // "2026-12-01 09:30" in local time as ISO 8601 with this computer's offset; "" for now.
    function sendAt() {
        if (nowButton.checked) return ""
        const d = Date.fromLocaleString(Qt.locale(), atField.text.trim(), "yyyy-MM-dd HH:mm")
        if (isNaN(d.getTime())) return "invalid"
        const off = -d.getTimezoneOffset()
        const pad = n => String(Math.floor(Math.abs(n))).padStart(2, "0")
        return Qt.formatDateTime(d, "yyyy-MM-ddTHH:mm:00") + (off >= 0 ? "+" : "-") + pad(off / 60) + ":" + pad(off % 60)
    }
    function refresh() {
        const t = outreach.templates[templateBox.currentIndex]
        preview = t && candidateIds.length > 0 ? outreach.preview(t, candidateIds[0], jobId) : ({})
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        Label {
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            text: qsTr("To %n candidate(s): ", "", dialog.candidateIds.length) + dialog.candidateNames.join(", ")
        }
        ComboBox {
            id: templateBox
            objectName: "composeTemplate"
            Layout.fillWidth: true
            Accessible.name: qsTr("Template")
            model: outreach.templates
            textRole: "name"
            displayText: currentIndex < 0 ? qsTr("No templates yet: create one under Outreach") : currentText
                         + (outreach.templates[currentIndex] && outreach.templates[currentIndex].channel === "sms" ? "  (SMS)" : "  (" + qsTr("Email") + ")")
            onCurrentIndexChanged: dialog.refresh()
            onCountChanged: dialog.refresh()
        }
        RowLayout {
            RadioButton { id: nowButton; objectName: "sendNow"; text: qsTr("Send now"); checked: true }
            RadioButton { id: atButton; text: qsTr("Send at") }
            TextField {
                id: atField
                objectName: "sendAt"
                enabled: atButton.checked
                Layout.fillWidth: true
                placeholderText: "2026-12-01 09:30"
                text: Qt.formatDateTime(new Date(Date.now() + 86400000), "yyyy-MM-dd 09:00")
                Accessible.name: qsTr("Send at (local time)")
            }
        }
        Pane {
            Layout.fillWidth: true
            Material.elevation: 1
            ColumnLayout {
                anchors.left: parent.left
                anchors.right: parent.right
                Label { text: qsTr("Preview for %1").arg(dialog.candidateNames[0] || ""); color: Theme.muted; font.pixelSize: 12 }
                Label { visible: !!dialog.preview.subject; font.bold: true; text: dialog.preview.subject || ""; Layout.fillWidth: true; wrapMode: Text.WordWrap }
                Label {
                    objectName: "composePreview"
                    Layout.fillWidth: true
                    Layout.maximumHeight: 180
                    clip: true
                    wrapMode: Text.WordWrap
                    color: dialog.preview.error ? Theme.error : Theme.text
                    text: dialog.preview.error || dialog.preview.text || ""
                }
            }
        }
        Label {
            objectName: "composeResult"
            visible: dialog.outcome !== null
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            text: dialog.outcome === null ? "" : qsTr("%n message(s) queued.", "", dialog.outcome.queued)
                  + (dialog.outcome.existing > 0 ? " " + qsTr("%n were queued before.", "", dialog.outcome.existing) : "")
                  + dialog.outcome.problems.map(p => "\n" + p.name + ": " + p.error).join("")
        }
        Button {
            objectName: "queueMessages"
            highlighted: true
            enabled: templateBox.currentIndex >= 0 && dialog.candidateIds.length > 0 && dialog.outcome === null
            text: qsTr("Queue %n message(s)", "", dialog.candidateIds.length)
            onClicked: {
                const at = dialog.sendAt()
                if (at === "invalid") { atField.forceActiveFocus(); return }
                dialog.outcome = outreach.queueTemplate(templateBox.currentText, dialog.candidateIds, dialog.jobId, at)
            }
        }
    }
}
