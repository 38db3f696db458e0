import Foundation
import MigrationCore
import Postgres
import PostgresSandbox
import TestSupport

/// One final-sync scenario: copies of a legacy database migrated through phase 4 (once per
/// process), of its new database and of its work directory, ready for the rest of the plan.
final class SyncWorld: @unchecked Sendable {
    let sandbox: Sandbox
    /// The legacy database's name: the new database carries it after the cutover.
    let live: String
    let targetName: String
    let retired: String
    let config: MigrationConfig
    let workDir: URL
    private(set) var verdict: RunVerdict?

    var source: String { sandbox.conninfo(database: live) }
    var target: String { sandbox.conninfo(database: targetName) }

    private init(sandbox: Sandbox, live: String, config: MigrationConfig, workDir: URL) {
        self.sandbox = sandbox
        self.live = live
        self.targetName = config.targetDatabase
        self.retired = config.legacyRename
        self.config = config
        self.workDir = workDir
    }

    private static let base = BaseRun()

    /// A scenario world named after `label`.
    static func make(_ label: String) async throws -> SyncWorld {
        let base = try await Self.base.outcome()
        let sandbox = try await TestCluster.shared()
        let live = TestCluster.uniqueName("sync_\(label)")
        try await World.copy(base.sourceDatabase, to: live, sandbox: sandbox, attempts: 600)
        try await World.copy(base.config.targetDatabase, to: live + "_new", sandbox: sandbox, attempts: 600)
        let dir = base.workDir.deletingLastPathComponent().appendingPathComponent("sync-\(label)-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: base.workDir, to: dir)
        try? FileManager.default.removeItem(at: dir.appendingPathComponent(".lock"))
        var config = base.config
        config.source = sandbox.conninfo(database: live)
        config.targetDatabase = live + "_new"
        config.legacyRename = live + "_legacy"
        config.workDir = dir.path
        config.backupDir = dir.appendingPathComponent("backups").path
        config.monitorInterval = 0.2
        config.monitorDuration = 0.4
        return SyncWorld(sandbox: sandbox, live: live, config: config, workDir: dir)
    }

    /// Runs SQL on the live legacy database as the application would.
    func legacyExec(_ sql: String) async throws {
        let c = try await Connection.connect(source, applicationName: "education-app")
        defer { c.close() }
        try await c.execute(sql)
    }

    private func session() throws -> MigrationSession {
        let assets = TestCluster.assets
        return try MigrationSession(
            plan: try PlanLoader.load(assets: assets), config: config, assets: assets,
            registry: .standard(signOffAs: Scenario.operatorName),
            options: SessionOptions(signOffAs: Scenario.operatorName, allowDestructive: true),
            workDir: workDir)
    }

    /// `edu-migrate run --allow-destructive` from where phase 4 stopped to the end.
    func runRest() async throws {
        let s = try session()
        verdict = await s.run(through: nil)
        await s.close()
    }

    /// `edu-migrate rollback --allow-destructive`.
    func rollback() async throws -> RunVerdict {
        let s = try session()
        let v = await s.runProcedure("rollback")
        await s.close()
        return v
    }

    private var events: [MigrationEvent] { Journal.read(workDir: workDir).map(\.event) }

    /// Result tables of a role, in journal order.
    func tables(role: ResultRole?) -> [ResultTable] {
        events.compactMap { if case .result(_, let t) = $0, t.role == role { return t } else { return nil } }
    }

    /// Evidence of the check lines `name` of `step`, in journal order.
    func checkEvidence(_ step: String, _ name: String) -> [String] {
        events.compactMap {
            if case .checkResult(step, name, _, let evidence) = $0 { return evidence } else { return nil }
        }
    }

    /// The legacy tables the last freeze found changed, sorted.
    var changedTables: [String] {
        let t = events.compactMap { e -> ResultTable? in
            if case .result("deployment.freeze", let t) = e, t.role == .legacyChanges { return t } else { return nil }
        }.last
        guard let t else { return [] }
        return zip(t.rows, t.status ?? []).filter { $0.1 != .pass }.map { $0.0[0] }.sorted()
    }

    /// Steps started by the last run (after phase 4).
    var ranAgain: Set<String> {
        let all = Journal.read(workDir: workDir)
        let lastRun = all.lastIndex { if case .runStarted = $0.event { return true } else { return false } } ?? 0
        return Set(
            all[lastRun...].compactMap { if case .stepStarted(let s, _) = $0.event { return s } else { return nil } })
    }
}

/// Phases 1-4 on a copy of the seeded legacy database, once per process.
actor BaseRun {
    struct Outcome: Sendable {
        let sourceDatabase: String
        let config: MigrationConfig
        let workDir: URL
    }
    private var task: Task<Outcome, any Error>?

    func outcome() async throws -> Outcome {
        if let task { return try await task.value }
        let t = Task { () throws -> Outcome in
            let legacy = try await World.shared.legacy()
            let own = legacy.name + "_syncbase"
            try await World.copy(legacy.rerun, to: own, sandbox: legacy.sandbox, attempts: 600)
            let run = try await Scenario.run(legacy: legacy, source: own, through: "validation", label: "sync_base")
            guard run.verdict.outcome == .passed || run.verdict.outcome == .warned else {
                throw StepFailure(code: "test", message: "phases 1-4 did not pass: \(run.verdict.reason ?? "")")
            }
            return Outcome(sourceDatabase: own, config: run.config, workDir: run.workDir)
        }
        task = t
        return try await t.value
    }
}
