import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// The notification centre: newest first, unread ones marked; a click marks it read and opens
// the candidate (or the job's pipeline); "Mark all read"; per-event preferences.
Popup {
    id: popup
    objectName: "notificationsPopup"
    property NotificationCenter center
    signal openCandidate(string candidateId)
    signal openJob(string jobId)
    modal: true
    focus: true
    width: 460
    height: Math.min(parent ? parent.height - 80 : 560, 600)
    padding: 0
    background: Rectangle { color: Theme.surface; radius: 8; border.color: Theme.line }
    onAboutToShow: center.reload()

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 12
            Label {
                text: qsTr("Notifications")
                font.bold: true
                font.pixelSize: 18
                Layout.fillWidth: true
            }
            Button {
                objectName: "markAllReadButton"
                flat: true
                enabled: popup.center.unread > 0
                text: qsTr("Mark all read")
                onClicked: popup.center.markRead("")
            }
        }
        ListView {
            id: list
            objectName: "notificationList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: popup.center.items
            ScrollBar.vertical: ScrollBar {}
            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("Nothing new.")
                color: Theme.muted
            }
            delegate: ItemDelegate {
                id: item
                required property var modelData
                width: list.width
                Accessible.name: modelData.text
                onClicked: {
                    // Marking read reloads the list and so destroys this delegate: it comes last.
                    const n = modelData
                    const center = popup.center
                    popup.close()
                    if (n.candidate_id) popup.openCandidate(n.candidate_id)
                    else if (n.job_id) popup.openJob(n.job_id)
                    if (!n.read) center.markRead(n.id)
                }
                contentItem: RowLayout {
                    spacing: 10
                    Rectangle {
                        width: 8; height: 8; radius: 4
                        color: item.modelData.read ? "transparent" : "#3b5bdb"
                        Layout.alignment: Qt.AlignTop
                        Layout.topMargin: 6
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            textFormat: Text.PlainText
                            font.bold: !item.modelData.read
                            text: item.modelData.text
                        }
                        Label {
                            color: Theme.muted
                            font.pixelSize: 12
                            text: new Date(item.modelData.at).toLocaleString(Qt.locale(), Locale.ShortFormat)
                        }
                    }
                }
            }
        }
        Rectangle { Layout.fillWidth: true; height: 1; color: Theme.line }
        Label { text: qsTr("Notify me about"); font.bold: true; color: Theme.muted; Layout.margins: 12; Layout.bottomMargin: 0 }
        Repeater {
            model: popup.center.preferences
            delegate: Switch {
                required property var modelData
                objectName: "pref_" + modelData.event
                Layout.leftMargin: 8
                text: modelData.label
                checked: modelData.on
                onToggled: popup.center.setPreference(modelData.event, checked)
            }
        }
        Item { Layout.preferredHeight: 8 }
    }
}
