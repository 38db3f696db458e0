import MigrationCore

/// Scrollable result tables of one step (analysis, backups, validation, reconciliation).
struct ReaderView {
    let state: WizardState
    let stepID: String
    let rect: Rect
    let p: Painter

    func draw() {
        let model = ReaderModel(state: state, step: stepID)
        let key = state.screen.key
        let focus = state.focus[key] ?? 0
        let r = rect
        guard !model.tables.isEmpty else {
            let done = state.run.step(stepID).status == .passed
            let text =
                done
                ? "\(state.title(stepID)) passed; it reports no tables (its lines are in the log)."
                : "No results yet for \(state.title(stepID))."
            p.text(text, y: r.y + 1, x: 2, width: r.cols - 4, role: .muted)
            return
        }
        drawTabs(model.tables.map(\.title), focus: min(focus, model.tables.count - 1), y: r.y, cols: r.cols)
        let table = model.tables[min(focus, model.tables.count - 1)]
        let box = Rect(y: r.y + 1, x: 0, rows: r.rows - 1, cols: r.cols)
        // A long title gives way so the row count and the Tab hint stay readable.
        let suffix = "  (\(table.rows.count) rows; Tab next table)"
        p.box(box, title: p.fit(table.title, box.cols - 6 - suffix.count) + suffix, focused: true)
        let inner = box.inner
        // Fitted to the screen at rest; once scrolled right, natural widths, so → reveals the
        // cells the fitting cut short rather than the rest of an already cut line.
        let hs = state.hscroll[key] ?? 0
        let widths = hs > 0 ? ReaderModel.naturalWidths(table) : columnWidths(table, room: inner.cols - 8)
        func line(_ cells: [String]) -> String {
            let joined = zip(cells, widths).map { p.pad($0, $1) }.joined(separator: " ")
            return String(joined.dropFirst(min(hs, joined.count)))
        }
        p.text(line(table.columns), y: inner.y, x: inner.x + 7, width: inner.cols - 8, attrs: [.bold, .underline])
        let visible = inner.rows - 1
        let sel = state.selected
        let top = max(0, min(sel - visible / 2, table.rows.count - visible))
        for (k, i) in (top..<min(table.rows.count, top + visible)).enumerated() {
            let y = inner.y + 1 + k
            let status = table.status.flatMap { $0.indices.contains(i) ? $0[i] : nil }
            if let status {
                let t = p.g.tag(status)
                p.text(t.text, y: y, x: inner.x, width: 6, role: t.role, attrs: .bold)
            }
            p.text(
                line(table.rows[i]), y: y, x: inner.x + 7, width: inner.cols - 8, role: i == sel ? .selected : .normal)
        }
    }

    /// Natural widths (at most 80); when they do not fit in `room`, the widest columns give way
    /// first (scrolling right shows them whole).
    func columnWidths(_ t: ResultTable, room: Int) -> [Int] {
        var widths = ReaderModel.naturalWidths(t, cap: 80)
        func total() -> Int { widths.reduce(0, +) + max(widths.count - 1, 0) }
        while total() > room, let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > 12 {
            widths[i] -= 1
        }
        return widths
    }
}

extension ReaderView {
    /// The tab strip: numbered tabs, each as wide as the count allows (20-32 characters), and
    /// scrolled so the focused one is always shown ("<" / ">" say more are off screen).
    func drawTabs(_ titles: [String], focus: Int, y: Int, cols: Int) {
        let per = max(20, min(32, (cols - 4) / max(1, titles.count) - 4))
        let labels = titles.enumerated().map { i, t in " \(i + 1) \(p.fit(t, per)) " }
        func width(_ a: Int, _ b: Int) -> Int { labels[a...b].reduce(0) { $0 + $1.count + 1 } }
        var start = 0
        while start < focus && width(start, focus) + 4 > cols { start += 1 }
        var x = 1
        if start > 0 {
            p.text("<", y: y, x: x, width: 1, role: .muted)
            x += 2
        }
        for i in start..<labels.count {
            guard x + labels[i].count + 2 < cols else {
                p.text(">", y: y, x: cols - 2, width: 1, role: .muted)
                break
            }
            p.text(labels[i], y: y, x: x, width: labels[i].count, role: i == focus ? .selected : .muted, attrs: .bold)
            x += labels[i].count + 1
        }
    }
}
