import Foundation
import Postgres

/// Performs a `SwapMachine`'s actions on the maintenance database (`postgres`), with the SQL from
/// `Assets/sql/cutover/`. Shared by cutover and the fast and slow rollback paths.
struct SwapDriver {
    let admin: Connection
    let context: StepContext
    let stepID: String
    /// Called after each action (e.g. to write the `cutover.state` artifact).
    var afterAction: (SwapProgress?) -> Void = { _ in }

    private func sql(_ name: String) throws -> String {
        try context.assetText("sql/cutover/\(name)")
    }

    /// What pg_database says about the swap's names.
    func snapshot(_ swap: DatabaseSwap) async throws -> DatabaseSnapshot {
        let names = [swap.live, swap.retireAs, swap.incoming]
        let r = try await admin.query(try sql("00_databases.sql"), [pgArray(names)])
        var snap = DatabaseSnapshot(existing: [])
        for row in r.rows {
            guard let name = row["datname"] else { continue }
            snap.existing.insert(name)
            if row["datallowconn"] == "f" { snap.blocked.insert(name) }
        }
        return snap
    }

    /// Sessions on `databases` as a result table (pid, database, user, application, client, state, since).
    func sessions(_ databases: [String]) async throws -> ResultTable {
        let r = try await admin.query(try sql("10_sessions.sql"), [pgArray(databases)])
        return ResultTable(title: "Sessions connected to \(databases.joined(separator: ", "))",
                           columns: r.columns, rows: r.rows.map { $0.values.map { $0 ?? "" } })
    }

    /// Runs the machine to the end. - Throws: `StepFailure` on an inconsistent state or a server error.
    func run(_ swap: DatabaseSwap) async throws {
        var machine = SwapMachine(swap: swap)
        for _ in 0..<20 {
            if context.isCancelled() {
                throw StepFailure(code: "cancelled", message: "cancelled between two actions; re-run to continue from where it stopped",
                                  location: stepID)
            }
            let snap = try await snapshot(swap)
            let action = machine.next(snap)
            switch action {
            case .finished:
                afterAction(machine.progress(snap))
                return
            case .inconsistent(let why):
                throw StepFailure(code: "cutover-state", message: why, location: stepID,
                                  fix: "Inspect pg_database (\\l in psql) and fix the names by hand; then retry.")
            default:
                try await perform(action)
                machine.performed(action)
                afterAction(machine.progress(try await snapshot(swap)))
            }
        }
        throw StepFailure(code: "cutover-state", message: "database swap did not converge after 20 actions", location: stepID)
    }

    private func perform(_ action: SwapAction) async throws {
        switch action {
        case .blockConnections(let dbs), .allowConnections(let dbs):
            let allow = { if case .allowConnections = action { return true } else { return false } }()
            for db in dbs {
                log("\(allow ? "allowing" : "blocking new") connections to \(db)")
                _ = try await admin.query("SELECT set_config('edu_migrate.database', $1, false), "
                                          + "set_config('edu_migrate.allow', $2, false)", [db, allow ? "true" : "false"])
                try await admin.execute(try sql("30_set_allow_connections.sql"))
            }
        case .terminateSessions(let dbs):
            let before = try await sessions(dbs)
            context.emit(.result(step: stepID, table: before))
            let r = try await admin.query(try sql("20_terminate_sessions.sql"), [pgArray(dbs)])
            log("terminated \(r.rows.count) session(s) on \(dbs.joined(separator: ", "))")
            try await waitForNoSessions(dbs)
        case .rename(let from, let to):
            log("renaming database \(from) to \(to)")
            context.emit(.statement(step: stepID, label: "ALTER DATABASE \(from) RENAME TO \(to)"))
            _ = try await admin.query("SELECT set_config('edu_migrate.rename_from', $1, false), "
                                      + "set_config('edu_migrate.rename_to', $2, false)", [from, to])
            try await admin.execute(try sql("40_rename_database.sql"))
        case .finished, .inconsistent:
            break
        }
    }

    /// Waits (up to 10 s) until no other session is on `dbs`; terminating is asynchronous.
    private func waitForNoSessions(_ dbs: [String]) async throws {
        for _ in 0..<100 {
            if try await sessions(dbs).rows.isEmpty { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        let left = try await sessions(dbs)
        throw StepFailure(code: "sessions", message: "\(left.rows.count) session(s) still connected to "
                          + "\(dbs.joined(separator: ", ")) after terminating them", location: stepID,
                          fix: "Stop the clients that reconnect (application services, poolers), then retry.")
    }

    private func log(_ message: String) { context.emit(.log(step: stepID, level: .notice, message: message)) }
}

/// A PostgreSQL text-array literal for `$n::text[]` parameters.
func pgArray(_ items: [String]) -> String {
    "{" + items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        .joined(separator: ",") + "}"
}
