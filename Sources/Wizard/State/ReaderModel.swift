import Foundation
import MigrationCore

/// The tables a reader shows for one step: its checks, its result tables and its failure.
struct ReaderModel {
    var tables: [ResultTable]

    /// - Parameter sorted: apply the operator's column sort (`s`/`S`) to the focused table.
    init(state: WizardState, step: String, sorted: Bool = true) {
        let s = state.run.step(step)
        var t: [ResultTable] = []
        if !s.checks.isEmpty {
            t.append(
                ResultTable(
                    title: "Checks", columns: ["check", "status", "evidence"],
                    rows: s.checks.map { [$0.name, $0.status.rawValue, $0.evidence] },
                    status: s.checks.map(\.status)))
        }
        if state.plan.step(step)?.step.kind == .http, let both = HttpComparison.table(state: state) {
            t.insert(both, at: 0)
        }
        t += s.results.map(Self.withStatus)
        if let f = s.failure {
            var rows = [["message", f.message]]
            if let v = f.sqlState { rows.append(["SQLSTATE", v]) }
            if let v = f.location { rows.append(["where", v]) }
            if let v = f.fix { rows.append(["what to do", v]) }
            t.append(
                ResultTable(
                    title: "Failure (\(f.code))", columns: ["", "detail"], rows: rows,
                    status: rows.map { _ in .fail }))
        }
        if let so = s.signOff {
            t.append(
                ResultTable(
                    title: "Sign-off", columns: ["operator", "evidence"],
                    rows: [[so.operatorName, so.evidence ?? ""]], status: [.pass]))
        }
        tables = t
        let f = state.focus[state.screen.key] ?? 0
        if sorted, tables.indices.contains(f), let order = state.sort[state.sortKey] {
            tables[f] = Self.sorted(tables[f], by: order)
        }
    }

    /// The focused table, if any.
    func focused(_ state: WizardState) -> ResultTable? {
        let f = state.focus[state.screen.key] ?? 0
        return tables.indices.contains(f) ? tables[f] : nil
    }

    /// Rows (with their statuses) sorted by one column: numbers as numbers, text case-insensitively.
    static func sorted(_ t: ResultTable, by order: ColumnSort) -> ResultTable {
        let c = order.column
        let keyed = t.rows.indices.map { i in
            (row: t.rows[i], status: t.status.flatMap { s in s.indices.contains(i) ? s[i] : nil })
        }
        let cell = { (r: [String]) in c < r.count ? r[c] : "" }
        let ordered = keyed.sorted { a, b in
            let x = cell(a.row)
            let y = cell(b.row)
            let less: Bool
            if let dx = Double(x), let dy = Double(y) {
                less = dx < dy
            } else {
                less = x.localizedCaseInsensitiveCompare(y) == .orderedAscending
            }
            let more: Bool
            if let dx = Double(x), let dy = Double(y) {
                more = dx > dy
            } else {
                more = x.localizedCaseInsensitiveCompare(y) == .orderedDescending
            }
            return order.descending ? more : less
        }
        var out = t
        out.rows = ordered.map { $0.row }
        if t.status != nil { out.status = ordered.map { $0.status ?? .pass } }
        return out
    }

    /// Each column's natural width (header and the first 500 rows; at most `cap` characters).
    static func naturalWidths(_ t: ResultTable, cap: Int = 1000) -> [Int] {
        t.columns.indices.map { c in
            let w = ([t.columns[c]] + t.rows.prefix(500).map { c < $0.count ? $0[c] : "" }).map(\.count).max() ?? 4
            return min(max(w, 3), cap)
        }
    }

    /// How far a table's lines can scroll right in `room` columns (0 when they fit).
    func maxScroll(focus: Int, room: Int) -> Int {
        guard !tables.isEmpty else { return 0 }
        let w = Self.naturalWidths(tables[min(max(focus, 0), tables.count - 1)])
        return max(0, w.reduce(0, +) + max(w.count - 1, 0) - room)
    }

    /// A table without per-row status gets one from a `status` column (pass / warn / fail), as
    /// validation and reconciliation queries return.
    static func withStatus(_ table: ResultTable) -> ResultTable {
        guard table.status == nil, let c = table.columns.firstIndex(where: { $0.lowercased() == "status" }) else {
            return table
        }
        var t = table
        let statuses = table.rows.map { c < $0.count ? CheckStatus(rawValue: $0[c].lowercased()) : nil }
        if statuses.contains(where: { $0 != nil }) { t.status = statuses.map { $0 ?? .pass } }
        return t
    }

    /// Rows of the focused table (what the cursor scrolls over).
    func lineCount(focus: Int) -> Int {
        tables.indices.contains(focus) ? tables[focus].rows.count : 0
    }
}
