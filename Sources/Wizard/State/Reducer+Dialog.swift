import Foundation
import MigrationCore

/// Keys inside dialogs. Esc and Ctrl-C always take the safe way out.
extension WizardState {
    mutating func handleDialogKey(_ key: Key) -> [Effect] {
        guard let d = dialog else { return [] }
        if key == .escape || key == .ctrl("c") { return closeDialog() }
        if key == .ctrl("l") { return [.redraw] }
        switch d {
        case .error:
            if key == .enter || key == .char(" ") { dialog = nil }
            return []
        case .question(var q):
            switch key {
            case .tab, .backTab, .left, .right, .char("h"), .char("l"): q.focus = 1 - q.focus
            case .enter, .char(" "):
                dialog = nil
                return q.focus == 1 ? answer(q.purpose) : []
            default: break
            }
            dialog = .question(q)
        case .text(var t):
            if key == .tab { t.focus = (t.focus + 1) % 3 } else if key == .backTab { t.focus = (t.focus + 2) % 3 }
            else if key == .enter {
                if t.focus == 2 { dialog = nil; return [] }
                return submit(t)
            } else if t.focus == 0 { edit(&t.text, key) }
            dialog = .text(t)
        case .confirm(var c):
            switch key {
            case .tab: c.focus = (c.focus + 1) % 3
            case .backTab: c.focus = (c.focus + 2) % 3
            case .enter:
                // Enter on Cancel cancels; in the field it does nothing (a held Enter cannot confirm).
                if c.focus == 0 { return closeDialog() }
                if c.focus == 2 {
                    guard c.typed == c.expected else {
                        c.focus = 1
                        dialog = .confirm(c)
                        message = "Type \(c.expected) exactly to confirm."
                        return []
                    }
                    dialog = nil
                    return [.send(.confirm(step: c.step, typed: c.typed))]
                }
            default:
                if c.focus == 1 { edit(&c.typed, key) }
            }
            dialog = .confirm(c)
        }
        return []
    }

    /// Close the dialog the safe way. A destructive step waiting for its confirmation is told to
    /// stop waiting (it ends as cancelled; nothing was changed).
    mutating func closeDialog() -> [Effect] {
        defer { dialog = nil }
        if case .confirm(let c)? = dialog, run.runningStep == c.step { return [.send(.cancel)] }
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
        guard !value.isEmpty else { message = "Please type something (Esc cancels)."; return [] }
        dialog = nil
        switch t.purpose {
        case .operatorName(let then):
            operatorName = value
            return resume(then)
        case .overrideReason(let stage):
            return [.send(.overrideGate(stage: stage, reason: value, operatorName: operatorName ?? "?"))]
        }
    }

    func answer(_ purpose: QuestionPurpose) -> [Effect] {
        switch purpose {
        case .cancelStep: return [.send(.cancel)]
        case .quit: return run.runningStep == nil ? [.quit] : [.send(.cancel), .quit]
        }
    }
}
