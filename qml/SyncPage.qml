import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Sync: the state of this device (pending changes, last sync, errors), the sync server
// (test an address, sign this device in), and the conflicts to review: a field whose value
// lost to another device's edit, kept as it is now or restored.
Page {
    id: page
    objectName: "syncPage"
    // Sized by the shell; wrapped text inside must not size the page (binding loop).
    implicitWidth: 0
    implicitHeight: 0
    background: Rectangle { color: Theme.page }
    readonly property var status: AppController.sync

    SyncPanel { id: panel; objectName: "syncPanel"; controller: AppController }
    function reload() { panel.reload() }
    Connections {
        target: page.status
        ignoreUnknownSignals: true
        function onRoundFinished(ok) { panel.reload() }
    }

    header: ToolBar {
        Material.background: Theme.surface
        Material.foreground: Theme.text
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 24
            anchors.rightMargin: 16
            Label { text: qsTr("Sync"); font.pixelSize: 20; font.bold: true; Layout.fillWidth: true }
            Button {
                objectName: "syncNowButton"
                text: qsTr("Sync now")
                enabled: page.status && page.status.state !== "not_connected" && page.status.state !== "syncing"
                onClicked: page.status.syncNow()
            }
        }
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: scroll.availableWidth
            spacing: 16

            Pane {
                Layout.fillWidth: true
                Layout.margins: 24
                Layout.bottomMargin: 0
                Material.elevation: 1
                GridLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    columns: 2
                    columnSpacing: 16
                    Label { text: qsTr("State"); color: Theme.muted }
                    Label {
                        objectName: "syncState"
                        readonly property string s: page.status ? page.status.state : "not_connected"
                        text: s === "idle" ? qsTr("Up to date") : s === "syncing" ? qsTr("Syncing…") : s === "offline" ? qsTr("Offline")
                              : s === "error" ? qsTr("Problem") : qsTr("Not connected to a sync server")
                        font.bold: true
                    }
                    Label { text: qsTr("Server"); color: Theme.muted }
                    Label { text: panel.server !== "" ? panel.server : "—" }
                    Label { text: qsTr("Changes to send"); color: Theme.muted }
                    Label { text: page.status ? page.status.pending : 0 }
                    Label { text: qsTr("Last sync"); color: Theme.muted }
                    Label {
                        text: page.status && !isNaN(page.status.lastSyncAt.getTime())
                              ? page.status.lastSyncAt.toLocaleString(Qt.locale(), Locale.ShortFormat) : qsTr("never")
                    }
                    Label { text: qsTr("Notice"); color: Theme.muted; visible: page.status && page.status.notice !== "" }
                    Label {
                        // This file was restored from a backup or copied: it syncs as a new device now.
                        objectName: "syncNotice"
                        visible: page.status && page.status.notice !== ""
                        text: page.status ? page.status.notice : ""
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Label { text: qsTr("Error"); color: Theme.muted; visible: page.status && page.status.error !== "" }
                    Label {
                        visible: page.status && page.status.error !== ""
                        text: page.status ? page.status.error + " (" + page.status.errorCode + ")" : ""
                        color: Theme.error
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                }
            }

            Pane {
                Layout.fillWidth: true
                Layout.leftMargin: 24
                Layout.rightMargin: 24
                Material.elevation: 1
                ColumnLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    Label { text: qsTr("Sync server"); font.bold: true; font.pixelSize: 16 }
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Theme.muted
                        text: qsTr("Sign this device in to your agency's sync server with your account on that server. The first device attaches the workspace and uploads it; the others join it: “Join from a sync server” when RecruitDesk first starts, or recruitdesk-cli join.")
                    }
                    RowLayout {
                        TextField {
                            id: url
                            objectName: "serverUrl"
                            Layout.fillWidth: true
                            placeholderText: "https://sync.example.com"
                            // What the user typed stays (a refused sign-in must not clear it);
                            // the address the device is attached to fills it in.
                            Component.onCompleted: text = panel.server
                            Connections {
                                target: panel
                                function onServerChanged() { if (panel.server !== "") url.text = panel.server }
                                // Signed in: the password is not kept on screen.
                                function onFinished(ok) { if (ok) { password.text = ""; code.text = "" } }
                            }
                            Accessible.name: qsTr("Server address")
                        }
                        Button {
                            objectName: "testServer"
                            text: qsTr("Test connection")
                            enabled: url.text.trim() !== "" && !panel.busy
                            onClicked: panel.testServer(url.text)
                        }
                    }
                    Label {
                        objectName: "testResult"
                        visible: panel.testResult !== ""
                        text: panel.testResult
                        color: panel.testOk ? "#2e7d4f" : Theme.error
                    }
                    RowLayout {
                        TextField { id: email; objectName: "serverEmail"; Layout.fillWidth: true; placeholderText: qsTr("Email on the server"); text: AppController.userEmail; Accessible.name: qsTr("Email") }
                        TextField { id: password; objectName: "serverPassword"; Layout.fillWidth: true; placeholderText: qsTr("Password"); echoMode: TextInput.Password; Accessible.name: qsTr("Password") }
                        TextField { id: code; objectName: "serverCode"; Layout.preferredWidth: 120; placeholderText: qsTr("Code (MFA)"); Accessible.name: qsTr("Authenticator code") }
                    }
                    RowLayout {
                        CheckBox {
                            id: upload
                            objectName: "uploadWorkspace"
                            text: qsTr("Upload this workspace (first device)")
                            checked: panel.server === ""
                        }
                        Item { Layout.fillWidth: true }
                        BusyIndicator { running: panel.busy; visible: running; Layout.preferredHeight: 32; Layout.preferredWidth: 32 }
                        Button {
                            objectName: "connectDevice"
                            text: qsTr("Sign this device in")
                            highlighted: true
                            enabled: url.text.trim() !== "" && email.text.trim() !== "" && password.text !== "" && !panel.busy
                            onClicked: panel.connectDevice(url.text, email.text, password.text, code.text, upload.checked)
                        }
                    }
                }
            }

            Pane {
                Layout.fillWidth: true
                Layout.leftMargin: 24
                Layout.rightMargin: 24
                Layout.bottomMargin: 24
                Material.elevation: 1
                ColumnLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    Label { text: qsTr("Conflicts to review (%1)").arg(panel.count); font.bold: true; font.pixelSize: 16 }
                    Label {
                        visible: panel.count === 0
                        text: qsTr("None. When two devices change the same field without seeing each other's change, the change the server received first stays and the other value waits here.")
                        color: Theme.muted
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Repeater {
                        model: panel
                        delegate: RowLayout {
                            required property int index
                            required property string entity
                            required property string field
                            required property string losingValue
                            required property string currentValue
                            required property bool canRestore
                            Layout.fillWidth: true
                            spacing: 12
                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: 0
                                Label { text: entity + " · " + field; font.bold: true }
                                Label { text: qsTr("now: %1").arg(currentValue); elide: Text.ElideRight; Layout.fillWidth: true }
                                Label { text: qsTr("lost: %1").arg(losingValue); color: Theme.error; elide: Text.ElideRight; Layout.fillWidth: true }
                            }
                            Button { text: qsTr("Keep"); flat: true; onClicked: panel.keepCurrent(index) }
                            Button { text: qsTr("Restore lost value"); flat: true; visible: canRestore; onClicked: panel.restoreLosing(index) }
                        }
                    }
                }
            }

            // The workspace's laptops as the server knows them (admins): revoke one, or have a
            // lost one erase its workspace at its next contact (decision 0024).
            Pane {
                objectName: "devicesPane"
                visible: panel.server !== "" && AppController.can("user", "manage")
                Layout.fillWidth: true
                Layout.leftMargin: 24
                Layout.rightMargin: 24
                Layout.bottomMargin: 24
                Material.elevation: 1
                ColumnLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    RowLayout {
                        Layout.fillWidth: true
                        Label { text: qsTr("Devices"); font.bold: true; font.pixelSize: 16; Layout.fillWidth: true }
                        Button { objectName: "loadDevices"; text: qsTr("Refresh"); flat: true; enabled: !panel.busy; onClicked: panel.loadDevices() }
                    }
                    Label {
                        text: qsTr("Each laptop opens the workspace offline only until its lease ends; every sync renews it. A lost laptop: Erase — it erases its workspace the next time it reaches the server, and never opens it again.")
                        color: Theme.muted
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Repeater {
                        model: panel.devices
                        delegate: RowLayout {
                            required property var modelData
                            Layout.fillWidth: true
                            spacing: 12
                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: 0
                                Label {
                                    text: (modelData.name || qsTr("(unnamed)")) + " · " + modelData.user
                                          + (modelData.this_device ? qsTr(" · this computer") : "")
                                    font.bold: true
                                }
                                Label {
                                    Layout.fillWidth: true
                                    elide: Text.ElideRight
                                    color: modelData.revoked_at ? Theme.error : Theme.muted
                                    text: modelData.wiped_at ? qsTr("Erased %1").arg(modelData.wiped_at)
                                        : modelData.wipe_requested_at ? qsTr("Erase ordered %1 — waiting for it to reach the server").arg(modelData.wipe_requested_at)
                                        : modelData.revoked_at ? qsTr("Revoked %1").arg(modelData.revoked_at)
                                        : qsTr("Last seen %1 · opens offline until %2").arg(modelData.last_seen_at || "—").arg(modelData.lease_until || "—")
                                }
                            }
                            Button {
                                text: qsTr("Revoke"); flat: true
                                visible: !modelData.revoked_at
                                enabled: !panel.busy
                                onClicked: { confirm.deviceId = modelData.id; confirm.wipe = false; confirm.open() }
                            }
                            Button {
                                objectName: "eraseDevice"
                                text: qsTr("Erase…"); flat: true
                                visible: !modelData.wipe_requested_at
                                enabled: !panel.busy
                                onClicked: { confirm.deviceId = modelData.id; confirm.wipe = true; confirm.open() }
                            }
                        }
                    }
                }
            }
        }
    }

    Dialog {
        id: confirm
        objectName: "revokeDialog"
        property string deviceId: ""
        property bool wipe: false
        anchors.centerIn: parent
        modal: true
        title: wipe ? qsTr("Erase this device's workspace?") : qsTr("Revoke this device?")
        standardButtons: Dialog.Ok | Dialog.Cancel
        ColumnLayout {
            width: 420
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: confirm.wipe
                      ? qsTr("The next time it reaches the server it erases the workspace, including work it has not sent, and shows the reason below. If it never comes back, it cannot open the workspace after its offline period.")
                      : qsTr("It can no longer sync, and at its next contact it loses its key to the workspace (the file stays encrypted on it).")
            }
            TextField { id: reason; objectName: "revokeReason"; Layout.fillWidth: true; placeholderText: qsTr("Reason (shown on the device)") }
        }
        onAccepted: { panel.revokeDevice(deviceId, wipe, reason.text); reason.text = "" }
    }
}
