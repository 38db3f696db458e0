import MigrationCore

/// The tables a reader shows for one step: its checks, its result tables and its failure.
struct ReaderModel {
    var tables: [ResultTable]

    init(state: WizardState, step: String) {
        let s = state.run.step(step)
        var t: [ResultTable] = []
        if !s.checks.isEmpty {
            t.append(ResultTable(title: "Checks", columns: ["check", "status", "evidence"],
                                 rows: s.checks.map { [$0.name, $0.status.rawValue, $0.evidence] },
                                 status: s.checks.map(\.status)))
        }
        if state.plan.step(step)?.step.kind == .http, let both = HttpComparison.table(state: state) { t.insert(both, at: 0) }
        t += s.results.map(Self.withStatus)
        if let f = s.failure {
            var rows = [["message", f.message]]
            if let v = f.sqlState { rows.append(["SQLSTATE", v]) }
            if let v = f.location { rows.append(["where", v]) }
            if let v = f.fix { rows.append(["what to do", v]) }
            t.append(ResultTable(title: "Failure (\(f.code))", columns: ["", "detail"], rows: rows,
                                 status: rows.map { _ in .fail }))
        }
        if let so = s.signOff {
            t.append(ResultTable(title: "Sign-off", columns: ["operator", "evidence"],
                                 rows: [[so.operatorName, so.evidence ?? ""]], status: [.pass]))
        }
        tables = t
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
        guard table.status == nil, let c = table.columns.firstIndex(where: { $0.lowercased() == "status" }) else { return table }
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
