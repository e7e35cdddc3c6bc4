import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import RecruitDesk

// Plans an interview for one application: date and time in a chosen time zone, duration,
// place or video link, interviewers. The core checks it; its reason shows in the banner.
Dialog {
    id: dialog
    objectName: "scheduleDialog"
    property string applicationId: ""
    property string subject: ""
    property InterviewsModel model
    signal scheduled()
    title: qsTr("Schedule an interview")
    modal: true
    width: 520
    x: parent ? (parent.width - width) / 2 : 0
    y: parent ? Math.max(20, (parent.height - height) / 3) : 0
    standardButtons: Dialog.Cancel

    function openFor(appId, label) {
        applicationId = appId
        subject = label
        const tomorrow = new Date(Date.now() + 24 * 3600 * 1000)
        date.text = tomorrow.toISOString().slice(0, 10)
        time.text = "10:00"
        zone.model = model.timeZones()
        zone.currentIndex = 0
        people.model = model.interviewerChoices()
        open()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        Label { text: dialog.subject; font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
        GridLayout {
            columns: 2
            columnSpacing: 12
            Layout.fillWidth: true
            Label { text: qsTr("Date") }
            TextField {
                id: date
                objectName: "interviewDate"
                Layout.fillWidth: true
                placeholderText: "2026-12-01"
                inputMask: "9999-99-99"
                Accessible.name: qsTr("Date")
            }
            Label { text: qsTr("Time") }
            TextField {
                id: time
                objectName: "interviewTime"
                Layout.fillWidth: true
                inputMask: "99:99"
                Accessible.name: qsTr("Time")
            }
            Label { text: qsTr("Time zone") }
            ComboBox {
                id: zone
                objectName: "interviewZone"
                Layout.fillWidth: true
                editable: true
                Accessible.name: qsTr("Time zone")
            }
            Label { text: qsTr("Duration") }
            SpinBox {
                id: duration
                objectName: "interviewDuration"
                from: 5; to: 480; stepSize: 15; value: 60
                editable: true
                Accessible.name: qsTr("Duration in minutes")
                textFromValue: function (v) { return qsTr("%1 min").arg(v) }
                valueFromText: function (t) { return parseInt(t) }
            }
            Label { text: qsTr("Place") }
            TextField { id: place; Layout.fillWidth: true; Accessible.name: qsTr("Place") }
            Label { text: qsTr("Video link") }
            TextField { id: video; Layout.fillWidth: true; placeholderText: "https://"; Accessible.name: qsTr("Video link") }
        }
        Label { text: qsTr("Interviewers"); font.bold: true }
        ListView {
            id: people
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(160, contentHeight)
            clip: true
            delegate: CheckDelegate {
                required property var modelData
                width: people.width
                text: modelData.name
                property string userId: modelData.id
            }
        }
        Button {
            objectName: "scheduleButton"
            text: qsTr("Schedule")
            highlighted: true
            Layout.alignment: Qt.AlignRight
            onClicked: {
                const ids = []
                for (let i = 0; i < people.count; ++i) {
                    const item = people.itemAtIndex(i)
                    if (item && item.checked) ids.push(item.userId)
                }
                if (dialog.model.schedule(dialog.applicationId, date.text + "T" + time.text, zone.editText, duration.value,
                                          place.text, video.text, ids)) {
                    dialog.close()
                    dialog.scheduled()
                }
            }
        }
    }
}
