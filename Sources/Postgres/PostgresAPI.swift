import CLibPQ
import Foundation

/// A failure talking to PostgreSQL, with everything the DBA needs to act on it.
public struct PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Broad class of failure.
    public enum Kind: String, Sendable, Codable {
        /// Could not connect: unreachable host, bad password, missing database.
        case connection
        /// The server rejected a statement (has a SQLSTATE).
        case server
        /// The statement was cancelled on request (SQLSTATE 57014).
        case cancelled
        /// A wait ran out of time.
        case timeout
        /// The connection was lost or libpq misbehaved.
        case io
    }
    public var kind: Kind
    /// Primary message, as the server or libpq gave it.
    public var message: String
    /// Five-character SQLSTATE when the server reported one.
    public var sqlState: String?
    public var detail: String?
    public var hint: String?
    /// The server's CONTEXT (e.g. the PL/pgSQL line), if any.
    public var context: String?
    /// A label for the statement that failed (file:line or step), set by callers.
    public var statement: String?
    /// The server asked for a password and libpq had none (.pgpass, PGPASSFILE, service file or
    /// `SessionPassword`): `PQconnectionNeedsPassword`. An interactive front end may prompt.
    public var needsPassword = false

    public init(
        kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil,
        hint: String? = nil, context: String? = nil, statement: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.context = context
        self.statement = statement
    }

    public var description: String {
        var s = message
        if let sqlState { s += " (SQLSTATE \(sqlState))" }
        if let detail { s += "\nDETAIL: \(detail)" }
        if let hint { s += "\nHINT: \(hint)" }
        if let context { s += "\nCONTEXT: \(context)" }
        if let statement { s += "\nAT: \(statement)" }
        return s
    }
}

/// One row of a result in text format, with typed accessors (nil for SQL NULL).
public struct Row: Sendable {
    public let columns: [String]
    public let values: [String?]
    public init(columns: [String], values: [String?]) {
        self.columns = columns
        self.values = values
    }
    /// The raw text of column `i`.
    public subscript(_ i: Int) -> String? { values[i] }
    /// The raw text of the named column.
    public subscript(_ name: String) -> String? { columns.firstIndex(of: name).flatMap { values[$0] } }
}

/// The rows a statement returned plus its command tag count.
public struct QueryResult: Sendable {
    public var columns: [String]
    public var rows: [Row]
    /// Rows affected for INSERT/UPDATE/DELETE/COPY, from the command tag.
    public var affected: Int64
    /// The command tag without its counts (`CREATE TABLE`, `INSERT`, `SELECT`); empty when unknown.
    public var command: String
    public init(columns: [String], rows: [Row], affected: Int64, command: String = "") {
        self.columns = columns
        self.rows = rows
        self.affected = affected
        self.command = command
    }
}

/// Progress of a COPY stream.
public struct CopyProgress: Sendable {
    public var rows: Int64
    public var bytes: Int64
    /// The fingerprint of the COPY text that passed (complete at the end of the stream).
    public var digest: CopyDigest
    /// Estimated seconds this process spent computing `digest` (sampled, see `TimedDigest`).
    public var hashSeconds: Double
    public init(rows: Int64, bytes: Int64, digest: CopyDigest = CopyDigest(), hashSeconds: Double = 0) {
        self.rows = rows
        self.bytes = bytes
        self.digest = digest
        self.hashSeconds = hashSeconds
    }
}

/// Helpers over libpq's conninfo parsing (PQconninfoParse), for strings and URIs alike.
public enum ConnInfo {
    /// The same connection parameters with `dbname` replaced, e.g. to reach the target database
    /// or `postgres` on the source's server. Never adds a password.
    public static func replacingDatabase(_ conninfo: String, with database: String) throws -> String {
        try replacing(conninfo, database: database)
    }
    /// The value of one key (`host`, `port`, `dbname`, `user`) as libpq would use it, if set.
    public static func value(_ key: String, in conninfo: String) -> String? { lookup(key, in: conninfo) }
    /// A form safe to log: any password removed.
    public static func redacted(_ conninfo: String) -> String { redact(conninfo) }
}
