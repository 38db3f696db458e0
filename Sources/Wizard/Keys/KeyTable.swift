import Foundation
/// The kinds of screen a key may work on.
public enum ScreenKind: String, Sendable, CaseIterable {
    case start, checklist, overview, phase, reader, help, tooSmall, dialog, criteria
}

/// What a key does. The reducer acts on these, never on raw keys.
public enum Action: String, Sendable, CaseIterable {
    case help, back, quit, redraw, focusNext, focusPrev
    case up, down, left, right, pageUp, pageDown, home, end
    case act, run, runStep, retry, cancel, override, undo, overview, results, interrupt
    case criteria, rollback
    case follow, logLevel, search, searchNext, searchPrev, sortColumn, sortReverse, suspend, changeOperator
}

/// One row of the key table: the single source of truth for key handling, help and status bar.
public struct KeyBinding: Sendable {
    public var action: Action
    /// The keys that trigger it (the first is the main key, the rest aliases).
    public var keys: [Key]
    /// How the keys are written, e.g. "F5/r".
    public var label: String
    /// Short name for the status bar.
    public var name: String
    /// One line for the help screen.
    public var description: String
    /// Where it works.
    public var screens: Set<ScreenKind>
    /// Shown in the status bar of those screens.
    public var inStatusBar: Bool
}

/// The key table.
public enum KeyTable {
    static let all: Set<ScreenKind> = Set(ScreenKind.allCases).subtracting([.dialog])
    static let lists: Set<ScreenKind> = [.start, .checklist, .overview, .phase, .reader, .help, .criteria]
    static let anywhere: Set<ScreenKind> = [.start, .checklist, .overview, .phase, .reader, .criteria]
    static let work: Set<ScreenKind> = [.checklist, .phase]

