import ArgumentParser
import Foundation
import MigrationCore

/// `edu-migrate check`: the configuration loaded and validated, then phase 1's automatic checks
/// (`Plan.preflight`) run read-only, listing what would block `run`. The session's journal and
/// log go to a throwaway directory: the work directory, the backups and the databases are not
/// written.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration and run phase 1's automatic checks read-only: what would block `run`.",
        discussion:
            "Runs the `check` steps of the pre-migration checklist and of phase 1 (server version, client tools, "
            + "disk space, privileges, names, locale, extensions, legacy tables and columns, sessions, data checks), every "
            + "one even after a failure. No backup, no sign-off; nothing is written to the work directory or the databases. "
            + "Exit codes as for `run`: 0 every check passed, 1 a check failed, 2 bad configuration or plan, 3 warnings only."
    )

    @Option(name: .long, help: "Configuration file (YAML).")
    var config: String

    @Flag(name: .long, help: "One JSON object per event on stdout.")
    var json = false

    func run() async throws {
        let cfg = try HeadlessRun.loadConfig(config)
        if !json { print("configuration \(ConfigLoaderPath.absolute(config)): valid") }
        let assets = try CLI.assets()
        let plan = try CLI.plan(assets: assets).preflight()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "edu-migrate-check-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let session: MigrationSession
        do {
            session = try MigrationSession(
                plan: plan, config: cfg, assets: assets, registry: .standard(), workDir: scratch)
        } catch {
            CLI.stderr(
                "edu-migrate: cannot use a temporary directory (\(scratch.path)): \(error.localizedDescription); set TMPDIR"
            )
            throw ExitCode(CLI.badInput)
        }
        let probe: ConnectionProbe
        do { probe = try await PasswordPrompt.ensure(source: cfg.source) } catch {
            await session.close()
            throw error
        }
        if let problem = probe.problem {  // every check would fail the same way: say it once
            await session.close()
            if !json { print("would block the run:\n  [FAIL] the source database cannot be reached: \(problem)") }
            try HeadlessRun.exit(.failed, reason: "the source database cannot be reached: \(problem)")
        }
        let stream = session.subscribe()
        let json = self.json
        let printer = Task {
            var printer = Printer(json: json)
            for await record in stream { printer.print(record) }
        }
        let interrupts = InterruptHandler { Task { await session.send(.cancel) } }
        let steps = plan.stages.flatMap(\.steps)
        for step in steps {
            await session.send(.runStep(step.id))
            await session.waitIdle()
            if await session.runState.step(step.id).status == .cancelled { break }  // Ctrl-C: stop here
        }
        interrupts.remove()
        let state = await session.runState
        await session.close()
        await printer.value
        let failed = steps.filter { state.step($0.id).status != .passed && state.step($0.id).status != .warned }
        let warned = steps.filter { state.step($0.id).status == .warned }
        if !json { Self.summary(steps: steps, failed: failed, warned: warned, state: state) }
        let outcome: StepOutcome = failed.isEmpty ? (warned.isEmpty ? .passed : .warned) : .failed
        let reason =
            failed.isEmpty
            ? "warnings in: " + warned.map(\.id).joined(separator: ", ")
            : "\(failed.count) check(s) would block the run: " + failed.map(\.id).joined(separator: ", ")
        try HeadlessRun.exit(outcome, reason: reason)
    }

    /// What would block the run, with each fix; then the warnings.
    static func summary(steps: [Step], failed: [Step], warned: [Step], state: RunState) {
        print(
            "\(steps.count) checks: \(steps.count - failed.count - warned.count) passed, \(warned.count) warned, \(failed.count) failed"
        )
        if !failed.isEmpty { print("would block the run:") }
        for step in failed {
            let s = state.step(step.id)
            let lines = s.checks.filter { $0.status == .fail }
            if lines.isEmpty {  // failed before it could check (connection, missing file)
                print("  [FAIL] \(step.id): \(CLI.oneLine(s.failure?.message ?? s.status.rawValue))")
            }
            for l in lines { print("  [FAIL] \(step.id): \(l.name): \(l.evidence)") }
            if let fix = s.failure?.fix { print("         fix: \(fix)") }
        }
        if !warned.isEmpty { print("warnings (the run goes on):") }
        for step in warned {
            for l in state.step(step.id).checks where l.status == .warn {
                print("  [WARN] \(step.id): \(l.name): \(l.evidence)")
            }
        }
    }
}
