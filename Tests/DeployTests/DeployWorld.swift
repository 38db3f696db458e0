import Foundation
import Postgres
import PostgresSandbox
import TestSupport
import Testing

@testable import MigrationCore

/// A live database, a new database and a recorder, with unique names, on the shared test cluster.
struct DeployWorld {
    let sandbox: Sandbox
    let live: String
    let target: String
    let legacy: String
    let rec = Recorder()
    var config: MigrationConfig

    /// Creates `<live>` (legacy-shaped) and `<live>_new` (new schema) with the validation evidence
    /// and pre-migration counts artifacts in place.
    static func make() async throws -> DeployWorld {
        let sandbox = try await TestCluster.shared()
        let live = TestCluster.uniqueName("edu")
        var config = MigrationConfig(source: sandbox.conninfo(database: live))
        config.targetDatabase = live + "_new"
        config.legacyRename = live + "_legacy"
        let world = DeployWorld(
            sandbox: sandbox, live: live, target: config.targetDatabase, legacy: config.legacyRename, config: config)
        let admin = try await world.admin()
        defer { admin.close() }
        for (db, fixture) in [(live, "deploy/legacy_app.sql"), (world.target, "deploy/new_app.sql")] {
            try await admin.execute("CREATE DATABASE \(db)")
            let c = try await Connection.connect(sandbox.conninfo(database: db))
            try await c.execute(try TestCluster.fixture(fixture))
            c.close()
        }
        world.rec.save("validation.passed", Data("{\"passed\":true}".utf8))
        world.rec.save(
            "analysis.pre_migration_counts",
            Data(
                """
                [{"table_name":"teachers","count":7},{"table_name":"education_group","count":4},{"table_name":"course","count":60}]
                """.utf8))
        return world
    }

    /// What phase 3's transfer leaves in the new database: the legacy tables' fingerprints
    /// (computed here with the product's own method, on the live legacy database as it is now).
    func recordCopyFingerprints(_ tables: [String]) async throws {
        let manifest = try LegacyManifest.load(assets: TestCluster.assets)
        let session = try String(
            contentsOf: TestCluster.assets.appendingPathComponent("sql/core/copy_text_session.sql"), encoding: .utf8)
        let live = try await Connection.connect(sandbox.conninfo(database: live))
        let target = try await Connection.connect(sandbox.conninfo(database: target))
        defer {
            live.close()
            target.close()
        }
        try await target.execute(
            """
            CREATE SCHEMA IF NOT EXISTS migration_audit;
            CREATE TABLE migration_audit.source_fingerprints (source_table text PRIMARY KEY, row_count bigint NOT NULL,
                                                              content_hash text NOT NULL, method text,
                                                              taken_at timestamptz NOT NULL DEFAULT now());
            """)
        let found = try await CopyFingerprint.measure(
            tables.compactMap { manifest.table($0) }, on: [live], encoding: nil, sessionSQL: session
        ).found
        #expect(found.count == tables.count)
        for f in found {
            _ = try await target.query(
                "INSERT INTO migration_audit.source_fingerprints VALUES ($1, $2::bigint, $3, $4)",
                [f.table, String(f.rows), f.hash, f.method])
        }
    }

    func admin() async throws -> Connection {
        try await Connection.connect(sandbox.conninfo(), applicationName: "deploy tests")
    }

    /// A step context: `.admin` is the cluster's `postgres` database.
    func context() -> StepContext {
        let (sandbox, source, target) = (sandbox, config.source, target)
        return rec.context(config: config) { role in
            switch role {
            case .admin: return sandbox.conninfo()
            case .source: return source
            case .target: return sandbox.conninfo(database: target)
            }
        }
    }

    /// The live database and those named `<live>_...` (never another world's `<live>0`).
    func databases() async throws -> Set<String> {
        let admin = try await admin()
        defer { admin.close() }
        let r = try await admin.query(
            "SELECT datname::text FROM pg_database WHERE datname = $1 OR starts_with(datname, $1 || '_')", [live])
        return Set(r.rows.compactMap { $0[0] })
    }

    /// `SELECT count(*)` of a table in a database (table names are fixed test identifiers).
    func count(_ table: String, in db: String) async throws -> Int {
        let c = try await Connection.connect(sandbox.conninfo(database: db))
        defer { c.close() }
        return Int(try await c.query("SELECT count(*) FROM \(table)").rows[0][0] ?? "") ?? -1
    }

    /// Drops every database of this world.
    func cleanup() async {
        for db in (try? await databases()) ?? [] { try? await TestCluster.dropDatabase(db) }
    }
}
