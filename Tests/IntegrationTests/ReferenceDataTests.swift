import Foundation
import Postgres
import Testing
import TestSupport

/// Subjects (one per subject id, courses through education_plan_subject) and academic years
/// (derived from the data, one current).
@Suite(.requiresPostgres, .tags(.postgres)) struct ReferenceDataTests {
    @Test func oneSubjectPerSubjectIdWithTheDocumentedName() async throws {
        let run = try await World.shared.main()
        let eps = try await DB.rows(
            run.sourceConninfo, "SELECT id, subject_id, name_az FROM education_plan_subject ORDER BY id")
        let subjects = try await DB.byID(run.targetConninfo, "SELECT id, name_az FROM subjects")
        let ids = Set(eps.compactMap { $0.int("subject_id") })
        #expect(Set(subjects.keys) == ids, "subjects \(subjects.keys.sorted()) vs legacy subject ids \(ids.sorted())")
        // Name: the most frequent non-blank trimmed name_az; ties → the name seen first (lowest plan-subject id).
        var conflicting = 0
        for (sid, rows) in Dictionary(
            grouping: eps.filter { $0.int("subject_id") != nil }, by: { $0.int("subject_id")! })
        {
            var count: [String: Int] = [:]
            var first: [String: Int] = [:]
            for r in rows {
                guard let n = Expected.present(r["name_az"])?.btrim, let id = r.int("id") else { continue }
                count[n, default: 0] += 1
                first[n] = min(first[n] ?? id, id)
            }
            if count.count > 1 { conflicting += 1 }
            let chosen = count.keys.min { a, b in count[a]! != count[b]! ? count[a]! > count[b]! : first[a]! < first[b]!
            }
            #expect(
                subjects[sid]?["name_az"] == chosen,
                "subject \(sid): '\(subjects[sid]?["name_az"] ?? "NULL")', expected '\(chosen ?? "NULL")' of \(count)")
        }
        #expect(conflicting >= 1, "the seed should have a subject id with conflicting names")
    }

    @Test func coursesGetTheirSubjectThroughEducationPlanSubject() async throws {
        let run = try await World.shared.main()
        let eps = try await DB.byID(run.sourceConninfo, "SELECT id, subject_id FROM education_plan_subject")
        let legacy = try await DB.rows(
            run.sourceConninfo, "SELECT id, education_plan_subject_id AS eps, education_year_id FROM course")
        let target = try await DB.byID(run.targetConninfo, "SELECT id, subject_id, academic_year_id FROM courses")
        let nulled = try await DB.ids(
            run.targetConninfo,
            "SELECT source_id FROM migration_audit.nulled_values WHERE source_table = 'course' AND column_name = 'subject_id'"
        )
        var differs = 0
        for c in legacy {
            guard let id = c.int("id") else { continue }
            let t = try #require(target[id], "course \(id) not migrated (no course is rejected)")
            let want = c.int("eps").flatMap { eps[$0]?.int("subject_id") }
            #expect(
                t.int("subject_id") == want,
                "course \(id): subject_id \(t["subject_id"] ?? "NULL"), expected \(want.map(String.init) ?? "NULL") (plan subject \(c["eps"] ?? "NULL"))"
            )
            if let w = want, w != c.int("eps") { differs += 1 }
            #expect(
                nulled.contains(id) == (want == nil && c["eps"] != nil),
                "course \(id): a plan subject without subject is recorded in nulled_values")
            #expect(t["academic_year_id"] == c["education_year_id"], "course \(id): academic year")
        }
        #expect(differs >= 5, "courses whose plan-subject id is not their subject id: \(differs)")
    }

    @Test func academicYearsAreDerivedFromTheDataWithOneCurrent() async throws {
        let run = try await World.shared.main()
        let used = try await DB.ids(
            run.sourceConninfo,
            """
            SELECT education_year_id FROM education_group WHERE education_year_id IS NOT NULL
            UNION SELECT education_year_id FROM course WHERE education_year_id IS NOT NULL
            """)
        let names = try await DB.byID(run.sourceConninfo, "SELECT id, name_az FROM dictionaries WHERE type_id = 9")
        let years = try await DB.byID(
            run.targetConninfo,
            "SELECT id, name, start_date::text AS s, end_date::text AS e, is_current::text AS cur FROM academic_years")
        #expect(years.count > 3, "\(years.count) academic years (the guide hard-coded 3)")
        #expect(
            Set(years.keys) == used,
            "academic years \(years.keys.sorted()) vs education_year_id values used \(used.sorted())")
        for (id, y) in years {
            // Education years are dictionary rows named 'Y/Y+1': 1 Sep Y .. 30 Jun Y+1.
            guard let n = names[id]?["name_az"], let start = Int(n.prefix(4)) else {
                Issue.record("year \(id): no dictionary name")
                continue
            }
            #expect(
                y["s"] == "\(start)-09-01" && y["e"] == "\(start + 1)-06-30",
                "year \(id) '\(n)': \(y["s"] ?? "NULL")..\(y["e"] ?? "NULL")")
            #expect(y["name"]?.contains(String(start)) == true, "year \(id) name \(y["name"] ?? "NULL")")
        }
        let current = years.filter { $0.value["cur"] == "true" }.map(\.key)
        #expect(current.count == 1, "current years: \(current)")
        let today = try #require(try await DB.scalar(run.targetConninfo, "SELECT current_date::text"))
        let containing = years.filter { ($0.value["s"] ?? "9") <= today && today <= ($0.value["e"] ?? "0") }.map(\.key)
        let started = years.filter { ($0.value["s"] ?? "9") <= today }.max {
            ($0.value["s"] ?? "") < ($1.value["s"] ?? "")
        }?.key
        let want = containing.first ?? started
        #expect(
            current.first == want, "current year \(current) but today \(today) → \(want.map(String.init) ?? "none")")
        let groups = try await DB.rows(run.sourceConninfo, "SELECT id, education_year_id FROM education_group")
        let tg = try await DB.byID(run.targetConninfo, "SELECT id, academic_year_id FROM education_groups")
        for g in groups {
            if let id = g.int("id"), let t = tg[id] {
                #expect(t["academic_year_id"] == g["education_year_id"], "group \(id)")
            }
        }
    }
}
