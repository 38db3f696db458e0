import Foundation
import MigrationCore
import Postgres
import TestSupport

/// Collects the events a step emits and the artifacts it saves, for assertions.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var _events: [MigrationEvent] = []
    private var artifacts: [String: Data] = [:]
    private var cancelled = false

    var events: [MigrationEvent] { lock.withLock { _events } }
    func emit(_ e: MigrationEvent) { lock.withLock { _events.append(e) } }
    func save(_ name: String, _ data: Data) { lock.withLock { artifacts[name] = data } }
    func load(_ name: String) -> Data? { lock.withLock { artifacts[name] } }
    func cancel() { lock.withLock { cancelled = true } }
    var isCancelled: Bool { lock.withLock { cancelled } }

    /// The check results emitted, as (name, status).
    var checks: [(String, CheckStatus)] {
        events.compactMap { if case .checkResult(_, let n, let s, _) = $0 { return (n, s) } else { return nil } }
    }
    /// The result tables emitted.
    var tables: [ResultTable] {
        events.compactMap { if case .result(_, let t) = $0 { return t } else { return nil } }
    }
    /// The log lines emitted.
    var logs: [String] {
        events.compactMap { if case .log(_, _, let m) = $0 { return m } else { return nil } }
    }

    /// A StepContext wired to this recorder. `connect` opens conninfos from `conninfo(role)`.
    func context(
        config: MigrationConfig, workDir: URL = FileManager.default.temporaryDirectory,
        conninfo: @escaping @Sendable (DatabaseRole) -> String = { _ in "" }
    ) -> StepContext {
        StepContext(
            config: config, assets: TestCluster.assets, workDir: workDir, attempt: 1,
            emit: { [self] in emit($0) },
            connect: { role in try await Connection.connect(conninfo(role), timeout: 30) },
            saveArtifact: { [self] in save($0, $1) },
            loadArtifact: { [self] in load($0) },
            isCancelled: { [self] in isCancelled })
    }
}

/// The real plan (Assets/plan): its stage roles classify the canned journals' steps.
var realPlan: Plan { (try? PlanLoader.load(assets: TestCluster.assets)) ?? Plan(stages: []) }
