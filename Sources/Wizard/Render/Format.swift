import Foundation

/// Number, duration and rate formatting for panels.
enum Format {
    /// 1234567 -> "1,234,567".
    static func count(_ n: Int64) -> String {
        let s = String(n.magnitude)
        var out = ""
        for (i, ch) in s.reversed().enumerated() {
            if i > 0, i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }

    /// Seconds as "12s", "3m05s", "1h02m".
    static func duration(_ s: Double) -> String {
        guard s.isFinite, s >= 0 else { return "--" }
        let t = Int(s.rounded())
        if t < 60 { return "\(t)s" }
        if t < 3600 { return String(format: "%dm%02ds", t / 60, t % 60) }
        return String(format: "%dh%02dm", t / 3600, (t % 3600) / 60)
    }

    /// Seconds as a running clock "00:04:12" (the maintenance window).
    static func clock(_ s: Double) -> String {
        guard s.isFinite, s >= 0 else { return "--:--:--" }
        let t = Int(s)
        return String(format: "%02d:%02d:%02d", t / 3600, (t % 3600) / 60, t % 60)
    }

    /// A quantity with k/M/G suffix ("12.3k"); bytes use KiB-style units.
    static func short(_ v: Double, unit: String = "") -> String {
        if unit == "bytes" { return bytes(v) }
        let a = abs(v)
        let (d, suf): (Double, String) = a >= 1e9 ? (1e9, "G") : a >= 1e6 ? (1e6, "M") : a >= 1e4 ? (1e3, "k") : (1, "")
        let n = v / d
        return (d == 1 ? String(Int(n.rounded())) : String(format: "%.1f", n)) + suf
    }

    /// Bytes as "512 B", "1.5 MiB".
    static func bytes(_ v: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var x = v
        var i = 0
        while x >= 1024, i < units.count - 1 {
            x /= 1024
            i += 1
        }
        return i == 0 ? "\(Int(x)) B" : String(format: "%.1f", x) + " " + units[i]
    }
}
