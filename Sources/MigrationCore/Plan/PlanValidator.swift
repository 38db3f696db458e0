import Foundation

/// Cross-file checks of a parsed plan: unique ids, gates that name stages, params per kind,
/// SQL files that exist under Assets.
struct PlanValidator {
    let assets: URL
    let parsed: [ParsedStage]
    private var problems: [PlanError] = []

    init(assets: URL, parsed: [ParsedStage]) {
        self.assets = assets
        self.parsed = parsed
    }

    static let checkBuiltins = Set(PlanVocabulary.checkBuiltins)
    static let databases = Set(PlanVocabulary.databases)
    static let hooks = Set(PlanVocabulary.hooks)

    mutating func validate() -> [PlanError] {
        var stageSeen: [String: String] = [:]
        var stepSeen: [String: String] = [:]
        let stageIDs = Set(parsed.map(\.stage.id))
        var backupSteps = Set<String>()
        for p in parsed { for s in p.stage.steps where s.kind == .backup { backupSteps.insert(s.id) } }
        for p in parsed {
            let stage = p.stage
            if !stage.id.isEmpty {
                if let first = stageSeen[stage.id] {
                    add(p.file, p.line, "duplicate stage id '\(stage.id)' (first defined at \(first))")
                } else {
                    stageSeen[stage.id] = "\(p.file):\(p.line)"
                }
            }
            for (i, g) in stage.gate.enumerated() where !stageIDs.contains(g) {
                add(p.file, p.gateLines[i], "stage \(stage.id): gate names unknown stage '\(g)'")
            }
            for (i, step) in stage.steps.enumerated() {
                let line = p.stepLines[i]
                if !step.id.isEmpty {
                    if let first = stepSeen[step.id] {
                        add(p.file, line, "duplicate step id '\(step.id)' (first defined at \(first))")
                    } else {
                        stepSeen[step.id] = "\(p.file):\(line)"
                    }
                }
                checkParams(
                    step, file: p.file, lines: p.stepParamLines[i], backupSteps: backupSteps, stageIDs: stageIDs)
            }
            for (line, message) in Self.graphOrderProblems(stage, lines: p.stepLines) { add(p.file, line, message) }
        }
        return problems
    }

    /// The listed order is the graph's serial order (`StepGraph`): a step that reads what no
    /// earlier step writes but a later one does would run before its input exists.
    static func graphOrderProblems(_ stage: Stage, lines: [Int]) -> [(Int, String)] {
        var out: [(Int, String)] = []
        for (i, step) in stage.steps.enumerated() {
            for r in step.reads {
                let before = stage.steps[..<i].contains { $0.writes.contains(r) }
                if !before, let later = stage.steps[(i + 1)...].first(where: { $0.writes.contains(r) }) {
                    out.append(
                        (
                            lines.indices.contains(i) ? lines[i] : 0,
                            "step \(step.id) reads '\(r)', which \(later.id) writes after it: list \(later.id) first"
                        ))
                }
            }
        }
        return out
    }

    private mutating func add(_ file: String, _ line: Int, _ message: String) {
        problems.append(PlanError(file: file, line: line, message: message))
    }

    private mutating func checkParams(
        _ step: Step, file: String, lines: [String: Int], backupSteps: Set<String>, stageIDs: Set<String>
    ) {
        let at = { (key: String) in lines[key] ?? lines[""] ?? 0 }
        let who = "step \(step.id) (\(step.kind.rawValue))"
        func need(_ key: String) -> String? {
            guard let v = step.param(key), !v.isEmpty else {
                add(file, at(""), "\(who): missing param `\(key)`")
                return nil
            }
            return v
        }
        func oneOf(_ key: String, _ allowed: Set<String>, required: Bool = false) {
            guard let v = step.params[key] else {
                if required { add(file, at(""), "\(who): missing param `\(key)`") }
                return
            }
            if let t = v.text, allowed.contains(t) { return }
            add(file, at(key), "\(who): param `\(key)` must be one of \(allowed.sorted().joined(separator: ", "))")
        }
        func sqlFile(_ path: String, key: String) {
            var isDir: ObjCBool = false
            let url = assets.appendingPathComponent(path)
            if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) || isDir.boolValue {
                add(file, at(key), "\(who): SQL file '\(path)' not found under Assets (\(url.path))")
            }
        }
        func fileParam(required: Bool, key: String = "file") {
            guard step.params[key] != nil else {
                if required { add(file, at(""), "\(who): missing param `\(key)`") }
                return
            }
            guard let path = step.param(key), !path.isEmpty else {
                add(file, at(key), "\(who): `\(key)` must be a path")
                return
            }
            sqlFile(path, key: key)
        }
        // The vocabulary (PlanVocabulary): unknown params, required ones, allowed values.
        if let spec = PlanVocabulary.spec(step.kind) {
            let known = spec.params + PlanVocabulary.common
            for key in step.params.keys.sorted() where !known.contains(where: { $0.name == key }) {
                add(
                    file, at(key),
                    "\(who): unknown param `\(key)` (\(step.kind.rawValue) takes: "
                        + (known.map(\.name).joined(separator: ", ")) + ")")
            }
            for p in spec.params {
                if p.required && step.params[p.name] == nil {
                    add(file, at(""), "\(who): missing param `\(p.name)`")
                    continue
                }
                if let values = p.values, let v = step.params[p.name], !(v.text.map(values.contains) ?? false) {
                    add(
                        file, at(p.name),
                        "\(who): param `\(p.name)` must be one of \(values.sorted().joined(separator: ", "))")
                }
            }
        }
        // What the vocabulary cannot say: files that exist, either/or params, references.
        switch step.kind {
        case .check:
            if step.params["builtin"] != nil {
                if step.params["file"] != nil {
                    add(file, at("file"), "\(who): give either `builtin` or `file`, not both")
                }
            } else if step.params["file"] != nil {
                fileParam(required: true)
            } else {
                add(file, at(""), "\(who): needs `builtin:` or `file:`")
            }
        case .sql:
            if step.params["waves"] != nil {
                if step.params["file"] != nil {
                    add(file, at("file"), "\(who): give either `file` or `waves`, not both")
                }
                if let waves = SqlWaves.waves(step) {
                    for path in waves.joined() { sqlFile(path, key: "waves") }
                } else {
                    add(file, at("waves"), "\(who): `waves` must be a list of lists of SQL files")
                }
            } else {
                fileParam(required: true)
            }
        case .validate:
            fileParam(required: false)
            fileParam(required: false, key: "expected")
        case .transfer:
            if let t = step.params["tables"], case .list = t {
            } else if step.params["tables"] != nil {
                add(file, at("tables"), "\(who): `tables` must be a list of legacy table names")
            }
        case .verifyBackup, .testRestore:
            if let of = step.param("of"), !backupSteps.contains(of) {
                add(file, at("of"), "\(who): `of` names '\(of)', which is not a backup step")
            }
        case .sync:
            if case .list(let names)? = step.params["stages"], !names.isEmpty {
                for n in names.compactMap(\.text) where !stageIDs.contains(n) {
                    add(file, at("stages"), "\(who): `stages` names '\(n)', which is not a stage of the plan")
                }
            } else if step.params["stages"] != nil {
                add(file, at("stages"), "\(who): `stages` must be the list of stages the final sync re-runs")
            }
        case .signoff, .cutover, .monitor, .freeze, .backup, .command, .rollback, .http: break
        }
    }
}
