import Foundation
import LegacySeed
import MigrationCore
import Postgres

/// Method 1: the product's phases 2-4 (schema, migration, validation) through a real
/// `MigrationSession` in this process, headless. The gate of phase 2 (preparation) is
/// overridden with the recorded reason "bench"; later gates open as the phases pass.
struct BenchProduct {
    /// The phases measured, in order.
    static let phaseIDs = ["schema", "migration", "validation"]

    struct Outcome {
        var method: BenchMethod
        var phases: [BenchTiming]
        var steps: [BenchTiming]
        var statements: [BenchTiming]
        var startRSS: Int64
        var peakRSS: Int64
        var finalSync: BenchTiming?
        var fingerprintHashing: (seconds: Double, megabytes: Double)?
        var freezeCompare: BenchTiming?
    }

    let options: BenchOptions
    let cluster: BenchCluster

    /// Runs phases 2-4 with the journal in `workDir`; times them from the first schema step to
    /// the end of validation, sampling this process's RSS meanwhile.
    /// - Throws: plan or work-directory errors (a failing step is reported in the outcome instead).
    func run(workDir: URL, log: @Sendable (String) -> Void) async throws -> Outcome {
        let plan = try PlanLoader.load(assets: options.assets)
        var config = MigrationConfig(source: cluster.conninfo(options.legacy))
        config.targetDatabase = options.product
        config.workDir = workDir.path
        config.backupDir = workDir.appendingPathComponent("backups").path
        let session = try MigrationSession(
            plan: plan, config: config, assets: options.assets,
            registry: .standard(signOffAs: "bench"),
            options: SessionOptions(signOffAs: "bench"), workDir: workDir)
        let meter = BenchCPUMeter(postmasterPid: cluster.postmasterPid())
        let recorder = BenchEventRecorder(meter: meter)
        session.hub.addSink { recorder.record($0) }
        await session.send(.overrideGate(stage: Self.phaseIDs[0], reason: "bench", operatorName: "bench"))
        let startRSS = BenchMemorySampler.currentRSS()
        let sampler = BenchMemorySampler()
        let started = Date()
        var phases: [BenchTiming] = []
        var failure: String?
        for id in Self.phaseIDs {
            log("product: phase \(id)...")
            let t0 = Date()
            let c0 = meter.seconds()
            let verdict = await session.runStages([id], stopAtFailure: true)
            phases.append(
                BenchTiming(
                    name: id, seconds: Date().timeIntervalSince(t0), cpuSeconds: Self.spent(c0, meter.seconds())))
            if verdict.outcome != .passed && verdict.outcome != .warned {
                failure = "phase \(id): " + (verdict.reason ?? verdict.outcome.rawValue)
                break
            }
        }
        let seconds = Date().timeIntervalSince(started)
        let steps = recorder.stepTimings()
        let statements = recorder.statementTimings()
        let fingerprints = recorder.fingerprintHashing
        let rows = recorder.rowsTransferred
        var sync: BenchTiming?
        var compare: BenchTiming?
        if failure == nil {
            log("product: final sync (phases 3-4 again after a change to \(options.legacy))...")
            sync = try await finalSync(session, meter: meter)
            log("product: one freeze compare pass of \(options.legacy) (as the window runs it)...")
            compare = try await freezeCompare(meter: meter, copied: ArtifactStore(workDir: workDir))
        }
        let peak = sampler.stop()
        await session.close()
        let cpu = phases.allSatisfy { $0.cpuSeconds != nil } ? phases.reduce(0) { $0 + ($1.cpuSeconds ?? 0) } : nil
        let method = BenchMethod(
            name: BenchMethodName.product, seconds: seconds, rows: rows,
            failure: failure, cpuSeconds: cpu)
        return Outcome(
            method: method, phases: phases, steps: steps, statements: statements,
            startRSS: startRSS, peakRSS: peak, finalSync: sync, fingerprintHashing: fingerprints,
            freezeCompare: compare)
    }

    /// The window's final sync on the same data: one legacy row changed, then every step of
    /// phases 3-4 reset and run again on the loaded target (as `FinalSync` does after the freeze
    /// and the fingerprint comparison, which take well under a second and are not included).
    private func finalSync(_ session: MigrationSession, meter: BenchCPUMeter) async throws -> BenchTiming {
        let legacy = try await Connection.connect(
            cluster.conninfo(options.legacy), applicationName: "edu-migrate bench")
        _ = try await legacy.execute(try BenchSQL.text("final_sync_change.sql", assets: options.assets))
        legacy.close()
        let ids = Self.phaseIDs.dropFirst()
        let steps = ids.compactMap { session.plan.stage($0) }.flatMap(\.steps).map(\.id)
        let t0 = Date()
        let c0 = meter.seconds()
        await session.publish(
            .stepsReset(steps: steps, reason: "bench: final sync after a change to the legacy database"))
        let verdict = await session.runStages(Array(ids), stopAtFailure: true)
        let name =
            verdict.outcome == .passed || verdict.outcome == .warned
            ? "final sync (phases 3-4 again)"
            : "final sync FAILED: " + (verdict.reason ?? verdict.outcome.rawValue)
        return BenchTiming(
            name: name, seconds: Date().timeIntervalSince(t0), cpuSeconds: Self.spent(c0, meter.seconds()))
    }

    /// The window's compare of the legacy database with the last copy, timed once: the same
    /// function as `deployment.freeze` (without the freeze itself, which ends no session here),
    /// on two connections. Its fingerprints must equal those the final sync's transfer hashed in
    /// its relay (nothing wrote since): the name says so when they do not.
    private func freezeCompare(meter: BenchCPUMeter, copied: ArtifactStore) async throws -> BenchTiming {
        let tables = try LegacyManifest.load(assets: options.assets).tables
        let path = "sql/core/copy_text_session.sql"
        guard let session = AssetText.read(path, assets: options.assets) else {
            throw SeedError.missingAsset(options.assets.appendingPathComponent(path).path)
        }
        var conns: [Connection] = []
        for _ in 0..<2 {
            conns.append(
                try await Connection.connect(cluster.conninfo(options.legacy), applicationName: "edu-migrate bench"))
        }
        defer { for c in conns { c.close() } }
        let t0 = Date()
        let c0 = meter.seconds()
        let (found, _) = try await CopyFingerprint.measure(tables, on: conns, encoding: nil, sessionSQL: session)
        let timing = BenchTiming(
            name: "freeze compare", seconds: Date().timeIntervalSince(t0), cpuSeconds: Self.spent(c0, meter.seconds()))
        let relay =
            copied.load("transfer.fingerprints").flatMap {
                try? JSONDecoder().decode([TableFingerprint].self, from: $0)
            } ?? []
        let changes = Fingerprints.changes(before: relay, after: found)
        guard changes.isEmpty else {
            var t = timing
            t.name =
                "freeze compare DIFFERS from the relay's fingerprints: " + changes.map(\.table).joined(separator: ", ")
            return t
        }
        return timing
    }

    static func spent(_ before: Double?, _ after: Double?) -> Double? {
        guard let b = before, let a = after else { return nil }
        return max(0, a - b)
    }
}
