import Foundation
import Postgres

/// Every table and column the plan reads (the legacy manifest) must exist in the source, and
/// its id columns (`id`, `*_id`) must be integer columns (the loads cast them as ids); all
/// problems are reported at once, before anything runs.
enum LegacyColumnsCheck {
    /// Column types the loads read as ids without a failure.
    static let integerTypes: Set<String> = ["smallint", "integer", "bigint"]

    static func run(step: Step, context: StepContext) async throws -> [CheckBuiltins.Line] {
        let manifest: LegacyManifest
        do { manifest = try LegacyManifest.load(assets: context.assets) } catch let e as PlanLoadError {
            throw StepFailure(code: "plan", message: e.description, location: "plan/legacy_tables.yaml")
        }
        let schema = step.param("schema") ?? "public"
        let r = try await CheckBuiltins.query("legacy_columns", [schema], context: context)
        var live: [String: Set<String>] = [:], types: [String: String] = [:]
        for row in r.rows {
            live[row["table_name"] ?? "", default: []].insert(row["column_name"] ?? "")
            types[(row["table_name"] ?? "") + "." + (row["column_name"] ?? "")] = row["data_type"]
        }
        var lines: [CheckBuiltins.Line] = []
        for t in manifest.tables {
            guard let cols = live[t.name] else {
                lines.append(.init(name: "table \(t.name)", status: .fail, evidence: "missing in schema \(schema)",
                                   fix: "the legacy database differs from what the plan expects; restore the missing tables or adjust the plan"))
                continue
            }
            let missing = t.columns.filter { !cols.contains($0) }
            let notIntegers = t.columns.filter { c in
                (c == "id" || c.hasSuffix("_id")) && cols.contains(c) && !integerTypes.contains(types[t.name + "." + c] ?? "")
            }
            if missing.isEmpty && !notIntegers.isEmpty {
                let list = notIntegers.map { "\($0) is \(types[t.name + "." + $0] ?? "?")" }.joined(separator: ", ")
                lines.append(.init(name: "table \(t.name)", status: .fail, evidence: "id columns that are not integers: \(list)",
                                   fix: "the migration reads ids as integers (DESIGN.md legacy types); convert these columns in a copy of the legacy database (ALTER COLUMN ... TYPE integer USING ...) and migrate from the copy"))
            } else if missing.isEmpty {
                lines.append(.init(name: "table \(t.name)", status: .pass, evidence: "\(t.columns.count) columns present"))
            } else {
                lines.append(.init(name: "table \(t.name)", status: .fail, evidence: "missing columns: \(missing.joined(separator: ", "))",
                                   fix: "the legacy database differs from what the plan expects; add the columns or adjust the plan"))
            }
        }
        return lines
    }
}
