import Foundation
import MigrationCore

/// The health watch dashboard of a `monitor` step: round i of n and the next check, the threshold
/// that proposes rollback, one row per target (status, latency) with a timeline of every round.
struct HealthPanel {
    let state: WizardState
    let stepID: String
    let rect: Rect
    let p: Painter
    let focused: Bool

    func draw() {
        p.box(rect, title: "Health watch", focused: focused)
        let r = rect.inner
        guard r.rows > 2 else { return }
        let watch = HealthWatch(state: state, step: stepID)
        let x = r.x + 1
        let w = r.cols - 2
        var y = r.y
        p.tagged(p.g.tag(watch.status), "\(state.title(stepID))  \(roundText(watch))", y: y, x: x, width: w)
        y += 1
        let arrow = p.g.to
        p.text(
            "Threshold: \(watch.threshold) consecutive failures of one target \(arrow) rollback proposed", y: y, x: x,
            width: w, role: .muted)
        y += 1
        if watch.proposesRollback, let f = watch.failure {
            p.text("\(p.g.fail) \(f.message)", y: y, x: x, width: w, role: .fail, attrs: .bold)
            p.text(
                "\(arrow) rollback proposed: F12/b opens the rollback procedure", y: y + 1, x: x, width: w, role: .fail,
                attrs: .bold)
            y += 2
        } else if let worst = watch.worst {
            p.text(
                "\(p.g.fail) \(worst.target) failed \(worst.streak) of \(watch.threshold) in a row", y: y, x: x,
                width: w,
                role: .warn, attrs: .bold)
            y += 1
        }
        guard y < r.bottom else { return }
        let timelineW = max(4, w - 30)
        p.text(
            p.pad("target", 11) + p.pad("now", 7) + p.pad("latency", 12) + "history, one cell per round (oldest first)",
            y: y, x: x, width: w, attrs: .underline)
        y += 1
        for target in watch.targets where y < r.bottom {
            let c = watch.latest?.checks.first { $0.target == target }
            p.text(p.pad(target, 10), y: y, x: x, width: 10, attrs: .bold)
            if let c {
                let tag = p.g.tag(c.status)
                p.text(tag.text, y: y, x: x + 11, width: 6, role: tag.role, attrs: .bold)
                p.text(c.latency == "-" ? "-" : "\(c.latency) ms", y: y, x: x + 18, width: 11)
            }
            drawTimeline(watch, target: target, y: y, x: x + 30, width: timelineW)
            y += 1
        }
        if watch.targets.isEmpty, y < r.bottom {
            p.text("Waiting for the first round of checks.", y: y, x: x, width: w, role: .muted)
            y += 1
        }
        let logRows = max(3, r.rows / 4)
        if let last = watch.latest {
            // Failing targets' evidence first: it is what the operator needs when room is short.
            for c in last.checks.filter({ $0.status == .fail }) + last.checks.filter({ $0.status != .fail })
            where y < r.bottom - logRows {
                p.text(
                    "#\(last.index) \(c.target): \(c.evidence)", y: y, x: x, width: w,
                    role: c.status == .fail ? .fail : .muted)
                y += 1
            }
        }
        LogPanel(state: state, p: p).draw(y: y, x: x, w: w, bottom: r.bottom)
    }

    /// "round 3 of 24, next check in 42s" / "24 rounds done" / "stopped after round 2 of 24".
    func roundText(_ watch: HealthWatch) -> String {
        let done = watch.latest?.index ?? 0
        let of = watch.total.map { " of \($0)" } ?? ""
        switch watch.status {
        case .running:
            guard done > 0 else { return "first round running" }
            let next = watch.nextCheck(now: state.now).map { "next check in \(Format.duration($0))" } ?? "last round"
            return "round \(done)\(of), \(next)"
        case .passed, .warned: return "\(done)\(of) rounds done"
        case .pending: return "not started"
        default: return "stopped after round \(done)\(of)"
        }
    }

    /// One cell per round, newest right; rounds still to come as dots.
    func drawTimeline(_ watch: HealthWatch, target: String, y: Int, x: Int, width: Int) {
        var cells: [(String, Role)] = watch.rounds.map { round in
            switch round.checks.first(where: { $0.target == target })?.status {
            case .pass?: return (p.g.markPass, .ok)
            case .fail?: return (p.g.markFail, .fail)
            case .warn?: return ("!", .warn)
            case .notChecked?, nil: return (" ", .muted)
            }
        }
        if watch.status == .running, let total = watch.total {
            cells += Array(
                repeating: (p.g.markNone, Role.muted), count: max(0, min(total - cells.count, width - cells.count)))
        }
        var start = 0
        if cells.count > width {
            start = cells.count - width + 1
            p.text(p.g.ellipsis, y: y, x: x, width: 1, role: .muted)
        }
        for (k, cell) in cells.dropFirst(start).enumerated() {
            p.text(cell.0, y: y, x: x + (start > 0 ? 1 : 0) + k, width: 1, role: cell.1, attrs: .bold)
        }
    }
}
