import Foundation

/// Reads files under an Assets directory: the one loader behind `StepContext.assetText`, also
/// used by the targets beside the core (the bench, the seeder) for their SQL.
package enum AssetText {
    /// The UTF-8 text of `relativePath` under `assets` (e.g. `sql/bench/checkpoint.sql`).
    /// - Returns: the text, or nil when the file is missing or unreadable.
    package static func read(_ relativePath: String, assets: URL) -> String? {
        try? String(contentsOf: assets.appendingPathComponent(relativePath), encoding: .utf8)
    }
}
