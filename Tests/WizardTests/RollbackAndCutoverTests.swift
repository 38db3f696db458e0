import Foundation
import MigrationCore
import Testing
import TestSupport
import WizardTestSupport
@testable import Wizard

@Suite struct RollbackAndCutoverTests {
    typealias F = DeployFixtures

    @Test func rollbackKeyOpensTheProcedureFromAnyPhase() {
        for screen: Screen in [
            .overview, .phase("integration"), .phase("deployment"), .criteria, .reader("validation.orphans"),
        ] {
            for key: Key in [.f(12), .char("b")] {
                var s = F.state(F.validation)
                s.screens = [.start, screen]
                #expect(Fixtures.press(&s, key).isEmpty, "opening runs nothing")
                #expect(s.screen == .phase("rollback"), "\(key) on \(screen)")
                #expect(s.selected == 1)
            }
        }
        // A plan without the procedure says so instead.
        var s = Fixtures.state()
        s.screens = [.start, .overview]
        _ = Fixtures.press(&s, .char("b"))
        #expect(s.screen == .overview)
        #expect(s.message?.contains("no rollback procedure") == true)
    }

    @Test func runKeyRunsTheRollbackStage() {
        var s = F.state(F.validation)
        s.screens = [.start, .phase("deployment")]
        _ = Fixtures.press(&s, .char("b"))
        #expect(Fixtures.press(&s, .f(5)) == [.send(.runStage("rollback"))])
    }

    @Test func explanationBeforeAndAfterCutover() {
        var before = F.state(F.validation + F.preview)
        before.screens = [.start, .phase("rollback")]
        let b = renderOnGridTerminal(before, rows: 30, cols: 100).snapshot()
        #expect(b.contains("Which way back applies now"))
        #expect(b.contains("Cutover has not happened: edu was never touched."))
        #expect(b.contains("▶ Before cutover: drop the new database edu_new; edu is untouched.  (applies)"))
        #expect(b.contains("reverse the renames"))
        #expect(b.contains("slow path"))
        // Before the cutover the rollback drops edu_new: that is the name to type.
        #expect(b.contains("F5/r runs it: you type \"edu_new\" first (point of no return),"))
        #expect(b.contains("before services are stopped. Verified against the pre-migration counts."))

        let cut: [MigrationEvent] = [
            .stepStarted(step: "deployment.cutover", attempt: 1),
            .checkResult(
                step: "deployment.cutover", name: "databases renamed", status: .pass,
                evidence: "edu = former edu_new, edu_legacy = former edu"),
            .stepFinished(step: "deployment.cutover", outcome: .passed, seconds: 3),
        ]
        var after = F.state(F.validation + F.preview + cut)
        after.screens = [.start, .phase("rollback")]
        let a = renderOnGridTerminal(after, rows: 24, cols: 80, ascii: true).snapshot()
        #expect(a.contains("Cutover is done: edu is the migrated database, edu_legacy the untouched"))
        #expect(a.contains("> after cutover, fast: reverse the renames, revert app config (applies)"))
        let wide = renderOnGridTerminal(after, rows: 40, cols: 120).snapshot()
        #expect(
            wide.contains(
                "fast path: reverse the renames (edu → edu_new, edu_legacy → edu), revert the app config.  (applies)"))
        #expect(wide.contains("you type \"edu\" first"))

