import Foundation
import Postgres
import Testing
import TestSupport
@testable import MigrationCore

/// The server progress poller: an operation that leaves the server's progress view (a COPY or an
/// index build that ended) is published complete, so the live panel does not show it frozen.
@Suite(.requiresPostgres, .tags(.postgres)) struct ServerProgressPollerTests {
    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [MigrationEvent] = []
        func add(_ e: MigrationEvent) { lock.withLock { list.append(e) } }
        var all: [MigrationEvent] { lock.withLock { list } }
    }

    @Test func anOperationThatLeftTheViewIsShownComplete() async throws {
        let db = try await TestCluster.createDatabase("poller")
        let conn = try await Connection.connect(db.conninfo)
        defer { conn.close() }
        try await conn.execute(
            "CREATE TABLE prog (item text, done text, total text, unit text); INSERT INTO prog VALUES ('server: COPY FROM stage', '290', NULL, 'rows')"
        )
        let events = Events()
        let poller = ServerProgressPoller()
        poller.start(
            step: "s", conninfo: db.conninfo, query: "SELECT item, done, total, unit FROM prog", every: 0.1,
            publish: { events.add($0) })
        defer { poller.stop() }
        func progress() -> [(done: Int64, total: Int64?)] {
            events.all.compactMap {
                if case .progress(_, "server: COPY FROM stage"?, let d, let t, _) = $0 {
                    return (d, t)
                } else {
                    return nil
                }
            }
        }
        for _ in 0..<50 where progress().isEmpty { try await Task.sleep(nanoseconds: 100_000_000) }
        #expect(progress().first.map { $0.done == 290 && $0.total == nil } == true)
        try await conn.execute("DELETE FROM prog")
        for _ in 0..<50 where !progress().contains(where: { $0.total == 290 }) {
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        #expect(progress().last.map { $0.done == 290 && $0.total == 290 } == true, "\(progress())")
    }
}
