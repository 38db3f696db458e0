import ArgumentParser
import Foundation
import MigrationCore

/// `edu-migrate run`: the plan without a terminal UI; events on stdout; exit code = verdict.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the migration headless (no UI): events on stdout, exit code = verdict.",
        discussion: "Exit codes: 0 every step run passed, 1 a step failed or a gate is shut, 2 bad configuration/plan, "
            + "work directory in use or no password, 3 finished with warnings. On failure stderr has one line: the step, "
            + "its SQLSTATE and the fix. Passwords come from ~/.pgpass, PGPASSFILE or a service file, or a prompt "
            + "without echo when stdin is a terminal; never from the command line or the configuration.")

    @Option(name: .long, help: "Configuration file (YAML).")
    var config: String

    @Option(name: .long, help: "Stop after this phase (preparation, schema, migration, validation, integration, deployment).")
    var through: String?

    @Option(name: .customLong("sign-off-as"), help: "Sign manual items as NAME (recorded as signed non-interactively).")
    var signOffAs: String?

    @Flag(name: .long, help: "One JSON object per event on stdout.")
    var json = false

    @Option(name: .customLong("work-dir"), help: "Work directory (overrides work_dir of the configuration).")
    var workDir: String?

    @Flag(name: .customLong("allow-destructive"), help: "Allow destructive steps (cutover, rollback) without a typed confirmation.")
    var allowDestructive = false

    func run() async throws {
        var cfg: MigrationConfig
        do { cfg = try ConfigLoader.load(file: URL(fileURLWithPath: config)) } catch let e as ConfigError {
            CLI.stderr("edu-migrate: " + CLI.oneLine(e.description)); throw ExitCode(CLI.badInput)
        }
        if let workDir { cfg.workDir = ConfigLoaderPath.absolute(workDir) }
        let assets = try CLI.assets()
        let plan = try CLI.plan(assets: assets)
        if let through, plan.stage(through) == nil {
            CLI.stderr("edu-migrate: --through \(through): no such phase (phases: \(plan.phaseIDs.joined(separator: ", ")))")
            throw ExitCode(CLI.badInput)
        }
        let session: MigrationSession
        do {
            session = try MigrationSession(plan: plan, config: cfg, assets: assets,
                                           registry: .standard(signOffAs: signOffAs),
                                           options: SessionOptions(signOffAs: signOffAs, allowDestructive: allowDestructive))
        } catch let e as WorkDirectoryLocked {
            CLI.stderr("edu-migrate: \(e.description)"); throw ExitCode(CLI.badInput)
        }
        do { try await PasswordPrompt.ensure(source: cfg.source) } catch { await session.close(); throw error }
        // Print this run's events only (a resumed journal's history is replayed to subscribers).
        let already = session.hub.durableHistory.last?.seq ?? 0
        let stream = session.subscribe()
        let json = self.json
        let printer = Task {
            var printer = Printer(json: json)
            for await record in stream where record.seq > already { printer.print(record) }
        }
        let verdict = await session.run(through: through)
        await session.close()
        await printer.value
        do {
            let (url, _) = try ReportFile.write(config: cfg, plan: plan)
            CLI.stderr("edu-migrate: report written to \(url.path)")
        } catch {
            CLI.stderr("edu-migrate: could not write report.md: \(error.localizedDescription)")
        }
        switch verdict.outcome {
        case .passed: return
        case .warned:
            CLI.stderr("edu-migrate: " + CLI.oneLine(verdict.reason ?? "finished with warnings")); throw ExitCode(CLI.warned)
        default:
            CLI.stderr("edu-migrate: " + CLI.oneLine(verdict.reason ?? verdict.outcome.rawValue)); throw ExitCode(CLI.failed)
        }
    }
}

/// Resolves a command-line path against the current directory.
enum ConfigLoaderPath {
    static func absolute(_ p: String) -> String {
        p.hasPrefix("/") ? p : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(p).standardizedFileURL.path
    }
}

/// Writes events to stdout: JSON lines, or human lines with a timestamp (progress at most
/// every few seconds per item).
struct Printer {
    let json: Bool
    var lastProgress: [String: Date] = [:]
    static let progressEvery: TimeInterval = 5

    mutating func print(_ record: EventRecord) {
        if json {
            guard var data = try? CLI.jsonEncoder.encode(record) else { return }
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
            return
        }
        var text = EventText.line(record.event)
        if case .progress(let step, let item, let done, let total, let unit) = record.event {
            let key = step + "|" + (item ?? "")
            if let last = lastProgress[key], record.at.timeIntervalSince(last) < Self.progressEvery { return }
            lastProgress[key] = record.at
            text = "[progress] \(step)" + (item.map { " \($0)" } ?? "") + ": \(done)" + (total.map { "/\($0)" } ?? "") + " \(unit)"
        }
        guard let text else { return }
        let stamp = EventText.timestamp(record.at)
        let out = text.split(separator: "\n", omittingEmptySubsequences: false).map { "\(stamp) \($0)" }.joined(separator: "\n")
        FileHandle.standardOutput.write(Data((Redact.secrets(out) + "\n").utf8))
    }
}
