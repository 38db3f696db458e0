import Foundation
import Yams

/// Loads `Assets/plan/*.yaml` (file-name order) into a `Plan` and validates it, reporting every
/// problem at once with file and line.
public enum PlanLoader {
    /// Files in the plan directory that are not stage files.
    static let nonStageFiles: Set<String> = ["legacy_tables.yaml"]

    /// Loads the plan of an Assets directory.
    /// - Parameter assets: the Assets root (holding `plan/` and `sql/`).
    /// - Throws: `PlanLoadError` listing every problem found.
    public static func load(assets: URL) throws -> Plan {
        try load(planDirectory: assets.appendingPathComponent("plan"), assets: assets)
    }

    /// Loads the stage files of `planDirectory`; `file:` params are resolved under `assets`.
    /// - Throws: `PlanLoadError` listing every problem found.
    public static func load(planDirectory: URL, assets: URL) throws -> Plan {
        let (plan, problems) = try loadReportingProblems(planDirectory: planDirectory, assets: assets)
        if !problems.isEmpty { throw PlanLoadError(problems: problems) }
        return plan
    }

    /// Loads what can be loaded and returns it with every problem (for `edu-migrate plan`,
    /// which shows the plan even while SQL files are missing).
    /// - Throws: `PlanLoadError` only when the plan directory cannot be read.
    public static func loadReportingProblems(planDirectory: URL, assets: URL) throws -> (Plan, [PlanError]) {
        var parser = PlanParser()
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: planDirectory.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .filter { !nonStageFiles.contains($0) }
                .sorted()
        } catch {
            throw PlanLoadError(problems: [
                PlanError(
                    file: planDirectory.path, line: 0,
                    message: "cannot read the plan directory: \(error.localizedDescription)")
            ])
        }
        if names.isEmpty {
            parser.problems.append(
                PlanError(file: planDirectory.path, line: 0, message: "no plan files (*.yaml) found"))
        }
        for name in names {
            let url = planDirectory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                parser.problems.append(PlanError(file: name, line: 0, message: "cannot read file"))
                continue
            }
            parser.parseFile(name: name, text: text)
        }
        var validator = PlanValidator(assets: assets, parsed: parser.parsed)
        let problems = parser.problems + validator.validate()
        return (Plan(stages: parser.parsed.map(\.stage)), problems)
    }
}

/// A stage as parsed, with where its parts came from (for validation messages).
struct ParsedStage {
    var stage: Stage
    var file: String
    var line: Int
    var gateLines: [Int]
    /// Per step (same order as `stage.steps`): its line and the raw kind text.
    var stepLines: [Int]
    var stepParamLines: [[String: Int]]
}
