import Foundation
import MigrationCore
import Postgres
import Testing
import TestSupport

/// Phase 0's database check: the name the cutover will give the live database must be free
/// before anything runs, not found at the cutover after the application went down.
@Suite(.requiresPostgres, .tags(.postgres)) struct CheckBuiltinsTests {
    @Test func aTakenLegacyRenameFailsTheCheckNamingIt() async throws {
        let h = try await StepHarness("check_names")
        defer { h.finish() }
        let step = Step(
            id: "pre-migration.create-db-privilege", title: "CREATE DATABASE", kind: .check,
            params: ["builtin": .string("create-db-privilege")])
        h.config.targetDatabase = h.target.name + "_free"  // this test is about legacy_rename
        h.config.legacyRename = h.target.name  // a database of that name exists
        let failure = await #expect(throws: StepFailure.self) {
            try await CheckExecutor().run(step, context: h.context())
        }
        #expect(
            failure?.message.contains(
                "database name \(h.target.name) is free (legacy_rename): a database named \(h.target.name) already exists"
            ) == true,
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
        let step = Step(
            id: "preparation.create-db-privilege", title: "CREATE DATABASE", kind: .check,
            params: ["builtin": .string("create-db-privilege")])
        h.config.legacyRename = h.target.name + "_unused"
        let failure = await #expect(throws: StepFailure.self) {
            try await CheckExecutor().run(step, context: h.context())
        }
        #expect(
            failure?.message.contains(
                "database name \(h.target.name) is free (target_database): database \(h.target.name) already exists (encoding UTF8, no comment) and was not created by this migration"
            ) == true,
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
@Suite(.requiresPostgres, .tags(.postgres)) struct TargetAdoptionTests {
    static let step = Step(
        id: "schema.create-database", title: "Create", kind: .sql,
        params: [
            "database": .string("admin"), "file": .string("sql/core/create_database.sql"),
            "transaction": .bool(false), "exists-ok": .bool(true),
        ])

    @Test func someoneElsesDatabaseIsNotAdopted() async throws {
        let h = try await StepHarness("adopt_foreign")
        defer { h.finish() }
        let t = try await Connection.connect(h.target.conninfo)
        try await t.execute("CREATE TABLE someone_elses (id int)")
        t.close()
        var context = h.context()
        context.attempt = 2
        let failure = await #expect(throws: StepFailure.self) {
            try await SqlExecutor().run(Self.step, context: context)
        }
        #expect(failure?.code == "target-exists")
        #expect(
            failure?.message
                == "database \(h.target.name) already exists (encoding UTF8, no comment) and was not created by this migration"
        )
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

    /// The cutover renames the legacy database, which only its owner (or a superuser) may do:
    /// phase 1 says so for a role that may read everything but does not own it.
    @Test func aRoleThatDoesNotOwnTheLegacyDatabaseFailsTheCheck() async throws {
        let h = try await StepHarness("check_owner")
        defer { h.finish() }
        let role = TestCluster.uniqueName("mig")
        let admin = try await Connection.connect(try ConnInfo.replacingDatabase(h.legacy.conninfo, with: "postgres"))
        defer { admin.close() }
        try await admin.execute("CREATE ROLE \(role) LOGIN CREATEDB")
        let sql = try String(
            contentsOf: TestCluster.assets.appendingPathComponent("sql/core/legacy_owner.sql"), encoding: .utf8)
        let asRole = try await Connection.connect(h.legacy.conninfo + " user=\(role)")
        let before = try await asRole.query(sql).rows.first
        #expect(
            before?["owns"] == "f" && before?["superuser"] == "f" && before?["role"] == role,
            "\(String(describing: before))")
        try await admin.execute("ALTER DATABASE \(h.legacy.name) OWNER TO \(role)")
        let after = try await asRole.query(sql).rows.first
        #expect(after?["owns"] == "t" && after?["owner"] == role, "\(String(describing: after))")
        asRole.close()
        // As the harness's superuser the check passes, naming the owner.
        h.config.targetDatabase = h.target.name + "_free"
        h.config.legacyRename = h.target.name + "_unused"
        let step = Step(
            id: "preparation.create-db-privilege", title: "CREATE DATABASE", kind: .check,
            params: ["builtin": .string("create-db-privilege")])
        #expect(try await CheckExecutor().run(step, context: h.context()) == .passed)
        let evidence = h.events.compactMap { e -> String? in
            if case .checkResult(_, let name, _, let ev) = e, name.hasPrefix("role may rename") {
                return ev
            } else {
                return nil
            }
        }
        #expect(
            evidence.count == 1 && evidence[0].hasPrefix("database \(h.legacy.name) is owned by \(role); role ")
                && evidence[0].hasSuffix("owns it or is a superuser"), "\(evidence)")
        try await admin.execute("ALTER DATABASE \(h.legacy.name) OWNER TO CURRENT_USER")
        try await admin.execute("DROP ROLE \(role)")
    }

    /// The locale phase 2 will create the target with is checked in phase 1: one the server's OS
    /// lacks, or one that is not UTF-8, fails naming it (phase 2's CREATE DATABASE would).
    @Test func aMissingOrNonUtf8LocaleFailsTheCheck() async throws {
        let h = try await StepHarness("check_locale")
        defer { h.finish() }
        h.config.targetDatabase = h.target.name + "_free"
        h.config.legacyRename = h.target.name + "_unused"
        let step = Step(
            id: "preparation.create-db-privilege", title: "CREATE DATABASE", kind: .check,
            params: ["builtin": .string("create-db-privilege")])
        for (locale, problem) in [
            ("xx_YY.UTF-8", "could not find any locale data"), ("en_US.ISO-8859-1", "is not a UTF-8 locale"),
        ] {
            h.config.locale = locale
            let failure = await #expect(throws: StepFailure.self) {
                try await CheckExecutor().run(step, context: h.context())
            }
            #expect(
                failure?.message.contains("locale of the new database: \(locale)") == true
                    && failure?.message.contains(problem) == true,
                "\(failure?.message ?? "")")
            #expect(failure?.fix?.contains("set `locale:` to a UTF-8 locale") == true)
        }
        h.config.locale = "C.UTF-8"
        #expect(try await CheckExecutor().run(step, context: h.context()) == .passed)
        h.config.locale = nil  // the cluster's own
        #expect(try await CheckExecutor().run(step, context: h.context()) == .passed)
    }
}
