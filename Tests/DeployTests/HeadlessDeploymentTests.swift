import Foundation
import MigrationCore
import PostgresSandbox
import StandInApp
import Testing
import TestSupport

/// Phases 5-6 through the real runner (journal, artifacts, destructive confirmation headless),
/// then the report and success criteria from the journal it wrote.
@Suite(.requiresPostgres, .tags(.postgres)) struct HeadlessDeploymentTests {
    private func plan() -> Plan {
        let http = { (id: String, label: String, frontend: Bool) in
            Step(
                id: id, title: id, kind: .http,
                params: ["endpoints": .string("all"), "frontend": .bool(frontend), "label": .string(label)])
        }
        return Plan(stages: [
            Stage(
                id: "integration", title: "Phase 5", kind: .phase,
                steps: [
                    http("integration.http-before", "before", false),
                    Step(
                        id: "integration.switch-app-config", title: "switch", kind: .command,
                        params: ["hook": .string("switch_app_config")]),
                    http("integration.http-after", "after", true),
                ]),
            Stage(
                id: "deployment", title: "Phase 6", kind: .phase, gate: ["integration"],
                steps: [
                    Step(
                        id: "deployment.maintenance-on", title: "m", kind: .command,
                        params: ["hook": .string("maintenance_on")]),
                    Step(id: "deployment.cutover", title: "cutover", kind: .cutover, destructive: true),
                    http("deployment.http-after", "after", true),
                    Step(id: "deployment.monitor", title: "watch", kind: .monitor),
                ]),
        ])
    }

    @Test func integrationAndDeploymentRunHeadlessAndTheReportTellsIt() async throws {
        let world = try await DeployWorld.make()
        defer { Task { await world.cleanup() } }
        let app = StandInApp(conninfo: world.config.source)
        try app.start()
        defer { app.stop() }
        var config = world.config
        config.endpoints = ["teachers", "courses", "health"].map {
            .init(name: $0, url: app.apiBaseURL + "/" + $0, expect: $0 == "health" ? nil : "json")
        }
        config.frontend = app.frontendURL
        config.hooks.switchAppConfig = "echo database=edu"
        config.monitorInterval = 0.2
        config.monitorDuration = 0.6
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("deploy-headless-\(world.live)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = ArtifactStore(workDir: dir)
        try store.save("validation.passed", Data("{}".utf8))
        try store.save("pre_migration_counts", world.rec.load("analysis.pre_migration_counts")!)

        let session = try MigrationSession(
            plan: plan(), config: config, assets: world.context().assets,
            registry: .standard(), options: SessionOptions(allowDestructive: true), workDir: dir)
        let verdict = await session.run(through: nil)
        await session.close()
        #expect(verdict.outcome == .passed, "\(verdict.reason ?? "")")
        #expect(try await world.databases() == [world.live, world.legacy])

        let events = Journal.read(workDir: dir)
        let criteria = SuccessCriteria.evaluate(events: events, plan: plan())
        #expect(criteria.map(\.status) == [.notMeasured, .notMeasured, .pass, .pass, .notMeasured, .pass])
        let md = ReportWriter.render(events: events, config: config, plan: plan())
        #expect(md.contains("[switch_app_config] database=edu"))
        #expect(md.contains("### deployment.cutover"))
        #expect(md.contains("| teachers | 7 | 7 |"))  // legacy intact after cutover
        #expect(md.contains("| 3 of 3 | OK SELECT 1 on \(world.live)"))
    }
}
