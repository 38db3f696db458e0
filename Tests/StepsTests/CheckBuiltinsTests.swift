import Foundation
import MigrationCore
import Postgres
import Testing

/// Phase 0's database check: the name the cutover will give the live database must be free
/// before anything runs, not found at the cutover after the application went down.
@Suite struct CheckBuiltinsTests {
    @Test func aTakenLegacyRenameFailsTheCheckNamingIt() async throws {
        let h = try await StepHarness("check_names")
        defer { h.finish() }
        let step = Step(id: "pre-migration.create-db-privilege", title: "CREATE DATABASE", kind: .check,
                        params: ["builtin": .string("create-db-privilege")])
        h.config.targetDatabase = h.target.name + "_free"  // this test is about legacy_rename
        h.config.legacyRename = h.target.name  // a database of that name exists
        let failure = await #expect(throws: StepFailure.self) { try await CheckExecutor().run(step, context: h.context()) }
        #expect(failure?.message.contains("database name \(h.target.name) is free (legacy_rename): a database named \(h.target.name) already exists") == true,
                "\(failure?.message ?? "")")
        #expect(failure?.fix?.contains("drop or rename the leftover") == true)
        h.config.legacyRename = h.target.name + "_unused"
        #expect(try await CheckExecutor().run(step, context: h.context()) == .passed)
    }

    /// A database already holding target_database's name fails phase 1 unless it is this
    /// migration's (phase 2 marks what it creates).
    @Test func aTakenTargetNameFailsTheCheckUnlessThisMigrationCreatedIt() async throws {
        let h = try await StepHarness("check_target")
        defer { h.finish() }
        let step = Step(id: "preparation.create-db-privilege", title: "CREATE DATABASE", kind: .check,
                        params: ["builtin": .string("create-db-privilege")])
        h.config.legacyRename = h.target.name + "_unused"
        let failure = await #expect(throws: StepFailure.self) { try await CheckExecutor().run(step, context: h.context()) }
        #expect(failure?.message.contains("database name \(h.target.name) is free (target_database): database \(h.target.name) already exists (encoding UTF8, no comment) and was not created by this migration") == true,
                "\(failure?.message ?? "")")
        #expect(failure?.fix?.contains("DROP DATABASE \(h.target.name)") == true)
        let admin = try await Connection.connect(try ConnInfo.replacingDatabase(h.legacy.conninfo, with: "postgres"))
        defer { admin.close() }
        let marker = "created by edu-migrate for the migration in " + h.workDir.standardizedFileURL.path
        try await admin.execute("COMMENT ON DATABASE \(h.target.name) IS '\(marker)'")
        #expect(try await CheckExecutor().run(step, context: h.context()) == .passed)
        h.config.targetDatabase = h.target.name + "_free"
        #expect(try await CheckExecutor().run(step, context: h.context()) == .passed)
    }
}

/// A retried CREATE DATABASE (phase 2) adopts only the database its interrupted attempt made.
@Suite struct TargetAdoptionTests {
    static let step = Step(id: "schema.create-database", title: "Create", kind: .sql,
                           params: ["database": .string("admin"), "file": .string("sql/core/create_database.sql"),
                                    "transaction": .bool(false), "exists-ok": .bool(true)])

    @Test func someoneElsesDatabaseIsNotAdopted() async throws {
        let h = try await StepHarness("adopt_foreign")
        defer { h.finish() }
        let t = try await Connection.connect(h.target.conninfo)
        try await t.execute("CREATE TABLE someone_elses (id int)")
        t.close()
        var context = h.context()
        context.attempt = 2
        let failure = await #expect(throws: StepFailure.self) { try await SqlExecutor().run(Self.step, context: context) }
        #expect(failure?.code == "target-exists")
        #expect(failure?.message == "database \(h.target.name) already exists (encoding UTF8, no comment) and was not created by this migration")
        #expect(failure?.fix?.hasPrefix("check what \(h.target.name) holds") == true)
    }

    @Test func anEmptyUnmarkedDatabaseIsAdoptedAndMarkedThenRecognised() async throws {
        let h = try await StepHarness("adopt_empty")
        defer { h.finish() }
        var context = h.context()
        context.attempt = 2
        #expect(try await SqlExecutor().run(Self.step, context: context) == .passed)
        #expect(h.logs.contains { $0.contains("is empty and unmarked") }, "\(h.logs)")
        #expect(try await SqlExecutor().run(Self.step, context: context) == .passed)
        #expect(h.logs.contains { $0.contains("was created by the interrupted attempt; continuing") }, "\(h.logs)")
        // The first attempt of a fresh run still refuses an existing database outright.
        context.attempt = 1
        await #expect(throws: PostgresError.self) { try await SqlExecutor().run(Self.step, context: context) }
    }
}
