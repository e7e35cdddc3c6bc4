import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Jobs: the workspace's jobs, filtered by status and searched through the full-text index.
// Publish / close / reopen are offered to roles that may update jobs.
Page {
    id: page
    objectName: "jobsPage"
    signal openPipeline(string jobId)
    // A job's editor; "new" for a new job.
    signal openJob(string jobId)
    background: Rectangle { color: Theme.page }
    readonly property bool canUpdate: AppController.signedIn && AppController.can("job", "update")

    JobListModel { id: jobs; controller: AppController }
    function reload() { jobs.reload() }

    header: ToolBar {
        Material.background: Theme.surface
        Material.foreground: Theme.text
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 24
            anchors.rightMargin: 16
            spacing: 12
            Label { text: qsTr("Jobs"); font.pixelSize: 20; font.bold: true }
            Label { text: qsTr("%n job(s)", "", jobs.count); color: Theme.muted; Layout.fillWidth: true }
            Button {
                objectName: "newJobButton"
                visible: AppController.signedIn && AppController.can("job", "create")
                highlighted: true
                text: qsTr("New job")
                onClicked: page.openJob("new")
            }
            TextField {
                id: search
                objectName: "jobSearch"
                placeholderText: qsTr("Search jobs")
                Accessible.name: qsTr("Search jobs")
                Layout.preferredWidth: 260
                onTextChanged: searchDelay.restart()
                Timer { id: searchDelay; interval: 250; onTriggered: jobs.search = search.text }
            }
            ComboBox {
                id: statusFilter
                objectName: "jobStatusFilter"
                Accessible.name: qsTr("Status")
                Layout.preferredWidth: 200
                textRole: "label"
                valueRole: "value"
                model: [
                    { value: "", label: qsTr("All but archived") },
                    { value: "open", label: qsTr("Open") },
                    { value: "draft", label: qsTr("Draft") },
                    { value: "closed", label: qsTr("Closed") },
                    { value: "archived", label: qsTr("Archived") }
                ]
                onActivated: jobs.status = currentValue
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
            objectName: "jobList"
            anchors.fill: parent
            clip: true
            model: jobs
            ScrollBar.vertical: ScrollBar {}
            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: jobs.search !== "" ? qsTr("No job matches “%1”.").arg(jobs.search) : qsTr("No jobs yet.")
                color: Theme.muted
            }
            delegate: ItemDelegate {
                id: row
                required property int index
                required property string jobId
                required property string title
                required property string location
                required property string status
                required property bool published
                required property string remote
                required property string jobNumber
                required property string mustHave
                required property string snippet
                width: list.width
                height: 64
                Accessible.name: title
                onDoubleClicked: page.openJob(jobId)
                contentItem: RowLayout {
                    spacing: 12
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Label { text: row.title; font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
                        Label {
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                            color: Theme.muted
                            font.pixelSize: 12
                            textFormat: Text.PlainText
                            text: [row.jobNumber, row.location, row.remote,
                                   row.mustHave !== "" ? qsTr("must have: %1").arg(row.mustHave) : ""]
                                  .filter(function (s) { return s !== "" }).join(" · ")
                        }
                    }
                    Rectangle {
                        radius: 10
                        height: 22
                        width: statusLabel.implicitWidth + 16
                        color: row.status === "open" ? Theme.good : row.status === "draft" ? Theme.chip : Theme.bad
                        Label {
                            id: statusLabel
                            anchors.centerIn: parent
                            font.pixelSize: 12
                            text: (row.status === "open" ? qsTr("Open") : row.status === "draft" ? qsTr("Draft")
                                   : row.status === "closed" ? qsTr("Closed") : qsTr("Archived"))
                                  + (row.published ? " · " + qsTr("published") : "")
                        }
                    }
                    Button {
                        objectName: "editJobButton"
                        text: page.canUpdate ? qsTr("Edit") : qsTr("Details")
                        flat: true
                        Accessible.name: qsTr("Open %1").arg(row.title)
                        onClicked: page.openJob(row.jobId)
                    }
                    Button {
                        text: qsTr("Pipeline")
                        flat: true
                        Accessible.name: qsTr("Open the pipeline of %1").arg(row.title)
                        onClicked: page.openPipeline(row.jobId)
                    }
                    Button {
                        objectName: "publishButton"
                        visible: page.canUpdate && !row.published && row.status !== "closed" && row.status !== "archived"
                        text: qsTr("Publish")
                        flat: true
                        onClicked: jobs.publish(row.index)
                    }
                    Button {
                        visible: page.canUpdate && row.status === "open"
                        text: qsTr("Close")
                        flat: true
                        onClicked: jobs.setJobStatus(row.index, "closed")
                    }
                    Button {
                        visible: page.canUpdate && row.status === "closed"
                        text: qsTr("Reopen")
                        flat: true
                        onClicked: jobs.setJobStatus(row.index, "open")
                    }
                }
            }
        }
    }
}
