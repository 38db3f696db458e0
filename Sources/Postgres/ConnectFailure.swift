import CLibPQ
import Foundation

/// Turns a failed `PQconnectdbParams` into an error that names the server and says what to fix.
enum ConnectFailure {
    /// - Parameters:
    ///   - conn: the failed connection (not yet finished); may be nil when libpq ran out of memory.
    ///   - conninfo: what the caller passed, used when libpq cannot tell the target.
    static func error(_ conn: OpaquePointer?, conninfo: String) -> PostgresError {
        let raw = Results.lastError(conn) ?? "out of memory"
        let host = conn.flatMap { Results.text(PQhost($0)) } ?? ConnInfo.value("host", in: conninfo) ?? "localhost"
        let port = conn.flatMap { Results.text(PQport($0)) } ?? ConnInfo.value("port", in: conninfo) ?? "5432"
        let db = conn.flatMap { Results.text(PQdb($0)) } ?? ConnInfo.value("dbname", in: conninfo) ?? "?"
        let user = conn.flatMap { Results.text(PQuser($0)) } ?? "?"
        let target = host.hasPrefix("/") ? "socket \(host)/.s.PGSQL.\(port)" : "\(host):\(port)"
        let (state, fix) = classify(raw, target: target, db: db, user: user)
        let first = raw.split(separator: "\n").first.map(String.init) ?? raw
        var error = PostgresError(
            kind: .connection,
            message: "cannot connect to database \"\(db)\" as user \"\(user)\" on \(target): \(first)",
            sqlState: state, detail: raw == first ? nil : raw, hint: fix)
        error.needsPassword = conn.map { PQconnectionNeedsPassword($0) == 1 } ?? false
        return error
    }

    /// A SQLSTATE-like code and the fix for a libpq connection message.
    static func classify(_ raw: String, target: String, db: String, user: String) -> (String?, String) {
        let m = raw.lowercased()
        if m.contains("password authentication failed") || m.contains("no password supplied")
            || m.contains("authentication failed")
        {
            return (
                "28P01",
                "check the password for user \"\(user)\" in ~/.pgpass or the file PGPASSFILE points to "
                    + "(mode 0600, line host:port:db:user:password); passwords are never taken on the command line"
            )
        }
        if m.contains("database") && m.contains("does not exist") {
            return (
                "3D000", "database \"\(db)\" does not exist on \(target): check dbname in the conninfo or create it"
            )
        }
        if m.contains("role") && m.contains("does not exist") {
            return ("28000", "role \"\(user)\" does not exist on \(target): check user= in the conninfo or PGUSER")
        }
        if m.contains("pg_hba.conf") {
            return (
                "28000",
                "the server's pg_hba.conf has no entry for this host/user/database: ask the server's DBA to add one"
            )
        }
        if m.contains("timeout expired") {
            return (
                "08001",
                "no answer from \(target) within connect_timeout: is the server running on \(target) "
                    + "and reachable (host, port, firewall)?"
            )
        }
        return (
            "08001",
            "is the server running on \(target) and accepting connections? "
                + "check host/port in the conninfo, listen_addresses and the firewall"
        )
    }
}
