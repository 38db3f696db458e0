import MigrationCore

/// Start: where we migrate from and to, the server version, and the resume offer.
struct StartView {
    let state: WizardState
    let rect: Rect
    let p: Painter

    func draw() {
        let box = Rect(y: rect.y + 1, x: 2, rows: min(rect.rows - 1, 18), cols: rect.cols - 4)
        p.box(box, title: "Migration of the legacy education database")
        let r = box.inner
        var y = r.y + 1
        let x = r.x + 2
        let w = r.cols - 4
        func row(_ label: String, _ value: String, _ role: Role = .normal) {
            p.text(p.pad(label, 18), y: y, x: x, width: 18, role: .muted)
            p.text(value, y: y, x: x + 18, width: w - 18, role: role, attrs: role == .normal ? [] : .bold)
            y += 1
        }
        // The whole conninfo matters (the port comes last): wrapped onto a second line, and cut
        // in the middle if even that is not enough.
        let source = p.wrap(state.info.source.isEmpty ? "(from configuration)" : state.info.source, w - 18)
        row("Source", source.count > 1 ? source[0] : p.fitMiddle(source.first ?? "", w - 18))
        if source.count > 1 { row("", p.fitMiddle(source.dropFirst().joined(separator: " "), w - 18)) }
        row("Target database", state.info.targetDatabase)
        row("Work directory", state.info.workDir)
        if let v = state.serverVersion ?? state.info.server {
            row("Server", "\(p.g.ok) \(v)", .ok)
        } else if let problem = state.info.serverProblem {
            row("Server", "\(p.g.fail) \(problem)", .fail)
        } else {
            row("Server", "not checked yet (the first checklist runs the connection test)", .muted)
        }
        y += 1
        if state.canResume {
            let total = state.allSteps.count
            row("Resume", "\(state.doneCount) of \(total) steps done (from the journal)", .accent)
            if let last = state.lastDone { row("Last done", last.title) }
            if let next = state.nextStep {
                row("Next", "\(next.stage.title) \(p.g.arrow) \(next.step.title)", .running)
            } else if state.rolledBack {
                row("Next", WizardState.rolledBackLine, .warn)
            } else {
                row("Next", "every required step is done", .ok)
            }
            y += 1
            let phases = KeyTable.label(.overview)
            p.text(
                state.rolledBack
                    ? "Enter: read what was done    \(phases): phase overview"
                    : "Enter: continue where you left off    \(phases): phase overview", y: y, x: x, width: w,
                attrs: .bold)
        } else {
            let first = state.plan.stages.first?.title ?? "the plan"
            row("Plan", "\(state.plan.stages.count) stages, \(state.allSteps.count) steps")
            y += 1
            p.text(
                "Enter: begin with \(first)    \(KeyTable.label(.overview)): phase overview", y: y, x: x, width: w,
                attrs: .bold)
        }
    }
}

/// Phase overview: every stage and its steps, with state, duration and what is next.
struct OverviewView {
    let state: WizardState
    let rect: Rect
    let p: Painter

    func draw() {
        let r = rect
        let next = state.nextStep
        var lines: [(indent: Int, tag: (text: String, role: Role), text: String, right: String, stage: Int?)] = []
        for (i, stage) in state.plan.stages.enumerated() {
            let (d, t) = state.progress(of: stage)
            let secs = state.seconds(of: stage)
            // Right-aligned columns: counts and durations line up from stage to stage.
            let counts = "\(d)/\(t)"
            let dur = secs > 0 ? Format.duration(secs) : ""
            let right =
                String(repeating: " ", count: max(0, 5 - counts.count)) + counts
                + String(repeating: " ", count: max(1, 8 - dur.count)) + dur
            lines.append(
                (
                    0, p.g.tag(state.status(of: stage)), stage.title + (stage.subtitle.map { "  (\($0))" } ?? ""),
                    right, i
                ))
            guard i == state.selected else { continue }
            for step in stage.steps {
                let isNext = next?.step.id == step.id
                let st = state.run.step(step.id)
                let dur = st.seconds.map(Format.duration) ?? ""
                let right = String(repeating: " ", count: max(0, 13 - dur.count)) + dur
                lines.append((4, p.g.tag(st.status), step.title + (isNext ? "  \(p.g.arrow) next" : ""), right, nil))
            }
        }
        // Keep the selected stage and its steps visible.
        let sel = lines.firstIndex { $0.stage == state.selected } ?? 0
        let visible = r.rows - 1
        let top = max(0, min(sel - 2, lines.count - visible))
        p.text(
            next.map { "Next: \($0.stage.title) \(p.g.arrow) \($0.step.title)" }
                ?? (state.rolledBack ? WizardState.rolledBackLine + "." : "All required steps done."),
            y: r.y, x: 1, width: r.cols - 2, role: .accent, attrs: .bold)
        for (k, line) in lines.dropFirst(top).prefix(visible).enumerated() {
            let y = r.y + 1 + k
            let selected = line.stage == state.selected
            p.tagged(
                line.tag, line.text, y: y, x: 1 + line.indent, width: r.cols - 16 - line.indent, selected: selected)
            p.text(line.right, y: y, x: r.cols - 14, width: 13, role: selected ? .selected : .muted)
        }
    }
}
