import Foundation

/// One run of one step as the journal tells it (the last attempt wins).
public struct StepRun: Sendable, Equatable {
    public var stepID: String
    public var stage: String?
    public var attempts: Int
    public var startedAt: Date?
    public var seconds: Double?
    public var outcome: StepOutcome?
    public var failure: StepFailure?
    /// Result tables of the last attempt, in order.
    public var tables: [ResultTable]
    /// Check results of the last attempt, in order.
    public var checks: [(name: String, status: CheckStatus, evidence: String)]
    /// Log lines (notice and above) of the last attempt.
    public var notices: [String]
    /// Every log line of the last attempt (operator hook output is logged at info level).
    public var logs: [String] = []
    /// The step's kind and its stage's role, from the plan (nil without one).
    public var kind: StepKind?
    public var role: StageRole?
    /// The success criterion the plan says its results are evidence for (nil without one).
    public var criterion: StepCriterion?

    public static func == (a: StepRun, b: StepRun) -> Bool {
        a.stepID == b.stepID && a.attempts == b.attempts && a.outcome == b.outcome && a.tables == b.tables
    }
}

/// Facts folded from a journal's events: per-step runs in first-start order, sign-offs, overrides.
/// Pure: the report and the success criteria are computed from it, never from a database.
public struct JournalFacts: Sendable {
    public private(set) var steps: [StepRun] = []
    public private(set) var signOffs: [SignOff] = []
    public private(set) var undone: [(step: String, operatorName: String)] = []
    public private(set) var overrides: [(stage: String, reason: String, operatorName: String)] = []
    public private(set) var runs: [(id: String, at: Date, resumed: Bool)] = []
    /// How the latest run ended; nil while it has not (a wizard session never ends a run).
    public private(set) var finished: (outcome: StepOutcome, reason: String?, at: Date)?
    /// Checks the configuration left out, as the last run reported them ("step: what").
    public private(set) var notChecked: [String] = []
    private var index: [String: Int] = [:]
    private let plan: Plan?

    /// - Parameters:
    ///   - records: the journal's records in order.
    ///   - plan: gives each step its kind and stage role; without it, none has one.
    public init(_ records: [EventRecord], plan: Plan? = nil) {
        self.plan = plan
        var stage: String?
        for r in records {
            switch r.event {
            case .runStarted(let id, _, let resumed):
                runs.append((id, r.at, resumed))
                finished = nil
            case .stageStarted(let s): stage = s
            case .stageFinished: stage = nil
            case .gateOverridden(let s, let reason, let op): overrides.append((s, reason, op))
            case .stepStarted(let s, _):
                let i = slot(s, stage: stage)
                steps[i].attempts += 1
                steps[i].startedAt = r.at
                steps[i].outcome = nil
                steps[i].failure = nil
                steps[i].seconds = nil
                steps[i].tables = []
                steps[i].checks = []
                steps[i].notices = []
                steps[i].logs = []
            case .result(let s, let t): steps[slot(s, stage: stage)].tables.append(t)
            case .checkResult(let s, let n, let st, let ev): steps[slot(s, stage: stage)].checks.append((n, st, ev))
            case .log(let s?, let level, let m):
                let i = slot(s, stage: stage)
                steps[i].logs.append(m)
                if level >= .notice { steps[i].notices.append(m) }
            case .stepFinished(let s, let o, let secs):
                let i = slot(s, stage: stage)
                steps[i].outcome = o
                steps[i].seconds = secs
            case .stepFailed(let s, let f, let secs):
                let i = slot(s, stage: stage)
                steps[i].outcome = .failed
                steps[i].failure = f
                steps[i].seconds = secs
            case .signedOff(let so):
                signOffs.removeAll { $0.stepID == so.stepID }
                signOffs.append(so)
            case .signOffUndone(let s, let op):
                signOffs.removeAll { $0.stepID == s }
                undone.append((s, op))
            case .runFinished(let o, let reason, let nc):
                finished = (o, reason, r.at)
                notChecked = nc ?? []
            default: break
            }
        }
    }

    private mutating func slot(_ step: String, stage: String?) -> Int {
        if let i = index[step] { return i }
        let inPlan = plan?.step(step)
        let inferred = inPlan?.stage.id ?? stage ?? step.split(separator: ".").first.map(String.init)
        steps.append(
            StepRun(
                stepID: step, stage: inferred, attempts: 0, tables: [], checks: [], notices: [],
                kind: inPlan?.step.kind, role: inPlan?.stage.role ?? inferred.flatMap { plan?.stage($0)?.role },
                criterion: inPlan?.step.criterion))
        index[step] = steps.count - 1
        return steps.count - 1
    }

    /// The run of one step.
    public func step(_ id: String) -> StepRun? { index[id].map { steps[$0] } }

    /// Steps whose result tables satisfy `match` (with those tables), in order.
    public func tables(where match: (StepRun, ResultTable) -> Bool) -> [(step: StepRun, table: ResultTable)] {
        steps.flatMap { s in s.tables.filter { match(s, $0) }.map { (s, $0) } }
    }

    /// Steps that ran HTTP checks (their tables are titled `HTTP checks (...)`).
    /// (Not the rollback procedure's: after a rollback they test the legacy database again, which
    /// says nothing of the migration the success criteria judge.)
    public var httpSteps: [StepRun] {
        steps.filter {
            $0.role != .rollback && $0.tables.contains { $0.has(.httpChecks, orTitlePrefix: "HTTP checks (") }
        }
    }
    /// Steps that ran the health watch (tables `Health check #i of n`).
    public var monitorSteps: [StepRun] {
        steps.filter {
            $0.role != .rollback && $0.tables.contains { $0.has(.healthCheck, orTitlePrefix: "Health check #") }
        }
    }
    /// When the rollback (a destructive `rollback` step) last succeeded: the live database is the
    /// legacy one again. Nil when it never did (or without the plan).
    public var rolledBackAt: Date? {
        steps.last {
            $0.kind == .rollback && plan?.step($0.stepID)?.step.destructive == true
                && ($0.outcome == .passed || $0.outcome == .warned)
        }.flatMap(\.startedAt)
    }
}

extension ResultTable {
    /// True when the title (or a column) mentions `word`, case-insensitively.
    func mentions(_ word: String) -> Bool {
        title.lowercased().contains(word) || columns.contains { $0.lowercased().contains(word) }
    }
    /// Index of the first column whose name is in `names`.
    func column(_ names: [String]) -> Int? { columns.firstIndex { names.contains($0.lowercased()) } }
}
