import Foundation
import Postgres

/// What the `cutover.state` artifact records (read by rollback and the report).
public struct CutoverState: Codable, Sendable, Equatable {
    public static let artifact = "cutover.state"
    public var swap: DatabaseSwap
    /// The swap's progress as last seen in pg_database (`not-started`, `live-retired`, `renamed`).
    public var progress: SwapProgress?
    /// True once both renames are done and verified.
    public var completed: Bool
    public var updatedAt: Date

    public init(swap: DatabaseSwap, progress: SwapProgress?, completed: Bool, updatedAt: Date = Date()) {
        self.swap = swap
        self.progress = progress
        self.completed = completed
        self.updatedAt = updatedAt
    }

    static func load(_ context: StepContext) -> CutoverState? {
        context.loadArtifact(artifact).flatMap { try? artifactDecoder.decode(CutoverState.self, from: $0) }
    }
    func save(_ context: StepContext) throws {
        try context.saveArtifact(Self.artifact, try artifactEncoder.encode(self))
    }
}

/// Artifacts keep times to the millisecond, as the journal does: the window compares them
/// (a reopen of the frozen database against the snapshot that verified it, often within one
/// second), and whole seconds made the later one look no later. Whole-second artifacts of
/// earlier versions still decode.
let artifactEncoder: JSONEncoder = EventCoding.encoder()
let artifactDecoder: JSONDecoder = EventCoding.decoder()

/// Runs the `cutover` step: `edu → edu_legacy`, `edu_new → edu` (names from the configuration).
/// Refuses without validation evidence (artifact `validation.passed`) or a recorded override
/// (artifact `validation.override`). Lists the sessions on both databases, blocks new connections,
/// terminates the sessions, renames, re-allows connections and verifies. The runner has already
/// asked for typed confirmation. Re-running after a crash continues from what pg_database shows.
/// With `preview: true` (a non-destructive step placed before it) it only checks the evidence and
/// shows the sessions and the renames to come, so the operator sees them before confirming.
public struct CutoverExecutor: StepExecutor {
    public init() {}

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        let swap = try Self.swap(context.config, stepID: step.id)
        let previous = CutoverState.load(context)
        if previous?.completed != true { try requireValidation(context, stepID: step.id) }

        let admin = try await context.connect(.admin)
        var driver = SwapDriver(admin: admin, context: context, stepID: step.id)
        let before = try await driver.snapshot(swap)
        let machine = SwapMachine(swap: swap)
        if step.param("preview") == "true" {
            return try await preview(machine, before, driver: driver, context: context, stepID: step.id)
        }
        if let progress = machine.progress(before), progress != .notStarted {
            context.emit(
                .log(
                    step: step.id, level: .notice,
                    message: "resuming cutover: pg_database shows state \(progress.rawValue)"))
        }
        let cutoverGuard = CutoverGuard(swap: swap, admin: admin, context: context, stepID: step.id)
        var copy: [TableFingerprint] = []
        if machine.progress(before) == .notStarted { copy = try await cutoverGuard.requireLegacyEqualsCopy() }
        context.emit(.result(step: step.id, table: try await driver.sessions([swap.live, swap.incoming])))
        try CutoverState(swap: swap, progress: machine.progress(before), completed: false).save(context)
        driver.afterAction = { progress in
            try? CutoverState(swap: swap, progress: progress, completed: false).save(context)
        }
        try await driver.run(swap)

