import Foundation

/// Where a step stands, derived from events only.
public enum StepStatus: String, Codable, Sendable, Equatable {
    case pending, running, passed, warned, failed, cancelled, skipped, signed

    /// Done in the sense of the gate: it no longer blocks the next stage.
    public var isDone: Bool { self == .passed || self == .warned || self == .signed || self == .skipped }
}

/// Live progress of one item (a table, a file) inside a running step.
public struct ItemProgress: Codable, Sendable, Equatable {
    public var item: String
    public var done: Int64
    public var total: Int64?
    public var unit: String
    public var startedAt: Date
    public var updatedAt: Date

    /// Rate in units per second since the item started.
    public var rate: Double {
        let s = updatedAt.timeIntervalSince(startedAt)
        return s > 0 ? Double(done) / s : 0
    }

    /// Published from the server's own progress views (`ServerProgressPoller`): the same work
    /// seen from the server, not more of it.
    public var isServer: Bool { item.hasPrefix(Self.serverPrefix) }

    /// How `Assets/sql/core/server_progress.sql` marks its items: `server: <relation>: <operation>`.
    public static let serverPrefix = "server: "

    /// Seconds left at the current rate, when the total is known.
    public var eta: Double? {
        guard let total, rate > 0, total >= done else { return nil }
        return Double(total - done) / rate
    }
}

/// Everything known about one step.
public struct StepState: Codable, Sendable, Equatable {
    public var status: StepStatus = .pending
    public var attempt: Int = 0
    public var startedAt: Date?
    public var seconds: Double?
    public var failure: StepFailure?
    public var signOff: SignOff?
    public var checks: [CheckLine] = []
    public var results: [ResultTable] = []
    public var items: [ItemProgress] = []
    public var statement: String?

    public init() {}
}

/// One automatic check line with its evidence.
public struct CheckLine: Codable, Sendable, Equatable {
    public var name: String
    public var status: CheckStatus
    public var evidence: String
}

/// One line of the log tail.
public struct LogLine: Codable, Sendable, Equatable {
    public var at: Date
    public var step: String?
    public var level: LogLevel
    public var message: String
}

/// The state of a run as a pure fold over events: front ends, the report and resume all use it.
public struct RunState: Sendable, Equatable {
    public private(set) var steps: [String: StepState] = [:]
    public private(set) var stageStatus: [String: StepStatus] = [:]
    public private(set) var overrides: [String: String] = [:]
    public private(set) var blocked: [String: [String]] = [:]
    public private(set) var logTail: [LogLine] = []
    /// The step started last among those running (steps of a graph stage run side by side).
    public var runningStep: String? { runningSteps.last }
    /// Every step running now, in the order they started.
    public private(set) var runningSteps: [String] = []
    public private(set) var finished: StepOutcome?
    public private(set) var lastSeq: Int = 0
    /// The last final sync announced (tables changed, expected seconds), for the wizard's screen.
    public private(set) var syncPlan: SyncPlan?
    /// When steps were last set back to pending (`stepsReset`), if ever.
    public private(set) var resetAt: Date?
    /// Throughput samples (units/s) of the running step, newest last, for sparklines.
    public private(set) var throughput: [Double] = []
    /// Where the current throughput sample started: the step's own units done at that time.
    private var sampleBase: Sample?
    /// The unit of `throughput` (rows, bytes, ...).
    public private(set) var throughputUnit: String?
    public let logCapacity: Int

    public init(logCapacity: Int = 500) { self.logCapacity = logCapacity }

    /// The state of one step (pending when never seen).
    public func step(_ id: String) -> StepState { steps[id] ?? StepState() }

