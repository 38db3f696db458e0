import Foundation
import MigrationCore

/// The health watch of one `monitor` step, derived from the events its executor emits: a result
/// table "Health check #i of n" per round (target, latency_ms, evidence, row status), the opening
/// log line (rounds, interval, threshold) and the step's end.
struct HealthWatch: Equatable {
    /// One target's result in one round.
    struct Check: Equatable {
        var target: String
        var status: CheckStatus
        var latency: String
        var evidence: String
    }

    /// One round of checks.
    struct Round: Equatable {
        var index: Int
        var at: Date
        var checks: [Check]
    }

    var stepID: String
    var status: StepStatus
    var rounds: [Round] = []
    /// Rounds planned (from the tables' titles or the opening log line).
    var total: Int?
    /// Seconds between rounds.
    var interval: Double?
    /// Consecutive failures of one target that fail the step and propose rollback.
    var threshold: Int
    var startedAt: Date?
    var failure: StepFailure?

    init(state: WizardState, step: String) {
        stepID = step
        let st = state.run.step(step)
        status = st.status
        failure = st.failure
        startedAt = st.startedAt
        threshold = state.plan.step(step)?.step.param("max_consecutive_failures").flatMap(Int.init) ?? 2
        for r in state.history.lastAttempt(of: step) {
            switch r.event {
            case .log(_, _, let text) where text.hasPrefix("health watch:"):
                total = Self.number(in: text, after: "health watch: ").map { Int($0) } ?? total
                interval = Self.number(in: text, after: " every ")
                threshold = Self.number(in: text, after: "fail after ").map { Int($0) } ?? threshold
            case .result(_, let table) where table.has(.healthCheck, orTitlePrefix: "Health check #"):
                guard let round = Self.round(table, at: r.at) else { continue }
                rounds.removeAll { $0.index == round.index }
                rounds.append(round)
                total = Self.number(in: table.title, after: " of ").map { Int($0) } ?? total
            default: break
            }
        }
        if interval == nil, rounds.count >= 2 {
            interval = rounds[rounds.count - 1].at.timeIntervalSince(rounds[rounds.count - 2].at)
        }
    }

    /// Targets in the order the executor checks them.
    var targets: [String] {
        var names: [String] = []
        for r in rounds { for c in r.checks where !names.contains(c.target) { names.append(c.target) } }
        return names
    }

    /// The newest round.
    var latest: Round? { rounds.last }

    /// Failures in a row at the end of a target's history.
    func streak(_ target: String) -> Int {
        var n = 0
        for r in rounds.reversed() {
            guard let c = r.checks.first(where: { $0.target == target }) else { continue }
            if c.status != .fail { break }
            n += 1
        }
        return n
    }

    /// The target with the longest failure streak, if any target is failing.
    var worst: (target: String, streak: Int)? {
        targets.map { (target: $0, streak: streak($0)) }.filter { $0.streak > 0 }.max { $0.streak < $1.streak }
    }

    /// Seconds until the next round while the watch runs (0 when it is due), nil when none is coming.
    func nextCheck(now: Date) -> Double? {
        guard status == .running, let last = latest, let interval else { return nil }
        if let total, last.index >= total { return nil }
        return max(0, last.at.addingTimeInterval(interval).timeIntervalSince(now))
    }

    /// True when the step failed because a threshold was crossed (the executor proposes rollback).
    var proposesRollback: Bool { status == .failed && failure?.code == .healthFailed }

    static func round(_ table: ResultTable, at: Date) -> Round? {
        guard let index = number(in: table.title, after: "#").map({ Int($0) }) else { return nil }
        let checks = table.rows.enumerated().map { i, row in
            Check(
                target: row.first ?? "?",
                status: table.status.flatMap { $0.indices.contains(i) ? $0[i] : nil } ?? .pass,
                latency: row.count > 1 ? row[1] : "-", evidence: row.count > 2 ? row[2] : "")
        }
        return Round(index: index, at: at, checks: checks)
    }

    /// The number that follows `marker` in `text` ("every 0.5 s" -> 0.5).
    static func number(in text: String, after marker: String) -> Double? {
        guard let r = text.range(of: marker) else { return nil }
        let digits = text[r.upperBound...].prefix { $0.isNumber || $0 == "." }
        return Double(digits)
    }
}
