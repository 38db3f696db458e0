import Foundation
import MigrationCore
import Postgres
import Testing
import TestSupport

/// migration_audit.parse_date (sql/migration/00_staging.sql), the one reader of every legacy
/// text date, on a real server: each accepted spelling gives its date; anything it cannot read
/// for certain gives NULL (which the loads record), never a plausible wrong date.
@Suite(.requiresPostgres, .tags(.postgres)) struct ParseDateTests {
    static let cases: [(String, String?)] = [
        // the seed's shapes and their variants
        ("2019-09-01", "2019-09-01"), ("2020-02-29 13:45:00", "2020-02-29"), ("05.03.2019", "2019-03-05"),
        ("20190901", "2019-09-01"), ("2019/9/1", "2019-09-01"), ("1/9/2019", "2019-09-01"),
        ("2019-09-01T08:00:00+04:00", "2019-09-01"), ("\u{00A0}2019-09-01\u{200B}", "2019-09-01"),
        // an English month name, day before or after it, 4-digit year last
        ("15 January 2019", "2019-01-15"), ("15-JAN-2020", "2020-01-15"), ("1st March 2021", "2021-03-01"),
        ("Jan 15, 2020", "2020-01-15"), ("Sept 3 2019", "2019-09-03"), ("DEC 31, 1999", "1999-12-31"),
        ("29 Feb 2020", "2020-02-29"),
        // read by PostgreSQL's own date reader these became another year (a stray number taken
        // as a 2-digit year) or 1970 ('epoch'): now NULL
        ("March 5-6, 1990", nil), ("01 02 Sep 1990", nil), ("1 Jan 2020 epoch", nil), ("12 13 March 2020", nil),
        ("Mar 12 12 2020", nil), ("Sep 1990 (1)", nil), ("mayday 5 2020", nil),
        // impossible days, out-of-range years, junk
        ("31 February 2020", nil), ("31.02.2020", nil), ("2019-13-01", nil), ("1899-12-31", nil),
        ("yesterday", nil), ("N/A", nil), ("", nil), ("   ", nil),
    ]

    @Test func everySpellingGivesItsDateOrNull() async throws {
        let h = try await StepHarness("parse_date")
        defer { h.finish() }
        let target = try await Connection.connect(h.target.conninfo)
        defer { target.close() }
        // The functions live in the ledger file, whose views need the target tables.
        for file in [
            "core/create_extensions.sql", "target/01_reference_tables.sql", "target/02_core_schema.sql",
            "migration/00_staging.sql",
        ] {
            // The staging file reads the manifest as the core passes it.
            let text = try String(contentsOf: TestCluster.assets.appendingPathComponent("sql/" + file), encoding: .utf8)
            let manifest = try LegacyManifest.load(assets: TestCluster.assets)
            try await target.execute(
                SqlVariables.substitute(text, ["legacy_tables": SqlVariables.legacyTables(manifest)]))
        }
        let inputs = "{" + Self.cases.map { "\"" + $0.0 + "\"" }.joined(separator: ",") + "}"
        let rows = try await target.query(
            """
            SELECT t, migration_audit.parse_date(t)::text AS d FROM unnest($1::text[]) WITH ORDINALITY u(t, n) ORDER BY n
            """, [inputs]
        ).rows
        #expect(rows.count == Self.cases.count)
        for (row, (input, want)) in zip(rows, Self.cases) {
            #expect(row["t"] == input)
            #expect(row["d"] == want, "'\(input)' → \(row["d"] ?? "NULL"), expected \(want ?? "NULL")")
        }
    }
}
