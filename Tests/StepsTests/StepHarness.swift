import Foundation
import MigrationCore
import Postgres
import PostgresSandbox
import TestSupport

/// A legacy database, a target database and a StepContext over them, as the runner would build.
final class StepHarness: @unchecked Sendable {
    let legacy: (name: String, conninfo: String)
    let target: (name: String, conninfo: String)
    let workDir: URL
    var config: MigrationConfig
    private let lock = NSLock()
    private var artifacts: [String: Data] = [:]
    private var eventList: [MigrationEvent] = []
    private var connections: [Connection] = []
    private var cancelFlag = false

    /// Creates the tiny legacy database (and the target's staging schema when `staging`);
    /// `legacyOptions` go to its CREATE DATABASE (e.g. a SQL_ASCII encoding).
    init(_ prefix: String, staging: Bool = false, legacyOptions: String = "") async throws {
        legacy = try await TestCluster.createDatabase(prefix + "_legacy", options: legacyOptions)
        target = try await TestCluster.createDatabase(prefix + "_new")
        let conn = try await Connection.connect(legacy.conninfo)
        try await conn.execute(try TestCluster.fixture("steps/legacy.sql"))
        conn.close()
        if staging {
            let t = try await Connection.connect(target.conninfo)
            try await t.execute(try TestCluster.fixture("steps/staging.sql"))
            t.close()
        }
        workDir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(TestCluster.uniqueName(prefix))
        var config = MigrationConfig(source: legacy.conninfo)
        config.targetDatabase = target.name
        config.workDir = workDir.path
        config.backupDir = workDir.appendingPathComponent("backups").path
        self.config = config
    }

    var events: [MigrationEvent] { lock.withLock { eventList } }
    /// The log lines the step emitted.
    var logs: [String] { events.compactMap { if case .log(_, _, let m) = $0 { return m } else { return nil } } }
    func cancel() { lock.withLock { cancelFlag = true } }

    /// The context a step runs with; assets are the fixture assets.
    func context() -> StepContext {
        let assets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/steps/assets")
        return StepContext(
            config: config, assets: assets, workDir: workDir, attempt: 1,
            emit: { [self] e in lock.withLock { eventList.append(e) } },
            connect: { [self] role in try await open(role) },
            saveArtifact: { [self] name, data in lock.withLock { artifacts[name] = data } },
            loadArtifact: { [self] name in lock.withLock { artifacts[name] } },
            isCancelled: { [self] in lock.withLock { cancelFlag } },
            connectAnother: { [self] role in try await open(role) })
    }

    /// A new connection for a role (every call opens one; all are closed by `finish`).
    private func open(_ role: DatabaseRole) async throws -> Connection {
        let db = role == .source ? legacy.name : role == .target ? target.name : "postgres"
        let conn = try await Connection.connect(try ConnInfo.replacingDatabase(legacy.conninfo, with: db))
        if role == .source { try await conn.execute("SET default_transaction_read_only = on") }
        lock.withLock { connections.append(conn) }
        return conn
    }

    func artifact(_ name: String) -> Data? { lock.withLock { artifacts[name] } }
    func setArtifact(_ name: String, _ data: Data) { lock.withLock { artifacts[name] = data } }

    /// Result tables the steps emitted.
    var results: [ResultTable] {
        events.compactMap { if case .result(_, let t) = $0 { return t } else { return nil } }
    }

    /// Closes connections and deletes the work dir.
    func finish() {
        lock.withLock { connections }.forEach { $0.close() }
        try? FileManager.default.removeItem(at: workDir)
    }
}
