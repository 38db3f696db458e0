import Foundation
import Postgres
import Testing
import TestSupport
@testable import MigrationCore

/// Runs against the throwaway cluster (TestSupport): real PostgreSQL, no mocks.
@Suite(.requiresPostgres, .tags(.postgres)) struct HeadlessRunTests {
    /// A source database holding the fixture legacy tables and an empty target database.
    static func databases() async throws -> (source: String, target: String, config: MigrationConfig) {
        let src = try await TestCluster.createDatabase("core_src")
        let tgt = try await TestCluster.createDatabase("core_tgt")
        let conn = try await Connection.connect(src.conninfo)
        defer { conn.close() }
        let create = try String(
            contentsOf: Fixture.assets("good").appendingPathComponent("sql/fixture/create.sql"), encoding: .utf8)
        try await conn.execute(create)
        var config = MigrationConfig(source: src.conninfo)
        config.targetDatabase = tgt.name
        config.backupDir = Fixture.tempDir("backups").path
        return (src.name, tgt.name, config)
    }

    @Test func smallPlanRunsHeadlessAgainstPostgres() async throws {
        let (_, _, config) = try await Self.databases()
        let dir = Fixture.tempDir("headless")
        let s = try MigrationSession(
            plan: try Fixture.goodPlan(), config: config, assets: Fixture.assets("good"),
            registry: .standard(signOffAs: "ci"), options: SessionOptions(signOffAs: "ci"), workDir: dir)
        let events = s.subscribe()
        let collector = Task { () -> [EventRecord] in
            var all: [EventRecord] = []
            for await r in events { all.append(r) }
            return all
        }
        let verdict = await s.run(through: nil)
        await s.close()
        let all = await collector.value
        #expect(verdict.outcome == .passed, "\(verdict.reason ?? "")")
        #expect(verdict.ran == SessionFixture.order)
        let state = await s.runState
        #expect(state.step("list.version").checks.first?.evidence.contains("PostgreSQL 15") == true)
        #expect(state.step("alpha.check").checks.map(\.status) == [.pass])
        #expect(state.step("beta.columns").checks.count == 2)
        let orphans = try #require(state.step("alpha.validate").results.first)
        #expect(orphans.columns == ["check_name", "count"])
        #expect(orphans.rows == [["orphaned_pets", "0"]])
        #expect(orphans.status == [.pass])
        #expect(ArtifactStore(workDir: dir).load("fixture_validation") != nil)
        let labels = all.compactMap { r -> String? in
            if case .statement(let st, let l) = r.event, st == "alpha.create" { return l }
            return nil
        }
        #expect(
            labels.contains { $0.hasPrefix("sql/fixture/create.sql:2 CREATE") },
            "the statement's code, not its comment: \(labels)")
        let log = try String(contentsOf: s.logURL, encoding: .utf8)
        #expect(
            log.contains("[notice] alpha.create: NOTICE:  fixture created: ok;still")
                || log.contains("fixture created: ok;still"))
        #expect(!log.contains("password"))
    }

    @Test func legacyTableMissingFailsNamingIt() async throws {
        let (source, _, config) = try await Self.databases()
        let conn = try await Connection.connect(try ConnInfo.replacingDatabase(config.source, with: source))
        try await conn.execute("DROP TABLE fixture_pets")
        conn.close()
        let dir = Fixture.tempDir("missing")
        let s = try MigrationSession(
            plan: try Fixture.goodPlan(), config: config, assets: Fixture.assets("good"),
            registry: .standard(signOffAs: "ci"), options: SessionOptions(signOffAs: "ci"), workDir: dir)
        let v = await s.run(through: nil)
        await s.close()
        #expect(v.outcome == .failed)
        #expect(v.reason?.contains("beta.columns") == true)
        #expect(v.reason?.contains("table fixture_pets: missing") == true)
    }

    /// A table the role may not read is a missing privilege, named with the GRANT that fixes it,
    /// not a missing table (information_schema hides unreadable tables).
    @Test func unreadableLegacyTableFailsNamingThePrivilege() async throws {
        var (source, target, config) = try await Self.databases()
        let role = "reader_" + source
        let conn = try await Connection.connect(try ConnInfo.replacingDatabase(config.source, with: source))
        try await conn.execute(
            """
            CREATE ROLE \(role) LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(role);
            REVOKE SELECT ON fixture_pets FROM \(role)
            """)
        conn.close()
        let tgt = try await Connection.connect(try ConnInfo.replacingDatabase(config.source, with: target))
        try await tgt.execute("GRANT ALL ON SCHEMA public TO \(role)")  // the fixture plan writes the target first
        tgt.close()
        config.source += " user=\(role)"
        let s = try MigrationSession(
            plan: try Fixture.goodPlan(), config: config, assets: Fixture.assets("good"),
            registry: .standard(signOffAs: "ci"), options: SessionOptions(signOffAs: "ci"),
            workDir: Fixture.tempDir("unreadable"))
        let v = await s.run(through: nil)
        await s.close()
        #expect(v.outcome == .failed)
        #expect(v.reason?.contains("table fixture_pets: role \(role) may not read") == true, "\(v.reason ?? "")")
        #expect(v.reason?.contains("GRANT SELECT ON public.fixture_pets TO \(role)") == true, "\(v.reason ?? "")")
    }

    func faultSession(_ config: MigrationConfig, interactive: Bool = true) throws -> MigrationSession {
        let plan = try PlanLoader.load(assets: Fixture.assets("faults"))
        return try MigrationSession(
            plan: plan, config: config, assets: Fixture.assets("faults"), registry: .standard(),
            options: SessionOptions(interactive: interactive), workDir: Fixture.tempDir("faults"))
    }

    /// Runs one fault step interactively and returns how it failed.
    func failure(of step: String, _ config: MigrationConfig) async throws -> StepFailure? {
        let s = try faultSession(config)
        await s.send(.runStep(step))
        await s.waitIdle()
        let f = await s.runState.step(step).failure
        await s.close()
        return f
    }

    @Test func serverErrorBecomesATypedFailureWithLocation() async throws {
        let (_, _, config) = try await Self.databases()
        let f = try #require(await failure(of: "faults.broken", config))
        #expect(f.code == "sql")
        #expect(f.sqlState == "42P01")
        #expect(f.location == "sql/fixture/broken.sql:3")
        #expect(f.fix != nil)
    }

    @Test func legacyDatabaseIsReadOnly() async throws {
        let (_, _, config) = try await Self.databases()
        let f = try #require(await failure(of: "faults.readonly", config))
        #expect(f.sqlState == "25006")
    }

    @Test func cancelStopsTheStatementAndRollsBack() async throws {
        let (_, target, config) = try await Self.databases()
        let s = try faultSession(config)
        let events = s.subscribe()
        await s.send(.runStep("faults.sleep"))
        for await r in events { if case .statement(_, let label) = r.event, label.contains("pg_sleep") { break } }
        try await Task.sleep(nanoseconds: 200_000_000)
        let asked = Date()
        await s.send(.cancel)
        await s.waitIdle()
        let took = Date().timeIntervalSince(asked)
        let state = await s.runState
        await s.close()
        #expect(state.step("faults.sleep").status == .cancelled)
        #expect(state.step("faults.sleep").failure?.code == "cancelled")
        #expect(took < 5, "cancel took \(took)s")
        let conn = try await Connection.connect(try ConnInfo.replacingDatabase(config.source, with: target))
        defer { conn.close() }
        let r = try await conn.query("SELECT to_regclass('cancelled_marker') IS NULL AS gone")
        #expect(r.rows.first?["gone"] == "t")
    }

    /// An interactive session on the guarded fixture plan (a hook, then a destructive step).
    static func guardedSession(_ config: MigrationConfig, _ dir: URL) throws -> MigrationSession {
        try MigrationSession(
            plan: try PlanLoader.load(assets: Fixture.assets("guarded")), config: config,
            assets: Fixture.assets("guarded"), registry: .standard(),
            options: SessionOptions(interactive: true), workDir: dir)
    }

    /// A destructive step after an operator hook (the rollback's after stop_services) is confirmed
    /// when its stage starts, before the hook takes the application down; cancelled, nothing of
    /// the stage ran. Confirmed, the hook and the step run without asking again.
    @Test func aDestructiveStepIsConfirmedBeforeTheHooksAheadOfIt() async throws {
        let (source, _, base) = try await Self.databases()
        var config = base
        let dir = Fixture.tempDir("guarded")
        let flag = dir.appendingPathComponent("services-stopped")
        config.hooks.stopServices = "touch '\(flag.path)'"
        let s = try Self.guardedSession(config, dir)
        let events = s.subscribe()
        func nextAsk() async -> String? {
            for await r in events {
                if case .log(let step?, .warning, let m) = r.event, m.contains("type the database name") { return step }
            }
            return nil
        }
        await s.send(.runStage("guarded"))
        #expect(await nextAsk() == "guarded.drop")
        #expect(!FileManager.default.fileExists(atPath: flag.path), "asked before the hook ran")
        await s.send(.cancel)
        await s.waitIdle()
        var state = await s.runState
        #expect(!FileManager.default.fileExists(atPath: flag.path), "cancelled: the hook never ran")
        #expect(state.step("guarded.hook").status == .pending && state.step("guarded.drop").status == .pending)
        await s.send(.runStage("guarded"))
        #expect(await nextAsk() == "guarded.drop")
        await s.send(.confirm(step: "guarded.drop", typed: source))
        await s.waitIdle()
        state = await s.runState
        await s.close()
        #expect(FileManager.default.fileExists(atPath: flag.path))
        #expect(
            state.step("guarded.hook").status == .passed && state.step("guarded.drop").status == .passed,
            "\(state.step("guarded.drop").failure?.message ?? "")")
        let asks = s.hub.durableHistory.filter {
            if case .log(_, .warning, let m) = $0.event {
                return m.contains("type the database name")
            } else {
                return false
            }
        }
        #expect(asks.count == 2, "asked once per stage run, not again when the step started")
        let confirmed = s.hub.durableHistory.filter {
            if case .log("guarded.drop"?, .notice, let m) = $0.event {
                return m.hasPrefix("confirmed: the database name")
            } else {
                return false
            }
        }
        #expect(confirmed.count == 1, "the confirmation is on the record")
    }

    /// Confirmed, but the server cannot be reached: the hooks do not take the application down
    /// for a step that could not run anyway.
    @Test func anUnreachableServerStopsTheStageBeforeItsHooks() async throws {
        var config = MigrationConfig(source: "host=/nonexistent-socket-dir port=5 dbname=edu_gone user=nobody")
        let dir = Fixture.tempDir("guarded_down")
        let flag = dir.appendingPathComponent("services-stopped")
        config.hooks.stopServices = "touch '\(flag.path)'"
        let s = try Self.guardedSession(config, dir)
        let events = s.subscribe()
        await s.send(.runStage("guarded"))
        for await r in events {
            if case .log(_, .warning, let m) = r.event, m.contains("type the database name") { break }
        }
        await s.send(.confirm(step: "guarded.drop", typed: "edu_gone"))
        await s.waitIdle()
        let state = await s.runState
        await s.close()
        #expect(!FileManager.default.fileExists(atPath: flag.path), "the hook must not run")
        #expect(state.step("guarded.hook").status == .pending)
        let said = s.hub.durableHistory.contains {
            if case .log(_, .warning, let m) = $0.event {
                return m.contains("the server cannot be reached")
            } else {
                return false
            }
        }
        #expect(said)
    }

    /// After a rollback a checklist item (post-deployment: "old database archived") can no longer be
    /// signed; the rollback's own sign-off still can.
    @Test func aRolledBackMigrationRefusesChecklistSignOffs() async throws {
        let assets = TestCluster.assets
        let plan = try PlanLoader.load(assets: assets)
        let s = try MigrationSession(
            plan: plan, config: MigrationConfig(source: "dbname=edu"), assets: assets,
            registry: .standard(), options: SessionOptions(interactive: true), workDir: Fixture.tempDir("rolledback"))
        _ = s.hub.publish(.stepStarted(step: "rollback.execute", attempt: 1))
        _ = s.hub.publish(.stepFinished(step: "rollback.execute", outcome: .passed, seconds: 1))
        let item = try #require(plan.stages.last { $0.kind == .checklist }?.steps.first { $0.kind == .signoff }?.id)
        await s.send(.signOff(step: item, operatorName: "Ann", evidence: nil))
        let own = try #require(plan.stage("rollback")?.steps.first { $0.kind == .signoff }?.id)
        await s.send(.signOff(step: own, operatorName: "Ann", evidence: nil))
        let state = await s.runState
        await s.close()
        #expect(state.step(item).signOff == nil)
        #expect(state.step(own).signOff?.operatorName == "Ann")
        let refused = s.hub.durableHistory.contains {
            if case .log(_, .warning, let m) = $0.event {
                return m == "refused: rolled back: to migrate again, start over in a new work directory"
            } else {
                return false
            }
        }
        #expect(refused)
    }

    /// While a stage run waits for a sign-off, another command is refused naming what it waits for.
    @Test func aCommandRefusedDuringASignOffWaitSaysWhatItWaitsFor() async throws {
        let (_, _, config) = try await Self.databases()
        let s = try MigrationSession(
            plan: try Fixture.goodPlan(), config: config, assets: Fixture.assets("good"),
            registry: .standard(), options: SessionOptions(interactive: true), workDir: Fixture.tempDir("waiting"))
        let events = s.subscribe()
        await s.send(.runStage("list"))
        for await r in events {
            if case .log(_, _, let m) = r.event, m.hasPrefix("waiting for the operator to sign off") { break }
        }
        await s.send(.runStep("list.version"))
        var refusal: String?
        for await r in events {
            if case .log(_, .warning, let m) = r.event, m.hasPrefix("refused:") {
                refusal = m
                break
            }
        }
        #expect(
            refusal
                == "refused: a stage run is waiting for the sign-off of list.sign; sign it (Space) or cancel the wait (F8/c) first"
        )
        await s.send(.cancel)
        await s.waitIdle()
        await s.close()
    }

    @Test func destructiveStepsNeedTheTypedName() async throws {
        let (source, _, config) = try await Self.databases()
        let headless = try faultSession(config, interactive: false)
        await headless.send(.runStep("faults.drop"))
        await headless.waitIdle()
        #expect(await headless.runState.step("faults.drop").failure?.code == "needs-confirmation")
        await headless.close()
        let s = try faultSession(config)
        let events = s.subscribe()
        await s.send(.runStep("faults.drop"))
        for await r in events {
            if case .log(_, .warning, let m) = r.event, m.contains("type the database name") { break }
        }
        await s.send(.confirm(step: "faults.drop", typed: "wrong"))
        await s.waitIdle()
        #expect(await s.runState.step("faults.drop").failure?.code == "not-confirmed")
        await s.send(.retry("faults.drop"))
        for await r in events {
            if case .log(_, .warning, let m) = r.event, m.contains("type the database name") { break }
        }
        await s.send(.confirm(step: "faults.drop", typed: source))
        await s.waitIdle()
        #expect(await s.runState.step("faults.drop").status == .passed)
        await s.close()
    }

    @Test func createDatabaseUsesConfiguredNameAndToleratesItsOwnInterruptedAttempt() async throws {
        var (_, _, config) = try await Self.databases()
        config.targetDatabase = TestCluster.uniqueName("core_created")
        let s = try faultSession(config)
        await s.send(.runStep("faults.create-db"))
        await s.waitIdle()
        #expect(await s.runState.step("faults.create-db").status == .passed)
        await s.send(.runStep("faults.create-db"))  // as after a crash before the journal recorded it
        await s.waitIdle()
        let state = await s.runState
        await s.close()
        #expect(state.step("faults.create-db").status == .passed)
        #expect(state.step("faults.create-db").attempt == 2)
        #expect(state.logTail.contains { $0.message.contains("was created by the interrupted attempt; continuing") })
        let conn = try await Connection.connect(
            try ConnInfo.replacingDatabase(config.source, with: config.targetDatabase))
        let enc = try await conn.query(
            "SELECT pg_encoding_to_char(encoding) AS enc FROM pg_database WHERE datname = current_database()")
        conn.close()
        #expect(enc.rows.first?["enc"] == "UTF8")
        try await TestCluster.dropDatabase(config.targetDatabase)
    }
}
