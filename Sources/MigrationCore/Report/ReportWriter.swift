import Foundation

/// Renders `report.md` from a journal's events: a pure function, no database, no secrets.
public enum ReportWriter {
    /// - Parameters:
    ///   - events: the journal's records in order.
    ///   - config: names and directories (the source conninfo is redacted).
    ///   - plan: optional, for step titles, stage roles and the steps' success criteria.
    ///   - generatedAt: the time printed in the header.
    /// - Returns: the Markdown text.
    public static func render(
        events: [EventRecord], config: MigrationConfig, plan: Plan? = nil,
        generatedAt: Date = Date()
    ) -> String {
        let f = JournalFacts(events, plan: plan)
        let criteria = SuccessCriteria.evaluate(events: events, plan: plan)
        var out = header(f, config: config, at: generatedAt, outcome: outcomeLine(f, events: events, plan: plan))
        out += section(
            "Success criteria",
            Markdown.table(
                ["criterion", "result", "evidence"],
                criteria.map { [$0.name, Markdown.badge($0.status), $0.evidence] }))
        out += section("Sign-offs", signOffs(f))
        out += section("Steps", steps(f, plan: plan))
        let used = Used()
        out += section(
            "Backups",
            tables(f, used) { s, t in [.backup, .verifyBackup, .testRestore].contains(s.kind) || t.mentions("sha256") })
        out += section("Reconciliation", tables(f, used) { _, t in t.column(["source_rows"]) != nil })
        out += section(
            "Performance (legacy vs new)",
            (PerformanceComparison(f).map { Markdown.resultTable($0.table) } ?? "")
                + tables(f, used) { s, _ in s.criterion == .performance })
        out += section("Analysis", tables(f, used) { s, _ in s.isAnalysis })
        out += section("Validation", tables(f, used) { s, _ in s.role == .validation })
        out += section(
            "Application checks", tables(f, used) { _, t in t.has(.httpChecks, orTitlePrefix: "HTTP checks (") })
        out += section("Operator hooks", hooks(f))
        out += section("Maintenance window", plan.map { window(events, plan: $0) } ?? "")
        out += section("Cutover", narrative(f, used) { [.freeze, .sync, .cutover].contains($0.kind) })
        out += section("Health watch", health(f, used))
        // The rollback procedure's own steps (not the checklists' "rollback tested" sign-offs).
        out += section("Rollback", narrative(f, used) { $0.role == .rollback })
        out += section("Failures", failures(f))
        return Markdown.redact(out)
    }

    /// The downtime and its parts, or the prediction while the window has not opened.
    private static func window(_ events: [EventRecord], plan: Plan) -> String {
        var run = RunState()
        for e in events { run.apply(e) }
        let fmt = { (s: Double) in String(format: "%.1f s", s) }
        if let w = WindowTiming.measure(run, plan: plan),
            let total = w.seconds(now: w.closedAt ?? events.last?.at ?? Date())
        {
            var s =
                "- Downtime (maintenance on → off): **\(fmt(total))**"
                + (w.closedAt == nil ? " (window still open)" : "") + "\n\n"
            s += Markdown.table(["part", "seconds"], w.parts.map { [$0.name, fmt($0.seconds)] })
            return s
        }
        guard let p = WindowTiming.predict(run, plan: plan) else { return "" }
        return "- Predicted downtime from the rehearsal: \(fmt(p.withoutSync)) if the legacy database does not change, "
            + "\(fmt(p.withSync)) with a final sync of phases 3-4\n"
    }

    private final class Used {
        var titles = Set<String>()
    }

    private static func section(_ title: String, _ body: String) -> String {
        "## \(title)\n\n" + (body.isEmpty ? "_Nothing recorded._\n" : body) + "\n"
    }

