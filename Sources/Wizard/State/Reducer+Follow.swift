import Foundation
import MigrationCore

/// Following the running work (`less +F`), the log's level filter, search and sort.
extension WizardState {
    /// The key under which the log's search text is kept.
    static let logSearchKey = "log"

    /// The step the Live panel shows on a phase screen: while following, the running step (of
    /// any stage); otherwise the selected one (while following, the cursor went with the work,
    /// so a phase that ends keeps its last step on screen).
    func liveStep(in stage: Stage) -> String? {
        if follow, let r = run.runningStep { return r }
        return selectedStep?.id
    }

    /// The Live panel's title: says when it does not follow the work, and how to get back.
    var liveTitle: String {
        guard case .phase(let id) = screen, let stage = plan.stage(id) else { return "Live" }
        if !follow, run.runningStep != nil {
            return "Live: selected step, not following (\(KeyTable.label(.follow)) follows the running work)"
        }
        if let r = run.runningStep, liveStep(in: stage) == r, !stage.steps.contains(where: { $0.id == r }),
            let other = plan.step(r)?.stage
        {
            return "Live: running in \(other.title)"
        }
        return "Live"
    }

    /// A step started: remember it, and while following put the phase screen's cursor on it.
    mutating func followStart(_ step: String) {
        lastRun = step
        guard follow, case .phase(let id) = screen, let i = plan.stage(id)?.steps.firstIndex(where: { $0.id == step })
        else { return }
        cursor[screen.key] = i
    }

    /// `f`: follow again; the cursor goes back to the work.
    mutating func followAgain() {
        follow = true
        if let r = run.runningStep ?? lastRun { followStart(r) }
        message = "Following the running work."
    }

    /// The log lines at or above the chosen level.
    var visibleLog: [LogLine] { run.logTail.filter { $0.level >= logLevel } }

    /// `L`: info, notice, warning, error, then debug (everything), then info again.
    mutating func cycleLogLevel() {
        let order: [LogLevel] = [.info, .notice, .warning, .error, .debug]
        logLevel = order[((order.firstIndex(of: logLevel) ?? 0) + 1) % order.count]
        logScroll = 0
        message = "Log: \(logLevel.rawValue) and up."
    }

    /// Where `/` searches on this screen.
    var searchKey: String? {
        switch screen {
        case .phase: return Self.logSearchKey
        case .reader: return screen.key
        default: return nil
        }
    }

    /// `/`: ask for the text.
    mutating func askSearch() {
        guard let key = searchKey else { return }
        dialog = .text(
            TextDialog(
                title: "Search", prompt: key == Self.logSearchKey ? "Find in the log:" : "Find in the rows:",
                text: search[key] ?? "", purpose: .search(key: key)))
    }

    /// Search text submitted: empty clears; otherwise jump to the first match from here.
    mutating func setSearch(_ text: String, key: String) {
        search[key] = text.isEmpty ? nil : text
        if !text.isEmpty { jumpToMatch(1, from: -1) }
    }

    /// `n` / `N`: the next / previous match (wraps around).
    mutating func jumpToMatch(_ direction: Int, from start: Int? = nil) {
        guard let key = searchKey, let q = search[key] else {
            message = "No search: \(KeyTable.label(.search)) starts one."
            return
        }
        if key == Self.logSearchKey {
            // logScroll counts lines back from the newest; matches are searched from there.
            let lines = visibleLog
            let n = lines.count
            guard n > 0 else { return }
            let current = n - 1 - (start ?? logScroll)
            for k in 1...n {
                let i = ((current - direction * k) % n + n) % n
                if lines[i].message.localizedCaseInsensitiveContains(q) {
                    logScroll = n - 1 - i
                    return
                }
            }
        } else if case .reader(let id) = screen {
            let table = ReaderModel(state: self, step: id).focused(self)
            let rows = table?.rows ?? []
            let n = rows.count
            guard n > 0 else { return }
            let from = start ?? selected
            for k in 1...n {
                let i = ((from + direction * k) % n + n) % n
                if rows[i].contains(where: { $0.localizedCaseInsensitiveContains(q) }) {
                    cursor[screen.key] = i
                    return
                }
            }
        }
        message = "Not found: \(q)"
    }

    /// The sort key of the focused reader table.
    var sortKey: String { "\(screen.key)#\(focus[screen.key] ?? 0)" }

    /// `s`: sort by the next column; after the last one, back to the query's own order.
    mutating func cycleSort() {
        guard case .reader(let id) = screen, let table = ReaderModel(state: self, step: id, sorted: false).focused(self)
        else { return }
        let next = (sort[sortKey]?.column ?? -1) + 1
        sort[sortKey] = next < table.columns.count ? ColumnSort(column: next) : nil
        cursor[screen.key] = 0
        message = sort[sortKey].map { "Sorted by \(table.columns[$0.column]) (S reverses)." } ?? "In the query's order."
    }

    /// `S`: reverse the sort (sorts by the first column when none was chosen).
    mutating func reverseSort() {
        guard case .reader = screen else { return }
        var s = sort[sortKey] ?? ColumnSort(column: 0, descending: true)
        if sort[sortKey] != nil { s.descending.toggle() }
        sort[sortKey] = s
        cursor[screen.key] = 0
    }
}
