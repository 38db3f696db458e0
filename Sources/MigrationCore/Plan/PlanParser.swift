import Foundation
import Yams

/// Turns stage files into `ParsedStage`s, collecting structural problems.
struct PlanParser {
    var parsed: [ParsedStage] = []
    var problems: [PlanError] = []

    static let stageKeys: Set<String> = ["id", "title", "kind", "subtitle", "gate", "steps", "help", "role"]
    static let stepKeys: Set<String> = [
        "id", "title", "kind", "section", "required", "destructive", "help", "params", "reads", "writes", "criterion",
    ]

    mutating func parseFile(name: String, text: String) {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            problems.append(PlanError(file: name, line: Self.errorLine(error), message: "not valid YAML: \(error)"))
            return
        }
        guard let stagesNode = root?.mapping?["stages"], let stages = stagesNode.sequence else {
            problems.append(
                PlanError(file: name, line: YamlNode.line(root), message: "expected a top-level `stages:` list"))
            return
        }
        for node in stages { parseStage(node, file: name) }
    }

    private mutating func parseStage(_ node: Node, file: String) {
        let line = YamlNode.line(node)
        guard node.mapping != nil else {
            problems.append(PlanError(file: file, line: line, message: "a stage must be a mapping"))
            return
        }
        unknownKeys(node, allowed: Self.stageKeys, what: "stage", file: file)
        let id = required(node, "id", what: "stage", file: file)
        let title = required(node, "title", what: "stage \(id ?? "?")", file: file)
        var kind = StageKind.phase
        if let k = node.mapping?["kind"] {
            if let v = YamlNode.text(k).flatMap(StageKind.init(rawValue:)) {
                kind = v
            } else {
                problems.append(
                    PlanError(
                        file: file, line: YamlNode.line(k),
                        message:
                            "stage \(id ?? "?"): unknown stage kind '\(YamlNode.text(k) ?? "")' (checklist, phase, procedure)"
                    ))
            }
        } else {
            problems.append(PlanError(file: file, line: line, message: "stage \(id ?? "?"): missing `kind`"))
        }
        var gate: [String] = []
        var gateLines: [Int] = []
        if let g = node.mapping?["gate"] {
            if let seq = g.sequence {
                for item in seq {
                    if let t = YamlNode.text(item) {
                        gate.append(t)
                        gateLines.append(YamlNode.line(item))
                    }
                }
            } else if let t = YamlNode.text(g) {
                gate = [t]
                gateLines = [YamlNode.line(g)]
            }
        }
        var role: StageRole?
        if let r = node.mapping?["role"] {
            let value = StageRole(rawValue: YamlNode.text(r) ?? "")
            if StageRole.all.contains(value) {
                role = value
            } else {
                problems.append(
                    PlanError(
                        file: file, line: YamlNode.line(r),
                        message: "stage \(id ?? "?"): unknown role '\(value.rawValue)' ("
                            + StageRole.all.map(\.rawValue).joined(separator: ", ") + ")"))
            }
        }
        var stage = Stage(
            id: id ?? "", title: title ?? "", kind: kind,
            subtitle: YamlNode.text(node.mapping?["subtitle"]), gate: gate, steps: [], role: role)
        var lines: [Int] = []
        var paramLines: [[String: Int]] = []
        if let steps = node.mapping?["steps"]?.sequence {
            for s in steps {
                if let (step, pl) = parseStep(s, file: file) {
                    stage.steps.append(step)
                    lines.append(YamlNode.line(s))
                    paramLines.append(pl)
                }
            }
        } else {
            problems.append(PlanError(file: file, line: line, message: "stage \(id ?? "?"): missing `steps:` list"))
        }
        parsed.append(
            ParsedStage(
                stage: stage, file: file, line: line, gateLines: gateLines,
                stepLines: lines, stepParamLines: paramLines))
    }

    private mutating func parseStep(_ node: Node, file: String) -> (Step, [String: Int])? {
        let line = YamlNode.line(node)
        guard let map = node.mapping else {
            problems.append(PlanError(file: file, line: line, message: "a step must be a mapping"))
            return nil
        }
        unknownKeys(node, allowed: Self.stepKeys, what: "step", file: file)
        let id = required(node, "id", what: "step", file: file)
        let title = required(node, "title", what: "step \(id ?? "?")", file: file)
        guard let kindNode = map["kind"] else {
            problems.append(PlanError(file: file, line: line, message: "step \(id ?? "?"): missing `kind`"))
            return nil
        }
        guard let kind = YamlNode.text(kindNode).flatMap(StepKind.init(rawValue:)) else {
            let all = StepKind.allCases.map(\.rawValue).joined(separator: ", ")
            problems.append(
                PlanError(
                    file: file, line: YamlNode.line(kindNode),
                    message: "step \(id ?? "?"): unknown step kind '\(YamlNode.text(kindNode) ?? "")' (known: \(all))"))
            return nil
        }
        var params: [String: PlanValue] = [:]
        var paramLines: [String: Int] = [:]
        if let p = map["params"] {
            if p.mapping == nil {
                problems.append(
                    PlanError(
                        file: file, line: YamlNode.line(p), message: "step \(id ?? "?"): `params` must be a mapping"))
            }
            for (key, keyNode, value) in YamlNode.pairs(p) {
                params[key] = YamlNode.value(value)
                paramLines[key] = YamlNode.line(keyNode)
            }
        }
        paramLines[""] = line
        let step = Step(
            id: id ?? "", title: title ?? "", kind: kind, section: YamlNode.text(map["section"]),
            required: flag(map["required"], default: true, file: file),
            destructive: flag(map["destructive"], default: false, file: file),
            help: YamlNode.text(map["help"]), params: params,
            reads: names(map["reads"], key: "reads", step: id, file: file),
            writes: names(map["writes"], key: "writes", step: id, file: file),
            criterion: criterion(map["criterion"], step: id, file: file))
        return (step, paramLines)
    }

    /// `criterion:` of a step: one of `StepCriterion.all`, else a problem.
    private mutating func criterion(_ node: Node?, step: String?, file: String) -> StepCriterion? {
        guard let node else { return nil }
        let value = StepCriterion(rawValue: YamlNode.text(node) ?? "")
        guard StepCriterion.all.contains(value) else {
            problems.append(
                PlanError(
                    file: file, line: YamlNode.line(node),
                    message: "step \(step ?? "?"): unknown criterion '\(value.rawValue)' ("
                        + StepCriterion.all.map(\.rawValue).joined(separator: ", ") + ")"))
            return nil
        }
        return value
    }

    /// A list of names (`reads:`, `writes:`); anything else is a problem.
    private mutating func names(_ node: Node?, key: String, step: String?, file: String) -> [String] {
        guard let node else { return [] }
        if case .list(let items) = YamlNode.value(node) {
            let texts = items.compactMap(\.text)
            if texts.count == items.count { return texts }
        }
        problems.append(
            PlanError(
                file: file, line: YamlNode.line(node), message: "step \(step ?? "?"): `\(key)` must be a list of names")
        )
        return []
    }

    private mutating func required(_ node: Node, _ key: String, what: String, file: String) -> String? {
        if let t = YamlNode.text(node.mapping?[key]), !t.trimmingCharacters(in: .whitespaces).isEmpty { return t }
        problems.append(PlanError(file: file, line: YamlNode.line(node), message: "\(what): missing `\(key)`"))
        return nil
    }

    private mutating func flag(_ node: Node?, default def: Bool, file: String) -> Bool {
        guard let node else { return def }
        if let b = node.bool { return b }
        problems.append(
            PlanError(
                file: file, line: YamlNode.line(node),
                message: "expected true or false, got '\(YamlNode.text(node) ?? "")'"))
        return def
    }

    private mutating func unknownKeys(_ node: Node, allowed: Set<String>, what: String, file: String) {
        for (key, keyNode, _) in YamlNode.pairs(node) where !allowed.contains(key) {
            problems.append(
                PlanError(
                    file: file, line: YamlNode.line(keyNode),
                    message: "unknown \(what) key '\(key)' (allowed: \(allowed.sorted().joined(separator: ", ")))"))
        }
    }

    static func errorLine(_ error: any Error) -> Int {
        if case let YamlError.scanner(_, _, mark, _) = error { return mark.line }
        if case let YamlError.parser(_, _, mark, _) = error { return mark.line }
        return 0
    }
}
