import Foundation
import MigrationCore
import Postgres
import Testing
import TestSupport

@Suite(.requiresPostgres, .tags(.postgres)) struct TransferTests {
    @Test func transfersEveryManifestTableIntoStaging() async throws {
        let h = try await StepHarness("transfer", staging: true)
        defer { h.finish() }
        let target = try await Connection.connect(h.target.conninfo)
        defer { target.close() }
        try await target.execute(try TestCluster.fixture("steps/stale_row.sql"))
        let step = Step(id: "migration.transfer", title: "Transfer", kind: .transfer)
        #expect(try await TransferExecutor().run(step, context: h.context()) == .passed)
        for (table, n) in [("dictionaries", 2), ("persons", 5000), ("students", 3000)] {
            #expect(try await target.query("SELECT count(*) AS n FROM migration_stage.\(table)").rows[0].int("n") == n)
        }
        let p = try await target.query(
            "SELECT firstname, lastname, patronymic, birthdate FROM migration_stage.persons WHERE id = '7'")
        #expect(p.rows[0]["firstname"] == "Ad 7 Əli" && p.rows[0]["lastname"] == "Soyad\t7")
        #expect(p.rows[0]["patronymic"] == "Ata\nadı" && p.rows[0]["birthdate"] == "1990-01-08")
        let nulls = try await target.query("SELECT count(*) AS n FROM migration_stage.persons WHERE patronymic IS NULL")
        #expect(nulls.rows[0].int("n") == 1000)
        let progress = h.events.compactMap { e -> (String?, Int64, Int64?, String)? in
            if case .progress(_, let item, let done, let total, let unit) = e {
                return (item, done, total, unit)
            } else {
                return nil
            }
        }
        #expect(progress.contains { $0.0 == "persons" && $0.1 == 5000 && $0.2 == 5000 && $0.3 == "rows" })
        #expect(progress.contains { $0.0 == "students" && $0.1 == 0 && $0.2 == 3000 })  // estimate from reltuples
        let summary = try #require(h.results.first)
        #expect(summary.rows.map { $0[0] } == ["dictionaries", "persons", "students"])
        #expect(
            h.events.contains {
                if case .log(_, _, let m) = $0 { return m.hasPrefix("persons: 5000 rows") } else { return false }
            })
    }

    /// Rows the legacy database gained or lost since phase 1 counted it: warned, tables named.
    @Test func legacyRowsChangedSincePhaseOneWarnNamingTheTables() async throws {
        let h = try await StepHarness("transfer_changed", staging: true)
        defer { h.finish() }
        let counted = [TableCount(tableName: "students", count: 3000), TableCount(tableName: "persons", count: 4990)]
        h.setArtifact("pre_migration_counts", try JSONEncoder().encode(counted))
        let some = Step(
            id: "t", title: "T", kind: .transfer, params: ["tables": .list([.string("students"), .string("persons")])])
        #expect(try await TransferExecutor().run(some, context: h.context()) == .warned)
        let warning = try #require(h.logs.first { $0.hasPrefix("legacy rows changed since phase 1") })
        #expect(warning.contains("persons 4990 → 5000") && !warning.contains("students"), "\(warning)")
    }

    @Test func transfersOnlyTheNamedTablesAndRejectsUnknownOnes() async throws {
        let h = try await StepHarness("transfer_some", staging: true)
        defer { h.finish() }
        let some = Step(id: "t", title: "T", kind: .transfer, params: ["tables": .list([.string("students")])])
        _ = try await TransferExecutor().run(some, context: h.context())
        let target = try await Connection.connect(h.target.conninfo)
        defer { target.close() }
        #expect(try await target.query("SELECT count(*) AS n FROM migration_stage.students").rows[0].int("n") == 3000)
        #expect(try await target.query("SELECT count(*) AS n FROM migration_stage.persons").rows[0].int("n") == 0)
        let bad = Step(id: "t2", title: "T", kind: .transfer, params: ["tables": .list([.string("grades")])])
        let failure = await #expect(throws: StepFailure.self) {
            try await TransferExecutor().run(bad, context: h.context())
        }
        #expect(failure?.code == "plan" && failure?.message.contains("grades") == true)
    }

    @Test func missingLegacyTableAndCancelFailClearly() async throws {
        let h = try await StepHarness("transfer_missing", staging: true)
        defer { h.finish() }
        let legacy = try await Connection.connect(h.legacy.conninfo)
        try await legacy.execute("DROP TABLE dictionaries")
        legacy.close()
        let step = Step(id: "t", title: "T", kind: .transfer)
        let missing = await #expect(throws: StepFailure.self) {
            try await TransferExecutor().run(step, context: h.context())
        }
        #expect(missing?.code == "legacy-missing" && missing?.message.contains("dictionaries") == true)
        h.cancel()
        let cancelled = await #expect(throws: StepFailure.self) {
            try await TransferExecutor().run(step, context: h.context())
        }
        #expect(cancelled?.code == "cancelled")
    }

    @Test func aTableWithoutPrimaryKeyLosesRepeatedAndNullIdsToTheLedger() async throws {
        let h = try await StepHarness("transfer_keys", staging: true)
        defer { h.finish() }
        let legacy = try await Connection.connect(h.legacy.conninfo)
        try await legacy.execute(try TestCluster.fixture("steps/students_without_pk.sql"))
        legacy.close()
        let step = Step(
            id: "t", title: "T", kind: .transfer, params: ["tables": .list([.string("students"), .string("persons")])])
        #expect(try await TransferExecutor().run(step, context: h.context()) == .passed)
        let target = try await Connection.connect(h.target.conninfo)
        defer { target.close() }
        // 3000 + the repeat of id 1 + the NULL id copied; both taken out of staging into the ledger.
        #expect(try await target.query("SELECT count(*) AS n FROM migration_stage.students").rows[0].int("n") == 3000)
        let first = try await target.query("SELECT card_number FROM migration_stage.students WHERE id = '1'").rows
        #expect(first.count == 1 && first[0]["card_number"]?.hasPrefix("second-") == false)
        let ledger = try await target.query(
            """
            SELECT source_table, source_id, reason, row_data->>'card_number' AS card FROM migration_audit.rejected_rows
            WHERE key_problem ORDER BY reason
            """
        ).rows
        #expect(ledger.count == 2, "\(ledger)")
        #expect(ledger.allSatisfy { $0["source_table"] == "students" && $0["source_id"] == nil })
        #expect(
            ledger.contains {
                $0["reason"]?.hasPrefix("duplicate id 1: 2 legacy students rows") == true
                    && $0["card"]?.hasPrefix("second-") == true
            })
        #expect(ledger.contains { $0["reason"]?.hasPrefix("id is NULL") == true && $0["card"] == "no-id" })
        // persons has its primary key: not checked, nothing recorded; a second transfer is idempotent.
        #expect(try await TransferExecutor().run(step, context: h.context()) == .passed)
        #expect(try await target.query("SELECT count(*) AS n FROM migration_audit.rejected_rows").rows[0].int("n") == 2)
    }

    /// An INVALID unique index (left by a failed CREATE UNIQUE INDEX CONCURRENTLY) and a parent
    /// table whose inheritance child repeats an id both look like a key in the catalog; neither
    /// guarantees one, so the key check runs and the repeats go to the ledger.
    @Test func anInvalidIndexOrAnInheritanceChildDoesNotSkipTheKeyCheck() async throws {
        let h = try await StepHarness("transfer_keys_holes", staging: true)
        defer { h.finish() }
        let legacy = try await Connection.connect(h.legacy.conninfo)
        try await legacy.execute(try TestCluster.fixture("steps/keys_not_guaranteed.sql"))
        await #expect(throws: PostgresError.self) {
            try await legacy.execute("CREATE UNIQUE INDEX CONCURRENTLY students_id_key ON students (id)")
        }
        try await legacy.execute("ALTER TABLE students ALTER COLUMN id SET NOT NULL")
        #expect(
            try await legacy.query(
                "SELECT count(*) AS n FROM pg_index WHERE indexrelid = 'students_id_key'::regclass AND NOT indisvalid"
            ).rows[0].int("n") == 1)
        legacy.close()
        let step = Step(
            id: "t", title: "T", kind: .transfer, params: ["tables": .list([.string("students"), .string("persons")])])
        #expect(try await TransferExecutor().run(step, context: h.context()) == .passed)
        let target = try await Connection.connect(h.target.conninfo)
        defer { target.close() }
        let ledger = try await target.query(
            """
            SELECT source_table, reason FROM migration_audit.rejected_rows WHERE key_problem ORDER BY source_table
            """
        ).rows
        #expect(ledger.map { $0["source_table"] ?? "" } == ["persons", "students"], "\(ledger)")
        #expect(ledger.first?["reason"]?.hasPrefix("duplicate id 5: 2 legacy persons rows") == true, "\(ledger)")
        #expect(ledger.last?["reason"]?.hasPrefix("duplicate id 1: 2 legacy students rows") == true, "\(ledger)")
        for t in ["students", "persons"] {
            let dup = try await target.query("SELECT count(*) - count(DISTINCT id) AS n FROM migration_stage.\(t)")
                .rows[0].int("n")
            #expect(dup == 0, "\(t)")
        }
    }
}

