import Foundation
import MigrationCore
import Testing
import TestSupport
import WizardTestSupport
import Wizard

@Suite struct ReducerTests {
    @Test func startOffersResumeAndContinuesAtTheNextStep() {
        var s = Fixtures.state()
        #expect(s.canResume)
        #expect(s.serverVersion == "PostgreSQL 15.18")
        #expect(s.nextStep?.step.id == "migration.transfer")
        _ = Fixtures.press(&s, .enter)
        #expect(s.screen == .phase("migration"))
        #expect(s.selected == 0)
        _ = Fixtures.press(&s, .escape)
        #expect(s.screen == .start)
        _ = Fixtures.press(&s, .escape)
        #expect(s.screen == .start, "Esc on the first screen stays put")
    }

    @Test func freshStartBeginsWithTheChecklist() {
        var s = Fixtures.state([])
        #expect(!s.canResume)
        _ = Fixtures.press(&s, .enter)
        #expect(s.screen == .checklist("pre-migration"))
    }

    /// The "cancel the running step?" question closes when its step ends meanwhile, saying so.
    @Test func aCancelQuestionWhoseStepEndedCloses() {
        var s = Fixtures.state([.stepStarted(step: "preparation.backup", attempt: 1)])
        s.screens = [.start, .phase("preparation")]
        _ = Fixtures.press(&s, .char("c"))
        guard case .question(let q)? = s.dialog, q.purpose == .cancelStep else {
            Issue.record("no cancel question: \(String(describing: s.dialog))")
            return
        }
        for r in Fixtures.records([.stepFinished(step: "preparation.backup", outcome: .passed, seconds: 1)], from: 50) {
            _ = s.handle(.event(r))
        }
        #expect(s.dialog == nil)
        #expect(s.message?.hasSuffix("ended before the cancel: nothing to cancel.") == true, "\(s.message ?? "")")
    }

    /// "X is running; quitting cancels it" turns into the idle quit question when X ends meanwhile.
    @Test func aQuitQuestionWhoseStepEndedAsksTheIdleQuestion() {
        var s = Fixtures.state([.stepStarted(step: "preparation.backup", attempt: 1)])
        s.screens = [.start, .phase("preparation")]
        _ = Fixtures.press(&s, .char("q"))
        guard case .question(let q)? = s.dialog, q.purpose == .quit, q.other == "Cancel step and quit" else {
            Issue.record("no quit question for the running step: \(String(describing: s.dialog))")
            return
        }
        for r in Fixtures.records([.stepFinished(step: "preparation.backup", outcome: .passed, seconds: 1)], from: 50) {
            _ = s.handle(.event(r))
        }
        guard case .question(let idle)? = s.dialog else {
            Issue.record("the quit question was closed instead of updated")
            return
        }
        #expect(idle.purpose == .quit)
        #expect(idle.other == "Quit")
        #expect(idle.message.contains("Nothing is running"))
        #expect(idle.focus == 0, "the safe answer stays selected")
    }

    /// The fixture's pre-migration checklist, done: its checks passed, its items signed.
    static let checklistDone: [MigrationEvent] =
        ["pre.server-version", "pre.disk-space"].flatMap { id in
            [MigrationEvent.stepStarted(step: id, attempt: 1), .stepFinished(step: id, outcome: .passed, seconds: 0)]
        }
        + ["pre.backup-strategy", "pre.window"].map { .signedOff(SignOff(stepID: $0, operatorName: "ann", at: Date())) }

