import Foundation

/// The kinds of step the core implements once, generically (DESIGN.md, "The plan is data").
public enum StepKind: String, Codable, Sendable, CaseIterable {
    case check, signoff, sql, transfer, backup
    case verifyBackup = "verify-backup"
    case testRestore = "test-restore"
    case validate, http, command, cutover, monitor, rollback
    /// Freeze the legacy database in the window and compare it with phase 3's copy.
    case freeze
    /// The final sync: re-run the stages named by `stages:` when the freeze found changes
    /// (run by the runner itself, not an executor).
    case sync
}

/// What a stage of the plan is: a checklist of sign-offs, a phase of work, or a procedure (rollback).
public enum StageKind: String, Codable, Sendable {
    case checklist, phase, procedure
}

/// A JSON-like parameter value loaded from the plan files.
public enum PlanValue: Codable, Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case list([PlanValue])
    case map([String: PlanValue])

    /// The value as text when it is a scalar.
    public var text: String? {
        switch self {
        case .string(let s): return s
        case .number(let n): return n == n.rounded() ? String(Int(n)) : String(n)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let l = try? c.decode([PlanValue].self) {
            self = .list(l)
        } else {
            self = .map(try c.decode([String: PlanValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let n): try c.encode(n)
        case .bool(let b): try c.encode(b)
        case .list(let l): try c.encode(l)
        case .map(let m): try c.encode(m)
        }
    }
}

/// One step of a stage: an automatic check, a manual sign-off, a SQL file, a transfer, ...
public struct Step: Codable, Sendable, Equatable, Identifiable {
    /// Unique across the whole plan, e.g. `preparation.backup-full`.
    public var id: String
    public var title: String
    public var kind: StepKind
    /// Optional grouping inside a checklist ("System Requirements", "Backup Strategy", ...).
    public var section: String?
    /// Required steps must pass (or be signed) before the next stage's gate opens.
    public var required: Bool
    /// Destructive steps (cutover, rollback) need the database name typed to confirm.
    public var destructive: Bool
    /// What the DBA reads on screen about this step.
    public var help: String?
    /// Kind-specific parameters (`file:` for sql, `tables:` for transfer, ...).
    public var params: [String: PlanValue]
    /// What the step reads and writes (table names or other resource names). In a stage where
    /// steps declare them, the runner runs steps side by side when they do not conflict
    /// (`StepGraph`); a step that declares neither runs alone, in its listed place.
    public var reads: [String]
    public var writes: [String]
    /// The success criterion its results are evidence for (`criterion:`), nil for most steps.
    public var criterion: StepCriterion?

    public init(
        id: String, title: String, kind: StepKind, section: String? = nil, required: Bool = true,
        destructive: Bool = false, help: String? = nil, params: [String: PlanValue] = [:],
        reads: [String] = [], writes: [String] = [], criterion: StepCriterion? = nil
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.section = section
        self.required = required
        self.destructive = destructive
        self.help = help
        self.params = params
        self.reads = reads
        self.writes = writes
        self.criterion = criterion
    }

    /// A parameter as text, if present.
    public func param(_ key: String) -> String? { params[key]?.text }
    /// A list parameter as texts (empty when absent or not a list).
    public func list(_ key: String) -> [String] {
        if case .list(let items)? = params[key] { return items.compactMap(\.text) }
        return []
    }
}

/// A checklist, a phase or a procedure: an ordered list of steps behind a gate.
public struct Stage: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var title: String
    public var kind: StageKind
    /// e.g. "Days 1-7" from the guide.
    public var subtitle: String?
    /// Stage ids whose required steps must all be done before this stage may start.
    public var gate: [String]
    public var steps: [Step]
    /// What the stage is for the core and the front ends (declared in the plan, never
    /// inferred from its id): analysis, validation, rollback.
    public var role: StageRole?

    public init(
        id: String, title: String, kind: StageKind, subtitle: String? = nil, gate: [String] = [], steps: [Step],
        role: StageRole? = nil
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.subtitle = subtitle
        self.gate = gate
        self.steps = steps
        self.role = role
    }
}

/// A stage's role (`role:` in the plan), as a stable string.
public struct StageRole: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    /// Reads the legacy database and records what it found (phase 1, the pre-migration checklist).
    public static let analysis: StageRole = "analysis"
    /// Checks the migrated data; the cutover needs it passed (after the last final sync).
    public static let validation: StageRole = "validation"
    /// The way back, on request.
    public static let rollback: StageRole = "rollback"
    /// Every role the plan may declare.
    public static let all: [StageRole] = [.analysis, .validation, .rollback]
}

/// The whole runbook as data: checklists, the six phases, the deployment checklist and rollback.
public struct Plan: Codable, Sendable, Equatable {
    public var stages: [Stage]

    public init(stages: [Stage]) { self.stages = stages }

    /// The stage with this id.
    public func stage(_ id: String) -> Stage? { stages.first { $0.id == id } }

    /// The stages declaring `role`, in plan order.
    public func stages(role: StageRole) -> [Stage] { stages.filter { $0.role == role } }

    /// The ids of the stages declaring `role`.
    public func stageIDs(role: StageRole) -> Set<String> { Set(stages(role: role).map(\.id)) }

    /// The step with this id and the stage that holds it.
    public func step(_ id: String) -> (stage: Stage, step: Step)? {
        for stage in stages { if let s = stage.steps.first(where: { $0.id == id }) { return (stage, s) } }
        return nil
    }

    /// Phase ids in order (what `--through` accepts).
    public var phaseIDs: [String] { stages.filter { $0.kind == .phase }.map(\.id) }
}
