import Foundation
import LegacySeed
import MigrationCore
import ProcessSpawning
import Postgres

/// `edu-migrate bench`: seeds a dirty legacy database, then measures on the same cluster
/// (1) the product's phases 2-4, (2) an untransformed pg_dump | pg_restore, (3) the guide's CSV
/// procedure, each after a checkpoint. The caller owns the cluster (and stops it).
public struct BenchRunner: Sendable {
    public var options: BenchOptions
    public var cluster: BenchCluster

    public init(options: BenchOptions, cluster: BenchCluster) {
        self.options = options
        self.cluster = cluster
    }

    /// Runs the whole bench.
    /// - Parameter log: progress lines for the operator (stderr).
    /// - Returns: the measurements; failed methods carry their failure (only with `keepGoing`
    ///   are methods after a failure run; the others then have no row).
    /// - Throws: `SeedError`, `PostgresError`, `PlanLoadError`, `ChildProcessError` when the bench
    ///   itself cannot run.
    public func run(log: @escaping @Sendable (String) -> Void = { _ in }) async throws -> BenchReport {
        guard options.scale > 0 else { throw SeedError.badScale(options.scale) }
        let tables = try LegacyManifest.load(assets: options.assets).tables
        let admin = BenchAdmin(cluster: cluster, assets: options.assets)
        let ownDir = options.workDir == nil
        let workDir =
            options.workDir
            ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("edu-migrate-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
        var clean = false  // a failed run keeps its temp dir (journal, log) for the operator
        defer { if ownDir && clean { try? FileManager.default.removeItem(at: workDir) } }
        let journalDir = workDir.appendingPathComponent("product-\(Int(Date().timeIntervalSince1970))")

        log("seeding \(options.scale) persons into \(options.legacy)...")
        let seedStart = Date()
        let seeded = try await LegacySeeder(assets: options.assets).seed(
            adminConninfo: cluster.conninfo("postgres"), database: options.legacy, scale: options.scale, replace: true)
        let seedSeconds = Date().timeIntervalSince(seedStart)
        let legacyRows = seeded.map { BenchTiming.Count(table: $0.table, rows: $0.rows) }
        log(String(format: "seeded %lld rows in %.1f s", legacyRows.reduce(Int64(0)) { $0 + $1.rows }, seedSeconds))

        var report = BenchReport(
            scale: options.scale, legacyRows: legacyRows, seedSeconds: seedSeconds, methods: [],
            phases: [], steps: [], statements: [],
            memory: BenchMemory(maxRSS: 0, phasesPeakRSS: 0, phasesStartRSS: 0), csvBytes: 0)
        try await admin.drop(options.product)
        try await admin.checkpoint()
        var loads = [Self.loadAverage()]
        log("(1) edu-migrate phases 2-4 into \(options.product) (journal \(journalDir.path))...")
        let meter = BenchCPUMeter(postmasterPid: cluster.postmasterPid())
        var cpu0 = meter.seconds()
        let product = try await BenchProduct(options: options, cluster: cluster).run(workDir: journalDir, log: log)
        // The product's CPU is its phases' own (the final sync after them is reported apart).
        report.methods.append(
            product.method.cpuSeconds == nil ? Self.charged(product.method, cpu0, meter.seconds()) : product.method)
        loads.append(Self.loadAverage())
        report.phases = product.phases
        report.steps = product.steps
        report.statements = product.statements
        report.memory.phasesStartRSS = product.startRSS
        report.memory.phasesPeakRSS = product.peakRSS
        report.finalSync = product.finalSync
        report.fingerprintSeconds = product.fingerprintHashing?.seconds
        report.fingerprintMegabytes = product.fingerprintHashing?.megabytes
        report.freezeCompare = product.freezeCompare
        let copies = BenchCopies(options: options, cluster: cluster, admin: admin, tables: tables)
        if shouldContinue(report) {
            try await admin.checkpoint()
            log("(2) pg_dump -Fc -Z0 \(options.legacy) | pg_restore -d \(options.dumpCopy)...")
            cpu0 = meter.seconds()
            let dump = try await copies.dumpRestore(workDir: workDir)
            report.methods.append(Self.charged(dump, cpu0, meter.seconds()))
            loads.append(Self.loadAverage())
        }
        if shouldContinue(report) {
            try await admin.checkpoint()
            log("(3) CSV \\copy out of \(options.legacy) and into \(options.csvCopy)...")
            cpu0 = meter.seconds()
            let (csv, bytes) = try await copies.csv(workDir: workDir)
            report.methods.append(Self.charged(csv, cpu0, meter.seconds()))
            report.csvBytes = bytes
            loads.append(Self.loadAverage())
        }
        report.memory.maxRSS = BenchMemorySampler.maxRSS()
        report.verdicts = BenchVerdict.evaluate(report)
        report.load =
            "1-min load average at the start and after each method: \(loads.joined(separator: " → ")) "
            + "on \(ProcessInfo.processInfo.activeProcessorCount) cores"
        log("dropping the bench databases...")
        for db in [options.product, options.dumpCopy, options.csvCopy, options.legacy] { try? await admin.drop(db) }
        clean = report.methods.count == 3 && report.methods.allSatisfy { $0.failure == nil }
        if !clean { log("work directory kept: \(workDir.path)") }
        return report
    }

    /// The method with the CPU seconds between two meter readings (none if either is missing).
    static func charged(_ method: BenchMethod, _ before: Double?, _ after: Double?) -> BenchMethod {
        var m = method
        if let b = before, let a = after { m.cpuSeconds = max(0, a - b) }
        return m
    }

    /// The 1-minute load average, as /proc/loadavg says it ("?" where there is none).
    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init)
            ?? "?"
    }

    private func shouldContinue(_ report: BenchReport) -> Bool {
        options.keepGoing || report.methods.allSatisfy { $0.failure == nil }
    }
}