    /// r on a finished stage says it is complete and names the next one, instead of nothing.
    @Test func runOnACompleteStageNamesTheNextOne() {
        var s = Fixtures.state(Self.checklistDone)
        s.screens = [.start, .checklist("pre-migration")]
        #expect(Fixtures.press(&s, .char("r")).isEmpty)
        #expect(
            s.message?.hasPrefix("Pre-migration checklist is complete. Next: Phase 1: Preparation") == true,
            "\(s.message ?? "")")
    }

    /// The phase overview opens on the stage that holds the next step, not on the first one.
    @Test func overviewOpensOnTheNextStage() {
        var s = Fixtures.state(Self.checklistDone)
        s.screens = [.start, .checklist("pre-migration")]
        _ = Fixtures.press(&s, .char("p"))
        #expect(s.screen == .overview)
        #expect(s.plan.stages[s.selected].id == "preparation")
    }

    @Test func signOffAsksTheNameOnceThenSends() {
        var s = Fixtures.state([])
        _ = Fixtures.press(&s, .enter, .down, .down)  // third item: manual
        #expect(s.handle(.key(.char(" "))) == [])
        guard case .text(let t)? = s.dialog else {
            Issue.record("no name dialog")
            return
        }
        #expect(t.title == "Operator")
        // A stray key is not a name: refused, the dialog stays.
        _ = Fixtures.type(&s, "p")
        #expect(Fixtures.press(&s, .enter).isEmpty)
        #expect(s.dialog != nil && s.operatorName == nil)
        #expect(s.message?.contains("at least 2 characters") == true)
        _ = Fixtures.press(&s, .backspace)
        _ = Fixtures.type(&s, "Aysel")
        let effects = Fixtures.press(&s, .enter)
        #expect(s.dialog == nil)
        #expect(s.operatorName == "Aysel")
        #expect(effects.first == .saveOperator("Aysel"), "the name is kept for the work directory")
        guard case .send(.signOff(let step, let name, _))? = effects.last else {
            Issue.record("no sign-off")
            return
        }
        #expect(step == "pre.backup-strategy" && name == "Aysel")
        _ = Fixtures.press(&s, .down)
        let second = Fixtures.press(&s, .enter)
        #expect(s.dialog == nil, "name is asked only once")
        #expect(second.count == 1)
    }

    @Test func undoIsAllowedBeforeTheGatedStageStartsOnly() {
        let signed: [MigrationEvent] = [.signedOff(SignOff(stepID: "pre.window", operatorName: "A", at: Fixtures.t0))]
        var s = Fixtures.state(signed)
        s.screens = [.start, .checklist("pre-migration")]
        _ = Fixtures.press(&s, .end)
        #expect(Fixtures.press(&s, .char("u")) == [.send(.undoSignOff(step: "pre.window"))])

        var late = Fixtures.state()
        late.screens = [.start, .checklist("pre-migration")]
        _ = Fixtures.press(&late, .end)
        #expect(Fixtures.press(&late, .char("u")) == [])
        #expect(late.message?.contains("Too late") == true)
    }

    @Test func runIsRefusedWhileAStepRunsAndCancelAsksFirst() {
        var s = Fixtures.state()
        s.screens = [.start, .phase("migration")]
        #expect(Fixtures.press(&s, .char("r")) == [])
        #expect(s.message?.contains("running") == true)
        #expect(Fixtures.press(&s, .f(8)) == [])
        guard case .question(let q)? = s.dialog else {
            Issue.record("no question")
            return
        }
        #expect(q.focus == 0 && q.purpose == .cancelStep)
        #expect(Fixtures.press(&s, .enter) == [], "Enter on the safe answer does nothing")
        _ = Fixtures.press(&s, .char("c"))
        #expect(Fixtures.press(&s, .tab, .enter) == [.send(.cancel)])
    }

    @Test func ctrlCWhileRunningAsksThenCancels() {
        var s = Fixtures.state()
        _ = Fixtures.press(&s, .ctrl("c"))
        guard case .question(let q)? = s.dialog else {
            Issue.record("no question")
            return
        }
        #expect(q.purpose == .cancelStep)
        #expect(Fixtures.press(&s, .right, .enter) == [.send(.cancel)])
    }

    /// Ctrl-C on an idle screen asks (in the demo, quitting deletes the throwaway cluster): the
    /// safe answer has the focus, Enter stays; Right + Enter quits; Ctrl-C again closes the question.
    @Test func ctrlCWhenIdleAsksBeforeQuitting() {
        var idle = Fixtures.state([])
        #expect(Fixtures.press(&idle, .ctrl("c")) == [])
        guard case .question(let q)? = idle.dialog else {
            Issue.record("Ctrl-C quit without asking")
            return
        }
        #expect(q.purpose == .quit && q.focus == 0)
        var stay = idle
        #expect(Fixtures.press(&stay, .enter) == [] && stay.dialog == nil)
        var again = idle
        #expect(Fixtures.press(&again, .ctrl("c")) == [] && again.dialog == nil)
        #expect(Fixtures.press(&idle, .right, .enter) == [.quit])
        // Ctrl-Z suspends (the app gives the terminal back and redraws on SIGCONT).
        var z = Fixtures.state([])
        #expect(Fixtures.press(&z, .ctrl("z")) == [.suspend])
    }

    @Test func quitAsksWhileWorkIsRunning() {
        var idle = Fixtures.state([])
        #expect(Fixtures.press(&idle, .char("q")) == [.quit])
        var s = Fixtures.state()
        #expect(Fixtures.press(&s, .char("q")) == [])
        #expect(Fixtures.press(&s, .escape) == [])
        #expect(s.dialog == nil)
        _ = Fixtures.press(&s, .char("q"))
        #expect(Fixtures.press(&s, .tab, .enter) == [.send(.cancel), .quit])
    }

    @Test func failureOpensAnErrorDialogThatRetryCloses() {
        let failure = StepFailure(
            code: "sql", message: "duplicate key value", sqlState: "23505",
            location: "10_persons.sql:12", fix: "run the dedup step first")
        var s = Fixtures.state([
            .stepStarted(step: "migration.persons", attempt: 1),
            .stepFailed(step: "migration.persons", failure: failure, seconds: 2),
        ])
        #expect(s.dialog == .error(step: "migration.persons", failure: failure))
        _ = Fixtures.press(&s, .enter)
        #expect(s.dialog == nil)
        s.screens = [.start, .phase("migration")]
        _ = Fixtures.press(&s, .down)
        #expect(Fixtures.press(&s, .char("t")) == [.send(.retry("migration.persons"))])
    }

    @Test func gateBlockedIsExplainedAndOverrideNeedsNameAndReason() {
        var s = Fixtures.state([.gateBlocked(stage: "preparation", missing: ["pre.window"])])
        #expect(s.message?.contains("Gate closed") == true)
        s.screens = [.start, .phase("preparation")]
        #expect(s.gateMissing(s.plan.stage("preparation")!).contains("pre.window"))
        _ = Fixtures.press(&s, .f(9))
        _ = Fixtures.type(&s, "Rashad")
        _ = Fixtures.press(&s, .enter)
        guard case .text(let t)? = s.dialog, case .overrideReason = t.purpose else {
            Issue.record("no reason")
            return
        }
        _ = Fixtures.type(&s, "window signed on paper")
        let effects = Fixtures.press(&s, .enter)
        #expect(
            effects == [
                .send(.overrideGate(stage: "preparation", reason: "window signed on paper", operatorName: "Rashad"))
            ])
    }

    @Test func cursorStaysInsideTheList() {
        var s = Fixtures.state()
        s.screens = [.start, .phase("migration")]
        _ = Fixtures.press(&s, .pageDown, .down, .down)
        #expect(s.selected == 1)
        _ = Fixtures.press(&s, .char("k"), .up, .home)
        #expect(s.selected == 0)
    }

    @Test func readerOpensResultsAndTabMovesBetweenTables() {
        var s = Fixtures.state()
        s.screens = [.start, .phase("preparation")]
        _ = Fixtures.press(&s, .enter)
        #expect(s.screen == .reader("preparation.analysis"))
        _ = Fixtures.press(&s, .down, .tab)
        #expect(s.selected == 0)
    }
}

