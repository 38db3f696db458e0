#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Postgres

/// Starts the cluster's programs (initdb, postgres, the watchdog) as our own children: stdin
/// /dev/null, stdout and stderr appended to a log file, no other inherited descriptor, their own
/// process group (a terminal Ctrl-C reaches us, not the server; we stop it in order).
enum Spawn {
    /// Spawns `argv` with output appended to `log`; returns the pid.
    static func start(_ argv: [String], log: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        #if canImport(Glibc)
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(sym, to: CloseFrom.self)(&actions, 3)
        }
        #endif
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var flags = Int32(POSIX_SPAWN_SETPGROUP) | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)
        #if canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        posix_spawnattr_setflags(&attr, Int16(flags))
        posix_spawnattr_setpgroup(&attr, 0)
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&empty); sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL); sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setsigmask(&attr, &empty)
        let cargs = argv.map { strdup($0) } + [nil]
        let env = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cargs.forEach { free($0) }; env.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attr, cargs, env)
        guard rc == 0 else {
            throw PostgresError(kind: .io, message: "cannot start \(argv[0]): \(String(cString: strerror(rc)))")
        }
        return pid
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
            throw PostgresError(kind: .timeout, message: "\(argv.joined(separator: " ")) did not finish in \(Int(timeout)) s",
                                detail: tail(log))
        }
        if status != 0 {
            throw PostgresError(kind: .io, message: "\(argv.joined(separator: " ")) failed with status \(status)",
                                detail: tail(log))
        }
    }

    /// The last lines of a log file, for error messages.
    static func tail(_ path: String, lines: Int = 15) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "(no log at \(path))" }
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
