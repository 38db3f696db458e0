import Foundation
import MigrationCore
import Postgres
import Testing
import TestSupport

/// `sql` steps with `waves:`: the files of a wave run at once on their own connections, waves in
/// order, and one failing file cancels its sibling, whose transaction rolls back.
@Suite(.requiresPostgres, .tags(.postgres)) struct SqlWavesTests {
    static func step(_ waves: [[String]]) -> Step {
        Step(
            id: "w", title: "Waves", kind: .sql,
            params: ["waves": .list(waves.map { .list($0.map { .string("sql/waves/" + $0) }) })])
    }

    @Test func filesOfAWaveRunSideBySideAndTheNextWaveSeesThem() async throws {
        let h = try await StepHarness("waves")
        defer { h.finish() }
        #expect(
            try await SqlExecutor().run(Self.step([["a.sql", "b.sql"], ["after.sql"]]), context: h.context()) == .passed
        )
        let target = try await Connection.connect(h.target.conninfo)
        defer { target.close() }
        let pids = try await target.query(
            "SELECT (SELECT pid FROM wave_a) AS a, (SELECT pid FROM wave_b) AS b, (SELECT n FROM wave_after) AS n"
        ).rows[0]
        #expect(pids["a"] != nil && pids["a"] != pids["b"], "two connections: \(pids)")
        #expect(pids["n"] == "2")
    }

    @Test func aFailingFileCancelsItsSiblingAndNamesItsLine() async throws {
        let h = try await StepHarness("waves_fail")
        defer { h.finish() }
        let started = Date()
        let error = await #expect(throws: PostgresError.self) {
            try await SqlExecutor().run(Self.step([["slow.sql", "bad.sql"], ["after.sql"]]), context: h.context())
        }
        #expect(error?.sqlState == "22012")
        #expect(error?.statement == "sql/waves/bad.sql:3")
        #expect(Date().timeIntervalSince(started) < 20, "the 30 s sibling was cancelled")
        let target = try await Connection.connect(h.target.conninfo)
        defer { target.close() }
        let left = try await target.query(
            "SELECT to_regclass('wave_slow') IS NULL AS gone, to_regclass('wave_after') IS NULL AS no_next"
        ).rows[0]
        #expect(left.bool("gone") == true, "the sibling's transaction rolled back")
        #expect(left.bool("no_next") == true, "the next wave did not start")
    }
}
