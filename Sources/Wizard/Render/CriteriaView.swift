import MigrationCore

/// The guide's success criteria, each judged from the measured results with its evidence.
struct CriteriaView {
    let state: WizardState
    let rect: Rect
    let p: Painter

    /// `[ OK ]`, `[FAIL]`, `[ -- ]` (or their UTF-8 forms).
    func tag(_ s: Criterion.Status) -> (text: String, role: Role) {
        switch s {
        case .pass: return p.g.tag(.passed)
        case .fail: return p.g.tag(.failed)
        case .notMeasured: return (p.g.unicode ? p.g.markNone + " --  " : "[ -- ]", .muted)
        }
    }

    func draw() {
        let criteria = state.criteria
        let r = rect
        let met = criteria.filter { $0.status == .pass }.count
        let failed = criteria.filter { $0.status == .fail }.count
        let open = criteria.count - met - failed
        let summary = "\(met) of \(criteria.count) met, \(failed) failed, \(open) not measured yet"
        p.text(
            "Success criteria: \(summary)", y: r.y, x: 1, width: r.cols - 2,
            role: failed > 0 ? .fail : open > 0 ? .warn : .ok, attrs: .bold)
        p.text(
            "Judged from the \(state.history.count) events recorded so far; live while steps run. `edu-migrate report` prints the same.",
            y: r.y + 1, x: 1, width: r.cols - 2, role: .muted)
        let box = Rect(y: r.y + 2, x: 0, rows: r.rows - 2, cols: r.cols)
        p.box(box, title: "The guide's success criteria", focused: true)
        let inner = box.inner
        let rows = lines(criteria, width: inner.cols - 11)
        let visible = inner.rows
        let selLine = rows.firstIndex { $0.index == state.selected && $0.main } ?? 0
        let top = max(0, min(selLine - 1, rows.count - visible))
        for (k, line) in rows.dropFirst(top).prefix(visible).enumerated() {
            let y = inner.y + k
            if line.main {
                let c = criteria[line.index]
                p.tagged(
                    tag(c.status), line.text, y: y, x: inner.x + 1, width: inner.cols - 2,
                    selected: line.index == state.selected)
            } else {
                p.text(line.text, y: y, x: inner.x + 9, width: inner.cols - 10, role: line.role)
            }
        }
    }

    private struct Line {
        var index: Int
        var main: Bool
        var text: String
        var role: Role
    }

    /// A line per criterion, then its evidence wrapped under it.
    private func lines(_ criteria: [Criterion], width: Int) -> [Line] {
        var out: [Line] = []
        for (i, c) in criteria.enumerated() {
            out.append(Line(index: i, main: true, text: c.name, role: .normal))
            let role: Role = c.status == .fail ? .fail : .muted
            for l in p.wrap(c.evidence, max(20, width)).prefix(i == state.selected ? 12 : 3) {
                out.append(Line(index: i, main: false, text: l, role: role))
            }
        }
        return out
    }
}
