import Foundation
import MigrationCore
import Postgres
import Testing
import TestSupport

/// Phases 1-4 headless on the seeded dirty legacy database: the run, the zero-loss ledger,
/// the target's integrity, and the legacy database left untouched.
@Suite(.requiresPostgres, .tags(.postgres)) struct LedgerTests {
    @Test func runPassesThroughValidation() async throws {
        let run = try await World.shared.main()
        #expect(run.verdict.outcome == .passed || run.verdict.outcome == .warned, "\(run.verdict.reason ?? "")")
        for stage in ["pre-migration", "preparation", "schema", "migration", "validation"] {
            let ids = try Scenario.steps(of: stage)
            #expect(!ids.isEmpty, "stage \(stage) has no steps")
            for id in ids {
                let st = run.state.step(id)
                #expect(st.status.isDone, "\(id): \(st.status) \(st.failure?.message ?? "")")
            }
        }
        // Phase 4 must pass outright (a warned validation is not a validated migration).
        for id in try Scenario.steps(of: "validation") {
            let st = run.state.step(id)
            #expect(st.status == .passed || st.status == .signed, "\(id): \(st.status)")
        }
        // What the operator is shown: the ledger, one passing row per legacy table.
        let shown = try #require(run.state.step("validation.reconciliation").results.first)
        #expect(shown.rows.count == 13 && shown.status?.allSatisfy { $0 == .pass } == true, "\(shown.rows)")
        #expect(run.verdict.ran.last == "validation.results-reviewed")
        #expect(!run.verdict.ran.contains { $0.hasPrefix("integration.") || $0.hasPrefix("deployment.") })
        print(
            "[itest] main run: phases 1-4 in \(String(format: "%.1f", run.seconds)) s, verdict \(run.verdict.outcome.rawValue) \(run.verdict.reason ?? "")"
        )
    }

    /// Phase 4 shows the ledger by reason: every rejected and merged row is counted in one group.
    @Test func ledgerDetailsGroupEveryRejectedAndMergedRowByReason() async throws {
        let run = try await World.shared.main()
        let tables = run.state.step("validation.ledger-details").results
        #expect(tables.count == 3, "\(tables.map(\.title))")
        func total(_ t: ResultTable?) -> Int {
            t.map { t in t.rows.reduce(0) { $0 + (Int($1[t.columns.firstIndex(of: "rows") ?? 0]) ?? 0) } } ?? -1
        }
        let rejected =
            Int(try await DB.scalar(run.targetConninfo, "SELECT count(*) FROM migration_audit.rejected_rows") ?? "")
            ?? -2
        let merged =
            Int(try await DB.scalar(run.targetConninfo, "SELECT count(*) FROM migration_audit.merged_rows") ?? "") ?? -2
        #expect(total(tables.first) == rejected)
        #expect(total(tables.dropFirst().first) == merged)
        #expect(
            tables.first?.rows.contains { $0.contains("person N does not exist in legacy persons") } == true,
            "\(tables.first?.rows ?? [])")
        let withData = try await DB.scalar(
            run.targetConninfo, "SELECT count(*) FILTER (WHERE row_data IS NULL) FROM migration_audit.merged_rows")
        #expect(withData == "0", "every merged row keeps its legacy row")
    }

    @Test func reconciliationBalancesForEveryLegacyTable() async throws {
        let run = try await World.shared.main()
        let rec = try await DB.rows(
            run.targetConninfo,
            "SELECT source_table, source_rows, migrated, merged, rejected FROM migration_audit.reconciliation")
        let byTable = Dictionary(rec.map { ($0["source_table"] ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(rec.count == 13)
        #expect(Set(byTable.keys) == Set(legacyTables.map(\.legacy)))
        for (legacy, target) in legacyTables {
            let r = try #require(byTable[legacy], "no reconciliation row for \(legacy)")
            let (src, mig, mer, rej) = (r.int("source_rows"), r.int("migrated"), r.int("merged"), r.int("rejected"))
            let legacyCount = Int(try await DB.scalar(run.sourceConninfo, "SELECT count(*) FROM \(legacy)") ?? "")
            #expect(src == legacyCount, "\(legacy): source_rows \(src ?? -1) vs legacy count(*) \(legacyCount ?? -1)")
            #expect(
                src == (mig ?? 0) + (mer ?? 0) + (rej ?? 0),
                "\(legacy): \(src ?? -1) <> \(mig ?? -1) + \(mer ?? -1) + \(rej ?? -1)")
            // The view's numbers are the real ones: target rows and ledger rows.
            let targetCount = Int(
                try await DB.scalar(run.targetConninfo, "SELECT count(*) FROM public.\(target)") ?? "")
            #expect(
                mig == targetCount, "\(legacy): migrated \(mig ?? -1) vs count(*) of \(target) \(targetCount ?? -1)")
            let ledger = try await DB.rows(
                run.targetConninfo,
                """
                SELECT (SELECT count(*) FROM migration_audit.merged_rows WHERE source_table = $1) AS merged,
                       (SELECT count(*) FROM migration_audit.rejected_rows WHERE source_table = $1) AS rejected
                """, [legacy])
            #expect(
                ledger.first?.int("merged") == mer && ledger.first?.int("rejected") == rej,
                "\(legacy): ledger rows differ from the view")
        }
    }

    /// Every legacy id has exactly one outcome: kept under its id, merged, or rejected.
    @Test func everyLegacyIdHasExactlyOneOutcome() async throws {
        let run = try await World.shared.main()
        for (legacy, target) in legacyTables {
            let source = try await DB.ids(run.sourceConninfo, "SELECT id FROM \(legacy)")
            let merged = try await DB.rows(
                run.targetConninfo, "SELECT source_id FROM migration_audit.merged_rows WHERE source_table = $1",
                [legacy]
            )
            .compactMap { $0.int("source_id") }
            let rejected = try await DB.rows(
                run.targetConninfo, "SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = $1",
                [legacy]
            )
            .compactMap { $0.int("source_id") }
            #expect(
                Set(merged).count == merged.count && Set(rejected).count == rejected.count,
                "\(legacy): a legacy id recorded twice")
            #expect(Set(merged).isDisjoint(with: rejected), "\(legacy): ids both merged and rejected")
            #expect(
                Set(merged).union(rejected).isSubset(of: source),
                "\(legacy): ledger names ids the legacy table does not have")
            if legacy == "education_plan_subject" {  // target ids are subject ids (another id space)
                let subjects = Int(
                    try await DB.scalar(run.targetConninfo, "SELECT count(*) FROM public.subjects") ?? "")
                #expect(source.count - merged.count - rejected.count == subjects)
                continue
            }
            let kept = try await DB.ids(run.targetConninfo, "SELECT id FROM public.\(target)")
            #expect(
                kept.isSubset(of: source),
                "\(target): ids that are not legacy \(legacy) ids: \(kept.subtracting(source).sorted().prefix(5))")
            #expect(
                kept.isDisjoint(with: merged) && kept.isDisjoint(with: rejected),
                "\(target): a kept id also merged/rejected")
            let missing = source.subtracting(kept).subtracting(merged).subtracting(rejected)
            #expect(missing.isEmpty, "\(legacy): legacy ids with no outcome (lost): \(missing.sorted().prefix(10))")
        }
    }

    @Test func everyForeignKeyIsValidatedAndTheGuidesOrphanChecksAreZero() async throws {
        let run = try await World.shared.main()
        let fks = try await DB.rows(
            run.targetConninfo,
            """
            SELECT conname::text AS name, convalidated::text AS valid FROM pg_constraint
            WHERE contype = 'f' AND connamespace = 'public'::regnamespace
            """)
        #expect(fks.count >= 23, "\(fks.count) foreign keys, 23 expected (migration/80-84)")
        #expect(fks.filter { $0["valid"] != "true" }.map { $0["name"] ?? "?" } == [])
        let orphans = try String(
            contentsOf: TestCluster.assets.appendingPathComponent("sql/validation/15_orphans.sql"), encoding: .utf8)
        let rows = try await DB.rows(run.targetConninfo, orphans)
        #expect(rows.count == 5)
        for r in rows { #expect(r["count"] == "0", "\(r["check_name"] ?? "?") = \(r["count"] ?? "nil")") }
        #expect(rows.map { $0["check_name"] ?? "" }.contains("orphaned_group_students"))
    }

    @Test func sequencesAreSetPastTheMaxIdOfEveryTable() async throws {
        let run = try await World.shared.main()
        let tables = try await DB.rows(
            run.targetConninfo,
            """
            SELECT c.relname::text AS t FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'id'
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1
            """
        ).compactMap { $0["t"] }
        #expect(tables.count == 15, "target tables with an id: \(tables)")
        let c = try await Connection.connect(run.targetConninfo, applicationName: "integration tests")
        defer { c.close() }
        for t in tables {
            let seq = try await c.query("SELECT pg_get_serial_sequence($1, 'id') AS s", ["public." + t]).rows.first?[
                "s"]
            guard let seq else {
                Issue.record("\(t).id has no sequence")
                continue
            }
            let r = try await c.query("SELECT coalesce(max(id), 0) AS mx, nextval($1) AS nx FROM public.\(t)", [seq])
                .rows[0]
            let (mx, nx) = (r.int("mx") ?? -1, r.int("nx") ?? -1)
            #expect(nx > mx, "\(t): nextval \(nx) <= max(id) \(mx)")
        }
    }

    @Test func nothingWasWrittenToTheLegacyDatabase() async throws {
        let legacy = try await World.shared.legacy()
        let run = try await World.shared.main()
        #expect(run.state.step("migration.transfer").status == .passed)
        let after = try await World.snapshot(legacy.conninfo())
        #expect(after.count == 14)
        for (k, v) in legacy.before { #expect(after[k] == v, "legacy \(k) changed: \(v) → \(after[k] ?? "nil")") }
    }
}
