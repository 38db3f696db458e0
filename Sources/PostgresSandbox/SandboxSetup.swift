#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Postgres

/// The steps of creating a sandbox cluster: ownership, initdb, port, server and watchdog commands.
enum SandboxSetup {
    /// Prefix that runs a program as the `postgres` user when we are root (initdb refuses root).
    static func asPostgres(_ asRoot: Bool) -> [String] { asRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : [] }

    /// Hands the cluster directory to the `postgres` user.
    static func giveToPostgres(_ dir: String) throws {
        guard let pw = getpwnam("postgres") else {
            throw PostgresError(
                kind: .io, message: "running as root but there is no `postgres` user",
                hint: "install the postgresql package (Assets/setup.sh) or run as a normal user")
        }
        guard chown(dir, pw.pointee.pw_uid, pw.pointee.pw_gid) == 0 else {
            throw PostgresError(
                kind: .io, message: "cannot chown \(dir) to postgres: \(String(cString: strerror(errno)))")
        }
    }

    /// initdb with UTF-8 and the C.UTF-8 locale (C when that locale is missing), trust on the
    /// socket, scram-sha-256 over TCP.
    static func initdb(bin: String, dir: String, asRoot: Bool) throws {
        let log = dir + "/initdb.log"
        let base =
            asPostgres(asRoot) + [
                bin + "/initdb", "-D", dir + "/data", "-U", "postgres", "-N",
                "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8",
            ]
        do {
            try Spawn.run(base + ["--locale=C.UTF-8"], log: log, timeout: 120)
        } catch {
            try? FileManager.default.removeItem(atPath: dir + "/data")
            try Spawn.run(base + ["--locale=C"], log: log, timeout: 120)
        }
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's choice).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PostgresError(kind: .io, message: "socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        guard ok else { throw PostgresError(kind: .io, message: "cannot find a free TCP port on 127.0.0.1") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// The postgres command line: private socket dir and port, durability off (throwaway data).
    /// 250 connections: test suites run side by side, and each migration copies and loads on
    /// several connections at once (`transfer.parallel`).
    static func serverCommand(bin: String, dir: String, port: Int, asRoot: Bool) -> [String] {
        let settings = [
            "listen_addresses=127.0.0.1", "fsync=off", "synchronous_commit=off", "full_page_writes=off",
            "max_connections=250", "shared_buffers=128MB", "max_wal_size=2GB", "checkpoint_timeout=30min",
            "wal_level=minimal", "max_wal_senders=0", "unix_socket_permissions=0777",
            "log_min_messages=warning", "log_line_prefix=%m [%p] ", "dynamic_shared_memory_type=posix",
        ]
        return asPostgres(asRoot) + [bin + "/postgres", "-D", dir + "/data", "-p", String(port), "-k", dir]
            + settings.flatMap { ["-c", $0] }
    }

    /// A shell that outlives us: when our process is gone (even by SIGKILL) it stops the
    /// postmaster immediately and deletes the directory. Cheap: one `sleep 1` a second.
    static func watchdogCommand(dir: String) -> [String] {
        let script = #"""
            while kill -0 "$1" 2>/dev/null; do sleep 1; done
            p=$(head -n 1 "$2/data/postmaster.pid" 2>/dev/null)
            if [ -n "$p" ]; then kill -QUIT "$p" 2>/dev/null; sleep 2; kill -KILL "$p" 2>/dev/null; fi
            rm -rf "$2"
            """#
        return ["/bin/sh", "-c", script, "edu-migrate-sandbox-watchdog", String(getpid()), dir]
    }

    /// The postmaster's pid from its pid file.
    static func postmasterPid(dataDir: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: dataDir + "/postmaster.pid", encoding: .utf8),
            let first = text.split(separator: "\n").first
        else { return nil }
        return pid_t(first.trimmingCharacters(in: .whitespaces))
    }
}
