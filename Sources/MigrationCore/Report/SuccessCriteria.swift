import Foundation

/// One of the guide's success criteria, judged from measured results.
public struct Criterion: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable { case pass, fail, notMeasured = "not-measured" }
    public var name: String
    public var status: Status
    /// What was measured, in words (step ids and numbers).
    public var evidence: String
}

/// The guide's six success criteria, evaluated from the journal's events (no database needed).
public enum SuccessCriteria {
    /// - Parameters:
    ///   - events: the journal's records in order.
    ///   - plan: the stage roles (analysis steps describe the legacy database, not the result) and
    ///     the steps' `criterion:` (which steps are the orphan checks and the performance timings).
    /// - Returns: six criteria: orphans, reconciliation, endpoints, frontend, performance, watch.
    public static func evaluate(events: [EventRecord], plan: Plan?) -> [Criterion] {
        let facts = JournalFacts(events, plan: plan)
        return [
            orphans(facts), reconciliation(facts), endpoints(facts), frontend(facts), performance(facts), watch(facts),
        ]
    }

    static func orphans(_ f: JournalFacts) -> Criterion {
        let name = "All data integrity checks pass with 0 orphaned records"
        let found = f.tables { s, _ in !s.isAnalysis && s.criterion == .orphans }
        guard !found.isEmpty else {
            return Criterion(name: name, status: .notMeasured, evidence: "no orphan check ran")
        }
        var checked = 0
        var bad: [String] = []
        for (s, t) in found {
            for (i, row) in t.rows.enumerated() {
                checked += 1
                let ok = t.status.map { $0[i] == .pass } ?? (row.last?.trimmingCharacters(in: .whitespaces) == "0")
                if !ok { bad.append("\(row.first ?? t.title) = \(row.last ?? "?") (\(s.stepID))") }
            }
        }
        return bad.isEmpty
            ? Criterion(name: name, status: .pass, evidence: "\(checked) orphan checks, all 0")
            : Criterion(
                name: name, status: .fail,
                evidence: "\(bad.count) of \(checked) orphan checks not 0: \(bad.prefix(5).joined(separator: "; "))")
    }

    static func reconciliation(_ f: JournalFacts) -> Criterion {
        let name = "Record counts reconcile (source = migrated + merged + rejected)"
        let found = f.tables { _, t in t.column(["source_rows"]) != nil && t.column(["migrated"]) != nil }
        guard let (step, t) = found.last else {
            return Criterion(name: name, status: .notMeasured, evidence: "no reconciliation table")
        }
        let ix = ["source_rows", "migrated", "merged", "rejected"].map { t.column([$0]) }
        var bad: [String] = []
        var total: Int64 = 0
        for row in t.rows {
            let n = ix.map { $0.flatMap { Int64(row[$0]) } ?? 0 }
            total += n[0]
            if n[0] != n[1] + n[2] + n[3] { bad.append("\(row.first ?? "?"): \(n[0]) ≠ \(n[1])+\(n[2])+\(n[3])") }
        }
        return bad.isEmpty
            ? Criterion(
                name: name, status: .pass,
                evidence: "\(t.rows.count) tables, \(total) source rows, all balanced (\(step.stepID))")
            : Criterion(name: name, status: .fail, evidence: bad.prefix(5).joined(separator: "; "))
    }

    static func endpoints(_ f: JournalFacts) -> Criterion {
        let name = "All API endpoints return expected data"
        guard let s = f.httpSteps.last(where: { $0.checks.contains { $0.name.hasPrefix("endpoint:") } }) else {
            return Criterion(name: name, status: .notMeasured, evidence: "no endpoint check ran")
        }
        let checks = s.checks.filter { $0.name.hasPrefix("endpoint:") }
        let bad = checks.filter { $0.status == .fail }
        return bad.isEmpty
            ? Criterion(
                name: name, status: .pass,
                evidence: "\(checks.count) endpoints OK in \(s.stepID): "
                    + checks.map { "\($0.name.dropFirst(9)) (\($0.evidence))" }.joined(separator: ", "))
            : Criterion(
                name: name, status: .fail,
                evidence: bad.map { "\($0.name.dropFirst(9)): \($0.evidence)" }.joined(separator: "; "))
    }