    private static func header(_ f: JournalFacts, config: MigrationConfig, at: Date, outcome: String) -> String {
        var s = "# edu-migrate report\n\n"
        s += "- Generated: \(Markdown.time(at))\n"
        s += "- Source: `\(Markdown.redact(config.source))`\n"
        s +=
            "- Target database: `\(config.targetDatabase)`; legacy database renamed to `\(config.legacyRename)` at cutover\n"
        s += "- Work directory: `\(config.workDir)`; backups: `\(config.backupDir)`\n"
        for r in f.runs { s += "- Run \(r.id) started \(Markdown.time(r.at))\(r.resumed ? " (resumed)" : "")\n" }
        if let at = f.rolledBackAt {
            s +=
                "- **Rolled back** (\(Markdown.time(at))): the live database is the legacy one "
                + "again; the criteria below describe the migration that was rolled back\n"
        }
        if !f.notChecked.isEmpty {
            s += "- Not checked (left out by the configuration): " + f.notChecked.joined(separator: "; ") + "\n"
        }
        return s + "- Outcome: \(outcome)\n\n"
    }

    /// The outcome as the overview tells it: how the latest run ended or, when it has not (a
    /// wizard session never ends a run), the plan's steps done and the next one.
    static func outcomeLine(_ f: JournalFacts, events: [EventRecord], plan: Plan?) -> String {
        if let fin = f.finished {
            return "**\(fin.outcome.rawValue)** at \(Markdown.time(fin.at))\(fin.reason.map { " — \($0)" } ?? "")"
        }
        guard let plan else { return "run not finished" }
        var state = RunnerState(plan: plan)
        for r in events { state.apply(r) }
        let all = plan.stages.flatMap(\.steps)
        let done = all.filter { state.run.step($0.id).status.isDone }.count
        if let next = state.nextStep(through: nil) {
            return "not finished: \(done)/\(all.count) steps done; next: \(next.stage.title) → \(next.step.title)"
        }
        let statuses = state.stages(through: nil).flatMap(\.steps).map { state.run.step($0.id).status }
        let worst: StepOutcome =
            statuses.contains { $0 == .warned || $0 == .failed || $0 == .cancelled } ? .warned : .passed
        let procedures = plan.stages.filter { $0.kind == .procedure }
        let left = procedures.flatMap(\.steps).filter { !state.run.step($0.id).status.isDone }.count
        return "**\(worst.rawValue)**: all required steps done, \(done)/\(all.count) steps done"
            + (left > 0
                ? " (the other \(left) are steps of \(procedures.map(\.title).joined(separator: ", ")), run only on request)"
                : "")
    }

    private static func signOffs(_ f: JournalFacts) -> String {
        var s = ""
        if !f.signOffs.isEmpty {
            s += Markdown.table(
                ["item", "operator", "signed at", "evidence", "how"],
                f.signOffs.map {
                    [
                        $0.stepID, $0.operatorName, Markdown.time($0.at), $0.evidence ?? "",
                        $0.nonInteractive ? "--sign-off-as" : "interactive",
                    ]
                })
        }
        if !f.undone.isEmpty {
            s +=
                "\nUndone sign-offs: " + f.undone.map { "\($0.step) by \($0.operatorName)" }.joined(separator: ", ")
                + "\n"
        }
        if !f.overrides.isEmpty {
            s +=
                "\n**Gate overrides**\n\n"
                + Markdown.table(
                    ["stage", "operator", "reason"],
                    f.overrides.map { [$0.stage, $0.operatorName, $0.reason] })
        }
        return s
    }

    private static func steps(_ f: JournalFacts, plan: Plan?) -> String {
        Markdown.table(
            ["stage", "step", "title", "attempts", "started", "duration", "outcome", "note"],
            f.steps.map { r in
                [
                    r.stage ?? "", r.stepID, plan?.step(r.stepID)?.step.title ?? "", String(r.attempts),
                    Markdown.time(r.startedAt),
                    Markdown.seconds(r.seconds), outcome(r, f), r.failure.map { "\($0.code): \($0.message)" } ?? "",
                ]
            }, limit: 500)
    }

    /// Result tables (and check results) of the matching steps not shown in an earlier section.
    private static func tables(_ f: JournalFacts, _ used: Used, _ match: (StepRun, ResultTable) -> Bool) -> String {
        var s = ""
        for (step, t) in f.tables(where: match) where !t.has(.healthCheck, orTitlePrefix: "Health check #") {
            let key = step.stepID + "\u{1}" + t.title
            guard !used.titles.contains(key) else { continue }
            used.titles.insert(key)
            s += "_\(step.stepID)_ — " + Markdown.resultTable(t)
        }
        return s
    }