/// The preparation check `legacy-columns`: id columns that are not integers are refused up front.
@Suite(.requiresPostgres, .tags(.postgres)) struct LegacyColumnTypeTests {
    @Test func textIdColumnsFailTheCheckNamingColumnAndType() async throws {
        let h = try await StepHarness("legacy_types")
        defer { h.finish() }
        let step = Step(
            id: "preparation.legacy-columns", title: "Legacy columns", kind: .check,
            params: ["builtin": .string("legacy-columns")])
        #expect(try await CheckExecutor().run(step, context: h.context()) == .passed)
        let legacy = try await Connection.connect(h.legacy.conninfo)
        try await legacy.execute(try TestCluster.fixture("steps/students_text_ids.sql"))
        legacy.close()
        _ = try? await CheckExecutor().run(step, context: h.context())
        let failed = h.events.compactMap { e -> String? in
            if case .checkResult(_, let name, .fail, let evidence) = e {
                return name + ": " + evidence
            } else {
                return nil
            }
        }
        #expect(
            failed == [
                "table students: columns the migration cannot read as their type: person_id is character varying, org_id is text, create_date is character varying"
            ], "\(failed)")
    }
}

/// transfer.source_encoding: a SQL_ASCII legacy database holding WIN1251 bytes.
@Suite(.requiresPostgres, .tags(.postgres)) struct TransferEncodingTests {
    @Test func win1251BytesFailNamingTheFixThenArriveAsUTF8WithTheEncodingSet() async throws {
        let h = try await StepHarness(
            "transfer_enc", staging: true,
            legacyOptions: "ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
        defer { h.finish() }
        let legacy = try await Connection.connect(h.legacy.conninfo)
        try await legacy.execute(try TestCluster.fixture("steps/win1251_names.sql"))
        legacy.close()
        let step = Step(id: "t", title: "T", kind: .transfer, params: ["tables": .list([.string("persons")])])
        let failure = await #expect(throws: StepFailure.self) {
            try await TransferExecutor().run(step, context: h.context())
        }
        #expect(failure?.code == "encoding" && failure?.sqlState == "22021", "\(String(describing: failure))")
        #expect(failure?.fix?.contains("transfer.source_encoding") == true)

        h.config.transferSourceEncoding = "WIN1251"
        #expect(try await TransferExecutor().run(step, context: h.context()) == .passed)
        let target = try await Connection.connect(h.target.conninfo)
        defer { target.close() }
        let p = try await target.query("SELECT firstname, lastname FROM migration_stage.persons WHERE id = '1'").rows
        #expect(p.first?["firstname"] == "Алия" && p.first?["lastname"] == "Ким", "\(p)")
        #expect(try await target.query("SELECT count(*) AS n FROM migration_stage.persons").rows[0].int("n") == 5000)

        h.config.transferSourceEncoding = "KLINGON"
        let bad = await #expect(throws: StepFailure.self) {
            try await TransferExecutor().run(step, context: h.context())
        }
        #expect(bad?.code == "config" && bad?.message.contains("KLINGON") == true)
    }
}
