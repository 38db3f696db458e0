import Foundation
import Postgres
import Testing
import TestSupport
@testable import MigrationCore

/// `plan/legacy_tables.yaml` is the one declaration of the legacy tables: with a changed manifest
/// in a copy of the Assets (tables dropped, one added), staging creates exactly its tables and
/// columns, the reconciliation lists exactly its tables in its order, and the legacy data check
/// counts and names them. A list hard-coded again in any of these SQL files fails here.
@Suite(.requiresPostgres, .tags(.postgres)) struct LegacyTablesDeclaredOnceTests {
    /// The real Assets' plan and SQL in a temp directory, with `tables` as the manifest.
    static func assets(with tables: [LegacyManifest.Table]) throws -> URL {
        let root = Fixture.tempDir("manifest_once")
        for dir in ["plan", "sql"] {
            try FileManager.default.copyItem(
                at: Fixture.realAssets.appendingPathComponent(dir), to: root.appendingPathComponent(dir))
        }
        let yaml =
            "tables:\n"
            + tables.map { "  - name: \($0.name)\n    columns: [\($0.columns.joined(separator: ", "))]\n" }.joined()
        try yaml.write(to: root.appendingPathComponent("plan/legacy_tables.yaml"), atomically: true, encoding: .utf8)
        return root
    }

    static func context(assets: URL, conninfo: String) -> StepContext {
        StepContext(
            config: MigrationConfig(source: conninfo), assets: assets, workDir: Fixture.tempDir("manifest_once_work"),
            attempt: 1, emit: { _ in }, connect: { _ in try await Connection.connect(conninfo) },
            saveArtifact: { _, _ in }, loadArtifact: { _ in nil }, isCancelled: { false })
    }

    /// Runs the single statement of an Assets SQL file as the core fills it.
    static func query(_ file: String, _ context: StepContext, on conn: Connection) async throws -> [Row] {
        let script = try SqlScript.load(file, context: context)
        #expect(script.statements.count == 1, "\(file)")
        return try await conn.query(script.statements[0].sql).rows
    }

    @Test func aChangedManifestChangesStagingReconciliationAndTheDataCheck() async throws {
        let real = try LegacyManifest.load(assets: Fixture.realAssets).tables
        // Two tables fewer (one from the middle, the last one), one added at the front.
        var tables = real.filter { $0.name != "course_teacher" && $0.name != real.last?.name }
        tables.insert(LegacyManifest.Table(name: "extra_notes", columns: ["note_id", "body", "written"]), at: 0)
        let assets = try Self.assets(with: tables)
        let db = try await TestCluster.createDatabase("manifest_once")
        let context = Self.context(assets: assets, conninfo: db.conninfo)
        let conn = try await Connection.connect(db.conninfo)
        defer { conn.close() }

        // The target schema of phase 2 first (the staging file's helpers read its tables).
        for file in [
            "sql/core/create_extensions.sql", "sql/target/01_reference_tables.sql", "sql/target/02_core_schema.sql",
            "sql/migration/00_staging.sql",
        ] {
            let step = Step(
                id: "t.sql", title: file, kind: .sql, params: ["database": .string("target"), "file": .string(file)])
            _ = try await SqlExecutor().run(step, context: context)
        }
        let staged = try await conn.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'migration_stage' ORDER BY 1"
        ).rows.map { $0["tablename"] ?? "" }
        #expect(staged == tables.map(\.name).sorted())
        let columns = try await conn.query(
            """
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = 'migration_stage' AND table_name = 'extra_notes' ORDER BY ordinal_position
            """
        ).rows
        #expect(columns.map { $0["column_name"] ?? "" } == ["note_id", "body", "written"])
        #expect(columns.allSatisfy { $0["data_type"] == "text" })

        let ledger = try await Self.query("sql/validation/15_reconciliation.sql", context, on: conn)
        #expect(ledger.map { $0["source_table"] ?? "" } == tables.map(\.name))
        #expect(ledger.allSatisfy { $0["evidence"] == "table was not loaded (no ledger row)" })

        // The legacy check on an empty database: counts and names the manifest's tables, in order.
        let empty = try await TestCluster.createDatabase("manifest_once_legacy")
        let legacy = try await Connection.connect(empty.conninfo)
        defer { legacy.close() }
        let checks = try await Self.query("sql/checks/10_legacy_checks.sql", context, on: legacy)
        let exist = try #require(checks.first { ($0["name"] ?? "").hasSuffix("legacy tables exist in schema public") })
        #expect(exist["name"] == "the \(tables.count) legacy tables exist in schema public")
        #expect(exist["status"] == "fail")
        #expect(exist["evidence"] == "missing: " + tables.map(\.name).joined(separator: ", "))

        // Phase 1's counts: every manifest table, in its order, counted exactly.
        for (i, table) in tables.enumerated() {
            try await legacy.execute("CREATE TABLE public.\(quoteIdent(table.name)) (id int)")
            if i == 0 { try await legacy.execute("INSERT INTO public.\(quoteIdent(table.name)) VALUES (1), (2)") }
        }
        let counts = try await Self.query("sql/analysis/30_pre_migration_counts.sql", context, on: legacy)
        #expect(counts.map { $0["table_name"] ?? "" } == tables.map(\.name))
        #expect(counts.map { $0["count"] ?? "" } == ["2"] + Array(repeating: "0", count: tables.count - 1))
    }

    @Test func theManifestReachesTheSqlAsJsonInItsOrder() throws {
        let manifest = try LegacyManifest.load(assets: Fixture.realAssets)
        let json = SqlVariables.legacyTables(manifest)
        let decoded = try JSONDecoder().decode([LegacyManifest.Table].self, from: Data(json.utf8))
        #expect(decoded == manifest.tables)
        #expect(decoded.count == 13)
    }
}
