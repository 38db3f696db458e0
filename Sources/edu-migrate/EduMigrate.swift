import ArgumentParser
import Foundation
import MigrationCore
import Wizard
import PostgresSandbox

/// The root command: lists the subcommands (wizard, demo, seed, bench, report are added by their owners).
@main
struct EduMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edu-migrate",
        abstract: "Guided, zero-loss migration of the edu database onto the normalized schema.",
        version: ToolVersion.number,
        subcommands: [
            WizardCommand.self, InitCommand.self, CheckCommand.self, RunCommand.self, PlanCommand.self,
            SeedCommand.self,
            ReportCommand.self, DemoCommand.self, RollbackCommand.self, BenchCommand.self,
        ],
        defaultSubcommand: WizardCommand.self)

    /// `edu-migrate --version`: the tool's version, then the plan's (a digest of the Assets it
    /// found) and where that plan is, so a DBA sees which plan a copied release will run.
    static func versionText(assets: URL? = AssetsLocator.find()) -> String {
        var lines = ["edu-migrate \(ToolVersion.number)"]
        if let assets {
            let plan = (try? PlanVersion.of(assets: assets)).map(\.description) ?? "unreadable"
            lines.append("plan \(plan) at \(assets.path)")
        } else {
            lines.append(
                "plan: not found (no share/edu-migrate beside bin/, no Assets directory; set EDU_MIGRATE_ASSETS)")
        }
        return lines.joined(separator: "\n")
    }
}

extension EduMigrate {
    /// ArgumentParser's own entry point, with one change: bad arguments (a missing or unknown
    /// option, a value that does not parse) exit 2 as every command's help says, not EX_USAGE (64).
    static func main() async {
        // ArgumentParser would print `version:` alone; the plan's version is read only when asked.
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            print(versionText())
            return
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let message = fullMessage(for: error)
            var code = exitCode(for: error).rawValue
            if code == 64 { code = CLI.badInput }
            if !message.isEmpty {
                if code == 0 { print(message) } else { CLI.stderr(message) }
            }
            Foundation.exit(code)
        }
    }
}
