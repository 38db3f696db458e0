import Foundation
import MigrationCore

/// The phase screen's lower panel for phases 5-6: the health watch dashboard for a `monitor` step,
/// the cutover preview before the cutover runs, the rollback explanation on the rollback procedure;
/// the generic live panel otherwise.
struct DeployPanels {
    let state: WizardState
    let stage: Stage
    let stepID: String?
    let rect: Rect
    let p: Painter
    let focused: Bool

    func draw() {
        var live = rect
        if stage.role == .rollback {
            let panel = RollbackPanel(state: state, rect: rect, p: p)
            let rows = min(panel.lines().count + 2, rect.rows / 2)
            RollbackPanel(state: state, rect: Rect(y: rect.y, x: rect.x, rows: rows, cols: rect.cols), p: p).draw()
            live = Rect(y: rect.y + rows, x: rect.x, rows: rect.rows - rows, cols: rect.cols)
        }
        if let sync = state.runningSync(in: stage) {
            // The final sync: what changed and what it should take, above the usual live panel.
            let panel = SyncPanel(state: state, stepID: sync.step.id, plan: sync.plan, rect: rect, p: p)
            let rows = min(panel.lines().count + 2, rect.rows / 2)
            SyncPanel(
                state: state, stepID: sync.step.id, plan: sync.plan,
                rect: Rect(y: live.y, x: live.x, rows: rows, cols: live.cols), p: p
            ).draw()
            live = Rect(y: live.y + rows, x: live.x, rows: live.rows - rows, cols: live.cols)
        }
        let step = stepID.flatMap { state.plan.step($0)?.step }
        if let step, step.kind == .monitor {
            HealthPanel(state: state, stepID: step.id, rect: live, p: p, focused: focused).draw()
            return
        }
        if let step, step.kind == .cutover, step.param("preview") != "true" {
            let st = state.run.step(step.id)
            if st.results.isEmpty, st.status != .passed {
                CutoverPanel(state: state, stepID: step.id, rect: live, p: p, focused: focused).draw()
                return
            }
        }
        LivePanel(state: state, stepID: stepID, rect: live, p: p, focused: focused).draw()
    }
}

/// Before the cutover: the preview's sessions and renames, and how confirmation works.
struct CutoverPanel {
    let state: WizardState
    let stepID: String
    let rect: Rect
    let p: Painter
    let focused: Bool

    func draw() {
        p.box(rect, title: "Before the cutover", focused: focused)
        let r = rect.inner
        let x = r.x + 1
        let w = r.cols - 2
        var y = r.y
        let preview = CutoverPreview(state: state, cutover: stepID)
        let logRows = max(3, r.rows / 4)
        func line(_ s: String, _ role: Role = .normal, _ attrs: TextAttrs = []) {
            guard y < r.bottom else { return }
            p.text(s, y: y, x: x, width: w, role: role, attrs: attrs)
            y += 1
        }
        if let id = preview.stepID, preview.status != .pending, preview.status != .running {
            let when = preview.at.map { " at \(LivePanel.clock($0)) UTC" } ?? ""
            p.tagged(
                p.g.tag(preview.status), "Preview (changes nothing)\(when): \(state.title(id))", y: y, x: x, width: w)
            y += 1
            line("Renames to come: \(preview.renameSummary(arrow: p.g.to))", .accent, .bold)
            let n = preview.sessionCount ?? 0
            line(
                n == 0
                    ? "No sessions on these databases: nothing to terminate."
                    : "\(n) session(s) will be terminated by the cutover:", n == 0 ? .ok : .warn, .bold)
            if let t = preview.sessions, n > 0 { y = drawSessions(t, y: y, x: x, w: w, bottom: r.bottom - logRows - 2) }
        } else if let id = preview.stepID {
            line("Not previewed yet: select \"\(state.title(id))\" and press F6/s (it changes nothing).", .warn, .bold)
        } else {
            line("This plan has no cutover preview step; the cutover lists the sessions when it starts.", .muted)
        }
        line(
            "F6/s starts the cutover: you type \"\(state.info.confirmName)\" to confirm; focus starts on Cancel.",
            .muted)
        LogPanel(state: state, p: p).draw(y: y, x: x, w: w, bottom: r.bottom)
    }

