import Foundation
import MigrationCore
import Testing
import TestSupport
import WizardTestSupport
@testable import Wizard

@Suite struct HealthDashboardTests {
    typealias F = DeployFixtures

    /// Two rounds done (api failed in the second), the watch still running.
    static let running = F.watchStart + F.round(1, of: 6) + F.round(2, of: 6, failing: ["api"])

    static func onMonitor(_ events: [MigrationEvent]) -> WizardState {
        var s = F.state(events)
        s.screens = [.start, .phase("deployment")]
        s.cursor["phase:deployment"] = 3
        return s
    }

    @Test func dashboardShowsRoundsTargetsTimelineAndThreshold() {
        var s = Self.onMonitor(Self.running)
        s.now = F.t0.addingTimeInterval(11 + 18)  // the second round's table is event #11: 18 s later
        let utf = renderOnGridTerminal(s, rows: 40, cols: 120).snapshot()
        #expect(utf.contains("Health watch"))
        #expect(utf.contains("round 2 of 6, next check in 42s"))
        #expect(utf.contains("Threshold: 2 consecutive failures of one target → rollback proposed"))
        #expect(utf.contains("api failed 1 of 2 in a row"))
        let rows = utf.split(separator: "\n")
        let db = rows.first { $0.contains("database") && $0.contains("ms") && $0.contains("✓✓") }
        #expect(db?.contains("✓ ok") == true && db?.contains("1.2 ms") == true, "database row: \(db ?? "none")")
        #expect(db?.contains("✓✓····") == true, "one cell per round, dots for the 4 to come")
        let api = rows.first { $0.contains("api") && $0.contains("✗ FAIL") }
        #expect(api?.contains("✓✗····") == true, "api row: \(api ?? "none")")
        #expect(utf.contains("#2 api: health: connection refused"))

        let ascii = renderOnGridTerminal(s, rows: 24, cols: 80, ascii: true).snapshot()
        #expect(ascii.contains("round 2 of 6"))
        #expect(ascii.contains("[FAIL]"))
        #expect(ascii.contains("+x...."), "ASCII timeline")
        #expect(ascii.contains("-> rollback proposed"))
        #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func finishedWatchSaysHowManyRoundsRan() {
        let events =
            F.watchStart + (1...6).flatMap { F.round($0, of: 6) }
            + [.stepFinished(step: "deployment.monitor", outcome: .passed, seconds: 300)]
        let text = renderOnGridTerminal(Self.onMonitor(events), rows: 30, cols: 100).snapshot()
        #expect(text.contains("6 of 6 rounds done"))
        #expect(text.contains("✓✓✓✓✓✓"))
        #expect(!text.contains("next check"))
    }

    @Test func thresholdFailureProposesRollbackWithSafeDefault() {
        var s = Self.onMonitor(Self.running + F.round(3, of: 6, failing: ["api"]) + [F.healthFailed])
        guard case .question(let q)? = s.dialog else {
            Issue.record("expected the rollback proposal, got \(String(describing: s.dialog))")
            return
        }
        #expect(q.purpose == .openRollback)
        #expect(q.focus == 0, "focus starts on Stay")
        let text = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        #expect(text.contains("rollback proposed"))
        #expect(text.contains("Open rollback procedure"))
        // Enter on the default answer stays where we are.
        #expect(Fixtures.press(&s, .enter).isEmpty)
        #expect(s.dialog == nil && s.screen == .phase("deployment"))
        // The dashboard keeps saying it, with the key.
        let after = renderOnGridTerminal(s, rows: 40, cols: 120).snapshot()
        #expect(after.contains("api failed 2 health checks in a row"))
        #expect(after.contains("F12/b opens the rollback procedure"))
        #expect(after.contains("stopped after round 3 of 6"))
    }

    @Test func acceptingTheProposalOpensTheRollbackProcedure() {
        var s = Self.onMonitor(Self.running + F.round(3, of: 6, failing: ["api"]) + [F.healthFailed])
        let effects = Fixtures.press(&s, .tab, .enter)
        #expect(effects.isEmpty, "opening the procedure runs nothing")
        #expect(s.screen == .phase("rollback"))
        #expect(s.selected == 1, "cursor on the rollback step")
        // A new watch attempt or the rollback starting answers a pending proposal.
        var t = Self.onMonitor(Self.running + [F.healthFailed])
        _ = t.handle(
            .event(
                EventRecord(
                    seq: 999, at: F.t0.addingTimeInterval(500),
                    event: .stepStarted(step: "rollback.stop-services", attempt: 1))))
        #expect(t.dialog == nil)
    }

    @Test func modelParsesIntervalThresholdAndStreaks() {
        let s = F.state(Self.running + F.round(3, of: 6, failing: ["api"]))
        let w = HealthWatch(state: s, step: "deployment.monitor")
        #expect(w.total == 6 && w.interval == 60 && w.threshold == 2)
        #expect(w.rounds.map(\.index) == [1, 2, 3])
        #expect(w.targets == ["database", "api", "frontend"])
        #expect(w.streak("api") == 2 && w.streak("database") == 0)
        #expect(w.worst?.target == "api")
        #expect(w.nextCheck(now: F.t0.addingTimeInterval(16 + 60)) == 0, "due")
    }

    @Test func historyCopiesNeverChangeUnderEachOther() {
        var a = EventHistory()
        let rec = { (seq: Int, e: MigrationEvent) in EventRecord(seq: seq, at: F.t0, event: e) }
        a.append(rec(1, .stageStarted(stage: "x")))
        var b = a
        a.append(rec(2, .stageStarted(stage: "a")))
        b.append(rec(2, .stageStarted(stage: "b")))
        b.append(rec(3, .progress(step: "s", item: nil, done: 1, total: 2, unit: "rows")))  // not durable
        #expect(a.records.map(\.event) == [.stageStarted(stage: "x"), .stageStarted(stage: "a")])
        #expect(b.records.map(\.event) == [.stageStarted(stage: "x"), .stageStarted(stage: "b")])
        #expect(a.count == 2 && b.count == 2)
    }

    /// Captures for the report: the dashboard mid-watch and the criteria screen, at 100x30.
    @Test func capturesAt100x30() throws {
        var s = Self.onMonitor(CriteriaScreenTests.events + F.round(2, of: 6, failing: ["api"]) + F.round(3, of: 6))
        s.now = F.t0.addingTimeInterval(Double(CriteriaScreenTests.events.count + 9) + 25)
        let dash = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        try dash.write(toFile: "/tmp/wizard-health-100x30.txt", atomically: true, encoding: .utf8)
        #expect(dash.contains("round 3 of 6, next check in"))
        var failed = Self.onMonitor(Self.running + F.round(3, of: 6, failing: ["api"]) + [F.healthFailed])
        failed.dialog = nil
        let small = renderOnGridTerminal(failed, rows: 24, cols: 80, ascii: true).snapshot()
        try small.write(toFile: "/tmp/wizard-health-failed-80x24-ascii.txt", atomically: true, encoding: .utf8)
        #expect(small.contains("-> rollback proposed: F12/b opens the rollback procedure"))
        #expect(small.contains("#3 api: health: connection refused"), "the failing target's evidence comes first")
        s.screens.append(.criteria)
        let criteria = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        try criteria.write(toFile: "/tmp/wizard-criteria-100x30.txt", atomically: true, encoding: .utf8)
        #expect(criteria.split(separator: "\n", omittingEmptySubsequences: false).count == 30)
        #expect(criteria.contains("All API endpoints return expected data"))
    }
}
