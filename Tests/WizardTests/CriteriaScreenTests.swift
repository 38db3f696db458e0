import Foundation
import MigrationCore
import Testing
import TestSupport
import WizardTestSupport
import Wizard

@Suite struct CriteriaScreenTests {
    typealias F = DeployFixtures

    /// Orphans and reconciliation pass, endpoints measured (health failing after), no frontend, watch running.
    static let events =
        F.validation + F.http("integration.http-before", label: "before")
        + F.http("integration.http-after", label: "after", healthOK: false) + F.watchStart + F.round(1, of: 6)

    @Test func reachableFromEveryScreenByF4AndA() {
        for screen: Screen in [.start, .overview, .phase("deployment"), .reader("validation.orphans")] {
            for key: Key in [.f(4), .char("a")] {
                var s = F.state(Self.events)
                s.screens = screen == .start ? [.start] : [.start, screen]
                #expect(Fixtures.press(&s, key).isEmpty)
                #expect(s.screen == .criteria, "\(key) on \(screen)")
                _ = Fixtures.press(&s, .escape)
                #expect(s.screen == screen, "Esc goes back")
            }
        }
    }

    @Test func eachCriterionWithTagAndEvidence() {
        var s = F.state(Self.events)
        s.screens = [.start, .overview, .criteria]
        let expected = SuccessCriteria.evaluate(events: Fixtures.records(Self.events), plan: s.plan)
        #expect(expected.map(\.status) == [.pass, .pass, .fail, .notMeasured, .notMeasured, .notMeasured])
        let ascii = renderOnGridTerminal(s, rows: 40, cols: 120, ascii: true).snapshot()
        #expect(ascii.contains("Success criteria: 2 of 6 met, 1 failed, 3 not measured yet"))
        for c in expected {
            let tag = c.status == .pass ? "[ OK ]" : c.status == .fail ? "[FAIL]" : "[ -- ]"
            #expect(ascii.contains("\(tag) \(c.name)"), "\(c.name)")
        }
        #expect(ascii.contains("2 orphan checks, all 0"))
        #expect(ascii.contains("2 tables, 1050 source rows, all balanced"))
        #expect(ascii.contains("health: HTTP 500 in 3.0 ms"))
        #expect(ascii.contains("health watch still running: 1 rounds OK so far"))
        let utf = renderOnGridTerminal(s, rows: 24, cols: 80).snapshot()
        #expect(utf.contains("✓ ok   All data integrity checks pass"))
        #expect(utf.contains("✗ FAIL All API endpoints"))
    }

    @Test func criteriaFollowTheRun() {
        var s = F.state(
            Self.events + (2...6).flatMap { F.round($0, of: 6) }
                + [.stepFinished(step: "deployment.monitor", outcome: .passed, seconds: 300)])
        s.screens = [.start, .criteria]
        let text = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        #expect(text.contains("✓ ok   No errors during the post-migration health watch"))
        #expect(text.contains("6 rounds, every check OK"))
        // The cursor moves over the criteria; the selected one shows all of its evidence.
        _ = Fixtures.press(&s, .end)
        #expect(s.selected == 5)
        _ = Fixtures.press(&s, .char("k"))
        #expect(s.selected == 4)
    }

    @Test func statusBarAndHelpComeFromTheKeyTable() {
        var s = F.state(Self.events)
        s.screens = [.start, .criteria]
        let bar = renderOnGridTerminal(s, rows: 30, cols: 120).lines().last ?? ""
        for b in KeyTable.statusBar(on: .criteria, width: 120) {
            #expect(bar.contains("\(b.label) \(b.name)"))
        }
        #expect(bar.contains("F12/b Rollback"))
        _ = Fixtures.press(&s, .char("?"))
        #expect(s.screen == .help(.criteria))
        let help = renderOnGridTerminal(s, rows: 40, cols: 120).snapshot()
        #expect(help.contains("F4/a") && help.contains("Success criteria (acceptance)"))
    }

    @Test func newScreensFitEverySize() {
        let events = Self.events + F.round(2, of: 6, failing: ["api"]) + F.preview
        let screens: [(Screen, Int?)] = [
            (.criteria, nil), (.phase("deployment"), 3), (.phase("deployment"), 1),
            (.phase("rollback"), 1), (.reader("integration.http-after"), nil),
        ]
        for (rows, cols) in [(24, 80), (30, 100), (40, 120), (50, 160)] {
            for ascii in [false, true] {
                for (screen, row) in screens {
                    var s = F.state(events)
                    s.screens = [.start, screen]
                    if let row { s.cursor[screen == .phase("rollback") ? "phase:rollback" : "phase:deployment"] = row }
                    let term = renderOnGridTerminal(s, rows: rows, cols: cols, ascii: ascii, color: !ascii)
                    #expect(term.clippedWrites == 0, "\(screen) at \(cols)x\(rows) wrote past the edge")
                    #expect(term.lines().allSatisfy { $0.count == cols })
                    if ascii {
                        #expect(term.snapshot().unicodeScalars.allSatisfy { $0.isASCII }, "\(screen) not ASCII")
                    }
                }
            }
        }
    }
}