    /// A step's outcome; a manual item has none of its own (it logs while it waits), so it is
    /// told by its sign-off instead of "not finished".
    static func outcome(_ r: StepRun, _ f: JournalFacts) -> String {
        if r.outcome == nil, let so = f.signOffs.last(where: { $0.stepID == r.stepID }) {
            return "signed by \(so.operatorName)"
        }
        return Markdown.badge(r.outcome)
    }

    /// Steps told as a story: outcome, timing, notices, checks, tables.
    private static func narrative(_ f: JournalFacts, _ used: Used, _ match: (StepRun) -> Bool) -> String {
        var s = ""
        for r in f.steps where match(r) {
            if r.attempts == 0 {
                // Never started: a manual item is told by its sign-off alone (no duration, no attempts).
                guard let so = f.signOffs.last(where: { $0.stepID == r.stepID }) else { continue }
                s += "### \(r.stepID)\n\n- Signed by \(so.operatorName) at \(Markdown.time(so.at))\n\n"
                continue
            }
            s +=
                "### \(r.stepID)\n\n- Outcome: \(outcome(r, f)) after \(Markdown.seconds(r.seconds)), "
                + "attempts \(r.attempts), started \(Markdown.time(r.startedAt))\n"
            if let fail = r.failure {
                s += "- Failure: \(fail.code): \(fail.message)\(fail.fix.map { " — fix: \($0)" } ?? "")\n"
            }
            for n in r.notices { s += "- \(Markdown.cell(n))\n" }
            for c in r.checks { s += "- \(Markdown.badge(c.status)) \(c.name): \(Markdown.cell(c.evidence))\n" }
            s += "\n"
            for t in r.tables where !used.titles.contains(r.stepID + "\u{1}" + t.title) {
                used.titles.insert(r.stepID + "\u{1}" + t.title)
                s += Markdown.resultTable(t)
            }
        }
        return s
    }

    /// Steps that ran an operator hook: the command, its outcome and its output (at most 20 lines).
    private static func hooks(_ f: JournalFacts) -> String {
        var s = ""
        for r in f.steps {
            guard let start = r.logs.firstIndex(where: { $0.hasPrefix("running hook ") || $0.hasPrefix("hook ") })
            else { continue }
            s += "- **\(r.stepID)** — \(Markdown.badge(r.outcome)): \(Markdown.cell(r.logs[start]))\n"
            let output = r.logs[start...].filter { $0.hasPrefix("[") }
            for line in output.prefix(20) { s += "    - `\(Markdown.cell(line))`\n" }
            if output.count > 20 { s += "    - (\(output.count - 20) more lines in the log)\n" }
            if let fail = r.failure { s += "    - failed: \(fail.message)\n" }
        }
        return s
    }

    /// Every health-watch round as one row: round, then each target's status and evidence.
    private static func health(_ f: JournalFacts, _ used: Used) -> String {
        var s = ""
        for r in f.monitorSteps {
            let rounds = r.tables.filter { $0.has(.healthCheck, orTitlePrefix: "Health check #") }
            var targets: [String] = []
            for t in rounds { for row in t.rows where !targets.contains(row[0]) { targets.append(row[0]) } }
            let rows: [[String]] = rounds.map { t in
                [String(t.title.dropFirst("Health check #".count))]
                    + targets.map { target in
                        guard let i = t.rows.firstIndex(where: { $0.first == target }) else { return "-" }
                        let st = t.status.map { Markdown.badge($0[i]) } ?? ""
                        return "\(st) \(t.rows[i].count > 2 ? t.rows[i][2] : "")"
                    }
            }
            s += "### \(r.stepID) — \(Markdown.badge(r.outcome)), \(rounds.count) rounds\n\n"
            s += Markdown.table(["round"] + targets, rows, limit: 200) + "\n"
            if let fail = r.failure { s += "Stopped: \(fail.message)\(fail.fix.map { " — \($0)" } ?? "")\n\n" }
        }
        return s
    }

    private static func failures(_ f: JournalFacts) -> String {
        let failed = f.steps.filter { $0.failure != nil }
        guard !failed.isEmpty else { return "" }
        return Markdown.table(
            ["step", "code", "message", "SQLSTATE", "where", "fix"],
            failed.map { r in
                let x = r.failure!
                return [r.stepID, x.code.rawValue, x.message, x.sqlState ?? "", x.location ?? "", x.fix ?? ""]
            })
    }
}
