#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import MigrationCore
import Postgres
import Testing
import TestSupport

/// A password typed at the prompt reaches pg_dump through a 0600 passfile that lives as long as
/// the child: never in the child's environment (`/proc/<pid>/environ`) nor on its argv.
@Suite(.requiresPostgres, .tags(.postgres)) struct ChildPasswordTests {
    @Test func aTypedPasswordIsInNeitherTheEnvironmentNorTheArgvOfPgDump() async throws {
        let h = try await StepHarness("childpw")
        defer { h.finish() }
        let secret = "Typed-\(UUID().uuidString)"
        let role = TestCluster.uniqueName("childpw")
        let admin = try await Connection.connect(h.legacy.conninfo, applicationName: "tests admin")
        defer { admin.close() }
        try await admin.execute("CREATE ROLE \(role) LOGIN SUPERUSER PASSWORD '\(secret)'")
        // pg_dump over TCP, where the sandbox asks for a password (scram-sha-256); no passfile has it.
        let port = try #require(ConnInfo.value("port", in: h.legacy.conninfo))
        h.config.source = "host=127.0.0.1 port=\(port) user=\(role) dbname=\(h.legacy.name)"
        SessionPassword.remember(secret, for: h.config.source)
        // Hold pg_dump at its table lock so its /proc entries can be read while it runs.
        try await admin.execute("BEGIN; LOCK TABLE persons IN ACCESS EXCLUSIVE MODE")
        let step = Step(id: "prep.backup", title: "Backup", kind: .backup, params: ["format": .string("custom")])
        let context = h.context()
        let run = Task { try await BackupExecutor().run(step, context: context) }

        // Connected (so it authenticated) and waiting for the lock: alive until COMMIT. Watched
        // from another session (the locking one sees one snapshot of the statistics).
        let watcher = try await Connection.connect(h.legacy.conninfo, applicationName: "tests watcher")
        defer { watcher.close() }
        var blocked = false
        for _ in 0..<600 where !blocked {
            let r = try await watcher.query(
                "SELECT count(*) AS n FROM pg_stat_activity WHERE usename = $1 AND wait_event_type = 'Lock'", [role])
            blocked = r.rows.first?["n"] == "1"
            if !blocked { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        let pid = try await Self.waitForChild(named: "pg_dump", mentioning: h.legacy.name)
        let environ = try Self.proc(pid, "environ")
        let cmdline = try Self.proc(pid, "cmdline")
        try await admin.execute("COMMIT")
        let outcome = try await run.value

        #expect(!environ.contains { $0.contains(secret) }, "the password is not in pg_dump's environment")
        #expect(!environ.contains { $0.hasPrefix("PGPASSWORD=") })
        #expect(!cmdline.contains { $0.contains(secret) }, "nor on its argv: \(cmdline)")
        #expect(cmdline.first?.hasSuffix("pg_dump") == true)
        #expect(blocked, "pg_dump had connected (with the passfile) and waited for the lock when read")
        let passfile = try #require(
            environ.first { $0.hasPrefix("PGPASSFILE=") }.map { String($0.dropFirst("PGPASSFILE=".count)) })
        #expect(outcome == .passed, "pg_dump authenticated with the typed password")
        #expect(!FileManager.default.fileExists(atPath: passfile), "the passfile is removed after the child exits")
        #expect(!FileManager.default.fileExists(atPath: (passfile as NSString).deletingLastPathComponent))
    }

    /// The passfile is private while it exists and removed when the work throws.
    @Test func thePassfileIsPrivateAndRemovedOnError() async throws {
        struct Boom: Error {}
        let conninfo = "host=127.0.0.1 port=1 user=passfile_\(UUID().uuidString.prefix(8)) dbname=x"
        SessionPassword.remember("a:b\\c", for: conninfo)
        var seen: (path: String, text: String, mode: Int, dirMode: Int)?
        await #expect(throws: Boom.self) {
            try await SessionPassword.withChildEnvironment(for: conninfo) { env in
                let path = try #require(env["PGPASSFILE"])
                let fm = FileManager.default
                seen = (
                    path, try String(contentsOfFile: path, encoding: .utf8),
                    (try fm.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1,
                    (try fm.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)[.posixPermissions]
                        as? NSNumber)?.intValue ?? -1
                )
                #expect(env.count == 1)
                throw Boom()
            }
        }
        let file = try #require(seen)
        #expect(file.text == "*:*:*:*:a\\:b\\\\c\n", "pgpass escapes : and \\")
        #expect(file.mode == 0o600 && file.dirMode == 0o700)
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(!FileManager.default.fileExists(atPath: (file.path as NSString).deletingLastPathComponent))
        // No password typed: nothing added to the child's environment.
        let none = try await SessionPassword.withChildEnvironment(for: "host=127.0.0.1 port=1 user=nobody_typed") { $0 }
        #expect(none.isEmpty)
    }

    /// The pid of our child `name` whose command line mentions `text`, once it runs.
    static func waitForChild(named name: String, mentioning text: String) async throws -> pid_t {
        for _ in 0..<600 {
            let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { pid_t($0) } ?? []
            for pid in pids {
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                    let close = stat.lastIndex(of: ")")
                else { continue }
                let comm = stat[stat.index(after: stat.firstIndex(of: "(")!)..<close]
                let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
                guard comm == name, fields.count > 1, pid_t(fields[1]) == getpid(),
                    (try? proc(pid, "cmdline"))?.contains(where: { $0.contains(text) }) == true
                else { continue }
                return pid
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw ChildNotFound(name: name)
    }

    struct ChildNotFound: Error { var name: String }

    /// A NUL-separated /proc file of `pid` as its entries.
    static func proc(_ pid: pid_t, _ file: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/\(file)"))
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
}
