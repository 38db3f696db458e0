import ArgumentParser
import Foundation
import MigrationCore

/// `edu-migrate report`: rebuilds report.md from a work directory's journal.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render <work-dir>/report.md from <work-dir>/journal.jsonl; print the success criteria and its path.",
        discussion:
            "Exit code 0 when every success criterion passed, 3 when some were not measured, 1 when one failed or a step failed and was not retried."
    )

    @Option(name: .customLong("work-dir"), help: "Work directory holding journal.jsonl.")
    var workDir: String

    @Option(name: .long, help: "Configuration file (YAML), for database names in the header. Optional.")
    var config: String?

    static let unknown = "(not recorded: pass --config)"

    func run() async throws {
        let dir = URL(fileURLWithPath: workDir).standardizedFileURL
        guard FileManager.default.fileExists(atPath: dir.appendingPathComponent("journal.jsonl").path) else {
            CLI.stderr(
                "edu-migrate: no journal.jsonl in \(dir.path); run `edu-migrate run` first or pass the right --work-dir"
            )
            throw ExitCode(CLI.badInput)
        }
        // A report from a damaged journal would leave steps out silently.
        guard let damaged = Journal.damagedLines(workDir: dir) else {
            CLI.stderr("edu-migrate: cannot read \(dir.path)/journal.jsonl (is it a file you may read?)")
            throw ExitCode(CLI.badInput)
        }
        if !damaged.isEmpty {
            CLI.stderr(
                "edu-migrate: \(dir.path)/journal.jsonl line(s) \(damaged.prefix(10).map(String.init).joined(separator: ", ")) "
                    + "are not journal records (edited or damaged): no report written. Restore the journal from a copy, "
                    + "or remove those lines knowingly.")
            throw ExitCode(CLI.badInput)
        }
        // Without --config the names are unknown here: say so rather than print the defaults as facts.
        var cfg = MigrationConfig(source: Self.unknown)
        cfg.targetDatabase = Self.unknown
        cfg.legacyRename = Self.unknown
        cfg.backupDir = Self.unknown
        if let config {
            do { cfg = try ConfigLoader.load(file: URL(fileURLWithPath: config)) } catch let e as ConfigError {
                CLI.stderr("edu-migrate: \(e.description)")
                throw ExitCode(CLI.badInput)
            }
        }
        cfg.workDir = dir.path
        let plan = AssetsLocator.find().flatMap { try? PlanLoader.load(assets: $0) }
        let written: (url: URL, criteria: [Criterion])
        do { written = try ReportFile.write(config: cfg, plan: plan) } catch {
            CLI.stderr("edu-migrate: cannot write report.md in \(dir.path): \(error.localizedDescription)")
            throw ExitCode(CLI.failed)
        }
        let (out, criteria) = written
        for c in criteria {
            let mark = c.status == .pass ? "[ OK ]" : c.status == .fail ? "[FAIL]" : "[ -- ]"
            print("\(mark) \(c.name): \(c.evidence)")
        }
        let failed = ReportFile.failedSteps(workDir: dir.path)
        for step in failed { print("[FAIL] step \(step) failed and was not retried (see report.md)") }
        print(out.path)
        if !failed.isEmpty || criteria.contains(where: { $0.status == .fail }) { throw ExitCode(CLI.failed) }
        if criteria.contains(where: { $0.status == .notMeasured }) { throw ExitCode(CLI.warned) }
    }
}
