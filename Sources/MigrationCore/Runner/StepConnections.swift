import Foundation
import Postgres

/// The connections one step opened, by role: cached for the step, cancelled with it, closed after.
final class StepConnections: @unchecked Sendable {
    private let lock = NSLock()
    private var open: [DatabaseRole: Connection] = [:]
    private var extra: [Connection] = []
    private var cancelled = false
    let config: MigrationConfig
    let applicationName: String
    let onNotice: @Sendable (String) -> Void

    init(config: MigrationConfig, applicationName: String, onNotice: @escaping @Sendable (String) -> Void) {
        self.config = config
        self.applicationName = applicationName
        self.onNotice = onNotice
    }

    /// The conninfo for a role: source read-only, target = source with `target_database`,
    /// admin = source with `postgres`.
    static func conninfo(for role: DatabaseRole, config: MigrationConfig) throws -> String {
        switch role {
        case .source: return readOnly(config.source)
        case .target: return try ConnInfo.replacingDatabase(config.source, with: config.targetDatabase)
        case .admin: return try ConnInfo.replacingDatabase(config.source, with: "postgres")
        }
    }

    /// Session settings the Assets SQL assumes, whatever the database or role sets.
    static let sessionDefaults = """
        SET datestyle = 'ISO, YMD'; SET intervalstyle = postgres; SET search_path = public; \
        SET statement_timeout = 0; SET lock_timeout = 0; SET idle_in_transaction_session_timeout = 0; \
        SET default_transaction_isolation = 'read committed'
        """

    /// Appends `default_transaction_read_only=on` as a startup option (keyword or URI form).
    static func readOnly(_ conninfo: String) -> String {
        let t = conninfo.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("postgresql://") || t.hasPrefix("postgres://") {
            let opt = "options=-c%20default_transaction_read_only%3Don"
            return t + (t.contains("?") ? "&" : "?") + opt
        }
        return t + " options='-c default_transaction_read_only=on'"
    }

    func connection(_ role: DatabaseRole) async throws -> Connection {
        let (cached, wasCancelled) = lock.withLock { (open[role], cancelled) }
        if wasCancelled { throw StepFailure(code: .cancelled, message: "the step was cancelled") }
        if let cached { return cached }
        let conn = try await opened(role)
        let (existing, cancelledNow) = lock.withLock { () -> (Connection?, Bool) in
            if let e = open[role] { return (e, cancelled) }
            open[role] = conn
            return (nil, cancelled)
        }
        if let existing {
            conn.close()
            return existing
        }
        if cancelledNow { conn.cancel() }
        return conn
    }

    /// One more connection for a role, beside the cached one (side-by-side work in one step).
    func another(_ role: DatabaseRole) async throws -> Connection {
        if isCancelled { throw StepFailure(code: .cancelled, message: "the step was cancelled") }
        let conn = try await opened(role)
        let cancelledNow = lock.withLock { () -> Bool in
            extra.append(conn)
            return cancelled
        }
        if cancelledNow { conn.cancel() }
        return conn
    }

    private func opened(_ role: DatabaseRole) async throws -> Connection {
        let info = try Self.conninfo(for: role, config: config)
        let conn = try await Connection.connect(info, applicationName: applicationName)
        conn.onNotice(onNotice)
        // The legacy database (or its role) may carry its own settings: a DMY DateStyle makes
        // `::timestamp` misread or reject the text COPY produced, a statement_timeout cancels the
        // long loads, a search_path without public hides the tables. Every session of ours gets
        // the settings the Assets SQL is written for. (A role defaulting to serializable made
        // the loads that run side by side fail with 40001 on every attempt.)
        _ = try await conn.execute(Self.sessionDefaults)
        if role == .target {
            // The loads, index/FK builds and validation are a few big statements: JIT compile time
            // (paid per statement once the planner's cost passes jit_above_cost) costs more than it
            // saves here (measured by `edu-migrate bench`, see Sources/MigrationCore/Bench).
            _ = try await conn.execute("SET jit = off")
        }
        return conn
    }

    /// Cancels whatever the step's connections are running.
    func cancelAll() {
        lock.lock()
        cancelled = true
        let conns = Array(open.values) + extra
        lock.unlock()
        for c in conns { c.cancel() }
    }

    var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    func closeAll() {
        lock.lock()
        let conns = Array(open.values) + extra
        open = [:]
        extra = []
        lock.unlock()
        for c in conns { c.close() }
    }
}
