import Foundation
import Postgres

/// Who may be connected to a database, on the maintenance database (`postgres`), with the SQL of
/// `Assets/sql/cutover/`: refuse or allow new connections (superusers too), list and end the
/// sessions of everyone but this tool, list prepared transactions. Used to freeze the legacy
/// database in the window and by the renames of the cutover and the rollback.
struct DatabaseGate {
    let admin: Connection
    let context: StepContext
    let stepID: String

    private func sql(_ name: String) throws -> String { try context.assetText("sql/cutover/\(name)") }

    /// `ALTER DATABASE db WITH ALLOW_CONNECTIONS allow` (datallowconn: no one, superusers
    /// included, can connect while false; sessions already connected stay).
    func setAllowConnections(_ db: String, _ allow: Bool) async throws {
        log("\(allow ? "allowing" : "blocking new") connections to \(db)")
        _ = try await admin.query(
            "SELECT set_config('edu_migrate.database', $1, false), "
                + "set_config('edu_migrate.allow', $2, false)", [db, allow ? "true" : "false"])
        try await admin.execute(try sql("30_set_allow_connections.sql"))
    }

    /// Whether `db` refuses new connections (nil when it does not exist).
    func isBlocked(_ db: String) async throws -> Bool? {
        let r = try await admin.query(try sql("00_databases.sql"), [pgArray([db])])
        return r.rows.first.map { $0["datallowconn"] == "f" }
    }

    /// Sessions on `dbs` other than this tool's `keep` pids, as a result table.
    func sessions(_ dbs: [String], keep: [Int] = []) async throws -> ResultTable {
        let r = try await admin.query(try sql("10_sessions.sql"), [pgArray(dbs), pgIntArray(keep)])
        return ResultTable(
            title: "Sessions connected to \(dbs.joined(separator: ", "))",
            columns: r.columns, rows: r.rows.map { $0.values.map { $0 ?? "" } }, role: .sessions)
    }

    /// Ends every session on `dbs` but `keep`, then waits (up to 10 s) until none is left:
    /// terminating is asynchronous, and a session still committing finishes or aborts first.
    /// - Returns: the sessions that were ended.
    @discardableResult
    func endOtherSessions(_ dbs: [String], keep: [Int] = []) async throws -> ResultTable {
        let before = try await sessions(dbs, keep: keep)
        let r = try await admin.query(try sql("20_terminate_sessions.sql"), [pgArray(dbs), pgIntArray(keep)])
        if !r.rows.isEmpty { log("terminated \(r.rows.count) session(s) on \(dbs.joined(separator: ", "))") }
        for _ in 0..<100 {
            if try await sessions(dbs, keep: keep).rows.isEmpty { return before }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        let left = try await sessions(dbs, keep: keep)
        throw StepFailure(
            code: .sessions,
            message: "\(left.rows.count) session(s) still connected to "
                + "\(dbs.joined(separator: ", ")) after terminating them", location: stepID,
            fix: "Stop the clients that reconnect (application services, poolers), then retry.")
    }

    /// Refuses while a prepared transaction of `dbs` is pending: it could still commit writes
    /// (COMMIT PREPARED) after the check, which the copy would not have.
    func requireNoPreparedTransactions(_ dbs: [String]) async throws {
        let r = try await admin.query(try sql("15_prepared_xacts.sql"), [pgArray(dbs)])
        guard !r.rows.isEmpty else { return }
        let gids = r.rows.map {
            "'\($0["gid"] ?? "?")' (\($0["database"] ?? "?"), \($0["owner"] ?? "?"), since \($0["prepared"] ?? "?"))"
        }
        throw StepFailure(
            code: .preparedTransactions,
            message:
                "\(r.rows.count) prepared transaction(s) on \(dbs.joined(separator: ", ")) can still commit writes: "
                + gids.joined(separator: ", "),
            location: stepID,
            fix: "Connect to that database as their owner and run COMMIT PREPARED 'gid' (keep the writes) or "
                + "ROLLBACK PREPARED 'gid', then retry the step.")
    }

    /// The backend pids of this tool's own connections (kept when sessions are ended).
    static func pids(of conns: [Connection]) async throws -> [Int] {
        var out: [Int] = []
        for c in conns {
            if let p = try await c.query("SELECT pg_backend_pid() AS pid").rows.first?["pid"].flatMap({ Int($0) }) {
                out.append(p)
            }
        }
        return out
    }

    private func log(_ message: String) { context.emit(.log(step: stepID, level: .notice, message: message)) }
}

/// A PostgreSQL text-array literal for `$n::text[]` parameters.
func pgArray(_ items: [String]) -> String {
    "{"
        + items.map {
            "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        .joined(separator: ",") + "}"
}

/// A PostgreSQL integer-array literal for `$n::int[]` parameters.
func pgIntArray(_ items: [Int]) -> String { "{" + items.map(String.init).joined(separator: ",") + "}" }