        // Rolled back: nothing applies any more; the panel says how to migrate again.
        let back: [MigrationEvent] = [
            .stepStarted(step: "rollback.execute", attempt: 1),
            .checkResult(
                step: "rollback.execute", name: "rollback fast", status: .pass,
                evidence: "edu → edu_new, edu_legacy → edu"),
            .stepFinished(step: "rollback.execute", outcome: .passed, seconds: 2),
        ]
        var done = F.state(F.validation + F.preview + cut + back)
        done.screens = [.start, .phase("rollback")]
        let d = renderOnGridTerminal(done, rows: 30, cols: 100).snapshot()
        #expect(d.contains("Rollback done: edu → edu_new, edu_legacy → edu"))
        #expect(d.contains("To migrate again, start over in a new work directory"))
        #expect(!d.contains("(applies)"))
        // Nothing points forward any more: overview, start screen, r on a phase.
        #expect(done.nextStep == nil && done.rolledBack)
        var overview = done
        overview.screens = [.start, .overview]
        #expect(
            renderOnGridTerminal(overview, rows: 30, cols: 100).snapshot().contains(
                "Rolled back: to migrate again, start over in a new work directory."))
        var phase = done
        phase.screens = [.start, .phase("validation")]
        #expect(Fixtures.press(&phase, .char("r")).isEmpty)
        #expect(phase.message == "Rolled back: to migrate again, start over in a new work directory.")
        // r on the finished rollback itself says so too.
        let rest: [MigrationEvent] =
            ["rollback.stop-services", "rollback.start-services"].flatMap { id in
                [
                    MigrationEvent.stepStarted(step: id, attempt: 1),
                    .stepFinished(step: id, outcome: .passed, seconds: 0),
                ]
            } + [.signedOff(SignOff(stepID: "rollback.verified", operatorName: "ann", at: Date()))]
        var finished = F.state(F.validation + F.preview + cut + back + rest)
        finished.screens = [.start, .phase("rollback")]
        #expect(Fixtures.press(&finished, .char("r")).isEmpty)
        #expect(
            finished.message
                == "Rollback is complete. Rolled back: to migrate again, start over in a new work directory.",
            "\(finished.message ?? "")")
    }

    @Test func interruptedCutoverPointsAtTheFastPathAndSaysWhy() {
        let crashed: [MigrationEvent] = [
            .stepStarted(step: "deployment.cutover", attempt: 1),
            .result(
                step: "deployment.cutover",
                table: ResultTable(
                    title: "Sessions connected to edu, edu_new",
                    columns: ["pid"], rows: [])),
            .stepFailed(
                step: "deployment.cutover", failure: StepFailure(code: "sql", message: "connection lost"), seconds: 1),
        ]
        let a = RollbackAdvice(state: F.state(F.validation + F.preview + crashed))
        #expect(a.applies == .fast)
        #expect(
            a.reason.contains("did not finish (failed)") && a.reason.contains("drops edu_new if pg_database shows none")
        )
        #expect(a.done == nil)
        let rolledBack: [MigrationEvent] = [
            .stepStarted(step: "rollback.execute", attempt: 1),
            .checkResult(
                step: "rollback.execute", name: "rollback fast", status: .pass,
                evidence: "edu → edu_new, edu_legacy → edu"),
            .stepFinished(step: "rollback.execute", outcome: .passed, seconds: 2),
        ]
        var s = F.state(F.validation + F.preview + crashed + rolledBack)
        #expect(RollbackAdvice(state: s).done == "edu → edu_new, edu_legacy → edu")
        s.dialog = nil
        s.screens = [.start, .phase("rollback")]
        #expect(
            renderOnGridTerminal(s, rows: 30, cols: 100).snapshot().contains(
                "✓ Rollback done: edu → edu_new, edu_legacy → edu"))
    }

    /// The core starts the destructive step, then waits for the typed name (SessionRun's log line).
    static func waitingFor(_ step: String) -> [MigrationEvent] {
        [
            .stepStarted(step: step, attempt: 1),
            .confirmationRequested(step: step, typed: "edu", runs: [step]),
        ]
    }

    @Test(arguments: ["rollback.execute", "deployment.cutover"])
    func typedConfirmationGuardsTheDestructiveStep(step: String) {
        var s = F.state(F.validation + F.preview + Self.waitingFor(step))
        s.screens = [.start, .phase(step.hasPrefix("rollback") ? "rollback" : "deployment")]
        guard case .confirm(let c)? = s.dialog else {
            Issue.record("no typed confirmation for \(step)")
            return
        }
        #expect(c.expected == "edu" && c.focus == 0, "focus starts on Cancel")
        let text = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        #expect(text.contains("Confirm destructive action"))
        #expect(text.contains("Type the database name \"edu\""))
        let notice = DestructiveNotice.text(state: s, step: step, g: .utf8)
        #expect(notice.contains("This is the point of no return"))
        if step == "deployment.cutover" {
            #expect(
                notice.contains(
                    "saw 2 session(s) to terminate; renames: edu → edu_legacy (to do), edu_new → edu (to do)."),
                "\(notice)")
            // Issue 13 item 2: the sessions it will end, inside the dialog itself.
            #expect(text.contains("- pid 4242 app on edu: backend from 10.0.0.7, idle"), "\(text)")
            #expect(text.contains("- pid 4243 report on edu_new: psql from local, active"), "\(text)")
        } else {
            #expect(notice.contains("Before cutover: drop the new database edu_new; edu is untouched."))
            // What confirming sets off, and what is given up, in words.
            #expect(notice.contains("Confirming first runs: Stop application services."), "\(notice)")
            #expect(notice.contains("the new database edu_new is dropped"), "\(notice)")
        }
        // A held-down Enter never confirms: in the field it does nothing.
        var typing = s
        _ = Fixtures.press(&typing, .tab)
        _ = Fixtures.type(&typing, "ed")
        #expect(Fixtures.press(&typing, .enter, .enter, .enter).isEmpty)
        #expect(typing.dialog != nil)
        // A wrong name is refused; the right one confirms from the Confirm button.
        _ = Fixtures.press(&typing, .tab)
        #expect(Fixtures.press(&typing, .enter).isEmpty)
        _ = Fixtures.type(&typing, "u")
        #expect(Fixtures.press(&typing, .tab, .enter) == [.send(.confirm(step: step, typed: "edu"))])
        #expect(typing.dialog == nil)
        // Enter on the initial focus (Cancel) backs out; the waiting step is told to stop.
        var cancel = s
        #expect(Fixtures.press(&cancel, .enter) == [.send(.cancel)])
        #expect(cancel.dialog == nil)
    }

    @Test func cutoverStepShowsThePreviewBeforeItRuns() {
        var s = F.state(F.validation + F.preview)
        s.screens = [.start, .phase("deployment")]
        s.cursor["phase:deployment"] = 1
        let text = renderOnGridTerminal(s, rows: 40, cols: 120).snapshot()
        #expect(text.contains("Before the cutover"))
        #expect(text.contains("Preview (changes nothing)"))
        #expect(text.contains("Renames to come: edu → edu_legacy (to do), edu_new → edu (to do)"))
        #expect(text.contains("2 session(s) will be terminated by the cutover:"))
        #expect(text.contains("4242") && text.contains("backend") && text.contains("4243"))
        #expect(text.contains("you type \"edu\" to confirm"))

        var unseen = F.state(F.validation)
        unseen.screens = [.start, .phase("deployment")]
        unseen.cursor["phase:deployment"] = 1
        let u = renderOnGridTerminal(unseen, rows: 24, cols: 80, ascii: true).snapshot()
        #expect(u.contains("Not previewed yet"))
    }

    @Test func httpReaderShowsBeforeAndAfterSideBySide() {
        var s = F.state(
            F.http("integration.http-before", label: "before")
                + F.http("integration.http-after", label: "after", healthOK: false))
        s.screens = [.start, .reader("integration.http-after")]
        let text = renderOnGridTerminal(s, rows: 30, cols: 120, ascii: true).snapshot()
        #expect(text.contains("HTTP checks before / after the switch"))
        let header = text.split(separator: "\n").first { $0.contains("before (integration)") }
        #expect(header?.contains("after (integration)") == true)
        let health = text.split(separator: "\n").first { $0.contains("endpoint:health") }
        #expect(health?.contains("[FAIL]") == true)
        #expect(
            health?.contains("OK 200 3.0 ms") == true && health?.contains("FAIL 500 3.0 ms") == true,
            "\(health ?? "none")")
        // One measurement only: nothing to compare.
        var one = F.state(F.http("integration.http-before", label: "before"))
        one.screens = [.start, .reader("integration.http-before")]
        #expect(!renderOnGridTerminal(one, rows: 30, cols: 120).snapshot().contains("before / after"))
    }

    /// Captures for the report: the cutover preview panel, the rollback procedure and its confirmation, at 100x30.
    @Test func capturesAt100x30() throws {
        var s = F.state(F.validation + F.preview)
        s.screens = [.start, .phase("deployment")]
        s.cursor["phase:deployment"] = 1
        let cutover = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        try cutover.write(toFile: "/tmp/wizard-cutover-100x30.txt", atomically: true, encoding: .utf8)
        _ = Fixtures.press(&s, .char("b"))
        let rollback = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        try rollback.write(toFile: "/tmp/wizard-rollback-100x30.txt", atomically: true, encoding: .utf8)
        for r in Fixtures.records(Self.waitingFor("rollback.execute"), from: 500) { _ = s.handle(.event(r)) }
        let confirm = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        try confirm.write(toFile: "/tmp/wizard-rollback-confirm-100x30.txt", atomically: true, encoding: .utf8)
        #expect(cutover.contains("Renames to come") && rollback.contains("(applies)") && confirm.contains("> Cancel <"))
    }
}

