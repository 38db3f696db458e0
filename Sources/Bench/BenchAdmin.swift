import Foundation
import LegacySeed
import MigrationCore
import Postgres
import ProcessSpawning

/// Maintenance work of the bench on its cluster: create and drop the methods' databases
/// (SQL under `Assets/sql/bench/`), checkpoint between methods, count rows.
struct BenchAdmin {
    let cluster: BenchCluster
    let assets: URL

    /// Creates an empty UTF8 database from template0.
    func create(_ database: String) async throws { try await runFile("create_database.sql", database) }

    /// Drops a database if it exists (forcing other sessions out).
    func drop(_ database: String) async throws { try await runFile("drop_database.sql", database) }

    /// Flushes dirty buffers so one method's writes are not paid for by the next.
    func checkpoint() async throws {
        let conn = try await Connection.connect(cluster.conninfo("postgres"), applicationName: "edu-migrate bench")
        defer { conn.close() }
        _ = try await conn.execute(try BenchSQL.text("checkpoint.sql", assets: assets))
    }

    /// Rows per table of `database` (tables that do not exist count 0).
    func counts(_ database: String, tables: [String]) async throws -> [BenchTiming.Count] {
        let conn = try await Connection.connect(cluster.conninfo(database), applicationName: "edu-migrate bench")
        defer { conn.close() }
        let presentSQL = try BenchSQL.text("table_present.sql", assets: assets)
        var out: [BenchTiming.Count] = []
        for t in tables {
            let present = try await conn.query(presentSQL, [t])
            guard present.rows.first?.bool("present") == true else {
                out.append(.init(table: t, rows: 0))
                continue
            }
            let n = try await conn.query(try BenchSQL.text("table_rows.sql", assets: assets, ["table": t]))
            out.append(.init(table: t, rows: n.rows.first?.int64("n") ?? 0))
        }
        return out
    }

    private func runFile(_ name: String, _ database: String) async throws {
        let sql = try BenchSQL.text(name, assets: assets, ["database": database])
        let conn = try await Connection.connect(cluster.conninfo("postgres"), applicationName: "edu-migrate bench")
        defer { conn.close() }
        _ = try await conn.execute(sql)
    }
}

/// Runs the client programs of the other methods and keeps the end of their stderr.
enum BenchTool {
    /// Quotes a word for `/bin/sh`.
    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs a program to its end.
    /// - Returns: how it ended, its stdout lines and the last lines of its stderr.
    static func run(
        _ executable: String, _ arguments: [String]
    ) async throws
        -> (result: ChildProcessResult, stdout: [String], stderr: [String])
    {
        let out = LineBuffer(limit: 1000)
        let err = LineBuffer(limit: 20)
        let result = try await ChildProcess.run(
            executable, arguments, onStdout: { out.add($0) }, onStderr: { err.add($0) })
        return (result, out.lines, err.lines)
    }

    /// One line saying why a program failed.
    static func failure(_ what: String, _ result: ChildProcessResult, _ stderr: [String]) -> String {
        let how = result.signal.map { "signal \($0)" } ?? "exit status \(result.status)"
        let tail = stderr.suffix(3).joined(separator: " / ")
        return "\(what) failed (\(how))" + (tail.isEmpty ? "" : ": \(tail)")
    }
}

/// The last `limit` lines written to it (thread-safe).
final class LineBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer: [String] = []
    private let limit: Int
    init(limit: Int) { self.limit = limit }
    func add(_ line: String) {
        lock.withLock {
            buffer.append(line)
            if buffer.count > limit { buffer.removeFirst(buffer.count - limit) }
        }
    }
    var lines: [String] { lock.withLock { buffer } }
}
