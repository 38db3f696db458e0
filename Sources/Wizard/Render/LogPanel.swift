import Foundation
import MigrationCore

/// The log tail under a live panel: lines at or above the chosen level (debug hidden by
/// default), scrolled back by the operator, search matches marked.
struct LogPanel {
    let state: WizardState
    let p: Painter

    static let levelTag: [LogLevel: String] = [
        .debug: "dbg ", .info: "info", .notice: "note", .warning: "WARN", .error: "ERR ",
    ]

    func draw(y: Int, x: Int, w: Int, bottom: Int) {
        guard y < bottom else { return }
        let back = state.logScroll
        let lines = state.visibleLog
        let hidden = state.run.logTail.count - lines.count
        var title = "Log (\(state.logLevel.rawValue) and up"
        title +=
            hidden > 0
            ? ", \(hidden) hidden; \(KeyTable.label(.logLevel)) level)" : "; \(KeyTable.label(.logLevel)) level)"
        if back > 0 { title += "  \(back) line(s) back; End follows the newest" }
        if let q = state.search[WizardState.logSearchKey] { title += "  /\(q)" }
        p.text(title, y: y, x: x, width: w, role: .muted, attrs: .bold)
        let n = bottom - y - 1
        guard n > 0 else { return }
        let query = state.search[WizardState.logSearchKey]
        let tail = lines.dropLast(min(back, lines.count))
        for (k, line) in tail.suffix(n).enumerated() {
            var role: Role = line.level >= .error ? .fail : line.level == .warning ? .warn : .normal
            if let q = query, line.message.localizedCaseInsensitiveContains(q) { role = .accent }
            p.text(
                "\(LivePanel.clock(line.at)) \(Self.levelTag[line.level] ?? "    ") \(line.message)", y: y + 1 + k,
                x: x, width: w, role: role)
        }
    }
}
