import Foundation
import Postgres

/// Performs a `SwapMachine`'s actions on the maintenance database (`postgres`), with the SQL from
/// `Assets/sql/cutover/`. Shared by cutover and the fast and slow rollback paths.
struct SwapDriver {
    let admin: Connection
    let context: StepContext
    let stepID: String
    /// Backend pids of this tool's own connections that must not be terminated.
    var keep: [Int] = []
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
    func sessions(_ databases: [String]) async throws -> ResultTable { try await gate.sessions(databases, keep: keep) }

    /// The gate over the same admin connection.
    var gate: DatabaseGate { DatabaseGate(admin: admin, context: context, stepID: stepID) }

    /// Runs the machine to the end. - Throws: `StepFailure` on an inconsistent state or a server error.
    func run(_ swap: DatabaseSwap) async throws {
        var machine = SwapMachine(swap: swap)
        for _ in 0..<20 {
            if context.isCancelled() {
                throw StepFailure(
                    code: .cancelled,
                    message: "cancelled between two actions; re-run to continue from where it stopped",
                    location: stepID)
            }
            let snap = try await snapshot(swap)
            let action = machine.next(snap)
            switch action {
            case .finished:
                afterAction(machine.progress(snap))
                return
            case .inconsistent(let why):
                throw StepFailure(
                    code: "cutover-state", message: why, location: stepID,
                    fix: "Inspect pg_database (\\l in psql) and fix the names by hand; then retry.")
            default:
                try await perform(action)
                machine.performed(action)
                afterAction(machine.progress(try await snapshot(swap)))
            }
        }
        throw StepFailure(
            code: "cutover-state", message: "database swap did not converge after 20 actions", location: stepID)
    }

    private func perform(_ action: SwapAction) async throws {
        switch action {
        case .blockConnections(let dbs): for db in dbs { try await gate.setAllowConnections(db, false) }
        case .allowConnections(let dbs): for db in dbs { try await gate.setAllowConnections(db, true) }
        case .terminateSessions(let dbs):
            context.emit(.result(step: stepID, table: try await gate.endOtherSessions(dbs, keep: keep)))
        case .rename(let from, let to):
            log("renaming database \(from) to \(to)")
            context.emit(.statement(step: stepID, label: "ALTER DATABASE \(from) RENAME TO \(to)"))
            _ = try await admin.query(
                "SELECT set_config('edu_migrate.rename_from', $1, false), "
                    + "set_config('edu_migrate.rename_to', $2, false)", [from, to])
            try await admin.execute(try sql("40_rename_database.sql"))
        case .finished, .inconsistent:
            break
        }
    }

    private func log(_ message: String) { context.emit(.log(step: stepID, level: .notice, message: message)) }
}
