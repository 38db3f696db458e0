import MigrationCore
import Testing

@Suite struct SwapMachineTests {
    let swap = DatabaseSwap(live: "edu", retireAs: "edu_legacy", incoming: "edu_new")

    /// Applies an action to a simulated catalogue, as the server would.
    private func apply(_ a: SwapAction, to s: inout DatabaseSnapshot) {
        switch a {
        case .blockConnections(let d): s.blocked.formUnion(d)
        case .allowConnections(let d): s.blocked.subtract(d)
        case .rename(let from, let to):
            s.existing.remove(from)
            s.existing.insert(to)
            if s.blocked.remove(from) != nil { s.blocked.insert(to) }
        default: break
        }
    }

    /// Runs a machine to the end, returning the actions taken.
    private func drive(_ s: inout DatabaseSnapshot, limit: Int = 20) -> [SwapAction] {
        var m = SwapMachine(swap: swap)
        var actions: [SwapAction] = []
        for _ in 0..<limit {
            let a = m.next(s)
            actions.append(a)
            if a == .finished { break }
            if case .inconsistent = a { break }
            apply(a, to: &s)
            m.performed(a)
        }
        return actions
    }

    @Test func freshCutoverBlocksTerminatesRenamesAndReopens() {
        var s = DatabaseSnapshot(existing: ["edu", "edu_new", "postgres"])
        let actions = drive(&s)
        #expect(
            actions == [
                .blockConnections(["edu", "edu_new"]),
                .terminateSessions(["edu", "edu_new"]),
                .rename(from: "edu", to: "edu_legacy"),
                .rename(from: "edu_new", to: "edu"),
                .allowConnections(["edu", "edu_legacy"]),
                .finished,
            ])
        #expect(s.existing == ["edu", "edu_legacy", "postgres"])
        #expect(s.blocked.isEmpty)
    }

    @Test func resumeAfterCrashBetweenRenamesTerminatesAgainThenFinishes() {
        // Crash after the first rename: flags persisted in pg_database, our memory did not.
        var s = DatabaseSnapshot(existing: ["edu_legacy", "edu_new"], blocked: ["edu_legacy", "edu_new"])
        #expect(SwapMachine(swap: swap).progress(s) == .liveRetired)
        let actions = drive(&s)
        #expect(
            actions == [
                .terminateSessions(["edu_new", "edu_legacy"]),
                .rename(from: "edu_new", to: "edu"),
                .allowConnections(["edu", "edu_legacy"]),
                .finished,
            ])
    }

    @Test func resumeAfterCrashBeforeReopeningOnlyReopens() {
        var s = DatabaseSnapshot(existing: ["edu", "edu_legacy"], blocked: ["edu"])
        #expect(drive(&s) == [.allowConnections(["edu"]), .finished])
    }

    @Test func rerunAfterCompletionDoesNothing() {
        var s = DatabaseSnapshot(existing: ["edu", "edu_legacy"])
        #expect(drive(&s) == [.finished])
    }

    @Test func crashAfterBlockingStillTerminatesBeforeRenaming() {
        var s = DatabaseSnapshot(existing: ["edu", "edu_new"], blocked: ["edu"])
        #expect(
            drive(&s).prefix(3) == [
                .blockConnections(["edu_new"]), .terminateSessions(["edu", "edu_new"]),
                .rename(from: "edu", to: "edu_legacy"),
            ])
    }

    @Test func namesNoSwapProducesAreInconsistent() {
        let m = SwapMachine(swap: swap)
        guard case .inconsistent(let why) = m.next(DatabaseSnapshot(existing: ["edu", "edu_new", "edu_legacy"])) else {
            Issue.record("expected inconsistent")
            return
        }
        #expect(why.contains("edu_legacy already exists"))
        guard case .inconsistent = m.next(DatabaseSnapshot(existing: ["edu_new"])) else {
            Issue.record("expected inconsistent")
            return
        }
    }

    @Test func fastRollbackIsTheSameMachineReversed() {
        let back = DatabaseSwap(live: "edu", retireAs: "edu_new", incoming: "edu_legacy")
        var m = SwapMachine(swap: back)
        var s = DatabaseSnapshot(existing: ["edu", "edu_legacy"])
        var renames: [SwapAction] = []
        while case let a = m.next(s), a != .finished {
            if case .rename = a { renames.append(a) }
            apply(a, to: &s)
            m.performed(a)
        }
        #expect(renames == [.rename(from: "edu", to: "edu_new"), .rename(from: "edu_legacy", to: "edu")])
        #expect(s.existing == ["edu", "edu_new"])
    }
}
