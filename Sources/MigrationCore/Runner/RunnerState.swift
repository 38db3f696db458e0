import Foundation

/// The step lifecycle as a value: which step is next, whether a gate is open, what a command
/// is allowed to do. Pure: it only reads the plan and the `RunState` folded from events.
public struct RunnerState: Sendable {
    public let plan: Plan
    public private(set) var run: RunState

    public init(plan: Plan, run: RunState = RunState()) {
        self.plan = plan
        self.run = run
    }

    /// Folds one more event in.
    public mutating func apply(_ record: EventRecord) { run.apply(record) }

    /// Why a gate is shut: required steps of the gating stages that are not done.
    public func gateMissing(_ stageID: String) -> [String] {
        guard let stage = plan.stage(stageID), run.overrides[stageID] == nil else { return [] }
        return stage.gate.flatMap { g in plan.stage(g).map { run.missingRequired(in: $0) } ?? [] }
    }

    /// True when every gating stage's required steps are done (or the gate was overridden).
    public func gateOpen(_ stageID: String) -> Bool { gateMissing(stageID).isEmpty }

    /// The stages a run goes through, in order: checklists and phases up to `through`
    /// (procedures such as rollback run only on request).
    public func stages(through: String?) -> [Stage] {
        var out: [Stage] = []
        for s in plan.stages where s.kind != .procedure {
            out.append(s)
            if s.id == through { break }
        }
        return out
    }

    /// The first step of `stage` that is not done; nil when the stage is complete. Optional
    /// steps that failed or were cancelled are passed over (they never block).
    public func nextStep(in stage: Stage) -> Step? {
        stage.steps.first { step in
            let status = run.step(step.id).status
            if !step.required && (status == .failed || status == .cancelled) { return false }
            return !status.isDone
        }
    }

    /// The next step of a whole run up to `through`, with its stage.
    public func nextStep(through: String?) -> (stage: Stage, step: Step)? {
        for s in stages(through: through) { if let step = nextStep(in: s) { return (s, step) } }
        return nil
    }

    /// Steps a crash left running (started, never finished): they must be re-run from the start.
    public var interruptedSteps: [String] {
        plan.stages.flatMap(\.steps).map(\.id).filter { run.step($0).status == .running }
    }

    /// Whether an override may be recorded; a reason is required.
    public func checkOverride(stage: String, reason: String, operatorName: String) -> CommandRefusal? {
        guard plan.stage(stage) != nil else { return .unknown("stage \(stage)") }
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .needsReason }
        if operatorName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .needsOperator }
        return nil
    }

    /// Whether a sign-off may be recorded for `step`.
    public func checkSignOff(step: String, operatorName: String) -> CommandRefusal? {
        guard let (_, s) = plan.step(step) else { return .unknown("step \(step)") }
        guard s.kind == .signoff else { return .notASignOff(step) }
        if !SignOff.isUsableName(operatorName) { return .needsOperator }
        if run.step(step).status == .signed { return .alreadySigned(step) }
        return nil
    }

    /// A sign-off may be withdrawn only while no stage that depends on its stage has started.
    public func checkUndo(step: String) -> CommandRefusal? {
        guard let (stage, _) = plan.step(step) else { return .unknown("step \(step)") }
        guard run.step(step).status == .signed else { return .notSigned(step) }
        let started = plan.stages.filter { $0.gate.contains(stage.id) && run.stageStatus[$0.id] != nil }
        if let s = started.first { return .stageStarted(s.id) }
        return nil
    }

    /// After a completed rollback the live database is the legacy one again (and, before the
    /// cutover, the new one is gone): phase steps would redo a cutover without phases 1-4, or
    /// fail on a missing database. Only procedures (the rest of the rollback) still run.
    public func checkRolledBack(stageOf id: String) -> CommandRefusal? {
        let stage = plan.stage(id) ?? plan.step(id)?.stage
        guard let stage, stage.kind != .procedure, plan.isRolledBack(run) else { return nil }
        return .rolledBack
    }

    /// A step may be retried after it failed or was cancelled (or was interrupted by a crash).
    public func checkRetry(step: String) -> CommandRefusal? {
        guard plan.step(step) != nil else { return .unknown("step \(step)") }
        switch run.step(step).status {
        case .failed, .cancelled, .running: return nil
        default: return .notFailed(step)
        }
    }
}

/// Why the runner refuses a command; shown to the operator as a log line.
public enum CommandRefusal: Sendable, Equatable, CustomStringConvertible {
    case unknown(String), needsReason, needsOperator, notASignOff(String), alreadySigned(String)
    case notSigned(String), stageStarted(String), notFailed(String), busy(String), gateShut(String, [String])
    case wrongConfirmation(String), rolledBack
    /// A stage run waits for the operator (a sign-off, or a typed confirmation) of this step.
    case waiting(String, confirmation: Bool)

    /// A stable code for the kind of refusal (in `commandRefused` events).
    public var code: String {
        switch self {
        case .unknown: return "unknown"
        case .needsReason: return "needs-reason"
        case .needsOperator: return "needs-operator"
        case .notASignOff: return "not-a-signoff"
        case .alreadySigned: return "already-signed"
        case .notSigned: return "not-signed"
        case .stageStarted: return "stage-started"
        case .notFailed: return "not-failed"
        case .busy: return "busy"
        case .gateShut: return "gate-shut"
        case .wrongConfirmation: return "wrong-confirmation"
        case .rolledBack: return "rolled-back"
        case .waiting(_, let confirmation): return confirmation ? "waiting-confirmation" : "waiting-signoff"
        }
    }

    public var description: String {
        switch self {
        case .unknown(let s): return "unknown \(s)"
        case .needsReason: return "an override needs a typed reason"
        case .needsOperator: return "an operator name is required (at least 2 characters, with a letter)"
        case .notASignOff(let s): return "\(s) is not a manual item"
        case .alreadySigned(let s): return "\(s) is already signed"
        case .notSigned(let s): return "\(s) is not signed"
        case .stageStarted(let s): return "stage \(s) has already started; the sign-off can no longer be withdrawn"
        case .notFailed(let s): return "\(s) has not failed; nothing to retry"
        case .busy(let s): return "step \(s) is running; wait or cancel it"
        case .gateShut(let s, let m): return "stage \(s) is gated; not done: \(m.joined(separator: ", "))"
        case .wrongConfirmation(let s): return "confirmation for \(s) does not match the database name"
        case .waiting(let s, let confirmation):
            return confirmation
                ? "a stage run is waiting for the typed confirmation of \(s); confirm it or cancel it (F8/c) first"
                : "a stage run is waiting for the sign-off of \(s); sign it (Space) or cancel the wait (F8/c) first"
        case .rolledBack: return "rolled back: to migrate again, start over in a new work directory"
        }
    }
}

extension Plan {
    /// True once a rollback step is done: the live database is the legacy one again, and the
    /// phases of this work directory are closed (`RunnerState.checkRolledBack`, the wizard).
    public func isRolledBack(_ run: RunState) -> Bool {
        stages.flatMap(\.steps).contains { $0.kind == .rollback && run.step($0.id).status.isDone }
    }
}

extension SignOff {
    /// A name a sign-off record may carry: at least 2 characters and a letter, so a stray key
    /// ('p') or an empty `--sign-off-as` never becomes the signer.
    public static func isUsableName(_ name: String) -> Bool {
        let n = name.trimmingCharacters(in: .whitespacesAndNewlines)
        return n.count >= 2 && n.contains(where: \.isLetter)
    }
}
