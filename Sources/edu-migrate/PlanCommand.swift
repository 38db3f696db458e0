import ArgumentParser
import Foundation
import MigrationCore

/// `edu-migrate plan`: prints the checklists, phases and steps (validating the plan on the way).
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Print the phases, steps and checklists of the plan.")

    @Flag(name: .long, help: "Print the plan as JSON.")
    var json = false

    @Flag(name: .long, help: "Print the plan reference: every step kind, its params and their values (Markdown).")
    var reference = false

    func run() async throws {
        if reference {
            print(PlanVocabulary.reference(), terminator: "")
            return
        }
        let assets = try CLI.assets()
        let (plan, problems) = try PlanLoader.loadReportingProblems(
            planDirectory: assets.appendingPathComponent("plan"), assets: assets)
        defer { if !problems.isEmpty { CLI.stderr("edu-migrate: \(PlanLoadError(problems: problems).description)") } }
        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try e.encode(plan))
            print()
            if !problems.isEmpty { throw ExitCode(CLI.badInput) }
            return
        }
        for stage in plan.stages {
            let gate = stage.gate.isEmpty ? "" : "   (after: \(stage.gate.joined(separator: ", ")))"
            print(
                "\(stage.title)  [\(stage.kind.rawValue) \(stage.id)]" + (stage.subtitle.map { " — \($0)" } ?? "")
                    + gate)
            var section: String?
            for step in stage.steps {
                if step.section != section, let s = step.section {
                    print("  \(s)")
                    section = s
                }
                let flags = (step.required ? "" : " (optional)") + (step.destructive ? " (destructive)" : "")
                let indent = step.section == nil ? "  " : "    "
                print("\(indent)- \(step.title)  [\(step.kind.rawValue) \(step.id)]\(flags)")
            }
            print()
        }
        if !problems.isEmpty { throw ExitCode(CLI.badInput) }
    }
}
