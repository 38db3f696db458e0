import Foundation
import MigrationCore

/// Facts derived from the plan and the run state (what the screens show; no side effects).
extension WizardState {
    /// The server version reported by the server-version check, if it has run.
    public var serverVersion: String? {
        for stage in plan.stages {
            for step in stage.steps
            where step.param("builtin") == "server-version" || step.id.hasSuffix("server-version") {
                if let c = run.step(step.id).checks.first { return c.evidence }
            }
        }
        return nil
    }

    /// All steps in plan order.
    var allSteps: [Step] { plan.stages.flatMap(\.steps) }

    /// Steps that are done (passed, warned, signed, skipped).
    public var doneCount: Int { allSteps.filter { run.step($0.id).status.isDone }.count }

    /// True when the history shows work already done: the start screen offers to resume.
    public var canResume: Bool { allSteps.contains { run.step($0.id).status != .pending } }

    /// The first required step that is not done, in plan order (procedures such as rollback excluded).
    /// True once a rollback step is done: the live database is the legacy one again and the
    /// phases of this work directory are closed (the core refuses them).
    public var rolledBack: Bool { plan.isRolledBack(run) }

    /// What the screens say instead of a next step after a rollback.
    static let rolledBackLine = "Rolled back: to migrate again, start over in a new work directory"

    /// The runner's next step (RunnerState owns the rule; the wizard only shows it).
    public var nextStep: (stage: Stage, step: Step)? {
        if rolledBack { return nil }
        return RunnerState(plan: plan, run: run).nextStep(through: nil)
    }

    /// The last step that finished well, in plan order.
    public var lastDone: Step? { allSteps.last { run.step($0.id).status.isDone } }

    /// Required steps of earlier stages still keeping `stage`'s gate shut (empty after an override).
    public func gateMissing(_ stage: Stage) -> [String] {
        if run.overrides[stage.id] != nil { return [] }
        var missing = RunnerState(plan: plan, run: run).gateMissing(stage.id)  // the runner's rule
        for id in run.blocked[stage.id] ?? [] where !missing.contains(id) { missing.append(id) }
        return missing
    }

    /// Status of a stage: from its events, else from its steps.
    public func status(of stage: Stage) -> StepStatus {
        if let s = run.stageStatus[stage.id] { return s }
        let st = stage.steps.map { run.step($0.id).status }
        if st.contains(.running) { return .running }
        if st.contains(.failed) { return .failed }
        if !st.isEmpty, st.allSatisfy(\.isDone) { return .passed }
        return .pending
    }

    /// True once a stage has started running (sign-offs can no longer be undone).
    public func hasStarted(_ stage: Stage) -> Bool {
        if run.stageStatus[stage.id] != nil { return true }
        return stage.steps.contains { s in
            let st = run.step(s.id).status
            return s.kind != .signoff && st != .pending
        }
    }

    /// Done and total steps of a stage.
    public func progress(of stage: Stage) -> (done: Int, total: Int) {
        (stage.steps.filter { run.step($0.id).status.isDone }.count, stage.steps.count)
    }

    /// Seconds spent in a stage's steps (finished ones, plus the running one so far).
    public func seconds(of stage: Stage) -> Double {
        stage.steps.reduce(0) { $0 + seconds(of: $1.id) }
    }

    /// Seconds of one step: its final time, or elapsed while running.
    public func seconds(of step: String) -> Double {
        let s = run.step(step)
        if let secs = s.seconds { return secs }
        if s.status == .running, let t = s.startedAt { return max(0, now.timeIntervalSince(t)) }
        return 0
    }

    /// The stage on screen, if the screen is about one.
    var currentStage: Stage? {
        switch screen {
        case .checklist(let id), .phase(let id): return plan.stage(id)
        case .overview: return plan.stages.indices.contains(selected) ? plan.stages[selected] : nil
        default: return nil
        }
    }

    /// The step under the cursor on a checklist or phase screen.
    var selectedStep: Step? {
        switch screen {
        case .checklist(let id), .phase(let id):
            guard let stage = plan.stage(id), stage.steps.indices.contains(selected) else { return nil }
            return stage.steps[selected]
        default: return nil
        }
    }

    /// The screen that shows a stage.
    func screen(for stage: Stage) -> Screen {
        stage.kind == .checklist ? .checklist(stage.id) : .phase(stage.id)
    }

    /// Steps whose results can be read (checks or result tables).
    func hasResults(_ step: String) -> Bool {
        let s = run.step(step)
        return !s.results.isEmpty || !s.checks.isEmpty || s.failure != nil
    }

    /// Title of a step, or its id.
    func title(_ step: String) -> String { plan.step(step)?.step.title ?? step }
}
