import Foundation
import Yams

/// The transfer's view of `Assets/plan/legacy_tables.yaml` (`tables: [{name, columns}]`, in
/// transfer order). A stop-gap until the core's `LegacyManifest` loader lands: then replace
/// `LegacyTableList.load` with it and delete this file.
struct LegacyTableList: Sendable, Equatable {
    struct Table: Sendable, Equatable, Decodable {
        var name: String
        var columns: [String]
    }
    var tables: [Table]

    private struct File: Decodable { var tables: [Table] }

    /// Loads the manifest of an Assets directory.
    /// - Throws: `StepFailure` naming the file when it is missing or malformed.
    static func load(assets: URL) throws -> LegacyTableList {
        let url = assets.appendingPathComponent("plan/legacy_tables.yaml")
        do {
            let text = try String(contentsOf: url, encoding: .utf8)
            return LegacyTableList(tables: try YAMLDecoder().decode(File.self, from: text).tables)
        } catch {
            throw StepFailure(code: "plan", message: "cannot load \(url.path): \(error)", location: "legacy_tables.yaml",
                              fix: "check the manifest: `tables:` with `name:` and `columns:` per legacy table")
        }
    }
}
