import Foundation
import MigrationCore

/// Live panels of one step: per-item bars, throughput sparkline, statement, log tail.
struct LivePanel {
    let state: WizardState
    let stepID: String?
    let rect: Rect
    let p: Painter
    let focused: Bool

    func draw() {
        p.box(rect, title: state.liveTitle, focused: focused)
        let r = rect.inner
        guard let id = stepID, r.rows > 2 else { return }
        let st = state.run.step(id)
        var y = r.y
        let x = r.x + 1
        let w = r.cols - 2
        let tag = p.g.tag(st.status)
        let attempt = st.attempt > 1 ? "  attempt \(st.attempt)" : ""
        let elapsed =
            st.startedAt == nil && st.seconds == nil ? "" : "  elapsed \(Format.duration(state.seconds(of: id)))"
        p.tagged(tag, "\(state.title(id))\(elapsed)\(attempt)", y: y, x: x, width: w)
        y += 1
        if let stmt = st.statement {
            p.text("Statement: \(stmt)", y: y, x: x, width: w, role: .running)
            y += 1
        } else if let f = st.failure {
            p.text("\(p.g.fail) \(f.message)\(f.fix.map { " - fix: \($0)" } ?? "")", y: y, x: x, width: w, role: .fail)
            y += 1
        }
        let logRows = max(3, r.rows / 4)
        let budget = r.bottom - y - logRows - 1
        y = drawItems(st, y: y, x: x, w: w, maxRows: budget)
        y = drawServerProgress(st, y: y, x: x, w: w, maxRows: r.bottom - y - logRows - 1)
        if st.status == .running, let rate = state.run.throughput.last, y < r.bottom - logRows {
            let unit = state.run.throughputUnit ?? "rows"
            let label = "Throughput \(Format.short(rate, unit: unit))\(unit == "bytes" ? "" : " " + unit)/s "
            p.text(label, y: y, x: x, width: w, role: .muted)
            p.text(
                p.g.sparkline(state.run.throughput, width: w - label.count), y: y, x: x + label.count,
                width: w - label.count, role: .running)
            y += 1
        }
        LogPanel(state: state, p: p).draw(y: y, x: x, w: w, bottom: r.bottom)
    }

    func drawItems(_ st: StepState, y: Int, x: Int, w: Int, maxRows: Int) -> Int {
        var y = y
        let rows = LiveRows.rows(st, expected: state.legacyRows(for:)).suffix(max(maxRows, 0))
        let nameW = min(25, max(11, (rows.map(\.name.count).max() ?? 10) + 2))
        let numbersW = 44
        let barW = max(6, w - nameW - numbersW - 1)
        for row in rows {
            let it = row.item
            let frac = it.total.map { $0 > 0 ? Double(it.done) / Double($0) : 1 } ?? 0
            let amount = { (n: Int64) in it.unit == "bytes" ? Format.bytes(Double(n)) : Format.count(n) }
            let total = it.total.map(amount) ?? "?"
            let finished = it.total.map { it.done >= $0 } ?? false
            // Only running work has an ETA; a cancelled or failed step's rows stopped where they are.
            let eta =
                finished
                ? "done"
                : st.status != .running
                    ? st.status.rawValue
                    : row.counted ? "" : it.eta.map { "ETA " + Format.duration($0) } ?? "ETA --"
            let elapsed = Format.duration(it.updatedAt.timeIntervalSince(it.startedAt))
            let unit = it.unit == "bytes" ? "" : " \(it.unit)"
            // One sample has no rate yet: "--/s", not a misleading 0.
            let rate = it.updatedAt > it.startedAt ? Format.short(it.rate, unit: it.unit) : "--"
            let numbers =
                row.counted
                ? "\(amount(it.done))/\(total)\(unit) \(eta)"
                : "\(amount(it.done))/\(total)\(unit) \(rate)/s \(elapsed) \(eta)"
            p.text(p.pad(row.name, nameW - 1), y: y, x: x, width: nameW - 1)
            p.text(p.g.bar(frac, width: barW), y: y, x: x + nameW, width: barW, role: finished ? .ok : .running)
            p.text(numbers, y: y, x: x + nameW + barW + 1, width: w - nameW - barW - 1)
            y += 1
        }
        return y
    }

    /// Result tables named after the server's progress views, rendered as compact lines.
    func drawServerProgress(_ st: StepState, y: Int, x: Int, w: Int, maxRows: Int) -> Int {
        var y = y
        var left = maxRows
        for t in st.results where t.title.hasPrefix("pg_stat_progress") {
            guard left > 1 else { break }
            p.text(t.title, y: y, x: x, width: w, role: .accent, attrs: .bold)
            y += 1
            left -= 1
            for row in t.rows {
                // Wrap the row's column=value pairs over as many lines as needed.
                var line = " "
                for cell in zip(t.columns, row).map({ "\($0)=\($1)" }) {
                    if line.count + cell.count + 2 > w, line.count > 1 {
                        guard left > 0 else { return y }
                        p.text(line, y: y, x: x, width: w)
                        y += 1
                        left -= 1
                        line = " "
                    }
                    line += " " + cell
                }
                guard left > 0 else { return y }
                p.text(line, y: y, x: x, width: w)
                y += 1
                left -= 1
            }
        }
        return y
    }

    /// HH:MM:SS in UTC (the journal's clock).
    static func clock(_ d: Date) -> String {
        let t = Int(d.timeIntervalSince1970) % 86400
        return String(format: "%02d:%02d:%02d", t / 3600, (t % 3600) / 60, t % 60)
    }
}
