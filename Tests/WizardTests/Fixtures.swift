import Foundation
import MigrationCore
import Wizard

/// A small plan shaped like the real one: a checklist, two phases, a destructive deployment step.
enum Fixtures {
    static let plan = Plan(stages: [
        Stage(
            id: "pre-migration", title: "Pre-migration checklist", kind: .checklist,
            steps: [
                Step(
                    id: "pre.server-version", title: "PostgreSQL 15+ installed and accessible", kind: .check,
                    section: "System Requirements", params: ["builtin": .string("server-version")]),
                Step(
                    id: "pre.disk-space", title: "Free disk space >= 3x database size", kind: .check,
                    section: "System Requirements", params: ["builtin": .string("disk-space")]),
                Step(
                    id: "pre.backup-strategy", title: "Backup strategy approved", kind: .signoff,
                    section: "Backup Strategy"),
                Step(id: "pre.window", title: "Maintenance window agreed", kind: .signoff, section: "Backup Strategy"),
            ]),
        Stage(
            id: "preparation", title: "Phase 1: Preparation", kind: .phase, subtitle: "Days 1-7",
            gate: ["pre-migration"],
            steps: [
                Step(id: "preparation.analysis", title: "Analyse the legacy database", kind: .validate),
                Step(id: "preparation.backup", title: "Full backup of edu", kind: .backup),
            ]),
        Stage(
            id: "migration", title: "Phase 3: Data migration", kind: .phase, subtitle: "Days 11-14",
            gate: ["preparation"],
            steps: [
                Step(id: "migration.transfer", title: "Copy legacy tables into staging", kind: .transfer),
                Step(id: "migration.persons", title: "Migrate persons", kind: .sql),
            ]),
        Stage(
            id: "deployment", title: "Phase 6: Production deployment", kind: .phase, gate: ["migration"],
            steps: [
                Step(id: "deployment.cutover", title: "Cutover: rename databases", kind: .cutover, destructive: true)
            ]),
    ])

    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// Events as a run would produce them: checklist checked and signed, a copy in progress.
    static let events: [MigrationEvent] = [
        .runStarted(runID: "r1", planStages: plan.stages.map(\.id), resumed: false),
        .stepStarted(step: "pre.server-version", attempt: 1),
        .checkResult(step: "pre.server-version", name: "server-version", status: .pass, evidence: "PostgreSQL 15.18"),
        .stepFinished(step: "pre.server-version", outcome: .passed, seconds: 0.1),
        .stepStarted(step: "pre.disk-space", attempt: 1),
        .checkResult(step: "pre.disk-space", name: "disk-space", status: .pass, evidence: "free 80 GB >= 3 x 0.5 GB"),
        .stepFinished(step: "pre.disk-space", outcome: .passed, seconds: 0.2),
        .signedOff(SignOff(stepID: "pre.backup-strategy", operatorName: "Aysel", at: t0)),
        .signedOff(SignOff(stepID: "pre.window", operatorName: "Aysel", at: t0)),
        .stageStarted(stage: "preparation"),
        .stepStarted(step: "preparation.analysis", attempt: 1),
        .result(
            step: "preparation.analysis",
            table: ResultTable(
                title: "Critical issues", columns: ["issue", "count", "sample_ids"],
                rows: [["duplicate pincodes", "312", "17, 204, 9912"], ["orphan students", "41", "5, 77"]],
                status: [.warn, .warn])),
        .stepFinished(step: "preparation.analysis", outcome: .warned, seconds: 4.2),
        .stepStarted(step: "preparation.backup", attempt: 1),
        .stepFinished(step: "preparation.backup", outcome: .passed, seconds: 63),
        .stageFinished(stage: "preparation", outcome: .passed),
        .stageStarted(stage: "migration"),
        .stepStarted(step: "migration.transfer", attempt: 1),
        .statement(step: "migration.transfer", label: "COPY persons -> migration_stage.persons"),
        .progress(step: "migration.transfer", item: "dictionaries", done: 0, total: 1200, unit: "rows"),
        .progress(step: "migration.transfer", item: "dictionaries", done: 1200, total: 1200, unit: "rows"),
        .progress(step: "migration.transfer", item: "persons", done: 0, total: 500_000, unit: "rows"),
        .progress(step: "migration.transfer", item: "persons", done: 60_000, total: 500_000, unit: "rows"),
        .progress(step: "migration.transfer", item: "persons", done: 150_000, total: 500_000, unit: "rows"),
        .result(
            step: "migration.transfer",
            table: ResultTable(
                title: "pg_stat_progress_copy", columns: ["relid", "bytes_processed", "tuples_processed"],
                rows: [["migration_stage.persons", "18874368", "150000"]])),
        .log(step: "migration.transfer", level: .info, message: "dictionaries: 1,200 rows copied"),
        .log(step: "migration.transfer", level: .info, message: "persons: copy started"),
    ]

    /// Records with one second between events.
    static func records(_ events: [MigrationEvent] = events, from seq: Int = 1) -> [EventRecord] {
        events.enumerated().map {
            EventRecord(seq: seq + $0.offset, at: t0.addingTimeInterval(Double($0.offset)), event: $0.element)
        }
    }

    /// A state with the events folded in.
    static func state(_ events: [MigrationEvent] = events, size: TermSize = TermSize(rows: 24, cols: 80)) -> WizardState
    {
        var s = WizardState(
            plan: plan, info: StartInfo(source: "host=/tmp dbname=edu user=postgres"), size: size, now: t0)
        for r in records(events) { _ = s.handle(.event(r)) }
        return s
    }

    /// Feed keys; returns all effects.
    static func press(_ s: inout WizardState, _ keys: Key...) -> [Effect] {
        keys.flatMap { s.handle(.key($0)) }
    }

    /// Feed a string as character keys.
    static func type(_ s: inout WizardState, _ text: String) -> [Effect] {
        text.flatMap { s.handle(.key(.char($0))) }
    }
}

/// A scripted stand-in for the core session: replays a canned event list, records commands.
final class ScriptedControl: MigrationControl, @unchecked Sendable {
    let plan: Plan
    private let records: [EventRecord]
    private let lock = NSLock()
    private var commands: [MigrationCommand] = []

    init(plan: Plan = Fixtures.plan, records: [EventRecord] = Fixtures.records()) {
        self.plan = plan
        self.records = records
    }

    func subscribe() -> AsyncStream<EventRecord> {
        AsyncStream { c in
            for r in records { c.yield(r) }
            // Stays open like a live session.
        }
    }

    func send(_ command: MigrationCommand) async { lock.withLock { commands.append(command) } }

    var sent: [MigrationCommand] {
        lock.lock()
        defer { lock.unlock() }
        return commands
    }
}
