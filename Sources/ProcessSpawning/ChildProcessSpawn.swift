#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// The `posix_spawn` call behind `ChildProcess`: stdin from /dev/null, stdout/stderr to pipes,
/// no other inherited descriptor, its own process group, default signal dispositions.
enum ChildProcessSpawn {
    /// Spawns `path` and returns its pid and the read ends of its stdout and stderr pipes.
    static func spawn(
        path: String, arguments: [String], environment: [String: String]
    ) throws
        -> (pid: pid_t, stdout: Int32, stderr: Int32)
    {
        var out: [Int32] = [0, 0]
        var err: [Int32] = [0, 0]
        guard pipe(&out) == 0 else { throw ChildProcessError.spawn(path, errno) }
        guard pipe(&err) == 0 else {
            close(out[0])
            close(out[1])
            throw ChildProcessError.spawn(path, errno)
        }
        for fd in out + err { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        defer {
            close(out[1])
            close(err[1])
        }

        do {
            let pid = try ProcessSpawn.spawn([path] + arguments, environment: environment) { actions in
                posix_spawn_file_actions_adddup2(&actions, out[1], 1)
                posix_spawn_file_actions_adddup2(&actions, err[1], 2)
            }
            return (pid, out[0], err[0])
        } catch let failure as ProcessSpawn.Failure {
            close(out[0])
            close(err[0])
            throw ChildProcessError.spawn(path, failure.code)
        }
    }

    /// Absolute path of `name`, searched on PATH unless it contains a slash.
    static func resolve(_ name: String, environment: [String: String]) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}

/// Why a child process could not be started.
public enum ChildProcessError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case spawn(String, Int32)

    public var description: String {
        switch self {
        case .notFound(let name): return "command not found: \(name) (is it installed and on PATH?)"
        case .spawn(let path, let code): return "cannot start \(path): \(String(cString: strerror(code)))"
        }
    }
}
