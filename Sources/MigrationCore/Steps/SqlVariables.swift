import Foundation
import Postgres

/// psql-style variables in Assets SQL files, filled from the configuration:
/// `:"name"` becomes a quoted identifier, `:'name'` a quoted literal (so the files also run
/// under `psql -v name=...`). Names: target_database, legacy_rename, source_database, locale,
/// target_marker (TargetDatabaseMarker).
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
