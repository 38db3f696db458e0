import MigrationCore

/// What the typed confirmation says about a destructive step, in words: what it does and that it
/// is the point of no return (cutover: the preview's sessions and renames; rollback: the way back).
enum DestructiveNotice {
    /// What the step does, then (its own paragraph) why it is the point of no return.
    static func paragraphs(state: WizardState, step id: String, g: Glyphs) -> [String] {
        let arrow = g.unicode ? "→" : "->"
        let step = state.plan.step(id)?.step
        let title = step?.title ?? id
        switch step?.kind {
        case .cutover?:
            let preview = CutoverPreview(state: state, cutover: id)
            let seen = preview.sessionCount.map { n in
                "The preview saw \(n) session(s) to terminate; renames: \(preview.renameSummary(arrow: arrow))."
            } ?? "No preview has run: the sessions are listed when it starts."
            return ["\(title): every session on both databases is terminated and the databases are renamed. \(seen)",
                    "This is the point of no return: once it runs, going back means the rollback procedure."]
        case .rollback?:
            let a = RollbackAdvice(state: state)
            return ["\(title): \(a.describe(a.applies, arrow: arrow))",
                    "This is the point of no return: the migrated database is given up; going forward again means "
                        + "repeating the migration and the cutover."]
        default:
            return ["\(title) is destructive.",
                    "This is the point of no return: once it runs, going back means the rollback procedure."]
        }
    }
}

extension DestructiveNotice {
    /// The paragraphs as one string.
    static func text(state: WizardState, step id: String, g: Glyphs) -> String {
        paragraphs(state: state, step: id, g: g).joined(separator: " ")
    }
}