    /// Every binding, in help-screen order.
    public static let bindings: [KeyBinding] = [
        KeyBinding(
            action: .help, keys: [.char("?"), .f(1)], label: "?/F1", name: "Help",
            description: "Help for this screen (generated from the key table)", screens: all, inStatusBar: true),
        KeyBinding(
            action: .back, keys: [.escape], label: "Esc", name: "Back",
            description: "Back / close; never destructive", screens: all, inStatusBar: true),
        KeyBinding(
            action: .quit, keys: [.char("q"), .f(10)], label: "q/F10", name: "Quit",
            description: "Quit (asks first while a step is running)", screens: all, inStatusBar: true),
        KeyBinding(
            action: .redraw, keys: [.ctrl("l")], label: "^L", name: "Redraw",
            description: "Redraw the whole screen", screens: all, inStatusBar: false),
        KeyBinding(
            action: .interrupt, keys: [.ctrl("c")], label: "^C", name: "Interrupt",
            description: "Ask to cancel the running step (when idle: ask to quit)", screens: all, inStatusBar: false),
        KeyBinding(
            action: .suspend, keys: [.ctrl("z")], label: "^Z", name: "Suspend",
            description: "Suspend to the shell (fg comes back; a running step goes on)", screens: all,
            inStatusBar: false),
        KeyBinding(
            action: .focusNext, keys: [.tab], label: "Tab", name: "Focus",
            description: "Move focus to the next panel / table", screens: [.phase, .reader, .checklist],
            inStatusBar: false),
        KeyBinding(
            action: .focusPrev, keys: [.backTab], label: "S-Tab", name: "Focus back",
            description: "Move focus to the previous panel / table", screens: [.phase, .reader, .checklist],
            inStatusBar: false),
        KeyBinding(
            action: .up, keys: [.up, .char("k")], label: "Up/k", name: "Up",
            description: "Move up", screens: lists, inStatusBar: false),
        KeyBinding(
            action: .down, keys: [.down, .char("j")], label: "Down/j", name: "Down",
            description: "Move down", screens: lists, inStatusBar: false),
        KeyBinding(
            action: .left, keys: [.left, .char("h")], label: "Left/h", name: "Left",
            description: "Scroll columns left", screens: [.reader], inStatusBar: false),
        KeyBinding(
            action: .right, keys: [.right, .char("l")], label: "Right/l", name: "Right",
            description: "Scroll columns right", screens: [.reader], inStatusBar: false),
        KeyBinding(
            action: .pageUp, keys: [.pageUp], label: "PgUp", name: "Page up",
            description: "Scroll a page up", screens: lists, inStatusBar: false),
        KeyBinding(
            action: .pageDown, keys: [.pageDown], label: "PgDn", name: "Page down",
            description: "Scroll a page down", screens: lists, inStatusBar: false),
        KeyBinding(
            action: .home, keys: [.home, .char("g")], label: "Home/g", name: "Top",
            description: "Go to the first line", screens: lists, inStatusBar: false),
        KeyBinding(
            action: .end, keys: [.end, .char("G")], label: "End/G", name: "Bottom",
            description: "Go to the last line", screens: lists, inStatusBar: false),
        KeyBinding(
            action: .act, keys: [.enter, .char(" ")], label: "Enter/Space", name: "Open",
            description:
                "Start: continue. Overview: open stage. Manual item: sign off (then on to the next one waiting). Other steps: results",
            screens: [.start, .overview, .checklist, .phase], inStatusBar: true),
        KeyBinding(
            action: .overview, keys: [.f(2), .char("p")], label: "F2/p", name: "Phases",
            description: "Phase overview: every stage and step",
            screens: [.start, .checklist, .phase, .reader, .criteria],
            inStatusBar: true),
        KeyBinding(
            action: .results, keys: [.f(3), .char("v")], label: "F3/v", name: "Results",
            description: "Read the selected step's results (tables, checks)", screens: [.checklist, .phase],
            inStatusBar: true),
        KeyBinding(
            action: .run, keys: [.f(5), .char("r")], label: "F5/r", name: "Run",
            description: "Run the remaining steps of this stage", screens: work, inStatusBar: true),
        KeyBinding(
            action: .runStep, keys: [.f(6), .char("s")], label: "F6/s", name: "Step",
            description: "Run only the selected step", screens: work, inStatusBar: false),
        KeyBinding(
            action: .retry, keys: [.f(7), .char("t")], label: "F7/t", name: "Retry",
            description: "Retry the selected failed or cancelled step", screens: work, inStatusBar: true),
        KeyBinding(
            action: .cancel, keys: [.f(8), .char("c")], label: "F8/c", name: "Cancel",
            description: "Cancel the running step (asks first; rolls the step back)", screens: work,
            inStatusBar: true),
        KeyBinding(
            action: .override, keys: [.f(9), .char("o")], label: "F9/o", name: "Override",
            description: "Open a blocked gate anyway (typed reason, recorded)", screens: work, inStatusBar: false),
        KeyBinding(
            action: .criteria, keys: [.f(4), .char("a")], label: "F4/a", name: "Criteria",
            description: "Success criteria (acceptance), judged from the results measured so far", screens: anywhere,
            inStatusBar: true),
        KeyBinding(
            action: .rollback, keys: [.f(12), .char("b")], label: "F12/b", name: "Rollback",
            description: "Open the rollback procedure: which way back applies now; F5/r runs it (typed confirmation)",
            screens: anywhere, inStatusBar: true),
        KeyBinding(
            action: .undo, keys: [.char("u")], label: "u", name: "Undo",
            description: "Withdraw a sign-off until the stage it gates has started", screens: [.checklist, .phase],
            inStatusBar: true),
        KeyBinding(
            action: .follow, keys: [.char("f")], label: "f", name: "Follow",
            description: "Follow the running work again (the Live panel and the cursor go with it, like less +F)",
            screens: [.phase], inStatusBar: false),
        KeyBinding(
            action: .logLevel, keys: [.char("L")], label: "L", name: "Log level",
            description: "Log: cycle the lowest level shown (info, notice, warning, error, debug)", screens: [.phase],
            inStatusBar: false),
        KeyBinding(
            action: .search, keys: [.char("/")], label: "/", name: "Search",
            description: "Search the rows (reader) or the log (phase screen); empty clears",
            screens: [.phase, .reader],
            inStatusBar: false),
        KeyBinding(
            action: .searchNext, keys: [.char("n")], label: "n", name: "Next match",
            description: "Next match of the search", screens: [.phase, .reader], inStatusBar: false),
        KeyBinding(
            action: .searchPrev, keys: [.char("N")], label: "N", name: "Previous match",
            description: "Previous match of the search", screens: [.phase, .reader], inStatusBar: false),
        KeyBinding(
            action: .sortColumn, keys: [.char("s")], label: "s", name: "Sort",
            description: "Sort the table by the next column (then back to the query's order)", screens: [.reader],
            inStatusBar: false),
        KeyBinding(
            action: .sortReverse, keys: [.char("S")], label: "S", name: "Reverse",
            description: "Reverse the sort order", screens: [.reader], inStatusBar: false),
        KeyBinding(
            action: .changeOperator, keys: [.char("w")], label: "w", name: "Who",
            description: "Change the operator name recorded with sign-offs (kept in the work directory)",
            screens: [.checklist, .phase], inStatusBar: false),
        // Dialogs: typing goes to a focused text field first.
        KeyBinding(
            action: .focusNext, keys: [.tab, .right], label: "Tab", name: "Next",
            description: "Next field or button", screens: [.dialog], inStatusBar: true),
        KeyBinding(
            action: .focusPrev, keys: [.backTab, .left], label: "S-Tab", name: "Previous",
            description: "Previous field or button", screens: [.dialog], inStatusBar: false),
        KeyBinding(
            action: .act, keys: [.enter, .char(" ")], label: "Enter", name: "Choose",
            description: "Press the focused button (in a text field: submit; never confirms a destructive step)",
            screens: [.dialog], inStatusBar: true),
        KeyBinding(
            action: .back, keys: [.escape, .ctrl("c")], label: "Esc", name: "Cancel",
            description: "Close the dialog the safe way", screens: [.dialog], inStatusBar: true),
        KeyBinding(
            action: .redraw, keys: [.ctrl("l")], label: "^L", name: "Redraw",
            description: "Redraw the whole screen", screens: [.dialog], inStatusBar: false),
    ]

