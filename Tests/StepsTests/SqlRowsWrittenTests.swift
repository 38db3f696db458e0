import Foundation
import MigrationCore
import Postgres
import Testing
import TestSupport

/// Issue 13 item 3: a transform reports the rows it wrote (from the command tags) and its
/// statements by their code, never by a comment.
@Suite struct SqlRowsWrittenTests {
    @Test func aTransformPublishesRowsWrittenAndCodeLines() async throws {
        let h = try await StepHarness("rows_written")
        defer { h.finish() }
        let step = Step(id: "r", title: "Rows", kind: .sql, params: ["file": .string("sql/rows/20_people.sql")])
        #expect(try await SqlExecutor().run(step, context: h.context()) == .passed)
        let written = h.events.compactMap { e -> Int64? in
            if case .progress(_, "sql/rows/20_people.sql rows written"?, let done, _, "rows") = e {
                return done
            } else {
                return nil
            }
        }
        #expect(written == [40, 42], "the SELECT's rows are not writes: \(written)")
        let labels = h.events.compactMap { e -> String? in
            if case .statement(_, let l) = e { return l } else { return nil }
        }
        #expect(labels.first == "sql/rows/20_people.sql:2 CREATE TABLE people (id int)", "\(labels)")
        #expect(labels.allSatisfy { !$0.contains("--") && !$0.contains("Load people") }, "\(labels)")
    }
}
