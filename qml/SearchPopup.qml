import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Global search (Ctrl+K): one field, results grouped by kind with the matches in bold.
// Up/Down choose, Enter opens, Escape closes. Searches can be saved; with nothing typed the
// saved ones are listed, and running one marks the results that are new since its last run.
Popup {
    id: popup
    objectName: "searchPopup"
    signal openCandidate(string candidateId)
    signal openJob(string jobId)
    modal: true
    focus: true
    width: Math.min(parent ? parent.width - 80 : 640, 680)
    height: Math.min(parent ? parent.height - 120 : 520, 560)
    x: parent ? (parent.width - width) / 2 : 0
    y: 60
    padding: 0
    background: Rectangle { color: Theme.surface; radius: 8; border.color: Theme.line }
    property string pendingQuery: ""
    // The text is set before the popup shows (onOpened comes after the open transition).
    onAboutToShow: { field.text = pendingQuery; pendingQuery = "" }
    onOpened: field.forceActiveFocus()
    // Opens with a query already typed (the screenshot run shows results this way).
    function openWith(text) { pendingQuery = text; open() }

    SearchModel { id: results; objectName: "searchModel"; controller: AppController }

    function openAt(i) {
        if (i < 0 || i >= results.count)
            return
        const item = list.itemAtIndex(i)
        if (!item)
            return
        popup.close()
        if (item.kind === "candidate") popup.openCandidate(item.resultId)
        else popup.openJob(item.resultId)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 12
        TextField {
            id: field
            objectName: "globalSearchField"
            Layout.fillWidth: true
            placeholderText: qsTr("Search candidates and jobs — skill:python city:berlin \"exact phrase\"")
            Accessible.name: qsTr("Search everything")
            onTextChanged: delay.restart()
            Timer { id: delay; interval: 200; onTriggered: { results.query = field.text; list.currentIndex = 0 } }
            Keys.onDownPressed: list.currentIndex = Math.min(list.count - 1, list.currentIndex + 1)
            Keys.onUpPressed: list.currentIndex = Math.max(0, list.currentIndex - 1)
            Keys.onReturnPressed: { delay.stop(); results.query = field.text; popup.openAt(Math.max(0, list.currentIndex)) }
            Keys.onEnterPressed: Keys.onReturnPressed(event)
        }
        Button {
            objectName: "saveSearchButton"
            flat: true
            visible: field.text.trim() !== "" && results.savedName === ""
            text: qsTr("Save search")
            Accessible.name: qsTr("Save this search")
            onClicked: results.saveCurrent(field.text)
        }
        }
        Label {
            objectName: "savedRunSummary"
            visible: results.savedName !== ""
            Layout.leftMargin: 12
            textFormat: Text.PlainText
            text: qsTr("“%1”: %n new since the last run", "", results.newCount).arg(results.savedName)
            color: Theme.text
            font.bold: true
        }
        // With nothing typed: the saved searches; a click runs one.
        ColumnLayout {
            visible: field.text.trim() === ""
            Layout.fillWidth: true
            Layout.leftMargin: 12
            Layout.rightMargin: 12
            spacing: 0
            Label {
                text: results.savedSearches.length > 0 ? qsTr("Saved searches") : qsTr("Type to search. A search you save here shows what is new each time you run it.")
                color: Theme.muted
                font.bold: results.savedSearches.length > 0
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                bottomPadding: 4
            }
            Repeater {
                model: results.savedSearches
                delegate: ItemDelegate {
                    id: savedRow
                    required property var modelData
                    objectName: "savedSearch_" + modelData.name
                    Layout.fillWidth: true
                    onClicked: if (results.runSaved(modelData.id)) { field.text = results.query; list.currentIndex = 0 }
                    contentItem: RowLayout {
                        Label { text: savedRow.modelData.name; font.bold: true; textFormat: Text.PlainText }
                        Label {
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                            color: Theme.muted
                            textFormat: Text.PlainText
                            text: savedRow.modelData.query + (savedRow.modelData.last_run_at
                                  ? " · " + qsTr("last run %1").arg(new Date(savedRow.modelData.last_run_at).toLocaleString(Qt.locale(), Locale.ShortFormat))
                                  : " · " + qsTr("never run"))
                        }
                        ToolButton {
                            text: "×"
                            Accessible.name: qsTr("Delete the saved search %1").arg(savedRow.modelData.name)
                            onClicked: results.removeSaved(savedRow.modelData.id)
                        }
                    }
                }
            }
        }
        Label {
            visible: results.error !== ""
            Layout.leftMargin: 12
            text: results.error
            color: Theme.error
            font.pixelSize: 12
        }
        ListView {
            id: list
            objectName: "searchResults"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: results
            currentIndex: 0
            section.property: "section"
            section.delegate: Label {
                required property string section
                text: section
                font.bold: true
                color: Theme.muted
                leftPadding: 16
                topPadding: 8
                bottomPadding: 4
            }
            Label {
                anchors.centerIn: parent
                visible: list.count === 0 && field.text.trim() !== ""
                text: qsTr("Nothing found.")
                color: Theme.muted
            }
            delegate: ItemDelegate {
                id: hit
                required property int index
                required property string kind
                required property string resultId
                required property string title
                required property string snippet
                required property bool isNew
                width: list.width
                highlighted: ListView.isCurrentItem
                Accessible.name: title
                onClicked: popup.openAt(index)
                contentItem: ColumnLayout {
                    spacing: 0
                    RowLayout {
                        Layout.fillWidth: true
                        Label { text: hit.title; font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
                        Rectangle {
                            visible: hit.isNew
                            radius: 8
                            height: 18
                            width: newLabel.implicitWidth + 12
                            color: Theme.good
                            Label { id: newLabel; anchors.centerIn: parent; text: qsTr("new"); font.pixelSize: 11 }
                        }
                    }
                    Label {
                        text: hit.snippet
                        textFormat: Text.StyledText
                        elide: Text.ElideRight
                        color: Theme.muted
                        font.pixelSize: 12
                        Layout.fillWidth: true
                    }
                }
            }
        }
    }
}
