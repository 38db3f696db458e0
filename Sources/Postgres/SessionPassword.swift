import Foundation

/// A password the operator typed at a prompt, kept in this process's memory only and handed to
/// libpq as the separate `password` keyword of `PQconnectdbParams` (never inside a conninfo
/// string, so it cannot reach a log, the journal, the report or argv). It applies only to
/// conninfos naming the same host, port and user as the one it was given for.
public enum SessionPassword {
    private struct Key: Hashable {
        var host: String?
        var port: String?
        var user: String?
    }
    private static let lock = NSLock()
    nonisolated(unsafe) private static var passwords: [Key: String] = [:]

    private static func key(_ conninfo: String) -> Key {
        Key(
            host: ConnInfo.value("host", in: conninfo), port: ConnInfo.value("port", in: conninfo),
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

    /// Runs `body` with the environment a client program (pg_dump, pg_restore) connecting like
    /// `conninfo` needs: when a password was typed for it, `PGPASSFILE` naming a 0600 passfile in
    /// a private 0700 directory, removed when `body` returns or throws. The password itself is
    /// never in a child's environment (`/proc/<pid>/environ` is readable by the same user) nor on
    /// its argv; the passfile's path is not a secret. Empty when no password was typed.
    public static func withChildEnvironment<T>(
        for conninfo: String,
        _ body: ([String: String]) async throws -> T
    ) async throws -> T {
        guard let password = lookup(conninfo) else { return try await body([:]) }
        let file = try ChildPassfile(password: password)
        defer { file.remove() }
        return try await body(["PGPASSFILE": file.path])
    }

    /// Removes every passfile still on disk (a second Ctrl-C exits without unwinding).
    public static func removeChildPassfiles() { ChildPassfile.removeAll() }
}

/// A passfile for one child program: `*:*:*:*:<password>` (the child connects only as the
/// conninfo it is given says), in a directory only this user can enter.
final class ChildPassfile: Sendable {
    let directory: String
    let path: String
    private static let lock = NSLock()
    nonisolated(unsafe) private static var live: Set<String> = []

    init(password: String) throws {
        var template = Array(
            (NSTemporaryDirectory() as NSString).appendingPathComponent("edu-migrate-pass.XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {  // mode 0700
            throw PostgresError(
                kind: .io,
                message: "cannot create a private directory for the child's passfile: "
                    + String(cString: strerror(errno)), hint: "check that the temp directory is writable")
        }
        directory = String(cString: made)
        path = directory + "/pgpass"
        // pgpass escapes `\` and `:`; a typed line holds no line break.
        let escaped = password.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ":", with: "\\:")
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        let bytes = Array("*:*:*:*:\(escaped)\n".utf8)
        let written = fd >= 0 ? bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } : -1
        let code = errno
        if fd >= 0 { close(fd) }
        guard written == bytes.count else {
            unlink(path)
            rmdir(directory)
            throw PostgresError(
                kind: .io, message: "cannot write the child's passfile: " + String(cString: strerror(code)),
                hint: "check free space in the temp directory")
        }
        Self.lock.withLock { _ = Self.live.insert(directory) }
    }

    func remove() {
        unlink(path)
        rmdir(directory)
        Self.lock.withLock { _ = Self.live.remove(directory) }
    }

    static func removeAll() {
        for dir in lock.withLock({ live }) {
            unlink(dir + "/pgpass")
            rmdir(dir)
        }
    }
}
