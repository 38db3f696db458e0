import Foundation
import MigrationCore
import Postgres
import Testing
import TestSupport

/// Phase 1's critical-issues analysis (sql/analysis/20_critical_issues.sql) on legacy columns of
/// the types the legacy-columns check accepts but DESIGN.md does not list: dates as `date` and
/// `timestamptz`, a card number as `bigint`, a pincode as `bigint`. It used to stop at
/// `btrim(date, unknown) does not exist` (42883) with a hint the DBA cannot act on.
@Suite(.requiresPostgres, .tags(.postgres)) struct AnalysisTypeDriftTests {
    /// A copy of the seeded legacy database (dropped by the caller through `admin`).
    static func copy(_ prefix: String, admin: Connection) async throws -> String {
        let legacy = try await World.shared.legacy()
        let copy = TestCluster.uniqueName(prefix)
        for attempt in 1... {  // the seeder's session may still be going away
            do {
                try await admin.execute("CREATE DATABASE \(copy) TEMPLATE \(legacy.name)")
                break
            } catch let e as PostgresError
                where e.sqlState == "55006" && attempt < 50
            { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        return copy
    }

    /// A legacy table the application reads through a view (the rows live elsewhere) is present
    /// for phase 1's data checks, as for the legacy-columns check and the copy.
    @Test func aViewCountsAsPresentInTheDataChecks() async throws {
        let legacy = try await World.shared.legacy()
        let admin = try await Connection.connect(legacy.conninfo("postgres"))
        defer { admin.close() }
        let copy = try await Self.copy("it_view", admin: admin)
        let db = try await Connection.connect(legacy.conninfo(copy))
        try await db.execute(
            "ALTER TABLE course_teacher RENAME TO course_teacher_base; CREATE VIEW course_teacher AS SELECT * FROM course_teacher_base"
        )
        let text = try String(
            contentsOf: TestCluster.assets.appendingPathComponent("sql/checks/10_legacy_checks.sql"), encoding: .utf8)
        // The check reads the manifest as the core passes it.
        let manifest = try LegacyManifest.load(assets: TestCluster.assets)
        let sql = SqlVariables.substitute(text, ["legacy_tables": SqlVariables.legacyTables(manifest)])
        let rows = try await db.execute(sql).flatMap(\.rows)
        db.close()
        let present = try #require(
            rows.first { ($0["check_name"] ?? $0.values.compactMap { $0 }.joined()).contains("legacy tables exist") })
        #expect(present.values.compactMap { $0 }.contains("13 of 13 present"), "\(present.values)")
        _ = try? await admin.execute("DROP DATABASE \(copy) WITH (FORCE)")
    }

    @Test func criticalIssuesRunOnDateTimestamptzAndNumericColumns() async throws {
        let legacy = try await World.shared.legacy()
        let admin = try await Connection.connect(legacy.conninfo("postgres"))
        defer { admin.close() }
        let copy = try await Self.copy("it_types", admin: admin)
        let db = try await Connection.connect(legacy.conninfo(copy))
        defer { db.close() }
        try await db.execute(
            """
            ALTER TABLE students ALTER COLUMN in_order_date TYPE date
                USING CASE WHEN in_order_date ~ '^(19|20)\\d\\d-(0[1-9]|1[0-2])-(0[1-9]|1\\d|2[0-8])$' THEN in_order_date::date END;
            ALTER TABLE course ALTER COLUMN start_date TYPE timestamptz
                USING CASE WHEN start_date ~ '^(19|20)\\d\\d-(0[1-9]|1[0-2])-(0[1-9]|1\\d|2[0-8])$' THEN start_date::timestamptz END;
            ALTER TABLE students ALTER COLUMN card_number TYPE bigint
                USING CASE WHEN btrim(card_number) ~ '^\\d{1,18}$' THEN btrim(card_number)::bigint END;
            ALTER TABLE persons ALTER COLUMN pincode TYPE bigint
                USING CASE WHEN btrim(pincode) ~ '^\\d{1,18}$' THEN btrim(pincode)::bigint END;
            """)
        let file = try String(
            contentsOf: TestCluster.assets.appendingPathComponent("sql/analysis/20_critical_issues.sql"),
            encoding: .utf8)
        let manifest = try LegacyManifest.load(assets: TestCluster.assets)
        let sql = SqlVariables.substitute(file, ["legacy_tables": SqlVariables.legacyTables(manifest)])
        try await db.execute("BEGIN READ ONLY")
        let results = try await db.execute(sql)
        try await db.execute("ROLLBACK")
        let rows = results.flatMap(\.rows)
        #expect(rows.count > 20, "\(rows.count) result rows")
        let text = rows.map { $0.values.compactMap { $0 }.joined(separator: " | ") }.joined(separator: "\n")
        #expect(text.contains("students.in_order_date") && text.contains("course.start_date"), "\(text)")
        _ = try? await admin.execute("DROP DATABASE \(copy) WITH (FORCE)")
    }
}
