import Foundation
@testable import MigrationCore
import Testing

/// The migration graph: what may run side by side is derived from `reads:`/`writes:`, and every
/// schedule it allows keeps the serial order wherever two steps conflict.
@Suite struct StepGraphTests {
    private func step(_ id: String, reads: [String] = [], writes: [String] = []) -> Step {
        Step(id: id, title: id, kind: .sql, reads: reads, writes: writes)
    }

    @Test func conflictsOrderAndBarriersRunAlone() {
        let stage = Stage(
            id: "s", title: "s", kind: .phase,
            steps: [
                step("setup"),  // declares nothing: a barrier
                step("a", reads: ["stage"], writes: ["persons"]),
                step("b", reads: ["stage"], writes: ["subjects"]),
                step("c", reads: ["stage", "persons"], writes: ["accounts"]),
                step("idx", reads: ["persons"], writes: ["persons.ddl"]),
                step("pk", reads: ["persons"], writes: ["persons"]),  // waits for c and idx (they read persons)
                step("end"),
            ])
        let g = StepGraph(stage)
        #expect(g.dependencies["a"] == ["setup"])
        #expect(g.dependencies["b"] == ["setup"], "b shares only what both read")
        #expect(g.dependencies["c"] == ["setup", "a"])
        #expect(g.dependencies["idx"] == ["setup", "a"])
        #expect(g.dependencies["pk"] == ["setup", "a", "c", "idx"])
        #expect(g.dependencies["end"] == Set(["setup", "a", "b", "c", "idx", "pk"]))
        #expect(g.ready(done: [], started: []) == ["setup"])
        #expect(g.ready(done: ["setup"], started: []) == ["a", "b"])
        #expect(g.ready(done: ["setup", "a"], started: ["b"]) == ["c", "idx"])
        #expect(g.depth()["pk"] == 3)
    }

    /// A step listed before the step that writes its input would run first: the plan is refused.
    @Test func readingWhatALaterStepWritesIsAPlanProblem() {
        let stage = Stage(
            id: "s", title: "s", kind: .phase,
            steps: [
                step("links", reads: ["courses"], writes: ["course_students"]),
                step("courses", reads: ["stage"], writes: ["courses"]),
                step("pk", reads: ["courses"], writes: ["courses"]),  // reads after a write: fine
            ])
        let problems = PlanValidator.graphOrderProblems(stage, lines: [3, 9, 15])
        #expect(problems.count == 1 && problems.first?.0 == 3, "\(problems)")
        #expect(problems.first?.1.contains("step links reads 'courses', which courses writes after it") == true)
    }

    @Test func aStageWithoutDeclarationsIsASequence() {
        let stage = Stage(id: "s", title: "s", kind: .phase, steps: [step("x"), step("y"), step("z")])
        #expect(!StepGraph.applies(to: stage))
        #expect(StepGraph(stage).ready(done: ["x"], started: []) == ["y"])
    }

    /// The product's phase 3: the wide loads off the persons chain run beside it, each table's
    /// keys wait for every load that reads it, and foreign keys wait for the keys they point at.
    @Test func productMigrationGraph() throws {
        let plan = try PlanLoader.load(assets: Fixture.realAssets)
        let stage = try #require(plan.stage("migration"))
        let g = StepGraph(stage)
        let deps = { (id: String) in g.dependencies["migration." + id] ?? [] }
        #expect(deps("persons") == ["migration.staging", "migration.transfer"])
        // Decide first: which students survive depends on persons only, not on accounts -> users.
        #expect(!deps("students").contains("migration.users") && !deps("students").contains("migration.accounts"))
        #expect(deps("students-users").isSuperset(of: ["migration.students", "migration.users"]))
        #expect(!deps("course-students").contains("migration.students-users"), "enrolments need the students' ids only")
        #expect(deps("keys-students").contains("migration.students-users"))
        #expect(PlanValidator.graphOrderProblems(stage, lines: []).isEmpty)
        #expect(
            deps("subjects") == ["migration.staging", "migration.transfer"],
            "subjects do not wait for the persons chain")
        #expect(
            deps("persons-trigram").isSuperset(of: ["migration.persons"])
                && !deps("persons-trigram").contains("migration.accounts"))
        #expect(
            deps("keys-persons").isSuperset(of: ["migration.accounts", "migration.students", "migration.teachers"]))
        #expect(
            deps("fks-people").isSuperset(of: [
                "migration.keys-persons", "migration.keys-accounts", "migration.keys-users",
            ]))
        #expect(deps("fks-rest").contains("migration.fks-people"), "both lock teachers")
        #expect(!deps("fks-enrolment").contains("migration.fks-people"), "disjoint tables")
        #expect(deps("finalize").count == stage.steps.count - 1, "finalize runs alone, last")
        // Every load the serial run had before the keys is still a node (nothing lost in the split).
        let files = stage.steps.compactMap { $0.param("file") }
        for n in [
            "20_persons", "21_accounts", "23_students", "24_teachers", "34_course_students", "80_trgm_persons",
            "84_fks_rest",
        ] {
            #expect(files.contains("sql/migration/\(n).sql"), "\(n)")
        }
    }

    @Test func validationChecksRunSideBySideAndTheTimingsAlone() throws {
        let plan = try PlanLoader.load(assets: Fixture.realAssets)
        let g = StepGraph(try #require(plan.stage("validation")))
        #expect(g.dependencies["validation.orphans"] == [])
        #expect(g.dependencies["validation.performance"]?.contains("validation.functional") == true)
        #expect(g.dependencies["validation.results-reviewed"]?.contains("validation.performance") == true)
    }
}
