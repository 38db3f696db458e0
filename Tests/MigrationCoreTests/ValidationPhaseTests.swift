import Foundation
import LegacySeed
import Postgres
import Testing
import TestSupport
@testable import MigrationCore

/// Phases 1-4 of the real plan, headless, on a small seeded (dirty) legacy database: phase 4
/// passes with every comparison made, and fails naming every failed check once the data is broken.
@Suite(.requiresPostgres, .tags(.postgres)) struct ValidationPhaseTests {
    @Test func phasesOneToFourPassWithComparisonsThenFailNamingEveryBrokenCheck() async throws {
        let holder = try await TestCluster.createDatabase("val_e2e_admin")
        let admin = try ConnInfo.replacingDatabase(holder.conninfo, with: "postgres")
        let legacy = TestCluster.uniqueName("val_e2e_edu")
        try await LegacySeeder(assets: TestCluster.assets).seed(adminConninfo: admin, database: legacy, scale: 300)
        var config = MigrationConfig(source: try ConnInfo.replacingDatabase(admin, with: legacy))
        config.targetDatabase = legacy + "_new"
        config.backupDir = Fixture.tempDir("val_e2e_backups").path
        let dir = Fixture.tempDir("val_e2e")
        let plan = try PlanLoader.load(assets: TestCluster.assets)

        let s = try MigrationSession(
            plan: plan, config: config, assets: TestCluster.assets, registry: .standard(signOffAs: "ci"),
            options: SessionOptions(signOffAs: "ci"), workDir: dir)
        let v = await s.run(through: "validation")
        let state = await s.runState
        await s.close()
        #expect(v.outcome == .passed || v.outcome == .warned, "\(v.reason ?? "")")
        #expect(state.stageStatus["validation"] == .passed || state.stageStatus["validation"] == .warned)
        let functional = try #require(state.step("validation.functional").results.last)
        #expect(functional.columns == ["test", "count", "expected", "basis"])
        #expect(functional.rows.count == 5 && functional.status?.allSatisfy { $0 == .pass } == true)
        #expect(functional.rows.allSatisfy { Int($0[1]) ?? 0 > 0 })  // seeded data: every test counts rows
        let perf = try #require(state.step("validation.performance").results.last)
        #expect(perf.columns == ["query", "legacy_ms", "new_ms", "ratio"])
        #expect(
            perf.rows.map(\.first) == [
                "Query 1: Student lookup with details", "Query 2: Course enrollment summary",
                "Query 3: Teacher workload",
            ])
        #expect(perf.status == [.pass, .pass, .pass])
        let store = ArtifactStore(workDir: dir)
        for artifact in [
            "critical_issues", "legacy_performance", "new_performance", "functional_tests", "reconciliation",
        ] {
            #expect(store.load(artifact) != nil, "artifact \(artifact)")
        }
        let criteria = SuccessCriteria.evaluate(events: Journal.read(workDir: dir), plan: realPlan)
        let performance = try #require(criteria.first { $0.name == "Performance meets or exceeds baseline" })
        #expect(performance.status == .pass, "\(performance.evidence)")
        let report = ReportWriter.render(events: Journal.read(workDir: dir), config: config, plan: plan)
        #expect(report.contains("Functional tests: counts vs expected"))

        // Orphan a student behind the foreign key's back: phase 4 now fails, naming the check.
        let target = try await Connection.connect(try ConnInfo.replacingDatabase(admin, with: config.targetDatabase))
        try await target.execute(
            "SET session_replication_role = replica; DELETE FROM persons WHERE id = (SELECT min(person_id) FROM students)"
        )
        target.close()
        let again = try MigrationSession(
            plan: plan, config: config, assets: TestCluster.assets, registry: .standard(signOffAs: "ci"),
            options: SessionOptions(signOffAs: "ci"), workDir: Fixture.tempDir("val_e2e_again"))
        await again.send(
            .overrideGate(stage: "validation", reason: "test: re-validate broken data", operatorName: "ci"))
        let failed = await again.runStages(["validation"], stopAtFailure: true)
        let st2 = await again.runState
        await again.close()
        #expect(failed.outcome == .failed)
        #expect(failed.reason?.contains("validation.orphans") == true, "\(failed.reason ?? "")")
        #expect(failed.reason?.contains("orphaned_students") == true)
        // The other validate steps still ran (read-only) and their failures are named too.
        #expect(failed.reason?.contains("validate steps of validation failed") == true)
        #expect(
            failed.reason?.contains(
                "validation.functional: 2 check(s) failed: Student-Person Join Test, User-Account-Person Chain Test")
                == true)
        #expect(failed.ran.contains("validation.performance"))
        #expect(!failed.ran.contains("validation.results-reviewed"))
        #expect(st2.stageStatus["validation"] == .failed)
    }
}
