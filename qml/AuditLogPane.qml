import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Workspace > Audit log: newest first, 100 at a time as the list scrolls, filtered by action;
// "Verify the chain" checks the sealed hash chain and says where it breaks.
ColumnLayout {
    id: pane
    objectName: "auditLogPane"
    required property WorkspaceAdmin admin
    spacing: 8
    RowLayout {
        TextField {
            objectName: "auditFilter"
            Layout.preferredWidth: 280
            placeholderText: qsTr("Filter by action, e.g. candidate.")
            Accessible.name: qsTr("Filter the audit log by action")
            onTextChanged: auditDelay.restart()
            Timer { id: auditDelay; interval: 250; onTriggered: pane.admin.auditFilter = parent.text }
        }
        Item { Layout.fillWidth: true }
        Label {
            id: verifyResult
            objectName: "verifyResult"
            textFormat: Text.PlainText
            property bool good: true
            color: good ? "#1e7b45" : Theme.error
            font.bold: true
        }
        Button {
            objectName: "verifyAuditButton"
            text: qsTr("Verify the chain")
            onClicked: {
                const r = pane.admin.verifyAudit()
                if (r.ok === undefined) return
                verifyResult.good = r.ok
                verifyResult.text = r.ok ? qsTr("Intact: %1 entries in %2 chain(s)").arg(r.entries).arg(r.chains)
                                         : qsTr("Broken at entry %1: %2").arg(r.entry_id).arg(r.reason)
            }
        }
    }
    Pane {
        Layout.fillWidth: true
        Layout.fillHeight: true
        Material.elevation: 1
        padding: 0
        ListView {
            id: auditList
            objectName: "auditList"
            anchors.fill: parent
            clip: true
            model: pane.admin.auditEntries
            ScrollBar.vertical: ScrollBar {}
            onAtYEndChanged: if (atYEnd && pane.admin.auditHasMore) pane.admin.moreAudit()
            delegate: RowLayout {
                required property var modelData
                width: auditList.width
                height: 30
                spacing: 12
                Label { text: new Date(modelData.at).toLocaleString(Qt.locale(), Locale.ShortFormat); Layout.preferredWidth: 160; leftPadding: 12; color: Theme.muted }
                Label { text: modelData.user; Layout.preferredWidth: 160; elide: Text.ElideRight }
                Label { text: modelData.action; Layout.preferredWidth: 220; font.bold: true; elide: Text.ElideRight }
                Label { text: modelData.resource; Layout.fillWidth: true; color: Theme.muted; elide: Text.ElideRight }
                Label { text: modelData.outcome; color: modelData.outcome === "ok" ? "#1e7b45" : Theme.error; rightPadding: 12 }
            }
        }
    }
}
