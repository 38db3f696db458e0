import Foundation
import MigrationCore
import Postgres
import Testing
import TestSupport

/// A legacy database whose schema drifted from DESIGN.md (Tests/Fixtures/integration/schema_drift.sql):
/// no primary key on two tables (a repeated and a NULL id), flags as text or boolean, numbers and
/// dates as text with junk. Phases 1-4 still pass, nothing is lost, every decision is recorded.
@Suite(.requiresPostgres, .tags(.postgres)) struct SchemaDriftTests {
    /// Phases 1-4 on the drifted copy, once per process.
    static let outcome = Task { () throws -> RunOutcome in
        let legacy = try await World.shared.legacy()
        return try await Scenario.run(legacy: legacy, source: legacy.drift, through: "validation", label: "it_drift")
    }

    @Test func phasesOneToFourPassAndTheLedgerBalancesAgainstTheLegacyCounts() async throws {
        let run = try await Self.outcome.value
        #expect(run.verdict.outcome == .passed || run.verdict.outcome == .warned, "\(run.verdict.reason ?? "")")
        let rows = try await DB.rows(
            run.targetConninfo,
            "SELECT source_table, source_rows, balanced::text AS ok FROM migration_audit.reconciliation")
        #expect(rows.count == legacyTables.count)
        for r in rows {
            let table = try #require(r["source_table"])
            #expect(r["ok"] == "true", "\(table) does not balance")
            let legacyCount = try await DB.scalar(run.sourceConninfo, "SELECT count(*) FROM \(table)")
            #expect(
                r["source_rows"] == legacyCount,
                "\(table): source_rows \(r["source_rows"] ?? "-") vs legacy \(legacyCount ?? "-")")
        }
    }

    @Test func aRepeatedIdKeepsItsFirstRowAndNullIdsAreRejectedWithTheirRow() async throws {
        let run = try await Self.outcome.value
        let keyRejects = try await DB.rows(
            run.targetConninfo,
            """
            SELECT source_table, reason, row_data->>'firstname' AS firstname, source_id::text AS sid
            FROM migration_audit.rejected_rows WHERE key_problem ORDER BY source_table, reason
            """)
        let persons = keyRejects.filter { $0["source_table"] == "persons" }
        #expect(persons.count == 2, "\(keyRejects)")
        #expect(persons.contains { $0["firstname"] == "DriftDup" && ($0["reason"] ?? "").hasPrefix("duplicate id ") })
        #expect(persons.contains { $0["firstname"] == "DriftNull" && ($0["reason"] ?? "").hasPrefix("id is NULL") })
        #expect(keyRejects.filter { $0["source_table"] == "course_student" }.count == 1)
        #expect(keyRejects.allSatisfy { $0["sid"] == nil }, "a repeated id does not identify its row")
        // Phase 1's analysis named both tables, with the counts the transfer later rejected.
        let rows = run.state.step("preparation.critical-issues").results.flatMap(\.rows)
        let analysis = rows.filter { ($0.first ?? "").contains("NULL or repeated id") }
        #expect(
            analysis.map { [$0[0].components(separatedBy: ":")[0], $0[1]] } == [
                ["legacy course_student", "1"], ["legacy persons", "2"],
            ],
            "\(analysis)")
        // The first row with the repeated id is the one migrated.
        let minID = try #require(try await DB.scalar(run.sourceConninfo, "SELECT min(id) FROM persons"))
        let kept = try await DB.scalar(run.targetConninfo, "SELECT firstname FROM persons WHERE id = $1", [minID])
        #expect(kept != "DriftDup")
        #expect(
            try await DB.scalar(run.targetConninfo, "SELECT count(*) FROM persons WHERE firstname LIKE 'DriftDup%'")
                == "0")
    }

    @Test func flagsNumbersAndDatesStoredAsTextAreReadAndJunkIsRecorded() async throws {
        let run = try await Self.outcome.value
        let spelled = try await DB.rows(
            run.sourceConninfo, "SELECT id::text AS id, active FROM students WHERE active IN ('Y', 'yes', 'N')")
        #expect(spelled.contains { $0["active"] == "Y" })
        for s in spelled {
            let status = try await DB.scalar(
                run.targetConninfo, "SELECT status FROM students WHERE id = $1::bigint", [s["id"]])
            #expect(
                status == (s["active"] == "N" ? "graduated" : "active"),
                "student \(s["id"] ?? "") active '\(s["active"] ?? "")'")
        }
        let inactive = try await DB.scalar(
            run.sourceConninfo, "SELECT count(*) FROM accounts WHERE NOT activity_status")
        let migratedInactive = try await DB.scalar(
            run.targetConninfo, "SELECT count(*) FROM accounts WHERE NOT is_active")
        #expect(
            Int(migratedInactive ?? "0") ?? 0 > 0 && Int(inactive ?? "0") ?? 0 > 0, "boolean activity_status is read")
        let userID = try #require(
            try await DB.scalar(run.sourceConninfo, "SELECT id::text FROM users WHERE user_type = ' 2'"))
        #expect(
            try await DB.scalar(run.targetConninfo, "SELECT user_type FROM users WHERE id = $1::bigint", [userID])
                == "teacher")
        for word in try await DB.rows(
            run.sourceConninfo, "SELECT id::text AS id FROM users WHERE user_type = 'Student '")
        {
            let t = try await DB.scalar(
                run.targetConninfo, "SELECT user_type FROM users WHERE id = $1::bigint", [word["id"]])
            #expect(t == nil || t == "student", "user \(word["id"] ?? ""): 'Student ' → \(t ?? "rejected")")
        }
        let hours = try await DB.rows(
            run.targetConninfo,
            """
            SELECT legacy_value, reason FROM migration_audit.nulled_values
            WHERE source_table = 'course' AND column_name = 'lecture_hours'
            """)
        #expect(hours.map { $0["legacy_value"] } == ["ten"], "\(hours)")
        #expect(
            try await DB.scalar(run.targetConninfo, "SELECT birthdate::text FROM persons WHERE firstname = 'DriftDate'")
                == "1985-06-15")
        #expect(
            try await DB.scalar(
                run.targetConninfo,
                "SELECT count(*) FROM persons WHERE firstname = 'DriftBadDate' AND birthdate IS NULL") == "1")
        let badDate = try await DB.scalar(
            run.targetConninfo,
            """
            SELECT reason FROM migration_audit.nulled_values
            WHERE source_table = 'persons' AND column_name = 'birthdate' AND legacy_value = '31.02.1990'
            """)
        #expect(badDate == "birthdate is not a valid date")
        // Academic years are still derived (an 'infinity' or year-1 create_date is no clue), one current.
        #expect(
            try await DB.scalar(
                run.targetConninfo,
                "SELECT count(*) FILTER (WHERE is_current) || '/' || (count(*) > 0) FROM academic_years") == "1/true")
        // A shared card number whose rename (<number>-<id>) another student already holds.
        let card = try await DB.rows(
            run.sourceConninfo, "SELECT id::text AS id FROM students WHERE card_number = 'DRIFTCARD' ORDER BY id")
        let second = try #require(card.last?["id"])
        #expect(card.count == 2)
        let renamed = try await DB.scalar(
            run.targetConninfo,
            "SELECT new_value FROM migration_audit.renamed_values WHERE source_table = 'students' AND source_id = $1::bigint",
            [second])
        #expect(renamed == "DRIFTCARD-legacy\(second)")
        // Two more date spellings arrive as dates (teachers that were migrated; some are rejected orphans).
        for (spelling, date) in [("20190901", "2019-09-01"), ("15 January 2019", "2019-01-15")] {
            let ids = try await DB.rows(
                run.sourceConninfo, "SELECT id::text AS id FROM teachers WHERE in_action_date = $1", [spelling]
            ).compactMap { $0["id"] }
            let hired = try await DB.rows(
                run.targetConninfo, "SELECT hire_date::text AS d FROM teachers WHERE id = ANY($1::bigint[])",
                ["{" + ids.joined(separator: ",") + "}"]
            ).map { $0["d"] }
            #expect(!hired.isEmpty && hired.allSatisfy { $0 == date }, "\(spelling): \(hired)")
        }
    }

    @Test func tablesWhoseIdsAreAllNegativeKeepThemAndTheSequenceStartsAtOne() async throws {
        let run = try await Self.outcome.value
        let legacy = try await DB.scalar(run.sourceConninfo, "SELECT max(id) < 0 AND count(*) > 0 FROM course_teacher")
        #expect(legacy == "t")
        let r = try #require(
            try await DB.rows(
                run.targetConninfo,
                """
                SELECT (SELECT max(id) FROM course_teachers)::text AS mx, (SELECT count(*) FROM course_teachers)::text AS n,
                       nextval(pg_get_serial_sequence('public.course_teachers', 'id'))::text AS nx
                """
            ).first)
        #expect(r.int("mx").map { $0 < 0 } == true && (r.int("n") ?? 0) > 0, "\(r)")
        #expect(r["nx"] == "1")
    }
}
