import MigrationCore

/// What the typed confirmation says about a destructive step, in words: what it does and that it
/// is the point of no return (cutover: the preview's sessions and renames; rollback: the way back).
enum DestructiveNotice {
    /// What the step does, then (its own paragraph) why it is the point of no return.
    static func paragraphs(state: WizardState, step id: String, g: Glyphs) -> [String] {
        let arrow = g.to
        let step = state.plan.step(id)?.step
        let title = step?.title ?? id
        switch step?.kind {
        case .cutover?:
            let preview = CutoverPreview(state: state, cutover: id)
            let seen = preview.sessionCount.map { n in
                "The preview saw \(n) session(s) to terminate; renames: \(preview.renameSummary(arrow: arrow))."
            } ?? "No preview has run: the sessions are listed when it starts."
            return ["\(title): every session on both databases is terminated and the databases are renamed. \(seen)" + firstRuns(state, id),
                    "This is the point of no return: once it runs, going back means the rollback procedure."]
        case .rollback?:
            let a = RollbackAdvice(state: state)
            let fate = a.applies == .dropNew ? "the new database \(a.incoming) is dropped"
                : "the migrated database stops being the live one (it is kept as \(a.incoming))"
            return ["\(title): \(a.describe(a.applies, arrow: arrow))" + firstRuns(state, id),
                    "This is the point of no return: \(fate); going forward again means repeating the migration "
                        + "and the cutover in a new work directory."]
        default:
            return ["\(title) is destructive." + firstRuns(state, id),
                    "This is the point of no return: once it runs, going back means the rollback procedure."]
        }
    }

    /// The steps of the stage that run before it once confirmed (the core asks when the stage
    /// starts if operator hooks come first), so the operator knows what confirming sets off.
    static func firstRuns(_ state: WizardState, _ id: String) -> String {
        guard let stage = state.plan.step(id)?.stage else { return "" }
        let ahead = stage.steps.prefix { $0.id != id }.filter { !state.run.step($0.id).status.isDone && state.run.step($0.id).status != .running }
        guard ahead.contains(where: { $0.kind == .command }) else { return "" }
        return " Confirming first runs: " + ahead.map(\.title).joined(separator: ", ") + "."
    }
}

extension DestructiveNotice {
    /// The paragraphs as one string.
    static func text(state: WizardState, step id: String, g: Glyphs) -> String {
        paragraphs(state: state, step: id, g: g).joined(separator: " ")
    }
}
