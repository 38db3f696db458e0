import Foundation
import Testing
import TestSupport
@testable import MigrationCore

/// The success criteria find their evidence by the plan's `criterion:` on a step, never by its id
/// or a table's title: a step named anything is the orphan check when the plan says so, and a
/// step named `...orphans` is not when it does not.
@Suite struct StepCriterionTests {
    /// A plan of one validation stage whose two steps carry `criteria` (by position).
    static func plan(_ ids: [String], _ criteria: [StepCriterion?]) -> Plan {
        Plan(stages: [
            Stage(
                id: "v", title: "V", kind: .phase,
                steps: zip(ids, criteria).map { Step(id: $0, title: $0, kind: .validate, criterion: $1) },
                role: .validation)
        ])
    }

    /// One validate step with one zero-count table.
    static func events(_ step: String, count: String) -> [EventRecord] {
        [
            .stepStarted(step: step, attempt: 1),
            .result(
                step: step,
                table: ResultTable(title: "counts", columns: ["check_name", "count"], rows: [["a", count]])),
            .stepFinished(step: step, outcome: .passed, seconds: 1),
        ].enumerated().map { Fixture.rec($0 + 1, $1) }
    }

    @Test func orphanEvidenceComesFromTheDeclaredCriterion() {
        let records = Self.events("v.integrity", count: "0") + Self.events("v.orphans", count: "7")
        let declared = Self.plan(["v.integrity", "v.orphans"], [.orphans, nil])
        let c = SuccessCriteria.evaluate(events: records, plan: declared)[0]
        #expect(c.status == .pass && c.evidence == "1 orphan checks, all 0", "\(c)")

        let none = Self.plan(["v.integrity", "v.orphans"], [nil, nil])
        #expect(SuccessCriteria.evaluate(events: records, plan: none)[0].status == .notMeasured)
    }

    @Test func performanceFallbackIsTheDeclaredStep() {
        let records = Self.events("v.timings", count: "1")
        let c = SuccessCriteria.evaluate(events: records, plan: Self.plan(["v.timings"], [.performance]))[4]
        #expect(c.status == .pass && c.evidence == "no paired timings; v.timings passed", "\(c)")
        let none = SuccessCriteria.evaluate(events: records, plan: Self.plan(["v.timings"], [nil]))[4]
        #expect(none.status == .notMeasured)
    }

    @Test func anUnknownCriterionIsAPlanProblem() throws {
        let dir = Fixture.tempDir("plan")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("plan"), withIntermediateDirectories: true)
        try """
        stages:
          - id: s
            title: S
            kind: phase
            steps:
              - id: s.a
                title: A
                kind: signoff
                criterion: speed
        """.write(to: dir.appendingPathComponent("plan/01.yaml"), atomically: true, encoding: .utf8)
        let error = try #require(throws: PlanLoadError.self) { try PlanLoader.load(assets: dir) }
        #expect(error.problems.map(\.message) == ["step s.a: unknown criterion 'speed' (orphans, performance)"])
        #expect(error.problems.first?.line == 9)
    }

    /// The real plan declares the evidence the report and the criteria screen read.
    @Test func theProductPlanDeclaresTheOrphanAndPerformanceSteps() throws {
        let plan = try PlanLoader.load(assets: Fixture.realAssets)
        let steps = plan.stages.flatMap { stage in stage.steps.map { (stage, $0) } }
        let orphans = steps.filter { $0.1.criterion == .orphans }
        #expect(orphans.count == 1 && orphans.allSatisfy { $0.0.role == .validation })
        let perf = steps.filter { $0.1.criterion == .performance }
        #expect(perf.contains { $0.0.role == .analysis } && perf.contains { $0.0.role == .validation })
    }
}
