import MigrationCore

/// What the typed confirmation says about a destructive step, in words: what it does and that it
/// is the point of no return (cutover: the preview's sessions and renames; rollback: the way back).
enum DestructiveNotice {
    /// What the step does, then (its own paragraph) why it is the point of no return.
    /// - Parameter sessionLines: how many of the preview's sessions are listed one per line.
    static func paragraphs(state: WizardState, step id: String, g: Glyphs, sessionLines: Int = 8) -> [String] {
        let arrow = g.to
        let step = state.plan.step(id)?.step
        let title = step?.title ?? id
        switch step?.kind {
        case .cutover?:
            let preview = CutoverPreview(state: state, cutover: id)
            var out = [
                "\(title): every session on both databases is terminated and the databases are renamed."
                    + firstRuns(state, id)
            ]
            if let n = preview.sessionCount {
                let when = preview.at.map { " at \(LivePanel.clock($0)) UTC" } ?? ""
                out.append(
                    "The preview\(when) saw \(n) session(s) to terminate; renames: \(preview.renameSummary(arrow: arrow))."
                )
                out += sessions(preview, max: sessionLines)
            } else {
                out.append(
                    "No preview has run yet, so the sessions it will end are not known here: "
                        + (preview.stepID.map { "\(state.title($0)) runs before it and lists them in the journal." }
                            ?? "the cutover lists them in the journal when it starts."))
            }
            return out + ["This is the point of no return: once it runs, going back means the rollback procedure."]
        case .rollback?:
            let a = RollbackAdvice(state: state)
            let fate =
                a.applies == .dropNew
                ? "the new database \(a.incoming) is dropped"
                : "the migrated database stops being the live one (it is kept as \(a.incoming))"
            return [
                "\(title): \(a.describe(a.applies, arrow: arrow))" + firstRuns(state, id),
                "This is the point of no return: \(fate); going forward again means repeating the migration "
                    + "and the cutover in a new work directory.",
            ]
        default:
            return [
                "\(title) is destructive." + firstRuns(state, id),
                "This is the point of no return: once it runs, going back means the rollback procedure.",
            ]
        }
    }

    /// The steps of the stage that run before it once confirmed (the core asks when the stage
    /// starts if operator hooks come first), so the operator knows what confirming sets off.
    static func firstRuns(_ state: WizardState, _ id: String) -> String {
        guard let stage = state.plan.step(id)?.stage else { return "" }
        let ahead = stage.steps.prefix { $0.id != id }.filter {
            !state.run.step($0.id).status.isDone && state.run.step($0.id).status != .running
        }
        guard ahead.contains(where: { $0.kind == .command }) else { return "" }
        return " Confirming first runs: " + ahead.map(\.title).joined(separator: ", ") + "."
    }
}

extension DestructiveNotice {
    /// One line per session the preview saw ("- pid 4242 app on edu: backend from 10.0.0.7, idle").
    static func sessions(_ preview: CutoverPreview, max: Int) -> [String] {
        guard let t = preview.sessions else { return [] }
        let col = { (row: [String], name: String) -> String in
            t.columns.firstIndex(of: name).flatMap { row.indices.contains($0) ? row[$0] : nil } ?? "?"
        }
        let shown = t.rows.count > max ? max - 1 : t.rows.count
        var out = t.rows.prefix(Swift.max(shown, 0)).map { r in
            "- pid \(col(r, "pid")) \(col(r, "usename")) on \(col(r, "datname")): \(col(r, "application_name")) from \(col(r, "client")), \(col(r, "state"))"
        }
        if t.rows.count > shown {
            out.append("- and \(t.rows.count - shown) more (\(KeyTable.label(.results)) on the preview lists them all)")
        }
        return out
    }

    /// The paragraphs as one string.
    static func text(state: WizardState, step id: String, g: Glyphs) -> String {
        paragraphs(state: state, step: id, g: g).joined(separator: " ")
    }
}
