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

    func run() async throws {
        try await headless.execute(body: { await $0.runProcedure("rollback") })
    }
}
