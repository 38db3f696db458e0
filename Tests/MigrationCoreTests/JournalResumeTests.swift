import Foundation
import Testing
@testable import MigrationCore

@Suite struct JournalResumeTests {
    /// A complete run's journal, as lines.
    func fullJournal() async throws -> [Data] {
        let dir = Fixture.tempDir()
        let ran = StringLog()
        let s = try SessionFixture.session(dir, ran)
        _ = await s.run(through: nil)
        await s.close()
        let data = try Data(contentsOf: dir.appendingPathComponent("journal.jsonl"))
        return data.split(separator: 0x0A).map { Data($0) }
    }

    /// Steps a prefix of the journal shows as done, computed from the raw lines (not RunState).
    func doneSteps(_ lines: [Data]) -> Set<String> {
        var done = Set<String>()
        for l in lines {
            guard let r = try? Journal.decoder.decode(EventRecord.self, from: l) else { continue }
            switch r.event {
            case .stepFinished(let s, let o, _) where o == .passed || o == .warned: done.insert(s)
            case .signedOff(let so): done.insert(so.stepID)
            default: break
            }
        }
        return done
    }

    /// Crash after every journal line and in the middle of every line: the resumed run executes
    /// exactly the steps not done, in order, never re-running a done one; a step cut mid-way is
    /// reported as interrupted and re-run from its start.
    @Test func resumeAfterACrashAtEveryPoint() async throws {
        let lines = try await fullJournal()
        #expect(lines.count > 20)
        for cut in 0...lines.count {
            for torn in [false, true] where !(torn && cut == lines.count) {
                let dir = Fixture.tempDir("resume")
                var text = Data(lines.prefix(cut).map { $0 + [0x0A] }.joined())
                if torn { text.append(lines[cut].prefix(lines[cut].count / 2)) }
                try text.write(to: dir.appendingPathComponent("journal.jsonl"))
                let done = doneSteps(Array(lines.prefix(cut)))
                let expected = SessionFixture.order.filter { !done.contains($0) }
                let ran = StringLog()
                let s = try SessionFixture.session(dir, ran)
                let before = await s.runState
                let interrupted = before.runningStep.flatMap { before.step($0).status == .running ? $0 : nil }
                let v = await s.run(through: nil)
                await s.close()
                #expect(v.outcome == .passed, "cut \(cut) torn \(torn): \(v.reason ?? "")")
                #expect(v.ran == expected, "cut \(cut) torn \(torn)")
                #expect(ran.values == expected.filter { !$0.hasSuffix(".sign") }, "cut \(cut) torn \(torn)")
                if let interrupted {
                    #expect(expected.first == interrupted, "cut \(cut): interrupted step must be re-run first")
                    let log = try String(contentsOf: s.logURL, encoding: .utf8)
                    #expect(log.contains("\(interrupted): step was interrupted"))
                }
            }
        }
    }

    @Test func journalKeepsSignOffsWithOperatorTimeAndEvidence() async throws {
        let dir = Fixture.tempDir()
        let ran = StringLog()
        let s = try SessionFixture.session(dir, ran)
        _ = await s.run(through: "list")
        await s.close()
        let records = Journal.read(workDir: dir)
        let so = records.compactMap { r -> SignOff? in
            if case .signedOff(let s) = r.event { return s }
            return nil
        }
        #expect(so.count == 1)
        #expect(so.first?.stepID == "list.sign")
        #expect(so.first?.operatorName == "ann")
        #expect(so.first?.evidence == "Somebody agreed")
        #expect(records.map(\.seq) == records.map(\.seq).sorted())
        #expect(
            !records.contains {
                if case .progress = $0.event { return true }
                return false
            })
    }

    @Test func artifactsRoundTripAndRejectUnsafeNames() throws {
        let store = ArtifactStore(workDir: Fixture.tempDir())
        try store.save("pre_migration_counts", Data("[1]".utf8))
        #expect(store.load("pre_migration_counts") == Data("[1]".utf8))
        #expect(store.load("missing") == nil)
        #expect(throws: StepFailure.self) { try store.save("../escape", Data()) }
    }
}
