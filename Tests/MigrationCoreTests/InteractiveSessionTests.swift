import Foundation
import Testing
@testable import MigrationCore

/// The session as the wizard drives it: commands in, events out (no database involved).
@Suite struct InteractiveSessionTests {
    func session(_ dir: URL, _ ran: StringLog) throws -> MigrationSession {
        var config = MigrationConfig(source: "host=/nowhere dbname=fixture")
        config.workDir = dir.path
        var registry = SessionFixture.registry(ran)
        registry.register(.signoff, SignoffExecutor(operatorName: nil))
        return try MigrationSession(
            plan: try Fixture.goodPlan(), config: config, assets: Fixture.assets("good"),
            registry: registry, options: SessionOptions(interactive: true), workDir: dir)
    }

    /// Waits for the first event matching `match` on a subscription.
    func waitFor(_ stream: AsyncStream<EventRecord>, _ match: (MigrationEvent) -> Bool) async -> Bool {
        for await r in stream where match(r.event) { return true }
        return false
    }

    @Test func stageRunWaitsForTheOperatorsSignOff() async throws {
        let ran = StringLog()
        let s = try session(Fixture.tempDir(), ran)
        let events = s.subscribe()
        await s.send(.runStage("list"))
        let waiting = await waitFor(events) {
            if case .log(let st, _, let m) = $0 { return st == "list.sign" && m.contains("waiting") }
            return false
        }
        #expect(waiting)
        await s.send(.signOff(step: "list.sign", operatorName: "", evidence: nil))
        await s.send(.signOff(step: "list.sign", operatorName: "Ann", evidence: "screen text"))
        await s.waitIdle()
        let state = await s.runState
        #expect(state.step("list.sign").status == .signed)
        #expect(state.step("list.sign").signOff?.evidence == "screen text")
        #expect(state.step("list.sign").signOff?.nonInteractive == false)
        #expect(state.stageStatus["list"] == .passed)
        #expect(state.logTail.contains { $0.message.contains("refused: an operator name is required") })
        #expect(ran.values == ["list.version"])
        await s.close()
    }

    /// What the wizard reacts to comes as typed events, never as log text to parse.
    @Test func waitsAndRefusalsAreTypedEvents() async throws {
        let ran = StringLog()
        let dir = Fixture.tempDir()
        let s = try session(dir, ran)
        let events = s.subscribe()
        await s.send(.runStage("list"))
        #expect(
            await waitFor(events) {
                if case .signOffRequested("list.sign") = $0 { return true }
                return false
            })
        await s.send(.signOff(step: "list.sign", operatorName: "", evidence: nil))
        await s.send(.undoSignOff(step: "list.version"))
        await s.send(.cancel)
        await s.waitIdle()
        await s.close()
        let journal = Journal.read(workDir: dir).map(\.event)
        let refusals = journal.compactMap { e -> String? in
            if case .commandRefused(_, let reason, _) = e { return reason }
            return nil
        }
        #expect(refusals == ["needs-operator", "not-signed"])
        #expect(
            journal.contains {
                if case .signOffRequested("list.sign") = $0 { return true }
                return false
            })
    }

    @Test func gateBlocksUntilOverriddenWithAReason() async throws {
        let ran = StringLog()
        let s = try session(Fixture.tempDir(), ran)
        await s.send(.runStage("alpha"))
        await s.waitIdle()
        var state = await s.runState
        #expect(state.blocked["alpha"] == ["list.version", "list.sign"])
        #expect(ran.values.isEmpty)
        await s.send(.overrideGate(stage: "alpha", reason: "  ", operatorName: "Ann"))
        state = await s.runState
        #expect(state.overrides["alpha"] == nil)
        #expect(state.logTail.last?.message.contains("needs a typed reason") == true)
        await s.send(.overrideGate(stage: "alpha", reason: "rehearsal on a copy", operatorName: "Ann"))
        await s.send(.runStage("alpha"))
        await s.waitIdle()
        state = await s.runState
        #expect(state.overrides["alpha"] == "rehearsal on a copy")
        #expect(ran.values == ["alpha.create", "alpha.check", "alpha.validate"])
        await s.close()
        let journal = Journal.read(workDir: URL(fileURLWithPath: s.journalURL.deletingLastPathComponent().path))
        #expect(
            journal.contains {
                $0.event == .gateOverridden(stage: "alpha", reason: "rehearsal on a copy", operatorName: "Ann")
            })
    }

    /// Withdrawing a sign-off is on the record (log, journal), naming the item and who signed.
    @Test func undoingASignOffIsLogged() async throws {
        let s = try session(Fixture.tempDir(), StringLog())
        await s.send(.signOff(step: "list.sign", operatorName: "Ann", evidence: nil))
        await s.send(.undoSignOff(step: "list.sign"))
        let line = await s.runState.logTail.last {
            $0.step == "list.sign" && $0.message.hasPrefix("sign-off withdrawn: ")
        }
        #expect(line?.level == .notice)
        #expect(line?.message.contains("(signed by Ann)") == true, "\(String(describing: line))")
        await s.close()
        let journal = Journal.read(workDir: URL(fileURLWithPath: s.journalURL.deletingLastPathComponent().path))
        #expect(
            journal.contains {
                if case .log("list.sign"?, .notice, let m) = $0.event {
                    m.hasPrefix("sign-off withdrawn")
                } else {
                    false
                }
            })
    }

    @Test func undoIsRefusedOnceADependentStageStarted() async throws {
        let ran = StringLog()
        let s = try session(Fixture.tempDir(), ran)
        await s.send(.signOff(step: "list.sign", operatorName: "Ann", evidence: nil))
        await s.send(.undoSignOff(step: "list.sign"))
        #expect(await s.runState.step("list.sign").status == .pending)
        await s.send(.signOff(step: "list.sign", operatorName: "Ann", evidence: nil))
        await s.send(.runStep("list.version"))
        await s.waitIdle()
        await s.send(.runStep("alpha.create"))
        await s.waitIdle()
        await s.send(.undoSignOff(step: "list.sign"))
        let state = await s.runState
        #expect(state.step("list.sign").status == .signed)
        #expect(state.logTail.last?.message.contains("already started") == true)
        await s.close()
    }

    @Test func cancelEndsAWaitForSignOff() async throws {
        let ran = StringLog()
        let s = try session(Fixture.tempDir(), ran)
        let events = s.subscribe()
        await s.send(.runStage("list"))
        _ = await waitFor(events) {
            if case .log(let st, _, let m) = $0 { return st == "list.sign" && m.contains("waiting") }
            return false
        }
        await s.send(.cancel)
        await s.waitIdle()
        #expect(await s.runState.step("list.sign").status == .pending)
        await s.send(.runStage("list"))  // the session is free again
        _ = await waitFor(events) {
            if case .log(let st, _, let m) = $0 { return st == "list.sign" && m.contains("waiting") }
            return false
        }
        await s.send(.signOff(step: "list.sign", operatorName: "Ann", evidence: nil))
        await s.waitIdle()
        #expect(await s.runState.stageStatus["list"] == .passed)
        await s.close()
    }
}
