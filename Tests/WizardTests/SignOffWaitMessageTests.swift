import Foundation
import MigrationCore
import Testing
import Wizard

/// The status line's "Waiting for your sign-off" lasts only as long as the core waits: it must not
/// come back from the journal on a resume (found by the demo end-to-end test).
@Suite struct SignOffWaitMessageTests {
    func replay(_ events: [MigrationEvent]) -> WizardState {
        var s = WizardState(plan: Fixtures.plan, size: TermSize(rows: 30, cols: 100), now: Fixtures.t0)
        for (i, e) in events.enumerated() { _ = s.handle(.event(EventRecord(seq: i + 1, at: Fixtures.t0, event: e))) }
        return s
    }

    let waiting = MigrationEvent.signOffRequested(step: "pre.window")

    @Test func shownWhileTheCoreWaits() {
        #expect(replay([waiting]).message?.hasPrefix("Waiting for your sign-off: Maintenance window agreed") == true)
    }

    @Test func clearedByTheAwaitedSignOffButNotByAnother() {
        let other = replay([
            waiting, .signedOff(SignOff(stepID: "pre.backup-strategy", operatorName: "A", at: Fixtures.t0)),
        ])
        #expect(other.message?.hasPrefix("Waiting for your sign-off") == true)
        let answered = replay([waiting, .signedOff(SignOff(stepID: "pre.window", operatorName: "A", at: Fixtures.t0))])
        #expect(answered.message == nil)
    }

    @Test func clearedWhenTheRunEndsWithoutIt() {
        #expect(replay([waiting, .runFinished(outcome: .cancelled, reason: "quit")]).message == nil)
    }
}
