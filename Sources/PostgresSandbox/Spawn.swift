#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import ProcessSpawning
import Postgres

/// Starts the cluster's programs (initdb, postgres, the watchdog) as our own children with
/// `ProcessSpawn` (own process group: a terminal Ctrl-C reaches us, not the server; we stop it
/// in order), stdout and stderr appended to a log file.
enum Spawn {
    /// Spawns `argv` with output appended to `log`; returns the pid.
    static func start(_ argv: [String], log: String) throws -> pid_t {
        do {
            return try ProcessSpawn.spawn(argv, environment: ProcessInfo.processInfo.environment) { actions in
                posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                posix_spawn_file_actions_adddup2(&actions, 1, 2)
            }
        } catch let failure as ProcessSpawn.Failure {
            throw PostgresError(kind: .io, message: failure.description)
        }
    }

    /// Waits up to `timeout` seconds for `pid` to exit; returns its exit status, or nil on timeout.
    static func wait(_ pid: pid_t, timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
            if r < 0 && errno != EINTR { return -1 }  // not our child any more
            if Date() > deadline { return nil }
            usleep(50_000)
        }
    }

    /// Runs `argv` to completion with a timeout; throws with the log's tail when it fails.
    static func run(_ argv: [String], log: String, timeout: Double) throws {
        let pid = try start(argv, log: log)
        guard let status = wait(pid, timeout: timeout) else {
            kill(-pid, SIGKILL)
            _ = wait(pid, timeout: 5)
            throw PostgresError(
                kind: .timeout, message: "\(argv.joined(separator: " ")) did not finish in \(Int(timeout)) s",
                detail: tail(log))
        }
        if status != 0 {
            throw PostgresError(
                kind: .io, message: "\(argv.joined(separator: " ")) failed with status \(status)",
                detail: tail(log))
        }
    }

    /// The last lines of a log file, for error messages.
    static func tail(_ path: String, lines: Int = 15) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "(no log at \(path))" }
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
