import Foundation
import LegacySeed
import MigrationCore

/// The bench's SQL, read from `Assets/sql/bench/` with the core's asset loader and filled with
/// psql-style variables (`SqlVariables`).
enum BenchSQL {
    /// The text of `sql/bench/<name>` with `values` filled in.
    /// - Throws: `SeedError.missingAsset` naming the file.
    static func text(_ name: String, assets: URL, _ values: [String: String] = [:]) throws -> String {
        let path = "sql/bench/" + name
        guard let text = AssetText.read(path, assets: assets) else {
            throw SeedError.missingAsset(assets.appendingPathComponent(path).path)
        }
        return SqlVariables.substitute(text, values)
    }

    /// A psql meta-command file (`\copy ...`) as the one line `psql -c` takes: comment lines
    /// dropped, `:"table"` and `:'file'` filled, `:columns` replaced by the quoted column list
    /// (psql itself interpolates nothing in a `\copy` line).
    /// - Throws: `SeedError.missingAsset` naming the file.
    static func metaCommand(
        _ name: String, assets: URL, table: String, columns: [String], file: String
    ) throws
        -> String
    {
        let text = try Self.text(name, assets: assets, ["table": table, "file": file])
        let line = text.split(separator: "\n").first { !$0.hasPrefix("--") && !$0.allSatisfy(\.isWhitespace) } ?? ""
        return line.replacingOccurrences(of: ":columns", with: columns.map(quoteIdent).joined(separator: ", "))
    }
}
