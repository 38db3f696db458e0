import Foundation
import Postgres
import Testing
import TestSupport

/// The guide's value mappings (user_type, flags → booleans, active → status texts), checked on
/// every migrated row, and the student number rule.
@Suite(.requiresPostgres, .tags(.postgres)) struct MappingTests {
    struct Mapping: Sendable, CustomStringConvertible {
        let legacyTable, legacyColumn, targetTable, targetColumn: String
        let map: @Sendable (String?) -> String
        var description: String { "\(legacyTable).\(legacyColumn) → \(targetTable).\(targetColumn)" }
    }

    static func flag(_ yes: String, _ no: String) -> @Sendable (String?) -> String { { $0 == "1" ? yes : no } }

    static let mappings = [
        Mapping(legacyTable: "users", legacyColumn: "user_type", targetTable: "users", targetColumn: "user_type") {
            switch $0 {
            case "1": return "student"
            case "2": return "teacher"
            case "3": return "admin"
            default: return "staff"
            }
        },
        Mapping(
            legacyTable: "users", legacyColumn: "is_blocked", targetTable: "users", targetColumn: "is_blocked",
            map: flag("true", "false")),
        Mapping(
            legacyTable: "accounts", legacyColumn: "activity_status", targetTable: "accounts",
            targetColumn: "is_active", map: flag("true", "false")),
        Mapping(
            legacyTable: "organizations", legacyColumn: "active", targetTable: "organizations",
            targetColumn: "is_active", map: flag("true", "false")),
        Mapping(
            legacyTable: "education_group", legacyColumn: "active", targetTable: "education_groups",
            targetColumn: "is_active", map: flag("true", "false")),
        Mapping(
            legacyTable: "students", legacyColumn: "active", targetTable: "students", targetColumn: "status",
            map: flag("active", "graduated")),
        Mapping(
            legacyTable: "teachers", legacyColumn: "active", targetTable: "teachers", targetColumn: "status",
            map: flag("active", "terminated")),
        Mapping(
            legacyTable: "course", legacyColumn: "active", targetTable: "courses", targetColumn: "status",
            map: flag("active", "planned")),
        Mapping(
            legacyTable: "course_student", legacyColumn: "active", targetTable: "course_students",
            targetColumn: "status", map: flag("enrolled", "completed")),
        Mapping(
            legacyTable: "education_group_student", legacyColumn: "active", targetTable: "education_group_students",
            targetColumn: "status", map: flag("active", "transferred")),
    ]

    @Test(arguments: mappings)
    func guideMapping(_ m: Mapping) async throws {
        let run = try await World.shared.main()
        let (legacy, target) = try await run.column(m.legacyTable, m.legacyColumn, m.targetTable, m.targetColumn)
        var seen: Set<String> = []
        var compared = 0
        for row in legacy {
            guard let id = row.int("id"), let t = target[id] else { continue }
            let want = m.map(row["v"])
            compared += 1
            seen.insert(want)
            #expect(
                t["v"] == want, "\(m) id \(id): legacy \(row["v"] ?? "NULL") → \(t["v"] ?? "NULL"), expected \(want)")
        }
        #expect(compared >= 10)
        #expect(seen.count >= 2, "\(m): only \(seen) occurred")
        if m.legacyColumn == "user_type" { #expect(seen == ["student", "teacher", "admin", "staff"]) }
    }

    @Test func studentNumbersAreTheCardNumberOrSTUAndId() async throws {
        let run = try await World.shared.main()
        let legacy = try await DB.rows(run.sourceConninfo, "SELECT id, card_number FROM students")
        let target = try await DB.byID(run.targetConninfo, "SELECT id, student_id_number FROM students")
        let renamed = try await DB.byID(
            run.targetConninfo,
            "SELECT source_id AS id, old_value, new_value FROM migration_audit.renamed_values WHERE source_table = 'students'"
        )
        func number(_ row: Row) -> String { Expected.present(row["card_number"])?.btrim ?? "STU\(row["id"] ?? "")" }
        // Shared numbers: the lowest migrated id keeps it, the others get '<number>-<id>' (recorded).
        var owners: [String: Int] = [:]
        for row in legacy {
            if let id = row.int("id"), target[id] != nil { owners[number(row)] = min(owners[number(row)] ?? id, id) }
        }
        var generated = 0
        for row in legacy {
            guard let id = row.int("id"), let t = target[id] else { continue }
            let number = number(row)
            let owner = owners[number]
            if owner != id {
                #expect(
                    t["student_id_number"] == "\(number)-\(id)",
                    "student \(id) shares \(number) with \(owner ?? -1): \(t["student_id_number"] ?? "NULL")")
                #expect(
                    renamed[id]?["old_value"] == number && renamed[id]?["new_value"] == t["student_id_number"],
                    "student \(id) rename not recorded")
                continue
            }
            #expect(renamed[id] == nil)
            if let card = Expected.present(row["card_number"]) {
                #expect(t["student_id_number"] == card.btrim, "student \(id)")
            } else {
                generated += 1
                #expect(
                    t["student_id_number"] == "STU\(id)",
                    "student \(id): blank card → \(t["student_id_number"] ?? "NULL")")
            }
        }
        #expect(generated >= 10)
    }
}
