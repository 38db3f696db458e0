import Foundation

/// How a step ended.
public enum StepOutcome: String, Codable, Sendable {
    case passed, warned, failed, cancelled, skipped
}

/// Status of one automatic check or validation line.
public enum CheckStatus: String, Codable, Sendable {
    case pass, warn, fail
    /// The configuration leaves this check out (e.g. no application endpoints): neither a pass
    /// nor a warning, reported on its own so a script can tell it apart.
    case notChecked = "not-checked"
}

/// Severity of a log line.
public enum LogLevel: String, Codable, Sendable, Comparable {
    case debug, info, notice, warning, error
    private var rank: Int { [.debug: 0, .info: 1, .notice: 2, .warning: 3, .error: 4][self]! }
    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rank < b.rank }
}

/// A typed failure of a step: what went wrong, where, and what to do next.
public struct StepFailure: Codable, Sendable, Equatable, Error {
    /// Short machine-readable code, e.g. `sql`, `connection`, `check-failed`, `cancelled`.
    public var code: Code
    public var message: String
    /// SQLSTATE when the failure came from the server.
    public var sqlState: String?
    /// The file or statement label inside the step (e.g. `02_core_schema.sql:41`).
    public var location: String?
    /// What the DBA should do next.
    public var fix: String?

    public init(code: Code, message: String, sqlState: String? = nil, location: String? = nil, fix: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.location = location
        self.fix = fix
    }

    /// A failure code: an open set of stable strings (as `PSQLError.Code` in postgres-nio),
    /// compared by value, encoded as the plain string in the journal and `--json`. Branches
    /// compare these constants, never message text.
    public struct Code: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral,
        CustomStringConvertible
    {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { rawValue = value }
        public var description: String { rawValue }

        /// The operator (or a signal) cancelled the step; its work was rolled back.
        public static let cancelled: Code = "cancelled"
        /// A destructive step's typed confirmation did not match.
        public static let notConfirmed: Code = "not-confirmed"
        /// A headless run met a destructive step without `--allow-destructive`.
        public static let needsConfirmation: Code = "needs-confirmation"
        /// The legacy database differs from phase 3's copy (cutover refused, nothing renamed).
        public static let legacyChanged: Code = "legacy-changed"
        /// The health watch saw a target fail twice in a row (rollback proposed).
        public static let healthFailed: Code = "health-failed"
        /// The final sync's phases 3-4 did not pass.
        public static let syncFailed: Code = "sync-failed"
        /// The window's freeze step has not run.
        public static let notFrozen: Code = "not-frozen"
        /// A prepared transaction could still commit writes to a database being frozen.
        public static let preparedTransactions: Code = "prepared-transactions"
        /// Sessions would not go away after being terminated.
        public static let sessions: Code = "sessions"
        /// The plan's files are wrong (a param, a step kind).
        public static let plan: Code = "plan"
        /// The configuration is wrong.
        public static let config: Code = "config"
        /// An Assets file is missing.
        public static let missingFile: Code = "missing-file"
        /// A server error that maps to no better code.
        public static let sql: Code = "sql"
    }
}

/// A table of results a step produced, shown by the wizard's readers and written to the report.
public struct ResultTable: Codable, Sendable, Equatable {
    public var title: String
    public var columns: [String]
    public var rows: [[String]]
    /// Optional per-row status, same length as `rows` when present.
    public var status: [CheckStatus]?
    /// What the table is, for front ends that react to it (never its title).
    public var role: ResultRole?

    public init(
        title: String, columns: [String], rows: [[String]], status: [CheckStatus]? = nil, role: ResultRole? = nil
    ) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.status = status
        self.role = role
    }
}

extension ResultTable {
    /// True when the table has `role`; a table from a journal written before roles existed is
    /// recognised by the title it always had.
    public func has(_ role: ResultRole, orTitlePrefix legacyTitle: String) -> Bool {
        self.role == role || (self.role == nil && title.hasPrefix(legacyTitle))
    }
}

/// What a result table is, as a stable string (in the journal and `--json`).
public struct ResultRole: RawRepresentable, Codable, Sendable, Hashable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The legacy database compared with phase 3's copy (rows before, now, change).
    public static let legacyChanges = ResultRole(rawValue: "legacy-changes")
    /// The new database compared with its fingerprints taken at the cutover (rollback).
    public static let targetChanges = ResultRole(rawValue: "target-changes")
    /// The fingerprints phase 3's copy took.
    public static let copyFingerprints = ResultRole(rawValue: "copy-fingerprints")
    /// Sessions connected to databases being frozen or renamed.
    public static let sessions = ResultRole(rawValue: "sessions")
    /// The renames the cutover will do (its preview).
    public static let cutoverPlan = ResultRole(rawValue: "cutover-plan")
    /// One `http` step's endpoint checks (its label in the title).
    public static let httpChecks = ResultRole(rawValue: "http-checks")
    /// One round of the health watch.
    public static let healthCheck = ResultRole(rawValue: "health-check")
}

