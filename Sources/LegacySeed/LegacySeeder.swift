import Foundation
import MigrationCore
import Postgres

/// Writes a synthetic, deliberately dirty legacy database (`edu-migrate seed`, the demo, tests).
/// The schema, the generator and the seeder's own statements are SQL under `Assets/sql/legacy/`
/// (read with the core's asset loader); this only drives them.
public struct LegacySeeder: Sendable {
    /// Root of the Assets directory.
    public var assets: URL

    public init(assets: URL) { self.assets = assets }

    /// Creates `database` on the server of `adminConninfo` (dropping an older copy when `replace`)
    /// and fills it with `scale` persons and everything that hangs off them.
    /// - Parameters:
    ///   - adminConninfo: conninfo of a maintenance database on the server (e.g. `postgres`).
    ///   - database: the legacy database to write, usually `edu`.
    ///   - scale: number of persons; other tables scale with it.
    ///   - replace: drop an existing database of that name first.
    ///   - log: progress lines for the operator.
    /// - Returns: rows written per table.
    /// - Throws: `SeedError` or `PostgresError`.
    @discardableResult
    public func seed(
        adminConninfo: String, database: String, scale: Int, replace: Bool = false,
        log: @Sendable (String) -> Void = { _ in }
    ) async throws -> [(table: String, rows: Int64)] {
        guard scale > 0 else { throw SeedError.badScale(scale) }
        let schema = try readAsset("sql/legacy/schema.sql")
        let generator = try readAsset("sql/legacy/seed.sql")
        let admin = try await Connection.connect(adminConninfo)
        defer { admin.close() }
        let exists = try await admin.query(try readAsset("sql/legacy/seed_database_exists.sql"), [database])
        if !exists.rows.isEmpty {
            guard replace else { throw SeedError.databaseExists(database) }
            log("dropping existing database \(database)")
            try await admin.execute(try readAsset("sql/legacy/seed_drop_database.sql", ["database": database]))
        }
        try await admin.execute(try readAsset("sql/legacy/seed_create_database.sql", ["database": database]))
        let dbInfo = try ConnInfo.replacingDatabase(adminConninfo, with: database)
        let db = try await Connection.connect(dbInfo)
        defer { db.close() }
        log("creating legacy schema")
        try await db.execute(schema)
        log("generating \(scale) persons and related rows")
        try await db.execute(try readAsset("sql/legacy/seed_scale.sql", ["scale": String(scale)]))
        try await db.execute(generator)
        let counts = try await db.query(try readAsset("sql/legacy/seed_tables.sql"))
        var result: [(table: String, rows: Int64)] = []
        for row in counts.rows {
            let table = row[0] ?? "?"
            let n = try await db.query(try readAsset("sql/legacy/seed_table_rows.sql", ["table": table]))
            result.append((table, Int64(n.rows.first?[0] ?? "0") ?? 0))
        }
        return result
    }

    /// An asset's text with psql-style variables filled in (`SqlVariables`).
    private func readAsset(_ path: String, _ values: [String: String] = [:]) throws -> String {
        guard let text = AssetText.read(path, assets: assets) else {
            throw SeedError.missingAsset(assets.appendingPathComponent(path).path)
        }
        return SqlVariables.substitute(text, values)
    }
}

/// Why seeding could not start.
public enum SeedError: Error, CustomStringConvertible, Equatable {
    /// `scale` is not a positive number of persons.
    case badScale(Int)
    /// The database exists and `replace` was not asked for.
    case databaseExists(String)
    /// A file under Assets cannot be read (its path).
    case missingAsset(String)

    public var description: String {
        switch self {
        case .badScale(let n): return "scale must be a positive number of persons, got \(n)"
        case .databaseExists(let db): return "database \(db) already exists; pass --replace to drop and rewrite it"
        case .missingAsset(let p): return "missing asset \(p); set EDU_MIGRATE_ASSETS to the Assets directory"
        }
    }
}
