import Foundation

/// The order a stage's steps may run in, derived from what each declares it reads and writes
/// (`reads:`, `writes:` in the plan). The listed order is the serial order; a step waits for
/// every earlier step it conflicts with, so any schedule the graph allows ends as the serial
/// run would:
/// - it reads or writes what an earlier step writes (read after write, write after write);
/// - it writes what an earlier step reads (an ALTER TABLE waits for the loads reading the table);
/// - either step declares nothing: it runs alone, after everything listed before it and before
///   everything listed after it (a barrier: staging, a sign-off, a timing-sensitive check).
/// A stage whose steps declare nothing is a plain sequence.
public struct StepGraph: Sendable, Equatable {
    /// For each step id, the ids of the earlier steps it waits for.
    public let dependencies: [String: Set<String>]
    /// Step ids in listed order.
    public let order: [String]

    public init(_ stage: Stage) {
        var deps: [String: Set<String>] = [:]
        let steps = stage.steps
        for (j, b) in steps.enumerated() {
            var mine: Set<String> = []
            for a in steps[..<j] where Self.conflict(a, b) { mine.insert(a.id) }
            deps[b.id] = mine
        }
        dependencies = deps
        order = steps.map(\.id)
    }

    /// True when the stage declares what its steps read and write (run as a graph).
    public static func applies(to stage: Stage) -> Bool {
        stage.steps.contains { !$0.reads.isEmpty || !$0.writes.isEmpty }
    }

    /// Whether `b` (listed after `a`) must wait for `a`.
    static func conflict(_ a: Step, _ b: Step) -> Bool {
        if a.reads.isEmpty && a.writes.isEmpty || b.reads.isEmpty && b.writes.isEmpty { return true }
        let aw = Set(a.writes)
        let bw = Set(b.writes)
        return !aw.isDisjoint(with: b.reads) || !aw.isDisjoint(with: bw) || !bw.isDisjoint(with: a.reads)
    }

    /// Steps that may start now: not done, not started, every dependency done; in listed order.
    public func ready(done: Set<String>, started: Set<String>) -> [String] {
        order.filter { id in
            !done.contains(id) && !started.contains(id) && (dependencies[id] ?? []).isSubset(of: done)
        }
    }

    /// The longest chain of dependencies ending at each step, for the plan's documentation
    /// and tests: steps with the same depth may run side by side.
    public func depth() -> [String: Int] {
        var out: [String: Int] = [:]
        for id in order { out[id] = ((dependencies[id] ?? []).compactMap { out[$0] }.max() ?? -1) + 1 }
        return out
    }
}