@Suite struct SmallPartsTests {
    @Test func confirmNameComesFromTheSource() {
        #expect(StartInfo(source: "host=/tmp dbname=edu_prod user=postgres").confirmName == "edu_prod")
        #expect(StartInfo(source: "postgresql://u@db.example:5432/school").confirmName == "school")
        #expect(StartInfo(source: "host=/tmp").confirmName == "edu")
    }

    @Test func readerTakesRowStatusFromAStatusColumn() {
        let table = ResultTable(
            title: "reconciliation", columns: ["source_table", "status"],
            rows: [["persons", "pass"], ["accounts", "fail"]])
        var s = Fixtures.state([
            .stepStarted(step: "migration.persons", attempt: 1),
            .result(step: "migration.persons", table: table),
            .stepFinished(step: "migration.persons", outcome: .failed, seconds: 1),
        ])
        s.screens = [.start, .reader("migration.persons")]
        let term = renderOnGridTerminalForTests(s)
        #expect(term.role(of: "[FAIL]") == .fail)
        #expect(term.role(of: "[ OK ]") == .ok)
    }

    @Test func dialogStatusBarComesFromTheKeyTable() {
        var s = Fixtures.state()
        _ = Fixtures.press(&s, .char("q"))
        let bar = renderOnGridTerminalForTests(s).lines().last ?? ""
        for b in KeyTable.statusBar(on: .dialog) { #expect(bar.contains("\(b.label) \(b.name)")) }
    }

    func renderOnGridTerminalForTests(_ s: WizardState) -> GridTerminal {
        let term = GridTerminal(rows: 24, cols: 80)
        Renderer(glyphs: .ascii).render(s, into: term)
        return term
    }
}

@Suite struct LogPanelTests {
    @Test func tabToTheLogPanelScrollsTheLogNotTheSteps() {
        var s = Fixtures.state()
        s.screens = [.start, .phase("migration")]
        _ = Fixtures.press(&s, .tab, .up)
        #expect(s.logScroll == 1 && s.selected == 0)
        let text = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        #expect(text.contains("dictionaries: 1,200 rows copied"))
        #expect(!text.contains("persons: copy started"), "the newest line is scrolled out")
        _ = Fixtures.press(&s, .down, .down, .tab, .down)
        #expect(s.logScroll == 0 && s.selected == 1)
    }
}

@Suite struct PhaseSignOffTests {
    @Test func manualItemsInsideAPhaseAreSignedFromThePhaseScreen() {
        let plan = Plan(stages: [
            Stage(
                id: "p", title: "Phase 1", kind: .phase,
                steps: [
                    Step(id: "p.check", title: "A check", kind: .check),
                    Step(id: "p.window", title: "Maintenance window agreed", kind: .signoff),
                ])
        ])
        var s = WizardState(plan: plan, now: Fixtures.t0)
        s.operatorName = "Aysel"
        s.screens = [.start, .phase("p")]
        _ = Fixtures.press(&s, .down)
        let effects = Fixtures.press(&s, .char(" "))
        guard case .send(.signOff(let step, let name, _))? = effects.first else {
            Issue.record("no sign-off")
            return
        }
        #expect(step == "p.window" && name == "Aysel")
        _ = s.handle(
            .event(
                EventRecord(
                    seq: 1, at: Fixtures.t0,
                    event: .signedOff(SignOff(stepID: "p.window", operatorName: "Aysel", at: Fixtures.t0)))))
        #expect(s.follow && s.selected == 1, "nothing else waits: back to following the work")
        #expect(Fixtures.press(&s, .char("u")) == [.send(.undoSignOff(step: "p.window"))])
    }
}
