pragma Singleton
import QtQuick
import RecruitDesk

// The app's colours, light or dark (AppController.darkTheme: --theme, or the system palette).
// Controls follow Material.theme (set in Main.qml); these are the colours the screens set.
QtObject {
    readonly property bool dark: AppController.darkTheme
    readonly property color page: dark ? "#14181f" : "#f4f6fa"      // behind the panes
    readonly property color surface: dark ? "#1e232b" : "white"     // tool bars, popups, cards
    readonly property color text: dark ? "#e6e9ef" : "#1f2a44"
    readonly property color muted: dark ? "#9aa3b5" : "#5b6478"     // secondary text
    readonly property color line: dark ? "#394150" : "#c9d1e2"
    readonly property color chip: dark ? "#2b313b" : "#eef1f7"      // neutral badge
    readonly property color accentSoft: dark ? "#2f3d66" : "#dfe7fb" // highlighted badge, skill chip, drop target
    readonly property color column: dark ? "#191d24" : "#e9edf5"    // a Kanban column
    readonly property color good: dark ? "#1f3a2c" : "#d7f2e3"      // open, approved, added
    readonly property color bad: dark ? "#4a2323" : "#fde2e1"       // closed, rejected, removed
    readonly property color warn: dark ? "#4a4020" : "#fff2cc"      // waiting, possible duplicate
    readonly property color error: dark ? "#ff8a80" : "#b3261e"     // error text
}
