import Foundation
import Postgres
import Testing
import TestSupport
@testable import MigrationCore

/// `edu-migrate rollback` headless through the built binary: before cutover it drops the new
/// database and leaves the legacy one alone.
@Suite(.requiresPostgres, .tags(.postgres)) struct CLIRollbackTests {
    @Test func rollbackBeforeCutoverDropsTheNewDatabaseOnly() async throws {
        let src = try await TestCluster.createDatabase("rb_src")
        let tgt = try await TestCluster.createDatabase("rb_new")
        let c = CLIRunTests.config(
            "source: \"\(src.conninfo)\"\ntarget_database: \(tgt.name)\nlegacy_rename: \(src.name)_old\n")
        // No migration recorded in the work directory (a mistyped --work-dir): refused, nothing dropped.
        let stray = c.work + "-stray"
        let none = try await CLIRunTests.run([
            "rollback", "--config", c.file, "--work-dir", stray, "--sign-off-as", "Tester", "--allow-destructive",
        ])
        #expect(
            none.status == 2 && none.stderr.contains { $0.contains("no migration is recorded in") }, "\(none.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stray), "nothing written")
        try Self.recordMigration(in: c.work + "-refused")
        try Self.recordMigration(in: c.work)
        let refused = try await CLIRunTests.run([
            "rollback", "--config", c.file, "--work-dir", c.work + "-refused", "--sign-off-as", "Tester",
        ])
        #expect(
            refused.status == 2 && refused.stderr.contains { $0.contains("pass --allow-destructive") },
            "without a terminal the destructive step needs --allow-destructive, said before anything runs")
        let unsigned = try await CLIRunTests.run([
            "rollback", "--config", c.file, "--work-dir", c.work + "-refused", "--allow-destructive",
        ])
        #expect(
            unsigned.status == 2
                && unsigned.stderr.contains { $0.contains("ends with a sign-off: pass --sign-off-as NAME") })
        let admin = try ConnInfo.replacingDatabase(src.conninfo, with: "postgres")
        #expect(try await Self.exists(tgt.name, admin: admin))
        let o = try await CLIRunTests.run([
            "rollback", "--config", c.file, "--work-dir", c.work,
            "--sign-off-as", "Tester", "--allow-destructive",
        ])
        #expect(o.status == 0 || o.status == 3, "stderr: \(o.stderr)")
        #expect(try await Self.exists(tgt.name, admin: admin) == false)
        #expect(try await Self.exists(src.name, admin: admin))
        #expect(
            o.stdout.contains { $0.contains("rollback.execute passed") || $0.contains("rollback.execute warned") },
            "stdout: \(o.stdout.suffix(12))")
    }

    /// `--path` chooses the rollback path (the slow one restores the backup when the legacy
    /// database is damaged); a fast rollback before any cutover refuses and changes nothing.
    @Test func pathOptionChoosesTheRollbackPath() async throws {
        let src = try await TestCluster.createDatabase("rbp_src")
        let tgt = try await TestCluster.createDatabase("rbp_new")
        let c = CLIRunTests.config(
            "source: \"\(src.conninfo)\"\ntarget_database: \(tgt.name)\nlegacy_rename: \(src.name)_old\n")
        try Self.recordMigration(in: c.work + "-bad")
        let bad = try await CLIRunTests.run([
            "rollback", "--config", c.file, "--work-dir", c.work + "-bad", "--path", "sideways",
        ])
        #expect(
            bad.status == 2 && bad.stderr.contains { $0.contains("--path sideways: use auto, drop-new, fast or slow") })
        try Self.recordMigration(in: c.work)
        let o = try await CLIRunTests.run([
            "rollback", "--config", c.file, "--work-dir", c.work, "--sign-off-as", "Tester",
            "--allow-destructive", "--path", "fast",
        ])
        #expect(o.status == 1)
        #expect(
            o.stdout.contains { $0.contains("rollback path fast (requested fast") }, "stdout: \(o.stdout.suffix(8))")
        let admin = try ConnInfo.replacingDatabase(src.conninfo, with: "postgres")
        #expect(try await Self.exists(tgt.name, admin: admin), "nothing was dropped")
    }

    /// A work directory with a journal, as a migration leaves it (the rollback acts only on one).
    static func recordMigration(in dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/journal.jsonl", contents: Data())
    }

    static func exists(_ db: String, admin conninfo: String) async throws -> Bool {
        let admin = try await Connection.connect(conninfo)
        defer { admin.close() }
        return try await !admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [db]).rows.isEmpty
    }
}
