import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Two candidates side by side; choose the one to keep. Merging moves the other's emails,
// phones, skills, notes, attachments and applications over and removes it (undo from the
// timeline's merge entry).
Dialog {
    id: dialog
    objectName: "mergeDialog"
    property var profile
    property var left: ({})
    property var right: ({})
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 80 : 800, 820)
    modal: true
    title: qsTr("Compare and merge")
    standardButtons: Dialog.Cancel

    function start(otherId) {
        var mine = profile.candidate
        mine.applications = profile.applications.length
        left = mine
        right = profile.other(otherId)
        keepLeft.checked = true
        open()
    }
    function rows(c) {
        return [
            { label: qsTr("Name"), value: (c.first_name || "") + " " + (c.last_name || "") },
            { label: qsTr("Headline"), value: c.headline || "" },
            { label: qsTr("Location"), value: c.location || "" },
            { label: qsTr("Email"), value: (c.emails || []).join(", ") },
            { label: qsTr("Phone"), value: (c.phones_display || c.phones || []).join(", ") },
            { label: qsTr("Skills"), value: (c.skills || []).join(", ") },
            { label: qsTr("Applications"), value: String(c.applications || 0) },
            { label: qsTr("Created"), value: (c.created_at || "").slice(0, 10) }
        ]
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 12
        RowLayout {
            Layout.fillWidth: true
            spacing: 16
            Repeater {
                model: [ { c: dialog.left, button: keepLeft }, { c: dialog.right, button: keepRight } ]
                delegate: Pane {
                    required property var modelData
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Material.elevation: modelData.button.checked ? 4 : 1
                    ColumnLayout {
                        anchors.left: parent.left
                        anchors.right: parent.right
                        spacing: 4
                        Repeater {
                            model: dialog.rows(modelData.c)
                            delegate: RowLayout {
                                required property var modelData
                                Layout.fillWidth: true
                                Label { text: modelData.label; color: Theme.muted; Layout.preferredWidth: 90 }
                                Label { text: modelData.value; textFormat: Text.PlainText; elide: Text.ElideRight; Layout.fillWidth: true }
                            }
                        }
                    }
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            RadioButton { id: keepLeft; objectName: "keepThisProfile"; text: qsTr("Keep this profile"); Layout.fillWidth: true; Layout.preferredWidth: 1 }
            RadioButton { id: keepRight; objectName: "keepOtherProfile"; text: qsTr("Keep the other profile"); Layout.fillWidth: true; Layout.preferredWidth: 1 }
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            color: Theme.muted
            text: qsTr("The other profile's emails, phones, skills, notes, attachments and applications move to the one you keep; where both applied to the same job, the kept application stays. You can undo the merge from the timeline.")
        }
        RowLayout {
            Layout.fillWidth: true
            Item { Layout.fillWidth: true }
            Button {
                objectName: "mergeButton"
                text: qsTr("Merge")
                onClicked: {
                    var keep = keepLeft.checked ? dialog.left.id : dialog.right.id
                    var drop = keepLeft.checked ? dialog.right.id : dialog.left.id
                    if (dialog.profile.merge(keep, drop)) dialog.close()
                }
            }
        }
    }
}
