import Foundation
import ProcessSpawning
import Postgres
import Testing
import TestSupport
@testable import MigrationCore

/// `edu-migrate run` as the operator meets it: the BUILT binary (`swift build --build-tests`
/// builds it next to the test bundle), its exit code and its one-line reason on stderr.
@Suite(.requiresPostgres, .tags(.postgres)) struct CLIRunTests {
    struct Outcome {
        var status: Int32
        var stdout: [String]
        var stderr: [String]
    }

    /// `.build/<config>/edu-migrate`, next to the test bundle (fails loudly when absent).
    static func binary() throws -> String {
        let package = Fixture.realAssets.deletingLastPathComponent()
        return try #require(
            CLIBinary.path(package: package),
            "edu-migrate binary not built: run `swift build --build-tests` (looked in \(CLIBinary.candidates(package: package).prefix(3)))"
        )
    }

    /// Runs the binary with stdin from /dev/null, no ~/.pgpass (HOME is a fresh directory) and
    /// PGPASSFILE pointing nowhere.
    static func run(_ args: [String], assets: URL = Fixture.realAssets) async throws -> Outcome {
        let out = Lines()
        let err = Lines()
        let home = Fixture.tempDir("clihome")
        let env = [
            "EDU_MIGRATE_ASSETS": assets.path, "HOME": home.path,
            "PGPASSFILE": home.appendingPathComponent("none").path,
            "CI": "true",
        ]
        let r = try await ChildProcess.run(
            try binary(), args, environment: env, timeout: 120,
            onStdout: { out.add($0) }, onStderr: { err.add($0) })
        #expect(!r.timedOut)
        return Outcome(status: r.status, stdout: out.all, stderr: err.all)
    }

    typealias Lines = OutputLines

    /// A configuration file in a fresh directory; returns its path and a work directory.
    static func config(_ yaml: String) -> (file: String, work: String) {
        let dir = Fixture.tempDir("cli")
        let file = dir.appendingPathComponent("edu-migrate.yaml")
        try? Data(yaml.utf8).write(to: file)
        return (file.path, dir.appendingPathComponent("work").path)
    }

    /// The reason lines (report path notes aside).
    static func reasons(_ o: Outcome) -> [String] { o.stderr.filter { !$0.contains("report written to") } }

    @Test func missingConfigFileExits2NamingTheFile() async throws {
        let o = try await Self.run(["run", "--config", "/nonexistent/edu.yaml"])
        #expect(o.status == 2)
        #expect(Self.reasons(o).count == 1)
        #expect(Self.reasons(o).first?.contains("no such file /nonexistent/edu.yaml") == true)
    }

    @Test func badConfigExits2NamingTheKey() async throws {
        let c = Self.config("source: \"host=/tmp dbname=edu\"\ntarget_database: Bad-Name!\nmonitr: {}\n")
        let o = try await Self.run(["run", "--config", c.file, "--work-dir", c.work])
        #expect(o.status == 2)
        let line = try #require(Self.reasons(o).first)
        #expect(Self.reasons(o).count == 1)
        #expect(line.contains("target_database: 'Bad-Name!' is not a valid database name"))
        #expect(line.contains("monitr: unknown key"))
    }

    @Test func unknownThroughPhaseExits2ListingPhases() async throws {
        let c = Self.config("source: \"host=/tmp dbname=edu\"\n")
        let o = try await Self.run(["run", "--config", c.file, "--work-dir", c.work, "--through", "nosuch"])
        #expect(o.status == 2)
        #expect(Self.reasons(o).count == 1)
        #expect(
            Self.reasons(o).first?.hasPrefix(
                "edu-migrate: --through nosuch: no such phase (phases: preparation, schema, migration, validation")
                == true)
    }

    @Test func lockedWorkDirExits2NamingTheHolder() async throws {
        let c = Self.config("source: \"host=/tmp dbname=edu\"\n")
        let lock = try WorkLock(workDir: URL(fileURLWithPath: c.work))
        defer { lock.release() }
        let o = try await Self.run(["run", "--config", c.file, "--work-dir", c.work])
        #expect(o.status == 2)
        let line = try #require(Self.reasons(o).first)
        #expect(Self.reasons(o).count == 1)
        #expect(line.contains("is in use by another edu-migrate (pid \(getpid())"))
    }

    @Test func failingStepExits1WithStepSqlstateAndFix() async throws {
        let src = try await TestCluster.createDatabase("cli_src")
        let tgt = try await TestCluster.createDatabase("cli_tgt")
        let c = Self.config("source: \"\(src.conninfo)\"\ntarget_database: \(tgt.name)\n")
        let o = try await Self.run(
            ["run", "--config", c.file, "--work-dir", c.work, "--through", "faults"],
            assets: Fixture.assets("faults"))
        #expect(o.status == 1)
        let reasons = Self.reasons(o)
        #expect(reasons.count == 1)
        let line = try #require(reasons.first)
        #expect(line.hasPrefix("edu-migrate: step faults.broken failed: "))
        #expect(line.contains("no_such_table"))
        #expect(line.contains("(SQLSTATE 42P01)"))
        #expect(line.contains("— fix: a table is missing"))

        // `report` without --config does not present the default names as the run's facts.
        let r = try await Self.run(["report", "--work-dir", c.work], assets: Fixture.assets("faults"))
        #expect(r.status == 1, "a failed step is a failed criterion: \(r.stdout)")
        let md = try String(contentsOfFile: c.work + "/report.md", encoding: .utf8)
        #expect(md.contains("Target database: `(not recorded: pass --config)`"), "\(md.prefix(600))")
        #expect(!md.contains("edu_new"))
    }

    /// After a completed rollback, `run` on the same work directory refuses: going on would redo
    /// the cutover without phases 1-4. The report says the migration was rolled back.
    @Test func runAfterARollbackRefusesAndTheReportSaysRolledBack() async throws {
        let c = Self.config("source: \"dbname=edu host=/nonexistent\"\ntarget_database: edu_new\n")
        let dir = URL(fileURLWithPath: c.work)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let journal = try Journal(workDir: dir)
        journal.append(EventRecord(seq: 1, at: Date(), event: .stepStarted(step: "rollback.execute", attempt: 1)))
        journal.append(
            EventRecord(
                seq: 2, at: Date(), event: .stepFinished(step: "rollback.execute", outcome: .passed, seconds: 1)))
        let o = try await Self.run(["run", "--config", c.file, "--work-dir", c.work, "--sign-off-as", "ci"])
        #expect(o.status == 2)
        #expect(
            o.stderr.contains { $0.contains("was rolled back") && $0.contains("new work directory") }, "\(o.stderr)")
        _ = try await Self.run(["report", "--work-dir", c.work])
        let md = try String(contentsOfFile: c.work + "/report.md", encoding: .utf8)
        #expect(md.contains("**Rolled back**"), "\(md.prefix(500))")
        // A damaged line (not the torn last one a crash leaves) stops the report, naming it.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: c.work + "/journal.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{garbage\n".utf8))
        try handle.close()
        journal.append(
            EventRecord(seq: 3, at: Date(), event: .log(step: nil, level: .info, message: "after the damage")))
        let damaged = try await Self.run(["report", "--work-dir", c.work])
        #expect(
            damaged.status == 2
                && damaged.stderr.contains { $0.contains("journal.jsonl line(s) 3 are not journal records") },
            "\(damaged.stderr)")
    }

    /// Ctrl-C (SIGINT) during a hook: the run cancels the step, stops the hook's whole process
    /// group and ends with the cancel named, instead of dying and leaving the hook running.
    @Test func anInterruptStopsTheRunningHookAndEndsTheRun() async throws {
        let src = try await TestCluster.createDatabase("cli_hook")
        let pidFile = Fixture.tempDir("hookpid").appendingPathComponent("pid").path
        let c = Self.config(
            """
            source: "\(src.conninfo)"
            target_database: cli_hook_new
            hooks: { maintenance_on: "echo $$ > \(pidFile); exec sleep 300" }
            """)
        let err = Lines()
        let home = Fixture.tempDir("clihome")
        let env = [
            "EDU_MIGRATE_ASSETS": Fixture.assets("hooks").path, "HOME": home.path,
            "PGPASSFILE": home.appendingPathComponent("none").path, "CI": "true",
        ]
        let child = try ChildProcess(
            try Self.binary(), ["run", "--config", c.file, "--work-dir", c.work], environment: env,
            timeout: 60, onStderr: { err.add($0) })
        var hook: pid_t = 0
        for _ in 0..<200 where hook == 0 {
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
                let p = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                hook = p
            } else {
                try await Task.sleep(nanoseconds: 50_000_000)
            }
        }
        try #require(hook > 0, "the hook never started: \(err.all)")
        kill(child.pid, SIGINT)
        let r = await child.wait()
        #expect(!r.timedOut && r.status == 1, "\(r)")
        #expect(err.all.contains { $0.contains("interrupted: cancelling the running step") }, "\(err.all)")
        var gone = false
        for _ in 0..<100 where !gone {
            gone = kill(hook, 0) != 0
            if !gone { try await Task.sleep(nanoseconds: 50_000_000) }
        }
        #expect(gone, "hook process \(hook) still running after the interrupt")
    }

    /// A work directory that cannot be one (under a file) and an empty signer name are bad input,
    /// named with the fix, exit 2, before anything runs (a raw Foundation error came out before).
    @Test func anUnusableWorkDirectoryOrEmptySignerIsBadInput() async throws {
        let c = Self.config("source: \"dbname=edu_nowhere\"\n")
        let underFile = c.file + "/sub"
        let o = try await Self.run(["run", "--config", c.file, "--work-dir", underFile, "--sign-off-as", "Tester"])
        #expect(o.status == 2, "\(o.stderr)")
        #expect(
            o.stderr.contains {
                $0.contains("cannot use the work directory \(underFile)")
                    && $0.contains("Choose a directory you can write")
            },
            "\(o.stderr)")
        #expect(
            o.stderr.contains { $0.contains("\(c.file) is a file, not a directory") }
                && !o.stderr.contains { $0.contains("NSCocoaErrorDomain") }, "\(o.stderr)")
        // Arguments that do not parse are bad input too: exit 2 as the help says, not EX_USAGE (64).
        let missing = try await Self.run(["run"])
        #expect(
            missing.status == 2 && missing.stderr.contains { $0.contains("Missing expected argument '--config") },
            "\(missing)")
        let notANumber = try await Self.run(["seed", "--scale", "abc"])
        #expect(notANumber.status == 2, "\(notANumber)")
        let empty = try await Self.run(["run", "--config", c.file, "--work-dir", c.work, "--sign-off-as", ""])
        #expect(
            empty.status == 2 && empty.stderr.contains { $0.contains("--sign-off-as '': give the name") },
            "\(empty.stderr)")
    }

    /// Without backup_dir the backups go into the work directory, also one given with --work-dir
    /// (they went to ./edu_migration/backups under whatever directory the command ran in).
    @Test func backupsFollowTheWorkDirectoryWhenNoBackupDirIsSet() async throws {
        let src = try await TestCluster.createDatabase("cli_bk")
        let c = Self.config(
            "source: \"\(src.conninfo)\"\ntarget_database: \(src.name)_new\nlegacy_rename: \(src.name)_old\n")
        let work = c.work + "-elsewhere"
        let o = try await Self.run([
            "run", "--config", c.file, "--work-dir", work, "--sign-off-as", "Tester", "--through", "pre-migration",
        ])
        #expect(o.status == 0 || o.status == 3, "\(o.stderr.suffix(3))")
        let md = try String(contentsOfFile: work + "/report.md", encoding: .utf8)
        #expect(md.contains("backups: `\(work)/backups`"), "\(md.prefix(600))")
    }

    /// SIGTERM to a command that owns a throwaway cluster (bench) stops the cluster and ends the
    /// process. The handler ran on a GCD thread, where raise() stayed pending (signals are
    /// blocked there): the cluster was deleted and the process ran on.
    @Test func sigtermStopsTheSandboxAndEndsTheProcess() async throws {
        let err = Lines()
        let home = Fixture.tempDir("clihome")
        let env = ["EDU_MIGRATE_ASSETS": Fixture.realAssets.path, "HOME": home.path, "CI": "true"]
        let child = try ChildProcess(
            try Self.binary(), ["bench", "--scale", "400000"], environment: env,
            timeout: 120, onStderr: { err.add($0) })
        for _ in 0..<600 where !err.all.contains(where: { $0.contains("seeding") }) {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        try #require(err.all.contains { $0.contains("seeding") }, "bench never started seeding: \(err.all)")
        let started = Date()
        kill(child.pid, SIGTERM)
        let r = await child.wait()
        #expect(!r.timedOut, "still running after SIGTERM: \(err.all.suffix(3))")
        #expect(Date().timeIntervalSince(started) < 30)
        // 143 from the handler, or 1 when the seeding notices its server went away first.
        #expect(r.status == 128 + SIGTERM || r.status == 1, "exit status \(r.status)")
    }

    @Test func headlessPasswordNeededExits2NamingPgpass() async throws {
        let db = try await TestCluster.createDatabase("cli_pw")
        let tcp = try SessionPasswordTests.tcpConninfo(db.conninfo)
        let c = Self.config("source: \"\(tcp)\"\ntarget_database: cli_pw_target\n")
        let o = try await Self.run(["run", "--config", c.file, "--work-dir", c.work])
        #expect(o.status == 2)
        let reasons = Self.reasons(o)
        #expect(reasons.count == 1)
        let line = try #require(reasons.first)
        let (user, port) = (ConnInfo.value("user", in: tcp) ?? "?", ConnInfo.value("port", in: tcp) ?? "?")
        #expect(line.contains("user \"\(user)\" on 127.0.0.1:\(port) needs a password"))
        #expect(line.contains("~/.pgpass") && line.contains("PGPASSFILE"))
        #expect(o.stdout.isEmpty)
    }
}
