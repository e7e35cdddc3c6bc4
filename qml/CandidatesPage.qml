import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Candidates: a virtualised list that fetches pages of 100 as it scrolls; typing searches
// the full-text index (names, skills, CV text) with highlighted snippets.
Page {
    id: page
    objectName: "candidatesPage"
    signal openCandidate(string candidateId)
    background: Rectangle { color: Theme.page }

    CandidateListModel { id: candidates; controller: AppController }
    function reload() { candidates.reload() }

    header: ToolBar {
        Material.background: Theme.surface
        Material.foreground: Theme.text
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 24
            anchors.rightMargin: 16
            spacing: 12
            Label { text: qsTr("Candidates"); font.pixelSize: 20; font.bold: true }
            Label {
                objectName: "candidateCount"
                Layout.fillWidth: true
                color: Theme.muted
                text: candidates.search !== "" ? qsTr("%n match(es)", "", candidates.count)
                                               : qsTr("%n candidate(s)", "", candidates.total)
            }
            TextField {
                id: search
                objectName: "candidateSearch"
                placeholderText: qsTr("Search names, skills, CV text")
                Accessible.name: qsTr("Search candidates")
                Layout.preferredWidth: 320
                onTextChanged: searchDelay.restart()
                Timer { id: searchDelay; interval: 250; onTriggered: candidates.search = search.text }
            }
        }
    }

    Pane {
        anchors.fill: parent
        anchors.margins: 24
        Material.elevation: 1
        padding: 0

        ListView {
            id: list
            objectName: "candidateList"
            anchors.fill: parent
            clip: true
            model: candidates
            reuseItems: true
            cacheBuffer: 600
            ScrollBar.vertical: ScrollBar {}
            keyNavigationEnabled: true
            Keys.onReturnPressed: if (currentIndex >= 0) page.openCandidate(candidates.idAt(currentIndex))
            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: candidates.search !== "" ? qsTr("Nobody matches “%1”.").arg(candidates.search) : qsTr("No candidates yet.")
                color: Theme.muted
            }
            delegate: ItemDelegate {
                id: row
                required property int index
                required property string candidateId
                required property string name
                required property string headline
                required property string location
                required property string skills
                required property string snippet
                width: list.width
                height: 60
                highlighted: ListView.isCurrentItem
                Accessible.name: name
                onClicked: { list.currentIndex = index; page.openCandidate(candidateId) }
                contentItem: RowLayout {
                    spacing: 12
                    Rectangle {
                        width: 36; height: 36; radius: 18
                        color: Theme.accentSoft
                        Label {
                            anchors.centerIn: parent
                            text: row.name.split(" ").map(function (p) { return p.charAt(0) }).join("").slice(0, 2).toUpperCase()
                            font.bold: true
                            color: Theme.text
                        }
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Label { text: row.name; font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
                        Label {
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                            color: Theme.muted
                            font.pixelSize: 12
                            textFormat: row.snippet !== "" ? Text.StyledText : Text.PlainText
                            // Search snippets mark matches in [brackets]; shown in bold.
                            text: row.snippet !== ""
                                  ? row.snippet.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\[/g, "<b>").replace(/\]/g, "</b>")
                                  : [row.headline, row.location].filter(function (s) { return s !== "" }).join(" · ")
                        }
                    }
                    Label {
                        Layout.preferredWidth: 260
                        visible: page.width > 1000
                        text: row.skills
                        elide: Text.ElideRight
                        color: Theme.muted
                        font.pixelSize: 12
                    }
                }
            }
        }
    }
}
