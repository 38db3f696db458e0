import Foundation
import ProcessSpawning
import Postgres
import Testing
import PostgresSandbox
import TestSupport
@testable import MigrationCore

/// `edu-migrate init` and `edu-migrate check` as the operator meets them: the built binary,
/// its exit codes, its screen and the files it writes (or does not).
@Suite(.requiresPostgres, .tags(.postgres)) struct CLIInitCheckTests {
    /// Runs the binary with the given PG* variables (others unset to values that lead nowhere).
    static func run(_ args: [String], pg: [String: String], cwd: URL? = nil) async throws -> CLIRunTests.Outcome {
        let out = CLIRunTests.Lines()
        let err = CLIRunTests.Lines()
        let home = Fixture.tempDir("clihome")
        var env = [
            "EDU_MIGRATE_ASSETS": Fixture.realAssets.path, "HOME": home.path, "CI": "true",
            "PGPASSFILE": home.appendingPathComponent("none").path,
            "PGHOST": "", "PGPORT": "", "PGUSER": "", "PGDATABASE": "", "PGPASSWORD": "",
        ]
        env.merge(pg) { $1 }
        let r = try await ChildProcess.run(
            try CLIRunTests.binary(), args, environment: env, timeout: 120,
            onStdout: { out.add($0) }, onStderr: { err.add($0) })
        #expect(!r.timedOut)
        return CLIRunTests.Outcome(status: r.status, stdout: out.all, stderr: err.all)
    }

    @Test func initRefusesToOverwriteAnExistingFile() async throws {
        let file = Fixture.tempDir("init").appendingPathComponent("edu-migrate.yaml")
        try Data("source: mine\n".utf8).write(to: file)
        let o = try await Self.run(["init", "--config", file.path], pg: [:])
        #expect(o.status == 2)
        #expect(
            o.stderr.count == 1 && o.stderr[0].contains("already exists") && o.stderr[0].contains("move it away"),
            "\(o.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "source: mine\n")
    }

    @Test func initWritesTheFileWhenTheServerIsDownButNeverThePassword() async throws {
        let dir = Fixture.tempDir("init")
        let file = dir.appendingPathComponent("edu-migrate.yaml")
        let o = try await Self.run(
            ["init", "--config", file.path],
            pg: [
                "PGHOST": dir.path, "PGPORT": "5999", "PGUSER": "dba", "PGDATABASE": "edu", "PGPASSWORD": "topsecret42",
            ])
        #expect(o.status == 1, "\(o.stdout) \(o.stderr)")
        #expect(o.stdout.contains { $0.hasPrefix("test connection FAILED:") }, "\(o.stdout)")
        #expect(o.stdout.contains { $0.contains("written anyway") })
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(!text.contains("topsecret42"))
        #expect(!o.stdout.joined().contains("topsecret42"))
        let cfg = try ConfigLoader.load(file: file)
        #expect(cfg.source == "host=\(dir.path) port=5999 user=dba dbname=edu")
    }

    @Test func initOnADatabaseWithoutLegacyTablesWarnsAndCheckBlocksWritingNothing() async throws {
        let sandbox = try await TestCluster.shared()
        let (db, _) = try await TestCluster.createDatabase("initempty")
        defer { Task { try? await TestCluster.dropDatabase(db) } }
        let dir = Fixture.tempDir("init")
        let file = dir.appendingPathComponent("edu-migrate.yaml")
        let pg = [
            "PGHOST": sandbox.socketDir, "PGPORT": String(sandbox.port), "PGUSER": sandbox.user, "PGDATABASE": db,
        ]
        let o = try await Self.run(["init", "--config", file.path], pg: pg)
        #expect(o.status == 3, "\(o.stdout) \(o.stderr)")
        #expect(
            o.stdout.contains { $0.contains("PostgreSQL 15") && $0.contains("0 of 13 legacy tables found") },
            "\(o.stdout)")
        #expect(o.stdout.filter { $0.hasPrefix("  MISSING ") }.count == 13)
        #expect(try ConfigLoader.load(file: file).source.contains("dbname=\(db)"))

        let c = try await Self.run(["check", "--config", file.path], pg: [:])
        #expect(c.status == 1, "\(c.stdout) \(c.stderr)")
        #expect(c.stdout.contains("would block the run:"))
        #expect(c.stdout.contains { $0.contains("[FAIL] preparation.legacy-columns: table persons") }, "\(c.stdout)")
        #expect(c.stderr.last?.contains("would block the run: preparation.legacy-columns") == true, "\(c.stderr)")
        // Read-only: no work directory, no backups.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("edu_migration").path))
    }

    @Test func checkOnABadConfigurationExits2NamingTheKey() async throws {
        let file = Fixture.tempDir("check").appendingPathComponent("edu-migrate.yaml")
        try Data("source: \"dbname=edu\"\ntarget_databse: x\n".utf8).write(to: file)
        let o = try await Self.run(["check", "--config", file.path], pg: [:])
        #expect(o.status == 2)
        #expect(
            o.stderr.first?.contains("target_databse") == true && o.stderr.first?.contains("did you mean") == true,
            "\(o.stderr)")
    }
}
