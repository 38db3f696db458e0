import Foundation
import MigrationCore

/// Keys inside dialogs. Esc and Ctrl-C always take the safe way out.
extension WizardState {
    /// The status line while a dialog is hidden by the "terminal too small" screen.
    static let tooSmallForDialog = "The terminal is too small to show this dialog: enlarge it, or Esc to cancel."

    /// Keys come through the key table's dialog rows; a focused text field takes typing first.
    mutating func handleDialogKey(_ key: Key) -> [Effect] {
        guard let d = dialog else { return [] }
        // The "terminal too small" screen hides the dialog: nothing is typed, moved or chosen
        // blind (a destructive confirmation above all); only the safe way out works.
        if tooSmall {
            if KeyTable.action(for: key, on: .dialog) == .back { return closeDialog() }
            message = Self.tooSmallForDialog
            return []
        }
        if fieldFocused, isEditing(key) {
            if case .text(var t) = d {
                edit(&t.text, key)
                dialog = .text(t)
            }
            if case .confirm(var c) = d {
                edit(&c.typed, key)
                dialog = .confirm(c)
            }
            return []
        }
        // Typing on the confirmation's buttons goes into its field (which takes the focus): a
        // tired operator who types the name at once loses nothing. Enter still acts on the
        // button, so nothing is confirmed by typing.
        if case .confirm(var c) = d, case .char(let ch) = key, ch != " " {  // Space still presses the button
            c.focus = 1
            edit(&c.typed, key)
            dialog = .confirm(c)
            return []
        }
        switch KeyTable.action(for: key, on: .dialog) {
        case .back?: return closeDialog()
        case .redraw?: return [.redraw]
        case .focusNext?: moveDialogFocus(1)
        case .focusPrev?: moveDialogFocus(-1)
        case .act?: return activate(d)
        default: break
        }
        return []
    }

    /// True when a text field has the focus.
    var fieldFocused: Bool {
        switch dialog {
        case .text(let t)?: return t.focus == 0
        case .confirm(let c)?: return c.focus == 1
        default: return false
        }
    }

    func isEditing(_ key: Key) -> Bool {
        switch key {
        case .char, .backspace, .delete, .ctrl("u"): return true
        default: return false
        }
    }

    mutating func moveDialogFocus(_ delta: Int) {
        switch dialog {
        case .question(var q)?:
            q.focus = (q.focus + delta + 2) % 2
            dialog = .question(q)
        case .text(var t)?:
            t.focus = (t.focus + delta + 3) % 3
            dialog = .text(t)
        case .confirm(var c)?:
            c.focus = (c.focus + delta + 3) % 3
            dialog = .confirm(c)
        default: break
        }
    }

    /// Enter (or Space on a button).
    mutating func activate(_ d: Dialog) -> [Effect] {
        switch d {
        case .error:
            dialog = nil
        case .question(let q):
            dialog = nil
            return q.focus == 1 ? answer(q.purpose) : []
        case .text(let t):
            if t.focus == 2 {
                dialog = nil
                return []
            }
            return submit(t)
        case .confirm(var c):
            // Enter on Cancel cancels; in the field it does nothing (a held Enter cannot confirm).
            if c.focus == 0 { return closeDialog() }
            guard c.focus == 2 else {
                // Enter in the field never confirms (a held Enter must not); say how to.
                message =
                    c.typed == c.expected
                    ? "Tab to Confirm, then Enter." : "Type \(c.expected) exactly, then Tab to Confirm."
                return []
            }
            guard c.typed == c.expected else {
                c.focus = 1
                dialog = .confirm(c)
                message = "Type \(c.expected) exactly to confirm."
                return []
            }
            dialog = nil
            message = nil
            return [.send(.confirm(step: c.step, typed: c.typed))]
        }
        return []
    }

    /// Close the dialog the safe way. A destructive step waiting for its confirmation is told to
    /// stop waiting (it ends as cancelled; nothing was changed). The core may wait before the
    /// step starts (its stage's hooks come first), so a confirmation always tells it.
    mutating func closeDialog() -> [Effect] {
        defer { dialog = nil }
        if case .confirm(let c)? = dialog, run.runningStep == c.step || run.runningStep == nil {
            return [.send(.cancel)]
        }
        return []
    }

    /// Line editing: printable characters and backspace.
    func edit(_ text: inout String, _ key: Key) {
        switch key {
        case .char(let ch) where text.count < 200: text.append(ch)
        case .backspace, .delete: if !text.isEmpty { text.removeLast() }
        case .ctrl("u"): text = ""
        default: break
        }
    }

    mutating func submit(_ t: TextDialog) -> [Effect] {
        let value = t.text.trimmingCharacters(in: .whitespaces)
        if case .search(let key) = t.purpose {
            dialog = nil
            setSearch(value, key: key)
            return []
        }
        guard !value.isEmpty else {
            message = "Please type something (Esc cancels)."
            return []
        }
        if case .operatorName = t.purpose, !SignOff.isUsableName(value) {
            // A stray key ('p') must not become the name on the sign-off record.
            message = "Type your name as the sign-off record should show it (at least 2 characters, with a letter)."
            return []
        }
        dialog = nil
        switch t.purpose {
        case .operatorName(let then):
            operatorName = value
            message =
                "Operator: \(value) (kept for this work directory; \(KeyTable.label(.changeOperator)) changes it)."
            return [.saveOperator(value)] + (then.map { resume($0) } ?? [])
        case .overrideReason(let stage):
            return [.send(.overrideGate(stage: stage, reason: value, operatorName: operatorName ?? "?"))]
        case .search: return []
        }
    }

    mutating func answer(_ purpose: QuestionPurpose) -> [Effect] {
        switch purpose {
        case .openRollback:
            openRollback()
            return []
        case .cancelStep: return [.send(.cancel)]
        case .quit: return run.runningStep == nil ? [.quit] : [.send(.cancel), .quit]
        }
    }
}
