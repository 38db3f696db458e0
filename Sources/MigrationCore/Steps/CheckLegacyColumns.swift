import Foundation
import Postgres

/// Every table and column the plan reads (the legacy manifest) must exist in the source;
/// all missing ones are reported at once.
enum LegacyColumnsCheck {
    static func run(step: Step, context: StepContext) async throws -> [CheckBuiltins.Line] {
        let manifest: LegacyManifest
        do { manifest = try LegacyManifest.load(assets: context.assets) } catch let e as PlanLoadError {
            throw StepFailure(code: "plan", message: e.description, location: "plan/legacy_tables.yaml")
        }
        let schema = step.param("schema") ?? "public"
        let r = try await CheckBuiltins.query("legacy_columns", [schema], context: context)
        var live: [String: Set<String>] = [:]
        for row in r.rows { live[row["table_name"] ?? "", default: []].insert(row["column_name"] ?? "") }
        var lines: [CheckBuiltins.Line] = []
        for t in manifest.tables {
            guard let cols = live[t.name] else {
                lines.append(.init(name: "table \(t.name)", status: .fail, evidence: "missing in schema \(schema)",
                                   fix: "the legacy database differs from what the plan expects; restore the missing tables or adjust the plan"))
                continue
            }
            let missing = t.columns.filter { !cols.contains($0) }
            if missing.isEmpty {
                lines.append(.init(name: "table \(t.name)", status: .pass, evidence: "\(t.columns.count) columns present"))
            } else {
                lines.append(.init(name: "table \(t.name)", status: .fail, evidence: "missing columns: \(missing.joined(separator: ", "))",
                                   fix: "the legacy database differs from what the plan expects; add the columns or adjust the plan"))
            }
        }
        return lines
    }
}
