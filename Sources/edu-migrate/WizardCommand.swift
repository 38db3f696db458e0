import ArgumentParser
import Foundation
import MigrationCore
import Postgres
import Wizard

/// `edu-migrate wizard` (the default): the ncurses front end on an interactive session.
struct WizardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizard",
        abstract: "The terminal wizard: checklists, phases, live progress, results (default command).")

    @Option(name: .long, help: "Configuration file (YAML).")
    var config = "edu-migrate.yaml"

    @Option(name: .customLong("work-dir"), help: "Work directory (overrides work_dir of the configuration).")
    var workDir: String?

    @Flag(name: .long, help: "ASCII borders, bars, ticks and sparklines (default: from the locale).")
    var ascii = false

    @Flag(name: .customLong("no-color"), help: "No colours, attributes only (NO_COLOR is honoured too).")
    var noColor = false

    func run() async throws {
        var cfg: MigrationConfig
        do { cfg = try ConfigLoader.load(file: URL(fileURLWithPath: config)) } catch let e as ConfigError {
            CLI.stderr("edu-migrate: " + CLI.oneLine(e.description))
            throw ExitCode(CLI.badInput)
        }
        if let workDir { cfg.workDir = ConfigLoaderPath.absolute(workDir) }
        try await Self.runWizard(config: cfg, options: WizardOptions(ascii: ascii, noColor: noColor))
    }

    /// Opens an interactive session on `config`'s work directory and runs the wizard on it until the
    /// operator quits; then waits for a cancelled step to roll back and closes the session.
    /// `demo` calls this with the sandbox's configuration.
    /// - Throws: `ExitCode` when there is no terminal, the plan is bad or the work directory is in use.
    /// - Parameter resumable: false when what the journal describes goes away on exit (a demo's
    ///   throwaway cluster): the exit line then does not promise a resume.
    static func runWizard(config cfg: MigrationConfig, options: WizardOptions, resumable: Bool = true) async throws {
        try requireTerminal()
        let assets = try CLI.assets()
        let plan = try CLI.plan(assets: assets)
        let session: MigrationSession
        do {
            session = try MigrationSession(
                plan: plan, config: cfg, assets: assets, registry: .standard(),
                options: SessionOptions(interactive: true))
        } catch let e as WorkDirectoryLocked {
            CLI.stderr("edu-migrate: \(e.description)")
            throw ExitCode(CLI.badInput)
        }
        let probe: ConnectionProbe
        do { probe = try await PasswordPrompt.ensure(source: cfg.source) } catch {
            await session.close()
            throw error
        }
        var opts = options
        opts.info = StartInfo(
            source: ConnInfo.redacted(cfg.source), targetDatabase: cfg.targetDatabase,
            workDir: cfg.workDir, confirmName: ConnInfo.value("dbname", in: cfg.source))
        opts.info.server = probe.versionText.map { "\($0), connected (connection test at start)" }
        opts.info.serverProblem = probe.problem
        opts.operatorFile = OperatorFile.url(workDir: cfg.workDir)
        await WizardApp(options: opts).run(control: session)
        // The terminal is back. Stop waits for sign-offs/confirmations; a step cancelled on quit
        // rolls back before we let go of the work directory.
        if await session.runState.runningStep != nil {
            CLI.stderr("edu-migrate: waiting for the cancelled step to roll back...")
        }
        if await !stopWork(of: session, within: 5) {
            CLI.stderr(
                "edu-migrate: the session did not become idle after cancel; leaving anyway (the journal is durable)")
        }
        await session.close()
        if let (url, _) = try? ReportFile.write(config: cfg, plan: plan) {
            CLI.stderr("edu-migrate: report written to \(url.path)")
        }
        let next =
            ReportFile.rolledBack(workDir: cfg.workDir, plan: plan) != nil
            ? "rolled back: to migrate again, start over in a new work directory"
            : resumable
                ? "start again to resume"
                : "its throwaway cluster is deleted now, so it cannot be resumed (demo --keep keeps it)"
        CLI.stderr("edu-migrate: journal in \(session.journalURL.path); " + next)
    }

    /// Stops before any work when stdin or stdout is not a terminal (`demo` checks before seeding).
    /// - Throws: `ExitCode(2)` after saying what to use instead.
    static func requireTerminal() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            CLI.stderr("edu-migrate: the wizard needs a terminal; use `edu-migrate run --config FILE` without one")
            throw ExitCode(CLI.badInput)
        }
    }

    /// Sends `.cancel` until the session's launched work has ended, at most `seconds`.
    /// Repeated because a stage run waiting for sign-offs may wait again for the next one.
    private static func stopWork(of session: MigrationSession, within seconds: Double) async -> Bool {
        let done = DoneFlag()
        let waiter = Task {
            await session.waitIdle()
            done.set()
        }
        let deadline = Date().addingTimeInterval(seconds)
        while !done.isSet, Date() < deadline {
            await session.send(.cancel)
            try? await Task.sleep(nanoseconds: 200_000_000)
        }
        if !done.isSet { waiter.cancel() }
        return done.isSet
    }
}

/// A thread-safe one-way flag.
private final class DoneFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
