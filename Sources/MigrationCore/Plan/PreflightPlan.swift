import Foundation

extension Plan {
    /// Phase 1's automatic checks as a plan of their own (`edu-migrate check`): the `check`
    /// steps of the checklists that gate `phase` and of `phase` itself, in plan order, with no
    /// gates, so each check runs whatever the others found. Check steps only read (the legacy
    /// database is opened read-only; the locale probe rolls back), so running this plan changes
    /// nothing; no backup, sign-off or other step is in it.
    /// - Parameter phase: the phase whose preconditions are checked (`preparation`).
    /// - Returns: the derived plan; empty when the phase does not exist.
    public func preflight(phase: String = "preparation") -> Plan {
        guard let target = stage(phase) else { return Plan(stages: []) }
        let ids = target.gate + [target.id]
        let stages = self.stages.filter { ids.contains($0.id) }.map { s -> Stage in
            var s = s
            s.gate = []
            s.steps = s.steps.filter { $0.kind == .check }
            return s
        }
        return Plan(stages: stages.filter { !$0.steps.isEmpty })
    }
}
