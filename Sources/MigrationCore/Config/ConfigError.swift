import Foundation

/// One problem in the configuration file: the key, its line and what is wrong.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    /// Dotted key path, e.g. `application.endpoints[1].url`.
    public var key: String
    public var line: Int
    public var message: String
    public init(key: String, line: Int, message: String) {
        self.key = key
        self.line = line
        self.message = message
    }
    public var description: String { "line \(line): \(key): \(message)" }
}

/// Every problem of a configuration file at once.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var problems: [ConfigProblem]
    public init(file: String, problems: [ConfigProblem]) {
        self.file = file
        self.problems = problems
    }
    public var description: String {
        "configuration \(file) has \(problems.count) problem(s):\n"
            + problems.map { "  \(file):\($0.line): \($0.key): \($0.message)" }.joined(separator: "\n")
    }
}

/// Suggests the closest known key for a misspelt one.
enum DidYouMean {
    static func suggest(_ word: String, in candidates: [String]) -> String? {
        let best = candidates.map { ($0, distance(word.lowercased(), $0)) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}
