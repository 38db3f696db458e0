import Foundation
import Postgres
import Testing
import TestSupport

/// Nothing is lost silently: rejected rows keep the whole legacy row, a value that could not be
/// kept is recorded, everything else arrives unchanged.
@Suite(.requiresPostgres, .tags(.postgres)) struct ZeroLossTests {
    @Test(arguments: legacyTables.map(\.legacy))
    func rejectedRowsCarryAReadableReasonAndTheWholeLegacyRow(_ table: String) async throws {
        let run = try await World.shared.main()
        let columns = try await DB.rows(
            run.sourceConninfo,
            """
            SELECT column_name::text AS c FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position
            """, [table]
        ).compactMap { $0["c"] }
        let legacy = try await DB.byID(
            run.sourceConninfo, "SELECT \(columns.map { "\($0)::text AS \($0)" }.joined(separator: ", ")) FROM \(table)"
        )
        let rejected = try await DB.rows(
            run.targetConninfo,
            "SELECT source_id, reason, row_data::text AS row_data FROM migration_audit.rejected_rows WHERE source_table = $1",
            [table])
        for r in rejected {
            let id = r.int("source_id") ?? -1
            let reason = r["reason"] ?? ""
            #expect(reason.count >= 15 && reason.contains(" "), "\(table) \(id): reason '\(reason)' is not a sentence")
            let data = try #require(
                try JSONSerialization.jsonObject(with: Data((r["row_data"] ?? "").utf8)) as? [String: Any])
            #expect(Set(data.keys) == Set(columns), "\(table) \(id): row_data keys \(data.keys.sorted())")
            let row = try #require(legacy[id], "\(table): rejected id \(id) is not a legacy id")
            for c in columns {
                #expect(
                    data[c] as? String == row[c],
                    "\(table) \(id).\(c): row_data \(String(describing: data[c])) vs legacy \(row[c] ?? "NULL")")
            }
        }
        let expectsRejections: Set = [
            "dictionaries", "organizations", "persons", "accounts", "users", "students", "teachers",
            "education_group", "course_teacher", "course_student", "education_group_student",
        ]
        if expectsRejections.contains(table) {
            #expect(!rejected.isEmpty, "\(table): the seed has rows this table must reject")
        }
    }

    struct Ref: Sendable, CustomStringConvertible {
        let legacyTable, legacyColumn, targetTable, targetColumn: String
        var description: String { "\(legacyTable).\(legacyColumn) → \(targetTable).\(targetColumn)" }
        init(_ lt: String, _ lc: String, _ tt: String, _ tc: String? = nil) {
            legacyTable = lt
            legacyColumn = lc
            targetTable = tt
            targetColumn = tc ?? lc
        }
    }

    /// Columns kept under the same value (ids are kept), or NULL and recorded in nulled_values.
    static let refs = [
        Ref("dictionaries", "parent_id", "dictionaries"), Ref("organizations", "parent_id", "organizations"),
        Ref("organizations", "type_id", "organizations"),
        Ref("persons", "gender_id", "persons"), Ref("persons", "citizenship_id", "persons"),
        Ref("persons", "birthdate", "persons"),
        Ref("users", "organization_id", "users"),
        Ref("students", "user_id", "students"), Ref("students", "org_id", "students", "organization_id"),
        Ref("teachers", "user_id", "teachers"), Ref("teachers", "organization_id", "teachers"),
        Ref("teachers", "position_id", "teachers"),
        Ref("education_group", "organization_id", "education_groups"),
        Ref("education_group", "tyutor_id", "education_groups", "tutor_id"),
        Ref("education_group", "education_level_id", "education_groups"),
        Ref("education_group", "education_lang_id", "education_groups", "language_id"),
        Ref("course", "semester_id", "courses"), Ref("course", "education_lang_id", "courses", "language_id"),
        Ref("course_teacher", "course_id", "course_teachers"), Ref("course_teacher", "teacher_id", "course_teachers"),
        Ref("course_student", "course_id", "course_students"), Ref("course_student", "student_id", "course_students"),
        Ref("education_group_student", "education_group_id", "education_group_students"),
        Ref("education_group_student", "student_id", "education_group_students"),
    ]

    @Test(arguments: refs)
    func valuesAreKeptOrNulledAndRecorded(_ ref: Ref) async throws {
        let run = try await World.shared.main()
        let (legacy, target) = try await run.column(
            ref.legacyTable, ref.legacyColumn, ref.targetTable, ref.targetColumn)
        let nulled = try await DB.byID(
            run.targetConninfo,
            """
            SELECT source_id AS id, legacy_value FROM migration_audit.nulled_values
            WHERE source_table = $1 AND column_name IN ($2, $3)
            """, [ref.legacyTable, ref.targetColumn, ref.legacyColumn])
        var compared = 0
        for row in legacy {
            guard let id = row.int("id"), let t = target[id] else { continue }
            compared += 1
            if t["v"] == row["v"] {
                #expect(nulled[id] == nil, "\(ref) \(id): kept and recorded as nulled")
                continue
            }
            #expect(t["v"] == nil, "\(ref) \(id): legacy \(row["v"] ?? "NULL") became \(t["v"] ?? "NULL")")
            #expect(
                nulled[id]?["legacy_value"] == row["v"],
                "\(ref) \(id): \(row["v"] ?? "") set to NULL without a nulled_values record")
        }
        #expect(compared >= 5)
    }

    @Test func keptPersonsKeepTheirOwnValuesTrimmed() async throws {
        let run = try await World.shared.main()
        let legacy = try await DB.byID(
            run.sourceConninfo, "SELECT id, firstname, lastname, patronymic, pincode FROM persons")
        let target = try await DB.rows(
            run.targetConninfo, "SELECT id, firstname, lastname, patronymic, pincode FROM persons")
        #expect(target.count >= World.scale / 2)
        for t in target {
            let id = t.int("id") ?? -1
            let l = try #require(legacy[id])
            #expect(
                t["firstname"] == l["firstname"]?.btrim && t["lastname"] == l["lastname"]?.btrim, "person \(id) names")
            #expect(
                t["pincode"]?.lowercased() == Expected.present(l["pincode"])?.btrim.lowercased(), "person \(id) pincode"
            )
            #expect(t["patronymic"]?.btrim == l["patronymic"]?.btrim, "person \(id) patronymic")
        }
    }
}

/// Phase 2's schema verification (the guide's Day 10 query, as it means it): each table with its
/// own column and constraint counts, not columns x constraints.
@Suite(.requiresPostgres, .tags(.postgres)) struct SchemaVerificationTests {
    @Test func tablesAreListedWithTheirOwnColumnAndConstraintCounts() async throws {
        let run = try await World.shared.main()
        let data = try Data(contentsOf: run.workDir.appendingPathComponent("artifacts/schema_summary.json"))
        let tables = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let rows = try #require(tables.first?["rows"] as? [[String]])
        let counts = try await DB.rows(
            run.targetConninfo,
            """
            SELECT c.relname::text AS t, (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS cols
            FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1
            """)
        #expect(rows.map { $0[0] } == counts.compactMap { $0["t"] })
        for (row, want) in zip(rows, counts) { #expect(row[1] == want["cols"], "\(row)") }
        let persons = try #require(rows.first { $0[0] == "persons" })
        #expect(persons[1] == "10", "\(persons)")
        #expect((Int(persons[2]) ?? 0) < 20, "constraint count of persons: \(persons)")
    }
}
