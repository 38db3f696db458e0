import Foundation
import Postgres

/// Which way back.
public enum RollbackPath: String, Sendable, Codable, CaseIterable {
    /// Choose from pg_database and `cutover.state`: drop-new before cutover, fast after.
    case auto
    /// Before cutover: drop the new database; the legacy database was never touched.
    case dropNew = "drop-new"
    /// After cutover: reverse the renames (the legacy database is untouched).
    case fast
    /// Restore the newest verified backup into `edu_restore_<ts>`, then swap it in.
    case slow
}

/// What the `rollback.state` artifact records.
public struct RollbackState: Codable, Sendable, Equatable {
    public static let artifact = "rollback.state"
    public var path: RollbackPath
    public var completed: Bool
    public var detail: String
    public var updatedAt: Date
}

/// Runs `rollback` steps (`path: auto|drop-new|fast|slow`). The runner has already asked for typed
/// confirmation. Every path logs what it does, runs the `revert_app_config` hook, and verifies
/// the live database against the pre-migration counts.
public struct RollbackExecutor: StepExecutor {
    public init() {}

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        guard let requested = RollbackPath(rawValue: step.param("path") ?? "auto") else {
            throw StepFailure(
                code: "plan", message: "rollback path must be auto, drop-new, fast or slow", location: step.id)
        }
        let cutover = try CutoverExecutor.swap(context.config, stepID: step.id)
        let admin = try await context.connect(.admin)
        let driver = SwapDriver(admin: admin, context: context, stepID: step.id)
        let progress = SwapMachine(swap: cutover).progress(try await driver.snapshot(cutover))
        if step.param("preview") == "true" {
            let changes = try await TargetChanges.compare(
                cutover, progress: progress, context: context, stepID: step.id)
            return changes?.isEmpty == false ? .warned : .passed
        }
        let path = requested == .auto ? Self.choose(progress: progress) : requested
        context.emit(
            .log(
                step: step.id, level: .notice,
                message: "rollback path \(path.rawValue) (requested \(requested.rawValue), "
                    + "cutover state in pg_database: \(progress?.rawValue ?? "inconsistent"))"))
        try save(path, completed: false, detail: "started", context)

        let detail: String
        switch path {
        case .auto, .dropNew:
            guard progress == .notStarted else {
                throw StepFailure(
                    code: "rollback-path",
                    message: "drop-new is only possible before cutover; pg_database shows "
                        + "\(progress?.rawValue ?? "an inconsistent state")", location: step.id,
                    fix: "Use path fast or slow.")
            }
            context.emit(.result(step: step.id, table: try await driver.sessions([cutover.incoming])))
            context.emit(.log(step: step.id, level: .notice, message: "dropping database \(cutover.incoming)"))
            try await admin.query("DROP DATABASE IF EXISTS \(quoteIdent(cutover.incoming)) WITH (FORCE)")
            detail = "dropped \(cutover.incoming); \(cutover.live) untouched"
        case .fast:
            guard progress == .renamed || progress == .liveRetired else {
                throw StepFailure(
                    code: "rollback-path",
                    message: "fast rollback needs the renamed legacy database \(cutover.retireAs); "
                        + "pg_database shows \(progress?.rawValue ?? "an inconsistent state")", location: step.id,
                    fix: progress == .notStarted ? "Cutover did not happen: use drop-new." : "Use the slow path.")
            }
            // Written to since the cutover: kept, under a name that says so (never dropped).
            let changed =
                progress == .renamed
                ? try await TargetChanges.compare(cutover, progress: progress, context: context, stepID: step.id) ?? []
                : []
            let keepAs =
                changed.isEmpty ? cutover.incoming : TargetChanges.keptName(cutover.incoming, stamp: Self.stamp())
            let back = DatabaseSwap(live: cutover.live, retireAs: keepAs, incoming: cutover.retireAs)
            try await driver.run(back)
            detail =
                "\(cutover.live) → \(keepAs), \(cutover.retireAs) → \(cutover.live)"
                + (changed.isEmpty
                    ? ""
                    : "; \(keepAs) keeps what the application wrote after the cutover to: "
                        + changed.map(\.table).joined(separator: ", "))
        case .slow:
            detail = try await slow(step: step, cutover: cutover, admin: admin, driver: driver, context: context)
        }
        context.emit(.checkResult(step: step.id, name: "rollback \(path.rawValue)", status: .pass, evidence: detail))
        try? CutoverState(swap: cutover, progress: .notStarted, completed: false).save(context)
        let hook = try await OperatorHook.run(
            "revert_app_config", stepID: step.id, context: context, timeout: context.config.hooks.timeout ?? 600)
        let counts = try await PreMigrationCounts.verify(
            database: cutover.live, strict: false, context: context, stepID: step.id)
        try save(path, completed: true, detail: detail, context)
        return counts == .passed && hook == .passed ? .passed : .warned
    }

    /// `auto`: drop-new before cutover, fast once the legacy database carries its retired name, else slow.
    static func choose(progress: SwapProgress?) -> RollbackPath {
        switch progress {
        case .notStarted: return .dropNew
        case .liveRetired, .renamed: return .fast
        case nil: return .slow
        }
    }

    private func slow(
        step: Step, cutover: DatabaseSwap, admin: Connection, driver: SwapDriver,
        context: StepContext
    ) async throws -> String {
        var ids = RollbackBackup.defaultBackupSteps(context.plan)
        if case .list(let l)? = step.params["backups"] { ids = l.compactMap(\.text) }
        let backup = try await RollbackBackup.newestVerified(ids, context: context, stepID: step.id)
        let stamp = Self.stamp()
        let restored = "\(cutover.live)_restore_\(stamp)"
        try await RollbackBackup.restore(backup, into: restored, admin: admin, context: context, stepID: step.id)
        let existing = try await driver.snapshot(
            DatabaseSwap(live: cutover.live, retireAs: cutover.incoming, incoming: restored))
        let retireAs =
            existing.existing.contains(cutover.incoming) ? "\(cutover.live)_failed_\(stamp)" : cutover.incoming
        let swap = DatabaseSwap(live: cutover.live, retireAs: retireAs, incoming: restored)
        try await driver.run(swap)
        return
            "restored \(backup.path) into \(restored), then \(cutover.live) → \(retireAs), \(restored) → \(cutover.live)"
    }

    private func save(_ path: RollbackPath, completed: Bool, detail: String, _ context: StepContext) throws {
        let state = RollbackState(path: path, completed: completed, detail: detail, updatedAt: Date())
        try context.saveArtifact(RollbackState.artifact, try artifactEncoder.encode(state))
    }

    private static func stamp() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd_HHmmss"
        return f.string(from: Date())
    }
}
