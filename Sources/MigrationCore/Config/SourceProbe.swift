import Foundation
import Postgres

/// The source conninfo `edu-migrate init` writes, from libpq's own environment variables.
public enum SourceFromEnvironment {
    /// The variables read, in conninfo order, with their conninfo keys. PGPASSWORD never is.
    static let variables: [(env: String, key: String)] = [
        ("PGHOST", "host"), ("PGPORT", "port"), ("PGUSER", "user"),
        ("PGDATABASE", "dbname"),
    ]

    /// `host=... port=... user=... dbname=...` from PGHOST, PGPORT, PGUSER and PGDATABASE (the
    /// legacy `edu` when PGDATABASE is unset); keys whose variable is unset are left to libpq's
    /// defaults at run time.
    /// - Returns: the conninfo and the variables that were not set.
    public static func conninfo(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> (conninfo: String, unset: [String]) {
        var pairs: [String] = []
        var unset: [String] = []
        for (env, key) in variables {
            if let v = environment[env], !v.isEmpty {
                pairs.append("\(key)=\(quoted(v))")
            } else if key == "dbname" {
                pairs.append("dbname=edu")
                unset.append(env)
            } else {
                unset.append(env)
            }
        }
        return (pairs.joined(separator: " "), unset)
    }

    /// The unset variables in words: `PGPORT (libpq's default applies), PGDATABASE (dbname=edu written)`.
    public static func describe(unset: [String]) -> String {
        unset.map { $0 == "PGDATABASE" ? "PGDATABASE (dbname=edu written)" : "\($0) (libpq's default applies)" }.joined(
            separator: ", ")
    }

    /// A conninfo value, single-quoted (with `\` escapes) when it holds blanks or quotes.
    static func quoted(_ v: String) -> String {
        guard v.contains(where: { $0 == " " || $0 == "'" || $0 == "\\" || $0 == "\t" }) else { return v }
        return "'" + v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}

/// What a read-only test connection to the legacy database shows `edu-migrate init`: the
/// server's version, the database's size and which legacy tables of the manifest it holds.
/// Its SQL is `Assets/sql/core/{server_version,database_size,legacy_tables_found}.sql`.
public struct SourceProbe: Sendable, Equatable {
    /// e.g. `15.18 (Debian 15.18-0+deb12u1)`.
    public var serverVersion: String
    public var serverVersionNum: Int
    public var database: String
    /// e.g. `12 MB`.
    public var size: String
    /// Manifest tables present in schema `public`, with the planner's row estimate (-1 unknown).
    public var found: [(name: String, estimatedRows: Int64)]
    /// Manifest tables absent.
    public var missing: [String]

    public static func == (a: SourceProbe, b: SourceProbe) -> Bool {
        a.serverVersion == b.serverVersion && a.database == b.database && a.size == b.size
            && a.found.map(\.name) == b.found.map(\.name) && a.missing == b.missing
    }

    /// One line for the screen and the file's header.
    public var summary: String {
        "PostgreSQL \(serverVersion), database \(database) \(size), \(found.count) of \(found.count + missing.count) legacy tables found"
            + (missing.isEmpty ? "" : " (missing: \(missing.joined(separator: ", ")))")
    }

    /// Connects read-only and reads the server, the database and its legacy tables.
    /// - Throws: `PostgresError` (connection or query), `PlanLoadError` (manifest).
    public static func run(source: String, assets: URL) async throws -> SourceProbe {
        let manifest = try LegacyManifest.load(assets: assets)
        func sql(_ name: String) throws -> String {
            let url = assets.appendingPathComponent("sql/core/\(name).sql")
            do { return try String(contentsOf: url, encoding: .utf8) } catch {
                throw PostgresError(
                    kind: .io, message: "cannot read \(url.path)", hint: "check the Assets directory is complete")
            }
        }
        let conn = try await Connection.connect(
            StepConnections.readOnly(source), applicationName: "edu-migrate init", timeout: 10)
        defer { conn.close() }
        let version = try await conn.query(try sql("server_version")).rows.first
        let size = try await conn.query(try sql("database_size")).rows.first
        let names = manifest.tables.map(\.name)
        let tables = try await conn.query(try sql("legacy_tables_found"), ["{" + names.joined(separator: ",") + "}"])
            .rows
        let present = Dictionary(
            tables.map { ($0["name"] ?? "", Int64($0["estimated_rows"] ?? "") ?? -1) }, uniquingKeysWith: { a, _ in a })
        return SourceProbe(
            serverVersion: version?["version"] ?? "?", serverVersionNum: Int(version?["version_num"] ?? "") ?? 0,
            database: size?["database"] ?? "?", size: size?["pretty"] ?? "?",
            found: names.compactMap { n in present[n].map { (n, $0) } },
            missing: names.filter { present[$0] == nil })
    }
}
