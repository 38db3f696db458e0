import Foundation
import Postgres
import Testing
import TestSupport
@testable import MigrationCore

/// `edu-migrate rollback` headless through the built binary: before cutover it drops the new
/// database and leaves the legacy one alone.
@Suite struct CLIRollbackTests {
    @Test func rollbackBeforeCutoverDropsTheNewDatabaseOnly() async throws {
        let src = try await TestCluster.createDatabase("rb_src")
        let tgt = try await TestCluster.createDatabase("rb_new")
        let c = CLIRunTests.config("source: \"\(src.conninfo)\"\ntarget_database: \(tgt.name)\nlegacy_rename: \(src.name)_old\n")
        let refused = try await CLIRunTests.run(["rollback", "--config", c.file, "--work-dir", c.work + "-refused", "--sign-off-as", "T"])
        #expect(refused.status == 1, "without a terminal the destructive step needs --allow-destructive")
        let admin = try ConnInfo.replacingDatabase(src.conninfo, with: "postgres")
        #expect(try await Self.exists(tgt.name, admin: admin))
        let o = try await CLIRunTests.run(["rollback", "--config", c.file, "--work-dir", c.work,
                                           "--sign-off-as", "T", "--allow-destructive"])
        #expect(o.status == 0 || o.status == 3, "stderr: \(o.stderr)")
        #expect(try await Self.exists(tgt.name, admin: admin) == false)
        #expect(try await Self.exists(src.name, admin: admin))
        #expect(o.stdout.contains { $0.contains("rollback.execute passed") || $0.contains("rollback.execute warned") }, "stdout: \(o.stdout.suffix(12))")
    }

    /// `--path` chooses the rollback path (the slow one restores the backup when the legacy
    /// database is damaged); a fast rollback before any cutover refuses and changes nothing.
    @Test func pathOptionChoosesTheRollbackPath() async throws {
        let src = try await TestCluster.createDatabase("rbp_src")
        let tgt = try await TestCluster.createDatabase("rbp_new")
        let c = CLIRunTests.config("source: \"\(src.conninfo)\"\ntarget_database: \(tgt.name)\nlegacy_rename: \(src.name)_old\n")
        let bad = try await CLIRunTests.run(["rollback", "--config", c.file, "--work-dir", c.work + "-bad", "--path", "sideways"])
        #expect(bad.status == 2 && bad.stderr.contains { $0.contains("--path sideways: use auto, drop-new, fast or slow") })
        let o = try await CLIRunTests.run(["rollback", "--config", c.file, "--work-dir", c.work, "--sign-off-as", "T",
                                           "--allow-destructive", "--path", "fast"])
        #expect(o.status == 1)
        #expect(o.stdout.contains { $0.contains("rollback path fast (requested fast") }, "stdout: \(o.stdout.suffix(8))")
        let admin = try ConnInfo.replacingDatabase(src.conninfo, with: "postgres")
        #expect(try await Self.exists(tgt.name, admin: admin), "nothing was dropped")
    }

    static func exists(_ db: String, admin conninfo: String) async throws -> Bool {
        let admin = try await Connection.connect(conninfo)
        defer { admin.close() }
        return try await !admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [db]).rows.isEmpty
    }
}
