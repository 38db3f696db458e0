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
        let running = state.run.runningStep.flatMap { id in stage.steps.contains { $0.id == id } ? id : nil }
        let shown = running ?? state.selectedStep?.id
        DeployPanels(state: state, stage: stage, stepID: shown, rect: liveRect, p: p, focused: focus == 1).draw()
    }

    func drawSteps(_ stage: Stage, _ r: Rect) {
        let (d, t) = state.progress(of: stage)
        p.box(r, title: "\(stage.title) \(d)/\(t)", focused: focus == 0)
        let inner = r.inner
        var y = inner.y
        let missing = state.gateMissing(stage)
        if !missing.isEmpty {
            p.text("Gate closed: \(missing.count) required item(s) missing; F9/o overrides", y: y, x: inner.x + 1,
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

/// Live panels of one step: per-item bars, server progress, throughput sparkline, statement, log tail.
struct LivePanel {
    let state: WizardState
    let stepID: String?
    let rect: Rect
    let p: Painter
    let focused: Bool

    func draw() {
        p.box(rect, title: "Live", focused: focused)
        let r = rect.inner
        guard let id = stepID, r.rows > 2 else { return }
        let st = state.run.step(id)
        var y = r.y
        let x = r.x + 1, w = r.cols - 2
        let tag = p.g.tag(st.status)
        let attempt = st.attempt > 1 ? "  attempt \(st.attempt)" : ""
        let elapsed = st.startedAt == nil && st.seconds == nil ? "" : "  elapsed \(Format.duration(state.seconds(of: id)))"
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
        if st.status == .running, !state.run.throughput.isEmpty, y < r.bottom - logRows {
            let rate = state.run.throughput.last ?? 0
            let unit = st.items.first?.unit ?? "rows"
            let label = "Throughput \(Format.short(rate, unit: unit))\(unit == "bytes" ? "" : " " + unit)/s "
            p.text(label, y: y, x: x, width: w, role: .muted)
            p.text(p.g.sparkline(state.run.throughput, width: w - label.count), y: y, x: x + label.count,
                   width: w - label.count, role: .running)
            y += 1
        }
        drawLog(y: y, x: x, w: w, bottom: r.bottom)
    }

    func drawItems(_ st: StepState, y: Int, x: Int, w: Int, maxRows: Int) -> Int {
        var y = y
        let items = st.items.suffix(max(maxRows, 0))
        let nameW = min(25, max(11, (items.map(\.item.count).max() ?? 10) + 2))
        let numbersW = 44
        let barW = max(6, w - nameW - numbersW - 1)
        for it in items {
            let frac = it.total.map { $0 > 0 ? Double(it.done) / Double($0) : 1 } ?? 0
            let amount = { (n: Int64) in it.unit == "bytes" ? Format.bytes(Double(n)) : Format.count(n) }
            let total = it.total.map(amount) ?? "?"
            let finished = it.total.map { it.done >= $0 } ?? false
            let eta = finished ? "done" : it.eta.map { "ETA " + Format.duration($0) } ?? "ETA --"
            let elapsed = Format.duration(it.updatedAt.timeIntervalSince(it.startedAt))
            let unit = it.unit == "bytes" ? "" : " \(it.unit)"
            // One sample has no rate yet: "--/s", not a misleading 0.
            let rate = it.updatedAt > it.startedAt ? Format.short(it.rate, unit: it.unit) : "--"
            let numbers = "\(amount(it.done))/\(total)\(unit) \(rate)/s \(elapsed) \(eta)"
            p.text(p.pad(it.item, nameW - 1), y: y, x: x, width: nameW - 1)
            p.text(p.g.bar(frac, width: barW), y: y, x: x + nameW, width: barW, role: finished ? .ok : .running)
            p.text(numbers, y: y, x: x + nameW + barW + 1, width: w - nameW - barW - 1)
            y += 1
        }
        return y
    }

    /// Result tables named after the server's progress views, rendered as compact lines.
    func drawServerProgress(_ st: StepState, y: Int, x: Int, w: Int, maxRows: Int) -> Int {
        var y = y, left = maxRows
        for t in st.results where t.title.hasPrefix("pg_stat_progress") {
            guard left > 1 else { break }
            p.text(t.title, y: y, x: x, width: w, role: .accent, attrs: .bold)
            y += 1; left -= 1
            for row in t.rows {
                // Wrap the row's column=value pairs over as many lines as needed.
                var line = " "
                for cell in zip(t.columns, row).map({ "\($0)=\($1)" }) {
                    if line.count + cell.count + 2 > w, line.count > 1 {
                        guard left > 0 else { return y }
                        p.text(line, y: y, x: x, width: w); y += 1; left -= 1; line = " "
                    }
                    line += " " + cell
                }
                guard left > 0 else { return y }
                p.text(line, y: y, x: x, width: w); y += 1; left -= 1
            }
        }
        return y
    }

    static let levelTag: [LogLevel: String] = [.debug: "dbg ", .info: "info", .notice: "note", .warning: "WARN", .error: "ERR "]

    /// HH:MM:SS in UTC (the journal's clock).
    static func clock(_ d: Date) -> String {
        let t = Int(d.timeIntervalSince1970) % 86400
        return String(format: "%02d:%02d:%02d", t / 3600, (t % 3600) / 60, t % 60)
    }

    func drawLog(y: Int, x: Int, w: Int, bottom: Int) {
        guard y < bottom else { return }
        let back = state.logScroll
        p.text(back > 0 ? "Log (\(back) line(s) back; Down scrolls to the newest)" : "Log",
               y: y, x: x, width: w, role: .muted, attrs: .bold)
        let n = bottom - y - 1
        guard n > 0 else { return }
        let tail = state.run.logTail.dropLast(min(back, state.run.logTail.count))
        for (k, line) in tail.suffix(n).enumerated() {
            let role: Role = line.level >= .error ? .fail : line.level == .warning ? .warn : .normal
            p.text("\(Self.clock(line.at)) \(Self.levelTag[line.level] ?? "    ") \(line.message)", y: y + 1 + k, x: x, width: w, role: role)
        }
    }
}
