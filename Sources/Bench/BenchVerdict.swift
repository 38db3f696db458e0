import Foundation

/// One speed or memory target judged on a bench run.
public struct BenchVerdict: Sendable, Codable, Equatable {
    /// The target as stated.
    public var target: String
    /// True met, false missed, nil not measured (a method failed or did not run).
    public var met: Bool?
    /// The numbers behind it.
    public var evidence: String

    /// Targets (issue 12): phases 2-4 ≤ 3.0× pg_dump|pg_restore; ≥ 1.6 cores busy over phases
    /// 3-4; the final sync within the same 3.0×; peak memory < 150 MB. (Growth from 500k to 2M
    /// persons is judged by comparing two runs: `bench --scale 2000000`.)
    public static func evaluate(_ r: BenchReport) -> [BenchVerdict] {
        let ok = { (m: BenchMethod?) -> BenchMethod? in m.flatMap { $0.failure == nil ? $0 : nil } }
        let product = ok(r.method(0))
        let dump = ok(r.method(1))
        let notMeasured = "not measured (a method failed or did not run)"
        var out: [BenchVerdict] = []
        let t1 = "phases 2-4 ≤ 3.0× pg_dump|pg_restore"
        if let p = product, let d = dump, d.seconds > 0 {
            let ratio = p.seconds / d.seconds
            out.append(
                BenchVerdict(
                    target: t1, met: ratio <= 3.0,
                    evidence: String(format: "%.2f× (%.1f s vs %.1f s)", ratio, p.seconds, d.seconds)))
        } else {
            out.append(BenchVerdict(target: t1, met: nil, evidence: notMeasured))
        }
        let t2 = "≥ 1.6 cores busy over phases 3-4"
        let p34 = r.phases.filter { $0.name == "migration" || $0.name == "validation" }
        if p34.count == 2, p34.allSatisfy({ $0.cpuSeconds != nil }) {
            let wall = p34.reduce(0) { $0 + $1.seconds }
            let cpu = p34.reduce(0) { $0 + ($1.cpuSeconds ?? 0) }
            let busy = wall > 0 ? cpu / wall : 0
            out.append(
                BenchVerdict(
                    target: t2, met: busy >= 1.6,
                    evidence: String(format: "%.2f cores (%.1f CPU s in %.1f s, server and client)", busy, cpu, wall)))
        } else {
            out.append(
                BenchVerdict(target: t2, met: nil, evidence: "not measured (CPU not readable, or a phase failed)"))
        }
        let t3 = "final sync (phases 3-4 again) ≤ 3.0× pg_dump|pg_restore"
        if let s = r.finalSync, !s.name.contains("FAILED"), let d = dump, d.seconds > 0 {
            out.append(
                BenchVerdict(
                    target: t3, met: s.seconds / d.seconds <= 3.0,
                    evidence: String(format: "%.2f× (%.1f s vs %.1f s)", s.seconds / d.seconds, s.seconds, d.seconds)))
        } else {
            out.append(
                BenchVerdict(
                    target: t3, met: r.finalSync == nil ? nil : false, evidence: r.finalSync?.name ?? notMeasured))
        }
        let peak = max(r.memory.maxRSS, r.memory.phasesPeakRSS)
        out.append(
            BenchVerdict(
                target: "peak memory < 150 MB", met: peak > 0 ? peak < 150 * 1_048_576 : nil,
                evidence: String(format: "%.1f MB (ru_maxrss of this process)", Double(peak) / 1_048_576)))
        return out
    }
}
