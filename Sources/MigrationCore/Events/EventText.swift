import Foundation

/// Human-readable forms of events, shared by the log file and the headless printer.
public enum EventText {
    /// ISO 8601 UTC timestamp with milliseconds.
    public static func timestamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: d)
    }

    /// One line (or a few, for result tables) describing an event; nil for progress.
    public static func line(_ e: MigrationEvent) -> String? {
        switch e {
        case .runStarted(let id, _, let resumed): return "[run] \(resumed ? "resumed" : "started") run \(id)"
        case .stageStarted(let s): return "[stage] \(s) started"
        case .stageFinished(let s, let o): return "[stage] \(s) \(o.rawValue)"
        case .gateBlocked(let s, let missing):
            return "[gate] \(s) blocked; not done: \(missing.joined(separator: ", "))"
        case .gateOverridden(let s, let reason, let op): return "[gate] \(s) overridden by \(op): \(reason)"
        case .stepStarted(let s, let a): return "[step] \(s) started" + (a > 1 ? " (attempt \(a))" : "")
        case .progress: return nil
        case .log(let s, let level, let m): return "[\(level.rawValue)] " + (s.map { "\($0): " } ?? "") + m
        case .checkResult(let s, let name, let st, let ev):
            return "[check] \(s): \(name) \(st.rawValue.uppercased()) — \(ev)"
        case .signedOff(let so):
            return "[signoff] \(so.stepID) signed by \(so.operatorName)"
                + (so.nonInteractive ? " (non-interactive)" : "")
                + (so.evidence.map { " — \($0)" } ?? "")
        case .signOffUndone(let s, let op): return "[signoff] \(s) withdrawn by \(op)"
        case .result(let s, let t): return "[result] \(s): \(t.title)\n" + table(t)
        case .statement(let s, let label): return "[sql] \(s): \(label)"
        case .stepFinished(let s, let o, let secs):
            return "[step] \(s) \(o.rawValue) in \(String(format: "%.2f", secs))s"
        case .stepFailed(let s, let f, let secs):
            var t = "[step] \(s) FAILED in \(String(format: "%.2f", secs))s: \(f.message)"
            if let st = f.sqlState { t += " (SQLSTATE \(st))" }
            if let loc = f.location { t += " at \(loc)" }
            if let fix = f.fix { t += "; fix: \(fix)" }
            return t
        case .confirmationRequested(let s, let typed, let runs):
            return "[confirm] \(s): type '\(typed)' to run " + runs.joined(separator: ", ")
        case .confirmationDeclined(let s, let why): return "[confirm] \(s) not confirmed: \(why)"
        case .signOffRequested(let s): return "[signoff] waiting for the sign-off of \(s)"
        case .commandRefused(let s, let reason, let m):
            return "[refused] " + (s.map { "\($0): " } ?? "") + "\(m) (\(reason))"
        case .syncPlanned(let s, let changes, let secs):
            return "[sync] \(s): \(changes.count) table(s) changed since phase 3 ("
                + changes.map { "\($0.table): \($0.summary)" }.joined(separator: ", ")
                + ")" + (secs.map { String(format: ", expected %.0f s", $0) } ?? "")
        case .stepsReset(let ids, let why): return "[step] set back to pending (\(why)): \(ids.joined(separator: ", "))"
        case .runFinished(let o, let reason, let notChecked):
            return "[run] finished: \(o.rawValue)" + (reason.map { " — \($0)" } ?? "")
                + (notChecked.flatMap { $0.isEmpty ? nil : "; not checked: " + $0.joined(separator: "; ") } ?? "")
        }
    }

    /// A plain text table, columns padded, at most 50 rows.
    public static func table(_ t: ResultTable, maxRows: Int = 50) -> String {
        var rows = [t.columns] + t.rows.prefix(maxRows).map { $0 }
        if let st = t.status, !t.columns.contains("status") {
            rows[0].append("status")
            for i in 1..<rows.count where i - 1 < st.count { rows[i].append(st[i - 1].rawValue) }
        }
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { c in
            min(40, rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0)
        }
        var out = rows.map { r in
            "    "
                + r.enumerated().map { i, v in
                    let cell = v.count > 40 ? String(v.prefix(39)) + "…" : v
                    return cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                }.joined(separator: "  ")
        }
        if t.rows.count > maxRows { out.append("    … \(t.rows.count - maxRows) more rows") }
        return out.joined(separator: "\n")
    }
}
