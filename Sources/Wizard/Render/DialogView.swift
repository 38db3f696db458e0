import MigrationCore

/// Modal dialogs drawn over the screen.
struct DialogView {
    let state: WizardState
    let dialog: Dialog
    let layout: Layout
    let p: Painter

    func draw() {
        switch dialog {
        case .confirm(let c):
            // As many of the preview's sessions as the terminal has room for (the rest counted).
            let room = max(2, layout.size.rows - 22)
            let lines =
                DestructiveNotice.paragraphs(state: state, step: c.step, g: p.g, sessionLines: room).flatMap {
                    wrap($0, 66)
                }
                + ["Type the database name \"\(c.expected)\", then Tab to Confirm."]
            let r = frame("Confirm destructive action", lines: lines, role: .fail)
            field(c.typed, y: r.bottom - 4, r, focused: c.focus == 1)
            buttons(
                [("Cancel", c.focus == 0), ("Confirm", c.focus == 2)], y: r.bottom - 2, r,
                enabled: [true, c.typed == c.expected])
        case .text(let t):
            let r = frame(t.title, lines: [t.prompt], role: .accent)
            field(t.text, y: r.bottom - 4, r, focused: t.focus == 0)
            buttons([("OK", t.focus == 1), ("Cancel", t.focus == 2)], y: r.bottom - 2, r, enabled: [true, true])
        case .question(let q):
            let r = frame(q.title, lines: wrap(q.message, 56), role: .warn, field: false)
            buttons([(q.safe, q.focus == 0), (q.other, q.focus == 1)], y: r.bottom - 2, r, enabled: [true, true])
        case .error(let step, let f):
            var lines = ["\(state.title(step)) failed: \(f.message)"]
            if let s = f.sqlState { lines.append("SQLSTATE \(s)") }
            if let l = f.location { lines.append("at \(l)") }
            lines += wrap("What to do: \(f.fix ?? "read the log, fix the cause, then retry (F7/t).")", 60)
            let r = frame("Step failed", lines: lines.flatMap { wrap($0, 60) }, role: .fail, field: false)
            buttons([("OK", true)], y: r.bottom - 2, r, enabled: [true])
        }
    }

    /// A short title for the "terminal too small" screen.
    static func title(of d: Dialog) -> String {
        switch d {
        case .confirm(let c): return "Confirm destructive step \(c.step): type \(c.expected)"
        case .text(let t): return t.title + ": " + t.text
        case .question(let q): return q.title
        case .error(let step, let f): return "\(step) failed: \(f.message)"
        }
    }

    /// Box, title and message lines; room for a field and buttons below. Returns the box.
    func frame(_ title: String, lines: [String], role: Role, field: Bool = true) -> Rect {
        let width = min(72, max(44, (lines.map(\.count).max() ?? 0) + 6))
        let r = layout.dialog(rows: lines.count + (field ? 7 : 5), cols: width)
        p.clear(r)
        p.box(r, title: title, role: role, focused: false)
        for (i, l) in lines.enumerated() where r.y + 2 + i < r.bottom - (field ? 4 : 2) {
            p.text(l, y: r.y + 2 + i, x: r.x + 2, width: r.cols - 4)
        }
        return r
    }

    func field(_ text: String, y: Int, _ r: Rect, focused: Bool) {
        let w = r.cols - 6
        let shown = text.count > w - 1 ? String(text.suffix(w - 1)) : text
        p.text(
            "[" + p.pad(shown + (focused ? "_" : ""), w) + "]", y: y, x: r.x + 2, width: w + 2,
            role: focused ? .selected : .normal)
    }

    func buttons(_ items: [(String, Bool)], y: Int, _ r: Rect, enabled: [Bool]) {
        var x = r.x + r.cols - 2
        for (i, item) in items.enumerated().reversed() {
            let label = item.1 ? "> \(item.0) <" : "  \(item.0)  "
            x -= label.count + 1
            let role: Role = item.1 ? .selected : (enabled[i] ? .normal : .muted)
            p.text(label, y: y, x: x, width: label.count, role: role, attrs: .bold)
        }
    }

    func wrap(_ s: String, _ width: Int) -> [String] { p.wrap(s, width) }
}
