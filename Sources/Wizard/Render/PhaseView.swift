import Foundation
import MigrationCore

/// A phase: its steps, and live panels for the running (or selected) step.
struct PhaseView {
    let state: WizardState
    let stageID: String
    let layout: Layout
    let p: Painter

    var focus: Int { state.focus[state.screen.key] ?? 0 }

    func draw() {
        guard let stage = state.plan.stage(stageID) else { return }
        let gateLine = state.gateMissing(stage).isEmpty ? 0 : 1
        let (listRect, liveRect) = layout.phase(steps: stage.steps.count + gateLine)
        drawSteps(stage, listRect)
        DeployPanels(
            state: state, stage: stage, stepID: state.liveStep(in: stage), rect: liveRect, p: p, focused: focus == 1
        ).draw()
    }

    func drawSteps(_ stage: Stage, _ r: Rect) {
        let (d, t) = state.progress(of: stage)
        let window = state.windowLine(for: stage).map { " \(p.g.bullet) \($0)" } ?? ""
        p.box(r, title: "\(stage.title) \(d)/\(t)\(window)", focused: focus == 0)
        let inner = r.inner
        var y = inner.y
        let missing = state.gateMissing(stage)
        if !missing.isEmpty {
            p.text(
                "Gate closed: \(missing.count) required item(s) missing; F9/o overrides", y: y, x: inner.x + 1,
                width: inner.cols - 2, role: .warn, attrs: .bold)
            y += 1
        }
        let visible = inner.bottom - y
        let top = max(0, min(state.selected - visible / 2, stage.steps.count - visible))
        for (i, step) in stage.steps.enumerated().dropFirst(top).prefix(visible) {
            let st = state.run.step(step.id)
            let secs = state.seconds(of: step.id)
            let right = secs > 0 ? Format.duration(secs) : (step.destructive ? "!" : "")
            let sel = i == state.selected
            p.tagged(p.g.tag(st.status), step.title, y: y, x: inner.x, width: inner.cols - 8, selected: sel)
            p.text(p.pad(right, 7), y: y, x: inner.x + inner.cols - 7, width: 7, role: sel ? .selected : .muted)
            y += 1
        }
    }
}
