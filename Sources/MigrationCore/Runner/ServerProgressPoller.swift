import Foundation
import Postgres

/// Polls the server's own progress views (`pg_stat_progress_copy`,
/// `pg_stat_progress_create_index`) on a connection of its own while a step works on the target
/// database, and publishes what it sees as coalescable progress events (never journaled).
final class ServerProgressPoller: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var connection: Connection?
    private var stopped = false

    /// Steps whose work shows in those views: the transfer and SQL run on the target.
    static func applies(to step: Step) -> Bool {
        switch step.kind {
        case .transfer: return true
        case .sql: return (step.param("database") ?? "target") == "target"
        default: return false
        }
    }

    /// Starts polling; failures (no target yet, no permission) end the poller silently because
    /// the step's own progress is still shown.
    func start(
        step: String, conninfo: String, query: String, every seconds: Double = 1,
        publish: @escaping @Sendable (MigrationEvent) -> Void
    ) {
        let t = Task { [weak self] in
            guard
                let conn = try? await Connection.connect(conninfo, applicationName: "edu-migrate progress", timeout: 5)
            else { return }
            guard self?.keep(conn) == true else {
                conn.close()
                return
            }
            var seen: [String: (done: Int64, unit: String)] = [:]
            while !Task.isCancelled {
                guard let result = try? await conn.query(query) else { break }
                var now: [String: (done: Int64, unit: String)] = [:]
                for row in result.rows {
                    guard let item = row[0], let done = row[1].flatMap({ Int64($0) }) else { continue }
                    now[item] = (done, row[3] ?? "")
                    publish(
                        .progress(
                            step: step, item: item, done: done, total: row[2].flatMap { Int64($0) },
                            unit: row[3] ?? ""))
                }
                // A server operation that left the view has ended: shown complete, not frozen.
                for (item, last) in seen where now[item] == nil {
                    publish(.progress(step: step, item: item, done: last.done, total: last.done, unit: last.unit))
                }
                seen = now
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            }
        }
        lock.withLock { task = t }
    }

    /// Holds the connection for `stop()`; false when stop already happened (the caller closes it).
    private func keep(_ conn: Connection) -> Bool {
        lock.withLock {
            if stopped { return false }
            connection = conn
            return true
        }
    }

    /// Stops polling and closes the connection.
    func stop() {
        let (t, c) = lock.withLock {
            stopped = true
            return (task, connection)
        }
        t?.cancel()
        c?.cancel()
        c?.close()
    }
}
