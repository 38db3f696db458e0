import Foundation
import Postgres
import Testing
import TestSupport

@Suite(.requiresPostgres, .tags(.postgres)) struct CopyCancelTests {
    /// Two fresh databases, each with the copy fixture's tables, and a connection to each.
    private func pair(_ prefix: String) async throws -> (Connection, Connection) {
        let a = try await TestCluster.createDatabase(prefix + "_src")
        let b = try await TestCluster.createDatabase(prefix + "_dst")
        let source = try await Connection.connect(a.conninfo)
        let target = try await Connection.connect(b.conninfo)
        let fixture = try TestCluster.fixture("postgres/copy.sql")
        try await source.execute(fixture)
        try await target.execute(fixture)
        return (source, target)
    }

    @Test func streamsAMillionRowsBetweenDatabases() async throws {
        let (source, target) = try await pair("copy")
        defer {
            source.close()
            target.close()
        }
        try await source.execute(try TestCluster.fixture("postgres/fill_big.sql"))
        let reports = Box<[Int64]>([])
        let started = Date()
        let done = try await target.copy(
            from: source, copyOut: "COPY (SELECT id, name, at, note FROM big) TO STDOUT",
            copyIn: "COPY big (id, name, at, note) FROM STDIN"
        ) { p in
            reports.mutate { $0.append(p.rows) }
        }
        let seconds = Date().timeIntervalSince(started)
        print(
            "COPY 1,000,000 rows: \(String(format: "%.2f", seconds)) s, \(Int(Double(done.rows) / seconds)) rows/s, \(done.bytes) bytes"
        )
        #expect(done.rows == 1_000_000)
        #expect(done.bytes > 40_000_000)
        #expect(reports.value.last == 1_000_000)
        #expect(reports.value == reports.value.sorted())
        let check =
            "SELECT count(*) AS n, sum(id) AS s, count(note) AS notes, md5(string_agg(name, ',' ORDER BY id)) AS h FROM big"
        let src = try await source.query(check).rows[0]
        let dst = try await target.query(check).rows[0]
        #expect(dst.int64("n") == 1_000_000)
        #expect(dst["s"] == src["s"] && dst["notes"] == src["notes"] && dst["h"] == src["h"])
    }

    @Test func cancelStopsPgSleepLongBeforeItEnds() async throws {
        let db = try await TestCluster.createDatabase("cancel")
        let conn = try await Connection.connect(db.conninfo)
        defer { conn.close() }
        let running = Task { try await conn.query("SELECT pg_sleep(30)") }
        try await Task.sleep(nanoseconds: 300_000_000)
        let asked = Date()
        conn.cancel()
        let result = await running.result
        let latency = Date().timeIntervalSince(asked)
        print("cancel latency: \(Int(latency * 1000)) ms")
        // Typically ~10 ms; the bound only has to be far below pg_sleep's 30 s on a loaded CI runner.
        #expect(latency < 5.0)
        #expect(throws: PostgresError.self) { try result.get() }
        if case .failure(let error as PostgresError) = result {
            #expect(error.kind == .cancelled)
            #expect(error.sqlState == "57014")
        }
        #expect(try await conn.query("SELECT 2 AS x").rows[0].int("x") == 2)
    }

    @Test func terminatedBackendIsAnIOErrorAndTheConnectionReportsIt() async throws {
        let db = try await TestCluster.createDatabase("terminate")
        let victim = try await Connection.connect(db.conninfo, applicationName: "victim")
        let admin = try await Connection.connect(db.conninfo)
        defer {
            victim.close()
            admin.close()
        }
        let pid = try await victim.query("SELECT pg_backend_pid() AS p").rows[0]["p"]
        let running = Task { try await victim.query("SELECT pg_sleep(30)") }
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(try await admin.query("SELECT pg_terminate_backend($1::int) AS ok", [pid]).rows[0].bool("ok") == true)
        let result = await running.result
        if case .failure(let error as PostgresError) = result {
            #expect(error.kind == .io)
            #expect(error.sqlState == "57P01")
        } else {
            Issue.record("query survived pg_terminate_backend: \(result)")
        }
        let after = await #expect(throws: PostgresError.self) { try await victim.query("SELECT 1") }
        #expect(after?.kind == .io)
    }

    @Test func cancellingACopyRollsTheTargetBack() async throws {
        let (source, target) = try await pair("copycancel")
        defer {
            source.close()
            target.close()
        }
        // A slow source: the copy is still running when we cancel it.
        let out = "COPY (SELECT g, 'x', now(), pg_sleep(0.001)::text FROM generate_series(1, 100000) g) TO STDOUT"
        let copying = Task { try await target.copy(from: source, copyOut: out, copyIn: "COPY small FROM STDIN") }
        try await Task.sleep(nanoseconds: 500_000_000)
        target.cancel()
        let result = await copying.result
        if case .failure(let error as PostgresError) = result {
            #expect(error.kind == .cancelled)
        } else {
            Issue.record("copy was not cancelled: \(result)")
        }
        #expect(try await target.query("SELECT count(*) AS n FROM small").rows[0].int("n") == 0)
        #expect(try await source.query("SELECT 3 AS x").rows[0].int("x") == 3)
    }

    @Test func aRateCapPacesTheCopy() async throws {
        let (source, target) = try await pair("copypace")
        defer {
            source.close()
            target.close()
        }
        let out = "COPY (SELECT g, 'x', now(), NULL FROM generate_series(1, 6000) g) TO STDOUT"
        let started = Date()
        let done = try await target.copy(
            from: source, copyOut: out, copyIn: "COPY small FROM STDIN", maxRowsPerSecond: 5000)
        let seconds = Date().timeIntervalSince(started)
        #expect(done.rows == 6000)
        // 6000 rows at 5000 rows/s cannot finish before 1.2 s (a lower bound: the pace only waits).
        #expect(seconds >= 1.15, "took \(seconds) s")
        #expect(try await target.query("SELECT count(*) AS n FROM small").rows[0].int("n") == 6000)
    }
}
