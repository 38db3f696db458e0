import MigrationCore

/// A checklist: items with state, evidence of automatic ones, who signed the manual ones, the gate.
struct ChecklistView {
    let state: WizardState
    let stageID: String
    let rect: Rect
    let p: Painter

    func draw() {
        guard let stage = state.plan.stage(stageID) else { return }
        let r = rect
        var y = r.y
        let (d, t) = state.progress(of: stage)
        p.text(
            "\(stage.title)\(stage.subtitle.map { " - \($0)" } ?? "")   \(d)/\(t) done",
            y: y, x: 1, width: r.cols - 2, role: .accent, attrs: .bold)
        y += 1
        let missing = state.gateMissing(stage)
        if !missing.isEmpty {
            let names = missing.prefix(3).map(state.title).joined(separator: ", ")
            p.text(
                "Gate closed: \(missing.count) required item(s) of earlier stages not done: \(names)\(missing.count > 3 ? ", ..." : "") - F9/o overrides (reason recorded)",
                y: y, x: 1, width: r.cols - 2, role: .warn, attrs: .bold)
            y += 1
        } else if let reason = state.run.overrides[stage.id] {
            p.text("Gate overridden: \(reason)", y: y, x: 1, width: r.cols - 2, role: .warn)
            y += 1
        }
        if let window = state.windowLine(for: stage) {
            p.text(
                "Maintenance window: \(window) (from the rehearsal of phases 1-4)", y: y, x: 1, width: r.cols - 2,
                role: .accent)
            y += 1
        }
        let who = KeyTable.label(.changeOperator)
        if let name = state.operatorName {
            p.text(
                "Operator: \(name) (\(who) changes)   Space/Enter signs the selected manual item", y: y, x: 1,
                width: r.cols - 2, role: .muted)
        } else {
            p.text(
                "Manual items: Space/Enter signs off (your name is asked once and kept; \(who) changes it).", y: y,
                x: 1, width: r.cols - 2, role: .muted)
        }
        y += 1
        // The focused item's explanation (its plan `help:`), so the operator knows what they sign.
        let helpRows = 2
        let rows = lines(stage)
        let visible = r.bottom - y - helpRows
        let selLine = rows.firstIndex { $0.index == state.selected && $0.main } ?? 0
        let top = max(0, min(selLine - visible / 2, rows.count - visible))
        for line in rows.dropFirst(top).prefix(visible) {
            let sel = line.main && line.index == state.selected
            if let tag = line.tag {
                p.tagged(tag, line.text, y: y, x: 1 + line.indent, width: r.cols - 2 - line.indent, selected: sel)
            } else {
                p.text(
                    line.text, y: y, x: 1 + line.indent, width: r.cols - 2 - line.indent, role: line.role,
                    attrs: line.role == .accent ? .bold : [])
            }
            y += 1
        }
        drawHelp(stage, y: r.bottom - helpRows, rows: helpRows, cols: r.cols)
    }

    /// Two lines at the bottom: what the selected item is about.
    func drawHelp(_ stage: Stage, y: Int, rows: Int, cols: Int) {
        guard stage.steps.indices.contains(state.selected) else { return }
        let step = stage.steps[state.selected]
        let text =
            step.help
            ?? (step.kind == .signoff
                ? "Sign when this is true; your name and the time are recorded."
                : "Checked by the tool; \(KeyTable.label(.run)) runs the checks, \(KeyTable.label(.results)) shows the evidence.")
        for (k, line) in p.wrap(text, cols - 4).prefix(rows).enumerated() {
            p.text((k == 0 ? "\(p.g.arrow) " : "  ") + line, y: y + k, x: 1, width: cols - 2, role: .accent)
        }
    }

    private struct Line {
        var index: Int, main: Bool, indent: Int, tag: (text: String, role: Role)?, text: String, role: Role
    }

    private func lines(_ stage: Stage) -> [Line] {
        var out: [Line] = []
        var section: String?
        for (i, step) in stage.steps.enumerated() {
            if let s = step.section, s != section {
                section = s
                out.append(Line(index: i, main: false, indent: 0, tag: nil, text: s, role: .accent))
            }
            let st = state.run.step(step.id)
            let kind = step.kind == .signoff ? "manual" : "auto"
            out.append(
                Line(
                    index: i, main: true, indent: 2, tag: p.g.tag(st.status),
                    text: "\(step.title)  (\(kind)\(step.required ? "" : ", optional"))", role: .normal))
            for c in st.checks {
                out.append(
                    Line(
                        index: i, main: false, indent: 11, tag: nil,
                        text: "\(p.g.tag(c.status).text) \(c.evidence.isEmpty ? c.name : c.evidence)",
                        role: p.g.tag(c.status).role))
            }
            if let so = st.signOff {
                out.append(
                    Line(
                        index: i, main: false, indent: 11, tag: nil,
                        text: "signed by \(so.operatorName)\(so.nonInteractive ? " (headless)" : "")", role: .ok))
            }
            if let f = st.failure {
                out.append(Line(index: i, main: false, indent: 11, tag: nil, text: f.message, role: .fail))
            }
        }
        return out
    }
}
