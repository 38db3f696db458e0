import Foundation
import MigrationCore
import Testing
import Wizard

@Suite struct AppLoopTests {
    /// Polls (not a timing assertion): waits up to 10 s for a condition.
    func eventually(_ cond: () -> Bool) async -> Bool {
        for _ in 0..<500 {
            if cond() { return true }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return cond()
    }

    @Test func runsOnAGridTerminalSendsCommandsAndQuits() async {
        let control = ScriptedControl(records: Fixtures.records(Array(Fixtures.events.prefix(9))))
        let term = GridTerminal(rows: 30, cols: 100)
        let app = WizardApp(options: WizardOptions(ascii: true, info: StartInfo(source: "dbname=edu")))
        let task = Task { await app.run(control: control, terminal: term, glyphs: .ascii) }
        #expect(await eventually { term.snapshot().contains("PostgreSQL 15.18") })
        term.feed([.enter, .char("r")])
        #expect(await eventually { control.sent == [.runStage("preparation")] })
        term.feed([.char("q")])
        await task.value
        #expect(term.frames >= 2)
    }
}
