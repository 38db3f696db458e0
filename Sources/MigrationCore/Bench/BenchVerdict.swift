import Foundation

/// One target of issue 4 ("Synthetic data and speed") judged on a bench run.
public struct BenchVerdict: Sendable, Codable, Equatable {
    /// The target as stated.
    public var target: String
    /// True met, false missed, nil not measured (a method failed or did not run).
    public var met: Bool?
    /// The numbers behind it.
    public var evidence: String

    /// Targets: phases 2-4 ≤ 1.5× pg_dump|pg_restore, faster than the CSV procedure, peak memory < 150 MB.
    public static func evaluate(_ r: BenchReport) -> [BenchVerdict] {
        let ok = { (m: BenchMethod?) -> BenchMethod? in m.flatMap { $0.failure == nil ? $0 : nil } }
        let product = ok(r.method(0)), dump = ok(r.method(1)), csv = ok(r.method(2))
        var out: [BenchVerdict] = []
        let t1 = "phases 2-4 ≤ 1.5× pg_dump|pg_restore"
        if let p = product, let d = dump, d.seconds > 0 {
            let ratio = p.seconds / d.seconds
            out.append(BenchVerdict(target: t1, met: ratio <= 1.5,
                                    evidence: String(format: "%.2f× (%.1f s vs %.1f s)", ratio, p.seconds, d.seconds)))
        } else {
            out.append(BenchVerdict(target: t1, met: nil, evidence: "not measured (a method failed or did not run)"))
        }
        let t2 = "phases 2-4 faster than the guide's CSV procedure"
        if let p = product, let c = csv {
            out.append(BenchVerdict(target: t2, met: p.seconds < c.seconds,
                                    evidence: String(format: "%.1f s vs %.1f s (%.2f×)", p.seconds, c.seconds, c.seconds > 0 ? p.seconds / c.seconds : 0)))
        } else {
            out.append(BenchVerdict(target: t2, met: nil, evidence: "not measured (a method failed or did not run)"))
        }
        let peak = max(r.memory.maxRSS, r.memory.phasesPeakRSS)
        out.append(BenchVerdict(target: "peak memory < 150 MB", met: peak > 0 ? peak < 150 * 1_048_576 : nil,
                                evidence: String(format: "%.1f MB (ru_maxrss of this process)", Double(peak) / 1_048_576)))
        return out
    }
}
