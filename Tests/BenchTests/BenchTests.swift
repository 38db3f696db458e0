import Foundation
import Postgres
import PostgresSandbox
import Testing
import TestSupport
import MigrationCore
@testable import Bench

/// `edu-migrate bench`'s core on the shared throwaway cluster, at a tiny scale: the three methods
/// run and report positive numbers (no timing assertions).
@Suite(.requiresPostgres, .tags(.postgres)) struct BenchTests {
    @Test func smallBenchReportsThreeMethodsWithPositiveNumbers() async throws {
        let sandbox = try await TestCluster.shared()
        var options = BenchOptions(scale: 300, assets: TestCluster.assets)
        options.prefixDatabases(TestCluster.uniqueName("bench"))
        let cluster = BenchCluster(
            binDir: sandbox.binDir, conninfo: { sandbox.conninfo(database: $0) },
            postmasterPid: { sandbox.postmasterPid })
        let report = try await BenchRunner(options: options, cluster: cluster).run()

        #expect(report.methods.map(\.name) == [BenchMethodName.product, BenchMethodName.dump, BenchMethodName.csv])
        for m in report.methods {
            #expect(m.failure == nil, "\(m.name): \(m.failure ?? "")")
            #expect(m.seconds > 0, "\(m.name)")
            #expect(m.rows > 0, "\(m.name)")
            #expect(m.rowsPerSecond > 0, "\(m.name)")
            // Server and client CPU: every method makes the server work (COPY, inserts).
            #expect((m.cpuSeconds ?? 0) > 0, "\(m.name): \(String(describing: m.cpuSeconds))")
        }
        // The copies move every legacy row; the product reads every legacy row into staging.
        #expect(report.methods.allSatisfy { $0.rows == report.legacyTotal })
        #expect(report.phases.map(\.name) == ["schema", "migration", "validation"])
        #expect(report.steps.contains { $0.name == "migration.transfer" })
        // Every step that ran has its CPU: the transfer keeps the server busy.
        #expect(report.steps.allSatisfy { $0.cpuSeconds != nil }, "\(report.steps)")
        #expect((report.steps.first { $0.name == "migration.transfer" }?.cpuSeconds ?? 0) > 0)
        #expect(report.statements.contains { $0.name.contains("sql/migration/20_persons.sql") })
        #expect(report.memory.maxRSS > 0 && report.memory.phasesPeakRSS > 0)
        #expect(report.csvBytes > 0)
        #expect(report.verdicts.count == 4 && report.verdicts.allSatisfy { $0.met != nil }, "\(report.verdicts)")
        // The final sync re-ran phases 3-4 on the loaded target, and the fingerprints have their line.
        let sync = try #require(report.finalSync)
        #expect(
            sync.name == "final sync (phases 3-4 again)" && sync.seconds > 0 && (sync.cpuSeconds ?? 0) > 0, "\(sync)")
        #expect(report.fingerprintSeconds != nil && (report.fingerprintMegabytes ?? 0) > 0)
        // The window's compare pass, timed once, finds the legacy database equal to the last copy.
        let compare = try #require(report.freezeCompare)
        #expect(compare.name == "freeze compare" && compare.seconds > 0, "\(compare)")
        // Phases carry their CPU, so phases 3-4's cores busy is judged.
        #expect(report.phases.allSatisfy { $0.cpuSeconds != nil })
        #expect(report.verdicts.contains { $0.target.contains("cores busy over phases 3-4") })

        let text = report.text()
        let table = text.split(separator: "\n").filter { $0.contains(" | ") }
        #expect(table.count == 4, "\(text)")
        #expect(table.first?.contains("ratio vs pg_dump|pg_restore") == true)
        #expect(table.first?.contains("cores busy") == true)
        #expect(text.contains("CPU floor: the product's"), "\(text)")
        #expect(text.contains("WITHOUT its transforms"))
        #expect(text.contains("verdict:"))
        #expect(text.contains("final sync (phases 3-4 again): "), "\(text)")
        #expect(text.contains("change-detection fingerprints: "), "\(text)")
        #expect(text.contains("s of hashing in the transfer's relay") && text.contains("freeze compare of the legacy"))

        // The bench cleans up after itself.
        let admin = try await Connection.connect(sandbox.conninfo())
        defer { admin.close() }
        let left = try await admin.query(
            "SELECT count(*) AS n FROM pg_database WHERE datname LIKE $1", [options.legacy + "%"])
        #expect(left.rows.first?.int64("n") == 0)
    }
}

