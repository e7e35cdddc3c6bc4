import QtQuick
import QtTest
import RecruitDesk
import RecruitDeskTestFixture

// A viewer sees jobs, the editor and the board, but the actions their role lacks are hidden
// or read-only; the same screens show them to an admin (checked first).
Item {
    id: root
    width: 1280
    height: 760

    JobsPage { id: jobs; anchors.fill: parent }
    JobEditorPage { id: editor; anchors.fill: parent; visible: false }

    TestCase {
        name: "Permissions"
        when: windowShown

        function signInAs(email, password) {
            if (AppController.signedIn) AppController.signOut()
            tryCompare(AppController, "signedIn", false)
            AppController.signIn("acme", email, password)
            tryCompare(AppController, "signedIn", true, 20000)
            jobs.reload()
            editor.jobId = Fixture.openJob
            editor.reload()
        }

        function test_1_adminSeesTheActions() {
            signInAs(Fixture.adminEmail, Fixture.adminPassword)
            compare(findChild(jobs, "newJobButton").visible, true)
            compare(editor.canEdit, true)
            compare(findChild(editor, "jobTitleField").readOnly, false)
        }

        function test_2_viewerDoesNot() {
            signInAs(Fixture.viewerEmail, Fixture.userPassword)
            compare(findChild(jobs, "newJobButton").visible, false)
            compare(editor.canEdit, false)
            compare(findChild(editor, "jobTitleField").readOnly, true)
            compare(findChild(editor, "jobSaveButton").visible, false)
            compare(findChild(editor, "jobPublishButton").visible, false)
            // Every row's Publish button is hidden too.
            tryVerify(function () { return findChild(jobs, "jobList").count > 0 })
            compare(findChild(jobs, "publishButton") === null || !findChild(jobs, "publishButton").visible, true)
        }
    }
}