    /// Fold one event in.
    public mutating func apply(_ record: EventRecord) {
        lastSeq = record.seq
        let now = record.at
        switch record.event {
        case .runStarted: finished = nil
        case .stageStarted(let stage):
            stageStatus[stage] = .running
            blocked[stage] = nil
        case .stageFinished(let stage, let outcome): stageStatus[stage] = Self.status(outcome)
        case .gateBlocked(let stage, let missing): blocked[stage] = missing
        case .gateOverridden(let stage, let reason, _):
            overrides[stage] = reason
            blocked[stage] = nil
        case .stepStarted(let id, let attempt):
            var s = step(id)
            s.status = .running
            s.attempt = attempt
            s.startedAt = now
            s.failure = nil
            s.items = []
            s.checks = []
            s.results = []
            s.seconds = nil
            s.statement = nil
            steps[id] = s
            runningSteps.removeAll { $0 == id }
            runningSteps.append(id)
            throughput = []
            sampleBase = nil
            throughputUnit = nil
        case .progress(let id, let item, let done, let total, let unit):
            var s = step(id)
            let key = item ?? id
            if let i = s.items.firstIndex(where: { $0.item == key }) {
                s.items[i].done = done
                s.items[i].total = total
                s.items[i].updatedAt = now
            } else {
                s.items.append(
                    ItemProgress(item: key, done: done, total: total, unit: unit, startedAt: now, updatedAt: now))
            }
            steps[id] = s
            // Statements are counted, not timed: statements per second tell nothing.
            if !key.hasPrefix(ItemProgress.serverPrefix), unit != "statements" { sample(s, unit: unit, at: now) }
        case .log(let stepID, let level, let message):
            logTail.append(LogLine(at: now, step: stepID, level: level, message: message))
            if logTail.count > logCapacity { logTail.removeFirst(logTail.count - logCapacity) }
        case .checkResult(let id, let name, let status, let evidence):
            var s = step(id)
            s.checks.removeAll { $0.name == name }
            s.checks.append(CheckLine(name: name, status: status, evidence: evidence))
            steps[id] = s
        case .signedOff(let so):
            var s = step(so.stepID)
            s.signOff = so
            s.status = .signed
            steps[so.stepID] = s
        case .signOffUndone(let id, _):
            var s = step(id)
            s.signOff = nil
            s.status = .pending
            steps[id] = s
        case .result(let id, let table):
            var s = step(id)
            s.results.removeAll { $0.title == table.title }
            s.results.append(table)
            steps[id] = s
        case .statement(let id, let label):
            var s = step(id)
            s.statement = label
            steps[id] = s
        case .stepFinished(let id, let outcome, let seconds):
            var s = step(id)
            s.status = Self.status(outcome)
            s.seconds = seconds
            s.statement = nil
            steps[id] = s
            runningSteps.removeAll { $0 == id }
        case .stepFailed(let id, let failure, let seconds):
            var s = step(id)
            s.status = failure.code == .cancelled ? .cancelled : .failed
            s.failure = failure
            s.seconds = seconds
            s.statement = nil
            steps[id] = s
            runningSteps.removeAll { $0 == id }
        case .syncPlanned(_, let changes, let secs):
            syncPlan = SyncPlan(changes: changes, expectedSeconds: secs, at: now)
        case .stepsReset(let ids, _):
            for id in ids {
                var s = step(id)
                s.status = .pending
                s.failure = nil
                s.items = []
                s.statement = nil
                s.seconds = nil
                steps[id] = s
            }
            resetAt = now
        case .runFinished(let outcome, _, _):
            finished = outcome
            runningSteps = []
        // the front ends' business
        case .confirmationRequested, .confirmationDeclined, .signOffRequested, .commandRefused: break
        }
    }

    /// One throughput sample per half second at least, over all of the step's own items in
    /// `unit` (the first unit seen while the step runs): the server's view of the same work and an item that did not move in this event
    /// (another table's poll) cannot turn a busy copy into a 0 sample.
    private mutating func sample(_ s: StepState, unit: String, at now: Date) {
        if throughputUnit == nil { throughputUnit = unit }
        guard unit == throughputUnit else { return }
        let done = s.items.filter { !$0.isServer && $0.unit == unit }.reduce(Int64(0)) { $0 + $1.done }
        guard let base = sampleBase else {
            sampleBase = Sample(at: now, done: done)
            return
        }
        let dt = now.timeIntervalSince(base.at)
        guard dt >= 0.5 else { return }
        appendSample(Double(done - base.done) / dt)
        sampleBase = Sample(at: now, done: done)
    }

    private struct Sample: Sendable, Equatable {
        var at: Date
        var done: Int64
    }

    private mutating func appendSample(_ v: Double) {
        throughput.append(max(0, v))
        if throughput.count > 120 { throughput.removeFirst(throughput.count - 120) }
    }

    private static func status(_ o: StepOutcome) -> StepStatus {
        switch o {
        case .passed: return .passed
        case .warned: return .warned
        case .failed: return .failed
        case .cancelled: return .cancelled
        case .skipped: return .skipped
        }
    }

    /// Required steps of `stage` that are not done yet (what keeps its successors' gates shut).
    public func missingRequired(in stage: Stage) -> [String] {
        stage.steps.filter { $0.required && !step($0.id).status.isDone }.map(\.id)
    }
}

/// A final sync as announced: what changed and how long it should take.
public struct SyncPlan: Sendable, Equatable {
    public var changes: [TableChange]
    public var expectedSeconds: Double?
    public var at: Date
}
