import MigrationCore
import Wizard

/// Render a wizard state on an in-memory terminal and return it (for tests and screen captures).
/// - Parameters: state: what to draw; rows/cols: terminal size; ascii: ASCII glyphs; color: colour available.
public func renderOnGridTerminal(
    _ state: WizardState, rows: Int, cols: Int, ascii: Bool = false,
    color: Bool = true
) -> GridTerminal {
    let term = GridTerminal(rows: rows, cols: cols, color: color)
    var s = state
    _ = s.handle(.resize(TermSize(rows: rows, cols: cols)))
    Renderer(glyphs: ascii ? .ascii : .utf8).render(s, into: term)
    return term
}
