import Foundation
import Postgres

// CONTRACT (skeleton): the sandbox work replaces this file.

/// A throwaway PostgreSQL cluster in a temp dir: private port and socket dir, fsync off.
/// As root the server runs as the `postgres` user. It is stopped and deleted by `stop()`.
public final class Sandbox: @unchecked Sendable {
    /// Unix-socket directory (use as `host=`).
    public let socketDir: String
    public let port: Int
    /// Superuser name to connect as.
    public let user: String

    init(socketDir: String, port: Int, user: String) { self.socketDir = socketDir; self.port = port; self.user = user }

    /// initdb + start the server as our own child process; waits until it accepts connections.
    public static func start(name: String = "edu-migrate") async throws -> Sandbox {
        throw PostgresError(kind: .io, message: "not implemented")
    }

    /// A conninfo for a database in this cluster.
    public func conninfo(database: String = "postgres") -> String {
        "host=\(socketDir) port=\(port) user=\(user) dbname=\(database)"
    }

    /// Stops the server (fast shutdown, with a timeout) and deletes the data dir.
    public func stop() {}
}
