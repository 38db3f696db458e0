import ArgumentParser
import Foundation
import MigrationCore

/// `edu-migrate rollback`: the rollback procedure headless, from any phase.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Run the rollback procedure headless: before cutover drop the new database; after it reverse the renames (or restore a verified backup).",
        discussion: "Destructive: without a terminal it needs --allow-destructive. Exit codes as for `run`.")

    @Option(name: .long, help: "Configuration file (YAML).")
    var config: String

    @Option(name: .customLong("sign-off-as"), help: "Sign the procedure's manual items as NAME (recorded as signed non-interactively).")
    var signOffAs: String?

    @Flag(name: .long, help: "One JSON object per event on stdout.")
    var json = false

    @Option(name: .customLong("work-dir"), help: "Work directory (overrides work_dir of the configuration).")
    var workDir: String?

    @Flag(name: .customLong("allow-destructive"), help: "Allow the destructive rollback step without a typed confirmation.")
    var allowDestructive = false

    func run() async throws {
        try await HeadlessRun(config: config, workDir: workDir, signOffAs: signOffAs, json: json,
                              allowDestructive: allowDestructive).execute(body: { await $0.runProcedure("rollback") })
    }
}
