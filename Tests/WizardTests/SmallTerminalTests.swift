import Foundation
import MigrationCore
import Testing
import TestSupport
import WizardTestSupport
import Wizard

/// Issue 13 item 8: 80 columns and LC_ALL=C.
@Suite struct SmallTerminalTests {
    @Test func theStartScreenKeepsTheWholeSourceAt80Columns() {
        var s = WizardState(
            plan: Fixtures.plan,
            info: StartInfo(
                source:
                    "host=/var/run/postgresql dbname=edu user=postgres sslmode=disable application_name=edu-migrate port=5433"
            ),
            size: TermSize(rows: 24, cols: 80), now: Fixtures.t0)
        s.screens = [.start]
        let text = renderOnGridTerminal(s, rows: 24, cols: 80).snapshot()
        #expect(text.contains("port=5433"), "\(text)")
        #expect(text.contains("host=/var/run/postgresql"))
    }

    /// Text from the core (a statement label with an arrow) is shown in ASCII, not as `~F~R`.
    @Test func textFromTheCoreIsASCIIUnderTheCLocale() {
        var s = Fixtures.state(
            Fixtures.events + [
                .statement(
                    step: "migration.transfer", label: "COPY public.\"persons\" → migration_stage.\"persons\" …"),
                .log(step: "migration.transfer", level: .info, message: "persons ← legacy: 20,000 rows ≥ expected"),
            ])
        s.screens = [.start, .phase("migration")]
        let text = renderOnGridTerminal(s, rows: 30, cols: 120, ascii: true).snapshot()
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(text.contains("COPY public.\"persons\" -> migration_stage.\"persons\" ..."), "\(text)")
        #expect(text.contains("persons <- legacy: 20,000 rows >= expected"))
        #expect(Glyphs.ascii.plain("a ☃ b") == "a ? b")
        #expect(Glyphs.utf8.plain("a → b") == "a → b")
    }
}

/// Issue 13 item 5: signing off is quick and not blind.
@Suite struct SignOffFlowTests {
    static let plan = Plan(stages: [
        Stage(
            id: "pre", title: "Pre-migration checklist", kind: .checklist,
            steps: [
                Step(
                    id: "pre.a", title: "Backup strategy approved", kind: .signoff,
                    help: "The team agreed where backups go and how long they are kept."),
                Step(id: "pre.check", title: "Disk space", kind: .check),
                Step(
                    id: "pre.b", title: "Maintenance window agreed", kind: .signoff,
                    help: "The window and who is on call are agreed."),
            ])
    ])

    static func signed(_ s: inout WizardState, _ id: String, seq: Int) {
        _ = s.handle(
            .event(
                EventRecord(
                    seq: seq, at: Fixtures.t0,
                    event: .signedOff(SignOff(stepID: id, operatorName: "Aysel", at: Fixtures.t0)))))
    }

    @Test func afterASignOffTheCursorMovesToTheNextItemWaiting() {
        var s = WizardState(plan: Self.plan, now: Fixtures.t0)
        s.operatorName = "Aysel"
        s.screens = [.start, .checklist("pre")]
        #expect(
            Fixtures.press(&s, .char(" ")).first
                == .send(
                    .signOff(
                        step: "pre.a", operatorName: "Aysel",
                        evidence:
                            "Backup strategy approved - The team agreed where backups go and how long they are kept.")))
        Self.signed(&s, "pre.a", seq: 1)
        #expect(s.selected == 2, "on to the next manual item waiting")
    }

    /// On a phase screen, the next item is one the core waits for now; with none, the cursor
    /// goes back to following the running work (not to a sign-off far ahead).
    @Test func onAPhaseScreenTheCursorGoesToTheNextWaitOrFollowsTheWork() {
        let plan = Plan(stages: [
            Stage(
                id: "p", title: "Phase 1", kind: .phase,
                steps: [
                    Step(id: "p.a", title: "First agreed", kind: .signoff),
                    Step(id: "p.b", title: "Second agreed", kind: .signoff),
                    Step(id: "p.backup", title: "Full backup", kind: .backup),
                    Step(id: "p.review", title: "Report reviewed", kind: .signoff),
                ])
        ])
        var s = WizardState(plan: plan, now: Fixtures.t0)
        s.operatorName = "Aysel"
        s.screens = [.start, .phase("p")]
        var seq = 0
        func feed(_ e: MigrationEvent) {
            seq += 1
            _ = s.handle(.event(EventRecord(seq: seq, at: Fixtures.t0, event: e)))
        }
        feed(.signOffRequested(step: "p.a"))
        feed(.signOffRequested(step: "p.b"))
        feed(.signedOff(SignOff(stepID: "p.a", operatorName: "Aysel", at: Fixtures.t0)))
        #expect(s.selected == 1 && s.message == "Signed: First agreed. Next waiting: Second agreed.")
        feed(.signedOff(SignOff(stepID: "p.b", operatorName: "Aysel", at: Fixtures.t0)))
        feed(.stepStarted(step: "p.backup", attempt: 1))
        #expect(s.follow && s.selected == 2, "\(s.selected)")
    }

    @Test func theFocusedItemsExplanationIsOnScreen() {
        var s = WizardState(plan: Self.plan, now: Fixtures.t0)
        s.screens = [.start, .checklist("pre")]
        var text = renderOnGridTerminal(s, rows: 24, cols: 80).snapshot()
        #expect(text.contains("The team agreed where backups go"), "\(text)")
        _ = Fixtures.press(&s, .end)
        text = renderOnGridTerminal(s, rows: 24, cols: 80).snapshot()
        #expect(text.contains("The window and who is on call are agreed."))
    }

    /// Kept per work directory: a resumed wizard does not ask again, so keys typed at once are
    /// never taken as a name; `w` changes it (prefilled).
    @Test func theOperatorNameIsKeptAndCanBeChanged() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("op-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = OperatorFile.url(workDir: dir.path)
        #expect(OperatorFile.load(url) == nil)
        OperatorFile.save("Aysel Mammadova", to: url)
        #expect(OperatorFile.load(url) == "Aysel Mammadova")
        try Data("p\n".utf8).write(to: url)
        #expect(OperatorFile.load(url) == nil, "a stray key is not a name")

        var s = WizardState(plan: Self.plan, now: Fixtures.t0)
        s.operatorName = "Aysel"
        s.screens = [.start, .checklist("pre")]
        #expect(renderOnGridTerminal(s, rows: 24, cols: 80).snapshot().contains("Operator: Aysel (w changes)"))
        _ = Fixtures.press(&s, .char("w"))
        guard case .text(let t)? = s.dialog else {
            Issue.record("no name dialog")
            return
        }
        #expect(t.text == "Aysel")
        _ = Fixtures.press(&s, .ctrl("u"))
        _ = Fixtures.type(&s, "Kamran")
        #expect(Fixtures.press(&s, .enter) == [.saveOperator("Kamran")])
        #expect(s.operatorName == "Kamran" && s.dialog == nil)
    }

    @Test func spaceSignsAndTheHelpSaysSo() {
        var s = Fixtures.state()
        s.screens = [.start, .help(.checklist)]
        let text = renderOnGridTerminal(s, rows: 60, cols: 120).snapshot()
        #expect(text.contains("Enter/Space"), "\(text)")
        #expect(KeyTable.action(for: .char(" "), on: .checklist) == .act)
    }
}
