import Foundation
import MigrationCore
import PostgresSandbox
import StandInApp
import Testing
import TestSupport

/// The stand-in application against real databases: before cutover it serves the legacy tables,
/// after cutover the new ones, and the phase-5/6 checks see the difference.
@Suite(.requiresPostgres, .tags(.postgres)) struct StandInAppTests {
    private func http(_ label: String) -> Step {
        Step(
            id: "integration.http-\(label)", title: "HTTP \(label)", kind: .http,
            params: ["endpoints": .string("all"), "frontend": .bool(true), "label": .string(label)])
    }

    private func appConfig(_ world: DeployWorld, _ app: StandInApp) -> MigrationConfig {
        var c = world.config
        c.endpoints = ["teachers", "education-groups", "courses", "health"].map {
            .init(name: $0, url: app.apiBaseURL + "/" + $0, expect: $0 == "health" ? nil : "json")
        }
        c.frontend = app.frontendURL
        return c
    }

    @Test func servesLegacyThenNewSchemaAcrossCutover() async throws {
        let world = try await DeployWorld.make()
        defer { Task { await world.cleanup() } }
        let app = StandInApp(conninfo: world.config.source)
        try app.start()
        defer { app.stop() }
        let groups = try await HttpClient.get(app.apiBaseURL + "/education-groups")
        #expect(groups.status == 200)
        #expect(String(decoding: groups.body, as: UTF8.self).contains("\"name\":\"Group 1\""))
        let courses = try await HttpClient.get(app.apiBaseURL + "/courses")
        let list = try JSONSerialization.jsonObject(with: courses.body) as? [Any]
        #expect(list?.count == 50)  // LIMIT 50 of 60 legacy courses

        let rec = Recorder()
        let ctx = rec.context(config: appConfig(world, app))
        #expect(try await HttpExecutor().run(http("before"), context: ctx) == .passed)
        #expect(rec.checks.count == 5 && rec.checks.allSatisfy { $0.1 == .pass })

        #expect(
            try await CutoverExecutor().run(
                Step(id: "deployment.cutover", title: "c", kind: .cutover),
                context: world.context()) == .passed)
        let after = try await HttpClient.get(app.apiBaseURL + "/education-groups")
        #expect(String(decoding: after.body, as: UTF8.self).contains("\"name\":\"New group 1\""))
        let page = try await HttpClient.get(app.frontendURL)
        #expect(String(decoding: page.body, as: UTF8.self).contains("education_groups: 3"))
    }

    @Test func healthIs503WhenTheDatabaseIsGone() async throws {
        let world = try await DeployWorld.make()
        defer { Task { await world.cleanup() } }
        let app = StandInApp(conninfo: world.config.source)
        try app.start()
        defer { app.stop() }
        #expect(try await HttpClient.get(app.apiBaseURL + "/health").status == 200)
        await world.cleanup()
        #expect(try await HttpClient.get(app.apiBaseURL + "/health").status == 503)
        #expect(try await HttpClient.get(app.frontendURL).status == 503)
    }

    @Test func healthWatchWithTheDatabaseNoticesTheAppGoingDown() async throws {
        let world = try await DeployWorld.make()
        defer { Task { await world.cleanup() } }
        let app = StandInApp(conninfo: world.config.source)
        try app.start()
        var config = appConfig(world, app)
        config.monitorInterval = 0.3
        config.monitorDuration = 30
        let rec = Recorder()
        // Stop the app once a round has seen everything up (not after a fixed delay, nor after the
        // first round: under CI load a round can take longer than any guess, or miss a check).
        let allUp: @Sendable (ResultTable) -> Bool = {
            $0.title.hasPrefix("Health check #") && $0.status == [.pass, .pass, .pass]
        }
        Task {
            while !rec.tables.contains(where: allUp) {
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            app.stop()
        }
        do {
            _ = try await MonitorExecutor().run(
                Step(id: "deployment.monitor", title: "m", kind: .monitor), context: rec.context(config: config))
            Issue.record("the watch did not notice the app going down")
        } catch let f as StepFailure {
            #expect(f.code == "health-failed")
        }
        let rounds = rec.tables.filter { $0.title.hasPrefix("Health check #") }
        #expect(rounds.first?.rows.map { $0[0] } == ["database", "api", "frontend"])
        #expect(rounds.contains(where: allUp), "a round saw the application up before it stopped")
        #expect(rounds.last?.status == [.pass, .fail, .fail])  // the database stayed up
    }
}
