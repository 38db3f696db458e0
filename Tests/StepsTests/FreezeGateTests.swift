import Foundation
import Postgres
import Testing
import TestSupport

@testable import MigrationCore

/// Ending "every other session" on a frozen database keeps the tool's own connections and the
/// parallel workers their queries use (at 500k persons a worker of the copy's query was ended,
/// which failed the final sync's transfer).
@Suite(.requiresPostgres, .tags(.postgres)) struct FreezeGateTests {
    @Test func theToolsOwnParallelWorkersAreKeptOthersEnded() async throws {
        let h = try await StepHarness("freeze_gate")
        defer { h.finish() }
        let ctx = h.context()
        let mine = try await ctx.connect(.source)
        // Every query of this session runs in a parallel worker (PostgreSQL 15: force_parallel_mode).
        _ = try await mine.execute("SET force_parallel_mode = on; SET max_parallel_workers_per_gather = 1")
        let other = try await Connection.connect(h.legacy.conninfo, applicationName: "education-app")
        defer { other.close() }
        let gate = DatabaseGate(admin: try await ctx.connect(.admin), context: ctx, stepID: "test.freeze")
        let keep = try await DatabaseGate.pids(of: [mine])
        let query = Task {
            try await mine.query("SELECT count(*) AS n FROM (SELECT pg_sleep(0.05) FROM generate_series(1, 40)) s")
        }
        try await Task.sleep(nanoseconds: 500_000_000)
        let workers = try await gate.admin.query(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'parallel worker' AND datname = $1",
            [h.legacy.name])
        #expect(workers.rows.first?["n"] == "1", "the query runs in a parallel worker")
        let ended = try await gate.endOtherSessions([h.legacy.name], keep: keep)
        #expect(ended.rows.count == 1 && ended.rows.first?.contains("education-app") == true, "\(ended.rows)")
        let r = try await query.value
        #expect(r.rows.first?["n"] == "40", "the tool's own query finished")
        await #expect(throws: PostgresError.self) { try await other.query("SELECT 1") }
    }
}
