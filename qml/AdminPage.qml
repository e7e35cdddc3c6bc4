import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Admin > Users & Roles.
Page {
    id: admin
    background: Rectangle { color: Theme.page }

    UsersModel { id: users; controller: AppController }
    RolesModel { id: roles; controller: AppController }
    Component.onCompleted: { users.reload(); roles.reload() }

    header: ToolBar {
        Material.background: Theme.surface
        Material.foreground: Theme.text
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 24
            anchors.rightMargin: 16
            Label { text: qsTr("Users & Roles"); font.pixelSize: 20; font.bold: true; Layout.fillWidth: true }
            TabBar {
                id: tabs
                Layout.preferredWidth: 280
                TabButton { text: qsTr("Users (%1)").arg(users.count) }
                TabButton { objectName: "rolesTab"; text: qsTr("Roles (%1)").arg(roles.names.length) }
            }
            Button {
                objectName: "addUserButton"
                // A workspace that syncs gets its colleagues from the server: invited there.
                text: users.connected ? qsTr("Invite colleague…") : qsTr("Add user")
                highlighted: true
                visible: tabs.currentIndex === 0
                onClicked: users.connected ? inviteDialog.open() : addDialog.open()
            }
            Button {
                objectName: "newRoleButton"
                text: qsTr("New role…")
                highlighted: true
                visible: tabs.currentIndex === 1
                onClicked: roleDialog.start("")
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
                id: userList
                objectName: "userList"
                anchors.fill: parent
                clip: true
                model: users
                headerPositioning: ListView.OverlayHeader
                header: Rectangle {
                    width: userList.width
                    height: 40
                    color: Theme.chip
                    z: 2
                    RowLayout {
                        anchors.fill: parent
                        anchors.leftMargin: 16
                        anchors.rightMargin: 16
                        Label { text: qsTr("Name"); font.bold: true; Layout.preferredWidth: 220 }
                        Label { text: qsTr("Email"); font.bold: true; Layout.preferredWidth: 260 }
                        Label { text: qsTr("Roles"); font.bold: true; Layout.preferredWidth: 150 }
                        Label { text: qsTr("Status"); font.bold: true; Layout.fillWidth: true }
                    }
                }
                delegate: ItemDelegate {
                    width: userList.width
                    height: 48
                    contentItem: RowLayout {
                        Label { text: model.displayName; Layout.preferredWidth: 220; elide: Text.ElideRight }
                        Label { text: model.email; Layout.preferredWidth: 260; elide: Text.ElideRight; color: "#444" }
                        Label { text: model.roles; Layout.preferredWidth: 150; color: "#1f4e9c" }
                        Label {
                            Layout.fillWidth: true
                            text: (model.active ? qsTr("Active") : qsTr("Disabled")) + (model.mfaEnabled ? qsTr(" · MFA") : "")
                            color: model.active ? "#2e7d32" : Theme.error
                        }
                        ToolButton {
                            text: "⋯"
                            enabled: !model.isSelf
                            onClicked: rowMenu.popup()
                            Menu {
                                id: rowMenu
                                Menu {
                                    title: qsTr("Change role")
                                    Repeater {
                                        model: roles.names
                                        MenuItem { text: modelData; onTriggered: users.setRole(index_, modelData) }
                                    }
                                }
                                MenuItem {
                                    text: model.active ? qsTr("Disable") : qsTr("Enable")
                                    onTriggered: users.setActive(index_, !model.active)
                                }
                                MenuItem {
                                    text: qsTr("Issue reset code")
                                    onTriggered: {
                                        const code = users.issueResetCode(index_)
                                        if (code.length > 0) { codeDialog.code = code; codeDialog.open() }
                                    }
                                }
                            }
                        }
                    }
                    readonly property int index_: index
                }
            }
        }

        Pane {
            Material.elevation: 1
            padding: 0
            ListView {
                id: roleList
                anchors.fill: parent
                clip: true
                model: roles
                spacing: 1
                delegate: Pane {
                    width: roleList.width
                    ColumnLayout {
                        width: parent.width
                        RowLayout {
                            Layout.fillWidth: true
                            Label { text: model.name; font.bold: true; font.pixelSize: 16 }
                            Label { text: model.system ? qsTr("built-in") : qsTr("custom"); color: "#777" }
                            Label { text: qsTr("%n permission(s)", "", model.permissionCount); color: "#777"; Layout.fillWidth: true }
                            Button {
                                objectName: "editRole_" + model.name
                                visible: !model.system
                                flat: true
                                text: qsTr("Permissions…")
                                onClicked: roleDialog.start(model.name)
                            }
                            Button {
                                visible: !model.system
                                flat: true
                                text: qsTr("Delete")
                                onClicked: roles.removeRole(model.name)
                            }
                        }
                        Label {
                            Layout.fillWidth: true
                            text: model.permissions
                            wrapMode: Text.Wrap
                            font.pixelSize: 12
                            color: "#444"
                        }
                    }
                }
            }
        }
    }

    Dialog {
        id: addDialog
        anchors.centerIn: parent
        modal: true
        title: qsTr("Add user")
        standardButtons: Dialog.Ok | Dialog.Cancel
        width: 440
        ColumnLayout {
            anchors.fill: parent
            TextField { id: newEmail; Layout.fillWidth: true; placeholderText: qsTr("Email") }
            RowLayout {
                Layout.fillWidth: true
                TextField { id: newGiven; Layout.fillWidth: true; placeholderText: qsTr("First name") }
                TextField { id: newFamily; Layout.fillWidth: true; placeholderText: qsTr("Last name") }
            }
            ComboBox { id: newRole; Layout.fillWidth: true; model: roles.names; currentIndex: Math.max(0, roles.names.indexOf("recruiter")) }
            TextField { id: newPassword; Layout.fillWidth: true; echoMode: TextInput.Password
                placeholderText: qsTr("Initial password (empty: issue a reset code later)") }
        }
        onAccepted: {
            if (users.addUser(newEmail.text, newGiven.text, newFamily.text, newRole.currentText, newPassword.text)) {
                newEmail.text = ""; newGiven.text = ""; newFamily.text = ""; newPassword.text = ""
            }
        }
    }

    // Invite through the sync server: it makes the account, the user with the role and a join code.
    Dialog {
        id: inviteDialog
        objectName: "inviteDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        modal: true
        title: qsTr("Invite a colleague")
        standardButtons: Dialog.Ok | Dialog.Cancel
        width: 460
        ColumnLayout {
            anchors.fill: parent
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: "#555"
                text: qsTr("The sync server creates their account and a single-use join code. It emails the code when email is set up on the server; otherwise you see it here to pass on.")
            }
            TextField { id: inviteEmail; objectName: "inviteEmail"; Layout.fillWidth: true; placeholderText: qsTr("Email") }
            RowLayout {
                Layout.fillWidth: true
                TextField { id: inviteGiven; objectName: "inviteGiven"; Layout.fillWidth: true; placeholderText: qsTr("First name") }
                TextField { id: inviteFamily; objectName: "inviteFamily"; Layout.fillWidth: true; placeholderText: qsTr("Last name") }
            }
            ComboBox {
                id: inviteRole
                objectName: "inviteRole"
                Layout.fillWidth: true
                model: [ { value: "recruiter", text: qsTr("Recruiter") }, { value: "hiring_manager", text: qsTr("Hiring manager") },
                         { value: "viewer", text: qsTr("Viewer") }, { value: "admin", text: qsTr("Administrator") } ]
                textRole: "text"
                valueRole: "value"
            }
        }
        onAccepted: users.inviteUser(inviteEmail.text, inviteGiven.text, inviteFamily.text, inviteRole.currentValue)
    }
    Connections {
        target: users
        function onInvited(ok, email, code, emailed, expiresAt) {
            if (!ok) return
            inviteEmail.text = ""; inviteGiven.text = ""; inviteFamily.text = ""
            invitedDialog.email = email
            invitedDialog.code = code
            invitedDialog.emailed = emailed
            invitedDialog.expiresAt = expiresAt
            invitedDialog.open()
        }
    }
    Connections {
        target: AppController.sync
        ignoreUnknownSignals: true
        function onRoundFinished(ok) { if (ok) users.reload() }
    }
    Dialog {
        id: invitedDialog
        objectName: "invitedDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        modal: true
        property string email
        property string code
        property bool emailed
        property string expiresAt
        readonly property string until: expiresAt === "" ? "" : new Date(expiresAt).toLocaleString(Qt.locale(), Locale.ShortFormat)
        title: qsTr("%1 is invited").arg(email)
        standardButtons: Dialog.Close
        width: 480
        ColumnLayout {
            anchors.fill: parent
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: invitedDialog.emailed
                      ? qsTr("The sync server emailed them a join code. It works once, until %1.").arg(invitedDialog.until)
                      : invitedDialog.code === ""
                      ? qsTr("%1 is a user of this workspace already, so their join code goes only to their email address, and the sync server could not send email. Set up email on the server, or ask the server's operator to invite them.").arg(invitedDialog.email)
                      : qsTr("Give them this join code. It works once, until %1. In RecruitDesk they choose \"Join from a sync server\", enter the server's address, their email and the code, and set their password.").arg(invitedDialog.until)
            }
            TextField {
                objectName: "inviteCode"
                Layout.fillWidth: true
                visible: invitedDialog.code !== ""
                text: invitedDialog.code
                readOnly: true
                selectByMouse: true
                font.family: "monospace"
                font.pixelSize: 22
            }
        }
    }

    Dialog {
        id: codeDialog
        property string code
        anchors.centerIn: parent
        modal: true
        title: qsTr("One-time reset code")
        standardButtons: Dialog.Close
        ColumnLayout {
            Label { text: qsTr("Give this code to the user. It works once, for 30 minutes.") }
            TextField { text: codeDialog.code; readOnly: true; font.family: "monospace"; font.pixelSize: 20; selectByMouse: true }
        }
    }

    // A custom role: name and description (new roles only) and the permission matrix.
    Dialog {
        id: roleDialog
        objectName: "roleDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        modal: true
        property string editing: "" // the role's name; empty for a new role
        property var granted: ({})
        title: editing === "" ? qsTr("New role") : qsTr("Permissions of %1").arg(editing)
        standardButtons: Dialog.Save | Dialog.Cancel
        function start(name) {
            editing = name
            roleName.text = ""
            roleDescription.text = ""
            var g = {}
            var current = name === "" ? [] : roles.permissionsOf(name)
            for (var i = 0; i < current.length; ++i) g[current[i]] = true
            granted = g
            open()
        }
        function chosen() {
            var out = []
            for (var k in granted) if (granted[k]) out.push(k)
            return out
        }
        ColumnLayout {
            spacing: 8
            RowLayout {
                visible: roleDialog.editing === ""
                TextField { id: roleName; objectName: "roleNameField"; placeholderText: qsTr("Name, e.g. sourcer"); Accessible.name: qsTr("Role name") }
                TextField { id: roleDescription; Layout.preferredWidth: 320; placeholderText: qsTr("What the role is for"); Accessible.name: qsTr("Description") }
            }
            GridLayout {
                columns: roles.actions().length + 1
                columnSpacing: 4
                rowSpacing: 0
                Label { text: "" }
                Repeater {
                    model: roles.actions()
                    delegate: Label { required property string modelData; text: modelData; font.bold: true; horizontalAlignment: Text.AlignHCenter; Layout.preferredWidth: 70 }
                }
                Repeater {
                    model: roles.resources()
                    delegate: Repeater {
                        id: resourceRow
                        required property string modelData
                        readonly property string resource: modelData
                        model: [""].concat(roles.actions())
                        delegate: Item {
                            required property string modelData
                            readonly property string permission: resourceRow.resource + "." + modelData
                            implicitWidth: modelData === "" ? resourceLabel.implicitWidth : 70
                            implicitHeight: 32
                            Label { id: resourceLabel; visible: parent.modelData === ""; text: resourceRow.resource; anchors.verticalCenter: parent.verticalCenter }
                            CheckBox {
                                objectName: "perm_" + parent.permission
                                visible: parent.modelData !== ""
                                anchors.centerIn: parent
                                checked: roleDialog.granted[parent.permission] === true
                                Accessible.name: parent.permission
                                onToggled: {
                                    var g = roleDialog.granted
                                    g[parent.permission] = checked
                                    roleDialog.granted = g
                                }
                            }
                        }
                    }
                }
            }
        }
        onAccepted: {
            if (editing === "") roles.createRole(roleName.text, roleDescription.text, chosen())
            else roles.setPermissions(editing, chosen())
        }
    }
}
