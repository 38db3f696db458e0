import ArgumentParser
import Foundation
import MigrationCore

/// `edu-migrate rollback`: the rollback procedure headless, from any phase.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract:
            "Run the rollback procedure headless: before cutover drop the new database; after it reverse the renames (or restore a verified backup).",
        discussion: "Destructive: without a terminal it needs --allow-destructive. Exit codes as for `run`.")

    @OptionGroup var headless: HeadlessRun

    @Option(
        name: .long,
        help:
            "auto (default: drop the new database before cutover, reverse the renames after), drop-new, fast, or slow (restore the re-verified full backup: when the legacy database is damaged)."
    )
    var path: String?

    func run() async throws {
        let path = self.path
        let allowDestructive = headless.allowDestructive
        let signOffAs = headless.signOffAs
        try await headless.execute(
            check: { plan in
                if let path, !["auto", "drop-new", "fast", "slow"].contains(path) {
                    CLI.stderr("edu-migrate: --path \(path): use auto, drop-new, fast or slow")
                    throw ExitCode(CLI.badInput)
                }
                // Refused before anything runs, not halfway: the procedure stops services, then
                // renames or drops databases, and ends with a sign-off.
                if !allowDestructive {
                    CLI.stderr(
                        "edu-migrate: the rollback renames or drops databases: pass --allow-destructive "
                            + "(a headless run cannot type the confirmation), or run it from the wizard")
                    throw ExitCode(CLI.badInput)
                }
                if signOffAs == nil, plan.stage("rollback")?.steps.contains(where: { $0.kind == .signoff }) == true {
                    CLI.stderr("edu-migrate: the rollback procedure ends with a sign-off: pass --sign-off-as NAME")
                    throw ExitCode(CLI.badInput)
                }
            },
            needsJournal: true,
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
