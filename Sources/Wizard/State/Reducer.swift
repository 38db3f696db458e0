import Foundation
import MigrationCore

/// The wizard's pure reducer: `(WizardState, Input) -> (WizardState, [Effect])`.
extension WizardState {
    /// Pure form of `handle(_:)`.
    public static func reduce(_ state: WizardState, _ input: Input) -> (WizardState, [Effect]) {
        var s = state
        let effects = s.handle(input)
        return (s, effects)
    }

    /// Apply one input; returns what the app must do.
    public mutating func handle(_ input: Input) -> [Effect] {
        switch input {
        case .resize(let size):
            self.size = size
            if !tooSmall, message == Self.tooSmallForDialog { message = nil }  // it fits again
            return []
        case .clock(let date):
            now = date
            return []
        case .event(let record):
            apply(record)
            return []
        case .key(let key):
            if key == .resize { return [] }
            if dialog != nil { return handleDialogKey(key) }
            message = nil
            guard let action = KeyTable.action(for: key, on: activeKind) else { return [] }
            return perform(action)
        }
    }

    /// Fold an event into the run state and react to what needs the operator's attention.
    mutating func apply(_ record: EventRecord) {
        run.apply(record)
        history.append(record)
        now = max(now, record.at)
        defer { proposeRollback(after: record) }
        switch record.event {
        case .stepFailed(let step, let failure, _):
            if case .confirm(let c)? = dialog, c.step == step { dialog = nil }
            closeStaleCancelQuestion(step)
            if dialog == nil, failure.code != .cancelled { dialog = .error(step: step, failure: failure) }
        case .stepStarted(let step, _):
            if case .error(let s, _)? = dialog, s == step { dialog = nil }
            followStart(step)
        case .confirmationRequested(let step, let typed, _):
            // The core asks (when the destructive step starts, or when its stage starts if hooks
            // ahead of it would take the application down) and names what must be typed.
            if case .confirm(var c)? = dialog, c.step == step {
                c.expected = typed
                dialog = .confirm(c)
            } else {
                dialog = .confirm(ConfirmDialog(step: step, expected: typed))
            }
        case .confirmationDeclined(let step, let reason):
            // Refused or cancelled before its stage ran anything: the core no longer waits.
            if case .confirm(let c)? = dialog, c.step == step { dialog = nil }
            message = "not confirmed: " + reason
        case .signOffRequested(let step):
            message = waitingMessage(step)
            if !awaitingSignOff.contains(step) { awaitingSignOff.append(step) }
        case .signedOff(let so):
            // Replayed on resume too: a wait that was answered must not linger in the status line.
            if message == waitingMessage(so.stepID) { message = nil }
            awaitingSignOff.removeAll { $0 == so.stepID }
            moveToNextWaiting(after: so.stepID)
        case .commandRefused(_, _, let text):
            message = "refused: " + text
        case .stepFinished(let step, _, _):
            if case .confirm(let c)? = dialog, c.step == step { dialog = nil }
            closeStaleCancelQuestion(step)
        case .gateBlocked(let stage, let missing):
            message =
                "Gate closed for \(plan.stage(stage)?.title ?? stage): \(missing.count) required item(s) missing (F9/o overrides)"
        case .runFinished:
            if case .question(let q)? = dialog, q.purpose == .cancelStep { dialog = nil }
            if message?.hasPrefix(Self.waitingPrefix) == true { message = nil }  // nothing waits any more
        default: break
        }
    }

    static let waitingPrefix = "Waiting for your sign-off: "

    /// The status line while the core waits for the operator to sign `step`.
    func waitingMessage(_ step: String) -> String {
        "\(Self.waitingPrefix)\(title(step)) (select it, Space/Enter signs)"
    }

    /// Number of selectable rows on the current screen.
    var rowCount: Int {
        switch screen {
        case .start: return 0
        case .overview: return plan.stages.count
        case .checklist(let id), .phase(let id): return plan.stage(id)?.steps.count ?? 0
        case .reader(let id): return ReaderModel(state: self, step: id).lineCount(focus: focus[screen.key] ?? 0)
        case .criteria: return criteria.count
        case .help(let k):
            // Scroll positions: one per line of help that can be out of view.
            return max(1, HelpView.lineCount(kind: k, cols: size.cols) - Layout(size).body.inner.rows + 1)
        }
    }

    /// Rows moved by PgUp/PgDn.
    var pageSize: Int { max(1, size.rows - 8) }

    mutating func moveCursor(to row: Int) {
        cursor[screen.key] = min(max(row, 0), max(rowCount - 1, 0))
    }

    /// Open a screen (never stacks the same screen twice in a row).
    mutating func push(_ s: Screen) {
        if screen != s { screens.append(s) }
    }

