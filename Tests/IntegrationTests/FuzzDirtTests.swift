import Foundation
import MigrationCore
import Postgres
import Testing
import TestSupport

/// Random dirt at a fixed seed on top of the seed's own (Tests/Fixtures/integration/fuzz_dirt.sql):
/// phases 1-4 pass, every legacy row has exactly one outcome, and every rejection says why.
@Suite(.requiresPostgres, .tags(.postgres)) struct FuzzDirtTests {
    @Test func phasesOneToFourPassAndEveryRowIsAccountedFor() async throws {
        let legacy = try await World.shared.legacy()
        let run = try await Scenario.run(legacy: legacy, source: legacy.fuzz, through: "validation", label: "it_fuzz")
        #expect(run.verdict.outcome == .passed || run.verdict.outcome == .warned, "\(run.verdict.reason ?? "")")
        for r in try await DB.rows(
            run.targetConninfo,
            "SELECT source_table, source_rows, balanced::text AS ok FROM migration_audit.reconciliation")
        {
            let table = try #require(r["source_table"])
            let legacyCount = try await DB.scalar(run.sourceConninfo, "SELECT count(*) FROM \(table)")
            #expect(
                r["ok"] == "true" && r["source_rows"] == legacyCount, "\(table): \(r) vs legacy \(legacyCount ?? "-")")
        }
        let unexplained = try await DB.scalar(
            run.targetConninfo,
            """
            SELECT count(*) FROM migration_audit.rejected_rows WHERE length(btrim(reason)) < 15 OR row_data IS NULL
            """)
        #expect(unexplained == "0")
        let rejected = try await DB.scalar(run.targetConninfo, "SELECT count(*) FROM migration_audit.rejected_rows")
        #expect(Int(rejected ?? "0") ?? 0 > 100, "the fuzz dirt makes rows the loads must reject")
    }
}