    /// The sessions table in natural column widths.
    func drawSessions(_ t: ResultTable, y: Int, x: Int, w: Int, bottom: Int) -> Int {
        var y = y
        let widths = ReaderView(state: state, stepID: stepID, rect: rect, p: p).columnWidths(t, room: w - 2)
        let row = { (cells: [String]) in zip(cells, widths).map { p.pad($0, $1) }.joined(separator: " ") }
        guard y < bottom else { return y }
        p.text(row(t.columns), y: y, x: x + 2, width: w - 2, attrs: .underline)
        y += 1
        for (i, cells) in t.rows.enumerated() {
            guard y < bottom else { break }
            let more = t.rows.count - i
            if y == bottom - 1, more > 1 {
                p.text(
                    "... \(more) more (Enter on the preview step shows them all)", y: y, x: x + 2, width: w - 2,
                    role: .muted)
                return y + 1
            }
            p.text(row(cells), y: y, x: x + 2, width: w - 2)
            y += 1
        }
        return y
    }
}

/// On the rollback procedure: which way back applies now and why.
struct RollbackPanel {
    let state: WizardState
    let rect: Rect
    let p: Painter

    func lines() -> [(String, Role, TextAttrs)] {
        let a = RollbackAdvice(state: state)
        let arrow = p.g.to
        var out: [(String, Role, TextAttrs)] = []
        if let done = a.done {
            // Nothing applies any more: say what happened and what to do to migrate again.
            out.append(("\(p.g.ok) Rollback done: \(done)", .ok, .bold))
            out.append(
                (
                    "The live database is the legacy one again; the phases of this work directory are closed.", .accent,
                    .bold
                ))
            out.append(
                ("To migrate again, start over in a new work directory (phases 1-6 with fresh backups).", .normal, []))
            return out
        }
        out.append((a.reason, .accent, .bold))
        let w = rect.cols - 4
        for way in RollbackAdvice.Way.allCases {
            let on = way == a.applies
            let mark = on ? "\(p.g.arrow) " : "  "
            var text = mark + a.describe(way, arrow: arrow) + (on ? "  (applies)" : "")
            if text.count > w { text = mark + a.short(way) + (on ? " (applies)" : "") }
            out.append((text, on ? .running : .muted, on ? .bold : []))
        }
        let name = a.applies == .dropNew ? a.incoming : a.live
        out.append(("F5/r runs it: you type \"\(name)\" first (point of no return),", .normal, []))
        out.append(("before services are stopped. Verified against the pre-migration counts.", .normal, []))
        return out
    }

    func draw() {
        p.box(rect, title: RollbackAdvice(state: state).done == nil ? "Which way back applies now" : "Rollback")
        for (i, l) in lines().enumerated() where rect.inner.y + i < rect.inner.bottom {
            p.text(l.0, y: rect.inner.y + i, x: rect.inner.x + 1, width: rect.inner.cols - 2, role: l.1, attrs: l.2)
        }
    }
}

/// During the final sync: the legacy tables that changed since phase 3's copy (rows before and
/// now), how long the sync should take (the last run of phases 3-4) and how long it has run.
struct SyncPanel {
    let state: WizardState
    let stepID: String
    let plan: SyncPlan
    let rect: Rect
    let p: Painter

    /// How long it should take and how long it has run (the box title).
    var title: String {
        let started = state.run.step(stepID).startedAt ?? plan.at
        let elapsed = Format.duration(max(0, state.now.timeIntervalSince(started)))
        let expected = plan.expectedSeconds.map { "expected about \(Format.duration($0)), " } ?? ""
        return "Final sync: \(expected)running \(elapsed)"
    }

    func lines() -> [(String, Role, TextAttrs)] {
        var out: [(String, Role, TextAttrs)] = [
            (
                "\(plan.changes.count) legacy table(s) changed since phase 3 copied them: phases 3 and 4 run again "
                    + "against the frozen database", .accent, .bold
            )
        ]
        for c in plan.changes {
            let before = c.rowsBefore.map { Format.count($0) } ?? "-"
            let after = c.rowsAfter.map { Format.count($0) } ?? "-"
            let change: String
            switch (c.rowsBefore, c.rowsAfter) {
            case let (b?, a?) where a == b: change = "same count, content changed"
            case let (b?, a?): change = (a > b ? "+" : "") + Format.count(a - b) + " rows"
            default: change = c.summary
            }
            out.append(
                ("  \(p.pad(c.table, 24)) \(p.pad(before, 10)) \(p.g.to) \(p.pad(after, 10)) \(change)", .normal, []))
        }
        return out
    }

    func draw() {
        p.box(rect, title: title)
        for (i, l) in lines().enumerated() where rect.inner.y + i < rect.inner.bottom {
            p.text(l.0, y: rect.inner.y + i, x: rect.inner.x + 1, width: rect.inner.cols - 2, role: l.1, attrs: l.2)
        }
    }
}
