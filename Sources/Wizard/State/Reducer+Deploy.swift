import Foundation
import MigrationCore

/// Phase 6 actions: the success criteria screen, the rollback procedure, the health watch's proposal.
extension WizardState {
    /// The plan's rollback procedure: the stage declaring `role: rollback`.
    var rollbackStage: Stage? { plan.stages(role: .rollback).first }

    /// F4/a and F12/b.
    mutating func performDeploy(_ action: Action) -> [Effect] {
        switch action {
        case .criteria:
            if screen == .criteria { screens.removeLast() } else { push(.criteria) }
        case .rollback:
            openRollback()
        default: break
        }
        return []
    }

    /// Show the rollback procedure (its screen explains which way back applies; F5/r runs it).
    mutating func openRollback() {
        guard let stage = rollbackStage else {
            message = "This plan has no rollback procedure (a stage with role: rollback)."
            return
        }
        push(screen(for: stage))
        if let i = stage.steps.firstIndex(where: { $0.kind == .rollback && $0.destructive }) { cursor[screen.key] = i }
    }

    /// A health watch that fails on its threshold proposes rollback: ask whether to open it.
    mutating func proposeRollback(after record: EventRecord) {
        if case .stepStarted(let s, _) = record.event, case .question(let q)? = dialog, q.purpose == .openRollback,
            plan.step(s)?.stage.role == .rollback || plan.step(s)?.step.kind == .monitor
        {
            dialog = nil  // the rollback (or a new watch) has started: the proposal is answered
        }
        guard case .stepFailed(let step, let failure, _) = record.event, failure.code == .healthFailed,
            plan.step(step)?.step.kind == .monitor, rollbackStage != nil
        else { return }
        if case .error(let s, _)? = dialog, s != step { return }
        if case .confirm? = dialog { return }
        dialog = .question(
            QuestionDialog(
                title: "Health watch failed: rollback proposed",
                message:
                    "\(failure.message). \(failure.fix ?? "") Open the rollback procedure? (It explains which way back applies; nothing runs until you press F5/r and type the database name.)",
                safe: "Stay", other: "Open rollback procedure", purpose: .openRollback))
    }

    /// Rows of the success criteria screen.
    var criteria: [Criterion] { SuccessCriteria.evaluate(events: history.records, plan: plan) }
}
