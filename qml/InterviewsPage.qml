import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Dialogs
import QtQuick.Layouts
import RecruitDesk

// Interviews: the coming days, yours or everyone's; mark done or cancelled, give feedback
// (scorecard 1-5 and a recommendation) when you are an interviewer, save an .ics file.
// Interviews are planned from a candidate's application (profile).
Page {
    id: page
    objectName: "interviewsPage"
    signal openCandidate(string candidateId)
    background: Rectangle { color: Theme.page }
    readonly property bool canUpdate: AppController.signedIn && AppController.can("interview", "update")

    InterviewsModel { id: interviews; objectName: "interviewsModel"; controller: AppController }
    function reload() { interviews.reload() }

    header: ToolBar {
        Material.background: Theme.surface
        Material.foreground: Theme.text
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 24
            anchors.rightMargin: 16
            spacing: 12
            Label { text: qsTr("Interviews"); font.pixelSize: 20; font.bold: true }
            Label { text: qsTr("%n interview(s)", "", interviews.count); color: Theme.muted; Layout.fillWidth: true }
            ComboBox {
                Accessible.name: qsTr("Period")
                Layout.preferredWidth: 180
                textRole: "label"
                valueRole: "value"
                model: [
                    { value: 1, label: qsTr("Today") },
                    { value: 7, label: qsTr("Next 7 days") },
                    { value: 14, label: qsTr("Next 14 days") },
                    { value: 31, label: qsTr("Next 31 days") }
                ]
                currentIndex: 2
                onActivated: interviews.days = currentValue
            }
            Switch {
                objectName: "mineOnly"
                text: qsTr("Only mine")
                onToggled: interviews.mineOnly = checked
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
            objectName: "interviewList"
            anchors.fill: parent
            clip: true
            model: interviews
            ScrollBar.vertical: ScrollBar {}
            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("No interviews in this period. Plan one from a candidate's application.")
                color: Theme.muted
            }
            delegate: ItemDelegate {
                id: row
                required property int index
                required property string candidateId
                required property string candidate
                required property string job
                required property string localTime
                required property string plannedTime
                required property int durationMin
                required property string location
                required property string videoLink
                required property string status
                required property string interviewers
                required property int feedbackCount
                required property bool canGiveFeedback
                required property bool myFeedback
                width: list.width
                height: 76
                Accessible.name: candidate + ", " + localTime
                onDoubleClicked: page.openCandidate(candidateId)
                contentItem: RowLayout {
                    spacing: 12
                    ColumnLayout {
                        Layout.preferredWidth: 170
                        spacing: 0
                        Label { text: row.localTime; font.bold: true }
                        Label { text: qsTr("%1 min").arg(row.durationMin); color: Theme.muted; font.pixelSize: 12 }
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Label { text: row.candidate + " · " + row.job; font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
                        Label {
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                            color: Theme.muted
                            font.pixelSize: 12
                            text: [row.location, row.videoLink, row.interviewers].filter(function (s) { return s !== "" }).join(" · ")
                        }
                        Label {
                            color: Theme.muted
                            font.pixelSize: 12
                            text: qsTr("planned as %1").arg(row.plannedTime)
                                  + (row.feedbackCount > 0 ? " · " + qsTr("%n feedback(s)", "", row.feedbackCount) : "")
                        }
                    }
                    Label {
                        text: row.status === "scheduled" ? qsTr("scheduled") : row.status === "completed" ? qsTr("done") : qsTr("cancelled")
                        color: row.status === "cancelled" ? Theme.error : Theme.text
                    }
                    Button {
                        objectName: "feedbackButton"
                        visible: row.canGiveFeedback && row.status !== "cancelled"
                        flat: true
                        text: row.myFeedback ? qsTr("Edit feedback") : qsTr("Feedback")
                        onClicked: feedback.openFor(row.index, row.candidate)
                    }
                    Button {
                        visible: page.canUpdate && row.status === "scheduled"
                        flat: true
                        text: qsTr("Done")
                        onClicked: interviews.setStatus(row.index, "completed")
                    }
                    Button {
                        visible: page.canUpdate && row.status === "scheduled"
                        flat: true
                        text: qsTr("Cancel")
                        onClicked: interviews.setStatus(row.index, "cancelled")
                    }
                    Button {
                        flat: true
                        text: qsTr(".ics")
                        Accessible.name: qsTr("Save as a calendar file")
                        onClicked: { icsDialog.row = row.index; icsDialog.open() }
                    }
                }
            }
        }
    }

    FileDialog {
        id: icsDialog
        property int row: -1
        title: qsTr("Save the interview as a calendar file")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("Calendar files (*.ics)")]
        defaultSuffix: "ics"
        onAccepted: interviews.exportIcs(row, selectedFile)
    }

    Dialog {
        id: feedback
        objectName: "feedbackDialog"
        property int row: -1
        title: qsTr("Feedback on %1").arg(subject)
        property string subject: ""
        modal: true
        parent: Overlay.overlay
        x: (parent.width - width) / 2
        y: (parent.height - height) / 3
        width: 460
        standardButtons: Dialog.Cancel
        function openFor(r, name) { row = r; subject = name; comment.text = ""; open() }
        ColumnLayout {
            anchors.fill: parent
            Repeater {
                id: criteria
                model: [
                    { key: "skills", label: qsTr("Skills") },
                    { key: "communication", label: qsTr("Communication") },
                    { key: "motivation", label: qsTr("Motivation") }
                ]
                delegate: RowLayout {
                    required property var modelData
                    property alias value: score.value
                    property string key: modelData.key
                    Label { text: modelData.label; Layout.preferredWidth: 140 }
                    SpinBox { id: score; from: 1; to: 5; value: 3; Accessible.name: modelData.label }
                }
            }
            ComboBox {
                id: recommendation
                objectName: "recommendation"
                Layout.fillWidth: true
                textRole: "label"
                valueRole: "value"
                Accessible.name: qsTr("Recommendation")
                model: [
                    { value: "strong_yes", label: qsTr("Strong yes") },
                    { value: "yes", label: qsTr("Yes") },
                    { value: "no", label: qsTr("No") },
                    { value: "strong_no", label: qsTr("Strong no") }
                ]
                currentIndex: 1
            }
            TextArea {
                id: comment
                Layout.fillWidth: true
                Layout.preferredHeight: 90
                placeholderText: qsTr("What stood out?")
                Accessible.name: qsTr("Comment")
                wrapMode: TextEdit.Wrap
            }
            Button {
                text: qsTr("Save feedback")
                highlighted: true
                Layout.alignment: Qt.AlignRight
                onClicked: {
                    const ratings = {}
                    for (let i = 0; i < criteria.count; ++i)
                        ratings[criteria.itemAt(i).key] = criteria.itemAt(i).value
                    if (interviews.giveFeedback(feedback.row, ratings, recommendation.currentValue, comment.text))
                        feedback.close()
                }
            }
        }
    }
}
