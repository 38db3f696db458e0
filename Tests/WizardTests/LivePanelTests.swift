import Foundation
import MigrationCore
import Testing
import TestSupport
import WizardTestSupport
import Wizard

/// Issue 13 item 1: what the live panel counts must agree with itself.
@Suite struct LivePanelTests {
    static let copy: [MigrationEvent] = [
        .stepStarted(step: "migration.transfer", attempt: 1),
        .progress(step: "migration.transfer", item: "persons", done: 0, total: 20_000, unit: "rows"),
        .progress(
            step: "migration.transfer", item: "server: migration_stage.persons: COPY FROM", done: 9_000, total: nil,
            unit: "rows"),
        .progress(step: "migration.transfer", item: "persons", done: 20_000, total: 20_000, unit: "rows"),
        // The poller's last look: the server's count lags the tool's own.
        .progress(
            step: "migration.transfer", item: "server: migration_stage.persons: COPY FROM", done: 19_404, total: 19_404,
            unit: "rows"),
    ]

    /// The live panel's lines (between its border and the log).
    static func live(_ s: WizardState, rows: Int, cols: Int) -> [String] {
        let lines = renderOnGridTerminal(s, rows: rows, cols: cols).lines()
        guard let top = lines.firstIndex(where: { $0.contains(" Live") }) else { return [] }
        return Array(lines[top...].prefix { !$0.contains("Log (") })
    }

    @Test(arguments: [(24, 80), (40, 120)])
    func serverProgressIsFoldedIntoTheTablesRow(rows: Int, cols: Int) {
        var s = Fixtures.state(Self.copy)
        s.screens = [.start, .phase("migration")]
        let live = Self.live(s, rows: rows, cols: cols)
        #expect(live.filter { $0.contains("persons") }.count == 1, "\(live.joined(separator: "\n"))")
        #expect(!live.joined().contains("19,404"), "a second, lower count for the same table")
        #expect(live.joined().contains("20,000/20,000 rows"))
        #expect(!live.joined().contains("server:"))
    }

    /// Server work on a table without a row of its own (an index build) is named after the table.
    @Test func serverWorkWithoutItsOwnRowIsNamedAfterItsTable() {
        var s = Fixtures.state([
            .stepStarted(step: "migration.persons", attempt: 1),
            .progress(
                step: "migration.persons", item: "server: public.persons: CREATE INDEX persons_pkey",
                done: 30, total: 120, unit: "blocks (building index)"),
        ])
        s.screens = [.start, .phase("migration")]
        let live = Self.live(s, rows: 40, cols: 120).joined(separator: "\n")
        #expect(live.contains("persons CREATE INDEX"), "\(live)")
        #expect(live.contains("30/120 blocks"))
    }

    @Test func aCancelledStepShowsNoETA() {
        let events =
            Self.copy.prefix(3) + [
                .stepFailed(
                    step: "migration.transfer",
                    failure: StepFailure(code: "cancelled", message: "cancelled by the operator"), seconds: 3)
            ]
        var s = Fixtures.state(Array(events))
        s.screens = [.start, .phase("migration")]
        let live = Self.live(s, rows: 40, cols: 120).joined(separator: "\n")
        #expect(live.contains("0/20,000 rows"), "\(live)")
        #expect(!live.contains("ETA"), "\(live)")
        #expect(live.contains("cancelled"))
    }

    /// The server's polls (unchanged counts) and another table's row came between the copy's own
    /// progress events: one of them used to be a 0 sample while rows were flowing.
    @Test func throughputNeverReadsZeroWhileCopying() {
        var run = RunState()
        let t0 = Fixtures.t0
        var seq = 0
        func at(_ dt: Double, _ e: MigrationEvent) {
            seq += 1
            run.apply(EventRecord(seq: seq, at: t0.addingTimeInterval(dt), event: e))
        }
        at(0, .stepStarted(step: "t", attempt: 1))
        at(0, .progress(step: "t", item: "dictionaries", done: 1_200, total: 1_200, unit: "rows"))
        at(0.1, .progress(step: "t", item: "persons", done: 0, total: 20_000, unit: "rows"))
        for k in 1...10 {
            let t = Double(k)
            at(
                t,
                .progress(
                    step: "t", item: "server: migration_stage.persons: COPY FROM", done: 4_000, total: nil, unit: "rows"
                ))
            at(
                t + 0.2,
                .progress(
                    step: "t", item: "server: migration_stage.persons: COPY FROM", done: 4_000, total: nil, unit: "rows"
                ))
            at(t + 0.5, .progress(step: "t", item: "persons", done: Int64(k) * 1_950, total: 20_000, unit: "rows"))
            at(t + 0.6, .progress(step: "t", item: "dictionaries", done: 1_200, total: 1_200, unit: "rows"))
        }
        #expect(!run.throughput.isEmpty)
        #expect(run.throughput.allSatisfy { $0 > 1_000 }, "\(run.throughput)")
        #expect(run.throughputUnit == "rows")
    }
}

