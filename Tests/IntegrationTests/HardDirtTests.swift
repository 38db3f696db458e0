import Foundation
import MigrationCore
import Postgres
import Testing
import TestSupport

/// Dirt an adversarial hunt found (Tests/Fixtures/integration/hard_dirt.sql): database-level
/// settings, placeholder and over-long keys, renames that are already taken, negative ids,
/// Unicode blanks. Phases 1-4 pass and every decision is the documented one, recorded.
@Suite(.requiresPostgres, .tags(.postgres)) struct HardDirtTests {
    /// Phases 1-4 on the hard copy, once per process.
    static let outcome = Task { () throws -> RunOutcome in
        let legacy = try await World.shared.legacy()
        return try await Scenario.run(legacy: legacy, source: legacy.hard, through: "validation", label: "it_hard")
    }

    /// The target person a legacy person became (itself or its survivor), nil when rejected.
    static func survivor(_ run: RunOutcome, _ id: Int) async throws -> Int? {
        try await DB.scalar(
            run.targetConninfo,
            """
            SELECT coalesce((SELECT survivor_id FROM migration_audit.merged_rows WHERE source_table = 'persons' AND source_id = $1::bigint),
                            (SELECT id FROM persons WHERE id = $1::bigint))
            """, [String(id)]
        ).flatMap { Int($0) }
    }

    @Test func phasesOneToFourPassAndTheLedgerBalances() async throws {
        let run = try await Self.outcome.value
        #expect(run.verdict.outcome == .passed || run.verdict.outcome == .warned, "\(run.verdict.reason ?? "")")
        for r in try await DB.rows(
            run.targetConninfo,
            "SELECT source_table, source_rows, balanced::text AS ok FROM migration_audit.reconciliation")
        {
            let table = try #require(r["source_table"])
            // the database sets search_path = pg_catalog
            let legacyCount = try await DB.scalar(run.sourceConninfo, "SELECT count(*) FROM public.\(table)")
            #expect(
                r["ok"] == "true" && r["source_rows"] == legacyCount, "\(table): \(r) vs legacy \(legacyCount ?? "-")")
        }
    }

    @Test func personsMergeOnlyOnPincodesThatIdentifySomeone() async throws {
        let run = try await Self.outcome.value
        // Phase 1's analysis says so before the DBA signs off: the placeholder pincodes are
        // counted on their own line, not as duplicates of one another.
        let data = try Data(contentsOf: run.workDir.appendingPathComponent("artifacts/critical_issues.json"))
        let tables = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let issues = tables.flatMap { ($0["rows"] as? [[String]]) ?? [] }
        let placeholder = try #require(issues.first { $0[0].hasPrefix("persons whose pincode is a placeholder") })
        #expect((Int(placeholder[1]) ?? 0) >= 4, "\(placeholder)")
        #expect(placeholder[2].hasPrefix("990005,990006,990007,990008"), "\(placeholder)")
        // 'İ' vs 'I' compared as the unique index compares them (equal or not, by the locale).
        let same = try await DB.scalar(run.targetConninfo, "SELECT lower(upper('HARDİ1')) = lower('HARDI1')")
        #expect(try await Self.survivor(run, 990002) == (same == "t" ? 990001 : 990002))
        // A tab and a zero-width space are blanks.
        #expect(try await Self.survivor(run, 990016) == 990015)
        // The fullest row wins with a negative id; the account of the absorbed row follows it.
        #expect(try await Self.survivor(run, 990004) == -990003)
        #expect(
            try await DB.scalar(run.targetConninfo, "SELECT person_id FROM accounts WHERE id = 990027") == "-990003")
        // Placeholders ('N/A', '-', '0000000', a pincode three different names share) merge no one
        // and are not kept; each is recorded.
        for id in [990005, 990006, 990007, 990008, 990009, 990010, 990011] {
            #expect(try await Self.survivor(run, id) == id, "person \(id) was merged")
            #expect(
                try await DB.scalar(
                    run.targetConninfo, "SELECT pincode FROM persons WHERE id = $1::bigint", [String(id)]) == nil)
        }
        let nulled = try await DB.rows(
            run.targetConninfo,
            """
            SELECT source_id::text AS id, reason FROM migration_audit.nulled_values
            WHERE source_table = 'persons' AND column_name = 'pincode' AND source_id BETWEEN 990001 AND 990049 ORDER BY source_id
            """)
        #expect(
            nulled.map { $0["id"] } == [
                "990005", "990006", "990007", "990008", "990009", "990010", "990011", "990017",
            ], "\(nulled)")
        #expect(nulled.filter { ($0["reason"] ?? "").contains("shared by different people") }.count == 3)
        // Names are length-prefixed in the key: 'Ali|Veli' + 'Kaya' is not 'Ali' + 'Veli|Kaya'.
        #expect(try await Self.survivor(run, 990013) == 990013)
        // Names that are only no-break / zero-width spaces are blank.
        let blank = try await DB.scalar(
            run.targetConninfo,
            "SELECT reason FROM migration_audit.rejected_rows WHERE source_table = 'persons' AND source_id = 990014")
        #expect(blank == "firstname and lastname are NULL or blank (required)")
    }

    @Test func renamesNeverLandOnATakenKeyAndOverLongKeysAreCut() async throws {
        let run = try await Self.outcome.value
        let username = try await DB.scalar(run.targetConninfo, "SELECT username FROM accounts WHERE id = 990022")
        #expect(username == "HARDBOB_legacy990022_2")
        let number = try await DB.scalar(run.targetConninfo, "SELECT student_id_number FROM students WHERE id = 990022")
        #expect(number == "HARDCARD-legacy990022-2")
        let long = try await DB.rows(
            run.targetConninfo,
            """
            SELECT source_table, new_value, length(old_value)::text AS n FROM migration_audit.renamed_values
            WHERE rule LIKE '%longer than 200 characters%' ORDER BY source_table
            """)
        #expect(long.map { $0["source_table"] } == ["accounts", "students"], "\(long)")
        #expect(long.allSatisfy { ($0["new_value"] ?? "").count < 220 && $0["n"] == "3600" }, "\(long)")
        #expect(
            try await DB.scalar(
                run.targetConninfo,
                "SELECT reason FROM migration_audit.rejected_rows WHERE source_table = 'accounts' AND source_id = 990025"
            )
                == "username is NULL or blank (required)")
    }

    @Test func wholeNumbersWithDecimalsAreNumbers() async throws {
        let run = try await Self.outcome.value
        let id = try #require(try await DB.scalar(run.sourceConninfo, "SELECT min(id) FROM public.course"))
        #expect(
            try await DB.scalar(run.targetConninfo, "SELECT seminar_hours FROM courses WHERE id = $1::bigint", [id])
                == "30")
    }

    @Test func renamesStayDistinctForNegativeIdsAndRealCardsKeepTheirNumber() async throws {
        let run = try await Self.outcome.value
        let numbers = try await DB.rows(
            run.targetConninfo,
            """
            SELECT id::text AS id, student_id_number AS n FROM students WHERE id IN (-990100, -980115, -990101, 980115, 990031, 990032)
            """)
        #expect(numbers.count == 6 && Set(numbers.compactMap { $0["n"] }).count == 6, "\(numbers)")
        let byID = Dictionary(uniqueKeysWithValues: numbers.map { ($0["id"] ?? "", $0["n"] ?? "") })
        #expect(byID["990032"] == "STU990031", "a real card number keeps it before a generated one")
        #expect(byID["990031"] == "STU990031-990031")
        #expect(byID["-980115"] == "HARDNC-n980115")
        let same = try await DB.scalar(
            run.targetConninfo,
            """
            SELECT count(DISTINCT student_id_number) || '/' || count(*) FROM students WHERE id BETWEEN 991001 AND 994000
            """)
        #expect(same == "3000/3000")
    }

    @Test func theActiveAccountSurvivesAndNumericFlagsAreRead() async throws {
        let run = try await Self.outcome.value
        #expect(
            try await DB.scalar(
                run.targetConninfo,
                "SELECT survivor_id FROM migration_audit.merged_rows WHERE source_table = 'accounts' AND source_id = 990041"
            ) == "990042")
        // activity_status and user_type come from numeric(3,1) columns: '1.0' is 1.
        let legacyActive = Set(
            try await DB.rows(
                run.sourceConninfo, "SELECT id::text AS id FROM public.accounts WHERE activity_status = 1"
            ).compactMap { $0["id"] })
        let target = try await DB.rows(
            run.targetConninfo, "SELECT id::text AS id, is_active::text AS a FROM accounts WHERE id < 990000")
        #expect(target.count > 100)
        #expect(
            target.allSatisfy { ($0["a"] == "true") == legacyActive.contains($0["id"] ?? "") },
            "activity_status 1.0 read as active")
        let legacyStudents = Set(
            try await DB.rows(run.sourceConninfo, "SELECT id::text AS id FROM public.users WHERE user_type = 1")
                .compactMap { $0["id"] })
        let users = try await DB.rows(run.targetConninfo, "SELECT id::text AS id, user_type AS t FROM users")
        #expect(users.count > 100)
        #expect(
            users.allSatisfy { ($0["t"] == "student") == legacyStudents.contains($0["id"] ?? "") },
            "user_type 1.0 read as student")
        // A flag that is not 0/1 is read as 0 and recorded.
        let uid = try #require(try await DB.scalar(run.sourceConninfo, "SELECT min(id) FROM public.users"))
        let flag = try await DB.rows(
            run.targetConninfo,
            """
            SELECT is_blocked::text AS b, (SELECT legacy_value || ': ' || reason FROM migration_audit.nulled_values
                                           WHERE source_table = 'users' AND column_name = 'is_blocked' AND source_id = $1::bigint) AS r
            FROM users WHERE id = $1::bigint
            """, [uid]
        ).first
        #expect(
            flag?["b"] == "false" && flag?["r"]?.hasPrefix("7: is_blocked '7' is not a 0/1 flag") == true,
            "\(String(describing: flag))")
        for (legacy, target, value, status) in [
            ("course_student", "course_students", "2", "completed"),
            ("education_group_student", "education_group_students", "9", "transferred"),
        ] {
            let lid = try #require(try await DB.scalar(run.sourceConninfo, "SELECT min(id) FROM public.\(legacy)"))
            let row = try await DB.rows(
                run.targetConninfo,
                """
                SELECT status AS s, (SELECT legacy_value || ': ' || reason FROM migration_audit.nulled_values
                                     WHERE source_table = '\(legacy)' AND column_name = 'status' AND source_id = $1::bigint) AS r
                FROM \(target) WHERE id = $1::bigint
                """, [lid]
            ).first
            #expect(
                row?["s"] == status && row?["r"]?.hasPrefix("\(value): active '\(value)' is not a 0/1 flag") == true,
                "\(legacy): \(String(describing: row))")
        }
        // An id at bigint's maximum is kept; its sequence stays at its end.
        #expect(
            try await DB.scalar(run.targetConninfo, "SELECT count(*) FROM teachers WHERE id = 9223372036854775807")
                == "1")
        // Hours with a thin space after them.
        let id = try #require(try await DB.scalar(run.sourceConninfo, "SELECT min(id) FROM public.course"))
        #expect(
            try await DB.scalar(run.targetConninfo, "SELECT lecture_hours FROM courses WHERE id = $1::bigint", [id])
                == "40")
    }

    @Test func twoPeopleOnOnePincodeStayTwoAndMergedRowsKeepTheirData() async throws {
        let run = try await Self.outcome.value
        #expect(try await Self.survivor(run, 990052) == 990052)
        #expect(
            try await DB.scalar(
                run.targetConninfo, "SELECT count(*) FROM persons WHERE id IN (990051, 990052) AND pincode IS NULL")
                == "2")
        #expect(try await Self.survivor(run, 990054) == 990053)
        let kept = try await DB.scalar(
            run.targetConninfo,
            """
            SELECT row_data->>'birthdate' FROM migration_audit.merged_rows WHERE source_table = 'persons' AND source_id = 990054
            """)
        #expect(kept?.hasPrefix("1990-01-01") == true, "\(kept ?? "nil")")
        // A real name survives over a fuller row whose name is a placeholder.
        #expect(try await Self.survivor(run, 990061) == 990062)
        // A student whose user belongs to another person: migrated as linked, phase 4 warns.
        let check = run.state.step("validation.merged-references").checks.first {
            $0.name == "students_user_is_their_person"
        }
        #expect(
            check?.status == .warn
                && check?.evidence.contains("students whose user's account belongs to another person") == true,
            "\(String(describing: check))")
    }

    @Test func aDanglingEducationYearIsNulledNotInvented() async throws {
        let run = try await Self.outcome.value
        let id = try #require(try await DB.scalar(run.sourceConninfo, "SELECT max(id) FROM public.education_group"))
        #expect(
            try await DB.scalar(
                run.targetConninfo,
                "SELECT coalesce(academic_year_id::text, 'NULL') FROM education_groups WHERE id = $1::bigint", [id])
                == "NULL")
        #expect(try await DB.scalar(run.targetConninfo, "SELECT count(*) FROM academic_years WHERE id = 77777") == "0")
        let reason = try await DB.scalar(
            run.targetConninfo,
            """
            SELECT reason FROM migration_audit.nulled_values
            WHERE source_table = 'education_group' AND column_name = 'academic_year_id' AND source_id = $1::bigint
            """, [id])
        #expect(reason == "education year 77777 does not exist in legacy dictionaries")
        let course = try #require(try await DB.scalar(run.sourceConninfo, "SELECT max(id) FROM public.course"))
        #expect(
            try await DB.scalar(run.targetConninfo, "SELECT lab_hours FROM courses WHERE id = $1::bigint", [course])
                == "2147483647")
    }
}
