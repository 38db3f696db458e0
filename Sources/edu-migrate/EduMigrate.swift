import ArgumentParser
import MigrationCore
import Wizard
import PostgresSandbox

/// The root command: lists the subcommands (wizard, demo, seed, bench, report are added by their owners).
@main
struct EduMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edu-migrate",
        abstract: "Guided, zero-loss migration of the edu database onto the normalized schema.",
        subcommands: [WizardCommand.self, RunCommand.self, PlanCommand.self, SeedCommand.self, ReportCommand.self, DemoCommand.self, RollbackCommand.self, BenchCommand.self],
        defaultSubcommand: WizardCommand.self)
}
