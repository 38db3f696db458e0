import Foundation

/// Markdown building blocks for report.md, and the redaction every line passes through.
enum Markdown {
    /// A cell: pipes escaped, newlines flattened, long text cut.
    static func cell(_ s: String) -> String {
        let flat = s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        return flat.count > 300 ? String(flat.prefix(297)) + "..." : flat
    }

    /// A table; a `status` column is prepended when statuses are given. At most `limit` rows.
    static func table(_ columns: [String], _ rows: [[String]], status: [CheckStatus]? = nil, limit: Int = 50) -> String
    {
        guard !columns.isEmpty else { return "" }
        let cols = (status == nil ? [] : ["status"]) + columns
        var out = "| " + cols.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: "---|", count: cols.count) + "\n"
        for (i, row) in rows.prefix(limit).enumerated() {
            let lead = status.map { [badge($0.indices.contains(i) ? $0[i] : .warn)] } ?? []
            let padded = row + Array(repeating: "", count: max(0, columns.count - row.count))
            out += "| " + (lead + padded.prefix(columns.count).map(cell)).joined(separator: " | ") + " |\n"
        }
        if rows.count > limit { out += "\n_(\(rows.count - limit) more rows in the journal)_\n" }
        if rows.isEmpty { out += "\n_(no rows)_\n" }
        return out
    }

    /// A result table with its title as a bold caption.
    static func resultTable(_ t: ResultTable) -> String {
        "**\(cell(t.title))**\n\n" + table(t.columns, t.rows, status: t.status) + "\n"
    }

    static func badge(_ s: CheckStatus) -> String {
        switch s {
        case .pass: return "OK"
        case .warn: return "WARN"
        case .fail: return "FAIL"
        case .notChecked: return "NOT CHECKED"
        }
    }

    static func badge(_ s: Criterion.Status) -> String {
        switch s {
        case .pass: return "PASS"
        case .fail: return "FAIL"
        case .notMeasured: return "NOT MEASURED"
        }
    }

    static func badge(_ o: StepOutcome?) -> String { o.map { $0.rawValue } ?? "not finished" }

    static func time(_ d: Date?) -> String {
        guard let d else { return "-" }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }

    static func seconds(_ s: Double?) -> String {
        guard let s else { return "-" }
        if s < 60 { return String(format: "%.1f s", s) }
        if s < 3600 { return String(format: "%dm %02ds", Int(s) / 60, Int(s) % 60) }
        return String(format: "%dh %02dm", Int(s) / 3600, (Int(s) % 3600) / 60)
    }

    /// Removes passwords from conninfo strings, URIs and `PGPASSWORD=` assignments anywhere in `text`.
    static func redact(_ text: String) -> String {
        var s = text
        let patterns = [
            ("(?i)(password\\s*=\\s*)('[^']*'|\\S+)", "$1***"),
            ("(?i)(PGPASSWORD\\s*=\\s*)('[^']*'|\\S+)", "$1***"),
            ("(?i)(postgres(?:ql)?://[^:/@\\s]+:)[^@\\s]+@", "$1***@"),
        ]
        for (p, r) in patterns {
            s = s.replacingOccurrences(of: p, with: r, options: .regularExpression)
        }
        return s
    }
}
