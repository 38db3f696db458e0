import CLibPQ
import Foundation

// CONTRACT (skeleton): the Postgres work replaces these bodies; signatures are what callers use.

/// A PostgreSQL connection owned by one dedicated thread: every blocking libpq call runs there,
/// never on Swift's cooperative pool. `cancel()` may be called from anywhere.
public final class Connection: @unchecked Sendable {
    /// Opens a connection from a conninfo string or URI; PG* environment variables, .pgpass,
    /// PGPASSFILE and service files apply as libpq reads them.
    /// - Parameters:
    ///   - conninfo: libpq conninfo (`host=... dbname=...`) or `postgresql://` URI, no password.
    ///   - applicationName: shown in pg_stat_activity.
    ///   - timeout: seconds to wait for the connection.
    /// - Throws: `PostgresError` of kind `.connection` naming the host and what to fix.
    public static func connect(_ conninfo: String, applicationName: String = "edu-migrate",
                               timeout: Double = 10) async throws -> Connection {
        throw PostgresError(kind: .io, message: "not implemented")
    }

    /// The server's version number, e.g. 150018.
    public var serverVersion: Int { 0 }

    /// Runs one statement with `$1...` parameters (text format) and returns its rows.
    /// - Throws: `PostgresError` with SQLSTATE, detail, hint and context.
    @discardableResult
    public func query(_ sql: String, _ params: [String?] = []) async throws -> QueryResult {
        throw PostgresError(kind: .io, message: "not implemented")
    }

    /// Runs a script of one or more statements with the simple protocol (no parameters) and
    /// returns every statement's result in order (so a file of several SELECTs yields several).
    @discardableResult
    public func execute(_ sql: String) async throws -> [QueryResult] {
        throw PostgresError(kind: .io, message: "not implemented")
    }

    /// Streams `COPY (...) TO STDOUT` on `source` into `COPY ... FROM STDIN` on this connection,
    /// chunk by chunk, never holding a table in memory.
    /// - Parameters:
    ///   - source: the connection to read from.
    ///   - copyOut: a `COPY ... TO STDOUT` statement for `source`.
    ///   - copyIn: a `COPY ... FROM STDIN` statement for this connection.
    ///   - progress: called at most a few times a second from the copying thread.
    /// - Returns: rows and bytes copied.
    @discardableResult
    public func copy(from source: Connection, copyOut: String, copyIn: String,
                     progress: @escaping @Sendable (CopyProgress) -> Void = { _ in }) async throws -> CopyProgress {
        throw PostgresError(kind: .io, message: "not implemented")
    }

    /// Asks the server to cancel whatever this connection is running. Safe from any thread.
    public func cancel() {}

    /// Notices (RAISE NOTICE, warnings) are delivered here, on the connection's thread.
    public func onNotice(_ handler: @escaping @Sendable (String) -> Void) {}

    /// Closes the connection and stops its thread.
    public func close() {}
}
