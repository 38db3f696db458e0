import Foundation

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
        let session = try MigrationSession(plan: plan, config: config, assets: options.assets,
                                           registry: .standard(signOffAs: "bench"),
                                           options: SessionOptions(signOffAs: "bench"), workDir: workDir)
        let recorder = BenchEventRecorder(meter: BenchCPUMeter(postmasterPid: cluster.postmasterPid()))
        session.hub.addSink { recorder.record($0) }
        await session.send(.overrideGate(stage: Self.phaseIDs[0], reason: "bench", operatorName: "bench"))
        let startRSS = BenchMemorySampler.currentRSS()
        let sampler = BenchMemorySampler()
        let started = Date()
        var phases: [BenchTiming] = [], failure: String?
        for id in Self.phaseIDs {
            log("product: phase \(id)...")
            let t0 = Date()
            let verdict = await session.runStages([id], stopAtFailure: true)
            phases.append(BenchTiming(name: id, seconds: Date().timeIntervalSince(t0)))
            if verdict.outcome != .passed && verdict.outcome != .warned {
                failure = "phase \(id): " + (verdict.reason ?? verdict.outcome.rawValue)
                break
            }
        }
        let seconds = Date().timeIntervalSince(started)
        let peak = sampler.stop()
        await session.close()
        let method = BenchMethod(name: BenchMethodName.product, seconds: seconds, rows: recorder.rowsTransferred, failure: failure)
        return Outcome(method: method, phases: phases, steps: recorder.stepTimings(),
                       statements: recorder.statementTimings(), startRSS: startRSS, peakRSS: peak)
    }
}
