import Foundation
import Postgres

/// One row of the pre-migration counts artifact.
public struct TableCount: Codable, Sendable, Equatable {
    public var tableName: String
    public var count: Int64

    public init(tableName: String, count: Int64) {
        self.tableName = tableName
        self.count = count
    }

    enum CodingKeys: String, CodingKey { case tableName = "table_name", count }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tableName = try c.decode(String.self, forKey: .tableName)
        if let n = try? c.decode(Int64.self, forKey: .count) {
            count = n
        } else if let s = try? c.decode(String.self, forKey: .count), let n = Int64(s) {
            count = n
        } else {
            throw DecodingError.dataCorruptedError(forKey: .count, in: c, debugDescription: "count is not an integer")
        }
    }
}

/// The legacy row counts recorded in phase 1 (artifact `analysis.pre_migration_counts`)
/// and their comparison with a live database.
enum PreMigrationCounts {
    /// Artifact names tried in order: the agreed name, then what phase 1's `save: pre_migration_counts` writes.
    static let artifacts = ["analysis.pre_migration_counts", "pre_migration_counts"]

    /// The recorded counts, nil when the artifact is absent or unreadable. Accepts
    /// `[{table_name, count}]` or the `[ResultTable]` a validate step's `save:` writes
    /// (first table with a `table_name` (or `table`) column and a `count` (or `row_count`) column).
    static func load(_ context: StepContext) -> [TableCount]? {
        artifacts.lazy.compactMap { context.loadArtifact($0) }.compactMap(decode).first
    }

    static func decode(_ data: Data) -> [TableCount]? {
        if let counts = try? JSONDecoder().decode([TableCount].self, from: data) { return counts }
        guard let tables = try? JSONDecoder().decode([ResultTable].self, from: data) else { return nil }
        for t in tables {
            guard let n = t.columns.firstIndex(where: { $0 == "table_name" || $0 == "table" }),
                let c = t.columns.firstIndex(where: { $0 == "count" || $0 == "row_count" })
            else { continue }
            return t.rows.compactMap { row in Int64(row[c]).map { TableCount(tableName: row[n], count: $0) } }
        }
        return nil
    }

    /// Counts `tables` in the database `conninfo` names (`Assets/sql/cutover/50_table_counts.sql`).
    static func measure(conninfo: String, tables: [String], context: StepContext) async throws -> [String: Int64?] {
        let db = try await Connection.connect(conninfo, applicationName: "edu-migrate verify", timeout: 10)
        defer { db.close() }
        _ = try await db.execute(StepConnections.sessionDefaults)  // no database-level statement_timeout
        let sql = try context.assetText("sql/cutover/50_table_counts.sql")
        let r = try await db.query(sql, [pgArray(tables)])
        var out: [String: Int64?] = [:]
        for row in r.rows { if let t = row["table_name"] { out[t] = row["count"].flatMap { Int64($0) } } }
        return out
    }

    /// Table `title`: table, expected, found, with pass when equal; plus whether all matched.
    static func compare(_ expected: [TableCount], _ found: [String: Int64?], title: String) -> (ResultTable, Bool) {
        var rows: [[String]] = []
        var status: [CheckStatus] = []
        for e in expected {
            let actual = found[e.tableName] ?? nil
            rows.append([e.tableName, String(e.count), actual.map(String.init) ?? "missing"])
            status.append(actual == e.count ? .pass : .fail)
        }
        return (
            ResultTable(title: title, columns: ["table", "pre_migration", "now"], rows: rows, status: status),
            !status.contains(.fail)
        )
    }

    /// Loads the expected counts, measures the database, emits the comparison table.
    /// - Returns: `.passed` when all match, `.warned` when no counts were recorded (or, not strict, differ).
    /// - Throws: `StepFailure` when `strict` and a count differs.
    static func verify(database: String, strict: Bool, context: StepContext, stepID: String) async throws -> StepOutcome
    {
        // Once the window froze the legacy database, what it must hold is what the last copy
        // (the final sync's) counted, not phase 1's counts: the application wrote in between.
        let frozen = FreezeRecord.load(context) != nil ? CutoverGuard.transferArtifact(context) : []
        let reference = frozen.isEmpty ? "pre-migration counts" : "the rows of the last copy (frozen legacy database)"
        let expected = frozen.isEmpty ? load(context) : frozen.map { TableCount(tableName: $0.table, count: $0.rows) }
        guard let expected, !expected.isEmpty else {
            context.emit(
                .log(
                    step: stepID, level: .warning,
                    message:
                        "no pre-migration counts recorded (artifact \(artifacts[0]) or \(artifacts[1])); \(database) not verified by counts"
                ))
            return .warned
        }
        let conninfo = try ConnInfo.replacingDatabase(context.config.source, with: database)
        let found = try await measure(conninfo: conninfo, tables: expected.map(\.tableName), context: context)
        let (table, ok) = compare(expected, found, title: "Row counts of \(database) vs \(reference)")
        context.emit(.result(step: stepID, table: table))
        if ok { return .passed }
        let message =
            "\(database) does not match \(reference): "
            + zip(table.rows, table.status ?? []).filter { $0.1 == .fail }
            .map { "\($0.0[0]) \($0.0[1]) → \($0.0[2])" }.joined(separator: ", ")
        guard strict else {
            context.emit(.log(step: stepID, level: .warning, message: message))
            return .warned
        }
        throw StepFailure(
            code: "counts-differ", message: message, location: stepID,
            fix: "Do not reopen the application; compare with the verified backup.")
    }
}
