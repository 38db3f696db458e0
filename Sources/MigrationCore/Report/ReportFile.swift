import Foundation

/// Writes `<work_dir>/report.md` from the journal: after a headless run, when the wizard exits,
/// and on `edu-migrate report`.
public enum ReportFile {
    /// Renders the journal of `config.workDir` into report.md (atomically) and returns its URL
    /// and the evaluated success criteria.
    /// - Throws: the file system's error when report.md cannot be written.
    @discardableResult
    public static func write(config: MigrationConfig, plan: Plan?) throws -> (url: URL, criteria: [Criterion]) {
        let dir = URL(fileURLWithPath: config.workDir).standardizedFileURL
        let events = Journal.read(workDir: dir)
        let text = ReportWriter.render(events: events, config: config, plan: plan)
        let out = dir.appendingPathComponent("report.md")
        try text.write(to: out, atomically: true, encoding: .utf8)
        return (out, SuccessCriteria.evaluate(events: events, plan: plan))
    }

    /// When the plan's rollback (its destructive `rollback` step) passed in the journal of
    /// `workDir` (the live database is the legacy one again), nil when it never did.
    public static func rolledBack(workDir: String, plan: Plan) -> Date? {
        JournalFacts(Journal.read(workDir: URL(fileURLWithPath: workDir).standardizedFileURL), plan: plan).rolledBackAt
    }

    /// Steps whose last outcome in the journal of `workDir` is a failure (not retried since).
    public static func failedSteps(workDir: String) -> [String] {
        var last: [String: Bool] = [:]
        var order: [String] = []
        for r in Journal.read(workDir: URL(fileURLWithPath: workDir).standardizedFileURL) {
            switch r.event {
            case .stepFailed(let step, _, _):
                if !order.contains(step) { order.append(step) }
                last[step] = true
            case .stepFinished(let step, _, _), .stepStarted(let step, _): last[step] = false
            default: continue
            }
        }
        return order.filter { last[$0] == true }
    }
}
