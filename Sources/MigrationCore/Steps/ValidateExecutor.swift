import Foundation
import Postgres

/// `validate` steps: every statement's result becomes a `ResultTable`; `expect` decides the verdict:
/// `zero-counts` (last column 0 on every row), `all-pass` (column `status` is pass), `report`.
/// Runs in a transaction that is rolled back: validation changes nothing. `save: NAME` stores
/// the tables as an artifact for later steps.
public struct ValidateExecutor: StepExecutor {
    public init() {}

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        guard let file = step.param("file") else { throw StepFailure(code: "plan", message: "validate step without `file`", location: step.id) }
        let script = try SqlScript.load(file, context: context)
        let role = DatabaseRole(rawValue: step.param("database") ?? "target") ?? .target
        let expect = step.param("expect") ?? "report"
        let conn = try await context.connect(role)
        let results = try await SqlRunner.run(script, on: conn, step: step, context: context, transaction: true, commit: false)
        var tables: [ResultTable] = [], failing: [String] = [], warned = false
        for (st, qrs) in results {
            for (k, qr) in qrs.enumerated() where !qr.columns.isEmpty {
                let title = "\(st.label)" + (qrs.count > 1 ? " #\(k + 1)" : "") + " (\(file):\(st.line))"
                let rows = qr.rows.map { $0.values.map { $0 ?? "NULL" } }
                let status = Self.judge(expect: expect, columns: qr.columns, rows: rows)
                let t = ResultTable(title: title, columns: qr.columns, rows: rows, status: status)
                tables.append(t)
                context.emit(.result(step: step.id, table: t))
                for (i, s) in (status ?? []).enumerated() where s != .pass {
                    let name = rows[i].first ?? title
                    if s == .fail { failing.append(name) } else { warned = true }
                    context.emit(.checkResult(step: step.id, name: name, status: s, evidence: rows[i].joined(separator: " | ")))
                }
            }
        }
        if let name = step.param("save"), let data = try? JSONEncoder().encode(tables) { try context.saveArtifact(name, data) }
        if !failing.isEmpty {
            throw StepFailure(code: "validation-failed", message: "\(failing.count) check(s) failed: \(failing.prefix(10).joined(separator: ", "))",
                              location: file, fix: "read the result tables of \(step.id); fix the data or the migration files and retry")
        }
        return warned ? .warned : .passed
    }

    /// Per-row status for an expectation; nil for `report`.
    static func judge(expect: String, columns: [String], rows: [[String]]) -> [CheckStatus]? {
        switch expect {
        case "zero-counts":
            return rows.map { ($0.last.map { $0.trimmingCharacters(in: .whitespaces) } == "0") ? .pass : .fail }
        case "all-pass":
            guard let idx = columns.firstIndex(of: "status") else { return rows.map { _ in .fail } }
            return rows.map { CheckStatus(rawValue: $0[idx].lowercased()) ?? .fail }
        default: return nil
        }
    }
}
