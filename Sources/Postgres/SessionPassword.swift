import Foundation

/// A password the operator typed at a prompt, kept in this process's memory only and handed to
/// libpq as the separate `password` keyword of `PQconnectdbParams` (never inside a conninfo
/// string, so it cannot reach a log, the journal, the report or argv). It applies only to
/// conninfos naming the same host, port and user as the one it was given for.
public enum SessionPassword {
    private struct Key: Hashable { var host: String?; var port: String?; var user: String? }
    private static let lock = NSLock()
    nonisolated(unsafe) private static var passwords: [Key: String] = [:]

    private static func key(_ conninfo: String) -> Key {
        Key(host: ConnInfo.value("host", in: conninfo), port: ConnInfo.value("port", in: conninfo),
            user: ConnInfo.value("user", in: conninfo))
    }

    /// Remembers `password` for connections to the server and user of `conninfo`.
    public static func remember(_ password: String, for conninfo: String) {
        let k = key(conninfo)
        lock.withLock { passwords[k] = password }
    }

    /// Forgets every remembered password.
    public static func forgetAll() { lock.withLock { passwords = [:] } }

    /// The password remembered for the server and user of `conninfo`, if any.
    static func lookup(_ conninfo: String) -> String? {
        let k = key(conninfo)
        return lock.withLock { passwords[k] }
    }

    /// Environment for a client program (pg_dump, pg_restore) connecting like `conninfo`:
    /// `PGPASSWORD` when a password was typed for it (the child's environment only), else empty.
    public static func childEnvironment(for conninfo: String) -> [String: String] {
        lookup(conninfo).map { ["PGPASSWORD": $0] } ?? [:]
    }
}
