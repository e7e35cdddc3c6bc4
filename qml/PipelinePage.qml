import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Pipeline: a Kanban board per job. Drag a card onto another column to move the
// application; the move shows at once and is rolled back with the reason when the core
// refuses it (pipeline rules, permissions). The last move can be undone.
Page {
    id: page
    objectName: "pipelinePage"
    property alias jobId: board.jobId
    signal openCandidate(string candidateId)
    signal openMatches(string jobId)
    background: Rectangle { color: Theme.page }
    readonly property bool canMove: AppController.signedIn && AppController.can("application", "update")
    property string rejection: ""

    PipelineModel {
        id: board
        objectName: "pipelineModel"
        controller: AppController
        onMoveRejected: function (applicationId, message, code) { page.rejection = message + " (" + code + ")" }
    }
    JobListModel { id: openJobs; controller: AppController; status: "open" }
    // Interviews are planned from a card as from the profile.
    InterviewsModel { id: planner; controller: AppController; days: 1 }
    ScheduleInterviewDialog {
        id: scheduleDialog
        objectName: "pipelineScheduleDialog"
        parent: Overlay.overlay
        model: planner
    }
    readonly property bool canSchedule: AppController.signedIn && AppController.can("interview", "create")
    function reload() { board.reload(); openJobs.reload() }

    header: ToolBar {
        Material.background: Theme.surface
        Material.foreground: Theme.text
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 24
            anchors.rightMargin: 16
            spacing: 12
            Label { text: qsTr("Pipeline"); font.pixelSize: 20; font.bold: true }
            ComboBox {
                id: jobPicker
                objectName: "jobPicker"
                Layout.preferredWidth: 340
                Accessible.name: qsTr("Job")
                model: openJobs
                textRole: "title"
                valueRole: "jobId"
                displayText: board.jobTitle !== "" ? board.jobTitle : qsTr("Choose an open job")
                onActivated: board.jobId = currentValue
            }
            Button {
                text: qsTr("Matches")
                flat: true
                enabled: board.jobId !== ""
                Accessible.name: qsTr("Best candidates for this job")
                onClicked: page.openMatches(board.jobId)
            }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "undoButton"
                visible: board.canUndo
                text: qsTr("Undo: %1").arg(board.undoText)
                flat: true
                onClicked: { page.rejection = ""; board.undo() }
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 8

        // Why the last move was refused (the card went back).
        Rectangle {
            objectName: "rejection"
            visible: page.rejection !== ""
            Layout.fillWidth: true
            implicitHeight: 40
            radius: 6
            color: Theme.bad
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 12
                Label { text: page.rejection; color: Theme.error; Layout.fillWidth: true; elide: Text.ElideRight }
                ToolButton { text: "✕"; onClicked: page.rejection = ""; Accessible.name: qsTr("Dismiss") }
            }
        }

        Label {
            visible: board.jobId === ""
            text: qsTr("Choose a job to see its pipeline.")
            color: Theme.muted
        }

        ListView {
            id: columns
            objectName: "kanban"
            Layout.fillWidth: true
            Layout.fillHeight: true
            orientation: ListView.Horizontal
            spacing: 12
            clip: true
            model: board
            ScrollBar.horizontal: ScrollBar {}
            delegate: Rectangle {
                id: column
                required property int index
                required property string stageId
                required property string name
                required property string kind
                required property var cards
                required property int cardCount
                objectName: "column_" + name
                width: 230
                height: columns.height
                radius: 8
                color: drop.containsDrag ? Theme.accentSoft : Theme.column

                DropArea {
                    id: drop
                    anchors.fill: parent
                    keys: ["application"]
                    onDropped: function (d) {
                        page.rejection = ""
                        // After the drag ends: the move re-creates the cards, this one included.
                        Qt.callLater(board.moveCard, d.source.applicationId, column.stageId)
                    }
                }

                ColumnLayout {
                    anchors.fill: parent
                    anchors.margins: 8
                    spacing: 6
                    RowLayout {
                        Label { text: column.name; font.bold: true; Layout.fillWidth: true; elide: Text.ElideRight }
                        Label { text: column.cardCount; color: Theme.muted }
                    }
                    ListView {
                        id: cardList
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        spacing: 6
                        model: column.cards
                        delegate: Item {
                            id: slot
                            required property var modelData
                            width: cardList.width
                            height: 58
                            Rectangle {
                                id: card
                                objectName: "card_" + slot.modelData.name
                                property string applicationId: slot.modelData.applicationId
                                width: slot.width
                                height: slot.height
                                radius: 6
                                color: Theme.surface
                                border.color: dragArea.drag.active ? "#4f6bd8" : Theme.line
                                Accessible.name: slot.modelData.name
                                Accessible.role: Accessible.ListItem
                                Drag.active: dragArea.drag.active
                                Drag.keys: ["application"]
                                Drag.source: card
                                Drag.hotSpot.x: width / 2
                                Drag.hotSpot.y: height / 2
                                states: State {
                                    when: dragArea.drag.active
                                    ParentChange { target: card; parent: page }
                                }
                                ColumnLayout {
                                    anchors.fill: parent
                                    anchors.margins: 8
                                    spacing: 0
                                    Label { text: slot.modelData.name; font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
                                    Label {
                                        text: slot.modelData.status !== "active" ? slot.modelData.status : slot.modelData.headline
                                        color: Theme.muted
                                        font.pixelSize: 12
                                        elide: Text.ElideRight
                                        Layout.fillWidth: true
                                    }
                                }
                                MouseArea {
                                    id: dragArea
                                    anchors.fill: parent
                                    drag.target: page.canMove ? card : null
                                    onDoubleClicked: page.openCandidate(slot.modelData.candidateId)
                                    onReleased: {
                                        if (drag.active || card.Drag.active)
                                            card.Drag.drop()
                                        card.x = 0
                                        card.y = 0
                                    }
                                }
                                ToolButton {
                                    objectName: "cardMenu_" + slot.modelData.name
                                    anchors.right: parent.right
                                    anchors.top: parent.top
                                    width: 32
                                    height: 32
                                    text: "⋯"
                                    Accessible.name: qsTr("Actions for %1").arg(slot.modelData.name)
                                    onClicked: cardMenu.popup()
                                    Menu {
                                        id: cardMenu
                                        MenuItem {
                                            text: qsTr("Open profile")
                                            onTriggered: page.openCandidate(slot.modelData.candidateId)
                                        }
                                        MenuItem {
                                            objectName: "cardSchedule"
                                            text: qsTr("Schedule interview…")
                                            enabled: page.canSchedule && slot.modelData.status === "active"
                                            onTriggered: scheduleDialog.openFor(slot.modelData.applicationId,
                                                                                slot.modelData.name + " · " + board.jobTitle)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
