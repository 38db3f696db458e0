import Foundation

extension BenchReport {
    /// The report as printed by `edu-migrate bench`: the methods table, the product's phases,
    /// slowest steps and statements, memory and the verdict lines.
    /// - Parameter top: how many slowest steps and statements to list.
    public func text(top: Int = 12) -> String {
        var out: [String] = []
        out.append(String(format: "edu-migrate bench: %d persons, %lld legacy rows (seeded server-side in %.1f s, not compared)",
                          scale, legacyTotal, seedSeconds))
        out.append("")
        out += methodsTable()
        out.append("")
        out.append("CSV is the guide's \\copy export/import procedure WITHOUT its transforms: the guide's transforms")
        out.append("crash on this dirty data (::date casts of malformed dates) or lose rows (DISTINCT ON dedup).")
        out.append(String(format: "CSV files written: %.1f MB.", Double(csvBytes) / 1_048_576))
        if !phases.isEmpty {
            out.append("")
            out.append("product phases: " + phases.map { "\($0.name) " + String(format: "%.1f s", $0.seconds) }.joined(separator: " · "))
        }
        if !steps.isEmpty {
            out.append("slowest steps:")
            out += steps.prefix(top).map { String(format: "  %8.2f s  ", $0.seconds) + $0.name }
        }
        if !statements.isEmpty {
            out.append("slowest statements (file:line label, or the transferred table):")
            out += statements.prefix(top).map { String(format: "  %8.2f s  ", $0.seconds) + String($0.name.prefix(110)) }
        }
        out.append("")
        out.append(String(format: "memory of this process: peak RSS %.1f MB (getrusage ru_maxrss; seeding runs in the server and "
                          + "pg_dump/pg_restore/psql are child processes, so neither counts); during phases 2-4: %.1f MB at start, "
                          + "%.1f MB peak (/proc/self/statm sampled every 50 ms)",
                          mb(memory.maxRSS), mb(memory.phasesStartRSS), mb(memory.phasesPeakRSS)))
        if !load.isEmpty { out.append("machine: \(load)") }
        out.append("")
        out.append("verdict:")
        for v in verdicts {
            let mark = v.met == true ? "[ OK ]" : v.met == false ? "[FAIL]" : "[ -- ]"
            out.append("\(mark) \(v.target): \(v.evidence)")
        }
        return out.joined(separator: "\n")
    }

    /// method | seconds | rows | rows/s | ratio vs pg_dump|pg_restore, padded to columns.
    func methodsTable() -> [String] {
        let base = method(1).flatMap { $0.failure == nil && $0.seconds > 0 ? $0.seconds : nil }
        var rows: [[String]] = [["method", "seconds", "rows", "rows/s", "ratio vs pg_dump|pg_restore"]]
        for m in methods {
            let ratio = base.map { String(format: "%.2f×", m.seconds / $0) } ?? "-"
            rows.append([m.name, String(format: "%.1f", m.seconds), String(m.rows), String(format: "%.0f", m.rowsPerSecond),
                         m.failure == nil ? ratio : "FAILED"])
        }
        let widths = (0..<5).map { c in rows.map { $0[c].count }.max() ?? 0 }
        var lines = rows.map { r in
            r.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: " | ")
        }
        lines.insert(widths.map { String(repeating: "-", count: $0) }.joined(separator: "-|-"), at: 1)
        for m in methods { if let f = m.failure { lines.append("\(m.name) FAILED: \(f)") } }
        return lines
    }

    private func mb(_ bytes: Int64) -> Double { Double(bytes) / 1_048_576 }
}