/// The CPU meter's reading of /proc: fields counted from the last ')' (a command name may hold
/// spaces and parentheses), and a live process tree that has used CPU.
@Suite(.requiresPostgres, .tags(.postgres)) struct BenchCPUMeterTests {
    @Test func statLineIsParsedAfterTheCommandName() throws {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        let line = "4242 (postgres: a) (b) S 17 4242 4242 0 -1 4194560 10 0 0 0 250 50 7 3 20 0 1 0 100 0 0"
        let s = try #require(BenchCPUMeter.parse(stat: line))
        #expect(s.ppid == 17)
        #expect(s.ticks == 300)
        #expect(s.childTicks == 10)
        #expect(BenchCPUMeter.parse(stat: "4242 (x) S 1 2") == nil)
    }

    @Test func ownProcessTreeHasUsedCPU() throws {
        let me = try #require(BenchCPUMeter.treeSeconds(root: getpid()))
        #expect(me > 0)
        #expect(BenchCPUMeter(postmasterPid: nil).seconds() == nil)
    }

    @Test func chargedMethodCarriesTheDifference() {
        let m = BenchRunner.charged(BenchMethod(name: "x", seconds: 2, rows: 1), 10, 13)
        #expect(m.cpuSeconds == 3)
        #expect(m.coresBusy == 1.5)
        #expect(BenchRunner.charged(BenchMethod(name: "x", seconds: 2, rows: 1), nil, 13).cpuSeconds == nil)
    }
}

/// Statement times when the files of a wave run side by side: each statement ends at the next
/// statement of its own file (or that file's end), not at whatever the sibling file emitted.
@Suite(.requiresPostgres, .tags(.postgres)) struct BenchStatementTimingTests {
    /// Statement seconds by name after recording `events` at the given offsets (seconds).
    static func timings(_ events: [(Double, MigrationEvent)]) -> [String: Double] {
        let r = BenchEventRecorder()
        let t0 = Date(timeIntervalSince1970: 1000)
        for (i, (s, e)) in events.enumerated() {
            r.record(EventRecord(seq: i + 1, at: t0.addingTimeInterval(s), event: e))
        }
        return Dictionary(uniqueKeysWithValues: r.statementTimings().map { ($0.name, $0.seconds) })
    }

    @Test func wavedFilesAreTimedPerFile() {
        let times = Self.timings([
            (0, .statement(step: "w", label: "sql/a.sql:1 big insert")),
            (0.1, .statement(step: "w", label: "sql/b.sql:1 small insert")),
            (0.5, .progress(step: "w", item: "sql/b.sql", done: 1, total: 1, unit: "statements")),
            (4, .statement(step: "w", label: "sql/a.sql:9 counts")),
            (4.2, .progress(step: "w", item: "sql/a.sql", done: 2, total: 2, unit: "statements")),
            (4.3, .stepFinished(step: "w", outcome: .passed, seconds: 4.3)),
        ])
        #expect(abs((times["w: sql/a.sql:1 big insert"] ?? 0) - 4) < 0.001, "\(times)")
        #expect(abs((times["w: sql/b.sql:1 small insert"] ?? 0) - 0.4) < 0.001, "\(times)")
        #expect(abs((times["w: sql/a.sql:9 counts"] ?? 0) - 0.2) < 0.001, "\(times)")
    }

    @Test func aFileWithoutAnEndEventIsTimedInStepOrder() {
        let times = Self.timings([
            (0, .statement(step: "t", label: "COPY a")),
            (1, .statement(step: "t", label: "sql/k.sql: key check of a")),
            (1.1, .statement(step: "t", label: "COPY b")),
            (3, .statement(step: "t", label: "sql/k.sql: key check of b")),
            (3.2, .stepFinished(step: "t", outcome: .passed, seconds: 3.2)),
        ])
        #expect(abs((times["t: sql/k.sql: key check of a"] ?? 0) - 0.1) < 0.001, "\(times)")
        #expect(abs((times["t: COPY b"] ?? 0) - 1.9) < 0.001, "\(times)")
    }
}
