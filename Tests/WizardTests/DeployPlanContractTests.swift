import Foundation
import MigrationCore
import Testing
import TestSupport
@testable import Wizard

/// The screens key on ids and kinds of the real plan (Assets/plan): keep them in step.
@Suite struct DeployPlanContractTests {
    @Test func realPlanHasWhatTheDeployScreensUse() throws {
        let plan = try PlanLoader.load(assets: TestCluster.assets)
        var s = WizardState(plan: plan, info: StartInfo(source: "dbname=edu"))
        // F12/b lands on the rollback step of the procedure.
        _ = s.handle(.key(.char("b")))
        #expect(s.screen == .phase("rollback"))
        let rollback = try #require(plan.stage("rollback"))
        #expect(rollback.steps[s.selected].kind == .rollback && rollback.steps[s.selected].destructive)
        // The cutover has a non-destructive preview before it.
        let cutover = try #require(plan.stages.flatMap(\.steps).first { $0.kind == .cutover && $0.destructive })
        #expect(CutoverPreview(state: s, cutover: cutover.id).stepID == "deployment.cutover-preview")
        // The health watch is a monitor step of the deployment phase.
        #expect(plan.stage("deployment")?.steps.contains { $0.kind == .monitor } == true)
        // HTTP steps carry the labels the before/after comparison groups by.
        let labels = Set(plan.stages.flatMap(\.steps).filter { $0.kind == .http }.compactMap { $0.param("label") })
        #expect(labels == ["before", "after"])
        // Before anything ran, the way back is dropping the new database.
        #expect(RollbackAdvice(state: s).applies == .dropNew)
    }
}