/// Issue 13 item 3: transforms count rows; the panel follows the work.
@Suite struct TransformAndFollowTests {
    @Test func aTransformShowsRowsWrittenAgainstTheLegacyRows() {
        var s = Fixtures.state(
            Fixtures.events + [
                .stepFinished(step: "migration.transfer", outcome: .passed, seconds: 9),
                .stepStarted(step: "migration.persons", attempt: 1),
                .statement(
                    step: "migration.persons", label: "sql/migration/20_persons.sql:52 INSERT INTO public.persons"),
                .progress(
                    step: "migration.persons", item: "sql/migration/20_persons.sql", done: 8, total: 12,
                    unit: "statements"),
                .progress(
                    step: "migration.persons", item: "sql/migration/20_persons.sql rows written", done: 48_317,
                    total: nil, unit: "rows"),
            ])
        s.screens = [.start, .phase("migration")]
        let text = renderOnGridTerminal(s, rows: 40, cols: 120).snapshot()
        #expect(text.contains("persons rows"), "\(text)")
        #expect(text.contains("48,317/500,000 rows"), "\(text)")
        #expect(text.contains("8/12 statements"))
        #expect(!text.contains("statements ETA"), "statements are counted, not timed")
    }

    /// The cursor and the Live panel go with the running step; a phase that ends keeps its last
    /// step; moving away says so, and `f` follows again.
    @Test func theLivePanelFollowsTheWorkUntilTheOperatorMovesAway() {
        var s = Fixtures.state(Array(Fixtures.events.prefix(18)))  // phases before the copy done
        s.screens = [.start, .phase("migration")]
        func feed(_ events: [MigrationEvent]) {
            for (k, e) in events.enumerated() {
                _ = s.handle(
                    .event(EventRecord(seq: 100 + k, at: Fixtures.t0.addingTimeInterval(Double(30 + k)), event: e)))
            }
        }
        feed([
            .stepStarted(step: "migration.transfer", attempt: 1),
            .stepFinished(step: "migration.transfer", outcome: .passed, seconds: 1),
            .stepStarted(step: "migration.persons", attempt: 1),
        ])
        #expect(s.selected == 1, "the cursor follows the running step")
        _ = Fixtures.press(&s, .up)
        #expect(!s.follow && s.selected == 0)
        var text = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        #expect(text.contains("not following (f follows"), "\(text)")
        _ = Fixtures.press(&s, .char("f"))
        #expect(s.follow && s.selected == 1)
        feed([
            .stepFinished(step: "migration.persons", outcome: .passed, seconds: 2),
            .stageFinished(stage: "migration", outcome: .passed),
        ])
        #expect(s.selected == 1, "no jump back to step 1 when the phase ends")
        text = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        let live = text.split(separator: "\n").drop { !$0.contains(" Live") }.dropFirst().first ?? ""
        #expect(live.contains("Migrate persons"), "\(text)")
    }

    @Test func aRunningStepOfAnotherStageIsShownAndNamed() {
        var s = Fixtures.state()
        s.screens = [.start, .phase("preparation")]
        let text = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        #expect(text.contains("Live: running in Phase 3"), "\(text)")
        #expect(text.contains("150,000/500,000 rows"))
    }

    /// The real plan's 16-step phase: the running step is on screen, and more than 10 rows show at 120x40.
    @Test func theStepListShowsTheRunningStep() throws {
        let plan = try PlanLoader.load(assets: TestCluster.assets)
        let stage = try #require(plan.stage("migration"))
        let late = stage.steps[stage.steps.count - 2]
        var s = WizardState(plan: plan, size: TermSize(rows: 40, cols: 120), now: Fixtures.t0)
        s.screens = [.start, .phase("migration")]
        _ = s.handle(.event(EventRecord(seq: 1, at: Fixtures.t0, event: .stepStarted(step: late.id, attempt: 1))))
        let lines = renderOnGridTerminal(s, rows: 40, cols: 120).lines()
        let list = lines.prefix { !$0.contains(" Live") }
        #expect(
            list.contains { $0.contains(String(late.title.prefix(40))) && $0.contains("run") },
            "\(list.joined(separator: "\n"))")
        #expect(list.count - 3 > 10, "the list uses the room it has")
    }
}
