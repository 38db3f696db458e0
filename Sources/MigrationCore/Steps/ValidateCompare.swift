import Foundation
import Postgres

/// The second half of a `validate` step that checks its results against something else:
/// `expected: FILE` (a query of expected counts, matched by test name) and `baseline: ARTIFACT`
/// (the legacy EXPLAIN ANALYZE tables of phase 1, matched in query order). Each yields one
/// `ResultTable` with a status per row; a `fail` row fails the step, named by its first cell.
enum ValidateCompare {
    /// Compares `name, count` rows (the guide's functional tests) with the `name, expected` rows
    /// of `file`. A test without an expectation, or an expectation without a test, fails.
    static func functional(
        _ tables: [ResultTable], file: String, on conn: Connection, step: Step,
        context: StepContext
    ) async throws -> ResultTable {
        let script = try SqlScript.load(file, context: context)
        let results = try await SqlRunner.run(
            script, on: conn, step: step, context: context, transaction: true, commit: false)
        var expected: [(name: String, count: String, basis: String)] = []
        for (_, qrs) in results {
            for qr in qrs where qr.columns.contains("name") && qr.columns.contains("expected") {
                for row in qr.rows {
                    expected.append((row["name"] ?? "?", row["expected"] ?? "NULL", row["basis"] ?? ""))
                }
            }
        }
        var actual: [(name: String, count: String)] = []
        for t in tables { for row in t.rows where row.count >= 2 { actual.append((row[0], row[row.count - 1])) } }
        var rows: [[String]] = []
        var status: [CheckStatus] = []
        for a in actual {
            let e = expected.first { $0.name == a.name }
            rows.append([a.name, a.count, e?.count ?? "-", e?.basis ?? "no expectation in \(file)"])
            status.append(e.map { $0.count == a.count } == true ? .pass : .fail)
        }
        for e in expected where !actual.contains(where: { $0.name == e.name }) {
            rows.append([e.name, "-", e.count, "test missing from the step's file"])
            status.append(.fail)
        }
        return ResultTable(
            title: "Functional tests: counts vs expected (\(file))",
            columns: ["test", "count", "expected", "basis"], rows: rows, status: status)
    }

    /// Pairs the new EXPLAIN ANALYZE tables with the legacy ones of artifact `baseline` (same
    /// order as the guide's queries) and judges each with `PerformanceThreshold`.
    /// Without the artifact (phase 1 skipped by a recorded gate override) the new timings are
    /// shown uncompared, with a warning in the log; the gate makes this the exception.
    /// - Parameter names: per table, the query's name (the comment line just above it).
    /// - Throws: `StepFailure` when the baseline is unreadable or does not pair up.
    static func performance(
        _ tables: [ResultTable], names: [String], baseline: String, step: Step,
        context: StepContext
    ) throws -> ResultTable {
        let new = tables.enumerated().compactMap { i, t in
            PerformanceComparison.executionTime(t).map { ($0.0, i < names.count ? names[i] : t.title) }
        }
        guard let data = context.loadArtifact(baseline) else {
            context.emit(
                .log(
                    step: step.id, level: .warning,
                    message: "no legacy performance baseline (artifact \(baseline)) in this "
                        + "work directory: timings not compared; run preparation.performance-baseline to compare"))
            return ResultTable(
                title: "Performance: new timings only (ms), no legacy baseline (artifact \(baseline) missing)",
                columns: ["query", "new_ms"], rows: new.map { [$0.1, Self.ms($0.0)] })
        }
        guard let legacy = try? JSONDecoder().decode([ResultTable].self, from: data) else {
            throw StepFailure(
                code: "baseline-unreadable",
                message: "the legacy performance baseline (artifact \(baseline)) is not readable",
                location: step.id, fix: "retry preparation.performance-baseline (phase 1), then retry \(step.id)")
        }
        let old = legacy.compactMap { PerformanceComparison.executionTime($0)?.0 }
        guard !new.isEmpty, old.count == new.count else {
            throw StepFailure(
                code: "baseline-mismatch",
                message:
                    "\(new.count) timed queries on the new database but \(old.count) in the legacy baseline (\(baseline))",
                location: step.param("file"),
                fix: "the baseline and the Day-17 file must hold the same queries in the same order")
        }
        var rows: [[String]] = []
        var status: [CheckStatus] = []
        for (legacyMs, (newMs, name)) in zip(old, new) {
            rows.append([
                name, Self.ms(legacyMs), Self.ms(newMs), legacyMs > 0 ? String(format: "%.2f", newMs / legacyMs) : "-",
            ])
            status.append(PerformanceThreshold.isRegression(legacyMs: legacyMs, newMs: newMs) ? .fail : .pass)
        }
        return ResultTable(
            title: "Performance: legacy baseline vs new (ms; \(PerformanceThreshold.rule))",
            columns: ["query", "legacy_ms", "new_ms", "ratio"], rows: rows, status: status)
    }

    static func ms(_ v: Double) -> String { String(format: "%.3f", v) }
}

/// When a query on the new database counts as slower than the legacy baseline. Single EXPLAIN
/// ANALYZE runs of millisecond queries are noise (cold caches, planning, JIT), so only a clear
/// regression fails: more than twice the legacy time AND more than 50 ms slower.
public enum PerformanceThreshold {
    /// New time over legacy time above which a query may be a regression.
    public static let ratio = 2.0
    /// Absolute slowdown (ms) below which no query is a regression.
    public static let minDeltaMs = 50.0
    /// The rule in words, for help texts and reports.
    public static let rule = "fail when new > 2x legacy and new - legacy > 50 ms"

    /// True when `newMs` is a regression against `legacyMs` by this rule.
    public static func isRegression(legacyMs: Double, newMs: Double) -> Bool {
        newMs > legacyMs * ratio && newMs - legacyMs > minDeltaMs
    }
}
