import Foundation
import LegacySeed
import MigrationCore
import Postgres
import PostgresSandbox
import Testing
import TestSupport

/// A PostgreSQL crash after the transfer (a backend killed: the postmaster restarts every backend
/// and runs crash recovery, which empties unlogged tables) must not cost a row: the resumed run
/// loads every staged row, or stops. It used to pass phase 4 with ten target tables empty,
/// reconciled against the emptied staging tables. On a private cluster: the crash takes every
/// connection of the server down.
@Suite(.requiresPostgres, .tags(.postgres)) struct ServerCrashTests {
    @Test func aServerCrashAfterTheTransferLosesNoRowOnResume() async throws {
        let sandbox = try await Sandbox.start(name: "crash", handleSignals: false)
        defer { sandbox.stop() }
        let seeded = try await LegacySeeder(assets: TestCluster.assets).seed(
            adminConninfo: sandbox.conninfo(database: "postgres"), database: "edu", scale: 300, replace: true)
        var config = MigrationConfig(source: sandbox.conninfo(database: "edu"))
        config.targetDatabase = "edu_new"
        config.legacyRename = "edu_retired"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        config.workDir = dir.path
        config.backupDir = dir.appendingPathComponent("backups").path
        let assets = TestCluster.assets
        func session() throws -> MigrationSession {
            try MigrationSession(
                plan: try PlanLoader.load(assets: assets), config: config, assets: assets,
                registry: .standard(signOffAs: "crash-test"), options: SessionOptions(signOffAs: "crash-test"),
                workDir: dir)
        }
        var s = try session()
        await s.send(
            .overrideGate(stage: "schema", reason: "crash test: phase 1 is not under test", operatorName: "crash-test"))
        await s.send(.runStage("schema"))
        await s.waitIdle()
        for id in ["migration.staging", "migration.transfer"] {
            await s.send(.runStep(id))
            await s.waitIdle()
            try #require(await s.runState.step(id).status == .passed, "\(id)")
        }
        await s.close()

        // Crash: kill one backend; the postmaster restarts them all and recovers.
        let victim = try await Connection.connect(sandbox.conninfo(database: "edu_new"))
        let pid = try #require(try await victim.query("SELECT pg_backend_pid() AS pid").rows.first?.int("pid"))
        kill(pid_t(pid), SIGKILL)
        victim.close()
        var up = false
        for _ in 0..<100 {
            try await Task.sleep(nanoseconds: 200_000_000)
            if let c = try? await Connection.connect(sandbox.conninfo(database: "edu_new"), timeout: 2) {
                let recovering = try? await c.query("SELECT pg_is_in_recovery() AS r").rows.first?["r"]
                c.close()
                if recovering == "f" {
                    up = true
                    break
                }
            }
        }
        try #require(up, "the server did not come back after the crash")
        let staged = try await DB.scalar(
            sandbox.conninfo(database: "edu_new"), "SELECT count(*) FROM migration_stage.persons")
        #expect(staged == "300", "staging survived the crash: \(staged ?? "-")")

        // Resume: the rest of phase 3 and phase 4 on the same work directory.
        s = try session()
        let verdict = await s.run(through: "validation")
        await s.close()
        #expect(verdict.outcome == .passed || verdict.outcome == .warned, "\(verdict.reason ?? "")")
        let target = sandbox.conninfo(database: "edu_new")
        for counted in seeded {
            let row = try await DB.rows(
                target,
                "SELECT source_rows, balanced::text AS ok FROM migration_audit.reconciliation WHERE source_table = $1",
                [counted.table]
            ).first
            #expect(
                row?["source_rows"] == String(counted.rows) && row?["ok"] == "true",
                "\(counted.table): reconciled \(row?["source_rows"] ?? "-") of \(counted.rows) legacy rows")
        }
        #expect(try await DB.scalar(target, "SELECT count(*) FROM course_students") != "0")
    }

    /// Staging that changed after the transfer (emptied, restored) stops the load naming the
    /// table and the fix, instead of reconciling against fewer rows.
    @Test func aLoadStopsWhenStagingNoLongerHoldsWhatTheTransferCopied() async throws {
        let legacy = try await World.shared.legacy()
        let (config, dir) = Scenario.config(legacy: legacy, source: legacy.name, label: "it_staged")
        let s = try Scenario.session(config, workDir: dir)
        await s.send(
            .overrideGate(
                stage: "schema", reason: "integration test: phase 1 covered by the main run",
                operatorName: Scenario.operatorName))
        await s.send(.runStage("schema"))
        await s.waitIdle()
        for id in ["migration.staging", "migration.transfer", "migration.dictionary-types"] {
            await s.send(.runStep(id))
            await s.waitIdle()
        }
        let target = legacy.sandbox.conninfo(database: config.targetDatabase)
        _ = try await DB.rows(
            target,
            "DELETE FROM migration_stage.dictionaries WHERE id IN (SELECT id FROM migration_stage.dictionaries LIMIT 3)"
        )
        await s.send(.runStep("migration.dictionaries"))
        await s.waitIdle()
        let step = await s.runState.step("migration.dictionaries")
        await s.close()
        #expect(step.status == .failed)
        #expect(
            step.failure?.message.contains("staging table migration_stage.dictionaries holds") == true
                && step.failure?.message.contains("but the transfer copied") == true, "\(step.failure?.message ?? "")")
        #expect(step.failure?.fix?.contains("run step migration.transfer again") == true, "\(step.failure?.fix ?? "")")
        #expect(
            try await DB.scalar(
                target, "SELECT count(*) FROM migration_audit.load_counts WHERE source_table = 'dictionaries'") == "0")
    }
}
