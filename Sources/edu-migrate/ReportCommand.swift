import ArgumentParser
import Foundation
import MigrationCore

/// `edu-migrate report`: rebuilds report.md from a work directory's journal.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render <work-dir>/report.md from <work-dir>/journal.jsonl and print its path.")

    @Option(name: .customLong("work-dir"), help: "Work directory holding journal.jsonl.")
    var workDir: String

    @Option(name: .long, help: "Configuration file (YAML), for database names in the header. Optional.")
    var config: String?

    func run() async throws {
        let dir = URL(fileURLWithPath: workDir).standardizedFileURL
        guard FileManager.default.fileExists(atPath: dir.appendingPathComponent("journal.jsonl").path) else {
            CLI.stderr("edu-migrate: no journal.jsonl in \(dir.path); run `edu-migrate run` first or pass the right --work-dir")
            throw ExitCode(CLI.badInput)
        }
        var cfg = MigrationConfig(source: "(not recorded: pass --config)")
        if let config {
            do { cfg = try ConfigLoader.load(file: URL(fileURLWithPath: config)) } catch let e as ConfigError {
                CLI.stderr("edu-migrate: \(e.description)"); throw ExitCode(CLI.badInput)
            }
        }
        cfg.workDir = dir.path
        let plan = AssetsLocator.find().flatMap { try? PlanLoader.load(assets: $0) }
        let text = ReportWriter.render(events: Journal.read(workDir: dir), config: cfg, plan: plan)
        let out = dir.appendingPathComponent("report.md")
        do { try text.write(to: out, atomically: true, encoding: .utf8) } catch {
            CLI.stderr("edu-migrate: cannot write \(out.path): \(error.localizedDescription)"); throw ExitCode(CLI.failed)
        }
        print(out.path)
    }
}
