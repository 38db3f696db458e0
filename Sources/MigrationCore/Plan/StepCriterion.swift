import Foundation

/// Which of the guide's success criteria a step's results are evidence for (`criterion:` on a
/// step in the plan), as a stable string. The report and the wizard's criteria screen find the
/// evidence by it, never by a step id or a table title.
public struct StepCriterion: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    /// Orphaned-record counts: every row must be 0 (or pass). In an analysis stage they describe
    /// the legacy database and are not counted.
    public static let orphans: StepCriterion = "orphans"
    /// Query timings: the analysis stage's are the legacy baseline, the others the new database's,
    /// paired in query order.
    public static let performance: StepCriterion = "performance"
    /// Every criterion a step may declare.
    public static let all: [StepCriterion] = [.orphans, .performance]
}
