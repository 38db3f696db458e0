#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Postgres

/// A throwaway PostgreSQL cluster in a temp dir: private port and socket dir, fsync off.
/// As root the server runs as the `postgres` user. It is stopped and deleted by `stop()`, at
/// process exit, on SIGINT/SIGTERM/SIGHUP, and by a watchdog process if we die without warning.
public final class Sandbox: @unchecked Sendable {
    /// Unix-socket directory (use as `host=`); also the cluster's root directory.
    public let socketDir: String
    /// Port of the unix socket and of the TCP listener on 127.0.0.1.
    public let port: Int
    /// Superuser name to connect as.
    public let user: String
    /// The PostgreSQL bin directory in use (pg_dump, pg_restore, psql live there too).
    public let binDir: String
    /// The server's log file.
    public var logPath: String { socketDir + "/server.log" }
    /// The data directory.
    public var dataDir: String { socketDir + "/data" }

    private let lock = NSLock()
    private var serverPid: pid_t = 0
    private var watchdogPid: pid_t = 0
    private var stopped = false

    init(socketDir: String, port: Int, user: String, binDir: String) {
        self.socketDir = socketDir
        self.port = port
        self.user = user
        self.binDir = binDir
    }

    /// initdb + start the server as our own child process; waits until it accepts connections.
    /// Sockets use trust authentication; TCP on 127.0.0.1 requires a password (scram-sha-256).
    /// - Parameters:
    ///   - name: appears in the temp dir name.
    ///   - handleSignals: stop every sandbox and re-raise on SIGINT/SIGTERM/SIGHUP (only where no
    ///     handler is installed yet). A front end that handles Ctrl-C itself (the wizard) passes
    ///     false and calls `stop()` on its way out; exit and the watchdog still clean up.
    /// - Throws: `PostgresError` with the initdb/server log tail when the cluster cannot start.
    public static func start(name: String = "edu-migrate", handleSignals: Bool = true) async throws -> Sandbox {
        let bin = try PgBinaries.binDir()
        let dir = try TempDir.make(prefix: "edu-migrate-\(name)")
        let asRoot = geteuid() == 0
        do {
            try await OffPool.run("sandbox initdb") {
                if asRoot { try SandboxSetup.giveToPostgres(dir) }
                try SandboxSetup.initdb(bin: bin, dir: dir, asRoot: asRoot)
            }
            var lastError: (any Error)?
            for _ in 0..<3 {  // a free port may be taken between the bind test and the server's bind
                let sandbox = Sandbox(socketDir: dir, port: try SandboxSetup.freePort(), user: "postgres", binDir: bin)
                do {
                    try await sandbox.launch(asRoot: asRoot, handleSignals: handleSignals)
                    return sandbox
                } catch {
                    lastError = error
                    _ = try? await OffPool.run("sandbox stop") { sandbox.stopServer() }
                }
            }
            throw lastError!
        } catch {
            try? FileManager.default.removeItem(atPath: dir)
            throw error
        }
    }

    /// A conninfo for a database in this cluster (unix socket, trust).
    public func conninfo(database: String = "postgres") -> String {
        "host=\(socketDir) port=\(port) user=\(user) dbname=\(database)"
    }

    /// A conninfo over TCP on 127.0.0.1, where the server asks for a password (scram-sha-256).
    public func tcpConninfo(database: String = "postgres", user: String? = nil) -> String {
        "host=127.0.0.1 port=\(port) user=\(user ?? self.user) dbname=\(database)"
    }

    /// The running postmaster's pid (from its pid file; as root our own child is `runuser`).
    public var postmasterPid: pid_t? { SandboxSetup.postmasterPid(dataDir: dataDir) }

    /// Stops the server (fast shutdown, SIGKILL after 10 s) and deletes the directory. Idempotent.
    public func stop() {
        let first: Bool = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        SandboxRegistry.shared.remove(self)
        stopServer()
        try? FileManager.default.removeItem(atPath: socketDir)
        killWatchdog()
    }

    /// Leaves the server running after this process exits (`demo --keep`): no stop at exit,
    /// no watchdog. The caller tells the operator how to reach and stop it.
    public func detach() {
        let first: Bool = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        SandboxRegistry.shared.remove(self)
        killWatchdog()
    }

    private func killWatchdog() {
        let dog = lock.withLock { watchdogPid }
        if dog > 0 {
            kill(-dog, SIGKILL)
            _ = Spawn.wait(dog, timeout: 2)
        }
    }

    private func launch(asRoot: Bool, handleSignals: Bool) async throws {
        let argv = SandboxSetup.serverCommand(bin: binDir, dir: socketDir, port: port, asRoot: asRoot)
        let pid = try Spawn.start(argv, log: logPath)
        lock.withLock { serverPid = pid }
        SandboxRegistry.shared.add(self, handleSignals: handleSignals)
        if lock.withLock({ watchdogPid }) == 0 {
            let dog = try Spawn.start(SandboxSetup.watchdogCommand(dir: socketDir), log: "/dev/null")
            lock.withLock { watchdogPid = dog }
        }
        let deadline = Date().addingTimeInterval(30)
        while true {
            if let status = Spawn.wait(pid, timeout: 0) {
                lock.withLock { serverPid = 0 }
                throw PostgresError(
                    kind: .io, message: "the sandbox server exited with status \(status) while starting",
                    detail: Spawn.tail(logPath), hint: "see \(logPath)")
            }
            if let conn = try? await Connection.connect(conninfo(), applicationName: "edu-migrate sandbox", timeout: 2)
            {
                conn.close()
                return
            }
            if Date() > deadline {
                throw PostgresError(
                    kind: .timeout, message: "the sandbox server did not accept connections within 30 s",
                    detail: Spawn.tail(logPath))
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    /// Fast shutdown of the postmaster (SIGINT), SIGKILL after 10 s; reaps our child.
    func stopServer() {
        let pid = lock.withLock {
            defer { serverPid = 0 }
            return serverPid
        }
        guard pid > 0 else { return }
        // As root our child is runuser; signal the postmaster itself (its pid is in postmaster.pid).
        let postmaster = SandboxSetup.postmasterPid(dataDir: dataDir) ?? pid
        kill(postmaster, SIGINT)
        if Spawn.wait(pid, timeout: 10) == nil {
            kill(postmaster, SIGKILL)
            kill(-pid, SIGKILL)
            _ = Spawn.wait(pid, timeout: 5)
        }
    }
}
