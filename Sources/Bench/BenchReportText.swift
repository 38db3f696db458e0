import Foundation

extension BenchReport {
    /// The report as printed by `edu-migrate bench`: the methods table, the product's phases,
    /// slowest steps and statements, memory and the verdict lines.
    /// - Parameter top: how many slowest steps and statements to list.
    public func text(top: Int = 12) -> String {
        var out: [String] = []
        out.append(
            String(
                format: "edu-migrate bench: %d persons, %lld legacy rows (seeded server-side in %.1f s, not compared)",
                scale, legacyTotal, seedSeconds))
        out.append("")
        out += methodsTable()
        if let line = cpuFloorLine(cores: ProcessInfo.processInfo.activeProcessorCount) { out.append(line) }
        out.append("")
        out.append("CSV is the guide's \\copy export/import procedure WITHOUT its transforms: the guide's transforms")
        out.append("crash on this dirty data (::date casts of malformed dates) or lose rows (DISTINCT ON dedup).")
        out.append(String(format: "CSV files written: %.1f MB.", Double(csvBytes) / 1_048_576))
        if !phases.isEmpty {
            out.append("")
            out.append(
                "product phases: "
                    + phases.map { p in
                        "\(p.name) " + String(format: "%.1f s", p.seconds)
                            + (p.cpuSeconds.map {
                                String(format: " (CPU %.1f s, %.2f cores)", $0, p.seconds > 0 ? $0 / p.seconds : 0)
                            } ?? "")
                    }.joined(separator: " · "))
        }
        if let s = finalSync {
            let ratio =
                method(1).flatMap { $0.failure == nil && $0.seconds > 0 ? $0.seconds : nil }.map {
                    String(format: ", %.2f× pg_dump|pg_restore", s.seconds / $0)
                } ?? ""
            out.append(
                String(format: "%@: %.1f s", s.name, s.seconds) + ratio
                    + (s.cpuSeconds.map {
                        String(format: " (CPU %.1f s, %.2f cores)", $0, s.seconds > 0 ? $0 / s.seconds : 0)
                    } ?? ""))
        }
        if fingerprintSeconds != nil || freezeCompare != nil { out.append(fingerprintLine) }
        if !steps.isEmpty {
            out.append(
                "slowest steps (wall; CPU of server and client shared among the steps running side by side, cores busy):"
            )
            out += steps.prefix(top).map { s in
                let cpu =
                    s.cpuSeconds.map { c in
                        String(format: "CPU %5.1f s, %4.2f cores  ", c, s.seconds > 0 ? c / s.seconds : 0)
                    } ?? ""
                return String(format: "  %8.2f s  ", s.seconds) + cpu + s.name
            }
        }
        if !statements.isEmpty {
            out.append("slowest statements (file:line label, or the transferred table):")
            out += statements.prefix(top).map {
                String(format: "  %8.2f s  ", $0.seconds) + String($0.name.prefix(110))
            }
        }
        out.append("")
        out.append(
            String(
                format: "memory of this process: peak RSS %.1f MB (getrusage ru_maxrss; seeding runs in the server and "
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

    /// method | seconds | rows | rows/s | ratio vs pg_dump|pg_restore [| CPU s | cores busy],
    /// padded to columns; the CPU columns only when the CPU was measured.
    func methodsTable() -> [String] {
        let base = method(1).flatMap { $0.failure == nil && $0.seconds > 0 ? $0.seconds : nil }
        let cpu = methods.contains { $0.cpuSeconds != nil }
        var rows: [[String]] = [
            ["method", "seconds", "rows", "rows/s", "ratio vs pg_dump|pg_restore"]
                + (cpu ? ["CPU s", "cores busy"] : [])
        ]
        for m in methods {
            let ratio = base.map { String(format: "%.2f×", m.seconds / $0) } ?? "-"
            var row = [
                m.name, String(format: "%.1f", m.seconds), String(m.rows), String(format: "%.0f", m.rowsPerSecond),
                m.failure == nil ? ratio : "FAILED",
            ]
            if cpu {
                row += [
                    m.cpuSeconds.map { String(format: "%.1f", $0) } ?? "-",
                    m.coresBusy.map { String(format: "%.2f", $0) } ?? "-",
                ]
            }
            rows.append(row)
        }
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        var lines = rows.map { r in
            r.enumerated().map { c, cell in
                c == 0
                    ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: " | ")
        }
        lines.insert(widths.map { String(repeating: "-", count: $0) }.joined(separator: "-|-"), at: 1)
        for m in methods { if let f = m.failure { lines.append("\(m.name) FAILED: \(f)") } }
        return lines
    }

    /// What the product's CPU seconds mean on this machine: the wall time the same work would
    /// take with every core busy all the time, against pg_dump|pg_restore's wall time. When that
    /// floor alone exceeds a target, no scheduling change can meet it; only less work can.
    func cpuFloorLine(cores: Int) -> String? {
        guard let product = method(0), let cpu = product.cpuSeconds, product.failure == nil, cores > 0,
            let dump = method(1), dump.failure == nil, dump.seconds > 0
        else { return nil }
        let floor = cpu / Double(cores)
        return String(
            format: "CPU floor: the product's %.1f CPU s on %d cores need at least %.1f s of wall time "
                + "(%.2f× pg_dump|pg_restore) even with every core busy all the time; it kept %.2f cores busy.",
            cpu, cores, floor, floor / dump.seconds, product.coresBusy ?? 0)
    }

    private func mb(_ bytes: Int64) -> Double { Double(bytes) / 1_048_576 }

    /// The change-detection fingerprints' own line: hashed in the transfer's relay (no pass of
    /// their own in phase 3), and the window's compare pass, which reads every table again.
    var fingerprintLine: String {
        var parts: [String] = []
        if let f = fingerprintSeconds {
            parts.append(
                String(
                    format: "%.2f s of hashing in the transfer's relay (%.0f MB of COPY text, no separate pass)", f,
                    fingerprintMegabytes ?? 0))
        }
        if let c = freezeCompare {
            parts.append(
                String(format: "%@ of the legacy database (COPY out, hashed, 2 connections): %.1f s", c.name, c.seconds)
                    + (c.cpuSeconds.map {
                        String(format: " (CPU %.1f s, %.2f cores)", $0, c.seconds > 0 ? $0 / c.seconds : 0)
                    } ?? ""))
        }
        return "change-detection fingerprints: " + parts.joined(separator: "; ")
    }
}
