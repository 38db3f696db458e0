import ArgumentParser
import Foundation
import MigrationCore

/// `edu-migrate rollback`: the rollback procedure headless, from any phase.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Run the rollback procedure headless: before cutover drop the new database; after it reverse the renames (or restore a verified backup).",
        discussion: "Destructive: without a terminal it needs --allow-destructive. Exit codes as for `run`.")

    @OptionGroup var headless: HeadlessRun

    @Option(name: .long, help: "auto (default: drop the new database before cutover, reverse the renames after), drop-new, fast, or slow (restore the re-verified full backup: when the legacy database is damaged).")
    var path: String?

    func run() async throws {
        let path = self.path
        try await headless.execute(
            check: { _ in
                if let path, !["auto", "drop-new", "fast", "slow"].contains(path) {
                    CLI.stderr("edu-migrate: --path \(path): use auto, drop-new, fast or slow")
                    throw ExitCode(CLI.badInput)
                }
            },
            adjust: { plan in
                guard let path else { return }
                for (i, stage) in plan.stages.enumerated() {
                    for (j, step) in stage.steps.enumerated() where step.kind == .rollback {
                        plan.stages[i].steps[j].params["path"] = .string(path)
                    }
                }
            },
            body: { await $0.runProcedure("rollback") })
    }
}
