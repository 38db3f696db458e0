import Foundation

/// Legacy baseline vs new timings, paired in query order: from explicit `legacy_ms`/`new_ms`
/// columns, or from the `Execution Time: N ms` lines of EXPLAIN ANALYZE tables (the phase-1
/// baseline step's tables against the validation step's). The steps are those the plan marks
/// `criterion: performance`.
struct PerformanceComparison: Equatable {
    struct Pair: Equatable {
        var query: String
        var legacyMs: Double
        var newMs: Double
    }
    var pairs: [Pair]

    /// A clear regression by the validation step's rule (`PerformanceThreshold`: new > 2x legacy
    /// and more than 50 ms slower; single runs of millisecond queries are noise).
    static func isSlower(_ p: Pair) -> Bool { PerformanceThreshold.isRegression(legacyMs: p.legacyMs, newMs: p.newMs) }

    init?(_ f: JournalFacts) {
        let perf: (StepRun, ResultTable) -> Bool = { s, _ in s.criterion == .performance }
        let new = f.tables { s, t in !s.isAnalysis && perf(s, t) }
        var explicit: [Pair] = []
        for (_, t) in new {
            guard let o = t.column(["legacy_ms", "baseline_ms", "old_ms", "before_ms"]),
                let n = t.column(["new_ms", "target_ms", "after_ms"])
            else { continue }
            for row in t.rows {
                if let a = Double(row[o]), let b = Double(row[n]) {
                    explicit.append(Pair(query: row.first ?? "", legacyMs: a, newMs: b))
                }
            }
        }
        if !explicit.isEmpty {
            pairs = explicit
            return
        }
        let newTimes = new.compactMap { Self.executionTime($0.table).map { (t: $0, title: $1) } }
        let oldTimes = f.tables { s, t in s.isAnalysis && perf(s, t) }.compactMap {
            Self.executionTime($0.table).map { (t: $0, title: $1) }
        }
        guard !newTimes.isEmpty, newTimes.count == oldTimes.count else { return nil }
        pairs = zip(oldTimes, newTimes).enumerated().map { i, p in
            Pair(query: "query \(i + 1): \(p.1.title)", legacyMs: p.0.t, newMs: p.1.t)
        }
    }

    /// `Execution Time: 1.234 ms` in an EXPLAIN ANALYZE table, with the table's title.
    static func executionTime(_ t: ResultTable) -> (Double, String)? {
        for row in t.rows {
            for cell in row {
                guard let r = cell.range(of: "Execution Time: ") else { continue }
                let num = cell[r.upperBound...].prefix { $0.isNumber || $0 == "." }
                if let v = Double(num) { return (v, String(t.title.prefix(60))) }
            }
        }
        return nil
    }

    /// The pairs as a table with pass/fail per query.
    var table: ResultTable {
        ResultTable(
            title: "Performance: legacy baseline vs new (ms)", columns: ["query", "legacy_ms", "new_ms"],
            rows: pairs.map { [$0.query, String($0.legacyMs), String($0.newMs)] },
            status: pairs.map { Self.isSlower($0) ? .fail : .pass })
    }
}
