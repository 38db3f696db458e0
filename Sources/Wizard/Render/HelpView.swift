import Foundation
import MigrationCore

/// Help for one screen, generated from the key table; scrolls with the cursor keys.
struct HelpView {
    let kind: ScreenKind
    let top: Int
    let rect: Rect
    let p: Painter

    /// Lines of help on `kind` for a terminal `cols` wide (what the reducer scrolls over).
    static func lineCount(kind: ScreenKind, cols: Int) -> Int {
        wrapped(kind: kind, width: max(10, cols - 32)).count + footer(.ascii).count
    }

    /// The bindings as (key, name, description) lines, long descriptions wrapped.
    static func wrapped(kind: ScreenKind, width: Int) -> [(String, String, String)] {
        var out: [(String, String, String)] = []
        for b in KeyTable.bindings(on: kind) {
            var words = b.description.split(separator: " ").map(String.init)
            var first = true
            while !words.isEmpty {
                var line = ""
                while let w = words.first, line.isEmpty || line.count + w.count + 1 <= width {
                    line += (line.isEmpty ? "" : " ") + w
                    words.removeFirst()
                }
                out.append(first ? (b.label, b.name, line) : ("", "", line))
                first = false
            }
        }
        return out
    }

    /// The lines after the bindings: the status legend (every status the screens show, so none
    /// has to be guessed) and the destructive-step rule. `lineCount` counts them too.
    static func footer(_ g: Glyphs) -> [String] {
        let all: [StepStatus] = [.passed, .signed, .warned, .failed, .running, .cancelled, .skipped, .pending]
        let legend = all.map { g.tag($0).text.trimmingCharacters(in: .whitespaces) + " " + $0.rawValue }
        // Short lines (under 53 characters, the text column at 80x24), so none is cut at any size.
        return ["", "Status always has a word or glyph:"]
            + stride(from: 0, to: legend.count, by: 2).map {
                legend[$0..<min($0 + 2, legend.count)].joined(separator: "  ")
            }
            + [
                "Destructive steps: you type the database name,",
                "asked before any hook stops the application;",
                "focus starts on Cancel.",
            ]
    }

    func lines(width: Int) -> [(String, String, String)] {
        Self.wrapped(kind: kind, width: width) + Self.footer(p.g).map { ("", "", $0) }
    }

    func draw() {
        let r = rect
        let all = lines(width: max(10, r.inner.cols - 30))
        let visible = r.inner.rows
        let first = max(0, min(top, all.count - visible))
        let more = all.count > first + visible ? "  (more: j/PgDn)" : ""
        p.box(r, title: "Keys on the \(kind.rawValue) screen (Esc or ? closes)\(more)")
        for (k, line) in all.dropFirst(first).prefix(visible).enumerated() {
            let y = r.inner.y + k
            p.text(p.pad(line.0, 12), y: y, x: r.inner.x + 1, width: 12, role: .accent, attrs: .bold)
            p.text(p.pad(line.1, 14), y: y, x: r.inner.x + 14, width: 14, attrs: .bold)
            p.text(
                line.2, y: y, x: r.inner.x + 29, width: r.inner.cols - 30,
                role: line.0.isEmpty && line.1.isEmpty ? .muted : .normal)
        }
    }
}
