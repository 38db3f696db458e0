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
        t += s.results
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

    /// Rows of the focused table (what the cursor scrolls over).
    func lineCount(focus: Int) -> Int {
        tables.indices.contains(focus) ? tables[focus].rows.count : 0
    }
}