    mutating func perform(_ action: Action) -> [Effect] {
        switch action {
        case .help:
            if activeKind == .tooSmall {
                smallHelp.toggle()
                return []
            }
            if case .help = screen { screens.removeLast() } else { push(.help(screen.kind)) }
        case .back:
            if activeKind == .tooSmall, smallHelp {
                smallHelp = false
                return []
            }
            if screens.count > 1 { screens.removeLast() }
        case .quit: return askQuit()
        case .interrupt:
            // Idle, Ctrl-C asks too: in the demo, quitting also deletes the throwaway cluster.
            if run.runningStep != nil { askCancel() } else { askQuitIdle() }
        case .suspend: return [.suspend]
        case .redraw: return [.redraw]
        case .up, .down, .pageUp, .pageDown:
            let step = action == .up || action == .down ? 1 : pageSize
            let delta = action == .up || action == .pageUp ? -step : step
            if case .phase = screen, focus[screen.key] == 1 {
                // The log panel has the focus: scroll back through the log tail (0 = newest).
                logScroll = min(max(logScroll - delta, 0), max(visibleLog.count - 1, 0))
            } else {
                moveAway()
                moveCursor(to: selected + delta)
            }
        case .home, .end:
            if case .phase = screen, focus[screen.key] == 1 {
                logScroll = action == .home ? max(visibleLog.count - 1, 0) : 0
            } else {
                moveAway()
                moveCursor(to: action == .home ? 0 : rowCount - 1)
            }
        case .left, .right:
            let d = action == .left ? -8 : 8
            // Not past the end of the longest line: Left must come back in as many presses.
            var limit = Int.max
            if case .reader(let id) = screen {
                limit = ReaderModel(state: self, step: id).maxScroll(
                    focus: focus[screen.key] ?? 0, room: size.cols - 10)
            }
            hscroll[screen.key] = min(max(0, (hscroll[screen.key] ?? 0) + d), limit)
        case .focusNext, .focusPrev: cycleFocus(action == .focusNext ? 1 : -1)
        case .act: return act()
        case .overview:
            let opening = screen != .overview
            push(.overview)
            // Opened fresh, the cursor starts on the stage that holds the next step.
            if opening, let next = nextStep, let i = plan.stages.firstIndex(where: { $0.id == next.stage.id }) {
                cursor[Screen.overview.key] = i
            }
        case .results:
            if let step = selectedStep { push(.reader(step.id)) }
        case .run:
            guard let stage = currentStage else { break }
            if stage.kind != .procedure, rolledBack {
                message = Self.rolledBackLine + "."
                return []
            }
            if stage.kind == .procedure, stage.steps.allSatisfy({ !$0.required || run.step($0.id).status.isDone }) {
                message = "\(stage.title) is complete." + (rolledBack ? " " + Self.rolledBackLine + "." : "")
                return []
            }
            if stage.kind != .procedure, stage.steps.allSatisfy({ !$0.required || run.step($0.id).status.isDone }) {
                // Nothing to run: say so, and where the runbook goes on.
                let next = plan.stages.drop { $0.id != stage.id }.dropFirst()
                    .first {
                        $0.kind != .procedure && $0.steps.contains { s in s.required && !run.step(s.id).status.isDone }
                    }
                message =
                    "\(stage.title) is complete."
                    + (next.map { " Next: \($0.title) (p lists the phases)." } ?? " Every phase is done.")
                return []
            }
            follow = true
            return start(.runStage(stage.id))
        case .runStep:
            if let step = selectedStep {
                follow = true
                return start(.runStep(step.id))
            }
        case .retry:
            follow = true
            return retrySelected()
        case .cancel:
            if run.runningStep != nil { askCancel() } else { message = "Nothing is running." }
        case .override: return overrideGate()
        case .undo: return undoSignOff()
        case .criteria, .rollback: return performDeploy(action)
        case .follow: followAgain()
        case .logLevel: cycleLogLevel()
        case .search: askSearch()
        case .searchNext, .searchPrev: jumpToMatch(action == .searchNext ? 1 : -1)
        case .sortColumn: cycleSort()
        case .sortReverse: reverseSort()
        case .changeOperator: askOperator(then: nil)
        }
        return []
    }

    mutating func cycleFocus(_ delta: Int) {
        let n: Int
        switch screen {
        case .reader(let id): n = max(1, ReaderModel(state: self, step: id).tables.count)
        case .phase: n = 2
        default: n = 1
        }
        let f = ((focus[screen.key] ?? 0) + delta + n) % n
        focus[screen.key] = f
        if case .reader = screen {
            cursor[screen.key] = 0
            hscroll[screen.key] = 0
        }
    }
}

extension WizardState {
    /// The operator moved the phase screen's cursor: the Live panel shows what they selected.
    mutating func moveAway() {
        if case .phase = screen { follow = false }
    }

    /// A "cancel the running step?" question whose step ended meanwhile answers nothing any more.
    mutating func closeStaleCancelQuestion(_ step: String) {
        guard case .question(let q)? = dialog, run.runningStep == nil else { return }
        switch q.purpose {
        case .cancelStep:
            dialog = nil
            message = "\(plan.step(step)?.step.title ?? step) ended before the cancel: nothing to cancel."
        case .quit where q.other == Self.cancelAndQuit:
            // "X is running; quitting cancels it" is no longer true: ask the idle question instead.
            askQuitIdle()
            message = "\(plan.step(step)?.step.title ?? step) ended meanwhile: nothing running to cancel."
        default: break
        }
    }
}
