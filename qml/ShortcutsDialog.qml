import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// F1: the keyboard shortcuts.
Dialog {
    id: dialog
    objectName: "shortcutsDialog"
    title: qsTr("Keyboard shortcuts")
    modal: true
    standardButtons: Dialog.Close
    x: parent ? (parent.width - width) / 2 : 0
    y: parent ? (parent.height - height) / 3 : 0
    ColumnLayout {
        spacing: 6
        Repeater {
            model: [
                { keys: "Ctrl+K", what: qsTr("Search candidates and jobs") },
                { keys: "Ctrl+1", what: qsTr("Dashboard") },
                { keys: "Ctrl+2", what: qsTr("Jobs") },
                { keys: "Ctrl+3", what: qsTr("Candidates") },
                { keys: "Ctrl+4", what: qsTr("Pipeline") },
                { keys: "Ctrl+5", what: qsTr("Matches") },
                { keys: "Ctrl+6", what: qsTr("Interviews") },
                { keys: "Ctrl+7", what: qsTr("Analytics") },
                { keys: "F5", what: qsTr("Reload the screen") },
                { keys: "Ctrl+S", what: qsTr("Save the job in the editor") },
                { keys: "↑ ↓  Enter", what: qsTr("Choose and open a search result or list row") },
                { keys: "Tab / Shift+Tab", what: qsTr("Next / previous field") },
                { keys: "F1", what: qsTr("This list") }
            ]
            delegate: RowLayout {
                required property var modelData
                spacing: 24
                Label { text: modelData.keys; font.bold: true; Layout.preferredWidth: 140 }
                Label { text: modelData.what }
            }
        }
    }
}