    /// The action a key triggers on a screen, if any.
    public static func action(for key: Key, on screen: ScreenKind) -> Action? {
        bindings.first { $0.screens.contains(screen) && $0.keys.contains(key) }?.action
    }

    /// How a binding's keys are written, for prose ("f follows"): from the table, never typed twice.
    public static func label(_ action: Action) -> String {
        bindings.first { $0.action == action }?.label ?? "?"
    }

    /// Bindings that work on a screen.
    public static func bindings(on screen: ScreenKind) -> [KeyBinding] {
        bindings.filter { $0.screens.contains(screen) }
    }

    /// Bindings shown in a screen's status bar.
    public static func statusBar(on screen: ScreenKind) -> [KeyBinding] {
        bindings(on: screen).filter(\.inStatusBar)
    }

    /// What the footer shows in `width` columns (each entry rendered as "label name "): every
    /// status-bar binding in full when they fit; otherwise each key by its shortest name ("p"
    /// for "F2/p") and, most important first, as many as fit, shown in table order.
    public static func statusBar(on screen: ScreenKind, width: Int) -> [KeyBinding] {
        let all = statusBar(on: screen)
        let w = { (b: KeyBinding) in b.label.count + b.name.count + 2 }
        if all.reduce(0, { $0 + w($1) }) <= width { return all }
        let short = all.map { b -> KeyBinding in
            var s = b
            s.label = b.label.components(separatedBy: "/").min { $0.count < $1.count } ?? b.label
            return s
        }
        var kept: Set<Action> = []
        var used = 0
        for b in short.sorted(by: {
            (footerRank.firstIndex(of: $0.action) ?? 99) < (footerRank.firstIndex(of: $1.action) ?? 99)
        }) {
            if used + w(b) <= width {
                kept.insert(b.action)
                used += w(b)
            }
        }
        return short.filter { kept.contains($0.action) }
    }

    /// The footer's keys, most important first (what a narrow terminal keeps).
    static let footerRank: [Action] = [
        .help, .quit, .act, .overview, .results, .criteria, .run, .cancel, .undo, .retry,
        .back, .rollback,
    ]
}
