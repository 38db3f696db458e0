import ArgumentParser
import Foundation
import MigrationCore

/// The options and the shared body of the headless commands (`run`, `rollback`): configuration,
/// session, password, event printer, report.md, success criteria and the exit code.
struct HeadlessRun: ParsableArguments {
    @Option(name: .long, help: "Configuration file (YAML).")
    var config: String

    @Option(name: .customLong("sign-off-as"), help: "Sign manual items as NAME (recorded as signed non-interactively).")
    var signOffAs: String?

    @Flag(name: .long, help: "One JSON object per event on stdout.")
    var json = false

    @Option(name: .customLong("work-dir"), help: "Work directory (overrides work_dir of the configuration).")
    var workDir: String?

    @Flag(
        name: .customLong("allow-destructive"),
        help: "Allow destructive steps (cutover, rollback) without a typed confirmation.")
    var allowDestructive = false

    /// - Parameters:
    ///   - check: validates arguments against the loaded plan (throws `ExitCode`).
    ///   - body: what the session runs.
    /// - Throws: `ExitCode` 1 failed, 2 bad input, 3 warnings.
    ///   - forwardOnly: refuse a work directory whose migration was rolled back (`run`).
    ///   - adjust: changes the loaded plan for this run (e.g. a chosen rollback path).
    ///   - needsJournal: refuse a work directory with no journal: nothing recorded to act on
    ///     (`rollback`: a mistyped --work-dir must not drop whatever target_database names).
    ///   - finalSync: when the window finds the legacy database changed, re-run phases 3-4 (else stop).
    func execute(
        check: (Plan) throws -> Void = { _ in }, forwardOnly: Bool = false, needsJournal: Bool = false,
        finalSync: Bool = true,
        adjust: (inout Plan) -> Void = { _ in },
        body: @escaping @Sendable (MigrationSession) async -> RunVerdict
    ) async throws {
        var cfg = try Self.loadConfig(config)
        if let workDir {
            // Backups that follow work_dir (no backup_dir configured) follow --work-dir too.
            let followed = cfg.backupDir == URL(fileURLWithPath: cfg.workDir).appendingPathComponent("backups").path
            cfg.workDir = ConfigLoaderPath.absolute(workDir)
            if followed { cfg.backupDir = URL(fileURLWithPath: cfg.workDir).appendingPathComponent("backups").path }
        }
        if let name = signOffAs, !SignOff.isUsableName(name) {
            CLI.stderr(
                "edu-migrate: --sign-off-as '\(name)': give the name the sign-off record should show (at least 2 characters, with a letter)"
            )
            throw ExitCode(CLI.badInput)
        }
        let journal = URL(fileURLWithPath: cfg.workDir).appendingPathComponent("journal.jsonl").path
        if needsJournal && !FileManager.default.fileExists(atPath: journal) {
            CLI.stderr(
                "edu-migrate: no migration is recorded in \(cfg.workDir) (no journal.jsonl): nothing to act on. "
                    + "Point --work-dir (or work_dir) at the migration's work directory.")
            throw ExitCode(CLI.badInput)
        }
        let assets = try CLI.assets()
        var plan = try CLI.plan(assets: assets)
        if forwardOnly, let at = ReportFile.rolledBack(workDir: cfg.workDir, plan: plan) {
            // Going on from here would redo the cutover without phases 1-4 (or with the new
            // database dropped): the live database is the legacy one again.
            CLI.stderr(
                "edu-migrate: the migration in \(cfg.workDir) was rolled back at \(ISO8601DateFormatter().string(from: at)); "
                    + "the live database is the legacy one again. To migrate again, start over in a new work directory "
                    + "(--work-dir or work_dir): phases 1-6 with fresh backups.")
            throw ExitCode(CLI.badInput)
        }
        try check(plan)
        adjust(&plan)
        let session: MigrationSession
        do {
            session = try MigrationSession(
                plan: plan, config: cfg, assets: assets,
                registry: .standard(signOffAs: signOffAs),
                options: SessionOptions(signOffAs: signOffAs, allowDestructive: allowDestructive, finalSync: finalSync))
        } catch let e as WorkDirectoryLocked {
            CLI.stderr("edu-migrate: \(e.description)")
            throw ExitCode(CLI.badInput)
        } catch let e as PlanLoadError {
            throw e
        } catch {
            // Not a directory, no permission, a read-only filesystem: name it, not Foundation's error.
            CLI.stderr(
                "edu-migrate: cannot use the work directory \(cfg.workDir): \(Self.workDirProblem(cfg.workDir, error)). "
                    + "Choose a directory you can write (--work-dir or work_dir).")
            throw ExitCode(CLI.badInput)
        }
        do { try await PasswordPrompt.ensure(source: cfg.source) } catch {
            await session.close()
            throw error
        }
        // Print this run's events only (a resumed journal's history is replayed to subscribers).
        let already = session.hub.durableHistory.last?.seq ?? 0
        let stream = session.subscribe()
        let json = self.json
        let printer = Task {
            var printer = Printer(json: json)
            for await record in stream where record.seq > already { printer.print(record) }
        }
        let interrupts = InterruptHandler { Task { await session.send(.cancel) } }
        let verdict = await body(session)
        interrupts.remove()
        await session.close()
        await printer.value
        do {
            let (url, criteria) = try ReportFile.write(config: cfg, plan: plan)
            if !json {  // the guide's success criteria, as measured so far (stdout is JSON lines with --json)
                for c in criteria {
                    let mark = c.status == .pass ? "[ OK ]" : c.status == .fail ? "[FAIL]" : "[ -- ]"
                    print("\(mark) \(c.name): \(c.evidence)")
                }
            }
            CLI.stderr("edu-migrate: report written to \(url.path)")
        } catch {
            CLI.stderr("edu-migrate: could not write report.md: \(error.localizedDescription)")
        }
        try Self.exit(verdict.outcome, reason: verdict.reason)
    }

