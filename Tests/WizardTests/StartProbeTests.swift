import Foundation
import MigrationCore
import Testing
import TestSupport
import WizardTestSupport
import Wizard

/// The start screen shows the start-up connection test before any checklist has run.
@Suite struct StartProbeTests {
    @Test func startScreenShowsTheConnectionTestResult() {
        var s = Fixtures.state([])
        s.info.server = "PostgreSQL 15.18, connected (connection test at start)"
        let ok = renderOnGridTerminal(s, rows: 24, cols: 80, ascii: true).snapshot()
        #expect(ok.contains("PostgreSQL 15.18, connected"))
        #expect(!ok.contains("not checked yet"))

        var bad = Fixtures.state([])
        bad.info.serverProblem = "could not connect to server at /tmp port 5999: is the server running?"
        let failed = renderOnGridTerminal(bad, rows: 24, cols: 80, ascii: true).snapshot()
        #expect(failed.contains("could not connect to server"))
        #expect(failed.contains("[FAIL]") || failed.contains("x "))
    }
}
