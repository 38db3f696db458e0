import Foundation
import MigrationCore

/// Screen actions: continue, sign off, run, retry, override, undo, quit.
extension WizardState {
    mutating func act() -> [Effect] {
        switch screen {
        case .start:
            if let next = nextStep { push(screen(for: next.stage)) } else { push(.overview) }
            if let next = nextStep, let i = next.stage.steps.firstIndex(of: next.step) { cursor[screen.key] = i }
        case .overview:
            if let stage = currentStage { push(screen(for: stage)) }
        case .checklist:
            guard let step = selectedStep else { return [] }
            if step.kind == .signoff { return signOff(step) }
            if hasResults(step.id) { push(.reader(step.id)) } else { message = "Automatic item: F5/r runs the checks." }
        case .phase:
            guard let step = selectedStep else { return [] }
            if step.kind == .signoff, run.step(step.id).status != .signed { return signOff(step) }
            if hasResults(step.id) { push(.reader(step.id)) } else { message = "No results yet: F6/s runs this step." }
        default: break
        }
        return []
    }

    mutating func signOff(_ step: Step) -> [Effect] {
        if run.step(step.id).status == .signed {
            message = "Already signed by \(run.step(step.id).signOff?.operatorName ?? "?") (u undoes)."
            return []
        }
        return withOperator(then: .signOff(step: step.id))
    }

    /// Ask the operator's name once per work directory (it is kept there), then carry on with `then`.
    mutating func withOperator(then pending: PendingAction) -> [Effect] {
        guard operatorName != nil else {
            askOperator(then: pending)
            return []
        }
        return resume(pending)
    }

    /// The name dialog: asked before the first sign-off, or on `w` to change it.
    mutating func askOperator(then pending: PendingAction?) {
        dialog = .text(
            TextDialog(
                title: "Operator", prompt: "Your name (recorded with every sign-off; kept for this work directory):",
                text: pending == nil ? operatorName ?? "" : "", purpose: .operatorName(then: pending)))
    }

    /// After a sign-off, the cursor goes on to the next item still waiting: on a checklist the
    /// next manual item not signed (else any item not done); on a phase screen the next one the
    /// core waits for, else back to following the running work.
    mutating func moveToNextWaiting(after step: String) {
        guard screen.kind == .checklist || screen.kind == .phase, let stage = currentStage,
            let i = stage.steps.firstIndex(where: { $0.id == step }), selected == i
        else { return }
        let later = stage.steps.indices.filter { $0 > i } + stage.steps.indices.filter { $0 < i }
        let next: Int?
        if screen.kind == .checklist {
            let waiting = later.filter { !run.step(stage.steps[$0].id).status.isDone }
            next = waiting.first { stage.steps[$0].kind == .signoff } ?? waiting.first
        } else {
            next = later.first { awaitingSignOff.contains(stage.steps[$0].id) }
        }
        let signed = "Signed: \(title(step))."
        guard let next else {
            if screen.kind == .phase { followAgain() }
            message =
                signed
                + (screen.kind == .phase ? " Following the running work." : " Nothing else waits on this screen.")
            return
        }
        cursor[screen.key] = next
        message = signed + " Next waiting: \(stage.steps[next].title)."
    }

    /// Run, step or retry. Destructive steps are confirmed when the core starts them and waits.
    mutating func start(_ pending: PendingAction) -> [Effect] {
        if let r = run.runningStep {
            message = "\(title(r)) is running; wait or cancel it (F8/c)."
            return []
        }
        return resume(pending)
    }

    /// Do what a dialog was collecting input for.
    mutating func resume(_ pending: PendingAction) -> [Effect] {
        switch pending {
        case .signOff(let id):
            let step = plan.step(id)?.step
            let evidence = [step?.title, step?.help].compactMap { $0 }.joined(separator: " - ")
            return [.send(.signOff(step: id, operatorName: operatorName ?? "?", evidence: evidence))]
        case .override(let stage):
            dialog = .text(
                TextDialog(
                    title: "Override gate", prompt: "Why open this gate anyway? (recorded)",
                    purpose: .overrideReason(stage: stage)))
            return []
        case .runStage(let id): return [.send(.runStage(id))]
        case .runStep(let id): return [.send(.runStep(id))]
        case .retry(let id): return [.send(.retry(id))]
        }
    }

    mutating func retrySelected() -> [Effect] {
        guard let step = selectedStep else { return [] }
        let st = run.step(step.id).status
        guard st == .failed || st == .cancelled else {
            message = "Only a failed or cancelled step can be retried."
            return []
        }
        return start(.retry(step.id))
    }

    mutating func overrideGate() -> [Effect] {
        guard let stage = currentStage else { return [] }
        if gateMissing(stage).isEmpty {
            message = "The gate of \(stage.title) is open."
            return []
        }
        return withOperator(then: .override(stage: stage.id))
    }

    mutating func undoSignOff() -> [Effect] {
        guard let stage = currentStage, let step = selectedStep else { return [] }
        guard let so = run.step(step.id).signOff else {
            message = "Not signed."
            return []
        }
        // Same rule as the core: too late once a stage gated by this one has started.
        if let later = plan.stages.first(where: { $0.gate.contains(stage.id) && run.stageStatus[$0.id] != nil }) {
            message = "Too late to undo: \(later.title), which this stage gates, has started."
            return []
        }
        return [.send(.undoSignOff(step: so.stepID))]
    }

    mutating func askQuit() -> [Effect] {
        guard let r = run.runningStep else { return [.quit] }
        dialog = .question(
            QuestionDialog(
                title: "Quit?",
                message:
                    "\(title(r)) is running. Quitting cancels it and rolls it back; the journal keeps everything else and the next start resumes.",
                safe: "Stay", other: Self.cancelAndQuit, purpose: .quit))
        return []
    }

    /// The quit question's answer while a step runs.
    static let cancelAndQuit = "Cancel step and quit"

    /// Ctrl-C with nothing running: a question, never an instant exit.
    mutating func askQuitIdle() {
        dialog = .question(
            QuestionDialog(
                title: "Quit?",
                message:
                    "Quit edu-migrate? Nothing is running; the journal keeps everything and the next start resumes.",
                safe: "Stay", other: "Quit", purpose: .quit))
    }

    mutating func askCancel() {
        let r = run.runningStep.map(title) ?? "the step"
        dialog = .question(
            QuestionDialog(
                title: "Cancel step?",
                message: "Cancel \(r)? The running statement is cancelled and the step rolled back.",
                safe: "Keep running", other: "Cancel step", purpose: .cancelStep))
    }
}
