import Foundation
import MigrationCore
import StandInApp
import Testing

@Suite struct MonitorTests {
    private func config(_ app: StandInApp) -> MigrationConfig {
        var c = MigrationConfig(source: "host=/nonexistent dbname=edu")
        c.endpoints = [.init(name: "health", url: app.apiBaseURL + "/ping")]
        c.frontend = app.apiBaseURL + "/ping"
        c.monitorInterval = 0.2
        c.monitorDuration = 1.0
        return c
    }

    private let step = Step(
        id: "deployment.monitor", title: "Health watch", kind: .monitor,
        params: ["targets": .list([.string("api"), .string("frontend")])])

    @Test func healthyWatchPassesEveryRound() async throws {
        let app = StandInApp(conninfo: "host=/nonexistent dbname=edu")
        try app.start()
        defer { app.stop() }
        let rec = Recorder()
        #expect(try await MonitorExecutor().run(step, context: rec.context(config: config(app))) == .passed)
        #expect(rec.tables.map(\.title) == (1...5).map { "Health check #\($0) of 5" })
        #expect(rec.checks.count == 10 && rec.checks.allSatisfy { $0.1 == .pass })
    }

    @Test func watchNoticesTheAppGoingDownAndProposesRollback() async throws {
        let app = StandInApp(conninfo: "host=/nonexistent dbname=edu")
        try app.start()
        let rec = Recorder()
        var cfg = config(app)
        cfg.monitorDuration = 20
        // Down after the first round answered (not after a fixed delay: a slow first round on a
        // busy machine must not see the app already gone).
        Task {
            while rec.tables.isEmpty { try await Task.sleep(nanoseconds: 20_000_000) }
            app.stop()
        }
        do {
            _ = try await MonitorExecutor().run(step, context: rec.context(config: cfg))
            Issue.record("the watch should have failed")
        } catch let f as StepFailure {
            #expect(f.code == "health-failed")
            // Both failing targets named, also one whose streak is a round shorter (it went down
            // while the round was checking the other).
            #expect(
                f.message.contains("api failed") && f.message.contains("frontend failed"),
                "both failing targets named: \(f.message)")
            #expect(f.fix?.contains("rollback") == true)
        }
        let statuses = rec.tables.compactMap { $0.status }
        #expect(statuses.first == [.pass, .pass])
        #expect(statuses.last == [.fail, .fail])
        #expect(statuses.suffix(2).allSatisfy { $0.contains(.fail) })  // two failing rounds in a row
        #expect(statuses.count < 100)
    }

    @Test func cancelStopsTheWatchBetweenRounds() async throws {
        let app = StandInApp(conninfo: "host=/nonexistent dbname=edu")
        try app.start()
        defer { app.stop() }
        var cfg = config(app)
        cfg.monitorInterval = 30
        cfg.monitorDuration = 3600
        let rec = Recorder()
        Task {
            try await Task.sleep(nanoseconds: 300_000_000)
            rec.cancel()
        }
        let started = Date()
        await #expect(throws: StepFailure.self) {
            try await MonitorExecutor().run(step, context: rec.context(config: cfg))
        }
        // Generous bound: the watch stops between rounds, not after its 30 s interval (CI load varies).
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
