import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import RecruitDesk

// The signed-in workspace: navigation on the left, the current page on the right.
// "Users & Roles" is only offered to users whose role allows managing users; the core
// refuses the same actions for everyone else anyway.
Page {
    id: shell
    property int current: 0

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: 230
            color: "#1f2a44"

            ColumnLayout {
                anchors.fill: parent
                anchors.margins: 12
                spacing: 4

                Label {
                    text: "RecruitDesk"
                    color: "white"
                    font.pixelSize: 20
                    font.bold: true
                    Layout.bottomMargin: 2
                }
                Label {
                    text: AppController.tenantName
                    color: "#aab4cc"
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                    Layout.bottomMargin: 4
                }
                // Sync state and unsent changes, always visible.
                Label {
                    id: syncBadge
                    objectName: "syncBadge"
                    readonly property var status: AppController.sync
                    readonly property string syncState: status ? status.state : "not_connected"
                    readonly property int pending: status ? status.pending : 0
                    Accessible.name: text
                    text: syncState === "offline" ? qsTr("Offline · %n change(s) to send", "", pending)
                        : syncState === "error" ? qsTr("Sync problem (%1) · %n change(s) to send", "", pending).arg(status.errorCode)
                        : syncState === "syncing" ? qsTr("Syncing…")
                        : syncState === "idle" ? (pending > 0 ? qsTr("%n change(s) to send", "", pending) : qsTr("Up to date"))
                        : qsTr("Not connected to a sync server")
                    color: syncState === "offline" || syncState === "error" ? "#ffb74d" : "#aab4cc"
                    font.pixelSize: 12
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                    Layout.bottomMargin: 16
                    ToolTip.visible: syncMouse.containsMouse && status && status.error !== ""
                    ToolTip.text: status ? status.error : ""
                    MouseArea {
                        id: syncMouse
                        anchors.fill: parent
                        hoverEnabled: true
                        onClicked: if (syncBadge.status) syncBadge.status.syncNow()
                    }
                }
                NavButton { text: qsTr("Home"); selected: shell.current === 0; onClicked: shell.current = 0 }
                NavButton {
                    objectName: "adminNav"
                    text: qsTr("Users & Roles")
                    visible: AppController.canAdmin
                    selected: shell.current === 1
                    onClicked: shell.current = 1
                }
                NavButton {
                    objectName: "aboutNav"
                    text: qsTr("About")
                    selected: shell.current === 2
                    onClicked: shell.current = 2
                }
                Item { Layout.fillHeight: true }
                Label {
                    text: AppController.userName
                    color: "white"
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
                Label {
                    text: AppController.roles.join(", ")
                    color: "#aab4cc"
                    font.pixelSize: 12
                }
                NavButton { text: qsTr("Sign out"); onClicked: AppController.signOut() }
            }
        }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: shell.current === 1 && AppController.canAdmin ? 1 : shell.current === 2 ? 2 : 0
            HomePage {}
            Loader {
                active: AppController.canAdmin
                sourceComponent: AdminPage {}
            }
            Loader {
                active: shell.current === 2
                sourceComponent: AboutPage {}
            }
        }
    }
}
