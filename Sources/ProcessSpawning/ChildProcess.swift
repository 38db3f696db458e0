#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// How a child process ended.
public struct ChildProcessResult: Sendable, Equatable {
    /// Exit status, or 128 + signal number when killed by a signal (shell convention).
    public var status: Int32
    /// The signal that ended it, if any.
    public var signal: Int32?
    /// True when the timeout expired and the process was terminated.
    public var timedOut: Bool
    /// True when `cancel()` terminated it.
    public var cancelled: Bool
    /// Exit status 0 and not ended by a signal, timeout or cancel.
    public var succeeded: Bool { status == 0 && signal == nil && !timedOut && !cancelled }
}

/// An external command (pg_dump, pg_restore, an operator's shell hook) run as our own child:
/// stdin is /dev/null, no descriptor beyond stdio is inherited, stdout and stderr are streamed
/// line by line to callbacks on a thread we own, with an optional timeout and cancel
/// (SIGTERM to its process group, SIGKILL after a grace period). The environment passes through
/// (PG* variables, PGPASSFILE); passwords never belong in `arguments`.
public final class ChildProcess: @unchecked Sendable {
    /// The child's process id (also its process group id).
    public let pid: pid_t
    /// The command line as started, for logs.
    public let commandLine: String
    private let lock = NSLock()
    private var ended: ChildProcessResult?
    private var waiters: [CheckedContinuation<ChildProcessResult, Never>] = []
    private var cancelRequested = false

    /// Starts a command.
    /// - Parameters:
    ///   - executable: a path or a name searched on PATH.
    ///   - arguments: arguments (never a password).
    ///   - environment: variables added to (or replacing) this process's environment.
    ///   - timeout: seconds until the child is terminated; nil waits forever.
    ///   - grace: seconds between SIGTERM and SIGKILL.
    ///   - onStdout: called with each stdout line (without the newline) on the reader thread.
    ///   - onStderr: called with each stderr line on the reader thread.
    /// - Throws: `ChildProcessError` when the command cannot be found or started.
    public init(
        _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
        timeout: Double? = nil, grace: Double = 5,
        onStdout: @escaping @Sendable (String) -> Void = { _ in },
        onStderr: @escaping @Sendable (String) -> Void = { _ in }
    ) throws {
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        guard let path = ChildProcessSpawn.resolve(executable, environment: env) else {
            throw ChildProcessError.notFound(executable)
        }
        let spawned = try ChildProcessSpawn.spawn(path: path, arguments: arguments, environment: env)
        pid = spawned.pid
        commandLine = ([executable] + arguments).joined(separator: " ")
        let reader = ChildProcessReader(
            pid: spawned.pid, stdout: spawned.stdout, stderr: spawned.stderr,
            timeout: timeout, grace: grace, onStdout: onStdout, onStderr: onStderr)
        let thread = Thread { [self] in
            let ended = reader.run(cancelled: { self.lock.withLock { self.cancelRequested } })
            self.finish(ended)
        }
        thread.name = "child \(executable)"
        thread.start()
    }

    /// Runs `/bin/sh -c command` (operator hooks).
    public static func shell(
        _ command: String, environment: [String: String] = [:], timeout: Double? = nil,
        onStdout: @escaping @Sendable (String) -> Void = { _ in },
        onStderr: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> ChildProcess {
        try ChildProcess(
            "/bin/sh", ["-c", command], environment: environment, timeout: timeout,
            onStdout: onStdout, onStderr: onStderr)
    }

    /// Starts a command and waits for it; cancelling the calling task cancels the child.
    public static func run(
        _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
        timeout: Double? = nil,
        onStdout: @escaping @Sendable (String) -> Void = { _ in },
        onStderr: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> ChildProcessResult {
        let child = try ChildProcess(
            executable, arguments, environment: environment, timeout: timeout,
            onStdout: onStdout, onStderr: onStderr)
        return await withTaskCancellationHandler {
            await child.wait()
        } onCancel: {
            child.cancel()
        }
    }

    /// How the child ended, or nil while it runs (or its output is still being delivered).
    public var result: ChildProcessResult? { lock.withLock { ended } }

    /// Suspends until the child has ended and its output was delivered.
    public func wait() async -> ChildProcessResult {
        await withCheckedContinuation { (cont: CheckedContinuation<ChildProcessResult, Never>) in
            let done: ChildProcessResult? = lock.withLock {
                if let ended { return ended }
                waiters.append(cont)
                return nil
            }
            if let done { cont.resume(returning: done) }
        }
    }

    /// Terminates the child (SIGTERM to its process group, SIGKILL after the grace period).
    public func cancel() {
        let first: Bool = lock.withLock {
            defer { cancelRequested = true }
            return !cancelRequested && ended == nil
        }
        if first { kill(-pid, SIGTERM) }
    }

    private func finish(_ ended: ChildProcessResult) {
        let toResume: [CheckedContinuation<ChildProcessResult, Never>] = lock.withLock {
            self.ended = ended
            defer { waiters = [] }
            return waiters
        }
        toResume.forEach { $0.resume(returning: ended) }
    }
}
