import Foundation
import MigrationCore
import Testing
import TestSupport
import WizardTestSupport
import Wizard

/// Issue 13 items 6 and 7: the log's level filter, `/` search with n/N, column sort in readers.
@Suite struct SearchSortTests {
    static let reader: [MigrationEvent] = [
        .stepStarted(step: "preparation.analysis", attempt: 1),
        .result(
            step: "preparation.analysis",
            table: ResultTable(
                title: "Critical issues", columns: ["issue", "count"],
                rows: [
                    ["duplicate pincodes", "312"], ["orphan students", "41"], ["bad dates", "1200"],
                    ["orphan teachers", "7"],
                ],
                status: [.warn, .warn, .fail, .pass])),
        .stepFinished(step: "preparation.analysis", outcome: .warned, seconds: 4.2),
    ]

    @Test func slashSearchesTheReaderAndNMovesBetweenMatches() {
        var s = Fixtures.state(Self.reader)
        s.screens = [.start, .reader("preparation.analysis")]
        _ = Fixtures.press(&s, .char("/"))
        guard case .text? = s.dialog else {
            Issue.record("no search field")
            return
        }
        _ = Fixtures.type(&s, "orphan")
        _ = Fixtures.press(&s, .enter)
        #expect(s.dialog == nil && s.selected == 1)
        _ = Fixtures.press(&s, .char("n"))
        #expect(s.selected == 3)
        _ = Fixtures.press(&s, .char("n"))
        #expect(s.selected == 1, "wraps around")
        _ = Fixtures.press(&s, .char("N"))
        #expect(s.selected == 3)
    }

    @Test func sKeySortsByColumnAndSReverses() {
        var s = Fixtures.state(Self.reader)
        s.screens = [.start, .reader("preparation.analysis")]
        func firstRow() -> String {
            let lines = renderOnGridTerminal(s, rows: 24, cols: 80).lines()
            let header = lines.firstIndex { $0.contains("issue") && $0.contains("count") } ?? 0
            return lines[header + 1]
        }
        _ = Fixtures.press(&s, .char("s"))  // by issue
        #expect(firstRow().contains("bad dates"), "\(firstRow())")
        #expect(firstRow().contains("FAIL"), "the status goes with its row")
        _ = Fixtures.press(&s, .char("s"))  // by count, as numbers
        #expect(firstRow().contains("orphan teachers"))
        _ = Fixtures.press(&s, .char("S"))
        #expect(firstRow().contains("bad dates"))
        _ = Fixtures.press(&s, .char("s"))  // past the last column: the query's order
        #expect(firstRow().contains("duplicate pincodes"))
    }

    @Test func debugLinesAreHiddenUntilAsked() {
        var s = Fixtures.state(
            Fixtures.events + [
                .log(step: "migration.transfer", level: .debug, message: "[pg_restore] processing item 4711"),
                .log(step: "migration.transfer", level: .warning, message: "persons: 3 rows rejected"),
            ])
        s.screens = [.start, .phase("migration")]
        var text = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        #expect(!text.contains("pg_restore"), "\(text)")
        #expect(text.contains("1 hidden"))
        _ = Fixtures.press(&s, .char("L"), .char("L"), .char("L"), .char("L"))  // notice, warning, error, debug
        #expect(s.logLevel == .debug)
        text = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        #expect(text.contains("dbg  [pg_restore] processing item 4711"), "\(text)")
    }

    @Test func slashSearchesTheLogOnThePhaseScreen() {
        var s = Fixtures.state()
        s.screens = [.start, .phase("migration")]
        _ = Fixtures.press(&s, .char("/"))
        _ = Fixtures.type(&s, "dictionaries")
        _ = Fixtures.press(&s, .enter)
        #expect(s.search["log"] == "dictionaries")
        #expect(s.logScroll == 1, "scrolled back to the matching line")
        let text = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        #expect(text.contains("/dictionaries"))
    }

    @Test func theNewKeysAreInTheKeyTableWithoutClashes() {
        for kind in ScreenKind.allCases {
            let keys = KeyTable.bindings(on: kind).flatMap(\.keys)
            #expect(Set(keys).count == keys.count, "two actions share a key on \(kind)")
        }
        #expect(KeyTable.action(for: .char("s"), on: .reader) == .sortColumn)
        #expect(KeyTable.action(for: .char("s"), on: .phase) == .runStep)
        #expect(KeyTable.action(for: .char("/"), on: .reader) == .search)
    }
}