        let after = try await driver.snapshot(swap)
        guard machine.progress(after) == .renamed, after.blocked.isEmpty else {
            throw StepFailure(
                code: "cutover-verify",
                message: "after the renames pg_database does not show "
                    + "\(swap.live) and \(swap.retireAs) open for connections", location: step.id,
                fix: "Inspect pg_database; re-run the step to continue.")
        }
        context.emit(
            .checkResult(
                step: step.id, name: "databases renamed", status: .pass,
                evidence: "\(swap.live) = former \(swap.incoming), \(swap.retireAs) = former \(swap.live)"))
        let verified = try await cutoverGuard.verifyRetired(copy)
        try CutoverState(swap: swap, progress: .renamed, completed: true).save(context)
        return verified
    }

    /// Shows the sessions that cutover would terminate and the renames still to do; changes nothing.
    private func preview(
        _ machine: SwapMachine, _ snap: DatabaseSnapshot, driver: SwapDriver,
        context: StepContext, stepID: String
    ) async throws -> StepOutcome {
        let swap = machine.swap
        let sessions = try await driver.sessions([swap.live, swap.incoming])
        context.emit(.result(step: stepID, table: sessions))
        let renames: [[String]]
        switch machine.progress(snap) {
        case .notStarted: renames = [[swap.live, swap.retireAs, "to do"], [swap.incoming, swap.live, "to do"]]
        case .liveRetired: renames = [[swap.live, swap.retireAs, "done"], [swap.incoming, swap.live, "to do"]]
        case .renamed: renames = [[swap.live, swap.retireAs, "done"], [swap.incoming, swap.live, "done"]]
        case nil:
            if case .inconsistent(let why) = machine.next(snap) {
                throw StepFailure(
                    code: "cutover-state", message: why, location: stepID, fix: "Fix the database names first.")
            }
            renames = []
        }
        context.emit(
            .result(
                step: stepID,
                table: ResultTable(
                    title: "Cutover plan", columns: ["from", "to", "state"], rows: renames, role: .cutoverPlan)))
        context.emit(
            .checkResult(
                step: stepID, name: "sessions to terminate", status: sessions.rows.isEmpty ? .pass : .warn,
                evidence: "\(sessions.rows.count) session(s) on \(swap.live), \(swap.incoming)"))
        return sessions.rows.isEmpty ? .passed : .warned
    }

    /// The cutover's renames from the configuration.
    /// - Throws: `StepFailure` when the source conninfo names no database or the names collide.
    static func swap(_ config: MigrationConfig, stepID: String) throws -> DatabaseSwap {
        guard let live = ConnInfo.value("dbname", in: config.source), !live.isEmpty else {
            throw StepFailure(
                code: "config", message: "the source conninfo names no database (dbname)", location: stepID,
                fix: "Add dbname=edu (the live database) to `source`.")
        }
        let names = [live, config.legacyRename, config.targetDatabase]
        guard Set(names).count == 3 else {
            throw StepFailure(
                code: "config", message: "source, legacy_rename and target_database must differ: \(names)",
                location: stepID, fix: "Fix legacy_rename / target_database in the configuration.")
        }
        return DatabaseSwap(live: live, retireAs: config.legacyRename, incoming: config.targetDatabase)
    }

    /// Evidence that phase 4 passed: artifact `validation.passed`, or the journal's last
    /// `stageFinished(validation)` passed/warned; or a recorded override: artifact
    /// `validation.override`, or a gate override of a later stage (integration, deployment).
    private func requireValidation(_ context: StepContext, stepID: String) throws {
        if context.loadArtifact("validation.passed") != nil { return }
        let journal = Journal.read(workDir: context.workDir).map(\.event)
        // The plan's validation stages (role), and the stages after them whose gate override counts.
        let plan = context.plan ?? Plan(stages: [])
        let validation = plan.stageIDs(role: .validation)
        let validationSteps = Set(plan.stages(role: .validation).flatMap(\.steps).map(\.id))
        let firstValidation = plan.stages.firstIndex { validation.contains($0.id) } ?? plan.stages.count
        let later = Set(
            plan.stages.suffix(from: min(firstValidation + 1, plan.stages.count)).filter { $0.kind != .procedure }.map(
                \.id))
        // Only a validation that finished after the last final sync reset it counts.
        let lastReset =
            journal.lastIndex { event in
                if case .stepsReset(let ids, _) = event {
                    return ids.contains(where: validationSteps.contains)
                } else {
                    return false
                }
            } ?? -1
        let lastValidation = journal.lastIndex {
            if case .stageFinished(let id, _) = $0 { return validation.contains(id) } else { return false }
        }
        if let i = lastValidation, i > lastReset, case .stageFinished(_, let outcome) = journal[i],
            outcome == .passed || outcome == .warned
        {
            context.emit(.log(step: stepID, level: .info, message: "validation phase \(outcome.rawValue) (journal)"))
            return
        }
        if let data = context.loadArtifact("validation.override") {
            let reason = String(decoding: data, as: UTF8.self)
            context.emit(
                .log(
                    step: stepID, level: .warning,
                    message: "cutover without passed validation; override recorded: \(reason)"))
            return
        }
        for case .gateOverridden(let stage, let reason, let op) in journal where later.contains(stage) {
            context.emit(
                .log(
                    step: stepID, level: .warning,
                    message: "cutover without passed validation; gate of \(stage) overridden by \(op): \(reason)"))
            return
        }
        throw StepFailure(
            code: "validation-missing",
            message: "cutover refused: no evidence that phase 4 validation passed "
                + "(no artifact validation.passed, no passed validation phase in the journal)",
            location: stepID,
            fix: "Run the validation phase until it passes, or override the deployment gate with a typed reason "
                + "(recorded in the journal), then retry.")
    }
}
