import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Outreach: the queue (every message with its status — queued on this laptop, on the server,
// sent, delivered, bounced, unknown, confirmed, declined, opted out — and Cancel while it waits)
// and the templates (TemplateEditor: live preview, variables). Messages are composed from the
// matches view (ComposeDialog) or from the CLI.
Page {
    id: page
    objectName: "outreachPage"
    signal openCandidate(string candidateId)
    background: Rectangle { color: Theme.page }
    readonly property bool canCreate: AppController.signedIn && AppController.can("outreach", "create")

    OutreachModel { id: outreach; objectName: "outreachModel"; controller: AppController }
    function reload() { outreach.reload(); outreach.reloadTemplates() }
    function showTab(name) { tabs.currentIndex = name === "templates" ? 1 : 0 }

    // A status as the recruiter reads it, and its colour.
    function statusText(status, synced) {
        switch (status) {
        case "queued": return synced ? qsTr("Queued on the server") : qsTr("Queued (not synced yet)")
        case "sending": return qsTr("Sending")
        case "sent": return qsTr("Sent")
        case "delivered": return qsTr("Delivered")
        case "bounced": return qsTr("Bounced")
        case "unknown": return qsTr("Unknown — an admin decides")
        case "failed": return qsTr("Failed")
        case "confirmed": return qsTr("Confirmed")
        case "declined": return qsTr("Declined")
        case "opted_out": return qsTr("Opted out")
        case "cancelled": return qsTr("Cancelled")
        }
        return status
    }
    function statusColor(status) {
        if (status === "confirmed" || status === "delivered" || status === "sent") return Theme.good
        if (status === "bounced" || status === "failed" || status === "opted_out" || status === "declined") return Theme.bad
        if (status === "unknown" || status === "queued" || status === "sending") return Theme.warn
        return Theme.chip
    }

    header: ToolBar {
        Material.background: Theme.surface
        Material.foreground: Theme.text
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 24
            anchors.rightMargin: 16
            spacing: 12
            Label { text: qsTr("Outreach"); font.pixelSize: 20; font.bold: true }
            TabBar {
                id: tabs
                Layout.preferredWidth: 320
                TabButton { objectName: "queueTab"; text: qsTr("Queue (%1)").arg(outreach.count) }
                TabButton { objectName: "templatesTab"; text: qsTr("Templates (%1)").arg(outreach.templates.length) }
            }
            Item { Layout.fillWidth: true }
            ComboBox {
                objectName: "statusFilter"
                visible: tabs.currentIndex === 0
                Accessible.name: qsTr("Status")
                Layout.preferredWidth: 220
                textRole: "label"
                valueRole: "value"
                model: [
                    { value: "", label: qsTr("All messages") },
                    { value: "queued", label: qsTr("Queued") },
                    { value: "sent", label: qsTr("Sent") },
                    { value: "delivered", label: qsTr("Delivered") },
                    { value: "confirmed", label: qsTr("Confirmed") },
                    { value: "declined", label: qsTr("Declined") },
                    { value: "bounced", label: qsTr("Bounced") },
                    { value: "unknown", label: qsTr("Unknown") },
                    { value: "failed", label: qsTr("Failed") },
                    { value: "opted_out", label: qsTr("Opted out") },
                    { value: "cancelled", label: qsTr("Cancelled") }
                ]
                onActivated: outreach.status = currentValue
            }
        }
    }

    StackLayout {
        anchors.fill: parent
        anchors.margins: 24
        currentIndex: tabs.currentIndex

        Pane {
            Material.elevation: 1
            padding: 0
            ListView {
                id: list
                objectName: "outreachList"
                anchors.fill: parent
                clip: true
                model: outreach
                ScrollBar.vertical: ScrollBar {}
                Label {
                    anchors.centerIn: parent
                    width: parent.width * 0.7
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.WordWrap
                    visible: list.count === 0
                    text: qsTr("No messages. Propose a job to candidates from Matches: choose them and “Propose…”.")
                    color: Theme.muted
                }
                delegate: ItemDelegate {
                    id: row
                    required property string intentId
                    required property string candidateId
                    required property string candidateName
                    required property string channel
                    required property string templateName
                    required property int step
                    required property string recipient
                    required property string subject
                    required property string status
                    required property bool synced
                    required property string sendAt
                    required property string createdAt
                    width: list.width
                    height: 64
                    Accessible.name: candidateName + ", " + page.statusText(status, synced)
                    onClicked: page.openCandidate(candidateId)
                    contentItem: RowLayout {
                        spacing: 14
                        Label {
                            text: row.channel === "sms" ? "SMS" : qsTr("Email")
                            font.pixelSize: 12
                            color: Theme.muted
                            Layout.preferredWidth: 44
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Label {
                                text: row.candidateName + "  ·  " + row.recipient
                                font.bold: true
                                elide: Text.ElideRight
                                Layout.fillWidth: true
                            }
                            Label {
                                Layout.fillWidth: true
                                elide: Text.ElideRight
                                font.pixelSize: 12
                                color: Theme.muted
                                text: (row.templateName || qsTr("(no template)"))
                                      + (row.step > 0 ? "  ·  " + qsTr("follow-up %1").arg(row.step) : "")
                                      + (row.subject ? "  ·  " + row.subject : "")
                                      + "  ·  " + (row.sendAt ? qsTr("due %1").arg(new Date(row.sendAt).toLocaleString(Qt.locale(), Locale.ShortFormat))
                                                            : new Date(row.createdAt).toLocaleString(Qt.locale(), Locale.ShortFormat))
                            }
                        }
                        Rectangle {
                            radius: 10
                            color: page.statusColor(row.status)
                            implicitWidth: statusLabel.implicitWidth + 20
                            implicitHeight: 24
                            Label {
                                id: statusLabel
                                anchors.centerIn: parent
                                font.pixelSize: 12
                                text: page.statusText(row.status, row.synced)
                            }
                        }
                        Button {
                            objectName: "cancelMessage"
                            visible: row.status === "queued" && page.canCreate
                            text: qsTr("Cancel")
                            flat: true
                            onClicked: outreach.cancel(row.intentId)
                        }
                    }
                }
            }
        }

        TemplateEditor { model: outreach }
    }
}
