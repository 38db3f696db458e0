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
            + "without echo when stdin is a terminal; never from the command line or the configuration. "
            + "Deployment: the legacy database is frozen (new connections refused, other sessions ended) and compared "
            + "with phase 3's copy by content fingerprints; when anything changed, phases 3 and 4 run again against it "
            + "(the final sync, on by default) before the cutover. --no-final-sync stops with exit 1 instead, naming "
            + "the changed tables.")

    @OptionGroup var headless: HeadlessRun

    @Option(
        name: .long,
        help: "Stop after this phase (preparation, schema, migration, validation, integration, deployment).")
    var through: String?

    @Flag(
        name: .customLong("no-final-sync"),
        help:
            "When the frozen legacy database changed after phase 3, stop (exit 1) instead of re-running phases 3 and 4 against it."
    )
    var noFinalSync = false

    func run() async throws {
        let through = self.through
        try await headless.execute(
            check: { plan in
                if let through, plan.stage(through) == nil {
                    CLI.stderr(
                        "edu-migrate: --through \(through): no such phase (phases: \(plan.phaseIDs.joined(separator: ", ")))"
                    )
                    throw ExitCode(CLI.badInput)
                }
            },
            forwardOnly: true, finalSync: !noFinalSync,
            body: { await $0.run(through: through) })
    }
}

/// Resolves a command-line path against the current directory.
enum ConfigLoaderPath {
    static func absolute(_ p: String) -> String {
        p.hasPrefix("/")
            ? p
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(p)
                .standardizedFileURL.path
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
            text =
                "[progress] \(step)" + (item.map { " \($0)" } ?? "") + ": \(done)" + (total.map { "/\($0)" } ?? "")
                + " \(unit)"
        }
        guard let text else { return }
        let stamp = EventText.timestamp(record.at)
        let out = text.split(separator: "\n", omittingEmptySubsequences: false).map { "\(stamp) \($0)" }.joined(
            separator: "\n")
        FileHandle.standardOutput.write(Data((Redact.secrets(out) + "\n").utf8))
    }
}
