import Foundation
import MigrationCore
import Testing
import TestSupport
import WizardTestSupport
import Wizard

@Suite struct CaptureTests {
    /// Writes the phase screen at 100x30 to /tmp/wizard-phase-100x30.txt for the report.
    @Test func phaseScreenCapture() throws {
        var s = Fixtures.state()
        s.screens = [.start, .phase("migration")]
        s.now = Fixtures.t0.addingTimeInterval(40)
        let text = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        try text.write(toFile: "/tmp/wizard-phase-100x30.txt", atomically: true, encoding: .utf8)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == 30)
    }
}

@Suite struct DialogRenderTests {
    @Test func everyDialogFitsAt80x24AndStartsOnTheSafeAnswer() {
        var quit = Fixtures.state()
        _ = Fixtures.press(&quit, .char("q"))
        let failure = StepFailure(
            code: "sql", message: "duplicate key value violates unique constraint \"persons_pincode_key\"",
            sqlState: "23505", location: "10_persons.sql:12", fix: "run the dedup step first, then retry")
        let failed = Fixtures.state([
            .stepStarted(step: "migration.persons", attempt: 1),
            .stepFailed(step: "migration.persons", failure: failure, seconds: 2),
        ])
        var name = Fixtures.state([])
        name.screens = [.start, .checklist("pre-migration")]
        _ = Fixtures.press(&name, .end, .enter)
        for (s, expected) in [(quit, "> Stay <"), (failed, "SQLSTATE 23505"), (name, "Your name")] {
            for ascii in [false, true] {
                let term = renderOnGridTerminal(s, rows: 24, cols: 80, ascii: ascii)
                #expect(term.clippedWrites == 0)
                #expect(term.snapshot().contains(expected))
            }
        }
        #expect(
            renderOnGridTerminal(failed, rows: 24, cols: 80).snapshot().contains("What to do: run the dedup step first")
        )
    }
}

@Suite struct ReaderRenderTests {
    @Test func wideTablesShrinkTheWidestColumnAndScrollSideways() {
        let long = String(repeating: "orphan users.organization_id -> organizations ", count: 2)
        let table = ResultTable(
            title: "critical issues", columns: ["issue", "count", "status"],
            rows: [[long, "41", "warn"], ["short", "3", "pass"]])
        var s = Fixtures.state([.result(step: "preparation.analysis", table: table)])
        s.screens = [.start, .reader("preparation.analysis")]
        let term = renderOnGridTerminal(s, rows: 24, cols: 80)
        #expect(term.clippedWrites == 0)
        let text = term.snapshot()
        #expect(text.contains("41") && text.contains("warn"), "narrow columns keep their full width")
        _ = Fixtures.press(&s, .right, .right)
        #expect(renderOnGridTerminal(s, rows: 24, cols: 80).snapshot().contains("organizations"))
    }

    /// Five result tables: every tab is reachable, numbered, and the focused one is always shown
    /// and highlighted, also at 80 columns (it used to show the first 2-3 only).
    @Test func theTabStripScrollsToTheFocusedTable() {
        let names = [
            "Critical data issues", "Orphan rows by relationship", "Blank required fields", "Unparseable dates",
            "Subject names",
        ]
        var s = Fixtures.state(
            names.map {
                .result(step: "preparation.analysis", table: ResultTable(title: $0, columns: ["n"], rows: [["1"]]))
            })
        s.screens = [.start, .reader("preparation.analysis")]
        for cols in [80, 100] {
            var t = s
            _ = Fixtures.press(&t, .tab, .tab, .tab, .tab)
            let term = renderOnGridTerminal(t, rows: 24, cols: cols)
            let text = term.snapshot()
            #expect(text.contains(" 5 Subject names"), "\(cols) cols: \(text)")
            #expect(term.role(of: " 5 Subject names ") == .selected, "\(cols) cols")
            #expect(term.clippedWrites == 0)
        }
        let first = renderOnGridTerminal(s, rows: 24, cols: 100).snapshot()
        #expect(first.contains(" 1 Critical data issues "))
    }

    @Test func aPassedStepWithoutTablesSaysSoInsteadOfNoResultsYet() {
        var s = Fixtures.state([
            .stepStarted(step: "migration.persons", attempt: 1),
            .stepFinished(step: "migration.persons", outcome: .passed, seconds: 1),
        ])
        s.screens = [.start, .reader("migration.persons")]
        let text = renderOnGridTerminal(s, rows: 24, cols: 100).snapshot()
        #expect(text.contains("passed; it reports no tables") && !text.contains("No results yet"), "\(text)")
    }

    /// A cell the fitting cut short can be read whole by scrolling right, and scrolling stops at
    /// the end of the longest line (so Left comes back in as many presses).
    @Test func scrollingRightRevealsCutCellsAndStopsAtTheEnd() {
        let cells = ["education_group", "education_group_student"]
        let evidence = "2008 = 1943 migrated + 20 merged + 45 rejected, each legacy row with exactly one outcome"
        let table = ResultTable(
            title: "reconciliation", columns: ["source_table", "evidence", "more"],
            rows: cells.map { [$0, evidence, String(repeating: "x", count: 60)] })
        var s = Fixtures.state([.result(step: "validation.reconciliation", table: table)])
        s.screens = [.start, .reader("validation.reconciliation")]
        #expect(!renderOnGridTerminal(s, rows: 24, cols: 80).snapshot().contains("45 rejected, each legacy row"))
        var seen = ""
        for _ in 0..<40 {
            _ = Fixtures.press(&s, .right)
            seen += renderOnGridTerminal(s, rows: 24, cols: 80).snapshot()
        }
        #expect(seen.contains("45 rejected, each legacy row"), "the cut evidence is readable when scrolled")
        let end = s.hscroll.values.max() ?? 0  // the reader is the only scrolled screen
        #expect(end > 0 && end < 40 * 8, "scrolling stopped at the end: \(end)")
        for _ in 0..<(end + 7) / 8 { _ = Fixtures.press(&s, .left) }
        #expect(s.hscroll.values.max() == 0)
    }
}
