import QtQuick
import QtTest
import RecruitDesk
import RecruitDeskTestFixture

// The job editor's form: a job without a title is refused and the field says so (nothing is
// created); typed by keyboard — a skill alias becomes its canonical chip, a place is chosen
// from the gazetteer list — it creates the job in the core.
Item {
    id: root
    width: 1280
    height: 760

    JobEditorPage { id: page; anchors.fill: parent }

    TestCase {
        name: "JobEditor"
        when: windowShown

        function initTestCase() {
            AppController.signIn("acme", Fixture.adminEmail, Fixture.adminPassword)
            tryCompare(AppController, "signedIn", true, 20000)
            page.startNew()
        }

        function type(objectName, text) {
            var field = findChild(page, objectName)
            verify(field !== null, objectName)
            field.forceActiveFocus()
            tryCompare(field, "activeFocus", true)
            for (var i = 0; i < text.length; ++i)
                keyClick(text[i])
        }

        function test_1_titleIsRequired() {
            var before = Fixture.jobCount()
            findChild(page, "jobSaveButton").clicked()
            tryCompare(findChild(page, "jobTitleError"), "visible", true)
            compare(Fixture.jobCount(), before)
            verify(page.editor.isNew)
        }

        function test_2_keyboardCreatesTheJob() {
            type("jobTitleField", "Site Reliability Engineer")
            type("mustHaveInputField", "k8s")
            keyClick(Qt.Key_Return)
            tryCompare(findChild(page, "mustHaveInput"), "skills", ["Kubernetes"])
            type("jobLocationField", "Zuri")
            keyClick(Qt.Key_Return)

            tryCompare(findChild(page, "jobLocationField"), "text", "Zürich, CH")
            findChild(page, "jobSaveButton").clicked()
            tryVerify(function () { return !page.editor.isNew }, 5000)
            var job = Fixture.job(page.editor.jobId)
            compare(job.title, "Site Reliability Engineer")
            compare(job.must_have, ["Kubernetes"])
            verify(Math.abs(job.latitude - 47.37) < 0.05, "coordinates of the chosen place")
            compare(findChild(page, "jobTitleError").visible, false)
        }
    }
}
