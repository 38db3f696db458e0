import Foundation
import Postgres
import Testing
import TestSupport

/// The three legacy text-date shapes (seed.sql "DATES"), parsed here independently of the SQL.
enum LegacyDate {
    enum Shape: String, CaseIterable {
        case isoDate = "YYYY-MM-DD", isoTimestamp = "YYYY-MM-DD HH:MI:SS", dotted = "DD.MM.YYYY"
    }

    /// The date as `YYYY-MM-DD` and its shape; nil for blanks, junk and impossible days.
    static func parse(_ raw: String?) -> (date: String, shape: Shape)? {
        guard let raw else { return nil }
        let s = Array(raw.btrim)
        let shape = String(s.map { $0.isASCII && $0.isNumber ? "9" : $0 })
        let (y, m, d): (Int?, Int?, Int?)
        let kind: Shape
        switch shape {
        case "9999-99-99":
            kind = .isoDate
            (y, m, d) = (num(s, 0, 4), num(s, 5, 2), num(s, 8, 2))
        case "9999-99-99 99:99:99":
            kind = .isoTimestamp
            (y, m, d) = (num(s, 0, 4), num(s, 5, 2), num(s, 8, 2))
        case "99.99.9999":
            kind = .dotted
            (y, m, d) = (num(s, 6, 4), num(s, 3, 2), num(s, 0, 2))
        default: return nil
        }
        guard let y, let m, let d, (1...12).contains(m), d >= 1, d <= days(y, m) else { return nil }
        return (String(format: "%04d-%02d-%02d", y, m, d), kind)
    }

    private static func num(_ s: [Character], _ from: Int, _ len: Int) -> Int? { Int(String(s[from..<from + len])) }

    private static func days(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// students.in_order_date, teachers.in_action_date and course.start_date: every format parsed to
/// the right date, blanks → NULL, junk → NULL recorded in migration_audit.nulled_values.
@Suite(.requiresPostgres, .tags(.postgres)) struct DateTests {
    struct Column {
        let legacyTable, legacyColumn, targetTable, targetColumn: String
        /// students keep only the year (admission_year).
        let yearOnly: Bool
    }

    static let columns = [
        Column(
            legacyTable: "students", legacyColumn: "in_order_date", targetTable: "students",
            targetColumn: "admission_year", yearOnly: true),
        Column(
            legacyTable: "teachers", legacyColumn: "in_action_date", targetTable: "teachers", targetColumn: "hire_date",
            yearOnly: false),
        Column(
            legacyTable: "course", legacyColumn: "start_date", targetTable: "courses", targetColumn: "start_date",
            yearOnly: false),
    ]

    @Test func parserRecognisesTheThreeShapes() {
        #expect(LegacyDate.parse("05.03.2019")?.date == "2019-03-05")
        #expect(LegacyDate.parse(" 2019-09-01 ")?.shape == .isoDate)
        #expect(LegacyDate.parse("2020-02-29 13:45:00")?.date == "2020-02-29")
        for junk in [
            "N/A", "31.02.2020", "yesterday", "2019-13-01", "00.00.0000", "-", "30.02.2021", "bilinmir", "", "   ",
        ] {
            #expect(LegacyDate.parse(junk) == nil, "\(junk)")
        }
    }

    @Test(arguments: columns)
    func textDatesAreParsedOrNulledAndRecorded(_ c: Column) async throws {
        let run = try await World.shared.main()
        let (legacy, target) = try await run.column(c.legacyTable, c.legacyColumn, c.targetTable, c.targetColumn)
        let nulled = try await DB.byID(
            run.targetConninfo,
            """
            SELECT source_id AS id, legacy_value, reason FROM migration_audit.nulled_values
            WHERE source_table = '\(c.legacyTable)' AND column_name = '\(c.targetColumn)'
            """)
        var shapes: [LegacyDate.Shape: Int] = [:]
        var junk = 0
        var blank = 0
        var checked = 0
        for row in legacy {
            guard let id = row.int("id"), let t = target[id] else { continue }  // rejected rows carry their raw text
            checked += 1
            let raw = row["v"]
            if let (date, shape) = LegacyDate.parse(raw) {
                shapes[shape, default: 0] += 1
                let want = c.yearOnly ? String(date.prefix(4)) : date
                #expect(
                    t["v"] == want, "\(c.legacyTable) \(id): '\(raw ?? "")' → \(t["v"] ?? "NULL"), expected \(want)")
                #expect(nulled[id] == nil)
            } else if Expected.present(raw) == nil {
                blank += 1
                #expect(t["v"] == nil, "\(c.legacyTable) \(id): blank → \(t["v"] ?? "")")
                #expect(nulled[id] == nil, "\(c.legacyTable) \(id): a blank is not a lost value")
            } else {
                junk += 1
                #expect(t["v"] == nil, "\(c.legacyTable) \(id): junk '\(raw ?? "")' → \(t["v"] ?? "")")
                #expect(
                    nulled[id]?["legacy_value"] == raw,
                    "\(c.legacyTable) \(id): junk '\(raw ?? "")' not recorded in nulled_values")
                #expect(nulled[id]?["reason"]?.isEmpty == false)
            }
        }
        #expect(checked >= 20)
        for shape in LegacyDate.Shape.allCases {
            #expect(shapes[shape, default: 0] >= 1, "\(c.legacyTable): no \(shape.rawValue) sample")
        }
        #expect(blank >= 1, "\(c.legacyTable): no blank sample")
        #expect(junk >= 1, "\(c.legacyTable): no junk sample")
        #expect(
            nulled.count == junk, "\(c.legacyTable): \(nulled.count) nulled \(c.targetColumn) rows, \(junk) junk values"
        )
    }
}
