import Foundation
import MigrationCore

/// The maintenance window as the wizard shows it: a clock while it is open, the downtime once it
/// closed, and before it opens the rehearsal's prediction (what the DBA announces to the team).
extension WizardState {
    /// The stage holding the window (maintenance on/off hooks), if the plan has one.
    var windowStage: Stage? {
        plan.stages.first { s in s.steps.contains { $0.kind == .command && $0.param("hook") == "maintenance_on" } }
    }

    /// One line about the window for `stage` (the window's own stage, or a checklist gating it); nil otherwise.
    func windowLine(for stage: Stage) -> String? {
        guard let window = windowStage, stage.id == window.id || window.gate.contains(stage.id) else { return nil }
        if let w = WindowTiming.measure(run, plan: plan), let secs = w.seconds(now: now) {
            return w.closedAt == nil ? "window open \(Format.clock(secs))" : "downtime \(Format.clock(secs))"
        }
        guard let p = WindowTiming.predict(run, plan: plan) else { return nil }
        return "predicted downtime \(Format.duration(p.withoutSync)), \(Format.duration(p.withSync)) with a final sync"
    }

    /// The running final sync of `stage` with what it announced, nil when none runs.
    func runningSync(in stage: Stage) -> (step: Step, plan: SyncPlan)? {
        guard let step = stage.steps.first(where: { $0.kind == .sync && run.step($0.id).status == .running }),
            let plan = run.syncPlan
        else { return nil }
        return (step, plan)
    }
}