    static func frontend(_ f: JournalFacts) -> Criterion {
        let name = "Frontend displays data"
        guard let s = f.httpSteps.last(where: { $0.checks.contains { $0.name == "frontend" } }),
            let c = s.checks.last(where: { $0.name == "frontend" })
        else {
            return Criterion(name: name, status: .notMeasured, evidence: "no frontend check ran")
        }
        return Criterion(name: name, status: c.status == .pass ? .pass : .fail, evidence: "\(s.stepID): \(c.evidence)")
    }

    static func performance(_ f: JournalFacts) -> Criterion {
        let name = "Performance meets or exceeds baseline"
        if let cmp = PerformanceComparison(f) {
            let slower = cmp.pairs.filter(PerformanceComparison.isSlower)
            return slower.isEmpty
                ? Criterion(name: name, status: .pass, evidence: Self.noRegression(cmp.pairs))
                : Criterion(
                    name: name, status: .fail,
                    evidence: "slower than baseline: "
                        + slower.map { "\($0.query): \($0.newMs) ms vs \($0.legacyMs) ms" }.joined(separator: "; "))
        }
        let steps = f.steps.filter { !$0.isAnalysis && $0.criterion == .performance }
        guard let s = steps.last, let outcome = s.outcome else {
            return Criterion(
                name: name, status: .notMeasured, evidence: "no comparable legacy and new timings recorded")
        }
        return Criterion(
            name: name, status: outcome == .passed || outcome == .warned ? .pass : .fail,
            evidence: "no paired timings; \(s.stepID) \(outcome.rawValue)")
    }

    /// Words true of every pair: how many were no slower, how many slower but within the rule.
    static func noRegression(_ pairs: [PerformanceComparison.Pair]) -> String {
        let slower = pairs.filter { $0.newMs > $0.legacyMs }.count
        var words =
            "\(pairs.count) \(pairs.count == 1 ? "query" : "queries"), none slower than the rule allows "
            + "(\(PerformanceThreshold.rule)): "
        words +=
            slower == 0
            ? "all no slower than the legacy baseline"
            : "\(pairs.count - slower) no slower than the legacy baseline, \(slower) slower within the rule"
        return words + "; legacy → new: " + pairs.map { "\($0.legacyMs) → \($0.newMs) ms" }.joined(separator: ", ")
    }

    static func watch(_ f: JournalFacts) -> Criterion {
        let name = "No errors during the post-migration health watch"
        guard let s = f.monitorSteps.last else {
            return Criterion(name: name, status: .notMeasured, evidence: "no health watch ran")
        }
        let rounds = s.tables.filter { $0.has(.healthCheck, orTitlePrefix: "Health check #") }
        let failed = s.checks.filter { $0.status == .fail }
        if failed.isEmpty && s.outcome == .passed {
            return Criterion(
                name: name, status: .pass, evidence: "\(rounds.count) rounds, every check OK (\(s.stepID))")
        }
        if failed.isEmpty && s.outcome == nil {
            return Criterion(
                name: name, status: .notMeasured,
                evidence: "health watch still running: \(rounds.count) rounds OK so far")
        }
        return Criterion(
            name: name, status: .fail,
            evidence: "\(failed.count) failed checks in \(rounds.count) rounds"
                + (failed.first.map { "; first: \($0.name) \($0.evidence)" } ?? "")
                + (s.failure.map { "; \($0.message)" } ?? ""))
    }
}

extension StepRun {
    /// Phase-1 steps describe the legacy database (its orphans and baseline), not the result.
    var isAnalysis: Bool { role == .analysis }
}
