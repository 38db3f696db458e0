import Foundation
import LegacySeed
import Postgres
import Testing
import TestSupport
@testable import MigrationCore

/// Phase 4's comparisons: functional counts against expectations, Day-17 timings against the
/// phase-1 baseline. Real PostgreSQL (throwaway cluster) with the product's own Assets files.
@Suite(.requiresPostgres, .tags(.postgres)) struct ValidationCompareTests {
    /// Events and artifacts of one step run, outside a session.
    final class Bench: @unchecked Sendable {
        let lock = NSLock()
        var events: [MigrationEvent] = []
        let store = ArtifactStore(workDir: Fixture.tempDir("validation"))

        func context(conninfo: String) -> StepContext {
            let store = self.store
            return StepContext(
                config: MigrationConfig(source: conninfo), assets: TestCluster.assets, workDir: store.directory,
                attempt: 1, emit: { e in self.lock.withLock { self.events.append(e) } },
                connect: { _ in try await Connection.connect(conninfo) },
                saveArtifact: { try store.save($0, $1) }, loadArtifact: { store.load($0) }, isCancelled: { false })
        }

        var tables: [ResultTable] {
            lock.withLock {
                events.compactMap {
                    if case .result(_, let t) = $0 { return t }
                    return nil
                }
            }
        }
    }

    /// A database with the real target schema (empty tables).
    static func targetSchema() async throws -> String {
        let db = try await TestCluster.createDatabase("val_tgt")
        let conn = try await Connection.connect(db.conninfo)
        defer { conn.close() }
        for f in ["01_reference_tables.sql", "02_core_schema.sql", "03_indexes_constraints.sql"] {
            try await conn.execute(
                try String(contentsOf: TestCluster.assets.appendingPathComponent("sql/target/\(f)"), encoding: .utf8))
        }
        return db.conninfo
    }

    static func plannedStep(_ id: String) throws -> Step {
        let plan = try PlanLoader.load(assets: TestCluster.assets)
        return try #require(plan.step(id)?.step)
    }

    @Test func thresholdIgnoresNoiseAndCatchesClearRegressions() {
        #expect(!PerformanceThreshold.isRegression(legacyMs: 1, newMs: 40))  // 40x but only 39 ms
        #expect(!PerformanceThreshold.isRegression(legacyMs: 100, newMs: 190))  // 90 ms slower but < 2x
        #expect(PerformanceThreshold.isRegression(legacyMs: 10, newMs: 100))  // 10x and 90 ms
        #expect(PerformanceThreshold.isRegression(legacyMs: 0.5, newMs: 51))
        #expect(!PerformanceThreshold.isRegression(legacyMs: 80, newMs: 20))
    }

    /// "Critical data issues" on dirty legacy data: every row it shows says warn, so the step is
    /// warned (it ended `ok` while all its rows were `! warn`), each warn row a check result.
    @Test func aReportStepEndsAsItsWorstRow() async throws {
        let holder = try await TestCluster.createDatabase("crit_admin")
        let admin = try ConnInfo.replacingDatabase(holder.conninfo, with: "postgres")
        let legacy = TestCluster.uniqueName("crit_edu")
        try await LegacySeeder(assets: TestCluster.assets).seed(adminConninfo: admin, database: legacy, scale: 300)
        let bench = Bench()
        let step = try Self.plannedStep("preparation.critical-issues")
        let outcome = try await ValidateExecutor().run(
            step, context: bench.context(conninfo: try ConnInfo.replacingDatabase(admin, with: legacy)))
        let rows = bench.tables.flatMap { t in t.rows.indices.map { (t, $0) } }
        let warned = rows.filter { t, i in t.status?[i] == .warn }
        #expect(!warned.isEmpty, "the seeded data is dirty: \(bench.tables.map(\.rows))")
        #expect(
            rows.allSatisfy { t, i in
                t.status?[i] == CheckStatus(rawValue: t.rows[i][t.columns.firstIndex(of: "status")!])
            },
            "each row judged by its own status column")
        #expect(outcome == .warned)
        let checks = bench.lock.withLock {
            bench.events.filter { if case .checkResult(_, _, .warn, _) = $0 { true } else { false } }
        }
        #expect(checks.count == warned.count)
        // A report without a status column keeps no verdict of its own.
        #expect(ValidateExecutor.judge(expect: "report", columns: ["table", "rows"], rows: [["a", "1"]]) == nil)
        #expect(ValidateExecutor.judge(expect: "report", columns: ["issue", "status"], rows: [["a", "maybe"]]) == nil)
    }

    @Test func functionalTestsOfThePlanMatchTheirExpectations() async throws {
        let bench = Bench()
        let step = try Self.plannedStep("validation.functional")
        #expect(step.param("expected") == "sql/validation/16_functional_expected.sql")
        let outcome = try await ValidateExecutor().run(
            step, context: bench.context(conninfo: try await Self.targetSchema()))
        #expect(outcome == .passed)
        let cmp = try #require(bench.tables.last)
        #expect(cmp.columns == ["test", "count", "expected", "basis"])
        // Every one of the guide's five tests found its expectation by name.
        #expect(
            cmp.rows.map(\.first) == [
                "Student-Person Join Test", "Teacher-Person Join Test", "User-Account-Person Chain Test",
                "Active Group Memberships Test", "Course Enrollments Test",
            ])
        #expect(cmp.status == Array(repeating: .pass, count: 5))
    }

    @Test func aJoinThatLosesRowsFailsNamingTheTest() async throws {
        let db = try await TestCluster.createDatabase("val_orphan")
        let conn = try await Connection.connect(db.conninfo)
        try await conn.execute(try TestCluster.fixture("core/validation/functional_orphan.sql"))
        conn.close()
        let bench = Bench()
        let step = try Self.plannedStep("validation.functional")
        let error = await #expect(throws: StepFailure.self) {
            try await ValidateExecutor().run(step, context: bench.context(conninfo: db.conninfo))
        }
        #expect(error?.code == "validation-failed")
        #expect(error?.message == "1 check(s) failed: Student-Person Join Test")
        let cmp = try #require(bench.tables.last)
        #expect(cmp.rows.first == ["Student-Person Join Test", "2", "3", "count(*) of students"])
        #expect(cmp.status?.filter { $0 == .fail }.count == 1)
    }

    /// Three legacy EXPLAIN ANALYZE tables with the given execution times.
    static func baseline(_ ms: [Double]) throws -> Data {
        try JSONEncoder().encode(
            ms.enumerated().map { i, v in
                ResultTable(
                    title: "Query \(i + 1) (sql/analysis/40_performance_baseline.sql:\(i))", columns: ["QUERY PLAN"],
                    rows: [["Limit  (cost=0.00..1.00 rows=1 width=8)"], ["Execution Time: \(v) ms"]])
            })
    }

    @Test func performanceOfThePlanIsComparedWithTheBaseline() async throws {
        let bench = Bench()
        try bench.store.save("legacy_performance", try Self.baseline([5, 5, 5]))
        let step = try Self.plannedStep("validation.performance")
        #expect(step.param("baseline") == "legacy_performance")
        #expect(step.help?.contains("2x legacy AND new - legacy > 50 ms") == true)
        let outcome = try await ValidateExecutor().run(
            step, context: bench.context(conninfo: try await Self.targetSchema()))
        #expect(outcome == .passed)
        let cmp = try #require(bench.tables.last)
        #expect(cmp.columns == ["query", "legacy_ms", "new_ms", "ratio"])
        #expect(
            cmp.rows.map(\.first) == [
                "Query 1: Student lookup with details", "Query 2: Course enrollment summary",
                "Query 3: Teacher workload",
            ])
        #expect(cmp.rows.allSatisfy { $0[1] == "5.000" })
        #expect(cmp.status == [.pass, .pass, .pass])
        #expect(bench.store.load("new_performance") != nil)
    }

    /// A timing that looks like a regression is measured again (best of 3) before the step fails:
    /// one EXPLAIN ANALYZE of a millisecond query on a busy server is noise.
    @Test func aRegressionIsTimedAgainAndOnlyAPersistentOneFails() async throws {
        let bench = Bench()
        try bench.store.save("legacy_performance", try Self.baseline([1, 2, 3]))
        let step = try Self.plannedStep("validation.performance")
        let names = ["Query 1: q1", "Query 2: q2", "Query 3: q3"]
        func run(_ ms: [Double]) -> [ResultTable] {
            ms.enumerated().map { i, v in
                ResultTable(title: "Query \(i + 1)", columns: ["QUERY PLAN"], rows: [["Execution Time: \(v) ms"]])
            }
        }
        // Noise: the second run is fast.
        var reruns = [run([0.9, 2.5, 3.1])]
        let (passed, best) = try await ValidateExecutor.comparePerformance(
            run([0.8, 400, 3.5]), names: names, baseline: "legacy_performance", step: step,
            context: bench.context(conninfo: "dbname=x"),
            rerun: { reruns.removeFirst() })
        #expect(passed.status == [.pass, .pass, .pass] && passed.title.hasSuffix("best of 2 runs"), "\(passed)")
        #expect(best.map { PerformanceComparison.executionTime($0)?.0 } == [0.8, 2.5, 3.1])
        // A real regression stays slow: three runs, then it fails.
        var count = 0
        let (failed, _) = try await ValidateExecutor.comparePerformance(
            run([0.8, 400, 3.5]), names: names, baseline: "legacy_performance", step: step,
            context: bench.context(conninfo: "dbname=x"),
            rerun: {
                count += 1
                return run([0.8, 380, 3.5])
            })
        #expect(
            count == 2 && failed.status == [.pass, .fail, .pass] && failed.title.hasSuffix("best of 3 runs"),
            "\(failed)")
    }

    @Test func theFasterOfTwoRunsIsKeptPerQuery() {
        func t(_ title: String, _ ms: Double) -> ResultTable {
            ResultTable(title: title, columns: ["QUERY PLAN"], rows: [["Execution Time: \(ms) ms"]], status: [.pass])
        }
        let best = ValidateExecutor.faster(
            [t("Q1", 80), t("Q2", 3), ResultTable(title: "x", columns: ["n"], rows: [["1"]])],
            than: [t("", 20), t("", 9), ResultTable(title: "", columns: ["n"], rows: [["2"]])])
        #expect(best.map(\.title) == ["Q1", "Q2", "x"])
        #expect(best.map { PerformanceComparison.executionTime($0)?.0 } == [20, 3, nil])
        #expect(best[2].rows == [["1"]])
    }

    @Test func aClearRegressionFailsNamingTheQuery() throws {
        let bench = Bench()
        try bench.store.save("legacy_performance", try Self.baseline([1, 2, 3]))
        let new = [0.8, 400, 3.5].enumerated().map { i, v in
            ResultTable(
                title: "Query \(i + 1): q\(i + 1) (sql/validation/17_performance.sql:\(i))", columns: ["QUERY PLAN"],
                rows: [["Execution Time: \(v) ms"]])
        }
        let step = try Self.plannedStep("validation.performance")
        let t = try ValidateCompare.performance(
            new, names: ["Query 1: q1", "Query 2: q2", "Query 3: q3"], baseline: "legacy_performance", step: step,
            context: bench.context(conninfo: "dbname=x"))
        #expect(
            t.rows == [
                ["Query 1: q1", "1.000", "0.800", "0.80"], ["Query 2: q2", "2.000", "400.000", "200.00"],
                ["Query 3: q3", "3.000", "3.500", "1.17"],
            ])
        #expect(t.status == [.pass, .fail, .pass])
        #expect(PerformanceComparison.isSlower(.init(query: "q2", legacyMs: 2, newMs: 400)))
    }

    @Test func aMissingBaselineShowsTimingsUncomparedAndAnUnreadableOneFails() throws {
        let step = try Self.plannedStep("validation.performance")
        let bench = Bench()
        let new = [ResultTable(title: "t", columns: ["QUERY PLAN"], rows: [["Execution Time: 7.5 ms"]])]
        let t = try ValidateCompare.performance(
            new, names: ["Query 1: q1"], baseline: "legacy_performance", step: step,
            context: bench.context(conninfo: "dbname=x"))
        #expect(t.columns == ["query", "new_ms"] && t.rows == [["Query 1: q1", "7.500"]] && t.status == nil)
        #expect(
            bench.lock.withLock {
                bench.events.contains {
                    if case .log(_, .warning, let m) = $0 { return m.contains("not compared") }
                    return false
                }
            })
        try bench.store.save("legacy_performance", Data("not json".utf8))
        let error = #expect(throws: StepFailure.self) {
            try ValidateCompare.performance(
                new, names: [], baseline: "legacy_performance", step: step, context: bench.context(conninfo: "dbname=x")
            )
        }
        #expect(error?.code == "baseline-unreadable")
        #expect(error?.fix?.contains("preparation.performance-baseline") == true)
    }

    /// Phase 1's critical issues are kept as an artifact (plan) and rendered in the report's
    /// Analysis section (journal).
    @Test func criticalIssuesAreSavedAndReported() throws {
        let step = try Self.plannedStep("preparation.critical-issues")
        #expect(step.param("save") == "critical_issues")
        let issues = ResultTable(
            title: "Duplicate persons by normalized pincode (sql/analysis/20_critical_issues.sql:5)",
            columns: ["issue", "count", "sample_ids"], rows: [["duplicate_pincode", "17", "4, 9, 12"]])
        let events: [EventRecord] = [
            Fixture.rec(1, .stageStarted(stage: "preparation")),
            Fixture.rec(2, .stepStarted(step: step.id, attempt: 1)),
            Fixture.rec(3, .result(step: step.id, table: issues)),
            Fixture.rec(4, .stepFinished(step: step.id, outcome: .passed, seconds: 1)),
        ]
        let md = ReportWriter.render(events: events, config: MigrationConfig(source: "dbname=edu"), plan: realPlan)
        let analysis = try #require(md.range(of: "## Analysis"))
        let after = md[analysis.upperBound...]
        let section = after.prefix(upTo: after.range(of: "\n## ")?.lowerBound ?? after.endIndex)
        #expect(section.contains("duplicate_pincode"))
        #expect(section.contains("4, 9, 12"))
    }
}