/// Issue 13 item 2: confirming the cutover before its preview ran says so, and says what
/// confirming starts (maintenance, services stopped, the final backup).
@Suite struct CutoverConfirmationWithoutPreviewTests {
    static let plan = Plan(stages: [
        Stage(
            id: "deployment", title: "Phase 6: Production Deployment", kind: .phase,
            steps: [
                Step(id: "d.maintenance-on", title: "Maintenance mode on", kind: .command),
                Step(id: "d.stop-services", title: "Stop application services", kind: .command),
                Step(id: "d.final-backup", title: "Final backup of edu", kind: .backup),
                Step(
                    id: "d.cutover-preview", title: "Sessions still connected and the renames to come", kind: .cutover,
                    required: false, params: ["preview": .bool(true)]),
                Step(id: "d.cutover", title: "Cutover: rename the databases", kind: .cutover, destructive: true),
            ])
    ])

    @Test func theDialogSaysNoPreviewRanAndWhatConfirmingStarts() {
        var s = WizardState(
            plan: Self.plan, info: StartInfo(source: "dbname=edu"), size: TermSize(rows: 40, cols: 120),
            now: Fixtures.t0)
        s.screens = [.start, .phase("deployment")]
        _ = s.handle(
            .event(
                EventRecord(
                    seq: 1, at: Fixtures.t0,
                    event: .confirmationRequested(step: "d.cutover", typed: "edu", runs: ["d.cutover"]))))
        let text = renderOnGridTerminal(s, rows: 40, cols: 120).snapshot()
        #expect(text.contains("No preview has run yet"), "\(text)")
        #expect(text.contains("Confirming first runs:"), "\(text)")
        #expect(text.contains("Maintenance mode on, Stop application services, Final backup of"), "\(text)")
    }
}
