import QtQuick
import QtTest
import RecruitDesk
import RecruitDeskTestFixture

// The Kanban board: a card dragged with the mouse onto another column moves the application
// in the core; a move the pipeline rules refuse goes back and says why.
Item {
    id: root
    width: 1280
    height: 760

    PipelinePage { id: page; anchors.fill: parent }

    TestCase {
        name: "Kanban"
        when: windowShown

        function initTestCase() {
            AppController.signIn("acme", Fixture.adminEmail, Fixture.adminPassword)
            tryCompare(AppController, "signedIn", true, 20000)
            page.jobId = Fixture.openJob
            page.reload()
        }

        function drag(cardName, columnName) {
            var card, column
            tryVerify(function () { card = findChild(page, cardName); return card !== null && card.visible }, 5000)
            column = findChild(page, columnName)
            verify(column !== null, columnName)
            var from = card.mapToItem(root, card.width / 2, card.height / 2)
            var to = column.mapToItem(root, column.width / 2, column.height / 3)
            mousePress(root, from.x, from.y)
            for (var i = 1; i <= 20; ++i) {
                mouseMove(root, from.x + (to.x - from.x) * i / 20, from.y + (to.y - from.y) * i / 20)
                wait(10)
            }
            mouseRelease(root, to.x, to.y)
        }

        function test_1_dragMovesTheStage() {
            compare(Fixture.stageOf(Fixture.applications[0]), "Applied")
            drag("card_Grace Example", "column_Screening")
            tryVerify(function () { return Fixture.stageOf(Fixture.applications[0]) === "Screening" }, 5000)
            tryVerify(function () { return findChild(findChild(page, "column_Screening"), "card_Grace Example") !== null }, 5000)
        }

        function test_2_refusedMoveGoesBack() {
            // "Hired" only from an offer stage: refused, the card returns, the stage is unchanged.
            drag("card_Linus Example", "column_Hired")
            tryVerify(function () { return page.rejection !== "" }, 5000)
            verify(page.rejection.indexOf("validation_failed") >= 0, page.rejection)
            compare(Fixture.stageOf(Fixture.applications[1]), "Applied")
            tryVerify(function () { return findChild(findChild(page, "column_Applied"), "card_Linus Example") !== null }, 5000)
        }
    }
}
