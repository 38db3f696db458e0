import Foundation
import MigrationCore
import Testing

@Suite struct CommandTests {
    private func step(_ hook: String, timeout: Double? = nil) -> Step {
        var params: [String: PlanValue] = ["hook": .string(hook)]
        if let timeout { params["timeout"] = .number(timeout) }
        return Step(id: "deployment.\(hook)", title: hook, kind: .command, params: params)
    }

    @Test func streamsOutputAndPasses() async throws {
        var config = MigrationConfig(source: "dbname=edu")
        config.hooks.maintenanceOn = "echo flag-on; echo warn-line >&2"
        let rec = Recorder()
        #expect(
            try await CommandExecutor().run(step("maintenance_on"), context: rec.context(config: config)) == .passed)
        #expect(rec.logs.contains("[maintenance_on] flag-on"))
        #expect(rec.logs.contains("[maintenance_on] warn-line"))
    }

    @Test func notConfiguredPassesWithLogLine() async throws {
        let rec = Recorder()
        let outcome = try await CommandExecutor().run(
            step("stop_services"),
            context: rec.context(config: MigrationConfig(source: "dbname=edu")))
        #expect(outcome == .passed)
        #expect(rec.logs.contains { $0.contains("not configured") })
    }

    @Test func nonZeroExitFailsWithStatus() async throws {
        var config = MigrationConfig(source: "dbname=edu")
        config.hooks.switchAppConfig = "echo nope; exit 3"
        let rec = Recorder()
        do {
            _ = try await CommandExecutor().run(step("switch_app_config"), context: rec.context(config: config))
            Issue.record("expected failure")
        } catch let f as StepFailure {
            #expect(f.message.contains("exited with status 3"))
            #expect(f.fix != nil)
        }
    }

    @Test func timeoutKillsTheHook() async throws {
        var config = MigrationConfig(source: "dbname=edu")
        config.hooks.startServices = "sleep 30"
        let rec = Recorder()
        await #expect(throws: StepFailure.self) {
            try await CommandExecutor().run(step("start_services", timeout: 0.5), context: rec.context(config: config))
        }
    }

    /// hooks.timeout from the configuration applies to every hook without its own timeout.
    @Test func theConfiguredHookTimeoutApplies() async throws {
        var config = MigrationConfig(source: "dbname=edu")
        config.hooks.stopServices = "sleep 30"
        config.hooks.timeout = 0.5
        let rec = Recorder()
        let started = Date()
        let failure = await #expect(throws: StepFailure.self) {
            try await CommandExecutor().run(step("stop_services"), context: rec.context(config: config))
        }
        #expect(Date().timeIntervalSince(started) < 20, "stopped by the configured timeout, not the default 600 s")
        #expect(failure != nil)
        let e = try #require(throws: ConfigError.self) {
            try ConfigLoader.parse("source: \"dbname=edu\"\nhooks: { timeout: soon }")
        }
        #expect(
            e.problems.map(\.key) == ["hooks.timeout"] && e.problems[0].message.contains("not a duration"),
            "\(e.problems)")
    }

    @Test func unknownHookIsAPlanError() async throws {
        let rec = Recorder()
        await #expect(throws: StepFailure.self) {
            try await CommandExecutor().run(
                step("reboot_everything"), context: rec.context(config: MigrationConfig(source: "x")))
        }
    }
}
