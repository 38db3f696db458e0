import Foundation
import Postgres

/// `check` steps: a builtin precondition (`builtin:`) or a query file (`file:` + `database:`)
/// returning `name, status, evidence`. Every line is published with its evidence; any `fail`
/// fails the step, any `warn` makes it `warned`.
public struct CheckExecutor: StepExecutor {
    public init() {}

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        let lines: [CheckBuiltins.Line]
        if let builtin = step.param("builtin") {
            lines = try await CheckBuiltins.run(builtin, step: step, context: context)
        } else if let file = step.param("file") {
            lines = try await fileCheck(file, step: step, context: context)
        } else {
            throw StepFailure(code: "plan", message: "check step needs `builtin` or `file`", location: step.id)
        }
        for l in lines {
            context.emit(.checkResult(step: step.id, name: l.name, status: l.status, evidence: l.evidence))
        }
        let table = ResultTable(
            title: step.title, columns: ["check", "evidence"],
            rows: lines.map { [$0.name, $0.evidence] }, status: lines.map(\.status))
        context.emit(.result(step: step.id, table: table))
        let failed = lines.filter { $0.status == .fail }
        if !failed.isEmpty {
            throw StepFailure(
                code: "check-failed",
                message: failed.map { "\($0.name): \($0.evidence)" }.joined(separator: "; "),
                location: step.param("file") ?? step.param("builtin"),
                fix: failed.compactMap(\.fix).first ?? "resolve the failing items and retry the check")
        }
        return lines.contains { $0.status == .warn } ? .warned : .passed
    }

    private func fileCheck(_ file: String, step: Step, context: StepContext) async throws -> [CheckBuiltins.Line] {
        let script = try SqlScript.load(file, context: context)
        let role = DatabaseRole(rawValue: step.param("database") ?? "source") ?? .source
        let conn = try await context.connect(role)
        let results = try await SqlRunner.run(
            script, on: conn, step: step, context: context, transaction: true, commit: false)
        var lines: [CheckBuiltins.Line] = []
        for (st, qrs) in results {
            for qr in qrs where !qr.columns.isEmpty {
                guard qr.columns.contains("name"), qr.columns.contains("status") else {
                    throw StepFailure(
                        code: "check-file", message: "query must return columns name, status, evidence",
                        location: "\(file):\(st.line)", fix: "fix the check query's column names")
                }
                for row in qr.rows {
                    let status = CheckStatus(rawValue: (row["status"] ?? "").lowercased()) ?? .fail
                    lines.append(.init(name: row["name"] ?? "?", status: status, evidence: row["evidence"] ?? ""))
                }
            }
        }
        return lines
    }
}
