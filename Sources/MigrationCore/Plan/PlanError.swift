import Foundation

/// One problem found while loading the plan, with the file and line it comes from.
public struct PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// File name relative to the plan directory (e.g. `10_preparation.yaml`).
    public var file: String
    /// 1-based line, 0 when unknown.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// Every problem of a plan at once (loading never stops at the first one).
public struct PlanLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [PlanError]
    public init(problems: [PlanError]) { self.problems = problems }
    public var description: String {
        "the plan has \(problems.count) problem(s):\n" + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}
