import Foundation
import MigrationCore
import Testing
import TestSupport
import WizardTestSupport

@testable import Wizard

/// The maintenance window on screen (real plan): the prediction before it, the clock while it
/// is open, and the final sync's panel naming what changed.
@Suite struct WindowScreenTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func state(_ events: [(Double, MigrationEvent)], now: Double, screen: String) throws -> WizardState {
        let plan = try PlanLoader.load(assets: TestCluster.assets)
        var s = WizardState(
            plan: plan, info: StartInfo(source: "dbname=edu"), size: TermSize(rows: 40, cols: 120), now: t0)
        for (i, e) in events.enumerated() {
            _ = s.handle(.event(EventRecord(seq: i + 1, at: t0.addingTimeInterval(e.0), event: e.1)))
        }
        s.now = t0.addingTimeInterval(now)
        s.screens = [.start, .phase(screen)]
        return s
    }

    static func ran(_ step: String, at t: Double, for secs: Double) -> [(Double, MigrationEvent)] {
        [
            (t, .stepStarted(step: step, attempt: 1)),
            (t + secs, .stepFinished(step: step, outcome: .passed, seconds: secs)),
        ]
    }

    @Test func theRehearsalPredictsTheDowntimeThenTheClockRuns() throws {
        // Phase 1's backup took 12 s, phases 3-4 took 30 s: the prediction before the window.
        let rehearsal =
            Self.ran("preparation.backup-full", at: 0, for: 12) + Self.ran("migration.transfer", at: 20, for: 30)
        let before = try Self.state(rehearsal, now: 100, screen: "deployment")
        #expect(
            before.windowLine(for: try #require(before.plan.stage("deployment")))
                == "predicted downtime 12s, 42s with a final sync")
        // Maintenance on at 200 s, now 452 s: the window has been open 4 min 12 s.
        let open = try Self.state(
            rehearsal + [(200, .stepStarted(step: "deployment.maintenance-on", attempt: 1))],
            now: 452, screen: "deployment")
        let screen = renderOnGridTerminal(open, rows: 40, cols: 120).snapshot()
        #expect(screen.contains("window open 00:04:12"), "\(screen)")
    }

    @Test func theFinalSyncNamesWhatChangedAndHowLongItShouldTake() throws {
        let changes = [
            TableChange(table: "persons", rowsBefore: 500_000, rowsAfter: 500_000),
            TableChange(table: "course_student", rowsBefore: 1_878_505, rowsAfter: 1_878_511),
        ]
        let events: [(Double, MigrationEvent)] = [
            (0, .stepStarted(step: "deployment.final-sync", attempt: 1)),
            (0, .syncPlanned(step: "deployment.final-sync", changes: changes, expectedSeconds: 40)),
            (1, .stepStarted(step: "migration.transfer", attempt: 2)),
        ]
        let s = try Self.state(events, now: 13, screen: "deployment")
        let screen = renderOnGridTerminal(s, rows: 40, cols: 120).snapshot()
        #expect(screen.contains("Final sync: expected about 40s, running 13s"), "\(screen)")
        #expect(screen.contains("2 legacy table(s) changed since phase 3 copied them"))
        #expect(screen.contains("persons") && screen.contains("same count, content changed"))
        #expect(screen.contains("1,878,511") && screen.contains("+6 rows"))
        #expect(screen.contains("Live: running in Phase 3: Data Migration"))
    }
}
