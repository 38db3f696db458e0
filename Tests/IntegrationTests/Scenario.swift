import Foundation
import MigrationCore
import Postgres
import PostgresSandbox
import TestSupport

/// What a headless run left behind.
struct RunOutcome: Sendable {
    let config: MigrationConfig
    let workDir: URL
    let verdict: RunVerdict
    let state: RunState
    let sourceConninfo: String
    let targetConninfo: String
    let seconds: Double
}

extension RunOutcome {
    /// One column of a legacy table (as text, key `v`) and its counterpart in the target, by id.
    func column(
        _ legacyTable: String, _ legacyColumn: String, _ targetTable: String, _ targetColumn: String
    )
        async throws -> (legacy: [Row], target: [Int: Row])
    {
        let legacy = try await DB.rows(sourceConninfo, "SELECT id, \(legacyColumn)::text AS v FROM \(legacyTable)")
        let target = try await DB.byID(
            targetConninfo, "SELECT id, \(targetColumn)::text AS v FROM public.\(targetTable)")
        return (legacy, target)
    }
}

/// Builds sessions on the real plan and Assets, each with its own target database and work dir.
enum Scenario {
    static let operatorName = "integration-tests"

    /// Work directories (journals, logs, backups) of this process, removed at exit.
    static let root: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("edu-itest-\(getpid())").path
        atexit { try? FileManager.default.removeItem(atPath: Scenario.root) }
        return path
    }()

    /// A configuration for `source` with a unique target database, work and backup directory.
    static func config(legacy: Legacy, source: String, label: String) -> (MigrationConfig, URL) {
        var config = MigrationConfig(source: legacy.conninfo(source))
        config.targetDatabase = TestCluster.uniqueName(label)
        config.legacyRename = config.targetDatabase + "_legacy"
        let dir = URL(fileURLWithPath: root).appendingPathComponent("\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        config.workDir = dir.path
        config.backupDir = dir.appendingPathComponent("backups").path
        return (config, dir)
    }

    /// A headless session (manual items signed as `operatorName`) on the real plan.
    static func session(_ config: MigrationConfig, workDir: URL) throws -> MigrationSession {
        let assets = TestCluster.assets
        return try MigrationSession(
            plan: try PlanLoader.load(assets: assets), config: config, assets: assets,
            registry: .standard(signOffAs: operatorName),
            options: SessionOptions(signOffAs: operatorName), workDir: workDir)
    }

    /// `edu-migrate run --through <through> --sign-off-as <operatorName>`, in process.
    static func run(legacy: Legacy, source: String, through: String, label: String) async throws -> RunOutcome {
        let (config, dir) = config(legacy: legacy, source: source, label: label)
        let s = try session(config, workDir: dir)
        let start = Date()
        let verdict = await s.run(through: through)
        let state = await s.runState
        await s.close()
        return RunOutcome(
            config: config, workDir: dir, verdict: verdict, state: state,
            sourceConninfo: legacy.conninfo(source),
            targetConninfo: legacy.sandbox.conninfo(database: config.targetDatabase),
            seconds: Date().timeIntervalSince(start))
    }

    /// The migration steps that load data (staging, transfer, `sql/migration/NN_*.sql` with NN < 80),
    /// in plan order, up to the first step that is not one (keys, foreign keys, finalize).
    static func loadSteps() throws -> [String] {
        let steps = try PlanLoader.load(assets: TestCluster.assets).stage("migration")?.steps ?? []
        return steps.prefix { step in
            if step.kind == .transfer { return true }
            // A step with `waves:` is a load when its first file is.
            let first: String? =
                if case .list(let waves)? = step.params["waves"], case .list(let files)? = waves.first {
                    files.first?.text
                } else { step.param("file") }
            guard let file = first, file.hasPrefix("sql/migration/"),
                let n = Int(file.dropFirst("sql/migration/".count).prefix(2))
            else { return false }
            return n < 80
        }.map(\.id)
    }

    /// Ids of every step of a stage, in plan order.
    static func steps(of stage: String) throws -> [String] {
        try PlanLoader.load(assets: TestCluster.assets).stage(stage)?.steps.map(\.id) ?? []
    }
}
