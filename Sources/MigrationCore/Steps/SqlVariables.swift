import Foundation
import Postgres

/// psql-style variables in Assets SQL files, filled from the configuration:
/// `:"name"` becomes a quoted identifier, `:'name'` a quoted literal (so the files also run
/// under `psql -v name=...`). Names: target_database, legacy_rename, source_database, locale,
/// target_marker (TargetDatabaseMarker), legacy_tables (the manifest, `legacyTables`).
package enum SqlVariables {
    static func values(_ config: MigrationConfig, workDir: URL) -> [String: String] {
        var v = [
            "target_database": config.targetDatabase, "legacy_rename": config.legacyRename,
            "target_marker": TargetDatabaseMarker.text(workDir: workDir),
        ]
        if let db = ConnInfo.value("dbname", in: config.source) { v["source_database"] = db }
        if let l = config.locale { v["locale"] = l }
        return v
    }

    /// The values for one Assets file: the configuration's, plus `legacy_tables` when the file
    /// uses it (the manifest is read only then).
    /// - Throws: `StepFailure` (`plan`) when the manifest cannot be loaded.
    static func values(for text: String, context: StepContext) throws -> [String: String] {
        var v = values(context.config, workDir: context.workDir)
        if uses("legacy_tables", in: text) {
            let manifest: LegacyManifest
            do { manifest = try LegacyManifest.load(assets: context.assets) } catch let e as PlanLoadError {
                throw StepFailure(code: .plan, message: e.description, location: "plan/legacy_tables.yaml")
            }
            v["legacy_tables"] = legacyTables(manifest)
        }
        return v
    }

    /// The manifest as the SQL receives it: `[{"name": ..., "columns": [...]}, ...]` in manifest
    /// (transfer) order, so `jsonb_array_elements(...) WITH ORDINALITY` gives each table's position.
    /// The one declaration of the legacy tables stays `plan/legacy_tables.yaml`.
    package static func legacyTables(_ manifest: LegacyManifest) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(manifest.tables)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// True when the text uses the variable in either form.
    static func uses(_ name: String, in text: String) -> Bool {
        text.contains(":\"\(name)\"") || text.contains(":'\(name)'")
    }

    /// Replaces every known variable.
    package static func substitute(_ text: String, _ values: [String: String]) -> String {
        var out = text
        for (name, value) in values {
            out = out.replacingOccurrences(
                of: ":\"\(name)\"", with: "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            out = out.replacingOccurrences(
                of: ":'\(name)'", with: "'" + value.replacingOccurrences(of: "'", with: "''") + "'")
        }
        return out
    }

    /// The locale for CREATE DATABASE when none is configured: template0's, which exists here.
    static func defaultLocale(_ conn: Connection, context: StepContext) async throws -> String {
        let sql = try context.assetText("sql/core/default_locale.sql")
        return try await conn.query(sql).rows.first?["locale"] ?? "C"
    }
}
