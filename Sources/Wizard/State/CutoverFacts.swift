import Foundation
import MigrationCore

/// What the non-destructive cutover preview step showed: who is connected, which renames are to come.
struct CutoverPreview {
    var stepID: String?
    var status: StepStatus = .pending
    var at: Date?
    var sessions: ResultTable?
    /// Rows of `from, to, state` ("to do" / "done").
    var renames: [[String]] = []

    /// The preview step before `cutover` (same stage first), and its last results.
    init(state: WizardState, cutover: String) {
        let previews = state.plan.stages.flatMap(\.steps).filter {
            $0.kind == .cutover && $0.param("preview") == "true"
        }
        let stage = state.plan.step(cutover)?.stage.id
        guard let step = previews.first(where: { state.plan.step($0.id)?.stage.id == stage }) ?? previews.first else {
            return
        }
        stepID = step.id
        let st = state.run.step(step.id)
        status = st.status
        at = st.startedAt
        sessions = st.results.first { $0.has(.sessions, orTitlePrefix: "Sessions connected") }
        renames = st.results.first { $0.has(.cutoverPlan, orTitlePrefix: "Cutover plan") }?.rows ?? []
    }

    /// Sessions that cutover would terminate (nil before the preview ran).
    var sessionCount: Int? { sessions?.rows.count }

    /// "edu → edu_legacy (to do), edu_new → edu (to do)".
    func renameSummary(arrow: String) -> String {
        renames.map { r in r.count >= 3 ? "\(r[0]) \(arrow) \(r[1]) (\(r[2]))" : r.joined(separator: " ") }
            .joined(separator: ", ")
    }
}

/// Which way back applies now, explained from what the events show (the rollback step itself
/// decides from pg_database when it runs with `path: auto`).
struct RollbackAdvice {
    enum Way: String, CaseIterable { case dropNew = "drop-new", fast, slow }

    var live: String
    var legacy: String
    var incoming: String
    var applies: Way
    /// Why that way, in words.
    var reason: String
    /// Set when a rollback step has already finished: what it did.
    var done: String?

    init(state: WizardState) {
        live = state.info.confirmName
        incoming = state.info.targetDatabase
        let steps = state.plan.stages.flatMap(\.steps)
        let cutover = steps.first { $0.kind == .cutover && $0.param("preview") != "true" }
        let preview = cutover.map { CutoverPreview(state: state, cutover: $0.id) }
        legacy = preview?.renames.first.flatMap { $0.count > 1 ? $0[1] : nil } ?? "\(live)_legacy"
        let cut = cutover.map { state.run.step($0.id) } ?? StepState()
        let renamesDone = preview?.renames.contains { $0.count > 2 && $0[2] == "done" } ?? false
        if cut.status == .passed {
            applies = .fast
            reason = "Cutover is done: \(live) is the migrated database, \(legacy) the untouched legacy one."
        } else if cut.status != .pending && !cut.results.isEmpty {
            applies = .fast
            reason =
                cut.status == .running
                ? "Cutover is running; once it stops, the way back follows the renames it made."
                : "Cutover started and did not finish (\(cut.status.rawValue)): path auto reverses the renames made, "
                    + "or drops \(incoming) if pg_database shows none."
        } else if renamesDone {
            applies = .fast
            reason = "The cutover preview saw renames already done in pg_database."
        } else {
            applies = .dropNew
            reason = "Cutover has not happened: \(live) was never touched."
        }
        let rollbackStep = steps.first { $0.kind == .rollback && $0.destructive }
        if let fixed = rollbackStep?.param("path").flatMap(Way.init(rawValue:)) {
            applies = fixed
            reason += " The plan fixes the path: \(fixed.rawValue)."
        }
        if let r = rollbackStep, state.run.step(r.id).status.isDone {
            done = state.run.step(r.id).checks.first { $0.name.hasPrefix("rollback ") }?.evidence ?? "rollback finished"
        }
    }

    /// One line per way back, in words.
    func describe(_ way: Way, arrow: String) -> String {
        switch way {
        case .dropNew: return "Before cutover: drop the new database \(incoming); \(live) is untouched."
        case .fast:
            return
                "After cutover, fast path: reverse the renames (\(live) \(arrow) \(incoming), \(legacy) \(arrow) \(live)), revert the app config."
        case .slow:
            return
                "After cutover, slow path: restore the newest verified backup into a new database, then swap it in (only if \(legacy) is damaged; plan path: slow)."
        }
    }
}

extension RollbackAdvice {
    /// The same, short enough for 80 columns.
    func short(_ way: Way) -> String {
        switch way {
        case .dropNew: return "before cutover: drop \(incoming) (\(live) untouched)"
        case .fast: return "after cutover, fast: reverse the renames, revert app config"
        case .slow: return "slow path: restore a verified backup, swap it in"
        }
    }
}
