import Foundation
import Testing
import TestSupport
@testable import MigrationCore

@Suite struct RunnerStateTests {
    func state(_ events: [MigrationEvent]) throws -> RunnerState {
        var s = RunnerState(plan: try Fixture.goodPlan())
        for (i, e) in events.enumerated() { s.apply(Fixture.rec(i + 1, e)) }
        return s
    }

    @Test func gateOpensOnlyWhenRequiredStepsAreDone() throws {
        var s = try state([])
        #expect(s.gateMissing("alpha") == ["list.version", "list.sign"])
        #expect(s.gateOpen("list"))
        s = try state([
            .stepStarted(step: "list.version", attempt: 1),
            .stepFinished(step: "list.version", outcome: .warned, seconds: 0),
        ])
        #expect(s.gateMissing("alpha") == ["list.sign"])
        s = try state([
            .stepStarted(step: "list.version", attempt: 1),
            .stepFinished(step: "list.version", outcome: .passed, seconds: 0),
            .signedOff(SignOff(stepID: "list.sign", operatorName: "ann", at: Date())),
        ])
        #expect(s.gateOpen("alpha"))
        #expect(!s.gateOpen("beta"))
    }

    @Test func overrideNeedsReasonAndOpensTheGate() throws {
        var s = try state([])
        #expect(s.checkOverride(stage: "alpha", reason: "   ", operatorName: "ann") == .needsReason)
        #expect(s.checkOverride(stage: "alpha", reason: "rehearsal", operatorName: "") == .needsOperator)
        #expect(s.checkOverride(stage: "nope", reason: "x", operatorName: "ann") == .unknown("stage nope"))
        #expect(s.checkOverride(stage: "alpha", reason: "rehearsal on a copy", operatorName: "ann") == nil)
        s.apply(Fixture.rec(1, .gateOverridden(stage: "alpha", reason: "rehearsal on a copy", operatorName: "ann")))
        #expect(s.gateOpen("alpha"))
        #expect(s.run.overrides["alpha"] == "rehearsal on a copy")
    }

    @Test func signOffAndUndoOnlyBeforeTheDependentStageStarted() throws {
        var s = try state([])
        #expect(s.checkSignOff(step: "list.version", operatorName: "ann") == .notASignOff("list.version"))
        #expect(s.checkSignOff(step: "list.sign", operatorName: " ") == .needsOperator)
        #expect(s.checkSignOff(step: "list.sign", operatorName: "p") == .needsOperator, "a stray key is not a name")
        #expect(s.checkSignOff(step: "list.sign", operatorName: "42") == .needsOperator)
        #expect(s.checkSignOff(step: "list.sign", operatorName: "ann") == nil)
        s.apply(Fixture.rec(1, .signedOff(SignOff(stepID: "list.sign", operatorName: "ann", at: Date()))))
        #expect(s.checkSignOff(step: "list.sign", operatorName: "bob") == .alreadySigned("list.sign"))
        #expect(s.checkUndo(step: "list.sign") == nil)
        s.apply(Fixture.rec(2, .stageStarted(stage: "alpha")))
        #expect(s.checkUndo(step: "list.sign") == .stageStarted("alpha"))
        #expect(s.checkUndo(step: "beta.sign") == .notSigned("beta.sign"))
    }

    @Test func retryOnlyAfterFailureCancelOrInterruption() throws {
        let failure = StepFailure(code: "sql", message: "boom", sqlState: "42P01")
        var s = try state([.stepStarted(step: "alpha.create", attempt: 1)])
        #expect(s.checkRetry(step: "alpha.create") == nil)  // interrupted
        #expect(s.interruptedSteps == ["alpha.create"])
        s.apply(Fixture.rec(2, .stepFailed(step: "alpha.create", failure: failure, seconds: 1)))
        #expect(s.checkRetry(step: "alpha.create") == nil)
        #expect(s.run.step("alpha.create").failure?.sqlState == "42P01")
        s.apply(Fixture.rec(3, .stepStarted(step: "alpha.create", attempt: 2)))
        s.apply(Fixture.rec(4, .stepFinished(step: "alpha.create", outcome: .passed, seconds: 1)))
        #expect(s.checkRetry(step: "alpha.create") == .notFailed("alpha.create"))
        #expect(s.run.step("alpha.create").attempt == 2)
    }

    @Test func nextStepFollowsPlanOrderAndThrough() throws {
        var s = try state([])
        #expect(s.stages(through: "alpha").map(\.id) == ["list", "alpha"])
        #expect(s.stages(through: nil).map(\.id) == ["list", "alpha", "beta"])  // procedures never run by default
        #expect(s.nextStep(through: nil)?.step.id == "list.version")
        s.apply(Fixture.rec(1, .stepStarted(step: "list.version", attempt: 1)))
        s.apply(Fixture.rec(2, .stepFinished(step: "list.version", outcome: .passed, seconds: 0)))
        s.apply(Fixture.rec(3, .signedOff(SignOff(stepID: "list.sign", operatorName: "ann", at: Date()))))
        #expect(s.nextStep(through: nil)?.step.id == "alpha.create")
        #expect(s.nextStep(through: "list") == nil)
    }

    /// After a completed rollback, phase steps are refused (they would redo a cutover without
    /// phases 1-4, or fail on the dropped database); the rollback procedure itself goes on.
    @Test func aRolledBackMigrationRefusesPhasesButNotTheRollback() throws {
        let plan = try PlanLoader.load(assets: TestCluster.assets)
        var s = RunnerState(plan: plan)
        #expect(s.checkRolledBack(stageOf: "migration") == nil)
        for (i, e) in [
            MigrationEvent.stepStarted(step: "rollback.execute", attempt: 1),
            .stepFinished(step: "rollback.execute", outcome: .warned, seconds: 1),
        ].enumerated() {
            s.apply(Fixture.rec(i + 1, e))
        }
        #expect(s.checkRolledBack(stageOf: "migration") == .rolledBack)
        #expect(s.checkRolledBack(stageOf: "migration.persons") == .rolledBack)
        #expect(s.checkRolledBack(stageOf: "deployment") == .rolledBack)
        #expect(s.checkRolledBack(stageOf: "rollback") == nil)
        #expect(s.checkRolledBack(stageOf: "rollback.start-services") == nil)
        #expect(CommandRefusal.rolledBack.description.contains("start over in a new work directory"))
        // Checklists too (the post-deployment items): only the rollback's own steps go on.
        let checklistStep = try #require(plan.stages.last { $0.kind == .checklist }?.steps.first?.id)
        #expect(s.checkRolledBack(stageOf: checklistStep) == .rolledBack)
    }
}
