import MigrationCore

/// The application's HTTP checks side by side: one row per endpoint, one column per stage and
/// label ("before (integration)", "after (integration)", "after (deployment)"), from the
/// `HTTP checks (<label>)` tables of every `http` step that has run (its last attempt).
enum HttpComparison {
    /// The table, or nil when fewer than two measurements exist to compare.
    static func table(state: WizardState) -> ResultTable? {
        var columns: [String] = []
        var cells: [String: [String: (String, CheckStatus)]] = [:]  // check -> column -> cell
        var order: [String] = []
        for stage in state.plan.stages {
            for step in stage.steps where step.kind == .http {
                for t in state.run.step(step.id).results where t.has(.httpChecks, orTitlePrefix: "HTTP checks (") {
                    let label = String(t.title.dropFirst("HTTP checks (".count).dropLast())
                    let column = "\(label) (\(stage.id))"
                    if !columns.contains(column) { columns.append(column) }
                    add(t, column: column, into: &cells, order: &order)
                }
            }
        }
        guard columns.count >= 2 else { return nil }
        var rows: [[String]] = []
        var status: [CheckStatus] = []
        for check in order {
            let row = cells[check] ?? [:]
            rows.append([check] + columns.map { row[$0]?.0 ?? "-" })
            // The newest measurement decides the row's tag.
            status.append(columns.last { row[$0] != nil }.flatMap { row[$0]?.1 } ?? .pass)
        }
        return ResultTable(
            title: "HTTP checks before / after the switch", columns: ["check"] + columns,
            rows: rows, status: status)
    }

    /// "OK 200 12.5 ms" / "FAIL 500 3.0 ms" for each row of an `HTTP checks` table.
    private static func add(
        _ t: ResultTable, column: String, into cells: inout [String: [String: (String, CheckStatus)]],
        order: inout [String]
    ) {
        let ix = { (name: String) in t.columns.firstIndex(of: name) }
        for (i, row) in t.rows.enumerated() {
            let value = { (name: String) -> String in ix(name).flatMap { $0 < row.count ? row[$0] : nil } ?? "-" }
            let check = value("check")
            let st = t.status.flatMap { $0.indices.contains(i) ? $0[i] : nil } ?? .pass
            let word = st == .fail ? "FAIL" : st == .warn ? "WARN" : "OK"
            let latency = value("latency_ms") == "-" ? "no answer" : "\(value("latency_ms")) ms"
            if !order.contains(check) { order.append(check) }
            cells[check, default: [:]][column] = ("\(word) \(value("http_status")) \(latency)", st)
        }
    }
}
