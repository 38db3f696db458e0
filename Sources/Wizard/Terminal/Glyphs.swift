import CNCurses
import Foundation
import MigrationCore

/// Every border, bar, tick and sparkline glyph, in UTF-8 or ASCII.
public struct Glyphs: Sendable, Equatable {
    public var unicode: Bool
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
    public var barFull: String
    public var barEmpty: String
    /// Partial cells from 1/8 to 7/8 (empty in ASCII: whole cells only).
    public var barPartials: [String]
    public var spark: [String]
    public var ok, fail, bullet, arrow, ellipsis: String
    /// "from → to" in renames and comparisons.
    public var to: String
    /// One-cell marks of a health round: passed, failed, not yet run.
    public var markPass, markFail, markNone: String

    /// UTF-8 box drawing, block elements and ticks.
    public static let utf8 = Glyphs(
        unicode: true, horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
        bottomLeft: "└", bottomRight: "┘", barFull: "█", barEmpty: "░",
        barPartials: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"],
        spark: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        ok: "✓", fail: "✗", bullet: "•", arrow: "▶", ellipsis: "…",
        to: "→", markPass: "✓", markFail: "✗", markNone: "·")

    /// Plain ASCII for non-UTF-8 locales and `--ascii`.
    public static let ascii = Glyphs(
        unicode: false, horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
        bottomLeft: "+", bottomRight: "+", barFull: "#", barEmpty: ".",
        barPartials: [], spark: [".", ":", "-", "=", "+", "*", "#", "%", "@"],
        ok: "[OK]", fail: "[FAIL]", bullet: "*", arrow: ">", ellipsis: "~",
        to: "->", markPass: "+", markFail: "x", markNone: ".")

    /// ASCII stand-ins for the non-ASCII characters that reach the screen in text from elsewhere
    /// (the core's statement labels, result cells, plan titles).
    static let asciiText: [Character: String] = [
        "→": "->", "←": "<-", "↔": "<->", "…": "...", "▶": ">", "✓": "ok", "✗": "x", "·": ".", "•": "*",
        "≥": ">=", "≤": "<=", "≠": "!=", "—": "-", "–": "-", "×": "x", "‘": "'", "’": "'", "“": "\"", "”": "\"",
        "\u{00A0}": " ",
    ]

    /// `s` as this terminal can show it: unchanged in UTF-8; in ASCII every other character
    /// replaced (known ones by their ASCII stand-in, the rest by `?`), never printed as `~F~R`.
    public func plain(_ s: String) -> String {
        guard !unicode, s.unicodeScalars.contains(where: { !$0.isASCII }) else { return s }
        var out = ""
        for ch in s {
            if ch.isASCII { out.append(ch) } else { out += Self.asciiText[ch] ?? "?" }
        }
        return out
    }

    /// UTF-8 unless `ascii` is forced or the locale's codeset is not UTF-8 (call after setlocale).
    public static func detect(forceASCII: Bool) -> Glyphs {
        if forceASCII { return .ascii }
        let codeset = String(cString: shim_codeset()).uppercased()
        return codeset.contains("UTF-8") || codeset.contains("UTF8") ? .utf8 : .ascii
    }

    /// A fixed-width (6 column) status tag that always carries a word or glyph.
    public func tag(_ status: StepStatus) -> (text: String, role: Role) {
        switch status {
        case .passed: return (unicode ? "✓ ok  " : "[ OK ]", .ok)
        case .signed: return (unicode ? "✓ sign" : "[SIGN]", .ok)
        case .warned: return (unicode ? "! warn" : "[WARN]", .warn)
        case .failed: return (unicode ? "✗ FAIL" : "[FAIL]", .fail)
        case .running: return (unicode ? "▶ run " : "[ .. ]", .running)
        case .cancelled: return (unicode ? "⊘ cncl" : "[CNCL]", .warn)
        case .skipped: return (unicode ? "- skip" : "[SKIP]", .muted)
        case .pending: return (unicode ? "· todo" : "[    ]", .muted)
        }
    }

    /// Tag for one check line.
    public func tag(_ status: CheckStatus) -> (text: String, role: Role) {
        switch status {
        case .pass: return tag(.passed)
        case .warn: return tag(.warned)
        case .fail: return tag(.failed)
        case .notChecked: return (unicode ? "– n/c " : "[ NC ]", .muted)
        }
    }

    /// A progress bar `width` cells wide, filled to `fraction` (0...1).
    public func bar(_ fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let f = min(max(fraction.isFinite ? fraction : 0, 0), 1)
        let eighths = Int((f * Double(width * 8)).rounded(.down))
        var full = eighths / 8
        var s = String(repeating: barFull, count: full)
        let rest = eighths % 8
        if full < width, rest > 0, !barPartials.isEmpty {
            s += barPartials[rest - 1]
            full += 1
        }
        return s + String(repeating: barEmpty, count: width - full)
    }

    /// A sparkline of the last `width` samples, scaled to their maximum.
    public func sparkline(_ samples: [Double], width: Int) -> String {
        let tail = samples.suffix(max(width, 0))
        guard let top = tail.max(), top > 0 else { return String(repeating: spark[0], count: tail.count) }
        return tail.map { v in
            let i = Int((v / top * Double(spark.count - 1)).rounded())
            return spark[min(max(i, 0), spark.count - 1)]
        }.joined()
    }
}