/// The operator's signature on a manual item.
public struct SignOff: Codable, Sendable, Equatable {
    public var stepID: String
    public var operatorName: String
    public var at: Date
    /// What was on screen when it was signed.
    public var evidence: String?
    /// True when signed with `--sign-off-as` by a headless run.
    public var nonInteractive: Bool

    public init(stepID: String, operatorName: String, at: Date, evidence: String? = nil, nonInteractive: Bool = false) {
        self.stepID = stepID
        self.operatorName = operatorName
        self.at = at
        self.evidence = evidence
        self.nonInteractive = nonInteractive
    }
}

/// Everything the core tells its front ends, the journal and the log.
/// Cases use labelled payloads so the synthesized JSON reads well in the journal and `--json`.
public enum MigrationEvent: Codable, Sendable, Equatable {
    case runStarted(runID: String, planStages: [String], resumed: Bool)
    case stageStarted(stage: String)
    case stageFinished(stage: String, outcome: StepOutcome)
    case gateBlocked(stage: String, missing: [String])
    case gateOverridden(stage: String, reason: String, operatorName: String)
    case stepStarted(step: String, attempt: Int)
    /// Progress of a step or of one item in it (a table, a file). `total` may be unknown.
    case progress(step: String, item: String?, done: Int64, total: Int64?, unit: String)
    case log(step: String?, level: LogLevel, message: String)
    case checkResult(step: String, name: String, status: CheckStatus, evidence: String)
    case signedOff(SignOff)
    case signOffUndone(step: String, operatorName: String)
    /// A structured result for the readers (analysis, backups, validation, reconciliation).
    case result(step: String, table: ResultTable)
    /// The SQL statement the step is executing now (file and label), for the live panel.
    case statement(step: String, label: String)
    case stepFinished(step: String, outcome: StepOutcome, seconds: Double)
    case stepFailed(step: String, failure: StepFailure, seconds: Double)
    /// A destructive step waits for its typed confirmation: `typed` is what the operator must type,
    /// `runs` the steps confirming sets off, in order (hooks ahead of it, then the step).
    case confirmationRequested(step: String, typed: String, runs: [String])
    /// The confirmation ended without the step (wrong name, cancelled, server unreachable).
    case confirmationDeclined(step: String, reason: String)
    /// A stage run waits for the operator's sign-off of this manual item.
    case signOffRequested(step: String)
    /// The core refused a command: `reason` is a stable code (CommandRefusal.code), `message` the sentence.
    case commandRefused(step: String?, reason: String, message: String)
    /// The final sync is about to re-run phases 3 and 4: the tables that changed since phase 3's
    /// copy and the expected duration (from the last run of those steps), for the front ends.
    case syncPlanned(step: String, changes: [TableChange], expectedSeconds: Double?)
    /// Steps set back to pending to run again (the final sync re-runs phases 3 and 4).
    case stepsReset(steps: [String], reason: String)
    /// `notChecked`: checks the configuration left out ("step: what"), apart from warnings.
    case runFinished(outcome: StepOutcome, reason: String?, notChecked: [String]? = nil)

    /// The step the event is about, if any.
    public var stepID: String? {
        switch self {
        case .stepStarted(let s, _), .progress(let s, _, _, _, _), .checkResult(let s, _, _, _),
            .signOffUndone(let s, _), .result(let s, _), .statement(let s, _),
            .stepFinished(let s, _, _), .stepFailed(let s, _, _), .syncPlanned(let s, _, _),
            .confirmationRequested(let s, _, _), .confirmationDeclined(let s, _), .signOffRequested(let s):
            return s
        case .commandRefused(let s, _, _): return s
        case .log(let s, _, _): return s
        case .signedOff(let so): return so.stepID
        default: return nil
        }
    }

    /// Events that change durable state and must reach the journal (progress may coalesce).
    public var isDurable: Bool {
        switch self {
        case .progress, .statement: return false
        default: return true
        }
    }
}

/// An event with its sequence number and time, as consumers receive it.
public struct EventRecord: Codable, Sendable, Equatable {
    public var seq: Int
    public var at: Date
    public var event: MigrationEvent

    public init(seq: Int, at: Date, event: MigrationEvent) {
        self.seq = seq
        self.at = at
        self.event = event
    }
}
