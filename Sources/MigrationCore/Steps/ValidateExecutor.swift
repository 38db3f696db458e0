import Foundation
import Postgres

/// `validate` steps: every statement's result becomes a `ResultTable`; `expect` decides the verdict:
/// `zero-counts` (last column 0 on every row), `all-pass` (column `status` is pass), `report`
/// (no verdict, unless its rows have a pass/warn/fail `status` column: then the worst row's).
/// Runs in a transaction that is rolled back: validation changes nothing. `save: NAME` stores
/// the tables as an artifact for later steps. `expected: FILE` compares `name, count` rows with
/// the expected counts FILE returns; `baseline: ARTIFACT` compares EXPLAIN ANALYZE times with a
/// phase-1 baseline (see `ValidateCompare`, `PerformanceThreshold`). A failing row fails the step.
public struct ValidateExecutor: StepExecutor {
    public init() {}

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        guard let file = step.param("file") else {
            throw StepFailure(code: "plan", message: "validate step without `file`", location: step.id)
        }
        let script = try SqlScript.load(file, context: context)
        let role = DatabaseRole(rawValue: step.param("database") ?? "target") ?? .target
        let expect = step.param("expect") ?? "report"
        let conn = try await context.connect(role)
        let results = try await SqlRunner.run(
            script, on: conn, step: step, context: context, transaction: true, commit: false)
        var tables: [ResultTable] = []
        var names: [String] = []
        var failing: [String] = []
        var warned = 0
        for (st, qrs) in results {
            for (k, qr) in qrs.enumerated() where !qr.columns.isEmpty {
                let title = "\(st.label)" + (qrs.count > 1 ? " #\(k + 1)" : "") + " (\(file):\(st.line))"
                let rows = qr.rows.map { $0.values.map { $0 ?? "NULL" } }
                let status = Self.judge(expect: expect, columns: qr.columns, rows: rows)
                let t = ResultTable(title: title, columns: qr.columns, rows: rows, status: status)
                tables.append(t)
                names.append(st.comment?.split(separator: "\n").last.map(String.init) ?? st.label)
                publish(t, step: step, context: context, failing: &failing, warned: &warned)
            }
        }
        if let expected = step.param("expected") {
            let t = try await ValidateCompare.functional(tables, file: expected, on: conn, step: step, context: context)
            publish(t, step: step, context: context, failing: &failing, warned: &warned)
        }
        if let baseline = step.param("baseline") {
            let rerun = {
                Self.tables(
                    try await SqlRunner.run(
                        script, on: conn, step: step, context: context, transaction: true, commit: false))
            }
            let (t, best) = try await Self.comparePerformance(
                tables, names: names, baseline: baseline, step: step, context: context, rerun: rerun)
            tables = best
            publish(t, step: step, context: context, failing: &failing, warned: &warned)
        }
        if let name = step.param("save"), let data = try? JSONEncoder().encode(tables) {
            try context.saveArtifact(name, data)
        }
        let rows = tables.reduce(0) { $0 + $1.rows.count }
        context.emit(
            .log(
                step: step.id, level: .info,
                message: "\(file): \(tables.count) result table\(tables.count == 1 ? "" : "s"), "
                    + "\(rows) rows; \(failing.count) failed, \(warned) warned"))
        if !failing.isEmpty {
            throw StepFailure(
                code: "validation-failed",
                message: "\(failing.count) check(s) failed: \(failing.prefix(10).joined(separator: ", "))",
                location: file,
                fix: "read the result tables of \(step.id); fix the data or the migration files and retry")
        }
        return warned > 0 ? .warned : .passed
    }

    /// Compares the Day-17 timings with the baseline. One timing of a millisecond query is noise on
    /// a busy server (a restore or a build beside it), so when one looks like a regression the
    /// queries are run again (`rerun`), up to 3 runs, and each query's best time is compared.
    /// - Returns: the comparison table and the EXPLAIN tables with each query's best run.
    static func comparePerformance(
        _ first: [ResultTable], names: [String], baseline: String, step: Step, context: StepContext,
        rerun: () async throws -> [ResultTable]
    ) async throws -> (ResultTable, [ResultTable]) {
        var tables = first
        var runs = 1
        var t = try ValidateCompare.performance(tables, names: names, baseline: baseline, step: step, context: context)
        while t.status?.contains(.fail) == true && runs < 3 {
            tables = faster(tables, than: try await rerun())
            runs += 1
            t = try ValidateCompare.performance(tables, names: names, baseline: baseline, step: step, context: context)
        }
        if runs > 1 {
            t.title += " - best of \(runs) runs"
            context.emit(
                .log(
                    step: step.id, level: .info,
                    message:
                        "a timing looked like a regression, so the queries were run \(runs) times and each one's best time compared"
                ))
        }
        return (t, tables)
    }

    /// The result tables of a script run, in order (statements without columns skipped).
    static func tables(_ results: [(SqlScript.Statement, [QueryResult])]) -> [ResultTable] {
        results.flatMap { _, qrs in
            qrs.filter { !$0.columns.isEmpty }.map {
                ResultTable(title: "", columns: $0.columns, rows: $0.rows.map { $0.values.map { $0 ?? "NULL" } })
            }
        }
    }

    /// Per position, the table with the shorter EXPLAIN ANALYZE execution time (keeping the
    /// first run's title and status); tables without a time are kept as they are.
    static func faster(_ first: [ResultTable], than again: [ResultTable]) -> [ResultTable] {
        first.enumerated().map { i, a in
            guard i < again.count, let ta = PerformanceComparison.executionTime(a)?.0,
                let tb = PerformanceComparison.executionTime(again[i])?.0, tb < ta
            else { return a }
            var b = again[i]
            b.title = a.title
            b.status = a.status
            return b
        }
    }

    /// Emits a table and a check result per row that did not pass; collects the failing names.
    private func publish(_ t: ResultTable, step: Step, context: StepContext, failing: inout [String], warned: inout Int)
    {
        context.emit(.result(step: step.id, table: t))
        for (i, s) in (t.status ?? []).enumerated() where s != .pass {
            let name = t.rows[i].first ?? t.title
            if s == .fail { failing.append(name) } else { warned += 1 }
            context.emit(
                .checkResult(step: step.id, name: name, status: s, evidence: t.rows[i].joined(separator: " | ")))
        }
    }

    /// Per-row status for an expectation. A `report` whose rows carry their own `status`
    /// (pass/warn/fail) is judged by it, so the step ends as its worst row (a report of seven
    /// `warn` rows is not `ok`); other reports have none.
    static func judge(expect: String, columns: [String], rows: [[String]]) -> [CheckStatus]? {
        switch expect {
        case "zero-counts":
            return rows.map { ($0.last.map { $0.trimmingCharacters(in: .whitespaces) } == "0") ? .pass : .fail }
        case "all-pass":
            guard let idx = columns.firstIndex(of: "status") else { return rows.map { _ in .fail } }
            return rows.map { CheckStatus(rawValue: $0[idx].lowercased()) ?? .fail }
        default:
            guard let idx = columns.firstIndex(of: "status") else { return nil }
            let statuses = rows.compactMap { CheckStatus(rawValue: $0[idx].lowercased()) }
            return statuses.count == rows.count ? statuses : nil
        }
    }
}
