import Foundation
import Postgres

/// Every table and column the plan reads (the legacy manifest) must exist in the source, its id
/// columns (`id`, `*_id`) must be integers and its create/update dates timestamps (the loads cast
/// them directly); all problems are reported at once, before anything runs. Every other column
/// is read whatever its type (flags, numbers and dates held as text are parsed and recorded).
enum LegacyColumnsCheck {
    /// Column types the loads read as ids without a failure.
    static let integerTypes: Set<String> = ["smallint", "integer", "bigint"]
    /// Column types the loads read as timestamps (`create_date`, `update_date`) without a failure.
    static let timestampTypes: Set<String> = ["timestamp without time zone", "timestamp with time zone", "date"]

    /// Manifest columns whose live type the loads cannot cast safely: ids that are not integers,
    /// create/update dates that are not timestamps.
    static func mistyped(_ columns: [String], present: Set<String>, type: (String) -> String?) -> [String] {
        columns.filter { c in
            guard present.contains(c), let t = type(c) else { return false }
            if c == "id" || c.hasSuffix("_id") { return !integerTypes.contains(t) }
            if c == "create_date" || c == "update_date" { return !timestampTypes.contains(t) }
            return false
        }
    }

    static func run(step: Step, context: StepContext) async throws -> [CheckBuiltins.Line] {
        let manifest: LegacyManifest
        do { manifest = try LegacyManifest.load(assets: context.assets) } catch let e as PlanLoadError {
            throw StepFailure(code: "plan", message: e.description, location: "plan/legacy_tables.yaml")
        }
        let schema = step.param("schema") ?? "public"
        let r = try await CheckBuiltins.query("legacy_columns", [schema], context: context)
        var live: [String: Set<String>] = [:]
        var types: [String: String] = [:]
        var unreadable: Set<String> = []
        let role = r.rows.first?["role"] ?? "the connecting role"
        for row in r.rows {
            let (table, column) = (row["table_name"] ?? "", row["column_name"] ?? "")
            live[table, default: []].insert(column)
            types[table + "." + column] = row["data_type"]
            if row.bool("readable") == false { unreadable.insert(table + "." + column) }
        }
        var lines: [CheckBuiltins.Line] = []
        for t in manifest.tables {
            guard let cols = live[t.name] else {
                lines.append(
                    .init(
                        name: "table \(t.name)", status: .fail, evidence: "missing in schema \(schema)",
                        fix:
                            "the legacy database differs from what the plan expects; restore the missing tables or adjust the plan"
                    ))
                continue
            }
            let denied = t.columns.filter { cols.contains($0) && unreadable.contains(t.name + "." + $0) }
            if !denied.isEmpty {
                lines.append(
                    .init(
                        name: "table \(t.name)", status: .fail,
                        evidence: "role \(role) may not read: \(denied.joined(separator: ", "))",
                        fix:
                            "GRANT SELECT ON \(schema).\(t.name) TO \(role) (or connect as the table's owner), then retry"
                    ))
                continue
            }
            let missing = t.columns.filter { !cols.contains($0) }
            let wrong = Self.mistyped(t.columns, present: cols) { types[t.name + "." + $0] }
            if missing.isEmpty && !wrong.isEmpty {
                let list = wrong.map { "\($0) is \(types[t.name + "." + $0] ?? "?")" }.joined(separator: ", ")
                lines.append(
                    .init(
                        name: "table \(t.name)", status: .fail,
                        evidence: "columns the migration cannot read as their type: \(list)",
                        fix:
                            "ids must be integers and create/update dates timestamps (DESIGN.md legacy types); convert these columns in a copy of the legacy database (ALTER COLUMN ... TYPE ... USING ...) and migrate from the copy"
                    ))
            } else if missing.isEmpty {
                lines.append(
                    .init(name: "table \(t.name)", status: .pass, evidence: "\(t.columns.count) columns present"))
            } else {
                lines.append(
                    .init(
                        name: "table \(t.name)", status: .fail,
                        evidence: "missing columns: \(missing.joined(separator: ", "))",
                        fix:
                            "the legacy database differs from what the plan expects; add the columns or adjust the plan"
                    ))
            }
        }
        return lines
    }
}
