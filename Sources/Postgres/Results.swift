import CLibPQ
import Foundation

/// Conversions from libpq results to the Swift API types. Called on a connection's thread.
enum Results {
    /// The text of a C string, or nil.
    static func text(_ p: UnsafePointer<CChar>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }

    /// Builds a `QueryResult` from a successful result, or throws the result's error.
    /// Does not free `res`.
    static func decode(_ res: OpaquePointer?, conn: OpaquePointer?) throws -> QueryResult {
        guard let res else { throw connectionError(conn, fallback: "no result from server") }
        switch PQresultStatus(res) {
        case PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE:
            let nf = Int(PQnfields(res))
            let nt = Int(PQntuples(res))
            let columns = (0..<nf).map { String(cString: PQfname(res, Int32($0))) }
            var rows: [Row] = []
            rows.reserveCapacity(nt)
            for r in 0..<nt {
                let values: [String?] = (0..<nf).map { c in
                    PQgetisnull(res, Int32(r), Int32(c)) == 1
                        ? nil : String(cString: PQgetvalue(res, Int32(r), Int32(c)))
                }
                rows.append(Row(columns: columns, values: values))
            }
            return QueryResult(columns: columns, rows: rows, affected: affected(res), command: command(res))
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return QueryResult(columns: [], rows: [], affected: affected(res), command: command(res))
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            leaveCopy(conn)
            throw PostgresError(
                kind: .io, message: "COPY FROM STDIN / TO STDOUT cannot run through query() or execute()",
                hint: "stream it with Connection.copy(from:copyOut:copyIn:)")
        default:
            throw error(from: res, conn: conn)
        }
    }

    /// Gets a connection out of COPY mode entered by a plain query (ends or drains the stream).
    static func leaveCopy(_ conn: OpaquePointer?) {
        guard let conn else { return }
        _ = PQputCopyEnd(conn, "COPY is only supported through Connection.copy")
        var buffer: UnsafeMutablePointer<CChar>?
        while PQgetCopyData(conn, &buffer, 0) > 0 { PQfreemem(buffer) }
    }

    /// Reads every result of a sent query. Throws the *first* error: when the server ends the
    /// session (57P01) libpq adds a result of its own after the server's, which has no SQLSTATE.
    static func collect(_ conn: OpaquePointer) throws -> [QueryResult] {
        var results: [QueryResult] = []
        var failure: (any Error)?
        while let res = PQgetResult(conn) {
            defer { PQclear(res) }
            do { results.append(try decode(res, conn: conn)) } catch { failure = failure ?? error }
        }
        if var pg = failure as? PostgresError {
            if PQstatus(conn) == CONNECTION_BAD { pg.kind = .io }
            throw pg
        }
        if let failure { throw failure }
        return results
    }

    /// Rows affected, from the command tag.
    static func affected(_ res: OpaquePointer) -> Int64 {
        Int64(String(cString: PQcmdTuples(res))) ?? 0
    }

    /// The command tag's words without its counts: `INSERT 0 5` -> `INSERT`.
    static func command(_ res: OpaquePointer) -> String {
        String(cString: PQcmdStatus(res)).split(separator: " ").prefix { !$0.allSatisfy(\.isNumber) }.joined(
            separator: " ")
    }

    /// A `PostgresError` from an error result, with the server's fields.
    static func error(from res: OpaquePointer, conn: OpaquePointer?) -> PostgresError {
        func field(_ code: Character) -> String? {
            text(PQresultErrorField(res, Int32(code.asciiValue!)))
        }
        let state = field("C")
        var message =
            field("M") ?? text(PQresultErrorMessage(res))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if message.isEmpty { message = lastError(conn) ?? "unknown error" }
        var kind: PostgresError.Kind = state == nil ? .io : .server
        if state == "57014" { kind = .cancelled }
        if let conn, PQstatus(conn) == CONNECTION_BAD { kind = .io }
        return PostgresError(
            kind: kind, message: message, sqlState: state, detail: field("D"),
            hint: field("H"), context: field("W"))
    }

    /// The connection's last error message, trimmed.
    static func lastError(_ conn: OpaquePointer?) -> String? {
        guard let conn, let msg = text(PQerrorMessage(conn)) else { return nil }
        let trimmed = msg.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// An `.io` error carrying the connection's last message.
    static func connectionError(_ conn: OpaquePointer?, fallback: String) -> PostgresError {
        PostgresError(kind: .io, message: lastError(conn) ?? fallback)
    }
}