    /// Loads the configuration file.
    /// - Throws: `ExitCode(CLI.badInput)` after every problem (key, line) on one stderr line.
    static func loadConfig(_ path: String) throws -> MigrationConfig {
        do { return try ConfigLoader.load(file: URL(fileURLWithPath: path)) } catch let e as ConfigError {
            CLI.stderr("edu-migrate: " + CLI.oneLine(e.description))
            throw ExitCode(CLI.badInput)
        }
    }

    /// The exit code of a verdict: nothing for passed, else 3 warnings or 1 failed, after its
    /// reason on stderr.
    static func exit(_ outcome: StepOutcome, reason: String?) throws {
        switch outcome {
        case .passed: return
        case .warned:
            CLI.stderr("edu-migrate: " + CLI.oneLine(reason ?? "finished with warnings"))
            throw ExitCode(CLI.warned)
        default:
            CLI.stderr("edu-migrate: " + CLI.oneLine(reason ?? outcome.rawValue))
            throw ExitCode(CLI.failed)
        }
    }

    /// Why a work directory cannot be created or used, in words: the first existing part of the
    /// path is a file, or not writable; else the system's own reason.
    static func workDirProblem(_ path: String, _ error: any Error) -> String {
        var dir = URL(fileURLWithPath: path)
        while !FileManager.default.fileExists(atPath: dir.path) && dir.path != "/" { dir.deleteLastPathComponent() }
        var isDir: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir)
        if !isDir.boolValue { return "\(dir.path) is a file, not a directory" }
        if !FileManager.default.isWritableFile(atPath: dir.path) { return "no permission to write in \(dir.path)" }
        let ns = error as NSError
        if let under = ns.userInfo[NSUnderlyingErrorKey] as? NSError, ns.domain != NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(under.code)))
        }
        return ns.localizedFailureReason ?? ns.localizedDescription
    }
}
