import Foundation
import MigrationCore

/// Draws a `WizardState` into a `Terminal`: layout from the terminal's size, one frame per call.
public struct Renderer: Sendable {
    public var glyphs: Glyphs

    public init(glyphs: Glyphs) { self.glyphs = glyphs }

    /// Erase, draw every part of the current screen, present once.
    public func render(_ state: WizardState, into term: any Terminal) {
        let layout = Layout(term.size)
        let p = Painter(term: term, g: glyphs)
        term.erase()
        if layout.tooSmall {
            drawTooSmall(state, layout, p)
        } else {
            drawHeader(state, layout, p)
            drawBody(state, layout, p)
            drawMessage(state, layout, p)
            drawStatusBar(state.dialog != nil ? .dialog : state.screen.kind, layout, p)
            if let d = state.dialog { DialogView(state: state, dialog: d, layout: layout, p: p).draw() }
        }
        term.present()
    }

    func drawBody(_ s: WizardState, _ l: Layout, _ p: Painter) {
        switch s.screen {
        case .start: StartView(state: s, rect: l.body, p: p).draw()
        case .overview: OverviewView(state: s, rect: l.body, p: p).draw()
        case .checklist(let id): ChecklistView(state: s, stageID: id, rect: l.body, p: p).draw()
        case .phase(let id): PhaseView(state: s, stageID: id, layout: l, p: p).draw()
        case .reader(let id): ReaderView(state: s, stepID: id, rect: l.body, p: p).draw()
        case .help(let kind): HelpView(kind: kind, top: s.selected, rect: l.body, p: p).draw()
        case .criteria: CriteriaView(state: s, rect: l.body, p: p).draw()
        }
    }

    func drawHeader(_ s: WizardState, _ l: Layout, _ p: Painter) {
        let r = l.header
        p.term.put(String(repeating: " ", count: r.cols), y: r.y, x: 0, role: .selected)
        var left = " edu-migrate"
        switch s.screen {
        case .start: left += " \(glyphs.arrow) Start"
        case .overview: left += " \(glyphs.arrow) Phase overview"
        case .checklist(let id), .phase(let id): left += " \(glyphs.arrow) \(s.plan.stage(id)?.title ?? id)"
        case .reader(let id): left += " \(glyphs.arrow) Results: \(s.title(id))"
        case .help: left += " \(glyphs.arrow) Help"
        case .criteria: left += " \(glyphs.arrow) Success criteria"
        }
        let right: String
        if let r = s.run.runningStep {
            right = "running: \(s.title(r)) \(Format.duration(s.seconds(of: r))) "
        } else if let f = s.run.finished {
            right = "run \(f.rawValue) "
        } else {
            right = "\(s.doneCount)/\(s.allSteps.count) steps done "
        }
        let rw = min(right.count, r.cols / 2)
        p.text(left, y: r.y, x: 0, width: r.cols - rw - 1, role: .selected, attrs: .bold)
        p.text(right, y: r.y, x: r.cols - rw, width: rw, role: .selected)
    }

    func drawMessage(_ s: WizardState, _ l: Layout, _ p: Painter) {
        guard let m = s.message else { return }
        p.text(" " + m, y: l.message.y, x: 0, width: l.message.cols, role: .warn, attrs: .bold)
    }

    /// The status bar: exactly the key table's status-bar bindings for this screen.
    func drawStatusBar(_ kind: ScreenKind, _ l: Layout, _ p: Painter) {
        let r = l.statusBar
        var x = 0
        for (key, name) in KeyTable.statusBar(on: kind, width: r.cols).map({ ($0.label, $0.name) }) {
            let w = key.count + name.count + 2
            guard x + w <= r.cols else { break }
            p.term.put(key, y: r.y, x: x, role: .selected, attrs: .bold)
            p.term.put(" " + name, y: r.y, x: x + key.count, role: .normal)
            x += w
        }
    }

    func drawTooSmall(_ s: WizardState, _ l: Layout, _ p: Painter) {
        let c = l.size.cols
        var lines = ["terminal too small: need \(Layout.minCols)x\(Layout.minRows), have \(l.size.cols)x\(l.size.rows)"]
        let keys = { (b: [KeyBinding]) in b.map { "\($0.label) \($0.name)" }.joined(separator: "  ") }
        if let d = s.dialog {
            // Only Esc works here: the dialog is answered once it can be read whole.
            lines += [DialogView.title(of: d), "enlarge the terminal to answer; Esc cancels"]
        } else if s.smallHelp {
            lines += KeyTable.bindings(on: .tooSmall).map { "\($0.label) \($0.description)" }
        } else {
            lines.append(keys(KeyTable.statusBar(on: .tooSmall)))
        }
        if let r = s.run.runningStep { lines.append("running: \(s.title(r))") }
        for (i, line) in lines.enumerated() where i < l.size.rows {
            p.text(line, y: i, x: 0, width: c, role: i == 0 ? .warn : .normal, attrs: i == 0 ? .bold : [])
        }
    }
}
